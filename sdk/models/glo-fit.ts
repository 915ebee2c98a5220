// GLO.fit: shuffled minibatches over the training rows, in blocks of rows
// (decoder gradient and per-row code updates, assembly/energies/glo.ts), then
// the caller's optimizer steps θ (the loop: minibatch-fit.ts, on workers with
// `{ workers | pool }`). The epoch order depends only on (seed, epoch), each
// code moves only by its own row's gradient, and the model keeps where it
// stands, so fits split anywhere, on any number of workers, give the same bytes.
import { ShapeError } from '../errors.js';
import { asMatrix, type MatrixLike } from '../matrix.js';
import { GLO_CODE_ADAM, GLO_CODE_SGD } from '../runtime/abi.js';
import { checkOptions } from '../util/validate.js';
import { minibatchFit, minibatchSettings } from './minibatch-fit.js';
import type { GLO, GLOFitOptions, GLOProgress } from './glo.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'codeOptimizer', 'signal', 'onProgress', 'workers', 'pool'] as const;

export async function gloFit(m: GLO, X: MatrixLike, options: GLOFitOptions): Promise<void> {
  const where = 'GLO.fit';
  const h = m.live(where);
  checkOptions(options, `${where}(options)`, FIT_KNOWN);
  const x = asMatrix(X, `${where}: X`);
  if (x.cols !== m.dim) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects dim = ${m.dim}`);
  if (x.rows < 1) throw new ShapeError(`${where}: X has no rows`);
  if (m.nCodes !== 0 && x.rows !== m.nCodes) {
    throw new ShapeError(`${where}: X has ${x.rows} rows but the codes were learned for ${m.nCodes} rows (a GLO model learns one code per training row)`);
  }
  const settings = minibatchSettings<GLOProgress, GLOFitOptions>(options, where, 64, ['optimizer', 'codeOptimizer']);
  const codeOpt = options.codeOptimizer ?? null;
  const co = codeOpt ? codeOpt.options : { lr: 0.01, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const codeKind = codeOpt?.kind === 'sgd' ? GLO_CODE_SGD : GLO_CODE_ADAM;
  const N = x.rows;
  await minibatchFit<GLOProgress>(m, {
    where, ...settings, optimizer: options.optimizer, kernel: 'glo', handle: h, data: x, dataName: 'X',
    extra: [codeKind, co.lr, co.momentum, co.beta1, co.beta2, co.eps],
    prepare() {
      if (m.nCodes === 0) m.initCodes(N);
    },
    keepsOnError: 'its last good parameters and codes',
    progress: (epoch, epochs, loss) => ({ epoch, epochs, loss }),
  });
}
