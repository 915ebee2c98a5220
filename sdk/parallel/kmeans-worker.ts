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
      partialBytes,
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
  }
  return null;
}
