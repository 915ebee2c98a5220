// PCA in f64 for reference numbers in tests: the covariance of the training
// rows, its eigenvectors by cyclic Jacobi rotations (exact to f64 round-off for
// the small symmetric matrices used here), and the held-out reconstruction error.
import type { Matrix } from '../sdk/index.node.js';

/** Eigen-decomposition of a symmetric n×n matrix A (row-major, f64): values descending, vectors as columns of V. */
export function symmetricEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/** Mean over the rows of `test` of ‖y − (μ + P Pᵀ(y − μ))‖², P the top-k principal axes of `train`. */
export function pcaError(train: Matrix, test: Matrix, k: number): number {
  const D = train.cols;
  const mu = new Float64Array(D);
  for (let r = 0; r < train.rows; r++) for (let j = 0; j < D; j++) mu[j] = mu[j]! + train.data[r * D + j]! / train.rows;
  const C = new Float64Array(D * D);
  for (let r = 0; r < train.rows; r++) {
    for (let i = 0; i < D; i++) {
      const ei = train.data[r * D + i]! - mu[i]!;
      for (let j = 0; j < D; j++) C[i * D + j] = C[i * D + j]! + (ei * (train.data[r * D + j]! - mu[j]!)) / train.rows;
    }
  }
  const { vectors } = symmetricEigen(C, D);
  let total = 0;
  const e = new Float64Array(D);
  for (let r = 0; r < test.rows; r++) {
    for (let j = 0; j < D; j++) e[j] = test.data[r * D + j]! - mu[j]!;
    let s = 0;
    for (let j = 0; j < D; j++) s += e[j]! ** 2;
    for (let c = 0; c < k; c++) {
      let p = 0;
      for (let j = 0; j < D; j++) p += e[j]! * vectors[j * D + c]!;
      s -= p * p;
    }
    total += s;
  }
  return total / test.rows;
}
