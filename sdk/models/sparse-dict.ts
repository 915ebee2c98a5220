// The WASM side of a sparse-coding dictionary: the atoms W (k×d) and their
// derived forms (WT d×kp and the Gram matrix G k×kp, kp = k rounded up to 4)
// in two blocks, byte sizes checked in f64 before anything is allocated, and
// the validation every entry point shares (options, unit-norm atoms).
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { describe, type Matrix } from '../matrix.js';
import { SPARSE_CD, SPARSE_FISTA, SPARSE_ISTA } from '../runtime/abi.js';
import { heapF32, heapI32, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions } from '../util/validate.js';

/** Largest block this SDK asks for: wasm32 memory is 4 GiB, and offsets must stay below 2³¹ for i32 arithmetic in the kernels. */
const MAX_BLOCK_BYTES = 2 ** 31 - 64;

/** count·bytesEach in f64; refuses what WASM memory cannot hold before any allocation. */
export function checkedBytes(where: string, what: string, count: number, bytesEach: number): number {
  const bytes = count * bytesEach;
  if (!(bytes <= MAX_BLOCK_BYTES)) {
    throw new EbmError('OUT_OF_MEMORY', `${where}: ${what} would need ${bytes} bytes, more than WASM memory can hold (${MAX_BLOCK_BYTES})`);
  }
  return Math.max(16, bytes);
}

export const paddedAtoms = (k: number): number => (k + 3) & ~3;

export interface EncodeOptions {
  /** 'cd' (default): cyclic coordinate descent, scikit-learn's lasso_cd. 'fista' / 'ista': proximal gradient steps. */
  algorithm?: 'cd' | 'fista' | 'ista';
  /** Most sweeps (cd) or steps (fista, ista) per row. Default: the model's maxIter. */
  maxIter?: number;
  /** A row stops when its duality gap ≤ tol·‖y‖² (scikit-learn's rule). Default: the model's tol. */
  tol?: number;
}

export const ALGORITHMS = { cd: SPARSE_CD, ista: SPARSE_ISTA, fista: SPARSE_FISTA } as const;

export interface EncodeSettings {
  algorithm: number;
  maxIter: number;
  tol: number;
}

/** Most iterations per row: the kernels count them in i32. */
export const MAX_ITER = 1_000_000;

export function encodeSettings(options: EncodeOptions | undefined, where: string, dflt: { maxIter: number; tol: number }, more: readonly string[] = []): EncodeSettings {
  checkOptions(options, `${where}(Y, options)`, ['algorithm', 'maxIter', 'tol', ...more]);
  const o = options ?? {};
  const name = checkOneOf(o.algorithm ?? 'cd', `${where}: options.algorithm`, ['cd', 'fista', 'ista'] as const);
  return {
    algorithm: ALGORITHMS[name],
    maxIter: o.maxIter === undefined ? dflt.maxIter : checkInteger(o.maxIter, `${where}: options.maxIter`, 1, MAX_ITER),
    tol: o.tol === undefined ? dflt.tol : checkNumber(o.tol, `${where}: options.tol`, { min: 0 }),
  };
}

/** Atoms are unit norm up to f32 rounding; a file or init whose atoms are further off is not a dictionary of this model. */
export const UNIT_NORM_SLACK = 1e-4;

/** The atoms and their derived forms in WASM memory; `free()` returns both blocks. */
export class Dictionary {
  private constructor(readonly W: WasmBlock, readonly derived: WasmBlock, readonly k: number, readonly d: number) {}

  /** WT d×kp, at the start of the derived block. */
  get WT(): number {
    return this.derived.ptr;
  }
  /** G k×kp, after WT (d·kp·4 bytes: a multiple of 16). */
  get G(): number {
    return this.derived.ptr + this.d * paddedAtoms(this.k) * 4;
  }

  /** Allocates the blocks of a k×d dictionary (contents undefined until `prepare`). */
  static alloc(k: number, d: number, where: string): Dictionary {
    const wBytes = checkedBytes(where, `a ${k}×${d} dictionary`, k * d, 4);
    const dBytes = checkedBytes(where, `the Gram matrix of ${k} atoms in dimension ${d}`, (d + k) * paddedAtoms(k), 4);
    const W = new WasmBlock(wBytes, where);
    try {
      return new Dictionary(W, new WasmBlock(dBytes, where), k, d);
    } catch (e) {
      W.free();
      throw e;
    }
  }

  /** A dictionary holding `atoms` (k·d f32, already unit norm), prepared. */
  static fromAtoms(atoms: Float32Array, k: number, d: number, where: string): Dictionary {
    const dict = Dictionary.alloc(k, d, where);
    heapF32().set(atoms, dict.W.ptr >>> 2);
    dict.prepare(0);
    return dict;
  }

  /** Recomputes WT and G from W (mask: a u8[d] block pointer, or 0). */
  prepare(mask: number): void {
    kernels().sparsePrepare(this.WT, this.G, this.W.ptr, this.k, this.d, mask);
  }

  atoms(): Float32Array {
    return this.W.f32(this.k * this.d).slice();
  }

  free(): void {
    this.W.free();
    this.derived.free();
  }
}

/**
 * Index of the first row of `m` that is zero or not finite (−1 if none), with
 * the row's squared norm. Checks the caller's atoms before they are scaled.
 */
export function firstBadAtom(m: Matrix): { row: number; norm2: number } {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let t = 0; t < m.cols; t++) s += m.data[i * m.cols + t]! ** 2;
    if (!(s > 0) || !Number.isFinite(s)) return { row: i, norm2: s };
  }
  return { row: -1, norm2: 0 };
}

/** The rows of `m` scaled to unit norm, in WASM (dictionaryInit with the identity order). Rows must be non-zero. */
export function unitRows(m: Matrix, where: string): Float32Array {
  const { row, norm2 } = firstBadAtom(m);
  if (row >= 0) throw new ArgumentError(`${where}[${row}] has squared norm ${norm2}: every atom must be a finite, non-zero vector`);
  const K = kernels(where);
  const src = new WasmBlock(checkedBytes(where, 'the atoms', m.rows * m.cols, 4), where);
  const dst = new WasmBlock(checkedBytes(where, 'the atoms', m.rows * m.cols, 4), where);
  const perm = new WasmBlock(checkedBytes(where, 'the atom order', m.rows, 4), where);
  try {
    heapF32().set(m.data, src.ptr >>> 2);
    const p = heapI32();
    for (let i = 0; i < m.rows; i++) p[(perm.ptr >>> 2) + i] = i;
    K.dictionaryInit(dst.ptr, src.ptr, m.rows, m.cols, m.rows, perm.ptr);
    return dst.f32(m.rows * m.cols).slice();
  } finally {
    perm.free();
    dst.free();
    src.free();
  }
}

/** `known` as a u8 mask of length d with at least one 1; errors name the argument. */
export function parseMask(known: unknown, d: number, where: string): Uint8Array {
  if (known === null || typeof known !== 'object' || typeof (known as ArrayLike<unknown>).length !== 'number') {
    throw new ArgumentError(`${where}: known must be an array of ${d} booleans, got ${describe(known)}`);
  }
  const k = known as ArrayLike<unknown>;
  if (k.length !== d) throw new ShapeError(`${where}: known has length ${k.length}, expected ${d} (one flag per coordinate)`);
  const mask = new Uint8Array(d);
  let count = 0;
  for (let j = 0; j < d; j++) {
    const v = k[j];
    if (typeof v !== 'boolean' && v !== 0 && v !== 1) throw new ArgumentError(`${where}: known[${j}] must be a boolean, got ${describe(v)}`);
    mask[j] = v ? 1 : 0;
    count += mask[j]!;
  }
  if (count === 0) throw new ArgumentError(`${where}: known marks no coordinate as known; at least one is needed to choose the code`);
  return mask;
}
