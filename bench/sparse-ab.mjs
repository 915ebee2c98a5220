// `node bench/sparse-ab.mjs OLD.wasm NEW.wasm [rounds]`: the sparse suite's encode (the 1797 digits,
// 32 unit-norm atoms, λ = 1 and 0.1, duality gap ≤ 1e-6·‖y‖²) through two builds of ebm.wasm in one
// process, rounds interleaved in alternating order, timed by CPU time (process.cpuUsage) and by the
// wall clock; prints medians and the 20th percentiles (the least-disturbed runs on a shared machine)
// and whether both builds give the same bytes (codes, objective, stats). Writes
// bench/results/<date>-sparse-ab.json. For A/B of a kernel change; the target row is `npm run bench -- sparse`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadWasm } from './lib/wasm.mjs';
import { machineInfo } from './lib/machine.mjs';

const [oldPath, newPath, roundsArg] = process.argv.slice(2);
if (!oldPath || !newPath) {
  console.error('usage: node bench/sparse-ab.mjs OLD.wasm NEW.wasm [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
const SPARSE_CD = 0;
const TOL = 1e-6;
const MAX_ITER = 10_000;
const loadStart = loadavg();
console.log(`load average ${loadStart.map((x) => x.toFixed(1)).join(' ')}`);

const text = gunzipSync(readFileSync(fileURLToPath(new URL('../data/digits.csv.gz', import.meta.url)))).toString('utf8');
const lines = text.trim().split('\n');
const n = lines.length, d = 64;
const X = new Float32Array(n * d);
lines.forEach((line, i) => line.split(',').slice(0, 64).forEach((v, t) => (X[i * d + t] = Number(v) / 16)));
const fx = JSON.parse(readFileSync(fileURLToPath(new URL('../test/fixtures/sparse-sklearn.json', import.meta.url)), 'utf8'));
const cases = fx.encode.filter((c) => c.dictionary === 'digits').map((c) => ({ lambda: c.lambda, k: c.atoms.length, W: Float32Array.from(c.atoms.flat()), exact: c.objectiveSum }));

const builds = {};
for (const [name, path] of [['old', oldPath], ['new', newPath]]) {
  const w = await loadWasm(resolve(path));
  const perCase = cases.map((c) => {
    const kp = (c.k + 3) & ~3;
    const xp = w.put(X), wp = w.put(c.W);
    const WT = w.alloc(d * kp * 4), G = w.alloc(c.k * kp * 4), Z = w.alloc(n * c.k * 4), stats = w.alloc(32);
    w.raw.sparsePrepare(WT, G, wp, c.k, d, 0);
    return { run: () => w.raw.sparseEncode(Z, xp, n, d, WT, G, c.k, c.lambda, SPARSE_CD, MAX_ITER, TOL, 0, stats), Z, stats, xp, wp };
  });
  builds[name] = { w, sha256: w.sha256, perCase };
}

// bytes: codes, returned objective and stats of both builds
const same = cases.map((c, ci) => {
  const out = {};
  for (const [name, b] of Object.entries(builds)) {
    const pc = b.perCase[ci];
    const obj = pc.run();
    out[name] = { obj, Z: Buffer.from(b.w.u8(pc.Z, n * c.k * 4)), stats: Array.from(b.w.f64(pc.stats, 4)), energy: b.w.raw.sparseEnergy(0, 0, pc.xp, n, d, pc.wp, c.k, pc.Z, c.lambda) };
  }
  const eq = out.old.obj === out.new.obj && out.old.Z.equals(out.new.Z) && out.old.stats.every((v, i) => Object.is(v, out.new.stats[i]));
  return { lambda: c.lambda, sameBytes: eq, objectiveRelative: { old: (out.old.energy - c.exact) / c.exact, new: (out.new.energy - c.exact) / c.exact }, sweepsPerRow: out.new.stats[0] / n, stats: { old: out.old.stats, new: out.new.stats } };
});
for (const s of same) console.log(`λ=${s.lambda}: same bytes ${s.sameBytes}; objective vs optimum old ${s.objectiveRelative.old.toExponential(1)} new ${s.objectiveRelative.new.toExponential(1)}; ${s.sweepsPerRow.toFixed(1)} full sweeps a row`);

for (const b of Object.values(builds)) for (const pc of b.perCase) for (let i = 0; i < 5; i++) pc.run(); // tier-up
const cpu = {}, wall = {};
for (let r = 0; r < rounds; r++) {
  for (const name of r % 2 ? ['new', 'old'] : ['old', 'new']) {
    builds[name].perCase.forEach((pc, ci) => {
      const key = `${name}\0${ci}`;
      const c0 = process.cpuUsage(), t0 = performance.now();
      pc.run();
      const t1 = performance.now(), c1 = process.cpuUsage(c0);
      (cpu[key] ??= []).push((c1.user + c1.system) / 1e3);
      (wall[key] ??= []).push(t1 - t0);
    });
  }
}
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];
const rows = cases.map((c, ci) => {
  const f = (m, name, p) => q(m[`${name}\0${ci}`], p);
  const row = { lambda: c.lambda };
  for (const name of ['old', 'new']) row[name] = { cpuMedianMs: f(cpu, name, 0.5), cpuP20Ms: f(cpu, name, 0.2), wallMedianMs: f(wall, name, 0.5), wallP20Ms: f(wall, name, 0.2) };
  row.speedupCpuMedian = row.old.cpuMedianMs / row.new.cpuMedianMs;
  row.speedupWallP20 = row.old.wallP20Ms / row.new.wallP20Ms;
  console.log(`λ=${c.lambda}: old ${row.old.cpuMedianMs.toFixed(1)} ms CPU (wall p20 ${row.old.wallP20Ms.toFixed(1)}), new ${row.new.cpuMedianMs.toFixed(1)} ms CPU (wall p20 ${row.new.wallP20Ms.toFixed(1)}): ${row.speedupCpuMedian.toFixed(2)}× by CPU median, ${row.speedupWallP20.toFixed(2)}× by wall p20`);
  return row;
});
const loadEnd = loadavg();
console.log(`load average ${loadEnd.map((x) => x.toFixed(1)).join(' ')}`);
const outDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
const file = `${outDir}${stamp}-sparse-ab.json`;
writeFileSync(file, JSON.stringify({ machine: machineInfo(), load: { start: loadStart, end: loadEnd }, rounds, builds: { old: { path: oldPath, sha256: builds.old.sha256 }, new: { path: newPath, sha256: builds.new.sha256 } }, same, rows }, null, 1));
console.log(`wrote ${file}`);
