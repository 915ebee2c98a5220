// Fitting a SparseCoding dictionary: alternating minimization (codes for all
// rows, then one block-coordinate pass over the atoms) or Mairal et al.'s
// online dictionary learning, one WASM call per epoch through the shared run
// loop. Works on copies; the model commits the result only when it succeeds.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { DICT_STAT_RESEEDED, DICT_STAT_SHIFT, DICT_STATS_BYTES, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapI32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { checkedBytes, Dictionary, paddedAtoms, unitRows } from './sparse-dict.js';
import type { SparseCoding } from './sparse.js';
import { checkParallel, withPool, type ParallelOptions } from '../parallel/use.js';
import { SparseFitRemote } from '../parallel/sparse.js';
import { blockObjective } from '../parallel/sparse-worker.js';
import type { Pool } from '../parallel/pool.js';

export interface SparseProgress {
  /** Epoch, 1-based. */
  epoch: number;
  epochs: number;
  /**
   * Σ_rows ½‖x − Wᵀz‖² + λ‖z‖₁ of this epoch's codes with the atoms before its
   * update (alternating); for 'online', the same sum over the minibatches as they came.
   */
  objective: number;
  /** Atoms re-seeded from badly reconstructed rows in this epoch. */
  reseeded: number;
  /** Σ squared change of the atoms in this epoch. */
  shift: number;
}

export interface SparseFitOptions extends ParallelOptions {
  /** 'alternating' (default): codes for all rows, then a block pass over the atoms. 'online': Mairal et al. (2010) minibatches. */
  method?: 'alternating' | 'online';
  /** Epochs (passes over X). Default 100 (alternating), 10 (online). */
  epochs?: number;
  /** Online minibatch size. Default min(256, rows). */
  batchSize?: number;
  /** 'data' (default): nAtoms distinct random rows of X, scaled to unit norm. Or an nAtoms×d Matrix (scaled to unit norm). */
  init?: 'data' | MatrixLike;
  signal?: AbortSignal;
  onProgress?: (p: SparseProgress) => void;
}

const FIT_KEYS = ['method', 'epochs', 'batchSize', 'init', 'signal', 'onProgress', 'workers', 'pool'] as const;

/**
 * Least work per epoch (rows × atoms × (dim + atoms)) for an alternating fit to use workers: an
 * epoch costs about 2–5 ns per unit on one core (coding warm-started, the sums over rows), and an
 * epoch's round of messages (the atoms out, ≤ 32 partials of A and B back) well under a
 * millisecond at these sizes (bench/suites/parallel-sparse.mjs).
 */
const FIT_MIN_WORK = 1 << 21;

export interface SparseFitResult {
  atoms: Float32Array;
  d: number;
  method: 'alternating' | 'online';
  history: Float64Array;
  /** Σ_rows F∞(x) with the final atoms (codes from zero, as energy() finds them). */
  objective: number;
}

/** Runs the fit on copies; the model is not changed (its fit() commits the result). */
export async function fitSparse(model: SparseCoding, X: MatrixLike, options: SparseFitOptions, where: string): Promise<SparseFitResult> {
  checkOptions(options, `${where}(X, options)`, FIT_KEYS);
  const x = asMatrix(X, `${where}: X`);
  if (x.rows === 0 || x.cols === 0) throw new ShapeError(`${where}: X has shape ${x.rows}×${x.cols}, expected at least 1 row and 1 column`);
  const k = model.nAtoms;
  const n = x.rows;
  const d = x.cols;
  const method = checkOneOf(options.method ?? 'alternating', `${where}: options.method`, ['alternating', 'online'] as const);
  const epochs = checkInteger(options.epochs ?? (method === 'alternating' ? 100 : 10), `${where}: options.epochs`, 1, 1_000_000);
  const batchSize = checkInteger(options.batchSize ?? Math.min(256, n), `${where}: options.batchSize`, 1, 2 ** 24);
  const signal = checkSignal(options.signal, `${where}: options.signal`);
  const onProgress = checkFunction<(p: SparseProgress) => void>(options.onProgress, `${where}: options.onProgress`);
  const init = options.init ?? 'data';
  let initMatrix: Matrix | null = null;
  if (typeof init === 'string') {
    checkOneOf(init, `${where}: options.init`, ['data'] as const);
    if (k > n) throw new ArgumentError(`${where}: nAtoms = ${k} exceeds the ${n} rows of X that init 'data' draws atoms from; pass init as a Matrix`);
  } else {
    initMatrix = asMatrix(init, `${where}: options.init`);
    if (initMatrix.rows !== k || initMatrix.cols !== d) {
      throw new ShapeError(`${where}: options.init has shape ${initMatrix.rows}×${initMatrix.cols}, expected nAtoms×d = ${k}×${d}`);
    }
  }
  // every block, sized in f64 before the first allocation
  const rowsOf = method === 'alternating' ? n : Math.min(batchSize, n);
  const sizes = {
    X: checkedBytes(where, 'X', n * d, 4),
    Z: checkedBytes(where, 'the codes', rowsOf * k, 4),
    E: checkedBytes(where, 'the row energies', rowsOf, 4),
    A: checkedBytes(where, 'the statistics A', k * k, 8),
    B: checkedBytes(where, 'the statistics B', d * k, 8),
    perm: checkedBytes(where, 'the row order', n, 4),
    batch: checkedBytes(where, 'a minibatch', rowsOf * d, 4), // the online kernel's own copy of a batch
    derived: checkedBytes(where, 'the Gram matrix', (d + k) * paddedAtoms(k), 4),
  };
  const K = kernels(where);
  const startAtoms = initMatrix ? unitRows(initMatrix, `${where}: options.init`) : null;
  const { lambda, maxIter, tol } = model.inference;

  const asked = checkParallel(options, where);
  const perBlock = K.dictionaryBlockRows(n);
  const blocks = Math.ceil(n / perBlock);
  // workers for alternating epochs of at least two blocks and enough work; else this thread, with the same bytes
  const worth = method === 'alternating' && blocks > 1 && n * k * (d + k) >= FIT_MIN_WORK;

  const setup = { where, signal, onProgress, kept: () => 'the model is unchanged' };
  return runOn(model, setup, (run) => withPool(asked, worth, where, (pool: Pool | null) => withBlocksAsync(async (take) => {
    const X0 = take(matrixBlock(x, `${where}: X`));
    const dict = Dictionary.alloc(k, d, where);
    take(dict.W);
    take(dict.derived);
    const Z = take(new WasmBlock(sizes.Z, where));
    const E = take(new WasmBlock(sizes.E, where));
    const A = take(new WasmBlock(sizes.A, where));
    const B = take(new WasmBlock(sizes.B, where));
    const stats = take(new WasmBlock(DICT_STATS_BYTES, where));
    const perm = take(new WasmBlock(sizes.perm, where));
    const rng = take(new WasmBlock(RNG_STATE_BYTES, where));
    const [seedLo, seedHi] = seedWords(model.seed);
    K.rngInit(rng.ptr, seedLo, seedHi, 0);
    const p = heapI32();
    for (let i = 0; i < n; i++) p[(perm.ptr >>> 2) + i] = i;
    if (startAtoms) heapF32().set(startAtoms, dict.W.ptr >>> 2);
    else {
      K.shufflePerm(perm.ptr, n, rng.ptr);
      K.dictionaryInit(dict.W.ptr, X0.ptr, n, d, k, perm.ptr);
    }
    // A and B start at zero: alloc zeroes its blocks
    // on workers: each gets its blocks of rows now; the tree block adds their partials here
    const T = pool ? take(new WasmBlock(checkedBytes(where, 'the sums of the blocks', K.dictionaryTreeBytes(d, k, blocks), 1), where)) : null;
    const remote = pool && T ? new SparseFitRemote(pool, { n, d, k, X: X0.ptr, W: dict.W.ptr, E: E.ptr, A: A.ptr, B: B.ptr, stats: stats.ptr, T: T.ptr }, { lambda, maxIter, tol }, where) : null;
    try {
      const history = new Float64Array(epochs);
      let step = 0;
      const batches = Math.ceil(n / batchSize);
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const objective = remote ? await remote.epoch(epoch > 1) : method === 'alternating'
          ? K.dictionaryEpoch(dict.W.ptr, Z.ptr, E.ptr, X0.ptr, n, d, k, lambda, maxIter, tol, epoch > 1 ? 1 : 0,
            dict.WT, dict.G, A.ptr, B.ptr, stats.ptr)
          : K.dictionaryOnlineEpoch(dict.W.ptr, X0.ptr, n, d, k, lambda, batchSize, step, maxIter, tol, A.ptr, B.ptr,
            perm.ptr, rng.ptr, dict.WT, dict.G, Z.ptr, E.ptr, stats.ptr);
        step = Math.min(step + batches, 2 ** 31 - 1);
        if (!Number.isFinite(objective)) {
          throw new NumericalError(`${where}: the objective became ${objective} at epoch ${epoch}; the model is unchanged`, epoch);
        }
        history[epoch - 1] = objective;
        const s = stats.f64(DICT_STATS_BYTES / 8);
        run.report({ epoch, epochs, objective, reseeded: s[DICT_STAT_RESEEDED / 8]!, shift: s[DICT_STAT_SHIFT / 8]! });
        await run.tick();
      }
      // the objective of the final atoms, with codes found as energy() finds them (from zero):
      // the sums of the blocks of dictionaryBlockRows(n) rows added in block order
      dict.prepare(0);
      let objective = 0;
      if (remote) objective = await remote.final();
      else {
        const Zall = take(new WasmBlock(checkedBytes(where, 'the codes', n * k, 4), where));
        for (let r0 = 0; r0 < n; r0 += perBlock) {
          objective += blockObjective(Zall.ptr + r0 * k * 4, X0.ptr + r0 * d * 4, Math.min(perBlock, n - r0), { d, k, lambda, maxIter, tol }, dict.W.ptr, dict.WT, dict.G);
        }
      }
      if (!Number.isFinite(objective)) throw new NumericalError(`${where}: the final objective is ${objective}; the model is unchanged`, epochs);
      return { atoms: dict.atoms(), d, method, history, objective };
    } finally {
      await remote?.free();
    }
  })));
}
