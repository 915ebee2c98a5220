// SparseCoding.encode and SparseCoding.fit (alternating) on workers
// (sdk/parallel/sparse.ts): the bytes of the calling thread with 1, 2 and 3
// workers and a shared pool (row counts that are not a multiple of the block,
// the three algorithms), the same progress, abort, a worker that dies, and the
// calls that stay on the calling thread. Runs on dist/ (the worker is
// dist/parallel/worker.js), so `npm run build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { countTask, filePools, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, createPool, EbmError, SparseCoding, random } = sdk;
await init();

type Model = InstanceType<typeof SparseCoding>;
type Fit = NonNullable<Parameters<Model['fit']>[1]>;
const SEED = testSeed(1515);

/** n rows of sparse combinations of `d`-dimensional directions plus noise, every seventh row zero (the y = 0 branch). */
function data(n: number, d: number, salt: number) {
  const z = random.normal(n * d, { seed: SEED + salt });
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) continue;
    for (let t = 0; t < d; t++) out[i * d + t] = (t % 5 === i % 5 ? 2 : 0) + 0.3 * z[i * d + t]!;
  }
  return { rows: n, cols: d, data: out };
}

const hash = (...parts: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
};
const fitHash = (m: Model): string => hash(m.atoms.data, m.history, new Float64Array([m.objective ?? NaN]));

const shared = filePools(createPool);

// every case is above the `worth` thresholds (rows × atoms × (dim + atoms) ≥ 2^21, two blocks or more)
describe('SparseCoding.encode on workers gives the bytes of the calling thread', () => {
  let model: Model;
  beforeAll(async () => {
    model = await new SparseCoding({ nAtoms: 40, lambda: 0.2, seed: SEED }).fit(data(400, 24, 1), { epochs: 3 });
  });
  afterAll(() => model?.dispose());

  it.each([
    ['3 001 rows (blocks of 128, a last one of 57), cd', 3001, {}],
    ['2 200 rows, fista, 40 steps', 2200, { algorithm: 'fista', maxIter: 40 }],
    ['2 200 rows, ista, 40 steps, tol 0', 2200, { algorithm: 'ista', maxIter: 40, tol: 0 }],
  ] as const)('%s', async (_name, n, options) => {
    const Y = data(n, 24, 2);
    const want = hash(model.encode(Y, options).data);
    for (const [label, extra] of [['workers: 1', { workers: 1 }], ['workers: 2', { workers: 2 }], ['2 workers', { pool: shared.pool2 }], ['3 workers', { pool: shared.pool3 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'sparseEncodeRows') : null;
      try {
        const Z = await model.encode(Y, { ...options, ...extra });
        expect(Z.rows).toBe(n);
        expect(Z.cols).toBe(40);
        expect(hash(Z.data), `${label} ${seedNote(SEED)}`).toBe(want);
      } finally {
        count?.undo();
      }
      if (count && 'pool' in extra) expect(count.count, `${label}: one job per worker`).toBe(extra.pool.size);
    }
  });

  it('small jobs stay on the calling thread, with the same bytes', async () => {
    // 1 000 × 40 × (24 + 40) = 2 560 000 is above the threshold, 800 rows (2 048 000) below it
    for (const [n, onWorkers] of [[800, 0], [1000, 2], [1, 0]] as const) {
      const Y = data(n, 24, 3);
      const count = countTask(shared.pool2, 'sparseEncodeRows');
      try {
        expect(hash((await model.encode(Y, { pool: shared.pool2 })).data)).toBe(hash(model.encode(Y).data));
      } finally {
        count.undo();
      }
      expect(count.count, `${n} rows`).toBe(onWorkers);
    }
    const empty = await model.encode({ rows: 0, cols: 24, data: new Float32Array(0) }, { pool: shared.pool2 });
    expect(empty.rows).toBe(0);
  });

  it('checks its arguments as the calling thread does, then its parallel options', async () => {
    const bad = data(1000, 24, 4);
    bad.data[5 * 24 + 2] = NaN;
    await expect(model.encode(bad, { pool: shared.pool2 })).rejects.toMatchObject({ code: 'NOT_FINITE' });
    await expect(model.encode(data(10, 23, 5), { pool: shared.pool2 })).rejects.toMatchObject({ code: 'SHAPE' });
    await expect(model.encode(bad, { workers: 0 })).rejects.toThrow(/SparseCoding\.encode: workers must be an integer from 1 to 64 or 'auto', got 0/);
    await expect(model.encode(bad, { workers: 2, pool: shared.pool2 } as never)).rejects.toThrow(/SparseCoding\.encode: give workers or pool, not both/);
    await expect(model.encode(bad, { pool: {} as never })).rejects.toThrow(/SparseCoding\.encode: pool must come from createPool/);
    await expect(model.encode(bad, { pool: shared.pool2, alpha: 1 } as never)).rejects.toThrow(/unknown option 'alpha'/);
    const closed = await createPool({ workers: 1 });
    await closed.close();
    await expect(model.encode(bad, { pool: closed })).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('a worker that dies fails the call with WORKER_FAILED; the model and the pool keep working', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const Y = data(3000, 24, 6);
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      p.runAt = (i, task, args, t, where) => (task === 'sparseEncodeRows' && i === 1 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await model.encode(Y, { pool }).then(() => null, (e: unknown) => e);
      p.runAt = runAt;
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/SparseCoding\.encode: a worker stopped/);
      expect(hash((await model.encode(Y, { pool })).data)).toBe(hash(model.encode(Y).data));
    } finally {
      await pool.close();
    }
  });
});

// 1 500 × 24 × (40 + 24) = 2 304 000 and 4 097 × 32 × (16 + 32) = 6 292 992 per epoch
const FITS: [string, () => ReturnType<typeof data>, number, Fit][] = [
  ['1 500 × 40, 24 atoms: 24 blocks of 64, a last one of 28', () => data(1500, 40, 7), 24, { epochs: 4 }],
  ['4 097 × 16, 32 atoms (overcomplete): 22 blocks of 192, a last one of 65; init given', () => data(4097, 16, 8), 32, { epochs: 3 }],
];

describe('SparseCoding.fit (alternating) on workers gives the bytes of the calling thread', () => {
  it.each(FITS)('%s', async (_name, X, k, options) => {
    const x = X();
    const opts: Fit = k === 32 ? { ...options, init: { rows: k, cols: x.cols, data: random.normal(k * x.cols, { seed: SEED, stream: 2 }) } } : options;
    const seen0: unknown[] = [];
    const m0 = await new SparseCoding({ nAtoms: k, lambda: 0.25, seed: SEED }).fit(x, { ...opts, onProgress: (p) => seen0.push(p) });
    const want = fitHash(m0);
    m0.dispose();
    for (const [label, extra] of [['workers: 1', { workers: 1 }], ['2 workers', { pool: shared.pool2 }], ['3 workers', { pool: shared.pool3 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'sparseFitEpoch') : null;
      const seen: unknown[] = [];
      try {
        const m = await new SparseCoding({ nAtoms: k, lambda: 0.25, seed: SEED }).fit(x, { ...opts, ...extra, onProgress: (p) => seen.push(p) });
        expect(fitHash(m), `${label} ${seedNote(SEED)}`).toBe(want);
        m.dispose();
      } finally {
        count?.undo();
      }
      expect(seen, `${label}: the same progress`).toEqual(seen0);
      if (count && 'pool' in extra) expect(count.count, `${label}: one epoch job per worker and epoch`).toBe(extra.pool.size * options.epochs!);
    }
  });

  it('two fits at once on one pool give their own bytes', async () => {
    const a = data(1500, 40, 9);
    const b = data(2000, 30, 10);
    const ref = [await new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(a, { epochs: 2 }), await new SparseCoding({ nAtoms: 20, lambda: 0.25, seed: SEED }).fit(b, { epochs: 2 })];
    const both = await Promise.all([
      new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(a, { epochs: 2, pool: shared.pool2 }),
      new SparseCoding({ nAtoms: 20, lambda: 0.25, seed: SEED }).fit(b, { epochs: 2, pool: shared.pool2 }),
    ]);
    expect(both.map(fitHash), seedNote(SEED)).toEqual(ref.map(fitHash));
    [...both, ...ref].forEach((m) => m.dispose());
  });

  it('small fits and the online method stay on the calling thread, with the same bytes', async () => {
    // 64 rows: one block; 1 000 × 24 × 64 = 1 536 000 units: below the threshold; online: minibatches in order
    for (const [x, k, options] of [[data(64, 200, 11), 24, { epochs: 2 }], [data(1000, 40, 12), 24, { epochs: 2 }], [data(3000, 40, 13), 24, { method: 'online', epochs: 2 }]] as const) {
      const a = await new SparseCoding({ nAtoms: k, lambda: 0.25, seed: SEED }).fit(x, options as Fit);
      const count = countTask(shared.pool2, 'sparseFitEpoch');
      try {
        const b = await new SparseCoding({ nAtoms: k, lambda: 0.25, seed: SEED }).fit(x, { ...(options as Fit), pool: shared.pool2 });
        expect(fitHash(b)).toBe(fitHash(a));
        b.dispose();
      } finally {
        count.undo();
      }
      expect(count.count, `${x.rows}×${x.cols}, ${k} atoms: no epoch on the workers`).toBe(0);
      a.dispose();
    }
  });

  it('abort during a fit on workers rejects with ABORTED and leaves the model as it was; the pool keeps working', async () => {
    const X = data(1500, 40, 14);
    const m = await new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(data(200, 40, 15), { epochs: 2 });
    const before = fitHash(m);
    const ac = new AbortController();
    let reports = 0;
    const err = await m.fit(X, {
      pool: shared.pool2, epochs: 50, signal: ac.signal,
      onProgress: () => {
        if (++reports === 2) ac.abort(new Error('enough'));
      },
    }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EbmError);
    expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
    expect(reports).toBe(2);
    expect(fitHash(m)).toBe(before);
    const ref = await new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(X, { epochs: 2 });
    await m.fit(X, { pool: shared.pool2, epochs: 2 });
    expect(fitHash(m)).toBe(fitHash(ref));
    ref.dispose();
    m.dispose();
  });

  it('a worker that dies mid-fit fails it with WORKER_FAILED, the model unchanged; the next fit on the pool has the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const X = data(1500, 40, 16);
      const m = await new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(data(200, 40, 17), { epochs: 2 });
      const before = fitHash(m);
      // the second epoch sent to worker 1 kills it instead
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      let epochs = 0;
      p.runAt = (i, task, args, t, where) => (task === 'sparseFitEpoch' && i === 1 && ++epochs === 2 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await m.fit(X, { pool, epochs: 5 }).then(() => null, (e: unknown) => e);
      p.runAt = runAt;
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/SparseCoding\.fit: a worker stopped/);
      expect(fitHash(m)).toBe(before);
      const ref = await new SparseCoding({ nAtoms: 24, lambda: 0.25, seed: SEED }).fit(X, { epochs: 3 });
      await m.fit(X, { pool, epochs: 3 });
      expect(fitHash(m)).toBe(fitHash(ref));
      ref.dispose();
      m.dispose();
    } finally {
      await pool.close();
    }
  });

  it('options are checked and named', async () => {
    const m = new SparseCoding({ nAtoms: 2, lambda: 0.1 });
    const x = data(10, 3, 18);
    await expect(m.fit(x, { workers: 0 })).rejects.toThrow(/SparseCoding\.fit: workers must be an integer from 1 to 64 or 'auto', got 0/);
    await expect(m.fit(x, { workers: 2, pool: shared.pool2 })).rejects.toThrow(/SparseCoding\.fit: give workers or pool, not both/);
    await expect(m.fit(x, { pool: {} as never })).rejects.toThrow(/SparseCoding\.fit: pool must come from createPool/);
    const closed = await createPool({ workers: 1 });
    await closed.close();
    await expect(m.fit(x, { pool: closed })).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(m.isFitted).toBe(false);
    m.dispose();
  });
});
