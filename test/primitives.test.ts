// The SIMD primitives of assembly/core/ against their pure-TS twins
// (bench/baselines/primitives.ts) on random shapes: sizes 0 and 1, and
// lengths that are not multiples of 4 (the kernels' scalar tails).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcCheck, setup, testSeed } from './helpers.js';
import { heapF32, kernels } from '../sdk/runtime/core.js';
import { blockFromF32, WasmBlock, withBlocks } from '../sdk/runtime/memory.js';
import * as twin from '../bench/baselines/primitives.js';

beforeAll(setup);

const SEED = testSeed(7051);

/** fast-check with the test seed (printed on failure). */
function check<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns = 300): void {
  fcCheck(SEED, arb, predicate, numRuns);
}

/**
 * Bit-identical f32, except that any NaN equals any NaN: WebAssembly leaves the
 * sign and payload of a computed NaN non-deterministic, so only "is NaN" is promised.
 */
function sameF32(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return Object.is(a, b);
}

function expectSameF32(wasm: ArrayLike<number>, mine: ArrayLike<number>, what: string): void {
  expect(wasm.length, `${what}: length`).toBe(mine.length);
  for (let i = 0; i < mine.length; i++) {
    if (!sameF32(wasm[i]!, mine[i]!)) throw new Error(`${what}[${i}]: wasm ${wasm[i]} twin ${mine[i]}`);
  }
}

/** f32 vectors of length n: mostly moderate values, with ±0, subnormals and large ones mixed in. */
function vec(n: number, max = 1000): fc.Arbitrary<Float32Array> {
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.float({ min: -max, max, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1, 1e-40, -1e-40, 0.1) },
  );
  return fc.array(value, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
}

const size = (max: number) => fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max }));

const readF32 = (b: WasmBlock, n: number): Float32Array => heapF32().slice(b.ptr >>> 2, (b.ptr >>> 2) + n);
const input = (take: (b: WasmBlock) => WasmBlock, data: Float32Array): WasmBlock => take(blockFromF32(data));

describe('primitives: WASM bit-identical to the twins', () => {
  it('dot (lanes over multiples of 4, (l0+l1)+(l2+l3), then the tail)', () => {
    const arb = size(70).chain((n) => fc.tuple(fc.constant(n), vec(n), vec(n)));
    check(arb, ([n, a, b]) => {
      const wasm = withBlocks((take) => kernels().dot(input(take, a).ptr, input(take, b).ptr, n));
      expectSameF32([wasm], [twin.dot(a, b, n)], `dot n=${n}`);
    });
  });

  it('dot at unaligned offsets (any alignment is allowed)', () => {
    const arb = size(40).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: 3 }), vec(n + 3), vec(n + 3)));
    check(arb, ([n, off, a, b]) => {
      const wasm = withBlocks((take) => kernels().dot(input(take, a).ptr + 4 * off, input(take, b).ptr + 4 * off, n));
      expectSameF32([wasm], [twin.dot(a, b, n, off, off)], `dot n=${n} offset=${off}`);
    });
  });

  it('axpy (alpha rounded to f32 at the boundary)', () => {
    const arb = size(70).chain((n) => fc.tuple(fc.constant(n), fc.double({ min: -50, max: 50, noNaN: true }), vec(n), vec(n)));
    check(arb, ([n, alpha, y, x]) => {
      const wasm = withBlocks((take) => {
        const yb = input(take, y);
        kernels().axpy(yb.ptr, alpha, input(take, x).ptr, n);
        return readF32(yb, n);
      });
      expectSameF32(wasm, twin.axpy(y.slice(), alpha, x, n), `axpy n=${n} alpha=${alpha}`);
    });
  });

  it('gemv (rows reduce as dot)', () => {
    const arb = fc.tuple(size(9), size(37)).chain(([m, n]) => fc.tuple(fc.constant(m), fc.constant(n), vec(m * n), vec(n)));
    check(arb, ([m, n, A, x]) => {
      const wasm = withBlocks((take) => {
        const y = take(new WasmBlock(Math.max(4, m * 4)));
        const Ab = input(take, A);
        const xb = input(take, x);
        kernels().gemv(y.ptr, Ab.ptr, xb.ptr, m, n);
        return readF32(y, m);
      });
      expectSameF32(wasm, twin.gemv(A, x, m, n), `gemv ${m}×${n}`);
    });
  });

  it('gemm (every element sums over p in order; 16-, 4-column blocks and the tail)', () => {
    const arb = fc
      .tuple(size(6), size(9), size(37))
      .chain(([m, k, n]) => fc.tuple(fc.constant(m), fc.constant(k), fc.constant(n), vec(m * k, 100), vec(k * n, 100)));
    check(arb, ([m, k, n, A, B]) => {
      const wasm = withBlocks((take) => {
        const C = take(new WasmBlock(Math.max(4, m * n * 4)));
        heapF32().fill(NaN, C.ptr >>> 2, (C.ptr >>> 2) + m * n); // every element must be written
        const Ab = input(take, A);
        const Bb = input(take, B);
        kernels().gemm(C.ptr, Ab.ptr, Bb.ptr, m, k, n);
        return readF32(C, m * n);
      });
      expectSameF32(wasm, twin.gemm(A, B, m, k, n), `gemm ${m}×${k}·${k}×${n}`);
    });
  });

  it('sqdist (each entry sums coordinates in order)', () => {
    const arb = fc
      .tuple(size(7), size(13), size(19))
      .chain(([n, d, k]) => fc.tuple(fc.constant(n), fc.constant(d), fc.constant(k), vec(n * d), vec(k * d)));
    check(arb, ([n, d, k, X, C]) => {
      const wasm = withBlocks((take) => {
        const out = take(new WasmBlock(Math.max(4, n * k * 4)));
        const Xb = input(take, X);
        const Cb = input(take, C);
        kernels().sqdist(out.ptr, Xb.ptr, n, d, Cb.ptr, k);
        return readF32(out, n * k);
      });
      expectSameF32(wasm, twin.sqdist(X, n, d, C, k), `sqdist n=${n} d=${d} k=${k}`);
    });
  });

  it('meanColumnVariance (two-pass f64: exact twin)', () => {
    const arb = fc.tuple(size(9), size(7)).chain(([n, d]) => fc.tuple(fc.constant(n), fc.constant(d), vec(n * d)));
    check(arb, ([n, d, X]) => {
      const wasm = withBlocks((take) => kernels().meanColumnVariance(input(take, X).ptr, n, d));
      expect(Object.is(wasm, twin.meanColumnVariance(X, n, d)), `meanColumnVariance ${n}×${d}: ${wasm}`).toBe(true);
    });
  });
});

describe('logsumexpRows: the twin within one f32 ulp', () => {
  // Not bit for bit: the kernel's exp/log are AssemblyScript's musl port, the
  // twin's are the engine's Math.exp/log; either may be off by one f64 ulp, which
  // survives rounding to f32 only as a flip to the neighbouring f32 (≤ 2^-23·|v|).
  // The absolute 1e-30 covers results that round to (nearly) zero.
  it('random rows, including rows of −Inf', () => {
    const entry = fc.oneof(
      { weight: 10, arbitrary: fc.float({ min: -80, max: 80, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(-Infinity) },
    );
    const arb = fc
      .tuple(size(5), size(21))
      .chain(([rows, cols]) =>
        fc.tuple(
          fc.constant(rows),
          fc.constant(cols),
          fc.array(entry, { minLength: rows * cols, maxLength: rows * cols }).map((a) => Float32Array.from(a)),
          fc.boolean(),
        ),
      )
      .map(([rows, cols, A, allNegInf]) => {
        if (allNegInf && rows > 0) A.fill(-Infinity, 0, cols); // a row of all −Inf gives −Inf
        return [rows, cols, A] as const;
      });
    check(arb, ([rows, cols, A]) => {
      const wasm = withBlocks((take) => {
        const out = take(new WasmBlock(Math.max(4, rows * 4)));
        const Ab = input(take, A);
        kernels().logsumexpRows(out.ptr, Ab.ptr, rows, cols);
        return readF32(out, rows);
      });
      const mine = twin.logsumexpRows(A, rows, cols);
      for (let i = 0; i < rows; i++) {
        const w = wasm[i]!;
        const t = mine[i]!;
        if (Object.is(w, t)) continue;
        const tol = 2 ** -23 * Math.abs(t) + 1e-30;
        if (!(Math.abs(w - t) <= tol)) throw new Error(`logsumexpRows ${rows}×${cols} row ${i}: wasm ${w} twin ${t}`);
      }
    });
  });
});
