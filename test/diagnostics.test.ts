// Known-answer tests of the WASM diagnostics (ESS, R̂, MCSE) and finite-difference
// checks of every analytic energy's gradient.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { diagnostics, EbmError, energies, KMeansEBM, random, type Samples } from '../sdk/index.node.js';

await setup();

function iid(draws: number, chains: number, dim: number, seed: number): Samples {
  return { draws, chains, dim, data: random.normal(draws * chains * dim, { seed }) };
}

describe('diagnostics: known answers', () => {
  it('iid draws give ESS ≈ N (bulk, tail, mean) and R̂ ≈ 1', () => {
    const seed = testSeed(31);
    const s = iid(1000, 4, 3, seed);
    const r = diagnostics.summary(s);
    const N = 4000;
    for (let j = 0; j < 3; j++) {
      // the ESS estimator of iid draws has a relative sd of a few % at N = 4000
      expect(r.essBulk[j]! / N, seedNote(seed)).toBeGreaterThan(0.85);
      expect(r.essBulk[j]! / N, seedNote(seed)).toBeLessThan(1.15);
      expect(r.essMean[j]! / N, seedNote(seed)).toBeGreaterThan(0.85);
      expect(r.essTail[j]! / N, seedNote(seed)).toBeGreaterThan(0.7);
      expect(r.rhat[j]!, seedNote(seed)).toBeLessThan(1.01);
      expect(Math.abs(r.mcse[j]! - r.sd[j]! / Math.sqrt(r.essMean[j]!))).toBeLessThan(1e-12);
      expect(Math.abs(r.sd[j]! - 1)).toBeLessThan(0.05);
    }
  });

  it('each value repeated 10 times gives ESS ≈ N/10', () => {
    const seed = testSeed(32);
    const base = iid(400, 4, 1, seed);
    const data = new Float32Array(4000 * 4);
    for (let d = 0; d < 4000; d++) for (let c = 0; c < 4; c++) data[d * 4 + c] = base.data[Math.floor(d / 10) * 4 + c]!;
    const r = diagnostics.ess({ draws: 4000, chains: 4, dim: 1, data });
    // 1600 independent values; blocks cut by the split add a little
    expect(r.bulk[0]! / 1600, seedNote(seed)).toBeGreaterThan(0.8);
    expect(r.bulk[0]! / 1600, seedNote(seed)).toBeLessThan(1.2);
  });

  it('chains stuck in separate modes give R̂ ≫ 1', () => {
    const seed = testSeed(33);
    const s = iid(500, 4, 1, seed);
    const data = s.data.map((v, i) => v + (i % 4 < 2 ? -5 : 5));
    const r = diagnostics.rhat({ ...s, data });
    // ranks bound the z-scores, so rank-normalized R̂ saturates (≈ 1.73 for two clean
    // groups of two chains); the usual alarm threshold is 1.01
    expect(r[0]!, seedNote(seed)).toBeGreaterThan(1.5);
  });

  it('rejects bad samples with typed errors', () => {
    expect(() => diagnostics.ess({ draws: 3, chains: 1, dim: 1, data: new Float32Array(3) })).toThrow(/draws must be ≥ 4/);
    expect(() => diagnostics.ess({ draws: 4, chains: 1, dim: 1, data: new Float32Array(5) })).toThrow(EbmError);
    expect(() => diagnostics.rhat({ draws: 4, chains: 1, dim: 1, data: new Float32Array([0, 1, NaN, 2]) })).toThrow(/draw 2, chain 0, dim 0 is NaN/);
  });
});

/** Inverse of a symmetric 2×2 or 3×3 matrix in f64 (cofactors). */
function inverse(A: number[][]): number[][] {
  const d = A.length;
  if (d === 2) {
    const [[a, b], [, c]] = A as [[number, number], [number, number]];
    const det = a * c - b * b;
    return [[c / det, -b / det], [-b / det, a / det]];
  }
  const m = (i: number, j: number) => A[i]![j]!;
  const cof = (i: number, j: number) => {
    const r = [0, 1, 2].filter((k) => k !== i), c = [0, 1, 2].filter((k) => k !== j);
    return ((i + j) % 2 ? -1 : 1) * (m(r[0]!, c[0]!) * m(r[1]!, c[1]!) - m(r[0]!, c[1]!) * m(r[1]!, c[0]!));
  };
  const det = m(0, 0) * cof(0, 0) + m(0, 1) * cof(0, 1) + m(0, 2) * cof(0, 2);
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cof(j, i) / det));
}
const quad = (P: number[][], y: number[], mu: number[]) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) s += (y[i]! - mu[i]!) * P[i]![j]! * (y[j]! - mu[j]!);
  return 0.5 * s;
};
const LOG_2PI = Math.log(2 * Math.PI);
const U = 2 ** -24;

describe('energies: exact gradients against f64 central differences of an f64 energy', () => {
  // Each energy is written again here in f64 from its documented formula (sdk/energies/analytic.ts),
  // so the reference shares neither the code nor the f32 rounding under test. (Differences of the
  // f32 energies themselves, as before, carry a rounding error u·|F|/h that forced a tolerance
  // ~1000× the f32 error of the gradient being checked.)
  const G3 = { mean: [0.5, -1, 2], cov: [[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]] };
  const G2 = { mean: [0, 1], precision: [[3, 1], [1, 2]] };
  const MIX = { weights: [0.3, 0.7], means: [[-1, 0], [1, 0.5]], covs: [[[1, 0.2], [0.2, 0.6]], [[0.4, 0], [0, 0.9]]] };
  type Analytic = ReturnType<typeof energies.banana> | ReturnType<typeof energies.gaussian> | ReturnType<typeof energies.mixture>;
  const cases = (): { e: Analytic; f64: (y: number[]) => number }[] => [
    { e: energies.gaussian(G3), f64: (y) => quad(inverse(G3.cov), y, G3.mean) },
    { e: energies.gaussian(G2), f64: (y) => quad(G2.precision, y, G2.mean) },
    {
      e: energies.mixture(MIX),
      f64: (y) => -Math.log(MIX.weights.reduce((s, w, k) => {
        const S = MIX.covs[k]!;
        const logdet = Math.log(S[0]![0]! * S[1]![1]! - S[0]![1]! ** 2);
        return s + w * Math.exp(-quad(inverse(S), y, MIX.means[k]!) - 0.5 * (2 * LOG_2PI + logdet));
      }, 0)),
    },
    { e: energies.doubleWell({ dim: 3, barrier: 2 }), f64: (y) => 2 * (y[0]! ** 2 - 1) ** 2 + 0.5 * (y[1]! ** 2 + y[2]! ** 2) },
    // defaults σ = 2, b = 0.5
    { e: energies.banana({ dim: 3 }), f64: (y) => y[0]! ** 2 / 8 + 0.5 * (y[1]! - 0.5 * y[0]! ** 2) ** 2 + 0.5 * y[2]! ** 2 },
    // default s = 3
    { e: energies.funnel({ dim: 4 }), f64: (y) => y[0]! ** 2 / 18 + [1, 2, 3].reduce((s, j) => s + 0.5 * y[j]! ** 2 * Math.exp(-y[0]!) + 0.5 * y[0]!, 0) },
    // defaults r = 2, w = 0.2
    { e: energies.ring({ dim: 3 }), f64: (y) => (Math.hypot(y[0]!, y[1]!, y[2]!) - 2) ** 2 / (2 * 0.04) },
  ];
  const points = (d: number, seed: number, n: number) =>
    Array.from({ length: n }, (_, i) => Array.from(random.normal(d, { seed, stream: i }), (v) => 1.2 * v + 0.1));

  it('the f64 references are the energies (the f32 values within a few ulp of them)', () => {
    // a wrong reference formula would make the gradient check below meaningless
    const seed = testSeed(41);
    for (const { e, f64 } of cases()) {
      const Y = points(e.dim, seed, 10);
      const f = e.energy(Y);
      // F's f32 evaluation: ≤ ~16 roundings on terms ≤ |F| + d + 2 (the quadratic forms' cross
      // terms, the mixture's log-sum-exp): 64u of that scale
      Y.forEach((y, i) => expect(Math.abs(f[i]! - f64(y)), `${e.name} row ${i} ${seedNote(seed)}`).toBeLessThan(64 * U * (Math.abs(f64(y)) + e.dim + 2)));
      e.dispose();
    }
  });

  it('∇F matches central differences of the f64 energy at random points', () => {
    const seed = testSeed(40);
    for (const { e, f64 } of cases()) {
      const d = e.dim;
      const n = 20;
      const Y = points(d, seed, n);
      const g = e.grad(Y);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          const h = 1e-5 * Math.max(1, Math.abs(Y[i]![j]!));
          const yp = Y[i]!.slice(), ym = Y[i]!.slice();
          yp[j] = yp[j]! + h;
          ym[j] = ym[j]! - h;
          const fd = (f64(yp) - f64(ym)) / (2 * h);
          const an = g.data[i * d + j]!;
          // fd: truncation h²·|F‴|/6 ≲ 1e-9 and f64 round-off 2^-53·|F|/h ≲ 1e-11·|F|.
          // an: f32 arithmetic, ≤ ~16 roundings on terms up to ~8× the result or 1 (mild cancellation
          // in the (y − μ) forms and the mixture's weights): 128u ≈ 8e-6 of max(1, |∇F|)
          const tol = 128 * U * Math.max(1, Math.abs(an), Math.abs(fd)) + 1e-9 * Math.max(1, Math.abs(f64(Y[i]!)));
          expect(Math.abs(fd - an), `${e.name} row ${i} coord ${j}: fd ${fd} vs ${an} ${seedNote(seed)}`).toBeLessThan(tol);
        }
      }
      e.dispose();
    }
  });
});

describe('energies: values and normalizers', () => {
  it('Gaussian: energy ½(y−μ)ᵀΣ⁻¹(y−μ), logZ and moments', () => {
    const e = energies.gaussian({ mean: [1, 2], cov: [[4, 0], [0, 1]] });
    expect(e.energy([[3, 2], [1, 3]])).toEqual(new Float32Array([0.5, 0.5]));
    expect(e.logZ).toBeCloseTo(0.5 * (2 * Math.log(2 * Math.PI) + Math.log(4)), 6);
    expect(Array.from(e.moments().variance)).toEqual([4, 1]);
  });

  it('mixture: exp(−F) is the normalized density', () => {
    const e = energies.mixture({ weights: [1, 1], means: [[0], [3]], covs: [[[1]], [[1]]] });
    const f = e.energy([[0]])[0]!;
    const p = 0.5 / Math.sqrt(2 * Math.PI) * (1 + Math.exp(-4.5));
    expect(Math.abs(f + Math.log(p))).toBeLessThan(1e-6);
  });

  it('custom energies are called once per batch; KMeansEBM is an Energy with F∞ and F_β', async () => {
    let calls = 0;
    const c = energies.custom({ dim: 2, energy: (Y) => { calls++; return new Float32Array(Y.rows).fill(1); }, grad: (Y) => new Float32Array(Y.rows * 2) });
    const { samplers } = await import('../sdk/index.node.js');
    const s = samplers.randomWalk(c, { chains: 50 });
    calls = 0;
    await s.run({ draws: 7 });
    expect(calls).toBe(7);
    const km = await new KMeansEBM({ k: 2, seed: 0 }).fit([[0, 0], [0.2, 0], [4, 4], [4.2, 4]]);
    const Y = [[1, 0.5], [3, 3]];
    const w = km.prototypes.data;
    // F∞(y) = min_z ‖y − w_z‖², from the prototypes in f64 (f32: a few ulp of values ≤ 30)
    const fInf = km.energy(Y);
    Y.forEach((y, i) => {
      const ref = Math.min(...[0, 1].map((k) => (y[0]! - w[2 * k]!) ** 2 + (y[1]! - w[2 * k + 1]!) ** 2));
      expect(Math.abs(fInf[i]! - ref), `F∞ row ${i}`).toBeLessThan(8 * 2 ** -24 * 30);
    });
    const g = km.grad(Y);
    const z = km.infer(Y);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(g.data[i * 2 + j]).toBeCloseTo(2 * (Y[i]![j]! - w[z[i]! * 2 + j]!), 5);
    const soft = km.asEnergy({ beta: 0.5 });
    expect(Array.from(soft.energy(Y))).toEqual(Array.from(km.freeEnergy(Y, { beta: 0.5 })));
    // ∇F_β against f64 central differences of F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β‖y − w_z‖²)),
    // written here in f64 from the prototypes (differences of the f32 energies would carry
    // u·|F|/h of rounding and need a loose tolerance)
    const Fb = (y: number[]) => -Math.log([0, 1].reduce((s, k) => s + Math.exp(-0.5 * ((y[0]! - w[2 * k]!) ** 2 + (y[1]! - w[2 * k + 1]!) ** 2)), 0) / 2) / 0.5;
    const h = 1e-6;
    for (const y of Y) {
      const an = soft.grad([y]).data;
      for (let j = 0; j < 2; j++) {
        const yp = y.slice(), ym = y.slice();
        yp[j] = yp[j]! + h;
        ym[j] = ym[j]! - h;
        const fd = (Fb(yp) - Fb(ym)) / (2 * h);
        // f32 softmax-weighted sum of 2(y − w_z): a few roundings of terms ≤ 2·max|y − w| ≈ 10 (64u of 10),
        // fd's own error ≲ 1e-9
        expect(Math.abs(fd - an[j]!), `∂F_β/∂y${j} at ${y}`).toBeLessThan(64 * 2 ** -24 * 10 + 1e-9);
      }
    }
  });
});
