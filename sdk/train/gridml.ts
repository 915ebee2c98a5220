// Exact maximum-likelihood training of a 2-D energy: the lecture's NLL
// gradient ∂F/∂θ(Y) − E_{P(y)}[∂F/∂θ(y)] with the expectation done by
// quadrature on a grid (assembly/train/gridml.ts), followed by an optimizer step.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { asMatrix, type MatrixLike } from '../matrix.js';
import { checkBounds, type GridBounds } from '../util/bounds.js';
import { copyParams, learnableDescriptor, restoreParams, type LearnableResource } from '../models/learnable.js';
import { adam, type Optimizer } from '../optim.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal, seedWords } from '../util/validate.js';

export interface MaxLikelihoodGridOptions {
  bounds: GridBounds;
  /** Grid points per axis. Default 64. */
  resolution?: number;
  beta?: number;
  /** Default optim.adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  /** Optimizer steps. Default 500. */
  steps?: number;
  /** Data rows per step (a random minibatch each step); default: all rows (exact full-batch gradient). */
  batchSize?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: { step: number; nll: number }) => void;
}

/**
 * The exact grid NLL (nats per point) of `data` and its parameter gradient, without updating anything.
 * The gradient is β·(mean over data of ∂F/∂θ − Σ_grid P(g)·∂F/∂θ(g)).
 */
export function gridNllGrad(model: LearnableResource, data: MatrixLike, options: { bounds: GridBounds; resolution?: number; beta?: number }): { nll: number; grad: Float32Array } {
  const where = 'train.gridNllGrad';
  checkOptions(options, `${where}(model, data, options)`, ['bounds', 'resolution', 'beta']);
  const net = learnableDescriptor(model, where);
  if (model.conditionDim) throw new ArgumentError(`${where}: conditional models (conditionDim > 0) are not supported here yet`);
  if (model.dim !== 2) throw new ShapeError(`${where}: the model has dim ${model.dim}; the grid needs dim 2`);
  const b = checkBounds(options?.bounds, where);
  const R = checkInteger(options.resolution ?? 64, `${where}: resolution`, 2, 4096);
  const beta = checkNumber(options.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
  const y = asMatrix(data, `${where}: data`);
  if (y.cols !== 2 || y.rows === 0) throw new ShapeError(`${where}: data has shape ${y.rows}×${y.cols}, expected n×2 with n ≥ 1`);
  const K = kernels(where);
  const yb = matrixBlock(y, `${where}: data`);
  const out = new WasmBlock(model.numParams * 4);
  const scratch = new WasmBlock((4 * R * R + 2 * y.rows) * 4 + 16);
  try {
    const nll = K.gridNllGrad(net, out.ptr, yb.ptr, y.rows, b.xMin, b.xMax, b.yMin, b.yMax, R, beta, scratch.ptr);
    return { nll, grad: out.f32(model.numParams).slice() };
  } finally {
    scratch.free();
    out.free();
    yb.free();
  }
}

/**
 * Trains by exact maximum likelihood on a grid. Resolves to the NLL history
 * (one value per step, before that step's update). A non-finite NLL or
 * gradient stops with a NumericalError naming the step; the model keeps its last good parameters.
 */
export async function maxLikelihoodGrid(model: LearnableResource, data: MatrixLike, options: MaxLikelihoodGridOptions): Promise<{ nll: number[] }> {
  const where = 'train.maxLikelihoodGrid';
  checkOptions(options, `${where}(model, data, options)`, ['bounds', 'resolution', 'beta', 'optimizer', 'steps', 'batchSize', 'seed', 'signal', 'onProgress']);
  const net = learnableDescriptor(model, where);
  if (model.conditionDim) throw new ArgumentError(`${where}: conditional models (conditionDim > 0) are not supported here yet`);
  if (model.dim !== 2) throw new ShapeError(`${where}: the model has dim ${model.dim}; the grid needs dim 2`);
  const b = checkBounds(options?.bounds, where);
  const R = checkInteger(options.resolution ?? 64, `${where}: resolution`, 2, 4096);
  const beta = checkNumber(options.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
  const steps = checkInteger(options.steps ?? 500, `${where}: steps`, 1);
  const y = asMatrix(data, `${where}: data`);
  if (y.cols !== 2 || y.rows === 0) throw new ShapeError(`${where}: data has shape ${y.rows}×${y.cols}, expected n×2 with n ≥ 1`);
  const batch = checkInteger(options.batchSize ?? y.rows, `${where}: batchSize`, 1, y.rows);
  const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: { step: number; nll: number }) => void>(options.onProgress, `${where}: onProgress`);
  const opt = options.optimizer ?? adam({ lr: 1e-3 });
  if (typeof opt !== 'object' || typeof (opt as Optimizer).step !== 'function') {
    throw new ArgumentError(`${where}: optimizer must come from optim.sgd(...) or optim.adam(...)`);
  }
  const K = kernels(where);
  const n = y.rows;
  const yb = matrixBlock(y, `${where}: data`);
  const batchBlock = new WasmBlock(batch * 8);
  const perm = new WasmBlock(n * 4);
  const rng = new WasmBlock(RNG_STATE_BYTES);
  const out = new WasmBlock(model.numParams * 4);
  const scratch = new WasmBlock((4 * R * R + 2 * batch) * 4 + 16);
  const history: number[] = [];
  const kept = () => `the ${history.length} steps taken before it are kept`;
  try {
    await runOn(model, { where, signal, onProgress, kept }, async (pacer) => {
    const p = perm.i32(n);
    for (let i = 0; i < n; i++) p[i] = i;
    const [lo, hi] = seedWords(seed);
    K.rngInit(rng.ptr, lo, hi, 0x6d6c6700); // 'mlg' stream
    let cursor = n; // start of the next minibatch in the current order
    for (let step = 1; step <= steps; step++) {
      let rows = yb.ptr;
      if (batch < n) {
        if (cursor + batch > n) {
          K.shufflePerm(perm.ptr, n, rng.ptr);
          cursor = 0;
        }
        K.gatherBatch(batchBlock.ptr, yb.ptr, 2, perm.ptr, cursor, batch);
        cursor += batch;
        rows = batchBlock.ptr;
      }
      const before = copyParams(net, model.numParams, where);
      const nll = K.gridNllGrad(net, out.ptr, rows, batch, b.xMin, b.xMax, b.yMin, b.yMax, R, beta, scratch.ptr);
      const grad = out.f32(model.numParams).slice();
      if (!Number.isFinite(nll) || !grad.every(Number.isFinite)) {
        throw new NumericalError(`${where}: the NLL or its gradient became non-finite at step ${step} (NLL ${nll}); the model keeps the parameters of step ${step - 1}`, step);
      }
      history.push(nll);
      opt.step(model, grad);
      if (!model.params.every(Number.isFinite)) {
        restoreParams(net, before, where);
        throw new NumericalError(`${where}: the parameters became non-finite at step ${step}; restored those of step ${step - 1}`, step);
      }
      pacer.report({ step, nll });
      await pacer.tick();
    }
    });
  } finally {
    scratch.free();
    out.free();
    rng.free();
    perm.free();
    batchBlock.free();
    yb.free();
  }
  return { nll: history };
}
