// The one checked size arithmetic: byte counts of WASM blocks are computed in
// f64 (exact for every integer up to 2^53) and refused before they cross the
// ABI, where an argument is taken modulo 2^32 and a product of large counts
// would arrive as a small size.
import { EbmError } from '../errors.js';
import { MAX_BLOCK_BYTES } from './abi.js';

export { MAX_BLOCK_BYTES };

/** Bytes of an f32 element. */
export const F32 = 4;

function mib(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * Checks a byte count for one block: a non-negative safe integer of at most
 * MAX_BLOCK_BYTES (just under 1 GiB, the allocator's largest block). Larger
 * requests throw OUT_OF_MEMORY naming `where` and the size; a count that is
 * not an integer at all is a bug in the caller's arithmetic (INVALID_ARGUMENT).
 */
export function checkBlockBytes(bytes: number, where = 'this call'): number {
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0) {
    throw new EbmError('INVALID_ARGUMENT', `${where}: a block of ${String(bytes)} bytes was requested; expected a non-negative integer`);
  }
  if (bytes > MAX_BLOCK_BYTES) {
    throw new EbmError(
      'OUT_OF_MEMORY',
      `${where}: needs one block of ${mib(bytes)}, more than the ${mib(MAX_BLOCK_BYTES)} a block of ebm.wasm's 32-bit memory can hold; use smaller batches or sizes`,
    );
  }
  return bytes;
}

/**
 * bytes = counts[0]·counts[1]·…·elemBytes, computed in f64 and checked by
 * checkBlockBytes. Use it for every size that multiplies caller-given counts.
 */
export function blockBytes(where: string, elemBytes: number, ...counts: number[]): number {
  let bytes = elemBytes;
  for (const c of counts) bytes *= c;
  return checkBlockBytes(bytes, where);
}
