// Grid maximum likelihood in fixed blocks: the unit of its parallel work. The
// grid's points and the step's data rows are cut into blocks of GRID_BLOCK
// (the last ones shorter), whatever the number of workers; a worker computes
// each block's partial gradient on its own (assembly/train/gridml.ts), and the
// caller folds them in block order, as gridNllGrad does on one thread: so 1,
// 2, 3 or 8 workers, and the calling thread, give the same bytes.
import { GRID_BLOCK } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';

/** The grid of a step: bounds, points per axis, inverse temperature. */
export interface GridSpec {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  R: number;
  beta: number;
}

/** Blocks of the work of one step: the grid's, then the data's (first point or row of each). */
export interface GridUnits {
  grid: number[];
  data: number[];
}

/** The fixed blocks of an R×R grid and of n data rows. */
export function gridUnits(R: number, n: number): GridUnits {
  const grid: number[] = [];
  const data: number[] = [];
  for (let g = 0; g < R * R; g += GRID_BLOCK) grid.push(g);
  for (let i = 0; i < n; i += GRID_BLOCK) data.push(i);
  return { grid, data };
}

/** Most blocks in one job: bounds the partial gradients in flight (one f32[numParams] per block). */
export const MAX_BLOCKS_PER_JOB = 32;

/**
 * Contiguous runs of the blocks (the grid's then the data's, numbered 0 … total − 1), as even as
 * whole blocks allow, at least one per worker and at most MAX_BLOCKS_PER_JOB blocks each. Where
 * the cuts fall changes no byte: every block is computed on its own and folded in block order.
 */
export function gridJobs(total: number, workers: number): { first: number; count: number }[] {
  const n = Math.min(total, Math.max(workers, Math.ceil(total / MAX_BLOCKS_PER_JOB)));
  const out: { first: number; count: number }[] = [];
  for (let g = 0; g < n; g++) {
    const a = Math.floor((g * total) / n);
    const b = Math.floor(((g + 1) * total) / n);
    out.push({ first: a, count: b - a });
  }
  return out;
}

export interface GridPartsArgs {
  /** Identifies the model of this run: a worker rebuilds it once per key. */
  key: string;
  numParams: number;
  spec: GridSpec;
  /** First point of each grid block of this job. */
  grid: number[];
  /** The rows (×2) of this job's data blocks, one after the other, and each block's row count. */
  data: Float32Array | null;
  dataCounts: number[];
}

export interface GridPartsResult {
  /** One f32[numParams] partial per block: the grid's blocks, then the data's. */
  G: Float32Array;
  /** (least energy, exp-sum) per grid block, then Σ F per data block. */
  stats: Float64Array;
}

/** The partials of the blocks of one job with the learnable model at `desc` (a worker's, or this thread's). */
export function gridParts(desc: number, a: Omit<GridPartsArgs, 'key'>, where: string): GridPartsResult {
  const K = kernels(where);
  const P = a.numParams;
  const s = a.spec;
  const m = s.R * s.R;
  const ng = a.grid.length;
  const out = new Float32Array((ng + a.dataCounts.length) * P);
  const stats = new Float64Array(2 * ng + a.dataCounts.length);
  const G = new WasmBlock(P * 4, where);
  const st = new WasmBlock(16, where);
  const work = new WasmBlock(GRID_BLOCK * 16, where);
  const Y = a.data && a.data.length > 0 ? new WasmBlock(a.data.length * 4, where) : null;
  try {
    for (let k = 0; k < ng; k++) {
      const first = a.grid[k]!;
      K.gridBlockGrad(desc, G.ptr, st.ptr, first, Math.min(GRID_BLOCK, m - first), s.xMin, s.xMax, s.yMin, s.yMax, s.R, s.beta, work.ptr);
      out.set(G.f32(P), k * P);
      const f = st.f64(2);
      stats[2 * k] = f[0]!;
      stats[2 * k + 1] = f[1]!;
    }
    if (Y) heapF32().set(a.data!, Y.ptr >>> 2);
    let row = 0;
    for (let d = 0; d < a.dataCounts.length; d++) {
      const count = a.dataCounts[d]!;
      stats[2 * ng + d] = K.gridDataGrad(desc, G.ptr, Y!.ptr + row * 8, count, work.ptr);
      out.set(G.f32(P), (ng + d) * P);
      row += count;
    }
  } finally {
    Y?.free();
    work.free();
    st.free();
    G.free();
  }
  return { G: out, stats };
}
