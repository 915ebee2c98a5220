// Gibbs sampling over a finite set of values per coordinate (assembly/samplers/gibbs.ts):
// each sweep draws every coordinate in turn from its exact conditional. No step size,
// no gradients, every move accepted.
import { SAMPLER_GIBBS, SAMPLER_GIBBS_MAX_VALUES, SS_GIBBS_O_VALUES } from '../../runtime/abi.js';
import { ArgumentError } from '../../errors.js';
import { describe, type Matrix, type MatrixLike } from '../../matrix.js';
import { heapF32 } from '../../runtime/core.js';
import { kindArrayAt, type KindSpec, type KindSettings } from './spec.js';

export interface GibbsOptions {
  /** The values every coordinate takes (finite, distinct as f32, at least 2). Default [−1, 1]. */
  values?: ArrayLike<number>;
  /** Number of chains (rows), ≥ 1. Default 4. */
  chains?: number;
  /** Seed (non-negative safe integer). Default 0. */
  seed?: number;
  /** Initial positions, chains × dim, every entry one of `values`. Default: uniform draws from `values` (Philox stream 1 of the seed). */
  init?: MatrixLike;
  /** Inverse temperature: the target is p(y) ∝ exp(−β·F(y)). Default 1. */
  beta?: number;
}

function values(v: unknown, where: string): Float32Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<unknown>).length !== 'number') {
    throw new ArgumentError(`${where}: values must be an array of numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length < 2 || a.length > SAMPLER_GIBBS_MAX_VALUES) {
    throw new ArgumentError(`${where}: values must hold between 2 and ${SAMPLER_GIBBS_MAX_VALUES} numbers, got ${a.length}`);
  }
  const out = new Float32Array(a.length);
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    if (typeof x !== 'number') throw new ArgumentError(`${where}: values[${k}] must be a number, got ${describe(x)}`);
    if (!Number.isFinite(x)) throw new ArgumentError(`${where}: values[${k}] is ${x}: every value must be finite`, 'NOT_FINITE');
    out[k] = x;
    const same = out.subarray(0, k).indexOf(out[k]!);
    if (same >= 0) throw new ArgumentError(`${where}: values[${k}] = ${x} equals values[${same}] as a 32-bit float; the values must be distinct`);
  }
  return out;
}

export const GIBBS: KindSpec = {
  name: 'gibbs',
  code: SAMPLER_GIBBS,
  options: ['values'],
  defaultStep: null,
  needsGrad: false,
  targetAccept: null,
  noAdapt: 'adapt tunes a step size, and Gibbs sampling has none (every move is accepted)',
  adaptsMass: false,
  settings: (o, where) => ({ values: values(o.values ?? [-1, 1], where) }),
  param: (s) => (s.values as Float32Array).length,
  write: (ptr, s) => {
    heapF32().set(s.values as Float32Array, kindArrayAt(ptr, SS_GIBBS_O_VALUES) >>> 2);
  },
  checkInit: (init: Matrix, s: KindSettings, where: string) => {
    const v = s.values as Float32Array;
    for (let i = 0; i < init.data.length; i++) {
      if (v.indexOf(init.data[i]!) < 0) {
        throw new ArgumentError(`${where}[${Math.floor(i / init.cols)}][${i % init.cols}] is ${init.data[i]}, not one of the values [${Array.from(v).join(', ')}]`);
      }
    }
  },
};
