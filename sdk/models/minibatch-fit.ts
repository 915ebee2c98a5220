// The minibatch fit loop the network models share (GLO, DenoisingAutoencoder,
// MaskedAutoencoder): shuffled minibatches over the training rows, one WASM
// call per batch that writes ∂loss/∂θ, a finiteness check, then the caller's
// optimizer steps θ. The epoch order depends only on (seed, epoch) and the model
// keeps where it stands (epochsDone, rowInEpoch), so fits split anywhere give
// the same bytes. Each model says what a batch is; the loop, the checks and the
// progress are here once.
import { ArgumentError, NumericalError } from '../errors.js';
import { describe } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import type { Resource } from '../runtime/resource.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import type { LearnableResource } from './learnable.js';

/** What the loop reads and advances on the model. */
export interface MinibatchModel extends Resource {
  readonly seed: number;
  readonly numParams: number;
  epochsDone: number;
  rowInEpoch: number;
}

/** The options every minibatch fit takes. */
export interface MinibatchOptions<P> {
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
  return { epochs, batchSize, signal, onProgress };
}

/** One batch, as a model computes it. */
export interface Batch {
  /** Rows into the epoch's order where the batch starts, and how many. */
  readonly start: number;
  readonly B: number;
  /** The epoch's order: i32[N] of row indices. */
  readonly perm: WasmBlock;
  /** Where the batch writes ∂loss/∂θ: f32[numParams]. */
  readonly grad: WasmBlock;
}

export interface MinibatchRun<P> {
  where: string;
  /** Training rows. */
  N: number;
  epochs: number;
  batchSize: number;
  /** The caller's optimizer, or undefined for an own adam({ lr: 1e-3 }) disposed after the fit. */
  optimizer: Optimizer | undefined;
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
  /** The blocks and state the batches need (the data first), before the loop's own. */
  prepare(take: <B extends WasmBlock>(b: B) => B): void;
  /**
   * Runs one batch: returns its summed loss and the rows (or items) the
   * epoch's mean divides it by. The loop then checks loss and gradient; on a
   * non-finite one it calls `undo()` (if any) and throws a NumericalError.
   */
  batch(b: Batch): { loss: number; count: number; undo?: () => void };
  /** What the model keeps after a non-finite batch (the end of the NumericalError's message). */
  keepsOnError: string;
  /** The progress record of an epoch (or of the part of one a fit ran). */
  progress(epoch: number, epochs: number, meanLoss: number): P;
}

/** The loop: every batch of `epochs` epochs (resuming part-way into one), on model m. */
export async function minibatchFit<P>(m: MinibatchModel & LearnableResource, r: MinibatchRun<P>): Promise<void> {
  const { where, N, epochs, batchSize } = r;
  const ownOpt = r.optimizer === undefined ? adam({ lr: 1e-3 }) : null;
  const opt = r.optimizer ?? ownOpt!;
  const K = kernels(where);
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal: r.signal, onProgress: r.onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) =>
      withBlocksAsync(async (take) => {
        r.prepare(take);
        const perm = take(new WasmBlock(N * 4));
        const st = take(new WasmBlock(RNG_STATE_BYTES));
        const grad = take(new WasmBlock(m.numParams * 4));
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
            const out = r.batch({ start: m.rowInEpoch, B, perm, grad });
            const g = grad.f32(m.numParams).slice();
            const bad = Number.isFinite(out.loss) ? g.findIndex((v) => !Number.isFinite(v)) : 0;
            if (bad >= 0) {
              out.undo?.();
              throw new NumericalError(
                `${where}: non-finite loss or gradient at epoch ${m.epochsDone + 1}, batch at row ${m.rowInEpoch}; the model keeps ${r.keepsOnError}`,
                batches,
              );
            }
            opt.step(m, g);
            m.rowInEpoch += B;
            done += B;
            batches++;
            sum += out.loss;
            count += out.count;
            await run.tick();
          }
          if (m.rowInEpoch >= N) {
            m.rowInEpoch = 0;
            m.epochsDone++;
          }
          run.report(r.progress(m.epochsDone, epochs, sum / Math.max(1, count)));
        }
      }),
    );
  } finally {
    ownOpt?.dispose();
  }
}
