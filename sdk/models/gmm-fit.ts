// Fitting a GaussianMixtureEBM by EM, all in WASM: a k-means++ start refined
// by Lloyd (or a given start), then E- and M-steps until the mean
// log-likelihood changes by less than tol (scikit-learn's rule). The SDK
// validates, runs iterations through the shared run loop and hands the best
// restart back for the model to commit.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { GMM_COVARIANCES, GMM_DIAG, GMM_FULL, GMM_MEANS, GMM_SPHERICAL, GMM_PARTS, GMM_WEIGHTS, KMEANS_STAT_CHANGED, KMEANS_STAT_SHIFT, KMEANS_STATS_BYTES, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF64, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { blockBytes } from '../runtime/sizes.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import type { GaussianMixtureEBM } from './gmm.js';

export type CovarianceType = 'full' | 'diag' | 'spherical';

export interface GaussianMixtureProgress {
  /** Which restart (0-based) of nInit. */
  run: number;
  /** EM iteration, 1-based. */
  iteration: number;
  /** Mean log-likelihood of the training rows before this iteration's M-step (scikit-learn's lower bound). */
  logLikelihood: number;
}

/** A given start: means (k×d) and, optionally, weights (k) and covariances in the model's shape (full k×d×d, diag k×d, spherical k). */
export interface GaussianMixtureInit {
  means: MatrixLike;
  weights?: ArrayLike<number>;
  covariances?: ArrayLike<unknown>;
}

export interface GaussianMixtureFitOptions {
  /** 'k-means++' (default: seeding refined by Lloyd, then one M-step) or a given start (then one run). */
  init?: 'k-means++' | GaussianMixtureInit;
  /** Restarts from different streams of the model's seed; the highest final log-likelihood wins. Default 1. */
  nInit?: number;
  /** EM iterations per run. Default 100. */
  maxIter?: number;
  /** Stop when the mean log-likelihood changes by less than this. Default 1e-3. */
  tol?: number;
  /** Added to every variance so no covariance becomes singular. Default 1e-6; 0 is allowed. */
  regCovar?: number;
  signal?: AbortSignal;
  onProgress?: (p: GaussianMixtureProgress) => void;
}

export interface GaussianMixtureFitResult {
  d: number;
  params: Float64Array;
  lowerBound: number;
  iterations: number;
  converged: boolean;
}

const FIT_KEYS = ['init', 'nInit', 'maxIter', 'tol', 'regCovar', 'signal', 'onProgress'] as const;
export const COVARIANCE_CODE = { full: GMM_FULL, diag: GMM_DIAG, spherical: GMM_SPHERICAL } as const;

/** The parameter block's byte size and the byte offset of a part (GMM_* of assembly/energies/gmm.ts). */
export function gmmLayout(k: number, d: number, where: string): { bytes: number; at: (part: number) => number } {
  blockBytes(where, 8, 5 * k, d, d); // every part fits one block, checked in f64 before any call
  const K = kernels(where);
  return { bytes: K.gmmPartOffset(k, d, GMM_PARTS), at: (part) => K.gmmPartOffset(k, d, part) };
}

/** Writes weights, means and covariances (f64, row-major k·d·d) of a start or a file into P; returns gmmPrepare's answer. */
export function writeParams(P: number, k: number, d: number, weights: Float64Array, means: Float64Array, covs: Float64Array, where: string): number {
  const L = gmmLayout(k, d, where);
  const h = heapF64();
  h.set(weights, (P + L.at(GMM_WEIGHTS)) >>> 3);
  h.set(means, (P + L.at(GMM_MEANS)) >>> 3);
  h.set(covs, (P + L.at(GMM_COVARIANCES)) >>> 3);
  return kernels(where).gmmPrepare(P, k, d);
}

/** Covariances in the model's shape (full k×d×d, diag k×d, spherical k) as full k·d·d f64; throws naming `what`. */
export function expandCovariances(v: unknown, k: number, d: number, type: CovarianceType, what: string): Float64Array {
  const out = new Float64Array(k * d * d);
  const num = (x: unknown, at: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ArgumentError(`${what}${at} is ${describe(x)}: every value must be a finite number`, 'NOT_FINITE');
    return x;
  };
  const arr = (x: unknown, len: number, at: string): ArrayLike<unknown> => {
    if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') throw new ShapeError(`${what}${at} must be an array of ${len}, got ${describe(x)}`);
    const a = x as ArrayLike<unknown>;
    if (a.length !== len) throw new ShapeError(`${what}${at} has length ${a.length}, expected ${len}`);
    return a;
  };
  const top = arr(v, k, '');
  for (let z = 0; z < k; z++) {
    if (type === 'spherical') {
      const s = num(top[z], `[${z}]`);
      for (let a = 0; a < d; a++) out[z * d * d + a * d + a] = s;
    } else if (type === 'diag') {
      const row = arr(top[z], d, `[${z}]`);
      for (let a = 0; a < d; a++) out[z * d * d + a * d + a] = num(row[a], `[${z}][${a}]`);
    } else {
      const m = arr(top[z], d, `[${z}]`);
      for (let a = 0; a < d; a++) {
        const row = arr(m[a], d, `[${z}][${a}]`);
        for (let b = 0; b < d; b++) out[z * d * d + a * d + b] = num(row[b], `[${z}][${a}][${b}]`);
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < a; b++) {
          if (out[z * d * d + a * d + b] !== out[z * d * d + b * d + a]) throw new ArgumentError(`${what}[${z}] is not symmetric (entries [${a}][${b}] and [${b}][${a}] differ)`);
        }
      }
    }
  }
  return out;
}

/** Runs EM on a copy of X; the model is not changed (its fit() commits the result). */
export async function fitGaussianMixture(model: GaussianMixtureEBM, X: MatrixLike, options: GaussianMixtureFitOptions, where: string): Promise<GaussianMixtureFitResult> {
  checkOptions(options, `${where}(X, options)`, FIT_KEYS);
  const x = asMatrix(X, `${where}: X`);
  if (x.rows === 0 || x.cols === 0) throw new ShapeError(`${where}: X has shape ${x.rows}×${x.cols}, expected at least 1 row and 1 column`);
  const k = model.nComponents;
  if (k > x.rows) throw new ArgumentError(`${where}: components = ${k} exceeds the ${x.rows} rows of X`);
  const n = x.rows;
  const d = x.cols;
  const maxIter = checkInteger(options.maxIter ?? 100, `${where}: options.maxIter`, 1);
  const tol = checkNumber(options.tol ?? 1e-3, `${where}: options.tol`, { min: 0 });
  const regCovar = checkNumber(options.regCovar ?? 1e-6, `${where}: options.regCovar`, { min: 0 });
  const signal = checkSignal(options.signal, `${where}: options.signal`);
  const onProgress = checkFunction<(p: GaussianMixtureProgress) => void>(options.onProgress, `${where}: options.onProgress`);
  const type = model.covariance;
  let start: { weights: Float64Array; means: Matrix; covs: Float64Array | null } | null = null;
  const init = options.init ?? 'k-means++';
  if (init !== 'k-means++') {
    if (init === null || typeof init !== 'object' || Array.isArray(init)) throw new ArgumentError(`${where}: options.init must be 'k-means++' or { means, weights?, covariances? }, got ${describe(init)}`);
    checkOptions(init, `${where}: options.init`, ['means', 'weights', 'covariances']);
    const means = asMatrix(init.means, `${where}: options.init.means`);
    if (means.rows !== k || means.cols !== d) throw new ShapeError(`${where}: options.init.means has shape ${means.rows}×${means.cols}, expected components×d = ${k}×${d}`);
    const weights = new Float64Array(k).fill(1 / k);
    if (init.weights !== undefined) {
      const w = init.weights;
      if (w === null || typeof w !== 'object' || w.length !== k) throw new ShapeError(`${where}: options.init.weights must be ${k} numbers, got ${describe(w)}`);
      let sum = 0;
      for (let z = 0; z < k; z++) {
        const v = w[z];
        if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new ArgumentError(`${where}: options.init.weights[${z}] must be a finite number > 0, got ${describe(v)}`);
        weights[z] = v;
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-6) throw new ArgumentError(`${where}: options.init.weights sum to ${sum}, expected 1 (within 1e-6)`);
    }
    const covs = init.covariances === undefined ? null : expandCovariances(init.covariances, k, d, type, `${where}: options.init.covariances`);
    start = { weights, means, covs };
  }
  const nInit = start ? 1 : checkInteger(options.nInit ?? 1, `${where}: options.nInit`, 1);
  const K = kernels(where);
  const layout = gmmLayout(k, d, where);
  const respBytes = blockBytes(where, 8, n, k);

  const setup = { where, signal, onProgress, kept: () => 'the model is unchanged' };
  return runOn(model, setup, (pacer) => withBlocksAsync(async (take) => {
    const X0 = take(matrixBlock(x, `${where}: X`));
    const P = take(new WasmBlock(layout.bytes, where));
    const best = take(new WasmBlock(layout.bytes, where));
    const resp = take(new WasmBlock(respBytes, where));
    const rng = take(new WasmBlock(RNG_STATE_BYTES, where));
    const C = take(new WasmBlock(blockBytes(where, 4, k, d), where));
    const labels = take(new WasmBlock(blockBytes(where, 4, n), where));
    const mind = take(new WasmBlock(blockBytes(where, 4, n), where));
    const stats = take(new WasmBlock(KMEANS_STATS_BYTES, where));
    const [seedLo, seedHi] = seedWords(model.seed);
    const code = COVARIANCE_CODE[type];
    const singular = (z: number, it: number) =>
      new NumericalError(`${where}: the covariance of component ${z} is singular at iteration ${it}${regCovar === 0 ? '; set options.regCovar > 0' : `; raise options.regCovar (now ${regCovar})`}. The model is unchanged`, it);
    let bestLb = -Infinity;
    let bestIter = 0;
    let bestConverged = false;
    let haveBest = false;
    for (let run = 0; run < nInit; run++) {
      K.rngInit(rng.ptr, seedLo, seedHi, run);
      if (start) {
        const m = new Float64Array(start.means.data);
        if (start.covs) {
          const bad = writeParams(P.ptr, k, d, start.weights, m, start.covs, where);
          if (bad >= 0) throw new ArgumentError(`${where}: options.init.covariances[${bad}] is not positive definite`);
        } else {
          // the covariances of the rows nearest each given mean (one M-step)
          const c = C.f32(k * d);
          c.set(start.means.data);
          K.kmeansAssign(X0.ptr, n, d, C.ptr, k, labels.ptr, mind.ptr, stats.ptr);
          K.gmmRespFromLabels(resp.ptr, labels.ptr, n, k);
          const bad = K.gmmMStep(P.ptr, X0.ptr, n, d, k, resp.ptr, code, regCovar);
          if (bad >= 0) throw singular(bad, 0);
          // keep the given means and weights
          writeParams(P.ptr, k, d, start.weights, m, heapF64().slice((P.ptr + layout.at(GMM_COVARIANCES)) >>> 3, ((P.ptr + layout.at(GMM_COVARIANCES)) >>> 3) + k * d * d), where);
        }
      } else {
        // scikit-learn's start: k-means (k-means++ seeding, then Lloyd to convergence), one M-step on its labels
        K.kmeansPlusPlus(C.ptr, X0.ptr, n, d, k, 2 + Math.floor(Math.log(k)), rng.ptr);
        labels.i32(n).fill(-1);
        const tolAbs = 1e-4 * K.meanColumnVariance(X0.ptr, n, d);
        for (let it = 0; it < 300; it++) {
          K.kmeansLloydStep(C.ptr, X0.ptr, n, d, k, labels.ptr, mind.ptr, stats.ptr);
          const s = stats.f64(KMEANS_STATS_BYTES / 8);
          if (s[KMEANS_STAT_CHANGED / 8] === 0 || s[KMEANS_STAT_SHIFT / 8]! <= tolAbs) break;
        }
        K.kmeansAssign(X0.ptr, n, d, C.ptr, k, labels.ptr, mind.ptr, stats.ptr);
        K.gmmRespFromLabels(resp.ptr, labels.ptr, n, k);
        const bad = K.gmmMStep(P.ptr, X0.ptr, n, d, k, resp.ptr, code, regCovar);
        if (bad >= 0) throw singular(bad, 0);
      }
      let lb = -Infinity;
      let converged = false;
      let iterations = 0;
      for (let it = 1; it <= maxIter; it++) {
        const prev = lb;
        lb = K.gmmEStep(resp.ptr, 0, P.ptr, X0.ptr, n, d, k) / n;
        if (!Number.isFinite(lb)) throw new NumericalError(`${where}: the log-likelihood became ${lb} at run ${run}, iteration ${it}; the model is unchanged`, it);
        const bad = K.gmmMStep(P.ptr, X0.ptr, n, d, k, resp.ptr, code, regCovar);
        if (bad >= 0) throw singular(bad, it);
        iterations = it;
        pacer.report({ run, iteration: it, logLikelihood: lb });
        if (Math.abs(lb - prev) < tol) {
          converged = true;
          break;
        }
        await pacer.tick();
      }
      if (!haveBest || lb > bestLb) {
        haveBest = true;
        bestLb = lb;
        bestIter = iterations;
        bestConverged = converged;
        best.u8(layout.bytes).set(P.u8(layout.bytes));
      }
      await pacer.tick();
    }
    return { d, params: best.f64(layout.bytes / 8).slice(), lowerBound: bestLb, iterations: bestIter, converged: bestConverged };
  }));
}
