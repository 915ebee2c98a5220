// K-means on a worker: the worker keeps its contiguous run of the
// fixed row blocks (sdk/models/kmeans-slices.ts, KMEANS_BLOCK rows each) for
// the whole fit, with their labels and distances; every Lloyd pass sends only
// the centres and gets back one partial per block (inertia, labels changed,
// per-cluster sums and counts), which the caller reduces in the fixed tree
// order. Each block's partial is computed by the same kernel call the calling
// thread makes, so the bytes do not depend on the worker.
import { EbmError } from '../errors.js';
import { heapF32, heapI32, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';

export interface KMeansLoadArgs {
  /** This fit's key (one per fit and calling thread). */
  key: string;
  /** First row of this worker's run of blocks, and its rows (the data of those rows, row-major). */
  first: number;
  rows: number;
  d: number;
  k: number;
  /** Rows per block (KMEANS_BLOCK of sdk/models/kmeans-slices.ts). */
  block: number;
  data: Float32Array;
}

export interface KMeansPassArgs {
  key: string;
  /** The centres, k×d. */
  C: Float32Array;
  accumulate: boolean;
  /** New labels for this worker's rows (a restart's start, or after empty clusters were re-seeded), else null. */
  labels: Int32Array | null;
  /** Send back this worker's labels and distances too. */
  rows: boolean;
}

export interface KMeansPassResult {
  /** kmeansPartialBytes(k, d) bytes per block, in block order. */
  partials: Uint8Array;
  labels: Int32Array | null;
  mind: Float32Array | null;
}

interface Held {
  rows: number;
  d: number;
  k: number;
  block: number;
  X: WasmBlock;
  labels: WasmBlock;
  mind: WasmBlock;
  C: WasmBlock;
  P: WasmBlock;
  partialBytes: number;
  /** k-means++ on workers (kmeansSeedRowsTask): D² to the chosen centres, each candidate's D², the candidates. */
  seed: { closest: WasmBlock; cand: WasmBlock | null; Y: WasmBlock | null; m: number } | null;
}

// fits under way in this worker, by key (a shared pool may serve several at once)
const held = new Map<string, Held>();

export function kmeansLoad(a: KMeansLoadArgs): null {
  const where = 'KMeansEBM.fit (worker)';
  kmeansFree({ key: a.key });
  const K = kernels(where);
  const blocks: WasmBlock[] = [];
  const take = (bytes: number) => {
    const b = new WasmBlock(Math.max(16, bytes), where);
    blocks.push(b);
    return b;
  };
  try {
    const partialBytes = K.kmeansPartialBytes(a.k, a.d);
    const h: Held = {
      rows: a.rows, d: a.d, k: a.k, block: a.block,
      X: take(a.rows * a.d * 4), labels: take(a.rows * 4), mind: take(a.rows * 4), C: take(a.k * a.d * 4), P: take(partialBytes),
      partialBytes, seed: null,
    };
    heapF32().set(a.data, h.X.ptr >>> 2);
    heapI32().fill(-1, h.labels.ptr >>> 2, (h.labels.ptr >>> 2) + a.rows);
    held.set(a.key, h);
  } catch (e) {
    blocks.forEach((b) => b.free());
    throw e;
  }
  return null;
}

export function kmeansPass(a: KMeansPassArgs): KMeansPassResult {
  const where = 'KMeansEBM.fit (worker)';
  const h = held.get(a.key);
  if (!h) throw new EbmError('WORKER_FAILED', `${where}: this worker does not hold the rows of this fit (it was replaced)`);
  const K = kernels(where);
  heapF32().set(a.C, h.C.ptr >>> 2);
  if (a.labels) heapI32().set(a.labels, h.labels.ptr >>> 2);
  const nb = Math.ceil(h.rows / h.block);
  const partials = new Uint8Array(nb * h.partialBytes);
  const xBytes = h.d * 4;
  for (let b = 0; b < nb; b++) {
    const r0 = b * h.block;
    const len = Math.min(h.block, h.rows - r0);
    K.kmeansAssignSlice(h.P.ptr, h.X.ptr + r0 * xBytes, 0, len, h.d, h.C.ptr, h.k, h.labels.ptr + r0 * 4, h.mind.ptr + r0 * 4, a.accumulate ? 1 : 0);
    partials.set(heapU8().subarray(h.P.ptr, h.P.ptr + h.partialBytes), b * h.partialBytes);
  }
  return {
    partials,
    labels: a.rows ? h.labels.i32(h.rows).slice() : null,
    mind: a.rows ? h.mind.f32(h.rows).slice() : null,
  };
}

/** This worker's labels and distances (for re-seeding empty clusters on the calling thread). */
export function kmeansRows(a: { key: string }): { labels: Int32Array; mind: Float32Array } {
  const h = held.get(a.key);
  if (!h) throw new EbmError('WORKER_FAILED', 'KMeansEBM.fit (worker): this worker does not hold the rows of this fit (it was replaced)');
  return { labels: h.labels.i32(h.rows).slice(), mind: h.mind.f32(h.rows).slice() };
}

/** Frees a fit's rows (its end, or a failed fit). */
export function kmeansFree(a: { key: string }): null {
  const h = held.get(a.key);
  if (h) {
    held.delete(a.key);
    for (const b of [h.X, h.labels, h.mind, h.C, h.P]) b.free();
    freeSeed(h);
  }
  return null;
}

// ---- k-means++ seeding (sdk/parallel/kmeans-seed.ts) ------------------------------------------------------

export interface KMeansSeedRowsArgs {
  key: string;
  /** The new centre (m = 0, one row) or the m candidates (m×d). */
  Y: Float32Array;
  m: number;
  /** The candidate chosen last time (its D² becomes the rows' D² first), or −1. */
  best: number;
  /** Running sums to continue over this worker's rows (one per candidate, one for m = 0), or null: later, by kmeansSeedSum. */
  acc: number[] | null;
}

function heldFor(key: string, where: string): Held {
  const h = held.get(key);
  if (!h) throw new EbmError('WORKER_FAILED', `${where}: this worker does not hold the rows of this fit (it was replaced)`);
  return h;
}

function freeSeed(h: Held): void {
  const s = h.seed;
  h.seed = null;
  s?.closest.free();
  s?.cand?.free();
  s?.Y?.free();
}

/** A block of at least `bytes`, reusing `b` when it is large enough. */
function atLeast(b: WasmBlock | null, bytes: number, where: string): WasmBlock {
  if (b && b.bytes >= bytes) return b;
  b?.free();
  return new WasmBlock(Math.max(16, bytes), where);
}

/** The values whose running sums the caller asks for: D² (m = 0) or candidate t's D². */
function seedValues(h: Held, t: number): number {
  const s = h.seed!;
  return s.m === 0 ? s.closest.ptr : s.cand!.ptr + t * h.rows * 4;
}

/** This worker's rows' D² to a new centre, or each candidate's (kmeansSeedRows); with acc, their sums too. */
export function kmeansSeedRowsTask(a: KMeansSeedRowsArgs): number[] | null {
  const where = 'KMeansEBM.fit (worker)';
  const h = heldFor(a.key, where);
  const K = kernels(where);
  if (!h.seed) h.seed = { closest: new WasmBlock(Math.max(16, h.rows * 4), where), cand: null, Y: null, m: 0 };
  const s = h.seed;
  if (a.best >= 0) heapU8().copyWithin(s.closest.ptr, s.cand!.ptr + a.best * h.rows * 4, s.cand!.ptr + (a.best + 1) * h.rows * 4);
  if (a.m > 0) s.cand = atLeast(s.cand, a.m * h.rows * 4, where);
  s.Y = atLeast(s.Y, a.Y.length * 4, where);
  heapF32().set(a.Y, s.Y.ptr >>> 2);
  K.kmeansSeedRows(h.X.ptr, h.rows, h.d, s.Y.ptr, a.m, s.closest.ptr, s.cand?.ptr ?? 0);
  s.m = a.m;
  return a.acc ? kmeansSeedSumTask({ key: a.key, acc: a.acc }) : null;
}

/** The running sums of the last distances, continued over this worker's rows in order. */
export function kmeansSeedSumTask(a: { key: string; acc: number[] }): number[] {
  const where = 'KMeansEBM.fit (worker)';
  const h = heldFor(a.key, where);
  const K = kernels(where);
  return a.acc.map((v, t) => K.kmeansSeedSum(seedValues(h, t), h.rows, v));
}

/** For each target, the first of this worker's rows whose running sum of D² (or of candidate `which`'s, ≥ 0) from acc exceeds it, or −1. */
export function kmeansSeedFindTask(a: { key: string; which: number; acc: number; targets: number[] }): number[] {
  const where = 'KMeansEBM.fit (worker)';
  const h = heldFor(a.key, where);
  const K = kernels(where);
  const s = h.seed;
  if (!s || (a.which >= 0 && s.m <= a.which)) throw new EbmError('WORKER_FAILED', `${where}: no seeding distances for this search`);
  const v = a.which < 0 ? s.closest.ptr : s.cand!.ptr + a.which * h.rows * 4;
  const m = a.targets.length;
  const order = a.targets.map((_, j) => j).sort((x, y) => a.targets[x]! - a.targets[y]!);
  const io = new WasmBlock(Math.max(16, m * 12), where);
  try {
    const t = io.f64(m);
    order.forEach((j, r) => (t[r] = a.targets[j]!));
    K.kmeansSeedFind(v, h.rows, a.acc, io.ptr, m, io.ptr + m * 8);
    const found = heapI32().subarray((io.ptr + m * 8) >>> 2, ((io.ptr + m * 8) >>> 2) + m);
    const out = new Array<number>(m);
    order.forEach((j, r) => (out[j] = found[r]!));
    return out;
  } finally {
    io.free();
  }
}
