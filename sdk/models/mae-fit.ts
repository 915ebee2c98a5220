// MaskedAutoencoder.fit: shuffled minibatches, one WASM call per batch (the
// corruption, the forward and backward passes: assembly/energies/mae.ts), then
// the caller's optimizer steps θ. The epoch order and every corruption draw
// depend only on (seed, epoch, place in the order), and the model keeps where
// it stands, so fits split anywhere give the same bytes.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { describe, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import type { MaskedAutoencoder, MaskedAutoencoderFitOptions, MaskedAutoencoderProgress } from './mae.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'signal', 'onProgress'] as const;

export async function maeFit(m: MaskedAutoencoder, T: MatrixLike, options: MaskedAutoencoderFitOptions): Promise<void> {
  const where = 'MaskedAutoencoder.fit';
  const h = m.live(where);
  checkOptions(options, `${where}(options)`, FIT_KNOWN);
  const t = m.tokens(T, 'T', where);
  if (t.rows < 1) throw new ShapeError(`${where}: T has no rows`);
  if (m.rowInEpoch !== 0 && t.rows !== m.nRows) {
    throw new ShapeError(`${where}: T has ${t.rows} rows but the model stopped part-way through an epoch over ${m.nRows} rows`);
  }
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0, 1 << 20);
  const batchSize = checkInteger(options.batchSize ?? 32, `${where}: batchSize`, 1, 1 << 20);
  if (options.optimizer !== undefined && !(options.optimizer instanceof Optimizer)) {
    throw new ArgumentError(`${where}: optimizer must be an Optimizer (optim.sgd or optim.adam), got ${describe(options.optimizer)}`);
  }
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: MaskedAutoencoderProgress) => void>(options.onProgress, `${where}: onProgress`);
  const ownOpt = options.optimizer === undefined ? adam({ lr: 1e-3 }) : null;
  const opt = options.optimizer ?? ownOpt!;
  const K = kernels(where);
  const N = t.rows;
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal, onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) => withBlocksAsync(async (take) => {
      const Tb = take(matrixBlock(t, `${where}: T`));
      m.nRows = N;
      const perm = take(new WasmBlock(N * 4));
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const grad = take(new WasmBlock(m.numParams * 4));
      const count = take(new WasmBlock(16));
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
        let chosen = 0;
        while (m.rowInEpoch < N && done < total) {
          const B = Math.min(batchSize, N - m.rowInEpoch, total - done);
          const loss = K.maeTrainBatch(h, Tb.ptr, N, perm.ptr + m.rowInEpoch * 4, B, grad.ptr, count.ptr, lo, hi, m.epochsDone, m.rowInEpoch, m.maskRate, m.maskTokenRate, m.randomTokenRate);
          const g = grad.f32(m.numParams).slice();
          const bad = Number.isFinite(loss) ? g.findIndex((v) => !Number.isFinite(v)) : 0;
          // θ is untouched until the optimizer steps, so a bad batch leaves the last good parameters
          if (bad >= 0) throw new NumericalError(`${where}: non-finite loss or gradient at epoch ${m.epochsDone + 1}, batch at row ${m.rowInEpoch}; the model keeps its last good parameters`, batches);
          opt.step(m, g);
          m.rowInEpoch += B;
          done += B;
          batches++;
          sum += loss;
          chosen += count.i32(1)[0]!;
          await run.tick();
        }
        if (m.rowInEpoch >= N) {
          m.rowInEpoch = 0;
          m.epochsDone++;
        }
        run.report({ epoch: m.epochsDone, epochs, loss: sum / Math.max(1, chosen) });
      }
    }));
  } finally {
    ownOpt?.dispose();
  }
}
