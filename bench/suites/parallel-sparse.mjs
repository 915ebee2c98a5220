// Rows of the "parallel" suite for sparse coding and the latent-variable EBM:
// SparseCoding.encode and the alternating SparseCoding.fit, LatentEBM.freeEnergy
// and LatentEBM.fit, on the calling thread, 1 and 2 workers (shared
// pools), interleaved round by round, with each contender's bytes checked
// against the calling thread's first. Beside the wall time, the process's CPU
// time (every thread) and the calling thread's busy time (event-loop
// utilization), which a loaded machine disturbs far less; the round trip of
// an encode job of almost no work (the `worth` threshold) and a prediction
// for w free cores. Also runnable alone: `node bench/suites/parallel-sparse.mjs [--rounds=R]`
// (after `npm run build`), which saves bench/results/<stamp>-parallel-sparse.json.
import { createHash } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { interleavedCpu } from '../lib/measure.mjs';

const url = (f) => pathToFileURL(fileURLToPath(new URL(`../../dist/${f}`, import.meta.url))).href;
const hash = (a) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');


/** Data: sparse combinations of 64-D directions plus noise (8 000 rows). */
function makeData(random, n, d) {
  const z = random.normal(n * d, { seed: 31 });
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) out[i * d + t] = (t % 7 === i % 7 ? 2 : 0) + 0.3 * z[i * d + t];
  return { rows: n, cols: d, data: out };
}

export async function runSparseRows(sdk, pools, rounds) {
  const { SparseCoding, random } = sdk;
  const n = 8000;
  const d = 64;
  const k = 48;
  const EPOCHS = 5;
  const X = makeData(random, n, d);
  const model = await new SparseCoding({ nAtoms: k, lambda: 0.3, seed: 2 }).fit(X, { epochs: 3 });
  const units = n * k * (d + k);
  // bytes first
  const ref = hash(model.encode(X).data);
  for (const w of [1, 2]) if (hash((await model.encode(X, { pool: pools[w] })).data) !== ref) throw new Error(`SparseCoding.encode on ${w} workers differs from the calling thread`);
  const fitHash = (m) => `${hash(m.atoms.data)}${hash(m.history)}${m.objective}`;
  const fit = async (w) => {
    const m = new SparseCoding({ nAtoms: k, lambda: 0.3, seed: 2 });
    try {
      await m.fit(X, { epochs: EPOCHS, ...(w ? { pool: pools[w] } : {}) });
      return fitHash(m);
    } finally {
      m.dispose();
    }
  };
  const fref = await fit(0);
  for (const w of [1, 2]) if ((await fit(w)) !== fref) throw new Error(`SparseCoding.fit on ${w} workers differs from the calling thread`);

  const encode = await interleavedCpu([
    { name: 'calling thread', fn: () => model.encode(X) },
    { name: '1 worker', fn: () => model.encode(X, { pool: pools[1] }) },
    { name: '2 workers', fn: () => model.encode(X, { pool: pools[2] }) },
  ], { rounds, reps: 2 });
  const fits = await interleavedCpu([
    { name: 'calling thread', fn: () => fit(0) },
    { name: '1 worker', fn: () => fit(1) },
    { name: '2 workers', fn: () => fit(2) },
  ], { rounds, reps: 1 });

  // an encode job of almost no work on 2 workers (2 blocks of 64 rows, d 1, 1 atom): the split, messages, copies, join
  const { encodeOnPool } = await import(url('parallel/sparse.js'));
  const tinyY = new Float32Array(128).fill(1);
  const tinyD = new Float32Array(8).fill(1);
  const tiny = { d: 1, k: 1, lambda: 0.1, algorithm: 0, maxIter: 10, tol: 1e-6 };
  for (let i = 0; i < 20; i++) await encodeOnPool(pools[2], tinyY, 128, tinyD, tiny, 'bench');
  const [overhead] = await interleavedCpu([{ name: 'an encode of ~no work on 2 workers', fn: () => encodeOnPool(pools[2], tinyY, 128, tinyD, tiny, 'bench') }], { rounds, reps: 20 });
  model.dispose();
  return {
    name: `SparseCoding, ${n} × ${d}, ${k} atoms, λ 0.3`, units, epochs: EPOCHS,
    encode, fit: fits, overhead,
  };
}

/**
 * LatentEBM (a 2-D continuous z on the default 24² grid, 4 starts × 30 descent steps, decoder [64, 64]):
 * freeEnergy F∞ of 1024 rows, and fit, 1 epoch of 512 rows in batches of 64 (8 steps of 4 blocks).
 */
export async function runLatentRows(sdk, pools, rounds) {
  const { LatentEBM, datasets } = sdk;
  const options = { xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 2 }, hidden: [64, 64], seed: 3 };
  const big = datasets.horn({ n: 1024, seed: 8 });
  const small = datasets.horn({ n: 512, seed: 9 });
  const model = new LatentEBM(options);
  const ref = hash(model.freeEnergy(big.X, big.Y));
  for (const w of [1, 2]) if (hash(await model.freeEnergy(big.X, big.Y, { pool: pools[w] })) !== ref) throw new Error(`LatentEBM.freeEnergy on ${w} workers differs`);
  const fit = async (w) => {
    const m = new LatentEBM(options);
    try {
      await m.fit(small, { epochs: 1, ...(w ? { pool: pools[w] } : {}) });
      return hash(m.params);
    } finally {
      m.dispose();
    }
  };
  const fref = await fit(0);
  for (const w of [1, 2]) if ((await fit(w)) !== fref) throw new Error(`LatentEBM.fit on ${w} workers differs`);
  const free = await interleavedCpu([
    { name: 'calling thread', fn: () => model.freeEnergy(big.X, big.Y) },
    { name: '1 worker', fn: () => model.freeEnergy(big.X, big.Y, { pool: pools[1] }) },
    { name: '2 workers', fn: () => model.freeEnergy(big.X, big.Y, { pool: pools[2] }) },
  ], { rounds, reps: 1 });
  const fits = await interleavedCpu([
    { name: 'calling thread', fn: () => fit(0) },
    { name: '1 worker', fn: () => fit(1) },
    { name: '2 workers', fn: () => fit(2) },
  ], { rounds, reps: 1 });
  model.dispose();
  return { name: 'LatentEBM, continuous 2-D z (24² grid, 4 × 30 descent steps), decoder [64, 64]', free, fit: fits };
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** A workload's rows (calling thread, 1 worker, 2 workers) and the prediction for w free cores. */
function printRows(label, rows, log) {
  log(`\n${label}`);
  log('contender'.padEnd(24) + 'ms'.padStart(10) + 'vs calling thread'.padStart(20) + 'CPU ms, all threads'.padStart(22) + 'calling thread busy'.padStart(22));
  const base = rows[0].ms;
  for (const c of rows) log(c.name.padEnd(24) + f(c.ms).padStart(10) + `${f(base / c.ms, 2)}×`.padStart(20) + f(c.cpuMs).padStart(22) + f(c.mainMs).padStart(22));
  // T(w) = serial S (the calling thread's busy time with 2 workers) + shared P / w, P = the 1-worker run's CPU less its calling thread's
  const S = rows[2].mainMs;
  const P = rows[1].cpuMs - rows[1].mainMs;
  log(`  prediction on w free cores (serial ${f(S, 1)} ms + shared ${f(P, 1)} ms / w, against the calling thread's CPU ${f(rows[0].cpuMs, 0)} ms): ` +
    [2, 4, 8].map((w) => `${w}: ${f(rows[0].cpuMs / (S + P / w), 2)}×`).join(', '));
}

export function printLatentRows(r, log = console.log) {
  for (const [label, rows] of [[`${r.name}: freeEnergy F∞ of 1024 rows`, r.free], [`${r.name}: fit, 1 epoch of 512 rows, batches of 64 (4 blocks each)`, r.fit]]) {
    printRows(label, rows, log);
  }
}

export function printSparseRows(r, log = console.log) {
  for (const [label, rows] of [[`${r.name}: encode (${(r.units / 1e6).toFixed(1)} M units of rows × atoms × (dim + atoms))`, r.encode], [`${r.name}: fit, alternating, ${r.epochs} epochs`, r.fit]]) {
    printRows(label, rows, log);
  }
  const c = r.encode[0].cpuMs / r.units; // CPU ms per unit on the calling thread
  log(`  ${r.overhead.name}: ${f(r.overhead.ms, 2)} ms; 2 workers save more than that from ~${f((2 * r.overhead.ms) / c / 1e6, 2)} M units (encode's threshold is 2^21 = 2.1 M)`);
}

// alone: node bench/suites/parallel-sparse.mjs [--rounds=R]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rounds = Number((process.argv.find((a) => a.startsWith('--rounds=')) ?? '--rounds=5').slice(9));
  const sdk = await import(url('index.node.js'));
  const wasmBytes = readFileSync(new URL('../../build/ebm.wasm', import.meta.url));
  await sdk.init({ wasm: wasmBytes });
  const pools = { 1: await sdk.createPool({ workers: 1 }), 2: await sdk.createPool({ workers: 2 }) };
  const start = loadavg();
  try {
    const r = await runSparseRows(sdk, pools, rounds);
    const lat = await runLatentRows(sdk, pools, rounds);
    const out = { suite: 'parallel-sparse', machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, wasm: { sha256: createHash('sha256').update(wasmBytes).digest('hex') }, rounds, loadavgStart: start, loadavgEnd: loadavg(), sparse: r, latent: lat };
    console.log(`load average at start ${start.map((x) => x.toFixed(1)).join(' ')}, end ${out.loadavgEnd.map((x) => x.toFixed(1)).join(' ')}; ${rounds} interleaved rounds, medians`);
    printSparseRows(r);
    printLatentRows(lat);
    const dir = new URL('../results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = `${stamp}-parallel-sparse.json`;
    writeFileSync(new URL(file, dir), JSON.stringify(out, null, 2) + '\n');
    console.log(`  → bench/results/${file}`);
  } finally {
    await pools[1].close();
    await pools[2].close();
  }
}
