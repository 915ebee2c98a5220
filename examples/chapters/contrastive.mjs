// Chapter 2 of the tour: contrastive training of a learnable energy (LeCun, NYU Deep Learning,
// week 7 part 2): push the energy down on data, push it up on contrastive samples. A
// 2→128→128→1 silu MLPEnergy learns the two moons twice: by exact maximum likelihood (the
// Gibbs formula, normalized by quadrature on a grid) and by persistent contrastive divergence
// (negatives from a replay buffer moved by Langevin dynamics). Both are judged by the exact
// held-out log-likelihood on a grid. Deterministic: fixed seeds, no timings in the files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChart } from '../lib/chart.mjs';
import { gridMin, nllGrid, nllLevels, thin } from '../lib/density.mjs';
import { colorBar, energyPanel } from '../lib/plot.mjs';
import { escapeXml, num, svgDocument, text } from '../lib/svg.mjs';

const DATA = { noise: 0.1 };
const SPLITS = { train: { n: 2000, seed: 1 }, test: { n: 2000, seed: 2 } };
export const ARCH = { inputDim: 2, hidden: [128, 128], activation: 'silu', seed: 0 };
// the training grid (exact ML) and the larger box the held-out likelihood is measured on
const TRAIN_BOX = { xMin: -1.6, xMax: 2.65, yMin: -1.2, yMax: 1.65 };
const EVAL_BOX = { xMin: -2, xMax: 3, yMin: -2.05, yMax: 2.95 };
const EVAL_RES = 256;
const CURVE_RES = 96; // the curves' points (the final numbers use EVAL_RES)
// schedules cut for the tour's one-minute budget (were 300 grid and 1000 PCD steps, about 10 s more);
// scripts/quality.mjs trains both to convergence
const GRID_ML = { resolution: 48, phases: [{ lr: 1e-2, steps: 150 }, { lr: 1e-3, steps: 75 }], every: 25 };
export const PCD = {
  batchSize: 128,
  negatives: { init: 'buffer', sampler: 'langevin', steps: 20, stepSize: 0.002, noiseScale: 1, bufferSize: 10000, reinit: 0.05 },
  energySquare: 0.1,
  phases: [{ lr: 5e-3, steps: 450 }, { lr: 1e-3, steps: 250 }],
  snapshot: 50,
  every: 50,
};
const MMD_BANDWIDTH = 0.1;

/** Chapter 2's data, shared with chapter 6 (the seven strategies), which reuses the two models trained here. */
export const MOONS = {
  data: DATA,
  splits: SPLITS,
  evalBox: EVAL_BOX,
  pictureBox: { xMin: -1.7, xMax: 2.7, yMin: -1.95, yMax: 2.45 },
};

/** Chapter 2's exact grid ML schedule without its curves (the same steps, so the same model): for a run without chapter 2. */
export async function trainMoonsGridML(ebm, train, status) {
  const model = new ebm.MLPEnergy(ARCH);
  const optimizer = ebm.optim.adam({ lr: GRID_ML.phases[0].lr });
  let steps = 0;
  for (const ph of GRID_ML.phases) {
    optimizer.lr = ph.lr;
    for (let done = 0; done < ph.steps; done += GRID_ML.every) {
      await ebm.train.maxLikelihoodGrid(model, train, { bounds: TRAIN_BOX, resolution: GRID_ML.resolution, steps: GRID_ML.every, optimizer });
      steps += GRID_ML.every;
      status?.update(`  exact grid ML: step ${steps}`);
    }
  }
  optimizer.dispose();
  return { model, steps };
}

/** Chapter 2's PCD schedule without its snapshots (runs split anywhere give the same bytes). */
export async function trainMoonsPCD(ebm, train, status) {
  const model = new ebm.MLPEnergy(ARCH);
  const trainer = new ebm.train.ContrastiveTrainer(model, train, {
    negatives: PCD.negatives, loss: 'contrastive', regularization: { energySquare: PCD.energySquare },
    optimizer: ebm.optim.adam({ lr: PCD.phases[0].lr }), batchSize: PCD.batchSize, seed: 1,
  });
  let steps = 0;
  for (const ph of PCD.phases) {
    await trainer.run({ steps: ph.steps, lr: ph.lr });
    steps += ph.steps;
    status?.update(`  PCD: step ${steps}`);
  }
  const buffer = trainer.buffer;
  trainer.dispose();
  return { model, steps, buffer };
}

export async function contrastiveChapter({ ebm, outDir, status, cache }) {
  const train = ebm.datasets.moons({ ...DATA, ...SPLITS.train }).X;
  const test = ebm.datasets.moons({ ...DATA, ...SPLITS.test }).X;
  status.done(`Chapter 2 · Contrastive training: push down on data, push up on samples — two moons, n = ${train.rows} (+ ${test.rows} held out)`);
  const heldOut = (model, resolution = EVAL_RES) => ebm.metrics.gridLogLikelihood(model, test, { bounds: EVAL_BOX, resolution });

  // the untrained network: nearly flat, so p is close to uniform on the box
  const untrained = new ebm.MLPEnergy(ARCH);
  const uniformLL = -Math.log((EVAL_BOX.xMax - EVAL_BOX.xMin) * (EVAL_BOX.yMax - EVAL_BOX.yMin));
  const rows = [{ method: 'untrained network', steps: 0, negatives: '—', ll: heldOut(untrained), trainLL: trainLL(untrained), mmd: null }];
  untrained.dispose();

  // 1. exact maximum likelihood on the grid
  const t0 = performance.now();
  const mle = new ebm.MLPEnergy(ARCH);
  const mleCurve = [[0, heldOut(mle, CURVE_RES)]];
  let steps = 0;
  const optimizer = ebm.optim.adam({ lr: GRID_ML.phases[0].lr });
  for (const ph of GRID_ML.phases) {
    optimizer.lr = ph.lr; // a schedule: Adam's moments carry over
    for (let done = 0; done < ph.steps; done += GRID_ML.every) {
      await ebm.train.maxLikelihoodGrid(mle, train, { bounds: TRAIN_BOX, resolution: GRID_ML.resolution, steps: GRID_ML.every, optimizer });
      steps += GRID_ML.every;
      mleCurve.push([steps, heldOut(mle, CURVE_RES)]);
      status.update(`  exact grid ML: step ${steps}, held-out LL ${mleCurve.at(-1)[1].toFixed(3)}`, { milestone: steps % 100 === 0 });
    }
  }
  optimizer.dispose();
  const mleMs = performance.now() - t0;
  rows.push({ method: 'exact grid ML', steps, negatives: `all ${GRID_ML.resolution}² grid points, weighted by p`, ll: heldOut(mle), trainLL: trainLL(mle), mmd: null, ms: mleMs });
  status.clear();

  // 2. persistent contrastive divergence: one trainer, its learning rate set by run({ lr }) per phase
  const t1 = performance.now();
  const pcd = new ebm.MLPEnergy(ARCH);
  const pcdCurve = [[0, heldOut(pcd, CURVE_RES)]];
  let early = null;
  let last = null;
  steps = 0;
  const trainer = new ebm.train.ContrastiveTrainer(pcd, train, {
    negatives: PCD.negatives, loss: 'contrastive', regularization: { energySquare: PCD.energySquare },
    optimizer: ebm.optim.adam({ lr: PCD.phases[0].lr }), batchSize: PCD.batchSize, seed: 1,
  });
  for (const ph of PCD.phases) {
    for (let done = 0; done < ph.steps; ) {
      const k = steps < PCD.snapshot ? PCD.snapshot - steps : Math.min(PCD.every, ph.steps - done);
      last = await trainer.run({ steps: k, lr: ph.lr });
      done += k;
      steps += k;
      if (steps === PCD.snapshot) {
        const negatives = trainer.buffer;
        early = {
          grid: nllGrid(ebm, pcd, EVAL_BOX, 121), negatives: thin(negatives, 300), steps, last, mmd: ebm.metrics.mmd(negatives, test, { bandwidth: MMD_BANDWIDTH }),
          bytes: pcd.toBytes(), // chapter 10 draws contrastive divergence's paths on the energy of this moment of training
        };
      }
      pcdCurve.push([steps, heldOut(pcd, CURVE_RES)]);
      status.update(`  PCD: step ${steps}, E⁺ ${last.energyPositive.toFixed(3)}, E⁻ ${last.energyNegative.toFixed(3)}, held-out LL ${pcdCurve.at(-1)[1].toFixed(3)}`, {
        milestone: steps % 200 === 0,
      });
    }
  }
  const buffer = trainer.buffer;
  trainer.dispose();
  const pcdMs = performance.now() - t1;
  const mmd = ebm.metrics.mmd(buffer, test, { bandwidth: MMD_BANDWIDTH });
  // the floor: two independent samples of the data themselves
  const mmdData = ebm.metrics.mmd(train, test, { bandwidth: MMD_BANDWIDTH });
  rows.push({
    method: 'PCD (20-step Langevin)', steps, negatives: `replay buffer, ${PCD.batchSize} per step`, ll: heldOut(pcd), trainLL: trainLL(pcd), mmd, ms: pcdMs,
    energies: last,
  });
  status.clear();
  printTable(rows, uniformLL);
  console.log(`  MMD² (bandwidth ${MMD_BANDWIDTH}) to the held-out points: PCD negatives after ${early.steps} steps ${early.mmd.toExponential(2)}, after ${steps} ${mmd.toExponential(2)}; training data ${mmdData.toExponential(2)}`);

  status.update('  drawing …', { milestone: true });
  const fig = figure({ ebm, mle, pcd, early, buffer: thin(buffer, 300), rows, train });
  const curves = curveFigure(mleCurve, pcdCurve, rows);
  // chapter 6 draws these two again: keep them for the run (the tour disposes the cache at the end)
  if (cache) {
    cache.set('moons:grid-ml', { model: mle, steps: rows[1].steps, dispose: () => mle.dispose() });
    cache.set('moons:pcd', { model: pcd, steps, buffer, dispose: () => pcd.dispose() });
    cache.set('moons:pcd-early', { bytes: early.bytes, steps: early.steps });
  } else {
    mle.dispose();
    pcd.dispose();
  }
  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, 'contrastive-moons.svg'), join(outDir, 'contrastive-curves.svg')];
  writeFileSync(files[0], fig);
  writeFileSync(files[1], curves);
  status.clear();
  return { files, html: section(rows, uniformLL, { early: early.mmd, earlySteps: early.steps, last: mmd, data: mmdData }) };

  function trainLL(model) {
    return ebm.metrics.gridLogLikelihood(model, train, { bounds: EVAL_BOX, resolution: EVAL_RES });
  }
}

function printTable(rows, uniformLL) {
  const head = ['method', 'steps', 'train LL', 'held-out LL', 'MMD² (negatives, held-out)', 'time ms'];
  const body = rows.map((r) => [r.method, String(r.steps), r.trainLL.toFixed(3), r.ll.toFixed(3), r.mmd === null ? '—' : r.mmd.toExponential(2), r.ms === undefined ? '—' : r.ms.toFixed(0)]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r) => '  ' + r.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('   ');
  console.log(line(head));
  console.log('  ' + widths.map((w) => '─'.repeat(w)).join('   '));
  for (const r of body) console.log(line(r));
  console.log(`  (log-likelihoods in nats per point, exact on a ${EVAL_RES}² grid; a uniform density on the box would score ${uniformLL.toFixed(3)};`);
  console.log('   times include the held-out evaluations for the curves)');
}

function figure({ ebm, mle, pcd, early, buffer, rows, train }) {
  const N = 121;
  const grids = [early.grid, nllGrid(ebm, pcd, EVAL_BOX, N), nllGrid(ebm, mle, EVAL_BOX, N)];
  const lo = Math.floor(Math.min(gridMin(grids[1]), gridMin(grids[2])) * 2) / 2;
  const { levels, colors } = nllLevels(lo, 1, 10);
  const data = thin(train, 300);
  const none = { rows: 0, cols: 2, data: new Float32Array(0) };
  const size = 340;
  const gap = 70;
  const left0 = 62;
  const top0 = 96;
  const pcdRow = rows.find((r) => r.method.startsWith('PCD'));
  const mleRow = rows.find((r) => r.method.startsWith('exact'));
  const panels = [
    { grid: grids[0], points: data, negatives: early.negatives, title: `PCD after ${early.steps} steps` },
    { grid: grids[1], points: none, negatives: buffer, title: `PCD after ${pcdRow.steps} steps` },
    { grid: grids[2], points: data, negatives: none, title: `exact grid ML after ${mleRow.steps} steps` },
  ];
  const body = [];
  body.push(text(left0, 32, 'Contrastive training on the two moons: −log p(y) = F(y) + log Z, one colour band per nat', { 'font-size': 19, 'font-weight': 'bold' }));
  body.push(
    text(
      left0,
      60,
      'white: training data (pushed down) · red: contrastive samples from the replay buffer (pushed up) · p = exp(−F)/Z normalized on a grid',
      { fill: '#333333' },
    ),
  );
  panels.forEach((p, k) => {
    body.push(
      energyPanel({
        id: `contrastive-${k}`, left: left0 + k * (size + gap), top: top0, size, grid: p.grid, bounds: EVAL_BOX, levels, colors,
        points: p.points, prototypes: none, negatives: p.negatives, title: escapeXml(p.title),
      }),
    );
  });
  body.push(colorBar({ left: left0 + 3 * (size + gap) - 30, top: top0 + 20, width: 16, height: size - 40, levels, colors, title: '−log p' }));
  const captions = [
    [
      `Early: the negatives still sit where the model puts`,
      `low energy but there is no data; the step pushes`,
      `them up and the data down (E⁺ ${num(early.last.energyPositive, 2)}, E⁻ ${num(early.last.energyNegative, 2)}).`,
    ],
    [
      `Later: the negatives, Langevin samples of the model,`,
      `spread like the data, so E⁺ ≈ E⁻ and the pushes`,
      `balance out. Held-out LL ${num(pcdRow.ll, 3)} nats.`,
    ],
    [
      `The exact NLL gradient pushes up every grid point`,
      `in proportion to p(y): no sampling noise.`,
      `Held-out LL ${num(mleRow.ll, 3)} nats.`,
    ],
  ];
  captions.forEach((lines, k) => {
    lines.forEach((line, i) => body.push(text(left0 + k * (size + gap), top0 + size + 62 + i * 18, escapeXml(line), { fill: '#333333' })));
  });
  return svgDocument(left0 + 3 * (size + gap) + 20, top0 + size + 62 + 3 * 18 + 8, body, 'Contrastive training of an MLP energy on the two moons');
}

function curveFigure(mleCurve, pcdCurve, rows) {
  const untrained = rows[0].ll;
  const all = [...mleCurve, ...pcdCurve].map((p) => p[1]);
  const yMax = Math.ceil(Math.max(...all) * 5) / 5 + 0.1;
  const yMin = Math.floor(untrained * 5) / 5 - 0.1;
  const xMax = Math.max(mleCurve.at(-1)[0], pcdCurve.at(-1)[0]);
  const body = [text(80, 30, 'Held-out log-likelihood (nats per point) during training', { 'font-size': 17, 'font-weight': 'bold' })];
  body.push(
    lineChart({
      id: 'contrastive-curve', left: 80, top: 56, width: 1000, height: 300, xRange: [0, xMax], yRange: [yMin, yMax],
      series: [
        { points: mleCurve, color: '#1f77b4', label: 'exact grid ML (a step: the whole grid)' },
        { points: pcdCurve, color: '#d62728', label: `PCD (a step: ${PCD.batchSize} negatives × 20 Langevin steps)` },
      ],
      hLines: [{ y: untrained, label: 'untrained (≈ uniform on the box)', color: '#777777' }],
      xLabel: 'optimizer steps', yLabel: 'held-out LL', legendAt: [0.4, 0.55],
    }),
  );
  return svgDocument(1120, 56 + 300 + 56, body, 'Held-out log-likelihood during training');
}

function section(rows, uniformLL, mmd) {
  const tr = rows
    .map((r) => `<tr><td style="text-align:left">${escapeXml(r.method)}</td><td>${r.steps}</td><td style="text-align:left">${escapeXml(r.negatives)}</td><td>${r.trainLL.toFixed(3)}</td><td>${r.ll.toFixed(3)}</td></tr>`)
    .join('\n');
  const p = PCD.negatives;
  return `<section id="contrastive">
<h2>2 · Contrastive training: push down on the data, push up elsewhere</h2>
<p>K-means could not collapse because of its architecture. A flexible energy, here a multilayer perceptron
<i>F</i><sub>θ</sub>(<i>y</i>) with 2 → 128 → 128 → 1 units (silu), can give every <i>y</i> the same low energy, so
training must also <em>raise</em> the energy away from the data. The lecture's <b>contrastive methods</b> do
exactly that: each step pushes the energy <b>down</b> on training points and <b>up</b> on contrastive points
<i>ŷ</i>, with the loss <i>F</i>(<i>y</i>) − <i>F</i>(<i>ŷ</i>) averaged over a batch.</p>
<p>Which points to push up? Probabilistically, the energy defines the <b>Gibbs distribution</b>
<i>p</i>(<i>y</i>) = exp(−β<i>F</i>(<i>y</i>)) / ∫ exp(−β<i>F</i>(<i>y</i>′)) d<i>y</i>′ (β = 1 here), and the negative
log-likelihood of a data point is <i>F</i>(<i>y</i>) + (1/β) log ∫ exp(−β<i>F</i>(<i>y</i>′)) d<i>y</i>′ (the lecture's
slide drops the log). Its gradient is</p>
<p style="text-align:center">∂<i>F</i>(<i>y</i>)/∂θ − E<sub><i>y</i>′∼<i>p</i></sub>[∂<i>F</i>(<i>y</i>′)/∂θ]:</p>
<p>push down at the data, push up everywhere else <em>in proportion to the model's own probability</em>. In two
dimensions the integral can be done exactly by quadrature: <code>train.maxLikelihoodGrid</code> evaluates the
energy on a ${GRID_ML.resolution}×${GRID_ML.resolution} grid, weights every grid point by its probability and takes the exact
gradient, and <code>metrics.gridLogLikelihood</code> normalizes exp(−<i>F</i>) on a finer ${EVAL_RES}×${EVAL_RES} grid to score held-out
points. In higher dimensions the expectation has to be estimated with samples: <b>contrastive divergence</b> gets
them by Markov chain Monte Carlo. <code>train.contrastive</code> with <code>negatives: { init: 'buffer' }</code> is
<b>persistent CD</b> (Tieleman 2008; Du &amp; Mordatch 2019): ${PCD.batchSize} negatives per step are drawn from a replay
buffer of up to ${p.bufferSize} chains (${p.reinit * 100} % restarted from uniform noise), moved by ${p.steps} steps of Langevin dynamics
<i>y</i> ← <i>y</i> − ε∇<i>F</i>(<i>y</i>) + √(2ε)·ξ (ε = ${p.stepSize}), pushed up, and written back. A small penalty
${PCD.energySquare}·(<i>F</i>(<i>y</i>)² + <i>F</i>(<i>ŷ</i>)²) keeps the energies near zero. The lecture's own recipe, start at a
training sample, give it a random kick and descend the energy for a few steps, is
<code>negatives: { init: 'data', kick, sampler: 'descent' }</code>; its points land near the data, so it shapes the valleys
but can leave spurious low-energy regions far away untouched, which the persistent chains eventually visit.</p>
<figure>
<img src="contrastive-moons.svg" alt="Three contour plots of −log p for an MLP energy on the two moons: PCD early in training with data and negatives, PCD after training, and exact grid maximum likelihood">
</figure>
<table>
<thead><tr><th style="text-align:left">method</th><th>steps</th><th style="text-align:left">points pushed up</th><th>train LL</th><th>held-out LL</th></tr></thead>
<tbody>
${tr}
</tbody>
</table>
<p class="note">Log-likelihoods in nats per point over the ${SPLITS.test.n} held-out points (and the ${SPLITS.train.n} training points), both exact on the grid;
a uniform density on the ${EVAL_BOX.xMax - EVAL_BOX.xMin}×${EVAL_BOX.yMax - EVAL_BOX.yMin} box would score ${uniformLL.toFixed(3)}. The squared MMD between
the replay buffer and the held-out points (Gaussian kernel, bandwidth ${MMD_BANDWIDTH}) falls from ${mmd.early.toExponential(2)} after
${mmd.earlySteps} steps to ${mmd.last.toExponential(2)} at the end; between the training and the held-out points themselves it is
${mmd.data.toExponential(2)}. The negatives approach samples of the data's distribution, but with ${rows[2].steps} noisy steps PCD
${rows[2].ll < rows[1].ll ? `still trails the exact gradient's ${rows[1].steps} by ${(rows[1].ll - rows[2].ll).toFixed(3)} nats` : `matches the exact gradient's ${rows[1].steps} (${(rows[2].ll - rows[1].ll).toFixed(3)} nats ahead)`};
<code>node scripts/quality.mjs</code> trains both longer and compares them with the true density and a kernel density estimate.</p>
<figure>
<img src="contrastive-curves.svg" alt="Held-out log-likelihood against optimizer steps for exact grid maximum likelihood and persistent contrastive divergence">
</figure>
</section>`;
}
