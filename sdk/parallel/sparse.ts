// SparseCoding.encode and SparseCoding.fit (alternating) on workers. The rows
// go in the fixed blocks of dictionaryBlockRows(n) (at most 32, a function of
// n only); block b goes to worker b mod w, so the slow rows of one part of the
// data are shared out. Encoding: one job per worker with the caller's prepared
// dictionary and its rows; a row's code depends on that row only, so the codes
// are the calling thread's bytes. Fitting: each worker gets its blocks of X
// once per fit; every epoch sends the atoms and brings back one partial per
// block, added here in block order in the fixed tree (dictionaryTreePush), as
// the calling thread's dictionaryEpoch adds its own blocks; the atom update
// (one block pass, O(k²·d)) stays here.
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import type { Pool } from './pool.js';
import type { SparseEncodeArgs, SparseFitEpochResult } from './sparse-worker.js';
import { nextRunKey } from './use.js';

/** A worker's blocks: block b of `blocks` goes to worker b mod w (w = at most `workers`, at most the blocks). */
export function strided(n: number, per: number, workers: number): { first: number; rows: number }[][] {
  const nb = Math.ceil(n / per);
  const w = Math.max(1, Math.min(workers, nb));
  const out: { first: number; rows: number }[][] = Array.from({ length: w }, () => []);
  for (let b = 0; b < nb; b++) out[b % w]!.push({ first: b * per, rows: Math.min(per, n - b * per) });
  return out;
}

/** Rows of `src` (width values each) of the given blocks, packed in block order. */
export function pack(src: Float32Array, blocks: { first: number; rows: number }[], width: number): Float32Array {
  const out = new Float32Array(blocks.reduce((s, b) => s + b.rows, 0) * width);
  let o = 0;
  for (const b of blocks) {
    out.set(src.subarray(b.first * width, (b.first + b.rows) * width), o);
    o += b.rows * width;
  }
  return out;
}

/**
 * Codes (n × k) of the rows Y (n × d, row-major) on the workers of `pool`; `derived` is the
 * prepared dictionary (WT then G). Same bytes as sparseEncode over all rows on this thread.
 */
export async function encodeOnPool(pool: Pool, Y: Float32Array, n: number, derived: Float32Array, s: Omit<SparseEncodeArgs, 'derived' | 'Y'>, where: string): Promise<Float32Array> {
  const groups = strided(n, kernels(where).dictionaryBlockRows(n), pool.size);
  const parts = await Promise.all(groups.map((g, i) => {
    const rows = pack(Y, g, s.d);
    return pool.runAt<Float32Array>(i, 'sparseEncodeRows', { ...s, derived, Y: rows }, [rows.buffer], where);
  }));
  const Z = new Float32Array(n * s.k);
  groups.forEach((g, i) => unpack(Z, parts[i]!, g, s.k));
  return Z;
}

/** The WASM blocks of the calling thread that an epoch on workers reads and writes. */
export interface SparseFitBlocks {
  n: number;
  d: number;
  k: number;
  /** X (n×d), the atoms W (k×d), the energies E f32[n], A (f64 k×k), B (f64 d×k), stats f64[4], the tree block. */
  X: number;
  W: number;
  E: number;
  A: number;
  B: number;
  stats: number;
  T: number;
}

/** An alternating fit's blocks on the workers of `pool`: sends each worker its rows now. */
export class SparseFitRemote {
  private readonly key = nextRunKey();
  private readonly groups: { first: number; rows: number }[][];
  private readonly loaded: Promise<unknown>;
  private readonly partialBytes: number;

  constructor(private readonly pool: Pool, private readonly b: SparseFitBlocks, s: { lambda: number; maxIter: number; tol: number }, private readonly where: string) {
    const K = kernels(where);
    this.partialBytes = K.dictionaryPartialBytes(b.d, b.k);
    this.groups = strided(b.n, K.dictionaryBlockRows(b.n), pool.size);
    const X = heapF32().subarray(b.X >>> 2, (b.X >>> 2) + b.n * b.d);
    this.loaded = Promise.all(this.groups.map((g, i) => {
      const rows = pack(X, g, b.d);
      const args = { key: this.key, d: b.d, k: b.k, ...s, blocks: g.map((x) => x.rows), X: rows };
      return pool.runAt(i, 'sparseFitLoad', args, [rows.buffer], where);
    }));
    this.loaded.catch(() => {}); // awaited by the first epoch; a fit that fails before it must not leave an unhandled rejection
  }

  /** One alternating epoch (dictionaryEpoch's work, its blocks on the workers). Returns the objective. */
  async epoch(warm: boolean): Promise<number> {
    const { b, pool, where } = this;
    const K = kernels(where);
    await this.loaded;
    const W = heapF32().slice(b.W >>> 2, (b.W >>> 2) + b.k * b.d);
    const results = await Promise.all(this.groups.map((_, i) => pool.runAt<SparseFitEpochResult>(i, 'sparseFitEpoch', { key: this.key, W, warm }, [], where)));
    // block b is worker b mod w's (b div w)-th: pushed in block order
    const w = this.groups.length;
    const nb = this.groups.reduce((s, g) => s + g.length, 0);
    K.dictionaryTreeClear(b.T);
    for (let blk = 0; blk < nb; blk++) {
      const r = results[blk % w]!;
      const j = Math.floor(blk / w);
      heapU8().set(r.partials.subarray(j * this.partialBytes, (j + 1) * this.partialBytes), K.dictionaryTreeSlot(b.T, b.d, b.k));
      K.dictionaryTreePush(b.T, b.d, b.k);
    }
    results.forEach((r, i) => {
      let o = 0;
      for (const g of this.groups[i]!) {
        heapF32().set(r.E.subarray(o, o + g.rows), (b.E >>> 2) + g.first);
        o += g.rows;
      }
    });
    const objective = K.dictionaryTreeFinish(b.T, b.A, b.B, b.d, b.k, b.stats);
    K.dictionaryUpdate(b.W, b.A, b.B, b.X, b.E, b.n, b.d, b.k, b.stats);
    return objective;
  }

  /** Σ F∞ of the rows with the atoms in W (codes from zero): the blocks' sums added in block order. */
  async final(): Promise<number> {
    const { b, pool, where } = this;
    const W = heapF32().slice(b.W >>> 2, (b.W >>> 2) + b.k * b.d);
    const sums = await Promise.all(this.groups.map((_, i) => pool.runAt<Float64Array>(i, 'sparseFitFinal', { key: this.key, W }, [], where)));
    const w = this.groups.length;
    const nb = this.groups.reduce((s, g) => s + g.length, 0);
    let total = 0;
    for (let blk = 0; blk < nb; blk++) total += sums[blk % w]![Math.floor(blk / w)]!;
    return total;
  }

  /** Frees the rows on every worker (a worker that died or a closed pool has nothing left to free). */
  async free(): Promise<void> {
    await Promise.all(this.groups.map((_, i) => this.pool.runAt(i, 'sparseFitFree', { key: this.key }, [], this.where).catch(() => {})));
  }
}

/** Rows per block for row-parallel inference: at most 32 blocks, multiples of 64 rows (a function of n only). */
export function rowBlock(n: number): number {
  return Math.max(64, Math.ceil(Math.ceil(Math.max(n, 1) / 32) / 64) * 64);
}


/** Scatters a worker's packed results (width values per row) of its blocks into `out`. */
export function unpack(out: Float32Array, part: Float32Array, blocks: { first: number; rows: number }[], width: number): void {
  let o = 0;
  for (const b of blocks) {
    out.set(part.subarray(o, o + b.rows * width), b.first * width);
    o += b.rows * width;
  }
}
