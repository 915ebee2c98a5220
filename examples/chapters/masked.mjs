// Chapter 9 of the tour: self-supervised prediction of the masked from the visible (the lecture's
// BERT on images). A MaskedAutoencoder reads the digits as 64 tokens of 17 levels (0–16), some of
// them hidden, and gives each hidden pixel a distribution over the 17 levels; a ridge least-squares
// regressor on the same one-hot visible inputs gives one number, the conditional mean. The figure
// shows held-out digits with 16 pixels hidden and, for the pixels where the model is least sure,
// fill()'s bars next to least squares' single value. A short training (the README's figures come
// from scripts/mae-digits.mjs with hidden 256 and 40 epochs, 2½ minutes). Deterministic: fixed seeds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grey, image } from '../lib/images.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';
// the same baselines as test/mae.test.ts and scripts/mae-digits.mjs
import { LEVELS, leastSquares, marginal, mulberry32, randomMask } from '../../test/mae-digits.mjs';

// the short training: 1297 training digits (the last 500 held out, as in the test), hidden 64, 3 epochs
export const MAE = { train: 1297, hidden: 64, epochs: 3, batchSize: 32, lr: 3e-3, maskRate: 0.25, seed: 11 };
export const HIDE = 16; // hidden pixels per held-out digit
export const SHOWN = 4; // digits in the figure
export const BARS = 2; // hidden pixels with bars per digit

/** Two modes: at least 20 % of the mass on ≤ 3 and at least 20 % on ≥ 13 (scripts/mae-digits.mjs's measure). */
export function ends(probs) {
  let lo = 0, hi = 0;
  for (let k = 0; k < LEVELS; k++) if (k <= 3) lo += probs[k]; else if (k >= 13) hi += probs[k];
  return { lo, hi, twoModes: lo >= 0.2 && hi >= 0.2 };
}

/** The chapter's whole computation, without drawing: the tests call it as the chapter does. */
export async function maskedRun(ebm, status) {
  const d = await ebm.datasets.digits();
  const n = MAE.train;
  const train = { rows: n, cols: 64, data: d.X.data.slice(0, n * 64) };
  const test = { rows: d.X.rows - n, cols: 64, data: d.X.data.slice(n * 64) };
  const m = new ebm.MaskedAutoencoder({ length: 64, vocab: LEVELS, hidden: MAE.hidden, maskRate: MAE.maskRate, seed: MAE.seed });
  const opt = ebm.optim.adam({ lr: MAE.lr });
  await m.fit(train, { epochs: MAE.epochs, batchSize: MAE.batchSize, optimizer: opt, onProgress: (p) => status?.update(`  MAE: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}`) });
  opt.dispose?.();
  const rand = mulberry32(MAE.seed);
  const mask = randomMask(test.rows, 64, HIDE, rand);
  const { tokens } = m.fill(test, mask);
  m.dispose();
  // least squares: fitted under four random 25 % masks per training row (as test/mae.test.ts), ridge λ = 1
  const ls = leastSquares(train, [0, 1, 2, 3].map(() => randomMask(train.rows, 64, HIDE, rand)), 1);
  const P = marginal(train);
  const x = new Int32Array(64);
  let accM = 0, accP = 0, seM = 0, seL = 0, two = 0;
  const per = tokens.map((t) => {
    const truth = test.data[t.row * 64 + t.position];
    for (let k = 0; k < 64; k++) x[k] = mask[t.row * 64 + k] ? LEVELS : test.data[t.row * 64 + k];
    let mp = 0;
    for (let k = 1; k < LEVELS; k++) if (P[t.position * LEVELS + k] > P[t.position * LEVELS + mp]) mp = k;
    let mean = 0;
    for (let k = 0; k < LEVELS; k++) mean += k * t.probs[k];
    const lsValue = ls(x, t.position);
    const e = ends(t.probs);
    accM += t.argmax === truth ? 1 : 0;
    accP += mp === truth ? 1 : 0;
    seM += (mean - truth) ** 2;
    seL += (lsValue - truth) ** 2;
    two += e.twoModes ? 1 : 0;
    return { ...t, truth, mean, ls: lsValue, split: Math.min(e.lo, e.hi) };
  });
  const N = tokens.length;
  const stats = { hidden: N, accuracy: accM / N, marginalAccuracy: accP / N, mseMean: seM / N, mseLS: seL / N, twoModes: two / N };
  // the figure: the SHOWN held-out digits whose most-split hidden pixel is the most split, and in each the BARS most split pixels
  const byRow = new Map();
  for (const p of per) (byRow.get(p.row) ?? byRow.set(p.row, []).get(p.row)).push(p);
  const rows = [...byRow.entries()]
    .map(([row, ps]) => ({ row, ps: ps.slice().sort((a, b) => b.split - a.split || a.position - b.position).slice(0, BARS) }))
    .sort((a, b) => b.ps[0].split - a.ps[0].split || a.row - b.row)
    .slice(0, SHOWN)
    .sort((a, b) => a.row - b.row);
  const shown = rows.map(({ row, ps }) => ({
    row, pixels: test.data.slice(row * 64, row * 64 + 64), mask: mask.slice(row * 64, row * 64 + 64), bars: ps,
  }));
  return { stats, shown, testRows: test.rows, trainRows: train.rows };
}

/** The chapter's two sentences, from the measured numbers. */
export function sentences(s) {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  return [
    `After this short training, the most probable level of <code>fill</code> is right for ${pct(s.accuracy)} of the ${s.hidden} hidden held-out pixels, ` +
      `against ${pct(s.marginalAccuracy)} for the per-pixel marginal of the training digits.`,
    `${pct(s.twoModes)} of the hidden pixels get a two-moded distribution (at least 20 % on both ≤ 3 and ≥ 13), where least squares ` +
      `can only answer one value in between; as point predictions, the mean of <code>fill</code>'s distribution has squared error ${s.mseMean.toFixed(2)} ` +
      `against ${s.mseLS.toFixed(2)} for least squares (${(s.mseMean / s.mseLS).toFixed(2)}×)${s.mseMean > s.mseLS ? ', the price of the short training' : ''}.`,
  ];
}

export async function maskedChapter({ ebm, outDir, status }) {
  status.done(`Chapter 9 · Masked prediction: the distribution of a hidden pixel given the visible ones — digits as 17-level tokens`);
  const run = await maskedRun(ebm, status);
  status.clear();
  const s = run.stats;
  console.log(
    `  argmax right ${(100 * s.accuracy).toFixed(1)} % (marginal ${(100 * s.marginalAccuracy).toFixed(1)} %), two-moded ${(100 * s.twoModes).toFixed(1)} %, ` +
      `squared error: mean of fill ${s.mseMean.toFixed(2)}, least squares ${s.mseLS.toFixed(2)}`,
  );
  const file = join(outDir, 'masked-digits.svg');
  writeFileSync(file, figure(run));
  return { name: 'masked', files: [file], html: section(run) };
}

function figure({ shown }) {
  const L = 30;
  const rowH = 150;
  const top0 = 104;
  const cell = 12;
  const bw = 14; // bar width
  const bh = 90; // bar chart height
  const body = [];
  body.push(text(L, 30, 'Predicting hidden pixels from visible ones: a distribution over 17 levels, not one value', { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(
    text(L, 56, 'left: a held-out digit, its 16 hidden pixels tinted red (two of them circled and numbered) · bars: p(level | visible pixels) from fill', { fill: '#333333' }),
  );
  body.push(text(L, 74, `orange line: least squares' single value (the conditional mean, clipped to 0–16) · black triangle: the true level`, { fill: '#333333' }));
  shown.forEach((d, r) => {
    const y = top0 + r * rowH;
    body.push(image(L, y, d.pixels, { cell, mask: d.mask, color: (v) => grey(v / 16) }));
    d.bars.forEach((b, k) => {
      const cx = L + (b.position % 8) * cell + cell / 2;
      const cy = y + Math.floor(b.position / 8) * cell + cell / 2;
      body.push(el('circle', { cx, cy, r: cell / 2 + 1.5, fill: 'none', stroke: '#1f77b4', 'stroke-width': 2 }));
      body.push(text(cx, cy - cell / 2 - 3, String(k + 1), { 'text-anchor': 'middle', 'font-size': 11, fill: '#1f77b4', 'font-weight': 'bold' }));
      const x0 = L + 8 * cell + 50 + k * (LEVELS * bw + 70);
      const yb = y + 8 + bh; // baseline
      const pmax = Math.max(0.5, ...b.probs);
      for (let v = 0; v < LEVELS; v++) {
        const h = (b.probs[v] / pmax) * bh;
        body.push(el('rect', { x: x0 + v * bw + 1, y: yb - h, width: bw - 2, height: h, fill: '#1f77b4' }));
      }
      body.push(el('line', { x1: x0, y1: yb, x2: x0 + LEVELS * bw, y2: yb, stroke: '#333333' }));
      for (const v of [0, 4, 8, 12, 16]) body.push(text(x0 + v * bw + bw / 2, yb + 14, String(v), { 'text-anchor': 'middle', 'font-size': 11, fill: '#333333' }));
      const lx = x0 + (Math.min(16, Math.max(0, b.ls)) + 0.5) * bw;
      body.push(el('line', { x1: lx, y1: yb - bh - 4, x2: lx, y2: yb, stroke: '#ff7f0e', 'stroke-width': 2.5 }));
      const tx = x0 + (b.truth + 0.5) * bw;
      body.push(el('path', { d: `M${num(tx)} ${num(yb + 17)}l-5 8h10z`, fill: '#222222' }));
      body.push(
        text(x0, y + 2, escapeXml(`${k + 1}: pixel (${Math.floor(b.position / 8)}, ${b.position % 8}) · least squares ${b.ls.toFixed(1)} · true ${b.truth}`), { 'font-size': 12, fill: '#333333' }),
      );
    });
  });
  const width = Math.max(960, L + 8 * cell + 50 + BARS * (LEVELS * bw + 70));
  return svgDocument(width, top0 + shown.length * rowH, body, 'Masked autoencoder on the digits: distributions of hidden pixels against least squares');
}

function section({ stats, testRows, trainRows }) {
  const [a, b] = sentences(stats);
  return `<section id="masked">
<h2>9 · Self-supervised prediction: the hidden from the visible, as a distribution</h2>
<p>The lecture's self-supervised recipe: hide part of the input and predict it from the rest. With discrete values,
as in BERT, the prediction is a <b>distribution</b> over the possible values, and its energy is −log p; a regressor
trained with the squared error predicts the <b>conditional mean</b>, which for an uncertain pixel (“ink or paper?”)
is a blurry grey that is neither. <code>MaskedAutoencoder</code> reads the 8×8 digits as 64 tokens of ${LEVELS} levels
(0–16), one-hot with a mask token, through one hidden layer of ${MAE.hidden} units, and is trained with BERT's recipe
(${MAE.maskRate * 100} % of the positions chosen per image) on the first ${trainRows} digits. This is a <b>short training</b>
(${MAE.epochs} epochs) to keep the tour fast; <code>node scripts/mae-digits.mjs</code> trains a larger one for 40 epochs.
On the other ${testRows} digits ${HIDE} pixels per image are hidden, and <code>fill</code> returns for each one its
${LEVELS} probabilities; the baseline is ridge least squares on the same one-hot visible inputs.</p>
<figure>
<img src="masked-digits.svg" alt="Held-out digits with hidden pixels, and for two hidden pixels each the distribution over 17 levels from the masked autoencoder next to the least-squares value">
</figure>
<p>${a} ${b}</p>
<p class="note">The digits and pixels drawn are those where the model is least sure (the most mass on the less likely end),
so the two-moded bars are the exception the picture was chosen for, not the rule.</p>
</section>`;
}
