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
// against the calling thread's first.
import { createHash } from 'node:crypto';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { median } from '../lib/measure.mjs';

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
    out.loadavgEnd = (await import('node:os')).loadavg();
  } finally {
    await pools[1].close();
    await pools[2].close();
  }
  return out;
}

/** Prints the tables and the prediction for more workers; returns the rows for RESULTS.md. */
export function printParallel(r, log = console.log) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  log(`\nParallel: the same call on the calling thread, 1 and 2 workers (ms: medians, ${r.rounds} interleaved rounds; load average at start ${r.loadavgStart.map((x) => x.toFixed(1)).join(' ')}, end ${r.loadavgEnd.map((x) => x.toFixed(1)).join(' ')})`);
  for (const w of r.workloads) {
    const base = w.results[0].ms;
    log(`\n${w.name}`);
    log('contender'.padEnd(52) + 'ms'.padStart(10) + `${w.unit}/s`.padStart(16) + 'vs calling thread'.padStart(20) + 'CPU ms (all threads)'.padStart(22));
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
  return { pred };
}
