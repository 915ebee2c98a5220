// LatentEBM (sdk/models/latent.ts, assembly/energies/latent.ts) on the horn:
// for each x a whole ellipse of answers. A discrete latent with 16 embeddings
// learns a set of predictions that covers the curve; a least-squares
// regressor (the same model with one embedding: F∞ = ‖y − f(x)‖²) collapses
// to the centre. Seeds are fixed, printed on failure, overridable with EBM_SEED.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { LatentEBM, Optimizer, datasets, load, optim } from '../sdk/index.node.js';

beforeAll(setup);

const SEED = testSeed(11);
const K = 16;
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Symmetric mean Chamfer distance between a point set and the true curve for x (400 points on it). */
function chamfer(pred: Float32Array, x: number): number {
  const curve = Array.from({ length: 400 }, (_, i) => datasets.hornCurve(x, (2 * Math.PI * i) / 400));
  const P = Array.from({ length: pred.length / 2 }, (_, i) => [pred[2 * i]!, pred[2 * i + 1]!] as const);
  const d = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
  const toCurve = mean(P.map((p) => Math.min(...curve.map((c) => d(p, c)))));
  const toSet = mean(curve.map((c) => Math.min(...P.map((p) => d(p, c)))));
  return (toCurve + toSet) / 2;
}

let trained: { model: LatentEBM; regressor: LatentEBM } | null = null;
async function models(): Promise<{ model: LatentEBM; regressor: LatentEBM }> {
  if (trained) return trained;
  const { X, Y } = datasets.horn({ n: 1000, seed: SEED });
  const model = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: K, dim: 4 }, hidden: [32, 32], seed: SEED });
  await model.fit({ X, Y }, { epochs: 60, batchSize: 64, optimizer: optim.adam({ lr: 3e-3 }) });
  const regressor = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 1, dim: 1 }, hidden: [32, 32], seed: SEED });
  await regressor.fit({ X, Y }, { epochs: 20, batchSize: 64, optimizer: optim.adam({ lr: 3e-3 }) });
  trained = { model, regressor };
  return trained;
}

describe('LatentEBM on the horn', () => {
  it('held-out x: the predicted set covers the true curve; least squares collapses to the centre', async () => {
    const { model, regressor } = await models();
    const xs = [0.1, 0.5, 0.9];
    const sets = model.predict(xs.map((x) => [x]));
    const centre = regressor.predict(xs.map((x) => [x]));
    xs.forEach((x, i) => {
      // 16 points spread along a curve of length ≤ 5.2 (x = 0.9) are ≤ 0.33 apart, so the
      // curve's mean distance to them is ≈ 0.33/4 ≈ 0.08 and theirs to the curve ≈ the noise
      // (0.02): a Chamfer mean ≈ 0.05; 0.12 allows uneven spacing but not a missed arc
      const c = chamfer(sets[i]!.data, x);
      expect(c, `Chamfer at x = ${x} ${seedNote(SEED)}`).toBeLessThan(0.12);
      // the regressor's one prediction sits near the origin, the centre of every ellipse (b(x) ≥ 0.3)
      expect(Math.hypot(centre[i]!.data[0]!, centre[i]!.data[1]!), `least squares at x = ${x} ${seedNote(SEED)}`).toBeLessThan(0.1);
    });
  }, 60_000);

  it('F∞ of held-out pairs is near zero for the latent model, not for least squares', async () => {
    const { model, regressor } = await models();
    const test = datasets.horn({ n: 300, seed: SEED + 1000 });
    const f = mean(model.freeEnergy(test.X, test.Y));
    const r = mean(regressor.freeEnergy(test.X, test.Y));
    // quantization by 16 points ≈ 0.33 apart: spacing²/12 ≈ 0.009, plus the noise 2·0.02² ≈ 0.001
    expect(f, `latent F∞ ${seedNote(SEED)}`).toBeLessThan(0.02);
    // least squares can do no better than E‖y − E[y | x]‖² = E[(a² + b²)/2] + 2σ² ≈ 0.45; over 300
    // held-out points (per-point sd ≈ 0.3) the mean is within ±0.02 of it, so 0.3 is > 7 standard errors below
    expect(r, `regressor F∞ ${seedNote(SEED)}`).toBeGreaterThan(0.3);
  });

  it('energyGrid: F at a grid of 2-D y for one x, the same values as freeEnergy, low on the curve', async () => {
    const { model } = await models();
    const g = model.energyGrid([0.5], { bounds: [[-1.2, 1.2], [-0.8, 0.8]], resolution: 9 });
    expect(g.xs.length).toBe(9);
    expect(g.ys.length).toBe(9);
    const Y = { rows: 81, cols: 2, data: new Float32Array(162) };
    for (let j = 0; j < 9; j++) for (let i = 0; i < 9; i++) Y.data.set([g.xs[i]!, g.ys[j]!], 2 * (j * 9 + i));
    expect(Array.from(g.energy)).toEqual(Array.from(model.freeEnergy(new Array(81).fill([0.5]), Y)));
    // the centre (0, 0) is ≥ b(0.5) = 0.45 from the curve and the predictions lie within ~0.1 of it: F∞ ≥ 0.35² ≈ 0.12
    expect(g.energy[4 * 9 + 4]!).toBeGreaterThan(0.1);
    const [cx, cy] = datasets.hornCurve(0.5, 0.3);
    expect(model.freeEnergy([[0.5]], [[cx, cy]])[0]!).toBeLessThan(0.02);
    expectThrows(() => model.energyGrid([0.5, 1], { bounds: [[-1, 1], [-1, 1]] }), 'SHAPE', /x must have 1 values/);
  });

  it('F_β → F∞ as β grows: F∞ − log(K)/β ≤ F_β ≤ F∞ for every pair', async () => {
    const { model } = await models();
    const test = datasets.horn({ n: 50, seed: SEED + 2000 });
    const finf = model.freeEnergy(test.X, test.Y);
    let prevGap = Infinity;
    for (const beta of [1, 10, 100, 1000, 1e5]) {
      const fb = model.freeEnergy(test.X, test.Y, { beta });
      let gap = 0;
      for (let r = 0; r < 50; r++) {
        // exp(−βE) of the minimum alone gives ≤; all K equal gives ≥ (f32 output: one rounding)
        const tol = 2 ** -23 * Math.abs(finf[r]!) + 1e-12;
        expect(fb[r]!).toBeLessThanOrEqual(finf[r]! + tol);
        expect(fb[r]!).toBeGreaterThanOrEqual(finf[r]! - Math.log(K) / beta - tol);
        gap = Math.max(gap, finf[r]! - fb[r]!);
      }
      expect(gap).toBeLessThanOrEqual(prevGap);
      prevGap = gap;
    }
  });

  it('infer, grad and paramGrad: z* is the best embedding, ∇_y F∞ = 2(y − Dec(x, z*)), ∂F∞/∂θ matches finite differences', async () => {
    const { model } = await models();
    const test = datasets.horn({ n: 20, seed: SEED + 3000 });
    const { energy } = model.infer(test.X, test.Y);
    const preds = model.predict(test.X);
    const g = model.grad(test.Y, test.X);
    for (let r = 0; r < 20; r++) {
      const y = [test.Y.data[2 * r]!, test.Y.data[2 * r + 1]!];
      let best = Infinity;
      let k = 0;
      for (let c = 0; c < K; c++) {
        const e = (y[0]! - preds[r]!.data[2 * c]!) ** 2 + (y[1]! - preds[r]!.data[2 * c + 1]!) ** 2;
        if (e < best) [best, k] = [e, c];
      }
      // the same f32 decodings, squared and summed in f64 then rounded once
      expect(Math.abs(energy[r]! - best)).toBeLessThanOrEqual(2 ** -23 * best + 1e-12);
      for (let j = 0; j < 2; j++) expect(g.data[2 * r + j]).toBe(Math.fround(2 * Math.fround(y[j]! - preds[r]!.data[2 * k + j]!)));
    }
    // finite differences in f64 of Σ w F∞ (f32 energies): truncation O(h²) ≈ 1e-6 and round-off
    // ≈ 20·2⁻²⁴·|F|/h ≈ 1e-5 for h = 1e-3, so 2e-3·max|g| + 1e-4 (JAX check_grads' f32 rtol)
    const w = Float32Array.from({ length: 20 }, (_, i) => ((i % 3) - 1) * 0.5 + 0.25);
    const pg = model.paramGrad(test.Y, w, test.X);
    const theta = model.params;
    const scale = Math.max(...Array.from(pg, Math.abs));
    const h = 1e-3;
    const total = (p: Float32Array): number => {
      model.setParams(p);
      const e = model.energy(test.Y, test.X);
      return e.reduce((s, v, i) => s + w[i]! * v, 0);
    };
    for (const i of [0, 5, 40, theta.length - 1, theta.length - 7, theta.length - K * 4 - 3]) {
      const plus = Float32Array.from(theta);
      const minus = Float32Array.from(theta);
      plus[i] = theta[i]! + h;
      minus[i] = theta[i]! - h;
      const fd = (total(plus) - total(minus)) / (plus[i]! - minus[i]!);
      expect(Math.abs(fd - pg[i]!), `∂/∂θ[${i}]: ${pg[i]} vs ${fd} ${seedNote(SEED)}`).toBeLessThanOrEqual(2e-3 * scale + 1e-4);
    }
    model.setParams(theta);
  });

  it('two fits of one epoch give the bytes of one of two; a saved model and optimizer resume bit-exactly', async () => {
    const { X, Y } = datasets.horn({ n: 200, seed: SEED });
    const make = (): LatentEBM => new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 4 }, hidden: [8], seed: 3 });
    const a = make();
    const oa = optim.adam({ lr: 1e-2 });
    await a.fit({ X, Y }, { epochs: 2, batchSize: 48, optimizer: oa, objective: 'freeEnergy', beta: 5 });
    const b = make();
    const ob = optim.adam({ lr: 1e-2 });
    await b.fit({ X, Y }, { epochs: 1, batchSize: 48, optimizer: ob, objective: 'freeEnergy', beta: 5 });
    const c = load(b.toBytes(), LatentEBM);
    const oc = Optimizer.fromBytes(ob.toBytes());
    await c.fit({ X, Y }, { epochs: 1, batchSize: 48, optimizer: oc, objective: 'freeEnergy', beta: 5 });
    expect(c.toBytes()).toEqual(a.toBytes());
    // energies do not depend on how the rows are batched
    const all = a.freeEnergy(X, Y, { beta: 5 });
    const half = [...a.freeEnergy({ rows: 77, cols: 1, data: X.data.subarray(0, 77) }, { rows: 77, cols: 2, data: Y.data.subarray(0, 154) }, { beta: 5 })];
    expect(half).toEqual(Array.from(all.subarray(0, 77)));
    for (const o of [a, b, c, oa, ob, oc]) o.dispose();
  });

  it('continuous z: F∞ by descent is at most the best grid point, and F_β approaches it', async () => {
    const { X, Y } = datasets.horn({ n: 300, seed: SEED });
    const m = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 1, bound: 1, grid: 32 }, hidden: [16], seed: SEED });
    await m.fit({ X, Y }, { epochs: 3 });
    const finf = m.freeEnergy(X, Y);
    const preds = m.predict(X.data.subarray(0, 5).reduce<number[][]>((a, v) => [...a, [v]], []), { count: 32 });
    for (let r = 0; r < 5; r++) {
      let best = Infinity;
      for (let c = 0; c < 32; c++) best = Math.min(best, (Y.data[2 * r]! - preds[r]!.data[2 * c]!) ** 2 + (Y.data[2 * r + 1]! - preds[r]!.data[2 * c + 1]!) ** 2);
      // the 32 prediction points are the grid's midpoints, the descent's candidate starts
      expect(finf[r]!).toBeLessThanOrEqual(best * (1 + 2 ** -22) + 1e-12);
    }
    const gap = (beta: number): number => mean(finf) - mean(m.freeEnergy(X, Y, { beta }));
    // F_β − F∞ shrinks like (1/β)·log(1/(ΔV·√(2π/β·E''))) : smaller at larger β
    expect(Math.abs(gap(1e4))).toBeLessThan(Math.abs(gap(10)));
    m.dispose();
  }, 30_000);

  it('typed errors name the argument and leave the model unchanged', async () => {
    expectThrows(() => new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 3 }, hidden: [] }), 'INVALID_ARGUMENT', /latent.dim must be an integer in \[1, 2\]/);
    expectThrows(() => new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete' } as never, hidden: [] }), 'INVALID_ARGUMENT', /latent.size must be an integer/);
    const m = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 3 }, hidden: [4] });
    const before = m.toBytes();
    expectThrows(() => m.freeEnergy([[0.5]], [[1, 2, 3]]), 'SHAPE', /LatentEBM.freeEnergy: Y has 3 columns, the model expects yDim = 2/);
    expectThrows(() => m.freeEnergy([[0.5], [0.2]], [[1, 2]]), 'SHAPE', /X has 2 rows but Y has 1/);
    expectThrows(() => m.freeEnergy([[0.5]], [[1, 2]], { beta: 0 }), 'INVALID_ARGUMENT', /beta must be > 0/);
    expectThrows(() => m.energy([[1, 2]]), 'INVALID_ARGUMENT', /X is required/);
    await expectRejects(m.fit({ X: [[0.5]], Y: [[NaN, 1]] }), 'NOT_FINITE', /LatentEBM.fit: Y\[0\]\[0\] is NaN/);
    await expectRejects(m.fit({ X: [[0.5]], Y: [[0, 1]] }, { objective: 'other' as never }), 'INVALID_ARGUMENT', /objective must be one of/);
    expect(m.toBytes()).toEqual(before);
    m.dispose();
    expectThrows(() => m.predict([[0.5]]), 'DISPOSED', /this LatentEBM was disposed/);
  });
});

describe('datasets.horn', () => {
  it('is drawn per row from (seed, row): a smaller draw is a prefix; without noise the points lie on the ellipse', () => {
    const a = datasets.horn({ n: 100, seed: 5, noise: 0 });
    const b = datasets.horn({ n: 40, seed: 5, noise: 0 });
    expect(Array.from(b.Y.data)).toEqual(Array.from(a.Y.data.subarray(0, 80)));
    for (let i = 0; i < 100; i++) {
      const x = a.X.data[i]!;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      // (y₁/a)² + (y₂/b)² = 1 up to the f32 rounding of x and of each coordinate
      const q = (a.Y.data[2 * i]! / (0.4 + 0.8 * x)) ** 2 + (a.Y.data[2 * i + 1]! / (0.6 - 0.3 * x)) ** 2;
      expect(Math.abs(q - 1)).toBeLessThan(1e-5);
    }
    expectThrows(() => datasets.horn({ n: 0 }), 'INVALID_ARGUMENT', /datasets.horn: n must be an integer/);
  });
});

describe('latent models: memory and numerical failure', () => {
  it('create, use and dispose cycles do not grow WASM memory (after a warm-up that sizes the heap)', async () => {
    const { memoryBytes } = await import('../sdk/runtime/core.js');
    const { GLO } = await import('../sdk/index.node.js');
    const { X, Y } = datasets.horn({ n: 20, seed: 1 });
    const cycle = async (): Promise<void> => {
      const m = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 1, grid: 8 }, hidden: [4], seed: 1 });
      await m.fit({ X, Y }, { epochs: 1, batchSize: 8 });
      m.freeEnergy(X, Y, { beta: 2 });
      m.predict(X, { count: 5 });
      m.dispose();
      const g = new GLO({ dim: 2, latentDim: 1, hidden: [4], seed: 1, inference: { starts: 2, steps: 2 } });
      await g.fit(Y, { epochs: 1, batchSize: 8 });
      g.energy(Y);
      g.sample(3);
      g.dispose();
    };
    for (let i = 0; i < 20; i++) await cycle();
    const before = memoryBytes();
    // every block is freed by dispose or at the end of each call: 1000 more cycles stay within the
    // pages we have (as test/memory-cycles.test.ts; a leak ≥ memory/1000 bytes per cycle would show)
    for (let i = 0; i < 1000; i++) await cycle();
    expect(memoryBytes(), `WASM memory grew (a leak ≥ ${(before / 1000).toFixed(0)} B/cycle would show)`).toBe(before);
  }, 60_000);

  it('a non-finite loss stops fit with a NumericalError and keeps the last good parameters', async () => {
    const { X, Y } = datasets.horn({ n: 30, seed: 1 });
    const m = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 2 }, hidden: [4], seed: 1 });
    const huge = m.params.map(() => 3e38);
    m.setParams(huge);
    const before = m.toBytes();
    await expectRejects(m.fit({ X, Y }, { epochs: 1 }), 'NUMERICAL', /LatentEBM.fit: non-finite free energy or gradient at epoch 1, batch at row 0/);
    expect(m.toBytes()).toEqual(before);
    m.dispose();
  });
});
