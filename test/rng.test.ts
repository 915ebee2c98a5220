// Philox4x32-10 in WASM (assembly/core/rng.ts) against the Random123
// known-answer vectors and against its pure-TS twin (bench/baselines/philox.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcCheck, seedNote, setup, testSeed } from './helpers.js';
import { heapF32, heapU32, kernels } from '../sdk/runtime/core.js';
import { WasmBlock, withBlocks } from '../sdk/runtime/memory.js';
import * as twin from '../bench/baselines/philox.js';

beforeAll(setup);

const SEED = testSeed(20240607);

/** fc.assert with the test seed; a failure names it and how to rerun. */
/** fast-check with the test seed (printed on failure). */
function check<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns = 200): void {
  fcCheck(SEED, arb, predicate, numRuns);
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** A WASM state block holding `words` (8 u32, the twin's layout). */
function stateBlock(take: (b: WasmBlock) => WasmBlock, words: Uint32Array): WasmBlock {
  const s = take(new WasmBlock(32));
  heapU32().set(words, s.ptr >>> 2);
  return s;
}

const readU32 = (ptr: number, n: number): Uint32Array => heapU32().slice(ptr >>> 2, (ptr >>> 2) + n);
const readF32 = (ptr: number, n: number): Float32Array => heapF32().slice(ptr >>> 2, (ptr >>> 2) + n);

type Fill = 'rngU32' | 'rngUniform' | 'rngNormal';

/** Runs one WASM fill on a copy of `state`; returns the output words and the state after. */
function wasmFill(fill: Fill, n: number, state: Uint32Array): { out: Uint32Array; state: Uint32Array } {
  return withBlocks((take) => {
    const s = stateBlock(take, state);
    const out = take(new WasmBlock(Math.max(16, n * 4)));
    kernels()[fill](out.ptr, n, s.ptr);
    return { out: readU32(out.ptr, n), state: readU32(s.ptr, 8) };
  });
}

// Random123 kat_vectors, "philox4x32 10": counter, key → output
const KNOWN_ANSWERS: { ctr: number[]; key: number[]; out: number[] }[] = [
  { ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

/** A state with arbitrary seed and stream and a counter whose low word is close to wrapping (or anywhere). */
const stateArb = fc
  .record({
    seedLo: fc.nat({ max: 0xffffffff }),
    seedHi: fc.nat({ max: 0xffffffff }),
    stream: fc.nat({ max: 0xffffffff }),
    ctrLo: fc.oneof(fc.integer({ min: 0xffffffff - 40, max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
    ctrHi: fc.oneof(fc.constant(0), fc.constant(0xffffffff - 1), fc.nat({ max: 0xfffffffe })),
  })
  .map(({ seedLo, seedHi, stream, ctrLo, ctrHi }) => {
    const s = twin.rngInit(seedLo, seedHi, stream);
    s[4] = ctrLo;
    s[5] = ctrHi;
    return s;
  });

describe('Philox4x32-10 known answers (Random123)', () => {
  it.each(KNOWN_ANSWERS)('WASM philox4x32 and the twin give $out for ctr $ctr, key $key', ({ ctr, key, out }) => {
    const wasm = withBlocks((take) => {
      const o = take(new WasmBlock(16));
      kernels().philox4x32(o.ptr, ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!);
      return Array.from(readU32(o.ptr, 4));
    });
    expect(wasm).toEqual(out);
    expect(Array.from(twin.philox4x32(ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!))).toEqual(out);
  });

  it('mulHi32 is the exact high word of a 32×32-bit product', () => {
    check(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), ([a, b]) => {
      const exact = Number((BigInt(a) * BigInt(b)) >> 32n);
      expect(twin.mulHi32(a, b)).toBe(exact);
      expect(twin.mulLo32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) & 0xffffffffn));
    }, 2000);
  });
});

describe('fills: WASM equals the twin', () => {
  it('rngInit writes the twin state', () => {
    const wasm = withBlocks((take) => {
      const s = take(new WasmBlock(32));
      heapU32().fill(0xdeadbeef, s.ptr >>> 2, (s.ptr >>> 2) + 8);
      kernels().rngInit(s.ptr, 0x89abcdef, 7, 0xfffffffe);
      return readU32(s.ptr, 8);
    });
    expect(wasm).toEqual(twin.rngInit(0x89abcdef, 7, 0xfffffffe));
  });

  it('rngU32: bit for bit, any n (SIMD path from 16), counters carrying into the high word', () => {
    check(fc.tuple(fc.nat({ max: 300 }), stateArb), ([n, state]) => {
      const wasm = wasmFill('rngU32', n, state);
      const s = state.slice();
      expect(wasm.out).toEqual(twin.rngU32(n, s));
      expect(wasm.state).toEqual(s);
    });
  });

  it.each([15, 16, 17, 18, 19, 31, 33, 63, 65, 257])('rngU32 and rngUniform, n = %i, counter 2^32 − 6 (SIMD blocks across the carry)', (n) => {
    const state = twin.rngInit(0xcafef00d, 0x12345678, 0x9abcdef0);
    state[4] = 0xfffffffa;
    state[5] = 0x7fffffff;
    for (const fill of ['rngU32', 'rngUniform'] as const) {
      const wasm = wasmFill(fill, n, state);
      const s = state.slice();
      const mine = fill === 'rngU32' ? twin.rngU32(n, s) : bits(twin.rngUniform(n, s));
      expect(wasm.out, fill).toEqual(mine);
      expect(wasm.state, fill).toEqual(s);
    }
  });

  it('rngUniform: bit for bit, in [0, 1)', () => {
    check(fc.tuple(fc.nat({ max: 300 }), stateArb), ([n, state]) => {
      const wasm = wasmFill('rngUniform', n, state);
      const s = state.slice();
      const mine = twin.rngUniform(n, s);
      expect(wasm.out).toEqual(bits(mine));
      expect(wasm.state).toEqual(s);
      for (const u of mine) expect(u >= 0 && u < 1).toBe(true);
    });
  });

  it('the counter carry is exercised: a fill across 2^32 changes the high word of later blocks', () => {
    // blocks 0..3 of counter 0xfffffffe straddle the wrap; the same words must come from (lo, hi+1) blocks
    const s = twin.rngInit(1, 2, 3);
    s[4] = 0xfffffffe;
    s[5] = 5;
    const wasm = wasmFill('rngU32', 32, s);
    const after = twin.rngInit(1, 2, 3);
    after[5] = 6;
    expect(wasm.out.slice(8, 32)).toEqual(wasmFill('rngU32', 24, after).out);
    expect(Array.from(wasm.state.slice(4, 6))).toEqual([6, 6]);
  });

  it('rngNormal: the twin within 1e-6 absolute (one f32 ulp at |z| < 8), any n', () => {
    check(fc.tuple(fc.nat({ max: 300 }), stateArb), ([n, state]) => {
      const wasm = wasmFill('rngNormal', n, state);
      const s = state.slice();
      const mine = twin.rngNormal(n, s);
      const theirs = new Float32Array(wasm.out.buffer);
      for (let i = 0; i < n; i++) {
        if (!(Math.abs(theirs[i]! - mine[i]!) <= 1e-6)) {
          throw new Error(`normal ${i} of ${n}: wasm ${theirs[i]} twin ${mine[i]}`);
        }
      }
      expect(wasm.state).toEqual(s);
    });
  });
});

describe('fills split at block boundaries', () => {
  it.each(['rngU32', 'rngUniform', 'rngNormal'] as const)('%s of n then m equals one of n + m when 4 | n', (fill) => {
    check(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 120 }), stateArb), ([q, m, state]) => {
      const n = 4 * q;
      const whole = wasmFill(fill, n + m, state);
      const first = wasmFill(fill, n, state);
      const second = wasmFill(fill, m, first.state);
      expect(first.out).toEqual(whole.out.slice(0, n));
      expect(second.out).toEqual(whole.out.slice(n));
      expect(second.state).toEqual(whole.state);
    }, 100);
  });
});

describe('normals: distribution', () => {
  const N = 1_000_000;
  let z: Float32Array;
  beforeAll(() => {
    z = withBlocks((take) => {
      const s = take(new WasmBlock(32));
      const out = take(new WasmBlock(N * 4));
      kernels().rngInit(s.ptr, SEED % 0x100000000 >>> 0, Math.floor(SEED / 0x100000000) >>> 0, 0);
      kernels().rngNormal(out.ptr, N, s.ptr);
      return readF32(out.ptr, N);
    });
  });

  it('moments of 1e6 draws within Monte Carlo bounds', () => {
    // Raw moments E[z^p] = 0, 1, 0, 3 with Var(z^p) = E[z^2p] − E[z^p]² = 1, 2, 15, 96.
    // |mean − truth| ≤ Z·sd/√N with Z = 5 for each of the four. With the normal
    // approximation to a mean of 1e6 draws, P(|N(0,1)| > 5) = 5.7e-7, so by a union
    // bound a correct generator fails for fewer than 2.3e-6 of seeds (EBM_SEED).
    const Z = 5;
    const sums = [0, 0, 0, 0];
    for (const v of z) {
      const v2 = v * v;
      sums[0]! += v;
      sums[1]! += v2;
      sums[2]! += v2 * v;
      sums[3]! += v2 * v2;
    }
    const truth = [0, 1, 0, 3];
    const variance = [1, 2, 15, 96];
    for (let p = 0; p < 4; p++) {
      const mean = sums[p]! / N;
      const bound = (Z * Math.sqrt(variance[p]!)) / Math.sqrt(N);
      expect(Math.abs(mean - truth[p]!), `moment ${p + 1}: ${mean} vs ${truth[p]} ± ${bound} ${seedNote(SEED)}`).toBeLessThanOrEqual(bound);
    }
  });

  it('1e6 WASM normals equal the twin within 1e-6 absolute', () => {
    const state = twin.rngInit(SEED % 0x100000000 >>> 0, Math.floor(SEED / 0x100000000) >>> 0, 0);
    const mine = twin.rngNormal(N, state);
    let worst = 0;
    let differ = 0;
    for (let i = 0; i < N; i++) {
      const e = Math.abs(mine[i]! - z[i]!);
      if (e > 0) differ++;
      if (e > worst) worst = e;
    }
    // why not bit for bit: JS Math.log/cos/sin and AssemblyScript's musl port may differ in the last f64 bit
    expect(worst, `${differ} of ${N} normals differ, worst by ${worst} ${seedNote(SEED)}`).toBeLessThanOrEqual(1e-6);
  });
});

describe('rngNormalFast (f32 SIMD Box–Muller for samplers)', () => {
  const N = 1 << 20;
  let zs: Float32Array;
  let ws: Uint32Array;
  beforeAll(() => {
    const K = kernels();
    [zs, ws] = withBlocks((take) => {
      const st = take(new WasmBlock(32));
      const z = take(new WasmBlock(N * 4));
      K.rngInit(st.ptr, SEED >>> 0, 0, 9);
      K.rngNormalFast(z.ptr, N, st.ptr);
      const normals = readF32(z.ptr, N);
      K.rngInit(st.ptr, SEED >>> 0, 0, 9);
      K.rngU32(z.ptr, N, st.ptr);
      return [normals, readU32(z.ptr, N)];
    });
  });

  it('follows the f64 formula of the same words within f32 round-off', () => {
    let maxErr = 0;
    for (let i = 0; i < N; i += 2) {
      const [a, b] = twin.normalPairFast(ws[i]!, ws[i + 1]!);
      maxErr = Math.max(maxErr, Math.abs(zs[i]! - a), Math.abs(zs[i + 1]! - b));
    }
    // f32 log (atanh series), sqrt and sin/cos polynomials, each 1–2 ulp: at |z| ≤ 5.9 one f32 ulp is
    // ≤ 4.8e-7, and 2^20 draws measured ≤ 7e-7; 1.5e-6 is three ulp at the largest |z|
    expect(maxErr, seedNote(SEED)).toBeLessThan(1.5e-6);
  });

  it('splits like rngNormal: any n uses ceil(n/4) blocks, and the stream continues', () => {
    const K = kernels();
    const p = withBlocks((take) => {
      const st = take(new WasmBlock(32));
      const part = take(new WasmBlock(160 + 400 + 64));
      K.rngInit(st.ptr, SEED >>> 0, 0, 9);
      K.rngNormalFast(part.ptr, 37, st.ptr);
      K.rngNormalFast(part.ptr + 160, 100, st.ptr);
      return readF32(part.ptr, 140);
    });
    expect(Array.from(p.subarray(0, 37))).toEqual(Array.from(zs.subarray(0, 37)));
    expect(Array.from(p.subarray(40, 140))).toEqual(Array.from(zs.subarray(40, 140)));
  });

  it('moments of 2^20 draws within Monte Carlo bounds', () => {
    // E[z^p] = 0, 1, 0, 3 with Var(z^p) = 1, 2, 15, 96; |mean − truth| ≤ 5·sd/√N for each: by a
    // union bound a correct transform fails for fewer than 2.3e-6 of seeds (EBM_SEED)
    const sums = [0, 0, 0, 0];
    for (const v of zs) {
      const v2 = v * v;
      sums[0]! += v;
      sums[1]! += v2;
      sums[2]! += v2 * v;
      sums[3]! += v2 * v2;
    }
    const truth = [0, 1, 0, 3];
    const variance = [1, 2, 15, 96];
    for (let p = 0; p < 4; p++) {
      const bound = (5 * Math.sqrt(variance[p]!)) / Math.sqrt(N);
      expect(Math.abs(sums[p]! / N - truth[p]!), `moment ${p + 1} ${seedNote(SEED)}`).toBeLessThanOrEqual(bound);
    }
  });

  it('Kolmogorov–Smirnov: the marginal is Φ, and r² = z₀² + z₁² of a pair is exponential with mean 2', () => {
    // Why KS: it compares the whole distribution function, so a wrong radius (a bad log, a wrong
    // scale of u1) shows wherever it bends the CDF. Critical value for level α = 1e-6:
    // √(ln(2/α)/(2n)) (Dvoretzky–Kiefer–Wolfowitz), so a correct transform fails for < 1e-6 of seeds.
    // The 2^-24 grid of u1 and the 2^-25 grid of the angle move the CDF by far less (≤ 1e-7).
    const ks = (xs: Float64Array, cdf: (x: number) => number): number => {
      xs.sort();
      let d = 0;
      for (let i = 0; i < xs.length; i++) {
        const f = cdf(xs[i]!);
        d = Math.max(d, Math.abs(f - i / xs.length), Math.abs((i + 1) / xs.length - f));
      }
      return d;
    };
    const crit = (n: number): number => Math.sqrt(Math.log(2 / 1e-6) / (2 * n));
    const dz = ks(Float64Array.from(zs), normalCdf);
    expect(dz, `marginal ${seedNote(SEED)}`).toBeLessThan(crit(N));
    const r2 = new Float64Array(N / 2);
    for (let i = 0; i < N / 2; i++) r2[i] = zs[2 * i]! ** 2 + zs[2 * i + 1]! ** 2;
    const dr = ks(r2, (x) => 1 - Math.exp(-x / 2));
    expect(dr, `radius ${seedNote(SEED)}`).toBeLessThan(crit(N / 2));
  });

  it('chi-square: the angle of each pair (z₀, z₁) is uniform over 16 sectors', () => {
    // Why a test of the angle: the marginals of z₀ and z₁ are normal even with a wrong quadrant
    // (a sign or swap error maps the circle onto itself unevenly only in the joint law). Pearson's
    // statistic over 16 equal sectors has 15 degrees of freedom; its 1 − 1e-6 quantile by the
    // Wilson–Hilferty approximation is ≈ 57, so a correct transform fails for ~1e-6 of seeds.
    const k = 16;
    const counts = new Float64Array(k);
    const pairs = N / 2;
    for (let i = 0; i < pairs; i++) {
      const a = Math.atan2(zs[2 * i + 1]!, zs[2 * i]!); // (−π, π]
      counts[Math.min(k - 1, Math.floor(((a + Math.PI) / (2 * Math.PI)) * k))]!++;
    }
    const e = pairs / k;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - e) ** 2 / e;
    const df = k - 1;
    const z = 4.753; // one-sided normal quantile of 1e-6
    const q = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chi2, `counts ${Array.from(counts).join(' ')} ${seedNote(SEED)}`).toBeLessThan(q);
  });

  it('streams and seeds are independent: no correlation between the normals of neighbouring keys', () => {
    // The worker blocks and the RBM chain blocks key their draws by stream (and the hash scenario by
    // seed): the same counters under neighbouring keys must give unrelated values. The sample
    // correlation of n independent pairs has sd 1/√n; |r| ≤ 5/√n fails for < 6e-7 of seeds each.
    const K = kernels();
    const n = 1 << 18;
    const draw = (seedLo: number, seedHi: number, stream: number): Float32Array =>
      withBlocks((take) => {
        const st = take(new WasmBlock(32));
        const out = take(new WasmBlock(n * 4));
        K.rngInit(st.ptr, seedLo, seedHi, stream);
        K.rngNormalFast(out.ptr, n, st.ptr);
        return readF32(out.ptr, n);
      });
    const base = draw(SEED >>> 0, 0, 0);
    const corr = (a: Float32Array, b: Float32Array): number => {
      let sab = 0, sa = 0, sb = 0;
      for (let i = 0; i < n; i++) {
        sab += a[i]! * b[i]!;
        sa += a[i]! * a[i]!;
        sb += b[i]! * b[i]!;
      }
      return sab / Math.sqrt(sa * sb);
    };
    for (const [label, other] of [
      ['stream 1', draw(SEED >>> 0, 0, 1)],
      ['stream 2^31', draw(SEED >>> 0, 0, 0x80000000)],
      ['seed + 1', draw((SEED + 1) >>> 0, 0, 0)],
      ['seed high word 1', draw(SEED >>> 0, 1, 0)],
    ] as const) {
      expect(Math.abs(corr(base, other)), `${label} ${seedNote(SEED)}`).toBeLessThan(5 / Math.sqrt(n));
    }
  });
});

/**
 * Φ, the standard normal CDF, to ~1e-14: the alternating Taylor series of ∫φ for |x| < 3 (terms
 * stay below e^4.5, so f64 loses nothing to cancellation), and beyond that the tail φ(x)·R(x) with
 * Laplace's continued fraction for Mills' ratio R(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))).
 */
function normalCdf(x: number): number {
  const a = Math.abs(x);
  if (a < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / (2 * n);
      sum += term / (2 * n + 1);
    }
    return 0.5 + sum / Math.sqrt(2 * Math.PI);
  }
  let r = a;
  for (let k = 80; k >= 1; k--) r = a + k / r;
  const tail = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI) / r;
  return x > 0 ? 1 - tail : tail;
}
