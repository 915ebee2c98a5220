// The 2-D toy data sets of the EBM and normalizing-flow literature, drawn in
// WASM (assembly/datasets/toys.ts) from Philox keyed by (seed, a stream per
// data set), so the same arguments give the same bytes in every runtime.
//
// Every row is an independent draw that depends only on (seed, row index and
// the shape parameters): `moons({ n: 100, seed })` is the first 100 rows of
// `moons({ n: 1000, seed })`.
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOptions, seedWords } from '../util/validate.js';

/** Points as an n×2 Matrix, and the mixture component of each point where the data set has components. */
export interface ToyData {
  X: Matrix;
  labels?: Int32Array;
}

/** A toy data set with one component label per row. */
export interface LabelledToyData extends ToyData {
  labels: Int32Array;
}

export interface ToyOptions {
  /** Number of points, an integer ≥ 1. Default 1000. */
  n?: number;
  /** Non-negative safe integer. Default 0. */
  seed?: number;
}

export interface SpiralOptions extends ToyOptions {
  /** Standard deviation of the isotropic Gaussian noise added to each point, ≥ 0. Default 0.05. */
  noise?: number;
  /** Number of turns of the arm, > 0. Default 1.5. */
  turns?: number;
}

export interface MoonsOptions extends ToyOptions {
  /** Standard deviation of the Gaussian noise, ≥ 0. Default 0.1. */
  noise?: number;
}

export interface CirclesOptions extends ToyOptions {
  /** Radius of the inner circle (the outer one has radius 1), in [0, 1). Default 0.5. */
  factor?: number;
  /** Standard deviation of the Gaussian noise, ≥ 0. Default 0.05. */
  noise?: number;
}

export interface EightGaussiansOptions extends ToyOptions {
  /** Radius of the circle the 8 centres sit on, ≥ 0. Default 2. */
  radius?: number;
  /** Standard deviation of each component, ≥ 0. Default 0.15. */
  std?: number;
}

export interface CheckerboardOptions extends ToyOptions {
  /** Side of one square, > 0: the 4×4 board covers [−2·squareSize, 2·squareSize]². Default 2. */
  squareSize?: number;
}

export interface PinwheelOptions extends ToyOptions {
  /** Number of arms, an integer ≥ 1. Default 5. */
  arms?: number;
  /** Radial standard deviation (before the ×2 scale), ≥ 0. Default 0.3. */
  radialStd?: number;
  /** Tangential standard deviation (before the ×2 scale), ≥ 0. Default 0.1. */
  tangentialStd?: number;
  /** How strongly the arms twist: angle offset rate·exp(radial coordinate). Any finite number. Default 0.25. */
  rate?: number;
}

export interface SwissRollOptions extends ToyOptions {
  /** Standard deviation of the Gaussian noise, ≥ 0, in output units. Default 0.2. */
  noise?: number;
}

export interface EightGaussiansDensityOptions {
  /** As in eightGaussians. Default 2. */
  radius?: number;
  /** As in eightGaussians, but > 0. Default 0.15. */
  std?: number;
}

const DEFAULT_N = 1000;
/** 2^26 points: X is 512 MiB, under the allocator's 1 GiB block limit. */
const MAX_N = 1 << 26;
/** Streams 0x6473_00kk ('ds', data set kk): apart from the small streams users pick for random.* and models. */
const STREAM_BASE = 0x64730000;

type Kernels = ReturnType<typeof kernels>;

/**
 * Validates n and seed, runs one kernel on a fresh RNG state, checks that the points
 * are finite (huge parameters can overflow f32 or exp) and returns copies.
 */
function draw(
  where: string,
  kind: number,
  n: number,
  seed: number,
  labelled: boolean,
  fill: (K: Kernels, out: number, labels: number, n: number, state: number) => void,
): ToyData {
  const K = kernels(where);
  const [lo, hi] = seedWords(seed);
  return withBlocks((take) => {
    const state = take(new WasmBlock(32, where));
    const out = take(new WasmBlock(n * 8, where));
    const labels = labelled ? take(new WasmBlock(n * 4, where)) : null;
    K.rngInit(state.ptr, lo, hi, STREAM_BASE + kind);
    fill(K, out.ptr, labels ? labels.ptr : 0, n, state.ptr);
    const bad = K.firstNonFinite(out.ptr, 2 * n);
    if (bad >= 0) {
      throw new ArgumentError(
        `${where}: row ${bad >> 1} came out as ${out.f32(2 * n)[bad]}: the shape parameters are too large for f32 coordinates`,
        'NOT_FINITE',
      );
    }
    const X: Matrix = { rows: n, cols: 2, data: out.f32(2 * n).slice() };
    return labels ? { X, labels: labels.i32(n).slice() } : { X };
  });
}

function common(options: ToyOptions | undefined, where: string, keys: readonly string[]): { n: number; seed: number } {
  checkOptions(options, `${where}(options)`, ['n', 'seed', ...keys]);
  const n = checkInteger(options?.n ?? DEFAULT_N, `${where}: n`, 1, MAX_N);
  const seed = checkInteger(options?.seed ?? 0, `${where}: seed`, 0);
  return { n, seed };
}

const nonNegative = { min: 0 };
const positive = { min: 0, exclusiveMin: true };

/**
 * One spiral arm winding out of the origin, like the spiral of LeCun's NYU lecture on
 * energy-based models. With tmax = 2π·turns and u uniform on (0, 1):
 * t = tmax·√u, point = (t/tmax)·(cos t, sin t) + noise·N(0, I₂).
 *
 * Scale: the radius grows linearly from 0 at the centre to 1 at the tip, so points lie in
 * [−1, 1]² before noise. Drawing t = tmax·√u makes the density along the arm close to uniform
 * in arc length (exactly so far from the centre). No labels.
 *
 * Defaults: n 1000, noise 0.05, turns 1.5, seed 0.
 */
export function spiral(options?: SpiralOptions): ToyData {
  const where = 'datasets.spiral';
  const { n, seed } = common(options, where, ['noise', 'turns']);
  const noise = checkNumber(options?.noise ?? 0.05, `${where}: noise`, nonNegative);
  const turns = checkNumber(options?.turns ?? 1.5, `${where}: turns`, positive);
  return draw(where, 1, n, seed, false, (K, out, _l, m, s) => K.toySpiral(out, m, turns, noise, s));
}

/**
 * Two interleaving half circles, as scikit-learn's `make_moons` but with i.i.d. points:
 * label 0 is the upper moon (cos θ, sin θ), label 1 the lower moon (1 − cos θ, ½ − sin θ),
 * θ uniform on [0, π], each moon with probability ½, plus noise·N(0, I₂).
 *
 * Scale: scikit-learn's, x in [−1, 2] and y in [−½, 1] before noise.
 *
 * Defaults: n 1000, noise 0.1, seed 0.
 */
export function moons(options?: MoonsOptions): LabelledToyData {
  const where = 'datasets.moons';
  const { n, seed } = common(options, where, ['noise']);
  const noise = checkNumber(options?.noise ?? 0.1, `${where}: noise`, nonNegative);
  return draw(where, 2, n, seed, true, (K, out, l, m, s) => K.toyMoons(out, l, m, noise, s)) as LabelledToyData;
}

/**
 * Two concentric circles, as scikit-learn's `make_circles` but with i.i.d. points:
 * label 0 is the outer circle (radius 1), label 1 the inner one (radius `factor`), each with
 * probability ½, angle uniform on [0, 2π), plus noise·N(0, I₂).
 *
 * Scale: scikit-learn's, points in [−1, 1]² before noise.
 *
 * Defaults: n 1000, factor 0.5, noise 0.05, seed 0.
 */
export function circles(options?: CirclesOptions): LabelledToyData {
  const where = 'datasets.circles';
  const { n, seed } = common(options, where, ['factor', 'noise']);
  const factor = checkNumber(options?.factor ?? 0.5, `${where}: factor`, nonNegative);
  if (factor >= 1) throw new ArgumentError(`${where}: factor must be in [0, 1) (the inner radius, the outer one being 1), got ${factor}`);
  const noise = checkNumber(options?.noise ?? 0.05, `${where}: noise`, nonNegative);
  return draw(where, 3, n, seed, true, (K, out, l, m, s) => K.toyCircles(out, l, m, factor, noise, s)) as LabelledToyData;
}

/**
 * An equal-weight mixture of 8 isotropic Gaussians N(μ_k, std²·I₂) with centres
 * μ_k = radius·(cos kπ/4, sin kπ/4), k = 0..7 (label = k). Its exact log-density is
 * {@link eightGaussiansLogDensity}.
 *
 * Scale: centres on the circle of the given radius; points within about radius + 4·std.
 *
 * Defaults: n 1000, radius 2, std 0.15, seed 0.
 */
export function eightGaussians(options?: EightGaussiansOptions): LabelledToyData {
  const where = 'datasets.eightGaussians';
  const { n, seed } = common(options, where, ['radius', 'std']);
  const radius = checkNumber(options?.radius ?? 2, `${where}: radius`, nonNegative);
  const std = checkNumber(options?.std ?? 0.15, `${where}: std`, nonNegative);
  return draw(where, 4, n, seed, true, (K, out, l, m, s) => K.toyEightGaussians(out, l, m, radius, std, s)) as LabelledToyData;
}

/**
 * The checkerboard of the FFJORD toy data: a 4×4 board of squares of side `squareSize`
 * centred at the origin, with the 8 squares of one colour filled uniformly (equal weights).
 * With s = squareSize the filled squares are [a, a+s]×[b, b+s] for columns a ∈ {−2s, −s, 0, s}
 * and rows b ∈ {−2s, 0} in even columns, {−s, s} in odd ones (the square at the origin's
 * upper right, [0, s]², is filled). Label = 2·column + upper (column 0..3 from the left, upper
 * 0 or 1), 0..7.
 *
 * Scale: [−2·squareSize, 2·squareSize]², so [−4, 4]² by default.
 *
 * Defaults: n 1000, squareSize 2, seed 0.
 */
export function checkerboard(options?: CheckerboardOptions): LabelledToyData {
  const where = 'datasets.checkerboard';
  const { n, seed } = common(options, where, ['squareSize']);
  const squareSize = checkNumber(options?.squareSize ?? 2, `${where}: squareSize`, positive);
  return draw(where, 5, n, seed, true, (K, out, l, m, s) => K.toyCheckerboard(out, l, m, squareSize, s)) as LabelledToyData;
}

/**
 * The pinwheel of Johnson et al. (2016, "Composing graphical models with neural networks"),
 * as in the FFJORD toy data: arm k uniform among `arms` (label = k), radial and tangential
 * coordinates f = (1 + radialStd·z₀, tangentialStd·z₁) with z ~ N(0, I₂), rotated by
 * a = 2πk/arms + rate·exp(f₀): point = 2·(f₀ cos a + f₁ sin a, f₁ cos a − f₀ sin a).
 *
 * Scale: the radius is 2·|f|, about 2 ± 0.6 by default, so points lie in about [−4, 4]².
 *
 * Defaults: n 1000, arms 5, radialStd 0.3, tangentialStd 0.1, rate 0.25, seed 0.
 */
export function pinwheel(options?: PinwheelOptions): LabelledToyData {
  const where = 'datasets.pinwheel';
  const { n, seed } = common(options, where, ['arms', 'radialStd', 'tangentialStd', 'rate']);
  const arms = checkInteger(options?.arms ?? 5, `${where}: arms`, 1, 1 << 16);
  const radialStd = checkNumber(options?.radialStd ?? 0.3, `${where}: radialStd`, nonNegative);
  const tangentialStd = checkNumber(options?.tangentialStd ?? 0.1, `${where}: tangentialStd`, nonNegative);
  const rate = checkNumber(options?.rate ?? 0.25, `${where}: rate`);
  return draw(where, 6, n, seed, true, (K, out, l, m, s) =>
    K.toyPinwheel(out, l, m, arms, radialStd, tangentialStd, rate, s),
  ) as LabelledToyData;
}

/**
 * The 2-D swiss roll of the FFJORD toy data: scikit-learn's `make_swiss_roll` seen along its
 * axis (columns x and z) and divided by 5. With u uniform on (0, 1): t = 1.5π·(1 + 2u),
 * point = (t cos t, t sin t)/5 + noise·N(0, I₂). The default noise 0.2 is FFJORD's
 * `make_swiss_roll(noise=1.0)` after the division. No labels.
 *
 * Scale: |coordinates| ≤ 0.9π ≈ 2.83 before noise; the radius runs from 0.3π to 0.9π.
 *
 * Defaults: n 1000, noise 0.2, seed 0.
 */
export function swissRoll(options?: SwissRollOptions): ToyData {
  const where = 'datasets.swissRoll';
  const { n, seed } = common(options, where, ['noise']);
  const noise = checkNumber(options?.noise ?? 0.2, `${where}: noise`, nonNegative);
  return draw(where, 7, n, seed, false, (K, out, _l, m, s) => K.toySwissRoll(out, m, noise, s));
}

/**
 * The exact log-density of the {@link eightGaussians} mixture at each row of Y (n×2):
 * log p(y) = log((1/8)·Σ_k N(y; μ_k, std²·I₂)), computed in WASM in f64 as a log-sum-exp
 * around the largest term (finite however far y is), returned as f32. The true density to
 * compare learned models against; its negative is the ideal energy up to a constant.
 *
 * Defaults: radius 2, std 0.15 (those of eightGaussians).
 */
export function eightGaussiansLogDensity(Y: MatrixLike, options?: EightGaussiansDensityOptions): Float32Array {
  const where = 'datasets.eightGaussiansLogDensity';
  checkOptions(options, `${where}(Y, options)`, ['radius', 'std']);
  const radius = checkNumber(options?.radius ?? 2, `${where}: radius`, nonNegative);
  const std = checkNumber(options?.std ?? 0.15, `${where}: std`, positive);
  const y = asMatrix(Y, `${where}: Y`);
  if (y.rows === 0) return new Float32Array(0);
  if (y.cols !== 2) throw new ShapeError(`${where}: Y has ${y.cols} columns, expected 2`);
  const K = kernels(where);
  return withBlocks((take) => {
    const yb = take(matrixBlock(y, `${where}: Y`));
    const out = take(new WasmBlock(y.rows * 4, where));
    K.eightGaussiansLogDensity(out.ptr, yb.ptr, y.rows, radius, std);
    return out.f32(y.rows).slice();
  });
}
