// Fitting a KMeansEBM: Lloyd's coordinate descent (assign z, then re-solve
// the prototypes) or online minibatch steps, k-means++ seeding and restarts,
// all in WASM; the SDK validates, runs the iterations through the shared run
// loop and hands the best restart back for the model to commit.
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { KMEANS_STAT_CHANGED, KMEANS_STAT_SHIFT, KMEANS_STATS_BYTES, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapI32, kernels } from '../runtime/core.js';
import { FitSlices, KMEANS_BLOCK } from './kmeans-slices.js';
import type { ParallelOptions } from '../parallel/use.js';
import type { Pool } from '../parallel/pool.js';
import { kmeansParallel } from '../parallel/kmeans-hook.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn, type RunContext } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import type { KMeansEBM } from './kmeans.js';

export interface KMeansProgress {
  /** Which restart, 1-based: 1 … nInit. */
  run: number;
  /** Iteration (Lloyd) or epoch (online) of this restart, 1-based: 1 … maxIter. */
  iteration: number;
  /** Σ squared distance to the nearest prototype at this iteration. */
  inertia: number;
  /** Σ squared movement of the prototypes in this iteration. */
  shift: number;
}

export interface KMeansFitOptions {
  /** 'lloyd' (default): coordinate descent, assign z then re-solve W. 'online': minibatch gradient steps on the winners. */
  algorithm?: 'lloyd' | 'online';
  /** 'k-means++' (default) or a k×d Matrix of initial prototypes (then one run). */
  init?: 'k-means++' | MatrixLike;
  /** Restarts from different seeds; the lowest final inertia wins. Default 1. */
  nInit?: number;
  /** Iterations (Lloyd) or epochs (online). Default 300 (Lloyd), 100 (online). */
  maxIter?: number;
  /**
   * Stop tolerance. Lloyd: total squared prototype shift ≤ tol · mean column variance of X
   * (scikit-learn's rule), or no label changed. Online: relative inertia change ≤ tol. Default 1e-4.
   */
  tol?: number;
  /** Online step size: w ← w + lr·(2/B)·Σ(y − w) over the rows w wins in a batch. Default 0.1. */
  learningRate?: number;
  /** Online minibatch size. Default min(256, rows). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: KMeansProgress) => void;
  /**
   * Lloyd passes and the k-means++ seeding's distances on this many workers (or 'auto'), in a pool
   * started for this fit. Same result as without: rows go in fixed blocks of 4096 whatever the
   * workers, and the seeding's sums take the rows in order. The seeding's draws, the centre updates
   * and the online algorithm stay on the calling thread, and so do small fits (at most 4096 rows, or
   * rows × k × d below 2²³; the seeding when rows × (2 + ⌊ln k⌋) × d is below 2²¹).
   */
  workers?: ParallelOptions['workers'];
  /** Lloyd passes and seeding on the workers of a pool from `createPool` (shared between calls). Same result as without. */
  pool?: Pool;
}

const FIT_KEYS = ['algorithm', 'init', 'nInit', 'maxIter', 'tol', 'learningRate', 'batchSize', 'signal', 'onProgress', 'workers', 'pool'] as const;

/**
 * Smallest n·k·d for which a fit uses workers: below it a Lloyd pass takes under ~0.7 ms on
 * this thread, about twice what a pass on workers costs in messages and the tree (0.3–0.5 ms),
 * so half of it on each of 2 workers would gain nothing (bench/RESULTS.md, Workers).
 */
const WORKERS_MIN_WORK = 1 << 23;

/**
 * @internal Smallest rows × trials × d for which a fit on workers seeds there too: one centre then
 * costs a round of distances, workers − 1 chained sums and a search in messages (~0.3–0.5 ms on 2
 * workers), against rows × trials squared distances and as many f64 additions here (bench/RESULTS.md,
 * Workers: k-means++ on workers). An object so tests can set it to 0.
 */
export const seedWorkers = { minWork: 1 << 21 };

export interface KMeansFitResult {
  d: number;
  bestInertia: number;
  bestIter: number;
  bestConverged: boolean;
  centres: Float32Array;
  labels: Int32Array;
}

/** The workers' driver (its own chunk, by import()): one that cannot load is WORKER_FAILED. */
async function remoteDriver(par: NonNullable<ReturnType<typeof kmeansParallel>>, where: string) {
  try {
    return await par.remote();
  } catch (e) {
    throw new EbmError('WORKER_FAILED', `${where}: the workers' code could not be loaded: ${(e as Error).message}`, { cause: e });
  }
}

/** Runs the fit on a copy of X; the model is not changed (its fit() commits the result). */
export async function fitKMeans(model: KMeansEBM, X: MatrixLike, options: KMeansFitOptions, where: string): Promise<KMeansFitResult> {
    checkOptions(options, `${where}(X, options)`, FIT_KEYS);
    const x = asMatrix(X, `${where}: X`);
    if (x.rows === 0 || x.cols === 0) throw new ShapeError(`${where}: X has shape ${x.rows}×${x.cols}, expected at least 1 row and 1 column`);
    if (model.k > x.rows) throw new ArgumentError(`${where}: k = ${model.k} exceeds the ${x.rows} rows of X`);
    const algorithm = checkOneOf(options.algorithm ?? 'lloyd', `${where}: options.algorithm`, ['lloyd', 'online'] as const);
    const maxIter = checkInteger(options.maxIter ?? (algorithm === 'lloyd' ? 300 : 100), `${where}: options.maxIter`, 1);
    const tol = checkNumber(options.tol ?? 1e-4, `${where}: options.tol`, { min: 0 });
    const lr = checkNumber(options.learningRate ?? 0.1, `${where}: options.learningRate`, { min: 0, exclusiveMin: true });
    // a batch larger than the data is the data: the same single batch per epoch
    const batchSize = Math.min(checkInteger(options.batchSize ?? Math.min(256, x.rows), `${where}: options.batchSize`, 1), Math.max(1, x.rows));
    const signal = checkSignal(options.signal, `${where}: options.signal`);
    const onProgress = checkFunction<(p: KMeansProgress) => void>(options.onProgress, `${where}: options.onProgress`);
    let initMatrix: Matrix | null = null;
    const init = options.init ?? 'k-means++';
    if (typeof init === 'string') {
      checkOneOf(init, `${where}: options.init`, ['k-means++'] as const);
    } else {
      initMatrix = asMatrix(init, `${where}: options.init`);
      if (initMatrix.rows !== model.k || initMatrix.cols !== x.cols) {
        throw new ShapeError(`${where}: options.init has shape ${initMatrix.rows}×${initMatrix.cols}, expected k×d = ${model.k}×${x.cols}`);
      }
    }
    const nInit = initMatrix ? 1 : checkInteger(options.nInit ?? 1, `${where}: options.nInit`, 1);
    // the pool's code is there when the app has a pool (or samplers, trainers): pool.ts sets it
    const par = options.workers !== undefined || options.pool !== undefined ? kmeansParallel() : null;
    // without it the app never imported createPool (a bundle): a pool cannot be one, workers cannot start
    if (par === null && (options.workers !== undefined || options.pool !== undefined)) throw new ArgumentError(`${where}: pool must come from createPool() (workers too need it in this bundle)`);
    const asked = par ? par.checkParallel(options, where) : null;
    const K = kernels(where);
    const n = x.rows;
    const d = x.cols;
    const k = model.k;
    // workers for Lloyd passes of at least two blocks and enough work per pass; else this thread, with the same bytes
    const worth = algorithm === 'lloyd' && n > KMEANS_BLOCK && n * k * d >= WORKERS_MIN_WORK;

    const setup = { where, signal, onProgress, kept: () => 'the model is unchanged' };
    const result = await runOn(model, setup, (pacer) => (par ? par.withPool(asked, worth, where, (pool) => fit(pacer, pool)) : fit(pacer, null)));
    return { d, ...result };

  function fit(pacer: RunContext<KMeansProgress>, pool: Pool | null): Promise<Omit<KMeansFitResult, 'd'>> {
    return withBlocksAsync(async (take) => {
      const X0 = take(matrixBlock(x, `${where}: X`));
      const I0 = initMatrix ? take(matrixBlock(initMatrix, `${where}: options.init`)) : null;
      const C = take(new WasmBlock(k * d * 4));
      const best = take(new WasmBlock(k * d * 4));
      const labels = take(new WasmBlock(n * 4));
      const bestLabels = take(new WasmBlock(n * 4));
      const mind = take(new WasmBlock(n * 4));
      const stats = take(new WasmBlock(KMEANS_STATS_BYTES));
      const rng = take(new WasmBlock(RNG_STATE_BYTES));
      const perm = algorithm === 'online' ? take(new WasmBlock(n * 4)) : null;
      const work = take(new WasmBlock(K.kmeansWorkBytes(k, d)));
      const trials = 2 + Math.floor(Math.log(k)); // scikit-learn's number of local trials
      // k-means++ work arrays: D² to the nearest centre, per candidate, and cumulated
      const seedState = I0 ? null : {
        S: take(new WasmBlock(K.kmeansSeedStateBytes(k, trials))),
        closest: take(new WasmBlock(n * 4)),
        cand: take(new WasmBlock(n * trials * 4)),
        cum: take(new WasmBlock(n * 8)),
      };
      // every long pass runs in short slices with pauses between them (rule 9: long work is polite)
      const blocks = { X: X0.ptr, n, d, k, C: C.ptr, labels: labels.ptr, mind: mind.ptr, stats: stats.ptr, work: work.ptr };
      const slices = new FitSlices(K, blocks, pacer);
      // on workers: each gets its rows now, while this thread seeds
      const remote = pool && par ? new (await remoteDriver(par, where)).KMeansRemote(pool, blocks, KMEANS_BLOCK, K.kmeansPartialBytes(k, d), where) : null;
      slices.remote = remote;
      try {
        const [seedLo, seedHi] = seedWords(model.seed);
        const tolAbs = algorithm === 'lloyd' ? tol * await slices.meanColumnVariance() : tol;
        let bestInertia = Infinity;
        let bestIter = 0;
        let bestConverged = false;
        for (let run = 0; run < nInit; run++) {
          K.rngInit(rng.ptr, seedLo, seedHi, run);
          if (I0) heapF32().copyWithin(C.ptr >>> 2, I0.ptr >>> 2, (I0.ptr >>> 2) + k * d);
          else await slices.seed(trials, rng.ptr, seedState!.S.ptr, seedState!.closest.ptr, seedState!.cand.ptr, seedState!.cum.ptr, n * trials * d >= seedWorkers.minWork);
          heapI32().fill(-1, labels.ptr >>> 2, (labels.ptr >>> 2) + n);
          remote?.labelsChanged();
          if (perm) {
            const p = perm.i32(n);
            for (let i = 0; i < n; i++) p[i] = i;
          }
          let iterations = 0;
          let converged = false;
          let prevInertia = Infinity;
          for (let it = 1; it <= maxIter; it++) {
            let inertia: number;
            let shift: number;
            let changed: number;
            if (algorithm === 'lloyd') inertia = await slices.lloyd();
            else inertia = await slices.online(batchSize, lr, perm!.ptr, rng.ptr);
            const s = stats.f64(KMEANS_STATS_BYTES / 8);
            shift = s[KMEANS_STAT_SHIFT / 8]!;
            changed = s[KMEANS_STAT_CHANGED / 8]!;
            iterations = it;
            if (!Number.isFinite(inertia)) {
              throw new EbmError('NUMERICAL', `${where}: inertia became ${inertia} at run ${run + 1}, iteration ${it}; the model is unchanged`);
            }
            pacer.report({ run: run + 1, iteration: it, inertia, shift });
            if (algorithm === 'lloyd') {
              // scikit-learn: strict convergence when no label changed, else shift within tolerance
              if (changed === 0 || shift <= tolAbs) converged = true;
            } else if (Number.isFinite(prevInertia) && Math.abs(prevInertia - inertia) <= tol * prevInertia) {
              converged = true;
            }
            prevInertia = inertia;
            if (converged) break;
            await pacer.tick();
          }
          // final assignment to the final prototypes: labels and inertia agree with them
          const inertia = algorithm === 'lloyd' ? await slices.assignBlocks(false, true) : await slices.assignBlocks(false, false, n);
          if (inertia < bestInertia) {
            bestInertia = inertia;
            bestIter = iterations;
            bestConverged = converged;
            heapF32().copyWithin(best.ptr >>> 2, C.ptr >>> 2, (C.ptr >>> 2) + k * d);
            heapI32().copyWithin(bestLabels.ptr >>> 2, labels.ptr >>> 2, (labels.ptr >>> 2) + n);
          }
          await pacer.tick();
        }
        return { bestInertia, bestIter, bestConverged, centres: best.f32(k * d).slice(), labels: bestLabels.i32(n).slice() };
      } finally {
        slices.free();
        await remote?.free();
      }
    });
  }
}
