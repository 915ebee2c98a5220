// The minibatch fit loop the network models share (GLO, DenoisingAutoencoder,
// MaskedAutoencoder): shuffled minibatches over the training rows; each batch
// is cut into fixed blocks of MINIBATCH_BLOCK rows, one partial gradient and
// (loss, count) per block from the model's blocks kernel (minibatch-kernels.ts),
// summed in a fixed tree (assembly/train/minibatch.ts); a finiteness check,
// then the caller's optimizer steps θ. The blocks run on this thread or, with
// `{ workers | pool }` and enough work, on workers (parallel/minibatch.ts),
// with the same bytes. The epoch order depends only on (seed, epoch), per-row
// draws only on the row's place in the run, and the model keeps where it stands
// (epochsDone, rowInEpoch), so fits split anywhere give the same bytes.
import { ArgumentError, NumericalError } from '../errors.js';
import { describe, type Matrix } from '../matrix.js';
import { MINIBATCH_BLOCK, RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import type { Resource } from '../runtime/resource.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import type { LearnableResource } from './learnable.js';
import { MINIBATCH_KERNELS, type MinibatchKernel } from './minibatch-kernels.js';
import { checkParallel, withPool, type ParallelOptions } from '../parallel/use.js';
import type { Pool } from '../parallel/pool.js';
import { MinibatchRemote } from '../parallel/minibatch.js';

/** What the loop reads and advances on the model. */
export interface MinibatchModel extends Resource {
  readonly seed: number;
  readonly numParams: number;
  epochsDone: number;
  rowInEpoch: number;
}

/** The options every minibatch fit takes. */
export interface MinibatchOptions<P> extends ParallelOptions {
  epochs?: number;
  batchSize?: number;
  optimizer?: Optimizer;
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

/**
 * epochs, batchSize, the optimizers (each key must hold an Optimizer or
 * nothing), signal and onProgress checked in that order, as every fit names them.
 */
export function minibatchSettings<P, O extends MinibatchOptions<P>>(options: O, where: string, defaultBatch: number, optimizers: readonly (keyof O & string)[] = ['optimizer']) {
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0, 1 << 20);
  const batchSize = checkInteger(options.batchSize ?? defaultBatch, `${where}: batchSize`, 1, 1 << 20);
  for (const k of optimizers) {
    const o = options[k];
    if (o !== undefined && !(o instanceof Optimizer)) throw new ArgumentError(`${where}: ${k} must be an Optimizer (optim.sgd or optim.adam), got ${describe(o)}`);
  }
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: P) => void>(options.onProgress, `${where}: onProgress`);
  const parallel = checkParallel(options, where);
  return { epochs, batchSize, signal, onProgress, parallel };
}

/**
 * When a fit's batches go to workers: at least MINIBATCH_MIN_WORKER_ROWS rows and
 * MINIBATCH_MIN_WORKER_WORK rows × parameters a batch; else this thread, with the same bytes.
 * Both the work and the messages of a batch grow with the parameters (θ to every worker, one
 * gradient back per worker, each worker's copy of θ and its sync: ~18 ns per parameter and
 * 0.4–0.5 ms a batch, measured beside ~0.7 ns per row × parameter of work, bench/RESULTS.md
 * "Minibatch fits on workers"), so rows decide: with 2 workers a batch needs ~100 rows before
 * half of its work outweighs them. The default batches (32–64 rows) stay on this thread.
 */
export const MINIBATCH_MIN_WORKER_ROWS = 96;
export const MINIBATCH_MIN_WORKER_WORK = 1 << 22;

export interface MinibatchRun<P> {
  where: string;
  /** The model's blocks kernel and its handle. */
  kernel: MinibatchKernel;
  handle: number;
  /** Training rows (f32; MAE's tokens as numbers), and their name in messages. */
  data: Matrix;
  dataName: string;
  epochs: number;
  batchSize: number;
  /** The caller's optimizer, or undefined for an own adam({ lr: 1e-3 }) disposed after the fit. */
  optimizer: Optimizer | undefined;
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
  /** What checkParallel gave (null: this thread). */
  parallel: ReturnType<typeof checkParallel>;
  /** The model's own settings of its kernel for the whole fit (minibatch-kernels.ts). */
  extra: number[];
  /** Before the first batch, the model busy (GLO's first codes, where the model notes its rows). */
  prepare(): void;
  /** What the model keeps after a non-finite batch (the end of the NumericalError's message). */
  keepsOnError: string;
  /** The progress record of an epoch (or of the part of one a fit ran). */
  progress(epoch: number, epochs: number, meanLoss: number): P;
}

/** The loop: every batch of `epochs` epochs (resuming part-way into one), on model m. */
export async function minibatchFit<P>(m: MinibatchModel & LearnableResource & { toBytes(): Uint8Array }, r: MinibatchRun<P>): Promise<void> {
  const { where, epochs, batchSize, handle: h } = r;
  const N = r.data.rows;
  const P = m.numParams;
  const ownOpt = r.optimizer === undefined ? adam({ lr: 1e-3 }) : null;
  const opt = r.optimizer ?? ownOpt!;
  const K = kernels(where);
  const row = MINIBATCH_KERNELS[r.kernel];
  const sf = row.stateFloats(K, h);
  const maxB = Math.min(batchSize, N);
  const maxBlocks = Math.ceil(maxB / MINIBATCH_BLOCK);
  // workers for batches of enough rows and work; else this thread, with the same bytes
  const worth = maxB >= MINIBATCH_MIN_WORKER_ROWS && maxB * P >= MINIBATCH_MIN_WORKER_WORK;
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal: r.signal, onProgress: r.onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) =>
      withPool(r.parallel, worth, where, (pool: Pool | null) => withBlocksAsync(async (take) => {
        const Y = take(matrixBlock(r.data, `${where}: ${r.dataName}`));
        r.prepare();
        const perm = take(new WasmBlock(N * 4));
        const st = take(new WasmBlock(RNG_STATE_BYTES));
        const grads = take(new WasmBlock(maxBlocks * P * 4));
        const losses = take(new WasmBlock(maxBlocks * 16));
        const state = take(new WasmBlock(Math.max(16, maxB * sf * 4)));
        const levels = take(new WasmBlock(Math.max(16, maxBlocks * 4)));
        const remote = pool ? new MinibatchRemote(pool, r.kernel, m.toBytes(), r.data, P, sf, maxBlocks, where) : null;
        try {
          const [lo, hi] = seedWords(m.seed);
          const total = epochs * N;
          let done = 0;
          while (done < total) {
            if (m.rowInEpoch === 0 || batches === 0) {
              // the epoch's order depends only on (seed, epoch): a resumed fit redraws the same one
              const p = perm.i32(N);
              for (let i = 0; i < N; i++) p[i] = i;
              K.rngInit(st.ptr, lo, hi, 1 + (m.epochsDone % 0x7fffffff));
              K.shufflePerm(perm.ptr, N, st.ptr);
            }
            let sum = 0;
            let count = 0;
            while (m.rowInEpoch < N && done < total) {
              const B = Math.min(batchSize, N - m.rowInEpoch, total - done);
              const nb = Math.ceil(B / MINIBATCH_BLOCK);
              const idx = perm.ptr + m.rowInEpoch * 4;
              row.gather?.(K, h, state.ptr, idx, B);
              const settings = { seedLo: lo, seedHi: hi, epoch: m.epochsDone, pos0: m.rowInEpoch, extra: r.extra };
              if (remote) {
                await remote.batch(B, { idx, state: state.ptr, grads: grads.ptr, losses: losses.ptr, levels: levels.ptr }, () => m.params, settings);
                m.checkLive(where);
              } else {
                row.run(K, { h, data: Y.ptr, N, idx, n: B, state: state.ptr, grads: grads.ptr, losses: losses.ptr }, settings);
              }
              // the blocks' losses and counts in block order, their gradients in the fixed tree
              const l = losses.f64(2 * nb);
              let loss = 0;
              let items = 0;
              for (let b = 0; b < nb; b++) {
                loss += l[2 * b]!;
                items += l[2 * b + 1]!;
              }
              K.minibatchReduce(grads.ptr, nb, P, remote ? levels.ptr : 0, 1 / Math.max(1, items));
              if (!Number.isFinite(loss) || K.firstNonFinite(grads.ptr, P) >= 0) {
                throw new NumericalError(
                  `${where}: non-finite loss or gradient at epoch ${m.epochsDone + 1}, batch at row ${m.rowInEpoch}; the model keeps ${r.keepsOnError}`,
                  batches,
                );
              }
              // the rows' new state (GLO's codes) only now: a bad batch leaves the model as it was
              row.scatter?.(K, h, state.ptr, idx, B);
              opt.step(m, grads.f32(P).slice());
              m.rowInEpoch += B;
              done += B;
              batches++;
              sum += loss;
              count += items;
              await run.tick();
            }
            if (m.rowInEpoch >= N) {
              m.rowInEpoch = 0;
              m.epochsDone++;
            }
            run.report(r.progress(m.epochsDone, epochs, sum / Math.max(1, count)));
          }
        } finally {
          await remote?.free();
        }
      })),
    );
  } finally {
    ownOpt?.dispose();
  }
}
