// Workers (sdk/parallel/): `{ workers }` and `{ pool }` give the bytes of the
// calling thread for every sampler kind, with 1, 2 and 3 workers; errors in a
// worker come back as EbmError and the pool stays usable; abort stops a run
// between chunks and leaves the sampler as it was. Runs on dist/ (the worker
// is dist/parallel/worker.js, started by Node's worker_threads), so it needs
// `npm run build` first, as the runtime suites do.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { filePools, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, energies, samplers, createPool, EbmError, MLPEnergy } = sdk;
await init();

const SEED = testSeed(99);
const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function gauss(d: number) {
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 + 0.1 * i : 0.25 / (1 + Math.abs(i - j)))));
  return energies.gaussian({ mean: Array.from({ length: d }, (_, i) => 0.1 * i), cov });
}

type AnySampler = ReturnType<typeof samplers.mala>;
interface Case {
  name: string;
  make: () => AnySampler;
  run: Record<string, unknown>;
}

const shared = filePools(createPool);

const ising = () => energies.ising({ J: Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (Math.abs(i - j) === 1 ? 0.3 : 0))) });
const CASES: Case[] = [
  { name: 'mala, 10-D Gaussian, 300 chains', make: () => samplers.mala(gauss(10), { chains: 300, seed: SEED, stepSize: 0.3 }), run: { warmup: 10, draws: 40, thin: 2 } },
  { name: 'mala with an adapting warm-up (on the calling thread), then draws on workers', make: () => samplers.mala(gauss(4), { chains: 130, seed: SEED }), run: { warmup: 30, draws: 20, adapt: {} } },
  { name: 'randomWalk', make: () => samplers.randomWalk(gauss(3), { chains: 200, seed: SEED }), run: { draws: 30 } },
  { name: 'langevin', make: () => samplers.langevin(energies.banana(), { chains: 129, seed: SEED, stepSize: 0.02 }), run: { draws: 30 } },
  { name: 'hmc with jitter', make: () => samplers.hmc(energies.funnel(), { chains: 160, seed: SEED, leapfrogSteps: 4, jitter: 0.2, stepSize: 0.1 }), run: { draws: 15 } },
  { name: 'gibbs on an Ising model', make: () => samplers.gibbs(ising(), { chains: 200, seed: SEED }), run: { draws: 15 } },
  { name: 'mala on an MLP energy (rebuilt from its file in the workers)', make: () => samplers.mala(new MLPEnergy({ inputDim: 2, hidden: [32, 32], seed: 3 }), { chains: 150, seed: SEED, stepSize: 0.05 }), run: { draws: 15 } },
];

async function outcome(c: Case, extra: Record<string, unknown>) {
  const s = c.make();
  const r = await s.run({ ...c.run, ...extra });
  const out = { draws: hash(new Uint8Array(r.samples.data.buffer)), state: hash(s.state.bytes), accept: Array.from(r.acceptRate), nonFinite: r.nonFinite, divergences: r.divergences };
  s.dispose();
  return out;
}

describe('workers give the bytes of the calling thread', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const one = await outcome(c, {});
      expect(await outcome(c, { workers: 1 }), `workers: 1 ${seedNote(SEED)}`).toEqual(one);
      expect(await outcome(c, { pool: shared.pool2 }), `2 workers ${seedNote(SEED)}`).toEqual(one);
      expect(await outcome(c, { pool: shared.pool3 }), `3 workers ${seedNote(SEED)}`).toEqual(one);
    });
  }

  it('runs in pieces on workers equal one run on the calling thread', async () => {
    const a = samplers.mala(gauss(5), { chains: 200, seed: SEED, stepSize: 0.3 });
    const b = samplers.mala(gauss(5), { chains: 200, seed: SEED, stepSize: 0.3 });
    const whole = await a.run({ draws: 20 });
    const p1 = await b.run({ draws: 8, pool: shared.pool2 });
    const p2 = await b.run({ draws: 12, pool: shared.pool3 });
    const joined = new Float32Array(whole.samples.data.length);
    joined.set(p1.samples.data);
    joined.set(p2.samples.data, p1.samples.data.length);
    expect(hash(new Uint8Array(joined.buffer))).toBe(hash(new Uint8Array(whole.samples.data.buffer)));
    // the states differ only in the counters each run resets: the positions are the same
    expect(hash(new Uint8Array(b.positions.data.buffer))).toBe(hash(new Uint8Array(a.positions.data.buffer)));
  });
});

describe('errors, abort and the pool', () => {
  it('an error thrown in a worker is the caller\'s EbmError with its code, and the pool keeps working', async () => {
    const err = await shared.pool2.run('throw', 'x', [], 'test').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EbmError);
    expect((err as InstanceType<typeof EbmError>).code).toBe('NUMERICAL');
    expect((err as Error).message).toMatch(/test: in a worker: test error thrown in a worker/);
    await expect(shared.pool2.run('ping', null, [], 'test')).resolves.toBeNull();
  });

  it('a worker that dies fails its job with WORKER_FAILED; the pool starts another and the next run has the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const err = await pool.run('die', null, [], 'test').then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/test: a worker stopped \(it exited with code 3\)/);
      const c = CASES[0]!;
      expect(await outcome(c, { pool })).toEqual(await outcome(c, {}));
    } finally {
      await pool.close();
    }
  });

  it('abort mid-run stops between chunks with ABORTED and leaves the sampler as it was', async () => {
    const s = samplers.mala(gauss(10), { chains: 512, seed: SEED, stepSize: 0.2 });
    const before = hash(s.state.bytes);
    const ac = new AbortController();
    let reports = 0;
    const err = await s.run({
      warmup: 1_000_000, draws: 0, pool: shared.pool2, signal: ac.signal,
      onProgress: (p) => {
        if (++reports === 3) ac.abort(new Error('enough'));
        expect(p.phase).toBe('warmup');
      },
    }).then(() => null, (e: unknown) => e);
    expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
    expect(reports).toBe(3);
    expect(hash(s.state.bytes)).toBe(before);
    // and the pool is free for the next run
    const r = await s.run({ draws: 3, pool: shared.pool2 });
    expect(r.samples.draws).toBe(3);
    s.dispose();
  });

  it('options are checked and named: workers, pool, both, a closed pool', async () => {
    const s = samplers.mala(gauss(2), { chains: 100, seed: 1 });
    await expect(s.run({ draws: 1, workers: 0 })).rejects.toThrow(/mala\.run: workers must be an integer from 1 to 64 or 'auto', got 0/);
    await expect(s.run({ draws: 1, workers: 2, pool: shared.pool2 })).rejects.toThrow(/give workers or pool, not both/);
    await expect(s.run({ draws: 1, pool: {} as never })).rejects.toThrow(/pool must come from createPool/);
    const p = await createPool({ workers: 1 });
    await p.close();
    await expect(s.run({ draws: 1, pool: p })).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(createPool({ workers: 'many' as never })).rejects.toThrow(/createPool: workers must be/);
    s.dispose();
  });

  it('a pool closes with Symbol.asyncDispose; a closed pool refuses work', async () => {
    const p = await createPool({ workers: 1 });
    expect(p.size).toBe(1);
    await p[Symbol.asyncDispose]();
    expect(p.isClosed).toBe(true);
    await expect(p.run('ping', null, [], 'test')).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('energies written in JavaScript stay on the calling thread, with the same results', async () => {
    const e = energies.custom({ dim: 2, energy: (Y) => Float32Array.from({ length: Y.rows }, (_, r) => 0.5 * (Y.data[2 * r]! ** 2 + Y.data[2 * r + 1]! ** 2)) });
    const a = await samplers.randomWalk(e, { chains: 100, seed: 2 }).run({ draws: 5 });
    const b = await samplers.randomWalk(e, { chains: 100, seed: 2 }).run({ draws: 5, pool: shared.pool2 });
    expect(hash(new Uint8Array(b.samples.data.buffer))).toBe(hash(new Uint8Array(a.samples.data.buffer)));
  });
});

describe('train.contrastive on workers', () => {
  const { train, optim, datasets } = sdk;
  const data = datasets.eightGaussians({ n: 600, seed: 4 });
  const X = (data as { X?: unknown }).X ?? data;
  const opts = (sampler: 'langevin' | 'mala' | 'hmc', over: Record<string, unknown> = {}) => ({
    negatives: { init: 'buffer' as const, sampler, steps: 5, stepSize: 0.01, bufferSize: 1000, reinit: 0.05 },
    loss: 'contrastive' as const, optimizer: optim.adam({ lr: 1e-3 }), batchSize: 150, seed: SEED, ...over,
  });
  async function trained(sampler: 'langevin' | 'mala' | 'hmc', extra: Record<string, unknown>, over: Record<string, unknown> = {}) {
    const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 2 });
    const tr = new train.ContrastiveTrainer(m, X as never, opts(sampler, over));
    await tr.run({ steps: 6, ...extra }); // 600 rows / 150: the 5th step starts a new epoch (a shuffle)
    const out = { model: hash(m.toBytes()), trainer: hash(tr.toBytes()) };
    tr.dispose();
    m.dispose();
    return out;
  }
  for (const sampler of ['langevin', 'mala', 'hmc'] as const) {
    it(`negatives by ${sampler}: the model and the whole trainer file are the bytes of the calling thread with 1, 2, 3 workers`, async () => {
      const one = await trained(sampler, {});
      expect(await trained(sampler, { workers: 1 }), seedNote(SEED)).toEqual(one);
      expect(await trained(sampler, { pool: shared.pool2 }), seedNote(SEED)).toEqual(one);
      expect(await trained(sampler, { pool: shared.pool3 }), seedNote(SEED)).toEqual(one);
    });
  }

  // the batch in blocks of 64 rows: whole blocks (256) and a short last one (200), with the loss whose
  // weights are ±1/B and one whose weights depend on the energies (log: σ(E⁺ − E⁻)/B), a replay buffer
  for (const batchSize of [256, 200]) {
    for (const loss of ['contrastive', 'log'] as const) {
      it(`batch ${batchSize}, loss ${loss}: the bytes of the calling thread with 1, 2, 3 workers`, async () => {
        const over = { batchSize, loss };
        const one = await trained('langevin', {}, over);
        expect(await trained('langevin', { workers: 1 }, over), seedNote(SEED)).toEqual(one);
        expect(await trained('langevin', { pool: shared.pool2 }, over), seedNote(SEED)).toEqual(one);
        expect(await trained('langevin', { pool: shared.pool3 }, over), seedNote(SEED)).toEqual(one);
        // and the steps changed the model (a run that did nothing would pass the comparisons)
        const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 2 });
        expect(one.model).not.toBe(hash(m.toBytes()));
        m.dispose();
      });
    }
  }

  it('descent negatives and a conditional model train on the calling thread when given workers, with its bytes', async () => {
    const run = async (conditional: boolean, extra: Record<string, unknown>) => {
      const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 2, ...(conditional ? { conditionDim: 1 } : {}) });
      const Xm = X as { rows: number; cols: number; data: Float32Array };
      const data = conditional
        ? { X: { rows: Xm.rows, cols: 1, data: Float32Array.from({ length: Xm.rows }, (_, i) => Math.sign(Xm.data[2 * i]!)) }, Y: Xm }
        : Xm;
      const o = conditional ? opts('langevin', { batchSize: 200 }) : { ...opts('langevin', { batchSize: 200 }), negatives: { init: 'noise' as const, sampler: 'descent' as const, steps: 5, stepSize: 0.01 } };
      const tr = new train.ContrastiveTrainer(m, data as never, o);
      await tr.run({ steps: 4, ...extra });
      const out = { model: hash(m.toBytes()), trainer: hash(tr.toBytes()) };
      tr.dispose();
      m.dispose();
      return out;
    };
    for (const conditional of [false, true]) {
      expect(await run(conditional, { pool: shared.pool2 }), `conditional ${conditional} ${seedNote(SEED)}`).toEqual(await run(conditional, {}));
    }
  });

  it('the model\'s file goes to each worker once per run, then the parameters alone; a worker replaced between steps asks for it and gets it again, with the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const run = pool.run.bind(pool);
      const sent = { file: 0, params: 0 };
      // the kill below, once it is given; the parts after it wait until the pool knows the worker died
      let died: Promise<unknown> | null = null;
      (pool as unknown as { run: typeof pool.run }).run = ((task: string, args: unknown, transfer: Transferable[], where: string) => {
        if (task !== 'contrastiveParts') return run(task, args, transfer, where);
        const go = () => {
          sent[(args as { energy: { type: string } }).energy.type === 'params' ? 'params' : 'file']++;
          return run(task, args, transfer, where);
        };
        return died ? died.then(go) : go();
      }) as typeof pool.run;
      const six = async (kill: boolean) => {
        const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 2 });
        const tr = new train.ContrastiveTrainer(m, X as never, opts('langevin'));
        let reports = 0;
        // after the second step a job of the test kills an idle worker: the pool replaces it, and the
        // replacement has no model. The third step's parts wait for the death to be seen (its job
        // rejects): a worker that exits while idle is seen only when its exit event arrives, and on a
        // loaded machine the other worker could otherwise take every part of the remaining steps.
        await tr.run({ steps: 6, pool, onProgress: () => void (kill && ++reports === 2 && (died = run('die', null, [], 'test').catch(() => {}))) });
        const out = { model: hash(m.toBytes()), trainer: hash(tr.toBytes()) };
        tr.dispose();
        m.dispose();
        return out;
      };
      const want = await trained('langevin', {});
      expect(await six(false), seedNote(SEED)).toEqual(want);
      // batch 150: 3 blocks in 2 parts; the first step sends the file with each, the next 5 the parameters
      expect(sent).toEqual({ file: 2, params: 10 });
      sent.file = sent.params = 0;
      expect(await six(true), seedNote(SEED)).toEqual(want);
      // the replaced worker answered needFile once and got the part again with the file
      expect(sent).toEqual({ file: 3, params: 10 });
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies in a step fails the run with WORKER_FAILED and puts the step back: the next steps give the bytes of an unbroken run', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 2 });
      const tr = new train.ContrastiveTrainer(m, X as never, opts('langevin'));
      await tr.run({ steps: 2, pool });
      // the next job of each worker kills it: the third step fails midway
      const kill = pool.run.bind(pool);
      let armed = true;
      (pool as unknown as { run: typeof pool.run }).run = ((task: string, args: unknown, transfer: Transferable[], where: string) =>
        armed && task === 'contrastiveParts' ? ((armed = false), kill('die', null, [], where)) : kill(task, args, transfer, where)) as typeof pool.run;
      const err = await tr.run({ steps: 1, pool }).then(() => null, (e: unknown) => e);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      await tr.run({ steps: 4, pool });
      const got = { model: hash(m.toBytes()), trainer: hash(tr.toBytes()) };
      tr.dispose();
      m.dispose();
      expect(got).toEqual(await trained('langevin', {}));
    } finally {
      await pool.close();
    }
  });
});

/** Counts the jobs of `task` sent to workers by every pool during f (so a test knows the workers did the work). */
async function countJobs<T>(task: string, f: () => Promise<T>): Promise<{ r: T; jobs: number }> {
  const proto = Object.getPrototypeOf(shared.pool2) as { run: (task: string, ...a: unknown[]) => Promise<unknown> };
  const run = proto.run;
  let jobs = 0;
  proto.run = function (this: unknown, t: string, ...a: unknown[]) {
    if (t === task) jobs++;
    return run.call(this, t, ...a);
  };
  try {
    return { r: await f(), jobs };
  } finally {
    proto.run = run;
  }
}

describe('train.maxLikelihoodGrid on workers', () => {
  const { train, optim, datasets } = sdk;
  const bounds = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 };
  // a 47² grid (2209 points: blocks of 1024, 1024 and 161) and minibatches of 1100 of 1300 rows (blocks of 1024 and 76),
  // a network large enough that a step is worth workers (hidden 64: (2209 + 1100) × 4417 parameters ≥ 2²³)
  const X = () => datasets.moons({ n: 1300, seed: 4 }).X;
  const model = () => new MLPEnergy({ inputDim: 2, hidden: [64, 64], seed: 2 });
  const options = (extra: Record<string, unknown>) => ({ bounds, resolution: 47, batchSize: 1100, seed: SEED, optimizer: optim.adam({ lr: 1e-2 }), ...extra });
  const counted = <T>(f: () => Promise<T>) => countJobs('gridParts', f);
  async function trained(extra: Record<string, unknown>, steps = 4) {
    const m = model();
    const { r, jobs } = await counted(() => train.maxLikelihoodGrid(m, X(), { ...options(extra), steps }));
    const out = { model: hash(m.toBytes()), nll: r.nll, jobs: jobs > 0 };
    m.dispose();
    return out;
  }

  it('the model and the NLL history are the bytes of the calling thread with 1, 2, 3 workers', async () => {
    const one = await trained({});
    expect(one.jobs).toBe(false);
    for (const extra of [{ workers: 1 }, { pool: shared.pool2 }, { pool: shared.pool3 }]) {
      expect(await trained(extra), seedNote(SEED)).toEqual({ ...one, jobs: true });
    }
  });

  it('a step of one block, or with too little work, runs on the calling thread with the same bytes', async () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 2 });
    const m2 = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 2 });
    const o = () => ({ bounds, resolution: 47, steps: 2, optimizer: optim.adam({ lr: 1e-2 }) });
    const { jobs } = await counted(() => train.maxLikelihoodGrid(m, X(), { ...o(), pool: shared.pool2 }));
    await train.maxLikelihoodGrid(m2, X(), o());
    expect(jobs).toBe(0);
    expect(hash(m.toBytes())).toBe(hash(m2.toBytes()));
    m.dispose();
    m2.dispose();
  });

  it('abort stops between steps with ABORTED; the model keeps the steps taken', async () => {
    const ac = new AbortController();
    const m = model();
    const err = await train.maxLikelihoodGrid(m, X(), {
      ...options({ pool: shared.pool2, signal: ac.signal }), steps: 50,
      onProgress: ({ step }) => {
        if (step === 2) ac.abort(new Error('enough'));
      },
    }).then(() => null, (e: unknown) => e);
    expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
    expect(hash(m.toBytes())).toBe((await trained({}, 2)).model);
    m.dispose();
  });

  it('a worker that dies fails the run with WORKER_FAILED and the model keeps the steps before it; the pool runs the next call', async () => {
    const pool = await createPool({ workers: 2 });
    const full = { bounds, resolution: 47, seed: SEED }; // full batch: no minibatch order to restart
    try {
      const m = model();
      const opt = optim.adam({ lr: 1e-2 });
      await train.maxLikelihoodGrid(m, X(), { ...full, optimizer: opt, steps: 2, pool });
      const kill = pool.run.bind(pool);
      let armed = true;
      (pool as unknown as { run: typeof pool.run }).run = ((task: string, args: unknown, transfer: Transferable[], where: string) =>
        armed && task === 'gridParts' ? ((armed = false), kill('die', null, [], where)) : kill(task, args, transfer, where)) as typeof pool.run;
      const err = await train.maxLikelihoodGrid(m, X(), { ...full, optimizer: opt, steps: 3, pool }).then(() => null, (e: unknown) => e);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/train\.maxLikelihoodGrid: a worker stopped/);
      // the failed step changed neither the model nor the optimizer's moments: 2 + 2 steps equal 4 unbroken ones
      await train.maxLikelihoodGrid(m, X(), { ...full, optimizer: opt, steps: 2, pool });
      const m4 = model();
      await train.maxLikelihoodGrid(m4, X(), { ...full, optimizer: optim.adam({ lr: 1e-2 }), steps: 4 });
      expect(hash(m.toBytes())).toBe(hash(m4.toBytes()));
      m.dispose();
      m4.dispose();
    } finally {
      await pool.close();
    }
  });

  it('options are checked: workers and pool together, a bad count', async () => {
    const m = model();
    await expect(train.maxLikelihoodGrid(m, X(), { ...options({ workers: 2, pool: shared.pool2 }), steps: 1 })).rejects.toThrow(/train\.maxLikelihoodGrid: give workers or pool, not both/);
    await expect(train.maxLikelihoodGrid(m, X(), { ...options({ workers: 0 }), steps: 1 })).rejects.toThrow(/train\.maxLikelihoodGrid: workers must be an integer/);
    m.dispose();
  });
});

describe('diagnostics on workers', () => {
  const { diagnostics } = sdk;
  // 10 coordinates of 150 draws × 48 chains (72 000 values ≥ 65 536: worth workers), from a correlated Gaussian
  async function draws(dim = 10, chains = 48) {
    const s = samplers.mala(gauss(dim), { chains, seed: SEED, stepSize: 0.4 });
    const r = await s.run({ warmup: 20, draws: 150 });
    s.dispose();
    return r.samples;
  }
  const bytes = (x: Awaited<ReturnType<typeof diagnostics.summary>>) => Object.entries(x).map(([k, v]) => `${k} ${hash(new Uint8Array(v.buffer))}`);

  it('summary, ess, rhat and mcse give the bytes of the calling thread with 1, 2, 3 workers', async () => {
    const S = await draws();
    const one = bytes(diagnostics.summary(S));
    for (const extra of [{ workers: 1 }, { pool: shared.pool2 }, { pool: shared.pool3 }]) {
      const { r, jobs } = await countJobs('diagnostics', () => diagnostics.summary(S, extra));
      expect(bytes(r), seedNote(SEED)).toEqual(one);
      expect(jobs).toBe(extra.pool ? extra.pool.size : 1);
    }
    expect(Array.from((await diagnostics.ess(S, { pool: shared.pool2 })).bulk)).toEqual(Array.from(diagnostics.ess(S).bulk));
    expect(Array.from(await diagnostics.rhat(S, { pool: shared.pool3 }))).toEqual(Array.from(diagnostics.rhat(S)));
    expect(Array.from(await diagnostics.mcse(S, { pool: shared.pool2 }))).toEqual(Array.from(diagnostics.mcse(S)));
  });

  it('one coordinate or few values stay on the calling thread; a non-finite value and bad options reject as on it', async () => {
    const small = await draws(3, 8);
    const { r, jobs } = await countJobs('diagnostics', () => diagnostics.summary(small, { pool: shared.pool2 }));
    expect(jobs).toBe(0);
    expect(bytes(r)).toEqual(bytes(diagnostics.summary(small)));
    const S = await draws();
    const bad = { ...S, data: S.data.slice() };
    bad.data[7 * 48 * 10 + 5 * 10 + 3] = NaN;
    const sync = (() => { try { diagnostics.summary(bad); return null; } catch (e) { return e as Error; } })();
    expect(sync?.message).toMatch(/diagnostics\.summary: samples value at draw 7, chain 5, dim 3 is NaN/);
    await expect(diagnostics.summary(bad, { pool: shared.pool2 })).rejects.toThrow(sync!.message);
    await expect(diagnostics.summary(S, { workers: 2, pool: shared.pool2 })).rejects.toThrow(/diagnostics\.summary: give workers or pool, not both/);
    await expect(diagnostics.summary(S, { threads: 2 } as never)).rejects.toThrow(/unknown option 'threads'/);
  });
});

describe('metrics.mmd on workers', () => {
  const { metrics, datasets } = sdk;
  it('gives the bytes of the calling thread with 1, 2, 3 workers (blocks of 256 rows, the last ones shorter)', async () => {
    // 2100 samples and 1500 data rows: 9 + 6 blocks, ≥ 2²² pairs
    const A = datasets.moons({ n: 2100, seed: SEED }).X;
    const B = datasets.moons({ n: 1500, seed: SEED + 1 }).X;
    const one = metrics.mmd(A, B, { bandwidth: 0.3 });
    for (const extra of [{ workers: 1 }, { pool: shared.pool2 }, { pool: shared.pool3 }]) {
      const { r, jobs } = await countJobs('mmdParts', () => metrics.mmd(A, B, { bandwidth: 0.3, ...extra }));
      expect(Object.is(r, one), `${r} vs ${one}, ${seedNote(SEED)}`).toBe(true);
      expect(jobs).toBe(extra.pool ? extra.pool.size : 1);
    }
  });

  it('few pairs stay on the calling thread; bad input rejects as it throws on the calling thread', async () => {
    const A = datasets.moons({ n: 300, seed: SEED }).X;
    const { r, jobs } = await countJobs('mmdParts', () => metrics.mmd(A, A, { pool: shared.pool2 }));
    expect(jobs).toBe(0);
    expect(Object.is(r, metrics.mmd(A, A))).toBe(true);
    await expect(metrics.mmd([[1, 2]], A, { pool: shared.pool2 })).rejects.toThrow(/metrics\.mmd: need at least 2 rows in each/);
    await expect(metrics.mmd(A, [[0, NaN], [1, 1]], { pool: shared.pool2 })).rejects.toMatchObject({ code: 'NOT_FINITE' });
    await expect(metrics.mmd(A, A, { workers: 2, pool: shared.pool2 } as never)).rejects.toThrow(/metrics\.mmd: give workers or pool, not both/);
  });
});

describe('where workers cannot start', () => {
  it('createPool gives a pool of size 0 with the reason, and runs there equal the calling thread', async () => {
    const poolModule = await import(new URL('../dist/parallel/pool.js', import.meta.url).href);
    // a runtime whose workers fail as they load (as a bundle that copied the worker file without its imports)
    poolModule.setSpawner({
      start: (_onMessage: unknown, onFailure: (why: string) => void) => {
        setTimeout(() => onFailure("Cannot find module 'runtime/core.js'"));
        return { postMessage() {}, terminate() {} };
      },
      cores: () => 4,
    });
    try {
      const p = await createPool({ workers: 2 });
      expect(p.size).toBe(0);
      expect(p.reason).toMatch(/the workers could not start: createPool: a worker stopped \(Cannot find module 'runtime\/core\.js'\)/);
      const c = CASES[0]!;
      expect(await outcome(c, { pool: p })).toEqual(await outcome(c, {}));
      expect(await outcome(c, { workers: 2 })).toEqual(await outcome(c, {}));
    } finally {
      await init(); // the real spawner again
    }
    const again = await createPool({ workers: 1 });
    expect([again.size, again.reason]).toEqual([1, null]);
    await again.close();
  });
});
