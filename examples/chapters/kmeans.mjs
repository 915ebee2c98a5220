// Chapter 1 of the tour: K-means as a latent-variable EBM (LeCun, NYU Deep Learning, week 7
// part 2). E(y, z) = ||y − W z||² with z one-hot over k prototypes (the columns of W);
// F∞(y) = min_z E(y, z) and F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β·E(y, z))).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spiral } from '../lib/data.mjs';
import { viridis } from '../lib/colormap.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const DATA = { n: 2000, noise: 0.05, turns: 1.5, seed: 7 };
const KS = [4, 8, 16, 32];
const SHOWN_K = 16;
const FIT = { algorithm: 'lloyd', init: 'k-means++', nInit: 3, maxIter: 300, tol: 1e-4 };
const GRID = 120;
const LEVELS = 16;

export async function kmeansChapter({ ebm, outDir, status }) {
  const data = spiral(ebm, DATA);
  const X = data.X;
  status.done(`Chapter 1 · K-means as an energy-based model — spiral, n = ${X.rows} (${data.source})`);

  const fits = [];
  let shown = null;
  for (const k of KS) {
    const model = new ebm.KMeansEBM({ k, seed: 1 });
    const t0 = performance.now();
    await model.fit(X, {
      ...FIT,
      onProgress: (p) =>
        status.update(`  fitting k = ${k}: restart ${p.run}/${FIT.nInit}, iteration ${p.iteration}, inertia ${p.inertia.toFixed(3)}`, {
          milestone: p.iteration % 10 === 0,
        }),
    });
    const ms = performance.now() - t0;
    status.clear();
    fits.push({ k, inertia: model.inertia, iterations: model.iterations, converged: model.converged, ms });
    if (k === SHOWN_K) shown = model;
    else model.dispose();
  }
  printTable(fits);

  status.update(`  energy grids ${GRID}×${GRID} for k = ${SHOWN_K} …`, { milestone: true });
  const fig = figure(shown, X);
  shown.dispose();
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'kmeans-spiral.svg');
  writeFileSync(file, fig.svg);
  status.clear();

  return { files: [file], html: section(fig, fits, data, X) };
}

function printTable(fits) {
  const rows = [['k', 'inertia', 'iterations', 'converged', 'time ms']];
  for (const f of fits) rows.push([String(f.k), f.inertia.toFixed(3), String(f.iterations), f.converged ? 'yes' : 'no', f.ms.toFixed(1)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => '  ' + r.map((s, c) => (c === 3 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('   ');
  console.log(line(rows[0]));
  console.log('  ' + widths.map((w) => '─'.repeat(w)).join('   '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`  (Lloyd, k-means++ init, best of ${FIT.nInit} restarts, tol ${FIT.tol})`);
}

// Both panels share one colour scale so they can be compared band by band. Levels are
// spaced like squared distances, (i·Δ)², so F∞'s bands are rings of equal width around
// each prototype and the low-energy detail near the data gets most of the colours.
function figure(model, X) {
  const n = X.rows;
  // the typical cluster variance: mean squared distance of a point to its prototype
  const variance = model.inertia / n;
  const beta = 1 / variance;

  const bounds = squareBounds(X, 0.08);
  const grid = { ...bounds, nx: GRID, ny: GRID };
  const fInf = model.energyGrid(grid);
  const fBeta = model.energyGrid({ ...grid, beta });
  const sorted = Float32Array.from(fInf.values).sort();
  const top = sorted[Math.floor(0.9 * sorted.length)];
  const step = niceStep(Math.sqrt(top) / LEVELS); // Δ, a distance
  const levels = Array.from({ length: LEVELS }, (_, i) => ((i + 1) * step) ** 2);
  const colors = Array.from({ length: LEVELS + 1 }, (_, b) => viridis(b / LEVELS));

  const W = 1200;
  const size = 460;
  const left1 = 66;
  const left2 = left1 + size + 84;
  const top0 = 96;
  const bar = { left: left2 + size + 34, top: top0 + 30, width: 18, height: size - 60, levels, colors, title: 'energy' };
  const prototypes = model.prototypes;
  const body = [];
  body.push(text(left1, 32, `K-means as an energy-based model: k = ${model.k} prototypes on a spiral (n = ${n})`, { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(legend(left1, 60, n, model.k));
  body.push(
    energyPanel({
      id: 'finf', left: left1, top: top0, size, grid: fInf, bounds, levels, colors, points: X, prototypes,
      title: `${sub('F', '∞')}(y) = min${sub('', 'z')} ‖y − Wz‖²   (zero temperature)`,
    }),
  );
  body.push(
    energyPanel({
      id: 'fbeta', left: left2, top: top0, size, grid: fBeta, bounds, levels, colors, points: X, prototypes,
      title: `${sub('F', 'β')}(y) = −(1/β) log (1/k) Σ${sub('', 'z')} exp(−β‖y − Wz‖²),  β = ${escapeXml(num(beta, 1))}`,
    }),
  );
  body.push(colorBar(bar));

  let y = top0 + size + 62;
  for (const line of captionLines({ k: model.k, variance, beta, step })) {
    body.push(text(left1, y, line, { fill: '#333333' }));
    y += 19;
  }
  const svg = svgDocument(W, y + 4, body, `K-means energy landscape (k = ${model.k}): F∞ and F_β`);
  return { svg, beta, variance, levels, k: model.k };
}

// "F" with a subscript; baseline-shift (unlike dy) leaves the rest of the line where it was
function sub(base, s) {
  return `${base}<tspan baseline-shift="-22%" font-size="0.75em">${s}</tspan>`;
}

function legend(x, y, n, k) {
  const out = [];
  out.push(el('rect', { x: x - 2, y: y - 16, width: 1070, height: 24, rx: 4, fill: '#f4f4f4' }));
  out.push(el('circle', { cx: x + 8, cy: y - 4, r: 3, fill: '#ffffff', stroke: '#777777' }));
  out.push(text(x + 18, y, `data y (n = ${n}, white in the panels)`));
  const x2 = x + 282;
  out.push(el('path', { d: `M${x2 + 7} ${y - 11}l6 6l-6 6l-6 -6Z`, fill: '#e8412c', stroke: '#ffffff', 'stroke-width': 1.3 }));
  out.push(text(x2 + 20, y, `prototypes: the k = ${k} columns of W, where F${'∞'} = 0`));
  const x3 = x2 + 378;
  out.push(el('rect', { x: x3, y: y - 11, width: 26, height: 12, fill: viridis(0.2) }));
  out.push(el('rect', { x: x3 + 13, y: y - 11, width: 13, height: 12, fill: viridis(0.45) }));
  out.push(text(x3 + 34, y, 'energy bands, one colour scale for both panels'));
  return out.join('\n');
}

function captionLines({ k, variance, beta, step }) {
  const F = (s) => sub('F', s);
  return [
    `<tspan font-weight="bold">Left:</tspan> ${F('∞')}(y) = min${sub('', 'z')} E(y, z), the squared distance to the nearest prototype: inference by minimisation over the latent z.`,
    `It is exactly 0 at the ${k} prototypes and nowhere else. K-means is an <tspan font-style="italic">architectural</tspan> method: only k points can have zero energy, so the volume of low energy is limited.`,
    `<tspan font-weight="bold">Right:</tspan> ${F('β')}(y) marginalises z at inverse temperature β = 1/σ² = ${escapeXml(num(beta, 1))}, where σ² = inertia/n = ${escapeXml(num(variance, 4))} is the typical cluster variance`,
    `(mean squared distance of a point to its prototype). Wells closer than about 1/√β = ${escapeXml(num(1 / Math.sqrt(beta), 3))} merge into one smooth valley along the spiral; as β → ∞, ${F('β')} → ${F('∞')}.`,
    `${F('∞')} ≤ ${F('β')} ≤ ${F('∞')} + (ln k)/β: the uniform prior 1/k lifts an isolated well by up to (ln k)/β = ${escapeXml(num(Math.log(k) / beta, 3))}. Levels are (i·Δ)² with Δ = ${escapeXml(num(step, 4))}, equally spaced in distance.`,
  ];
}

function squareBounds(X, pad) {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    const x = X.data[2 * i];
    const y = X.data[2 * i + 1];
    xMin = Math.min(xMin, x); xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y); yMax = Math.max(yMax, y);
  }
  const half = (Math.max(xMax - xMin, yMax - yMin) / 2) * (1 + pad);
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

// The first of {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8} × 10^m at or above x: levels (i·Δ)² get short, exact labels.
function niceStep(x) {
  const mag = 10 ** Math.floor(Math.log10(x));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * mag).find((s) => s >= x * (1 - 1e-9));
}

function section(fig, fits, data, X) {
  const rows = fits
    .map((f) => `<tr${f.k === fig.k ? ' class="shown"' : ''}><td>${f.k}</td><td>${f.inertia.toFixed(3)}</td><td>${f.iterations}</td><td>${f.converged ? 'yes' : 'no'}</td></tr>`)
    .join('\n');
  return `<section id="kmeans">
<h2>1 · K-means as an energy-based model</h2>
<p>The lecture's first worked example of a <em>latent-variable</em> EBM: an observation <i>y</i> and a latent
<i>z</i>, a one-hot vector that picks one of <i>k</i> prototypes, the columns of a matrix <i>W</i>. The energy is the
reconstruction error <i>E</i>(<i>y</i>, <i>z</i>) = ‖<i>y</i> − <i>Wz</i>‖². We never observe <i>z</i>, so we eliminate it
and get a free energy of <i>y</i> alone:</p>
<ul>
<li><b>F<sub>∞</sub>(<i>y</i>) = min<sub><i>z</i></sub> <i>E</i>(<i>y</i>, <i>z</i>)</b>: the zero-temperature limit, inference by
minimisation. It is the squared distance to the nearest prototype (left panel).</li>
<li><b>F<sub>β</sub>(<i>y</i>) = −(1/β) log((1/<i>k</i>) Σ<sub><i>z</i></sub> exp(−β<i>E</i>(<i>y</i>, <i>z</i>)))</b>: marginalisation at
inverse temperature β, a soft minimum. As β → ∞ it becomes F<sub>∞</sub>; for smaller β nearby wells merge
into a smooth valley (right panel, β = ${num(fig.beta, 1)} = 1/σ²).</li>
</ul>
<p>Training with Lloyd's algorithm is coordinate descent on the energy of the data: assign each point its best
<i>z</i> (inference), then move each prototype to the mean of its points (learning). Nothing ever pushes energy
<em>up</em>: K-means is an <b>architectural</b> method. Only the <i>k</i> prototypes can have zero energy, so
the volume of low energy is limited by construction and the landscape cannot collapse to a flat zero. The
price is that the energy grows like a squared distance everywhere, with the data's manifold approximated by
<i>k</i> points. Data: ${X.rows} points of a noisy spiral of ${DATA.turns} turns (noise ${DATA.noise}, seed ${DATA.seed}; ${escapeXml(data.source)}).</p>
<figure>
<img src="kmeans-spiral.svg" alt="Filled contour plots of F∞ (left) and F_β (right) for k-means with k = ${fig.k} on a spiral, with data points and prototypes">
</figure>
<table>
<thead><tr><th>k</th><th>inertia Σ F<sub>∞</sub>(y<sub>i</sub>)</th><th>iterations</th><th>converged</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">Inertia falls as <i>k</i> grows: more prototypes, more volume of low energy. With <i>k</i> = n every
point would get zero energy, the architectural limit gone.</p>
</section>`;
}
