// The 2-D toy data sets of the EBM and normalizing-flow literature (spiral,
// moons, circles, eight Gaussians, checkerboard, pinwheel, swiss roll), drawn
// from Philox so one state gives the same points in every runtime.
//
// Point i is a function of counter block (ctr + i) alone: one block, four
// 32-bit words, per point. So a draw of n points is the first n rows of any
// larger draw from the same state, and every kernel advances the state by
// exactly n blocks. Coordinates are computed in f64 (AssemblyScript's
// musl-derived sin/cos/exp/log are compiled into the module) and stored as f32.
import { blockAt, out0, out1, out2, out3 } from "../core/rng";
import { allocBytes } from "../core/memory";

const TWO_POW_M32: f64 = 2.3283064365386963e-10; // 2^-32
const PI: f64 = 3.141592653589793;
const TWO_PI: f64 = 6.283185307179586;
const LOG_8: f64 = 2.0794415416798357; // log(8)
const LOG_2PI: f64 = 1.8378770664093453; // log(2π)

/** Uniform f64 in (0, 1) from one word: (w + ½)·2^-32, never 0 or 1. */
@inline function unit(w: u32): f64 {
  return (<f64>w + 0.5) * TWO_POW_M32;
}

/** Index in [0, k) from one word by multiply-shift: exact when k is a power of two, else biased by < k·2^-32. */
@inline function below(w: u32, k: u32): i32 {
  return <i32>((<u64>w * <u64>k) >>> 32);
}

// Box–Muller pair from two words, the same transform as rngNormal (core/rng.ts).
let gauss0: f64 = 0;
let gauss1: f64 = 0;
@inline function gaussPair(a: u32, b: u32): void {
  const r = Math.sqrt(-2.0 * Math.log(unit(a)));
  NativeMath.sincos(TWO_PI * (<f64>b * TWO_POW_M32));
  gauss0 = r * NativeMath.sincos_cos;
  gauss1 = r * NativeMath.sincos_sin;
}

@inline function storePoint(out: usize, i: i32, x: f64, y: f64): void {
  const p = out + (<usize>i << 3);
  store<f32>(p, <f32>x, 0);
  store<f32>(p, <f32>y, 4);
}

@inline function storeLabel(labels: usize, i: i32, v: i32): void {
  if (labels != 0) store<i32>(labels + (<usize>i << 2), v);
}

@inline function advanceBy(state: usize, blocks: i32): void {
  const c = (<u64>load<u32>(state, 16) | (<u64>load<u32>(state, 20) << 32)) + <u64>blocks;
  store<u32>(state, <u32>c, 16);
  store<u32>(state, <u32>(c >>> 32), 20);
}

/**
 * One spiral arm winding out of the origin: t = tmax·√u with tmax = 2π·turns
 * and u uniform, point = (t/tmax)·(cos t, sin t) + noise·N(0, I₂). The radius
 * grows linearly to 1, so coordinates lie in [−1, 1] before noise; √u makes the
 * density along the arm close to uniform in arc length. Words per point:
 * u, two for the normals. out n×2 f32; state: 32-byte RNG state (advanced by n blocks).
 */
export function toySpiral(out: usize, n: i32, turns: f64, noise: f64, state: usize): usize {
  const tmax = TWO_PI * turns;
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const w0 = out0, w1 = out1, w2 = out2;
    const s = Math.sqrt(unit(w0));
    const t = tmax * s;
    NativeMath.sincos(t);
    const c = NativeMath.sincos_cos, sn = NativeMath.sincos_sin;
    gaussPair(w1, w2);
    storePoint(out, i, s * c + noise * gauss0, s * sn + noise * gauss1);
  }
  advanceBy(state, n);
  return out;
}

/**
 * Two interleaving half circles (scikit-learn's make_moons, with i.i.d. points):
 * moon 0 is (cos θ, sin θ), moon 1 is (1 − cos θ, ½ − sin θ), θ uniform in
 * [0, π], each moon with probability ½, plus noise·N(0, I₂). Words per point:
 * moon, θ, two for the normals. out n×2 f32; labels i32[n] (moon id, may be 0 to skip);
 * state advanced by n blocks.
 */
export function toyMoons(out: usize, labels: usize, n: i32, noise: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const moon = <i32>(out0 >>> 31);
    const w1 = out1, w2 = out2, w3 = out3;
    NativeMath.sincos(PI * unit(w1));
    const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
    gaussPair(w2, w3);
    const x = moon == 0 ? c : 1.0 - c;
    const y = moon == 0 ? s : 0.5 - s;
    storePoint(out, i, x + noise * gauss0, y + noise * gauss1);
    storeLabel(labels, i, moon);
  }
  advanceBy(state, n);
  return out;
}

/**
 * Two concentric circles (scikit-learn's make_circles, with i.i.d. points):
 * circle 0 has radius 1, circle 1 radius `factor`, each with probability ½,
 * angle uniform in [0, 2π), plus noise·N(0, I₂). Words per point: circle,
 * angle, two for the normals. out n×2 f32; labels i32[n] (circle id, may be 0);
 * state advanced by n blocks.
 */
export function toyCircles(out: usize, labels: usize, n: i32, factor: f64, noise: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const circle = <i32>(out0 >>> 31);
    const w1 = out1, w2 = out2, w3 = out3;
    NativeMath.sincos(TWO_PI * unit(w1));
    const r = circle == 0 ? 1.0 : factor;
    const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
    gaussPair(w2, w3);
    storePoint(out, i, r * c + noise * gauss0, r * s + noise * gauss1);
    storeLabel(labels, i, circle);
  }
  advanceBy(state, n);
  return out;
}

/**
 * Equal mixture of 8 isotropic Gaussians N(μ_k, std²·I₂), μ_k = radius·(cos kπ/4, sin kπ/4),
 * k = 0..7. Words per point: k (top three bits), one unused, two for the normals.
 * out n×2 f32; labels i32[n] (k, may be 0); state advanced by n blocks.
 */
export function toyEightGaussians(out: usize, labels: usize, n: i32, radius: f64, std: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const k = <i32>(out0 >>> 29);
    const w2 = out2, w3 = out3;
    NativeMath.sincos(<f64>k * (PI / 4.0));
    const cx = radius * NativeMath.sincos_cos, cy = radius * NativeMath.sincos_sin;
    gaussPair(w2, w3);
    storePoint(out, i, cx + std * gauss0, cy + std * gauss1);
    storeLabel(labels, i, k);
  }
  advanceBy(state, n);
  return out;
}

/**
 * Exact log-density of the toyEightGaussians mixture, in f64:
 * log p(y) = logΣ_k exp(−‖y − μ_k‖²/(2·std²)) − log 8 − log(2π·std²), the sum taken
 * around its largest term. Y n×2 f32 (row-major), out f32[n]; std > 0.
 */
export function eightGaussiansLogDensity(out: usize, Y: usize, n: i32, radius: f64, std: f64): usize {
  // scratch: centre x[8], centre y[8], exponents[8] (f64)
  const cs = allocBytes(24 * 8);
  for (let k = 0; k < 8; k++) {
    NativeMath.sincos(<f64>k * (PI / 4.0));
    store<f64>(cs + (<usize>k << 3), radius * NativeMath.sincos_cos);
    store<f64>(cs + (<usize>k << 3), radius * NativeMath.sincos_sin, 64);
  }
  const e = cs + 128;
  const a = -0.5 / (std * std);
  const norm = LOG_8 + LOG_2PI + 2.0 * Math.log(std);
  for (let i = 0; i < n; i++) {
    const p = Y + (<usize>i << 3);
    const y0 = <f64>load<f32>(p, 0);
    const y1 = <f64>load<f32>(p, 4);
    let m: f64 = -Infinity;
    for (let k = 0; k < 8; k++) {
      const dx = y0 - load<f64>(cs + (<usize>k << 3));
      const dy = y1 - load<f64>(cs + (<usize>k << 3), 64);
      const v = a * (dx * dx + dy * dy);
      store<f64>(e + (<usize>k << 3), v);
      if (v > m) m = v;
    }
    let s: f64 = 0;
    for (let k = 0; k < 8; k++) s += Math.exp(load<f64>(e + (<usize>k << 3)) - m);
    store<f32>(out + (<usize>i << 2), <f32>(m + Math.log(s) - norm));
  }
  heap.free(cs);
  return out;
}

/**
 * The checkerboard of the FFJORD toy data: a 4×4 board of squares of side
 * `squareSize`, centred at the origin ([−2s, 2s]²), with the 8 squares of one
 * colour filled uniformly. Column c = ⌊x/s⌋ + 2 in 0..3; each column holds a
 * lower and an upper square, each with probability ½. Words per point: x, y
 * within the square, lower/upper. out n×2 f32; labels i32[n] (square 2c + upper, 0..7,
 * may be 0); state advanced by n blocks.
 */
export function toyCheckerboard(out: usize, labels: usize, n: i32, squareSize: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const x1 = 4.0 * unit(out0) - 2.0; // in (−2, 2)
    const col = min(<i32>Math.floor(x1) + 2, 3);
    const upper = <i32>(out2 >>> 31);
    // FFJORD: x2 = u − 2·lower + (⌊x1⌋ mod 2): rows [−2,−1) and [0,1), shifted up by one in odd columns
    const x2 = unit(out1) - (upper == 0 ? 2.0 : 0.0) + <f64>(col & 1);
    storePoint(out, i, squareSize * x1, squareSize * x2);
    storeLabel(labels, i, 2 * col + upper);
  }
  advanceBy(state, n);
  return out;
}

/**
 * The pinwheel of Johnson et al. (SVAE, 2016; as in the FFJORD toy data):
 * arm k of `arms` (uniform), f = (1 + radialStd·z₀, tangentialStd·z₁),
 * angle = 2πk/arms + rate·exp(f₀), point = 2·(f₀ cos a + f₁ sin a, −f₀ sin a + f₁ cos a).
 * Words per point: k, one unused, two for the normals. out n×2 f32; labels
 * i32[n] (arm, may be 0); state advanced by n blocks.
 */
export function toyPinwheel(out: usize, labels: usize, n: i32, arms: i32, radialStd: f64, tangentialStd: f64,
                            rate: f64, state: usize): usize {
  const step = TWO_PI / <f64>arms;
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const k = below(out0, <u32>arms);
    const w2 = out2, w3 = out3;
    gaussPair(w2, w3);
    const f0 = 1.0 + radialStd * gauss0;
    const f1 = tangentialStd * gauss1;
    NativeMath.sincos(<f64>k * step + rate * Math.exp(f0));
    const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
    storePoint(out, i, 2.0 * (f0 * c + f1 * s), 2.0 * (f1 * c - f0 * s));
    storeLabel(labels, i, k);
  }
  advanceBy(state, n);
  return out;
}

/**
 * The 2-D swiss roll of the FFJORD toy data (scikit-learn's make_swiss_roll,
 * columns x and z, divided by 5): t = 1.5π·(1 + 2u), point = (t cos t, t sin t)/5
 * + noise·N(0, I₂), so |coordinates| ≤ 0.9π ≈ 2.83 before noise. Words per
 * point: u, two for the normals. out n×2 f32; state advanced by n blocks.
 */
export function toySwissRoll(out: usize, n: i32, noise: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const w0 = out0, w1 = out1, w2 = out2;
    const t = 1.5 * PI * (1.0 + 2.0 * unit(w0));
    NativeMath.sincos(t);
    const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
    gaussPair(w1, w2);
    storePoint(out, i, 0.2 * t * c + noise * gauss0, 0.2 * t * s + noise * gauss1);
  }
  advanceBy(state, n);
  return out;
}

/**
 * The horn: a conditional data set for latent-variable EBMs. x uniform on
 * [0, 1]; y on the ellipse (a(x)·cos t, b(x)·sin t) with t uniform on [0, 2π),
 * a(x) = 0.4 + 0.8x and b(x) = 0.6 − 0.3x (tall and small at x = 0, wide and
 * flat at x = 1), plus noise·N(0, I₂). Every x has a whole curve of answers
 * centred on the origin, so least squares predicts the centre. Words per
 * point: x, t, two for the normals. X f32[n], Y n×2 f32; state advanced by n blocks.
 */
export function toyHorn(X: usize, Y: usize, n: i32, noise: f64, state: usize): usize {
  for (let i = 0; i < n; i++) {
    blockAt(state, <u64>i);
    const w0 = out0, w1 = out1, w2 = out2, w3 = out3;
    const x = <f64>w0 * TWO_POW_M32; // [0, 1)
    NativeMath.sincos(TWO_PI * unit(w1));
    const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
    gaussPair(w2, w3);
    store<f32>(X + (<usize>i << 2), <f32>x);
    storePoint(Y, i, (0.4 + 0.8 * x) * c + noise * gauss0, (0.6 - 0.3 * x) * s + noise * gauss1);
  }
  advanceBy(state, n);
  return Y;
}
