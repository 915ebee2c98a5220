// Elementary functions on f32x4 lanes, built only from IEEE basic operations
// (add, mul, div, sqrt, nearest, bit casts), so every engine returns the same
// bits. Polynomials from Cephes (S. L. Moshier, cephes/single: expf.c, logf.c,
// tanhf.c); about 1–2 ulp on their reduced ranges.

const LOG2E: f32 = 1.44269504088896341; // 0x3fb8aa3b
const LN2_HI: f32 = 0.693359375; // 0x3f318000, exact in 9 bits
const LN2_LO: f32 = -2.12194440e-4; // 0xb95e8083
const EXP_HI: f32 = 88.3762626647949; // beyond this 2^n overflows f32
const EXP_LO: f32 = -87.3365447505531; // below this the result is subnormal: clamp to the smallest normal range

/** e^x lanewise (Cephes expf): n = round(x·log2 e), r = x − n·ln 2, e^r by a degree-5 polynomial, times 2^n. */
@inline export function exp4(x: v128): v128 {
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  // e^r ≈ 1 + r + r²·P(r), P of degree 5 by Estrin's scheme rather than Horner's:
  // the same coefficients with a dependency chain of 3 multiply-adds instead of 6,
  // which is what limits the activations (a silu forward+derivative is one long chain).
  const r2 = f32x4.mul(r, r);
  const a = f32x4.add(f32x4.mul(r, f32x4.splat(1.6666665459e-1)), f32x4.splat(5.0000001201e-1));
  const b = f32x4.add(f32x4.mul(r, f32x4.splat(8.3334519073e-3)), f32x4.splat(4.1665795894e-2));
  const c = f32x4.add(f32x4.mul(r, f32x4.splat(1.9875691500e-4)), f32x4.splat(1.3981999507e-3));
  const p = f32x4.add(f32x4.add(a, f32x4.mul(b, r2)), f32x4.mul(c, f32x4.mul(r2, r2)));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  // 2^n from the exponent bits; n ∈ [−126, 127] after the clamp
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

// log4's constants as f32/i32 bit patterns in memory: a v128.load32_splat from
// L1 is one load µop, where a v128.const costs engines a GPR move and shuffles
// (on x64 the shuffle port that the rest of these kernels also needs).
const LOGK = memory.data<u32>([0x007fffff, 0x3f000000, 126]); // mantissa mask, 0.5's exponent, bias − 1
const LOGF = memory.data<f32>([
  0.707106781186547524, // √½
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1, // the polynomial
  LN2_LO, 0.5, LN2_HI, 1,
]);
@inline function logk(i: i32): v128 {
  // 0–2 integers, 3… the f32 constants
  return i < 3 ? v128.load32_splat(LOGK + (<usize>i << 2)) : v128.load32_splat(LOGF + (<usize>(i - 3) << 2));
}

/** ln x lanewise for x > 0 finite (Cephes logf): x = m·2^e with m ∈ [√½, √2), ln m by a degree-9 polynomial. */
@inline export function log4(x: v128): v128 {
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), logk(2)); // exponent for m in [0.5, 1)
  let m = v128.or(v128.and(bits, logk(0)), logk(1));
  // m < √½: use 2m − 1 and e − 1, else m − 1
  const small = f32x4.lt(m, logk(3));
  e = i32x4.add(e, small); // small lanes are −1
  const t = f32x4.sub(f32x4.add(m, v128.and(m, small)), logk(16));
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(t, t);
  let p = logk(4);
  p = f32x4.add(f32x4.mul(p, t), logk(5));
  p = f32x4.add(f32x4.mul(p, t), logk(6));
  p = f32x4.add(f32x4.mul(p, t), logk(7));
  p = f32x4.add(f32x4.mul(p, t), logk(8));
  p = f32x4.add(f32x4.mul(p, t), logk(9));
  p = f32x4.add(f32x4.mul(p, t), logk(10));
  p = f32x4.add(f32x4.mul(p, t), logk(11));
  p = f32x4.add(f32x4.mul(p, t), logk(12));
  let y = f32x4.mul(f32x4.mul(p, t), z);
  y = f32x4.add(y, f32x4.mul(ef, logk(13)));
  y = f32x4.sub(y, f32x4.mul(z, logk(14)));
  const r = f32x4.add(t, y);
  return f32x4.add(r, f32x4.mul(ef, logk(15)));
}

/** Logistic σ(x) = 1 / (1 + e^−x). */
@inline export function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
}

/**
 * tanh lanewise: the Cephes tanhf odd polynomial for |x| < 0.625, else
 * sign(x)·(1 − 2/(e^{2|x|} + 1)), which has no cancellation there.
 */
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = exp4(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}
