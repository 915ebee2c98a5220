// Raw buffers for the SDK: TLSF (the `minimal` runtime's allocator) hands out
// 16-byte aligned blocks and takes them back, so create/dispose cycles stay flat.

import { fail, E_OUT_OF_MEMORY, E_BAD_POINTER } from "./errors";

// TLSF's largest block is just under 1 GiB; a request above that would trap.
const MAX_BLOCK: usize = (1 << 30) - 64;

/** Allocates `bytes` (≥ 1) bytes, 16-byte aligned, zero-filled. Returns the offset. */
export function alloc(bytes: usize): usize {
  if (bytes == 0) bytes = 16;
  if (bytes > MAX_BLOCK) fail(E_OUT_OF_MEMORY, <i32>(bytes >>> 20));
  const ptr = heap.alloc(bytes);
  if ((ptr & 15) != 0) fail(E_BAD_POINTER, <i32>ptr);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

/** Releases a block from `alloc`. Freeing 0 is a no-op. */
export function free(ptr: usize): void {
  if (ptr == 0) return;
  heap.free(ptr);
}

/** Index of the first non-finite f32 in `ptr[0..n)`, or -1 when all are finite. */
export function firstNonFinite(ptr: usize, n: i32): i32 {
  // x - x is 0 for finite x and NaN for ±Inf and NaN; test four lanes at a time.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(ptr + (<usize>i << 2));
    const z = f32x4.sub(v, v);
    if (!i32x4.all_true(f32x4.eq(z, z))) break;
  }
  for (; i < n; i++) {
    const x = load<f32>(ptr + (<usize>i << 2));
    if (!isFinite<f32>(x)) return i;
  }
  return -1;
}
