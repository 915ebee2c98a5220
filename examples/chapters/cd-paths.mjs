// Chapter 10 of the tour: contrastive divergence's trajectories (the lecture's green lines). The
// recipe: start at a training point, give it a random kick, then descend the energy with noise
// (Langevin) for k steps; where the path ends is the contrastive sample whose energy is pushed up.
// Drawn on chapter 2's PCD energy at two moments of its training (the tour's cache holds both).
// The paths are not read out of a training step (the trainer does not expose its per-step path):
// they are reproduced with samplers.langevin on the model's energy, with chapter 2's k, ε and noise,
// from kicked starts drawn with a fixed seed. Deterministic: fixed seeds, no timings in the files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridMin, nllGrid, nllLevels, thin } from '../lib/density.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';
import { ARCH, MOONS, PCD } from './contrastive.mjs';

export const PATHS = { points: 10, kick: 0.4, seed: 7 };
const BOX = MOONS.pictureBox;
const N = 101; // grid nodes per side of a panel's picture

/** The starts: PATHS.points training points spread over the set (every k-th row). */
export function starts(train) {
  return thin(train, PATHS.points);
}

/**
 * CD's negative for each start: kick by N(0, kick²) (random.normal, seed), then the k Langevin steps of chapter 2's
 * training (ε, noise scale) with samplers.langevin (seed + 1). Returns per start the path [[y₁, y₂], …]: the data
 * point, the kicked point, then one point per step; and the energies at the kicked and final points.
 */
export async function cdPaths(ebm, model, Y) {
  const n = Y.rows;
  const xi = ebm.random.normal(2 * n, { seed: PATHS.seed });
  const kicked = { rows: n, cols: 2, data: Float32Array.from(Y.data, (v, i) => v + PATHS.kick * xi[i]) };
  const { steps, stepSize, noiseScale = 1 } = PCD.negatives;
  const sampler = ebm.samplers.langevin(model, { chains: n, seed: PATHS.seed + 1, init: kicked, stepSize, noiseScale });
  const { samples } = await sampler.run({ warmup: 0, draws: steps });
  sampler.dispose?.();
  const paths = [];
  for (let c = 0; c < n; c++) {
    const p = [[Y.data[2 * c], Y.data[2 * c + 1]], [kicked.data[2 * c], kicked.data[2 * c + 1]]];
    for (let d = 0; d < steps; d++) p.push([samples.data[(d * n + c) * 2], samples.data[(d * n + c) * 2 + 1]]);
    paths.push(p);
  }
  const end = { rows: n, cols: 2, data: Float32Array.from(paths.flatMap((p) => p.at(-1))) };
  const eData = model.energy(Y), eKick = model.energy(kicked), eEnd = model.energy(end);
  let dKick = 0, dEnd = 0, fall = 0, above = 0;
  for (let c = 0; c < n; c++) {
    const [y0, y1] = paths[c][0];
    dKick += Math.hypot(paths[c][1][0] - y0, paths[c][1][1] - y1) / n;
    dEnd += Math.hypot(paths[c].at(-1)[0] - y0, paths[c].at(-1)[1] - y1) / n;
    fall += (eKick[c] - eEnd[c]) / n;
    above += (eEnd[c] - eData[c]) / n;
  }
  return { paths, stats: { dKick, dEnd, fall, above, n, steps } };
}

/** The two sentences, from the measured numbers of the early and the trained energy. */
export function sentences(early, late) {
  const f = (x) => x.toFixed(2);
  const one = (s) =>
    `the ${s.steps} Langevin steps ${s.fall >= 0 ? 'lower' : 'raise'} the energy of the kicked points by ${f(Math.abs(s.fall))} on average and end ` +
    `${f(s.dEnd)} from their data points (the kick took them ${f(s.dKick)} away), ${f(Math.abs(s.above))} ${s.above >= 0 ? 'above' : 'below'} the data's energy`;
  const why = late.stats.fall > early.stats.fall
    ? ': on the trained energy the steps go downhill, into the valleys the data sit in, and the push up lands there, beside the data'
    : '';
  return [`Early in training (step ${early.stepsTrained}), ${one(early.stats)}.`, `After ${late.stepsTrained} steps, ${one(late.stats)}${why}.`];
}


async function models(ebm, train, cache, status) {
  const late = cache?.get('moons:pcd');
  const early = cache?.get('moons:pcd-early');
  if (late && early) return { early: { model: ebm.load(early.bytes, ebm.MLPEnergy), steps: early.steps, owned: true }, late: { model: late.model, steps: late.steps, owned: false } };
  // without chapter 2 in the run: its PCD schedule, the early moment saved on the way (runs split anywhere give the same bytes)
  const model = new ebm.MLPEnergy(ARCH);
  const trainer = new ebm.train.ContrastiveTrainer(model, train, {
    negatives: PCD.negatives, loss: 'contrastive', regularization: { energySquare: PCD.energySquare },
    optimizer: ebm.optim.adam({ lr: PCD.phases[0].lr }), batchSize: PCD.batchSize, seed: 1,
  });
  await trainer.run({ steps: PCD.snapshot, lr: PCD.phases[0].lr });
  const bytes = model.toBytes();
  status?.update(`  PCD: step ${PCD.snapshot}`);
  await trainer.run({ steps: PCD.phases[0].steps - PCD.snapshot, lr: PCD.phases[0].lr });
  for (const ph of PCD.phases.slice(1)) await trainer.run({ steps: ph.steps, lr: ph.lr });
  trainer.dispose();
  return { early: { model: ebm.load(bytes, ebm.MLPEnergy), steps: PCD.snapshot, owned: true }, late: { model, steps: PCD.phases.reduce((t, p) => t + p.steps, 0), owned: true } };
}

export async function cdPathsChapter({ ebm, outDir, status, cache }) {
  const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
  status.done(`Chapter 10 · Contrastive divergence's paths: kick a data point, then descend the energy with noise`);
  const m = await models(ebm, train, cache, status);
  const Y = starts(train);
  const early = { ...(await cdPaths(ebm, m.early.model, Y)), stepsTrained: m.early.steps, grid: nllGrid(ebm, m.early.model, BOX, N) };
  const late = { ...(await cdPaths(ebm, m.late.model, Y)), stepsTrained: m.late.steps, grid: nllGrid(ebm, m.late.model, BOX, N) };
  for (const x of [m.early, m.late]) if (x.owned) x.model.dispose();
  status.clear();
  for (const r of [early, late]) {
    console.log(`  step ${r.stepsTrained}: energy falls ${r.stats.fall.toFixed(2)} along the path, ends ${r.stats.dEnd.toFixed(2)} from the data point (kick ${r.stats.dKick.toFixed(2)}), ${r.stats.above.toFixed(2)} above the data's energy`);
  }
  const file = join(outDir, 'cd-paths.svg');
  writeFileSync(file, figure(early, late, thin(train, 400)));
  return { name: 'cd paths', files: [file], html: section(early, late) };
}

function figure(early, late, data) {
  const size = 420;
  const gap = 80;
  const left0 = 62;
  const top0 = 96;
  const lo = Math.floor(Math.min(gridMin(early.grid), gridMin(late.grid)) * 2) / 2;
  const { levels, colors } = nllLevels(lo, 1, 10);
  const none = { rows: 0, cols: 2, data: new Float32Array(0) };
  const body = [];
  body.push(text(left0, 32, `CD's paths: kick a data point, then ${early.stats.steps} Langevin steps (chapter 2's PCD energy)`, { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(
    text(left0, 60, `white: training data · white ring: a start · dashed: the kick (σ = ${PATHS.kick}) · green: the Langevin steps · red: the contrastive sample (pushed up)`, { fill: '#333333' }),
  );
  [early, late].forEach((r, k) => {
    const left = left0 + k * (size + gap);
    body.push(energyPanel({ id: `cd-paths-${k}`, left, top: top0, size, grid: r.grid, bounds: BOX, levels, colors, points: data, prototypes: none, title: escapeXml(`after ${r.stepsTrained} training steps`) }));
    const px = (x) => left + ((x - BOX.xMin) / (BOX.xMax - BOX.xMin)) * size;
    const py = (y) => top0 + size - ((y - BOX.yMin) / (BOX.yMax - BOX.yMin)) * size;
    const g = [];
    for (const p of r.paths) {
      const [d, kick, ...walk] = p;
      g.push(el('path', { d: `M${num(px(d[0]))} ${num(py(d[1]))}L${num(px(kick[0]))} ${num(py(kick[1]))}`, stroke: '#ffffff', 'stroke-width': 1.4, 'stroke-dasharray': '3 2', fill: 'none' }));
      const line = [kick, ...walk].map(([x, y], i) => `${i ? 'L' : 'M'}${num(px(x))} ${num(py(y))}`).join('');
      g.push(el('path', { d: line, stroke: '#2ca02c', 'stroke-width': 2, fill: 'none', 'stroke-linejoin': 'round' }));
      g.push(el('circle', { cx: px(d[0]), cy: py(d[1]), r: 4, fill: 'none', stroke: '#ffffff', 'stroke-width': 2 }));
      const e = walk.at(-1);
      g.push(el('circle', { cx: px(e[0]), cy: py(e[1]), r: 3.5, fill: '#e8412c', stroke: '#ffffff', 'stroke-width': 1 }));
    }
    body.push(el('g', { 'clip-path': `url(#clip-cd-paths-${k})` }, g));
  });
  body.push(colorBar({ left: left0 + 2 * (size + gap) - 40, top: top0 + 20, width: 16, height: size - 40, levels, colors, title: '−log p' }));
  return svgDocument(left0 + 2 * (size + gap) + 20, top0 + size + 56, body, "Contrastive divergence's negative samples: kicked data points descending the energy");
}

function section(early, late) {
  const [a, b] = sentences(early, late);
  const p = PCD.negatives;
  return `<section id="cd-paths">
<h2>10 · Contrastive divergence: where the contrastive samples come from</h2>
<p>The lecture's contrastive divergence makes a contrastive sample from a training point: give it a random kick,
then let it roll down the energy for a few steps with some noise (Langevin dynamics,
<i>y</i> ← <i>y</i> − ε∇<i>F</i>(<i>y</i>) + √(2ε)·ξ); wherever it ends is a point the model thinks likely, and its energy is
pushed up. In <code>train.contrastive</code> this is <code>negatives: { init: 'data', kick, sampler: 'langevin' }</code>
(chapter 2's persistent CD starts the same steps from a replay buffer instead). The trainer does not expose the
path a negative takes inside a step, so the paths here are <b>reproduced</b>: ${PATHS.points} training points, a kick
drawn from N(0, ${PATHS.kick}²) with <code>random.normal</code> (seed ${PATHS.seed}), then <code>samplers.langevin</code> with chapter 2's
${p.steps} steps of ε = ${p.stepSize} on the energy of chapter 2's PCD model, early in its training and at its end (seed ${PATHS.seed + 1}, the
same kicks for both).</p>
<figure>
<img src="cd-paths.svg" alt="Two heat maps of −log p on the two moons with short paths from training points: a dashed kick, then a green Langevin path ending in a red contrastive sample">
</figure>
<p>${a} ${b}</p>
</section>`;
}
