// metrics.logPartition / logLikelihood (AIS for any energy) against exact
// answers: Gaussians in 2, 10 and 50 dimensions and a mixture of well-separated
// Gaussians, each within 3 of its own standard errors; the standard error
// itself checked by repeating with several seeds.
import { beforeAll, describe, expect, it } from 'vitest';
import { RBM, energies, metrics } from '../sdk/index.node.js';
import { expectRejects, seedNote, setup, testSeed } from './helpers.js';

beforeAll(setup);

/** A dim × dim covariance with correlations and scales from 0.5 to 2 (deterministic, SPD: A·Aᵀ + 0.25·I). */
function covariance(d: number): number[][] {
  const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 + (i % 3) * 0.3 : 0.3 * Math.sin(i * 1.3 + j * 0.7) / Math.sqrt(d))));
  return A.map((ai, i) => A.map((aj, j) => ai.reduce((s, x, k) => s + x * aj[k]!, 0) + (i === j ? 0.25 : 0)));
}

describe('metrics.logPartition by AIS', () => {
  for (const [d, sampler] of [[2, 'mala'], [10, 'mala'], [50, 'mala'], [10, 'hmc']] as const) {
    it(`a ${d}-D Gaussian (${sampler}): within 3 standard errors of the exact log Z`, async () => {
      const seed = testSeed(11 + d);
      const cov = covariance(d);
      const mean = Array.from({ length: d }, (_, i) => Math.cos(i));
      using g = energies.gaussian({ mean, cov });
      // a base deliberately off: shifted by half a standard deviation and 1.5 times too wide
      const base = { mean: mean.map((m, i) => m + 0.5 * Math.sqrt(cov[i]![i]!)), std: cov.map((r, i) => 1.5 * Math.sqrt(r[i]!)) };
      // 50-D: the base is further from the target in KL, so more temperatures keep the weights' ESS up
      const temperatures = d === 50 ? 4000 : 1000;
      const r = await metrics.logPartition(g, { base, chains: 100, temperatures, sampler, seed, stepSize: sampler === 'hmc' ? 0.2 : undefined });
      expect(Math.abs(r.logZ - g.logZ), `${JSON.stringify(r)} exact ${g.logZ} ${seedNote(seed)}`).toBeLessThan(3 * r.stderr + 1e-3);
      // a standard error from a handful of effective weights would be meaningless
      expect(r.ess, seedNote(seed)).toBeGreaterThan(10);
    }, 60_000);
  }

  it('a mixture of three well-separated Gaussians (exp(−F) normalized: log Z = 0)', async () => {
    const seed = testSeed(21);
    using mix = energies.mixture({
      weights: [0.5, 0.3, 0.2],
      means: [[-8, 0], [8, 2], [0, 9]],
      covs: [[[1, 0.3], [0.3, 0.8]], [[0.5, 0], [0, 0.5]], [[0.7, -0.2], [-0.2, 1.2]]],
    });
    const r = await metrics.logPartition(mix, { base: { mean: [0, 3], std: [8, 8] }, chains: 400, temperatures: 2000, seed, stepSize: 0.1 });
    expect(Math.abs(r.logZ - 0), `${JSON.stringify(r)} ${seedNote(seed)}`).toBeLessThan(3 * r.stderr + 1e-3);
  }, 60_000);

  it('a Gaussian RBM\'s free energy (another energy kind, through the dispatcher) against its exact log Z', async () => {
    const seed = testSeed(41);
    using r = new RBM({ visible: 6, hidden: 4, visibleType: 'gaussian' });
    const p = new Float32Array(r.numParams);
    for (let i = 0; i < p.length; i++) p[i] = 0.5 * Math.sin(1.3 * i + 0.2);
    r.setParams(p);
    const exact = (await r.logPartition({ method: 'exact' })).logZ;
    const got = await metrics.logPartition(r, { base: { mean: r.visibleBias, std: new Array(6).fill(1.5) }, chains: 100, temperatures: 1000, sampler: 'hmc', stepSize: 0.3, seed });
    expect(Math.abs(got.logZ - exact), `${JSON.stringify(got)} exact ${exact} ${seedNote(seed)}`).toBeLessThan(3 * got.stderr + 1e-3);
  }, 60_000);

  it('the standard error matches the spread of estimates over seeds', async () => {
    const d = 10;
    const cov = covariance(d);
    const mean = new Array<number>(d).fill(0);
    using g = energies.gaussian({ mean, cov });
    const base = { mean: mean.map((_, i) => 0.7 * Math.sqrt(cov[i]![i]!)), std: cov.map((r, i) => 1.6 * Math.sqrt(r[i]!)) };
    const est: number[] = [];
    const se: number[] = [];
    const first = testSeed(100);
    for (let s = 0; s < 24; s++) {
      const r = await metrics.logPartition(g, { base, chains: 50, temperatures: 200, seed: first + s });
      est.push(r.logZ);
      se.push(r.stderr);
    }
    const m = est.reduce((a, b) => a + b, 0) / est.length;
    const sd = Math.sqrt(est.reduce((a, b) => a + (b - m) ** 2, 0) / (est.length - 1));
    const meanSe = se.reduce((a, b) => a + b, 0) / se.length;
    // 24 repeats: the sample sd is within a factor 0.6–1.6 of the truth with probability > 0.99 (χ²₂₃);
    // the delta-method standard error is itself noisy, so allow a factor of 2 each way
    expect(sd / meanSe, `sd ${sd}, mean stderr ${meanSe} (seeds ${first}…${first + 23})`).toBeGreaterThan(0.5);
    expect(sd / meanSe, `sd ${sd}, mean stderr ${meanSe} (seeds ${first}…${first + 23})`).toBeLessThan(2);
    // and the estimates scatter around the truth: their mean within 3 standard errors of the mean
    expect(Math.abs(m - g.logZ), `mean ${m} exact ${g.logZ}`).toBeLessThan(3 * sd / Math.sqrt(est.length) + 1e-3);
  }, 120_000);

  it('logLikelihood is mean(−F) − log Z with both errors; bad options are typed errors', async () => {
    const seed = testSeed(31);
    using g = energies.gaussian({ mean: [1, -1], cov: [[1, 0.2], [0.2, 0.5]] });
    const Y = [[1, -1], [0.5, -0.8], [1.4, -1.2]];
    const F = g.energy(Y);
    const ll = await metrics.logLikelihood(g, Y, { data: [[0, 0], [2, -2], [1, -0.5], [1.5, -1.5]], seed });
    const exact = -(F[0]! + F[1]! + F[2]!) / 3 - g.logZ;
    expect(Math.abs(ll.mean - exact), seedNote(seed)).toBeLessThan(3 * ll.logZ.stderr + 1e-3);
    expect(ll.stderr).toBeGreaterThanOrEqual(ll.logZ.stderr);
    await expectRejects(metrics.logPartition(g, { chains: 1 }), 'INVALID_ARGUMENT', /chains must be an integer/);
    await expectRejects(metrics.logPartition(g, { temperatures: [0, 0.5, 0.4, 1] }), 'INVALID_ARGUMENT', /temperatures\[2\] = 0.4 must exceed/);
    await expectRejects(metrics.logPartition(g, { base: { mean: [0], std: [1] } }), 'SHAPE', /base.mean has 1 values, the energy has dim 2/);
    await expectRejects(metrics.logPartition(g, { base: { mean: [0, 0], std: [1, 0] } }), 'INVALID_ARGUMENT', /base.std\[1\] must be > 0/);
  });
});
