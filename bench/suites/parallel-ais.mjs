// Rows of the "parallel" suite for metrics.logPartition (AIS, sdk/parallel/ais.ts): the calling
// thread, 1 and 2 workers (shared pools), interleaved round by round, wall and CPU time (every
// thread) and the calling thread's busy time; a job below the threshold that stays on the calling
// thread; the cost of one chunk's messages (a chunk of 1 temperature on 2 workers against the
// same on this thread) and of starting a pool of 2 (what `{ workers: 2 }` pays per call); and
// RBM.logPartition({ method: 'exact' }) of a 64 × 20 RBM and RBM.fit of a 784 × 256 RBM at batch 256
// (sdk/parallel/rbm.ts).
// Every contender's bytes are checked against the calling thread's first.
// Standalone: `node bench/suites/parallel-ais.mjs [--rounds=R]` (after `npm run build`) writes
// bench/results/<time>-parallel-ais.json.
import { pathToFileURL, fileURLToPath } from 'node:url';
import { interleavedCpu } from '../lib/measure.mjs';

const bits = (r) => Buffer.from(new Float64Array([r.logZ, r.stderr, r.ess]).buffer).toString('hex');


function gaussian(sdk, d) {
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0.3 / (1 + Math.abs(i - j)))));
  return sdk.energies.gaussian({ mean: new Array(d).fill(0), cov });
}

/** The AIS workloads (pushed onto `out.workloads`, keyed, so printParallel prints their CPU split) and out.aisOverhead. */
export async function aisRows(sdk, pools, out, rounds) {
  const { metrics, RBM, createPool } = sdk;
  const g = gaussian(sdk, 10);
  const rbm = new RBM({ visible: 32, hidden: 32, visibleType: 'gaussian', seed: 4 });
  const p = new Float32Array(rbm.numParams);
  for (let i = 0; i < p.length; i++) p[i] = 0.1 * Math.sin(1.3 * i + 0.2);
  rbm.setParams(p);
  const jobs = [
    { key: 'ais', name: 'metrics.logPartition, 10-D Gaussian, MALA, 1024 chains × 1000 temperatures', energy: g, opts: { chains: 1024, temperatures: 1000, seed: 1 }, work: 1024 * 1000 },
    { key: 'aisRbm', name: 'metrics.logPartition, Gaussian RBM 32 × 32 (its file on the workers), HMC 3 leapfrog, 512 chains × 500 temperatures', energy: rbm,
      opts: { chains: 512, temperatures: 500, sampler: 'hmc', leapfrogSteps: 3, stepSize: 0.1, seed: 1 }, work: 512 * 500 },
    { key: 'aisSmall', name: 'metrics.logPartition, 10-D Gaussian, 256 chains × 150 temperatures (below the threshold: stays on the calling thread)', energy: g, opts: { chains: 256, temperatures: 150, seed: 1 }, work: 256 * 150 },
  ];
  try {
    for (const j of jobs) {
      const want = bits(await metrics.logPartition(j.energy, j.opts));
      for (const w of [1, 2]) {
        if (bits(await metrics.logPartition(j.energy, { ...j.opts, pool: pools[w] })) !== want) throw new Error(`${j.name}: ${w} workers differ from the calling thread`);
      }
      const call = (w) => () => metrics.logPartition(j.energy, { ...j.opts, ...(w ? { pool: pools[w] } : {}) });
      // chunks sent per call on 2 workers (each part's state and weights both ways)
      const run2 = pools[2].run;
      let parts = 0;
      pools[2].run = function (...a) {
        if (a[0] === 'aisParts') parts++;
        return run2.apply(this, a);
      };
      await call(2)();
      pools[2].run = run2;
      const results = await interleavedCpu([
        { name: 'calling thread', fn: call(0) },
        { name: '1 worker', fn: call(1) },
        { name: '2 workers', fn: call(2) },
      ], { rounds, reps: 1 });
      out.workloads.push({ name: j.name, key: j.key, unit: 'chain-temperatures', work: j.work, blocks: Math.ceil(j.opts.chains / 64), chunks: parts / 2, results });
    }
    // RBM.logPartition exact: 64 × 20 Bernoulli, 2^20 hidden states in 16 blocks of 2^16
    {
      const r = new RBM({ visible: 64, hidden: 20, seed: 5 });
      const q = new Float32Array(r.numParams);
      for (let i = 0; i < q.length; i++) q[i] = 0.3 * Math.sin(1.7 * i + 0.3);
      r.setParams(q);
      const want = (await r.logPartition({ method: 'exact' })).logZ;
      for (const w of [1, 2]) if (!Object.is((await r.logPartition({ method: 'exact', pool: pools[w] })).logZ, want)) throw new Error(`exact log Z on ${w} workers differs`);
      const call = (w) => () => r.logPartition({ method: 'exact', ...(w ? { pool: pools[w] } : {}) });
      const results = await interleavedCpu([
        { name: 'calling thread', fn: call(0) },
        { name: '1 worker', fn: call(1) },
        { name: '2 workers', fn: call(2) },
      ], { rounds, reps: 1 });
      out.workloads.push({ name: 'RBM.logPartition exact, 64 × 20 Bernoulli (2^20 states × 64 units, 16 blocks)', key: 'aisExact', unit: 'calls', work: 1, blocks: 16, blockUnit: '2^16 states', chunks: NaN, results });
      r.dispose();
    }
    // RBM.fit: 784 × 256 Bernoulli, batch 256 (4 blocks of 64 rows), PCD-1, 3 epochs of 2048 rows (24 minibatches; X is validated once per call)
    {
      const [V, H, B, n] = [784, 256, 256, 2048];
      const X = { rows: n, cols: V, data: new Float32Array(n * V) };
      for (let i = 0; i < X.data.length; i++) X.data[i] = (i * 7919) % 5 < 2 ? 1 : 0;
      const fit = async (w) => {
        const r = new RBM({ visible: V, hidden: H, seed: 3 });
        await r.fit(X, { batchSize: B, epochs: 3, k: 1, ...(w ? { pool: pools[w] } : {}) });
        const b = r.toBytes();
        r.dispose();
        return b;
      };
      const want = Buffer.from(await fit(0)).toString('base64');
      for (const w of [1, 2]) if (Buffer.from(await fit(w)).toString('base64') !== want) throw new Error(`RBM.fit on ${w} workers differs`);
      const results = await interleavedCpu([
        { name: 'calling thread', fn: () => fit(0) },
        { name: '1 worker', fn: () => fit(1) },
        { name: '2 workers', fn: () => fit(2) },
      ], { rounds, reps: 1 });
      out.workloads.push({ name: 'RBM.fit 784 × 256 Bernoulli, batch 256, PCD-1, 3 epochs of 8 minibatches', key: 'aisFit', unit: 'fits', work: 1, blocks: 4, blockUnit: '64 rows', chunks: NaN, results });
    }
    // starting a pool of 2 workers: what `{ workers: 2 }` (a pool for the call) pays on top of `{ pool }`
    const start = async () => {
      const pool = await createPool({ workers: 2 });
      await Promise.all([pool.run('ping', null, [], 'bench'), pool.run('ping', null, [], 'bench')]);
      await pool.close();
    };
    await start();
    out.aisOverhead = await interleavedCpu([{ name: 'createPool({ workers: 2 }), both workers answering, then close', fn: start }], { rounds, reps: 2 });
  } finally {
    g.dispose();
    rbm.dispose();
  }
}

export function printAis(r, log = console.log) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  for (const w of r.workloads.filter((x) => x.key?.startsWith('ais'))) {
    const base = w.results[0];
    log(`\n${w.name}`);
    for (const c of w.results) {
      log(`  ${c.name.padEnd(16)} wall ${f(c.ms).padStart(8)} ms (${f(base.ms / c.ms, 2)}×)   CPU all threads ${f(c.cpuMs).padStart(8)} ms   calling thread busy ${f(c.mainMs).padStart(8)} ms`);
    }
    const [t0, t1, t2] = w.results;
    // on w free cores: the calling thread's busy time with 2 workers is the serial part, the rest is shared by chain blocks
    const S = t2.mainMs;
    const P = t1.cpuMs - t1.mainMs;
    if (Number.isFinite(w.chunks)) log(`  ${w.chunks} chunks on 2 workers; CPU beyond the calling thread's, per chunk: ${f((t2.cpuMs - t0.cpuMs) / Math.max(1, w.chunks), 2)} ms (messages, split, join, idle wake-ups)`);
    log(`  prediction (${w.blocks} blocks of ${w.blockUnit ?? '64 chains'}; serial ${f(S, 1)} ms + shared ${f(P, 1)} ms): ` +
      [2, 4, 8].map((k) => `${k}: ${f(t0.cpuMs / (S + (P * Math.ceil(w.blocks / k)) / w.blocks), 2)}×`).join(', ') + ' on free cores');
  }
  for (const o of r.aisOverhead ?? []) log(`  ${o.name}: ${f(o.ms, 1)} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number((process.argv.find((a) => a.startsWith('--rounds=')) ?? '--rounds=5').slice(9));
  const os = await import('node:os');
  const fs = await import('node:fs');
  const sdk = await import(pathToFileURL(fileURLToPath(new URL('../../dist/index.node.js', import.meta.url))).href);
  await sdk.init();
  const pools = { 1: await sdk.createPool({ workers: 1 }), 2: await sdk.createPool({ workers: 2 }) };
  const out = { suite: 'parallel-ais', rounds, loadavgStart: os.loadavg(), workloads: [] };
  try {
    await aisRows(sdk, pools, out, rounds);
  } finally {
    await pools[1].close();
    await pools[2].close();
  }
  out.loadavgEnd = os.loadavg();
  console.log(`load average at start ${out.loadavgStart.map((x) => x.toFixed(1)).join(' ')}, end ${out.loadavgEnd.map((x) => x.toFixed(1)).join(' ')}; ${rounds} interleaved rounds, medians`);
  printAis(out);
  const file = fileURLToPath(new URL(`../results/${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-parallel-ais.json`, import.meta.url));
  fs.writeFileSync(file, JSON.stringify(out, null, 1));
  console.log(`  → ${file}`);
}
