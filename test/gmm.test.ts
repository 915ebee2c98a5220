// GaussianMixtureEBM: parity with scikit-learn's GaussianMixture from the same
// start (fixture from scripts/make_mixture_fixtures.py), the free energy as an
// exact likelihood, sampling, bad input, determinism and files.
import { describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, loadFixture, seedNote, setup, testSeed } from './helpers.js';
import { GaussianMixtureEBM, load, samplers, type CovarianceType } from '../sdk/index.node.js';

await setup();

interface GmmCase {
  name: string; n: number; d: number; k: number; covariance: CovarianceType; maxIter: number; tol: number; regCovar: number;
  X: number[][]; Y: number[][];
  init: { weights: number[]; means: number[][]; covariances: unknown[] };
  weights: number[]; means: number[][]; covariances: unknown; nIter: number; converged: boolean; lowerBound: number;
  scoreTrain: number; scoreY: number; scoreSamplesY: number[]; probaY: number[][];
}
const fixture = loadFixture<{ tool: string; gmm: GmmCase[] }>('mixture-sklearn.json');

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe(`GaussianMixtureEBM vs ${fixture.tool} GaussianMixture (same start)`, () => {
  for (const c of fixture.gmm) {
    it(`${c.name}: n=${c.n} d=${c.d} k=${c.k} ${c.covariance}`, async () => {
      const m = await new GaussianMixtureEBM({ components: c.k, covariance: c.covariance }).fit(c.X, {
        init: c.init, maxIter: c.maxIter, tol: c.tol, regCovar: c.regCovar,
      });
      // same f64 EM on the same f32 data: only summation order differs (≈1e-15 relative per
      // step), so the stopping iteration agrees (±1 where the last change sits at tol)
      expect(Math.abs(m.iterations - c.nIter)).toBeLessThanOrEqual(1);
      expect(m.converged).toBe(c.converged);
      // the objective: the brief's 1e-4 relative; in practice it agrees to ~1e-10
      expect(Math.abs(m.lowerBound - c.lowerBound) / Math.abs(c.lowerBound)).toBeLessThan(1e-4);
      expect(Math.abs(m.score(c.Y) - c.scoreY) / Math.abs(c.scoreY)).toBeLessThan(1e-4);
      expect(Math.abs(m.score(c.X) - c.scoreTrain) / Math.abs(c.scoreTrain)).toBeLessThan(1e-4);
      // parameters: a stop one iteration apart moves them by at most about √tol of their scale
      const ptol = 1e-4 + Math.sqrt(c.tol);
      flat(c.weights).forEach((v, i) => expect(Math.abs(m.weights[i]! - v), `weight ${i}`).toBeLessThan(ptol));
      flat(c.means).forEach((v, i) => expect(Math.abs(flat(m.means)[i]! - v), `mean ${i}`).toBeLessThan(ptol * Math.max(1, Math.abs(v))));
      flat(c.covariances).forEach((v, i) => expect(Math.abs(flat(m.covariances)[i]! - v), `cov ${i}`).toBeLessThan(ptol * Math.max(1, Math.abs(v))));
      const ss = m.scoreSamples(c.Y);
      c.scoreSamplesY.forEach((v, i) => expect(Math.abs(ss[i]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
      const P = m.predictProba(c.Y);
      // posteriors rounded to f32 (6e-8) plus the parameter difference above
      c.probaY.forEach((row, i) => row.forEach((v, z) => expect(Math.abs(P.data[i * c.k + z]! - v)).toBeLessThan(1e-3)));
      m.dispose();
    });
  }
});

describe('GaussianMixtureEBM as an energy', () => {
  const c = fixture.gmm[0]!;
  const seed = testSeed(21);
  const fitted = new GaussianMixtureEBM({ components: 3, seed }).fit(c.X, { nInit: 2 });

  it('F_1 = −log p(y) exactly, F∞ = min_z E ≥ F_1, F_β decreasing towards F_1 from above as β → 1', async () => {
    const m = await fitted;
    const E = m.energy(c.Y);
    const logp = m.scoreSamples(c.Y);
    const Finf = m.freeEnergy(c.Y, { beta: Infinity });
    const F2 = m.freeEnergy(c.Y, { beta: 2 });
    for (let i = 0; i < c.Y.length; i++) {
      // both f64, E rounded once to f32
      expect(Math.abs(E[i]! + logp[i]!), seedNote(seed)).toBeLessThanOrEqual(6e-8 * Math.max(1, Math.abs(logp[i]!)));
      expect(Finf[i]!).toBeGreaterThanOrEqual(E[i]!);
      expect(F2[i]!).toBeLessThanOrEqual(Finf[i]! * (1 + 1e-6) + 1e-6);
      expect(F2[i]!).toBeGreaterThanOrEqual(E[i]! - 1e-5 * Math.max(1, Math.abs(E[i]!)));
    }
  });

  it('energy is F_1 (freeEnergy\'s default β = 1, the same bits); F∞ = F_1 − log max_z p(z|y), the best single component', async () => {
    // README "Gaussian mixtures": energy = F_1 = −log p(y) (a normalized Energy), F∞ by freeEnergy(Y, { beta: Infinity })
    const m = await fitted;
    const E = m.energy(c.Y);
    expect(Array.from(m.freeEnergy(c.Y))).toEqual(Array.from(E));
    expect(Array.from(m.freeEnergy(c.Y, { beta: 1 }))).toEqual(Array.from(E));
    const Finf = m.freeEnergy(c.Y, { beta: Infinity });
    const P = m.predictProba(c.Y);
    const logp = m.scoreSamples(c.Y);
    for (let i = 0; i < c.Y.length; i++) {
      let top = 0;
      for (let z = 0; z < P.cols; z++) top = Math.max(top, P.data[i * P.cols + z]!);
      // min_z E(y, z) = −log max_z π_z N(y; μ_z, Σ_z) = −log p(y) − log max_z p(z|y); p(z|y) is rounded to f32
      // (relative 6e-8, so its log is off by ≤ 6e-8) and F∞ once more: 1e-6 relative covers both with room
      const expected = -logp[i]! - Math.log(top);
      expect(Math.abs(Finf[i]! - expected), seedNote(seed)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
    }
  });

  it('grad matches f64 central differences of F_1', async () => {
    const m = await fitted;
    const Y = c.Y.slice(0, 8);
    const G = m.grad(Y);
    const h = 1e-3;
    for (let i = 0; i < Y.length; i++) {
      for (let j = 0; j < 2; j++) {
        const up = [...Y[i]!];
        const dn = [...Y[i]!];
        up[j]! += h;
        dn[j]! -= h;
        const fd = (-m.scoreSamples([up])[0]! + m.scoreSamples([dn])[0]!) / (2 * h);
        // f64 differences of an f64 −log p with curvature ≲ 10: truncation h²·|F'''| ≪ 1e-4; f32 inputs of size ~5 move y by 5e-7
        expect(Math.abs(fd - G.data[i * 2 + j]!), seedNote(seed)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('samples follow the mixture: weights within 5 binomial standard errors, score of draws ≈ entropy estimate', async () => {
    const m = await fitted;
    const n = 20000;
    const { samples, labels } = m.sample(n, { seed });
    const counts = new Array(3).fill(0);
    for (const z of labels) counts[z]++;
    m.weights.forEach((w, z) => expect(Math.abs(counts[z] / n - w), seedNote(seed)).toBeLessThan(5 * Math.sqrt(w * (1 - w) / n)));
    // the mean log-density of exact draws estimates −H(p); its sd is sd(log p)/√n, and the fitted
    // model's training score is within a few of those of it on these well-separated blobs
    const ls = m.scoreSamples(samples);
    let mean = 0;
    for (const v of ls) mean += v / n;
    expect(Math.abs(mean - m.score(c.X)), seedNote(seed)).toBeLessThan(0.1);
    expect(m.sample(n, { seed }).samples.data).toEqual(samples.data);
  });

  it('same seed ⇒ same bytes, however the fit is paced (onProgress forcing yields), and files round-trip bit-exactly', async () => {
    const m = await fitted;
    let ticks = 0;
    const again = await new GaussianMixtureEBM({ components: 3, seed }).fit(c.X, {
      nInit: 2, onProgress: () => { ticks++; const t = Date.now(); while (Date.now() - t < 2); },
    });
    expect(ticks).toBeGreaterThan(1);
    const bytes = m.toBytes();
    expect(again.toBytes()).toEqual(bytes);
    const copy = load(bytes) as GaussianMixtureEBM;
    expect(copy).toBeInstanceOf(GaussianMixtureEBM);
    expect(copy.toBytes()).toEqual(bytes);
    expect(copy.energy(c.Y)).toEqual(m.energy(c.Y));
    expect(copy.grad(c.Y).data).toEqual(m.grad(c.Y).data);
    expect(copy.sample(50, { seed: 3 }).samples.data).toEqual(m.sample(50, { seed: 3 }).samples.data);
    expect(GaussianMixtureEBM.fromBytes(bytes).weights).toEqual(m.weights);
    copy.dispose();
    again.dispose();
  });

  it('every covariance type fits from k-means++ and predictProba rows sum to 1', async () => {
    for (const covariance of ['full', 'diag', 'spherical'] as const) {
      const m = await new GaussianMixtureEBM({ components: 3, covariance, seed }).fit(c.X);
      const P = m.predictProba(c.Y);
      for (let i = 0; i < P.rows; i++) {
        let s = 0;
        for (let z = 0; z < 3; z++) s += P.data[i * 3 + z]!;
        expect(Math.abs(s - 1)).toBeLessThan(1e-6);
      }
      expect(Number.isFinite(m.score(c.Y))).toBe(true);
      const b = GaussianMixtureEBM.fromBytes(m.toBytes());
      expect(b.covariances).toEqual(m.covariances);
      b.dispose();
      m.dispose();
    }
  });
});

describe('GaussianMixtureEBM rejects bad input and stays unchanged', () => {
  const X = fixture.gmm[0]!.X;
  it('constructor', () => {
    expectThrows(() => new GaussianMixtureEBM({ components: 0 }), 'INVALID_ARGUMENT', /components must be an integer/);
    expectThrows(() => new GaussianMixtureEBM({ components: 2, covariance: 'tied' as never }), 'INVALID_ARGUMENT', /covariance must be one of/);
    expectThrows(() => new GaussianMixtureEBM({ components: 2, seed: -1 }), 'INVALID_ARGUMENT', /seed/);
  });
  it('fit', async () => {
    const m = await new GaussianMixtureEBM({ components: 3 }).fit(X);
    const before = m.toBytes();
    await expectRejects(new GaussianMixtureEBM({ components: 4 }).fit([[1, 2], [3, 4], [5, 6]]), 'INVALID_ARGUMENT', /components = 4 exceeds the 3 rows of X/);
    await expectRejects(m.fit([[1, NaN], [2, 3], [4, 5]]), 'NOT_FINITE', /GaussianMixtureEBM.fit: X\[0\]\[1\] is NaN/);
    await expectRejects(m.fit([[1, 2, 3]]), 'INVALID_ARGUMENT', /components = 3 exceeds the 1 rows/);
    await expectRejects(m.fit(X, { regCovar: -1 }), 'INVALID_ARGUMENT', /options.regCovar must be ≥ 0/);
    await expectRejects(m.fit(X, { tol: Infinity }), 'NOT_FINITE', /options.tol/);
    await expectRejects(m.fit(X, { init: { means: [[0, 0]] } }), 'SHAPE', /options.init.means has shape 1×2, expected components×d = 3×2/);
    await expectRejects(m.fit(X, { init: { means: [[0, 0], [1, 1], [2, 2]], covariances: [[[1, 0], [0, 1]], [[1, 2], [2, 1]], [[1, 0], [0, 1]]] } }), 'INVALID_ARGUMENT', /options.init.covariances\[1\] is not positive definite/);
    // a constant column: its variance is 0, singular without regCovar
    const flatX = X.map((r) => [r[0]!, 1]);
    await expectRejects(m.fit(flatX, { regCovar: 0 }), 'NUMERICAL', /covariance of component \d is singular at iteration 0; set options.regCovar > 0/);
    expect(m.toBytes()).toEqual(before);
    const ctl = new AbortController();
    ctl.abort();
    await expectRejects(m.fit(X, { signal: ctl.signal }), 'ABORTED', /aborted.*the model is unchanged/);
    expect(m.toBytes()).toEqual(before);
  });
  it('queries', async () => {
    const m = new GaussianMixtureEBM({ components: 2 });
    expectThrows(() => m.energy([[1, 2]]), 'NOT_FITTED', /GaussianMixtureEBM.*not fitted/);
    expectThrows(() => m.weights, 'NOT_FITTED', /GaussianMixtureEBM.weights/);
    expectThrows(() => m.sample(3), 'NOT_FITTED', /GaussianMixtureEBM.sample/);
    await m.fit(X);
    expectThrows(() => m.score([[1, 2, 3]]), 'SHAPE', /GaussianMixtureEBM.score: Y has 3 columns, model expects 2/);
    expectThrows(() => m.predictProba([[1, Infinity]]), 'NOT_FINITE', /predictProba: Y\[0\]\[1\] is Infinity/);
    expectThrows(() => m.freeEnergy([[1, 2]], { beta: 0 }), 'INVALID_ARGUMENT', /beta must be > 0/);
    expectThrows(() => m.sample(-1), 'INVALID_ARGUMENT', /GaussianMixtureEBM.sample: n/);
    m.dispose();
    expectThrows(() => m.score([[1, 2]]), 'DISPOSED', /GaussianMixtureEBM/);
  });
  it('files validated by meaning', async () => {
    const m = await new GaussianMixtureEBM({ components: 2 }).fit(X);
    const bytes = m.toBytes();
    expectThrows(() => GaussianMixtureEBM.fromBytes(bytes.slice(0, bytes.length - 8)), 'FILE_FORMAT', /.*/);
    expect(load(bytes, GaussianMixtureEBM).weights).toEqual(m.weights);
  });
});

describe('GaussianMixtureEBM in runs and samplers', () => {
  const X = fixture.gmm[0]!.X;
  it('a second fit while one runs is BUSY; a dispose from onProgress stops the fit with DISPOSED', async () => {
    const m = new GaussianMixtureEBM({ components: 3 });
    const first = m.fit(X, { tol: 0, maxIter: 50 });
    await expectRejects(m.fit(X), 'BUSY', /GaussianMixtureEBM/);
    await first;
    const before = m.toBytes();
    const second = m.fit(X, { tol: 0, maxIter: 50, onProgress: (p) => { if (p.iteration === 2) m.dispose(); } });
    await expectRejects(second, 'DISPOSED', /during the run/);
    expect(before.length).toBeGreaterThan(0);
  });

  it('MALA on F_1 leaves the mixture invariant (TFP-style): chains started from exact draws keep its mean and variance', async () => {
    const seed = testSeed(5);
    const m = await new GaussianMixtureEBM({ components: 3, seed }).fit(X);
    const chains = 4000;
    const start = m.sample(chains, { seed: seed + 1 }).samples;
    const s = samplers.mala(m, { chains, seed, stepSize: 0.3, init: start });
    const { samples } = await s.run({ warmup: 0, draws: 20 });
    // the last draw of every chain: independent draws from p if MALA leaves p invariant
    const last = samples.data.subarray(19 * chains * 2, 20 * chains * 2);
    const w = m.weights;
    const mu = m.means;
    const cov = m.covariances as number[][][];
    for (let j = 0; j < 2; j++) {
      let mean = 0;
      let second = 0;
      for (let z = 0; z < 3; z++) {
        mean += w[z]! * mu[z]![j]!;
        second += w[z]! * (cov[z]![j]![j]! + mu[z]![j]! ** 2);
      }
      const variance = second - mean * mean;
      let got = 0;
      for (let c = 0; c < chains; c++) got += last[c * 2 + j]! / chains;
      // independent draws: the sample mean's standard error is sd/√chains; 5 of them
      expect(Math.abs(got - mean), `coordinate ${j} ${seedNote(seed)}`).toBeLessThan(5 * Math.sqrt(variance / chains));
    }
    s.dispose();
  });
});
