// Maximum mean discrepancy with a Gaussian kernel k(a, b) = exp(−||a − b||² / (2h²))
// (Gretton et al. 2012), the unbiased U-statistic, in f64.

/** MMD²_u between A (n×d) and B (m×d), n, m ≥ 2. */
export function mmd2(A: usize, n: i32, B: usize, m: i32, d: i32, bandwidth: f64): f64 {
  const g = -0.5 / (bandwidth * bandwidth);
  const row = <usize>d << 2;
  let saa: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) saa += gauss(g, sq(A + <usize>i * row, A + <usize>j * row, d));
  let sbb: f64 = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) sbb += gauss(g, sq(B + <usize>i * row, B + <usize>j * row, d));
  let sab: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sab += gauss(g, sq(A + <usize>i * row, B + <usize>j * row, d));
  return 2 * saa / (<f64>n * <f64>(n - 1)) + 2 * sbb / (<f64>m * <f64>(m - 1)) - 2 * sab / (<f64>n * <f64>m);
}

/**
 * exp(g·d²), with k(a, a) = 1 however small the bandwidth: at h → 0, g = −∞
 * and g·0 would be NaN; the kernel's limit is 1 for equal points, 0 otherwise
 * (which exp(−∞) gives). For finite g, exp(g·0) is 1 already: same bits.
 */
@inline function gauss(g: f64, d2: f64): f64 {
  return d2 == 0 ? 1 : Math.exp(g * d2);
}

@inline function sq(a: usize, b: usize, d: i32): f64 {
  let s: f64 = 0;
  for (let t = 0; t < d; t++) {
    const e = <f64>load<f32>(a + (<usize>t << 2)) - <f64>load<f32>(b + (<usize>t << 2));
    s += e * e;
  }
  return s;
}
