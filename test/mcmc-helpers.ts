// Shared pieces of the sampler tests: exact Gaussian targets built in f64,
// exact draws, the two-sample Kolmogorov–Smirnov test, and MCSE-based checks.
import { diagnostics, random, type Samples } from '../sdk/index.node.js';

/** Cholesky factor (lower) of an SPD matrix, f64. */
export function cholesky(A: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! ** 2;
    const v = Math.sqrt(s);
    L[j * d + j] = v;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / v;
    }
  }
  return L;
}

/** Q diag(eig) Qᵀ with Q a random rotation (Gram–Schmidt of normal draws); returns cov and the parts. */
export function rotatedCov(eig: number[], seed: number): { cov: Float64Array; Q: Float64Array } {
  const d = eig.length;
  const z = random.normal(d * d, { seed });
  const Q = new Float64Array(d * d); // columns are the basis
  for (let c = 0; c < d; c++) {
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) v[i] = z[c * d + i]!;
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += v[i]! * Q[i * d + p]!;
      for (let i = 0; i < d; i++) v[i] = v[i]! - dot * Q[i * d + p]!;
    }
    let nrm = 0;
    for (let i = 0; i < d; i++) nrm += v[i]! ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < d; i++) Q[i * d + c] = v[i]! / nrm;
  }
  return { cov: fromEig(Q, eig), Q };
}

/** Q diag(eig) Qᵀ. */
export function fromEig(Q: Float64Array, eig: number[]): Float64Array {
  const d = eig.length;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Q[i * d + k]! * eig[k]! * Q[j * d + k]!;
    cov[i * d + j] = s;
  }
  // exact symmetry
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[j * d + i] = cov[i * d + j]!;
  return cov;
}

export function toRows(a: Float64Array, d: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < d; i++) out.push(Array.from(a.subarray(i * d, (i + 1) * d)));
  return out;
}

/** n exact draws of N(mean, cov) (f32 rows). */
export function exactDraws(mean: ArrayLike<number>, cov: Float64Array, n: number, seed: number): Float32Array {
  const d = mean.length;
  const L = cholesky(cov, d);
  const z = random.normal(n * d, { seed });
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) {
    let s = mean[i]!;
    for (let k = 0; k <= i; k++) s += L[i * d + k]! * z[r * d + k]!;
    out[r * d + i] = s;
  }
  return out;
}

/** Two-sample Kolmogorov–Smirnov: statistic and asymptotic p-value (Numerical Recipes' probks). */
export function ks2(a: ArrayLike<number>, b: ArrayLike<number>): { D: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0, j = 0, D = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    D = Math.max(D, Math.abs(i / x.length - j / y.length));
  }
  const en = Math.sqrt((x.length * y.length) / (x.length + y.length));
  const lam = (en + 0.12 + 0.11 / en) * D;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lam * lam);
  return { D, p: Math.min(1, Math.max(0, p)) };
}

/** Samples of g applied coordinate-wise: g(y_j, j). */
export function mapSamples(s: Samples, g: (v: number, j: number) => number): Samples {
  const data = new Float32Array(s.data.length);
  for (let i = 0; i < data.length; i++) data[i] = g(s.data[i]!, i % s.dim);
  return { ...s, data };
}

export interface MomentCheck {
  what: string;
  coord: number;
  estimate: number;
  truth: number;
  mcse: number;
  z: number;
}

/**
 * |mean − truth| and |mean((y − μ)²) − var| in units of their MCSE, per coordinate.
 * MCSE = sd / √ESS of the quantity itself (our diagnostics.mcse).
 */
export function momentChecks(s: Samples, mean: ArrayLike<number>, variance: ArrayLike<number>): MomentCheck[] {
  const out: MomentCheck[] = [];
  const m = diagnostics.summary(s);
  for (let j = 0; j < s.dim; j++) {
    out.push({ what: 'mean', coord: j, estimate: m.mean[j]!, truth: mean[j]!, mcse: m.mcse[j]!, z: Math.abs(m.mean[j]! - mean[j]!) / m.mcse[j]! });
  }
  const sq = diagnostics.summary(mapSamples(s, (v, j) => (v - mean[j]!) ** 2));
  for (let j = 0; j < s.dim; j++) {
    out.push({ what: 'variance', coord: j, estimate: sq.mean[j]!, truth: variance[j]!, mcse: sq.mcse[j]!, z: Math.abs(sq.mean[j]! - variance[j]!) / sq.mcse[j]! });
  }
  return out;
}

export function describeChecks(c: MomentCheck[]): string {
  return c.map((x) => `${x.what}[${x.coord}] ${x.estimate.toPrecision(4)} vs ${x.truth.toPrecision(4)} (mcse ${x.mcse.toPrecision(2)}, z ${x.z.toFixed(2)})`).join('; ');
}
