// What a sampler kind declares on the SDK side (the twin of its file in
// assembly/samplers/): its code, options and defaults, what it needs and how
// its settings go into its state section. `Sampler` reads only this.
import type { Matrix } from '../../matrix.js';
import { SS_SECTION } from '../../runtime/abi.js';
import { heapU32 } from '../../runtime/core.js';

/** A kind's validated options: plain numbers, or f32 arrays (Gibbs' values). */
export type KindSettings = Readonly<Record<string, number | Float32Array>>;

export interface KindSpec {
  /** As in `samplers.<name>` and `SamplerState.kind`. */
  readonly name: string;
  /** Its SAMPLER_* code (assembly/samplers/kinds.ts). */
  readonly code: number;
  /** Options beyond chains, seed, init and beta (stepSize is one when the kind has a step). */
  readonly options: readonly string[];
  /** Default step size ε, or null for a kind without one. */
  readonly defaultStep: number | null;
  /** Whether a transition evaluates ∇F. */
  readonly needsGrad: boolean;
  /** Default adapt.targetAccept, or null when `adapt` is refused (then `noAdapt` says why). */
  readonly targetAccept: number | null;
  readonly noAdapt?: string;
  /** Whether `adapt` also adapts a diagonal mass matrix (unless `mass: false`). */
  readonly adaptsMass: boolean;
  /** Checks the kind's own options (only its `options` keys are present) into settings. */
  settings(options: Readonly<Record<string, unknown>>, where: string): KindSettings;
  /** The layout's size parameter (Gibbs: the number of values; 0 otherwise). */
  param(settings: KindSettings): number;
  /** Writes the settings into the section of the freshly laid-out state at `ptr`. */
  write(ptr: number, settings: KindSettings): void;
  /** Checks given initial positions beyond finiteness and shape. */
  checkInit?(init: Matrix, settings: KindSettings, where: string): void;
}

/** Address of the kind array whose u32 offset is at section field `field` of the state at `ptr`. */
export function kindArrayAt(ptr: number, field: number): number {
  return ptr + heapU32()[(ptr + SS_SECTION + field) >>> 2]!;
}
