// Pure-TS twins of the SIMD primitives in assembly/core/ (dot, axpy, gemv,
// gemm, sqdist, logsumexp, stats). Each repeats its kernel's f32 operations in
// the kernel's order, rounding with Math.fround after every one, so results
// are bit-identical; logsumexpRows alone uses JS Math.exp/log (see there).
// Matrices are row-major; rows are addressed by offsets to avoid subarrays.

const f32 = Math.fround;

/**
 * Σ a[i]·b[i] in the kernel's order: four lane sums over the multiples of
 * four, reduced (l0 + l1) + (l2 + l3), then the scalar tail in order.
 */
export function dot(a: Float32Array, b: Float32Array, n: number, aOff = 0, bOff = 0): number {
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    l0 = f32(l0 + f32(a[aOff + i]! * b[bOff + i]!));
    l1 = f32(l1 + f32(a[aOff + i + 1]! * b[bOff + i + 1]!));
    l2 = f32(l2 + f32(a[aOff + i + 2]! * b[bOff + i + 2]!));
    l3 = f32(l3 + f32(a[aOff + i + 3]! * b[bOff + i + 3]!));
  }
  let s = f32(f32(l0 + l1) + f32(l2 + l3));
  for (; i < n; i++) s = f32(s + f32(a[aOff + i]! * b[bOff + i]!));
  return s;
}

/** y[i] += alpha·x[i] in place (elementwise, so order-free). alpha is rounded to f32 as the f32 parameter is. */
export function axpy(y: Float32Array, alpha: number, x: Float32Array, n: number): Float32Array {
  const a = f32(alpha);
  for (let i = 0; i < n; i++) y[i] = f32(y[i]! + f32(a * x[i]!));
  return y;
}

/** y = A·x, A m×n; each row reduces as `dot`. */
export function gemv(A: Float32Array, x: Float32Array, m: number, n: number): Float32Array {
  const y = new Float32Array(m);
  for (let i = 0; i < m; i++) y[i] = dot(A, x, n, i * n, 0);
  return y;
}

/** C = A·B, A m×k, B k×n: every element sums over p in order (the kernel's lanes run over columns). */
export function gemm(A: Float32Array, B: Float32Array, m: number, k: number, n: number): Float32Array {
  const C = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = f32(s + f32(A[i * k + p]! * B[p * n + j]!));
      C[i * n + j] = s;
    }
  }
  return C;
}

/**
 * Σ_t (x[t] − c[t])² in coordinate order (the kernel's `distancesToCentres`,
 * whose lanes run over centres).
 */
export function sqdistOrdered(x: Float32Array, xOff: number, c: Float32Array, cOff: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const e = f32(x[xOff + t]! - c[cOff + t]!);
    s = f32(s + f32(e * e));
  }
  return s;
}

/**
 * Σ_t (a[t] − b[t])² in `sqdistRow`'s order: lanes over coordinates, four lane
 * sums over the multiples of four reduced (l0 + l1) + (l2 + l3), then the tail.
 */
export function sqdistRow(a: Float32Array, aOff: number, b: Float32Array, bOff: number, d: number): number {
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const e0 = f32(a[aOff + i]! - b[bOff + i]!);
    const e1 = f32(a[aOff + i + 1]! - b[bOff + i + 1]!);
    const e2 = f32(a[aOff + i + 2]! - b[bOff + i + 2]!);
    const e3 = f32(a[aOff + i + 3]! - b[bOff + i + 3]!);
    l0 = f32(l0 + f32(e0 * e0));
    l1 = f32(l1 + f32(e1 * e1));
    l2 = f32(l2 + f32(e2 * e2));
    l3 = f32(l3 + f32(e3 * e3));
  }
  let s = f32(f32(l0 + l1) + f32(l2 + l3));
  for (; i < d; i++) {
    const e = f32(a[aOff + i]! - b[bOff + i]!);
    s = f32(s + f32(e * e));
  }
  return s;
}

/** out[i·k + j] = squared distance from row i of X (n×d) to row j of C (k×d), coordinates in order. */
export function sqdist(X: Float32Array, n: number, d: number, C: Float32Array, k: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = sqdistOrdered(X, i * d, C, j * d, d);
  }
  return out;
}

/**
 * Index of the smallest of v[off..off+n), ties to the smallest index, NaN
 * never chosen, 0 when nothing is below +Inf: the scalar scan that
 * `argminRow`'s lanes are built to equal.
 */
export function argmin(v: ArrayLike<number>, n: number, off = 0): { index: number; value: number } {
  let index = 0;
  let value = Infinity;
  for (let j = 0; j < n; j++) {
    if (v[off + j]! < value) {
      value = v[off + j]!;
      index = j;
    }
  }
  return { index, value };
}

/**
 * log Σ_j exp(a[j]) of one row, in f64: the f32 max first, then the f64 sum
 * of exp(a − max) in column order. JS Math.exp/log are the engine's, the
 * kernel's are AssemblyScript's musl port: each may differ in the last f64
 * bit, so the f32 result may differ by one ulp (compare with a tolerance).
 */
export function logsumexpRow(A: Float32Array, off: number, cols: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, A[off + j]!); // NaN-propagating like f32.max
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < cols; j++) s += Math.exp(A[off + j]! - m);
  return m + Math.log(s);
}

/** out[i] = f32(log Σ_j exp(A[i, j])) for A rows×cols. */
export function logsumexpRows(A: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = logsumexpRow(A, i * cols, cols);
  return out;
}

/** Mean over columns of each column's population variance, two-pass in f64 (exact twin: no rounding choices). */
export function meanColumnVariance(X: Float32Array, n: number, d: number): number {
  if (n === 0 || d === 0) return 0;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * d + j]!;
    const mean = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const e = X[i * d + j]! - mean;
      v += e * e;
    }
    total += v / n;
  }
  return total / d;
}
