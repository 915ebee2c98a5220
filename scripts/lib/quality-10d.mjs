// A held-out log-likelihood where no grid reaches: a mixture of Gaussians in 10-D whose true
// density is known (energies.mixture, log Z = 0), an MLPEnergy trained on it by PCD, scored by AIS
// (metrics.logLikelihood) against the truth and against EM-fitted Gaussian mixtures (exact
// likelihoods). Used by scripts/quality.mjs (the docs/quality.md section) and by
// test/quality-ais.test.ts (the data, the truth and AIS's agreement with log Z = 0). Public API only.

export const TEN_D = {
  dim: 10,
  // the mixture: component means 3.5 units from the origin along directions drawn from the seed,
  // diagonal covariances with standard deviations in [0.4, 1.0], unequal weights
  mixture: { seed: 11, components: 4, radius: 3.5, stdRange: [0.4, 1.0], weights: [0.4, 0.3, 0.2, 0.1] },
  splits: { train: { n: 5000, seed: 1 }, test: { n: 5000, seed: 2 } },
  // 10→128→128→1 silu; quadratic 0.005·‖y‖² keeps exp(−F) integrable whatever the network does far
  // from the data (log Z is finite by construction, so AIS has something to estimate)
  architecture: { inputDim: 10, hidden: [128, 128], activation: 'silu', quadratic: 0.005 },
  pcd: {
    batchSize: 256, chunk: 200, energySquare: 0.1,
    negatives: { init: 'buffer', sampler: 'langevin', steps: 20, stepSize: 0.01, noiseScale: 1, bufferSize: 10000, reinit: 0.05 },
    phases: [{ lr: 5e-3, steps: 1000 }, { lr: 1e-3, steps: 1000 }],
  },
  // more temperatures than in 2-D: the path from the base to a 10-D multimodal target is longer. On the true
  // energy (log Z = 0): ε 0.01 gave stderr 0.11 (ESS 58/200), ε 0.05 0.055, ε 0.1 0.041 (ESS 150)
  ais: { chains: 200, temperatures: 5000, steps: 1, sampler: 'mala', stepSize: 0.1 },
};

/** The true mixture's parameters (deterministic in the seed, through the library's RNG). */
export function mixtureParams(ebm, spec = TEN_D) {
  const { dim: D } = spec;
  const m = spec.mixture;
  const dir = ebm.random.normal(m.components * D, { seed: m.seed, stream: 0 });
  const u = ebm.random.uniform(m.components * D, { seed: m.seed, stream: 1 });
  const means = [];
  const stds = [];
  for (let k = 0; k < m.components; k++) {
    const v = Array.from(dir.subarray(k * D, (k + 1) * D));
    const norm = Math.hypot(...v);
    means.push(v.map((x) => (m.radius * x) / norm));
    stds.push(Array.from(u.subarray(k * D, (k + 1) * D), (x) => m.stdRange[0] + (m.stdRange[1] - m.stdRange[0]) * x));
  }
  return { weights: m.weights.slice(), means, stds };
}

/** The true energy F = −log p (energies.mixture: normalized, logZ = 0). The caller disposes it. */
export function trueEnergy(ebm, params) {
  const D = params.means[0].length;
  const covs = params.stds.map((s) => Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => (i === j ? s[i] * s[i] : 0))));
  return ebm.energies.mixture({ weights: params.weights, means: params.means, covs });
}

/** n exact draws: a component by its weight, then μ + σ ⊙ ξ (uniforms on stream 0, normals on stream 1). */
export function sampleMixture(ebm, params, { n, seed }) {
  const D = params.means[0].length;
  const u = ebm.random.uniform(n, { seed, stream: 0 });
  const xi = ebm.random.normal(n * D, { seed, stream: 1 });
  const data = new Float32Array(n * D);
  const cum = [];
  params.weights.reduce((a, w, k) => (cum[k] = a + w), 0);
  for (let r = 0; r < n; r++) {
    let k = 0;
    while (k < cum.length - 1 && u[r] >= cum[k]) k++;
    for (let i = 0; i < D; i++) data[r * D + i] = params.means[k][i] + params.stds[k][i] * xi[r * D + i];
  }
  return { rows: n, cols: D, data };
}

export const meanOf = (a) => {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
};

/** The data, the truth and its AIS check: AIS on the true energy must give log Z = 0 within its error. */
export async function tenDData(ebm, spec = TEN_D, { aisSeed = 1 } = {}) {
  const params = mixtureParams(ebm, spec);
  const train = sampleMixture(ebm, params, spec.splits.train);
  const test = sampleMixture(ebm, params, spec.splits.test);
  const truth = trueEnergy(ebm, params);
  const truthLL = -meanOf(truth.energy(test));
  const c0 = process.cpuUsage();
  const truthAis = await ebm.metrics.logPartition(truth, { method: 'ais', data: train, ...spec.ais, seed: aisSeed });
  const c = process.cpuUsage(c0);
  truth.dispose();
  return { params, train, test, truthLL, truthAis: { ...truthAis, cpuSeconds: (c.user + c.system) / 1e6, seed: aisSeed } };
}

/** EM baselines with exact likelihoods: one Gaussian, and a mixture with the true number of components. */
export async function tenDBaselines(ebm, { train, test }, spec = TEN_D) {
  const out = [];
  for (const components of [1, spec.mixture.components]) {
    const gmm = await new ebm.GaussianMixtureEBM({ components, covariance: 'full', seed: 0 }).fit(train, { nInit: 3 });
    out.push({ components, ll: gmm.score(test), trainLL: gmm.score(train) });
    gmm.dispose();
  }
  return out;
}
