// LatentEBM inference on a worker: the model comes as its file (once per
// worker and call) and the worker's rows (whole blocks, packed); latentFree
// finds each row's free energy and minimizing z from that row alone (the
// candidates, the grid and the descent are per row), so the bytes are the
// calling thread's.
import { kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { LatentEBM } from '../models/latent.js';
import { LEARNABLE } from '../models/learnable.js';

export interface LatentFreeArgs {
  /** The model's file (LatentEBM.toBytes). */
  file: Uint8Array;
  /** The rows, packed: X (rows × xDim) and Y (rows × yDim). */
  X: Float32Array;
  Y: Float32Array;
  rows: number;
  /** 0: F∞ (β = ∞), else F_β. */
  beta: number;
  /** Also the minimizing z of every row. */
  wantZ: boolean;
}

export function latentFreeRows(a: LatentFreeArgs): { E: Float32Array; Z: Float32Array | null } {
  const where = 'LatentEBM (worker)';
  const model = LatentEBM.fromBytes(a.file);
  try {
    const K = kernels(where);
    const h = model[LEARNABLE](where);
    const e = model.latent.dim;
    return withBlocks((take) => {
      const X = take(new WasmBlock(Math.max(16, a.X.length * 4), where));
      const Y = take(new WasmBlock(Math.max(16, a.Y.length * 4), where));
      const E = take(new WasmBlock(Math.max(16, a.rows * 4), where));
      const Z = a.wantZ ? take(new WasmBlock(Math.max(16, a.rows * e * 4), where)) : null;
      X.f32(a.X.length).set(a.X);
      Y.f32(a.Y.length).set(a.Y);
      K.latentFree(h, E.ptr, Z ? Z.ptr : 0, X.ptr, Y.ptr, a.rows, a.beta);
      return { E: E.f32(a.rows).slice(), Z: Z ? Z.f32(a.rows * e).slice() : null };
    });
  } finally {
    model.dispose();
  }
}
