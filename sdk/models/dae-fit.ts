// DenoisingAutoencoder.fit: shuffled minibatches, one WASM call per batch
// (corruption, forward, backward: assembly/energies/dae.ts), then the caller's
// optimizer steps θ (the loop: minibatch-fit.ts). The epoch order depends only
// on (seed, epoch) and each batch's corruption only on (seed, position of the
// batch in the run), so fits split anywhere (same batch size) give the same bytes.
import { ShapeError } from '../errors.js';
import { asMatrix, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { checkOptions, seedWords } from '../util/validate.js';
import { minibatchFit, minibatchSettings } from './minibatch-fit.js';
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
  const settings = minibatchSettings<DAEProgress, DAEFitOptions>(options, where, 64);
  const K = kernels(where);
  const N = x.rows;
  const [lo, hi] = seedWords(m.seed);
  let Y: WasmBlock;
  let noise: WasmBlock;
  await minibatchFit<DAEProgress>(m, {
    where, N, ...settings, optimizer: options.optimizer,
    prepare(take) {
      Y = take(matrixBlock(x, `${where}: X`));
      m.trainRows = N;
      noise = take(new WasmBlock(RNG_STATE_BYTES));
    },
    batch({ start, B, perm, grad }) {
      const before = m.params;
      // the batch's corruption stream: its first row's place in the whole run
      K.rngInit(noise.ptr, lo, hi, (NOISE_STREAM + ((m.epochsDone * N + start) % NOISE_STREAM)) >>> 0);
      const loss = K.daeTrainBatch(h, Y.ptr, N, perm.ptr + start * 4, B, grad.ptr, noise.ptr);
      return { loss, count: B, undo: () => m.setParams(before) };
    },
    keepsOnError: 'its last good parameters',
    progress: (epoch, epochs, loss) => ({ epoch, epochs, loss }),
  });
}
