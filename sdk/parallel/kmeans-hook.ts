// Where KMeansEBM.fit finds the code that runs its Lloyd passes on workers
// (kmeans.ts): set by pool.ts when it loads, so an app that never makes a pool
// (`{ init, KMeansEBM }`) carries neither the pool nor that code (the bundle
// budget), and any app that has a pool, or uses workers elsewhere, has it; the
// driver itself (kmeans.ts, kmeans-seed.ts) loads by import() with the first fit
// on workers, so a pool used only by samplers or trainers does not carry it.
import type { checkParallel, withPool } from './use.js';

export interface KMeansParallel {
  checkParallel: typeof checkParallel;
  withPool: typeof withPool;
  /** kmeans.ts (the Lloyd passes' and the seeding's driver) by import(): a chunk of its own, loaded by the first fit on workers. */
  remote(): Promise<typeof import('./kmeans.js')>;
}

let driver: KMeansParallel | null = null;

export function setKMeansParallel(d: KMeansParallel): void {
  driver = d;
}

/** The driver, or null when the pool's code is not loaded (a bundle without createPool, samplers or trainers). */
export function kmeansParallel(): KMeansParallel | null {
  return driver;
}
