// The quality page's AIS numbers (scripts/quality.mjs → docs/quality.md), checked with the script's
// own code and settings (scripts/lib/quality-ais.mjs, scripts/lib/quality-10d.mjs) on the built
// package, as the script runs: AIS next to the grid on a model trained here, and AIS in 10-D against
// a log Z known to be 0.
import { describe, expect, it } from 'vitest';
import { DIST_NODE, seedNote, testSeed } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (rel: string): Promise<any> => import(new URL(rel, import.meta.url).href);

describe('quality page: AIS', async () => {
  const ebm = await load(DIST_NODE.href);
  await ebm.init();
  const { AIS_SETTINGS, AIS_STEP_SIZE, aisVsGrid } = await load('../scripts/lib/quality-ais.mjs');
  const tenD = await load('../scripts/lib/quality-10d.mjs');

  it('AIS log Z of a grid-ML model of the eight Gaussians agrees with the grid within 3 standard errors', async () => {
    const seed = testSeed(3);
    const train = ebm.datasets.eightGaussians({ radius: 2, std: 0.15, n: 2000, seed: 1 }).X;
    const test = ebm.datasets.eightGaussians({ radius: 2, std: 0.15, n: 2000, seed: 2 }).X;
    // smaller and shorter than the page's 2→128→128→1 model, the same method and AIS settings: what is checked is
    // the comparison (the same F, the same rows, two log Z's), not the model's quality
    const model = new ebm.MLPEnergy({ inputDim: 2, hidden: [32, 32], activation: 'silu', seed });
    const optimizer = ebm.optim.adam({ lr: 1e-2 });
    await ebm.train.maxLikelihoodGrid(model, train, { bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 }, resolution: 48, steps: 150, optimizer });
    optimizer.dispose();
    const a = await aisVsGrid(ebm, model, {
      train, test, bounds: { xMin: -4, xMax: 4, yMin: -4, yMax: 4 }, resolution: 256, stepSize: AIS_STEP_SIZE.eightGaussians, seed: 7000 + seed, settings: AIS_SETTINGS,
    });
    model.dispose();
    const note = `log Z: AIS ${a.aisLogZ} ± ${a.aisLogZStderr}, grid ${a.gridLogZ}; LL: AIS ${a.aisLL}, grid ${a.gridLL} ${seedNote(seed)}`;
    // the model learned something (else the check below would compare two log Z's of a nearly flat F, an easy case)
    expect(a.gridLL, note).toBeGreaterThan(-2);
    // 3 standard errors: AIS's log Z is asymptotically normal around the truth with the delta-method stderr it reports,
    // so a correct run lands outside with probability 0.003; the grid's quadrature error is 1e-6 (docs/quality.md)
    expect(Math.abs(a.aisLogZ - a.gridLogZ), note).toBeLessThanOrEqual(3 * a.aisLogZStderr);
    // and the standard error is small enough for that to mean something (the page's gaps are 0.02–0.2 nats)
    expect(a.aisLogZStderr, note).toBeLessThan(0.15);
    // the two log-likelihoods differ by the two log Z's alone (the same F on the same rows)
    expect(Math.abs(a.aisLL - a.gridLL - (a.gridLogZ - a.aisLogZ)), note).toBeLessThan(1e-4);
  });

  it('10-D: AIS on the true mixture energy gives log Z = 0 within 3 standard errors; EM baselines rank as they must', async () => {
    const seed = testSeed(1);
    const d = await tenD.tenDData(ebm, tenD.TEN_D, { aisSeed: seed });
    const t = d.truthAis;
    const note = `log Z ${t.logZ} ± ${t.stderr}, ESS ${t.ess} ${seedNote(seed)}`;
    // log Z of energies.mixture is exactly 0 (normalized); 3 standard errors as above
    expect(Math.abs(t.logZ), note).toBeLessThanOrEqual(3 * t.stderr);
    expect(t.stderr, note).toBeLessThan(0.1);
    // the EM mixture of the true family, scored on held-out rows, cannot beat the truth beyond sampling noise
    // (3 standard errors of the truth's mean log p over the test rows), and must beat a single Gaussian by far
    // (the components are 3.5 apart with sd ≤ 1)
    const truth = tenD.trueEnergy(ebm, d.params);
    const logp = Array.from(truth.energy(d.test) as Float32Array, (v) => -v);
    truth.dispose();
    const m = logp.reduce((s, v) => s + v, 0) / logp.length;
    const se = Math.sqrt(logp.reduce((s, v) => s + (v - m) ** 2, 0) / (logp.length - 1) / logp.length);
    const [one, mix] = await tenD.tenDBaselines(ebm, d, tenD.TEN_D);
    const note2 = `${note}; truth ${d.truthLL} ± ${se}, EM: 1 component ${one.ll}, ${mix.components} components ${mix.ll}`;
    expect(Math.abs(m - d.truthLL), note2).toBeLessThan(1e-9);
    expect(mix.ll, note2).toBeLessThan(d.truthLL + 3 * se);
    expect(mix.ll, note2).toBeGreaterThan(one.ll + 1);
  });

  it('10-D: a fitted GaussianMixtureEBM is a normalized Energy (energy = F_1 = −log p): AIS finds log Z = 0 within 3 standard errors', async () => {
    // the README's reason for energy = F_1: exp(−energy) is the fitted density itself, so AIS and samplers see Z = 1
    const seed = testSeed(2);
    const params = tenD.mixtureParams(ebm, tenD.TEN_D);
    const train = tenD.sampleMixture(ebm, params, tenD.TEN_D.splits.train);
    const gmm = await new ebm.GaussianMixtureEBM({ components: tenD.TEN_D.mixture.components, covariance: 'full', seed: 0 }).fit(train, { nInit: 3 });
    const r = await ebm.metrics.logPartition(gmm, { method: 'ais', data: train, ...tenD.TEN_D.ais, seed });
    gmm.dispose();
    const note = `log Z ${r.logZ} ± ${r.stderr}, ESS ${r.ess} ${seedNote(seed)}`;
    expect(Math.abs(r.logZ), note).toBeLessThanOrEqual(3 * r.stderr);
    expect(r.stderr, note).toBeLessThan(0.1);
  });
});
