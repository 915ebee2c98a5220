// k-means++ seeding on workers (sdk/parallel/kmeans-seed.ts): the distances on
// the workers that hold the rows, the running sums handed from worker to worker
// in row order, the draws on the calling thread. Same bytes as the calling
// thread (kmeansSeedStep) with none, 1, 2 and 3 workers, on data whose f64 sums
// round (row scales 10⁻⁵ … 10, as test/kmeans-parallel.test.ts), with
// duplicates (every D² 0: the search falls to the last row), several restarts;
// a worker that dies while seeding. Runs on dist/ (`npm run build` first).
import { afterAll, describe, expect, it } from 'vitest';
import { countTask, filePools, kmeansFitHash, seedNote, testSeed } from './helpers.js';

type Sdk = typeof import('../sdk/index.node.js');
const sdk: Sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
// the threshold below which the seeding stays on the calling thread (an object, so tests can move it)
const { seedWorkers } = (await import(new URL('../dist/models/kmeans-fit.js', import.meta.url).href)) as { seedWorkers: { minWork: number } };
const { init, createPool, EbmError, KMeansEBM, random } = sdk;
await init();

type Fit = NonNullable<Parameters<InstanceType<typeof KMeansEBM>['fit']>[1]>;
const SEED = testSeed(616);
const DEFAULT_MIN = seedWorkers.minWork;

function data(n: number, d: number, groups: number, salt: number, distinct = 0) {
  const z = random.normal(n * d, { seed: SEED + salt });
  const u = random.uniform(n, { seed: SEED + salt, stream: 1 });
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = 10 ** (6 * u[i]! - 5);
    // `distinct` > 0: only that many different rows (row i repeats row i mod distinct)
    const src = distinct > 0 ? i % distinct : i;
    for (let t = 0; t < d; t++) out[i * d + t] = 10 * ((src % groups) + (t % 3)) + s * z[src * d + t]!;
  }
  return { rows: n, cols: d, data: out };
}


type RunAt = (i: number, task: string, args: unknown, t: Transferable[], where: string) => Promise<unknown>;
const shared = filePools(createPool);
afterAll(() => {
  seedWorkers.minWork = DEFAULT_MIN;
});

/**
 * Where the order of the seeding's sums decides a centre: 8 200 rows of 64 coordinates, all near 0
 * (first coordinate ±2⁻¹⁸…2⁻¹⁹: D² ~2⁻³⁶, each lost when added to 2²⁰) but row 4 000 at +1024 and
 * row 4 100 at −1024 (D² ~2²⁰). With the first centre near 0 the candidates are those two rows. In
 * row order the tiny D² after the far row are lost, so row 4 100's potential (2²⁰ + the mass before
 * row 4 000) is below row 4 000's (2²⁰ + the mass before row 4 100): row 4 100 wins. Summed per run
 * of rows (0–4 095 and 4 096– on 2 workers) and added afterwards, row 4 100's potential gains the
 * whole second run's tiny mass and row 4 000 wins: the bytes show the order. (Only when the 4
 * candidates are not all the same row, 7 in 8 seeds: the test takes 4 model seeds.)
 */
function farPair() {
  const n = 8200;
  const d = 64;
  const u = random.uniform(n, { seed: SEED, stream: 2 });
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out[i * d] = (i % 2 ? 1 : -1) * 2 ** -18 * (0.5 + 0.5 * u[i]!);
  out[4000 * d] = 1024;
  out[4100 * d] = -1024;
  return { rows: n, cols: d, data: out };
}

type Data = ReturnType<typeof data>;
// [name, data, k, options, seeding threshold: 0 forces the workers, DEFAULT_MIN is the library's]
const CASES: [string, () => Data, number, Fit, number][] = [
  ['9 037 × 16, k 64, 3 restarts (forced onto the workers)', () => data(9037, 16, 9, 1), 64, { nInit: 3, maxIter: 4 }, 0],
  ['13 001 × 5, k 130 (forced)', () => data(13001, 5, 11, 2), 130, { maxIter: 3 }, 0],
  ['4 097 × 32, k 64: a last block of one row (forced)', () => data(4097, 32, 7, 3), 64, { maxIter: 3 }, 0],
  ['9 000 × 16, k 64, 3 distinct rows: after 3 centres every D² is 0 (forced)', () => data(9000, 16, 5, 4, 3), 64, { maxIter: 3 }, 0],
  ['40 000 × 16, k 16: on the workers by the default threshold', () => data(40000, 16, 6, 5), 16, { maxIter: 3 }, DEFAULT_MIN],
];

describe('k-means++ seeding on workers gives the bytes of the calling thread', () => {
  it.each(CASES)('%s', async (_name, X, k, opts, minWork) => {
    const x = X();
    seedWorkers.minWork = minWork;
    try {
      const m0 = await new KMeansEBM({ k, seed: SEED }).fit(x, opts);
      const want = kmeansFitHash(m0);
      m0.dispose();
      for (const [label, extra] of [['workers: 1', { workers: 1 }], ['2 workers', { pool: shared.pool2 }], ['3 workers', { pool: shared.pool3 }]] as const) {
        const count = 'pool' in extra ? countTask(extra.pool, (name) => name.startsWith('kmeansSeed')) : null;
        try {
          const m = await new KMeansEBM({ k, seed: SEED }).fit(x, { ...opts, ...extra });
          expect(kmeansFitHash(m), `${label} ${seedNote(SEED)}`).toBe(want);
          m.dispose();
        } finally {
          count?.undo();
        }
        // per centre after the first: distances, the chain's sums, a search
        if (count) expect(count.count, `${label}: seeding jobs on the workers`).toBeGreaterThanOrEqual((k - 1) * 2 * (opts.nInit ?? 1));
      }
    } finally {
      seedWorkers.minWork = DEFAULT_MIN;
    }
  });

  it('8 200 × 64, k 16: two far rows whose potentials the order of the sums decides (forced, 4 model seeds)', async () => {
    const x = farPair();
    seedWorkers.minWork = 0;
    try {
      for (let s = SEED; s < SEED + 4; s++) {
        const m0 = await new KMeansEBM({ k: 16, seed: s }).fit(x, { maxIter: 2 });
        const want = kmeansFitHash(m0);
        m0.dispose();
        for (const [label, extra] of [['workers: 1', { workers: 1 }], ['2 workers', { pool: shared.pool2 }], ['3 workers', { pool: shared.pool3 }]] as const) {
          const m = await new KMeansEBM({ k: 16, seed: s }).fit(x, { maxIter: 2, ...extra });
          expect(kmeansFitHash(m), `${label}, model seed ${s} ${seedNote(SEED)}`).toBe(want);
          m.dispose();
        }
      }
    } finally {
      seedWorkers.minWork = DEFAULT_MIN;
    }
  });

  it('below the threshold the seeding stays on the calling thread (the Lloyd passes still go to the workers)', async () => {
    // 9 037 × 16 × (2 + ⌊ln 64⌋ = 6) = 867 552 < 2²¹
    const x = data(9037, 16, 9, 6);
    const ref = await new KMeansEBM({ k: 64, seed: SEED }).fit(x, { maxIter: 3 });
    const count = countTask(shared.pool2, (name) => name.startsWith('kmeansSeed'));
    try {
      const m = await new KMeansEBM({ k: 64, seed: SEED }).fit(x, { maxIter: 3, pool: shared.pool2 });
      expect(kmeansFitHash(m)).toBe(kmeansFitHash(ref));
      m.dispose();
    } finally {
      count.undo();
    }
    expect(count.count).toBe(0);
    ref.dispose();
  });
});

describe('abort while seeding on workers', () => {
  it('rejects with ABORTED between centres, the model unchanged; the pool keeps working', async () => {
    const X = data(12000, 16, 9, 9);
    const k = 48;
    seedWorkers.minWork = 0;
    try {
      const m = await new KMeansEBM({ k, seed: SEED }).fit(data(500, 16, 4, 10), { maxIter: 3 });
      const before = kmeansFitHash(m);
      const ac = new AbortController();
      const p = shared.pool2 as unknown as { runAt: RunAt };
      const runAt = p.runAt;
      let rounds = 0;
      // the tenth round of distances aborts the fit (the seeding checks the signal after each centre)
      p.runAt = function (this: unknown, ...a: Parameters<RunAt>) {
        if (a[1] === 'kmeansSeedRows' && a[0] === 0 && ++rounds === 10) ac.abort(new Error('enough'));
        return runAt.apply(this, a);
      };
      let reports = 0;
      const err = await m.fit(X, { pool: shared.pool2, maxIter: 3, signal: ac.signal, onProgress: () => void reports++ }).then(() => null, (e: unknown) => e).finally(() => (p.runAt = runAt));
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('ABORTED');
      expect(reports, 'no Lloyd iteration was reported: it stopped in the seeding').toBe(0);
      expect(kmeansFitHash(m)).toBe(before);
      const ref = await new KMeansEBM({ k, seed: SEED }).fit(X, { maxIter: 3 });
      await m.fit(X, { pool: shared.pool2, maxIter: 3 });
      expect(kmeansFitHash(m), seedNote(SEED)).toBe(kmeansFitHash(ref));
      ref.dispose();
      m.dispose();
    } finally {
      seedWorkers.minWork = DEFAULT_MIN;
    }
  });
});

describe('a worker that dies while seeding', () => {
  it('fails the fit with WORKER_FAILED, the model unchanged; the next fit on the pool has the same bytes', async () => {
    const pool = await createPool({ workers: 2 });
    const X = data(12000, 16, 9, 7);
    const k = 48;
    seedWorkers.minWork = 0;
    try {
      const m = await new KMeansEBM({ k, seed: SEED }).fit(data(500, 16, 4, 8), { maxIter: 3 });
      const before = kmeansFitHash(m);
      // the fifth chained sum sent to worker 1 kills it instead
      const p = pool as unknown as { runAt: RunAt };
      const runAt = p.runAt.bind(pool);
      let sums = 0;
      p.runAt = (i, task, args, t, where) => (task === 'kmeansSeedSum' && i === 1 && ++sums === 5 ? runAt(i, 'die', null, [], where) : runAt(i, task, args, t, where));
      const err = await m.fit(X, { pool, maxIter: 3 }).then(() => null, (e: unknown) => e);
      p.runAt = runAt;
      expect(sums, 'the fit reached the fifth sum').toBe(5);
      expect(err).toBeInstanceOf(EbmError);
      expect((err as InstanceType<typeof EbmError>).code).toBe('WORKER_FAILED');
      expect((err as Error).message).toMatch(/KMeansEBM\.fit: a worker stopped/);
      expect(kmeansFitHash(m)).toBe(before);
      const ref = await new KMeansEBM({ k, seed: SEED }).fit(X, { maxIter: 3 });
      await m.fit(X, { pool, maxIter: 3 });
      expect(kmeansFitHash(m), seedNote(SEED)).toBe(kmeansFitHash(ref));
      ref.dispose();
      m.dispose();
    } finally {
      seedWorkers.minWork = DEFAULT_MIN;
      await pool.close();
    }
  });
});
