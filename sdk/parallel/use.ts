// `{ workers }` and `{ pool }` on long calls: which pool a call uses, and when
// it is worth one. A call given `workers: n` starts a pool for itself and
// closes it after (a shared pool from createPool saves the start-up, about
// one instantiation of ebm.wasm per worker).
import { ArgumentError, EbmError } from '../errors.js';
import { canSpawn, createPool, Pool, workerCount } from './pool.js';

export interface ParallelOptions {
  /** Run on this many workers (or 'auto': the logical cores, at most 8), in a pool started for this call. Same results as without. */
  workers?: number | 'auto';
  /** Run on the workers of a pool from `createPool` (shared between calls). Same results as without. */
  pool?: Pool;
}

let runKeys = 0;

/** A key for one run's energy, unique in this thread (a worker keeps the energy of the last key it saw). */
export function nextRunKey(): string {
  return `run${++runKeys}`;
}

/** Checks `workers` and `pool`; returns what the call asked for, or null for the calling thread. */
export function checkParallel(o: ParallelOptions, where: string): { pool: Pool } | { workers: number } | null {
  if (o.workers !== undefined && o.pool !== undefined) throw new ArgumentError(`${where}: give workers or pool, not both`);
  if (o.pool !== undefined) {
    if (!(o.pool instanceof Pool)) throw new ArgumentError(`${where}: pool must come from createPool(), got ${o.pool === null ? 'null' : typeof o.pool}`);
    if (o.pool.isClosed) throw new EbmError('DISPOSED', `${where}: pool was closed`);
    return { pool: o.pool };
  }
  if (o.workers !== undefined) return { workers: workerCount(o.workers, where) };
  return null;
}

/**
 * Runs `body` with the pool asked for (null: the calling thread, also where the runtime has no
 * workers or `worth` is false); a pool started for the call is closed after it.
 */
export async function withPool<T>(asked: ReturnType<typeof checkParallel>, worth: boolean, where: string, body: (pool: Pool | null) => Promise<T>): Promise<T> {
  if (asked === null || !worth || !canSpawn()) return body(null);
  if ('pool' in asked) {
    if (asked.pool.isClosed) throw new EbmError('DISPOSED', `${where}: pool was closed`);
    return body(asked.pool.size > 0 ? asked.pool : null);
  }
  const pool = await createPool({ workers: asked.workers });
  try {
    return await body(pool.size > 0 ? pool : null);
  } finally {
    await pool.close();
  }
}
