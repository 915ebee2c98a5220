// MMD's sums in fixed blocks of MMD_BLOCK rows (assembly/core/mmd.ts): the
// blocks of the samples (their own pairs and the pairs across), then those of
// the data (their own pairs). Workers compute runs of blocks; the caller folds
// the partial sums in block order, as mmd2 does on one thread: the same bytes.
import { MMD_BLOCK } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';

/** One block: rows first … first + count − 1 of the samples (0) or of the data (1). */
export interface MmdUnit {
  of: 0 | 1;
  first: number;
  count: number;
}

/** The fixed blocks, the samples' then the data's, with the pairs each sums (its cost). */
export function mmdUnits(n: number, m: number): (MmdUnit & { pairs: number })[] {
  const out: (MmdUnit & { pairs: number })[] = [];
  for (const [of, rows, cross] of [[0, n, m], [1, m, 0]] as const) {
    for (let first = 0; first < rows; first += MMD_BLOCK) {
      const count = Math.min(MMD_BLOCK, rows - first);
      // Σ_i (rows − i − 1) over the block, plus the pairs across
      const own = count * (rows - first - 1) - (count * (count - 1)) / 2;
      out.push({ of, first, count, pairs: own + count * cross });
    }
  }
  return out;
}

/** Contiguous runs of the blocks of about equal pairs, one per worker (where the cuts fall changes no byte). */
export function mmdJobs(units: readonly (MmdUnit & { pairs: number })[], workers: number): MmdUnit[][] {
  const total = units.reduce((s, u) => s + u.pairs, 0);
  const jobs: MmdUnit[][] = [];
  let cur: MmdUnit[] = [];
  let done = 0;
  for (const u of units) {
    cur.push({ of: u.of, first: u.first, count: u.count });
    done += u.pairs;
    if (done >= (total * (jobs.length + 1)) / workers && jobs.length < workers - 1) {
      jobs.push(cur);
      cur = [];
    }
  }
  if (cur.length) jobs.push(cur);
  return jobs;
}

export interface MmdPartsArgs {
  A: Float32Array;
  n: number;
  B: Float32Array;
  m: number;
  d: number;
  bandwidth: number;
  units: MmdUnit[];
}

/** (own pairs, cross) sums per block of the job, in its order: f64[2 × units]. */
export function mmdParts(a: MmdPartsArgs, where: string): Float64Array {
  const K = kernels(where);
  const out = new Float64Array(2 * a.units.length);
  const A = new WasmBlock(Math.max(16, a.A.length * 4), where);
  const B = new WasmBlock(Math.max(16, a.B.length * 4), where);
  const o = new WasmBlock(16, where);
  try {
    heapF32().set(a.A, A.ptr >>> 2);
    heapF32().set(a.B, B.ptr >>> 2);
    a.units.forEach((u, k) => {
      if (u.of === 0) K.mmd2Block(o.ptr, A.ptr, a.n, B.ptr, a.m, a.d, a.bandwidth, u.first, u.count);
      else K.mmd2Block(o.ptr, B.ptr, a.m, 0, 0, a.d, a.bandwidth, u.first, u.count);
      out.set(o.f64(2), 2 * k);
    });
  } finally {
    o.free();
    B.free();
    A.free();
  }
  return out;
}
