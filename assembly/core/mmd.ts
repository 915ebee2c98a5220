// Maximum mean discrepancy with a Gaussian kernel k(a, b) = exp(−||a − b||² / (2h²))
// (Gretton et al. 2012), the unbiased U-statistic, in f64.

/** MMD²_u between A (n×d) and B (m×d), n, m ≥ 2. */
export function mmd2(A: usize, n: i32, B: usize, m: i32, d: i32, bandwidth: f64): f64 {
  const g = -0.5 / (bandwidth * bandwidth);
  const row = <usize>d << 2;
  let saa: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) saa += Math.exp(g * sq(A + <usize>i * row, A + <usize>j * row, d));
  let sbb: f64 = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) sbb += Math.exp(g * sq(B + <usize>i * row, B + <usize>j * row, d));
  let sab: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sab += Math.exp(g * sq(A + <usize>i * row, B + <usize>j * row, d));
  return 2 * saa / (<f64>n * <f64>(n - 1)) + 2 * sbb / (<f64>m * <f64>(m - 1)) - 2 * sab / (<f64>n * <f64>m);
}

@inline function sq(a: usize, b: usize, d: i32): f64 {
  let s: f64 = 0;
  for (let t = 0; t < d; t++) {
    const e = <f64>load<f32>(a + (<usize>t << 2)) - <f64>load<f32>(b + (<usize>t << 2));
    s += e * e;
  }
  return s;
}
