// `node bench/steps-ab.mjs OLD_DIST NEW_DIST [rounds]`: small NCE and score-matching steps (batch 16,
// 2→16→1 MLP, moons) through two builds of the SDK in one process, where a step takes ~10–30 µs and
// the TypeScript around the fused WASM call shows: rounds of 2000 steps interleaved in alternating
// order. Checks both builds train the same bits; reports medians per step and writes
// bench/results/<date>-steps-ab.json. For A/B of the trainers' run loop (sdk/train/run-steps.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { machineInfo } from './lib/machine.mjs';

const [oldDir, newDir, roundsArg] = process.argv.slice(2);
if (!oldDir || !newDir) {
  console.error('usage: node bench/steps-ab.mjs OLD_DIST NEW_DIST [rounds]   (folders holding index.node.js and ebm.wasm)');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 21);
const STEPS = 2000;
const loadStart = loadavg();
const libs = {};
for (const [k, d] of Object.entries({ old: oldDir, new: newDir })) {
  libs[k] = await import(pathToFileURL(resolve(d, 'index.node.js')).href);
  await libs[k].init();
}
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const out = { suite: 'steps-ab', machine: machineInfo(), old: resolve(oldDir), new: resolve(newDir), rounds, steps: STEPS, results: {} };
for (const kind of ['nce', 'scoreMatching']) {
  const make = (sdk) => {
    const { X } = sdk.datasets.moons({ n: 512, seed: 1 });
    const m = new sdk.MLPEnergy({ inputDim: 2, hidden: [16], seed: 1 });
    const t = kind === 'nce' ? new sdk.train.NceTrainer(m, X, { batchSize: 16, seed: 1 }) : new sdk.train.ScoreMatchingTrainer(m, X, { batchSize: 16, seed: 1 });
    return { m, t };
  };
  const runs = { old: make(libs.old), new: make(libs.new) };
  for (const r of Object.values(runs)) await r.t.run({ steps: 200 }); // tier-up
  const us = { old: [], new: [] };
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? ['new', 'old'] : ['old', 'new']) {
      const t0 = performance.now();
      await runs[k].t.run({ steps: STEPS });
      us[k].push(((performance.now() - t0) / STEPS) * 1000);
    }
  }
  const same = Buffer.compare(Buffer.from(runs.old.m.params.buffer), Buffer.from(runs.new.m.params.buffer)) === 0;
  if (!same) throw new Error(`${kind}: the two builds trained different parameters`);
  out.results[kind] = { oldMedianUs: median(us.old), newMedianUs: median(us.new), ratio: median(us.new) / median(us.old), old: us.old, new: us.new };
  console.log(`${kind}: old ${median(us.old).toFixed(2)} µs/step, new ${median(us.new).toFixed(2)} µs/step (medians of ${rounds} × ${STEPS} steps), new/old ${(median(us.new) / median(us.old)).toFixed(3)}; same bits`);
  for (const r of Object.values(runs)) {
    r.t.dispose();
    r.m.dispose();
  }
}
const loadEnd = loadavg();
out.load = { start: loadStart, end: loadEnd };
console.log(`load average start ${loadStart.map((v) => v.toFixed(1)).join(' ')}, end ${loadEnd.map((v) => v.toFixed(1)).join(' ')}`);
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${new Date().toISOString().replace(/[:.]/g, '').slice(0, 17)}Z-steps-ab.json`;
writeFileSync(file, JSON.stringify(out, null, 2));
console.log(`wrote ${file}`);
