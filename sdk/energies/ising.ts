// The Ising energy F(y) = −½ yᵀJy − hᵀy (assembly/energies/analytic.ts
// isingEval): a discrete toy with exact answers by enumeration, the ground
// truth of the Gibbs sampler's tests. Defined on any real y; its Gibbs target
// is y ∈ {−1, 1}^dim.
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type MatrixLike } from '../matrix.js';
import { KIND_ISING } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { checkNumber, checkOptions } from '../util/validate.js';
import type { Moments } from './analytic.js';
import { WasmEnergy, type DescriptorFields } from './energy.js';
import { checkInternal, INTERNAL, type Internal } from '../util/library-key.js';

/** Largest dim whose moments are enumerated (2^16 states × dim² sums: a few milliseconds). */
const MAX_EXACT_DIM = 16;

export interface IsingOptions {
  /** Couplings J (dim × dim, symmetric, zero diagonal). */
  J: MatrixLike;
  /** External field h (length dim). Default zeros. */
  h?: ArrayLike<number>;
}

/** F(y) = −½ yᵀJy − hᵀy; ∇F = −(Jy + h). */
export class IsingEnergy extends WasmEnergy {
  readonly name = 'ising';
  private readonly J: Float64Array;
  private readonly field: Float64Array;

  /** Use energies.ising: the first argument is a key only the library holds (not stripped from the types, so `new` without it does not type-check). */
  constructor(token: Internal, fields: DescriptorFields, params: WasmBlock[], J: Float64Array, h: Float64Array) {
    super((checkInternal(token, 'energies.ising(options)'), fields), params, 'energies.ising');
    this.J = J;
    this.field = h;
  }

  /**
   * Exact moments of p(s) ∝ exp(−β·F(s)) over the spins s ∈ {−1, 1}^dim, by enumeration
   * (dim ≤ 16; undefined beyond), with J and h as the energy stores them (f32).
   * E[s_i s_j] = cov[i·dim + j] + mean[i]·mean[j].
   */
  moments(beta = 1): (Moments & { logZ: number }) | undefined {
    const d = this.dim;
    if (d > MAX_EXACT_DIM) return undefined;
    beta = checkNumber(beta, 'IsingEnergy.moments: beta', { min: 0, exclusiveMin: true });
    const n = 2 ** d;
    const s = new Float64Array(d);
    const energies = new Float64Array(n);
    let lo = Infinity;
    for (let x = 0; x < n; x++) {
      for (let i = 0; i < d; i++) s[i] = (x >> i) & 1 ? 1 : -1;
      let e = 0;
      for (let i = 0; i < d; i++) {
        let f = 0;
        for (let j = 0; j < d; j++) f += this.J[i * d + j]! * s[j]!;
        e -= s[i]! * (0.5 * f + this.field[i]!);
      }
      energies[x] = e;
      lo = Math.min(lo, e);
    }
    const mean = new Float64Array(d);
    const second = new Float64Array(d * d);
    let z = 0;
    for (let x = 0; x < n; x++) {
      const w = Math.exp(-beta * (energies[x]! - lo));
      z += w;
      for (let i = 0; i < d; i++) s[i] = (x >> i) & 1 ? 1 : -1;
      for (let i = 0; i < d; i++) {
        mean[i] = mean[i]! + w * s[i]!;
        for (let j = 0; j < d; j++) second[i * d + j] = second[i * d + j]! + w * s[i]! * s[j]!;
      }
    }
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++) mean[i] = mean[i]! / z;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] = second[i * d + j]! / z - mean[i]! * mean[j]!;
    const variance = new Float64Array(d);
    for (let i = 0; i < d; i++) variance[i] = cov[i * d + i]!;
    return { mean, variance, cov, logZ: Math.log(z) - beta * lo };
  }
}

export function ising(options: IsingOptions): IsingEnergy {
  const where = 'energies.ising';
  checkOptions(options, `${where}(options)`, ['J', 'h']);
  if (options === undefined) throw new ArgumentError(`${where}(options): { J } is required`);
  const m = asMatrix(options.J, `${where}: J`);
  const d = m.rows;
  if (d < 1 || m.cols !== d) throw new ShapeError(`${where}: J has shape ${m.rows}×${m.cols}, expected a non-empty square matrix`);
  const J = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = m.data[i * d + j]!;
      if (!Number.isFinite(v)) throw new ArgumentError(`${where}: J[${i}][${j}] is ${v}: every value must be finite`, 'NOT_FINITE');
      if (i === j && v !== 0) throw new ArgumentError(`${where}: J[${i}][${i}] is ${v}; the diagonal must be 0`);
      if (j < i && v !== m.data[j * d + i]) throw new ArgumentError(`${where}: J is not symmetric: [${i}][${j}] = ${v} but [${j}][${i}] = ${m.data[j * d + i]}`);
      J[i * d + j] = v;
    }
  }
  const hIn = options.h ?? new Float64Array(d);
  if (hIn === null || typeof hIn !== 'object' || typeof hIn.length !== 'number') throw new ArgumentError(`${where}: h must be an array of numbers, got ${describe(hIn)}`);
  if (hIn.length !== d) throw new ShapeError(`${where}: h has length ${hIn.length}, expected ${d} (J is ${d}×${d})`);
  const h = new Float64Array(d);
  for (let i = 0; i < d; i++) h[i] = Math.fround(checkNumber(hIn[i], `${where}: h[${i}]`));
  kernels(where);
  const Jb = new WasmBlock(d * d * 4, where);
  const hb = new WasmBlock(Math.max(16, d * 4), where);
  try {
    heapF32().set(J, Jb.ptr >>> 2);
    heapF32().set(h, hb.ptr >>> 2);
    // the exact moments use the values the kernel sees
    return new IsingEnergy(INTERNAL, { kind: KIND_ISING, dim: d, p: [Jb.ptr, hb.ptr] }, [Jb, hb], Float64Array.from(Jb.f32(d * d)), h);
  } catch (e) {
    Jb.free();
    hb.free();
    throw e;
  }
}
