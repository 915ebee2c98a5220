// `node bench/mala-ab.mjs OLD_DIST NEW_DIST [rounds]`: issue 15's raw MALA throughput for two builds of
// the SDK and the straightforward JS MALA (bench/baselines/plain-mala.ts), all in one process:
//   1. the bench row's measure for both builds: chain-steps/s of samplers.mala(…).run({ draws: 2000 })
//      (64 chains, the 10-D Gaussian with condition number 100), rounds interleaved in rotating order,
//      ratio of medians against the plain MALA;
//   2. the least-disturbed figures on a loaded machine: the 20th percentile of many short runs
//      (200 draws; the plain MALA 200 steps), where some runs escape other tenants' work;
//   3. where a kernel chain-step goes, from the raw kernels of each build's ebm.wasm: Philox words
//      (rngU32), the normal transform (rngNormalFast − rngU32), uniforms, the energy and gradient of 64
//      rows, and the rest of the transition (proposal, log-ratio, Metropolis–Hastings).
// Writes bench/results/<date>-mala-ab.json. For A/B of a change; the target row is in `npm run bench`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { machineInfo } from './lib/machine.mjs';
import { loadBaselines } from './lib/baselines.mjs';
import { loadWasm } from './lib/wasm.mjs';
import { rotatedGaussian } from './suites/samplers.mjs';

const [oldDir, newDir, roundsArg] = process.argv.slice(2);
if (!oldDir || !newDir) {
  console.error('usage: node bench/mala-ab.mjs OLD_DIST NEW_DIST [rounds]   (folders holding index.node.js and ebm.wasm)');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const dirs = { old: resolve(oldDir), new: resolve(newDir) };
const sdks = {};
for (const [k, d] of Object.entries(dirs)) {
  sdks[k] = await import(pathToFileURL(resolve(d, 'index.node.js')).href);
  await sdks[k].init({ wasm: readFileSync(resolve(d, 'ebm.wasm')) });
}
const { mod, reason } = await loadBaselines();
if (!mod) throw new Error(`bench/baselines could not be loaded: ${reason}`);
const P = mod.plainMala;
const chains = 64, d = 10, eps = 0.05;
const g = rotatedGaussian(d, sdks.old);
const target = { dim: d, mean: new Float64Array(d), prec: Float64Array.from(g.prec) };
const energy = Object.fromEntries(Object.entries(sdks).map(([k, s]) => [k, s.energies.gaussian({ mean: Array.from(g.mean), cov: g.cov })]));
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];
const med = (a) => q(a, 0.5);

async function chainSteps(who, draws, seed) {
  const t0 = performance.now();
  if (who === 'plain') P.plainMalaRun(target, P.plainMalaInit(target, new Float64Array(chains * d), chains, seed), draws, eps, true);
  else {
    const s = sdks[who].samplers.mala(energy[who], { chains, seed, stepSize: eps });
    await s.run({ draws });
    s.dispose();
  }
  return (performance.now() - t0) / (chains * draws); // ms per chain-step
}

// 1. the row's measure
for (const who of ['plain', 'old', 'new']) await chainSteps(who, 200, 1); // JIT and tier-up
const row = { old: [], new: [], plain: [] };
const orders = [['old', 'new', 'plain'], ['new', 'plain', 'old'], ['plain', 'old', 'new']];
for (let r = 0; r < rounds; r++) for (const who of orders[r % 3]) row[who].push(await chainSteps(who, 2000, 100 + r));
const rate = (ms) => 1e3 / ms;
const rowOut = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, rate(med(v))]));
console.log(`1. run({ draws: 2000 }), ${rounds} rounds, medians: old ${(rowOut.old / 1e6).toFixed(3)} M, new ${(rowOut.new / 1e6).toFixed(3)} M, plain JS ${(rowOut.plain / 1e3).toFixed(1)} k chain-steps/s` +
  ` → old ${(rowOut.old / rowOut.plain).toFixed(2)}×, new ${(rowOut.new / rowOut.plain).toFixed(2)}× (new/old speed ${(rowOut.new / rowOut.old).toFixed(3)})`);

// 2. least disturbed: short runs, 20th percentile of the times
const short = { old: [], new: [], plain: [] };
for (let r = 0; r < 8 * rounds; r++) {
  for (const who of ['old', 'new']) short[who].push(await chainSteps(who, 200, 1000 + r));
  if (r % 4 === 0) short.plain.push(await chainSteps('plain', 200, 1000 + r));
}
const ns = Object.fromEntries(Object.entries(short).map(([k, v]) => [k, q(v, 0.2) * 1e6]));
console.log(`2. runs of 200 draws, 20th percentile: old ${ns.old.toFixed(1)} ns, new ${ns.new.toFixed(1)} ns, plain JS ${ns.plain.toFixed(0)} ns per chain-step` +
  ` → old ${(ns.plain / ns.old).toFixed(1)}×, new ${(ns.plain / ns.new).toFixed(1)}×`);

// 3. the kernel split, raw exports of each build
const K = 100, n = chains * d;
function kernelTasks(w) {
  const R = w.raw;
  const st = R.alloc(32);
  R.rngInit(st, 1, 0, 0);
  const buf = R.alloc(n * 4), ub = R.alloc(chains * 4);
  const mu = R.alloc(d * 4), Pm = R.alloc(d * d * 4);
  w.f32(Pm, d * d).set(g.prec);
  w.f32(mu, d).fill(0);
  const desc = R.alloc(96);
  const dv = new Int32Array(w.memory.buffer, desc, 24);
  dv.fill(0);
  dv[0] = 1; // KIND_GAUSSIAN: p0 = μ, p1 = P
  dv[1] = d;
  dv[2] = mu;
  dv[3] = Pm;
  const Y = R.alloc(n * 4), E = R.alloc(chains * 4), G = R.alloc(n * 4);
  const y = w.f32(Y, n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(i);
  const s = R.alloc(R.samplerStateBytes(3, chains, d, 0)); // SAMPLER_MALA
  R.samplerLayout(s, 3, chains, d, 0, 1, 0, 0, 0);
  R.samplerDefaultPositions(s, 1, 0);
  R.samplerConfigure(s, eps, 1);
  R.samplerPrime(s, desc);
  return {
    philox: () => { for (let k = 0; k < K; k++) R.rngU32(buf, n, st); },
    normals: () => { for (let k = 0; k < K; k++) R.rngNormalFast(buf, n, st); },
    uniforms: () => { for (let k = 0; k < K; k++) R.rngUniform(ub, chains, st); },
    energy: () => { for (let k = 0; k < K; k++) R.energyEval(desc, Y, chains, E, G); },
    step: () => R.samplerRun(s, desc, K, K, 0),
  };
}
const ws = { old: await loadWasm(resolve(dirs.old, 'ebm.wasm')), new: await loadWasm(resolve(dirs.new, 'ebm.wasm')) };
const tasks = { old: kernelTasks(ws.old), new: kernelTasks(ws.new) };
const kt = { old: {}, new: {} };
for (let r = 0; r < 8 * rounds; r++) {
  for (const b of r % 2 ? ['new', 'old'] : ['old', 'new']) {
    for (const [name, f] of Object.entries(tasks[b])) {
      const t0 = performance.now();
      f();
      (kt[b][name] ??= []).push(((performance.now() - t0) / (K * chains)) * 1e6);
    }
  }
}
const split = {};
for (const b of ['old', 'new']) {
  const t = Object.fromEntries(Object.entries(kt[b]).map(([k, v]) => [k, q(v, 0.2)]));
  split[b] = { philox: t.philox, transform: t.normals - t.philox, uniforms: t.uniforms, energy: t.energy, rest: t.step - t.normals - t.uniforms - t.energy, step: t.step };
  console.log(`3. ${b}: ns per chain-step (20th percentile of ${8 * rounds} rounds of ${K}): ` + Object.entries(split[b]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
}
const machine = machineInfo();
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${machine.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z')}-mala-ab.json`;
writeFileSync(file, JSON.stringify({ machine, loadAverage: loadavg(), old: dirs.old, new: dirs.new, rounds, row: { msPerChainStep: row, chainStepsPerSec: rowOut }, short: { msPerChainStep: short, p20ns: ns }, split, kernelNs: kt }, null, 1));
console.log(`wrote ${file}`);
for (const e of Object.values(energy)) e.dispose();
