// Chapter 4 of the tour: architectural methods on the 8×8 digits. Sparse coding limits the
// volume of low energy with an L1 penalty on the code, E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁; GLO
// with a small decoder and codes in the unit ball, F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖².
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diverging, image, meanSquared, row, symmetric } from '../lib/images.mjs';
import { escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

// small enough for a few seconds of CPU: 1000 training digits, the next 6 shown held out
const TRAIN = 1000;
const SPARSE = { nAtoms: 32, lambda: 0.2, seed: 0, epochs: 15 };
const GLO_SETTINGS = { dim: 64, latentDim: 8, hidden: [64], activation: 'relu', seed: 0, epochs: 60 };
const SHOWN = 6;
// the top half of each image is seen; the bottom half is predicted from the code of the top
const KNOWN = Array.from({ length: 64 }, (_, t) => t < 32);

export async function sparseGloChapter({ ebm, outDir, status }) {
  const { X } = await ebm.datasets.digits();
  const all = { rows: X.rows, cols: 64, data: X.data.map((v) => v / 16) };
  const train = { rows: TRAIN, cols: 64, data: all.data.subarray(0, TRAIN * 64) };
  const held = { rows: SHOWN, cols: 64, data: all.data.subarray(TRAIN * 64, (TRAIN + SHOWN) * 64) };
  status.done(`Chapter 4 · Sparse coding and GLO on the digits — ${TRAIN} training images, 8×8`);

  const sc = new ebm.SparseCoding({ nAtoms: SPARSE.nAtoms, lambda: SPARSE.lambda, seed: SPARSE.seed });
  await sc.fit(train, {
    method: 'alternating', epochs: SPARSE.epochs,
    onProgress: (p) => status.update(`  sparse coding: epoch ${p.epoch}/${p.epochs}, objective ${p.objective.toFixed(1)}`, { milestone: p.epoch === p.epochs }),
  });
  status.clear();
  const codes = sc.encode(held);
  const recon = sc.reconstruct(held);
  const filled = sc.complete(held, KNOWN);
  const sparse = sparseStats(codes, held, recon, filled, train);

  const glo = new ebm.GLO({ dim: 64, latentDim: GLO_SETTINGS.latentDim, hidden: GLO_SETTINGS.hidden, activation: GLO_SETTINGS.activation, seed: GLO_SETTINGS.seed });
  await glo.fit(train, {
    epochs: GLO_SETTINGS.epochs, batchSize: 64,
    optimizer: ebm.optim.adam({ lr: 3e-3 }), codeOptimizer: ebm.optim.adam({ lr: 0.03 }),
    onProgress: (p) => status.update(`  GLO: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}`, { milestone: p.epoch === p.epochs }),
  });
  status.clear();
  const gloStats = gloPieces(ebm, glo, train, held);
  console.log(`  sparse coding: ${num(sparse.active, 1)} of ${SPARSE.nAtoms} atoms active per held-out digit, reconstruction MSE ${sparse.mse.toFixed(4)}, completion MSE ${sparse.completion.toFixed(4)} (mean image ${sparse.baseline.toFixed(4)})`);
  console.log(`  GLO: held-out F∞ ${gloStats.heldF.toFixed(3)}, training F∞ ${gloStats.trainF.toFixed(3)}`);

  const fig = figure(sc, held, recon, filled, sparse, gloStats);
  sc.dispose();
  glo.dispose();
  const file = join(outDir, 'sparse-glo-digits.svg');
  writeFileSync(file, fig);
  return { files: [file], html: section(sparse, gloStats) };
}

function sparseStats(codes, held, recon, filled, train) {
  let nonzero = 0;
  for (const v of codes.data) if (v !== 0) nonzero++;
  // the baseline guess for the hidden half: the mean training image
  const mean = new Float64Array(64);
  for (let r = 0; r < train.rows; r++) for (let j = 0; j < 64; j++) mean[j] += train.data[r * 64 + j] / train.rows;
  let completion = 0, baseline = 0;
  for (let r = 0; r < held.rows; r++) {
    completion += meanSquared(row(filled, r), row(held, r), (j) => !KNOWN[j]) / held.rows;
    baseline += meanSquared(mean, row(held, r), (j) => !KNOWN[j]) / held.rows;
  }
  return { codes, active: nonzero / codes.rows, mse: meanSquared(recon.data, held.data), completion, baseline };
}

function gloPieces(ebm, glo, train, held) {
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const heldF = mean(glo.energy(held));
  const trainF = mean(glo.energy({ rows: 100, cols: 64, data: train.data.subarray(0, 6400) }));
  const { samples } = glo.sample(8, { seed: 1 });
  // a straight line between the learned codes of two training digits of different classes
  const codes = glo.codes;
  const a = 0, b = 1;
  const steps = 8;
  const Z = new Float32Array(steps * codes.cols);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let j = 0; j < codes.cols; j++) Z[s * codes.cols + j] = (1 - t) * codes.data[a * codes.cols + j] + t * codes.data[b * codes.cols + j];
  }
  const path = glo.decode({ rows: steps, cols: codes.cols, data: Z });
  const ends = { a: row(train, a), b: row(train, b) };
  return { heldF, trainF, samples, path, ends, steps };
}

function figure(sc, held, recon, filled, s, g) {
  const body = [];
  const L = 30;
  body.push(text(L, 30, 'Architectural methods on the 8×8 digits: sparse coding and GLO', { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(text(L, 62, `Dictionary: the ${SPARSE.nAtoms} atoms (rows of W, red > 0 > blue), λ = ${SPARSE.lambda}`, { 'font-size': 14, 'font-weight': 'bold' }));
  const atoms = sc.atoms;
  for (let k = 0; k < atoms.rows; k++) {
    body.push(image(L + (k % 16) * 58, 74 + Math.floor(k / 16) * 58, symmetric(row(atoms, k)), { cell: 6, color: diverging }));
  }
  let y = 74 + 2 * 58 + 28;
  body.push(text(L, y, 'Held-out digits y, their reconstruction Wᵀz*, and a completion from the top half only (hidden half tinted red)', { 'font-size': 14, 'font-weight': 'bold' }));
  y += 12;
  for (let r = 0; r < held.rows; r++) {
    const x = L + r * 196;
    const nz = Array.from(row(s.codes, r)).filter((v) => v !== 0).length;
    body.push(image(x, y, row(held, r), { cell: 6, label: 'y' }));
    body.push(image(x + 62, y, row(recon, r), { cell: 6, label: `${nz} atoms` }));
    body.push(image(x + 124, y, row(filled, r), { cell: 6, label: 'completed', mask: KNOWN.map((k) => !k) }));
  }
  y += 48 + 40;
  body.push(text(L, y, `GLO (latent dimension ${GLO_SETTINGS.latentDim}): decoded samples G(z), and G along the segment between the codes of two training digits`, { 'font-size': 14, 'font-weight': 'bold' }));
  y += 12;
  for (let k = 0; k < g.samples.rows; k++) body.push(image(L + k * 58, y, row(g.samples, k), { cell: 6 }));
  const x0 = L + 8 * 58 + 40;
  body.push(image(x0, y, g.ends.a, { cell: 6, label: 'y_a' }));
  for (let k = 0; k < g.steps; k++) body.push(image(x0 + 58 * (k + 1), y, row(g.path, k), { cell: 6, label: `t = ${num(k / (g.steps - 1), 2)}` }));
  body.push(image(x0 + 58 * (g.steps + 1), y, g.ends.b, { cell: 6, label: 'y_b' }));
  y += 48 + 44;
  for (const line of captions(s, g)) {
    body.push(text(L, y, line, { fill: '#333333' }));
    y += 19;
  }
  return svgDocument(1220, y + 4, body, 'Sparse coding atoms, reconstructions, completions; GLO samples and interpolation');
}

function captions(s, g) {
  return [
    `Sparse coding: a held-out digit uses on average ${escapeXml(num(s.active, 1))} of the ${SPARSE.nAtoms} atoms, with reconstruction error ${escapeXml(s.mse.toFixed(4))} per pixel. Coded from its top`,
    `half alone, the bottom half is predicted with error ${escapeXml(s.completion.toFixed(4))} (the mean training image: ${escapeXml(s.baseline.toFixed(4))}): low energy stays near sparse combinations of atoms.`,
    `GLO: F∞ = min‖y − G(z)‖² is ${escapeXml(g.trainF.toFixed(3))} on training digits and ${escapeXml(g.heldF.toFixed(3))} held out; only the decoder's image of a ball of dimension ${GLO_SETTINGS.latentDim} has low energy,`,
    'so samples are decoded codes, and every point of the segment between two codes is decoded too: the path stays inside that low-energy set.',
  ];
}

function section(s, g) {
  return `<section id="sparse-glo">
<h2>4 · Sparse coding and GLO: limiting the volume of low energy by architecture</h2>
<p>Two more <b>architectural</b> methods, on the 8×8 UCI digits (pixels scaled to [0, 1], ${TRAIN} training images).
<b>Sparse coding</b> has energy <i>E</i>(<i>y</i>, <i>z</i>) = ½‖<i>y</i> − <i>W</i>ᵀ<i>z</i>‖² + λ‖<i>z</i>‖₁: the L1 term makes most
of the code zero, so only images close to a sparse combination of the atoms get low F<sub>∞</sub>. Coding the visible top
half and decoding the whole image <em>predicts the masked half from the visible one</em>: on held-out digits its error is
${s.completion.toFixed(4)} per pixel against ${s.baseline.toFixed(4)} for the mean image, with ${num(s.active, 1)} atoms active on average.</p>
<p><b>GLO</b> learns a decoder <i>G</i> and one code per training image in the unit ball of dimension ${GLO_SETTINGS.latentDim};
F<sub>∞</sub>(<i>y</i>) = min<sub>‖<i>z</i>‖≤1</sub> ‖<i>y</i> − <i>G</i>(<i>z</i>)‖² is ${g.trainF.toFixed(3)} on training digits and
${g.heldF.toFixed(3)} held out. No contrastive samples are needed: the decoder's image is a thin set.</p>
<figure>
<img src="sparse-glo-digits.svg" alt="Dictionary atoms as 8×8 images; held-out digits with reconstructions and completions; GLO samples and an interpolation">
</figure>
</section>`;
}
