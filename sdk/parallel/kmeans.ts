// KMeansEBM.fit on workers, reached through kmeans-hook.ts, which
// pool.ts sets (so `{ init, KMeansEBM }` does not carry the pool). The fixed
// row blocks of the fit (KMEANS_BLOCK rows) are cut into one contiguous run per worker; each worker gets its rows once per fit, and every
// Lloyd pass sends it only the centres (and the labels, when this thread
// changed them) and brings back one partial per block, which the calling
// thread reduces in the same tree as its own blocks (kmeans-slices.ts). The
// k-means++ seeding's distances and sums run on the workers too (kmeans-seed.ts);
// its draws, the column variance, the centre update and the re-seeding of empty
// clusters stay on the calling thread.
import { heapF32, heapF64, heapI32, heapU8, kernels } from '../runtime/core.js';
import type { FitBlocks, RemoteBlocks } from '../models/kmeans-slices.js';
import { KMEANS_STAT_RESEEDED } from '../runtime/abi.js';
import type { KMeansPassResult } from './kmeans-worker.js';
import type { Pool } from './pool.js';
import { nextRunKey } from './use.js';
import { seedOnWorkers } from './kmeans-seed.js';
import { blockRanges } from './blocks.js';

/** A fit's row blocks on the workers of `pool`: sends each worker its rows now (while this thread seeds). */
export class KMeansRemote implements RemoteBlocks {
  private readonly key = nextRunKey();
  private readonly groups: { first: number; rows: number }[];
  private readonly loaded: Promise<unknown>;
  private readonly partialBytes: number;
  private dirty = true;

  /** `block`: KMEANS_BLOCK of kmeans-slices.ts (passed in: this file does not import the model's code). */
  constructor(private readonly pool: Pool, private readonly b: FitBlocks, block: number, partialBytes: number, private readonly where: string) {
    this.partialBytes = partialBytes;
    this.groups = blockRanges(b.n, block, pool.size);
    const f32 = heapF32();
    this.loaded = Promise.all(this.groups.map((g, i) => {
      const data = f32.slice((b.X >>> 2) + g.first * b.d, (b.X >>> 2) + (g.first + g.rows) * b.d);
      return pool.runAt(i, 'kmeansLoad', { key: this.key, first: g.first, rows: g.rows, d: b.d, k: b.k, block, data }, [data.buffer], where);
    }));
    this.loaded.catch(() => {}); // awaited by the first pass; a fit that fails before it must not leave an unhandled rejection
  }

  labelsChanged(): void {
    this.dirty = true;
  }

  async pass(accumulate: boolean, rows: boolean, T: number): Promise<void> {
    const { b, pool, where } = this;
    const K = kernels(where);
    await this.loaded;
    const C = heapF32().slice(b.C >>> 2, (b.C >>> 2) + b.k * b.d);
    const send = this.dirty;
    this.dirty = false;
    const results = await Promise.all(this.groups.map((g, i) => {
      const labels = send ? heapI32().slice((b.labels >>> 2) + g.first, (b.labels >>> 2) + g.first + g.rows) : null;
      return pool.runAt<KMeansPassResult>(i, 'kmeansPass', { key: this.key, C, accumulate, labels, rows }, labels ? [labels.buffer] : [], where);
    }));
    // block order: the groups are consecutive runs of blocks
    results.forEach((r, i) => {
      for (let o = 0; o < r.partials.length; o += this.partialBytes) {
        heapU8().set(r.partials.subarray(o, o + this.partialBytes), K.kmeansTreeSlot(T, b.k, b.d));
        K.kmeansTreePush(T, b.k, b.d);
      }
      if (r.labels && r.mind) this.write(this.groups[i]!, r.labels, r.mind);
    });
  }

  /** k-means++ into C on the workers, after kmeansSeedBegin(S, …) here (kmeans-seed.ts); `tick` between centres. */
  async seed(trials: number, S: number, tick: () => Promise<void>): Promise<void> {
    await this.loaded;
    await seedOnWorkers(this.pool, this.key, this.groups, this.b, trials, S, tick, this.where);
  }

  /** Re-seeding an empty cluster reads every row's label and distance: fetched from the workers when a count is 0. */
  async beforeUpdate(): Promise<void> {
    const { b } = this;
    if (kernels(this.where).kmeansHasEmpty(b.work, b.k, b.d)) await this.fetchRows();
  }

  /** Clusters re-seeded: their rows' labels changed on this thread, so the next pass sends the labels. */
  afterUpdate(): void {
    if (heapF64()[(this.b.stats + KMEANS_STAT_RESEEDED) >>> 3]! > 0) this.dirty = true;
  }

  private async fetchRows(): Promise<void> {
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
