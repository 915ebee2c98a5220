// Fitting PCA exactly: the mean, the covariance in f64 and its eigenvectors
// (core/eigen.ts). The lecture's strategy 1 ("build the machine so that the
// volume of low energy is constant"): only a q-dimensional subspace can have
// zero energy, whatever the data.
import { symEigen } from "../core/eigen";
import { allocBytes } from "../core/memory";

/**
 * X n×d f32 (n ≥ 2). Writes mean f32[d], the q leading principal axes as the
 * rows of comps f32[q×d] (unit length, largest-magnitude entry positive) and
 * every eigenvalue of the covariance Σ(x−μ)(x−μ)ᵀ/(n−1), descending, to
 * variances f64[d]. Sums run in f64 in row order. Returns the Jacobi sweeps
 * (−1: not converged, results still written).
 */
export function pcaFit(mean: usize, comps: usize, variances: usize, X: usize, n: i32, d: i32, q: i32): i32 {
  const D = <usize>d;
  const mu = allocBytes(<u64>D * 8 + 16);
  const C = allocBytes(<u64>D * <u64>D * 8 + 16);
  const V = allocBytes(<u64>D * <u64>D * 8 + 16);
  const r = allocBytes(<u64>D * 8 + 16);
  memory.fill(mu, 0, D * 8);
  memory.fill(C, 0, D * D * 8);
  for (let i = 0; i < n; i++) {
    const x = X + <usize>i * D * 4;
    for (let j: usize = 0; j < D; j++) store<f64>(mu + j * 8, load<f64>(mu + j * 8) + <f64>load<f32>(x + j * 4));
  }
  for (let j: usize = 0; j < D; j++) store<f64>(mu + j * 8, load<f64>(mu + j * 8) / <f64>n);
  // upper triangle of Σ (x−μ)(x−μ)ᵀ, centred with the f64 mean
  for (let i = 0; i < n; i++) {
    const x = X + <usize>i * D * 4;
    for (let j: usize = 0; j < D; j++) store<f64>(r + j * 8, <f64>load<f32>(x + j * 4) - load<f64>(mu + j * 8));
    for (let a: usize = 0; a < D; a++) {
      const ra = load<f64>(r + a * 8);
      const row = C + a * D * 8;
      for (let b = a; b < D; b++) store<f64>(row + b * 8, load<f64>(row + b * 8) + ra * load<f64>(r + b * 8));
    }
  }
  const scale = 1 / <f64>(n - 1);
  for (let a: usize = 0; a < D; a++) {
    for (let b = a; b < D; b++) store<f64>(C + (a * D + b) * 8, load<f64>(C + (a * D + b) * 8) * scale);
  }
  const sweeps = symEigen(variances, V, C, d);
  for (let j: usize = 0; j < D; j++) store<f32>(mean + j * 4, <f32>load<f64>(mu + j * 8));
  for (let t: usize = 0; t < <usize>q * D; t++) store<f32>(comps + t * 4, <f32>load<f64>(V + t * 8));
  heap.free(r);
  heap.free(V);
  heap.free(C);
  heap.free(mu);
  return sweeps;
}
