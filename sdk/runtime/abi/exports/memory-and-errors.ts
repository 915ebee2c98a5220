// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "memory and errors" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** memory and errors */
export interface MemoryAndErrorsExports {
  /**
   * alloc(bytes) → ptr (16-aligned, zeroed)
   *
   * Allocates `bytes` (≥ 1) bytes, 16-byte aligned, zero-filled. Returns the offset.
   * (assembly/core/memory.ts: alloc(bytes: usize): usize)
   */
  alloc(bytes: number): number;
  /**
   * free(ptr): give back a block from alloc
   *
   * Releases a block from `alloc`. Freeing 0 is a no-op.
   * (assembly/core/memory.ts: free(ptr: usize): void)
   */
  free(ptr: number): void;
  /**
   * firstNonFinite(ptr f32[n], n) → index of the first NaN/±Inf, or -1
   *
   * Index of the first non-finite f32 in `ptr[0..n)`, or -1 when all are finite.
   * (assembly/core/memory.ts: firstNonFinite(ptr: usize, n: i32): i32)
   */
  firstNonFinite(ptr: number, n: number): number;
  /**
   * errorCode() → the E_* code of the last abort (core/errors.ts)
   *
   * The code of the last `fail` (E_NONE after `clearError`).
   * (assembly/core/errors.ts: errorCode(): i32)
   */
  errorCode(): number;
  /**
   * errorDetail() → which argument or where, for the last abort
   *
   * An integer that says where or which argument (kernel specific).
   * (assembly/core/errors.ts: errorDetail(): i32)
   */
  errorDetail(): number;
  /**
   * clearError(): code and detail back to 0
   * (assembly/core/errors.ts: clearError(): void)
   */
  clearError(): void;
}

/** The number of parameters of each export above. */
export const memoryAndErrorsArity = {
  alloc: 1,
  free: 1,
  firstNonFinite: 2,
  errorCode: 0,
  errorDetail: 0,
  clearError: 0,
} as const;

/** The exports above whose result is a usize or u32. */
export const memoryAndErrorsUnsigned = ['alloc'] as const;
