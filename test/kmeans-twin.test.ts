// The K-means kernels (assembly/train/kmeans.ts, assembly/energies/kmeans.ts)
// and KMeansEBM.fit against their pure-TS twins (bench/baselines/kmeans.ts):
// byte for byte, for dimensions on both sides of the dot-method threshold
// (d = 8) and odd row and cluster counts (partial SIMD blocks everywhere).
import { beforeAll, describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { KMeansEBM } from '../sdk/index.node.js';
import { heapF32, heapF64, heapI32, heapU32, heapU8, kernels } from '../sdk/runtime/core.js';
import { blockFromF32, WasmBlock, withBlocks } from '../sdk/runtime/memory.js';
import * as philox from '../bench/baselines/philox.js';
import * as twin from '../bench/baselines/kmeans.js';

beforeAll(setup);

const SEED = testSeed(1789);
const DIMS = [2, 3, 7, 8, 13, 64];
const SHAPES: [n: number, k: number][] = [[1, 1], [7, 3], [33, 5], [101, 9], [65, 17]];

type Data = 'blobs' | 'grid' | 'few' | 'far';

/**
 * Test data from the Philox twin: 'blobs' are Gaussian clusters; 'grid' rounds
 * them to multiples of 1/2 so distances tie and rows repeat; 'few' has only
 * three distinct rows, so k-means++ runs out of potential (every candidate is
 * then the last row) and Lloyd re-seeds; 'far' moves blobs to +200 in every
 * coordinate, where ||x||² + ||c||² − 2·x·c cancels badly and the dot method's
 * winner differs from the direct distance's.
 */
function makeData(n: number, d: number, kind: Data, salt: number): Float32Array {
  const rng = philox.rngInit(SEED >>> 0, salt, 0x5eed);
  const groups = 4;
  const centres = philox.rngUniform(groups * d, rng).map((u) => 10 * u - 5);
  const noise = philox.rngNormal(n * d, rng);
  const which = philox.rngU32(n, rng);
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const g = kind === 'few' ? i % 3 : which[i]! % groups;
    const offset = kind === 'far' ? 200 : 0;
    for (let t = 0; t < d; t++) {
      const v = offset + centres[g * d + t]! + (kind === 'few' ? 0 : 0.6 * noise[i * d + t]!);
      X[i * d + t] = kind === 'grid' ? Math.round(2 * v) / 2 : v;
    }
  }
  return X;
}

const bytes = (a: Float32Array | Float64Array | Int32Array | Uint32Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Byte equality, reporting the first differing element by value. */
function expectSameBytes(wasm: Float32Array | Float64Array | Int32Array | Uint32Array, mine: typeof wasm, what: string): void {
  expect(wasm.length, `${what}: length`).toBe(mine.length);
  const a = bytes(wasm);
  const b = bytes(mine);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const e = Math.floor(i / wasm.BYTES_PER_ELEMENT);
      throw new Error(`${what}[${e}]: wasm ${wasm[e]} twin ${mine[e]} ${seedNote(SEED)}`);
    }
  }
}

/** The WASM side of a scenario: one set of blocks, read back after every kernel call. */
class Wasm {
  readonly blocks: WasmBlock[] = [];
  readonly X: WasmBlock;
  readonly C: WasmBlock;
  readonly labels: WasmBlock;
  readonly mind: WasmBlock;
  readonly stats: WasmBlock;
  readonly rng: WasmBlock;
  readonly perm: WasmBlock;

  constructor(X: Float32Array, readonly n: number, readonly d: number, readonly k: number) {
    this.X = this.take(blockFromF32(X));
    this.C = this.take(new WasmBlock(Math.max(16, k * d * 4)));
    this.labels = this.take(new WasmBlock(Math.max(16, n * 4)));
    this.mind = this.take(new WasmBlock(Math.max(16, n * 4)));
    this.stats = this.take(new WasmBlock(32));
    this.rng = this.take(new WasmBlock(32));
    this.perm = this.take(new WasmBlock(Math.max(16, n * 4)));
  }
  private take(b: WasmBlock): WasmBlock {
    this.blocks.push(b);
    return b;
  }
  free(): void {
    for (const b of this.blocks) b.free();
  }
  setC(C: Float32Array): void {
    heapF32().set(C, this.C.ptr >>> 2);
  }
  setLabels(labels: Int32Array): void {
    heapI32().set(labels, this.labels.ptr >>> 2);
  }
  setRng(state: Uint32Array): void {
    heapU32().set(state, this.rng.ptr >>> 2);
  }
  setPerm(perm: Int32Array): void {
    heapI32().set(perm, this.perm.ptr >>> 2);
  }
  readC(): Float32Array {
    return heapF32().slice(this.C.ptr >>> 2, (this.C.ptr >>> 2) + this.k * this.d);
  }
  readLabels(): Int32Array {
    return heapI32().slice(this.labels.ptr >>> 2, (this.labels.ptr >>> 2) + this.n);
  }
  readMind(): Float32Array {
    return heapF32().slice(this.mind.ptr >>> 2, (this.mind.ptr >>> 2) + this.n);
  }
  readStats(): Float64Array {
    return heapF64().slice(this.stats.ptr >>> 3, (this.stats.ptr >>> 3) + 4);
  }
  readRng(): Uint32Array {
    return heapU32().slice(this.rng.ptr >>> 2, (this.rng.ptr >>> 2) + 8);
  }
  readPerm(): Int32Array {
    return heapI32().slice(this.perm.ptr >>> 2, (this.perm.ptr >>> 2) + this.n);
  }
}

function scenario<T>(X: Float32Array, n: number, d: number, k: number, fn: (w: Wasm) => T): T {
  const w = new Wasm(X, n, d, k);
  try {
    return fn(w);
  } finally {
    w.free();
  }
}

const trialsFor = (k: number): number => 2 + Math.floor(Math.log(k));

const cases: { d: number; n: number; k: number; kind: Data }[] = [];
for (const d of DIMS) {
  for (const [n, k] of SHAPES) cases.push({ d, n, k, kind: 'blobs' });
  cases.push({ d, n: 41, k: 7, kind: 'grid' });
  cases.push({ d, n: 9, k: 5, kind: 'few' });
  cases.push({ d, n: 33, k: 9, kind: 'far' });
}
const name = (c: (typeof cases)[number]): string => `d=${c.d} n=${c.n} k=${c.k} ${c.kind}`;

// how often the rarer branches ran, so the suite proves it covered them
const coverage = { reseededLloyd: 0, reseededOnline: 0 };

describe('kernels equal the twins byte for byte', () => {
  it.each(cases)('kmeansPlusPlus, kmeansAssign and kmeansLloydStep: $d-D, n=$n, k=$k, $kind', (c) => {
    const { n, d, k } = c;
    const X = makeData(n, d, c.kind, n * 100 + d);
    scenario(X, n, d, k, (w) => {
      const K = kernels();
      // k-means++ from (seed, stream 3)
      const state = philox.rngInit(SEED >>> 0, 1, 3);
      w.setRng(state);
      K.kmeansPlusPlus(w.C.ptr, w.X.ptr, n, d, k, trialsFor(k), w.rng.ptr);
      const C = twin.kmeansPlusPlus(X, n, d, k, trialsFor(k), state);
      expectSameBytes(w.readC(), C, `${name(c)} kmeansPlusPlus C`);
      expectSameBytes(w.readRng(), state, `${name(c)} kmeansPlusPlus rng state`);

      // assignment with labels that partly agree already (changes are counted)
      const labels = new Int32Array(n).map((_, i) => (i % 3 === 0 ? -1 : i % k));
      const mind = new Float32Array(n);
      w.setLabels(labels);
      const ret = K.kmeansAssign(w.X.ptr, n, d, w.C.ptr, k, w.labels.ptr, w.mind.ptr, w.stats.ptr);
      const s = twin.kmeansAssign(X, n, d, C, k, labels, mind);
      expectSameBytes(w.readLabels(), labels, `${name(c)} kmeansAssign labels`);
      expectSameBytes(w.readMind(), mind, `${name(c)} kmeansAssign mind`);
      expectSameBytes(w.readStats(), twin.statsArray(s), `${name(c)} kmeansAssign stats`);
      expect(Object.is(ret, s.inertia)).toBe(true);

      // Lloyd steps until nothing moves (at most 30)
      for (let it = 1; it <= 30; it++) {
        const r = K.kmeansLloydStep(w.C.ptr, w.X.ptr, n, d, k, w.labels.ptr, w.mind.ptr, w.stats.ptr);
        const t = twin.lloydStep(C, X, n, d, k, labels, mind);
        const at = `${name(c)} kmeansLloydStep ${it}`;
        expectSameBytes(w.readC(), C, `${at} C`);
        expectSameBytes(w.readLabels(), labels, `${at} labels`);
        expectSameBytes(w.readMind(), mind, `${at} mind`);
        expectSameBytes(w.readStats(), twin.statsArray(t), `${at} stats`);
        expect(Object.is(r, t.inertia)).toBe(true);
        coverage.reseededLloyd += t.reseeded;
        if (t.changed === 0 && t.reseeded === 0) break;
      }
    });
  });

  it.each(cases)('kmeansLloydStep re-seeds empty clusters: $d-D, n=$n, k=$k, $kind', (c) => {
    const { n, d, k } = c;
    const X = makeData(n, d, c.kind, n * 100 + d + 1);
    // centres 1..k-1 far from every row: they start empty and must be re-seeded
    const C = new Float32Array(k * d);
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) C[j * d + t] = j === 0 ? X[t]! : 1000 + 37 * j + t;
    scenario(X, n, d, k, (w) => {
      const labels = new Int32Array(n).fill(-1);
      const mind = new Float32Array(n);
      w.setC(C);
      w.setLabels(labels);
      for (let it = 1; it <= 4; it++) {
        const r = kernels().kmeansLloydStep(w.C.ptr, w.X.ptr, n, d, k, w.labels.ptr, w.mind.ptr, w.stats.ptr);
        const t = twin.lloydStep(C, X, n, d, k, labels, mind);
        const at = `${name(c)} re-seeding step ${it}`;
        expectSameBytes(w.readC(), C, `${at} C`);
        expectSameBytes(w.readLabels(), labels, `${at} labels`);
        expectSameBytes(w.readMind(), mind, `${at} mind`);
        expectSameBytes(w.readStats(), twin.statsArray(t), `${at} stats`);
        expect(Object.is(r, t.inertia)).toBe(true);
        coverage.reseededLloyd += t.reseeded;
      }
    });
  });

  it.each(cases)('kmeansOnlineEpoch (shuffle, batches, re-seeding): $d-D, n=$n, k=$k, $kind', (c) => {
    const { n, d, k } = c;
    const X = makeData(n, d, c.kind, n * 100 + d + 2);
    for (const [batchSize, lr] of [[1, 0.1], [7, 0.37], [n, 0.5]] as const) {
      scenario(X, n, d, k, (w) => {
        const K = kernels();
        const state = philox.rngInit(SEED >>> 0, 2, batchSize);
        w.setRng(state);
        K.kmeansPlusPlus(w.C.ptr, w.X.ptr, n, d, k, trialsFor(k), w.rng.ptr);
        const C = twin.kmeansPlusPlus(X, n, d, k, trialsFor(k), state);
        // one prototype far away, so an epoch can leave it without rows
        if (k > 1) for (let t = 0; t < d; t++) C[(k - 1) * d + t] = 500;
        w.setC(C);
        const labels = new Int32Array(n).fill(-1);
        const mind = new Float32Array(n);
        const perm = new Int32Array(n).map((_, i) => i);
        w.setLabels(labels);
        w.setPerm(perm);
        for (let epoch = 1; epoch <= 4; epoch++) {
          const r = K.kmeansOnlineEpoch(w.C.ptr, w.X.ptr, n, d, k, batchSize, lr, w.perm.ptr, w.rng.ptr, w.labels.ptr, w.mind.ptr, w.stats.ptr);
          const t = twin.onlineEpoch(C, X, n, d, k, batchSize, lr, perm, state, labels, mind);
          const at = `${name(c)} kmeansOnlineEpoch batch=${batchSize} lr=${lr} epoch ${epoch}`;
          expectSameBytes(w.readPerm(), perm, `${at} perm`);
          expectSameBytes(w.readRng(), state, `${at} rng state`);
          expectSameBytes(w.readC(), C, `${at} C`);
          expectSameBytes(w.readLabels(), labels, `${at} labels`);
          expectSameBytes(w.readMind(), mind, `${at} mind`);
          expectSameBytes(w.readStats(), twin.statsArray(t), `${at} stats`);
          expect(Object.is(r, t.inertia)).toBe(true);
          coverage.reseededOnline += t.reseeded;
        }
      });
    }
  });

  it('the rarer branches ran: re-seeding in Lloyd and online', () => {
    expect(coverage.reseededLloyd).toBeGreaterThan(0);
    expect(coverage.reseededOnline).toBeGreaterThan(0);
  });
});

describe('energy queries equal the twins', () => {
  it.each(cases)('kmeansEnergy, gatherRows, kmeansComplete (bytes), kmeansFreeEnergy (≤ 1 f32 ulp): $d-D, n=$n, k=$k, $kind', (c) => {
    const { n, d, k } = c;
    const C = makeData(k, d, c.kind, n * 100 + d + 4);
    const Y = makeData(n, d, 'blobs', n * 100 + d + 5);
    const mask = new Uint8Array(d).map((_, t) => (t % 3 === 1 ? 0 : 1));
    withBlocks((take) => {
      const K = kernels();
      const Yb = take(blockFromF32(Y));
      const Cb = take(blockFromF32(C));
      const energy = take(new WasmBlock(n * 4));
      const labels = take(new WasmBlock(n * 4));
      const free = take(new WasmBlock(n * 4));
      const gathered = take(new WasmBlock(n * d * 4));
      const completed = take(new WasmBlock(n * d * 4));
      const labels2 = take(new WasmBlock(n * 4));
      const maskB = take(new WasmBlock(Math.max(16, d)));
      heapU8().set(mask, maskB.ptr);

      K.kmeansEnergy(energy.ptr, labels.ptr, Yb.ptr, n, d, Cb.ptr, k);
      const e = twin.energy(Y, n, d, C, k);
      expectSameBytes(energy.f32(n).slice(), e.energy, `${name(c)} kmeansEnergy energy`);
      expectSameBytes(labels.i32(n).slice(), e.labels, `${name(c)} kmeansEnergy labels`);

      K.gatherRows(gathered.ptr, Cb.ptr, d, labels.ptr, n);
      expectSameBytes(gathered.f32(n * d).slice(), twin.gatherRows(C, d, e.labels, n), `${name(c)} gatherRows`);

      K.kmeansComplete(completed.ptr, labels2.ptr, Yb.ptr, n, d, Cb.ptr, k, maskB.ptr);
      const done = twin.complete(Y, n, d, C, k, mask);
      expectSameBytes(completed.f32(n * d).slice(), done.out, `${name(c)} kmeansComplete out`);
      expectSameBytes(labels2.i32(n).slice(), done.labels, `${name(c)} kmeansComplete labels`);

      // JS Math.exp/log vs AssemblyScript's musl port: last-bit f64 differences, at most one f32 ulp after rounding
      for (const beta of [0.01, 1, 37.5]) {
        K.kmeansFreeEnergy(free.ptr, Yb.ptr, n, d, Cb.ptr, k, beta);
        const wasm = free.f32(n).slice();
        const mine = twin.freeEnergy(Y, n, d, C, k, beta);
        for (let i = 0; i < n; i++) {
          const tol = 2 ** -23 * Math.abs(mine[i]!) + 1e-30;
          if (!(Math.abs(wasm[i]! - mine[i]!) <= tol)) {
            throw new Error(`${name(c)} kmeansFreeEnergy β=${beta} row ${i}: wasm ${wasm[i]} twin ${mine[i]} ${seedNote(SEED)}`);
          }
        }
      }
    });
  });

  it('gridPoints (f64 then f32: bytes)', () => {
    for (const [xMin, xMax, yMin, yMax, nx, ny] of [[-1, 1, -2, 3, 2, 2], [-3.3, 7.1, 0.1, 0.2, 17, 9]] as const) {
      withBlocks((take) => {
        const out = take(new WasmBlock(nx * ny * 8));
        kernels().gridPoints(out.ptr, xMin, xMax, yMin, yMax, nx, ny);
        expectSameBytes(out.f32(nx * ny * 2).slice(), twin.gridPoints(xMin, xMax, yMin, yMax, nx, ny), `gridPoints ${nx}×${ny}`);
      });
    }
  });
});

describe('KMeansEBM.fit equals the twin fitLloyd end to end', () => {
  const fits = cases.filter((c) => c.k <= c.n);
  it.each(fits)('k-means++, nInit 2: $d-D, n=$n, k=$k, $kind', async (c) => {
    const { n, d, k } = c;
    const X = { rows: n, cols: d, data: makeData(n, d, c.kind, n * 100 + d + 6) };
    const seed = SEED + k;
    const model = await new KMeansEBM({ k, seed }).fit(X, { nInit: 2 });
    const mine = twin.fitLloyd(X, k, { seed, nInit: 2 });
    try {
      expectSameBytes(model.prototypes.data, mine.prototypes.data, `${name(c)} prototypes`);
      expectSameBytes(model.labels, mine.labels, `${name(c)} labels`);
      expect(Object.is(model.inertia, mine.inertia), `${name(c)} inertia ${model.inertia} vs ${mine.inertia}`).toBe(true);
      expect(model.iterations).toBe(mine.iterations);
      expect(model.converged).toBe(mine.converged);
    } finally {
      model.dispose();
    }
  });

  // Above 4096 rows a Lloyd pass sums in fixed blocks of 4096 rows added in a fixed tree (the same on
  // any number of workers): the twin's blocks are its own level-by-level loop, the kernel's a stack (kmeansTreePush). Row
  // noise scaled by 10^-5 … 10 around k well-apart centres makes the f64 sums round, so the order
  // shows in the inertia of some iteration (the guard: the one-piece order gives other values).
  it.each([[3, 5], [13, 6]])('seven blocks of rows (6·4096 + 123), %i-D, k %i: the twin in blocks, not in one piece', async (d, k) => {
    const n = 6 * 4096 + 123; // 7 blocks: the tree has an odd one out at two levels
    const rng = philox.rngInit(SEED >>> 0, 4242 + d, 0x5eed);
    const z = philox.rngNormal(n * d, rng);
    const scale = philox.rngUniform(n, rng);
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) data[i * d + t] = Math.fround(10 * (i % k) + z[i * d + t]! * 10 ** (6 * scale[i]! - 5));
    const X = { rows: n, cols: d, data };
    const options = { nInit: 2, maxIter: 12, tol: 0 };
    const seen: { inertia: number; shift: number }[] = [];
    const model = await new KMeansEBM({ k, seed: SEED }).fit(X, { ...options, onProgress: (p) => seen.push({ inertia: p.inertia, shift: p.shift }) });
    const mine = twin.fitLloyd(X, k, { seed: SEED, ...options });
    try {
      expectSameBytes(model.prototypes.data, mine.prototypes.data, `${d}-D blocks: prototypes`);
      expectSameBytes(model.labels, mine.labels, `${d}-D blocks: labels`);
      expect(Object.is(model.inertia, mine.inertia), `inertia ${model.inertia} vs ${mine.inertia} ${seedNote(SEED)}`).toBe(true);
      expect(model.iterations).toBe(mine.iterations);
      expect(seen, `every iteration's inertia and shift ${seedNote(SEED)}`).toEqual(mine.history);
      const onePiece = twin.fitLloyd(X, k, { seed: SEED, ...options, block: Infinity });
      const differs = onePiece.history.length !== mine.history.length || onePiece.history.some((h, i) => !Object.is(h.inertia, mine.history[i]!.inertia));
      expect(differs, `the data must make the summation order visible ${seedNote(SEED)}`).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('a seed above 2^32 and a given init (one run, tol 0, maxIter 5)', async () => {
    const n = 51;
    const d = 8;
    const k = 5;
    const X = { rows: n, cols: d, data: makeData(n, d, 'blobs', 77) };
    const init = { rows: k, cols: d, data: X.data.slice(0, k * d) };
    for (const options of [{ init }, {}] as const) {
      const seed = 2 ** 40 + SEED;
      const model = await new KMeansEBM({ k, seed }).fit(X, { ...options, tol: 0, maxIter: 5, nInit: 'init' in options ? 1 : 3 });
      const mine = twin.fitLloyd(X, k, { seed, ...options, tol: 0, maxIter: 5, nInit: 'init' in options ? 1 : 3 });
      expectSameBytes(model.prototypes.data, mine.prototypes.data, 'prototypes');
      expectSameBytes(model.labels, mine.labels, 'labels');
      expect(Object.is(model.inertia, mine.inertia)).toBe(true);
      expect(model.iterations).toBe(mine.iterations);
      model.dispose();
    }
  });
});
