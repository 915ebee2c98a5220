// LatentEBM.fit: shuffled minibatches whose rows go in fixed blocks of 16
// (latent-blocks.ts: a partial gradient and Σ F per block, the partials summed
// in a fixed pairwise tree), then the caller's optimizer steps θ. The epoch
// order depends only on (seed, epoch) and the blocks do not depend on where
// they run, so workers (parallel/latent.ts) give the calling thread's bytes.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { describe, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import { checkParallel, withPool } from '../parallel/use.js';
import { LatentFitRemote } from '../parallel/latent.js';
import { latentBlockGrads, latentBlocks, reduceLatentBlocks } from './latent-blocks.js';
import type { LatentEBM, LatentFitOptions } from './latent.js';

const FIT_KNOWN = ['objective', 'beta', 'epochs', 'batchSize', 'optimizer', 'signal', 'onProgress', 'workers', 'pool'] as const;

/**
 * Least work of a training step (batch rows × candidates × parameters) for fit to use workers: a
 * step then takes ≳ 1 ms on one core, against θ out and a partial gradient per block back.
 */
const FIT_MIN_WORK = 1 << 22;

export async function latentFit(m: LatentEBM, data: { X: MatrixLike; Y: MatrixLike }, options: LatentFitOptions): Promise<void> {
  const where = 'LatentEBM.fit';
  const h = m.live(where);
  if (data === null || typeof data !== 'object') throw new ArgumentError(`${where}: data must be { X, Y }, got ${describe(data)}`);
  checkOptions(options, `${where}(options)`, FIT_KNOWN);
  const [x, y] = m.pairs(data.X, data.Y, where);
  if (y.rows < 1) throw new ShapeError(`${where}: Y has no rows`);
  const objective = checkOneOf(options.objective ?? 'zeroTemperature', `${where}: objective`, ['zeroTemperature', 'freeEnergy'] as const);
  const beta = objective === 'freeEnergy' ? m.checkBeta(options.beta ?? 10, where) : 0;
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0, 1 << 20);
  const batchSize = checkInteger(options.batchSize ?? 64, `${where}: batchSize`, 1, 1 << 20);
  if (options.optimizer !== undefined && !(options.optimizer instanceof Optimizer)) throw new ArgumentError(`${where}: optimizer must be an Optimizer (optim.sgd or optim.adam), got ${describe(options.optimizer)}`);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: { epoch: number; epochs: number; loss: number }) => void>(options.onProgress, `${where}: onProgress`);
  const asked = checkParallel(options, where);
  const ownOpt = options.optimizer === undefined ? adam({ lr: 3e-3 }) : null;
  const opt = options.optimizer ?? ownOpt!;
  const K = kernels(where);
  const N = y.rows;
  const P = m.numParams;
  // a step's rows go in fixed blocks (latent-blocks.ts), on workers when a step has two blocks or more and enough work
  const Bmax = Math.min(batchSize, N);
  const worth = latentBlocks(Bmax) > 1 && Bmax * m.candidates(beta) * P >= FIT_MIN_WORK;
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal, onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) => withPool(asked, worth, where, (pool) => withBlocksAsync(async (take) => {
      const xb = take(matrixBlock(x, `${where}: X`));
      const yb = take(matrixBlock(y, `${where}: Y`));
      const perm = take(new WasmBlock(N * 4));
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const data = { X: xb.ptr, Y: yb.ptr, xDim: m.xDim, yDim: m.yDim };
      // on workers: each gets the model and all rows now, then θ and the batch's rows every step
      const remote = pool ? new LatentFitRemote(pool, m.toBytes(), x.data.slice(0, N * m.xDim), y.data.slice(0, N * m.yDim), where) : null;
      try {
        const [lo, hi] = seedWords(m.seed);
        for (let ep = 0; ep < epochs; ep++) {
          // the epoch's order depends only on (seed, epoch): two fits of e epochs equal one of 2e
          const p = perm.i32(N);
          for (let i = 0; i < N; i++) p[i] = i;
          K.rngInit(st.ptr, lo, hi, 2 + (m.epochsDone % 0x7ffffff0));
          K.shufflePerm(perm.ptr, N, st.ptr);
          let sum = 0;
          for (let r0 = 0; r0 < N; r0 += batchSize) {
            const B = Math.min(batchSize, N - r0);
            const idx = perm.i32(N).slice(r0, r0 + B);
            const nb = latentBlocks(B);
            const grads = new Float32Array(nb * P);
            const totals = new Float64Array(nb);
            if (remote) await remote.step(m.params, idx, nb, beta, P, grads, totals);
            else latentBlockGrads(h, P, data, idx, 0, nb, beta, grads, totals, where);
            let loss = 0;
            for (let j = 0; j < nb; j++) loss += totals[j]!;
            const g = reduceLatentBlocks(grads, nb, P).slice();
            if (!Number.isFinite(loss) || g.some((v) => !Number.isFinite(v))) {
              throw new NumericalError(`${where}: non-finite free energy or gradient at epoch ${m.epochsDone + 1}, batch at row ${r0}; the model keeps its last good parameters`, batches);
            }
            opt.step(m, g);
            batches++;
            sum += loss;
            await run.tick();
          }
          m.epochsDone++;
          run.report({ epoch: ep + 1, epochs, loss: sum / N });
        }
      } finally {
        await remote?.free();
      }
    })));
  } finally {
    ownOpt?.dispose();
  }
}
