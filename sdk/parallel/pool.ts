// A pool of workers, each with its own instance of the same compiled
// ebm.wasm (the Module is posted to them: nothing is fetched or compiled
// again, and no SharedArrayBuffer is needed). The runtime's entry says how to
// start a worker (setSpawner, called by init(): worker_threads in Node, module
// Web Workers in browsers, Deno and Bun); where there is none (workerd,
// Vercel Edge, the inline entry) a pool has no workers and every call runs on
// the calling thread, with the same bytes. A worker that throws answers with
// the error; one that dies is replaced, and its job fails with WORKER_FAILED.
import { ArgumentError, EbmError, type EbmErrorCode } from '../errors.js';
import { kernels, loadedModule } from '../runtime/core.js';

import { currentSpawner, noSpawnerReason, type WorkerLike } from './spawner.js';
import { setKMeansParallel } from './kmeans-hook.js';
import { checkParallel, withPool } from './use.js';

export { setSpawner } from './spawner.js';
export type { Spawner, WorkerLike } from './spawner.js';

/** True when this runtime can start workers. */
export function canSpawn(): boolean {
  return currentSpawner() !== null;
}

/** Most workers a pool takes ('auto' stops at 8: past that, the memory of one instance per worker grows faster than the gain). */
export const MAX_WORKERS = 64;
const AUTO_CAP = 8;

export interface PoolOptions {
  /** Number of workers, or 'auto' (the logical cores, at most 8). Default 'auto'. */
  workers?: number | 'auto';
}

interface Job {
  task: string;
  args: unknown;
  transfer: Transferable[];
  where: string;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: WorkerLike | null;
  /** Counts the workers this slot started: a replaced one's late events are ignored. */
  gen: number;
  spawning: boolean;
  ready: boolean;
  job: Job | null;
  /** Jobs sent before the worker said ready wait here (one at most). */
  waiting: Job | null;
  /** Jobs for this worker only (runAt), in order: they wait for it, not for any free worker. */
  own: Job[];
}

const CODES: readonly EbmErrorCode[] = [
  'NOT_INITIALIZED', 'WASM_LOAD', 'INVALID_ARGUMENT', 'SHAPE', 'NOT_FINITE', 'NOT_FITTED', 'DISPOSED', 'BUSY', 'NUMERICAL',
  'ABORTED', 'OUT_OF_MEMORY', 'WASM_ABORT', 'WASM_TRAP', 'FILE_FORMAT', 'WORKER_FAILED',
];

/** Workers for `{ pool }`: `const pool = await createPool({ workers: 4 })`, then `pool.close()` (or `await using`). */
export class Pool {
  /** Number of workers (0: calls run on the calling thread). */
  readonly size: number;
  /** Why a pool has no workers (null when it has them): no workers in this runtime, or they could not start. */
  readonly reason: string | null;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private closed = false;
  private nextId = 1;
  private readonly module: WebAssembly.Module | null;

  /** @internal use createPool */
  constructor(size: number, module: WebAssembly.Module | null, reason: string | null = null) {
    this.size = size;
    this.reason = reason;
    this.module = module;
    this.slots = Array.from({ length: size }, () => ({ worker: null, gen: 0, spawning: false, ready: false, job: null, waiting: null, own: [] }));
  }

  /** True after close(). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal Starts every worker and resolves when all have instantiated the module. */
  async start(where: string): Promise<void> {
    await Promise.all(this.slots.map((s) => this.run('ping', null, [], where, s)));
  }

  /**
   * @internal Runs `task` (sdk/parallel/tasks.ts) on the next free worker; rejects with the
   * worker's error (an EbmError with its code), WORKER_FAILED when the worker died, or
   * DISPOSED after close().
   */
  run<T>(task: string, args: unknown, transfer: Transferable[], where: string, slot?: Slot): Promise<T> {
    if (this.closed) return Promise.reject(new EbmError('DISPOSED', `${where}: the pool was closed`));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { task, args, transfer, where, resolve: resolve as (v: unknown) => void, reject };
      if (slot) this.send(slot, job);
      else {
        this.queue.push(job);
        this.pump();
      }
    });
  }

  /**
   * @internal Runs `task` on worker `index` (0 … size − 1), after the jobs already given to it:
   * for work that keeps data in one worker between calls (K-means keeps its rows there). If that
   * worker dies, this job and the ones waiting for it fail with WORKER_FAILED.
   */
  runAt<T>(index: number, task: string, args: unknown, transfer: Transferable[], where: string): Promise<T> {
    if (this.closed) return Promise.reject(new EbmError('DISPOSED', `${where}: the pool was closed`));
    const slot = this.slots[index];
    if (slot === undefined) return Promise.reject(new ArgumentError(`${where}: no worker ${index} in a pool of ${this.size}`));
    return new Promise<T>((resolve, reject) => {
      slot.own.push({ task, args, transfer, where, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job !== null || slot.waiting !== null) continue;
      if (slot.own.length > 0) this.send(slot, slot.own.shift()!);
      else if (this.queue.length > 0) this.send(slot, this.queue.shift()!);
    }
  }

  private send(slot: Slot, job: Job): void {
    if (slot.worker === null && !slot.spawning) {
      try {
        this.spawn(slot);
      } catch (e) {
        job.reject(e);
        return;
      }
    }
    if (!slot.ready) {
      slot.waiting = job;
      return;
    }
    slot.job = job;
    try {
      slot.worker!.ref?.();
      slot.worker!.postMessage({ type: 'job', id: this.nextId++, task: job.task, args: job.args }, job.transfer);
    } catch (e) {
      slot.job = null;
      job.reject(new EbmError('WORKER_FAILED', `${job.where}: could not send the work to a worker: ${(e as Error).message}`, { cause: e }));
      this.pump();
    }
  }

  private spawn(slot: Slot): void {
    const spawner = currentSpawner();
    if (spawner === null || this.module === null) throw new EbmError('WORKER_FAILED', 'this runtime cannot start workers');
    slot.ready = false;
    slot.spawning = true;
    const gen = ++slot.gen;
    const onMessage = (m: unknown): void => {
      if (slot.gen !== gen || this.closed) return; // a replaced worker's late message
      const msg = m as { type: string; result?: unknown; error?: { code?: string; name?: string; message?: string } };
      if (msg.type === 'ready') {
        slot.ready = true;
        const w = slot.waiting;
        slot.waiting = null;
        if (w) this.send(slot, w);
        else {
          slot.worker?.unref?.(); // an idle worker never keeps a Node process alive
          this.pump();
        }
        return;
      }
      const job = slot.job ?? slot.waiting;
      slot.job = null;
      slot.waiting = null;
      slot.worker?.unref?.();
      if (msg.type === 'done') job?.resolve(msg.result);
      else if (msg.type === 'error' || msg.type === 'init-error') {
        const e = msg.error ?? {};
        const code = CODES.includes(e.code as EbmErrorCode) ? (e.code as EbmErrorCode) : 'WORKER_FAILED';
        job?.reject(new EbmError(code, `${job.where}: in a worker: ${e.name && e.name !== 'EbmError' ? `${e.name}: ` : ''}${e.message ?? 'unknown error'}`));
        if (msg.type === 'init-error') this.retire(slot);
      }
      this.pump();
    };
    const onFailure = (why: string): void => {
      if (slot.gen !== gen || this.closed) return;
      this.retire(slot);
      const job = slot.job ?? slot.waiting;
      slot.job = null;
      slot.waiting = null;
      job?.reject(new EbmError('WORKER_FAILED', `${job.where}: a worker stopped (${why}); the pool starts a new one for the next call`));
      // jobs for this worker only would reach its replacement, which has none of their data
      for (const j of slot.own.splice(0)) j.reject(new EbmError('WORKER_FAILED', `${j.where}: a worker stopped (${why}) before this part of the work ran`));
      if (!this.closed) this.pump();
    };
    const started = (w: WorkerLike): void => {
      if (slot.gen !== gen || this.closed) {
        void w.terminate();
        return;
      }
      slot.spawning = false;
      slot.worker = w;
      try {
        w.postMessage({ type: 'init', module: this.module });
      } catch (e) {
        onFailure(`the compiled module could not be sent to it: ${(e as Error).message}`);
      }
    };
    try {
      const w = spawner.start(onMessage, onFailure);
      if (w instanceof Promise) w.then(started, (e: unknown) => onFailure(`it could not start: ${(e as Error).message}`));
      else started(w);
    } catch (e) {
      slot.spawning = false;
      throw new EbmError('WORKER_FAILED', `a worker could not start: ${(e as Error).message}`, { cause: e });
    }
  }

  private retire(slot: Slot): void {
    const w = slot.worker;
    slot.gen++;
    slot.spawning = false;
    slot.worker = null;
    slot.ready = false;
    try {
      w?.terminate();
    } catch {
      // already gone
    }
  }

  /** Stops every worker; calls waiting for one reject with DISPOSED. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new EbmError('DISPOSED', `${job.where}: the pool was closed`));
    for (const slot of this.slots) {
      const job = slot.job ?? slot.waiting;
      slot.job = null;
      slot.waiting = null;
      job?.reject(new EbmError('DISPOSED', `${job.where}: the pool was closed during the call`));
      for (const j of slot.own.splice(0)) j.reject(new EbmError('DISPOSED', `${j.where}: the pool was closed`));
      const w = slot.worker;
      slot.worker = null;
      try {
        await w?.terminate();
      } catch {
        // already gone
      }
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

if (typeof (Symbol as { asyncDispose?: symbol }).asyncDispose !== 'symbol') {
  // runtimes without it: the registered symbol that TypeScript's `await using` polyfills look for
  Object.defineProperty(Pool.prototype, Symbol.for('Symbol.asyncDispose'), {
    value(this: Pool) {
      return this.close();
    },
  });
}

/** Checks `workers` (a count ≥ 1 or 'auto') and returns the count this runtime gives. */
export function workerCount(workers: unknown, where: string): number {
  if (workers === 'auto') return Math.max(1, Math.min(AUTO_CAP, currentSpawner()?.cores() ?? 1));
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new ArgumentError(`${where}: workers must be an integer from 1 to ${MAX_WORKERS} or 'auto', got ${typeof workers === 'number' ? workers : typeof workers}`);
  }
  return workers;
}

/**
 * A pool of workers that long calls share through `{ pool }` (samplers' run, …). Resolves once
 * every worker has instantiated ebm.wasm. Where the runtime has no workers (workerd, Vercel
 * Edge, the inline entry) the pool has size 0 and calls run on the calling thread, with the same results.
 */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  const where = 'createPool';
  if (options === null || typeof options !== 'object') throw new ArgumentError(`${where}(options): expected an object, got ${options === null ? 'null' : typeof options}`);
  for (const k of Object.keys(options)) if (k !== 'workers') throw new ArgumentError(`${where}(options): unknown option '${k}'; known: workers`);
  const n = workerCount(options.workers ?? 'auto', where);
  kernels(where);
  const spawner = currentSpawner();
  if (spawner === null) return new Pool(0, null, noSpawnerReason());
  if (!(await (spawner.available?.() ?? true))) {
    return new Pool(0, null, "the worker's file (dist/parallel/worker.js) is not next to this code: a bundle that did not copy it");
  }
  const pool = new Pool(n, loadedModule());
  try {
    await pool.start(where);
  } catch (e) {
    await pool.close();
    // a worker that cannot even load (a bundler copied its file without the modules it imports):
    // the calling thread, as in a runtime without workers; `reason` says why
    if (e instanceof EbmError && e.code === 'WORKER_FAILED') return new Pool(0, null, `the workers could not start: ${e.message}`);
    throw e;
  }
  return pool;
}

// KMeansEBM.fit reaches its workers' code through this (kmeans-hook.ts): only an app that has the pool
// carries it, and the driver of the passes and the seeding (kmeans.ts) loads with the first fit on workers
setKMeansParallel({ checkParallel, withPool, remote: () => import('./kmeans.js') });
