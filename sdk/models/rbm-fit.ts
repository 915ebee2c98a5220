// Training an RBM: CD-k or PCD-k minibatch steps with momentum and weight
// decay, all in WASM (train/rbm.ts); the SDK validates, chunks the minibatches
// through the shared run loop, and keeps what a resumed fit needs. Epoch e
// (counted over all fits of the model) draws from Philox stream 16 + e of the
// seed: its shuffle below counter 2³², and chain r's Gibbs draws in minibatch b,
// sweep s at counters that depend on (b, s, r) alone (assembly/train/rbm.ts). So
// fit(10 epochs) then fit(10, resume) is bit-identical to fit(20), and the
// chains of a minibatch can be split over workers without changing a bit.
import { ArgumentError, NumericalError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { RBM_BLOCK, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { now, runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import type { RBM } from './rbm.js';
import { checkParallel, nextRunKey, withPool, type ParallelOptions } from '../parallel/use.js';
import { blockRanges } from '../parallel/blocks.js';
import type { Pool } from '../parallel/pool.js';
import type { RbmFitPartsArgs, RbmFitPartsResult } from '../parallel/rbm.js';

export interface RBMFitProgress {
  /** Epoch of this fit, 1-based, and the number this fit runs. */
  epoch: number;
  epochs: number;
  /** Minibatch within the epoch, 1-based, and the number per epoch. */
  batch: number;
  batches: number;
}

export interface RBMFitOptions extends ParallelOptions {
  /** 'pcd' (default): persistent chains (Tieleman 2008); 'cd': chains restart at each minibatch (Hinton 2002). */
  method?: 'cd' | 'pcd';
  /** Gibbs sweeps per negative phase, an integer ≥ 1. Default 1. */
  k?: number;
  /** Learning rate of the averaged gradient. Default 0.05. */
  lr?: number;
  /** Momentum μ in vel ← μ·vel + lr·(∇̂ − weightDecay·W). Default 0.5. */
  momentum?: number;
  /** L2 penalty on W. Default 0. */
  weightDecay?: number;
  /** Rows per minibatch (and persistent chains). Default min(10, rows). */
  batchSize?: number;
  /** Epochs to run (passes over X). Default 30. */
  epochs?: number;
  /** Seed of initialization and training; default the model's. */
  seed?: number;
  /** Continue from the model's parameters and training state (epochs, momentum, chains) instead of starting anew. */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: RBMFitProgress) => void;
}

/** What a resumed fit continues from. */
export interface RBMTrainState {
  epochs: number;
  method: 'cd' | 'pcd';
  batchSize: number;
  seed: number;
  velocity: Float32Array;
  /** batchSize × visible persistent chains (PCD), else empty. */
  chains: Float32Array;
}

const KEYS = ['method', 'k', 'lr', 'momentum', 'weightDecay', 'batchSize', 'epochs', 'seed', 'resume', 'signal', 'onProgress', 'workers', 'pool'] as const;
export const STREAM_CHAINS = 1;
export const STREAM_EPOCH0 = 16;

/**
 * Workers take a fit whose minibatches have more than one block of 64 rows and at least
 * FIT_MIN_WORK multiply-adds of Gibbs sweeps and gradient each (batch × visible × hidden × (k + 1)):
 * below, a minibatch's round trip (the parameters out, a partial gradient per block back) costs about
 * what it saves (bench/suites/parallel-ais.mjs). A pool started for the call (`workers: n`, ~200 ms of
 * CPU per worker) also needs the whole fit to reach FIT_MIN_TOTAL.
 */
const FIT_MIN_WORK = 2 ** 25;
const FIT_MIN_TOTAL = 2 ** 30;

export async function fitRBM(model: RBM, X: MatrixLike, options: RBMFitOptions): Promise<void> {
  const where = 'RBM.fit';
  const m = model.live(where);
  checkOptions(options, `${where}(X, options)`, KEYS);
  const asked = checkParallel(options, where);
  const x = model.data(X, where, 'X');
  const method = checkOneOf(options.method ?? 'pcd', `${where}: method`, ['cd', 'pcd'] as const);
  const k = checkInteger(options.k ?? 1, `${where}: k`, 1, 1 << 16);
  const lr = checkNumber(options.lr ?? 0.05, `${where}: lr`, { min: 0, exclusiveMin: true });
  const momentum = checkNumber(options.momentum ?? 0.5, `${where}: momentum`, { min: 0, max: 0.999 });
  const weightDecay = checkNumber(options.weightDecay ?? 0, `${where}: weightDecay`, { min: 0 });
  const batchSize = checkInteger(options.batchSize ?? Math.min(10, x.rows), `${where}: batchSize`, 1, Math.max(1, x.rows));
  const epochs = checkInteger(options.epochs ?? 30, `${where}: epochs`, 1, 1 << 20);
  const resume = options.resume ?? false;
  if (typeof resume !== 'boolean') throw new ArgumentError(`${where}: resume must be a boolean, got ${typeof resume}`);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: RBMFitProgress) => void>(options.onProgress, `${where}: onProgress`);
  const prior = model.trainState;
  if (resume) {
    if (prior === null) throw new ArgumentError(`${where}: resume: true needs a model that was fitted (or loaded with its training state)`);
    if (prior.method !== method || prior.batchSize !== batchSize) {
      throw new ArgumentError(`${where}: resume needs the same method and batchSize as before ('${prior.method}', ${prior.batchSize}), got '${method}', ${batchSize}`);
    }
    if (options.seed !== undefined && options.seed !== prior.seed) {
      throw new ArgumentError(`${where}: resume continues the seed ${prior.seed}; got seed ${String(options.seed)}`);
    }
  }
  const seed = resume ? prior!.seed : options.seed === undefined ? model.seed : checkInteger(options.seed, `${where}: seed`, 0);
  const K = kernels(where);
  const n = x.rows;
  const V = model.visible;
  const P = model.numParams;
  const batches = Math.ceil(n / batchSize);
  const persistent = method === 'pcd' ? 1 : 0;
  const before = model.params;
  let done = 0;
  // what an early stop leaves: the finished epochs (resume: true continues them), or, before the first, the model as it was
  const state = (): string =>
    done === 0 ? 'the model is unchanged' : `the model keeps its parameters after ${done} finished epoch${done === 1 ? '' : 's'} of this fit (resume: true continues them)`;
  const perBatch = batchSize * V * model.hidden * (k + 1);
  const worth = asked !== null && batchSize > RBM_BLOCK && perBatch >= FIT_MIN_WORK && ('pool' in asked || perBatch * batches * epochs >= FIT_MIN_TOTAL);
  await runOn(model, { where, signal, onProgress, kept: state }, (run) => withPool(asked, worth, where, (pool) => withBlocksAsync(async (take) => {
    const xb = take(matrixBlock(x, `${where}: X`));
    const perm = take(new WasmBlock(n * 4));
    const vel = take(new WasmBlock(P * 4));
    const chains = take(new WasmBlock(Math.max(16, batchSize * V * 4)));
    const rng = take(new WasmBlock(RNG_STATE_BYTES));
    const [lo, hi] = seedWords(seed);
    const theta = (): Float32Array => heapF32().subarray(K.rbmParams(m) >>> 2, (K.rbmParams(m) >>> 2) + P);
    let startEpoch = 0;
    if (resume) {
      startEpoch = prior!.epochs;
      vel.f32(P).set(prior!.velocity);
      if (persistent) chains.f32(batchSize * V).set(prior!.chains);
    } else {
      // scikit-learn's start for W (N(0, 0.01²)), visible biases matching the data's marginals
      // (Hinton's guide §8; Gaussian units: the column means), hidden biases 0, chains from p(v | h = 0)
      model.initWeights(seed);
      const nW = V * model.hidden;
      const bb = take(new WasmBlock(V * 4));
      if (model.visibleType === 'bernoulli') K.rbmDataLogits(bb.ptr, xb.ptr, n, V, 1e-3);
      else columnMeans(xb.f32(n * V), n, V, bb.f32(V));
      theta().set(bb.f32(V), nW);
      if (persistent) {
        const u = take(new WasmBlock(Math.max(16, batchSize * Math.ceil(V / 4) * 16)));
        K.rngInit(rng.ptr, lo, hi, STREAM_CHAINS);
        K.rbmInitChains(m, chains.ptr, batchSize, rng.ptr, u.ptr, 0);
      }
    }
    const snapTheta = new Float32Array(P);
    const snapVel = new Float32Array(P);
    const snapChains = new Float32Array(persistent ? batchSize * V : 0);
    const snapshot = (): void => {
      snapTheta.set(theta());
      snapVel.set(vel.f32(P));
      if (persistent) snapChains.set(chains.f32(batchSize * V));
    };
    const rollback = (): void => {
      theta().set(snapTheta);
      vel.f32(P).set(snapVel);
      if (persistent) chains.f32(batchSize * V).set(snapChains);
    };
    const commitState = (epochsTotal: number): void => {
      model.trainState = {
        epochs: epochsTotal, method, batchSize, seed, velocity: vel.f32(P).slice(), chains: persistent ? chains.f32(batchSize * V).slice() : new Float32Array(0),
      };
    };
    const par = pool ? { pool, key: nextRunKey(), file: model.toBytes(), loaded: new Set<number>() } : null;
    let chunk = 1;
    try {
      snapshot();
      for (let e = 0; e < epochs; e++) {
        const global = startEpoch + e;
        K.rngInit(rng.ptr, lo, hi, STREAM_EPOCH0 + global);
        const p = perm.i32(n);
        for (let i = 0; i < n; i++) p[i] = i;
        K.shufflePerm(perm.ptr, n, rng.ptr);
        for (let b = 0; b < batches; ) {
          const count = par ? 1 : Math.min(chunk, batches - b);
          const t0 = now();
          const bad = par
            ? await batchOnWorkers(par, { m, x: x.data, perm: perm.i32(n), b, batchSize, n, V, k, persistent, chains, vel, rng, lr, momentum, weightDecay, theta: theta() }, where)
            : K.rbmTrainBatches(m, xb.ptr, n, perm.ptr, batchSize, b, count, k, persistent, chains.ptr, vel.ptr, lr, momentum, weightDecay, rng.ptr);
          model.live(where);
          if (bad >= 0) {
            rollback();
            throw new NumericalError(
              `${where}: the parameters became non-finite in epoch ${e + 1}, minibatch ${bad + 1} (try a smaller lr); ${state()}`, e + 1,
            );
          }
          b += count;
          if (now() - t0 < 5 && chunk < 1 << 16) chunk *= 2;
          run.report({ epoch: e + 1, epochs, batch: b, batches });
          if (b < batches) await run.tick();
        }
        done = e + 1;
        commitState(global + 1);
        snapshot(); // what an early stop from here on goes back to
        await run.tick();
      }
    } catch (err) {
      // an abort, a failed callback or a non-finite step mid-epoch: back to the end of the last finished
      // epoch; before the first one, back to the parameters the model had before this fit
      if (!model.disposed) {
        rollback();
        if (done === 0) theta().set(before);
      }
      throw err;
    }
  })));
}

interface BatchState {
  m: number;
  x: Float32Array;
  perm: Int32Array;
  b: number;
  batchSize: number;
  n: number;
  V: number;
  k: number;
  persistent: number;
  chains: WasmBlock;
  vel: WasmBlock;
  rng: WasmBlock;
  lr: number;
  momentum: number;
  weightDecay: number;
  theta: Float32Array;
}

/**
 * Minibatch b on the workers: its rows and chains cut into one contiguous run of 64-row blocks per
 * worker (rbmFitParts), the blocks' partial gradients put in block order and summed in the fixed tree
 * with the step on this thread (rbmApplyStep), as rbmTrainBatches does. Returns −1 or b (non-finite θ).
 */
const EMPTY = new Uint8Array(0);

async function batchOnWorkers(par: { pool: Pool; key: string; file: Uint8Array; loaded: Set<number> }, s: BatchState, where: string): Promise<number> {
  const K = kernels(where);
  const { b, batchSize, V, persistent } = s;
  const start = b * batchSize;
  const mb = Math.min(batchSize, s.n - start);
  const nn = persistent ? batchSize : mb;
  const params = s.theta.slice();
  const rng = heapU8().slice(s.rng.ptr, s.rng.ptr + RNG_STATE_BYTES);
  const ranges = blockRanges(Math.max(mb, nn), RBM_BLOCK, par.pool.size);
  const results = await Promise.all(ranges.map((g, i) => {
    const pmb = Math.max(0, Math.min(g.rows, mb - g.first));
    const pnn = Math.max(0, Math.min(g.rows, nn - g.first));
    const vpos = new Float32Array(pmb * V);
    for (let r = 0; r < pmb; r++) {
      const row = s.perm[start + g.first + r]!;
      vpos.set(s.x.subarray(row * V, (row + 1) * V), r * V);
    }
    const vneg = persistent ? s.chains.f32(batchSize * V).slice(g.first * V, (g.first + pnn) * V) : new Float32Array(0);
    const args = (bytes: Uint8Array): RbmFitPartsArgs => ({
      key: par.key, energy: { type: 'file', bytes, params }, vpos, mb: pmb, V, vneg, nn: pnn, row0: g.first,
      mbAll: mb, nnAll: nn, B: batchSize, bi: b, k: s.k, persistent, rng,
    });
    // run i always goes to worker i: the model's file goes with its first minibatch only, then the parameters
    const sent = par.loaded.has(i);
    par.loaded.add(i);
    const first = par.pool.runAt<RbmFitPartsResult>(i, 'rbmFitParts', args(sent ? EMPTY : par.file), [], where);
    return first.then((r) => (r.missing ? par.pool.runAt<RbmFitPartsResult>(i, 'rbmFitParts', args(par.file), [], where) : r));
  }));
  const nb = K.rbmBlocksOf(mb, nn);
  const P = params.length;
  const G = new WasmBlock(nb * P * 4, where);
  try {
    let o = 0;
    results.forEach((r, i) => {
      heapF32().set(r.G, (G.ptr >>> 2) + o);
      o += r.G.length;
      if (persistent) s.chains.f32(batchSize * V).set(r.vneg, ranges[i]!.first * V);
    });
    return K.rbmApplyStep(s.m, G.ptr, nb, s.vel.ptr, s.lr, s.momentum, s.weightDecay) !== 0 ? b : -1;
  } finally {
    G.free();
  }
}

/** Column means of X (n×V) in f64, rounded to f32: a Gaussian RBM's starting visible biases. */
function columnMeans(X: Float32Array, n: number, V: number, out: Float32Array): void {
  for (let k = 0; k < V; k++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += X[r * V + k]!;
    out[k] = s / n;
  }
}
