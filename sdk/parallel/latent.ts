// LatentEBM.freeEnergy and infer on workers: the rows in fixed blocks
// (rowBlock(n)), block b to worker b mod w, the model's file sent once per
// worker and call. A row's free energy and z* come from that row alone
// (latent-worker.ts), so the results are the calling thread's bytes.
import type { Pool } from './pool.js';
import type { LatentFreeArgs } from './latent-worker.js';
import { pack, rowBlock, strided, unpack } from './sparse.js';
import { blockRanges } from './blocks.js';
import { nextRunKey } from './use.js';

export async function latentFreeOnPool(
  pool: Pool, file: Uint8Array, X: Float32Array, Y: Float32Array, n: number, dims: { x: number; y: number; z: number }, beta: number, wantZ: boolean, where: string,
): Promise<{ E: Float32Array; Z: Float32Array | null }> {
  const groups = strided(n, rowBlock(n), pool.size);
  const parts = await Promise.all(groups.map((g, i) => {
    const args: LatentFreeArgs = { file, X: pack(X, g, dims.x), Y: pack(Y, g, dims.y), rows: g.reduce((s, b) => s + b.rows, 0), beta, wantZ };
    return pool.runAt<{ E: Float32Array; Z: Float32Array | null }>(i, 'latentFreeRows', args, [args.X.buffer as ArrayBuffer, args.Y.buffer as ArrayBuffer], where);
  }));
  const E = new Float32Array(n);
  const Z = wantZ ? new Float32Array(n * dims.z) : null;
  groups.forEach((g, i) => {
    unpack(E, parts[i]!.E, g, 1);
    if (Z) unpack(Z, parts[i]!.Z!, g, dims.z);
  });
  return { E, Z };
}

/**
 * LatentEBM.fit's steps on the workers of `pool`: each worker gets the model's file and all of X
 * and Y once per fit (a minibatch draws from every row); every step sends θ and the batch's row
 * indices, and each worker computes a contiguous run of the step's blocks (latent-blocks.ts).
 */
export class LatentFitRemote {
  private readonly key = nextRunKey();
  private readonly loaded: Promise<unknown>;

  constructor(private readonly pool: Pool, file: Uint8Array, X: Float32Array, Y: Float32Array, private readonly where: string) {
    this.loaded = Promise.all(Array.from({ length: pool.size }, (_, i) => pool.runAt(i, 'latentFitLoad', { key: this.key, file, X, Y }, [], where)));
    this.loaded.catch(() => {}); // awaited by the first step
  }

  /** Blocks 0 … nb − 1 of a step into grads (f32[nb × P]) and totals, in block order. */
  async step(params: Float32Array, idx: Int32Array, nb: number, beta: number, P: number, grads: Float32Array, totals: Float64Array): Promise<void> {
    await this.loaded;
    const runs = blockRanges(nb, 1, this.pool.size);
    const results = await Promise.all(runs.map((r, i) =>
      this.pool.runAt<{ grads: Float32Array; totals: Float64Array }>(i, 'latentFitBlocks', { key: this.key, params, idx, first: r.first, count: r.rows, beta }, [], this.where)));
    results.forEach((res, i) => {
      grads.set(res.grads, runs[i]!.first * P);
      totals.set(res.totals, runs[i]!.first);
    });
  }

  /** Frees the data on every worker (a worker that died or a closed pool has nothing left to free). */
  async free(): Promise<void> {
    await Promise.all(Array.from({ length: this.pool.size }, (_, i) => this.pool.runAt(i, 'latentFitFree', { key: this.key }, [], this.where).catch(() => {})));
  }
}
