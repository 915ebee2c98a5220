// `ebm-wasm train <model>`: one row per model with its options, defaults and the fit
// call, so a new model is a new row. Every fit reports progress through `tick`.
import { KMeansEBM, GaussianMixtureEBM, PCAEnergy, RBM, SparseCoding, MLPEnergy, ACTIVATIONS, optim, train } from '../dist/index.node.js';
import { bounds, choice, defined, float, int, list, workers } from './args.mjs';
import { usageError } from './data.mjs';

const s = (description) => ({ type: 'string', description });

export const MODELS = {
  kmeans: {
    summary: 'K-means as a latent-variable EBM, F∞(y) = min_z ‖y − w_z‖²',
    example: 'ebm-wasm train kmeans points.csv --k 8 --out kmeans.ebm',
    options: {
      k: s('number of prototypes (required)'),
      'n-init': s('restarts; the lowest inertia wins (default 1)'),
      algorithm: s('lloyd or online (default lloyd)'),
      'max-iter': s('iterations or epochs (default 300 Lloyd, 100 online)'),
      tol: s('convergence tolerance (default 1e-4)'),
    },
    async fit(v, { Y, seed, tick }) {
      if (v.k === undefined) throw usageError('train kmeans: --k is required (the number of prototypes)');
      const k = int(v, 'k', { min: 1 });
      const model = new KMeansEBM({ k, seed });
      const nInit = int(v, 'n-init', { min: 1, def: 1 });
      const maxIter = int(v, 'max-iter', { min: 1 });
      await model.fit(Y, defined({
        nInit, maxIter, tol: float(v, 'tol', { min: 0 }), algorithm: choice(v, 'algorithm', ['lloyd', 'online']),
        onProgress: (p) => tick((p.run - 1) * (maxIter ?? 300) + p.iteration, nInit * (maxIter ?? 300), `run ${p.run} iteration ${p.iteration} inertia ${p.inertia.toPrecision(5)}`),
      }));
      return { model, summary: `inertia ${model.inertia.toPrecision(6)}, ${model.iterations} iterations${model.converged ? ', converged' : ''}` };
    },
  },
  gmm: {
    summary: 'Gaussian mixture fitted by EM; F(y) = −log p(y)',
    example: 'ebm-wasm train gmm points.csv --components 3 --covariance full --out gmm.ebm',
    options: {
      components: s('mixture components (required)'),
      covariance: s('full, diag or spherical (default full)'),
      'n-init': s('restarts (default 1)'),
      'max-iter': s('EM iterations (default 100)'),
      tol: s('stop when the mean log-likelihood changes less (default 1e-3)'),
      'reg-covar': s('added to every variance (default 1e-6)'),
    },
    async fit(v, { Y, seed, tick }) {
      if (v.components === undefined) throw usageError('train gmm: --components is required');
      const model = new GaussianMixtureEBM({ components: int(v, 'components', { min: 1 }), covariance: choice(v, 'covariance', ['full', 'diag', 'spherical'], 'full'), seed });
      const nInit = int(v, 'n-init', { min: 1, def: 1 });
      const maxIter = int(v, 'max-iter', { min: 1, def: 100 });
      await model.fit(Y, defined({
        nInit, maxIter, tol: float(v, 'tol', { min: 0 }), regCovar: float(v, 'reg-covar', { min: 0 }),
        onProgress: (p) => tick((p.run - 1) * maxIter + p.iteration, nInit * maxIter, `run ${p.run} iteration ${p.iteration} log-likelihood ${p.logLikelihood.toPrecision(6)}`),
      }));
      return { model, summary: `mean log-likelihood ${model.lowerBound.toPrecision(6)}, ${model.iterations} iterations${model.converged ? ', converged' : ''}` };
    },
  },
  pca: {
    summary: 'PCA energy: squared distance to a fitted affine subspace',
    example: 'ebm-wasm train pca points.csv --components 1 --out pca.ebm',
    options: { components: s('dimension of the subspace (required)') },
    async fit(v, { Y }) {
      if (v.components === undefined) throw usageError('train pca: --components is required');
      const model = new PCAEnergy({ components: int(v, 'components', { min: 1 }) }).fit(Y);
      const ratio = Array.from(model.explainedVarianceRatio).reduce((a, b) => a + b, 0);
      return { model, summary: `explained variance ratio ${ratio.toPrecision(4)}` };
    },
  },
  rbm: {
    summary: 'restricted Boltzmann machine trained by CD or persistent CD',
    example: 'ebm-wasm train rbm digits.csv --hidden 20 --epochs 30 --out rbm.ebm',
    options: {
      hidden: s('hidden units (required)'),
      'visible-type': s('bernoulli or gaussian (default bernoulli)'),
      method: s('pcd or cd (default pcd)'),
      'cd-steps': s('Gibbs steps per update (default 1)'),
      lr: s('learning rate (default 0.05)'),
      momentum: s('momentum (default 0.5)'),
      'batch-size': s('rows per update (default 10)'),
      epochs: s('passes over the data (default 30)'),
    },
    async fit(v, { Y, seed, tick }) {
      if (v.hidden === undefined) throw usageError('train rbm: --hidden is required (the number of hidden units)');
      const model = new RBM({ visible: Y.cols, hidden: int(v, 'hidden', { min: 1 }), visibleType: choice(v, 'visible-type', ['bernoulli', 'gaussian'], 'bernoulli'), seed });
      await model.fit(Y, defined({
        method: choice(v, 'method', ['pcd', 'cd']), k: int(v, 'cd-steps', { min: 1 }), lr: float(v, 'lr', { positive: true }),
        momentum: float(v, 'momentum', { min: 0 }), batchSize: int(v, 'batch-size', { min: 1 }), epochs: int(v, 'epochs', { min: 1 }), seed,
        onProgress: (p) => tick((p.epoch - 1) * p.batches + p.batch, p.epochs * p.batches, `epoch ${p.epoch}/${p.epochs}`),
      }));
      return { model, summary: `${model.dim} visible × ${int(v, 'hidden')} hidden units` };
    },
  },
  sparse: {
    summary: 'sparse coding: E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁, dictionary learning',
    example: 'ebm-wasm train sparse patches.csv --atoms 32 --lambda 1 --epochs 20 --out sparse.ebm',
    options: {
      atoms: s('dictionary atoms (required)'),
      lambda: s('L1 weight λ (default 1)'),
      method: s('alternating or online (default alternating)'),
      epochs: s('passes over the data (default 100 alternating, 10 online)'),
      'batch-size': s('online only (default min(256, rows))'),
    },
    async fit(v, { Y, seed, tick }) {
      if (v.atoms === undefined) throw usageError('train sparse: --atoms is required');
      const model = new SparseCoding({ nAtoms: int(v, 'atoms', { min: 1 }), lambda: float(v, 'lambda', { min: 0, def: 1 }), seed });
      await model.fit(Y, defined({
        method: choice(v, 'method', ['alternating', 'online']), epochs: int(v, 'epochs', { min: 1 }), batchSize: int(v, 'batch-size', { min: 1 }),
        onProgress: (p) => tick(p.epoch, p.epochs, `epoch ${p.epoch}/${p.epochs} objective ${p.objective.toPrecision(6)}`),
      }));
      return { model, summary: `objective ${model.objective?.toPrecision(6)}` };
    },
  },
  mlp: {
    summary: 'MLP energy F(y) or F(x, y), by contrastive training or exact grid maximum likelihood (2-D)',
    example: 'ebm-wasm train mlp moons.csv --method grid --steps 300 --out mlp.ebm',
    options: {
      hidden: s('hidden layer widths (default 64,64)'),
      activation: s(`one of ${ACTIVATIONS.join(', ')} (default silu)`),
      quadratic: s('weight of ‖y‖² added to F, keeps it bounded below (default 0)'),
      method: s('contrastive or grid (default contrastive; grid needs 2-D data)'),
      condition: s('columns of x for a conditional F(x, y); y is --columns or the rest'),
      lr: s('Adam learning rate (default 1e-3)'),
      epochs: s('contrastive: passes over the data (default 10)'),
      'batch-size': s('rows per step (default min(128, rows); grid: all rows)'),
      negatives: s('contrastive: pcd, cd or noise (default pcd)'),
      sampler: s('contrastive: langevin, mala, hmc or descent (default langevin)'),
      'mcmc-steps': s('contrastive: sampler steps per negative (default 20)'),
      workers: s('contrastive: run the negatives\' sampler steps, grid: the grid\'s blocks, on n workers (1–64) or auto; the same model bytes as without'),
      'step-size': s('contrastive: sampler step size (default 0.01)'),
      loss: s('contrastive: contrastive, hinge, log, square-square, square-exponential, perceptron'),
      'energy-square': s('contrastive: α of the α(E⁺² + E⁻²) regularizer (default 0.1)'),
      steps: s('grid: optimizer steps (default 500)'),
      resolution: s('grid: points per axis (default 64)'),
      bounds: s('grid: xMin,xMax,yMin,yMax (default the data box + 10 %)'),
    },
    async fit(v, { Y, X, seed, tick }) {
      const method = choice(v, 'method', ['contrastive', 'grid'], 'contrastive');
      const model = new MLPEnergy({
        inputDim: Y.cols, conditionDim: X ? X.cols : 0, hidden: list(v, 'hidden', { integer: true, def: [64, 64] }),
        activation: choice(v, 'activation', ACTIVATIONS, 'silu'), quadratic: float(v, 'quadratic', { min: 0, def: 0 }), seed,
      });
      const optimizer = optim.adam({ lr: float(v, 'lr', { positive: true, def: 1e-3 }) });
      try {
        if (method === 'grid') {
          if (X) throw usageError('train mlp: --method grid trains F(y) on 2-D data; it takes no --condition');
          if (Y.cols !== 2) throw usageError(`train mlp: --method grid needs 2 data columns, got ${Y.cols} (choose them with --columns)`);
          const steps = int(v, 'steps', { min: 1, def: 500 });
          const r = await train.maxLikelihoodGrid(model, Y, defined({
            bounds: bounds(v, Y), resolution: int(v, 'resolution', { min: 2 }), steps, optimizer, batchSize: int(v, 'batch-size', { min: 1 }), seed, workers: workers(v),
            onProgress: (p) => tick(p.step, steps, `NLL ${p.nll.toFixed(4)}`),
          }));
          return { model, summary: `grid maximum likelihood, ${steps} steps, final NLL ${r.nll[r.nll.length - 1].toFixed(4)}` };
        }
        const init = { pcd: 'buffer', cd: 'data', noise: 'noise' }[choice(v, 'negatives', ['pcd', 'cd', 'noise'], 'pcd')];
        const epochs = int(v, 'epochs', { min: 1, def: 10 });
        const batchSize = int(v, 'batch-size', { min: 1, def: Math.min(128, Y.rows) });
        const total = epochs * Math.floor(Y.rows / batchSize); // the trainer takes only whole batches
        const trainer = await train.contrastive(model, X ? { X, Y } : Y, defined({
          negatives: { init, sampler: choice(v, 'sampler', ['langevin', 'mala', 'hmc', 'descent'], 'langevin'), steps: int(v, 'mcmc-steps', { min: 1, def: 20 }), stepSize: float(v, 'step-size', { positive: true, def: 0.01 }) },
          loss: choice(v, 'loss', ['contrastive', 'hinge', 'log', 'square-square', 'square-exponential', 'perceptron']),
          regularization: { energySquare: float(v, 'energy-square', { min: 0, def: 0.1 }) },
          optimizer, epochs, batchSize, seed, workers: workers(v),
          onProgress: (p) => tick(p.step, total, `epoch ${p.epoch} loss ${p.loss.toFixed(4)}`),
        }));
        trainer.dispose();
        return { model, summary: `contrastive training, ${epochs} epochs (${total} steps)` };
      } finally {
        optimizer.dispose();
      }
    },
  },
};
