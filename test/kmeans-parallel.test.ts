// KMeansEBM.fit on workers (sdk/parallel/kmeans.ts): the bytes of the calling
// thread with 1, 2 and 3 workers (row counts that are not a multiple of the
// 4096-row block, one with a last block of a single row, empty clusters
// re-seeded between passes, several restarts), the same progress, abort,
// a worker that dies, and the fits that stay on the calling thread. Runs on
// dist/ (the worker is dist/parallel/worker.js), so `npm run build` first.
import { describe, expect, it } from 'vitest';
import { countTask, filePools, kmeansFitHash, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, createPool, EbmError, KMeansEBM, random } = sdk;
await init();

type Fit = NonNullable<Parameters<InstanceType<typeof KMeansEBM>['fit']>[1]>;
const SEED = testSeed(515);

/**
 * n rows around `groups` centres, each row's noise scaled by 10^-5 … 10: the f64 sums of a pass
 * then round, so a block summed in another order would show in the bytes (test/kmeans-twin.test.ts
 * shows it for such data).
 */
function data(n: number, d: number, groups: number, salt: number) {
  const z = random.normal(n * d, { seed: SEED + salt });
  const u = random.uniform(n, { seed: SEED + salt, stream: 1 });
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = 10 ** (6 * u[i]! - 5);
    for (let t = 0; t < d; t++) out[i * d + t] = 10 * ((i % groups) + (t % 3)) + s * z[i * d + t]!;
  }
  return { rows: n, cols: d, data: out };
}


const shared = filePools(createPool);

// every case is above the `worth` threshold (n > 4096 and n·k·d ≥ 2^23), so the workers do run
type Data = ReturnType<typeof data>;
const firstRows = (x: Data, k: number) => ({ rows: k, cols: x.cols, data: x.data.slice(0, k * x.cols) });
const CASES: [string, () => Data, number, (x: Data) => Fit][] = [
  ['9 037 × 16, k 64, 2 restarts (dot form)', () => data(9037, 16, 9, 1), 64, () => ({ nInit: 2, maxIter: 12 })],
  ['13 001 × 5, k 130 (direct distances)', () => data(13001, 5, 11, 2), 130, () => ({ maxIter: 8 })],
  ['4 097 × 32, k 64: a last block of one row', () => data(4097, 32, 7, 3), 64, () => ({ maxIter: 8, tol: 0 })],
  // 6 prototypes on rows and 42 far away, which win no row: re-seeded (from every row's distance) after the first pass
  ['9 000 × 20, k 48 with 42 far prototypes: empty clusters re-seeded', () => data(9000, 20, 6, 4), 48, (x) => {
    const init = firstRows(x, 48);
    for (let j = 6; j < 48; j++) init.data.fill(1000 + j, j * x.cols, (j + 1) * x.cols);
    return { init, maxIter: 6, tol: 0 };
  }],
  ['8 300 × 2, k 600, given initial prototypes', () => data(8300, 2, 13, 5), 600, (x) => ({ init: firstRows(x, 600), maxIter: 6, tol: 0 })],
];

describe('KMeansEBM.fit on workers gives the bytes of the calling thread', () => {
  it.each(CASES)('%s', async (_name, X, k, options) => {
    const x = X();
    const opts = options(x);
    const progress = (into: unknown[]): Fit => ({ ...opts, onProgress: (p) => into.push(p) });
    const seen0: unknown[] = [];
    const m0 = await new KMeansEBM({ k, seed: SEED }).fit(x, progress(seen0));
    const want = kmeansFitHash(m0);
    m0.dispose();
    for (const [label, extra] of [['workers: 1', { workers: 1 }], ['2 workers', { pool: shared.pool2 }], ['3 workers', { pool: shared.pool3 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'kmeansPass') : null;
      const seen: unknown[] = [];
      try {
        const m = await new KMeansEBM({ k, seed: SEED }).fit(x, { ...progress(seen), ...extra });
        expect(kmeansFitHash(m), `${label} ${seedNote(SEED)}`).toBe(want);
        m.dispose();
      } finally {
        count?.undo();
      }
      expect(seen, `${label}: the same progress, 1-based`).toEqual(seen0);
      if (count) expect(count.count, `${label}: Lloyd passes on the workers`).toBeGreaterThan(0);
    }
    expect((seen0[0] as { run: number; iteration: number })).toMatchObject({ run: 1, iteration: 1 });
  });

  it('two fits at once on one pool (each worker holds both fits\' rows, its jobs queue in order) give their own bytes', async () => {
    const a = data(9000, 16, 5, 13);
    const b = data(11000, 12, 7, 14);
    const ref = [await new KMeansEBM({ k: 64, seed: SEED }).fit(a, { maxIter: 6 }), await new KMeansEBM({ k: 70, seed: SEED }).fit(b, { maxIter: 6 })];
    const count = countTask(shared.pool2, 'kmeansPass');
    try {
      const both = await Promise.all([new KMeansEBM({ k: 64, seed: SEED }).fit(a, { maxIter: 6, pool: shared.pool2 }), new KMeansEBM({ k: 70, seed: SEED }).fit(b, { maxIter: 6, pool: shared.pool2 })]);
      expect(both.map(kmeansFitHash), seedNote(SEED)).toEqual(ref.map(kmeansFitHash));
      both.forEach((m) => m.dispose());
    } finally {
      count.undo();
    }
    expect(count.count).toBeGreaterThan(0);
    ref.forEach((m) => m.dispose());
  });

  it('small fits and the online algorithm stay on the calling thread, with the same bytes', async () => {
    // 4096 rows (one block); 8191 × 16 × 64 = 2^23 − 1024 (just below the work threshold); online
    for (const [x, k, options] of [[data(4096, 32, 5, 6), 128, {}], [data(8191, 16, 5, 7), 64, { maxIter: 5 }], [data(9000, 16, 5, 8), 64, { algorithm: 'online', maxIter: 3 }]] as const) {
      const a = await new KMeansEBM({ k, seed: SEED }).fit(x, options as Fit);
      const count = countTask(shared.pool2, 'kmeansPass');
      try {
        const b = await new KMeansEBM({ k, seed: SEED }).fit(x, { ...(options as Fit), pool: shared.pool2 });
        expect(kmeansFitHash(b)).toBe(kmeansFitHash(a));
        b.dispose();
      } finally {
        count.undo();
      }
      expect(count.count, `${x.rows}×${x.cols}, k ${k}: no pass on the workers`).toBe(0);
      a.dispose();
    }
  });
});

describe('errors, abort and a worker that dies', () => {
  const X = data(12000, 16, 9, 9);
  const k = 48;

  it('abort during a fit on workers rejects with ABORTED and leaves the model as it was; the pool keeps working', async () => {
    const m = await new KMeansEBM({ k, seed: SEED }).fit(data(500, 16, 4, 10), { maxIter: 3 });
    const before = kmeansFitHash(m);
    const ac = new AbortController();
    let reports = 0;
    const err = await m.fit(X, {
      pool: shared.pool2, maxIter: 50, tol: 0, signal: ac.signal,
      onProgress: () => {
        if (++reports === 3) ac.abort(new Error('enough'));
      },
    }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EbmError);
    expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
    expect(reports).toBe(3);
    expect(kmeansFitHash(m)).toBe(before);
    const ref = await new KMeansEBM({ k, seed: SEED }).fit(X, { maxIter: 4 });
    await m.fit(X, { pool: shared.pool2, maxIter: 4 });
    expect(kmeansFitHash(m)).toBe(kmeansFitHash(ref));
    ref.dispose();
    m.dispose();
  });

  it('a worker that dies mid-fit fails it with WORKER_FAILED, the model unchanged; the next fit on the pool has the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const m = await new KMeansEBM({ k, seed: SEED }).fit(data(500, 16, 4, 11), { maxIter: 3 });
      const before = kmeansFitHash(m);
      // the third Lloyd pass sent to worker 1 kills it instead
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      let passes = 0;
      p.runAt = (i, task, args, t, where) => (task === 'kmeansPass' && i === 1 && ++passes === 3 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await m.fit(X, { pool, maxIter: 10, tol: 0 }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/KMeansEBM\.fit: a worker stopped/);
      expect(kmeansFitHash(m)).toBe(before);
      p.runAt = runAt;
      const ref = await new KMeansEBM({ k, seed: SEED }).fit(X, { maxIter: 5 });
      await m.fit(X, { pool, maxIter: 5 });
      expect(kmeansFitHash(m)).toBe(kmeansFitHash(ref));
      ref.dispose();
      m.dispose();
    } finally {
      await pool.close();
    }
  });

  it('options are checked and named', async () => {
    const m = new KMeansEBM({ k: 2 });
    const x = data(10, 2, 2, 12);
    await expect(m.fit(x, { workers: 0 })).rejects.toThrow(/KMeansEBM\.fit: workers must be an integer from 1 to 64 or 'auto', got 0/);
    await expect(m.fit(x, { workers: 2, pool: shared.pool2 })).rejects.toThrow(/KMeansEBM\.fit: give workers or pool, not both/);
    await expect(m.fit(x, { pool: {} as never })).rejects.toThrow(/KMeansEBM\.fit: pool must come from createPool/);
    const closed = await createPool({ workers: 1 });
    await closed.close();
    await expect(m.fit(x, { pool: closed })).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(m.isFitted).toBe(false);
    m.dispose();
  });
});
