// GLO.fit: shuffled minibatches over the training rows, one WASM call per
// batch (decoder gradient and code updates, assembly/energies/glo.ts), then the
// caller's optimizer steps θ. The epoch order depends only on (seed, epoch) and
// the model keeps where it stands, so fits split anywhere give the same bytes.
import { ArgumentError, NumericalError, ShapeError } from '../errors.js';
import { asMatrix, describe, type MatrixLike } from '../matrix.js';
import { GLO_CODE_ADAM, GLO_CODE_SGD, RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { Optimizer, adam } from '../optim.js';
import type { GLO, GLOFitOptions, GLOProgress } from './glo.js';

const FIT_KNOWN = ['epochs', 'batchSize', 'optimizer', 'codeOptimizer', 'signal', 'onProgress'] as const;

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
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0, 1 << 20);
  const batchSize = checkInteger(options.batchSize ?? 64, `${where}: batchSize`, 1, 1 << 20);
  for (const k of ['optimizer', 'codeOptimizer'] as const) {
    if (options[k] !== undefined && !(options[k] instanceof Optimizer)) throw new ArgumentError(`${where}: ${k} must be an Optimizer (optim.sgd or optim.adam), got ${describe(options[k])}`);
  }
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: GLOProgress) => void>(options.onProgress, `${where}: onProgress`);
  const ownOpt = options.optimizer === undefined ? adam({ lr: 1e-3 }) : null;
  const opt = options.optimizer ?? ownOpt!;
  const codeOpt = options.codeOptimizer ?? null;
  const co = codeOpt ? codeOpt.options : { lr: 0.01, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const codeKind = codeOpt?.kind === 'sgd' ? GLO_CODE_SGD : GLO_CODE_ADAM;
  const K = kernels(where);
  const N = x.rows;
  let batches = 0;
  const kept = (): string => `the model keeps the ${batches} batches finished in this call`;
  try {
    await runOn(m, { where, signal, onProgress, kept, uses: ownOpt ? [] : [opt] }, (run) => withBlocksAsync(async (take) => {
      const Y = take(matrixBlock(x, `${where}: X`));
      if (m.nCodes === 0) m.initCodes(N);
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
        let rows = 0;
        while (m.rowInEpoch < N && done < total) {
          const B = Math.min(batchSize, N - m.rowInEpoch, total - done);
          const before = m.snapshot();
          const loss = K.gloTrainBatch(h, Y.ptr, perm.ptr + m.rowInEpoch * 4, B, grad.ptr, codeKind, co.lr, co.momentum, co.beta1, co.beta2, co.eps);
          const g = grad.f32(m.numParams).slice();
          const bad = Number.isFinite(loss) ? g.findIndex((v) => !Number.isFinite(v)) : 0;
          if (bad >= 0) {
            m.restore(before);
            throw new NumericalError(`${where}: non-finite loss or gradient at epoch ${m.epochsDone + 1}, batch at row ${m.rowInEpoch}; the model keeps its last good parameters and codes`, batches);
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
