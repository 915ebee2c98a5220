// Score-matching trainers in files: the state a step depends on (counters,
// the optimizer's moments, the RNG, the epoch order) and its validation by
// meaning. A file is untrusted: every field is checked against the model, the
// data and the other fields before anything is allocated or written.
import { FileFormatError, writeFile } from '../io/format.js';
import { openTrainerFile } from './trainer-file.js';
import { optimizerOf, type OptimizerSettings } from './run-steps.js';
import { RNG_STATE_BYTES, SM_M, SM_OPT_T, SM_RNG, SM_STEP_COUNT, SM_V } from '../runtime/abi.js';
import { heapF32, heapI32, heapU32, heapU8 } from '../runtime/core.js';
import type { ScoreMatchingOptions } from './scorematching.js';

export const SM_KIND = 'score-matching-trainer';
/** Steps and updates are i32 counters in WASM; the next step must still fit. */
const MAX_COUNT = 2 ** 31 - 2;

export type ScoreMatchingMethod = 'exact' | 'sliced' | 'denoising';

export interface ScoreMatchingSettings {
  method: ScoreMatchingMethod;
  noiseStd: number;
  projections: number;
  projection: 'rademacher' | 'gaussian';
  varianceReduced: boolean;
  batchSize: number;
  seed: number;
  optimizer: OptimizerSettings;
}

/** The block's part of a saved trainer. */
export interface SmBlockState {
  stepCount: number;
  optSteps: number;
  m: Float32Array;
  v: Float32Array;
  rng: Uint8Array;
}

export interface SmState extends SmBlockState {
  params: Float32Array;
  perm: Int32Array;
  cursor: number;
  epochs: number;
}

export function readSmState(tp: number, numParams: number): SmBlockState {
  const i32 = heapI32();
  const u32 = heapU32();
  const f32 = heapF32();
  const m = u32[(tp + SM_M) >>> 2]! >>> 2;
  const v = u32[(tp + SM_V) >>> 2]! >>> 2;
  return {
    stepCount: i32[(tp + SM_STEP_COUNT) >>> 2]!, optSteps: i32[(tp + SM_OPT_T) >>> 2]!,
    m: f32.slice(m, m + numParams), v: f32.slice(v, v + numParams),
    rng: heapU8().slice(tp + SM_RNG, tp + SM_RNG + RNG_STATE_BYTES),
  };
}

export function writeSmState(tp: number, s: SmBlockState): void {
  const i32 = heapI32();
  const u32 = heapU32();
  const f32 = heapF32();
  i32[(tp + SM_STEP_COUNT) >>> 2] = s.stepCount;
  i32[(tp + SM_OPT_T) >>> 2] = s.optSteps;
  f32.set(s.m, u32[(tp + SM_M) >>> 2]! >>> 2);
  f32.set(s.v, u32[(tp + SM_V) >>> 2]! >>> 2);
  heapU8().set(s.rng, tp + SM_RNG);
}

export function writeSmFile(s: ScoreMatchingSettings, rows: number, numParams: number, st: SmState): Uint8Array {
  const asF32 = (b: Uint8Array | Int32Array) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const header = { kind: SM_KIND, settings: s, rows, numParams, cursor: st.cursor, epochs: st.epochs, stepCount: st.stepCount, optSteps: st.optSteps };
  return writeFile(header, [st.params, st.m, st.v, asF32(st.rng), asF32(st.perm)]);
}

/** The options that rebuild a trainer with these settings (the trainer's constructor validates them again). */
function optionsOf(s: ScoreMatchingSettings): ScoreMatchingOptions {
  return {
    method: s.method, noiseStd: s.noiseStd, projections: s.projections, projection: s.projection, varianceReduced: s.varianceReduced,
    batchSize: s.batchSize, seed: s.seed, optimizer: optimizerOf(s.optimizer),
  };
}

/** Reads and validates a score-matching trainer file for a model with `numParams` parameters and `rows` data rows. */
export function readSmFile(bytes: Uint8Array, rows: number, numParams: number, where: string): { options: ScoreMatchingOptions; state: SmState } {
  const { file, options, int } = openTrainerFile<ScoreMatchingSettings, ScoreMatchingOptions>(bytes, SM_KIND, rows, numParams, where, optionsOf);
  const cursor = int('cursor', 0, rows);
  const epochs = int('epochs', 0, MAX_COUNT);
  const stepCount = int('stepCount', 0, MAX_COUNT);
  const optSteps = int('optSteps', 0, stepCount);
  const params = file.take(numParams, 'the parameters');
  const m = file.take(numParams, 'the first moments');
  const v = file.take(numParams, 'the second moments');
  const rng = new Uint8Array(file.take(RNG_STATE_BYTES / 4, 'the RNG state').buffer);
  const perm = new Int32Array(file.take(rows, 'the epoch order').buffer);
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
  return { options, state: { params, m, v, rng, perm, cursor, epochs, stepCount, optSteps } };
}
