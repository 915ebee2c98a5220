// Chapter 11 of the tour: MCMC on a learned energy. A few MALA and HMC chains run on chapter 2's
// PCD energy of the two moons (reused from the tour's cache, as chapter 6 does), their paths drawn
// over −log p, with the acceptance rates and effective sample sizes (diagnostics.summary) measured
// on the draws. Deterministic: fixed seeds and starts, no timings in the files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridMin, nllGrid, nllLevels, thin } from '../lib/density.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { el, escapeXml, num, svgDocument, text } from '../lib/svg.mjs';
import { MOONS, trainMoonsPCD } from './contrastive.mjs';

// the chains' starts (the same for both samplers), one in each moon's arm and two off the data
export const STARTS = [[-0.9, 0.4], [1.9, -0.1], [0.5, 1.9], [0.5, -1.6]];
export const RUN = { warmup: 150, draws: 500, seed: 3 };
export const MALA = { stepSize: 0.05 };
export const HMC = { stepSize: 0.05, leapfrogSteps: 5 };
const BOX = MOONS.pictureBox;
const N = 101;
const COLORS = ['#e8412c', '#ffffff', '#ff9f1c', '#2ca02c'];
const DRAWN = 40; // draws per chain drawn as a path (all of them as dots)

/** One sampler's run from STARTS: warmup with adaptation (not drawn), then the draws; paths and diagnostics. */
export async function chains(ebm, model, kind) {
  const init = { rows: STARTS.length, cols: 2, data: Float32Array.from(STARTS.flat()) };
  const opts = kind === 'hmc' ? HMC : MALA;
  const sampler = ebm.samplers[kind](model, { chains: STARTS.length, seed: RUN.seed, init, ...opts });
  const run = await sampler.run({ warmup: RUN.warmup, draws: RUN.draws, adapt: {} });
  sampler.dispose?.();
  const s = ebm.diagnostics.summary(run.samples);
  const C = STARTS.length;
  const paths = STARTS.map((_, c) => Array.from({ length: RUN.draws }, (_, d) => [run.samples.data[(d * C + c) * 2], run.samples.data[(d * C + c) * 2 + 1]]));
  const gradsPerDraw = kind === 'hmc' ? HMC.leapfrogSteps : 1;
  return {
    kind, paths, acceptRate: run.acceptRate.reduce((t, a) => t + a, 0) / C, // mean over the chains (run gives one per chain)
     stepSize: run.stepSize, ess: Array.from(s.essBulk), rhat: Array.from(s.rhat),
    grads: RUN.draws * C * gradsPerDraw,
  };
}

/** The two sentences, from the measured numbers. */
export function sentences(mala, hmc) {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  const ess = (r) => `${r.ess[0].toFixed(0)} for y₁ and ${r.ess[1].toFixed(0)} for y₂`;
  const perGrad = (r) => (r.ess[0] + r.ess[1]) / 2 / r.grads;
  const ratio = perGrad(hmc) / perGrad(mala);
  const C = STARTS.length;
  return [
    `MALA, its step size adapted to ${num(mala.stepSize, 3)}, accepted ${pct(mala.acceptRate)} of its proposals (mean over the chains); its ${C} chains × ${RUN.draws} draws ` +
      `are worth an effective sample size (bulk) of ${ess(mala)}, largest R̂ ${Math.max(...mala.rhat).toFixed(3)}.`,
    `HMC with ${HMC.leapfrogSteps} leapfrog steps of ${num(hmc.stepSize, 3)} accepted ${pct(hmc.acceptRate)}, effective sample size ${ess(hmc)}, largest R̂ ${Math.max(...hmc.rhat).toFixed(3)}: ` +
      `with ${HMC.leapfrogSteps} gradients per draw, ` +
      `its effective samples per gradient evaluation are ${ratio >= 1 ? `${ratio.toFixed(2)} times MALA's` : `${(1 / ratio).toFixed(2)} times fewer than MALA's`}.`,
  ];
}

export async function mcmcChapter({ ebm, outDir, status, cache }) {
  const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
  status.done(`Chapter 11 · MALA and HMC chains on a learned energy: chapter 2's PCD model of the two moons`);
  const hit = cache?.get('moons:pcd');
  const { model, steps } = hit ?? (await trainMoonsPCD(ebm, train, status));
  const mala = await chains(ebm, model, 'mala');
  const hmc = await chains(ebm, model, 'hmc');
  const grid = nllGrid(ebm, model, BOX, N);
  if (!hit) model.dispose();
  status.clear();
  for (const r of [mala, hmc]) {
    console.log(`  ${r.kind}: step ${r.stepSize.toFixed(3)}, accepted ${(100 * r.acceptRate).toFixed(1)} %, bulk ESS ${r.ess.map((e) => e.toFixed(0)).join(', ')}, R̂ ${r.rhat.map((e) => e.toFixed(3)).join(', ')}, ${r.grads} gradients`);
  }
  const file = join(outDir, 'mcmc-chains.svg');
  writeFileSync(file, figure(grid, mala, hmc, thin(train, 400), steps));
  return { name: 'mcmc', files: [file], html: section(mala, hmc, steps) };
}

function figure(grid, mala, hmc, data, steps) {
  const size = 420;
  const gap = 80;
  const left0 = 62;
  const top0 = 96;
  const lo = Math.floor(gridMin(grid) * 2) / 2;
  const { levels, colors } = nllLevels(lo, 1, 10);
  const none = { rows: 0, cols: 2, data: new Float32Array(0) };
  const body = [];
  body.push(text(left0, 32, `MALA and HMC chains on a learned energy (chapter 2's PCD, ${steps} steps)`, { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(text(left0, 60, `${STARTS.length} chains each, ${RUN.warmup} warm-up steps, then ${RUN.draws} draws: dots, the first ${DRAWN} joined by lines (to the start, ringed, across the warm-up) · white: training data`, { fill: '#333333' }));
  [mala, hmc].forEach((r, k) => {
    const left = left0 + k * (size + gap);
    const title = r.kind === 'hmc' ? `HMC, ${HMC.leapfrogSteps} leapfrog steps: accepted ${(100 * r.acceptRate).toFixed(0)} %` : `MALA: accepted ${(100 * r.acceptRate).toFixed(0)} %`;
    body.push(energyPanel({ id: `mcmc-${k}`, left, top: top0, size, grid, bounds: BOX, levels, colors, points: data, prototypes: none, title: escapeXml(title) }));
    const px = (x) => left + ((x - BOX.xMin) / (BOX.xMax - BOX.xMin)) * size;
    const py = (y) => top0 + size - ((y - BOX.yMin) / (BOX.yMax - BOX.yMin)) * size;
    const g = [];
    r.paths.forEach((p, c) => {
      const dots = p.map(([x, y]) => `M${num(px(x))} ${num(py(y))}h0`).join('');
      g.push(el('path', { d: dots, stroke: COLORS[c], 'stroke-width': 2.2, 'stroke-opacity': 0.45, 'stroke-linecap': 'round' }));
      const d = [STARTS[c], ...p.slice(0, DRAWN)].map(([x, y], i) => `${i ? 'L' : 'M'}${num(px(x))} ${num(py(y))}`).join('');
      g.push(el('path', { d, stroke: COLORS[c], 'stroke-width': 1.8, fill: 'none', 'stroke-linejoin': 'round' }));
      g.push(el('circle', { cx: px(STARTS[c][0]), cy: py(STARTS[c][1]), r: 5, fill: 'none', stroke: COLORS[c], 'stroke-width': 2 }));
    });
    body.push(el('g', { 'clip-path': `url(#clip-mcmc-${k})` }, g));
  });
  body.push(colorBar({ left: left0 + 2 * (size + gap) - 40, top: top0 + 20, width: 16, height: size - 40, levels, colors, title: '−log p' }));
  return svgDocument(left0 + 2 * (size + gap) + 20, top0 + size + 56, body, 'MALA and HMC chains on a learned energy of the two moons');
}

function section(mala, hmc, steps) {
  const [a, b] = sentences(mala, hmc);
  return `<section id="mcmc">
<h2>11 · MCMC on a learned energy: MALA and HMC chains</h2>
<p>Once an energy is learned, sampling its Gibbs distribution <i>p</i>(<i>y</i>) ∝ exp(−<i>F</i>(<i>y</i>)) is the job of Markov chain
Monte Carlo, and the lecture's gradient-based samplers use ∇<i>F</i> to move. <b>MALA</b> takes one Langevin step and accepts
or rejects it (Metropolis–Hastings), so the chain targets <i>p</i> exactly; <b>HMC</b> follows ${HMC.leapfrogSteps} leapfrog steps of
Hamiltonian dynamics before the same test, travelling further per proposal at ${HMC.leapfrogSteps} gradients each.
Both run here on chapter 2's PCD energy after ${steps} steps: <code>samplers.mala</code> and <code>samplers.hmc</code>, ${STARTS.length} chains
each from the same starts (seed ${RUN.seed}), ${RUN.warmup} warm-up steps adapting the step size (to 57.4 % and 80 % acceptance) and, for
HMC, a diagonal mass, then ${RUN.draws} draws (dots; the first ${DRAWN} of each chain joined by lines). <code>diagnostics.summary</code> gives the effective sample
size of the draws (rank-normalized, bulk) and the split R̂.</p>
<figure>
<img src="mcmc-chains.svg" alt="Two heat maps of −log p of a learned energy on the two moons with the paths of four MALA chains and four HMC chains">
</figure>
<p>${a} ${b}</p>
</section>`;
}
