// Sparse coding on a worker. Encoding: the rows a worker is given (whole
// blocks, packed) are coded in one sparseEncode call with the caller's
// prepared dictionary; a row's code depends on that row only, so the bytes are
// the calling thread's. Fitting (alternating): the worker keeps its blocks of
// X and their warm codes for the whole fit; each epoch sends the atoms and
// gets back one partial per block (dictionaryBlock, the kernel the calling
// thread runs per block) and the rows' energies, which the caller adds in the
// fixed tree of dictionaryTreePush.
import { EbmError } from '../errors.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { SPARSE_CD } from '../runtime/abi.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';

const pad4 = (k: number): number => (k + 3) & ~3;

export interface SparseEncodeArgs {
  d: number;
  k: number;
  lambda: number;
  algorithm: number;
  maxIter: number;
  tol: number;
  /** The prepared dictionary: WT (d×kp) then G (k×kp), as Dictionary's derived block. */
  derived: Float32Array;
  /** The rows to code, packed (rows × d). */
  Y: Float32Array;
}

/** Codes of the given rows (rows × k). */
export function sparseEncodeRows(a: SparseEncodeArgs): Float32Array {
  const where = 'SparseCoding.encode (worker)';
  const K = kernels(where);
  const rows = a.Y.length / a.d;
  return withBlocks((take) => {
    const D = take(new WasmBlock(Math.max(16, a.derived.length * 4), where));
    const Y = take(new WasmBlock(Math.max(16, a.Y.length * 4), where));
    const Z = take(new WasmBlock(Math.max(16, rows * a.k * 4), where));
    heapF32().set(a.derived, D.ptr >>> 2);
    heapF32().set(a.Y, Y.ptr >>> 2);
    const G = D.ptr + a.d * pad4(a.k) * 4;
    K.sparseEncode(Z.ptr, Y.ptr, rows, a.d, D.ptr, G, a.k, a.lambda, a.algorithm, a.maxIter, a.tol, 0, 0);
    return Z.f32(rows * a.k).slice();
  });
}

export interface SparseFitLoadArgs {
  /** This fit's key (one per fit and calling thread). */
  key: string;
  d: number;
  k: number;
  lambda: number;
  maxIter: number;
  tol: number;
  /** Rows of each of this worker's blocks, in block order. */
  blocks: number[];
  /** Their rows of X, packed. */
  X: Float32Array;
}

export interface SparseFitEpochResult {
  /** dictionaryPartialBytes(d, k) bytes per block, in this worker's block order. */
  partials: Uint8Array;
  /** The energies of this worker's rows, packed. */
  E: Float32Array;
}

interface Held {
  a: Omit<SparseFitLoadArgs, 'X'>;
  rows: number;
  X: WasmBlock;
  Z: WasmBlock;
  E: WasmBlock;
  W: WasmBlock;
  D: WasmBlock;
  P: WasmBlock;
  partialBytes: number;
}

// fits under way in this worker, by key (a shared pool may serve several at once)
const held = new Map<string, Held>();
const WHERE = 'SparseCoding.fit (worker)';

export function sparseFitLoad(a: SparseFitLoadArgs): null {
  sparseFitFree({ key: a.key });
  const K = kernels(WHERE);
  const rows = a.blocks.reduce((s, r) => s + r, 0);
  const made: WasmBlock[] = [];
  const take = (bytes: number): WasmBlock => {
    const b = new WasmBlock(Math.max(16, bytes), WHERE);
    made.push(b);
    return b;
  };
  try {
    const partialBytes = K.dictionaryPartialBytes(a.d, a.k);
    const { X: data, ...rest } = a;
    const h: Held = {
      a: rest, rows, partialBytes,
      X: take(rows * a.d * 4), Z: take(rows * a.k * 4), E: take(rows * 4), W: take(a.k * a.d * 4),
      D: take((a.d + a.k) * pad4(a.k) * 4), P: take(partialBytes),
    };
    heapF32().set(data, h.X.ptr >>> 2);
    held.set(a.key, h);
  } catch (e) {
    made.forEach((b) => b.free());
    throw e;
  }
  return null;
}

function heldFor(key: string): Held {
  const h = held.get(key);
  if (!h) throw new EbmError('WORKER_FAILED', `${WHERE}: this worker does not hold the rows of this fit (it was replaced)`);
  return h;
}

/** Sets the atoms and prepares WT and G (the same kernel as the calling thread's). */
function setAtoms(h: Held, W: Float32Array): { WT: number; G: number } {
  heapF32().set(W, h.W.ptr >>> 2);
  const WT = h.D.ptr;
  const G = h.D.ptr + h.a.d * pad4(h.a.k) * 4;
  kernels(WHERE).sparsePrepare(WT, G, h.W.ptr, h.a.k, h.a.d, 0);
  return { WT, G };
}

/** One alternating epoch on this worker's blocks: a partial per block and the rows' energies. */
export function sparseFitEpoch(a: { key: string; W: Float32Array; warm: boolean }): SparseFitEpochResult {
  const h = heldFor(a.key);
  const K = kernels(WHERE);
  const { d, k, lambda, maxIter, tol, blocks } = h.a;
  const { WT, G } = setAtoms(h, a.W);
  const partials = new Uint8Array(blocks.length * h.partialBytes);
  let r0 = 0;
  blocks.forEach((rows, b) => {
    K.dictionaryBlock(h.P.ptr, h.Z.ptr + r0 * k * 4, h.E.ptr + r0 * 4, h.X.ptr + r0 * d * 4, rows, d, k, lambda, maxIter, tol, a.warm ? 1 : 0, h.W.ptr, WT, G);
    partials.set(heapU8().subarray(h.P.ptr, h.P.ptr + h.partialBytes), b * h.partialBytes);
    r0 += rows;
  });
  return { partials, E: h.E.f32(h.rows).slice() };
}

/** Σ F∞ of each of this worker's blocks with the final atoms, codes from zero (as energy() finds them). */
export function sparseFitFinal(a: { key: string; W: Float32Array }): Float64Array {
  const h = heldFor(a.key);
  const { WT, G } = setAtoms(h, a.W);
  const out = new Float64Array(h.a.blocks.length);
  let r0 = 0;
  h.a.blocks.forEach((rows, b) => {
    out[b] = blockObjective(h.Z.ptr + r0 * h.a.k * 4, h.X.ptr + r0 * h.a.d * 4, rows, h.a, h.W.ptr, WT, G);
    r0 += rows;
  });
  return out;
}

/**
 * Σ F∞ over `rows` rows of X with codes Z found from zero: the block sum that the final objective
 * of a fit adds in block order (the calling thread runs the same per block).
 */
export function blockObjective(Z: number, X: number, rows: number, s: { d: number; k: number; lambda: number; maxIter: number; tol: number }, W: number, WT: number, G: number): number {
  const K = kernels(WHERE);
  K.sparseEncode(Z, X, rows, s.d, WT, G, s.k, s.lambda, SPARSE_CD, s.maxIter, s.tol, 0, 0);
  return K.sparseEnergy(0, 0, X, rows, s.d, W, s.k, Z, s.lambda);
}

/** Frees a fit's rows (its end, or a failed fit). */
export function sparseFitFree(a: { key: string }): null {
  const h = held.get(a.key);
  if (h) {
    held.delete(a.key);
    for (const b of [h.X, h.Z, h.E, h.W, h.D, h.P]) b.free();
  }
  return null;
}
