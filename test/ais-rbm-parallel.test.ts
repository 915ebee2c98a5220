// metrics.logPartition / logLikelihood on workers (sdk/parallel/ais.ts): the
// bytes of the calling thread with 1, 2 and 3 workers (chain counts that are
// not a multiple of the 64-chain block, MALA and HMC, an analytic energy and
// a model sent as its file), a worker that dies, abort, progress, and the
// calls that stay on the calling thread (a JavaScript energy, one block of
// chains, a short job). Runs on dist/ (the worker is dist/parallel/worker.js),
// so `npm run build` first.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { countTask, filePools, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, createPool, EbmError, RBM, energies, metrics } = sdk;
await init();

type Opts = NonNullable<Parameters<typeof metrics.logPartition>[1]>;
const SEED = testSeed(1515);

/** The result's three f64 as bytes: any change in any chain's weight shows in log Z's last bits. */
function bits(r: { logZ: number; stderr: number; ess: number }): string {
  return Buffer.from(new Float64Array([r.logZ, r.stderr, r.ess]).buffer).toString('hex');
}

/** A 10-D Gaussian with correlations (the analytic kind: sent as its descriptor and blocks). */
function gauss(d: number) {
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 + 0.1 * i : 0.2 / (1 + Math.abs(i - j)))));
  return energies.gaussian({ mean: Array.from({ length: d }, (_, i) => Math.sin(i)), cov });
}

/** A Gaussian-visible RBM with fixed parameters (a model: sent as its file). */
function rbm() {
  const r = new RBM({ visible: 8, hidden: 6, visibleType: 'gaussian' });
  const p = new Float32Array(r.numParams);
  for (let i = 0; i < p.length; i++) p[i] = 0.4 * Math.sin(1.3 * i + 0.2);
  r.setParams(p);
  return r;
}

const shared = filePools(createPool);

// every case anneals long enough (≥ ~150 ms on one thread) that the rest after the probe goes to the workers
const CASES: [string, () => { energy: Parameters<typeof metrics.logPartition>[0]; dispose(): void }, Opts][] = [
  ['10-D Gaussian, MALA, 1 000 chains (15 blocks + 40)', () => { const g = gauss(10); return { energy: g, dispose: () => g.dispose() }; },
    { chains: 1000, temperatures: 1500, base: { mean: new Array(10).fill(0.3), std: new Array(10).fill(1.4) } }],
  ['Gaussian RBM (a model file), HMC, 333 chains', () => { const r = rbm(); return { energy: r, dispose: () => r.dispose() }; },
    { chains: 333, temperatures: 1200, sampler: 'hmc', stepSize: 0.2, leapfrogSteps: 3, base: { mean: new Array(8).fill(0), std: new Array(8).fill(1.5) } }],
];

describe('metrics.logPartition on workers gives the bytes of the calling thread', () => {
  it.each(CASES)('%s', async (_name, make, opts) => {
    const e = make();
    try {
      const seen0: number[] = [];
      const want = bits(await metrics.logPartition(e.energy, { ...opts, seed: SEED, onProgress: (p) => seen0.push(p.temperature) }));
      const T = opts.temperatures as number;
      expect(seen0.at(-1)).toBe(T);
      for (const [label, extra] of [['workers: 1', { workers: 1 }], ['workers: 2', { workers: 2 }], ['pool of 2', { pool: shared.pool2 }], ['pool of 3', { pool: shared.pool3 }]] as const) {
        const count = 'pool' in extra ? countTask(extra.pool, 'aisParts') : null;
        const seen: number[] = [];
        try {
          const r = await metrics.logPartition(e.energy, { ...opts, ...extra, seed: SEED, onProgress: (p) => seen.push(p.temperature) });
          expect(bits(r), `${label} ${seedNote(SEED)}`).toBe(want);
        } finally {
          count?.undo();
        }
        // the progress counts the temperatures done, increasing to T (chunks differ from one thread's)
        expect(seen.at(-1), label).toBe(T);
        expect(seen.every((t, i) => i === 0 || t > seen[i - 1]!), `${label}: increasing`).toBe(true);
        if (count) expect(count.count, `${label}: chunks on the workers`).toBeGreaterThan(0);
      }
    } finally {
      e.dispose();
    }
  }, 120_000);

  it('logLikelihood with a pool: the same bytes', async () => {
    using g = gauss(6);
    const Y = { rows: 3, cols: 6, data: Float32Array.from({ length: 18 }, (_, i) => Math.cos(i)) };
    const opts: Opts = { chains: 700, temperatures: 2000, seed: SEED };
    const a = await metrics.logLikelihood(g, Y, opts);
    const count = countTask(shared.pool2, 'aisParts');
    try {
      const b = await metrics.logLikelihood(g, Y, { ...opts, pool: shared.pool2 });
      expect([b.mean, b.stderr, bits(b.logZ)]).toEqual([a.mean, a.stderr, bits(a.logZ)]);
    } finally {
      count.undo();
    }
    expect(count.count).toBeGreaterThan(0);
  }, 60_000);
});

describe('what stays on the calling thread', () => {
  it('a JavaScript energy, one block of chains and a short job: the same bytes, no chunk on the workers', async () => {
    using g = gauss(4);
    // the same Gaussian as a JavaScript object: its energy runs on this thread only
    const js = { dim: 4, energy: (Y: { rows: number; cols: number; data: Float32Array }) => g.energy(Y), grad: (Y: { rows: number; cols: number; data: Float32Array }) => g.grad(Y) };
    const cases: [string, Parameters<typeof metrics.logPartition>[0], Opts][] = [
      ['JavaScript energy', js, { chains: 256, temperatures: 300 }],
      ['64 chains (one block)', g, { chains: 64, temperatures: 3000 }],
      ['a short job (20 temperatures)', g, { chains: 512, temperatures: 20 }],
    ];
    for (const [label, energy, opts] of cases) {
      const a = await metrics.logPartition(energy, { ...opts, seed: SEED });
      const count = countTask(shared.pool2, 'aisParts');
      try {
        const b = await metrics.logPartition(energy, { ...opts, seed: SEED, pool: shared.pool2 });
        expect(bits(b), `${label} ${seedNote(SEED)}`).toBe(bits(a));
      } finally {
        count.undo();
      }
      expect(count.count, `${label}: no chunk on the workers`).toBe(0);
    }
  }, 60_000);
});

describe('errors, abort and a worker that dies', () => {
  const opts: Opts = { chains: 800, temperatures: 3000, seed: SEED };

  it('a worker that dies mid-run fails the call with WORKER_FAILED; the pool then gives the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      using g = gauss(10);
      const want = bits(await metrics.logPartition(g, opts));
      // the third chunk sent to the workers kills its worker instead
      const p = pool as unknown as { run: (task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const run = p.run.bind(pool);
      let chunks = 0;
      p.run = (task, args, t, where) => (task === 'aisParts' && ++chunks === 3 ? run('die', null, [], where) : run(task, args, t, where));
      const err = await metrics.logPartition(g, { ...opts, pool }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/metrics\.logPartition: a worker stopped/);
      p.run = run;
      const count = countTask(pool, 'aisParts');
      try {
        expect(bits(await metrics.logPartition(g, { ...opts, pool })), seedNote(SEED)).toBe(want);
      } finally {
        count.undo();
      }
      expect(count.count).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('abort while the workers anneal rejects with ABORTED; the pool keeps working', async () => {
    using g = gauss(10);
    const ac = new AbortController();
    const count = countTask(shared.pool2, 'aisParts');
    let reports = 0;
    let atAbort = 0;
    try {
      const err = await metrics.logPartition(g, {
        ...opts, pool: shared.pool2, signal: ac.signal,
        onProgress: () => {
          if (++reports > 1 && count.count > 0 && atAbort === 0) {
            atAbort = reports;
            ac.abort(new Error('enough'));
          }
        },
      }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
      expect(reports, 'no report after the abort').toBe(atAbort);
    } finally {
      count.undo();
    }
    expect(atAbort, 'aborted while on the workers').toBeGreaterThan(0);
    await expect(shared.pool2.run('ping', null, [], 'test')).resolves.toBeNull();
  }, 60_000);

  it('options are checked and named', async () => {
    using g = gauss(2);
    await expect(metrics.logPartition(g, { workers: 0 })).rejects.toThrow(/metrics\.logPartition: workers/);
    await expect(metrics.logPartition(g, { workers: 2, pool: shared.pool2 })).rejects.toThrow(/give workers or pool, not both/);
  });
});

// ---- RBM.logPartition({ method: 'exact' }): fixed blocks of 2^16 enumerated states, folded in block order ----

/** An RBM with parameters 0.3·sin(1.7·i + 0.3) (visible type as asked). */
function patterned(V: number, H: number, visibleType: 'bernoulli' | 'gaussian' = 'bernoulli') {
  const r = new RBM({ visible: V, hidden: H, visibleType });
  const p = new Float32Array(r.numParams);
  for (let i = 0; i < p.length; i++) p[i] = 0.3 * Math.sin(1.7 * i + 0.3);
  r.setParams(p);
  return r;
}

/** log Z of a Bernoulli RBM by summing the 2^V visible states' exp(−F(v)) in f64 (F from b, c, W directly). */
function bruteLogZ(r: InstanceType<typeof RBM>): number {
  const V = r.visible;
  const H = r.hidden;
  const W = r.weights.data;
  const b = r.visibleBias;
  const c = r.hiddenBias;
  const t: number[] = [];
  for (let v = 0; v < 1 << V; v++) {
    let s = 0;
    for (let k = 0; k < V; k++) if ((v >> k) & 1) s += b[k]!;
    for (let j = 0; j < H; j++) {
      let a = c[j]!;
      for (let k = 0; k < V; k++) if ((v >> k) & 1) a += W[j * V + k]!;
      s += Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
    }
    t.push(s);
  }
  let mx = -Infinity;
  for (const x of t) mx = Math.max(mx, x);
  return mx + Math.log(t.reduce((s, x) => s + Math.exp(x - mx), 0));
}

describe('RBM.logPartition exact on workers gives the bits of the calling thread', () => {
  // each above the threshold (blocks × 2^16 × the other layer's units ≥ 2^23) so the workers do run
  const RBMS: [string, () => InstanceType<typeof RBM>][] = [
    ['64 × 18 Bernoulli (hidden side, 4 blocks)', () => patterned(64, 18)],
    ['19 × 40 Bernoulli (visible side, 8 blocks)', () => patterned(19, 40)],
    ['70 × 17 Gaussian (2 blocks)', () => patterned(70, 17, 'gaussian')],
  ];
  it.each(RBMS)('%s', async (_name, make) => {
    using r = make();
    const want = (await r.logPartition({ method: 'exact' })).logZ;
    for (const [label, extra] of [['workers: 1', { workers: 1 }], ['workers: 3', { workers: 3 }], ['pool of 2', { pool: shared.pool2 }], ['pool of 3', { pool: shared.pool3 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'rbmExactParts') : null;
      try {
        const got = await r.logPartition({ method: 'exact', ...extra });
        expect(Object.is(got.logZ, want), `${label}: ${got.logZ} vs ${want}`).toBe(true);
      } finally {
        count?.undo();
      }
      if (count) expect(count.count, `${label}: jobs on the workers`).toBeGreaterThan(0);
    }
  }, 120_000);

  it('the blocks fold to the brute-force log Z (17 visible units enumerated in 2 blocks)', async () => {
    using r = patterned(17, 70);
    const count = countTask(shared.pool2, 'rbmExactParts');
    let got;
    try {
      got = await r.logPartition({ method: 'exact', pool: shared.pool2 });
    } finally {
      count.undo();
    }
    expect(count.count).toBeGreaterThan(0);
    // f32 running sums of ≤ 17 weights of size ≤ 0.3 per hidden unit, refreshed every 4096 states: ~1e-6 per term
    expect(Math.abs(got.logZ - bruteLogZ(r)), `${got.logZ}`).toBeLessThan(1e-4);
  }, 60_000);

  it('16 units or a small job stay on the calling thread', async () => {
    for (const make of [() => patterned(30, 16), () => patterned(8, 18)]) {
      using r = make();
      const want = (await r.logPartition({ method: 'exact' })).logZ;
      const count = countTask(shared.pool2, 'rbmExactParts');
      try {
        expect(Object.is((await r.logPartition({ method: 'exact', pool: shared.pool2 })).logZ, want)).toBe(true);
      } finally {
        count.undo();
      }
      expect(count.count).toBe(0);
    }
  });

  it('a worker that dies fails the call with WORKER_FAILED; the model and the pool work after it; abort gives ABORTED', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      using r = patterned(64, 19);
      const want = (await r.logPartition({ method: 'exact' })).logZ;
      const p = pool as unknown as { run: (task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const run = p.run.bind(pool);
      let jobs = 0;
      p.run = (task, args, t, where) => (task === 'rbmExactParts' && ++jobs === 2 ? run('die', null, [], where) : run(task, args, t, where));
      const err = await r.logPartition({ method: 'exact', pool }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/RBM\.logPartition: a worker stopped/);
      // abort after the first job has come back: the next round is not sent
      const ac = new AbortController();
      jobs = 0;
      p.run = (task, args, t, where) => {
        const out = run(task, args, t, where);
        if (task === 'rbmExactParts' && ++jobs === 1) void out.then(() => ac.abort(new Error('enough')));
        return out;
      };
      const ab = await r.logPartition({ method: 'exact', pool, signal: ac.signal }).then(() => null, (e: unknown) => e);
      expect(ab).toBeInstanceOf(EbmError);
      expect((ab as InstanceType<typeof EbmError>).code).toBe('ABORTED');
      p.run = run;
      expect(Object.is((await r.logPartition({ method: 'exact', pool })).logZ, want)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

// ---- RBM.fit: a minibatch's fixed blocks of 64 rows, partial gradients summed in a fixed tree ----

/** n rows of V binary (or, Gaussian, real) values from a fixed pattern. */
function fitData(n: number, V: number, gaussian: boolean) {
  const data = new Float32Array(n * V);
  for (let i = 0; i < data.length; i++) data[i] = gaussian ? Math.sin(0.7 * i) + 0.3 * Math.cos(0.13 * i) : (i * 7919 + (i % V) * 31) % 5 < 2 ? 1 : 0;
  return { rows: n, cols: V, data };
}

const fitHash = (r: InstanceType<typeof RBM>) => createHash('sha256').update(r.toBytes()).digest('hex');

describe('RBM.fit on workers gives the bytes of the calling thread', () => {
  // batch 256 × 128 visible × 256 hidden × (k + 1) = 2^25 multiply-adds per minibatch: the threshold, so the workers run;
  // 600 rows: the last minibatch has 88 rows (PCD: 256 chains, so parts with chains and no data rows)
  const FITS: [string, boolean, Record<string, unknown>][] = [
    ['PCD-3, Bernoulli, 128 × 256, batch 256', false, { method: 'pcd', k: 3 }],
    ['CD-3, Gaussian, 128 × 256, batch 256, weight decay', true, { method: 'cd', k: 3, weightDecay: 1e-3, lr: 0.01 }],
  ];
  it.each(FITS)('%s', async (_name, gaussian, opts) => {
    const X = fitData(600, 128, gaussian);
    const make = () => new RBM({ visible: 128, hidden: 256, visibleType: gaussian ? 'gaussian' : 'bernoulli', seed: SEED });
    const seen0: unknown[] = [];
    using ref = make();
    await ref.fit(X, { ...opts, batchSize: 256, epochs: 1, onProgress: (p) => seen0.push(p) });
    const want = fitHash(ref);
    for (const [label, extra] of [['pool of 2', { pool: shared.pool2 }], ['pool of 3', { pool: shared.pool3 }], ['workers: 1', { workers: 1 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'rbmFitParts') : null;
      const seen: unknown[] = [];
      using r = make();
      try {
        await r.fit(X, { ...opts, ...extra, batchSize: 256, epochs: 1, onProgress: (p) => seen.push(p) });
      } finally {
        count?.undo();
      }
      expect(fitHash(r), `${label} ${seedNote(SEED)}`).toBe(want);
      expect(seen, `${label}: the same progress`).toEqual(seen0);
      if (count) expect(count.count, `${label}: minibatch parts on the workers`).toBeGreaterThan(0);
    }
    // a second epoch resumed on the workers equals two on the calling thread
    using two = make();
    await two.fit(X, { ...opts, batchSize: 256, epochs: 2 });
    await ref.fit(X, { ...opts, batchSize: 256, epochs: 1, resume: true, pool: shared.pool2 });
    expect(fitHash(ref)).toBe(fitHash(two));
  }, 120_000);

  it('two fits at once on one pool (each worker switches models: the file is sent again when asked) give their own bytes', async () => {
    const X = fitData(600, 128, false);
    const make = (seed: number) => new RBM({ visible: 128, hidden: 256, seed });
    using a0 = make(SEED);
    using b0 = make(SEED + 1);
    await a0.fit(X, { batchSize: 256, epochs: 1, k: 3 });
    await b0.fit(X, { batchSize: 256, epochs: 1, k: 3, method: 'cd' });
    using a = make(SEED);
    using b = make(SEED + 1);
    const count = countTask(shared.pool2, 'rbmFitParts');
    try {
      await Promise.all([a.fit(X, { batchSize: 256, epochs: 1, k: 3, pool: shared.pool2 }), b.fit(X, { batchSize: 256, epochs: 1, k: 3, method: 'cd', pool: shared.pool2 })]);
    } finally {
      count.undo();
    }
    expect([fitHash(a), fitHash(b)], seedNote(SEED)).toEqual([fitHash(a0), fitHash(b0)]);
    expect(count.count).toBeGreaterThan(0);
  }, 120_000);

  it('batches of one block (≤ 64 rows) and small models stay on the calling thread, same bytes', async () => {
    const X = fitData(300, 20, false);
    for (const opts of [{ batchSize: 64 }, { batchSize: 200 }]) {
      using a = new RBM({ visible: 20, hidden: 16, seed: SEED });
      using b = new RBM({ visible: 20, hidden: 16, seed: SEED });
      await a.fit(X, { ...opts, epochs: 2 });
      const count = countTask(shared.pool2, 'rbmFitParts');
      try {
        await b.fit(X, { ...opts, epochs: 2, pool: shared.pool2 });
      } finally {
        count.undo();
      }
      expect(fitHash(b)).toBe(fitHash(a));
      expect(count.count).toBe(0);
    }
  });

  it('a worker that dies mid-fit fails it with WORKER_FAILED, the model as it was; abort gives ABORTED; the pool fits again with the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const X = fitData(600, 128, false);
      using ref = new RBM({ visible: 128, hidden: 256, seed: SEED });
      await ref.fit(X, { batchSize: 256, epochs: 1, k: 3 });
      using r = new RBM({ visible: 128, hidden: 256, seed: SEED });
      const before = fitHash(r);
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      let parts = 0;
      // the third part sent kills its worker instead (worker 0: the second minibatch)
      p.runAt = (i, task, args, t, where) => (task === 'rbmFitParts' && ++parts === 3 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await r.fit(X, { batchSize: 256, epochs: 1, k: 3, pool }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/RBM\.fit: a worker stopped/);
      expect(fitHash(r)).toBe(before);
      p.runAt = runAt;
      const ac = new AbortController();
      const ab = await r.fit(X, { batchSize: 256, epochs: 1, k: 3, pool, signal: ac.signal, onProgress: () => ac.abort() }).then(() => null, (e: unknown) => e);
      expect((ab as InstanceType<typeof EbmError>).code).toBe('ABORTED');
      expect(fitHash(r)).toBe(before);
      await r.fit(X, { batchSize: 256, epochs: 1, k: 3, pool });
      expect(fitHash(r)).toBe(fitHash(ref));
    } finally {
      await pool.close();
    }
  }, 120_000);
});
