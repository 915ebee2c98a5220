// Pure-TS twin of the Gaussian-mixture EM kernels (assembly/energies/gmm.ts
// gmmPrepare / gmmEStep and assembly/train/gmm.ts gmmMStep), in the kernels'
// operation order and f64 throughout. Not bit-identical: JS Math.exp/log may
// differ from the WASM ones in the last bit, so tests compare with a tolerance.

import { GMM_DIAG, GMM_FULL, GMM_SPHERICAL } from '../../sdk/runtime/abi.js';

// the covariance types and the parameter block's parts, from the one source (assembly/, through the generated ABI)
export { GMM_COVARIANCES, GMM_MEANS, GMM_PARTS, GMM_WEIGHTS } from '../../sdk/runtime/abi.js';
export const FULL = GMM_FULL;
export const DIAG = GMM_DIAG;
export const SPHERICAL = GMM_SPHERICAL;

/** A mixture's parameters, f64: weights k, means k·d, covariances k·d·d (full storage whatever the type), and derived L⁻¹ and log normalizers. */
export interface Mixture {
  k: number;
  d: number;
  weights: Float64Array;
  means: Float64Array;
  covs: Float64Array;
  cholInv: Float64Array;
  logNorm: Float64Array;
}

const HALF_LOG_2PI = 0.9189385332046728;

export function mixture(k: number, d: number, weights: Float64Array, means: Float64Array, covs: Float64Array): Mixture {
  const m = { k, d, weights: weights.slice(), means: means.slice(), covs: covs.slice(), cholInv: new Float64Array(k * d * d), logNorm: new Float64Array(k) };
  if (prepare(m) >= 0) throw new Error('a covariance is not positive definite');
  return m;
}

/** L⁻¹ and log normalizers from weights and covariances; −1 or the first non-PD component. */
export function prepare(m: Mixture): number {
  const { k, d } = m;
  const L = new Float64Array(d * d);
  for (let z = 0; z < k; z++) {
    const S = z * d * d;
    L.fill(0);
    let logdet = 0;
    for (let j = 0; j < d; j++) {
      let s = m.covs[S + j * d + j]!;
      for (let t = 0; t < j; t++) s -= L[j * d + t]! * L[j * d + t]!;
      if (!(s > 0) || !Number.isFinite(s)) return z;
      const dj = Math.sqrt(s);
      L[j * d + j] = dj;
      logdet += Math.log(dj);
      for (let i = j + 1; i < d; i++) {
        let t = m.covs[S + i * d + j]!;
        for (let u = 0; u < j; u++) t -= L[i * d + u]! * L[j * d + u]!;
        L[i * d + j] = t / dj;
      }
    }
    const Li = m.cholInv;
    for (let t = 0; t < d * d; t++) Li[S + t] = 0;
    for (let c = 0; c < d; c++) {
      for (let i = c; i < d; i++) {
        let t = i === c ? 1 : 0;
        for (let u = c; u < i; u++) t -= L[i * d + u]! * Li[S + u * d + c]!;
        Li[S + i * d + c] = t / L[i * d + i]!;
      }
    }
    m.logNorm[z] = Math.log(m.weights[z]!) - d * HALF_LOG_2PI - logdet;
  }
  return -1;
}

/** E-step: resp n×k posteriors (may be null); returns Σ log p(x_i). */
export function eStep(m: Mixture, X: Float32Array, n: number, resp: Float64Array | null): number {
  const { k, d } = m;
  const lp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let z = 0; z < k; z++) {
      const Li = z * d * d;
      let q = 0;
      for (let a = 0; a < d; a++) {
        let t = 0;
        for (let b = 0; b <= a; b++) t += m.cholInv[Li + a * d + b]! * (X[i * d + b]! - m.means[z * d + b]!);
        q += t * t;
      }
      lp[z] = m.logNorm[z]! - 0.5 * q;
      mx = Math.max(mx, lp[z]!);
    }
    let s = 0;
    for (let z = 0; z < k; z++) {
      lp[z] = Math.exp(lp[z]! - mx);
      s += lp[z]!;
    }
    total += mx + Math.log(s);
    if (resp) {
      const inv = 1 / s;
      for (let z = 0; z < k; z++) resp[i * k + z] = lp[z]! * inv;
    }
  }
  return total;
}

/** M-step from resp (n×k), scikit-learn's estimator: n_z + 10ε, weights n_z/n, regCovar on the variances. Returns prepare's answer. */
export function mStep(m: Mixture, X: Float32Array, n: number, resp: Float64Array, covType: number, regCovar: number): number {
  const { k, d } = m;
  m.weights.fill(0);
  m.means.fill(0);
  m.covs.fill(0);
  for (let i = 0; i < n; i++) {
    for (let z = 0; z < k; z++) {
      const w = resp[i * k + z]!;
      m.weights[z]! += w;
      for (let j = 0; j < d; j++) m.means[z * d + j]! += w * X[i * d + j]!;
    }
  }
  for (let z = 0; z < k; z++) {
    const nz = m.weights[z]! + 2.220446049250313e-15;
    m.weights[z] = nz;
    for (let j = 0; j < d; j++) m.means[z * d + j]! /= nz;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let z = 0; z < k; z++) {
      const w = resp[i * k + z]!;
      const S = z * d * d;
      for (let j = 0; j < d; j++) diff[j] = X[i * d + j]! - m.means[z * d + j]!;
      if (covType === FULL) {
        for (let a = 0; a < d; a++) {
          const wa = w * diff[a]!;
          for (let b = 0; b <= a; b++) m.covs[S + a * d + b]! += wa * diff[b]!;
        }
      } else {
        for (let a = 0; a < d; a++) m.covs[S + a * d + a]! += w * diff[a]! * diff[a]!;
      }
    }
  }
  for (let z = 0; z < k; z++) {
    const nz = m.weights[z]!;
    const S = z * d * d;
    if (covType === SPHERICAL) {
      let v = 0;
      for (let a = 0; a < d; a++) v += m.covs[S + a * d + a]! / nz + regCovar;
      v /= d;
      for (let a = 0; a < d; a++) m.covs[S + a * d + a] = v;
    } else {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < a; b++) {
          const v = m.covs[S + a * d + b]! / nz;
          m.covs[S + a * d + b] = v;
          m.covs[S + b * d + a] = v;
        }
        m.covs[S + a * d + a] = m.covs[S + a * d + a]! / nz + regCovar;
      }
    }
    m.weights[z] = nz / n;
  }
  return prepare(m);
}

/** `iterations` EM steps (no early stop); returns the mean log-likelihood before each M-step. */
export function em(m: Mixture, X: Float32Array, n: number, iterations: number, covType: number, regCovar: number): number[] {
  const resp = new Float64Array(n * m.k);
  const lbs: number[] = [];
  for (let it = 0; it < iterations; it++) {
    lbs.push(eStep(m, X, n, resp) / n);
    if (mStep(m, X, n, resp, covType, regCovar) >= 0) throw new Error(`singular covariance at iteration ${it + 1}`);
  }
  return lbs;
}
