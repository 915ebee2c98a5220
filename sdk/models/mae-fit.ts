// MaskedAutoencoder.fit: shuffled minibatches in blocks of rows (the
// corruption, the forward and backward passes: assembly/energies/mae.ts), then
// the caller's optimizer steps θ with the mean over the batch's chosen
// positions (the loop: minibatch-fit.ts, on workers with `{ workers | pool }`).
// The epoch order and every corruption draw depend only on (seed, epoch, place
// in the order), and the model keeps where it stands, so fits split anywhere,
// on any number of workers, give the same bytes.
import { ShapeError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { checkOptions } from '../util/validate.js';
import { minibatchFit, minibatchSettings } from './minibatch-fit.js';
import type { MaskedAutoencoder, MaskedAutoencoderFitOptions, MaskedAutoencoderProgress } from './mae.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'signal', 'onProgress', 'workers', 'pool'] as const;

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
  const N = t.rows;
  await minibatchFit<MaskedAutoencoderProgress>(m, {
    where, ...settings, optimizer: options.optimizer, kernel: 'mae', handle: h, data: t, dataName: 'T',
    extra: [m.maskRate, m.maskTokenRate, m.randomTokenRate],
    prepare() {
      m.nRows = N;
    },
    keepsOnError: 'its last good parameters',
    progress: (epoch, epochs, loss) => ({ epoch, epochs, loss }),
  });
}
