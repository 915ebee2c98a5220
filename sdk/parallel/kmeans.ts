// KMeansEBM.fit on workers (issue 15), loaded by kmeans-fit.ts only when a fit
// is given `workers` or `pool` (so `{ init, KMeansEBM }` does not carry the
// pool). The fixed row blocks of the fit (KMEANS_BLOCK rows) are cut into one
// contiguous run per worker; each worker gets its rows once per fit, and every
// Lloyd pass sends it only the centres (and the labels, when this thread
// changed them) and brings back one partial per block, which the calling
// thread reduces in the same tree as its own blocks (kmeans-slices.ts). The
// k-means++ seeding, the column variance, the centre update and the
// re-seeding of empty clusters stay on the calling thread.
import { heapF32, heapI32, heapU8 } from '../runtime/core.js';
import { KMEANS_BLOCK, type FitBlocks, type RemoteBlocks } from '../models/kmeans-slices.js';
import type { KMeansPassResult } from './kmeans-worker.js';
import type { Pool } from './pool.js';
import { nextRunKey } from './use.js';

export { checkParallel, withPool } from './use.js';

/** The contiguous runs of whole blocks of n rows, as even as whole blocks allow, one per worker (at most `workers`). */
export function blockRanges(n: number, workers: number): { first: number; rows: number }[] {
  const nb = Math.ceil(n / KMEANS_BLOCK);
  const w = Math.max(1, Math.min(workers, nb));
  const out: { first: number; rows: number }[] = [];
  for (let g = 0; g < w; g++) {
    const a = Math.floor((g * nb) / w) * KMEANS_BLOCK;
    const e = Math.min(n, Math.floor(((g + 1) * nb) / w) * KMEANS_BLOCK);
    out.push({ first: a, rows: e - a });
  }
  return out;
}

/** A fit's row blocks on the workers of `pool`: sends each worker its rows now (while this thread seeds). */
export class KMeansRemote implements RemoteBlocks {
  private readonly key = nextRunKey();
  private readonly groups: { first: number; rows: number }[];
  private readonly loaded: Promise<unknown>;
  private readonly partialBytes: number;
  private dirty = true;

  constructor(private readonly pool: Pool, private readonly b: FitBlocks, partialBytes: number, private readonly where: string) {
    this.partialBytes = partialBytes;
    this.groups = blockRanges(b.n, pool.size);
    const f32 = heapF32();
    this.loaded = Promise.all(this.groups.map((g, i) => {
      const data = f32.slice((b.X >>> 2) + g.first * b.d, (b.X >>> 2) + (g.first + g.rows) * b.d);
      return pool.runAt(i, 'kmeansLoad', { key: this.key, first: g.first, rows: g.rows, d: b.d, k: b.k, block: KMEANS_BLOCK, data }, [data.buffer], where);
    }));
    this.loaded.catch(() => {}); // awaited by the first pass; a fit that fails before it must not leave an unhandled rejection
  }

  labelsChanged(): void {
    this.dirty = true;
  }

  async pass(accumulate: boolean, rows: boolean): Promise<Uint8Array[]> {
    const { b, pool, where } = this;
    await this.loaded;
    const C = heapF32().slice(b.C >>> 2, (b.C >>> 2) + b.k * b.d);
    const send = this.dirty;
    this.dirty = false;
    const results = await Promise.all(this.groups.map((g, i) => {
      const labels = send ? heapI32().slice((b.labels >>> 2) + g.first, (b.labels >>> 2) + g.first + g.rows) : null;
      return pool.runAt<KMeansPassResult>(i, 'kmeansPass', { key: this.key, C, accumulate, labels, rows }, labels ? [labels.buffer] : [], where);
    }));
    const out: Uint8Array[] = [];
    results.forEach((r, i) => {
      const g = this.groups[i]!;
      for (let o = 0; o < r.partials.length; o += this.partialBytes) out.push(r.partials.subarray(o, o + this.partialBytes));
      if (r.labels && r.mind) this.write(g, r.labels, r.mind);
    });
    return out;
  }

  async fetchRows(): Promise<void> {
    const { pool, where } = this;
    const results = await Promise.all(this.groups.map((_, i) => pool.runAt<{ labels: Int32Array; mind: Float32Array }>(i, 'kmeansRows', { key: this.key }, [], where)));
    results.forEach((r, i) => this.write(this.groups[i]!, r.labels, r.mind));
  }

  private write(g: { first: number }, labels: Int32Array, mind: Float32Array): void {
    heapI32().set(labels, (this.b.labels >>> 2) + g.first);
    heapU8().set(new Uint8Array(mind.buffer, mind.byteOffset, mind.byteLength), this.b.mind + g.first * 4);
  }

  /** Frees the rows on every worker (a worker that died or a closed pool has nothing left to free). */
  async free(): Promise<void> {
    await Promise.all(this.groups.map((_, i) => this.pool.runAt(i, 'kmeansFree', { key: this.key }, [], this.where).catch(() => {})));
  }
}
