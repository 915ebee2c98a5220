// Yardsticks for learned energies: the exact log-likelihood of 2-D models on a
// grid (the lecture's Gibbs distribution, normalized by quadrature) and the
// maximum mean discrepancy between samples and data.
import { ArgumentError, ShapeError } from './errors.js';
import { asMatrix, describe, type MatrixLike } from './matrix.js';
import { DESCRIPTOR, isDescribed } from './energies/energy.js';
import { kernels } from './runtime/core.js';
import { matrixBlock } from './runtime/data.js';
import { WasmBlock, withBlocks } from './runtime/memory.js';
import { checkInteger, checkNumber, checkOptions } from './util/validate.js';
import { mmdJobs, mmdUnits } from './parallel/mmd.js';
import type { Pool } from './parallel/pool.js';
import { checkParallel, withPool, type ParallelOptions } from './parallel/use.js';

import { checkBounds, type GridBounds } from './util/bounds.js';

export type { GridBounds };

/** Anything WASM can evaluate through an energy descriptor (MLPEnergy, KMeansEBM, energies.*). */
export interface GridEnergy {
  readonly dim: number;
}

export interface GridLikelihoodOptions {
  bounds: GridBounds;
  /** Grid points per axis (cell centres of a resolution × resolution grid). Default 64. */
  resolution?: number;
  /** Inverse temperature of p ∝ exp(−βF). Default 1. */
  beta?: number;
}

/** The descriptor pointer of any energy WASM evaluates itself (MLPEnergy, KMeansEBM, energies.*). */
function anyDescriptor(model: unknown, where: string): number {
  if (isDescribed(model)) return model[DESCRIPTOR](where);
  throw new ArgumentError(`${where}: model must be an energy evaluated in WASM (MLPEnergy, KMeansEBM or energies.*), got ${describe(model)}`);
}

/**
 * Mean log-likelihood (nats per point) of the rows of Y under p(y) = exp(−βF(y))/Z,
 * with Z by the midpoint rule on a resolution² grid of cell centres over `bounds`.
 * Mass outside the bounds is ignored: choose bounds that hold the data with a margin.
 */
export function gridLogLikelihood(model: GridEnergy, Y: MatrixLike, options: GridLikelihoodOptions): number {
  const where = 'metrics.gridLogLikelihood';
  checkOptions(options, `${where}(model, Y, options)`, ['bounds', 'resolution', 'beta']);
  const desc = anyDescriptor(model, where);
  if (model.dim !== 2) throw new ShapeError(`${where}: the model has dim ${model.dim}; the grid needs dim 2`);
  const b = checkBounds(options?.bounds, where);
  const R = checkInteger(options.resolution ?? 64, `${where}: resolution`, 2, 4096);
  const beta = checkNumber(options.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
  const y = asMatrix(Y, `${where}: Y`);
  if (y.cols !== 2) throw new ShapeError(`${where}: Y has ${y.cols} columns, expected 2`);
  if (y.rows === 0) throw new ShapeError(`${where}: Y has no rows`);
  const K = kernels(where);
  return withBlocks((take) => {
    const yb = take(matrixBlock(y, `${where}: Y`));
    const scratch = take(new WasmBlock((3 * R * R + y.rows) * 4 + 16));
    return K.gridLogLikelihood(desc, yb.ptr, y.rows, b.xMin, b.xMax, b.yMin, b.yMax, R, beta, scratch.ptr);
  });
}

export interface MmdOptions {
  /** Kernel bandwidth h in the data's units. Default 1. */
  bandwidth?: number;
}

/**
 * Least pairs of rows for workers to pay: ~10 ns a pair on one core, so 2²² pairs are ~40 ms,
 * against a few ms of messages (bench/suites/parallel.mjs).
 */
const MIN_WORKER_PAIRS = 1 << 22;

/**
 * Unbiased squared maximum mean discrepancy MMD²_u (Gretton et al. 2012) with the
 * Gaussian kernel exp(−||a − b||²/(2h²)), h = `bandwidth` (default 1) in the
 * data's units. Near 0 (it can dip below) when samples and data share a distribution. O(n·m·d).
 * With `workers` or `pool` it resolves to the same value, its blocks of 256 rows shared among
 * workers (under 2²² pairs of rows it stays on the calling thread).
 */
export function mmd(samples: MatrixLike, data: MatrixLike, options: MmdOptions & ({ workers: number | 'auto' } | { pool: Pool })): Promise<number>;
export function mmd(samples: MatrixLike, data: MatrixLike, options?: MmdOptions & { workers?: undefined; pool?: undefined }): number;
export function mmd(samples: MatrixLike, data: MatrixLike, options: MmdOptions & ParallelOptions = {}): number | Promise<number> {
  const where = 'metrics.mmd';
  if (options !== null && typeof options === 'object' && (options.workers !== undefined || options.pool !== undefined)) return mmdOn(samples, data, options, where);
  const { a, b, h } = mmdArgs(samples, data, options, where);
  const K = kernels(where);
  return withBlocks((take) => {
    const ab = take(matrixBlock(a, `${where}: samples`));
    const bb = take(matrixBlock(b, `${where}: data`));
    return K.mmd2(ab.ptr, a.rows, bb.ptr, b.rows, a.cols, h);
  });
}

function mmdArgs(samples: MatrixLike, data: MatrixLike, options: MmdOptions & ParallelOptions, where: string) {
  checkOptions(options, `${where}(samples, data, options)`, ['bandwidth', 'workers', 'pool']);
  const a = asMatrix(samples, `${where}: samples`);
  const b = asMatrix(data, `${where}: data`);
  if (a.cols !== b.cols) throw new ShapeError(`${where}: samples have ${a.cols} columns, data ${b.cols}`);
  if (a.rows < 2 || b.rows < 2) throw new ShapeError(`${where}: need at least 2 rows in each (got ${a.rows} and ${b.rows})`);
  const h = checkNumber(options.bandwidth ?? 1, `${where}: bandwidth`, { min: 0, exclusiveMin: true });
  return { a, b, h };
}

/** mmd on workers: runs of blocks per worker, their partial sums folded here in block order (every error rejects). */
async function mmdOn(samples: MatrixLike, data: MatrixLike, options: MmdOptions & ParallelOptions, where: string): Promise<number> {
  const { a, b, h } = mmdArgs(samples, data, options, where);
  const asked = checkParallel(options, where);
  const units = mmdUnits(a.rows, b.rows);
  const pairs = units.reduce((s, u) => s + u.pairs, 0);
  const K = kernels(where);
  // the values are checked (finite) as on the calling thread, before any work is sent
  withBlocks((take) => {
    take(matrixBlock(a, `${where}: samples`));
    take(matrixBlock(b, `${where}: data`));
  });
  return withPool(asked, units.length > 1 && pairs >= MIN_WORKER_PAIRS, where, async (pool) => {
    if (!pool) return mmd(a, b, { bandwidth: h });
    const A = a.data.slice(0, a.rows * a.cols);
    const B = b.data.slice(0, b.rows * b.cols);
    const jobs = mmdJobs(units, pool.size);
    const parts = await Promise.all(jobs.map((job) => pool.run<Float64Array>('mmdParts', { A, n: a.rows, B, m: b.rows, d: a.cols, bandwidth: h, units: job }, [], where)));
    let saa = 0, sab = 0, sbb = 0;
    jobs.forEach((job, j) => job.forEach((u, k) => {
      if (u.of === 0) {
        saa += parts[j]![2 * k]!;
        sab += parts[j]![2 * k + 1]!;
      } else sbb += parts[j]![2 * k]!;
    }));
    return K.mmd2Finish(saa, sbb, sab, a.rows, b.rows);
  });
}
export { logPartition, logLikelihood } from './metrics/ais.js';
