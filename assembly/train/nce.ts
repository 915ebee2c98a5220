// Noise-contrastive estimation (Gutmann & Hyvärinen 2010; the lecture's
// strategy 3) for a learnable energy: logistic discrimination of data from ν
// noise draws per data row, with the model's log density −F(y) − c and a
// learned log-normalizer c, so that at the optimum exp(−F − c) is a normalized
// density. The noise is a Gaussian fitted to the data (mean and Cholesky
// factor L), whose log density is exact, which NCE needs. One fused step per
// batch: noise, both energy passes, the logistic weights, one weighted
// parameter gradient through energies/learnable.ts, one optimizer update of θ
// and c. Everything a step reads or changes lives in the block, so chunked or
// resumed runs give the same bits.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { rngNormalFast } from "../core/rng";
import { learnableEnergy, learnableNumParams, learnableParamGrad, learnableParams, learnableSync } from "../energies/learnable";
import { sgdStep, adamStep, sumSquaresF64 } from "./optim";
import { OPT_SGD } from "./contrastive";

// ---- the NCE block: i32 / pointer fields, then f64 fields, then the RNG ----
export const NCE_NET = 0; // the learnable model's descriptor
export const NCE_DIM = 4;
export const NCE_BATCH = 8; // B data rows per step
export const NCE_RATIO = 12; // ν noise rows per data row
export const NCE_OPT = 16; // OPT_* (train/contrastive.ts)
export const NCE_OPT_T = 20; // optimizer updates taken
export const NCE_M = 24; // f32[P] first moment / momentum
export const NCE_V = 28; // f32[P] second moment
export const NCE_SCRATCH = 32; // nceScratchLayout below
export const NCE_MEAN = 36; // f32[D] noise mean
export const NCE_CHOL = 40; // f32[D×D] noise Cholesky factor L (lower, row-major)
export const NCE_NESTEROV = 44;
export const NCE_DECOUPLED = 48;
export const NCE_STEP_COUNT = 52; // training steps taken
export const NCE_C = 56; // f32 c, the learned log-normalizer
export const NCE_CM = 60; // f32 c's first moment / momentum
export const NCE_CV = 64; // f32 c's second moment
export const NCE_C_SET = 68; // 0 until the first step sets c from the noise draws
export const NCE_GC = 72; // f32 ∂loss/∂c of the last nceLossGrad
// f64
export const NCE_LR = 80;
export const NCE_BETA1 = 88; // adam β1, or sgd momentum
export const NCE_BETA2 = 96;
export const NCE_EPS = 104;
export const NCE_WD = 112; // weight decay on θ (never on c: c is not a weight)
export const NCE_CLIP = 120; // max global norm of (∇θ, ∂c) (≤ 0: none)
export const NCE_LOG_NORM = 128; // Σ log L_ii + (D/2)·log 2π: −log p_n(y) = ½‖L⁻¹(y − μ)‖² + this
export const NCE_RNG = 160; // 32-byte Philox state
export const NCE_BYTES: i32 = 192;

// stats f64[4] of nceStep (byte offsets)
export const NCE_STATS_BYTES: i32 = 32;
export const NCE_STAT_LOSS: i32 = 0;
export const NCE_STAT_ACCURACY: i32 = 8; // share of data and noise rows the classifier gets right
export const NCE_STAT_GRAD_NORM: i32 = 16;
export const NCE_STAT_OK: i32 = 24; // 1, or 0 when the loss or gradient was not finite (θ and c unchanged)

const LOG_2PI: f64 = 1.8378770664093453;

// scratch (bytes, M = ν·B): lp f64[B + M] (log p_n of data then noise), F f32[B + M],
// w f32[B + M], grad f32[P], rows f32[(B + M)·D] (data then noise), z f32[M·D], u f64[D]
@inline function rowsOf(t: usize): i32 {
  return load<i32>(t + NCE_BATCH) * (1 + load<i32>(t + NCE_RATIO));
}
@inline function lpAt(t: usize): usize { return load<usize>(t + NCE_SCRATCH); }
@inline function fAt(t: usize): usize { return lpAt(t) + (<usize>rowsOf(t) << 3); }
@inline function wAt(t: usize): usize { return fAt(t) + (<usize>rowsOf(t) << 2); }
@inline function gradAt(t: usize): usize { return wAt(t) + (<usize>rowsOf(t) << 2); }
@inline function yAt(t: usize): usize { return gradAt(t) + (<usize>learnableNumParams(load<usize>(t + NCE_NET)) << 2); }
@inline function zAt(t: usize): usize { return yAt(t) + <usize>rowsOf(t) * (<usize>load<i32>(t + NCE_DIM) << 2); }
@inline function uAt(t: usize): usize {
  return zAt(t) + <usize>(load<i32>(t + NCE_BATCH) * load<i32>(t + NCE_RATIO)) * (<usize>load<i32>(t + NCE_DIM) << 2);
}

/** The scratch bytes an NCE block needs (f64: the SDK checks the size before allocating). */
export function nceScratchBytes(B: i32, ratio: i32, D: i32, P: i32): f64 {
  const R = <f64>B * (1 + <f64>ratio);
  return R * 16 + <f64>P * 4 + R * <f64>D * 4 + <f64>B * <f64>ratio * <f64>D * 4 + <f64>D * 8;
}

/**
 * Fits the noise N(μ, Σ) to X (n×D): μ the column means, Σ the covariance
 * (1/n, plus 1e-6·tr Σ/D on the diagonal so a flat direction still has a
 * density), L its Cholesky factor; all sums in f64. Fails when Σ is not
 * positive definite (data with no spread).
 */
export function nceFitNoise(t: usize, X: usize, n: i32): void {
  const D = load<i32>(t + NCE_DIM);
  const mean = load<usize>(t + NCE_MEAN);
  const L = load<usize>(t + NCE_CHOL);
  const rowBytes = <usize>D << 2;
  for (let j = 0; j < D; j++) {
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += <f64>load<f32>(X + <usize>i * rowBytes + (<usize>j << 2));
    store<f32>(mean + (<usize>j << 2), <f32>(s / <f64>n));
  }
  let trace: f64 = 0;
  for (let a = 0; a < D; a++) {
    for (let b = 0; b <= a; b++) {
      const ma = <f64>load<f32>(mean + (<usize>a << 2)), mb = <f64>load<f32>(mean + (<usize>b << 2));
      let s: f64 = 0;
      for (let i = 0; i < n; i++) {
        const r = X + <usize>i * rowBytes;
        s += (<f64>load<f32>(r + (<usize>a << 2)) - ma) * (<f64>load<f32>(r + (<usize>b << 2)) - mb);
      }
      store<f32>(L + (<usize>(a * D + b) << 2), <f32>(s / <f64>n));
      if (a == b) trace += s / <f64>n;
    }
    for (let b = a + 1; b < D; b++) store<f32>(L + (<usize>(a * D + b) << 2), 0);
  }
  const jitter = 1e-6 * trace / <f64>D;
  // in-place Cholesky of the lower triangle, f64 sums
  let logDet: f64 = 0;
  for (let j = 0; j < D; j++) {
    let d = <f64>load<f32>(L + (<usize>(j * D + j) << 2)) + jitter;
    for (let k = 0; k < j; k++) {
      const v = <f64>load<f32>(L + (<usize>(j * D + k) << 2));
      d -= v * v;
    }
    if (!(d > 0)) fail(E_BAD_ARGUMENT, j);
    const ljj = <f32>Math.sqrt(d);
    store<f32>(L + (<usize>(j * D + j) << 2), ljj);
    logDet += Math.log(<f64>ljj);
    for (let i = j + 1; i < D; i++) {
      let s = <f64>load<f32>(L + (<usize>(i * D + j) << 2));
      for (let k = 0; k < j; k++) s -= <f64>load<f32>(L + (<usize>(i * D + k) << 2)) * <f64>load<f32>(L + (<usize>(j * D + k) << 2));
      store<f32>(L + (<usize>(i * D + j) << 2), <f32>(s / <f64>ljj));
    }
  }
  store<f64>(t + NCE_LOG_NORM, logDet + 0.5 * <f64>D * LOG_2PI);
}

/** −log p_n(y) for the f32 row y: ½‖L⁻¹(y − μ)‖² + log norm, by forward substitution in f64. */
function noiseNegLog(t: usize, y: usize, D: i32): f64 {
  const mean = load<usize>(t + NCE_MEAN);
  const L = load<usize>(t + NCE_CHOL);
  let q: f64 = 0;
  const u = uAt(t); // f64[D]: L u = y − μ
  for (let i = 0; i < D; i++) {
    let s = <f64>load<f32>(y + (<usize>i << 2)) - <f64>load<f32>(mean + (<usize>i << 2));
    for (let k = 0; k < i; k++) s -= <f64>load<f32>(L + (<usize>(i * D + k) << 2)) * load<f64>(u + (<usize>k << 3));
    const v = s / <f64>load<f32>(L + (<usize>(i * D + i) << 2));
    store<f64>(u + (<usize>i << 3), v);
    q += v * v;
  }
  return 0.5 * q + load<f64>(t + NCE_LOG_NORM);
}

/** Draws the step's M = ν·B noise rows y = μ + L·z into the rows area after the data, with −log p_n(y) = ½‖z‖² + log norm. */
export function nceDrawNoise(t: usize): void {
  const D = load<i32>(t + NCE_DIM);
  const B = load<i32>(t + NCE_BATCH);
  const M = B * load<i32>(t + NCE_RATIO);
  const mean = load<usize>(t + NCE_MEAN);
  const L = load<usize>(t + NCE_CHOL);
  const z = zAt(t);
  const Y = yAt(t) + <usize>B * (<usize>D << 2);
  const lp = lpAt(t) + (<usize>B << 3);
  rngNormalFast(z, M * D, t + NCE_RNG);
  const logNorm = load<f64>(t + NCE_LOG_NORM);
  for (let r = 0; r < M; r++) {
    const zr = z + <usize>r * (<usize>D << 2);
    const yr = Y + <usize>r * (<usize>D << 2);
    let q: f64 = 0;
    for (let i = 0; i < D; i++) {
      const zi = <f64>load<f32>(zr + (<usize>i << 2));
      q += zi * zi;
      let s: f32 = load<f32>(mean + (<usize>i << 2));
      for (let k = 0; k <= i; k++) s += load<f32>(L + (<usize>(i * D + k) << 2)) * load<f32>(zr + (<usize>k << 2));
      store<f32>(yr + (<usize>i << 2), s);
    }
    store<f64>(lp + (<usize>r << 3), 0.5 * q + logNorm);
  }
}

@inline function softplus(a: f64): f64 {
  return (a > 0 ? a : 0) + Math.log1p(Math.exp(-Math.abs(a)));
}
@inline function sigmoid(a: f64): f64 {
  if (a >= 0) return 1.0 / (1.0 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1.0 + e);
}

/**
 * The NCE loss of the data batch P (B×D) against the noise drawn last, and its
 * gradient: the logit u = −F(y) − c − log p_n(y) − log ν (model against ν·noise),
 * loss = (1/B)·[Σ_data softplus(−u) + Σ_noise softplus(u)]; ∂loss/∂F_r = w_r
 * with w = σ(−u)/B on data and −σ(u)/B on noise, ∂loss/∂θ = Σ_r w_r ∂F_r/∂θ
 * into the scratch gradient and ∂loss/∂c = Σ_r w_r at NCE_GC. Returns the loss;
 * *accuracy (f64) receives the share of rows classified right.
 */
export function nceLossGrad(t: usize, P: usize, accuracy: usize): f64 {
  const net = load<usize>(t + NCE_NET);
  const D = load<i32>(t + NCE_DIM);
  const B = load<i32>(t + NCE_BATCH);
  const R = rowsOf(t);
  const Y = yAt(t);
  const lp = lpAt(t);
  const F = fAt(t);
  const w = wAt(t);
  memory.copy(Y, P, <usize>B * (<usize>D << 2));
  for (let r = 0; r < B; r++) store<f64>(lp + (<usize>r << 3), noiseNegLog(t, Y + <usize>r * (<usize>D << 2), D));
  learnableEnergy(net, F, Y, 0, R);
  const c = <f64>load<f32>(t + NCE_C);
  const logNu = Math.log(<f64>load<i32>(t + NCE_RATIO));
  let loss: f64 = 0, gc: f64 = 0, right: f64 = 0;
  const inv = 1.0 / <f64>B;
  for (let r = 0; r < R; r++) {
    // −log p_n is stored, so u = −F − c + (−log p_n) − log ν
    const u = -<f64>load<f32>(F + (<usize>r << 2)) - c + load<f64>(lp + (<usize>r << 3)) - logNu;
    let wr: f64;
    if (r < B) {
      loss += softplus(-u);
      wr = sigmoid(-u) * inv;
      if (u > 0) right += 1;
    } else {
      loss += softplus(u);
      wr = -sigmoid(u) * inv;
      if (u <= 0) right += 1;
    }
    store<f32>(w + (<usize>r << 2), <f32>wr);
    gc += wr;
  }
  learnableParamGrad(net, gradAt(t), w, Y, 0, R, 0, 0);
  store<f32>(t + NCE_GC, <f32>gc);
  if (accuracy != 0) store<f64>(accuracy, right / <f64>R);
  return loss * inv;
}

/** Pointer to ∂loss/∂θ f32[P] of the last nceLossGrad. */
export function nceGradient(t: usize): usize {
  return gradAt(t);
}

/**
 * One NCE training step on the data batch P (B×D): noise, loss and gradient,
 * one optimizer update of θ and c; stats f64[4] out. At the first step c
 * starts at the importance-sampling estimate log mean_noise exp(−F − log p_n)
 * of log Z, so a randomly initialised model does not spend its first thousands
 * of steps moving c. θ and c change only when loss and gradient are finite.
 */
export function nceStep(t: usize, P: usize, stats: usize): void {
  const net = load<usize>(t + NCE_NET);
  const B = load<i32>(t + NCE_BATCH);
  const np = learnableNumParams(net);
  store<f64>(stats, 1, NCE_STAT_OK);
  nceDrawNoise(t);
  if (load<i32>(t + NCE_C_SET) == 0) {
    const M = B * load<i32>(t + NCE_RATIO);
    const F = fAt(t) + (<usize>B << 2);
    const lp = lpAt(t) + (<usize>B << 3);
    learnableEnergy(net, F, yAt(t) + <usize>B * (<usize>load<i32>(t + NCE_DIM) << 2), 0, M);
    let mx: f64 = -Infinity;
    for (let r = 0; r < M; r++) mx = Math.max(mx, -<f64>load<f32>(F + (<usize>r << 2)) + load<f64>(lp + (<usize>r << 3)));
    let s: f64 = 0;
    for (let r = 0; r < M; r++) s += Math.exp(-<f64>load<f32>(F + (<usize>r << 2)) + load<f64>(lp + (<usize>r << 3)) - mx);
    const c0 = mx + Math.log(s / <f64>M);
    if (isFinite(c0)) store<f32>(t + NCE_C, <f32>c0);
    store<i32>(t + NCE_C_SET, 1);
  }
  const loss = nceLossGrad(t, P, stats + NCE_STAT_ACCURACY);
  const grad = gradAt(t);
  const gc = <f64>load<f32>(t + NCE_GC);
  const norm = Math.sqrt(sumSquaresF64(grad, np) + gc * gc);
  const ok = isFinite(loss) && isFinite(norm);
  if (ok) {
    const clipAt = load<f64>(t + NCE_CLIP);
    const clip = <f32>(clipAt > 0 && norm > clipAt ? clipAt / (norm + 1e-6) : 1.0);
    const step = load<i32>(t + NCE_OPT_T) + 1;
    store<i32>(t + NCE_OPT_T, step);
    const theta = learnableParams(net);
    const lr = <f32>load<f64>(t + NCE_LR);
    const b1 = <f32>load<f64>(t + NCE_BETA1);
    const wd = <f32>load<f64>(t + NCE_WD);
    if (load<i32>(t + NCE_OPT) == OPT_SGD) {
      const nest = load<i32>(t + NCE_NESTEROV);
      sgdStep(theta, grad, load<usize>(t + NCE_M), np, lr, b1, nest, wd, clip, step == 1 ? 1 : 0);
      sgdStep(t + NCE_C, t + NCE_GC, t + NCE_CM, 1, lr, b1, nest, 0, clip, step == 1 ? 1 : 0);
    } else {
      const b2 = <f32>load<f64>(t + NCE_BETA2);
      const eps = <f32>load<f64>(t + NCE_EPS);
      const dec = load<i32>(t + NCE_DECOUPLED);
      adamStep(theta, grad, load<usize>(t + NCE_M), load<usize>(t + NCE_V), np, lr, b1, b2, eps, wd, dec, step, clip);
      adamStep(t + NCE_C, t + NCE_GC, t + NCE_CM, t + NCE_CV, 1, lr, b1, b2, eps, 0, dec, step, clip);
    }
    learnableSync(net);
    if (!isFinite(sumSquaresF64(theta, np)) || !isFinite(load<f32>(t + NCE_C))) store<f64>(stats, 0, NCE_STAT_OK);
  }
  store<i32>(t + NCE_STEP_COUNT, load<i32>(t + NCE_STEP_COUNT) + 1);
  store<f64>(stats, loss, NCE_STAT_LOSS);
  store<f64>(stats, norm, NCE_STAT_GRAD_NORM);
  if (!ok) store<f64>(stats, 0, NCE_STAT_OK);
}

/** The bytes an NCE block needs. */
export function nceBytes(): i32 {
  return NCE_BYTES;
}
