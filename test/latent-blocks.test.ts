// A LatentEBM training step in blocks of 16 rows (sdk/models/latent-blocks.ts):
// one block is exactly the old one-call step (latentTrainBatch over the same
// rows), each block of a larger batch is the one-call step of its own rows
// (rescaled by a power of two), a run of blocks computed apart gives the same
// partials, and the blocks are summed in the fixed tree ((g0 + g1) + (g2 + g3)) + g4.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { LatentEBM, datasets } from '../sdk/index.node.js';
import { heapF32, heapI32, kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { LEARNABLE } from '../sdk/models/learnable.js';
import { LATENT_BLOCK, latentBlockGrads, latentBlocks, reduceLatentBlocks } from '../sdk/models/latent-blocks.js';

beforeAll(setup);
const SEED = testSeed(3535);

/** The old kernel's step over rows idx (gradient scaled by 1/idx.length), and Σ F. */
function oneCall(m: InstanceType<typeof LatentEBM>, X: number, Y: number, idx: Int32Array, beta: number): { g: Float32Array; total: number } {
  const K = kernels();
  const ib = new WasmBlock(Math.max(16, idx.length * 4));
  const gb = new WasmBlock(m.numParams * 4);
  try {
    heapI32().set(idx, ib.ptr >>> 2);
    const total = K.latentTrainBatch(m[LEARNABLE]('test'), X, Y, ib.ptr, idx.length, gb.ptr, beta);
    return { g: gb.f32(m.numParams).slice(), total };
  } finally {
    ib.free();
    gb.free();
  }
}

describe('LatentEBM steps in blocks', () => {
  for (const [name, latent, beta] of [
    ['discrete z, F∞', { kind: 'discrete', size: 5, dim: 3 }, 0],
    ['continuous z, F_β', { kind: 'continuous', dim: 1, grid: 9 }, 3],
    ['continuous z, F∞ (descent)', { kind: 'continuous', dim: 2, grid: 5 }, 0],
  ] as const) {
    it(`${name}: one block is the one-call step; five blocks are the tree of the blocks' one-call gradients`, () => {
      const m = new LatentEBM({ xDim: 1, yDim: 2, latent, hidden: [12], seed: SEED, inference: { steps: 5 } });
      const { X, Y } = datasets.horn({ n: 90, seed: SEED });
      const xb = new WasmBlock(X.rows * 4);
      const yb = new WasmBlock(Y.rows * 8);
      try {
        heapF32().set(X.data, xb.ptr >>> 2);
        heapF32().set(Y.data, yb.ptr >>> 2);
        const data = { X: xb.ptr, Y: yb.ptr, xDim: 1, yDim: 2 };
        const P = m.numParams;
        const h = m[LEARNABLE]('test');
        // a batch of 11 rows: one block, scaled by 1/11 as the old step
        const small = Int32Array.from({ length: 11 }, (_, i) => (i * 7 + 3) % 90);
        const g1 = new Float32Array(P);
        const t1 = new Float64Array(1);
        latentBlockGrads(h, P, data, small, 0, 1, beta, g1, t1, 'test');
        const ref = oneCall(m, xb.ptr, yb.ptr, small, beta);
        expect(Buffer.from(g1.buffer).equals(Buffer.from(ref.g.buffer)), seedNote(SEED)).toBe(true);
        expect(t1[0]).toBe(ref.total);
        // a batch of 64 rows: 4 blocks of 16; each block's gradient scaled by 1/64 is the one-call step of its rows
        // (scaled by 1/16) divided by 4, exactly (a power of two scales every term exactly)
        const idx64 = Int32Array.from({ length: 64 }, (_, i) => (i * 11 + 1) % 90);
        const g64 = new Float32Array(4 * P);
        const t64 = new Float64Array(4);
        latentBlockGrads(h, P, data, idx64, 0, 4, beta, g64, t64, 'test');
        for (let j = 0; j < 4; j++) {
          const r = oneCall(m, xb.ptr, yb.ptr, idx64.subarray(j * LATENT_BLOCK, (j + 1) * LATENT_BLOCK), beta);
          expect(t64[j], `block ${j}: Σ F`).toBe(r.total);
          const mine = g64.subarray(j * P, (j + 1) * P).map((v) => v * 4);
          expect(Buffer.from(mine.buffer).equals(Buffer.from(r.g.buffer)), `block ${j} ${seedNote(SEED)}`).toBe(true);
        }
        // a batch of 70 rows: blocks of 16, 16, 16, 16, 6, added in the tree ((g0 + g1) + (g2 + g3)) + g4
        const idx = Int32Array.from({ length: 70 }, (_, i) => (i * 13 + 5) % 90);
        const nb = latentBlocks(idx.length);
        expect(nb).toBe(5);
        const grads = new Float32Array(nb * P);
        const totals = new Float64Array(nb);
        latentBlockGrads(h, P, data, idx, 0, nb, beta, grads, totals, 'test');
        // a run of blocks computed apart (as a worker computes its run) gives the same partials
        const tail = new Float32Array(2 * P);
        latentBlockGrads(h, P, data, idx, 3, 2, beta, tail, new Float64Array(2), 'test');
        expect(Buffer.from(tail.buffer).equals(Buffer.from(grads.slice(3 * P).buffer))).toBe(true);
        const own = grads.slice();
        const sum = reduceLatentBlocks(grads, nb, P);
        for (let t = 0; t < P; t++) {
          const b = (j: number) => own[j * P + t]!;
          const tree = Math.fround(Math.fround(Math.fround(b(0) + b(1)) + Math.fround(b(2) + b(3))) + b(4));
          expect(Object.is(sum[t], tree), `θ[${t}]`).toBe(true);
        }
      } finally {
        xb.free();
        yb.free();
        m.dispose();
      }
    });
  }
});
