#!/usr/bin/env node
// Quality of score matching (train.scoreMatching), measured as scripts/quality-nce.mjs measures NCE:
// a 2→128→128→1 silu MLPEnergy trained in chunks under a time budget (Adam at --lr, then at a
// fifth of it for the last 30 % of the budget), single-threaded. The budget counts the process's CPU
// time in the training calls (wall time is printed too): on a machine shared with other jobs the
// wall clock measures the neighbours; one thread's CPU time is what a quiet machine's wall time would be.
// - On the eight Gaussians (5000 training points, seed 1; 5000 held-out points, seed 2), whose
//   score ∇log p is known in closed form, the relative Fisher divergence
//   E‖∇F + ∇log p‖² / E‖∇log p‖² on the held-out points after each chunk (target ≤ 0.1 in 60 s
//   for sliced and for denoising with σ = 0.05).
// - On every data set the held-out log-likelihood on the evaluation box of scripts/quality.mjs
//   (metrics.gridLogLikelihood, 256² cells), against the true density (eight Gaussians) or the
//   KDE reference of docs/quality.md (spiral, two moons).
//
//   node scripts/quality-sm.mjs [--seeds 0,1,2] [--budget 60] [--methods sliced,denoising,exact]
//        [--datasets eightGaussians,spiral,moons] [--lr 0.002] [--batch 128] [--sigma 0.05] [--chunk 200]
//
// scripts/quality.mjs runs the same three methods with these settings (its METHOD_SPECS entries slicedSM,
// denoisingSM, exactSM) and writes the table rows and the "Score matching" section of docs/quality.md; this
// script is the focused version (its own budgets, learning rates, methods) for trying settings.
// Needs dist/ (`npm run build`). Prints one table row per run and the median per method and data set.
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { eightGaussiansScore, modeMasses as modeMassesOf, relativeFisher } from './lib/quality-sm.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2' },
    budget: { type: 'string', default: '60' },
    methods: { type: 'string', default: 'sliced,denoising,exact' },
    datasets: { type: 'string', default: 'eightGaussians,spiral,moons' },
    lr: { type: 'string', default: '0.002' },
    batch: { type: 'string', default: '128' },
    sigma: { type: 'string', default: '0.05' },
    chunk: { type: 'string', default: '200' },
  },
});
const ebm = await import(pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href);
await ebm.init();
const { MLPEnergy, datasets, metrics, optim, train } = ebm;

const RADIUS = 2, STD = 0.15;
// the evaluation boxes and references of scripts/quality.mjs / docs/quality.md (KDE: a yardstick where no true density exists)
const DATA = {
  eightGaussians: {
    name: 'eight Gaussians', make: (seed) => datasets.eightGaussians({ n: 5000, seed, radius: RADIUS, std: STD }).X,
    bounds: { xMin: -4, xMax: 4, yMin: -4, yMax: 4 }, reference: null,
  },
  spiral: {
    name: 'spiral', make: (seed) => datasets.spiral({ n: 5000, seed, noise: 0.05, turns: 1.5 }).X,
    bounds: { xMin: -1.6, xMax: 1.3, yMin: -1.2, yMax: 1.7 }, reference: { ll: -0.0491, what: 'KDE' },
  },
  moons: {
    name: 'two moons', make: (seed) => datasets.moons({ n: 5000, seed, noise: 0.1 }).X,
    bounds: { xMin: -2, xMax: 3, yMin: -2.05, yMax: 2.95 }, reference: { ll: -1.0225, what: 'KDE' },
  },
};

const budget = Number(opt.budget) * 1000;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const load0 = os.loadavg()[0];
console.log(`score matching, 2→128→128→1 silu, batch ${opt.batch}, Adam ${opt.lr} (→ /5 after 70 % of ${opt.budget} s), denoising σ ${opt.sigma}, sliced: 1 Rademacher projection, variance-reduced; ${new Date().toISOString()}, load ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log('| data | method | seed | held-out LL | reference LL | gap (nats) | rel. Fisher div. | CPU | wall | steps | Fisher ≤ 0.1 at (CPU) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const summary = [];
const masses = [];
for (const key of opt.datasets.split(',')) {
  const ds = DATA[key];
  const trainX = ds.make(1);
  const test = ds.make(2);
  const truth = key === 'eightGaussians' ? datasets.eightGaussiansLogDensity(test, { radius: RADIUS, std: STD }).reduce((a, b) => a + b, 0) / test.rows : ds.reference.ll;
  const score = key === 'eightGaussians' ? eightGaussiansScore(test, { radius: RADIUS, std: STD }) : null;
  for (const method of opt.methods.split(',')) {
    const gaps = [], fds = [];
    for (const seed of opt.seeds.split(',').map(Number)) {
      const model = new MLPEnergy({ inputDim: 2, hidden: [128, 128], activation: 'silu', seed });
      const tr = new train.ScoreMatchingTrainer(model, trainX, {
        method, noiseStd: Number(opt.sigma), batchSize: Number(opt.batch), seed, optimizer: optim.adam({ lr: Number(opt.lr) }),
      });
      let wall = 0, cpu = 0, reached = null, fd = NaN, lastChunk = 0;
      // stop before a chunk that the previous one says would cross the budget
      while (cpu + lastChunk <= budget) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await tr.run({ steps: Number(opt.chunk), lr: cpu > 0.7 * budget ? Number(opt.lr) / 5 : undefined });
        const c = process.cpuUsage(c0);
        lastChunk = (c.user + c.system) / 1000;
        cpu += lastChunk;
        wall += performance.now() - t0;
        if (score) {
          fd = relativeFisher(model, test, score);
          if (reached === null && fd <= 0.1) reached = cpu;
        }
      }
      const ll = metrics.gridLogLikelihood(model, test, { bounds: ds.bounds, resolution: 256 });
      if (score) {
        const mm = modeMassesOf(model, ds.bounds, { radius: RADIUS, std: STD });
        masses.push(`${method} seed ${seed}: mass per mode (within 4 std) ${mm.min.toFixed(4)}–${mm.max.toFixed(4)} (truth 0.125 each), outside the modes ${mm.outside.toFixed(4)} (truth < 0.001)`);
      }
      gaps.push(truth - ll);
      fds.push(fd);
      console.log(`| ${ds.name} | ${method} | ${seed} | ${ll.toFixed(4)} | ${truth.toFixed(4)}${score ? ' (truth)' : ` (${ds.reference.what})`} | ${(truth - ll).toFixed(3)} | ${score ? fd.toFixed(4) : '—'} | ${(cpu / 1000).toFixed(1)} s | ${(wall / 1000).toFixed(1)} s | ${tr.steps} | ${reached === null ? '—' : `${(reached / 1000).toFixed(1)} s`} |`);
      tr.dispose();
      model.dispose();
    }
    summary.push(`${ds.name}, ${method}: median gap ${median(gaps).toFixed(3)} nats${score ? `, median relative Fisher divergence ${median(fds).toFixed(4)}` : ''}`);
  }
}
for (const s of summary) console.log(s);
for (const s of masses) console.log(s);
console.log(`load average ${load0.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end; ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`);
