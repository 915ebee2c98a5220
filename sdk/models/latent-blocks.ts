// A LatentEBM training step in fixed blocks of rows: each block of
// LATENT_BLOCK rows of the minibatch gives its partial gradient (scaled by
// 1/batch) and its Σ F, the same call on the calling thread and on a worker
// (sdk/parallel/latent-fit.ts); the partial gradients are summed in a fixed
// pairwise tree over the block index ((g0 + g1) + (g2 + g3), …, f32 adds) and
// the Σ F in block order, so the step's bytes depend on the batch only, never
// on the threads that computed the blocks.
import { heapF32, kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';

/** Rows per block of a training step's minibatch. */
export const LATENT_BLOCK = 16;

/** Blocks of a minibatch of B rows. */
export const latentBlocks = (B: number): number => Math.ceil(B / LATENT_BLOCK);

export interface LatentData {
  /** X (N × xDim) and Y (N × yDim) in WASM memory. */
  X: number;
  Y: number;
  xDim: number;
  yDim: number;
}

/**
 * Partial gradients (f32[P] each, into `grads` at block j − first) and Σ F (into `totals`) of blocks
 * first … first + count − 1 of a minibatch whose rows are `idx` (B of them) in `data`.
 */
export function latentBlockGrads(handle: number, P: number, data: LatentData, idx: Int32Array, first: number, count: number, beta: number, grads: Float32Array, totals: Float64Array, where: string): void {
  const K = kernels(where);
  const B = idx.length;
  const scale = Math.fround(1 / B);
  withBlocks((take) => {
    const Xb = take(new WasmBlock(Math.max(16, LATENT_BLOCK * data.xDim * 4), where));
    const Yb = take(new WasmBlock(Math.max(16, LATENT_BLOCK * data.yDim * 4), where));
    const g = take(new WasmBlock(Math.max(16, P * 4), where));
    for (let j = 0; j < count; j++) {
      const r0 = (first + j) * LATENT_BLOCK;
      const rows = Math.min(LATENT_BLOCK, B - r0);
      const f32 = heapF32();
      for (let r = 0; r < rows; r++) {
        const i = idx[r0 + r]!;
        f32.copyWithin((Xb.ptr >>> 2) + r * data.xDim, (data.X >>> 2) + i * data.xDim, (data.X >>> 2) + (i + 1) * data.xDim);
        f32.copyWithin((Yb.ptr >>> 2) + r * data.yDim, (data.Y >>> 2) + i * data.yDim, (data.Y >>> 2) + (i + 1) * data.yDim);
      }
      totals[j] = K.latentParamGrad(handle, g.ptr, 0, scale, Xb.ptr, Yb.ptr, rows, beta, 0, 0);
      grads.set(g.f32(P), j * P);
    }
  });
}

/** Sums the nb partial gradients of `grads` (f32[nb × P]) into its first P values, in the fixed pairwise tree. */
export function reduceLatentBlocks(grads: Float32Array, nb: number, P: number): Float32Array {
  for (let stride = 1; stride < nb; stride <<= 1) {
    for (let i = 0; i + stride < nb; i += stride << 1) {
      const a = i * P;
      const b = (i + stride) * P;
      for (let t = 0; t < P; t++) grads[a + t] = Math.fround(grads[a + t]! + grads[b + t]!);
    }
  }
  return grads.subarray(0, P);
}
