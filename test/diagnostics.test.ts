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

describe('energies: exact gradients (f64 central differences, rtol 2e-3)', () => {
  const cases = () => [
    energies.gaussian({ mean: [0.5, -1, 2], cov: [[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]] }),
    energies.gaussian({ mean: [0, 1], precision: [[3, 1], [1, 2]] }),
    energies.mixture({ weights: [0.3, 0.7], means: [[-1, 0], [1, 0.5]], covs: [[[1, 0.2], [0.2, 0.6]], [[0.4, 0], [0, 0.9]]] }),
    energies.doubleWell({ dim: 3, barrier: 2 }),
    energies.banana({ dim: 3 }),
    energies.funnel({ dim: 4 }),
    energies.ring({ dim: 3 }),
  ];
  it('matches the energy it differentiates, at random points', () => {
    const seed = testSeed(40);
    for (const e of cases()) {
      const d = e.dim;
      const n = 20;
      const Y = Array.from({ length: n }, (_, i) => Array.from(random.normal(d, { seed, stream: i }), (v) => 1.2 * v + 0.1));
      const g = e.grad(Y);
      // F in f64 from f32 energies: use a step large enough for f32 resolution
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          const h = 1e-2;
          const yp = Y[i]!.slice(), ym = Y[i]!.slice();
          yp[j] = yp[j]! + h;
          ym[j] = ym[j]! - h;
          const fp = e.energy([yp])[0]!, fm = e.energy([ym])[0]!;
          const fd = (fp - fm) / (2 * h);
          const an = g.data[i * d + j]!;
          // central differences: O(h²) truncation (curvature of the quartic/funnel terms) + f32 rounding of F
          expect(Math.abs(fd - an), `${e.name} row ${i} coord ${j}: fd ${fd} vs ${an} ${seedNote(seed)}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(an)) + 5e-3 * Math.max(1, Math.abs(fp)));
        }
      }
      e.dispose();
    }
  });

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
    expect(km.energy(Y)).toEqual(km.energy(Y));
    const g = km.grad(Y);
    const w = km.prototypes.data;
    const z = km.infer(Y);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(g.data[i * 2 + j]).toBeCloseTo(2 * (Y[i]![j]! - w[z[i]! * 2 + j]!), 5);
    const soft = km.asEnergy({ beta: 0.5 });
    expect(Array.from(soft.energy(Y))).toEqual(Array.from(km.freeEnergy(Y, { beta: 0.5 })));
    const h = 1e-2;
    const fd = (soft.energy([[1 + h, 0.5]])[0]! - soft.energy([[1 - h, 0.5]])[0]!) / (2 * h);
    expect(Math.abs(fd - soft.grad([[1, 0.5]]).data[0]!)).toBeLessThan(5e-3);
  });
});
