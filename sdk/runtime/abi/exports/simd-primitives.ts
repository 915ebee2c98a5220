// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "SIMD primitives" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * SIMD primitives
 * Twins in bench/baselines/primitives.ts.
 */
export interface SimdPrimitivesExports {
  /**
   * dot(a f32[n], b f32[n], n) → f32
   *
   * Σ a[i]·b[i] for i < n, in f32: four lane sums over the multiples of four,
   * reduced as (l0 + l1) + (l2 + l3), then the scalar tail in order.
   * a, b: f32[n], any alignment.
   * (assembly/core/dot.ts: dot(a: usize, b: usize, n: i32): f32)
   */
  dot(a: number, b: number, n: number): number;
  /**
   * axpy(y f32[n], alpha, x f32[n], n): y += alpha·x
   *
   * y[i] += alpha·x[i] for i < n (f32, elementwise, so order-free). Returns y.
   * (assembly/core/axpy.ts: axpy(y: usize, alpha: f32, x: usize, n: i32): usize)
   */
  axpy(y: number, alpha: number, x: number, n: number): number;
  /**
   * gemv(y f32[m], A m×n, x f32[n], m, n): y = A·x
   *
   * y = A·x with A row-major m×n (f32), x f32[n], y f32[m]; each row reduces as `dot`. Returns y.
   * (assembly/core/gemv.ts: gemv(y: usize, A: usize, x: usize, m: i32, n: i32): usize)
   */
  gemv(y: number, A: number, x: number, m: number, n: number): number;
  /**
   * gemm(C m×n, A m×k, B k×n, m, k, n): C = A·B
   *
   * C = A·B, all row-major f32: A m×k, B k×n, C m×n (C must not alias A or B).
   * Lanes run over columns of C and every element sums over p = 0..k-1 in order,
   * so the result equals the plain triple loop in f32, bit for bit.
   * Returns C.
   * (assembly/core/gemm.ts: gemm(C: usize, A: usize, B: usize, m: i32, k: i32, n: i32): usize)
   */
  gemm(C: number, A: number, B: number, m: number, k: number, n: number): number;
  /**
   * sqdist(out n×k, X n×d, n, d, C k×d, k): squared distances
   *
   * out[i·k + j] = Σ_d (X[i,d] - C[j,d])² for X n×d and C k×d (row-major f32),
   * out n×k. Each entry sums coordinates in order (see distancesToCentres).
   * Returns out.
   * (assembly/core/sqdist.ts: sqdist(out: usize, X: usize, n: i32, d: i32, C: usize, k: i32): usize)
   */
  sqdist(out: number, X: number, n: number, d: number, C: number, k: number): number;
  /**
   * logsumexpRows(out f32[rows], A rows×cols, rows, cols)
   *
   * out[i] = log Σ_j exp(A[i,j]) for A row-major rows×cols (f32), out f32[rows].
   * The max uses SIMD (order-free); the sum runs in f64 in column order.
   * A row of all -Inf gives -Inf. Returns out.
   * (assembly/core/logsumexp.ts: logsumexpRows(out: usize, A: usize, rows: i32, cols: i32): usize)
   */
  logsumexpRows(out: number, A: number, rows: number, cols: number): number;
}

/** The number of parameters of each export above. */
export const simdPrimitivesArity = {
  dot: 3,
  axpy: 4,
  gemv: 5,
  gemm: 6,
  sqdist: 6,
  logsumexpRows: 4,
} as const;

/** The exports above whose result is a usize or u32. */
export const simdPrimitivesUnsigned = [
  'axpy',
  'gemv',
  'gemm',
  'sqdist',
  'logsumexpRows',
] as const;
