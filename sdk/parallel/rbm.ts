// RBM.logPartition({ method: 'exact' }) on workers. The enumeration of the
// smaller layer's 2^u states runs in fixed blocks of 2^16 states
// (assembly/energies/rbmPartition.ts: every block's running sums start from
// scratch, so its (max, sum) depends on the block alone), and log Z folds the
// blocks' (max, sum) in block order (rbmExactFold). The calling thread folds
// the same blocks, so any number of workers gives its bits; up to 16 units it
// is one block, as before blocks.
import type { PortableEnergy } from '../energies/energy.js';
import { heapF64, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { now } from '../util/runner.js';
import type { Pool } from './pool.js';

export interface RbmExactArgs {
  /** Identifies the model of this call: a worker loads its file once per key. */
  key: string;
  energy: PortableEnergy;
  first: number;
  count: number;
}

/** The worker's side: blocks first … first + count − 1 of the model at `m`, as f64 (max, sum) pairs. */
export function rbmExactParts(a: RbmExactArgs, m: number, where: string): Float64Array {
  const K = kernels(where);
  const out = new WasmBlock(Math.max(16, a.count * 16), where);
  try {
    K.rbmExactPartial(m, a.first, a.count, out.ptr);
    return heapF64().slice(out.ptr >>> 3, (out.ptr >>> 3) + 2 * a.count);
  } finally {
    out.free();
  }
}

/**
 * All `nb` blocks on the workers of `pool`, in rounds of one job per worker; a job's blocks grow
 * until a round takes ~40–160 ms, and the signal is checked (and the event loop served) between
 * rounds. Returns the (max, sum) pairs in block order.
 */
export async function rbmExactOnWorkers(pool: Pool, key: string, energy: PortableEnergy, nb: number, run: { tick(): Promise<void> }, where: string): Promise<Float64Array> {
  const parts = new Float64Array(2 * nb);
  let next = 0;
  let per = 1;
  while (next < nb) {
    const t0 = now();
    const jobs: Promise<void>[] = [];
    for (let w = 0; w < pool.size && next < nb; w++) {
      const first = next;
      const count = Math.min(per, nb - first);
      next += count;
      jobs.push(pool.run<Float64Array>('rbmExactParts', { key, energy, first, count } satisfies RbmExactArgs, [], where).then((r) => parts.set(r, 2 * first)));
    }
    await Promise.all(jobs);
    const dt = now() - t0;
    if (dt < 40) per *= 2;
    else if (dt > 160 && per > 1) per >>= 1;
    if (next < nb) await run.tick();
  }
  return parts;
}
