// Raw buffers for the SDK: TLSF (the `minimal` runtime's allocator) hands out
// 16-byte aligned blocks and takes them back, so create/dispose cycles stay flat.

import { fail, armOutOfMemory, disarm, E_OUT_OF_MEMORY, E_BAD_POINTER } from "./errors";

/**
 * The largest block alloc hands out, in bytes. TLSF's largest block is just
 * under 1 GiB (BLOCK_MAXSIZE = 2^30 minus its header); a request above that
 * would trap. The SDK refuses larger requests before they cross the ABI.
 */
export const MAX_BLOCK_BYTES: u32 = (1 << 30) - 64;

/**
 * Allocates `bytes` (a 64-bit count, so a product of user counts cannot wrap
 * to a small size), 16-byte aligned, contents undefined. Fails with
 * E_OUT_OF_MEMORY (detail: the request in MiB) above MAX_BLOCK_BYTES or when
 * memory cannot grow; every kernel allocates through here.
 */
export function allocBytes(bytes: u64): usize {
  if (bytes == 0) bytes = 16;
  if (bytes > <u64>MAX_BLOCK_BYTES) fail(E_OUT_OF_MEMORY, <i32>min<u64>(bytes >> 20, <u64>i32.MAX_VALUE));
  armOutOfMemory(<i32>(bytes >> 20));
  const ptr = heap.alloc(<usize>bytes);
  disarm();
  if ((ptr & 15) != 0) fail(E_BAD_POINTER, <i32>ptr);
  return ptr;
}

/** Allocates `bytes` (≥ 1) bytes, 16-byte aligned, zero-filled. Returns the offset. */
export function alloc(bytes: usize): usize {
  if (bytes == 0) bytes = 16;
  const ptr = allocBytes(<u64>bytes);
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
