// train.scoreMatching: the Taylor mode of the network (first and second
// directional derivatives along a fixed direction and the parameter gradient
// of a loss built on them) against f64 finite differences of an f64 twin of
// the MLP energy; each method's loss against its definition and its fused
// gradient against differences of that loss; the methods on a Gaussian whose
// score is known; bad input; chunked, saved and aborted runs.
//
// Seeds are fixed, printed on failure, overridable with EBM_SEED.
import { describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { DenoisingAutoencoder, MLPEnergy, datasets, optim, train } from '../sdk/index.node.js';
import { heapF32, heapU32, heapU8, kernels } from '../sdk/runtime/core.js';
import { WasmBlock, blockFromF32 } from '../sdk/runtime/memory.js';
import { SM_RNG, SM_SCRATCH } from '../sdk/runtime/abi.js';
import * as twin from '../bench/baselines/mlp.js';
import { LEARNABLE } from '../sdk/models/learnable.js';
import { readFile, writeFile } from '../sdk/io/format.js';

await setup();

type Act = twin.Activation;

/** F(y) = s·net(y) + λ‖y‖² in f64 (θ as nn.Linear: W_l out×in, then b_l). */
function energy64(sizes: number[], P: ArrayLike<number>, a: Act, s: number, lam: number, y: ArrayLike<number>): number {
  let h = Array.from(y, Number);
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const out = sizes[l]!;
    const inn = sizes[l - 1]!;
    const z = new Array<number>(out);
    for (let o = 0; o < out; o++) {
      let v = P[off + out * inn + o]!;
      for (let i = 0; i < inn; i++) v += P[off + o * inn + i]! * h[i]!;
      z[o] = v;
    }
    off += out * inn + out;
    h = l < sizes.length - 1 ? z.map((v) => twin.act(a, v)) : z;
  }
  let q = 0;
  for (let j = 0; j < y.length; j++) q += y[j]! * y[j]!;
  return s * h[0]! + lam * q;
}

// Directional derivatives of the f64 twin by central differences along t ↦ F(y + t·u):
// with h = 1e-3 the truncation is h²/6·|g'''| ≲ 1e-6 for Ḟ and h²/12·|g''''| ≲ 1e-6 for F̈
// on these O(1) nets, and the round-off ε·|F|/h² ≈ 2e-10: both far below the f32 tolerances below.
const HT = 1e-3;
function directional64(F: (y: number[]) => number, y: ArrayLike<number>, u: ArrayLike<number>): [number, number] {
  const at = (t: number) => F(Array.from(y, (v, j) => v + t * u[j]!));
  const p = at(HT), m = at(-HT), c = at(0);
  return [(p - m) / (2 * HT), (p - 2 * c + m) / (HT * HT)];
}

describe('Taylor mode of the MLP energy (learnableTaylorParamGrad)', () => {
  // Tolerances, with their reasons:
  // - Ḟ and F̈ (f32 WASM vs the f64 twin's differences): every value is a chain of 3 layers of
  //   dot products of ≤ 7 terms with activations good to ~8 ulps; the second tangent adds f''·ż²
  //   and f'''-free terms of the same size, so the first-order f32 error is ≲ 50·3·2⁻²⁴·Σ|terms|
  //   ≈ 1e-5·scale; we allow 2e-4·(1 + |value|), 20× that and far below a wrong term (O(1)).
  // - ∂θ of the loss: f64 central differences in θ (step 1e-4) of the twin's loss; their error is
  //   the inner differences' round-off 2e-10/1e-4 = 2e-6 plus the θ-truncation 1e-8·|L'''|, and the
  //   f32 gradient is good to ~1e-5 of the vector's scale: we allow 5e-4·scale (scale = the
  //   largest |component|, floor 1e-2), still 100× below a missing or transposed term.
  const cases: { act: Act; order: 1 | 2; a: number; b: number; c: number }[] = [
    { act: 'silu', order: 2, a: 0.3, b: 0.7, c: -0.5 },
    { act: 'tanh', order: 2, a: -0.2, b: 1.1, c: 0.6 },
    { act: 'softplus', order: 2, a: 0.5, b: -0.4, c: -1 },
    { act: 'gelu', order: 2, a: 0, b: 0.5, c: -0.8 },
    { act: 'silu', order: 1, a: 1, b: 0.4, c: 0 },
    { act: 'elu', order: 1, a: 0.7, b: 0, c: 0 },
  ];
  for (const k of cases) {
    it(`${k.act}, order ${k.order}: Ḟ, F̈ and ∂θ(aḞ + ½bḞ² + cF̈) match f64 differences`, () => {
      const seed = testSeed(31);
      const D = 3;
      const hidden = [6, 5];
      const sizes = [D, ...hidden, 1];
      const s = 1.3, lam = 0.05;
      const m = new MLPEnergy({ inputDim: D, hidden, activation: k.act, seed, outputScale: s, quadratic: lam });
      const n = 5;
      // rows and directions from the seed (an LCG is enough here: any points test the derivatives);
      // elu's kink at 0 is avoided by its rows landing where no pre-activation is within HT of 0 w.h.p.
      let st = seed >>> 0;
      const rnd = () => ((st = (Math.imul(st, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
      const Y = Float32Array.from({ length: n * D }, () => 1.5 * rnd());
      const U = Float32Array.from({ length: n * D }, () => rnd());
      const K = kernels('test');
      const net = learnableOf(m);
      const P = m.numParams;
      const ws = new WasmBlock(K.learnableTaylorBytes(net));
      const G = new WasmBlock(P * 4);
      const yb = blockFromF32(Y);
      const ub = blockFromF32(U);
      const d1 = new WasmBlock(n * 4);
      const d2 = new WasmBlock(n * 4);
      const total = K.learnableTaylorParamGrad(net, ws.ptr, G.ptr, yb.ptr, ub.ptr, n, k.order, k.a, k.b, k.c, d1.ptr, d2.ptr, 0);
      const g = G.f32(P).slice();
      const D1 = d1.f32(n).slice(), D2 = d2.f32(n).slice();
      const theta = Float64Array.from(m.params);
      const act = k.act;
      const loss64 = (th: ArrayLike<number>) => {
        let L = 0;
        for (let r = 0; r < n; r++) {
          const [f1, f2] = directional64((y) => energy64(sizes, th, act, s, lam, y), Y.subarray(r * D, r * D + D), U.subarray(r * D, r * D + D));
          L += k.a * f1 + 0.5 * k.b * f1 * f1 + (k.order === 2 ? k.c * f2 : 0);
        }
        return L;
      };
      for (let r = 0; r < n; r++) {
        const [f1, f2] = directional64((y) => energy64(sizes, theta, act, s, lam, y), Y.subarray(r * D, r * D + D), U.subarray(r * D, r * D + D));
        expect(Math.abs(D1[r]! - f1), `Ḟ row ${r}: ${D1[r]} vs ${f1}; ${seedNote(seed)}`).toBeLessThan(2e-4 * (1 + Math.abs(f1)));
        if (k.order === 2) expect(Math.abs(D2[r]! - f2), `F̈ row ${r}: ${D2[r]} vs ${f2}; ${seedNote(seed)}`).toBeLessThan(2e-4 * (1 + Math.abs(f2)));
      }
      const L0 = loss64(theta);
      expect(Math.abs(total - L0), `the returned loss ${total} vs ${L0}; ${seedNote(seed)}`).toBeLessThan(1e-3 * (1 + Math.abs(L0)));
      const scale = Math.max(1e-2, ...g.map(Math.abs));
      const hp = 1e-4;
      for (let i = 0; i < P; i++) {
        const th = theta.slice();
        th[i] = theta[i]! + hp;
        const lp = loss64(th);
        th[i] = theta[i]! - hp;
        const lm = loss64(th);
        const fd = (lp - lm) / (2 * hp);
        expect(Math.abs(g[i]! - fd), `∂θ_${i}: ${g[i]} vs ${fd} (scale ${scale}); ${seedNote(seed)}`).toBeLessThan(5e-4 * scale);
      }
      for (const b of [ws, G, yb, ub, d1, d2]) b.free();
      m.dispose();
    });
  }
});

/** The model's learnable descriptor. */
function learnableOf(m: MLPEnergy): number {
  return m[LEARNABLE]('test');
}

/** The trainer's blocks (private fields), for driving one step's pieces. */
const blocks = (tr: train.ScoreMatchingTrainer) => tr as unknown as { t: { ptr: number }; P: { ptr: number } };
const up16 = (b: number) => Math.ceil(b / 16) * 16;

describe('train.scoreMatching: each method’s loss and gradient', () => {
  // The loss of one batch from smLossGrad against its definition, computed from the f64 twin with
  // the step's own draws (read back from the scratch block), and the fused gradient against f64
  // central differences in θ of that definition (draws held fixed). Tolerances: the loss is a mean
  // of f32 values good to ~1e-5 relative (see the Taylor-mode tolerances) and of (ỹ − y)/σ², where
  // ỹ's rounding (2⁻²⁴·|ỹ| ≈ 2e-7) over σ² = 0.01 moves a residual of size ~σ⁻¹ by 2e-5: 1e-3
  // relative covers both; the gradient as in the Taylor-mode test (5e-4 of the vector's scale).
  const methods: { name: string; options: train.ScoreMatchingOptions }[] = [
    { name: 'exact', options: { method: 'exact' } },
    { name: 'sliced (variance-reduced, Rademacher, 3 projections)', options: { method: 'sliced', projections: 3 } },
    { name: 'sliced (plain, Gaussian, 2 projections)', options: { method: 'sliced', projections: 2, projection: 'gaussian', varianceReduced: false } },
    { name: 'denoising (σ = 0.1)', options: { method: 'denoising', noiseStd: 0.1 } },
  ];
  for (const { name, options } of methods) {
    it(name, () => {
      const seed = testSeed(41);
      const D = 2;
      const B = 6;
      const hidden = [7, 5];
      const sizes = [D, ...hidden, 1];
      const s = 1, lam = 0.02;
      const { X } = datasets.moons({ n: 40, seed, noise: 0.1 });
      const m = new MLPEnergy({ inputDim: D, hidden, activation: 'silu', seed, outputScale: s, quadratic: lam });
      const tr = new train.ScoreMatchingTrainer(m, X, { ...options, batchSize: B, seed });
      const K = kernels('test');
      const { t, P } = blocks(tr);
      const Y = X.data.slice(0, B * D);
      heapF32().set(Y, P.ptr >>> 2);
      const rng = heapU8().slice(t.ptr + SM_RNG, t.ptr + SM_RNG + 32);
      const loss = K.smLossGrad(t.ptr, P.ptr);
      const np = m.numParams;
      const g = heapF32().slice(K.smGradient(t.ptr) >>> 2, (K.smGradient(t.ptr) >>> 2) + np);
      // the draws this step took: the scratch starts with the rows the directions start from, then the directions
      const M = options.method === 'sliced' ? options.projections! : options.method === 'exact' ? D : 1;
      const R = B * M;
      const scr = heapU32()[(t.ptr + SM_SCRATCH) >>> 2]!;
      const rows = heapF32().slice(scr >>> 2, (scr >>> 2) + R * D);
      const dirs = heapF32().slice((scr + up16(R * D * 4)) >>> 2, ((scr + up16(R * D * 4)) >>> 2) + R * D);
      const sigma = options.noiseStd ?? 0.1;
      const basis = (j: number) => Array.from({ length: D }, (_, i) => (i === j ? 1 : 0));
      const def64 = (th: ArrayLike<number>): number => {
        const F = (y: number[]) => energy64(sizes, th, 'silu', s, lam, y);
        let L = 0;
        for (let r = 0; r < B; r++) {
          const y = Y.subarray(r * D, r * D + D);
          if (options.method === 'denoising') {
            const yt = rows.subarray(r * D, r * D + D);
            for (let j = 0; j < D; j++) {
              const [gj] = directional64(F, yt, basis(j));
              const res = gj - (yt[j]! - y[j]!) / (sigma * sigma);
              L += 0.5 * res * res;
            }
            continue;
          }
          if (options.method === 'exact' || options.varianceReduced !== false) {
            for (let j = 0; j < D; j++) {
              const [gj, hjj] = directional64(F, y, basis(j));
              L += 0.5 * gj * gj - (options.method === 'exact' ? hjj : 0);
            }
          }
          if (options.method === 'sliced') {
            for (let k = 0; k < M; k++) {
              const [f1, f2] = directional64(F, y, dirs.subarray((r * M + k) * D, (r * M + k) * D + D));
              L += ((options.varianceReduced === false ? 0.5 * f1 * f1 : 0) - f2) / M;
            }
          }
        }
        return L / B;
      };
      const theta = Float64Array.from(m.params);
      const L0 = def64(theta);
      expect(Math.abs(loss - L0), `loss ${loss} vs its definition ${L0}; ${seedNote(seed)}`).toBeLessThan(1e-3 * (1 + Math.abs(L0)));
      const scale = Math.max(1e-2, ...g.map(Math.abs));
      const hp = 1e-4;
      for (let i = 0; i < np; i++) {
        const th = theta.slice();
        th[i] = theta[i]! + hp;
        const lp = def64(th);
        th[i] = theta[i]! - hp;
        const fd = (lp - def64(th)) / (2 * hp);
        expect(Math.abs(g[i]! - fd), `∂θ_${i}: ${g[i]} vs ${fd} (scale ${scale}); ${seedNote(seed)}`).toBeLessThan(5e-4 * scale);
      }
      // the same draws again give the same bits (the step reads nothing else)
      heapU8().set(rng, t.ptr + SM_RNG);
      expect(K.smLossGrad(t.ptr, P.ptr)).toBe(loss);
      tr.dispose();
      m.dispose();
    });
  }
});

/** n rows of N(μ, Σ) with Σ = LLᵀ, from a seeded generator (test data only). */
function gaussianRows(n: number, seed: number, mu: number[], Lc: number[][]): { rows: number; cols: number; data: Float32Array } {
  let st = seed >>> 0 || 1;
  const u = () => ((st = (Math.imul(st, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const data = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    const z0 = r * Math.cos(a), z1 = r * Math.sin(a);
    data[2 * i] = mu[0]! + Lc[0]![0]! * z0;
    data[2 * i + 1] = mu[1]! + Lc[1]![0]! * z0 + Lc[1]![1]! * z1;
  }
  return { rows: n, cols: 2, data };
}

/** The least-squares A, c of ∇F(y) ≈ A·y + c over the rows: for a Gaussian model A is its precision. */
function fitPrecision(Y: { rows: number; data: Float32Array }, G: Float32Array): number[][] {
  // normal equations of [y0, y1, 1] → each output column, in f64
  const n = Y.rows;
  const S = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const T = [[0, 0], [0, 0], [0, 0]];
  for (let i = 0; i < n; i++) {
    const x = [Y.data[2 * i]!, Y.data[2 * i + 1]!, 1];
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) S[a]![b]! += x[a]! * x[b]!;
      for (let o = 0; o < 2; o++) T[a]![o]! += x[a]! * G[2 * i + o]!;
    }
  }
  // solve S·W = T by Gauss–Jordan (3×3, well conditioned for this data)
  const M = S.map((r, i) => [...r, ...T[i]!]);
  for (let c = 0; c < 3; c++) {
    const p = M[c]![c]!;
    for (let k = 0; k < 5; k++) M[c]![k]! /= p;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      for (let k = 0; k < 5; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  // W rows: coefficient of y0, y1, 1; A[o][a] = W[a][o]
  return [[M[0]![3]!, M[1]![3]!], [M[0]![4]!, M[1]![4]!]];
}

describe('train.scoreMatching on a Gaussian: the learned score is the true one', () => {
  // Data N(μ, Σ) with Σ = [[1, 0.6], [0.6, 0.5]], precision Σ⁻¹ = [[3.57, −4.29], [−4.29, 7.14]]. The exact
  // and sliced objectives are minimized by the data's own score, so ∇F(y) ≈ Σ⁻¹(y − μ); denoising
  // learns the score of the data convolved with N(0, σ²I), whose precision is (Σ + σ²I)⁻¹. We fit
  // ∇F ≈ A·y + c on held-out points and compare A with the expected precision. Tolerance: 12 %
  // (relative Frobenius error): the precision estimate of 3000 samples has a standard error of
  // about √(2/n)·‖Σ⁻¹‖ ≈ 3 % per entry, and a 2→16→16→1 softplus net after 1100 steps is a close
  // but not exact quadratic over the data (measured at the default seed below: printed).
  const mu = [0.5, -0.3];
  const Lc = [[1, 0], [0.6, Math.sqrt(0.5 - 0.36)]];
  const sigma = 0.3;
  const inv = (S: number[][]) => {
    const d = S[0]![0]! * S[1]![1]! - S[0]![1]! * S[1]![0]!;
    return [[S[1]![1]! / d, -S[0]![1]! / d], [-S[1]![0]! / d, S[0]![0]! / d]];
  };
  const Sigma = [[1, 0.6], [0.6, 0.5]];
  for (const [name, options, precision] of [
    ['exact', { method: 'exact' }, inv(Sigma)],
    ['sliced (Gaussian projections)', { method: 'sliced', projection: 'gaussian', projections: 2 }, inv(Sigma)],
    ['denoising (σ = 0.3)', { method: 'denoising', noiseStd: sigma }, inv([[1 + sigma * sigma, 0.6], [0.6, 0.5 + sigma * sigma]])],
  ] as [string, train.ScoreMatchingOptions, number[][]][]) {
    it(`${name} learns the precision ${JSON.stringify(precision.map((r) => r.map((v) => +v.toFixed(2))))}`, async () => {
      const seed = testSeed(51);
      const X = gaussianRows(3000, seed, mu, Lc);
      const test = gaussianRows(2000, seed + 7, mu, Lc);
      const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], activation: 'softplus', seed });
      const tr = await train.scoreMatching(m, X, { ...options, steps: 800, batchSize: 128, seed, optimizer: optim.adam({ lr: 1e-2 }) });
      await tr.run({ steps: 300, lr: 2e-3 });
      const A = fitPrecision(test, m.grad(test).data);
      let err = 0, ref = 0;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
        err += (A[a]![b]! - precision[a]![b]!) ** 2;
        ref += precision[a]![b]! ** 2;
      }
      const rel = Math.sqrt(err / ref);
      console.log(`scoreMatching ${name}: learned precision ${JSON.stringify(A.map((r) => r.map((v) => +v.toFixed(3))))}, relative error ${rel.toFixed(3)}; ${seedNote(seed)}`);
      expect(rel, `${JSON.stringify(A)} vs ${JSON.stringify(precision)}; ${seedNote(seed)}`).toBeLessThan(0.12);
      tr.dispose();
      m.dispose();
    });
  }
});

describe('train.scoreMatching: the house rules', () => {
  it('names the bad argument and leaves the model as it was', () => {
    const { X } = datasets.moons({ n: 64, seed: 1 });
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 1 });
    const before = m.params;
    const W = 'train\\.scoreMatching';
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { method: 'score' as 'exact' }), 'INVALID_ARGUMENT', new RegExp(`${W}: method`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { noiseStd: 0 }), 'INVALID_ARGUMENT', new RegExp(`${W}: noiseStd`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { method: 'sliced', projections: 0 }), 'INVALID_ARGUMENT', new RegExp(`${W}: projections`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { projection: 'uniform' as 'gaussian' }), 'INVALID_ARGUMENT', new RegExp(`${W}: projection`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { batchSize: 65 }), 'INVALID_ARGUMENT', new RegExp(`${W}: batchSize`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, X, { sigma: 0.1 } as train.ScoreMatchingOptions), 'INVALID_ARGUMENT', /sigma/);
    expectThrows(() => new train.ScoreMatchingTrainer(m, [[1, 2, 3]]), 'SHAPE', new RegExp(`${W}: data has 3 columns, the model expects 2`));
    expectThrows(() => new train.ScoreMatchingTrainer(m, [[1, NaN]]), 'NOT_FINITE', /data/);
    const dae = new DenoisingAutoencoder({ dim: 2, latentDim: 1, seed: 1 });
    const daeBefore = dae.params;
    expectThrows(() => new train.ScoreMatchingTrainer(dae, X), 'INVALID_ARGUMENT', /DenoisingAutoencoder cannot be trained by score matching/);
    expect(Array.from(dae.params)).toEqual(Array.from(daeBefore));
    const cond = new MLPEnergy({ inputDim: 2, conditionDim: 1, hidden: [4], seed: 1 });
    expectThrows(() => new train.ScoreMatchingTrainer(cond, X), 'INVALID_ARGUMENT', /unconditional/);
    expect(Array.from(m.params)).toEqual(Array.from(before));
    for (const r of [m, dae, cond]) r.dispose();
  });

  it('a non-finite loss stops with a NumericalError and keeps the last good parameters', async () => {
    const { X } = datasets.moons({ n: 64, seed: 2 });
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 2 });
    // σ = 1e-45 is a positive f64 that becomes the smallest f32 subnormal in WASM: (ỹ − y)/σ² = ε/σ overflows
    const tr = new train.ScoreMatchingTrainer(m, X, { method: 'denoising', noiseStd: 1e-45, batchSize: 16 });
    const before = m.params;
    const e = await expectRejects(tr.run({ steps: 3 }), 'NUMERICAL', /step 1/);
    expect((e as unknown as { step: number }).step).toBe(1);
    expect(Array.from(m.params)).toEqual(Array.from(before));
    tr.dispose();
    m.dispose();
  });

  for (const method of ['exact', 'sliced', 'denoising'] as const) {
    it(`${method}: runs in chunks, or saved and resumed, give the same bits as one run`, async () => {
      const seed = testSeed(61);
      const { X } = datasets.moons({ n: 100, seed, noise: 0.1 });
      const opts = { method, batchSize: 32, projections: 2, seed, optimizer: optim.adam({ lr: 1e-2 }) };
      const a = new MLPEnergy({ inputDim: 2, hidden: [8], seed });
      const ta = new train.ScoreMatchingTrainer(a, X, opts);
      await ta.run({ steps: 10 }); // crosses an epoch boundary (3 batches per epoch)
      const b = new MLPEnergy({ inputDim: 2, hidden: [8], seed });
      const tb = new train.ScoreMatchingTrainer(b, X, opts);
      await tb.run({ steps: 1 });
      await tb.run({ steps: 3 });
      const bytes = tb.toBytes();
      const c = new MLPEnergy({ inputDim: 2, hidden: [8], seed: seed + 1 }); // parameters come from the file
      const tc = train.ScoreMatchingTrainer.fromBytes(bytes, c, X);
      await tc.run({ steps: 6 });
      await tb.run({ steps: 6 });
      expect(Array.from(c.params), seedNote(seed)).toEqual(Array.from(a.params));
      expect(Array.from(b.params), seedNote(seed)).toEqual(Array.from(a.params));
      expect(tc.steps).toBe(10);
      expect(tc.epochs).toBe(ta.epochs);
      expect(Array.from(a.params)).not.toEqual(Array.from(new MLPEnergy({ inputDim: 2, hidden: [8], seed }).params));
      for (const r of [ta, tb, tc]) r.dispose();
      for (const m of [a, b, c]) m.dispose();
    });
  }

  it('refuses damaged or mismatched files and leaves the model unchanged', async () => {
    const { X } = datasets.moons({ n: 50, seed: 3 });
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 3 });
    const tr = new train.ScoreMatchingTrainer(m, X, { method: 'sliced', batchSize: 10 });
    await tr.run({ steps: 2 });
    const bytes = tr.toBytes();
    const other = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 4 });
    const before = other.params;
    expect(() => train.ScoreMatchingTrainer.fromBytes(bytes.subarray(0, 40), other, X)).toThrow();
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(bytes, other, { rows: 20, cols: 2, data: X.data.slice(0, 40) }), 'SHAPE', /50 data rows, got 20/);
    const wide = new MLPEnergy({ inputDim: 2, hidden: [5], seed: 4 });
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(bytes, wide, X), 'SHAPE', /parameters/);
    expect(Array.from(other.params)).toEqual(Array.from(before));
    for (const r of [tr, m, other, wide]) r.dispose();
  });

  it('refuses crafted files with a valid CRC whose fields contradict each other', async () => {
    const { X } = datasets.moons({ n: 30, seed: 5 });
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 5 });
    const tr = new train.ScoreMatchingTrainer(m, X, { method: 'denoising', batchSize: 10 });
    await tr.run({ steps: 2 });
    const good = tr.toBytes();
    const np = m.numParams;
    /** Re-frames the file's header and arrays after `edit` (a fresh CRC: only the meaning is wrong). */
    const craft = (edit: (h: Record<string, unknown>, a: Float32Array[]) => void): Uint8Array => {
      const f = readFile(good, 'test');
      const arrays = [f.take(np, 'p'), f.take(np, 'm'), f.take(np, 'v'), f.take(8, 'rng'), f.take(30, 'perm')].map((a) => a.slice());
      const h = structuredClone(f.header) as Record<string, unknown>;
      edit(h, arrays);
      return writeFile(h as never, arrays);
    };
    const other = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 6 });
    const before = other.params;
    const W = /ScoreMatchingTrainer\.fromBytes/;
    expect(() => train.ScoreMatchingTrainer.fromBytes(craft(() => {}), other, X)).not.toThrow(); // the framing itself is right
    other.setParams(before);
    const dup = craft((_, a) => { new Int32Array(a[4]!.buffer)[1] = new Int32Array(a[4]!.buffer)[0]!; });
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(dup, other, X), 'FILE_FORMAT', /not a permutation/);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((h) => { h.cursor = 31; }), other, X), 'FILE_FORMAT', /cursor/);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((h) => { h.optSteps = 3; }), other, X), 'FILE_FORMAT', /optSteps/);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((_, a) => { a[2]![0] = -1; }), other, X), 'FILE_FORMAT', /second moment 0/);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((_, a) => { a[0]![3] = NaN; }), other, X), 'FILE_FORMAT', /parameter 3/);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((h) => { (h.settings as { method: string }).method = 'magic'; }), other, X), 'FILE_FORMAT', W);
    expectThrows(() => train.ScoreMatchingTrainer.fromBytes(craft((h) => { h.kind = 'nce-trainer'; }), other, X), 'FILE_FORMAT', /not a 'score-matching-trainer'/);
    expect(Array.from(other.params)).toEqual(Array.from(before));
    for (const r of [tr, m, other]) r.dispose();
  });

  it('refuses a second run while busy and keeps the steps before an abort', async () => {
    const { X } = datasets.moons({ n: 64, seed: 1 });
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 1 });
    const tr = new train.ScoreMatchingTrainer(m, X, { method: 'sliced', batchSize: 16 });
    const ac = new AbortController();
    const seen: number[] = [];
    const run = tr.run({ steps: 50, signal: ac.signal, onProgress: ({ step }) => { seen.push(step); if (step === 3) ac.abort(); } });
    await expectRejects(tr.run({ steps: 1 }), 'BUSY', /./);
    await expectRejects(run, 'ABORTED', /3 steps/);
    expect(tr.steps).toBe(3);
    expect(seen.at(-1)).toBe(3);
    tr.dispose();
    m.dispose();
  });
});
