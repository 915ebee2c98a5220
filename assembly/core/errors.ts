// Error codes raised inside WASM. `fail` records a code and aborts with its
// message (the one table of messages, `messageOf` below); the SDK's `abort`
// import reads `errorCode()` and throws a typed EbmError carrying that message.
// Idea from AssemblyScript's std/assembly/util/error.ts.

/** No error. */
export const E_NONE: i32 = 0;
/** The allocator cannot grow memory for the request (the SDK's OUT_OF_MEMORY). */
export const E_OUT_OF_MEMORY: i32 = 1;
/** A count, size or setting is outside what the kernel accepts; the detail names which. */
export const E_BAD_ARGUMENT: i32 = 2;
/** Sizes that do not fit each other. */
export const E_BAD_SHAPE: i32 = 3;
/** A NaN or infinity where the kernel needs finite values. */
export const E_NOT_FINITE: i32 = 4;
/** A pointer not 16-byte aligned or outside memory. */
export const E_BAD_POINTER: i32 = 5;

let lastCode: i32 = E_NONE;
let lastDetail: i32 = 0;

/** The code of the last `fail` (E_NONE after `clearError`). */
export function errorCode(): i32 {
  return lastCode;
}

/** An integer that says where or which argument (kernel specific). */
export function errorDetail(): i32 {
  return lastDetail;
}

export function clearError(): void {
  lastCode = E_NONE;
  lastDetail = 0;
}

function messageOf(code: i32): string {
  switch (code) {
    case E_OUT_OF_MEMORY: return "out of memory";
    case E_BAD_ARGUMENT: return "argument out of range";
    case E_BAD_SHAPE: return "inconsistent shapes";
    case E_NOT_FINITE: return "non-finite value";
    case E_BAD_POINTER: return "pointer not 16-byte aligned or outside memory";
  }
  return "unknown error";
}

/**
 * Records OUT_OF_MEMORY before a call into the allocator and `disarm` clears it
 * after: when memory cannot grow, TLSF traps with `unreachable` (it has
 * changed nothing yet), and the SDK reads this code to report that trap as
 * OUT_OF_MEMORY instead of a bare trap.
 */
export function armOutOfMemory(detail: i32): void {
  lastCode = E_OUT_OF_MEMORY;
  lastDetail = detail;
}

export function disarm(): void {
  lastCode = E_NONE;
  lastDetail = 0;
}

/** Records the code and aborts the current call; the host throws EbmError. */
export function fail(code: i32, detail: i32 = 0): void {
  lastCode = code;
  lastDetail = detail;
  abort(messageOf(code));
}
