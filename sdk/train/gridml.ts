// Exact maximum-likelihood training of a 2-D energy: the lecture's NLL
// gradient ∂F/∂θ(Y) − E_{P(y)}[∂F/∂θ(y)] with the expectation done by
// quadrature on a grid (assembly/train/gridml.ts), followed by an optimizer step.
// With `{ workers }` or `{ pool }` the grid's and the data's blocks of each step
// run on workers (sdk/parallel/grid.ts) and fold here in block order: the bytes
// of the calling thread.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import type { PortableEnergy } from '../energies/energy.js';
import { gridJobs, gridUnits, type GridPartsArgs, type GridPartsResult, type GridSpec } from '../parallel/grid.js';
import type { Pool } from '../parallel/pool.js';
import { portableOf } from '../parallel/portable.js';
import { checkParallel, nextRunKey, withPool, type ParallelOptions } from '../parallel/use.js';
import { asMatrix, type MatrixLike } from '../matrix.js';
import { checkBounds, type GridBounds } from '../util/bounds.js';
import { copyParams, learnableDescriptor, restoreParams, type LearnableResource } from '../models/learnable.js';
import { adam, type Optimizer } from '../optim.js';
import { GRID_BLOCK, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapF64, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal, seedWords } from '../util/validate.js';

export interface MaxLikelihoodGridOptions extends ParallelOptions {
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
  const scratch = new WasmBlock(K.gridNllScratchBytes(model.numParams));
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
 * Least work of a step, in grid points and data rows × parameters, for workers to pay: below it
 * the messages (the parameters to every worker, a partial gradient back per block) and the fold
 * cost about as much as the work they share (bench/suites/parallel.mjs).
 */
const MIN_WORKER_WORK = 1 << 23;

/**
 * Trains by exact maximum likelihood on a grid. Resolves to the NLL history
 * (one value per step, before that step's update). A non-finite NLL or
 * gradient stops with a NumericalError naming the step; the model keeps its last good parameters.
 * With `workers` or `pool` each step's blocks of grid points and data rows run on workers, with the
 * same results; steps of one block, or too little work, run on the calling thread.
 */
export async function maxLikelihoodGrid(model: LearnableResource, data: MatrixLike, options: MaxLikelihoodGridOptions): Promise<{ nll: number[] }> {
  const where = 'train.maxLikelihoodGrid';
  checkOptions(options, `${where}(model, data, options)`, ['bounds', 'resolution', 'beta', 'optimizer', 'steps', 'batchSize', 'seed', 'signal', 'onProgress', 'workers', 'pool']);
  const asked = checkParallel(options, where);
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
  const units = gridUnits(R, batch);
  // workers for more than one block and enough work, with a model they can rebuild (an unconditional MLPEnergy)
  const worth = asked !== null && units.grid.length + units.data.length > 1 && (R * R + batch) * model.numParams >= MIN_WORKER_WORK && portableOf(model, where) !== null;
  const spec: GridSpec = { xMin: b.xMin, xMax: b.xMax, yMin: b.yMin, yMax: b.yMax, R, beta };
  const yb = matrixBlock(y, `${where}: data`);
  const batchBlock = new WasmBlock(batch * 8);
  const perm = new WasmBlock(n * 4);
  const rng = new WasmBlock(RNG_STATE_BYTES);
  const out = new WasmBlock(model.numParams * 4);
  const scratch = new WasmBlock(K.gridNllScratchBytes(model.numParams));
  const history: number[] = [];
  const kept = () => `the ${history.length} steps taken before it are kept`;
  try {
    await runOn(model, { where, signal, onProgress, kept }, (pacer) => withPool(asked, worth, where, async (pool) => {
    // the model's file once per run; each step sends only the parameters (the workers keep the model)
    const par = pool ? { pool, key: nextRunKey(), model: portableOf(model, where)! } : null;
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
      const nll = par
        ? await nllGradOnWorkers(par, model, rows, batch, spec, units, out.ptr, scratch.ptr, where)
        : K.gridNllGrad(net, out.ptr, rows, batch, b.xMin, b.xMax, b.yMin, b.yMax, R, beta, scratch.ptr);
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
    }));
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

/**
 * gridNllGrad with the blocks on the pool's workers: contiguous runs of blocks, at most two jobs per
 * worker in flight, folded here in block order into the sums gridNllGrad keeps in its scratch (the
 * same layout), then finished as it finishes: the bytes of gridNllGrad.
 */
async function nllGradOnWorkers(
  par: { pool: Pool; key: string; model: PortableEnergy }, model: LearnableResource, rows: number, n: number, spec: GridSpec,
  units: { grid: number[]; data: number[] }, out: number, scratch: number, where: string,
): Promise<number> {
  const K = kernels(where);
  const P = model.numParams;
  const ng = units.grid.length;
  const total = ng + units.data.length;
  const energy: PortableEnergy = { ...(par.model as PortableEnergy & { type: 'file' }), params: model.params };
  const jobs = gridJobs(total, par.pool.size).map(({ first, count }) => {
    const grid = units.grid.slice(Math.min(first, ng), Math.min(first + count, ng));
    const d0 = Math.max(first - ng, 0);
    const d1 = Math.max(first + count - ng, 0);
    const dataCounts = units.data.slice(d0, d1).map((r) => Math.min(n - r, GRID_BLOCK));
    const r0 = d0 < d1 ? units.data[d0]! : 0;
    const r1 = d0 < d1 ? units.data[d1 - 1]! + dataCounts[dataCounts.length - 1]! : 0;
    const data = d0 < d1 ? heapF32().slice((rows >>> 2) + 2 * r0, (rows >>> 2) + 2 * r1) : null;
    const args: GridPartsArgs & { energy: PortableEnergy } = { key: par.key, energy, numParams: P, spec, grid, data, dataCounts };
    return { args, transfer: data ? [data.buffer as ArrayBuffer] : [] };
  });
  // the layout of gridNllGrad's scratch: accGrid f64[P], accData f64[P], st f64[4], block stats f64[2], G f32[P]
  const accGrid = scratch;
  const accData = accGrid + P * 8;
  const st = accData + P * 8;
  const G = st + 48;
  heapF64().fill(0, accGrid >>> 3, (accGrid >>> 3) + 2 * P);
  heapF64().set([Infinity, 0, 0], st >>> 3);
  const window = 2 * par.pool.size;
  const running: Promise<GridPartsResult>[] = [];
  let sent = 0;
  for (let j = 0; j < jobs.length; j++) {
    while (sent < jobs.length && sent < j + window) {
      const job = jobs[sent++]!;
      const p = par.pool.run<GridPartsResult>('gridParts', job.args, job.transfer, where);
      p.catch(() => undefined); // awaited in order below; a later job's failure must not go unhandled meanwhile
      running.push(p);
    }
    const r = await running[j]!;
    delete running[j];
    learnableDescriptor(model, where); // still alive
    // grid blocks first (two stats each), then data blocks (one each)
    const k0 = jobs[j]!.args.grid.length;
    let at = 0;
    for (let k = 0; k < k0; k++, at++) {
      heapF32().set(r.G.subarray(at * P, (at + 1) * P), G >>> 2);
      K.gridFoldGrid(accGrid, st, G, r.stats[2 * k]!, r.stats[2 * k + 1]!, P, spec.beta);
    }
    for (let d = 0; d < jobs[j]!.args.dataCounts.length; d++, at++) {
      heapF32().set(r.G.subarray(at * P, (at + 1) * P), G >>> 2);
      K.gridFoldData(accData, st, G, r.stats[2 * k0 + d]!, P);
    }
  }
  const cellArea = (spec.xMax - spec.xMin) * (spec.yMax - spec.yMin) / (spec.R * spec.R);
  return K.gridNllFinish(out, accGrid, accData, st, n, spec.beta, cellArea, P);
}
