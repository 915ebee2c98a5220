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

/**
 * Unbiased squared maximum mean discrepancy MMD²_u (Gretton et al. 2012) with the
 * Gaussian kernel exp(−||a − b||²/(2h²)), h = `bandwidth` (default 1) in the
 * data's units. Near 0 (it can dip below) when samples and data share a distribution. O(n·m·d).
 */
export function mmd(samples: MatrixLike, data: MatrixLike, options: { bandwidth?: number } = {}): number {
  const where = 'metrics.mmd';
  checkOptions(options, `${where}(samples, data, options)`, ['bandwidth']);
  const a = asMatrix(samples, `${where}: samples`);
  const b = asMatrix(data, `${where}: data`);
  if (a.cols !== b.cols) throw new ShapeError(`${where}: samples have ${a.cols} columns, data ${b.cols}`);
  if (a.rows < 2 || b.rows < 2) throw new ShapeError(`${where}: need at least 2 rows in each (got ${a.rows} and ${b.rows})`);
  const h = checkNumber(options.bandwidth ?? 1, `${where}: bandwidth`, { min: 0, exclusiveMin: true });
  const K = kernels(where);
  return withBlocks((take) => {
    const ab = take(matrixBlock(a, `${where}: samples`));
    const bb = take(matrixBlock(b, `${where}: data`));
    return K.mmd2(ab.ptr, a.rows, bb.ptr, b.rows, a.cols, h);
  });
}
export { logPartition, logLikelihood } from './metrics/ais.js';
