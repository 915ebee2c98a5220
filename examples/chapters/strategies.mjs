// Chapter 6 of the tour: the lecture's seven strategies to shape an energy, side by side on the
// same two moons (chapter 2's training split). Each strategy is one entry of STRATEGIES: how it
// builds and trains its model, and a one-line account of how it shapes the energy. Every panel
// then gets two sentences made of numbers measured here, the same numbers for every strategy:
// how well F separates held-out data from the box (AUC), how much of the box is "low", and one
// number of the strategy's own (a likelihood, a reconstruction, a code size). Exact grid ML and
// PCD reuse chapter 2's trained models when the run has them (the tour's cache).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viridis } from '../lib/colormap.mjs';
import { gridNodes, thin } from '../lib/density.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { escapeXml, num, svgDocument, text } from '../lib/svg.mjs';
import { MOONS, trainMoonsGridML, trainMoonsPCD } from './contrastive.mjs';

const GRID = 72; // nodes per side of each panel's picture, also the uniform sample of the box for the AUC
const LEVELS = 9;
const EVAL_RES = 128; // grid quadrature for the normalized models' held-out log-likelihood
const K = 8;
// sliced score matching's panel: ~3000 steps of a 32-32 MLP take under 2 s of CPU and reach about chapter 2's
// held-out likelihood on the moons (which connect their modes, so score matching sees their weights)
export const SM = { method: 'sliced', projections: 1, batchSize: 128, steps: 3000, seed: 0, lr: 5e-3 };

/** Mean of a typed array (f64 sum). */
const mean = (a) => {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
};
const pct = (x, d = 0) => `${num(100 * x, d)} %`;
const f3 = (x) => x.toFixed(3);

/**
 * The strategies, in the lecture's order. `build` returns { energy(Matrix) → Float32Array, model?, stats, dispose };
 * `account` is the one-line account; `own(stats)` the strategy's own sentence. An entry with `pending` is drawn as
 * an empty slot (its trainer has not landed in this build).
 */
export const STRATEGIES = [
  {
    id: 'pca', strategy: 1, title: 'PCA, 1 component',
    account: 'E = squared distance to a line: zero on it, whatever the data',
    build: async ({ ebm, train }) => {
      const pca = new ebm.PCAEnergy({ components: 1 }).fit(train);
      return { energy: (Y) => pca.energy(Y), stats: { explained: pca.explainedVarianceRatio[0] }, dispose: () => pca.dispose() };
    },
    own: (s) => `The line carries ${pct(s.explained)} of the variance, and stays low far beyond both moons.`,
  },
  {
    id: 'kmeans', strategy: 1, title: `K-means, k = ${K}`,
    account: `F∞ = min_z ‖y − w_z‖²: zero only at ${K} prototypes`,
    build: async ({ ebm, train }) => {
      const km = new ebm.KMeansEBM({ k: K, seed: 1 });
      await km.fit(train, { nInit: 3 });
      return { energy: (Y) => km.energy(Y), prototypes: km.prototypes, stats: {}, dispose: () => km.dispose() };
    },
    own: (s) => `Its mean held-out energy, ${f3(s.dataMean)}, is a squared distance to the nearest of ${K} points.`,
  },
  {
    id: 'gmm', strategy: 1, title: `Gaussian mixture, ${K} full`,
    account: 'F₁ = −log p(y): ∫exp(−F) = 1, so down here means up there',
    build: async ({ ebm, train, test }) => {
      const gmm = await new ebm.GaussianMixtureEBM({ components: K, covariance: 'full', seed: 0 }).fit(train, { nInit: 2 });
      return { energy: (Y) => gmm.energy(Y), stats: { ll: gmm.score(test) }, dispose: () => gmm.dispose() };
    },
    own: (s) => `Normalized by construction: held-out log-likelihood ${f3(s.ll)} nats, exactly.`,
  },
  {
    id: 'gridml', strategy: 2, title: 'exact ML on a grid (MLP)',
    account: 'push down on data, up everywhere by p(y): the exact gradient',
    build: async ({ ebm, train, test, cache, status }) => {
      const { model, steps, owned } = await cached(cache, 'moons:grid-ml', () => trainMoonsGridML(ebm, train, status));
      return { energy: (Y) => model.energy(Y), model, stats: { ll: heldOut(ebm, model, test), steps }, dispose: () => owned && model.dispose() };
    },
    own: (s) => `After ${s.steps} steps its held-out log-likelihood is ${f3(s.ll)} nats (grid quadrature).`,
  },
  {
    id: 'pcd', strategy: 3, title: 'persistent CD (MLP)',
    account: 'push down on data, up on Langevin samples of the model',
    build: async ({ ebm, train, test, cache, status }) => {
      const { model, steps, buffer, owned } = await cached(cache, 'moons:pcd', () => trainMoonsPCD(ebm, train, status));
      return { energy: (Y) => model.energy(Y), model, negatives: thin(buffer, 150), stats: { ll: heldOut(ebm, model, test), steps }, dispose: () => owned && model.dispose() };
    },
    own: (s) => `After ${s.steps} steps: held-out log-likelihood ${f3(s.ll)} nats; red: its negatives.`,
  },
  {
    id: 'nce', strategy: 3, title: 'NCE (MLP 32-32)',
    account: 'push down on data, up on Gaussian noise, learning log Z as c',
    build: async ({ ebm, train, test }) => {
      const model = new ebm.MLPEnergy({ inputDim: 2, hidden: [32, 32], activation: 'silu', seed: 0 });
      const tr = await ebm.train.nce(model, train, { ratio: 4, batchSize: 128, steps: 800, seed: 0, optimizer: ebm.optim.adam({ lr: 3e-3 }) });
      const c = tr.logNormalizer;
      tr.dispose();
      const ll = heldOut(ebm, model, test);
      const logZ = -mean(model.energy(test)) - ll;
      return { energy: (Y) => model.energy(Y), model, stats: { ll, c, logZ }, dispose: () => model.dispose() };
    },
    own: (s) => `Held-out log-likelihood ${f3(s.ll)} nats; its c = ${f3(s.c)} against the grid's log Z = ${f3(s.logZ)}.`,
  },
  {
    id: 'sm', strategy: 4, title: 'sliced score matching (MLP 32-32)',
    account: 'minimize the gradient and maximize the curvature at the data',
    build: async ({ ebm, train, test, bounds }) => {
      // ½‖∇F‖² − vᵀ∇²F v at the data (one random Rademacher v per row): no negatives, no partition function
      const model = new ebm.MLPEnergy({ inputDim: 2, hidden: [32, 32], activation: 'silu', seed: 0 });
      const { lr, ...options } = SM;
      const tr = await ebm.train.scoreMatching(model, train, { ...options, optimizer: ebm.optim.adam({ lr }) });
      tr.dispose();
      return {
        energy: (Y) => model.energy(Y), model,
        stats: { steps: SM.steps, ll: heldOut(ebm, model, test), gradData: meanGradNorm(model, test), gradBox: meanGradNorm(model, gridNodes(bounds, GRID)) },
        dispose: () => model.dispose(),
      };
    },
    own: (s) => `After ${s.steps} steps the mean ‖∇F‖ is ${f3(s.gradData)} at held-out points against ${f3(s.gradBox)} over the box; held-out log-likelihood ${f3(s.ll)} nats (grid quadrature).`,
  },
  {
    id: 'dae', strategy: 5, title: 'denoising autoencoder',
    account: 'E = ‖y − r(y)‖²: r pulls noisy points back to the data',
    build: async ({ ebm, train }) => {
      const dae = new ebm.DenoisingAutoencoder({ dim: 2, hidden: [32], latentDim: 2, activation: 'tanh', corruption: { kind: 'gaussian', std: 0.2 }, seed: 0 });
      await dae.fit(train, { epochs: 40, batchSize: 64, optimizer: ebm.optim.adam({ lr: 1e-2 }) });
      return { energy: (Y) => dae.energy(Y), model: dae, stats: {}, dispose: () => dae.dispose() };
    },
    own: (s) => `Mean held-out energy ${f3(s.dataMean)}, ${num(s.boxMean / s.dataMean, 0)}× below the box's mean: noisy points were mapped back to the moons.`,
  },
  {
    id: 'sparse', strategy: 6, title: `sparse coding, ${K} atoms`,
    account: 'F∞ = min_z ½‖y − Wᵀz‖² + λ‖z‖₁: few atoms, little volume',
    build: async ({ ebm, train, test }) => {
      // the model has no bias: it codes the centred data (and the picture's points, centred the same way)
      const mu = [0, 1].map((c) => mean(train.data.filter((_, i) => i % 2 === c)));
      const centre = (Y) => ({ rows: Y.rows, cols: 2, data: Y.data.map((v, i) => v - mu[i % 2]) });
      const sc = new ebm.SparseCoding({ nAtoms: K, lambda: 0.1, seed: 0 });
      await sc.fit(centre(train), { epochs: 15 });
      const Z = sc.encode(centre(test));
      let active = 0;
      for (const v of Z.data) if (v !== 0) active++;
      return { energy: (Y) => sc.energy(centre(Y)), stats: { active: active / test.rows }, dispose: () => sc.dispose() };
    },
    own: (s) => `A held-out point uses ${num(s.active, 2)} of ${K} atoms on average (λ = 0.1, centred data).`,
  },
  {
    id: 'cae', strategy: 7, title: 'contracting autoencoder',
    account: 'E = ‖y − r(y)‖² + small ‖∂h/∂y‖: r as constant as it can be',
    build: async ({ ebm, train }) => {
      // no corruption (mask rate 0): only the contractive penalty shapes r
      const cae = new ebm.DenoisingAutoencoder({ dim: 2, latentDim: 16, activation: 'tanh', corruption: { kind: 'mask', rate: 0 }, penalty: { contractive: 0.1 }, seed: 0 });
      await cae.fit(train, { epochs: 40, batchSize: 64, optimizer: ebm.optim.adam({ lr: 1e-2 }) });
      return { energy: (Y) => cae.energy(Y), stats: {}, dispose: () => cae.dispose() };
    },
    own: (s) => `With 16 codes and no noise, r could be the identity (E = 0 everywhere); the penalty λ = 0.1 leaves the data ${num(s.boxMean / s.dataMean, 0)}× below the box's mean energy.`,
  },
];

async function cached(cache, key, train) {
  const hit = cache?.get(key);
  if (hit) return { ...hit, owned: false };
  return { ...(await train()), owned: true };
}

/** Mean ‖∇F(y)‖ over the rows of Y (f64 sum). */
export function meanGradNorm(model, Y) {
  const g = model.grad(Y).data;
  let s = 0;
  for (let i = 0; i < Y.rows; i++) s += Math.hypot(g[2 * i], g[2 * i + 1]);
  return s / Y.rows;
}

function heldOut(ebm, model, test) {
  return ebm.metrics.gridLogLikelihood(model, test, { bounds: MOONS.evalBox, resolution: EVAL_RES });
}

/** P(F(u) > F(y)) for u uniform on the box (the grid nodes) and y held out: 1 = every held-out point below every box point. */
export function auc(boxE, dataE) {
  const b = Float64Array.from(boxE).sort();
  let above = 0;
  for (const v of dataE) {
    // count of box energies ≤ v (ties count half)
    let lo = 0, hi = b.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (b[m] < v) lo = m + 1; else hi = m; }
    let eq = lo;
    while (eq < b.length && b[eq] === v) eq++;
    above += b.length - eq + (eq - lo) / 2;
  }
  return above / (b.length * dataE.length);
}

/** Runs every strategy; returns the panels with their measurements (used by the chapter and its test). */
export async function measureStrategies({ ebm, status, cache, only }) {
  const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
  const test = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.test }).X;
  const bounds = MOONS.pictureBox;
  const nodes = gridNodes(bounds, GRID);
  const panels = [];
  for (const s of STRATEGIES.filter((x) => !only || only.includes(x.id))) {
    if (s.pending) {
      panels.push({ ...s });
      continue;
    }
    status?.update(`  strategy ${s.strategy}: ${s.title} …`, { milestone: true });
    const built = await s.build({ ebm, train, test, cache, status, bounds });
    const E = built.energy(nodes);
    const onTest = built.energy(test);
    const onTrain = Float32Array.from(built.energy(train)).sort();
    const threshold = onTrain[Math.floor(0.9 * onTrain.length)];
    let low = 0;
    for (const v of E) if (v < threshold) low++;
    const stats = { ...built.stats, auc: auc(E, onTest), lowShare: low / E.length, dataMean: mean(onTest), boxMean: mean(E), threshold };
    panels.push({ ...s, E, stats, prototypes: built.prototypes ?? null, negatives: built.negatives ?? null });
    built.dispose();
  }
  status?.clear();
  return { panels, train, test, bounds };
}

/** The two sentences under a panel: the shared measurements, then the strategy's own. */
export function sentences(p) {
  if (p.pending) return [`Not in this build: ${p.pending}.`, 'Its slot is one entry of STRATEGIES.'];
  return [
    `F ranks held-out points below uniform points of the box with AUC ${p.stats.auc.toFixed(3)}; F below its 90th percentile on the data covers ${pct(p.stats.lowShare, 1)} of the box.`,
    p.own(p.stats),
  ];
}

export async function strategiesChapter({ ebm, outDir, status, cache }) {
  status.done(`Chapter 6 · The seven strategies side by side — two moons, n = ${MOONS.splits.train.n} (+ ${MOONS.splits.test.n} held out)`);
  const m = await measureStrategies({ ebm, status, cache });
  for (const p of m.panels) {
    if (p.pending) console.log(`  ${String(p.strategy)} ${p.id.padEnd(7)} (pending: ${p.pending})`);
    else console.log(`  ${String(p.strategy)} ${p.id.padEnd(7)} AUC ${p.stats.auc.toFixed(3)}, low on ${(100 * p.stats.lowShare).toFixed(1)} % of the box, mean held-out F ${p.stats.dataMean.toFixed(3)}`);
  }
  const file = join(outDir, 'strategies-moons.svg');
  writeFileSync(file, figure(m.panels, m.bounds, thin(m.test, 300)));
  return { name: 'seven strategies', files: [file], html: section(m.panels) };
}

/** Splits a sentence into lines of at most `width` characters (at spaces). */
function wrap(s, width) {
  const out = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

function figure(panels, bounds, shown) {
  const cols = 5;
  const size = 250;
  const colW = size + 135;
  const rowH = size + 200;
  const top0 = 86;
  const body = [text(40, 32, 'The seven strategies to shape an energy, on the same two moons', { 'font-size': 20, 'font-weight': 'bold' })];
  body.push(text(40, 56, 'Each panel on its own scale: 9 bands from the minimum up to 3× the 90th percentile on the training data (squared spacing). White: held-out points.', { fill: '#333333' }));
  panels.forEach((p, i) => {
    const left = 70 + (i % cols) * colW;
    const top = top0 + Math.floor(i / cols) * rowH;
    const title = escapeXml(`${p.strategy} · ${p.title}`);
    if (p.pending) {
      body.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="#f4f4f4" stroke="#999999" stroke-dasharray="6 4"/>`);
      body.push(text(left, top - 10, title, { 'font-size': 15, 'font-weight': 'bold' }));
      body.push(text(left + size / 2, top + size / 2, 'not in this build', { 'text-anchor': 'middle', fill: '#666666' }));
    } else {
      let lo = Infinity;
      for (const v of p.E) if (v < lo) lo = v;
      const hi = lo + 3 * (p.stats.threshold - Math.min(lo, p.stats.threshold)) + 1e-6;
      const levels = Array.from({ length: LEVELS }, (_, k) => Number((lo + (hi - lo) * ((k + 1) / LEVELS) ** 2).toPrecision(3)));
      const colors = Array.from({ length: LEVELS + 1 }, (_, b) => viridis(b / LEVELS));
      body.push(energyPanel({ id: p.id, left, top, size, grid: { nx: GRID, ny: GRID, values: p.E }, bounds, levels, colors, points: shown, prototypes: p.prototypes, negatives: p.negatives ?? undefined, title }));
      body.push(colorBar({ left: left + size + 10, top: top + 16, width: 10, height: size - 32, levels, colors, title: '' }));
    }
    let y = top + size + 41;
    for (const line of wrap(p.account, 50)) {
      y += 15;
      body.push(text(left - 40, y, escapeXml(line), { 'font-size': 12, 'font-style': 'italic' }));
    }
    for (const s of sentences(p)) {
      for (const line of wrap(s, 52)) {
        y += 15;
        body.push(text(left - 40, y, escapeXml(line), { 'font-size': 12, fill: '#333333' }));
      }
    }
  });
  const rows = Math.ceil(panels.length / cols);
  return svgDocument(70 + cols * colW, top0 + rows * rowH - 20, body, 'The seven strategies: learned energies on two moons');
}

function section(panels) {
  const items = panels
    .map((p) => `<tr><td>${p.strategy}</td><td style="text-align:left"><b>${escapeXml(p.title)}</b>: ${escapeXml(p.account)}</td><td style="text-align:left">${sentences(p).map(escapeXml).join(' ')}</td></tr>`)
    .join('\n');
  return `<section id="strategies">
<h2>6 · The seven strategies side by side</h2>
<p>The lecture lists seven ways to keep an energy from collapsing (flat and low everywhere): (1) build the machine so the volume
of low energy is constant, (2) push down the data and push up everywhere else, (3) push up chosen points, (4) make the gradient
small and the curvature large at the data, (5) train a dynamical system that flows to the data, (6) a regularizer that limits the
volume of low energy, (7) make the reconstruction as constant as possible. Here each is a model of the library, trained on the same
two moons; the sentences are measured in this run. The AUC is the probability that a uniform point of the box has a higher energy
than a held-out point (1: the data always lower).</p>
<figure>
<img src="strategies-moons.svg" alt="Learned energies of the seven strategies on two moons">
</figure>
<table>
<tr><th>strategy</th><th style="text-align:left">model: how it shapes the energy</th><th style="text-align:left">measured</th></tr>
${items}
</table>
</section>`;
}
