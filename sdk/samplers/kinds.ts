// The sampler kinds, one row each (the SDK side of assembly/samplers/kinds.ts),
// and the two things every kind's state goes through: being laid out from
// settings, and being checked before anything runs on saved bytes.
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { FileFormatError } from '../io/format.js';
import { heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { seedWords } from '../util/validate.js';
import {
  SAMPLER_STATE_KIND, SAMPLER_STATE_LAYOUT, SAMPLER_STATE_NOT_A_STATE, SAMPLER_STATE_OK, SAMPLER_STATE_OLD_VERSION,
  SAMPLER_STATE_SHAPE, SS_HEADER_BYTES, SS_KIND, SS_VERSION, SS_VERSION_VALUE,
} from '../runtime/abi.js';
import type { KindSettings, KindSpec } from './kinds/spec.js';
import { RANDOM_WALK } from './kinds/randomWalk.js';
import { LANGEVIN } from './kinds/langevin.js';
import { MALA } from './kinds/mala.js';
import { HMC } from './kinds/hmc.js';
import { GIBBS } from './kinds/gibbs.js';

export const KINDS = {
  randomWalk: RANDOM_WALK,
  langevin: LANGEVIN,
  mala: MALA,
  hmc: HMC,
  gibbs: GIBBS,
} as const satisfies Record<string, KindSpec>;

export type SamplerKind = keyof typeof KINDS;

/** The kind with SAMPLER_* code `code`, or undefined. */
export function kindOfCode(code: number): SamplerKind | undefined {
  return (Object.keys(KINDS) as SamplerKind[]).find((k) => KINDS[k].code === code);
}

/** The kind's settings from an options object: its own keys (other than stepSize) are picked and checked. */
export function kindSettings(spec: KindSpec, options: Readonly<Record<string, unknown>>, where: string): KindSettings {
  const own: Record<string, unknown> = {};
  for (const key of spec.options) if (key !== 'stepSize' && options[key] !== undefined) own[key] = options[key];
  return spec.settings(own, where);
}

export interface StateRecipe {
  chains: number;
  dim: number;
  /** Initial positions, or null for the kind's default (standard normals, or uniform draws from Gibbs' values). */
  init: Matrix | null;
  seed: number;
  /** Philox stream of the state's own RNG (the default positions use stream 1). */
  stream: number;
  /** Ignored by a kind without a step. */
  stepSize: number;
  beta: number;
  settings: KindSettings;
}

/** A fresh state of `spec` in a new block (not primed: F and ∇F are evaluated by samplerPrime). The caller frees it. */
export function createStateBlock(spec: KindSpec, r: StateRecipe, where: string): WasmBlock {
  const K = kernels(where);
  const { chains: C, dim: D } = r;
  const [lo, hi] = seedWords(r.seed);
  const bytes = K.samplerStateBytes(spec.code, C, D, spec.param(r.settings));
  if (bytes === 0) {
    throw new ArgumentError(`${where}: a state for ${C} chains × dim ${D} with these settings is more than one sampler state holds (2³¹ bytes); use fewer chains, or several samplers`);
  }
  const b = new WasmBlock(bytes, where);
  let y0: WasmBlock | null = null;
  try {
    if (r.init) {
      const what = `${where}: ${where.endsWith('.init') ? 'positions' : 'init'}`;
      y0 = matrixBlock(r.init, what); // finite first, then the kind's own rule
      spec.checkInit?.(r.init, r.settings, what);
    }
    K.samplerLayout(b.ptr, spec.code, C, D, spec.param(r.settings), lo, hi, r.stream, y0 ? y0.ptr : 0);
    K.samplerConfigure(b.ptr, spec.defaultStep === null ? NaN : r.stepSize, r.beta);
    spec.write(b.ptr, r.settings);
    if (!y0) K.samplerDefaultPositions(b.ptr, lo, hi);
    return b;
  } catch (e) {
    b.free();
    throw e;
  } finally {
    y0?.free();
  }
}

/**
 * Checks state bytes already copied to `ptr` against their kind's layout (in WASM, before anything
 * runs on them). Returns null, or the typed error to throw: FileFormatError ('version') for a state
 * of another version, else an ArgumentError saying what is wrong.
 */
export function stateProblem(ptr: number, bytes: number, chains: number, dim: number, where: string): Error | null {
  const code = bytes >= SS_HEADER_BYTES ? kernels(where).samplerValidate(ptr, bytes, chains, dim) : SAMPLER_STATE_NOT_A_STATE;
  if (code === SAMPLER_STATE_OK) return null;
  const view = new DataView(heapU8().buffer, ptr, bytes);
  if (code === SAMPLER_STATE_OLD_VERSION) {
    const v = view.getInt32(SS_VERSION, true);
    return new FileFormatError('version', `${where}: the state has version ${v}; this version of ebm-wasm reads sampler states of version ${SS_VERSION_VALUE} only (make a new one with init, or run the version that saved it)`);
  }
  const why = code === SAMPLER_STATE_NOT_A_STATE
    ? 'not a sampler state'
    : code === SAMPLER_STATE_KIND
      ? `of an unknown sampler kind (code ${view.getInt32(SS_KIND, true)}) or a kind parameter it cannot have`
      : code === SAMPLER_STATE_SHAPE
        ? `not for ${chains} chains × dim ${dim}`
        : code === SAMPLER_STATE_LAYOUT
          ? "corrupt: its size or an array offset differs from its kind's layout"
          : 'corrupt: a field is out of range';
  return new ArgumentError(`${where}: the state is ${why}`);
}
