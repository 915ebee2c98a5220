// Where KMeansEBM.fit finds the code that runs its Lloyd passes on workers
// (kmeans.ts): set by pool.ts when it loads, so an app that never makes a pool
// (`{ init, KMeansEBM }`) carries neither the pool nor that code (the bundle
// budget), and any app that has a pool, or uses workers elsewhere, has it.
import type { KMeansRemote } from './kmeans.js';
import type { checkParallel, withPool } from './use.js';

export interface KMeansParallel {
  checkParallel: typeof checkParallel;
  withPool: typeof withPool;
  KMeansRemote: typeof KMeansRemote;
}

let driver: KMeansParallel | null = null;

export function setKMeansParallel(d: KMeansParallel): void {
  driver = d;
}

/** The driver, or null when the pool's code is not loaded (a bundle without createPool, samplers or trainers). */
export function kmeansParallel(): KMeansParallel | null {
  return driver;
}
