// Contracting and saturating autoencoders (strategy 7 of the lecture): the
// penalty's parameter gradient inside the fused training step against f64
// finite differences of a TS twin, and that each penalty does what it says
// on the same data and seed. Seeds are fixed, printed on failure, overridable with EBM_SEED.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { DenoisingAutoencoder, load, optim, type Matrix } from '../sdk/index.node.js';
import { kernels } from '../sdk/runtime/core.js';
import { matrixBlock } from '../sdk/runtime/data.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { MINIBATCH_BLOCK } from '../sdk/runtime/abi.js';

beforeAll(setup);

const SEED = testSeed(5);

type Act = 'tanh' | 'relu';
const actF = (a: Act, z: number): number => (a === 'tanh' ? Math.tanh(z) : Math.max(0, z));

/** f64 twin of the batch objective (1/B)Σ ‖r(y) − y‖² + P(y) for sizes [D, d, D] (no corruption). */
function twinLoss(th: Float64Array, D: number, d: number, act: Act, pen: 'contractive' | 'saturating', lambda: number, Y: number[][]): number {
  const W2 = d * D + d;
  let total = 0;
  for (const y of Y) {
    const h: number[] = [];
    let p = 0;
    for (let j = 0; j < d; j++) {
      let z = th[d * D + j]!;
      let s = 0;
      for (let i = 0; i < D; i++) {
        z += th[j * D + i]! * y[i]!;
        s += th[j * D + i]! ** 2;
      }
      h.push(actF(act, z));
      if (pen === 'contractive') {
        const g1 = act === 'tanh' ? 1 - Math.tanh(z) ** 2 : z > 0 ? 1 : 0;
        p += g1 * g1 * s;
      } else p += Math.max(0, z);
    }
    let e = 0;
    for (let k = 0; k < D; k++) {
      let o = th[W2 + D * d + k]!;
      for (let j = 0; j < d; j++) o += th[W2 + k * d + j]! * h[j]!;
      e += (o - y[k]!) ** 2;
    }
    total += e + lambda * p;
  }
  return total / Y.length;
}

/** One fused training step's gradient (mask rate 0: the rows go in clean), its blocks summed and divided by the rows. */
function stepGrad(m: DenoisingAutoencoder, Y: Matrix): Float32Array {
  const K = kernels('test');
  const nb = Math.ceil(Y.rows / MINIBATCH_BLOCK);
  const yb = matrixBlock(Y, 'Y');
  const idx = new WasmBlock(Y.rows * 4);
  const g = new WasmBlock(nb * m.numParams * 4);
  const losses = new WasmBlock(nb * 16);
  try {
    idx.i32(Y.rows).set(Array.from({ length: Y.rows }, (_, i) => i));
    K.daeTrainBlocks(m.live('test'), yb.ptr, Y.rows, idx.ptr, Y.rows, g.ptr, losses.ptr, 1, 0, 0, 0);
    K.minibatchReduce(g.ptr, nb, m.numParams, 0, 1 / Y.rows);
    return g.f32(m.numParams).slice();
  } finally {
    for (const b of [yb, idx, g, losses]) b.free();
  }
}

const rowsOf = (Y: Matrix): number[][] => Array.from({ length: Y.rows }, (_, r) => Array.from(Y.data.subarray(r * Y.cols, (r + 1) * Y.cols)));

/** 300 points on a unit circle, radii 1 ± 0.02 (a deterministic jitter). */
function circle(): Matrix {
  const n = 300;
  const data = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 1 + 0.02 * Math.sin(37 * i);
    data[2 * i] = r * Math.cos(a);
    data[2 * i + 1] = r * Math.sin(a);
  }
  return { rows: n, cols: 2, data };
}

describe('contracting and saturating autoencoders', () => {
  for (const [pen, act, lambda] of [['contractive', 'tanh', 2], ['contractive', 'relu', 2], ['saturating', 'relu', 0.7]] as const) {
    it(`${pen} (${act}, λ = ${lambda}): the fused step's gradient matches f64 finite differences`, () => {
      const D = 3;
      const d = 4;
      const m = new DenoisingAutoencoder({ dim: D, latentDim: d, activation: act, corruption: { kind: 'mask', rate: 0 }, penalty: pen === 'contractive' ? { contractive: lambda } : { saturating: lambda }, seed: SEED });
      const Y: Matrix = { rows: 5, cols: D, data: Float32Array.from([0.3, -0.7, 1.1, -1.2, 0.4, 0.05, 0.9, 0.9, -0.5, 0, 0.2, -0.3, 0.6, -0.1, 0.8]) };
      const g = stepGrad(m, Y);
      const th = Float64Array.from(m.params);
      const rows = rowsOf(Y);
      for (let p = 0; p < th.length; p++) {
        const h = 1e-6;
        const up = th.slice();
        const dn = th.slice();
        up[p] = up[p]! + h;
        dn[p] = dn[p]! - h;
        const fd = (twinLoss(up, D, d, act, pen, lambda, rows) - twinLoss(dn, D, d, act, pen, lambda, rows)) / (2 * h);
        // f64 central differences are good to ~1e-8 (a relu kink would need |z| < 1e-6, none is);
        // the WASM step accumulates in f32: relative 1e-4 plus 1e-5 absolute
        expect(Math.abs(g[p]! - fd), `θ[${p}]: WASM ${g[p]}, finite differences ${fd} ${seedNote(SEED)}`).toBeLessThan(1e-4 * Math.abs(fd) + 1e-5);
      }
      m.dispose();
    });
  }

  it('each penalty does what it says, on the same data and seed as λ = 0', async () => {
    const X = circle();
    const rows = rowsOf(X);
    const code = (th: Float32Array, d: number, y: number[], j: number): number => th[d * 2 + j]! + th[2 * j]! * y[0]! + th[2 * j + 1]! * y[1]!;
    /** Mean ‖∂h/∂y‖²_F over the data (tanh: Σ_j (1 − h_j²)² ‖W₁ⱼ‖²). */
    const jac = (m: DenoisingAutoencoder): number => {
      const th = m.params;
      let t = 0;
      for (const y of rows) for (let j = 0; j < m.latentDim; j++) t += (1 - Math.tanh(code(th, m.latentDim, y, j)) ** 2) ** 2 * (th[2 * j]! ** 2 + th[2 * j + 1]! ** 2);
      return t / X.rows;
    };
    /** Share of (row, unit) pairs in the relu's flat region z ≤ 0. */
    const flat = (m: DenoisingAutoencoder): number => {
      const th = m.params;
      let c = 0;
      for (const y of rows) for (let j = 0; j < m.latentDim; j++) if (code(th, m.latentDim, y, j) <= 0) c++;
      return c / (X.rows * m.latentDim);
    };
    const fit = async (activation: 'tanh' | 'relu', penalty: { contractive: number } | { saturating: number }): Promise<DenoisingAutoencoder> => {
      const m = new DenoisingAutoencoder({ dim: 2, latentDim: 16, activation, penalty, seed: SEED });
      await m.fit(X, { epochs: 100, batchSize: 32, optimizer: optim.adam({ lr: 1e-2 }) });
      return m;
    };
    const c0 = await fit('tanh', { contractive: 0 });
    const c1 = await fit('tanh', { contractive: 0.1 });
    // measured 5.08 at λ = 0 and 0.148 at λ = 0.1 (a 34-fold shrink): a quarter leaves room for any seed
    expect(jac(c1), `‖∂h/∂y‖² ${jac(c1)} vs ${jac(c0)} at λ = 0 ${seedNote(SEED)}`).toBeLessThan(0.25 * jac(c0));
    const s0 = await fit('relu', { saturating: 0 });
    const s1 = await fit('relu', { saturating: 0.1 });
    // measured 56 % of the codes in the flat region at λ = 0 and 87 % at λ = 0.1; ask for +15 points
    expect(flat(s1), `flat share ${flat(s1)} vs ${flat(s0)} at λ = 0 ${seedNote(SEED)}`).toBeGreaterThan(flat(s0) + 0.15);
    // the penalty travels with the file
    const back = load(s1.toBytes(), DenoisingAutoencoder);
    expect(back.penalty).toEqual({ saturating: 0.1 });
    for (const m of [c0, c1, s0, s1, back]) m.dispose();
  }, 30_000);

  it('penalties are refused where their closed forms do not hold, with typed errors', () => {
    expectThrows(() => new DenoisingAutoencoder({ dim: 2, hidden: [4], latentDim: 2, penalty: { contractive: 1 } }), 'INVALID_ARGUMENT', /penalty: the contractive penalty needs a one-layer encoder \(hidden: \[\]\), got 1 hidden layers/);
    expectThrows(() => new DenoisingAutoencoder({ dim: 2, latentDim: 2, activation: 'tanh', penalty: { saturating: 1 } }), 'INVALID_ARGUMENT', /the saturating penalty needs activation 'relu', got 'tanh'/);
    expectThrows(() => new DenoisingAutoencoder({ dim: 2, latentDim: 2, activation: 'gelu', penalty: { contractive: 1 } }), 'INVALID_ARGUMENT', /needs activation 'tanh', 'relu', 'identity'/);
    expectThrows(() => new DenoisingAutoencoder({ dim: 2, latentDim: 2, penalty: { contractive: -1 } }), 'INVALID_ARGUMENT', /penalty\.contractive must be ≥ 0/);
    expectThrows(() => new DenoisingAutoencoder({ dim: 2, latentDim: 2, penalty: { both: 1 } as never }), 'INVALID_ARGUMENT', /must be \{ contractive: λ \} or \{ saturating: λ \}/);
  });
});
