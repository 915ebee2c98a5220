// The learnable-model protocol on the SDK side (assembly/energies/learnable.ts
// on the WASM side): an Energy with a flat parameter vector θ that optimizers,
// trainers and grid maximum likelihood reach through one descriptor, so none of
// them names a model class.
import { ArgumentError } from '../errors.js';
import { describe, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF32, kernels } from '../runtime/core.js';
import type { Resource } from '../runtime/resource.js';
import type { Energy } from '../energies/energy.js';

/** @internal Key of the learnable descriptor; not part of the public API. */
export const LEARNABLE: unique symbol = Symbol('ebm-wasm.learnable');

/** An Energy with parameters: what optimizers and trainers update. */
export interface Learnable extends Energy {
  /** Length of θ. */
  readonly numParams: number;
  /** Dimension of the condition x (0 for F(y)). */
  readonly conditionDim: number;
  /** A copy of θ. */
  readonly params: Float32Array;
  /** Replaces θ (length numParams, finite values). */
  setParams(values: ArrayLike<number>): void;
  /** Σ_r w_r·∂F(x_r, y_r)/∂θ over the rows of Y (X: the conditions of a conditional model). */
  paramGrad(Y: MatrixLike, weights: ArrayLike<number>, X?: MatrixLike): Float32Array;
  /** @internal The model's descriptor for the WASM learnable protocol (throws DISPOSED when disposed). */
  [LEARNABLE](where: string): number;
}

/** A learnable model that owns WASM memory (every built-in one). */
export type LearnableResource = Learnable & Resource;

export function isLearnable(x: unknown): x is LearnableResource {
  return typeof x === 'object' && x !== null && typeof (x as Partial<Learnable>)[LEARNABLE] === 'function';
}

/** The model's descriptor, or a typed error naming what came instead of a learnable model. */
export function learnableDescriptor(model: unknown, where: string): number {
  if (!isLearnable(model)) {
    throw new ArgumentError(`${where}: model must be a learnable energy (e.g. an MLPEnergy), got ${describe(model)}`);
  }
  return model[LEARNABLE](where);
}

/** A live view of θ in WASM memory (invalid after the next allocation that grows memory). */
export function paramsView(desc: number, n: number, where: string): Float32Array {
  const p = kernels(where).learnableParams(desc);
  return heapF32().subarray(p >>> 2, (p >>> 2) + n);
}

/** Copies θ out (for restoring after a failed step). */
export function copyParams(desc: number, n: number, where: string): Float32Array {
  return paramsView(desc, n, where).slice();
}

/** Writes θ back and syncs the model's derived copies. */
export function restoreParams(desc: number, values: Float32Array, where: string): void {
  const K = kernels(where);
  heapF32().set(values, K.learnableParams(desc) >>> 2);
  K.learnableSync(desc);
}

export type { Matrix };
