// `node bench/train-ab.mjs OLD_DIST NEW_DIST [rounds] [iterations per round, default 5]`: the large contrastive training iteration of the
// parallel suite (batch 256, 2→128→128→1 silu, 20 Langevin steps, replay buffer, Adam) on the calling
// thread, through two builds of the SDK in one process: rounds interleaved in alternating order, each
// timing a few iterations of a trainer per build (many rounds of 1 iteration give
// the 20th percentile more chances to escape other tenants' bursts), as wall time and as this process's CPU time
// (process.cpuUsage: on one thread, what other tenants of a loaded machine disturb least). Reports
// medians and 20th percentiles per iteration. For A/B of a change to the step (issue 15's blocks: did
// they slow one thread?); writes bench/results/<date>-train-ab.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { machineInfo } from './lib/machine.mjs';

const [oldDir, newDir, roundsArg] = process.argv.slice(2);
if (!oldDir || !newDir) {
  console.error('usage: node bench/train-ab.mjs OLD_DIST NEW_DIST [rounds]   (folders holding index.node.js and ebm.wasm)');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
const ITERS = Number(process.argv[5] ?? 5);
const loadStart = loadavg();
const dirs = { old: resolve(oldDir), new: resolve(newDir) };
const trainers = {};
for (const [k, d] of Object.entries(dirs)) {
  const lib = await import(pathToFileURL(resolve(d, 'index.node.js')).href);
  await lib.init();
  const X = lib.datasets.eightGaussians({ n: 8192, seed: 20251212 }).X;
  const m = new lib.MLPEnergy({ inputDim: 2, hidden: [128, 128], activation: 'silu', seed: 20251211 });
  const t = new lib.train.ContrastiveTrainer(m, X, {
    negatives: { init: 'buffer', sampler: 'langevin', steps: 20, stepSize: 0.01, noiseScale: 1, bufferSize: 10000, reinit: 0.05 },
    loss: 'contrastive', optimizer: lib.optim.adam({ lr: 1e-3 }), batchSize: 256, seed: 20251211,
  });
  await t.run({ steps: ITERS }); // tier-up
  trainers[k] = t;
}
const wall = { old: [], new: [] };
const cpu = { old: [], new: [] };
for (let r = 0; r < rounds; r++) {
  for (const k of r % 2 ? ['new', 'old'] : ['old', 'new']) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await trainers[k].run({ steps: ITERS });
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall[k].push(ms / ITERS);
    cpu[k].push((c.user + c.system) / 1000 / ITERS);
  }
}
const pct = (a, q) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))];
const loadEnd = loadavg();
console.log(`load average start ${loadStart.map((x) => x.toFixed(1)).join(' ')}, end ${loadEnd.map((x) => x.toFixed(1)).join(' ')}; ${rounds} rounds of ${ITERS} iterations per build`);
const rows = [];
for (const [what, t] of [['wall', wall], ['cpu', cpu]]) {
  for (const [q, name] of [[0.5, 'median'], [0.2, 'p20']]) {
    const o = pct(t.old, q), n = pct(t.new, q);
    console.log(`${what.padEnd(5)} ${name.padEnd(7)} old ${o.toFixed(2).padStart(8)} ms/iteration   new ${n.toFixed(2).padStart(8)} ms/iteration   new/old ${(n / o).toFixed(3)}`);
    rows.push({ measure: what, statistic: name, oldMs: o, newMs: n, ratio: n / o });
  }
}
const machine = machineInfo();
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${machine.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z')}-train-ab.json`;
writeFileSync(file, JSON.stringify({ machine, old: dirs.old, new: dirs.new, rounds, iterations: ITERS, loadStart, loadEnd, rows, wall, cpu }, null, 2));
console.log(`wrote ${file}`);
process.exit(0);
