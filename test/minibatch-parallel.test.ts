// The network models' minibatch fits on workers (sdk/parallel/minibatch.ts):
// GLO, DenoisingAutoencoder and MaskedAutoencoder give the bytes of the calling
// thread with workers: 1 (a pool started for the call) and shared pools of 2
// and 3 (batches that are not a multiple of the 16-row block, an epoch's short
// last batch of one block), the same progress; a fit split by a file or an
// abort resumes bit-exactly; a worker that dies fails the fit with
// WORKER_FAILED and leaves the model usable; small models stay on the calling
// thread. Runs on dist/ (the worker is dist/parallel/worker.js), so `npm run build` first.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { countTask, filePools, seedNote, testSeed } from './helpers.js';
import { treePieces } from '../sdk/parallel/minibatch-worker.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
const { init, createPool, EbmError, GLO, DenoisingAutoencoder, MaskedAutoencoder, load, optim, random } = sdk;
await init();

type Pool = Awaited<ReturnType<typeof createPool>>;
type Model = InstanceType<typeof GLO> | InstanceType<typeof DenoisingAutoencoder> | InstanceType<typeof MaskedAutoencoder>;
interface FitOptions {
  epochs?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: unknown) => void;
  workers?: number;
  pool?: Pool;
  optimizer?: ReturnType<typeof optim.adam>;
}
type Data = { rows: number; cols: number; data: Float32Array };
const SEED = testSeed(1717);

const hash = (m: Model): string => createHash('sha256').update(m.toBytes()).digest('hex');
const fit = (m: Model, X: Data, o: FitOptions): Promise<unknown> => (m.fit as (x: Data, o: FitOptions) => Promise<unknown>).call(m, X, o);

const gaussianRows = (n: number, d: number, salt: number): Data => ({ rows: n, cols: d, data: random.normal(n * d, { seed: SEED + salt }) });
const tokens = (n: number, L: number, V: number, salt: number): Data => ({
  rows: n, cols: L, data: Float32Array.from(random.uniform(n * L, { seed: SEED + salt }), (u) => Math.floor(u * V)),
});

// every model has batches of 100 rows (≥ MINIBATCH_MIN_WORKER_ROWS, 96) and batch × parameters above
// MINIBATCH_MIN_WORKER_WORK (2^22), so the workers run: 150 rows in batches of 100 (blocks of 16 × 6 and 4)
// and 50 (16 × 3 and 2); the MAE's 130 rows end each epoch with a batch of 30
const MODELS: [string, () => Model, () => Data, FitOptions][] = [
  ['GLO (16-D data, 3-D codes, decoder 320·320: 109 k parameters)', () => new GLO({ dim: 16, latentDim: 3, hidden: [320, 320], seed: SEED }), () => gaussianRows(150, 16, 1), { epochs: 2, batchSize: 100 }],
  ['DenoisingAutoencoder (32-D, 1024 → 16 → 1024, salt and pepper: 100 k parameters)', () => new DenoisingAutoencoder({ dim: 32, hidden: [1024], latentDim: 16, corruption: { kind: 'saltPepper', rate: 0.2 }, seed: SEED }), () => gaussianRows(150, 32, 2), { epochs: 2, batchSize: 100 }],
  ['MaskedAutoencoder (16 positions × 8 tokens, 384 hidden: 105 k parameters)', () => new MaskedAutoencoder({ length: 16, vocab: 8, hidden: 384, seed: SEED }), () => tokens(130, 16, 8, 3), { epochs: 2, batchSize: 100 }],
];

const shared = filePools(createPool);

describe('minibatch fits on workers give the bytes of the calling thread', () => {
  it.each(MODELS)('%s', async (_name, make, X, options) => {
    const x = X();
    const seen0: unknown[] = [];
    const m0 = make();
    await fit(m0, x, { ...options, onProgress: (p) => seen0.push(p) });
    const want = hash(m0);
    m0.dispose();
    for (const [label, extra] of [['workers: 1', { workers: 1 }], ['a pool of 2', { pool: shared.pool2 }], ['a pool of 3', { pool: shared.pool3 }]] as const) {
      const count = 'pool' in extra ? countTask(extra.pool, 'minibatchBlocks') : null;
      const seen: unknown[] = [];
      const m = make();
      try {
        await fit(m, x, { ...options, ...extra, onProgress: (p) => seen.push(p) });
        expect(hash(m), `${label} ${seedNote(SEED)}`).toBe(want);
      } finally {
        count?.undo();
        m.dispose();
      }
      expect(seen, `${label}: the same progress`).toEqual(seen0);
      if (count) expect(count.count, `${label}: runs of blocks on the workers`).toBeGreaterThan(0);
    }
  });

  it.each(MODELS)('%s: two fits split by a file, on workers, give the bytes of one fit on the calling thread', async (_name, make, X, options) => {
    const x = X();
    // one optimizer across the two fits (its moments continue), as the fit's documentation asks
    const [o1, o2] = [optim.adam({ lr: 1e-3 }), optim.adam({ lr: 1e-3 })];
    const ref = make();
    await fit(ref, x, { ...options, optimizer: o1 });
    const m = make();
    await fit(m, x, { ...options, optimizer: o2, epochs: 1, pool: shared.pool2 });
    const resumed = load(m.toBytes()) as Model;
    m.dispose();
    await fit(resumed, x, { ...options, optimizer: o2, epochs: 1, pool: shared.pool3 });
    expect(hash(resumed), seedNote(SEED)).toBe(hash(ref));
    [resumed, ref, o1, o2].forEach((r) => r.dispose());
  });

  it('8 workers (a pool started for the call; batches of 7 blocks: the model goes to 7 of them) give the same bytes', async () => {
    const [, make, X, options] = MODELS[0]!;
    const x = X();
    const a = make();
    await fit(a, x, options);
    const b = make();
    await fit(b, x, { ...options, workers: 8 });
    expect(hash(b), seedNote(SEED)).toBe(hash(a));
    a.dispose();
    b.dispose();
  });

  it('two fits at once on one pool (each worker holds both models and rows) give their own bytes', async () => {
    const [a, b] = [MODELS[0]!, MODELS[2]!];
    const refs = [a[1](), b[1]()];
    await fit(refs[0]!, a[2](), a[3]);
    await fit(refs[1]!, b[2](), b[3]);
    const ms = [a[1](), b[1]()];
    await Promise.all([fit(ms[0]!, a[2](), { ...a[3], pool: shared.pool2 }), fit(ms[1]!, b[2](), { ...b[3], pool: shared.pool2 })]);
    expect(ms.map(hash), seedNote(SEED)).toEqual(refs.map(hash));
    [...ms, ...refs].forEach((m) => m.dispose());
  });

  it('small models stay on the calling thread, with the same bytes', async () => {
    // 100 rows × 6 k parameters, and a batch of 64 rows (the default) of a large model
    const cases: [() => Model, Data, FitOptions][] = [
      [() => new GLO({ dim: 16, latentDim: 3, hidden: [64, 64], seed: SEED }), gaussianRows(100, 16, 4), { epochs: 1, batchSize: 100 }],
      [MODELS[1]![1], MODELS[1]![2](), { epochs: 1, batchSize: 64 }],
    ];
    for (const [make, x, options] of cases) {
      const a = make();
      await fit(a, x, options);
      const count = countTask(shared.pool2, 'minibatchBlocks');
      const b = make();
      try {
        await fit(b, x, { ...options, pool: shared.pool2 });
        expect(hash(b)).toBe(hash(a));
      } finally {
        count.undo();
      }
      expect(count.count, 'no run of blocks on the workers').toBe(0);
      a.dispose();
      b.dispose();
    }
  });
});

describe('errors, abort and a worker that dies', () => {
  const [name, make, X, options] = MODELS[0]!;

  it(`${name}: abort on workers keeps the finished batches; the fit resumes from there with the bytes of the calling thread`, async () => {
    const x = X();
    const m = make();
    const ac = new AbortController();
    const count = countTask(shared.pool2, 'minibatchBlocks');
    const p = shared.pool2 as unknown as { runAt: (...a: unknown[]) => Promise<unknown> };
    const counted = p.runAt;
    let runs = 0;
    // the first run of blocks of the first batch aborts (the batch itself finishes: the signal is read between batches)
    p.runAt = function (this: unknown, ...a: unknown[]) {
      if (a[1] === 'minibatchBlocks' && ++runs === 1) ac.abort(new Error('enough'));
      return counted.apply(this, a);
    };
    let err: unknown;
    try {
      err = await fit(m, x, { ...options, pool: shared.pool2, signal: ac.signal }).then(() => null, (e: unknown) => e);
    } finally {
      count.undo();
    }
    expect(err).toBeInstanceOf(EbmError);
    expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
    expect((m as InstanceType<typeof GLO>).epochs, 'one batch of 100 of 150 rows').toBeCloseTo(2 / 3, 12);
    // the same model continued on the calling thread and on workers
    const copy = load(m.toBytes()) as Model;
    await fit(copy, x, { ...options, epochs: 1 });
    await fit(m, x, { ...options, epochs: 1, pool: shared.pool3 });
    expect(hash(m), seedNote(SEED)).toBe(hash(copy));
    copy.dispose();
    m.dispose();
  });

  it(`${name}: a worker that dies mid-fit fails it with WORKER_FAILED, the model keeps its finished batches and fits on`, async () => {
    const pool = await createPool({ workers: 2 });
    try {
      const x = X();
      const m = make();
      // the second batch's blocks sent to worker 1 kill it instead
      const p = pool as unknown as { runAt: (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown> };
      const runAt = p.runAt.bind(pool);
      let runs = 0;
      p.runAt = (i, task, args, t, where) => (task === 'minibatchBlocks' && i === 1 && ++runs === 2 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await fit(m, x, { ...options, pool }).then(() => null, (e: unknown) => e);
      p.runAt = runAt;
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/GLO\.fit: a worker stopped/);
      expect((m as InstanceType<typeof GLO>).epochs, 'one batch of 100 of 150 rows').toBeCloseTo(2 / 3, 12);
      const copy = load(m.toBytes()) as Model;
      await fit(copy, x, { ...options, epochs: 1 });
      await fit(m, x, { ...options, epochs: 1, pool });
      expect(hash(m), seedNote(SEED)).toBe(hash(copy));
      copy.dispose();
      m.dispose();
    } finally {
      await pool.close();
    }
  });

  it('options are checked and named', async () => {
    const m = new MaskedAutoencoder({ length: 4, vocab: 3, hidden: 4, seed: SEED });
    const t = tokens(8, 4, 3, 5);
    for (const [o, re] of [
      [{ workers: 0 }, /MaskedAutoencoder\.fit: workers must be an integer from 1/],
      [{ workers: 2, pool: shared.pool2 }, /MaskedAutoencoder\.fit: give workers or pool, not both/],
      [{ pool: {} }, /MaskedAutoencoder\.fit: pool must come from createPool/],
    ] as const) {
      const err = await fit(m, t, o as FitOptions).then(() => null, (e: unknown) => e);
      expect(err, JSON.stringify(o)).toBeInstanceOf(EbmError);
      expect((err as Error).message).toMatch(re);
    }
    m.dispose();
  });
});

describe('a worker\'s pieces of the tree', () => {
  /** The tree of assembly/train/minibatch.ts on symbols: the order of every addition shows in the string. */
  function tree(slots: string[], levels: number[] | null): string {
    const g = slots.slice();
    for (let s = 1; s < g.length; s <<= 1) {
      for (let i = 0; i + s < g.length; i += 2 * s) {
        if (levels && s < 2 ** levels[i]!) continue;
        g[i] = `(${g[i]}+${g[i + s]})`;
      }
    }
    return g[0]!;
  }

  it('every run of blocks, summed in its pieces and then by the caller, adds in the order of one thread', () => {
    for (let nb = 1; nb <= 40; nb++) {
      const want = tree(Array.from({ length: nb }, (_, i) => `b${i}`), null);
      for (let w = 1; w <= 9; w++) {
        // runs as blockRanges (sdk/parallel/blocks.ts) cuts them: floor(g·nb/w)
        const slots: string[] = Array.from({ length: nb }, () => '?');
        const levels: number[] = new Array(nb).fill(-1);
        for (let g = 0; g < Math.min(w, nb); g++) {
          const b0 = Math.floor((g * nb) / Math.min(w, nb));
          const b1 = Math.floor(((g + 1) * nb) / Math.min(w, nb));
          for (const pc of treePieces(b0, b1, nb)) {
            expect(pc.first % 2 ** pc.level, `nb ${nb}, ${w} workers: aligned`).toBe(0);
            slots[pc.first] = tree(Array.from({ length: pc.count }, (_, i) => `b${pc.first + i}`), null);
            for (let i = pc.first; i < pc.first + pc.count; i++) levels[i] = pc.level;
          }
        }
        expect(levels.every((l) => l >= 0), `nb ${nb}, ${w} workers: every block in a piece`).toBe(true);
        expect(tree(slots, levels), `nb ${nb}, ${w} workers`).toBe(want);
      }
    }
  });
});
