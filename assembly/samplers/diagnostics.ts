// Convergence diagnostics in f64 (Vehtari, Gelman, Simpson, Carpenter &
// Bürkner 2021, "Rank-normalization, folding, and localization"; the formulas
// follow ArviZ's `_ess`, `_rhat`, `_z_scale`, `_split_chains`): split chains,
// autocorrelations pooled over chains, Geyer's initial positive and monotone
// sequences, rank normalization through the normal quantile.
import { scratch, SLOT_DIAG_A, SLOT_DIAG_B, SLOT_DIAG_C, SLOT_FFT } from "../core/scratch";
import { allocBytes } from "../core/memory";

// Acklam's rational approximation of the standard normal quantile (|rel. error| < 1.15e-9).
const A1: f64 = -3.969683028665376e+01, A2: f64 = 2.209460984245205e+02, A3: f64 = -2.759285104469687e+02;
const A4: f64 = 1.383577518672690e+02, A5: f64 = -3.066479806614716e+01, A6: f64 = 2.506628277459239e+00;
const B1: f64 = -5.447609879822406e+01, B2: f64 = 1.615858368580409e+02, B3: f64 = -1.556989798598866e+02;
const B4: f64 = 6.680131188771972e+01, B5: f64 = -1.328068155288572e+01;
const C1: f64 = -7.784894002430293e-03, C2: f64 = -3.223964580411365e-01, C3: f64 = -2.400758277161838e+00;
const C4: f64 = -2.549732539343734e+00, C5: f64 = 4.374664141464968e+00, C6: f64 = 2.938163982698783e+00;
const D1: f64 = 7.784695709041462e-03, D2: f64 = 3.224671290700398e-01, D3: f64 = 2.445134137142996e+00;
const D4: f64 = 3.754408661907416e+00;
const P_LOW: f64 = 0.02425;

export function normalQuantile(p: f64): f64 {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
}

@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** In-place ascending heapsort of n f64 (deterministic; no NaN expected). */
function sortF64(a: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = at(a, 0);
    put(a, 0, at(a, end));
    put(a, end, t);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, i: i32, n: i32): void {
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) return;
    if (c + 1 < n && at(a, c + 1) > at(a, c)) c++;
    if (at(a, i) >= at(a, c)) return;
    const t = at(a, i);
    put(a, i, at(a, c));
    put(a, c, t);
    i = c;
  }
}

/** numpy's default (linear) quantile of a sorted array. */
function quantileSorted(a: usize, n: i32, q: f64): f64 {
  const h = <f64>(n - 1) * q;
  const lo = <i32>Math.floor(h);
  if (lo >= n - 1) return at(a, n - 1);
  return at(a, lo) + (h - <f64>lo) * (at(a, lo + 1) - at(a, lo));
}

/** Replaces the m·n values of x by z-scores of their average ranks: Φ⁻¹((r − 3/8)/(S + 1/4)). */
function zScale(x: usize, total: i32): void {
  const sorted = scratch(SLOT_DIAG_B, <usize>total * 8 + 16);
  memory.copy(sorted, x, <usize>total * 8);
  sortF64(sorted, total);
  const denom = <f64>total + 0.25;
  for (let i = 0; i < total; i++) {
    const v = at(x, i);
    // first index ≥ v and first index > v: ties share the average of ranks lo+1 … hi
    let lo = 0, hi = total;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (at(sorted, mid) < v) lo = mid + 1; else hi = mid; }
    let lo2 = lo, hi2 = total;
    while (lo2 < hi2) { const mid = (lo2 + hi2) >>> 1; if (at(sorted, mid) <= v) lo2 = mid + 1; else hi2 = mid; }
    const rank = 0.5 * (<f64>(lo + 1) + <f64>lo2);
    put(x, i, normalQuantile((rank - 0.375) / denom));
  }
}

// twiddles cos/sin(2πk/N) for k < N/2, cached for the last N
let twN = 0;
let twiddles: usize = 0;

function twiddleTable(N: i32): usize {
  if (twN != N) {
    if (twiddles != 0) heap.free(twiddles);
    // forget the freed table first: an allocation that fails must not leave a dangling cache
    twiddles = 0;
    twN = 0;
    twiddles = allocBytes(<u64>N * 8 + 16);
    for (let k = 0; k < (N >> 1); k++) {
      const a = -6.283185307179586 * <f64>k / <f64>N;
      put(twiddles, 2 * k, Math.cos(a));
      put(twiddles, 2 * k + 1, Math.sin(a));
    }
    twN = N;
  }
  return twiddles;
}

/** In-place iterative radix-2 FFT (forward, unnormalized) of re/im f64[N], N a power of two. */
function fft(re: usize, im: usize, N: i32): void {
  const tw = twiddleTable(N);
  for (let i = 1, j = 0; i < N; i++) {
    let bit = N >> 1;
    for (; (j & bit) != 0; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = at(re, i); put(re, i, at(re, j)); put(re, j, t);
      t = at(im, i); put(im, i, at(im, j)); put(im, j, t);
    }
  }
  for (let len = 2; len <= N; len <<= 1) {
    const half = len >> 1;
    const stride = N / len;
    for (let k = 0; k < half; k++) {
      const wr = at(tw, 2 * k * stride), wi = at(tw, 2 * k * stride + 1);
      for (let i = k; i < N; i += len) {
        const j = i + half;
        const xr = at(re, j) * wr - at(im, j) * wi;
        const xi = at(re, j) * wi + at(im, j) * wr;
        put(re, j, at(re, i) - xr); put(im, j, at(im, i) - xi);
        put(re, i, at(re, i) + xr); put(im, i, at(im, i) + xi);
      }
    }
  }
}

/**
 * acov[t] = mean over the m chains of the biased autocovariance
 * (1/n)·Σ_i (x_i − x̄)(x_{i+t} − x̄), for every lag t < n: the chains' power
 * spectra (zero-padded to ≥ 2n) are summed, then transformed back once.
 */
function meanAcovAll(x: usize, m: i32, n: i32, means: usize, acov: usize): void {
  let N = 1;
  while (N < 2 * n) N <<= 1;
  const re = scratch(SLOT_FFT, <usize>N * 24 + 16);
  const im = re + <usize>N * 8;
  const power = im + <usize>N * 8;
  memory.fill(power, 0, <usize>N * 8);
  for (let c = 0; c < m; c++) {
    const row = x + <usize>c * <usize>n * 8;
    const mu = at(means, c);
    for (let i = 0; i < N; i++) {
      put(re, i, i < n ? at(row, i) - mu : 0);
      put(im, i, 0);
    }
    fft(re, im, N);
    for (let i = 0; i < N; i++) put(power, i, at(power, i) + at(re, i) * at(re, i) + at(im, i) * at(im, i));
  }
  memory.copy(re, power, <usize>N * 8);
  memory.fill(im, 0, <usize>N * 8);
  fft(re, im, N); // the summed power spectrum is real and even: the forward transform is N × the inverse
  const scale = 1.0 / (<f64>N * <f64>n * <f64>m);
  for (let t = 0; t < n; t++) put(acov, t, at(re, t) * scale);
}

/** Mean biased autocovariance at one lag, directly: O(m·n). */
function meanAcovAt(x: usize, m: i32, n: i32, means: usize, t: i32): f64 {
  let total: f64 = 0;
  for (let c = 0; c < m; c++) {
    const row = x + <usize>c * <usize>n * 8;
    const mu = at(means, c);
    let s: f64 = 0;
    for (let i = 0; i + t < n; i++) s += (at(row, i) - mu) * (at(row, i + t) - mu);
    total += s / <f64>n;
  }
  return total / <f64>m;
}

// Lags are computed on demand: directly while few are needed (well-mixing
// chains stop after a handful), then all at once by FFT. Both give the same
// value up to round-off, so the choice changes the last bits only.
const DIRECT_LAGS = 48;
let lagsHave = -1;
let lagX: usize = 0, lagM = 0, lagN = 0, lagMeans: usize = 0, lagAcov: usize = 0;

function lag(t: i32): f64 {
  if (t > lagsHave) {
    if (t < DIRECT_LAGS) {
      for (let k = lagsHave + 1; k <= t; k++) put(lagAcov, k, meanAcovAt(lagX, lagM, lagN, lagMeans, k));
      lagsHave = t;
    } else {
      meanAcovAll(lagX, lagM, lagN, lagMeans, lagAcov);
      lagsHave = lagN - 1;
    }
  }
  return at(lagAcov, t);
}

/** Effective sample size of m chains × n draws (f64, chain-major) as ArviZ's `_ess`. */
export function essOf(x: usize, m: i32, n: i32): f64 {
  const total = m * n;
  let lo: f64 = Infinity, hi: f64 = -Infinity;
  for (let i = 0; i < total; i++) {
    const v = at(x, i);
    if (!isFinite(v)) return NaN;
    lo = min(lo, v);
    hi = max(hi, v);
  }
  if (n < 4) return NaN;
  if (hi - lo < 1e-15) return <f64>total; // constant: every draw is as good as independent
  const rho = scratch(SLOT_DIAG_C, <usize>(n + 2) * 16 + <usize>m * 8 + 16);
  const acov = rho + <usize>(n + 2) * 8;
  const means = acov + <usize>(n + 2) * 8;
  memory.fill(rho, 0, <usize>(n + 2) * 8);
  let grand: f64 = 0;
  for (let c = 0; c < m; c++) {
    let s: f64 = 0;
    const row = x + <usize>c * <usize>n * 8;
    for (let i = 0; i < n; i++) s += at(row, i);
    put(means, c, s / <f64>n);
    grand += s / <f64>n;
  }
  grand /= <f64>m;
  const nf = <f64>n;
  lagX = x; lagM = m; lagN = n; lagMeans = means; lagAcov = acov; lagsHave = -1;
  const acov0 = lag(0);
  const meanVar = acov0 * nf / (nf - 1);
  let varPlus = meanVar * (nf - 1) / nf;
  if (m > 1) {
    let b: f64 = 0;
    for (let c = 0; c < m; c++) { const d = at(means, c) - grand; b += d * d; }
    varPlus += b / <f64>(m - 1);
  }
  let rhoEven: f64 = 1;
  let rhoOdd = 1 - (meanVar - lag(1)) / varPlus;
  put(rho, 0, rhoEven);
  put(rho, 1, rhoOdd);
  let t = 1;
  while (t < n - 3 && rhoEven + rhoOdd > 0) {
    rhoEven = 1 - (meanVar - lag(t + 1)) / varPlus;
    rhoOdd = 1 - (meanVar - lag(t + 2)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      put(rho, t + 1, rhoEven);
      put(rho, t + 2, rhoOdd);
    }
    t += 2;
  }
  const maxT = t - 2;
  if (rhoEven > 0) put(rho, maxT + 1, rhoEven);
  t = 1;
  while (t <= maxT - 2) {
    if (at(rho, t + 1) + at(rho, t + 2) > at(rho, t - 1) + at(rho, t)) {
      const v = (at(rho, t - 1) + at(rho, t)) / 2;
      put(rho, t + 1, v);
      put(rho, t + 2, v);
    }
    t += 2;
  }
  let sum: f64 = 0;
  for (let i = 0; i <= maxT; i++) sum += at(rho, i);
  let tau = -1 + 2 * sum + at(rho, maxT + 1);
  const ess = <f64>total;
  tau = max(tau, 1 / Math.log10(ess));
  return ess / tau;
}

/** Potential scale reduction of m chains × n draws: √(((n−1)/n·W + B/n) / W). */
export function rhatOf(x: usize, m: i32, n: i32): f64 {
  if (m < 2 || n < 2) return NaN;
  let meanOfMeans: f64 = 0;
  let w: f64 = 0;
  const means = scratch(SLOT_DIAG_C, <usize>m * 8 + 16);
  for (let c = 0; c < m; c++) {
    const row = x + <usize>c * <usize>n * 8;
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += at(row, i);
    const mu = s / <f64>n;
    put(means, c, mu);
    meanOfMeans += mu;
    let v: f64 = 0;
    for (let i = 0; i < n; i++) { const d = at(row, i) - mu; v += d * d; }
    w += v / <f64>(n - 1);
  }
  meanOfMeans /= <f64>m;
  w /= <f64>m;
  let b: f64 = 0;
  for (let c = 0; c < m; c++) { const d = at(means, c) - meanOfMeans; b += d * d; }
  b = <f64>n * b / <f64>(m - 1);
  if (!(w > 0)) return NaN;
  return Math.sqrt(((<f64>(n - 1) / <f64>n) * w + b / <f64>n) / w);
}

/**
 * Diagnostics of every coordinate of S ([draw][chain][dim] f32, draws ≥ 4).
 * Writes out f64[dim × 8], per coordinate: [bulk ESS, tail ESS, rank-normalized
 * split R̂, MCSE of the mean, ESS of the mean (split, not ranked), standard deviation,
 * mean, 0].
 * With an odd number of draws the middle draw of each chain is left out of the split.
 */
export function chainDiagnostics(out: usize, S: usize, draws: i32, chains: i32, dim: i32): void {
  const n = draws >> 1;
  const m = chains * 2;
  const total = m * n;
  const x = scratch(SLOT_DIAG_A, <usize>total * 8 * 2 + 16);
  const y = x + <usize>total * 8; // work copy
  const sorted = scratch(SLOT_DIAG_B, <usize>total * 8 + 16);
  for (let j = 0; j < dim; j++) {
    // split chains: chain c gives split chains 2c (draws 0..n-1) and 2c+1 (draws draws-n..draws-1)
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < n; i++) {
        const a = load<f32>(S + ((<usize>i * <usize>chains + <usize>c) * <usize>dim + <usize>j) * 4);
        const b = load<f32>(S + ((<usize>(draws - n + i) * <usize>chains + <usize>c) * <usize>dim + <usize>j) * 4);
        put(x, (2 * c) * n + i, <f64>a);
        put(x, (2 * c + 1) * n + i, <f64>b);
      }
    }
    const o = out + <usize>j * 64;
    // mean and sd
    let s: f64 = 0;
    for (let i = 0; i < total; i++) s += at(x, i);
    const mean = s / <f64>total;
    let v: f64 = 0;
    for (let i = 0; i < total; i++) { const d = at(x, i) - mean; v += d * d; }
    const sd = Math.sqrt(v / <f64>(total - 1));
    const essMean = essOf(x, m, n);
    store<f64>(o + 40, sd);
    store<f64>(o + 48, mean);
    store<f64>(o + 56, 0);
    store<f64>(o + 32, essMean);
    store<f64>(o + 24, sd / Math.sqrt(essMean));
    // quantiles for the tail ESS and the median for folding
    memory.copy(sorted, x, <usize>total * 8);
    sortF64(sorted, total);
    const q05 = quantileSorted(sorted, total, 0.05);
    const q95 = quantileSorted(sorted, total, 0.95);
    const med = quantileSorted(sorted, total, 0.5);
    for (let i = 0; i < total; i++) put(y, i, at(x, i) <= q05 ? 1.0 : 0.0);
    const t05 = essOf(y, m, n);
    for (let i = 0; i < total; i++) put(y, i, at(x, i) <= q95 ? 1.0 : 0.0);
    const t95 = essOf(y, m, n);
    store<f64>(o + 8, min(t05, t95));
    // bulk: ranks of the values
    memory.copy(y, x, <usize>total * 8);
    zScale(y, total);
    store<f64>(o, essOf(y, m, n));
    const rBulk = rhatOf(y, m, n);
    // folded: ranks of |x − median|
    for (let i = 0; i < total; i++) put(y, i, Math.abs(at(x, i) - med));
    zScale(y, total);
    const rFold = rhatOf(y, m, n);
    store<f64>(o + 16, max(rBulk, rFold));
  }
}
