// Contrastive training and exact grid likelihood: losses, the exact
// NLL gradient against f64 finite differences, determinism across chunks and
// resumes, numerical failures, and the metrics.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { EbmError, MLPEnergy, NumericalError, datasets, energies, metrics, optim, random, train } from '../sdk/index.node.js';
import { kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';

await setup();

const LOSS_KINDS = ['contrastive', 'hinge', 'log', 'square-square', 'square-exponential', 'perceptron'] as const;

/** The 2006 tutorial's losses per pair, in f64, for finite differences. */
function lossRef(kind: (typeof LOSS_KINDS)[number], ep: number, en: number, m: number, g: number, a: number): number {
  const reg = a * (ep * ep + en * en);
  switch (kind) {
    case 'contrastive': return ep - en + reg;
    case 'hinge': return Math.max(0, m + ep - en) + reg;
    case 'log': return Math.log1p(Math.exp(ep - en)) + reg;
    case 'square-square': return ep * ep + Math.max(0, m - en) ** 2 + reg;
    case 'square-exponential': return ep * ep + g * Math.exp(-en) + reg;
    case 'perceptron': return ep - Math.min(ep, en) + reg;
  }
}

describe('losses (LeCun et al. 2006)', () => {
  it('give the mean loss and weights ∂L/∂E / B that match central differences', () => {
    const K = kernels();
    const B = 9;
    const ep = Float32Array.from({ length: B }, (_, i) => -1 + 0.37 * i);
    const en = Float32Array.from({ length: B }, (_, i) => 1.3 - 0.29 * i);
    const blk = (a: Float32Array) => {
      const b = new WasmBlock(a.length * 4);
      b.f32(a.length).set(a);
      return b;
    };
    const bp = blk(ep), bn = blk(en), wp = new WasmBlock(B * 4), wn = new WasmBlock(B * 4);
    try {
      LOSS_KINDS.forEach((kind, k) => {
        for (const alpha of [0, 0.3]) {
          const mean = K.contrastiveLoss(k, bp.ptr, bn.ptr, B, 0.5, 2, alpha, wp.ptr, wn.ptr);
          let ref = 0;
          for (let i = 0; i < B; i++) ref += lossRef(kind, ep[i]!, en[i]!, 0.5, 2, alpha) / B;
          expect(mean, `${kind} α=${alpha}`).toBeCloseTo(ref, 9);
          const gp = wp.f32(B), gn = wn.f32(B);
          for (let i = 0; i < B; i++) {
            const h = 1e-6;
            const dp = (lossRef(kind, ep[i]! + h, en[i]!, 0.5, 2, alpha) - lossRef(kind, ep[i]! - h, en[i]!, 0.5, 2, alpha)) / (2 * h) / B;
            const dn = (lossRef(kind, ep[i]!, en[i]! + h, 0.5, 2, alpha) - lossRef(kind, ep[i]!, en[i]! - h, 0.5, 2, alpha)) / (2 * h) / B;
            // weights are f64 rounded to f32 storage: relative 2^-24 (half an ulp; u = 2^-24 covers it);
            // the difference quotient's error: f64 round-off 2^-53·|L|/h ≈ 1e-10·|L|, truncation h²·|L‴|/6 ≪ that
            const fdErr = 1e-9 * Math.max(1, Math.abs(lossRef(kind, ep[i]!, en[i]!, 0.5, 2, alpha))) / B;
            expect(Math.abs(gp[i]! - dp), `${kind} ∂/∂E⁺ row ${i}`).toBeLessThanOrEqual(2 ** -24 * Math.abs(dp) + fdErr);
            expect(Math.abs(gn[i]! - dn), `${kind} ∂/∂E⁻ row ${i}`).toBeLessThanOrEqual(2 ** -24 * Math.abs(dn) + fdErr);
          }
        }
      });
    } finally {
      for (const b of [bp, bn, wp, wn]) b.free();
    }
  });
});

describe('exact grid likelihood', () => {
  const bounds = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };

  it('gridLogLikelihood of a Gaussian energy matches its exact log-density', () => {
    const g = energies.gaussian({ mean: [0.3, -0.2], cov: [[0.5, 0.1], [0.1, 0.3]] });
    const Y = [[0.3, -0.2], [1, 0.5], [-0.5, -0.6]];
    const det = 0.5 * 0.3 - 0.01;
    const inv = [[0.3 / det, -0.1 / det], [-0.1 / det, 0.5 / det]];
    let ref = 0;
    for (const [a, b] of Y) {
      const x = a! - 0.3, y = b! + 0.2;
      ref += (-0.5 * (x * (inv[0]![0]! * x + inv[0]![1]! * y) + y * (inv[1]![0]! * x + inv[1]![1]! * y)) - Math.log(2 * Math.PI) - 0.5 * Math.log(det)) / 3;
    }
    // midpoint rule on a 256² grid over ±3 (≥ 4 sd): quadrature and tail error ≪ 1e-3 nats
    expect(metrics.gridLogLikelihood(g, Y, { bounds, resolution: 256 })).toBeCloseTo(ref, 3);
  });

  // one block; then 3 grid blocks of 1024 points (the last 257) and 2 data blocks (the last 76 rows), folded in block order
  const manyRows = () => {
    const X = datasets.eightGaussians({ n: 1100, seed: testSeed(3) }).X;
    return Array.from({ length: X.rows }, (_, r) => [X.data[2 * r]!, X.data[2 * r + 1]!]);
  };
  const fewRows = () => [[0.5, 0.2], [-1, 1.2], [0.1, -0.7], [1.5, -1.5]];
  for (const [R, rows, n] of [[24, fewRows, 4], [47, manyRows, 1100]] as const) it(`the exact NLL gradient equals f64 finite differences of the grid NLL (${R}² grid, ${n} rows)`, () => {
    const Y = rows();
    // a tiny tanh network, evaluated again here in f64 so the differences are exact up to O(h²)
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], activation: 'tanh', seed: testSeed(3), quadratic: 0.05 });
    const { nll, grad } = train.gridNllGrad(m, Y, { bounds, resolution: R });
    const theta = Float64Array.from(m.params);
    const F = (th: Float64Array, y0: number, y1: number) => {
      let out = th[16]!; // output bias after W1 (4×2), b1 (4), W2 (1×4)
      for (let j = 0; j < 4; j++) out += th[12 + j]! * Math.tanh(th[2 * j]! * y0 + th[2 * j + 1]! * y1 + th[8 + j]!);
      return out + 0.05 * (y0 * y0 + y1 * y1);
    };
    const nllF64 = (th: Float64Array) => {
      const dx = 6 / R;
      let mx = -Infinity;
      const es: number[] = [];
      for (let j = 0; j < R; j++) for (let i = 0; i < R; i++) es.push(-F(th, -3 + (i + 0.5) * dx, -3 + (j + 0.5) * dx));
      for (const e of es) mx = Math.max(mx, e);
      const logZ = mx + Math.log(es.reduce((s, e) => s + Math.exp(e - mx), 0)) + Math.log(dx * dx);
      return Y.reduce((s, [a, b]) => s + F(th, a!, b!), 0) / Y.length + logZ;
    };
    // f32 energies summed in f64: the NLL agrees to ~1e-6
    expect(Math.abs(nll - nllF64(theta))).toBeLessThan(1e-5);
    for (let p = 0; p < theta.length; p++) {
      const h = 1e-5;
      const tp = theta.slice(), tm = theta.slice();
      tp[p]! += h;
      tm[p]! -= h;
      const fd = (nllF64(tp) - nllF64(tm)) / (2 * h);
      // f32 forward/backward against f64: rtol 2e-3 as JAX's check_grads for float32, atol for near-zero entries
      expect(Math.abs(grad[p]! - fd), `parameter ${p}`).toBeLessThan(2e-3 * Math.abs(fd) + 2e-5);
    }
  });

  it('maxLikelihoodGrid lowers the exact NLL', async () => {
    const seed = testSeed(4);
    const { X } = datasets.eightGaussians({ n: 400, seed });
    const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed });
    const b = { xMin: -3.5, xMax: 3.5, yMin: -3.5, yMax: 3.5 };
    const { nll } = await train.maxLikelihoodGrid(m, X, { bounds: b, resolution: 32, steps: 60, optimizer: optim.adam({ lr: 1e-2 }) });
    expect(nll.length).toBe(60);
    expect(nll[59]!, seedNote(seed)).toBeLessThan(nll[0]! - 0.3);
    expect(-metrics.gridLogLikelihood(m, X, { bounds: b, resolution: 32 })).toBeCloseTo(train.gridNllGrad(m, X, { bounds: b, resolution: 32 }).nll, 5);
  });
});

describe('train.contrastive', () => {
  const { X } = datasets.moons({ n: 256, seed: 5, noise: 0.05 });
  const settings = (init: 'data' | 'noise' | 'buffer', sampler: 'descent' | 'langevin' | 'mala' | 'hmc') => ({
    negatives: { init, sampler, steps: 5, stepSize: 0.02, kick: 0.3, bufferSize: 500 },
    batchSize: 32,
    optimizer: optim.adam({ lr: 1e-3 }),
    regularization: { energySquare: 0.1 },
    seed: 9,
  });

  it('runs every kind of negative: CD with a kick and descent, short-run from noise, persistent with a buffer, MALA, HMC', async () => {
    for (const [init, sampler] of [['data', 'descent'], ['noise', 'langevin'], ['buffer', 'langevin'], ['buffer', 'mala'], ['data', 'hmc']] as const) {
      const m = new MLPEnergy({ inputDim: 2, hidden: [16], seed: 1 });
      const before = m.params;
      const seen: number[] = [];
      const tr = await train.contrastive(m, X, { ...settings(init, sampler), epochs: 2, onProgress: (p) => seen.push(p.loss) });
      expect(tr.steps, `${init}/${sampler}`).toBe(16); // 256 rows / 32 per step × 2 epochs
      expect(seen.every(Number.isFinite)).toBe(true);
      expect(Array.from(m.params)).not.toEqual(Array.from(before));
      if (init === 'buffer') expect(tr.buffer.rows).toBeGreaterThan(0);
      tr.dispose();
    }
  });

  it('pushes data energy below the energy of the negatives', async () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [32, 32], seed: 2 });
    const last: { p: number; n: number }[] = [];
    await train.contrastive(m, X, {
      ...settings('noise', 'langevin'), epochs: 15,
      onProgress: (p) => last.push({ p: p.energyPositive, n: p.energyNegative }),
    });
    const tail = last.slice(-20);
    const gap = tail.reduce((s, v) => s + v.n - v.p, 0) / tail.length;
    expect(gap).toBeGreaterThan(0.1);
    // and data has lower energy than uniform noise over the same box
    const noise = random.uniform(512, { seed: 3 });
    const U = Array.from({ length: 256 }, (_, i) => [-1.5 + 4 * noise[2 * i]!, -1 + 2.5 * noise[2 * i + 1]!]);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(m.energy(X))).toBeLessThan(mean(m.energy(U)));
  });

  it('is deterministic and independent of chunking; a saved trainer resumes bit-exactly', async () => {
    const opts = settings('buffer', 'langevin');
    const a = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    const ta = await train.contrastive(a, X, { ...opts, epochs: 0 });
    await ta.run({ steps: 30 });
    const b = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    const tb = await train.contrastive(b, X, { ...opts, epochs: 0 });
    await tb.run({ steps: 7 });
    await tb.run({ steps: 5 });
    const saved = tb.toBytes();
    await tb.run({ steps: 18 });
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    expect(Array.from(tb.buffer.data)).toEqual(Array.from(ta.buffer.data));
    const c = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 77 }); // parameters come from the file
    const tc = train.ContrastiveTrainer.fromBytes(saved, c, X);
    expect(tc.steps).toBe(12);
    await tc.run({ steps: 18 });
    expect(Array.from(c.params)).toEqual(Array.from(a.params));
    for (const t of [ta, tb, tc]) t.dispose();
  });

  it('changes the learning rate between runs without losing state, and saves it', async () => {
    const opts = settings('buffer', 'langevin');
    const a = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    const ta = await train.contrastive(a, X, { ...opts, epochs: 0 });
    await ta.run({ steps: 5 });
    const saved = ta.toBytes();
    await ta.run({ steps: 5, lr: 1e-2 });
    const b = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    const tb = train.ContrastiveTrainer.fromBytes(saved, b, X);
    await tb.run({ steps: 5 }); // still at the old rate: a different result
    expect(Array.from(b.params)).not.toEqual(Array.from(a.params));
    const c = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    const tc = train.ContrastiveTrainer.fromBytes(saved, c, X);
    await tc.run({ steps: 5, lr: 1e-2 });
    expect(Array.from(c.params)).toEqual(Array.from(a.params));
    const td = train.ContrastiveTrainer.fromBytes(ta.toBytes(), new MLPEnergy({ inputDim: 2, hidden: [8] }), X);
    await expect(td.run({ steps: 1, lr: 0 })).rejects.toThrow(/lr must be > 0/);
    for (const t of [ta, tb, tc, td]) t.dispose();
  });

  it('stops with a NumericalError naming the step and keeps the last good parameters', async () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 4 });
    const tr = await train.contrastive(m, X, { ...settings('data', 'descent'), optimizer: optim.sgd({ lr: 1e30 }), epochs: 0 });
    let err: unknown = null;
    let good = m.params;
    try {
      for (let i = 0; i < 10; i++) {
        good = m.params;
        await tr.run({ steps: 1 });
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NumericalError);
    expect((err as NumericalError).message).toMatch(/non-finite .* at step \d+/);
    expect(Array.from(m.params)).toEqual(Array.from(good));
    expect(m.params.every(Number.isFinite)).toBe(true);
    tr.dispose();
  });

  it('honours an AbortSignal between steps', async () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 4 });
    const ac = new AbortController();
    let steps = 0;
    const p = train.contrastive(m, X, { ...settings('data', 'descent'), epochs: 50, signal: ac.signal, onProgress: () => { if (++steps === 3) ac.abort(); } });
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(EbmError);
    expect((e as EbmError).code).toBe('ABORTED');
    expect(m.params.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad options with messages that name them', async () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [8] });
    const bad = async (o: object, re: RegExp) => {
      const e = await train.contrastive(m, X, o).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(EbmError);
      expect((e as Error).message).toMatch(re);
    };
    await bad({ loss: 'nll' }, /loss must be one of 'contrastive', 'hinge', 'log', 'square-square', 'square-exponential', 'perceptron'/);
    await bad({ negatives: { sampler: 'gibbs' } }, /negatives\.sampler must be one of/);
    await bad({ negatives: { stepSize: 0 } }, /negatives\.stepSize must be > 0/);
    await bad({ negatives: { reinit: 2 } }, /negatives\.reinit must be ≤ 1/);
    await bad({ batchSize: 1000 }, /batchSize must be an integer in \[1, 256\]/);
    await bad({ negatives: { noise: { std: 1, bounds: { lo: [0, 0], hi: [1, 1] } } } }, /bounds or std, not both/);
    const e = await train.contrastive(m, [[1, 2, 3]]).then(() => null, (x: unknown) => x);
    expect((e as Error).message).toMatch(/data has 3 columns, the model expects 2/);
  });
});

describe('metrics.mmd', () => {
  it('is near 0 for samples of one distribution and matches a direct computation', () => {
    const a = datasets.eightGaussians({ n: 300, seed: 1 }).X;
    const b = datasets.eightGaussians({ n: 300, seed: 2 }).X;
    const c = datasets.moons({ n: 300, seed: 3 }).X;
    const same = metrics.mmd(a, b, { bandwidth: 0.5 });
    const diff = metrics.mmd(a, c, { bandwidth: 0.5 });
    // MMD²_u has mean 0 under equal distributions, sd ≈ O(1/n); a different one is far above
    expect(Math.abs(same)).toBeLessThan(0.01);
    expect(diff).toBeGreaterThan(0.1);
    const k = (i: number, j: number, A: Float32Array, Bm: Float32Array) => Math.exp(-((A[2 * i]! - Bm[2 * j]!) ** 2 + (A[2 * i + 1]! - Bm[2 * j + 1]!) ** 2) / 0.5);
    let sxx = 0, syy = 0, sxy = 0;
    const n = 300;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (i !== j) {
        sxx += k(i, j, a.data, a.data);
        syy += k(i, j, c.data, c.data);
      }
      sxy += k(i, j, a.data, c.data);
    }
    expect(diff).toBeCloseTo(sxx / (n * (n - 1)) + syy / (n * (n - 1)) - (2 * sxy) / (n * n), 9);
  });
});

describe('multimodal prediction (why not least squares)', () => {
  it('a conditional EBM returns both branches of y = ±g(x) where least squares predicts their blurry mean', async () => {
    const seed = testSeed(1);
    const n = 512;
    const u = random.uniform(2 * n, { seed });
    const z = random.normal(n, { seed: seed + 1 });
    const g = (x: number) => x * x + 0.5;
    const X: number[][] = [];
    const Y: number[][] = [];
    for (let i = 0; i < n; i++) {
      const x = 2 * u[i]! - 1;
      X.push([x]);
      Y.push([(u[n + i]! < 0.5 ? -1 : 1) * g(x) + 0.05 * z[i]!]);
    }
    const F = new MLPEnergy({ inputDim: 1, conditionDim: 1, hidden: [64, 64], seed: 0 });
    const tr = await train.contrastive(F, { X, Y }, {
      epochs: 100, batchSize: 128, optimizer: optim.adam({ lr: 2e-3 }), regularization: { energySquare: 0.1 }, seed: 3,
      negatives: { init: 'noise', sampler: 'langevin', steps: 20, stepSize: 0.005, noise: { bounds: { lo: [-2], hi: [2] } } },
    });
    tr.dispose();
    // least squares on (1, x, x²): symmetric branches cancel, so it predicts ≈ 0 for every x
    const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const b = [0, 0, 0];
    X.forEach(([x], i) => {
      const f = [1, x!, x! * x!];
      for (let r = 0; r < 3; r++) {
        b[r]! += f[r]! * Y[i]![0]!;
        for (let c = 0; c < 3; c++) A[r]![c]! += f[r]! * f[c]!;
      }
    });
    const solve = (M: number[][], v: number[]) => {
      const m = M.map((r, i) => [...r, v[i]!]);
      for (let c = 0; c < 3; c++) {
        const p = m[c]!;
        for (let r = 0; r < 3; r++) if (r !== c) {
          const f = m[r]![c]! / p[c]!;
          for (let k = 0; k < 4; k++) m[r]![k]! -= f * p[k]!;
        }
      }
      return m.map((r, i) => r[3]! / r[i]!);
    };
    const w = solve(A, b);
    const xs = [-0.8, 0, 0.5];
    const minima = F.predict(xs.map((x) => [x]), { starts: 16, steps: 300, stepSize: 0.01, tol: 0.25, bounds: { lo: [-2], hi: [2] } });
    xs.forEach((x, i) => {
      const ls = w[0]! + w[1]! * x + w[2]! * x * x;
      expect(Math.abs(ls), `least squares at x = ${x}`).toBeLessThan(0.2); // between the branches, far from both
      const m = minima[i]!;
      expect(m.rows, `minima at x = ${x} ${seedNote(seed)}`).toBeGreaterThanOrEqual(2);
      const two = [m.data[0]!, m.data[1]!].sort((a, c) => a - c);
      // the two lowest minima sit on the two branches (noise sd 0.05; a small net after 400 steps: 0.15)
      expect(Math.abs(two[0]! + g(x)), `lower branch at x = ${x} ${seedNote(seed)}`).toBeLessThan(0.15);
      expect(Math.abs(two[1]! - g(x)), `upper branch at x = ${x} ${seedNote(seed)}`).toBeLessThan(0.15);
    });
  });

  it('checks conditional data and arguments', async () => {
    const F = new MLPEnergy({ inputDim: 1, conditionDim: 1, hidden: [4] });
    const e1 = await train.contrastive(F, [[1], [2]]).then(() => null, (x: unknown) => x);
    expect((e1 as Error).message).toMatch(/this model is conditional \(conditionDim = 1\): pass data as \{ X, Y \}/);
    const e2 = await train.contrastive(F, { X: [[1], [2]], Y: [[1]] }).then(() => null, (x: unknown) => x);
    expect((e2 as Error).message).toMatch(/data\.X has 2 rows but data\.Y has 1/);
    expect(() => F.predict(undefined)).toThrow(/X is required/);
    expect(() => F.predict([[0]], { bounds: { lo: [1], hi: [0] } })).toThrow(/bounds\.hi\[0\] must exceed bounds\.lo\[0\]/);
  });
});
