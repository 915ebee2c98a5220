// Chapter 5 of the tour: latent-variable prediction on the horn. For one x the right answers
// y form a whole ellipse; E(x, y, z) = ‖y − Dec([x, z])‖² with z one of 16 learned embeddings
// gives one prediction per z, where least squares (one z) can only give their mean.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChart } from '../lib/chart.mjs';
import { viridis } from '../lib/colormap.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const DATA = { n: 1000, seed: 0 };
const MODEL = { xDim: 1, yDim: 2, hidden: [32, 32], seed: 0 };
const FIT = { objective: 'zeroTemperature', epochs: 30 };
const SHOWN_X = [0.1, 0.5, 0.9];
const LANDSCAPE_X = 0.5;
const BETAS = [10, 30, 100];
const BOUNDS = { xMin: -1.4, xMax: 1.4, yMin: -1.4, yMax: 1.4 };
const GRID = 72;
const LEVELS = 12;

export async function hornChapter({ ebm, outDir, status }) {
  const { X, Y } = ebm.datasets.horn(DATA);
  status.done(`Chapter 5 · Latent-variable prediction on the horn — n = ${X.rows}`);
  const fit = async (size, name) => {
    const m = new ebm.LatentEBM({ ...MODEL, latent: { kind: 'discrete', size, dim: Math.min(size, 4) } });
    await m.fit({ X, Y }, {
      ...FIT, optimizer: ebm.optim.adam({ lr: 3e-3 }),
      onProgress: (p) => status.update(`  ${name}: epoch ${p.epoch}/${p.epochs}`, { milestone: p.epoch === p.epochs }),
    });
    status.clear();
    return m;
  };
  const latent = await fit(16, 'latent EBM, 16 embeddings');
  const ls = await fit(1, 'least squares (one embedding)');
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const stats = { latentF: mean(latent.freeEnergy(X, Y)), lsF: mean(ls.freeEnergy(X, Y)) };
  console.log(`  mean F∞ on the data: latent EBM ${stats.latentF.toFixed(4)}, least squares ${stats.lsF.toFixed(4)}`);

  const sets = latent.predict(SHOWN_X.map((x) => [x]));
  const single = ls.predict(SHOWN_X.map((x) => [x]));
  stats.curveGap = curveGap(ebm, sets);
  const g = latent.energyGrid([LANDSCAPE_X], { bounds: [[BOUNDS.xMin, BOUNDS.xMax], [BOUNDS.yMin, BOUNDS.yMax]], resolution: GRID });
  // a slice through the landscape along y₂ = 0: F∞ and F_β for several β
  const slice = sliceCurves(latent, 121);
  stats.gapAtCentre = slice.centreGap;
  const svg = figure(ebm, X, Y, sets, single, g, slice, stats);
  latent.dispose();
  ls.dispose();
  const file = join(outDir, 'horn-latent.svg');
  writeFileSync(file, svg);
  return { files: [file], html: section(stats) };
}

// mean distance of the predictions to the true ellipse of their x (nearest of 720 curve points)
function curveGap(ebm, sets) {
  let s = 0, n = 0;
  sets.forEach((P, i) => {
    for (let r = 0; r < P.rows; r++) {
      let best = Infinity;
      for (let k = 0; k < 720; k++) {
        const [a, b] = ebm.datasets.hornCurve(SHOWN_X[i], (2 * Math.PI * k) / 720);
        best = Math.min(best, Math.hypot(P.data[2 * r] - a, P.data[2 * r + 1] - b));
      }
      s += best; n++;
    }
  });
  return s / n;
}

function sliceCurves(model, count) {
  const ys = new Float32Array(count * 2);
  const xs = new Float32Array(count).fill(LANDSCAPE_X);
  for (let i = 0; i < count; i++) ys[2 * i] = BOUNDS.xMin + ((BOUNDS.xMax - BOUNDS.xMin) * i) / (count - 1);
  const X = { rows: count, cols: 1, data: xs };
  const Yq = { rows: count, cols: 2, data: ys };
  const line = (E) => Array.from(E, (e, i) => [ys[2 * i], e]);
  const fInf = model.freeEnergy(X, Yq);
  const fBeta = BETAS.map((beta) => ({ beta, E: model.freeEnergy(X, Yq, { beta }) }));
  const mid = (count - 1) / 2;
  return { fInf: line(fInf), fBeta: fBeta.map((f) => ({ beta: f.beta, points: line(f.E) })), centreGap: fBeta.map((f) => f.E[mid] - fInf[mid]) };
}

function figure(ebm, X, Y, sets, single, g, slice, stats) {
  const body = [];
  const size = 360;
  const top = 92;
  const L1 = 60, L2 = L1 + size + 70, L3 = L2 + size + 150;
  body.push(text(L1, 30, 'Latent-variable prediction on the horn: E(x, y, z) = ‖y − Dec([x, z])‖², 16 embeddings z', { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(text(L1, 58, 'Colours of x: ' + SHOWN_X.map((x) => `x = ${x}`).join(', ') + '; circles: Dec(x, z) for the 16 z; curves: true ellipses; black cross: least squares', { fill: '#333333' }));
  // panel 1: data and predictions in the y plane
  const px = (v) => L1 + ((v - BOUNDS.xMin) / (BOUNDS.xMax - BOUNDS.xMin)) * size;
  const py = (v) => top + size - ((v - BOUNDS.yMin) / (BOUNDS.yMax - BOUNDS.yMin)) * size;
  body.push(el('rect', { x: L1, y: top, width: size, height: size, fill: '#fbfbfb', stroke: '#333333' }));
  let dots = '';
  for (let r = 0; r < Y.rows; r++) dots += `M${num(px(Y.data[2 * r]))} ${num(py(Y.data[2 * r + 1]))}h0`;
  body.push(el('path', { d: dots, stroke: '#bbbbbb', 'stroke-width': 2.4, 'stroke-linecap': 'round' }));
  SHOWN_X.forEach((x, i) => {
    const color = viridis(0.1 + 0.75 * (i / (SHOWN_X.length - 1)));
    let d = '';
    for (let k = 0; k <= 120; k++) {
      const [a, b] = ebm.datasets.hornCurve(x, (2 * Math.PI * k) / 120);
      d += `${k ? 'L' : 'M'}${num(px(a))} ${num(py(b))}`;
    }
    body.push(el('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.6 }));
    const P = sets[i];
    for (let r = 0; r < P.rows; r++) body.push(el('circle', { cx: px(P.data[2 * r]), cy: py(P.data[2 * r + 1]), r: 4, fill: color, stroke: '#ffffff' }));
    const c = single[i].data;
    body.push(el('path', { d: `M${num(px(c[0]) - 6)} ${num(py(c[1]) - 6)}l12 12m0 -12l-12 12`, stroke: '#000000', 'stroke-width': 2 }));
  });
  body.push(text(L1, top - 10, 'data (grey) and the predictions for three x', { 'font-size': 15, 'font-weight': 'bold' }));
  // panel 2: F∞(x = 0.5, y) over the y plane
  const bounds = { xMin: g.xs[0], xMax: g.xs[GRID - 1], yMin: g.ys[0], yMax: g.ys[GRID - 1] };
  const sorted = Float32Array.from(g.energy).sort();
  const hi = sorted[Math.floor(0.85 * sorted.length)];
  const levels = Array.from({ length: LEVELS }, (_, i) => Number((hi * ((i + 1) / LEVELS) ** 2).toPrecision(2)));
  const colors = Array.from({ length: LEVELS + 1 }, (_, b) => viridis(b / LEVELS));
  const P = sets[SHOWN_X.indexOf(LANDSCAPE_X)];
  body.push(energyPanel({ id: 'horn', left: L2, top, size, grid: { nx: GRID, ny: GRID, values: g.energy }, bounds, levels, colors, points: P, title: `F∞(x = ${LANDSCAPE_X}, y) = min_z E` }));
  body.push(colorBar({ left: L2 + size + 22, top: top + 20, width: 16, height: size - 40, levels, colors, title: 'F∞' }));
  // panel 3: a slice along y₂ = 0
  const all = [slice.fInf, ...slice.fBeta.map((f) => f.points)].flat().map((p) => p[1]);
  const yMax = Math.max(...all) * 1.05;
  const yMin = Math.min(...all) - 0.05 * yMax;
  const palette = ['#e8412c', '#f0a202', '#3b8bc2'];
  body.push(lineChart({
    id: 'hornslice', left: L3, top, width: 270, height: size, xRange: [BOUNDS.xMin, BOUNDS.xMax], yRange: [yMin, yMax],
    series: [
      { points: slice.fInf, color: '#222222', label: 'F∞' },
      ...slice.fBeta.map((f, i) => ({ points: f.points, color: palette[i], label: `F_β, β = ${f.beta}`, dash: i === 2 ? '' : '5 3' })),
    ],
    title: `slice y₂ = 0 at x = ${LANDSCAPE_X}`, xLabel: 'y₁', yLabel: 'free energy', legendAt: [0.25, 0.72],
  }));
  let y = top + size + 60;
  for (const line of captions(stats)) {
    body.push(text(L1, y, line, { fill: '#333333' }));
    y += 19;
  }
  return svgDocument(1300, y + 4, body, 'Latent-variable EBM on the horn: predictions, F∞ landscape, F_β slices');
}

function captions(s) {
  const gaps = BETAS.map((b, i) => `${escapeXml(num(s.gapAtCentre[i], 2))} at β = ${b}`).join(', ');
  return [
    `The 16 predictions Dec(x, z) lie on average ${escapeXml(s.curveGap.toFixed(3))} from the true ellipse of their x, and the mean F∞ of the data is ${escapeXml(s.latentF.toFixed(4))};`,
    `least squares (one z) answers the centre of each ellipse, a single blurry prediction with mean F∞ ${escapeXml(s.lsF.toFixed(4))}, ${escapeXml(num(s.lsF / s.latentF, 0))}× higher.`,
    `F∞ − (ln 16)/β ≤ F_β ≤ F∞: summing over the 16 z softens the minimum; at the centre of the ellipse F_β − F∞ is ${gaps},`,
    'so F_β approaches F∞ as β grows, and at small β the wells of neighbouring z merge into one valley along the ellipse.',
  ];
}

function section(s) {
  return `<section id="horn">
<h2>5 · Latent-variable prediction: the horn</h2>
<p>For one <i>x</i> there are many correct <i>y</i>: the data lie on an ellipse whose size changes with <i>x</i>. A
latent-variable EBM <i>E</i>(<i>x</i>, <i>y</i>, <i>z</i>) = ‖<i>y</i> − Dec([<i>x</i>, <i>z</i>])‖² with 16 learned
embeddings <i>z</i> predicts a <em>set</em>: as <i>z</i> varies, Dec(<i>x</i>, <i>z</i>) traces the curve (mean distance
${s.curveGap.toFixed(3)} to the true ellipse). Inference is F<sub>∞</sub>(<i>x</i>, <i>y</i>) = min<sub><i>z</i></sub> <i>E</i>,
low on the whole ellipse; F<sub>β</sub> marginalises <i>z</i> and tends to F<sub>∞</sub> as β → ∞.
Least squares (a single <i>z</i>) can only predict the mean of the answers, the centre of the ellipse, which is
no answer at all: its mean F<sub>∞</sub> is ${s.lsF.toFixed(4)} against ${s.latentF.toFixed(4)}.</p>
<figure>
<img src="horn-latent.svg" alt="Horn data with latent predictions tracing the true ellipses, the F∞ landscape for x = 0.5, and F_β slices">
</figure>
</section>`;
}
