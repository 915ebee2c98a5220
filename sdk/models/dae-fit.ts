// DenoisingAutoencoder.fit: shuffled minibatches, one WASM call per batch
// (corruption, forward, backward: assembly/energies/dae.ts), then the caller's
// optimizer steps θ. The epoch order depends only on (seed, epoch) and each
// batch's corruption only on (seed, position of the batch in the run), so fits
// split anywhere (same batch size) give the same bytes.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { asMatrix, describe, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import type { DenoisingAutoencoder, DAEFitOptions, DAEProgress } from './dae.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'signal', 'onProgress'] as const;
/** Corruption streams have the top bit set: apart from stream 0 (initialisation) and the epoch orders (1 + epoch < 2^31). */
const NOISE_STREAM = 0x80000000;

export async function daeFit(m: DenoisingAutoencoder, X: MatrixLike, options: DAEFitOptions): Promise<void> {
  const where = 'DenoisingAutoencoder.fit';
  const h = m.live(where);
  checkOptions(options, `${where}(options)`, FIT_KNOWN);
  const x = asMatrix(X, `${where}: X`);
  if (x.cols !== m.dim) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects dim = ${m.dim}`);
  if (x.rows < 1) throw new ShapeError(`${where}: X has no rows`);
  if (m.trainRows !== 0 && m.rowInEpoch !== 0 && x.rows !== m.trainRows) {
    throw new ShapeError(`${where}: X has ${x.rows} rows but the fit stopped part-way through an epoch of ${m.trainRows} rows`);
  }
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0, 1 << 20);
  const batchSize = checkInteger(options.batchSize ?? 64, `${where}: batchSize`, 1, 1 << 20);
  if (options.optimizer !== undefined && !(options.optimizer instanceof Optimizer)) throw new ArgumentError(`${where}: optimizer must be an Optimizer (optim.sgd or optim.adam), got ${describe(options.optimizer)}`);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: DAEProgress) => void>(options.onProgress, `${where}: onProgress`);
  const ownOpt = options.optimizer === undefined ? adam({ lr: 1e-3 }) : null;
  const opt = options.optimizer ?? ownOpt!;
  const K = kernels(where);
  const N = x.rows;
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal, onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) => withBlocksAsync(async (take) => {
      const Y = take(matrixBlock(x, `${where}: X`));
      m.trainRows = N;
      const perm = take(new WasmBlock(N * 4));
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const noise = take(new WasmBlock(RNG_STATE_BYTES));
      const grad = take(new WasmBlock(m.numParams * 4));
      const [lo, hi] = seedWords(m.seed);
      const total = epochs * N;
      let done = 0;
      while (done < total) {
        if (m.rowInEpoch === 0 || batches === 0) {
          const p = perm.i32(N);
          for (let i = 0; i < N; i++) p[i] = i;
          K.rngInit(st.ptr, lo, hi, 1 + (m.epochsDone % 0x7fffffff));
          K.shufflePerm(perm.ptr, N, st.ptr);
        }
        let sum = 0;
        let rows = 0;
        while (m.rowInEpoch < N && done < total) {
          const B = Math.min(batchSize, N - m.rowInEpoch, total - done);
          const before = m.params;
          // the batch's corruption stream: its first row's place in the whole run
          K.rngInit(noise.ptr, lo, hi, (NOISE_STREAM + ((m.epochsDone * N + m.rowInEpoch) % NOISE_STREAM)) >>> 0);
          const loss = K.daeTrainBatch(h, Y.ptr, N, perm.ptr + m.rowInEpoch * 4, B, grad.ptr, noise.ptr);
          const g = grad.f32(m.numParams).slice();
          const bad = Number.isFinite(loss) ? g.findIndex((v) => !Number.isFinite(v)) : 0;
          if (bad >= 0) {
            m.setParams(before);
            throw new NumericalError(`${where}: non-finite loss or gradient at epoch ${m.epochsDone + 1}, batch at row ${m.rowInEpoch}; the model keeps its last good parameters`, batches);
          }
          opt.step(m, g);
          m.rowInEpoch += B;
          done += B;
          batches++;
          sum += loss;
          rows += B;
          await run.tick();
        }
        if (m.rowInEpoch >= N) {
          m.rowInEpoch = 0;
          m.epochsDone++;
        }
        run.report({ epoch: m.epochsDone, epochs, loss: sum / Math.max(1, rows) });
      }
    }));
  } finally {
    ownOpt?.dispose();
  }
}
