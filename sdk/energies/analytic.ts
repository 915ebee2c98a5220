// Analytic energies evaluated in WASM, with exact gradients and known
// moments or normalizers (the ground truth of the sampler tests).
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type MatrixLike } from '../matrix.js';
import { heapF32, heapF64, kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOptions } from '../util/validate.js';
import { KIND, WasmEnergy, type DescriptorFields } from './energy.js';
import { checkInternal, INTERNAL, type Internal } from '../util/library-key.js';

const LOG_2PI = 1.8378770664093453; // log(2π)

/** Exact first and second moments of exp(−F)/Z (at β = 1). */
export interface Moments {
  mean: Float64Array;
  /** Marginal variances. */
  variance: Float64Array;
  /** Full covariance (dim × dim, row-major) where known. */
  cov?: Float64Array;
}

function vector(v: unknown, where: string, length?: number): Float64Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<unknown>).length !== 'number') {
    throw new ArgumentError(`${where} must be an array of numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (length !== undefined && a.length !== length) throw new ShapeError(`${where} has length ${a.length}, expected ${length}`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = checkNumber(a[i], `${where}[${i}]`);
  return out;
}

/** A symmetric dim×dim matrix as f64 (checked finite and symmetric within 1e-6 relative). */
function square(m: unknown, where: string, dim: number): Float64Array {
  const x = asMatrix(m as MatrixLike, where);
  if (x.rows !== dim || x.cols !== dim) throw new ShapeError(`${where} has shape ${x.rows}×${x.cols}, expected ${dim}×${dim}`);
  const out = new Float64Array(dim * dim);
  let scale = 0;
  for (let i = 0; i < dim * dim; i++) {
    const v = x.data[i]!;
    if (!Number.isFinite(v)) throw new ArgumentError(`${where}[${Math.floor(i / dim)}][${i % dim}] is ${v}: every value must be finite`, 'NOT_FINITE');
    out[i] = v;
    scale = Math.max(scale, Math.abs(v));
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(out[i * dim + j]! - out[j * dim + i]!) > 1e-6 * scale) {
        throw new ArgumentError(`${where} is not symmetric: [${i}][${j}] = ${out[i * dim + j]} but [${j}][${i}] = ${out[j * dim + i]}`);
      }
    }
  }
  return out;
}

/** Inverts an SPD matrix in WASM: the f32 inverse goes to `out` at element offset; returns log det A. */
function invert(A: Float64Array, dim: number, out: WasmBlock, offset: number, where: string, what: string): number {
  const K = kernels(where);
  return withBlocks((take) => {
    const a = take(new WasmBlock(A.length * 8, where));
    heapF64().set(A, a.ptr >>> 3);
    const at = out.ptr + offset * 4;
    const ld = K.spdInverse(at, a.ptr, dim);
    if (Number.isNaN(ld)) throw new ArgumentError(`${where}: ${what} is not positive definite`);
    // The inverse is kept in f32: every entry must be finite there and every
    // diagonal entry at least the smallest normal f32, or energies become NaN
    // (∞·0) or lose all precision. (A covariance of 1e-40·I passes Cholesky in
    // f64 but its inverse, 1e40·I, is beyond f32.)
    const bad = K.firstNonFinite(at, dim * dim);
    const inv = heapF32().subarray(at >>> 2, (at >>> 2) + dim * dim);
    let tiny = -1;
    for (let i = 0; i < dim && tiny < 0; i++) if (!(inv[i * dim + i]! >= F32_MIN_NORMAL)) tiny = i;
    if (bad >= 0 || tiny >= 0) {
      const v = bad >= 0 ? `its inverse has entry [${Math.floor(bad / dim)}][${bad % dim}] = ${inv[bad]}` : `its inverse has diagonal entry [${tiny}][${tiny}] = ${inv[tiny * dim + tiny]}`;
      throw new ArgumentError(
        `${where}: ${what} is too ill-conditioned for f32: ${v}; every entry of its inverse must lie within ±${F32_MAX} and every diagonal entry of the inverse be ≥ ${F32_MIN_NORMAL} (rescale the data)`,
      );
    }
    return ld;
  });
}

/** The largest finite f32 and the smallest positive normal f32. */
const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;

function f32Block(values: ArrayLike<number>, where: string): WasmBlock {
  const b = new WasmBlock(Math.max(16, values.length * 4), where);
  heapF32().set(values, b.ptr >>> 2);
  return b;
}

function dimOption(v: unknown, where: string, dflt: number, min: number): number {
  return checkInteger(v ?? dflt, where, min, 1 << 16);
}

// ---- Gaussian ------------------------------------------------------------------

export interface GaussianOptions {
  mean: ArrayLike<number>;
  /** Covariance Σ (dim × dim, symmetric positive definite). Give this or `precision`. */
  cov?: MatrixLike;
  /** Precision P = Σ⁻¹. */
  precision?: MatrixLike;
}

/** F(y) = ½ (y − μ)ᵀ Σ⁻¹ (y − μ). */
export class GaussianEnergy extends WasmEnergy {
  readonly name = 'gaussian';
  /** log ∫ exp(−F) dy = ½ (dim·log 2π + log det Σ). */
  readonly logZ: number;
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;

  /** Use energies.gaussian: the first argument is a key only the library holds (not stripped from the types, so `new` without it does not type-check). */
  constructor(token: Internal, fields: DescriptorFields, params: WasmBlock[], mu: Float64Array, sigma: Float64Array, logdetCov: number) {
    super((checkInternal(token, 'energies.gaussian(options)'), fields), params, 'energies.gaussian');
    this.mu = mu;
    this.sigma = sigma;
    this.logZ = 0.5 * (fields.dim * LOG_2PI + logdetCov);
  }

  moments(): Moments {
    const d = this.dim;
    const variance = new Float64Array(d);
    for (let i = 0; i < d; i++) variance[i] = this.sigma[i * d + i]!;
    return { mean: this.mu.slice(), variance, cov: this.sigma.slice() };
  }
}

export function gaussian(options: GaussianOptions): GaussianEnergy {
  const where = 'energies.gaussian';
  checkOptions(options, `${where}(options)`, ['mean', 'cov', 'precision']);
  if (options === undefined) throw new ArgumentError(`${where}(options): { mean, cov } or { mean, precision } is required`);
  const mu = vector(options.mean, `${where}: mean`);
  const dim = mu.length;
  if (dim < 1) throw new ShapeError(`${where}: mean is empty; the dimension must be ≥ 1`);
  if ((options.cov === undefined) === (options.precision === undefined)) {
    throw new ArgumentError(`${where}: give exactly one of cov and precision`);
  }
  kernels(where);
  const meanB = f32Block(mu, where);
  const P = new WasmBlock(dim * dim * 4, where);
  try {
    let sigma: Float64Array;
    let logdetCov: number;
    if (options.cov !== undefined) {
      sigma = square(options.cov, `${where}: cov`, dim);
      logdetCov = invert(sigma, dim, P, 0, where, 'cov');
    } else {
      const prec = square(options.precision, `${where}: precision`, dim);
      const covB = new WasmBlock(dim * dim * 4, where);
      try {
        logdetCov = -invert(prec, dim, covB, 0, where, 'precision');
        sigma = Float64Array.from(covB.f32(dim * dim));
      } finally {
        covB.free();
      }
      heapF32().set(prec, P.ptr >>> 2);
      const bad = kernels(where).firstNonFinite(P.ptr, dim * dim);
      if (bad >= 0) {
        throw new ArgumentError(`${where}: precision[${Math.floor(bad / dim)}][${bad % dim}] = ${prec[bad]} is beyond f32 range (±${F32_MAX})`);
      }
    }
    return new GaussianEnergy(INTERNAL, { kind: KIND.gaussian, dim, p: [meanB.ptr, P.ptr] }, [meanB, P], mu, sigma, logdetCov);
  } catch (e) {
    meanB.free();
    P.free();
    throw e;
  }
}

// ---- Mixture -------------------------------------------------------------------

export interface MixtureOptions {
  /** Positive weights (normalized here). */
  weights: ArrayLike<number>;
  /** K × dim component means. */
  means: MatrixLike;
  /** K covariances, each dim × dim. */
  covs: ArrayLike<MatrixLike>;
}

/** F(y) = −log Σ_k w_k N(y; μ_k, Σ_k): exp(−F) is the normalized mixture density. */
export class MixtureEnergy extends WasmEnergy {
  readonly name = 'mixture';
  /** exp(−F) is normalized: log Z = 0. */
  readonly logZ = 0;
  private readonly w: Float64Array;
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;

  /** Use energies.mixture: the first argument is a key only the library holds (not stripped from the types, so `new` without it does not type-check). */
  constructor(token: Internal, fields: DescriptorFields, params: WasmBlock[], w: Float64Array, mus: Float64Array, sigmas: Float64Array) {
    super((checkInternal(token, 'energies.mixture(options)'), fields), params, 'energies.mixture');
    this.w = w;
    this.mus = mus;
    this.sigmas = sigmas;
  }

  get components(): number {
    return this.w.length;
  }

  moments(): Moments {
    const d = this.dim;
    const K = this.w.length;
    const mean = new Float64Array(d);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) mean[i] = mean[i]! + this.w[k]! * this.mus[k * d + i]!;
    const cov = new Float64Array(d * d);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const m = (this.mus[k * d + i]! - mean[i]!) * (this.mus[k * d + j]! - mean[j]!);
          cov[i * d + j] = cov[i * d + j]! + this.w[k]! * (this.sigmas[k * d * d + i * d + j]! + m);
        }
      }
    }
    const variance = new Float64Array(d);
    for (let i = 0; i < d; i++) variance[i] = cov[i * d + i]!;
    return { mean, variance, cov };
  }
}

export function mixture(options: MixtureOptions): MixtureEnergy {
  const where = 'energies.mixture';
  checkOptions(options, `${where}(options)`, ['weights', 'means', 'covs']);
  if (options === undefined) throw new ArgumentError(`${where}(options): { weights, means, covs } is required`);
  const w = vector(options.weights, `${where}: weights`);
  const K = w.length;
  if (K < 1) throw new ShapeError(`${where}: weights is empty; at least one component is needed`);
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (!(w[k]! > 0)) throw new ArgumentError(`${where}: weights[${k}] must be > 0, got ${w[k]}`);
    total += w[k]!;
  }
  if (!Number.isFinite(total)) {
    // weights near the f64 maximum overflow their sum: scale by the largest first
    // (only then, so finite sums keep their bits)
    let top = 0;
    for (let k = 0; k < K; k++) top = Math.max(top, w[k]!);
    total = 0;
    for (let k = 0; k < K; k++) {
      w[k] = w[k]! / top;
      total += w[k]!;
    }
  }
  for (let k = 0; k < K; k++) w[k] = w[k]! / total;
  const means = asMatrix(options.means, `${where}: means`);
  if (means.rows !== K) throw new ShapeError(`${where}: means has ${means.rows} rows, expected one per weight (${K})`);
  const dim = means.cols;
  if (dim < 1) throw new ShapeError(`${where}: means has no columns`);
  for (let i = 0; i < means.data.length; i++) {
    if (!Number.isFinite(means.data[i]!)) throw new ArgumentError(`${where}: means[${Math.floor(i / dim)}][${i % dim}] is ${means.data[i]}: every value must be finite`, 'NOT_FINITE');
  }
  const covs = options.covs;
  if (covs === null || typeof covs !== 'object' || covs.length !== K) {
    throw new ShapeError(`${where}: covs must be an array of ${K} matrices (one per weight), got ${describe(covs)}`);
  }
  kernels(where);
  const blocks: WasmBlock[] = [];
  try {
    const sigmas = new Float64Array(K * dim * dim);
    const P = new WasmBlock(K * dim * dim * 4, where);
    blocks.push(P);
    const params = new WasmBlock(K * 16, where);
    blocks.push(params);
    const pairs = new Float64Array(2 * K);
    for (let k = 0; k < K; k++) {
      const S = square(covs[k], `${where}: covs[${k}]`, dim);
      sigmas.set(S, k * dim * dim);
      pairs[2 * k] = w[k]!;
      pairs[2 * k + 1] = invert(S, dim, P, k * dim * dim, where, `covs[${k}]`);
    }
    heapF64().set(pairs, params.ptr >>> 3);
    const mu = f32Block(means.data, where);
    blocks.push(mu);
    return new MixtureEnergy(
      INTERNAL,
      { kind: KIND.mixture, dim, p: [params.ptr, mu.ptr, P.ptr], i: [K] },
      blocks, w, Float64Array.from(means.data), sigmas,
    );
  } catch (e) {
    for (const b of blocks) b.free();
    throw e;
  }
}

// ---- one-line energies -----------------------------------------------------------

class SimpleEnergy extends WasmEnergy {
  readonly name: string;
  readonly logZ: number | undefined;
  private readonly exact: Moments | undefined;
  /** @internal */
  constructor(name: string, fields: DescriptorFields, logZ: number | undefined, exact: Moments | undefined) {
    super(fields, [], `energies.${name}`);
    this.name = name;
    this.logZ = logZ;
    this.exact = exact;
  }
  /** Exact moments where they have a closed form; undefined otherwise. */
  moments(): Moments | undefined {
    return this.exact && { mean: this.exact.mean.slice(), variance: this.exact.variance.slice() };
  }
}
export type { SimpleEnergy };

export interface DoubleWellOptions {
  /** Dimension (≥ 1). Default 2. */
  dim?: number;
  /** Barrier height h at y₀ = 0 (> 0). Default 1. */
  barrier?: number;
}

/** F(y) = h·(y₀² − 1)² + ½ Σ_{j≥1} y_j²: two wells at y₀ = ±1. */
export function doubleWell(options: DoubleWellOptions = {}): SimpleEnergy {
  const where = 'energies.doubleWell';
  checkOptions(options, `${where}(options)`, ['dim', 'barrier']);
  const dim = dimOption(options.dim, `${where}: dim`, 2, 1);
  const h = checkNumber(options.barrier ?? 1, `${where}: barrier`, { min: 0, exclusiveMin: true });
  kernels(where);
  return new SimpleEnergy('doubleWell', { kind: KIND.doubleWell, dim, f: [h] }, undefined, undefined);
}

export interface BananaOptions {
  /** Dimension (≥ 2). Default 2. */
  dim?: number;
  /** Standard deviation σ of y₀. Default 2. */
  sigma?: number;
  /** Curvature b of the valley y₁ ≈ b·y₀². Default 0.5. */
  curvature?: number;
}

/**
 * The banana (twisted Gaussian, a Rosenbrock-shaped valley): y₀ ~ N(0, σ²),
 * y₁ | y₀ ~ N(b·y₀², 1), the rest N(0, 1).
 * F = y₀²/(2σ²) + ½ (y₁ − b·y₀²)² + ½ Σ_{j≥2} y_j². E y₁ = bσ², Var y₁ = 1 + 2b²σ⁴.
 */
export function banana(options: BananaOptions = {}): SimpleEnergy {
  const where = 'energies.banana';
  checkOptions(options, `${where}(options)`, ['dim', 'sigma', 'curvature']);
  const dim = dimOption(options.dim, `${where}: dim`, 2, 2);
  const sigma = checkNumber(options.sigma ?? 2, `${where}: sigma`, { min: 0, exclusiveMin: true });
  const b = checkNumber(options.curvature ?? 0.5, `${where}: curvature`);
  kernels(where);
  const mean = new Float64Array(dim);
  const variance = new Float64Array(dim).fill(1);
  mean[1] = b * sigma * sigma;
  variance[0] = sigma * sigma;
  variance[1] = 1 + 2 * b * b * sigma ** 4;
  const logZ = Math.log(sigma) + (dim / 2) * LOG_2PI;
  return new SimpleEnergy('banana', { kind: KIND.banana, dim, f: [sigma, b] }, logZ, { mean, variance });
}

export interface FunnelOptions {
  /** Dimension (≥ 2): y₀ = v and dim − 1 coordinates x. Default 10. */
  dim?: number;
  /** Standard deviation of v. Default 3. */
  scale?: number;
}

/**
 * Neal's funnel: v = y₀ ~ N(0, s²), y_j | v ~ N(0, e^v).
 * F = v²/(2s²) + Σ_{j≥1} (½ y_j² e^{−v} + ½ v). Var y_j = e^{s²/2}.
 */
export function funnel(options: FunnelOptions = {}): SimpleEnergy {
  const where = 'energies.funnel';
  checkOptions(options, `${where}(options)`, ['dim', 'scale']);
  const dim = dimOption(options.dim, `${where}: dim`, 10, 2);
  const s = checkNumber(options.scale ?? 3, `${where}: scale`, { min: 0, exclusiveMin: true });
  kernels(where);
  const variance = new Float64Array(dim).fill(Math.exp((s * s) / 2));
  variance[0] = s * s;
  const logZ = Math.log(s) + (dim / 2) * LOG_2PI;
  return new SimpleEnergy('funnel', { kind: KIND.funnel, dim, f: [s] }, logZ, { mean: new Float64Array(dim), variance });
}

export interface RingOptions {
  /** Dimension (≥ 1). Default 2. */
  dim?: number;
  /** Radius r. Default 2. */
  radius?: number;
  /** Radial standard deviation w. Default 0.2. */
  width?: number;
}

/** F(y) = (‖y‖ − r)² / (2w²): mass near the sphere of radius r; mean 0 by symmetry. */
export function ring(options: RingOptions = {}): SimpleEnergy {
  const where = 'energies.ring';
  checkOptions(options, `${where}(options)`, ['dim', 'radius', 'width']);
  const dim = dimOption(options.dim, `${where}: dim`, 2, 1);
  const r = checkNumber(options.radius ?? 2, `${where}: radius`, { min: 0 });
  const w = checkNumber(options.width ?? 0.2, `${where}: width`, { min: 0, exclusiveMin: true });
  kernels(where);
  return new SimpleEnergy('ring', { kind: KIND.ring, dim, f: [r, w] }, undefined, undefined);
}
