// Column statistics in f64.

/** Mean over columns of the (population) variance of each column of X (n×d f32), two-pass in f64. */
export function meanColumnVariance(X: usize, n: i32, d: i32): f64 {
  if (n == 0 || d == 0) return 0;
  let total: f64 = 0;
  for (let j = 0; j < d; j++) {
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += <f64>load<f32>(X + ((<usize>i * <usize>d + <usize>j) << 2));
    const mean = s / <f64>n;
    let v: f64 = 0;
    for (let i = 0; i < n; i++) {
      const e = <f64>load<f32>(X + ((<usize>i * <usize>d + <usize>j) << 2)) - mean;
      v += e * e;
    }
    total += v / <f64>n;
  }
  return total / <f64>d;
}

/** Per-column minimum and maximum of X (n×d f32, n ≥ 1) into lo, hi (f32[d]). */
export function columnBounds(lo: usize, hi: usize, X: usize, n: i32, d: i32): void {
  for (let j = 0; j < d; j++) {
    let a = load<f32>(X + (<usize>j << 2));
    let b = a;
    for (let i = 1; i < n; i++) {
      const v = load<f32>(X + ((<usize>i * <usize>d + <usize>j) << 2));
      a = min(a, v);
      b = max(b, v);
    }
    store<f32>(lo + (<usize>j << 2), a);
    store<f32>(hi + (<usize>j << 2), b);
  }
}
