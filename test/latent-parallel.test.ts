// LatentEBM on workers (sdk/parallel/latent.ts): freeEnergy and infer (rows
// in blocks) and fit (a step's minibatch in blocks of 16 rows, partial
// gradients summed in a fixed tree) give the bytes of the calling thread with
// 1, 2 and 3 workers and a shared pool; the same progress, abort, a worker that
// dies, and the calls that stay on the calling thread. Runs on dist/ (the
// worker is dist/parallel/worker.js), so `npm run build` first.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { countTask, filePools, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, createPool, EbmError, LatentEBM, datasets } = sdk;
await init();

type Model = InstanceType<typeof LatentEBM>;
type Options = ConstructorParameters<typeof LatentEBM>[0];
type Fit = NonNullable<Parameters<Model['fit']>[1]>;
const SEED = testSeed(2525);

const hash = (...parts: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
};

// a 2-D continuous z on a 12² grid with 10 descent steps: 144 + 4·10·3 = 264 decoder passes a row, 1 250 parameters
const CONTINUOUS: Options = { xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 2, grid: 12 }, hidden: [32, 32], seed: SEED, inference: { steps: 10 } };
// 16 embeddings with a [64, 64] decoder: 16 passes a row, 4 642 parameters
const DISCRETE: Options = { xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 16, dim: 2 }, hidden: [64, 64], seed: SEED };

const horn = datasets.horn({ n: 333, seed: SEED });
const shared = filePools(createPool);

describe('LatentEBM.freeEnergy and infer on workers give the bytes of the calling thread', () => {
  it.each([['continuous z, F∞ and F_β', CONTINUOUS], ['discrete z, F∞ and F_β', DISCRETE]] as const)('%s', async (_name, options) => {
    const m = new LatentEBM(options);
    try {
      // 333 rows: 6 blocks of 64, a last one of 13
      for (const beta of [undefined, 4]) {
        const want = hash(m.freeEnergy(horn.X, horn.Y, { beta }));
        for (const extra of [{ workers: 1 }, { pool: shared.pool2 }, { pool: shared.pool3 }] as const) {
          const count = 'pool' in extra && extra.pool ? countTask(extra.pool, 'latentFreeRows') : null;
          try {
            expect(hash(await m.freeEnergy(horn.X, horn.Y, { beta, ...extra })), `beta ${beta} ${JSON.stringify(Object.keys(extra))} ${seedNote(SEED)}`).toBe(want);
          } finally {
            count?.undo();
          }
          if (count && 'pool' in extra && extra.pool) expect(count.count).toBe(extra.pool.size);
        }
      }
      const ref = m.infer(horn.X, horn.Y);
      const got = await m.infer(horn.X, horn.Y, { pool: shared.pool3 });
      expect(hash(got.z.data, got.energy)).toBe(hash(ref.z.data, ref.energy));
      expect(got.z.cols).toBe(2);
    } finally {
      m.dispose();
    }
  });

  it('small jobs stay on the calling thread; arguments are checked as there', async () => {
    const m = new LatentEBM({ ...DISCRETE, hidden: [8] });
    try {
      const count = countTask(shared.pool2, 'latentFreeRows');
      try {
        expect(hash(await m.freeEnergy(horn.X, horn.Y, { pool: shared.pool2 }))).toBe(hash(m.freeEnergy(horn.X, horn.Y)));
      } finally {
        count.undo();
      }
      expect(count.count).toBe(0);
      const bad = { rows: horn.Y.rows, cols: 2, data: horn.Y.data.slice() };
      bad.data[7] = Infinity;
      await expect(m.freeEnergy(horn.X, bad, { pool: shared.pool2 })).rejects.toMatchObject({ code: 'NOT_FINITE' });
      await expect(m.infer(horn.X, { rows: 3, cols: 2, data: new Float32Array(6) }, { pool: shared.pool2 })).rejects.toMatchObject({ code: 'SHAPE' });
      await expect(m.freeEnergy(horn.X, horn.Y, { workers: 2, pool: shared.pool2 } as never)).rejects.toThrow(/LatentEBM\.freeEnergy: give workers or pool, not both/);
    } finally {
      m.dispose();
    }
  });
});

describe('LatentEBM.fit on workers gives the bytes of the calling thread', () => {
  it.each([
    ['continuous z, F∞, batches of 64 (4 blocks) and a last one of 13', CONTINUOUS, { epochs: 2 }],
    ['continuous z, F_β, batches of 40 (3 blocks, the last of 8)', CONTINUOUS, { epochs: 1, objective: 'freeEnergy', beta: 5, batchSize: 40 }],
    ['discrete z, F∞, batches of 100 (7 blocks)', DISCRETE, { epochs: 2, batchSize: 100 }],
  ] as const)('%s', async (_name, options, fit) => {
    const seen0: unknown[] = [];
    const m0 = await new LatentEBM(options).fit(horn, { ...fit, onProgress: (p) => seen0.push(p) } as Fit);
    const want = hash(m0.params);
    m0.dispose();
    for (const extra of [{ workers: 1 }, { pool: shared.pool2 }, { pool: shared.pool3 }] as const) {
      const count = 'pool' in extra && extra.pool ? countTask(extra.pool, 'latentFitBlocks') : null;
      const seen: unknown[] = [];
      try {
        const m = await new LatentEBM(options).fit(horn, { ...fit, ...extra, onProgress: (p) => seen.push(p) } as Fit);
        expect(hash(m.params), `${JSON.stringify(Object.keys(extra))} ${seedNote(SEED)}`).toBe(want);
        m.dispose();
      } finally {
        count?.undo();
      }
      expect(seen).toEqual(seen0);
      if (count) expect(count.count, 'steps on the workers').toBeGreaterThan(0);
    }
  });

  it('a fit whose steps are too small stays on the calling thread, with the same bytes', async () => {
    // batches of 16 rows: one block
    const a = await new LatentEBM(CONTINUOUS).fit(horn, { epochs: 1, batchSize: 16 });
    const count = countTask(shared.pool2, 'latentFitBlocks');
    try {
      const b = await new LatentEBM(CONTINUOUS).fit(horn, { epochs: 1, batchSize: 16, pool: shared.pool2 });
      expect(hash(b.params)).toBe(hash(a.params));
      b.dispose();
    } finally {
      count.undo();
    }
    expect(count.count).toBe(0);
    a.dispose();
  });

  it('abort keeps the finished batches as on one thread; the next fit on the pool continues with the same bytes', async () => {
    const aborted = async (m: Model, extra: object): Promise<unknown> => {
      const ac = new AbortController();
      return m.fit(horn, { epochs: 3, ...extra, signal: ac.signal, onProgress: () => ac.abort(new Error('enough')) }).then(() => null, (e: unknown) => e);
    };
    const m = new LatentEBM(CONTINUOUS);
    const ref = new LatentEBM(CONTINUOUS);
    try {
      const count = countTask(shared.pool2, 'latentFitBlocks');
      const err = await aborted(m, { pool: shared.pool2 });
      const steps = count.count;
      count.undo();
      const refErr = await aborted(ref, {});
      for (const e of [err, refErr]) {
        expect(e).toBeInstanceOf(EbmError);
        expect((e as InstanceType<typeof EbmError>).code).toBe('ABORTED');
      }
      expect(steps).toBeGreaterThan(0);
      expect(m.epochsDone).toBe(ref.epochsDone);
      expect(hash(m.params), seedNote(SEED)).toBe(hash(ref.params));
      await m.fit(horn, { epochs: 1, pool: shared.pool2 });
      await ref.fit(horn, { epochs: 1 });
      expect(hash(m.params)).toBe(hash(ref.params));
    } finally {
      m.dispose();
      ref.dispose();
    }
  });

  it('a worker that dies mid-fit fails it with WORKER_FAILED; the model keeps its finished batches and the pool works on', async () => {
    const pool = await createPool({ workers: 2 });
    const m = new LatentEBM(CONTINUOUS);
    try {
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      let steps = 0;
      p.runAt = (i, task, args, t, where) => (task === 'latentFitBlocks' && i === 1 && ++steps === 3 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await m.fit(horn, { epochs: 2, pool }).then(() => null, (e: unknown) => e);
      p.runAt = runAt;
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/LatentEBM\.fit: a worker stopped/);
      // two steps finished before the third failed: the model took them (as after an abort)
      expect(m.params.every(Number.isFinite)).toBe(true);
      const a = new LatentEBM(CONTINUOUS);
      const b = new LatentEBM(CONTINUOUS);
      try {
        await a.fit(horn, { epochs: 1, pool });
        await b.fit(horn, { epochs: 1 });
        expect(hash(a.params)).toBe(hash(b.params));
      } finally {
        a.dispose();
        b.dispose();
      }
    } finally {
      m.dispose();
      await pool.close();
    }
  });

  it('options are checked and named', async () => {
    const m = new LatentEBM(DISCRETE);
    try {
      await expect(m.fit(horn, { workers: 0 })).rejects.toThrow(/LatentEBM\.fit: workers must be an integer from 1 to 64 or 'auto', got 0/);
      await expect(m.fit(horn, { workers: 2, pool: shared.pool2 })).rejects.toThrow(/LatentEBM\.fit: give workers or pool, not both/);
      await expect(m.fit(horn, { pool: {} as never })).rejects.toThrow(/LatentEBM\.fit: pool must come from createPool/);
      expect(m.epochsDone).toBe(0);
    } finally {
      m.dispose();
    }
  });
});
