// How this runtime starts a worker, set by its init(): kept apart from the
// pool so that an app that never uses workers (`{ init, KMeansEBM }`) does not
// carry the pool's code (the package's bundle-size budget checks it).

/** The part of a Worker the pool uses, the same for worker_threads and Web Workers. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): unknown;
  /** worker_threads: keep the process alive while the worker has a job (and not when idle). */
  ref?(): void;
  unref?(): void;
}

/** How a runtime starts a worker: `start(onMessage, onFailure)` returns it already listening. */
export interface Spawner {
  start(onMessage: (m: unknown) => void, onFailure: (why: string) => void): WorkerLike | Promise<WorkerLike>;
  /** Logical cores, for `workers: 'auto'`. */
  cores(): number;
  /** False when the worker's file is not there (a server bundle that did not copy it): the calling thread then. */
  available?(): Promise<boolean>;
}

let spawner: Spawner | null = null;
const NONE = 'this runtime has no workers';
let none = NONE;

/** Set by each runtime's init(); null where there are no workers, with why (a pool's `reason`). */
export function setSpawner(s: Spawner | null, why: string = NONE): void {
  spawner = s;
  none = why;
}

/** Why this runtime starts no workers (when currentSpawner() is null). */
export function noSpawnerReason(): string {
  return none;
}

/** This runtime's spawner, or null. */
export function currentSpawner(): Spawner | null {
  return spawner;
}
