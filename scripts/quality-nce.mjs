#!/usr/bin/env node
// Quality of noise-contrastive estimation (train.nce), measured as scripts/quality.mjs measures
// grid ML and PCD: a 2→128→128→1 silu MLPEnergy on the eight Gaussians (5000 training points,
// seed 1; 5000 held-out points, seed 2), trained in chunks under a wall-time budget (Adam at
// --lr, then at a fifth of it for the last 30 % of the budget),
// single-threaded; after each chunk the held-out log-likelihood on a 256² grid is compared
// with the true density's, and c (the learned log-normalizer) with the grid's log Z.
// The target: within 0.2 nats of the truth in under 60 s of training.
//
//   node scripts/quality-nce.mjs [--seeds 0,1,2] [--budget 60] [--lr 0.005] [--ratio 4] [--batch 128] [--chunk 200]
//
// Needs dist/ (`npm run build`). Prints one table row per seed and a median.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2' },
    budget: { type: 'string', default: '60' },
    lr: { type: 'string', default: '0.005' },
    ratio: { type: 'string', default: '4' },
    batch: { type: 'string', default: '128' },
    chunk: { type: 'string', default: '200' },
  },
});
const ebm = await import(pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href);
await ebm.init();
const { MLPEnergy, datasets, metrics, optim, train } = ebm;

const bounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 }; // scripts/quality.mjs's evaluation box for the eight Gaussians
const train5k = datasets.eightGaussians({ n: 5000, seed: 1 }).X;
const test5k = datasets.eightGaussians({ n: 5000, seed: 2 }).X;
const truth = datasets.eightGaussiansLogDensity(test5k).reduce((a, b) => a + b, 0) / test5k.rows;
const budget = Number(opt.budget) * 1000;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

console.log(`NCE, eight Gaussians, 2→128→128→1 silu, ν ${opt.ratio}, batch ${opt.batch}, Adam ${opt.lr}; truth held-out LL ${truth.toFixed(4)}`);
console.log('| seed | held-out LL | gap (nats) | c | grid log Z | wall | steps | to 0.2 nats |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const gaps = [];
for (const seed of opt.seeds.split(',').map(Number)) {
  const model = new MLPEnergy({ inputDim: 2, hidden: [128, 128], activation: 'silu', seed });
  const tr = new train.NceTrainer(model, train5k, { ratio: Number(opt.ratio), batchSize: Number(opt.batch), seed, optimizer: optim.adam({ lr: Number(opt.lr) }) });
  let wall = 0;
  let reached = null;
  let ll = -Infinity;
  while (wall < budget) {
    const t0 = performance.now();
    await tr.run({ steps: Number(opt.chunk), lr: wall > 0.7 * budget ? Number(opt.lr) / 5 : undefined });
    wall += performance.now() - t0;
    ll = metrics.gridLogLikelihood(model, test5k, { bounds, resolution: 256 });
    if (reached === null && truth - ll < 0.2) reached = wall;
  }
  const meanNegF = -model.energy(test5k).reduce((a, b) => a + b, 0) / test5k.rows;
  const logZ = meanNegF - ll;
  gaps.push(truth - ll);
  console.log(`| ${seed} | ${ll.toFixed(4)} | ${(truth - ll).toFixed(3)} | ${tr.logNormalizer.toFixed(3)} | ${logZ.toFixed(3)} | ${(wall / 1000).toFixed(1)} s | ${tr.steps} | ${reached === null ? '—' : `${(reached / 1000).toFixed(1)} s`} |`);
  tr.dispose();
  model.dispose();
}
console.log(`median gap ${median(gaps).toFixed(3)} nats (target < 0.2 in ${opt.budget} s)`);
