// Chapter 7 of the tour: a restricted Boltzmann machine on the binarized digits. Its hidden
// layer sums out in closed form, F(v) = −log Σ_h exp(−E(v, h)); with 20 hidden units log Z
// can be enumerated exactly, so annealed importance sampling (AIS) can be checked against it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChart } from '../lib/chart.mjs';
import { diverging, grey, image, row, symmetric } from '../lib/images.mjs';
import { escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const TRAIN = 1500;
const FIT = { method: 'pcd', k: 1, lr: 0.05, momentum: 0.5, batchSize: 10, epochs: 10, seed: 0 };
const AIS_TEMPERATURES = [10, 100, 1000, 10000];
const AIS_CHAINS = 50; // 100 before the tour was cut to stay under a minute (AIS was 2.7 s of CPU at 10000 temperatures)
const CHAIN_STEPS = [0, 1, 2, 5, 20, 100, 1000];

export async function rbmChapter({ ebm, outDir, status }) {
  const d = await ebm.datasets.digits();
  const bin = d.X.data.map((x) => (x >= 8 ? 1 : 0));
  const train = { rows: TRAIN, cols: 64, data: bin.subarray(0, TRAIN * 64) };
  const test = { rows: d.X.rows - TRAIN, cols: 64, data: bin.subarray(TRAIN * 64) };
  status.done(`Chapter 7 · RBM on binarized digits, 64 × 20 — samples and log Z by AIS`);

  const rbm = new ebm.RBM({ visible: 64, hidden: 20, visibleType: 'bernoulli', seed: 0 });
  await rbm.fit(train, {
    ...FIT,
    onProgress: (p) => p.batch === p.batches && status.update(`  PCD: epoch ${p.epoch}/${p.epochs}`, { milestone: p.epoch === p.epochs }),
  });
  status.clear();
  const exact = await rbm.logPartition({ method: 'exact' });
  const ais = [];
  for (const temperatures of AIS_TEMPERATURES) {
    status.update(`  AIS with ${temperatures} temperatures …`, { milestone: true });
    const t0 = process.cpuUsage();
    const r = await rbm.logPartition({ method: 'ais', chains: AIS_CHAINS, temperatures, data: train, seed: 1 });
    const c = process.cpuUsage(t0);
    ais.push({ temperatures, logZ: r.logZ, stderr: r.stderr, error: r.logZ - exact.logZ, cpu: (c.user + c.system) / 1e6 });
  }
  status.clear();
  const ll = await rbm.logLikelihood(test, { logZ: exact });
  console.log(`  exact log Z ${exact.logZ.toFixed(3)}; held-out log-likelihood ${ll.mean.toFixed(2)} nats per digit`);
  for (const a of ais) console.log(`  AIS, ${String(a.temperatures).padStart(5)} temperatures: log Z ${a.logZ.toFixed(3)} ± ${a.stderr.toFixed(3)} (error ${a.error >= 0 ? '+' : ''}${a.error.toFixed(3)}), ${a.cpu.toFixed(2)} s CPU`);

  const start = { rows: 1, cols: 64, data: test.data.subarray(0, 64) };
  const chain = CHAIN_STEPS.map((s) => (s === 0 ? start.data : rbm.gibbs(start, { steps: s, seed: 2 }).data));
  const samples = rbm.sample(16, { chains: 16, steps: 1000, seed: 3 });
  const stats = { exact: exact.logZ, ais, ll: ll.mean };
  const svg = figure(rbm.weights, chain, samples, stats);
  rbm.dispose();
  const file = join(outDir, 'rbm-digits.svg');
  writeFileSync(file, svg);
  return { files: [file], html: section(stats) };
}

function figure(W, chain, samples, s) {
  const body = [];
  const L = 30;
  body.push(text(L, 30, 'A 64 × 20 RBM on binarized digits: filters, Gibbs chains, and log Z by AIS', { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(text(L, 60, 'Filters: the 20 rows of W as 8×8 images (red > 0 > blue)', { 'font-size': 14, 'font-weight': 'bold' }));
  for (let k = 0; k < W.rows; k++) body.push(image(L + (k % 10) * 58, 72 + Math.floor(k / 10) * 58, symmetric(row(W, k)), { color: diverging }));
  let y = 72 + 2 * 58 + 26;
  body.push(text(L, y, 'One Gibbs chain from a held-out digit (after t sweeps)', { 'font-size': 14, 'font-weight': 'bold' }));
  chain.forEach((v, k) => body.push(image(L + k * 58, y + 12, v, { color: grey, label: `t = ${CHAIN_STEPS[k]}` })));
  y += 12 + 48 + 40;
  body.push(text(L, y, '16 independent chains after 1000 sweeps each', { 'font-size': 14, 'font-weight': 'bold' }));
  for (let k = 0; k < samples.rows; k++) body.push(image(L + (k % 8) * 58, y + 12 + Math.floor(k / 8) * 56, row(samples, k), { color: grey }));
  // right: AIS against the exact value, with ± 2 standard errors as a band of points
  const minT = Math.log10(AIS_TEMPERATURES[0]), maxT = Math.log10(AIS_TEMPERATURES.at(-1));
  const values = s.ais.flatMap((a) => [a.logZ - 2 * a.stderr, a.logZ + 2 * a.stderr]).concat([s.exact]);
  const lo = Math.min(...values), hi = Math.max(...values);
  const pad = 0.1 * (hi - lo) + 0.05;
  body.push(lineChart({
    id: 'ais', left: 700, top: 90, width: 430, height: 300, xRange: [minT - 0.2, maxT + 0.2], yRange: [lo - pad, hi + pad],
    series: [
      { points: s.ais.map((a) => [Math.log10(a.temperatures), a.logZ]), color: '#e8412c', label: `AIS, ${AIS_CHAINS} chains` },
      { points: s.ais.map((a) => [Math.log10(a.temperatures), a.logZ + 2 * a.stderr]), color: '#f0a202', label: '± 2 standard errors', dash: '3 3' },
      { points: s.ais.map((a) => [Math.log10(a.temperatures), a.logZ - 2 * a.stderr]), color: '#f0a202', dash: '3 3' },
    ],
    hLines: [{ y: s.exact, label: `exact log Z = ${num(s.exact, 3)}`, color: '#222222' }],
    title: 'log Z by AIS against the number of temperatures', xLabel: 'log₁₀ temperatures', yLabel: 'log Z', legendAt: [0.45, 0.6],
  }));
  y += 12 + 2 * 56 + 24;
  for (const line of captions(s)) {
    body.push(text(L, y, line, { fill: '#333333' }));
    y += 19;
  }
  return svgDocument(1200, y + 4, body, 'RBM filters, Gibbs samples and AIS estimates of log Z');
}

function captions(s) {
  const first = s.ais[0], last = s.ais.at(-1);
  return [
    `Exact log Z (enumerating 2²⁰ hidden states) is ${escapeXml(num(s.exact, 3))}, so the held-out log-likelihood is ${escapeXml(num(s.ll, 2))} nats per digit. AIS with ${first.temperatures} temperatures`,
    `is off by ${escapeXml(num(first.error, 3))} (± ${escapeXml(num(first.stderr, 3))}); with ${last.temperatures} it is off by ${escapeXml(num(last.error, 3))} (± ${escapeXml(num(last.stderr, 3))}): finer annealing, smaller bias${first.error < 0 ? ' (too few temperatures underestimate log Z)' : ''} and a smaller standard error.`,
  ];
}

function section(s) {
  const rows = s.ais.map((a) => `<tr><td>${a.temperatures}</td><td>${a.logZ.toFixed(3)}</td><td>${a.stderr.toFixed(3)}</td><td>${a.error.toFixed(3)}</td></tr>`).join('\n');
  return `<section id="rbm">
<h2>7 · Restricted Boltzmann machine: samples and the partition function</h2>
<p>An RBM is a latent-variable EBM whose hidden layer sums out in closed form: <i>E</i>(<i>v</i>, <i>h</i>) = −<i>b</i>ᵀ<i>v</i> −
<i>c</i>ᵀ<i>h</i> − <i>v</i>ᵀ<i>Wh</i>, F(<i>v</i>) = −log Σ<sub><i>h</i></sub> exp(−<i>E</i>). Trained by persistent contrastive divergence
(${FIT.epochs} epochs on ${TRAIN} binarized digits), it is a contrastive method: Gibbs chains supply the samples whose energy
is pushed up. Its log-likelihood needs log <i>Z</i>; with 20 hidden units the exact value (${s.exact.toFixed(3)}) is a sum over
2²⁰ states, and annealed importance sampling converges to it as the number of temperatures grows.</p>
<figure>
<img src="rbm-digits.svg" alt="RBM filters as 8×8 images, a Gibbs chain and samples, and AIS estimates of log Z approaching the exact value">
</figure>
<table>
<thead><tr><th>temperatures</th><th>AIS log Z</th><th>standard error</th><th>error vs exact</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
