// MaskedAutoencoder.fit: shuffled minibatches, one WASM call per batch (the
// corruption, the forward and backward passes: assembly/energies/mae.ts), then
// the caller's optimizer steps θ (the loop: minibatch-fit.ts). The epoch order
// and every corruption draw depend only on (seed, epoch, place in the order),
// and the model keeps where it stands, so fits split anywhere give the same bytes.
import { ShapeError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { checkOptions, seedWords } from '../util/validate.js';
import { minibatchFit, minibatchSettings } from './minibatch-fit.js';
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
  const settings = minibatchSettings<MaskedAutoencoderProgress, MaskedAutoencoderFitOptions>(options, where, 32);
  const K = kernels(where);
  const N = t.rows;
  const [lo, hi] = seedWords(m.seed);
  let Tb: WasmBlock;
  let count: WasmBlock;
  await minibatchFit<MaskedAutoencoderProgress>(m, {
    where, N, ...settings, optimizer: options.optimizer,
    prepare(take) {
      Tb = take(matrixBlock(t, `${where}: T`));
      m.nRows = N;
      count = take(new WasmBlock(16));
    },
    // θ is untouched until the optimizer steps, so a bad batch leaves the last good parameters (no undo)
    batch({ start, B, perm, grad }) {
      const loss = K.maeTrainBatch(h, Tb.ptr, N, perm.ptr + start * 4, B, grad.ptr, count.ptr, lo, hi, m.epochsDone, start, m.maskRate, m.maskTokenRate, m.randomTokenRate);
      return { loss, count: count.i32(1)[0]! };
    },
    keepsOnError: 'its last good parameters',
    progress: (epoch, epochs, loss) => ({ epoch, epochs, loss }),
  });
}
