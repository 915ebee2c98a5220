// The horn: a conditional toy for latent-variable EBMs (assembly/datasets/toys.ts).
// Row i depends only on (seed, i): `horn({ n: 100 })` is the first 100 rows of `horn({ n: 1000 })`.
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOptions, seedWords } from '../util/validate.js';

export interface HornOptions {
  /** Number of pairs, an integer ≥ 1. Default 1000. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to y, ≥ 0. Default 0.02. */
  noise?: number;
  /** Non-negative safe integer. Default 0. */
  seed?: number;
}

/** A Philox stream of its own (the toys use 0x64730000 + 1..7). */
const HORN_STREAM = 0x64730000 + 16;

/**
 * x uniform on [0, 1] (an n×1 Matrix) and y ∈ R² (n×2) on the ellipse
 * (a(x)·cos t, b(x)·sin t), t uniform, a(x) = 0.4 + 0.8x, b(x) = 0.6 − 0.3x,
 * plus noise·N(0, I₂): for each x a whole curve of answers around the origin,
 * whose size and shape change with x. `hornCurve(x, t)` gives the noiseless point.
 */
export function horn(options?: HornOptions): { X: Matrix; Y: Matrix } {
  const where = 'datasets.horn';
  checkOptions(options, `${where}(options)`, ['n', 'noise', 'seed']);
  const n = checkInteger(options?.n ?? 1000, `${where}: n`, 1, 1 << 24);
  const noise = checkNumber(options?.noise ?? 0.02, `${where}: noise`, { min: 0 });
  const seed = checkInteger(options?.seed ?? 0, `${where}: seed`, 0);
  const K = kernels(where);
  const [lo, hi] = seedWords(seed);
  return withBlocks((take) => {
    const st = take(new WasmBlock(32, where));
    const X = take(new WasmBlock(n * 4, where));
    const Y = take(new WasmBlock(n * 8, where));
    K.rngInit(st.ptr, lo, hi, HORN_STREAM);
    K.toyHorn(X.ptr, Y.ptr, n, noise, st.ptr);
    const bad = K.firstNonFinite(Y.ptr, 2 * n);
    if (bad >= 0) throw new ArgumentError(`${where}: row ${bad >> 1} came out non-finite: noise ${noise} is too large for f32`, 'NOT_FINITE');
    return { X: { rows: n, cols: 1, data: X.f32(n).slice() }, Y: { rows: n, cols: 2, data: Y.f32(2 * n).slice() } };
  });
}

/** The noiseless horn point for condition x at angle t (for plots and tests). */
export function hornCurve(x: number, t: number): [number, number] {
  return [(0.4 + 0.8 * x) * Math.cos(t), (0.6 - 0.3 * x) * Math.sin(t)];
}
