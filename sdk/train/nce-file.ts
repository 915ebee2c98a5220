// NCE trainers in files: the state a step depends on (counters, c and its
// moments, the optimizer's moments, the RNG, the epoch order) and its
// validation by meaning. A file is untrusted: every field is checked against
// the model and the data before anything is allocated or written. The noise
// Gaussian is not saved: it is refitted from the same data, with the same bits.
import { FileFormatError, writeFile } from '../io/format.js';
import { openTrainerFile } from './trainer-file.js';
import { optimizerOf, type OptimizerSettings } from './run-steps.js';
import { NCE_C, NCE_CM, NCE_CV, NCE_C_SET, NCE_M, NCE_OPT_T, NCE_RNG, NCE_STEP_COUNT, NCE_V, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapI32, heapU32, heapU8 } from '../runtime/core.js';
import type { NceOptions } from './nce.js';

export const NCE_KIND = 'nce-trainer';
/** Steps and updates are i32 counters in WASM; the next step must still fit. */
const MAX_COUNT = 2 ** 31 - 2;

export interface NceSettings {
  ratio: number;
  batchSize: number;
  seed: number;
  optimizer: OptimizerSettings;
}

/** The block's part of a saved trainer. */
export interface NceBlockState {
  stepCount: number;
  optSteps: number;
  cSet: number;
  /** c, c's first and second moment. */
  c: Float32Array;
  m: Float32Array;
  v: Float32Array;
  rng: Uint8Array;
}

export interface NceState extends NceBlockState {
  params: Float32Array;
  perm: Int32Array;
  cursor: number;
  epochs: number;
}

export function readNceState(tp: number, numParams: number): NceBlockState {
  const i32 = heapI32();
  const u32 = heapU32();
  const f32 = heapF32();
  const m = u32[(tp + NCE_M) >>> 2]! >>> 2;
  const v = u32[(tp + NCE_V) >>> 2]! >>> 2;
  return {
    stepCount: i32[(tp + NCE_STEP_COUNT) >>> 2]!, optSteps: i32[(tp + NCE_OPT_T) >>> 2]!, cSet: i32[(tp + NCE_C_SET) >>> 2]!,
    c: Float32Array.of(f32[(tp + NCE_C) >>> 2]!, f32[(tp + NCE_CM) >>> 2]!, f32[(tp + NCE_CV) >>> 2]!),
    m: f32.slice(m, m + numParams), v: f32.slice(v, v + numParams),
    rng: heapU8().slice(tp + NCE_RNG, tp + NCE_RNG + RNG_STATE_BYTES),
  };
}

export function writeNceState(tp: number, s: NceBlockState): void {
  const i32 = heapI32();
  const u32 = heapU32();
  const f32 = heapF32();
  i32[(tp + NCE_STEP_COUNT) >>> 2] = s.stepCount;
  i32[(tp + NCE_OPT_T) >>> 2] = s.optSteps;
  i32[(tp + NCE_C_SET) >>> 2] = s.cSet;
  f32[(tp + NCE_C) >>> 2] = s.c[0]!;
  f32[(tp + NCE_CM) >>> 2] = s.c[1]!;
  f32[(tp + NCE_CV) >>> 2] = s.c[2]!;
  f32.set(s.m, u32[(tp + NCE_M) >>> 2]! >>> 2);
  f32.set(s.v, u32[(tp + NCE_V) >>> 2]! >>> 2);
  heapU8().set(s.rng, tp + NCE_RNG);
}

export function writeNceFile(s: NceSettings, rows: number, numParams: number, st: NceState): Uint8Array {
  const asF32 = (b: Uint8Array | Int32Array) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const header = {
    kind: NCE_KIND, settings: s, rows, numParams, cursor: st.cursor, epochs: st.epochs,
    stepCount: st.stepCount, optSteps: st.optSteps, cSet: st.cSet,
  };
  return writeFile(header, [st.params, st.m, st.v, st.c, asF32(st.rng), asF32(st.perm)]);
}

function optionsOf(s: NceSettings): NceOptions {
  return { ratio: s.ratio, batchSize: s.batchSize, seed: s.seed, optimizer: optimizerOf(s.optimizer) };
}

/** Reads and validates an NCE trainer file for a model with `numParams` parameters and `rows` data rows. */
export function readNceFile(bytes: Uint8Array, rows: number, numParams: number, where: string): { options: NceOptions; state: NceState } {
  const { file, options, bad, int } = openTrainerFile<NceSettings, NceOptions>(bytes, NCE_KIND, rows, numParams, where, optionsOf);
  const cursor = int('cursor', 0, rows);
  const epochs = int('epochs', 0, MAX_COUNT);
  const stepCount = int('stepCount', 0, MAX_COUNT);
  const optSteps = int('optSteps', 0, stepCount);
  const cSet = int('cSet', 0, 1);
  if (stepCount > 0 && cSet !== 1) throw bad(`cSet is 0 after ${stepCount} steps (the first step sets c)`);
  const params = file.take(numParams, 'the parameters');
  const m = file.take(numParams, 'the first moments');
  const v = file.take(numParams, 'the second moments');
  const c = file.take(3, 'c and its moments');
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
  if (!c.every(Number.isFinite) || c[2]! < 0) throw shape(`c and its moments are ${Array.from(c).join(', ')}, expected finite values with the second moment ≥ 0`);
  const seen = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = perm[r]!;
    if (k < 0 || k >= rows || seen[k]) throw shape(`the epoch order is not a permutation of the ${rows} data rows (entry ${r} is ${k})`);
    seen[k] = 1;
  }
  return { options, state: { params, m, v, c, rng, perm, cursor, epochs, stepCount, optSteps, cSet } };
}
