// Normalized densities of 2-D energies for pictures: −log p(y) = F(y) + log Z on a grid of
// nodes, the Gibbs distribution p = exp(−F)/Z with Z from the SDK's grid likelihood, so
// panels of different models (and the true density) share one colour scale in nats.
import { viridis } from './colormap.mjs';

/** The nodes of an nx×ny grid spanning `bounds` exactly (energyPanel's convention), as a Matrix. */
export function gridNodes(bounds, nx, ny = nx) {
  const { xMin, xMax, yMin, yMax } = bounds;
  const data = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    const y = yMin + ((yMax - yMin) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      data[2 * (j * nx + i)] = xMin + ((xMax - xMin) * i) / (nx - 1);
      data[2 * (j * nx + i) + 1] = y;
    }
  }
  return { rows: nx * ny, cols: 2, data };
}

/**
 * log Z of p ∝ exp(−F) by the SDK's quadrature (metrics.gridLogLikelihood over `bounds` at
 * `resolution`): LL(Y) = −mean F(Y) − log Z, so log Z = −LL − mean F for any Y.
 */
export function logPartition(ebm, model, bounds, resolution) {
  const probe = { rows: 1, cols: 2, data: Float32Array.of((bounds.xMin + bounds.xMax) / 2, (bounds.yMin + bounds.yMax) / 2) };
  const ll = ebm.metrics.gridLogLikelihood(model, probe, { bounds, resolution });
  return -ll - model.energy(probe)[0];
}

/** −log p at the nodes of an nx×ny grid for an MLP (or any) energy: { nx, ny, values }. */
export function nllGrid(ebm, model, bounds, nx, { resolution = 256 } = {}) {
  const logZ = logPartition(ebm, model, bounds, resolution);
  const E = model.energy(gridNodes(bounds, nx));
  const values = new Float32Array(E.length);
  for (let k = 0; k < E.length; k++) values[k] = E[k] + logZ;
  return { nx, ny: nx, values };
}

/** −log p at the nodes from a log-density function (rows of a Matrix → Float32Array/Float64Array). */
export function nllGridFrom(logDensity, bounds, nx) {
  const ld = logDensity(gridNodes(bounds, nx));
  const values = new Float32Array(ld.length);
  for (let k = 0; k < ld.length; k++) values[k] = -ld[k];
  return { nx, ny: nx, values };
}

/** Levels lo + Δ, lo + 2Δ, … (count of them) and one viridis colour per band (count + 1). */
export function nllLevels(lo, step, count) {
  const levels = Array.from({ length: count }, (_, i) => Number((lo + (i + 1) * step).toFixed(6)));
  const colors = Array.from({ length: count + 1 }, (_, b) => viridis(b / count));
  return { levels, colors };
}

/** Every k-th row of a Matrix, at most `max` rows (deterministic). */
export function thin(X, max) {
  const k = Math.max(1, Math.ceil(X.rows / max));
  const rows = Math.ceil(X.rows / k);
  const data = new Float32Array(rows * X.cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < X.cols; c++) data[r * X.cols + c] = X.data[r * k * X.cols + c];
  return { rows, cols: X.cols, data };
}

/** The smallest value of a grid (for choosing levels). */
export function gridMin(grid) {
  let m = Infinity;
  for (const v of grid.values) if (v < m) m = v;
  return m;
}
