// Fitting a Gaussian mixture by EM (Dempster, Laird & Rubin 1977), in the
// shape of scikit-learn's GaussianMixture: the E-step is energies/gmm.ts
// gmmEStep, the M-step here re-solves weights, means and covariances from the
// responsibilities, adds regCovar to the variances and refreshes L, L⁻¹.
import { GMM_WEIGHTS, GMM_MEANS, GMM_COVARIANCES, gmmPartOffset, gmmPrepare } from "../energies/gmm";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";

export const GMM_FULL: i32 = 0;
export const GMM_DIAG: i32 = 1;
export const GMM_SPHERICAL: i32 = 2;

const TINY: f64 = 2.220446049250313e-15; // 10·eps(f64): scikit-learn adds it to every n_z so no weight is 0

/**
 * M-step: from resp f64[n×k] and X n×d f32, n_z = Σ_i r_iz + 10ε, π_z = n_z/n,
 * μ_z = Σ r_iz x_i / n_z, Σ_z = Σ r_iz (x_i − μ_z)(x_i − μ_z)ᵀ / n_z + regCovar·I,
 * restricted to its diagonal ('diag') or to the mean of that diagonal times I
 * ('spherical'). Sums in f64, row order. Returns gmmPrepare's answer: −1, or
 * the first component whose covariance is not positive definite.
 */
export function gmmMStep(P: usize, X: usize, n: i32, d: i32, k: i32, resp: usize, covType: i32, regCovar: f64): i32 {
  if (covType < GMM_FULL || covType > GMM_SPHERICAL) fail(E_BAD_ARGUMENT, 7);
  const D = <usize>d;
  const K = <usize>k;
  const W = P + <usize>gmmPartOffset(k, d, GMM_WEIGHTS);
  const M = P + <usize>gmmPartOffset(k, d, GMM_MEANS);
  const S = P + <usize>gmmPartOffset(k, d, GMM_COVARIANCES);
  memory.fill(W, 0, K * 8);
  memory.fill(M, 0, K * D * 8);
  memory.fill(S, 0, K * D * D * 8);
  for (let i = 0; i < n; i++) {
    const x = X + <usize>i * D * 4;
    const r = resp + <usize>i * K * 8;
    for (let z: usize = 0; z < K; z++) {
      const w = load<f64>(r + z * 8);
      store<f64>(W + z * 8, load<f64>(W + z * 8) + w);
      const mu = M + z * D * 8;
      for (let j: usize = 0; j < D; j++) store<f64>(mu + j * 8, load<f64>(mu + j * 8) + w * <f64>load<f32>(x + j * 4));
    }
  }
  for (let z: usize = 0; z < K; z++) {
    const nz = load<f64>(W + z * 8) + TINY;
    store<f64>(W + z * 8, nz);
    const mu = M + z * D * 8;
    for (let j: usize = 0; j < D; j++) store<f64>(mu + j * 8, load<f64>(mu + j * 8) / nz);
  }
  const diff = allocBytes(<u64>D * 8 + 16);
  const full = covType == GMM_FULL;
  for (let i = 0; i < n; i++) {
    const x = X + <usize>i * D * 4;
    const r = resp + <usize>i * K * 8;
    for (let z: usize = 0; z < K; z++) {
      const w = load<f64>(r + z * 8);
      const mu = M + z * D * 8;
      const Sz = S + z * D * D * 8;
      for (let j: usize = 0; j < D; j++) store<f64>(diff + j * 8, <f64>load<f32>(x + j * 4) - load<f64>(mu + j * 8));
      if (full) {
        for (let a: usize = 0; a < D; a++) {
          const wa = w * load<f64>(diff + a * 8);
          const row = Sz + a * D * 8;
          for (let b: usize = 0; b <= a; b++) store<f64>(row + b * 8, load<f64>(row + b * 8) + wa * load<f64>(diff + b * 8));
        }
      } else {
        for (let a: usize = 0; a < D; a++) {
          const t = load<f64>(diff + a * 8);
          const p = Sz + (a * D + a) * 8;
          store<f64>(p, load<f64>(p) + w * t * t);
        }
      }
    }
  }
  heap.free(diff);
  for (let z: usize = 0; z < K; z++) {
    const nz = load<f64>(W + z * 8);
    const Sz = S + z * D * D * 8;
    if (covType == GMM_SPHERICAL) {
      let v: f64 = 0;
      for (let a: usize = 0; a < D; a++) v += load<f64>(Sz + (a * D + a) * 8) / nz + regCovar;
      v /= <f64>d;
      for (let a: usize = 0; a < D; a++) store<f64>(Sz + (a * D + a) * 8, v);
    } else {
      for (let a: usize = 0; a < D; a++) {
        for (let b: usize = 0; b < a; b++) {
          const v = load<f64>(Sz + (a * D + b) * 8) / nz;
          store<f64>(Sz + (a * D + b) * 8, v);
          store<f64>(Sz + (b * D + a) * 8, v);
        }
        store<f64>(Sz + (a * D + a) * 8, load<f64>(Sz + (a * D + a) * 8) / nz + regCovar);
      }
    }
    store<f64>(W + z * 8, nz / <f64>n);
  }
  return gmmPrepare(P, k, d);
}

/** Hard responsibilities from labels i32[n] (values in [0, k)) into resp f64[n×k]; the start EM takes after k-means. */
export function gmmRespFromLabels(resp: usize, labels: usize, n: i32, k: i32): void {
  memory.fill(resp, 0, <usize>n * <usize>k * 8);
  for (let i = 0; i < n; i++) {
    const z = load<i32>(labels + (<usize>i << 2));
    if (z < 0 || z >= k) fail(E_BAD_ARGUMENT, 2);
    store<f64>(resp + (<usize>i * <usize>k + <usize>z) * 8, 1);
  }
}
