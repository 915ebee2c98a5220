// DenoisingAutoencoder.fit: shuffled minibatches in blocks of rows (corruption,
// forward, backward: assembly/energies/dae.ts), then the caller's optimizer
// steps θ (the loop: minibatch-fit.ts, on workers with `{ workers | pool }`).
// The epoch order depends only on (seed, epoch) and each row's corruption only
// on (seed, the row's place in the run), so fits split anywhere, on any number
// of workers, give the same bytes.
import { ShapeError } from '../errors.js';
import { asMatrix, type MatrixLike } from '../matrix.js';
import { checkOptions } from '../util/validate.js';
import { minibatchFit, minibatchSettings } from './minibatch-fit.js';
import type { DenoisingAutoencoder, DAEFitOptions, DAEProgress } from './dae.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'signal', 'onProgress', 'workers', 'pool'] as const;

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
  const N = x.rows;
  await minibatchFit<DAEProgress>(m, {
    where, ...settings, optimizer: options.optimizer, kernel: 'dae', handle: h, data: x, dataName: 'X', extra: [],
    prepare() {
      m.trainRows = N;
    },
    keepsOnError: 'its last good parameters',
    progress: (epoch, epochs, loss) => ({ epoch, epochs, loss }),
  });
}
