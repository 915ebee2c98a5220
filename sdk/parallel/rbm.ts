// RBM.logPartition({ method: 'exact' }) on workers. The enumeration of the
// smaller layer's 2^u states runs in fixed blocks of 2^16 states
// (assembly/energies/rbmPartition.ts: every block's running sums start from
// scratch, so its (max, sum) depends on the block alone), and log Z folds the
// blocks' (max, sum) in block order (rbmExactFold). The calling thread folds
// the same blocks, so any number of workers gives its bits; up to 16 units it
// is one block, as before blocks.
import type { PortableEnergy } from '../energies/energy.js';
import { heapF32, heapF64, heapU8, kernels } from '../runtime/core.js';
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

// ---- RBM.fit: a minibatch's fixed blocks of RBM_BLOCK rows on the workers ----------------------
// Each minibatch cuts its rows (data rows and chains) into blocks of 64 (assembly/train/rbm.ts
// rbmBlockGrads); every block's Gibbs draws are its rows' of the whole minibatch and its partial
// gradient starts from zero, and the step sums the blocks in a fixed tree (rbmApplyStep). The
// calling thread runs the same blocks, so any number of workers gives its bits.

export interface RbmFitPartsArgs {
  /** Identifies the fit: a worker loads the model's file once per key, then takes only its parameters. */
  key: string;
  energy: PortableEnergy;
  /** The part's data rows (mb × V) and chains (nn × V; CD: none, the sweeps start at the rows). */
  vpos: Float32Array;
  mb: number;
  /** Visible units. */
  V: number;
  vneg: Float32Array;
  nn: number;
  /** The part's first row in the minibatch (a multiple of 64), the minibatch's rows and chains. */
  row0: number;
  mbAll: number;
  nnAll: number;
  B: number;
  bi: number;
  k: number;
  persistent: number;
  /** The epoch's Philox state (key and stream; not advanced). */
  rng: Uint8Array;
}

export interface RbmFitPartsResult {
  /** True when the worker no longer holds the fit's model (another call's replaced it): send the file again. */
  missing?: boolean;
  /** One partial gradient per block of the part, block after block (blocks × P). */
  G: Float32Array;
  /** The part's chains after the sweeps (nn × V). */
  vneg: Float32Array;
}

/** The worker's side: rbmBlockGrads on the part with the model at `m` (its parameters those of the step). */
export function rbmFitParts(a: RbmFitPartsArgs, m: number, where: string): RbmFitPartsResult {
  const K = kernels(where);
  const P = K.rbmNumParams(m);
  const nb = K.rbmBlocksOf(a.mb, a.nn);
  const blocks: WasmBlock[] = [];
  const block = (bytes: number): WasmBlock => {
    const b = new WasmBlock(Math.max(16, bytes), where);
    blocks.push(b);
    return b;
  };
  try {
    const vp = block(a.vpos.length * 4);
    const vn = block(Math.max(a.nn, a.mb) * a.V * 4);
    const rng = block(a.rng.length);
    const G = block(nb * P * 4);
    heapF32().set(a.vpos, vp.ptr >>> 2);
    heapF32().set(a.vneg, vn.ptr >>> 2);
    heapU8().set(a.rng, rng.ptr);
    K.rbmBlockGrads(m, vp.ptr, a.mb, vn.ptr, a.nn, a.row0, a.mbAll, a.nnAll, a.B, a.bi, a.k, a.persistent, rng.ptr, G.ptr);
    const f32 = heapF32();
    return { G: f32.slice(G.ptr >>> 2, (G.ptr >>> 2) + nb * P), vneg: a.persistent ? f32.slice(vn.ptr >>> 2, (vn.ptr >>> 2) + a.vneg.length) : new Float32Array(0) };
  } finally {
    blocks.forEach((b) => b.free());
  }
}
