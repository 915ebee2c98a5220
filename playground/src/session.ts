// A training session as the worker runs it and the Node test repeats it: the
// settings → data, bounds and a run from the methods table; the energies on a
// grid; what a model shows besides its energy (prototypes, means, atoms); a
// probe (descent from a point to its minimum, and the latent z where the
// model has one). No DOM.
import { GaussianMixtureEBM, KMeansEBM, MLPEnergy, PCAEnergy, SparseCoding, DenoisingAutoencoder, type Matrix } from 'ebm-wasm';
import { boundsOf, gridPoints, makeData, type Bounds } from './data.js';
import { method, type DatasetName, type PlayModel, type Run, type Settings } from './methods.js';

// what the Node test needs besides the session itself
export { gridPoints } from './data.js';
export { METHODS } from './methods.js';

/** Grid resolution of the energies the test hashes (page and Node). */
export const HASH_RES = 64;

export interface Session {
  run: Run;
  train: Matrix;
  test: Matrix;
  bounds: Bounds;
}

export async function startSession(s: Settings, painted: Float32Array): Promise<Session> {
  const { train, test, all } = makeData(String(s.data) as DatasetName, Number(s.n), Number(s.seed), painted);
  if (train.rows < 2) throw new Error('paint at least 2 points first (choose "painted" data and click or drag on the plot)');
  const bounds = boundsOf(all);
  const run = await method(String(s.method)).start({ X: train, bounds, seed: Number(s.seed) }, s);
  return { run, train, test, bounds };
}

/** The model's energies at the cell centres of an R × R grid over the bounds. */
export function fieldEnergies(model: PlayModel, bounds: Bounds, R: number): Float32Array {
  return model.energy(gridPoints(bounds, R));
}

/** Points a model is built from, drawn over the heat map: prototypes, means, atoms, the PCA mean. */
export function markers(model: PlayModel): Float32Array | null {
  if (model instanceof KMeansEBM) return model.prototypes.data;
  if (model instanceof GaussianMixtureEBM) return Float32Array.from(model.means.flat());
  if (model instanceof SparseCoding) return model.atoms.data;
  if (model instanceof PCAEnergy) return Float32Array.from(model.mean);
  return null;
}

/** The methods table's id for a loaded model, so the page can show its settings. */
export function methodOf(model: PlayModel): string {
  if (model instanceof KMeansEBM) return 'kmeans';
  if (model instanceof GaussianMixtureEBM) return 'gmm';
  if (model instanceof SparseCoding) return 'sparse';
  if (model instanceof PCAEnergy) return 'pca';
  if (model instanceof DenoisingAutoencoder) return 'dae';
  return 'pcd';
}

export interface Probe {
  /** The descent path, x y pairs, from the clicked point. */
  path: Float32Array;
  energies: number[];
  /** MLPEnergy.predict's minimum from the same start (the library's inference), if the model has it. */
  minimum: number[] | null;
  /** The inferred latent variable, in words. */
  latent: string;
  /** Where that z decodes to in the plane, for latent models (drawn from the clicked point). */
  decoded: number[] | null;
}

const row = (x: number, y: number): Matrix => ({ rows: 1, cols: 2, data: Float32Array.of(x, y) });
const fmt = (v: number) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(3));

/**
 * Gradient descent on the energy from (x, y) with a backtracking step (the
 * models' energies have very different scales), at most 200 steps.
 */
export function probe(model: PlayModel, x: number, y: number, bounds: Bounds): Probe {
  const span = bounds.xMax - bounds.xMin;
  let p = [x, y];
  let e = model.energy(row(x, y))[0]!;
  let t = 0.01 * span;
  const path = [x, y];
  const energies = [e];
  for (let it = 0; it < 200 && t > 1e-7 * span; it++) {
    const g = model.grad(row(p[0]!, p[1]!)).data;
    const gn = Math.hypot(g[0]!, g[1]!);
    if (!(gn > 0)) break;
    // a step of length t along −g/|g|, halved until the energy drops
    let moved = false;
    while (t > 1e-7 * span) {
      const q = [p[0]! - (t * g[0]!) / gn, p[1]! - (t * g[1]!) / gn];
      const eq = model.energy(row(q[0]!, q[1]!))[0]!;
      if (eq < e) {
        p = q;
        e = eq;
        moved = true;
        t *= 1.5;
        break;
      }
      t /= 2;
    }
    if (!moved) break;
    path.push(p[0]!, p[1]!);
    energies.push(e);
  }
  let minimum: number[] | null = null;
  if (model instanceof MLPEnergy) {
    const d = 1e-3 * span;
    const m = model.predict(undefined, { starts: 1, steps: 300, stepSize: 0.002 * span, bounds: { lo: [x - d, y - d], hi: [x + d, y + d] }, seed: 0 })[0];
    if (m && m.rows) minimum = [m.data[0]!, m.data[1]!];
  }
  return { path: Float32Array.from(path), energies, minimum, ...latentOf(model, x, y) };
}

/** The latent z in words, and the point of the plane it decodes to (prototype, mean, Wᵀz*, projection, r(y)). */
function latentOf(model: PlayModel, x: number, y: number): { latent: string; decoded: number[] | null } {
  const Y = row(x, y);
  const pair = (m: Matrix) => [m.data[0]!, m.data[1]!];
  if (model instanceof KMeansEBM) {
    const z = model.infer(Y)[0]!;
    const w = pair(model.project(Y));
    return { latent: `z = prototype ${z} at (${fmt(w[0]!)}, ${fmt(w[1]!)}), F∞ = ${fmt(model.energy(Y)[0]!)}`, decoded: w };
  }
  if (model instanceof GaussianMixtureEBM) {
    const p = model.predictProba(Y).data;
    const order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]!).slice(0, 3);
    return {
      latent: `p(z | y): ${order.map((z) => `z=${z}: ${fmt(p[z]!)}`).join(', ')}; −log p(y) = ${fmt(model.energy(Y)[0]!)}`,
      decoded: model.means[order[0]!]!,
    };
  }
  if (model instanceof SparseCoding) {
    const z = model.encode(Y).data;
    const nz = Array.from(z.keys()).filter((j) => z[j] !== 0);
    return {
      latent: `z* = [${Array.from(z, fmt).join(', ')}] (${nz.length} of ${z.length} atoms used), Wᵀz* drawn, F∞ = ${fmt(model.energy(Y)[0]!)}`,
      decoded: pair(model.reconstruct(Y)),
    };
  }
  if (model instanceof PCAEnergy) {
    const z = model.transform(Y).data;
    return { latent: `code z = [${Array.from(z, fmt).join(', ')}], distance² to the subspace = ${fmt(model.energy(Y)[0]!)}`, decoded: pair(model.project(Y)) };
  }
  if (model instanceof DenoisingAutoencoder) {
    const r = pair(model.reconstruct(Y));
    return { latent: `r(y) = (${fmt(r[0]!)}, ${fmt(r[1]!)}), F = ‖y − r(y)‖² = ${fmt(model.energy(Y)[0]!)}`, decoded: r };
  }
  return { latent: `F(y) = ${fmt(model.energy(Y)[0]!)} (no latent variable)`, decoded: null };
}
