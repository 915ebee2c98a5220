// Chapter 3 of the tour: why not least squares, and what MCMC can and cannot do (LeCun, NYU
// Deep Learning, week 7 part 2: an energy F(x, y) gives every plausible y for an x, where a
// regression gives one blurry average). A conditional MLPEnergy F(x, y) is trained by
// contrastive divergence on data with two answers per x, y = ±g(x) + noise; inference is
// minimisation (predict: the distinct minima of F(x, ·)), and sampling p(y | x) ∝ exp(−F(x, y))
// with MALA from model.given(x) shows the other face of a multimodal energy: chains stay in the
// valley they start in, and R̂ says so. Deterministic: fixed seeds, no timings in the files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChart } from '../lib/chart.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const N = 512;
const NOISE = 0.05;
const g = (x) => x * x + 0.5; // the two answers are ±g(x)
const ARCH = { inputDim: 1, conditionDim: 1, hidden: [64, 64], activation: 'silu', seed: 0 };
const TRAIN = {
  epochs: 100, batchSize: 128, energySquare: 0.1, lr: 2e-3, seed: 3,
  negatives: { init: 'noise', sampler: 'langevin', steps: 20, stepSize: 0.005, noise: { bounds: { lo: [-2], hi: [2] } } },
};
const PREDICT = { starts: 16, steps: 300, stepSize: 0.01, tol: 0.25, bounds: { lo: [-2], hi: [2] } };
const XS = Array.from({ length: 41 }, (_, i) => -1 + i / 20);
const SAMPLED = [-0.8, 0, 0.5];
const MCMC = { chains: 64, warmup: 500, draws: 1000, seed: 5 };
const Y_RANGE = [-2.5, 2.5];

export async function multimodalChapter({ ebm, outDir, status }) {
  // data: x uniform on [−1, 1], y on one of the two branches (a fair coin) plus noise
  const u = ebm.random.uniform(2 * N, { seed: 1 });
  const z = ebm.random.normal(N, { seed: 2 });
  const X = { rows: N, cols: 1, data: new Float32Array(N) };
  const Y = { rows: N, cols: 1, data: new Float32Array(N) };
  for (let i = 0; i < N; i++) {
    X.data[i] = 2 * u[i] - 1;
    Y.data[i] = (u[N + i] < 0.5 ? -1 : 1) * g(X.data[i]) + NOISE * z[i];
  }
  status.done(`Chapter 3 · Multimodal prediction: y = ±(x² + 0.5) + noise, n = ${N}`);

  // least squares on (1, x, x²): the two branches cancel
  const ls = leastSquaresQuadratic(X.data, Y.data);
  const lsAt = (x) => ls[0] + ls[1] * x + ls[2] * x * x;

  // the conditional energy, trained by contrastive divergence (short-run Langevin from noise)
  const F = new ebm.MLPEnergy(ARCH);
  const trainer = await ebm.train.contrastive(F, { X, Y }, {
    epochs: TRAIN.epochs, batchSize: TRAIN.batchSize, seed: TRAIN.seed, negatives: TRAIN.negatives,
    optimizer: ebm.optim.adam({ lr: TRAIN.lr }), regularization: { energySquare: TRAIN.energySquare },
    onProgress: (p) => status.update(`  contrastive training: epoch ${p.epoch}/${TRAIN.epochs}, loss ${p.loss.toFixed(3)}`, { milestone: p.step % 100 === 0 }),
  });
  const trainSteps = trainer.steps;
  trainer.dispose();
  status.clear();

  // inference: the distinct minima of F(x, ·), sorted by energy
  const minima = F.predict(XS.map((x) => [x]), PREDICT);
  const branchError = [];
  XS.forEach((x, i) => {
    const m = Array.from(minima[i].data).slice(0, 2).sort((a, b) => a - b);
    if (m.length === 2) branchError.push(Math.max(Math.abs(m[0] + g(x)), Math.abs(m[1] - g(x))));
  });

  // sampling p(y | x) for a few x: exact answers by quadrature on a fine grid of y
  const rows = [];
  let shown = null;
  const sampledMinima = F.predict(SAMPLED.map((x) => [x]), PREDICT);
  for (const [k, x] of SAMPLED.entries()) {
    const exact = conditionalDensity(F, x);
    const e = F.given([x]);
    const s = ebm.samplers.mala(e, { chains: MCMC.chains, seed: MCMC.seed, stepSize: 0.05 });
    const r = await s.run({ warmup: MCMC.warmup, draws: MCMC.draws, adapt: {} });
    const d = r.samples.data;
    let upper = 0;
    for (const v of d) if (v > 0) upper++;
    const chainsUpper = Array.from({ length: MCMC.chains }, (_, c) => d[(MCMC.draws - 1) * MCMC.chains + c] > 0).filter(Boolean).length;
    const rhat = ebm.diagnostics.rhat(r.samples)[0];
    const ess = ebm.diagnostics.ess(r.samples).bulk[0];
    const accept = r.acceptRate.reduce((a, b) => a + b, 0) / MCMC.chains;
    rows.push({ x, ls: lsAt(x), minima: Array.from(sampledMinima[k].data).slice(0, 2), exactUpper: exact.upper, upper: upper / d.length, chainsUpper, rhat, ess, accept, stepSize: r.stepSize });
    if (x === SAMPLED.at(-1)) shown = { x, exact, samples: d };
    s.dispose();
    e.dispose();
    status.update(`  sampling p(y | x = ${x}) with MALA: R̂ ${rhat.toFixed(2)}`, { milestone: true });
  }
  status.clear();
  const worst = Math.max(...branchError);
  console.log(`  least squares predicts ${lsAt(0).toFixed(3)} at x = 0 (the answers are ±${g(0)}); the EBM's two lowest minima are within ${worst.toFixed(3)} of the branches over ${branchError.length}/${XS.length} x values`);
  for (const r of rows) {
    console.log(`  x = ${r.x}: p(y > 0 | x) = ${r.exactUpper.toFixed(2)} by quadrature; MALA samples ${r.upper.toFixed(2)} above 0, R̂ = ${r.rhat.toFixed(2)} (${r.chainsUpper}/${MCMC.chains} chains end on the upper branch)`);
  }

  const files = [];
  const svg = join(outDir, 'multimodal.svg');
  writeFileSync(svg, figure({ X, Y, lsAt, minima, shown }));
  files.push(svg);
  F.dispose();
  return { files, html: section({ ls, rows, worst, found: branchError.length, trainSteps }) };
}

/** Least squares of y on (1, x, x²) by the normal equations (3×3, Gauss–Jordan). */
function leastSquaresQuadratic(x, y) {
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const f = [1, x[i], x[i] * x[i]];
    for (let r = 0; r < 3; r++) {
      b[r] += f[r] * y[i];
      for (let c = 0; c < 3; c++) A[r][c] += f[r] * f[c];
    }
  }
  const m = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = 0; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r, i) => r[3] / r[i]);
}

/** p(y | x) ∝ exp(−F(x, y)) on a grid of y (midpoint rule), and its mass above 0. */
function conditionalDensity(F, x) {
  const n = 2001;
  const h = (Y_RANGE[1] - Y_RANGE[0]) / n;
  const ys = Float32Array.from({ length: n }, (_, i) => Y_RANGE[0] + (i + 0.5) * h);
  const E = F.energy({ rows: n, cols: 1, data: ys }, { rows: n, cols: 1, data: new Float32Array(n).fill(x) });
  let emin = Infinity;
  for (const v of E) emin = Math.min(emin, v);
  const w = Array.from(E, (v) => Math.exp(-(v - emin)));
  const Z = w.reduce((a, b) => a + b, 0) * h;
  let upper = 0;
  for (let i = 0; i < n; i++) if (ys[i] > 0) upper += w[i] * h;
  return { ys, density: w.map((v) => v / Z), upper: upper / Z };
}

function figure({ X, Y, lsAt, minima, shown }) {
  const body = [text(70, 30, 'One x, two answers: least squares, the energy’s minima, and samples of p(y | x)', { 'font-size': 17, 'font-weight': 'bold' })];
  // left: data, least squares, minima
  const L = { left: 70, top: 64, width: 520, height: 380, x: [-1.05, 1.05], y: Y_RANGE };
  const px = (x) => L.left + ((x - L.x[0]) / (L.x[1] - L.x[0])) * L.width;
  const py = (y) => L.top + L.height - ((y - L.y[0]) / (L.y[1] - L.y[0])) * L.height;
  const curve = (f) => Array.from({ length: 85 }, (_, i) => { const x = -1.05 + i * 0.025; return [x, f(x)]; });
  body.push(
    lineChart({
      id: 'multimodal-left', left: L.left, top: L.top, width: L.width, height: L.height, xRange: L.x, yRange: L.y,
      series: [
        { points: curve(g), color: '#999999', width: 1, label: 'the two true answers ±(x² + 0.5)' },
        { points: curve((x) => -g(x)), color: '#999999', width: 1 },
        { points: curve(lsAt), color: '#ff7f0e', dash: '6 4', label: 'least squares on (1, x, x²)' },
      ],
      title: 'Inference: y* = argmin F(x, y)', xLabel: 'x', yLabel: 'y', legendAt: [0.03, 0.02],
    }),
  );
  const dots = [];
  for (let i = 0; i < X.rows; i += 2) dots.push(el('circle', { cx: px(X.data[i]), cy: py(Y.data[i]), r: 1.6, fill: '#bbbbbb' }));
  XS.forEach((x, i) => {
    const m = minima[i].data;
    for (let k = 0; k < m.length; k++) dots.push(el('circle', { cx: px(x), cy: py(m[k]), r: k < 2 ? 3.6 : 2.4, fill: k < 2 ? '#1f77b4' : 'none', stroke: '#1f77b4' }));
  });
  body.push(el('g', {}, dots));
  body.push(text(L.left + 10, L.top + L.height - 12, escapeXml('● distinct minima of F(x, ·) (filled: the two lowest)'), { 'font-size': 12, fill: '#1f77b4' }));
  // right: p(y | x) for the shown x, and a histogram of the MALA samples
  const R = { left: 680, top: 64, width: 440, height: 380 };
  const bins = 60;
  const hist = new Float64Array(bins);
  const bw = (Y_RANGE[1] - Y_RANGE[0]) / bins;
  for (const v of shown.samples) {
    const b = Math.floor((v - Y_RANGE[0]) / bw);
    if (b >= 0 && b < bins) hist[b] += 1 / (shown.samples.length * bw);
  }
  const pMax = Math.max(...shown.exact.density, ...hist) * 1.1;
  const qx = (y) => R.left + ((y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0])) * R.width;
  const qy = (p) => R.top + R.height - (p / pMax) * R.height;
  const bars = [];
  for (let b = 0; b < bins; b++) {
    if (hist[b] === 0) continue;
    bars.push(el('rect', { x: qx(Y_RANGE[0] + b * bw), y: qy(hist[b]), width: qx(Y_RANGE[0] + bw) - qx(Y_RANGE[0]), height: R.top + R.height - qy(hist[b]), fill: '#2ca02c', 'fill-opacity': 0.45 }));
  }
  body.push(
    lineChart({
      id: 'multimodal-right', left: R.left, top: R.top, width: R.width, height: R.height, xRange: Y_RANGE, yRange: [0, pMax],
      series: [
        { points: Array.from(shown.exact.ys, (y, i) => [y, shown.exact.density[i]]), color: '#1f77b4', label: 'p(y | x) ∝ exp(−F(x, y)), by quadrature' },
        { points: [[lsAt(shown.x), 0], [lsAt(shown.x), pMax]], color: '#ff7f0e', dash: '6 4', width: 1.4, label: 'least squares' },
      ],
      title: `Sampling: MALA, ${MCMC.chains} chains, x = ${num(shown.x, 2)}`, xLabel: 'y', yLabel: 'density', legendAt: [0.03, 0.02],
    }),
  );
  body.push(el('g', {}, bars));
  body.push(text(R.left + 10, R.top + 70, escapeXml(`▮ histogram of ${MCMC.draws} draws × ${MCMC.chains} chains`), { 'font-size': 12, fill: '#2ca02c' }));
  return svgDocument(1160, 64 + 380 + 56, body, 'Multimodal prediction and sampling');
}

/** The sampling story as the numbers tell it: the best- and the worst-mixing condition. */
function mixing(rows) {
  const best = rows.reduce((a, b) => (b.rhat < a.rhat ? b : a));
  const worst = rows.reduce((a, b) => (b.rhat > a.rhat ? b : a));
  const say = (r) => `x = ${r.x} (answers ±${g(r.x).toFixed(2)})`;
  const good = best.rhat < 1.05
    ? `Where the two valleys are close, ${say(best)}, chains cross the ridge between them: ${best.upper.toFixed(2)} of the samples lie above 0, the quadrature says ${best.exactUpper.toFixed(2)}, and R̂ = ${best.rhat.toFixed(2)}.`
    : '';
  const bad = worst.rhat > 1.05
    ? ` Where they are ${best.rhat < 1.05 ? 'farther apart' : 'apart'}, ${say(worst)}, a chain seldom crosses the high-energy ridge: the share above 0 (${worst.upper.toFixed(2)}) reflects where the chains <em>started</em> more than the mass of each valley (${worst.exactUpper.toFixed(2)}), and the split-chain R̂ = ${worst.rhat.toFixed(2)} (well above 1.01) flags it.`
    : ' All chains crossed between the valleys here (R̂ ≤ 1.05 everywhere).';
  return good + bad;
}

function section({ ls, rows, worst, found, trainSteps }) {
  const tr = rows
    .map((r) => `<tr><td>${r.x}</td><td>${r.ls.toFixed(3)}</td><td>${r.minima.map((v) => v.toFixed(3)).join(', ')}</td><td>${r.exactUpper.toFixed(2)}</td><td>${r.upper.toFixed(2)}</td><td>${r.chainsUpper}/${MCMC.chains}</td><td>${r.rhat.toFixed(2)}</td><td>${r.ess.toFixed(0)}</td><td>${r.accept.toFixed(2)}</td></tr>`)
    .join('\n');
  const t = TRAIN.negatives;
  return `<section id="multimodal">
<h2>3 · One x, several answers: inference by minimisation, and sampling</h2>
<p>Why not simply regress <i>y</i> on <i>x</i>? When an <i>x</i> has several good answers, here
<i>y</i> = ±(<i>x</i>² + 0.5) plus a little noise, least squares predicts their <em>average</em>:
on (1, <i>x</i>, <i>x</i>²) it finds ${ls.map((v) => v.toFixed(3)).join(', ')}, a curve near 0 that is far from every answer.
An energy-based model <i>F</i>(<i>x</i>, <i>y</i>) instead scores each candidate <i>y</i>, and <b>inference is
minimisation</b>: <i>y</i>* = argmin<sub><i>y</i></sub> <i>F</i>(<i>x</i>, <i>y</i>). A conditional <code>MLPEnergy</code>
(inputs [<i>x</i>, <i>y</i>], 64 → 64 silu units) trained with <code>train.contrastive(F, { X, Y }, …)</code>
(${trainSteps} steps; negatives: ${t.steps} Langevin steps from uniform noise on [${t.noise.bounds.lo[0]}, ${t.noise.bounds.hi[0]}],
ε = ${t.stepSize}, pushed up for each row's own <i>x</i>) has two valleys per <i>x</i>, and
<code>F.predict(X, { starts: ${PREDICT.starts}, steps: ${PREDICT.steps} })</code>, gradient descent on <i>y</i> from ${PREDICT.starts} starting
points, returns the distinct minima sorted by energy: the two lowest are within ${worst.toFixed(3)} of the true branches
at ${found} of ${XS.length} values of <i>x</i> (left panel).</p>
<p>The energy also defines the conditional Gibbs distribution <i>p</i>(<i>y</i> | <i>x</i>) ∝ exp(−<i>F</i>(<i>x</i>, <i>y</i>)).
<code>F.given([x])</code> fixes <i>x</i> and makes an Energy over <i>y</i> that every sampler accepts; the table compares
MALA (${MCMC.chains} chains from N(0, 1), ${MCMC.warmup} warm-up steps adapting the step size, ${MCMC.draws} draws) with the exact answer by quadrature.
${mixing(rows)} This is why the lecture's contrastive methods do not rely on long chains mixing: persistent chains, a
replay buffer restarted from noise, or short runs from many starting points.</p>
<figure>
<img src="multimodal.svg" alt="Left: data on two parabolic branches, the least-squares curve between them, and the energy's minima on both branches. Right: the conditional density p(y | x) with two peaks and a histogram of MALA samples">
</figure>
<table>
<thead><tr><th>x</th><th>least squares</th><th>two lowest minima</th><th>p(y &gt; 0 | x), exact</th><th>MALA: share &gt; 0</th><th>chains ending &gt; 0</th><th>R̂</th><th>bulk ESS</th><th>accept</th></tr></thead>
<tbody>
${tr}
</tbody>
</table>
</section>`;
}
