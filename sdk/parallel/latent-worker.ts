// LatentEBM inference on a worker: the model comes as its file (once per
// worker and call) and the worker's rows (whole blocks, packed); latentFree
// finds each row's free energy and minimizing z from that row alone (the
// candidates, the grid and the descent are per row), so the bytes are the
// calling thread's.
import { EbmError } from '../errors.js';
import { kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { LatentEBM } from '../models/latent.js';
import { LEARNABLE } from '../models/learnable.js';
import { latentBlockGrads } from '../models/latent-blocks.js';

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

// ---- LatentEBM.fit: the data once per worker and fit, the parameters every step ----------------


interface HeldFit {
  model: LatentEBM;
  X: WasmBlock;
  Y: WasmBlock;
}

// fits under way in this worker, by key (a shared pool may serve several at once)
const fits = new Map<string, HeldFit>();
const FIT_WHERE = 'LatentEBM.fit (worker)';

export function latentFitLoad(a: { key: string; file: Uint8Array; X: Float32Array; Y: Float32Array }): null {
  latentFitFree({ key: a.key });
  const model = LatentEBM.fromBytes(a.file);
  const made: WasmBlock[] = [];
  try {
    const X = new WasmBlock(Math.max(16, a.X.length * 4), FIT_WHERE);
    made.push(X);
    const Y = new WasmBlock(Math.max(16, a.Y.length * 4), FIT_WHERE);
    made.push(Y);
    X.f32(a.X.length).set(a.X);
    Y.f32(a.Y.length).set(a.Y);
    fits.set(a.key, { model, X, Y });
  } catch (e) {
    made.forEach((b) => b.free());
    model.dispose();
    throw e;
  }
  return null;
}

export interface LatentFitBlocksArgs {
  key: string;
  /** θ of this step. */
  params: Float32Array;
  /** The minibatch's rows (indices into X and Y). */
  idx: Int32Array;
  first: number;
  count: number;
  beta: number;
}

/** Blocks first … first + count − 1 of a step: their partial gradients and Σ F. */
export function latentFitBlocks(a: LatentFitBlocksArgs): { grads: Float32Array; totals: Float64Array } {
  const h = fits.get(a.key);
  if (!h) throw new EbmError('WORKER_FAILED', `${FIT_WHERE}: this worker does not hold the data of this fit (it was replaced)`);
  h.model.setParams(a.params);
  const P = h.model.numParams;
  const grads = new Float32Array(a.count * P);
  const totals = new Float64Array(a.count);
  const data = { X: h.X.ptr, Y: h.Y.ptr, xDim: h.model.xDim, yDim: h.model.yDim };
  latentBlockGrads(h.model[LEARNABLE](FIT_WHERE), P, data, a.idx, a.first, a.count, a.beta, grads, totals, FIT_WHERE);
  return { grads, totals };
}

export function latentFitFree(a: { key: string }): null {
  const h = fits.get(a.key);
  if (h) {
    fits.delete(a.key);
    h.X.free();
    h.Y.free();
    h.model.dispose();
  }
  return null;
}
