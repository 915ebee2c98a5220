// Chapter 6 of the tour: the lecture's strategy 1 side by side. K-means, PCA and a Gaussian
// mixture are built so that the volume of low energy is limited, with no contrastive samples;
// each limits it differently (k points, a subspace, a normalized density).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viridis } from '../lib/colormap.mjs';
import { gridNodes, thin } from '../lib/density.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const DATA = { n: 1000, seed: 3 };
const K = 8;
const GRID = 90;
const LEVELS = 10;

export async function strategy1Chapter({ ebm, outDir, status }) {
  const { X } = ebm.datasets.moons(DATA);
  status.done(`Chapter 6 · Strategy 1 side by side: K-means, PCA, Gaussian mixture — two moons, n = ${X.rows}`);
  const bounds = box(X, 0.25);
  const nodes = gridNodes(bounds, GRID);

  const km = new ebm.KMeansEBM({ k: K, seed: 1 });
  await km.fit(X, { nInit: 3 });
  const pca = new ebm.PCAEnergy({ components: 1 }).fit(X);
  status.update('  fitting the Gaussian mixture (EM) …', { milestone: true });
  const gmm = await new ebm.GaussianMixtureEBM({ components: K, covariance: 'full', seed: 0 }).fit(X, { nInit: 2 });
  status.clear();

  const models = [
    { id: 'km', model: km, title: `K-means, k = ${K}: F∞ = min_z ‖y − Wz‖²`, unit: 'squared distance',
      account: (a) => [`zero energy only at the ${K} prototypes;`, `low on ${a} of the box`] },
    { id: 'pca', model: pca, title: 'PCA, 1 component: ‖(I − UUᵀ)(y − μ)‖²', unit: 'squared distance',
      account: (a) => [`zero on a whole line (${num(100 * pca.explainedVarianceRatio[0], 0)} % of the variance);`, `low on ${a} of the box`] },
    { id: 'gmm', model: gmm, title: `Gaussian mixture, ${K} full: F₁ = −log p(y)`, unit: 'nats',
      account: (a) => ['∫ exp(−F) dy = 1: pushing F down on the data', `raises it elsewhere; low on ${a} of the box`] },
  ];
  const panels = models.map((m) => {
    const E = m.model.energy(nodes);
    const onData = Float32Array.from(m.model.energy(X)).sort();
    const threshold = onData[Math.floor(0.9 * onData.length)];
    let low = 0;
    for (const v of E) if (v < threshold) low++;
    return { ...m, E, threshold, lowShare: low / E.length, dataMean: onData.reduce((s, v) => s + v, 0) / onData.length };
  });
  for (const p of panels) console.log(`  ${p.id.padEnd(4)} mean F on data ${p.dataMean.toFixed(3)} ${p.unit}; F below its 90th percentile on data over ${(100 * p.lowShare).toFixed(1)} % of the box`);
  const svg = figure(panels, bounds, thin(X, 400));
  km.dispose(); pca.dispose(); gmm.dispose();
  const file = join(outDir, 'strategy1-moons.svg');
  writeFileSync(file, svg);
  return { files: [file], html: section(panels) };
}

function box(X, pad) {
  let a = Infinity, b = -Infinity, c = Infinity, d = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    a = Math.min(a, X.data[2 * i]); b = Math.max(b, X.data[2 * i]);
    c = Math.min(c, X.data[2 * i + 1]); d = Math.max(d, X.data[2 * i + 1]);
  }
  const half = (Math.max(b - a, d - c) / 2) * (1 + pad);
  return { xMin: (a + b) / 2 - half, xMax: (a + b) / 2 + half, yMin: (c + d) / 2 - half, yMax: (c + d) / 2 + half };
}

const pct = (p) => `${num(100 * p.lowShare, 1)} %`;

function figure(panels, bounds, shown) {
  const body = [];
  const size = 330;
  const top = 80;
  body.push(text(40, 30, 'Strategy 1: limit the volume of low energy by construction (two moons)', { 'font-size': 19, 'font-weight': 'bold' }));
  panels.forEach((p, i) => {
    const left = 60 + i * (size + 120);
    // each model's own scale: levels spaced as squares from its minimum up to its 90th percentile on data × 3
    const lo = Math.min(...p.E);
    const hi = lo + 3 * (p.threshold - Math.min(lo, p.threshold)) + 1e-6;
    const levels = Array.from({ length: LEVELS }, (_, k) => Number((lo + (hi - lo) * ((k + 1) / LEVELS) ** 2).toPrecision(3)));
    const colors = Array.from({ length: LEVELS + 1 }, (_, b) => viridis(b / LEVELS));
    body.push(energyPanel({ id: p.id, left, top, size, grid: { nx: GRID, ny: GRID, values: p.E }, bounds, levels, colors, points: shown, prototypes: p.id === 'km' ? p.model.prototypes : null, title: escapeXml(p.title) }));
    body.push(colorBar({ left: left + size + 12, top: top + 20, width: 12, height: size - 40, levels, colors, title: '' }));
    p.account(pct(p)).forEach((line, k) => body.push(text(left, top + size + 58 + 17 * k, escapeXml(line), { fill: '#333333' })));
  });
  let y = top + size + 118;
  const [km, pca, gmm] = panels;
  for (const line of [
    `"Low" is below the model's own 90th percentile on the data; its share of the box measures the volume of low energy: ${pct(km)} for K-means, ${pct(pca)} for PCA, ${pct(gmm)} for the mixture.`,
    `None needs contrastive samples: K-means and PCA cap where zero energy can be (points, a line), while the mixture's F₁ is normalized, so its mean on the data, ${escapeXml(gmm.dataMean.toFixed(3))} nats, is a log-likelihood.`,
  ]) {
    body.push(text(50, y, line, { fill: '#333333' }));
    y += 19;
  }
  return svgDocument(1400, y + 4, body, 'K-means, PCA and Gaussian mixture energies on two moons');
}

function section(panels) {
  const [km, pca, gmm] = panels;
  return `<section id="strategy1">
<h2>6 · Strategy 1 side by side: K-means, PCA, Gaussian mixture</h2>
<p>The lecture's first strategy against collapse is architectural: build the model so that the volume of low energy is
bounded, then just push the energy of the data down. Three ways on the same two moons:
<b>K-means</b> (zero energy only at ${K} prototypes; low on ${pct(km)} of the box),
<b>PCA</b> (zero on a line, the squared distance to it; low on ${pct(pca)}, including far from both moons along the line), and a
<b>Gaussian mixture</b>, whose free energy at β = 1 is −log <i>p</i>(<i>y</i>): since ∫ exp(−F) = 1, energy pushed down on the data
must rise elsewhere (low on ${pct(gmm)}). "Low" is below the model's own 90th percentile on the data.</p>
<figure>
<img src="strategy1-moons.svg" alt="Energy landscapes of K-means, PCA and a Gaussian mixture on two moons">
</figure>
</section>`;
}
