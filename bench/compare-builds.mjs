// `node bench/compare-builds.mjs OLD_DIST NEW_DIST [rounds]`: the same sampler, MLP and training
// workloads through two builds of the SDK in one process, interleaved round by round (so both
// see the same machine load), with medians and whether the two builds give the same bytes.
// For refactors that must not change bits or speed; the ratios against peers stay in `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { machineInfo } from './lib/machine.mjs';

const [oldDir, newDir, roundsArg] = process.argv.slice(2);
if (!oldDir || !newDir) {
  console.error('usage: node bench/compare-builds.mjs OLD_DIST NEW_DIST [rounds]   (folders holding index.node.js and ebm.wasm)');
  process.exit(2);
}
const load = (d) => import(pathToFileURL(resolve(d, 'index.node.js')).href);
const builds = { old: await load(oldDir), new: await load(newDir) };
for (const b of Object.values(builds)) await b.init();
const rounds = Number(roundsArg ?? 9);
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const times = {};
const sums = {};
const record = (key, name, ms, sum) => {
  (times[`${key}\0${name}`] ??= []).push(ms);
  sums[`${key}\0${name}`] = sum;
};
const total = (a) => a.reduce((s, v) => s + v, 0);

const D = 10;
const cov = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => (i === j ? 1 + i * 11 : 0)));
const SAMPLERS = [['mala', { stepSize: 0.1 }], ['hmc', { stepSize: 0.3, leapfrogSteps: 10 }], ['randomWalk', { stepSize: 0.3 }], ['langevin', { stepSize: 0.01 }]];

for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? ['new', 'old'] : ['old', 'new']) {
    const lib = builds[name];
    for (const [kind, opts] of SAMPLERS) {
      const e = lib.energies.gaussian({ mean: new Array(D).fill(0), cov });
      const s = lib.samplers[kind](e, { chains: 64, seed: 3, ...opts });
      const t0 = performance.now();
      const r = await s.run({ draws: 2000 });
      record(`${kind}: 2000 draws × 64 chains, 10-D`, name, performance.now() - t0, total(r.samples.data));
      s.dispose();
      e.dispose();
    }
    for (const [label, hidden, B] of [['2→32→32→1, B=64', [32, 32], 64], ['2→128→128→1, B=256', [128, 128], 256]]) {
      const F = new lib.MLPEnergy({ inputDim: 2, hidden, seed: 1 });
      const Y = lib.datasets.eightGaussians({ n: B, seed: 2 }).X;
      let t0 = performance.now();
      let g = null;
      for (let i = 0; i < 200; i++) g = F.energyAndGrad(Y);
      record(`MLP energyAndGrad ${label}`, name, (performance.now() - t0) / 200, total(g.grad.data));
      const X = lib.datasets.eightGaussians({ n: 2048, seed: 3 }).X;
      const tr = new lib.train.ContrastiveTrainer(F, X, { batchSize: B, negatives: { steps: 20 }, seed: 1 });
      t0 = performance.now();
      await tr.run({ steps: 20 });
      record(`training step ${label}`, name, (performance.now() - t0) / 20, total(F.params));
      tr.dispose();
      F.dispose();
    }
  }
}
console.log(`${rounds} interleaved rounds; medians; "same bytes" compares the two builds' outputs\n`);
const keys = [...new Set(Object.keys(times).map((k) => k.split('\0')[0]))];
const rows = [];
for (const k of keys) {
  const o = med(times[`${k}\0old`]);
  const n = med(times[`${k}\0new`]);
  const same = sums[`${k}\0old`] === sums[`${k}\0new`];
  console.log(`${k.padEnd(44)} old ${o.toFixed(3).padStart(8)} ms   new ${n.toFixed(3).padStart(8)} ms   new/old ${(n / o).toFixed(3)}   same bytes: ${same}`);
  rows.push({ workload: k, oldMs: o, newMs: n, ratio: n / o, sameBytes: same, oldSamples: times[`${k}\0old`], newSamples: times[`${k}\0new`] });
}
const machine = machineInfo();
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${machine.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z')}-compare-builds.json`;
writeFileSync(file, JSON.stringify({ machine, old: resolve(oldDir), new: resolve(newDir), rounds, rows }, null, 2));
console.log(`\nwrote ${file}`);
