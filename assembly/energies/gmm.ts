// A Gaussian mixture as a latent-variable energy:
// E(y, z) = −log(π_z N(y; μ_z, Σ_z)), so F_β = −(1/β)·log Σ_z exp(−β E(y, z))
// is exactly −log p(y) at β = 1 (the lecture's free energy as an exact
// likelihood) and F∞ = min_z E. Parameters live in one f64 block (layout
// below) so EM (train/gmm.ts) and queries share it. Whatever the covariance
// type, Σ_z is stored as a full D×D matrix with its Cholesky factor L and L⁻¹.
import { allocBytes } from "../core/memory";
import { scratch, SLOT_ENERGY_A, SLOT_ENERGY_B } from "../core/scratch";
import { cursorBegin, cursorEnd, nextUniform, rngNormal } from "../core/rng";
import { descDim, descP0, descI0, descF0 } from "./descriptor";

// parts of the parameter block, in this order (gmmPartOffset gives byte offsets)
export const GMM_WEIGHTS: i32 = 0; // f64[k]
export const GMM_MEANS: i32 = 1; // f64[k×d]
export const GMM_COVARIANCES: i32 = 2; // f64[k×d×d]
export const GMM_CHOL: i32 = 3; // f64[k×d×d], lower L with L Lᵀ = Σ
export const GMM_CHOL_INV: i32 = 4; // f64[k×d×d], lower L⁻¹
export const GMM_LOG_NORM: i32 = 5; // f64[k], log π_z − (d/2)·log 2π − log det L
export const GMM_PARTS: i32 = 6;

const HALF_LOG_2PI: f64 = 0.9189385332046728; // log(2π)/2

/** Byte offset of a part of the parameter block for k components in d dimensions (part = GMM_PARTS: the block's size). */
export function gmmPartOffset(k: i32, d: i32, part: i32): f64 {
  const kk = <f64>k;
  const kd = kk * <f64>d;
  const kdd = kd * <f64>d;
  // words before each part: weights, means, covariances, L, L⁻¹, log normalizers
  let words: f64 = 0;
  if (part > GMM_WEIGHTS) words += kk;
  if (part > GMM_MEANS) words += kd;
  if (part > GMM_COVARIANCES) words += kdd;
  if (part > GMM_CHOL) words += kdd;
  if (part > GMM_CHOL_INV) words += kdd;
  if (part > GMM_LOG_NORM) words += kk;
  return words * 8;
}

@inline function part(P: usize, k: i32, d: i32, which: i32): usize {
  return P + <usize>gmmPartOffset(k, d, which);
}

/**
 * From the weights and covariances: L, L⁻¹ and the log normalizers of every
 * component. Returns −1, or the first component whose covariance is not
 * positive definite (the block is then partly updated; callers keep a copy).
 */
export function gmmPrepare(P: usize, k: i32, d: i32): i32 {
  const D = <usize>d;
  const W = part(P, k, d, GMM_WEIGHTS);
  for (let z = 0; z < k; z++) {
    const S = part(P, k, d, GMM_COVARIANCES) + <usize>z * D * D * 8;
    const L = part(P, k, d, GMM_CHOL) + <usize>z * D * D * 8;
    const Li = part(P, k, d, GMM_CHOL_INV) + <usize>z * D * D * 8;
    memory.fill(L, 0, D * D * 8);
    memory.fill(Li, 0, D * D * 8);
    let logdet: f64 = 0;
    for (let j: usize = 0; j < D; j++) {
      let s = load<f64>(S + (j * D + j) * 8);
      for (let t: usize = 0; t < j; t++) {
        const l = load<f64>(L + (j * D + t) * 8);
        s -= l * l;
      }
      if (!(s > 0) || !isFinite(s)) return z;
      const dj = Math.sqrt(s);
      store<f64>(L + (j * D + j) * 8, dj);
      logdet += Math.log(dj);
      for (let i = j + 1; i < D; i++) {
        let t = load<f64>(S + (i * D + j) * 8);
        for (let u: usize = 0; u < j; u++) t -= load<f64>(L + (i * D + u) * 8) * load<f64>(L + (j * D + u) * 8);
        store<f64>(L + (i * D + j) * 8, t / dj);
      }
    }
    // L⁻¹ column by column: forward substitution of L x = e_c
    for (let c: usize = 0; c < D; c++) {
      for (let i = c; i < D; i++) {
        let t: f64 = i == c ? 1 : 0;
        for (let u = c; u < i; u++) t -= load<f64>(L + (i * D + u) * 8) * load<f64>(Li + (u * D + c) * 8);
        store<f64>(Li + (i * D + c) * 8, t / load<f64>(L + (i * D + i) * 8));
      }
    }
    const w = load<f64>(W + (<usize>z << 3));
    store<f64>(part(P, k, d, GMM_LOG_NORM) + (<usize>z << 3), Math.log(w) - <f64>d * HALF_LOG_2PI - logdet);
  }
  return -1;
}

/**
 * log π_z N(y; μ_z, Σ_z) for every z into lp f64[k]; u f64[d] is work (it ends
 * holding L⁻¹(y − μ_z) of the last z). y f32[d].
 */
@inline function logJoint(lp: usize, u: usize, y: usize, P: usize, k: i32, d: i32): void {
  const D = <usize>d;
  const M = part(P, k, d, GMM_MEANS);
  const Li0 = part(P, k, d, GMM_CHOL_INV);
  const LN = part(P, k, d, GMM_LOG_NORM);
  for (let z = 0; z < k; z++) {
    const mu = M + <usize>z * D * 8;
    const Li = Li0 + <usize>z * D * D * 8;
    let q: f64 = 0;
    for (let i: usize = 0; i < D; i++) {
      let t: f64 = 0;
      for (let j: usize = 0; j <= i; j++) t += load<f64>(Li + (i * D + j) * 8) * (<f64>load<f32>(y + j * 4) - load<f64>(mu + j * 8));
      q += t * t;
    }
    store<f64>(lp + (<usize>z << 3), load<f64>(LN + (<usize>z << 3)) - 0.5 * q);
  }
}

/**
 * E-step over X (n×d f32): resp f64[n×k] (may be 0) gets the posteriors
 * p(z | x), logp f64[n] (may be 0) gets log p(x). Returns Σ_i log p(x_i)
 * (log-sum-exp in f64 around the largest term).
 */
export function gmmEStep(resp: usize, logp: usize, P: usize, X: usize, n: i32, d: i32, k: i32): f64 {
  const lp = allocBytes(<u64>k * 8 + 16);
  const u = allocBytes(<u64>d * 8 + 16);
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    logJoint(lp, u, X + <usize>i * (<usize>d << 2), P, k, d);
    let m: f64 = -Infinity;
    for (let z = 0; z < k; z++) m = max(m, load<f64>(lp + (<usize>z << 3)));
    // one exp per component: the terms are kept and divided by their sum
    let s: f64 = 0;
    for (let z = 0; z < k; z++) {
      const e = Math.exp(load<f64>(lp + (<usize>z << 3)) - m);
      store<f64>(lp + (<usize>z << 3), e);
      s += e;
    }
    const l = m + Math.log(s);
    total += l;
    if (logp != 0) store<f64>(logp + (<usize>i << 3), l);
    if (resp != 0) {
      const r = resp + <usize>i * (<usize>k << 3);
      const inv = 1 / s;
      for (let z = 0; z < k; z++) store<f64>(r + (<usize>z << 3), load<f64>(lp + (<usize>z << 3)) * inv);
    }
  }
  heap.free(u);
  heap.free(lp);
  return total;
}

/**
 * The Energy entry (dispatch.ts): p0 = the parameter block, i0 = k, f0 = β.
 * F_β = −(1/β)·log Σ_z exp(−β E_z) around the minimum (f64); β ≤ 0 or ∞ means F∞ = min_z E_z.
 * ∇F_β = Σ_z softmax(−β E)_z · Σ_z⁻¹(y − μ_z), Σ⁻¹ = L⁻ᵀL⁻¹ (at β = ∞ the winner's, ties to the smaller z).
 */
export function gmmEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const d = descDim(desc);
  const P = descP0(desc);
  const k = descI0(desc);
  const beta = descF0(desc);
  const hard = !(beta > 0) || !isFinite(beta);
  const D = <usize>d;
  const lp = scratch(SLOT_ENERGY_B, <usize>k * 8 + 16);
  const work = scratch(SLOT_ENERGY_A, D * 24 + 16);
  const u = work;
  const g = work + D * 8;
  const v = work + D * 16;
  const M = part(P, k, d, GMM_MEANS);
  const Li0 = part(P, k, d, GMM_CHOL_INV);
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * D * 4;
    logJoint(lp, u, y, P, k, d);
    // E_z = −lp_z; m = min E
    let m: f64 = Infinity;
    let best = 0;
    for (let z = 0; z < k; z++) {
      const e = -load<f64>(lp + (<usize>z << 3));
      if (e < m) {
        m = e;
        best = z;
      }
    }
    let s: f64 = 0;
    if (!hard) {
      for (let z = 0; z < k; z++) {
        const w = Math.exp(-beta * (-load<f64>(lp + (<usize>z << 3)) - m));
        store<f64>(lp + (<usize>z << 3), w);
        s += w;
      }
    }
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>(hard ? m : m - Math.log(s) / beta));
    if (G != 0) {
      memory.fill(g, 0, D * 8);
      for (let z = 0; z < k; z++) {
        const w: f64 = hard ? (z == best ? 1 : 0) : load<f64>(lp + (<usize>z << 3)) / s;
        if (w == 0) continue;
        const mu = M + <usize>z * D * 8;
        const Li = Li0 + <usize>z * D * D * 8;
        // v = L⁻¹(y − μ), then g += w·L⁻ᵀv
        for (let a: usize = 0; a < D; a++) {
          let t: f64 = 0;
          for (let b: usize = 0; b <= a; b++) t += load<f64>(Li + (a * D + b) * 8) * (<f64>load<f32>(y + b * 4) - load<f64>(mu + b * 8));
          store<f64>(v + a * 8, t);
        }
        for (let b: usize = 0; b < D; b++) {
          let t: f64 = 0;
          for (let a = b; a < D; a++) t += load<f64>(Li + (a * D + b) * 8) * load<f64>(v + a * 8);
          store<f64>(g + b * 8, load<f64>(g + b * 8) + w * t);
        }
      }
      const o = G + <usize>i * D * 4;
      for (let b: usize = 0; b < D; b++) store<f32>(o + b * 4, <f32>load<f64>(g + b * 8));
    }
  }
}

/**
 * n exact draws from the mixture: first n·d standard normals (rngNormal), then
 * one uniform per row picks z by the cumulative weights; y = μ_z + L_z ε.
 * out n×d f32, labels i32[n] (may be 0), rng a 32-byte state (advanced).
 */
export function gmmSample(out: usize, labels: usize, P: usize, k: i32, d: i32, n: i32, rng: usize): void {
  const D = <usize>d;
  const eps = allocBytes(<u64>n * <u64>d * 4 + 16);
  rngNormal(eps, n * d, rng);
  const W = part(P, k, d, GMM_WEIGHTS);
  const M = part(P, k, d, GMM_MEANS);
  const L0 = part(P, k, d, GMM_CHOL);
  let total: f64 = 0;
  for (let z = 0; z < k; z++) total += load<f64>(W + (<usize>z << 3));
  cursorBegin(rng);
  for (let i = 0; i < n; i++) {
    const target = nextUniform() * total;
    let z = 0;
    let acc = load<f64>(W);
    while (z < k - 1 && acc <= target) {
      z++;
      acc += load<f64>(W + (<usize>z << 3));
    }
    const e = eps + <usize>i * D * 4;
    const o = out + <usize>i * D * 4;
    const mu = M + <usize>z * D * 8;
    const L = L0 + <usize>z * D * D * 8;
    for (let a: usize = 0; a < D; a++) {
      let t = load<f64>(mu + a * 8);
      for (let b: usize = 0; b <= a; b++) t += load<f64>(L + (a * D + b) * 8) * <f64>load<f32>(e + b * 4);
      store<f32>(o + a * 4, <f32>t);
    }
    if (labels != 0) store<i32>(labels + (<usize>i << 2), z);
  }
  cursorEnd();
  heap.free(eps);
}
