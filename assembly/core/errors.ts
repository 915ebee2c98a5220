// Error codes raised inside WASM. The SDK reads `error_code()` in its `abort`
// import and turns it into a typed EbmError; the message table mirrors
// sdk/runtime/errors.ts. Idea from AssemblyScript's std/assembly/util/error.ts.

export const E_NONE: i32 = 0;
export const E_OUT_OF_MEMORY: i32 = 1;
export const E_BAD_ARGUMENT: i32 = 2;
export const E_BAD_SHAPE: i32 = 3;
export const E_NOT_FINITE: i32 = 4;
export const E_BAD_POINTER: i32 = 5;

let lastCode: i32 = E_NONE;
let lastDetail: i32 = 0;

/** The code of the last `fail` (0 after a successful `clear_error`). */
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

/** Records the code and aborts the current call; the host throws EbmError. */
export function fail(code: i32, detail: i32 = 0): void {
  lastCode = code;
  lastDetail = detail;
  abort(messageOf(code));
}
