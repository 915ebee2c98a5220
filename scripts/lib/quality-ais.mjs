// Held-out log-likelihood by annealed importance sampling next to the grid's exact one: the
// comparison scripts/quality.mjs reports for every 2-D model, and test/quality-ais.test.ts checks
// (the same function, the same settings, on a model trained there). Public API only (dist/).
//
// The grid and AIS score the same held-out rows with the same F, so their log-likelihoods differ by
// their log Z alone: LL = mean(−F(test)) − log Z. The grid's log Z is a midpoint sum over the
// evaluation box; AIS's covers all of R², so mass a model puts outside the box shows up as a
// positive difference (AIS log Z above the grid's) beyond AIS's standard error.

/** AIS settings of the quality table: 2000 temperatures (Salakhutdinov & Murray's spacing), 300 chains,
 * one MALA transition per temperature, base N(mean, diag std²) fitted to the training split. `stepSize` is
 * per data set (MALA's ε; proposals have std √(2ε)), set from the data's noise scale. Chosen on one grid-ML
 * model of the eight Gaussians (log Z 33.64 on the grid): 1000 temperatures × 100 chains came out 0.20 low
 * (z = −2.4: too few temperatures bias AIS down), 2000 × 200 with ε 0.01 gave z = −0.4 with stderr 0.078;
 * 300 chains bring the stderr to about 0.06. */
export const AIS_SETTINGS = { chains: 300, temperatures: 2000, steps: 1, sampler: 'mala' };

/** MALA's ε per data set, ≈ σ²/2 for the data's noise σ (proposals of about the noise's scale). */
export const AIS_STEP_SIZE = { eightGaussians: 0.01, spiral: 0.00125, moons: 0.005 };

/** The seed of the AIS run for a training seed (printed with every row; --ais-seed offsets it). */
export const aisSeed = (trainingSeed, offset = 0) => 7000 + offset + trainingSeed;

function meanOf(a) {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

/**
 * Scores `model` on `test` twice: exactly on the grid, and by AIS (metrics.logLikelihood). Returns
 * both log-likelihoods, both log Z's, AIS's standard errors, and z = (log Z_AIS − log Z_grid) / stderr.
 */
export async function aisVsGrid(ebm, model, { train, test, bounds, resolution, stepSize, seed, settings = AIS_SETTINGS }) {
  const gridLL = ebm.metrics.gridLogLikelihood(model, test, { bounds, resolution });
  const meanNegF = -meanOf(model.energy(test));
  const gridLogZ = meanNegF - gridLL;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await ebm.metrics.logLikelihood(model, test, { method: 'ais', data: train, ...settings, stepSize, seed });
  const c = process.cpuUsage(c0);
  return {
    gridLL,
    gridLogZ,
    aisLL: r.mean,
    aisLLStderr: r.stderr,
    aisLogZ: r.logZ.logZ,
    aisLogZStderr: r.logZ.stderr,
    ess: r.logZ.ess,
    z: (r.logZ.logZ - gridLogZ) / r.logZ.stderr,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (c.user + c.system) / 1e6,
    seed,
    stepSize,
  };
}
