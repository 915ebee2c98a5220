// The methods table: one row per model/method the playground trains. A row
// lists its settings (the controls and the URL are built from them) and how to
// start a run; a run advances in chunks of a fixed size, so a training split
// into chunks is the same in the page's worker and in Node (the test hashes
// both). Adding a method is adding a row here. No DOM: Node imports this file.
import type { Matrix } from 'ebm-wasm';
import type { Bounds } from './data.js';

/**
 * The library, imported when a run starts: the page builds its controls from
 * this table but never loads the library itself (only its worker does).
 */
const lib = () => import('ebm-wasm');

export type Value = number | string;
export type Settings = Record<string, Value>;

export interface SettingSpec {
  key: string;
  label: string;
  default: Value;
  /** For numbers: inclusive range and whether only integers are allowed. */
  min?: number;
  max?: number;
  int?: boolean;
  /** For choices. */
  options?: readonly string[];
}

/** What every trained model offers the playground (all the library's 2-D models do). */
export interface PlayModel {
  readonly dim: number;
  energy(Y: Matrix): Float32Array;
  grad(Y: Matrix): Matrix;
  toBytes(): Uint8Array;
  dispose(): void;
}

export interface Chunk {
  /** Steps (or iterations, epochs) done so far. */
  step: number;
  /** The method's own loss after this chunk (NaN when it has none). */
  loss: number;
}

export interface Run {
  model: PlayModel;
  /** Number of chunks a full run takes. */
  chunks: number;
  /** What one step is called on the curve's axis. */
  unit: string;
  chunk(): Promise<Chunk>;
  /** The current negatives or noise draws, for methods that have them (rows × 2). */
  negatives?(): Float32Array | null;
  /** Frees what the run owns besides the model. */
  dispose(): void;
}

export interface RunContext {
  X: Matrix;
  bounds: Bounds;
  seed: number;
}

export interface MethodRow {
  id: string;
  label: string;
  settings: readonly SettingSpec[];
  start(ctx: RunContext, s: Settings): Promise<Run>;
}

const num = (s: Settings, k: string): number => Number(s[k]);
const str = (s: Settings, k: string): string => String(s[k]);

/** A chunked loop of `total` steps, `per` at a time; `step(n)` does n steps and returns the loss. */
function chunked(total: number, per: number, unit: string, model: PlayModel, step: (n: number) => Promise<number>, rest: Partial<Run> = {}): Run {
  let done = 0;
  return {
    model,
    unit,
    chunks: Math.ceil(total / per),
    async chunk() {
      const n = Math.min(per, total - done);
      const loss = await step(n);
      done += n;
      return { step: done, loss };
    },
    dispose() {},
    ...rest,
  };
}

const mlp = async (s: Settings, seed: number) =>
  new (await lib()).MLPEnergy({ inputDim: 2, hidden: [num(s, 'hidden'), num(s, 'hidden')], activation: 'silu', quadratic: 0.01, seed });

const HIDDEN: SettingSpec = { key: 'hidden', label: 'hidden width', default: 32, min: 4, max: 256, int: true };
const LR = (d: number): SettingSpec => ({ key: 'lr', label: 'learning rate', default: d, min: 1e-5, max: 1 });
const STEPS = (d: number): SettingSpec => ({ key: 'steps', label: 'steps', default: d, min: 10, max: 100000, int: true });
const BATCH: SettingSpec = { key: 'batch', label: 'batch size', default: 128, min: 8, max: 4096, int: true };

/** A contrastive row: negatives from `negatives(s)`. */
function contrastiveRow(id: string, label: string, extra: readonly SettingSpec[], negatives: (s: Settings) => object): MethodRow {
  return {
    id,
    label,
    settings: [HIDDEN, LR(3e-3), STEPS(300), BATCH, { key: 'mcmc', label: 'Langevin steps', default: 20, min: 1, max: 200, int: true },
      { key: 'eps', label: 'Langevin step size', default: 0.01, min: 1e-5, max: 1 }, ...extra],
    async start({ X, seed }, s) {
      const { optim, train } = await lib();
      const F = await mlp(s, seed);
      const optimizer = optim.adam({ lr: num(s, 'lr') });
      const trainer = await train.contrastive(F, X, {
        negatives: negatives(s) as never, loss: 'contrastive', regularization: { energySquare: 0.1 },
        optimizer, batchSize: Math.min(num(s, 'batch'), X.rows), epochs: 0, seed,
      });
      let loss = NaN;
      return chunked(num(s, 'steps'), 10, 'step', F, async (n) => {
        await trainer.run({ steps: n, onProgress: (p) => (loss = p.loss) });
        return loss;
      }, {
        negatives: () => {
          const b = trainer.buffer;
          // the newest rows of the replay buffer (PCD); CD keeps no buffer
          return b.rows ? b.data.subarray(Math.max(0, b.rows - 512) * 2) : null;
        },
        dispose: () => {
          trainer.dispose();
          optimizer.dispose();
        },
      });
    },
  };
}

/** n draws mean + L·z of a Gaussian given by its mean and Cholesky factor (2-D). */
function noiseDraws(g: { mean: Float32Array; chol: Matrix }, z: Float32Array, n: number): Float32Array {
  const L = g.chol.data;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = g.mean[0]! + L[0]! * z[2 * i]! + L[1]! * z[2 * i + 1]!;
    out[2 * i + 1] = g.mean[1]! + L[2]! * z[2 * i]! + L[3]! * z[2 * i + 1]!;
  }
  return out;
}

/** The data sets: the library's toys (data.ts makes them) and points painted on the plot. */
export const DATASET_NAMES = ['eightGaussians', 'spiral', 'moons', 'circles', 'checkerboard', 'pinwheel', 'swissRoll', 'painted'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Settings every session has, besides its method's. */
export const COMMON: readonly SettingSpec[] = [
  { key: 'data', label: 'data', default: 'eightGaussians', options: DATASET_NAMES },
  { key: 'n', label: 'points', default: 1000, min: 10, max: 20000, int: true },
  { key: 'seed', label: 'seed', default: 0, min: 0, max: 2 ** 31 - 1, int: true },
  { key: 'method', label: 'model / method', default: 'pcd', options: [] /* filled from METHODS by the controls */ },
];

/** The sampler settings (the Sample button). */
export const SAMPLING: readonly SettingSpec[] = [
  { key: 'sampler', label: 'sampler', default: 'langevin', options: ['randomWalk', 'langevin', 'mala', 'hmc'] },
  { key: 'chains', label: 'chains', default: 64, min: 1, max: 2048, int: true },
  { key: 'stepSize', label: 'step size', default: 0.02, min: 1e-5, max: 10 },
  { key: 'sampleSteps', label: 'steps', default: 500, min: 1, max: 100000, int: true },
];

/**
 * The rows. A new trainer for the MLP energy (score matching, say) is a row like 'nce':
 * its settings, and a start that makes the model and the trainer once and returns
 * `chunked(total, stepsPerChunk, unit, model, step)`, where `step(n)` takes n steps and
 * returns the loss. The page, the URL, the worker and the suite's every-method check
 * (energies equal Node's) pick the row up from here.
 */
export const METHODS: readonly MethodRow[] = [
  {
    id: 'kmeans',
    label: 'K-means (Lloyd)',
    settings: [{ key: 'k', label: 'prototypes k', default: 8, min: 1, max: 256, int: true }, { key: 'iters', label: 'iterations', default: 20, min: 1, max: 1000, int: true }],
    async start({ X, seed }, s) {
      const { KMeansEBM } = await lib();
      const model = new KMeansEBM({ k: Math.min(num(s, 'k'), X.rows), seed });
      let first = true;
      // one Lloyd iteration per chunk, each starting from the last prototypes: the fit is watched as it moves
      return chunked(num(s, 'iters'), 1, 'iteration', model, async () => {
        await model.fit(X, first ? { maxIter: 1 } : { maxIter: 1, init: model.prototypes });
        first = false;
        return model.inertia / X.rows;
      });
    },
  },
  {
    id: 'gmm',
    label: 'Gaussian mixture (EM)',
    settings: [{ key: 'k', label: 'components', default: 8, min: 1, max: 64, int: true }, { key: 'cov', label: 'covariance', default: 'full', options: ['full', 'diag', 'spherical'] },
      { key: 'iters', label: 'EM iterations', default: 30, min: 1, max: 1000, int: true }],
    async start({ X, seed }, s) {
      const { GaussianMixtureEBM } = await lib();
      const model = new GaussianMixtureEBM({ components: Math.min(num(s, 'k'), X.rows), covariance: str(s, 'cov') as 'full', seed });
      let first = true;
      return chunked(num(s, 'iters'), 1, 'iteration', model, async () => {
        const init = first ? undefined : { means: model.means, weights: Array.from(model.weights), covariances: model.covariances };
        await model.fit(X, init ? { maxIter: 1, init: init as never } : { maxIter: 1 });
        first = false;
        return -model.lowerBound; // mean negative log-likelihood of the training rows
      });
    },
  },
  {
    id: 'pca',
    label: 'PCA (distance to a line)',
    settings: [{ key: 'q', label: 'components', default: 1, min: 1, max: 2, int: true }],
    async start({ X }, s) {
      const { PCAEnergy } = await lib();
      const model = new PCAEnergy({ components: num(s, 'q') });
      return chunked(1, 1, 'fit', model, async () => {
        model.fit(X);
        return model.energy(X).reduce((a, b) => a + b, 0) / X.rows;
      });
    },
  },
  {
    id: 'sparse',
    label: 'Sparse coding',
    settings: [{ key: 'atoms', label: 'atoms', default: 6, min: 1, max: 64, int: true }, { key: 'lambda', label: 'λ (L1)', default: 0.1, min: 0, max: 10 },
      { key: 'epochs', label: 'epochs', default: 20, min: 1, max: 1000, int: true }],
    async start({ X, seed }, s) {
      const { SparseCoding } = await lib();
      const model = new SparseCoding({ nAtoms: Math.min(num(s, 'atoms'), X.rows), lambda: num(s, 'lambda'), seed });
      let first = true;
      return chunked(num(s, 'epochs'), 1, 'epoch', model, async () => {
        await model.fit(X, first ? { epochs: 1 } : { epochs: 1, init: model.atoms });
        first = false;
        return (model.objective ?? NaN) / X.rows;
      });
    },
  },
  {
    id: 'dae',
    label: 'Denoising autoencoder',
    settings: [HIDDEN, { key: 'latent', label: 'code size', default: 1, min: 1, max: 16, int: true }, { key: 'std', label: 'noise std', default: 0.2, min: 0.001, max: 5 },
      LR(1e-2), { key: 'epochs', label: 'epochs', default: 100, min: 1, max: 10000, int: true }, { key: 'batch', label: 'batch size', default: 64, min: 8, max: 4096, int: true }],
    async start({ X, seed }, s) {
      const { DenoisingAutoencoder, optim } = await lib();
      const model = new DenoisingAutoencoder({
        dim: 2, hidden: [num(s, 'hidden')], latentDim: num(s, 'latent'), activation: 'tanh', corruption: { kind: 'gaussian', std: num(s, 'std') }, seed,
      });
      const optimizer = optim.adam({ lr: num(s, 'lr') });
      let loss = NaN;
      // fits split anywhere give the bytes of one fit (the model keeps where it stands)
      return chunked(num(s, 'epochs'), 5, 'epoch', model, async (n) => {
        await model.fit(X, { epochs: n, batchSize: Math.min(num(s, 'batch'), X.rows), optimizer, onProgress: (p) => (loss = p.loss) });
        return loss;
      }, { dispose: () => optimizer.dispose() });
    },
  },
  {
    id: 'grid',
    label: 'MLP energy, exact grid ML',
    settings: [HIDDEN, LR(1e-2), STEPS(300), { key: 'res', label: 'grid resolution', default: 48, min: 8, max: 256, int: true }],
    async start({ X, bounds, seed }, s) {
      const { optim, train } = await lib();
      const F = await mlp(s, seed);
      const optimizer = optim.adam({ lr: num(s, 'lr') });
      // full-batch steps draw nothing random, so chunks of 10 are the same as one call
      return chunked(num(s, 'steps'), 10, 'step', F, async (n) => {
        const { nll } = await train.maxLikelihoodGrid(F, X, { bounds, resolution: num(s, 'res'), steps: n, optimizer, seed });
        return nll[nll.length - 1] ?? NaN;
      }, { dispose: () => optimizer.dispose() });
    },
  },
  contrastiveRow('pcd', 'MLP energy, persistent CD', [], (s) => ({
    init: 'buffer', sampler: 'langevin', steps: num(s, 'mcmc'), stepSize: num(s, 'eps'), bufferSize: 10000, reinit: 0.05,
  })),
  contrastiveRow('cd', 'MLP energy, CD-k from data', [], (s) => ({ init: 'data', sampler: 'langevin', steps: num(s, 'mcmc'), stepSize: num(s, 'eps') })),
  {
    id: 'nce',
    label: 'MLP energy, NCE',
    settings: [HIDDEN, LR(3e-3), STEPS(600), BATCH, { key: 'ratio', label: 'noise ratio ν', default: 4, min: 1, max: 64, int: true }],
    async start({ X, seed }, s) {
      const { optim, random, train } = await lib();
      const F = await mlp(s, seed);
      const optimizer = optim.adam({ lr: num(s, 'lr') });
      const trainer = await train.nce(F, X, { ratio: num(s, 'ratio'), batchSize: Math.min(num(s, 'batch'), X.rows), steps: 0, seed, optimizer });
      let loss = NaN;
      let noise: Float32Array | null = null;
      return chunked(num(s, 'steps'), 10, 'step', F, async (n) => {
        await trainer.run({ steps: n, onProgress: (p) => (loss = p.loss) });
        return loss;
      }, {
        // 256 draws of the noise distribution (the Gaussian fitted to the data): what F learns to tell data from
        negatives: () => (noise ??= noiseDraws(trainer.noise, random.normal(2 * 256, { seed }), 256)),
        dispose: () => {
          trainer.dispose();
          optimizer.dispose();
        },
      });
    },
  },
  {
    id: 'sm',
    label: 'MLP energy, score matching',
    settings: [HIDDEN, LR(3e-3), STEPS(1000), BATCH,
      { key: 'variant', label: 'score matching', default: 'denoising', options: ['denoising', 'sliced', 'exact'] },
      { key: 'std', label: 'noise σ (denoising)', default: 0.1, min: 0.001, max: 5 },
      { key: 'proj', label: 'projections (sliced)', default: 1, min: 1, max: 64, int: true }],
    async start({ X, seed }, s) {
      const { optim, train } = await lib();
      const F = await mlp(s, seed);
      const optimizer = optim.adam({ lr: num(s, 'lr') });
      // no negatives, no partition function: F's gradient is fitted to the data's score
      const trainer = await train.scoreMatching(F, X, {
        method: str(s, 'variant') as 'denoising', noiseStd: num(s, 'std'), projections: num(s, 'proj'),
        batchSize: Math.min(num(s, 'batch'), X.rows), steps: 0, seed, optimizer,
      });
      let loss = NaN;
      return chunked(num(s, 'steps'), 10, 'step', F, async (n) => {
        await trainer.run({ steps: n, onProgress: (p) => (loss = p.loss) });
        return loss;
      }, {
        dispose: () => {
          trainer.dispose();
          optimizer.dispose();
        },
      });
    },
  },
];

export const method = (id: string): MethodRow => METHODS.find((m) => m.id === id) ?? METHODS[0]!;
