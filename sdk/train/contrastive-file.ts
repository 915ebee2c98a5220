// Saved contrastive trainers: the file's header and arrays, and their
// validation by meaning. A file is untrusted input (it may be crafted with a
// valid CRC), so every field is checked against the others, the model and the
// data before anything is allocated or written: counts within capacities, the
// epoch order a permutation of the data rows, moments and buffer rows finite.
import { FileFormatError, writeFile } from '../io/format.js';
import { openTrainerFile } from './trainer-file.js';
import { describe } from '../matrix.js';
import { optimizerOf } from './run-steps.js';
import { NOISE_NORMAL, RNG_STATE_BYTES } from '../runtime/abi.js';
import type { ContrastiveOptions, Settings } from './contrastive-settings.js';
import type { TrainerCounters } from './contrastive-block.js';

export const TRAINER_KIND = 'contrastive-trainer';
/** Steps and updates are i32 counters in WASM; the next step must still fit. */
const MAX_COUNT = 2 ** 31 - 2;

/** Everything a saved trainer carries besides its settings. */
export interface TrainerState extends TrainerCounters {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  rng: Uint8Array;
  perm: Int32Array;
  buffer: Float32Array;
  sampler: Uint8Array;
  cursor: number;
  epochs: number;
}

export function writeTrainerFile(s: Settings, rows: number, numParams: number, st: TrainerState): Uint8Array {
  const asF32 = (b: Uint8Array | Int32Array) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const header = {
    kind: TRAINER_KIND, settings: s, rows, numParams, cursor: st.cursor, epochs: st.epochs,
    bufCount: st.bufCount, optSteps: st.optSteps, stepCount: st.stepCount, samplerBytes: st.sampler.byteLength,
  };
  return writeFile(header, [st.params, st.m, st.v, asF32(st.rng), asF32(st.perm), st.buffer, asF32(st.sampler)]);
}

/** The options that rebuild a trainer with these settings (they go through the same validator as a user's). */
export function optionsOf(s: Settings): ContrastiveOptions {
  return {
    negatives: {
      init: s.init, sampler: s.sampler, steps: s.steps, stepSize: s.stepSize, noiseScale: s.noiseScale, leapfrogSteps: s.leapfrogSteps,
      kick: s.kick, bufferSize: s.bufferSize, reinit: s.reinit,
      noise: s.noiseMode === NOISE_NORMAL ? { std: s.std } : { bounds: { lo: s.lo, hi: s.hi } },
    },
    loss: s.loss, margin: s.margin, gamma: s.gamma, regularization: { energySquare: s.alpha },
    optimizer: optimizerOf(s.optimizer), batchSize: s.batchSize, seed: s.seed,
  };
}

/**
 * Reads and validates a trainer file for a model with `numParams` parameters
 * and data of `rows` × `dim`. `build(options)` makes the trainer the file
 * describes (its validator checks the settings); the caller then installs the state.
 */
export function readTrainerFile(bytes: Uint8Array, rows: number, dim: number, numParams: number, where: string): { options: ContrastiveOptions; settings: Settings; state: TrainerState } {
  const { file, settings: s, options, bad, int } = openTrainerFile<Settings, ContrastiveOptions>(bytes, TRAINER_KIND, rows, numParams, where, optionsOf);
  const bufferRows = s.init === 'buffer' ? s.bufferSize : 0;
  if (!Number.isInteger(bufferRows) || bufferRows < 0 || bufferRows > 1 << 24) throw bad(`bufferSize is ${describe(s.bufferSize)}`);
  const cursor = int('cursor', 0, rows);
  const epochs = int('epochs', 0, MAX_COUNT);
  const bufCount = int('bufCount', 0, bufferRows);
  const optSteps = int('optSteps', 0, MAX_COUNT);
  const stepCount = int('stepCount', 0, MAX_COUNT);
  // sizes are checked against what the file holds before anything is copied
  const samplerBytes = int('samplerBytes', 0, bytes.byteLength);
  if (samplerBytes % 4 !== 0) throw bad(`samplerBytes (${samplerBytes}) is not a multiple of 4`);
  const params = file.take(numParams, 'the parameters');
  const m = file.take(numParams, 'the first moments');
  const v = file.take(numParams, 'the second moments');
  const rng = new Uint8Array(file.take(RNG_STATE_BYTES / 4, 'the RNG state').buffer);
  const perm = new Int32Array(file.take(rows, 'the epoch order').buffer);
  const buffer = file.take(bufferRows * dim, 'the replay buffer');
  const sampler = new Uint8Array(file.take(samplerBytes / 4, 'the sampler state').buffer);
  file.done();
  const shape = (what: string) => new FileFormatError('shape', `${where}: ${what}`);
  const firstBad = (a: Float32Array, ok: (x: number) => boolean) => a.findIndex((x) => !ok(x));
  let i = firstBad(params, Number.isFinite);
  if (i >= 0) throw shape(`parameter ${i} is ${params[i]}`);
  i = firstBad(m, Number.isFinite);
  if (i >= 0) throw shape(`first moment ${i} is ${m[i]}`);
  i = firstBad(v, (x) => Number.isFinite(x) && x >= 0);
  if (i >= 0) throw shape(`second moment ${i} is ${v[i]}, expected a finite value ≥ 0`);
  const seen = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = perm[r]!;
    if (k < 0 || k >= rows || seen[k]) throw shape(`the epoch order is not a permutation of the ${rows} data rows (entry ${r} is ${k})`);
    seen[k] = 1;
  }
  i = firstBad(buffer.subarray(0, bufCount * dim), Number.isFinite);
  if (i >= 0) throw shape(`replay-buffer value ${i} is ${buffer[i]}`);
  const settings = s;
  return { options, settings, state: { params, m, v, rng, perm, buffer, sampler, cursor, epochs, bufCount, optSteps, stepCount } };
}

