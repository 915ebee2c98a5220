// LatentEBM.freeEnergy and infer on workers: the rows in fixed blocks
// (rowBlock(n)), block b to worker b mod w, the model's file sent once per
// worker and call. A row's free energy and z* come from that row alone
// (latent-worker.ts), so the results are the calling thread's bytes.
import type { Pool } from './pool.js';
import type { LatentFreeArgs } from './latent-worker.js';
import { pack, rowBlock, strided, unpack } from './sparse.js';

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
