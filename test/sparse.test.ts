// SparseCoding's contract: typed errors that name the argument and leave the
// model unchanged, the Energy view (∇F∞ = y − Wᵀz* against finite differences,
// samplers run on it in WASM), completion of masked coordinates, dead atoms,
// aborts, determinism and model files.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { datasets, load, samplers, SparseCoding, type Matrix } from '../sdk/index.node.js';
import { readFile, writeFile } from '../sdk/io/format.js';
import { memoryBytes } from '../sdk/runtime/core.js';

const SEED = testSeed(20251130);
let X: Matrix; // the digits scaled to [0, 1]
let small: Matrix; // 300 of them: quick fits

beforeAll(async () => {
  await setup();
  const d = await datasets.digits();
  X = { rows: d.X.rows, cols: d.X.cols, data: d.X.data.map((v) => v / 16) };
  small = { rows: 300, cols: 64, data: X.data.slice(0, 300 * 64) };
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

async function fitted(seed = SEED, options: Parameters<SparseCoding['fit']>[1] = {}): Promise<SparseCoding> {
  return new SparseCoding({ nAtoms: 16, lambda: 0.5, seed }).fit(small, { epochs: 5, ...options });
}

describe('arguments', () => {
  it('the constructor checks nAtoms, lambda and its options', () => {
    expectThrows(() => new SparseCoding({ nAtoms: 0, lambda: 1 }), 'INVALID_ARGUMENT', /new SparseCoding: nAtoms must be an integer in \[1, /);
    expectThrows(() => new SparseCoding({ nAtoms: 4, lambda: -0.1 }), 'INVALID_ARGUMENT', /new SparseCoding: lambda must be ≥ 0, got -0.1/);
    expectThrows(() => new SparseCoding({ nAtoms: 4, lambda: NaN }), 'INVALID_ARGUMENT', /lambda must be a number, got number NaN/);
    // a missing required option reads "got undefined" (not "got undefined undefined")
    expectThrows(() => new SparseCoding({ nAtoms: 4 } as never), 'INVALID_ARGUMENT', /new SparseCoding: lambda must be a number, got undefined$/);
    expectThrows(() => new SparseCoding({ nAtoms: 4, lambda: Infinity }), 'NOT_FINITE', /lambda must be finite/);
    expectThrows(() => new SparseCoding({ nAtoms: 4, lambda: 1, k: 3 } as never), 'INVALID_ARGUMENT', /unknown option 'k'/);
    expectThrows(() => new SparseCoding(undefined as never), 'INVALID_ARGUMENT', /options \{ nAtoms, lambda \} are required/);
  });

  it('an unfitted model refuses queries; a disposed one says so', () => {
    const m = new SparseCoding({ nAtoms: 4, lambda: 1 });
    expectThrows(() => m.energy([[0, 1]]), 'NOT_FITTED', /SparseCoding.energy: this SparseCoding has no atoms yet/);
    expectThrows(() => m.encode([[0, 1]]), 'NOT_FITTED', /SparseCoding.encode/);
    expectThrows(() => m.toBytes(), 'NOT_FITTED', /SparseCoding.toBytes/);
    m.dispose();
    expectThrows(() => m.encode([[0, 1]]), 'DISPOSED', /SparseCoding.encode: this SparseCoding was disposed/);
  });

  it('bad data and options name the argument, and leave a fitted model as it was', async () => {
    using m = await fitted();
    const before = m.toBytes();
    const bad = Float32Array.from(small.data);
    bad[5 * 64 + 3] = NaN;
    await expectRejects(m.fit({ rows: 300, cols: 64, data: bad }), 'NOT_FINITE', /SparseCoding.fit: X\[5\]\[3\] is NaN/);
    await expectRejects(m.fit(small, { init: [[1, 2]] }), 'SHAPE', /options.init has shape 1×2, expected nAtoms×d = 16×64/);
    const zeroAtom = { rows: 16, cols: 64, data: new Float32Array(16 * 64).fill(1) };
    zeroAtom.data.fill(0, 3 * 64, 4 * 64);
    await expectRejects(m.fit(small, { init: zeroAtom }), 'INVALID_ARGUMENT', /options.init\[3\] has squared norm 0/);
    await expectRejects(m.fit(small, { method: 'sgd' as never }), 'INVALID_ARGUMENT', /options.method must be one of 'alternating', 'online'/);
    await expectRejects(m.fit(small, { epochs: 0 }), 'INVALID_ARGUMENT', /options.epochs must be an integer in \[1, /);
    await expectRejects(new SparseCoding({ nAtoms: 400, lambda: 1 }).fit(small), 'INVALID_ARGUMENT', /nAtoms = 400 exceeds the 300 rows of X/);
    expectThrows(() => m.encode([[1, 2]]), 'SHAPE', /SparseCoding.encode: Y has 2 columns, model expects 64/);
    expectThrows(() => m.encode([[...new Array(63).fill(0), Infinity]]), 'NOT_FINITE', /SparseCoding.encode: Y\[0\]\[63\] is Infinity/);
    expectThrows(() => m.encode(small, { algorithm: 'lars' as never }), 'INVALID_ARGUMENT', /options.algorithm must be one of 'cd', 'fista', 'ista'/);
    expectThrows(() => m.encode(small, { maxIter: 0 }), 'INVALID_ARGUMENT', /options.maxIter must be an integer in \[1, /);
    expectThrows(() => m.encode(small, { tol: -1 }), 'INVALID_ARGUMENT', /options.tol must be ≥ 0/);
    expectThrows(() => m.complete(small, [true]), 'SHAPE', /known has length 1, expected 64/);
    expectThrows(() => m.complete(small, new Array(64).fill(false)), 'INVALID_ARGUMENT', /known marks no coordinate as known/);
    expectThrows(() => m.complete(small, new Array(64).fill('yes')), 'INVALID_ARGUMENT', /known\[0\] must be a boolean/);
    expectThrows(() => SparseCoding.fromAtoms([[0, 0]], { lambda: 1 }), 'INVALID_ARGUMENT', /atoms\[0\] has squared norm 0/);
    expect(sameBytes(m.toBytes(), before)).toBe(true);
  });

  it('sizes that cannot fit WASM memory are refused before any allocation, the model unchanged', async () => {
    // 16 384 atoms: the statistics A (nAtoms² f64) alone would be 2 GiB
    const m = new SparseCoding({ nAtoms: 16384, lambda: 1 });
    const init = { rows: 16384, cols: 1, data: new Float32Array(16384).fill(1) };
    await expectRejects(m.fit([[1]], { init }), 'OUT_OF_MEMORY', /SparseCoding.fit: the statistics A would need 2147483648 bytes/);
    expect(m.isFitted).toBe(false);
    m.dispose();
  });
});

describe('the Energy view', () => {
  it('grad(Y) = y − reconstruct(y) bit for bit, and agrees with f64 finite differences of energy', async () => {
    using m = SparseCoding.fromAtoms((await fitted()).atoms, { lambda: 0.5, tol: 0 });
    const Y = { rows: 8, cols: 64, data: X.data.slice(1000 * 64, 1008 * 64) };
    const G = m.grad(Y);
    const R = m.reconstruct(Y);
    for (let t = 0; t < G.data.length; t++) expect(G.data[t]).toBe(Math.fround(Y.data[t]! - R.data[t]!));
    // central differences, h = 1e-2: F∞ is piecewise quadratic (curvature ≤ 1), so the truncation error is
    // O(h²) = 1e-4 away from a change of support; f32 energies (~5, ulp 5e-7) add 5e-7/h = 5e-5
    const h = 1e-2;
    for (let i = 0; i < 4; i++) {
      for (const t of [20, 27, 36, 43]) {
        const plus = Float32Array.from(Y.data.subarray(i * 64, i * 64 + 64));
        const minus = Float32Array.from(plus);
        plus[t] = plus[t]! + h;
        minus[t] = minus[t]! - h;
        const [ep, em] = m.energy({ rows: 2, cols: 64, data: Float32Array.of(...plus, ...minus) });
        const fd = (ep! - em!) / (Math.fround(Y.data[i * 64 + t]! + h) - Math.fround(Y.data[i * 64 + t]! - h));
        expect(Math.abs(fd - G.data[i * 64 + t]!), `row ${i}, coordinate ${t}`).toBeLessThan(2e-3);
      }
    }
  });

  it('samplers evaluate it in WASM: MALA on exp(−F∞) of a 2-D dictionary', async () => {
    using m = SparseCoding.fromAtoms([[1, 0], [0.6, 0.8], [0, 1]], { lambda: 0.3 });
    const s = samplers.mala(m, { chains: 16, seed: SEED, stepSize: 0.5 });
    const r = await s.run({ warmup: 100, draws: 300 });
    s.dispose();
    expect(r.nonFinite).toBe(0);
    const accept = r.acceptRate.reduce((a, b) => a + b, 0) / r.acceptRate.length;
    expect(accept, seedNote(SEED)).toBeGreaterThan(0.3);
    const E = m.energy({ rows: 1, cols: 2, data: r.samples.data.slice(0, 2) });
    expect(Number.isFinite(E[0]!)).toBe(true);
  });
});

describe('λ = 0', () => {
  it('is least squares: the residual is orthogonal to every atom, and coding stops (no useful duality gap)', () => {
    using m = SparseCoding.fromAtoms([[1, 0, 0, 0, 1], [0, 1, 1, 0, 0], [1, 1, 0, 1, 0]], { lambda: 0 });
    const Y = [[0.3, -1, 2, 0.5, 1], [4, 0, 0, 1, -2]];
    for (const algorithm of ['cd', 'fista'] as const) {
      const R = m.reconstruct(Y, { algorithm, maxIter: 100_000 });
      const A = m.atoms;
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 3; j++) {
          let dot = 0;
          for (let t = 0; t < 5; t++) dot += A.data[j * 5 + t]! * (Y[i]![t]! - R.data[i * 5 + t]!);
          // f32 codes and residuals of O(1) values: 1e-5 is a few hundred ulps of the summed terms
          expect(Math.abs(dot), `${algorithm}, row ${i}, atom ${j}`).toBeLessThan(1e-5);
        }
      }
    }
  });
});

describe('complete', () => {
  it('keeps known coordinates, ignores unknown ones (even NaN) and predicts them better than the column means', async () => {
    using m = await new SparseCoding({ nAtoms: 32, lambda: 0.1, seed: SEED }).fit(X, { epochs: 10 });
    const test = { rows: 200, cols: 64, data: X.data.slice(1500 * 64, 1700 * 64) };
    const known = Array.from({ length: 64 }, (_, t) => t < 40); // the top five image rows
    const Y = Float32Array.from(test.data);
    for (let i = 0; i < 200; i++) for (let t = 40; t < 64; t++) Y[i * 64 + t] = NaN;
    const out = m.complete({ rows: 200, cols: 64, data: Y }, known);
    let errModel = 0;
    let errMean = 0;
    for (let t = 40; t < 64; t++) {
      let mean = 0;
      for (let i = 0; i < 1500; i++) mean += X.data[i * 64 + t]!;
      mean /= 1500;
      for (let i = 0; i < 200; i++) {
        errModel += (out.data[i * 64 + t]! - test.data[i * 64 + t]!) ** 2;
        errMean += (mean - test.data[i * 64 + t]!) ** 2;
      }
    }
    for (let i = 0; i < 200; i++) for (let t = 0; t < 40; t++) expect(out.data[i * 64 + t]).toBe(test.data[i * 64 + t]);
    expect(errModel, `${seedNote(SEED)}`).toBeLessThan(0.8 * errMean);
  }, 30_000);
});

describe('fit', () => {
  it('reports the objective per epoch, 1-based, and keeps it as history', async () => {
    const seen: number[] = [];
    using m = await fitted(SEED, { onProgress: (p) => seen.push(p.epoch) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(m.history.length).toBe(5);
    expect(m.dim).toBe(64);
    const A = m.atoms;
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let t = 0; t < 64; t++) s += A.data[j * 64 + t]! ** 2;
      expect(Math.abs(Math.sqrt(s) - 1), `atom ${j}`).toBeLessThan(1e-6);
    }
  });

  it('re-seeds dead atoms from badly reconstructed rows: an atom on an always-zero pixel is replaced', async () => {
    // pixel 0 of every digit is 0, so the atom e_0 can never be used (A_jj = 0)
    const init = { rows: 16, cols: 64, data: Float32Array.from(small.data.subarray(0, 16 * 64)) };
    init.data.fill(0, 0, 64);
    init.data[0] = 1;
    const reseeded: number[] = [];
    using m = await new SparseCoding({ nAtoms: 16, lambda: 0.5 }).fit(small, { init, epochs: 2, onProgress: (p) => reseeded.push(p.reseeded) });
    expect(reseeded[0]).toBeGreaterThanOrEqual(1);
    const A = m.atoms;
    expect(A.data[0]).toBe(0); // the re-seeded atom is a data row: pixel 0 is 0 there
    expect(A.data.every(Number.isFinite)).toBe(true);
  });

  it('a λ so large that every code is zero leaves finite unit-norm atoms, never zero or NaN', async () => {
    for (const method of ['alternating', 'online'] as const) {
      using m = await new SparseCoding({ nAtoms: 8, lambda: 1e6, seed: SEED }).fit(small, { method, epochs: 2, batchSize: 64 });
      const A = m.atoms;
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let t = 0; t < 64; t++) s += A.data[j * 64 + t]! ** 2;
        expect(Math.abs(Math.sqrt(s) - 1), `${method}, atom ${j}`).toBeLessThan(1e-6);
      }
    }
  });

  it('an aborted or refused fit leaves the model unchanged; a second fit while busy is BUSY', async () => {
    using m = await fitted();
    const before = m.toBytes();
    const ac = new AbortController();
    await expectRejects(m.fit(small, { epochs: 50, signal: ac.signal, onProgress: (p) => p.epoch === 2 && ac.abort() }), 'ABORTED', /the model is unchanged/);
    expect(sameBytes(m.toBytes(), before)).toBe(true);
    const first = m.fit(small, { epochs: 2 });
    await expectRejects(m.fit(small), 'BUSY', /SparseCoding.fit: this SparseCoding is busy/);
    await first;
    const fresh = new SparseCoding({ nAtoms: 4, lambda: 1 });
    const ac2 = new AbortController();
    ac2.abort();
    await expectRejects(fresh.fit(small, { signal: ac2.signal }), 'ABORTED', /the model is unchanged/);
    expect(fresh.isFitted).toBe(false);
    fresh.dispose();
  });

  it('same seed ⇒ same bytes (alternating and online, with or without callbacks); another seed differs', async () => {
    for (const method of ['alternating', 'online'] as const) {
      using a = await fitted(SEED, { method, batchSize: 64 });
      using b = await fitted(SEED, { method, batchSize: 64, onProgress: () => {}, signal: new AbortController().signal });
      using c = await fitted(SEED + 1, { method, batchSize: 64 });
      expect(sameBytes(a.toBytes(), b.toBytes()), `${method} ${seedNote(SEED)}`).toBe(true);
      expect(sameBytes(a.toBytes(), c.toBytes())).toBe(false);
    }
  });
});

describe('files', () => {
  it('a saved model loads (load, fromBytes) and gives the same bytes and the same energies', async () => {
    using m = await fitted(SEED, { method: 'online', batchSize: 50 });
    const bytes = m.toBytes();
    using a = load(bytes) as SparseCoding;
    using b = load(bytes, SparseCoding);
    expect(a).toBeInstanceOf(SparseCoding);
    expect(sameBytes(a.toBytes(), bytes) && sameBytes(b.toBytes(), bytes)).toBe(true);
    expect(Array.from(a.energy(small))).toEqual(Array.from(m.energy(small)));
    expect(Array.from(a.history)).toEqual(Array.from(m.history));
    expect(a.objective).toBe(m.objective);
    using g = SparseCoding.fromAtoms([[3, 4]], { lambda: 0.25 });
    using g2 = SparseCoding.fromBytes(g.toBytes());
    expect(Array.from(g2.atoms.data)).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(g2.objective).toBe(null);
  });

  it('files are validated by meaning: atoms of non-unit norm, counts that disagree, a wrong kind', async () => {
    using m = await fitted();
    const file = readFile(m.toBytes(), 'test');
    const atoms = file.take(16 * 64, 'atoms');
    const history = file.take(10, 'history');
    const craft = (header: Record<string, unknown>, arrays: Float32Array[]) => writeFile({ ...file.header, ...header } as never, arrays);
    const scaled = atoms.map((v) => 2 * v);
    expectThrows(() => SparseCoding.fromBytes(craft({}, [scaled, history])), 'FILE_FORMAT', /atom 0 has norm (2\b|1\.9999)/);
    expectThrows(() => SparseCoding.fromBytes(craft({ nAtoms: 15 }, [atoms, history])), 'FILE_FORMAT', /payload values were not expected/);
    expectThrows(() => SparseCoding.fromBytes(craft({ lambda: -1 }, [atoms, history])), 'FILE_FORMAT', /does not describe a SparseCoding/);
    expectThrows(() => SparseCoding.fromBytes(craft({ method: 'given' }, [atoms, history])), 'FILE_FORMAT', /does not agree/);
    expectThrows(() => SparseCoding.fromBytes(craft({ kind: 'kmeans-ebm' }, [atoms, history])), 'FILE_FORMAT', /not a 'sparse-coding'/);
    const nan = Float32Array.from(atoms);
    nan[7] = NaN;
    expectThrows(() => SparseCoding.fromBytes(craft({}, [nan, history])), 'FILE_FORMAT', /not all finite/);
  });
});

describe('resources', () => {
  it('create/use/dispose cycles do not grow WASM memory (fromAtoms + energy + complete; small fits)', async () => {
    const atoms = [[1, 0, 0], [0.6, 0.8, 0], [0, 0.6, 0.8], [0, 0, 1]];
    const Y = [[0.3, 0.1, 0.2], [1, 1, 0]];
    const cycle = () => {
      const m = SparseCoding.fromAtoms(atoms, { lambda: 0.1 });
      m.energy(Y);
      m.grad(Y);
      m.complete(Y, [true, false, true]);
      m.dispose();
    };
    const fitCycle = async () => {
      const m = await new SparseCoding({ nAtoms: 2, lambda: 0.1 }).fit(Y.concat(Y), { epochs: 2 });
      load(m.toBytes()).dispose();
      m.dispose();
    };
    for (let i = 0; i < 200; i++) cycle();
    for (let i = 0; i < 20; i++) await fitCycle();
    const before = memoryBytes();
    for (let i = 0; i < 20_000; i++) cycle();
    for (let i = 0; i < 500; i++) await fitCycle();
    expect(memoryBytes()).toBe(before);
  }, 60_000);
});
