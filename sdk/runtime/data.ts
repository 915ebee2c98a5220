// Moving user data into linear memory, with the finiteness check done in WASM.
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { heapF32, kernels } from './core.js';
import { blockFromF32, type WasmBlock } from './memory.js';

/** Copies a matrix into a new block; throws NOT_FINITE naming the first bad entry. The caller frees it. */
export function matrixBlock(m: Matrix, where: string): WasmBlock {
  const b = blockFromF32(m.data, where);
  try {
    checkFinite(m, b.ptr, where);
  } catch (e) {
    b.free();
    throw e;
  }
  return b;
}

/** Copies a matrix's values to `ptr` in linear memory; throws NOT_FINITE naming the first bad entry. */
export function writeMatrix(m: Matrix, ptr: number, where: string): void {
  heapF32().set(m.data, ptr >>> 2);
  checkFinite(m, ptr, where);
}

function checkFinite(m: Matrix, ptr: number, where: string): void {
  const bad = kernels(where).firstNonFinite(ptr, m.data.length);
  if (bad >= 0) {
    const v = m.data[bad]!;
    const at = m.cols > 0 ? `[${Math.floor(bad / m.cols)}][${bad % m.cols}]` : `[${bad}]`;
    throw new ArgumentError(`${where}${at} is ${v}: every value must be finite`, 'NOT_FINITE');
  }
}
