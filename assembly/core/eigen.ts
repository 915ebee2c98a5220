// Eigen-decomposition of a symmetric matrix in f64 by cyclic Jacobi rotations
// (Golub & Van Loan, "Matrix Computations", 4th ed., §8.5.2, with the
// Rutishauser update of the diagonal). Slower than tridiagonal QL for large D,
// but every rotation is exact-orthogonal, the eigenvectors come out orthonormal
// to f64 round-off and the order of operations is fixed, so results are the
// same bytes everywhere. PCA (train/pca.ts) calls it on a D×D covariance.

import { allocBytes } from "./memory";

const MAX_SWEEPS: i32 = 60;

/**
 * A is D×D row-major f64, symmetric (the upper triangle is read; A is
 * destroyed). Writes the eigenvalues to vals f64[D] in descending order and
 * the matching unit eigenvectors as the ROWS of V (D×D f64), each signed so
 * that its entry of largest magnitude (the first of equals) is positive.
 * Returns the number of sweeps, or −1 if 60 sweeps did not bring the
 * off-diagonal mass to round-off (results are still written).
 */
export function symEigen(vals: usize, V: usize, A: usize, D: i32): i32 {
  const n = <usize>D;
  // W holds the eigenvectors as columns while rotating
  const W = allocBytes(<u64>n * <u64>n * 8 + 16);
  memory.fill(W, 0, n * n * 8);
  for (let i: usize = 0; i < n; i++) store<f64>(W + (i * n + i) * 8, 1);
  let sweeps = -1;
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let off: f64 = 0;
    let diag: f64 = 0;
    for (let p: usize = 0; p < n; p++) {
      diag += Math.abs(load<f64>(A + (p * n + p) * 8));
      for (let q = p + 1; q < n; q++) off += Math.abs(load<f64>(A + (p * n + q) * 8));
    }
    // off-diagonal mass below round-off of the diagonal (or exactly zero)
    if (off == 0 || off <= 1e-300 || off < 2.220446049250313e-16 * 1e-3 * diag) {
      sweeps = sweep - 1;
      break;
    }
    for (let p: usize = 0; p + 1 < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = load<f64>(A + (p * n + q) * 8);
        if (apq == 0) continue;
        const app = load<f64>(A + (p * n + p) * 8);
        const aqq = load<f64>(A + (q * n + q) * 8);
        // t = tan θ, the smaller root of t² + 2τt − 1 = 0 (|θ| ≤ π/4)
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1.0 : -1.0) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        store<f64>(A + (p * n + p) * 8, app - t * apq);
        store<f64>(A + (q * n + q) * 8, aqq + t * apq);
        store<f64>(A + (p * n + q) * 8, 0);
        // rotate rows/columns p and q of the upper triangle
        for (let r: usize = 0; r < n; r++) {
          if (r == p || r == q) continue;
          const arp = r < p ? A + (r * n + p) * 8 : A + (p * n + r) * 8;
          const arq = r < q ? A + (r * n + q) * 8 : A + (q * n + r) * 8;
          const x = load<f64>(arp);
          const y = load<f64>(arq);
          store<f64>(arp, c * x - s * y);
          store<f64>(arq, s * x + c * y);
        }
        for (let r: usize = 0; r < n; r++) {
          const wp = W + (r * n + p) * 8;
          const wq = W + (r * n + q) * 8;
          const x = load<f64>(wp);
          const y = load<f64>(wq);
          store<f64>(wp, c * x - s * y);
          store<f64>(wq, s * x + c * y);
        }
      }
    }
  }
  // selection sort by descending eigenvalue (stable: equal values keep their order)
  const order = allocBytes(<u64>n * 4 + 16);
  for (let i: usize = 0; i < n; i++) store<i32>(order + i * 4, <i32>i);
  for (let i: usize = 0; i < n; i++) {
    let best = i;
    for (let j = i + 1; j < n; j++) {
      const a = load<f64>(A + (<usize>load<i32>(order + j * 4) * (n + 1)) * 8);
      const b = load<f64>(A + (<usize>load<i32>(order + best * 4) * (n + 1)) * 8);
      if (a > b) best = j;
    }
    const t = load<i32>(order + i * 4);
    store<i32>(order + i * 4, load<i32>(order + best * 4));
    store<i32>(order + best * 4, t);
  }
  for (let i: usize = 0; i < n; i++) {
    const col = <usize>load<i32>(order + i * 4);
    store<f64>(vals + i * 8, load<f64>(A + (col * n + col) * 8));
    let big: f64 = 0;
    let sign: f64 = 1;
    for (let r: usize = 0; r < n; r++) {
      const v = load<f64>(W + (r * n + col) * 8);
      if (Math.abs(v) > big) {
        big = Math.abs(v);
        sign = v < 0 ? -1 : 1;
      }
    }
    for (let r: usize = 0; r < n; r++) store<f64>(V + (i * n + r) * 8, sign * load<f64>(W + (r * n + col) * 8));
  }
  heap.free(order);
  heap.free(W);
  return sweeps;
}
