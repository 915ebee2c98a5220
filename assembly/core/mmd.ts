// Maximum mean discrepancy with a Gaussian kernel k(a, b) = exp(−||a − b||² / (2h²))
// (Gretton et al. 2012), the unbiased U-statistic, in f64. The three sums run
// by blocks of MMD_BLOCK rows folded in block order, so that workers can take
// the blocks (sdk/metrics.ts) and give the calling thread's bytes.

/** Rows per block of MMD's sums: the unit of its parallel work. */
export const MMD_BLOCK: i32 = 256;

/** MMD²_u between A (n×d) and B (m×d), n, m ≥ 2: the blocks of A, then of B, folded in order. */
export function mmd2(A: usize, n: i32, B: usize, m: i32, d: i32, bandwidth: f64): f64 {
  const g = -0.5 / (bandwidth * bandwidth);
  let saa: f64 = 0, sab: f64 = 0, sbb: f64 = 0;
  for (let first = 0; first < n; first += MMD_BLOCK) {
    const count = min(MMD_BLOCK, n - first);
    saa += ownSum(A, n, d, g, first, count);
    sab += crossSum(A, B, m, d, g, first, count);
  }
  for (let first = 0; first < m; first += MMD_BLOCK) sbb += ownSum(B, m, d, g, first, min(MMD_BLOCK, m - first));
  return mmd2Finish(saa, sbb, sab, n, m);
}

/**
 * One block's partial sums, rows first … first + count − 1 of X (nx×d): out f64[2] =
 * (Σ_i Σ_{j>i} k(x_i, x_j) over X's rows, Σ_i Σ_j k(x_i, z_j) over the nz rows of Z; 0 when nz = 0).
 */
export function mmd2Block(out: usize, X: usize, nx: i32, Z: usize, nz: i32, d: i32, bandwidth: f64, first: i32, count: i32): void {
  const g = -0.5 / (bandwidth * bandwidth);
  store<f64>(out, ownSum(X, nx, d, g, first, count));
  store<f64>(out, nz > 0 ? crossSum(X, Z, nz, d, g, first, count) : 0, 8);
}

/** MMD²_u from the folded sums over the pairs of A (saa), of B (sbb) and across (sab). */
export function mmd2Finish(saa: f64, sbb: f64, sab: f64, n: i32, m: i32): f64 {
  return 2 * saa / (<f64>n * <f64>(n - 1)) + 2 * sbb / (<f64>m * <f64>(m - 1)) - 2 * sab / (<f64>n * <f64>m);
}

function ownSum(X: usize, n: i32, d: i32, g: f64, first: i32, count: i32): f64 {
  const row = <usize>d << 2;
  let s: f64 = 0;
  for (let i = first; i < first + count; i++) for (let j = i + 1; j < n; j++) s += gauss(g, sq(X + <usize>i * row, X + <usize>j * row, d));
  return s;
}

function crossSum(X: usize, Z: usize, nz: i32, d: i32, g: f64, first: i32, count: i32): f64 {
  const row = <usize>d << 2;
  let s: f64 = 0;
  for (let i = first; i < first + count; i++) for (let j = 0; j < nz; j++) s += gauss(g, sq(X + <usize>i * row, Z + <usize>j * row, d));
  return s;
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
