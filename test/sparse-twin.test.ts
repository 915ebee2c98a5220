// The sparse-coding kernels (assembly/energies/sparse.ts, assembly/train/dictionary.ts)
// against their pure-TS twins (bench/baselines/sparse.ts): byte for byte, for
// atom counts on both sides of a SIMD block (kp = k rounded up to 4), odd
// dimensions (scalar tails), masks, zero rows, warm starts, and every algorithm.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { heapF32, heapF64, heapI32, heapU32, heapU8, kernels } from '../sdk/runtime/core.js';
import { blockFromF32, WasmBlock } from '../sdk/runtime/memory.js';
import * as philox from '../bench/baselines/philox.js';
import * as twin from '../bench/baselines/sparse.js';

beforeAll(setup);

const SEED = testSeed(3141);
const SHAPES: [n: number, k: number, d: number][] = [[1, 1, 1], [9, 3, 5], [23, 7, 13], [40, 32, 64], [17, 17, 10]];

/** Rows from the Philox twin: normal draws, every fifth row zero (the y = 0 branch). Atoms: unit-norm normal draws. */
function makeData(n: number, k: number, d: number, salt: number): { Y: Float32Array; W: Float32Array } {
  const rng = philox.rngInit(SEED >>> 0, salt, 0x5a);
  const Y = philox.rngNormal(n * d, rng);
  for (let i = 0; i < n; i += 5) Y.fill(0, i * d, i * d + d);
  const W = philox.rngNormal(k * d, rng);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += W[j * d + t]! ** 2;
    for (let t = 0; t < d; t++) W[j * d + t] = W[j * d + t]! / Math.sqrt(s);
  }
  return { Y, W };
}

function expectSameBytes(wasm: Float32Array | Float64Array | Int32Array | Uint32Array, mine: typeof wasm, what: string): void {
  expect(wasm.length, `${what}: length`).toBe(mine.length);
  const a = new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength);
  const b = new Uint8Array(mine.buffer, mine.byteOffset, mine.byteLength);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const e = Math.floor(i / wasm.BYTES_PER_ELEMENT);
      throw new Error(`${what}[${e}]: wasm ${wasm[e]} twin ${mine[e]} ${seedNote(SEED)}`);
    }
  }
}

/** Runs fn with blocks that are freed afterwards. */
function blocks<T>(fn: (alloc: (bytes: number) => number, put: (a: Float32Array) => number) => T): T {
  const all: WasmBlock[] = [];
  try {
    return fn(
      (bytes) => { const b = new WasmBlock(Math.max(16, bytes)); all.push(b); return b.ptr; },
      (a) => { const b = blockFromF32(a); all.push(b); return b.ptr; },
    );
  } finally {
    for (const b of all) b.free();
  }
}

const f32At = (ptr: number, n: number) => heapF32().slice(ptr >>> 2, (ptr >>> 2) + n);
const f64At = (ptr: number, n: number) => heapF64().slice(ptr >>> 3, (ptr >>> 3) + n);

describe('inference kernels', () => {
  for (const [n, k, d] of SHAPES) {
    for (const lambda of [0.05, 0.5]) {
      it(`n=${n} k=${k} d=${d} λ=${lambda}: prepare, Lipschitz, encode (cd, ista, fista; cold and warm), decode, energy`, () => {
        const K = kernels();
        const { Y, W } = makeData(n, k, d, k * 100 + d);
        const kp = twin.paddedAtoms(k);
        blocks((alloc, put) => {
          const Wp = put(W);
          const Yp = put(Y);
          const WT = alloc(d * kp * 4);
          const G = alloc(k * kp * 4);
          const mask = alloc(d);
          const m = new Uint8Array(d).map((_, t) => (t % 3 === 1 ? 0 : 1));
          heapU8().set(m, mask);
          for (const withMask of [false, true]) {
            K.sparsePrepare(WT, G, Wp, k, d, withMask ? mask : 0);
            const tw = twin.prepare(W, k, d, withMask ? m : null);
            expectSameBytes(f32At(WT, d * kp), tw.WT, `WT (mask ${withMask})`);
            expectSameBytes(f32At(G, k * kp), tw.G, `G (mask ${withMask})`);
            expect(K.sparseLipschitz(G, k)).toBe(twin.lipschitz(tw.G, k));
          }
          K.sparsePrepare(WT, G, Wp, k, d, 0);
          const { WT: tWT, G: tG } = twin.prepare(W, k, d);
          const Z = alloc(n * k * 4);
          const stats = alloc(32);
          for (const algorithm of [twin.SPARSE_CD, twin.SPARSE_ISTA, twin.SPARSE_FISTA]) {
            for (const warm of [false, true]) {
              // warm: start from the codes of a 3-iteration run
              const start = new Float32Array(n * k);
              if (warm) twin.encode(start, Y, n, d, tWT, tG, k, lambda, algorithm, 3, 0, false);
              heapF32().set(start, Z >>> 2);
              const obj = K.sparseEncode(Z, Yp, n, d, WT, G, k, lambda, algorithm, 500, 1e-7, warm ? 1 : 0, stats);
              const tz = Float32Array.from(start);
              const ts = twin.encode(tz, Y, n, d, tWT, tG, k, lambda, algorithm, 500, 1e-7, warm);
              const what = `algorithm ${algorithm}, warm ${warm}`;
              expectSameBytes(f32At(Z, n * k), tz, `Z (${what})`);
              expect(obj, what).toBe(ts.objective);
              expectSameBytes(f64At(stats, 4), Float64Array.of(ts.iterations, ts.unconverged, ts.maxIter, ts.maxGap), `stats (${what})`);
            }
          }
          const Zs = f32At(Z, n * k);
          const out = alloc(n * d * 4);
          K.sparseDecode(out, Z, n, Wp, k, d);
          const tOut = new Float32Array(n * d);
          twin.decode(tOut, Zs, n, W, k, d);
          expectSameBytes(f32At(out, n * d), tOut, 'decode');
          const E = alloc(n * 4);
          const R = alloc(n * d * 4);
          const total = K.sparseEnergy(E, R, Yp, n, d, Wp, k, Z, lambda);
          const tE = new Float32Array(n);
          const tR = new Float32Array(n * d);
          expect(total).toBe(twin.energy(tE, tR, Y, n, d, W, k, Zs, lambda));
          expectSameBytes(f32At(E, n), tE, 'energy');
          expectSameBytes(f32At(R, n * d), tR, 'residual');
        });
      });
    }
  }
});

describe('dictionary learning kernels', () => {
  // 300 rows: 5 blocks of 64 (an uneven tree); 2 200 rows: 18 blocks of 128 (several levels pending at the end)
  for (const [n, k, d] of [...SHAPES.filter(([n, k]) => n >= k), [300, 8, 6], [2200, 5, 4]] as [number, number, number][]) {
    it(`n=${n} k=${k} d=${d}: init, three alternating epochs, two online epochs (A, B, perm, RNG, stats)`, () => {
      const K = kernels();
      const { Y: X } = makeData(n, k, d, 7 + k);
      // coordinate 0 is zero in every row, and atom 0 will be e_0: no code can use it, so it must be re-seeded
      for (let i = 0; i < n; i++) X[i * d] = 0;
      const lambda = 0.2;
      blocks((alloc, put) => {
        const Xp = put(X);
        const perm = alloc(n * 4);
        const identity = Int32Array.from({ length: n }, (_, i) => i);
        heapI32().set(identity, perm >>> 2);
        const Wp = alloc(k * d * 4);
        K.dictionaryInit(Wp, Xp, n, d, k, perm);
        const W = new Float32Array(k * d);
        twin.init(W, X, n, d, k, identity);
        expectSameBytes(f32At(Wp, k * d), W, 'init');
        const dead = k >= 2 && d >= 2;
        if (dead) {
          W.fill(0, 0, d);
          W[0] = 1;
          heapF32().set(W, Wp >>> 2);
        }
        const kp = twin.paddedAtoms(k);
        const WT = alloc(d * kp * 4);
        const G = alloc(k * kp * 4);
        const Z = alloc(n * k * 4);
        const E = alloc(n * 4);
        const A = alloc(k * k * 8);
        const B = alloc(d * k * 8);
        const stats = alloc(32);
        const tZ = new Float32Array(n * k);
        const tE = new Float32Array(n);
        const tA = new Float64Array(k * k);
        const tB = new Float64Array(d * k);
        for (let epoch = 1; epoch <= 3; epoch++) {
          const obj = K.dictionaryEpoch(Wp, Z, E, Xp, n, d, k, lambda, 200, 1e-7, epoch > 1 ? 1 : 0, WT, G, A, B, stats);
          const s = twin.dictionaryEpoch(W, tZ, tE, X, n, d, k, lambda, 200, 1e-7, epoch > 1, tA, tB);
          expect(obj, `epoch ${epoch}`).toBe(s.objective);
          expectSameBytes(f32At(Wp, k * d), W, `W after epoch ${epoch}`);
          expectSameBytes(f32At(Z, n * k), tZ, `Z after epoch ${epoch}`);
          expectSameBytes(f64At(A, k * k), tA, `A after epoch ${epoch}`);
          expectSameBytes(f64At(stats, 4), Float64Array.of(s.objective, s.reseeded, s.shift, s.unconverged), `stats after epoch ${epoch}`);
          if (dead && epoch === 1) expect(s.reseeded).toBeGreaterThanOrEqual(1);
        }
        // online, continuing from these atoms with fresh statistics
        heapF64().fill(0, A >>> 3, (A >>> 3) + k * k);
        heapF64().fill(0, B >>> 3, (B >>> 3) + d * k);
        tA.fill(0);
        tB.fill(0);
        const rng = alloc(32);
        K.rngInit(rng, SEED >>> 0, 0, 9);
        const tRng = philox.rngInit(SEED >>> 0, 0, 9);
        const tPerm = Int32Array.from(identity);
        const batch = Math.max(1, Math.floor(n / 3));
        const Zb = alloc(batch * k * 4);
        const Eb = alloc(batch * 4);
        let step = 0;
        for (let epoch = 1; epoch <= 2; epoch++) {
          const obj = K.dictionaryOnlineEpoch(Wp, Xp, n, d, k, lambda, batch, step, 200, 1e-7, A, B, perm, rng, WT, G, Zb, Eb, stats);
          const s = twin.dictionaryOnlineEpoch(W, X, n, d, k, lambda, batch, step, 200, 1e-7, tA, tB, tPerm, tRng);
          step += Math.ceil(n / batch);
          expect(obj, `online epoch ${epoch}`).toBe(s.objective);
          expectSameBytes(f32At(Wp, k * d), W, `W after online epoch ${epoch}`);
          expectSameBytes(f64At(B, d * k), tB, `B after online epoch ${epoch}`);
          expectSameBytes(heapI32().slice(perm >>> 2, (perm >>> 2) + n), tPerm, `perm after online epoch ${epoch}`);
          expectSameBytes(heapU32().slice(rng >>> 2, (rng >>> 2) + 8), tRng, `RNG after online epoch ${epoch}`);
          expectSameBytes(f64At(stats, 4), Float64Array.of(s.objective, s.reseeded, s.shift, s.unconverged), `online stats ${epoch}`);
        }
      });
    });
  }
});
