// KMeansEBM: the lecture's K-means energy, its fit, queries and the errors users meet.
import { describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { FileFormatError, KMeansEBM, load, random, type Matrix } from '../sdk/index.node.js';

await setup();

/** n points around the given centres with isotropic noise `sd`, from the library's own RNG. */
function blobs(centres: number[][], perCentre: number, sd: number, seed: number): Matrix {
  const d = centres[0]!.length;
  const n = centres.length * perCentre;
  const z = random.normal(n * d, { seed });
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[i % centres.length]!;
    for (let j = 0; j < d; j++) data[i * d + j] = c[j]! + sd * z[i * d + j]!;
  }
  return { rows: n, cols: d, data };
}

const SQUARE = [[0, 0], [4, 0], [0, 4], [4, 4]];

function sortedRows(m: Matrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < m.rows; i++) rows.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return rows.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
}

describe('KMeansEBM.fit', () => {
  it('finds well-separated clusters with Lloyd and reports inertia, iterations, converged', async () => {
    const seed = testSeed(11);
    const X = blobs(SQUARE, 100, 0.3, seed);
    const m = await new KMeansEBM({ k: 4, seed }).fit(X, { nInit: 3 });
    expect(m.converged, seedNote(seed)).toBe(true);
    expect(m.iterations).toBeGreaterThanOrEqual(1);
    const protos = sortedRows(m.prototypes);
    const expected = SQUARE.slice().sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    // each centre is the mean of 100 points with sd 0.3: standard error 0.03, so 0.15 is 5 standard errors
    for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) expect(Math.abs(protos[i]![j]! - expected[i]![j]!), seedNote(seed)).toBeLessThan(0.15);
    // inertia equals the sum of F∞ over the training rows (same distances, f64 sum vs f32 values)
    const e = m.energy(X);
    let sum = 0;
    for (const v of e) sum += v;
    expect(Math.abs(sum - m.inertia) / m.inertia).toBeLessThan(1e-6);
    expect(m.labels.length).toBe(X.rows);
  });

  it('never increases the inertia across Lloyd iterations', async () => {
    const seed = testSeed(5);
    const X = blobs([[0, 0, 0], [3, 0, 1], [0, 3, 2], [2, 2, 2], [5, 5, 0]], 80, 1.2, seed);
    const seen: number[] = [];
    await new KMeansEBM({ k: 7, seed }).fit(X, { maxIter: 100, tol: 0, onProgress: (p) => seen.push(p.inertia) });
    expect(seen.length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++) {
      // exact Lloyd never increases it; f32 centres and distances may wobble by round-off (~1e-7 relative)
      expect(seen[i]!, `iteration ${i + 1} ${seedNote(seed)}`).toBeLessThanOrEqual(seen[i - 1]! * (1 + 1e-6));
    }
  });

  it('online (minibatch gradient) training gets close to Lloyd on easy data', async () => {
    const seed = testSeed(3);
    const X = blobs(SQUARE, 150, 0.3, seed);
    const lloyd = await new KMeansEBM({ k: 4, seed }).fit(X);
    const online = await new KMeansEBM({ k: 4, seed }).fit(X, { algorithm: 'online', batchSize: 32, learningRate: 0.1, maxIter: 50 });
    expect(online.inertia / lloyd.inertia, seedNote(seed)).toBeLessThan(1.05);
    expect(online.inertia).toBeGreaterThanOrEqual(lloyd.inertia * (1 - 1e-6));
  });

  it('keeps the best of nInit restarts', async () => {
    const seed = testSeed(21);
    const X = blobs([[0, 0], [1, 0], [5, 5], [6, 5], [0, 6], [9, 1]], 30, 0.6, seed);
    const one = await new KMeansEBM({ k: 6, seed }).fit(X, { nInit: 1 });
    const many = await new KMeansEBM({ k: 6, seed }).fit(X, { nInit: 6 });
    // run 0 of nInit = 6 is the single run, so the best can only be as good or better
    expect(many.inertia, seedNote(seed)).toBeLessThanOrEqual(one.inertia);
  });

  it('re-seeds empty clusters instead of leaving NaN', async () => {
    const X = blobs([[0, 0], [5, 5]], 50, 0.5, 1);
    const init = { rows: 3, cols: 2, data: new Float32Array([0, 0, 5, 5, 1000, 1000]) };
    const m = await new KMeansEBM({ k: 3 }).fit(X, { init });
    const p = m.prototypes.data;
    expect(p.every(Number.isFinite)).toBe(true);
    expect(Math.max(...p)).toBeLessThan(20); // the far prototype moved into the data
    const counts = new Array<number>(3).fill(0);
    for (const z of m.labels) counts[z]!++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('copes with fewer distinct points than prototypes', async () => {
    const X = [[1, 1], [1, 1], [1, 1], [2, 2], [2, 2]];
    const m = await new KMeansEBM({ k: 4 }).fit(X);
    expect(m.prototypes.data.every(Number.isFinite)).toBe(true);
    expect(m.inertia).toBe(0);
  });

  it('is deterministic for a seed and independent of the row order (up to labels)', async () => {
    const seed = testSeed(8);
    const X = blobs([[0, 0], [6, 0], [0, 6], [6, 6], [3, 3]], 60, 0.4, seed);
    const a = await new KMeansEBM({ k: 5, seed }).fit(X, { nInit: 4 });
    const b = await new KMeansEBM({ k: 5, seed }).fit(X, { nInit: 4 });
    expect(Buffer.from(b.prototypes.data.buffer).equals(Buffer.from(a.prototypes.data.buffer))).toBe(true);
    // reversed rows: a different seeding path, the same well-separated optimum
    const rev = new Float32Array(X.data.length);
    for (let i = 0; i < X.rows; i++) rev.set(X.data.subarray(i * 2, i * 2 + 2), (X.rows - 1 - i) * 2);
    const c = await new KMeansEBM({ k: 5, seed }).fit({ rows: X.rows, cols: 2, data: rev }, { nInit: 4 });
    const pa = sortedRows(a.prototypes);
    const pc = sortedRows(c.prototypes);
    // the same clusters' means summed in another order: equal up to f64→f32 rounding
    for (let i = 0; i < 5; i++) for (let j = 0; j < 2; j++) expect(pc[i]![j]!, seedNote(seed)).toBeCloseTo(pa[i]![j]!, 5);
    expect(Math.abs(c.inertia - a.inertia) / a.inertia).toBeLessThan(1e-6);
  });

  it('assigns exactly for data far from the origin (d ≥ 8 uses the expanded distance form)', async () => {
    // 200 + U[0,1) in 8-D: ||x||² ≈ 3e5 while distances are ≈ 1, so the f32 form
    // ||x||² + ||c||² − 2x·c alone picked the wrong centre for ~3% of rows
    const seed = testSeed(17);
    const u = random.uniform(301 * 8, { seed });
    const X = { rows: 301, cols: 8, data: u.map((v) => 200 + v) };
    const m = await new KMeansEBM({ k: 20, seed }).fit(X);
    expect(Array.from(m.labels), seedNote(seed)).toEqual(Array.from(m.infer(X)));
    let sum = 0;
    for (const v of m.energy(X)) sum += v;
    // the same distances summed in another coordinate order: f32 rounding, ≲ 1e-6 relative
    expect(Math.abs(sum - m.inertia) / sum, seedNote(seed)).toBeLessThan(1e-6);
  });

  it('accepts number[][] and Matrix alike', async () => {
    const rows = [[0, 0], [0, 1], [5, 5], [5, 6]];
    const a = await new KMeansEBM({ k: 2 }).fit(rows);
    const b = await new KMeansEBM({ k: 2 }).fit({ rows: 4, cols: 2, data: new Float32Array(rows.flat()) });
    expect(Array.from(b.prototypes.data)).toEqual(Array.from(a.prototypes.data));
  });
});

describe('KMeansEBM energies (lecture: F∞ = min_z E, F_β = −(1/β) log (1/k) Σ_z exp(−βE))', () => {
  const Xfit = blobs(SQUARE, 50, 0.5, 2);
  const Y = blobs([[2, 2], [-1, 5], [4, 0]], 40, 1.5, 99);

  it('orders F∞ ≤ F_β ≤ mean_z E and F_β → F∞ as β grows', async () => {
    const m = await new KMeansEBM({ k: 4, seed: 1 }).fit(Xfit);
    const fInf = m.energy(Y);
    const P = m.prototypes;
    for (const beta of [0.01, 0.3, 1, 10, 1e4]) {
      const fb = m.freeEnergy(Y, { beta });
      for (let i = 0; i < Y.rows; i++) {
        let mean = 0;
        for (let z = 0; z < 4; z++) {
          let e = 0;
          for (let j = 0; j < 2; j++) e += (Y.data[i * 2 + j]! - P.data[z * 2 + j]!) ** 2;
          mean += e / 4;
        }
        expect(fb[i]!).toBeGreaterThanOrEqual(fInf[i]!);
        // Jensen's bound, up to f32 rounding of the stored energies (relative 1e-6)
        expect(fb[i]!).toBeLessThanOrEqual(mean * (1 + 1e-6) + 1e-6);
        // exact bound F_β − F∞ ≤ log(k)/β, plus f32 rounding of F_β
        expect(fb[i]! - fInf[i]!).toBeLessThanOrEqual(Math.log(4) / beta + 1e-6 * Math.max(1, fb[i]!));
      }
    }
  });

  it('F_β matches a direct f64 evaluation and is stable for huge β·E', async () => {
    const m = await new KMeansEBM({ k: 4, seed: 1 }).fit(Xfit);
    const P = m.prototypes;
    const far = [[1e3, -1e3], [0.5, 0.25]];
    for (const beta of [0.5, 50, 1e6]) {
      const fb = m.freeEnergy(far, { beta });
      far.forEach((y, i) => {
        const es = [0, 1, 2, 3].map((z) => (y[0]! - P.data[2 * z]!) ** 2 + (y[1]! - P.data[2 * z + 1]!) ** 2);
        const mn = Math.min(...es);
        const ref = mn - Math.log(es.reduce((s, e) => s + Math.exp(-beta * (e - mn)), 0) / 4) / beta;
        expect(Number.isFinite(fb[i]!)).toBe(true);
        // f32 output: relative 2^-23, plus f32 distance rounding
        expect(Math.abs(fb[i]! - ref)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(ref)));
      });
    }
  });

  it('infer, project and complete use the winning prototype', async () => {
    const m = await new KMeansEBM({ k: 4, seed: 1 }).fit(Xfit);
    const P = m.prototypes;
    const z = m.infer(Y);
    const proj = m.project(Y);
    const e = m.energy(Y);
    for (let i = 0; i < Y.rows; i++) {
      const w = z[i]!;
      expect(Array.from(proj.data.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(P.data.subarray(2 * w, 2 * w + 2)));
      const d2 = Math.fround(Math.fround((Y.data[2 * i]! - P.data[2 * w]!) ** 2) + Math.fround((Y.data[2 * i + 1]! - P.data[2 * w + 1]!) ** 2));
      expect(e[i]!).toBeCloseTo(d2, 4);
    }
    // given y1 ≈ 4, the closest prototypes in y1 are the right-hand ones; y2 comes from the winner
    const c = m.complete([[4.1, Number.NaN], [0.2, 123]], [true, false]);
    expect(c.data[0]).toBeCloseTo(4.1, 6);
    expect(Math.abs(c.data[1]! - 0) < 1 || Math.abs(c.data[1]! - 4) < 1).toBe(true);
    expect(Math.abs(c.data[2]! - 0.2)).toBeLessThan(1e-6);
    expect(c.data[3]).not.toBe(123);
  });

  it('energyGrid equals energy() at the grid points, with and without β', async () => {
    const m = await new KMeansEBM({ k: 4, seed: 1 }).fit(Xfit);
    const g = m.energyGrid({ xMin: -2, xMax: 6, yMin: -1, yMax: 5, nx: 9, ny: 7 });
    expect(g.values.length).toBe(63);
    expect(g.xs[0]).toBe(-2);
    expect(g.xs[8]).toBe(6);
    expect(g.ys[6]).toBe(5);
    const pts: number[][] = [];
    for (let j = 0; j < 7; j++) for (let i = 0; i < 9; i++) pts.push([g.xs[i]!, g.ys[j]!]);
    expect(Array.from(g.values)).toEqual(Array.from(m.energy(pts)));
    const gb = m.energyGrid({ xMin: -2, xMax: 6, yMin: -1, yMax: 5, nx: 9, ny: 7, beta: 0.7 });
    expect(Array.from(gb.values)).toEqual(Array.from(m.freeEnergy(pts, { beta: 0.7 })));
  });
});

describe('KMeansEBM errors', () => {
  const X = [[0, 0], [1, 1], [2, 2], [3, 3]];

  it('rejects bad k and seed at construction', () => {
    expectThrows(() => new KMeansEBM({ k: 0 }), 'INVALID_ARGUMENT', /k must be an integer in \[1, 1048576\], got number 0/);
    expectThrows(() => new KMeansEBM({ k: 2.5 }), 'INVALID_ARGUMENT', /k must be .* got number 2.5/);
    expectThrows(() => new KMeansEBM({ k: '3' as unknown as number }), 'INVALID_ARGUMENT', /k must be .* got the string "3"/);
    expectThrows(() => new KMeansEBM({ k: 2, seed: -1 }), 'INVALID_ARGUMENT', /seed/);
    expectThrows(() => new KMeansEBM({ k: 2, kk: 1 } as unknown as { k: number }), 'INVALID_ARGUMENT', /unknown option 'kk'/);
  });

  it('rejects bad data and options in fit, and leaves the model unchanged', async () => {
    const m = await new KMeansEBM({ k: 2, seed: 4 }).fit(X);
    const before = m.prototypes.data.slice();
    await expectRejects(m.fit([[0, 0], [1, Number.NaN]]), 'NOT_FINITE', /KMeansEBM\.fit: X\[1\]\[1\] is NaN/);
    await expectRejects(m.fit([[0, 0], [1, Infinity]]), 'NOT_FINITE', /X\[1\]\[1\] is Infinity/);
    await expectRejects(m.fit([]), 'SHAPE', /X has shape 0×0/);
    await expectRejects(m.fit([[1, 2], [3]]), 'SHAPE', /X\[1\] has 1 values, expected 2/);
    await expectRejects(m.fit([[1, 2]]), 'INVALID_ARGUMENT', /k = 2 exceeds the 1 rows of X/);
    await expectRejects(m.fit(X, { algorithm: 'elkan' as 'lloyd' }), 'INVALID_ARGUMENT', /algorithm must be one of 'lloyd', 'online', got the string "elkan"/);
    await expectRejects(m.fit(X, { maxIter: 0 }), 'INVALID_ARGUMENT', /maxIter must be an integer ≥ 1/);
    await expectRejects(m.fit(X, { tol: -1 }), 'INVALID_ARGUMENT', /tol must be ≥ 0, got -1/);
    await expectRejects(m.fit(X, { learningRate: 0 }), 'INVALID_ARGUMENT', /learningRate must be > 0/);
    await expectRejects(m.fit(X, { init: [[0, 0, 0], [1, 1, 1]] }), 'SHAPE', /init has shape 2×3, expected k×d = 2×2/);
    await expectRejects(m.fit(X, { init: 'random' as 'k-means++' }), 'INVALID_ARGUMENT', /init must be one of 'k-means\+\+'/);
    await expectRejects(m.fit({ rows: 2, cols: 2, data: new Float32Array(3) }), 'SHAPE', /data has 3 values, expected rows·cols = 2·2 = 4/);
    expect(Array.from(m.prototypes.data)).toEqual(Array.from(before));
  });

  it('rejects queries with the wrong shape, bad beta or mask, and before fit', async () => {
    const fresh = new KMeansEBM({ k: 2 });
    expectThrows(() => fresh.energy([[0, 0]]), 'NOT_FITTED', /not fitted yet; call `await model\.fit\(X\)` first/);
    expectThrows(() => fresh.prototypes, 'NOT_FITTED', /prototypes/);
    const m = await new KMeansEBM({ k: 2 }).fit(X);
    expectThrows(() => m.energy([[0, 0, 0]]), 'SHAPE', /KMeansEBM\.energy: Y has 3 columns, model expects 2/);
    expectThrows(() => m.infer([[0, Number.NaN]]), 'NOT_FINITE', /KMeansEBM\.infer: Y\[0\]\[1\] is NaN/);
    expectThrows(() => m.freeEnergy(X, { beta: 0 }), 'INVALID_ARGUMENT', /beta must be > 0, got 0/);
    expectThrows(() => m.freeEnergy(X, { beta: -2 }), 'INVALID_ARGUMENT', /beta must be > 0, got -2/);
    expectThrows(() => m.freeEnergy(X, { beta: Number.NaN }), 'INVALID_ARGUMENT', /beta must be a number/);
    expectThrows(() => m.complete(X, [true]), 'SHAPE', /known has length 1, expected 2/);
    expectThrows(() => m.complete(X, [false, false]), 'INVALID_ARGUMENT', /no coordinate as known/);
    expectThrows(() => m.complete([[Number.NaN, 1]], [true, false]), 'NOT_FINITE', /Y\[0\]\[0\] is NaN at a known coordinate/);
    expectThrows(() => m.energyGrid({ xMin: 1, xMax: 0, yMin: 0, yMax: 1, nx: 3, ny: 3 }), 'INVALID_ARGUMENT', /xMax \(0\) must be greater than xMin \(1\)/);
    expectThrows(() => m.energyGrid({ xMin: 0, xMax: 1, yMin: 0, yMax: 1, nx: 1, ny: 3 }), 'INVALID_ARGUMENT', /nx must be an integer in \[2, 16384\]/);
  });

  it('honours an AbortSignal and leaves the model as it was', async () => {
    const Xb = blobs(SQUARE, 200, 1.5, 7);
    const m = await new KMeansEBM({ k: 3, seed: 1 }).fit(Xb);
    const before = m.prototypes.data.slice();
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expectRejects(m.fit(Xb, { signal: ac.signal }), 'ABORTED', /aborted \(user cancelled\); the model is unchanged/);
    // abort during the fit: the pacer checks the signal between iterations
    const ac2 = new AbortController();
    await expectRejects(
      m.fit(Xb, { nInit: 50, tol: 0, signal: ac2.signal, onProgress: (p) => { if (p.run === 2) ac2.abort(); } }),
      'ABORTED',
      /aborted/,
    );
    expect(Array.from(m.prototypes.data)).toEqual(Array.from(before));
  });

  it('throws DISPOSED after dispose, and dispose is idempotent', async () => {
    const m = await new KMeansEBM({ k: 2 }).fit(X);
    m.dispose();
    m.dispose();
    expectThrows(() => m.energy(X), 'DISPOSED', /disposed/);
    await expectRejects(m.fit(X), 'DISPOSED', /disposed/);
    {
      using u = await new KMeansEBM({ k: 2 }).fit(X);
      expect(u.isFitted).toBe(true);
    }
  });
});

describe('KMeansEBM files', () => {
  it('round-trip through toBytes / load with the same bits, and damaged files fail with FileFormatError', async () => {
    const X = blobs(SQUARE, 40, 0.4, 6);
    const m = await new KMeansEBM({ k: 4, seed: 2 }).fit(X, { nInit: 2 });
    const bytes = m.toBytes();
    const a = load(bytes) as KMeansEBM;
    const b = KMeansEBM.fromBytes(bytes);
    for (const r of [a, b]) {
      expect(r).toBeInstanceOf(KMeansEBM);
      expect([r.k, r.seed, r.dim, r.inertia, r.iterations, r.converged]).toEqual([4, 2, 2, m.inertia, m.iterations, m.converged]);
      expect(Array.from(r.labels)).toEqual(Array.from(m.labels));
      expect(Array.from(r.freeEnergy(X, { beta: 3 }))).toEqual(Array.from(m.freeEnergy(X, { beta: 3 })));
    }
    const damaged = bytes.slice();
    damaged[30]! ^= 1;
    expect(() => load(damaged)).toThrow(FileFormatError);
    expect(() => KMeansEBM.fromBytes(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
    expect(() => new KMeansEBM({ k: 2 }).toBytes()).toThrow(/not fitted yet/);
  });
});
