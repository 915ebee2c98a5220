// Suite "parallel": the same calls on the calling thread, on 1 worker and on 2
// workers (a shared pool from createPool), as throughput ratios measured in
// one process with the contenders interleaved round by round (a burst of load
// on this shared machine then hits all of them alike): MALA on a 10-D Gaussian
// with 1024 chains, and the large contrastive training iteration (batch 256,
// 2→128→128→1 silu, 20 Langevin steps, replay buffer). Also the overhead of
// one parallel step (an empty task's round trip; a 0-transition chunk with
// the split, the messages and the join; a training step's parts without
// transitions on 2 workers against the same work on the calling thread), the
// serial part of a training step (contrastiveNegatives and contrastiveFinish
// timed through the kernels; the blocks' work, contrastiveParts of the whole
// batch on the calling thread, is shown beside it), and from them a
// prediction for more cores. Every contender's bytes are checked
// against the calling thread's first. Then train.maxLikelihoodGrid and
// diagnostics.summary and metrics.mmd the same way (gridAndDiagnostics).
import { createHash } from 'node:crypto';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { interleavedCpu, median } from '../lib/measure.mjs';
import { runSparseRows, printSparseRows, runLatentRows, printLatentRows } from './parallel-sparse.mjs';
import { aisRows, printAis } from './parallel-ais.mjs';

const hash = (b) => createHash('sha256').update(b).digest('hex');

async function loadSdk() {
  const path = fileURLToPath(new URL('../../dist/index.node.js', import.meta.url));
  const sdk = await import(pathToFileURL(path).href);
  if (typeof sdk.createPool !== 'function') throw new Error('dist/index.node.js has no createPool: run `npm run build`');
  return sdk;
}

/** ms of `fn` per call, `rounds` interleaved rounds of `reps` calls each; medians per contender. */
// Also the process's CPU time per call (process.cpuUsage counts every thread, workers included): the
// work a contender costs in all, which a loaded machine disturbs far less than the wall time.
async function interleaved(contenders, { rounds, reps }) {
  const times = contenders.map(() => []);
  const cpu = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      for (let k = 0; k < reps; k++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await contenders[i].fn();
        times[i].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[i].push((c.user + c.system) / 1000);
      }
    }
  }
  return contenders.map((c, i) => ({ name: c.name, ms: median(times[i]), cpuMs: median(cpu[i]), samples: times[i].length, all: times[i], allCpu: cpu[i] }));
}

export async function runParallel(wasm, { rounds = 5, log = console.log } = {}) {
  const sdk = await loadSdk();
  await sdk.init({ wasm: wasm.bytes });
  const { energies, samplers, createPool, MLPEnergy, train, optim, datasets } = sdk;
  const pools = { 1: await createPool({ workers: 1 }), 2: await createPool({ workers: 2 }) };
  const out = { suite: 'parallel', rounds, loadavgStart: (await import('node:os')).loadavg(), workloads: [] };
  try {
    // ---- MALA, 10-D Gaussian, 1024 chains ------------------------------------------------------------------
    const d = 10;
    const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0.3 / (1 + Math.abs(i - j)))));
    const target = energies.gaussian({ mean: new Array(d).fill(0), cov });
    const STEPS = 1000;
    const mala = () => samplers.mala(target, { chains: 1024, seed: 1, stepSize: 0.25 });
    {
      const ref = await mala().run({ draws: 20 });
      for (const w of [1, 2]) {
        const r = await mala().run({ draws: 20, pool: pools[w] });
        if (hash(r.samples.data) !== hash(ref.samples.data)) throw new Error(`MALA on ${w} workers differs from the calling thread`);
      }
    }
    const s = { 0: mala(), 1: mala(), 2: mala() };
    const malaRun = (w) => () => s[w].run({ warmup: STEPS, draws: 0, ...(w ? { pool: pools[w] } : {}) });
    for (const w of [0, 1, 2]) await malaRun(w)(); // tier-up everywhere
    const mr = await interleaved([
      { name: 'calling thread', fn: malaRun(0) },
      { name: '1 worker', fn: malaRun(1) },
      { name: '2 workers', fn: malaRun(2) },
    ], { rounds, reps: 2 });
    out.workloads.push({ name: `MALA, 10-D Gaussian, 1024 chains, ${STEPS} transitions`, unit: 'chain-steps', work: 1024 * STEPS, results: mr });

    // ---- the large contrastive training iteration ------------------------------------------------------------
    const ds = datasets.eightGaussians({ n: 8192, seed: 20251212 });
    const X = ds.X ?? ds;
    const opts = (steps) => ({
      negatives: { init: 'buffer', sampler: 'langevin', steps, stepSize: 0.01, noiseScale: 1, bufferSize: 10000, reinit: 0.05 },
      loss: 'contrastive', optimizer: optim.adam({ lr: 1e-3 }), batchSize: 256, seed: 20251211,
    });
    const model = () => new MLPEnergy({ inputDim: 2, hidden: [128, 128], activation: 'silu', seed: 20251211 });
    {
      const m0 = model();
      const t0 = new train.ContrastiveTrainer(m0, X, opts(20));
      await t0.run({ steps: 3 });
      for (const w of [1, 2]) {
        const m = model();
        const t = new train.ContrastiveTrainer(m, X, opts(20));
        await t.run({ steps: 3, pool: pools[w] });
        if (hash(t.toBytes()) !== hash(t0.toBytes())) throw new Error(`training on ${w} workers differs from the calling thread`);
        t.dispose();
        m.dispose();
      }
      t0.dispose();
      m0.dispose();
    }
    const TSTEPS = 5;
    const trainers = {};
    for (const w of [0, 1, 2]) {
      const m = model();
      trainers[w] = { m, t: new train.ContrastiveTrainer(m, X, opts(20)) };
    }
    // the blocks' work of a step (priming, 19 transitions, the last move, energies, partial gradients of
    // the 256 rows) as the worker task, on the calling thread (with the serial part below, about the whole step)
    const { runTask } = await import(pathToFileURL(fileURLToPath(new URL('../../dist/parallel/tasks.js', import.meta.url))).href);
    const { portableOf } = await import(pathToFileURL(fileURLToPath(new URL('../../dist/parallel/portable.js', import.meta.url))).href);
    const partsOf = (m, steps, ranges) => {
      const negs = samplers.langevin(m, { chains: 256, seed: 3, stepSize: 0.01 });
      const whole = negs.state.bytes;
      negs.dispose();
      const energy = { ...portableOf(m, 'bench'), params: m.params };
      const rows = X.data.subarray(0, 256 * 2);
      const { splitState } = chains;
      const { WasmBlock } = memory;
      const b = new WasmBlock(whole.length);
      core.heapU8().set(whole, b.ptr);
      const parts = splitState(b.ptr, 'bench', ranges);
      b.free();
      return parts.map((part) => ({ key: `bench${steps}`, energy, part, rows: rows.slice(part.first * 2, (part.first + part.count) * 2), total: 256, steps, loss: [0, 0, 1, 0] }));
    };
    const chains = await import(pathToFileURL(fileURLToPath(new URL('../../dist/parallel/chains.js', import.meta.url))).href);
    const memory = await import(pathToFileURL(fileURLToPath(new URL('../../dist/runtime/memory.js', import.meta.url))).href);
    const core = await import(pathToFileURL(fileURLToPath(new URL('../../dist/runtime/core.js', import.meta.url))).href);
    const blocksModel = model();
    const wholeArgs = partsOf(blocksModel, 20, [{ first: 0, count: 256 }])[0];
    // a copy per call: the task's buffers are not reused, and a worker's transfer would detach them
    const onCaller = (a) => runTask('contrastiveParts', { ...a, part: { ...a.part, bytes: a.part.bytes.slice() }, rows: a.rows.slice() });
    // the serial part of a step, directly: contrastiveNegatives (the negatives' starts) and contrastiveFinish
    // (buffer, loss, the blocks' tree sum, norm, Adam) through the kernels on a trainer of its own (its block
    // pointers are the trainer's private fields; the blocks' gradients it sums are stale, which costs the same)
    const serial = { m: model() };
    serial.t = new train.ContrastiveTrainer(serial.m, X, opts(20));
    await serial.t.run({ steps: 1 });
    const Kn = core.kernels('bench');
    const serialRun = async () => {
      for (let k = 0; k < TSTEPS; k++) {
        Kn.contrastiveNegatives(serial.t.t.ptr, serial.t.P.ptr, serial.t.stats.ptr);
        Kn.contrastiveFinish(serial.t.t.ptr, serial.t.P.ptr, serial.t.stats.ptr);
      }
    };
    const trainRun = (w) => () => trainers[w].t.run({ steps: TSTEPS, ...(w ? { pool: pools[w] } : {}) });
    for (const w of [0, 1, 2]) await trainRun(w)();
    const tr = await interleaved([
      { name: 'calling thread', fn: trainRun(0) },
      { name: '1 worker', fn: trainRun(1) },
      { name: '2 workers', fn: trainRun(2) },
      { name: 'the blocks\' work of the iterations (contrastiveParts of the whole batch, calling thread)', fn: async () => { for (let k = 0; k < TSTEPS; k++) onCaller(wholeArgs); } },
      { name: 'the serial part (contrastiveNegatives + contrastiveFinish, calling thread)', fn: serialRun },
    ], { rounds, reps: 1 });
    out.workloads.push({ name: `contrastive training, batch 256, 2→128→128→1 silu, 20 Langevin steps, ${TSTEPS} iterations`, unit: 'iterations', work: TSTEPS, results: tr });
    for (const w of [0, 1, 2]) {
      trainers[w].t.dispose();
      trainers[w].m.dispose();
    }

    // ---- grid maximum likelihood and the diagnostics (issue 15: every long call) --------------------------------
    await gridAndDiagnostics(sdk, pools, out, rounds);
    // ---- AIS (metrics.logPartition): bench/suites/parallel-ais.mjs -------------------------------------------------
    await aisRows(sdk, pools, out, rounds);

    // ---- overhead per parallel step ---------------------------------------------------------------------------
    const { splitState, joinState, chainRanges } = chains;
    const { WasmBlock } = memory;
    const { heapU8 } = core;
    const chunkOf = (sampler, energy, C, fresh) => {
      const bytes = sampler.state.bytes;
      const b = new WasmBlock(bytes.length);
      heapU8().set(bytes, b.ptr);
      const p = portableOf(energy, 'bench');
      return {
        run: async () => {
          const parts = splitState(b.ptr, 'bench', chainRanges(C, 2));
          const r = await Promise.all(parts.map((part) => pools[2].run('samplerParts', { key: fresh ? 'model' : 'k', energy: fresh ? { ...p, params: energy.params } : p, parts: [part], total: C, steps: 0, thin: 1, keep: false }, [part.bytes.buffer], 'bench')));
          joinState(b.ptr, r.flatMap((x) => x.parts), 'bench');
        },
        free: () => b.free(),
      };
    };
    const c1 = chunkOf(s[0], target, 1024, false);
    // a training step's parts without transitions (energies and partial gradients of 128 rows each, the
    // parameters sent and synced): on 2 workers, and the same work on the calling thread
    const zero = partsOf(blocksModel, 0, chainRanges(256, 2));
    const onWorkers = () => Promise.all(zero.map((a) => {
      const c = { ...a, part: { ...a.part, bytes: a.part.bytes.slice() }, rows: a.rows.slice() };
      return pools[2].run('contrastiveParts', c, [c.part.bytes.buffer, c.rows.buffer], 'bench');
    }));
    for (let i = 0; i < 20; i++) await Promise.all([pools[2].run('ping', null, [], 'bench'), pools[2].run('ping', null, [], 'bench')]);
    const ov = await interleaved([
      { name: 'round trip of an empty task on each of 2 workers', fn: () => Promise.all([pools[2].run('ping', null, [], 'bench'), pools[2].run('ping', null, [], 'bench')]) },
      { name: 'MALA chunk of 0 transitions, 1024 chains on 2 workers (split, messages, join)', fn: c1.run },
      { name: 'training step\'s parts with 0 transitions on 2 workers: 2 × 128 rows, the parameters sent and synced', fn: onWorkers },
      { name: 'the same parts one after the other on the calling thread', fn: async () => { for (const a of zero) onCaller(a); } },
    ], { rounds, reps: 20 });
    out.overhead = ov;
    c1.free();
    blocksModel.dispose();
    serial.t.dispose();
    serial.m.dispose();
    target.dispose();
    out.kmeans = await runKMeansRow(sdk, pools, rounds);
    out.sparse = await runSparseRows(sdk, pools, rounds);
    out.latent = await runLatentRows(sdk, pools, rounds);
    out.minibatch = await runMinibatchRow(sdk, pools, rounds);
    out.loadavgEnd = (await import('node:os')).loadavg();
  } finally {
    await pools[1].close();
    await pools[2].close();
  }
  return out;
}


/**
 * train.maxLikelihoodGrid (2→128→128→1 silu: the 128² grid with 1024 rows, and the quality script's
 * 64² grid with batches of 5000 rows) and diagnostics.summary (1000 draws × 64 chains × 10
 * coordinates) on the calling thread, 1 and 2 workers, interleaved; the round trip of a grid job with
 * no block (the file and the parameters sent, nothing computed) for the `worth` threshold; bytes
 * checked against the calling thread's first.
 */
async function gridAndDiagnostics(sdk, pools, out, rounds) {
  const { MLPEnergy, train, optim, datasets, diagnostics } = sdk;
  const bounds = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 };
  const model = () => new MLPEnergy({ inputDim: 2, hidden: [128, 128], activation: 'silu', seed: 20251211 });
  const GSTEPS = 3;
  for (const g of [
    { R: 128, n: 1024, batch: 1024, name: '128² grid, 1024 rows' },
    { R: 64, n: 8000, batch: 5000, name: "64² grid, batches of 5000 of 8000 rows (scripts/quality.mjs's setting)" },
  ]) {
    const X = datasets.moons({ n: g.n, seed: 7 }).X;
    const opts = (w) => ({ bounds, resolution: g.R, batchSize: g.batch, steps: GSTEPS, seed: 3, optimizer: optim.adam({ lr: 1e-3 }), ...(w ? { pool: pools[w] } : {}) });
    const ref = model();
    await train.maxLikelihoodGrid(ref, X, opts(0));
    for (const w of [1, 2]) {
      const m = model();
      await train.maxLikelihoodGrid(m, X, opts(w));
      if (hash(m.toBytes()) !== hash(ref.toBytes())) throw new Error(`grid ML on ${w} workers differs from the calling thread`);
      m.dispose();
    }
    ref.dispose();
    const ms = { 0: model(), 1: model(), 2: model() };
    const fit = (w) => () => train.maxLikelihoodGrid(ms[w], X, opts(w));
    for (const w of [0, 1, 2]) await fit(w)();
    const gr = await interleavedCpu([
      { name: 'calling thread', fn: fit(0) },
      { name: '1 worker', fn: fit(1) },
      { name: '2 workers', fn: fit(2) },
    ], { rounds, reps: 1 });
    const blocks = Math.ceil((g.R * g.R) / 1024) + Math.ceil(g.batch / 1024);
    out.workloads.push({ name: `train.maxLikelihoodGrid, 2→128→128→1 silu, ${g.name}, ${GSTEPS} steps`, key: `grid${g.R}`, unit: 'steps', work: GSTEPS, blocks, pointParams: (g.R * g.R + g.batch) * ms[0].numParams, results: gr });
    for (const w of [0, 1, 2]) ms[w].dispose();
  }
  // a grid job of no block: what a step pays per job besides its blocks (file and parameters in, an empty result out)
  {
    const m = model();
    const { portableOf } = await import(pathToFileURL(fileURLToPath(new URL('../../dist/parallel/portable.js', import.meta.url))).href);
    const p = portableOf(m, 'bench');
    const spec = { ...bounds, R: 128, beta: 1 };
    const job = () => pools[2].run('gridParts', { key: 'bench-grid', energy: { ...p, params: m.params }, numParams: m.numParams, spec, grid: [], data: null, dataCounts: [] }, [], 'bench');
    for (let i = 0; i < 10; i++) await Promise.all([job(), job()]);
    out.gridOverhead = (await interleaved([{ name: 'a grid job of no block on each of 2 workers (file + 17 k parameters in)', fn: () => Promise.all([job(), job()]) }], { rounds, reps: 10 }))[0];
    m.dispose();
  }
  // diagnostics.summary
  {
    const d = 10, chains = 64, draws = 1000;
    const data = new Float32Array(draws * chains * d);
    const s = sdk.samplers.mala(sdk.energies.gaussian({ mean: new Array(d).fill(0), cov: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0.3 / (1 + Math.abs(i - j))))) }), { chains, seed: 5, stepSize: 0.5 });
    data.set((await s.run({ warmup: 50, draws })).samples.data);
    s.dispose();
    const S = { draws, chains, dim: d, data };
    const key = (r) => hash(new Uint8Array(new Float64Array([...r.essBulk, ...r.essTail, ...r.rhat, ...r.mcse]).buffer));
    const want = key(diagnostics.summary(S));
    for (const w of [1, 2]) if (key(await diagnostics.summary(S, { pool: pools[w] })) !== want) throw new Error(`diagnostics on ${w} workers differ from the calling thread`);
    const dr = await interleavedCpu([
      { name: 'calling thread', fn: async () => diagnostics.summary(S) },
      { name: '1 worker', fn: () => diagnostics.summary(S, { pool: pools[1] }) },
      { name: '2 workers', fn: () => diagnostics.summary(S, { pool: pools[2] }) },
    ], { rounds, reps: 1 });
    out.workloads.push({ name: `diagnostics.summary, ${draws} draws × ${chains} chains × ${d} coordinates`, key: 'summary', unit: 'coordinates', work: d, blocks: d, results: dr });
  }
  // metrics.mmd: the tour's 10 000 replay-buffer rows against 2000 test rows (72 M pairs)
  {
    const A = datasets.eightGaussians({ n: 10000, seed: 8 }).X;
    const B = sdk.datasets.moons({ n: 2000, seed: 9 }).X;
    const want = sdk.metrics.mmd(A, B, { bandwidth: 0.2 });
    for (const w of [1, 2]) if (!Object.is(await sdk.metrics.mmd(A, B, { bandwidth: 0.2, pool: pools[w] }), want)) throw new Error(`mmd on ${w} workers differs from the calling thread`);
    const mr = await interleavedCpu([
      { name: 'calling thread', fn: async () => sdk.metrics.mmd(A, B, { bandwidth: 0.2 }) },
      { name: '1 worker', fn: () => sdk.metrics.mmd(A, B, { bandwidth: 0.2, pool: pools[1] }) },
      { name: '2 workers', fn: () => sdk.metrics.mmd(A, B, { bandwidth: 0.2, pool: pools[2] }) },
    ], { rounds: Math.min(rounds, 3), reps: 1 });
    // 40 + 8 blocks of unequal pairs, cut into runs of about equal pairs: ⌈48/w⌉/48 is that even split for w = 2, 4, 8
    out.workloads.push({ name: 'metrics.mmd, 10 000 × 2000 rows, 2-D (72 M pairs)', key: 'mmd', unit: 'calls', work: 1, blocks: 48, results: mr });
  }
}

/** Prints the tables and the prediction for more workers; returns the rows for RESULTS.md. */
export function printParallel(r, log = console.log) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  log(`\nParallel: the same call on the calling thread, 1 and 2 workers (ms: medians, ${r.rounds} interleaved rounds; load average at start ${r.loadavgStart.map((x) => x.toFixed(1)).join(' ')}, end ${r.loadavgEnd.map((x) => x.toFixed(1)).join(' ')})`);
  for (const w of r.workloads) {
    const base = w.results[0].ms;
    log(`\n${w.name}`);
    log('contender'.padEnd(72) + 'ms'.padStart(10) + `${w.unit}/s`.padStart(16) + 'vs calling thread'.padStart(20) + 'CPU ms (all threads)'.padStart(22));
    for (const c of w.results) log(c.name.padEnd(52) + f(c.ms).padStart(10) + f((w.work / c.ms) * 1000, 0).padStart(16) + `${f(base / c.ms, 2)}×`.padStart(20) + f(c.cpuMs).padStart(22));
  }
  log('\noverhead per parallel step (ms, median)');
  for (const o of r.overhead) log(`  ${o.name}: ${f(o.ms, 3)}`);
  // prediction: T(w) = serial + parallel/w + overhead
  const tw = r.workloads[1];
  const T1 = tw.results[0].ms / tw.work;
  // the serial part measured directly (small: little disturbed by load); the rest of the step is parallel
  const S = tw.results[4].ms / tw.work;
  const P = T1 - S;
  // what 2 workers add to a step: their parts' round trip minus half the same work here
  const O = r.overhead[2].ms - r.overhead[3].ms / 2;
  const pred = [1, 2, 4, 8, 16].map((w) => ({ w, ms: S + P / w + (w > 1 ? O : 0) }));
  log(`\nprediction for the training iteration (per iteration: serial ${f(S, 2)} ms + parallel ${f(P, 2)} ms / w + overhead ${f(O, 2)} ms, on w free cores):`);
  log('  ' + pred.map((p) => `${p.w}: ${f(p.ms, 2)} ms (${f(T1 / p.ms, 2)}×)`).join(', '));
  const mw = r.workloads[0];
  const M1 = mw.results[0].ms;
  const chunkO = r.overhead[1].ms;
  log(`prediction for MALA (${mw.name}): chunks of 40–160 ms, each paying ~${f(chunkO, 2)} ms of split, messages and join: ` +
    [2, 4, 8, 16].map((w) => `${w}: ${f(M1 / (M1 / w + chunkO * Math.max(1, M1 / w / 40)), 2)}×`).join(', ') + ' on free cores');
  if (r.kmeans) printKMeansRow(r.kmeans, log);
  if (r.sparse) printSparseRows(r.sparse, log);
  if (r.latent) printLatentRows(r.latent, log);
  if (r.minibatch) printMinibatchRow(r.minibatch, log);
  // grid ML and diagnostics: blocks of equal work shared as evenly as whole blocks allow. From CPU times
  // (robust to the load): the serial part S = the calling thread's busy time with 2 workers (messages,
  // the fold in block order, the update); the shared part P = the 1-worker run's CPU time less its
  // calling thread's; on w free cores T(w) = S + P·⌈blocks/w⌉/blocks, against the calling thread's CPU time.
  for (const w of r.workloads.filter((x) => x.key && !x.key.startsWith('ais'))) {
    const [t0, t1, t2] = w.results;
    const S = t2.mainMs;
    const P = t1.cpuMs - t1.mainMs;
    log(`${w.name}: CPU ms (all threads) ${[t0, t1, t2].map((c) => f(c.cpuMs, 0)).join(' / ')}, calling thread busy ${[t0, t1, t2].map((c) => f(c.mainMs, 0)).join(' / ')} (calling thread / 1 / 2 workers)`);
    log(`  prediction (${w.blocks} blocks; serial ${f(S, 1)} ms + shared ${f(P, 1)} ms): ` +
      [2, 4, 8].map((k) => `${k}: ${f(t0.cpuMs / (S + (P * Math.ceil(w.blocks / k)) / w.blocks), 2)}×`).join(', ') + ' on free cores');
    if (w.pointParams && r.gridOverhead) {
      const c = t0.cpuMs / w.work / w.pointParams; // CPU ms per grid point (or row) × parameter
      log(`  a grid job of no block: ${f(r.gridOverhead.ms, 2)} ms for 2 jobs; 2 workers save twice that from ~${f((4 * r.gridOverhead.ms) / c / 1e6, 1)} M point·parameters per step (the threshold in sdk/train/gridml.ts is 2^23 = 8.4 M)`);
    }
  }
  printAis(r, log);
  return { pred };
}

// ---- KMeansEBM.fit (issue 15): Lloyd passes in fixed 4096-row blocks on the workers ----------------------------
// 100 000 × 16, k 32: (a) given initial prototypes, 10 iterations (tol 0) and the final assignment: 11 passes,
// no seeding; (b) the default k-means++ seeding (on the calling thread) and 10 iterations. Also one pass on this
// thread (the kernel alone, P), a pass of almost no work on 2 workers (O: the centres out, 8 partials back, the
// tree), and from them T(w) = serial + 11·(P/w + O) for the fit without seeding.
export async function runKMeansRow(sdk, pools, rounds) {
  const { KMeansEBM, random } = sdk;
  const n = 100000;
  const d = 16;
  const k = 32;
  const ITERS = 10;
  const z = random.normal(n * d, { seed: 77 });
  for (let i = 0; i < n * d; i++) z[i] += ((i / d) % 13 | 0) * 2 + ((i % d) % 5);
  const X = { rows: n, cols: d, data: z };
  const init = { rows: k, cols: d, data: z.slice(0, k * d) };
  const given = { init, maxIter: ITERS, tol: 0 };
  const seeded = { maxIter: ITERS, tol: 0 };
  const fitHash = (m) => createHash('sha256').update(new Uint8Array(m.prototypes.data.buffer)).update(new Uint8Array(m.labels.buffer)).update(new Uint8Array(new Float64Array([m.inertia]).buffer)).digest('hex');
  const fit = async (options, w, check = false) => {
    const m = new KMeansEBM({ k, seed: 5 });
    try {
      await m.fit(X, { ...options, ...(w ? { pool: pools[w] } : {}) });
      return check ? (m.iterations === ITERS ? fitHash(m) : `stopped at ${m.iterations}`) : null;
    } finally {
      m.dispose();
    }
  };
  for (const options of [given, seeded]) {
    const ref = await fit(options, 0, true);
    for (const w of [1, 2]) if ((await fit(options, w, true)) !== ref) throw new Error(`KMeansEBM.fit on ${w} workers differs from the calling thread`);
  }
  // CPU time of the whole process (every thread) per call beside the wall time: on a machine without a
  // free core the wall time cannot show a speed-up, but the CPU time shows what the workers add to the work
  const cpu = [[], [], [], [], [], [], []];
  // the seeding on the workers (the default above seedWorkers.minWork) or, for the A/B, on the calling thread
  const { seedWorkers } = await import(pathToFileURL(fileURLToPath(new URL('../../dist/models/kmeans-fit.js', import.meta.url))).href);
  const seedMin = seedWorkers.minWork;
  const timed = (i, options, w, seedHere = false) => async () => {
    seedWorkers.minWork = seedHere ? Infinity : seedMin;
    const c0 = process.cpuUsage();
    try {
      await fit(options, w);
    } finally {
      seedWorkers.minWork = seedMin;
    }
    const c = process.cpuUsage(c0);
    cpu[i].push((c.user + c.system) / 1000);
  };
  const fits = await interleaved([
    { name: 'calling thread', fn: timed(0, given, 0) },
    { name: '1 worker', fn: timed(1, given, 1) },
    { name: '2 workers', fn: timed(2, given, 2) },
    { name: 'k-means++ seeding + 10 iterations, calling thread', fn: timed(3, seeded, 0) },
    { name: 'k-means++ seeding + 10 iterations, 2 workers', fn: timed(4, seeded, 2) },
    { name: 'k-means++ seeding + 10 iterations, 1 worker', fn: timed(5, seeded, 1) },
    { name: 'k-means++ (seeding on the calling thread) + 10 iterations, 2 workers', fn: timed(6, seeded, 2, true) },
  ], { rounds, reps: 1 });
  fits.forEach((f, i) => (f.cpuMs = median(cpu[i])));

  // P: one pass on this thread (the kernel over all rows); O: a pass of ~no work (8 193 rows, d 1, k 1) on 2 workers
  const url = (f) => pathToFileURL(fileURLToPath(new URL(`../../dist/${f}`, import.meta.url))).href;
  const { KMeansRemote } = await import(url('parallel/kmeans.js'));
  const { WasmBlock } = await import(url('runtime/memory.js'));
  const { heapF32, kernels } = await import(url('runtime/core.js'));
  const K = kernels();
  const blocksFor = (rows, dd, kk, data) => {
    const b = {
      X: new WasmBlock(rows * dd * 4), C: new WasmBlock(kk * dd * 4), labels: new WasmBlock(rows * 4), mind: new WasmBlock(rows * 4),
      stats: new WasmBlock(32), work: new WasmBlock(K.kmeansWorkBytes(kk, dd)),
    };
    heapF32().set(data, b.X.ptr >>> 2);
    heapF32().set(data.subarray(0, kk * dd), b.C.ptr >>> 2);
    const fb = { X: b.X.ptr, n: rows, d: dd, k: kk, C: b.C.ptr, labels: b.labels.ptr, mind: b.mind.ptr, stats: b.stats.ptr, work: b.work.ptr };
    return { fb, free: () => Object.values(b).forEach((x) => x.free()) };
  };
  const big = blocksFor(n, d, k, z);
  const small = blocksFor(8193, 1, 1, z.subarray(0, 8193));
  const remote = new KMeansRemote(pools[2], small.fb, 4096, K.kmeansPartialBytes(1, 1), 'bench');
  for (let i = 0; i < 20; i++) await remote.pass(true, false);
  const pass = () => {
    const b = big.fb;
    K.kmeansAssignSlice(b.work, b.X, 0, n, d, b.C, k, b.labels, b.mind, 1);
  };
  pass();
  const ov = await interleaved([
    { name: 'one Lloyd pass on the calling thread (100 000 × 16, k 32: the kernel alone)', fn: pass },
    { name: 'a pass of ~no work on 2 workers (8 193 rows, d 1, k 1: messages and the tree)', fn: () => remote.pass(true, false) },
  ], { rounds, reps: 10 });
  await remote.free();
  big.free();
  small.free();
  return { name: `KMeansEBM.fit, 100 000 × 16, k 32, ${ITERS} iterations`, passes: ITERS + 1, results: fits, overhead: ov };
}

export function printKMeansRow(km, log) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  log(`\n${km.name} (given initial prototypes, tol 0: ${km.passes} passes; then with k-means++ seeding)`);
  log('contender'.padEnd(72) + 'ms'.padStart(10) + 'vs calling thread'.padStart(20) + 'CPU ms, all threads'.padStart(22));
  const base = km.results[0].ms;
  for (const c of km.results) log(c.name.padEnd(72) + f(c.ms).padStart(10) + `${f((c.name.startsWith('k-means++') ? km.results[3].ms : base) / c.ms, 2)}×`.padStart(20) + f(c.cpuMs).padStart(22));
  const P = km.overhead[0].ms;
  const O = km.overhead[1].ms;
  const S = Math.max(0, base - km.passes * P);
  log(`per pass: ${f(P, 2)} ms on one thread; overhead of a pass on 2 workers ${f(O, 2)} ms; serial part of the fit ${f(S, 1)} ms`);
  const seed = km.results[3].ms - base;
  if (km.results.length > 5) {
    const [, , , here, two, one, old] = km.results.map((c) => c.ms);
    log(`default fit (k-means++ + ${km.passes - 1} iterations): 1 worker ${f(here / one, 2)}×, 2 workers ${f(here / two, 2)}× the calling thread; ` +
      `2 workers / 1 worker ${f(one / two, 2)}×; seeding on the workers vs on the calling thread (both 2 workers): ${f(old / two, 2)}×`);
  }
  log('prediction on w free cores (T = serial + passes·(P/w + O)): ' +
    [2, 4, 8].map((w) => `${w}: ${f(base / (S + km.passes * (P / w + O)), 2)}×`).join(', ') +
    `; with the k-means++ seeding on the calling thread (~${f(seed, 0)} ms): ` +
    [2, 4, 8].map((w) => `${w}: ${f((base + seed) / (seed + S + km.passes * (P / w + O)), 2)}×`).join(', '));
}

// ---- GLO.fit (the minibatch fits of GLO, DenoisingAutoencoder, MaskedAutoencoder): batches in 16-row blocks --------
// GLO on 1024 rows of 32-D data, 4-D codes, decoder 4→512→512→32 (282 k parameters), one epoch: batches of 256
// (workers, by MINIBATCH_MIN_WORKER_ROWS and _WORK) on the calling thread, 1 and 2 workers, and the default batch
// of 64 given a pool of 2 (stays on the calling thread). Wall, CPU of every thread, the calling thread's busy
// time; bytes checked against the calling thread's first. Prediction on w free cores: T(w) = S + (C1 − S)/w, S the
// calling thread's busy time with 2 workers (its serial part), C1 the CPU of the fit on 1 worker (work + overhead).
export async function runMinibatchRow(sdk, pools, rounds) {
  const { GLO, random } = sdk;
  const N = 1024;
  const D = 32;
  const X = { rows: N, cols: D, data: random.normal(N * D, { seed: 91 }) };
  const make = () => new GLO({ dim: D, latentDim: 4, hidden: [512, 512], seed: 92 });
  const fit = async (batchSize, w, check = false) => {
    const m = make();
    try {
      await m.fit(X, { epochs: 1, batchSize, ...(w ? { pool: pools[w] } : {}) });
      return check ? hash(m.toBytes()) : null;
    } finally {
      m.dispose();
    }
  };
  for (const B of [256, 64]) {
    const ref = await fit(B, 0, true);
    for (const w of [1, 2]) if ((await fit(B, w, true)) !== ref) throw new Error(`GLO.fit (batch ${B}) on ${w} workers differs from the calling thread`);
  }
  const numParams = make().numParams;
  const res = await interleavedCpu([
    { name: 'batch 256, calling thread', fn: () => fit(256, 0) },
    { name: 'batch 256, 1 worker', fn: () => fit(256, 1) },
    { name: 'batch 256, 2 workers', fn: () => fit(256, 2) },
    { name: 'batch 64, calling thread', fn: () => fit(64, 0) },
    { name: 'batch 64, pool of 2 (stays on the calling thread)', fn: () => fit(64, 2) },
  ], { rounds, reps: 1 });
  return { name: `GLO.fit, ${N} × ${D}, decoder 4→512→512→32 (${numParams} parameters), 1 epoch`, numParams, batches: { 256: N / 256, 64: N / 64 }, results: res };
}

export function printMinibatchRow(mb, log = console.log) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  log(`\n${mb.name}`);
  log('contender'.padEnd(52) + 'ms'.padStart(10) + 'vs calling thread'.padStart(20) + 'CPU ms, all threads'.padStart(22) + 'calling thread busy'.padStart(22));
  const r = mb.results;
  for (const [i, c] of r.entries()) log(c.name.padEnd(52) + f(c.ms).padStart(10) + `${f((i < 3 ? r[0].ms : r[3].ms) / c.ms, 2)}×`.padStart(20) + f(c.cpuMs).padStart(22) + f(c.mainMs).padStart(22));
  const nb = mb.batches[256];
  const over = (r[1].cpuMs - r[0].cpuMs) / nb;
  log(`per batch of 256: ${f(r[0].ms / nb, 2)} ms on one thread; CPU the workers add (1 worker − calling thread): ${f(over, 2)} ms ` +
    `(${f((over / mb.numParams) * 1e6, 1)} ns per parameter); calling thread busy with 2 workers: ${f(r[2].mainMs / nb, 2)} ms`);
  const S = r[2].mainMs;
  const C1 = r[1].cpuMs;
  log('prediction on w free cores (T = S + (C1 − S)/w): ' + [2, 4, 8].map((w) => `${w}: ${f(r[0].ms / (S + (C1 - S) / w), 2)}×`).join(', '));
}
