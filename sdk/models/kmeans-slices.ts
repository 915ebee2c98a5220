// The long parts of a K-means fit (k-means++ seeding, the column variance
// behind tol, each Lloyd iteration, each online epoch, the final assignment)
// as sequences of short WASM calls with a polite pause between them: a page's
// main thread never runs one piece of the fit for more than a few milliseconds.
// The kernels (assembly/train/kmeansSlices.ts, kmeansSeed.ts) carry every
// running sum in a block in the one-piece order, so the bits never depend on
// how the work is cut: only the timing decides the slice sizes.
//
// A Lloyd pass (and a Lloyd fit's final assignment) works in fixed blocks of
// KMEANS_BLOCK rows: each block's inertia, label changes and
// per-cluster sums and counts start from zero and take its rows in order, and
// the blocks' partials are added in one fixed binary tree over the block
// index (kmeansTreePush / kmeansTreeFinish in assembly/train/kmeansSlices.ts).
// Workers (sdk/parallel/kmeans.ts) compute the same partials for their runs of
// blocks, so a fit gives the same bytes on the calling thread and on any
// number of workers. Up to KMEANS_BLOCK rows there is one block: the bits
// of the one-piece kernels.
import { kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { now, type RunContext } from '../util/runner.js';

type Kernels = ReturnType<typeof kernels>;

/** Milliseconds one WASM call aims at: with the run loop's ~40 ms between yields, no task exceeds ~50 ms. */
const SLICE_MS = 6;

/**
 * @internal For tests: when `units` > 0, every slice takes exactly that many
 * rows (seeding: rows of distances; online: that many rows' worth of batches), to prove the
 * bits do not depend on the cut.
 */
export const fixedSlices = { units: 0 };

/** Sizes slices of one kind of work from the time the last one took. */
class Slicer {
  private size: number;
  constructor(first: number, private readonly max: number) {
    this.size = Math.max(1, Math.min(max, Math.floor(first)));
  }

  next(): number {
    return fixedSlices.units > 0 ? Math.min(this.max, fixedSlices.units) : this.size;
  }

  /** Grows quickly while calls are too short to time, then aims at SLICE_MS. */
  took(units: number, ms: number): void {
    const want = ms < 0.5 ? units * 4 : (units * SLICE_MS) / ms;
    this.size = Math.max(1, Math.min(this.max, Math.floor(Math.min(want, units * 4))));
  }
}

/** Rows in a block of a Lloyd pass: fixed, whatever the number of workers (it decides the summation order). */
export const KMEANS_BLOCK = 4096;

/**
 * A Lloyd pass's blocks on workers (sdk/parallel/kmeans.ts): kept apart so that an
 * app that never uses workers does not carry the pool (the bundle budget).
 */
export interface RemoteBlocks {
  /** One pass with the centres in C: the partials pushed into the tree block T in block order. With `rows`, this thread's labels and distances are brought up to date too. */
  pass(accumulate: boolean, rows: boolean, T: number): Promise<void>;
  /** Before the centre update: brings this thread's labels and distances up to date if a cluster is empty (re-seeding reads every row). */
  beforeUpdate(): Promise<void>;
  /** After it: the labels changed if clusters were re-seeded. */
  afterUpdate(): void;
  /** This thread changed the labels (a restart's start): the next pass sends them. */
  labelsChanged(): void;
  /** k-means++ into C on the workers, after kmeansSeedBegin(S, …) here, with the bits of kmeansSeedStep. */
  seed(trials: number, S: number, tick: () => Promise<void>): Promise<void>;
}

/** Where a fit's data and work blocks are (byte offsets) and its sizes. */
export interface FitBlocks {
  X: number;
  n: number;
  d: number;
  k: number;
  C: number;
  labels: number;
  mind: number;
  stats: number;
  /** kmeansWorkBytes(k, d) bytes. */
  work: number;
}

/** One fit's slicers, so what one restart learned about the machine serves the next. */
export class FitSlices {
  private readonly rows: Slicer;
  private readonly seedWork: Slicer;
  private readonly batches: Slicer;
  /** The tree block (kmeansTreeBytes) that adds a pass's block partials in the fixed order. */
  private readonly tree: WasmBlock;
  /** Set when the Lloyd passes run on workers. */
  remote: RemoteBlocks | null = null;
  constructor(private readonly K: Kernels, private readonly b: FitBlocks, private readonly pacer: Pick<RunContext<unknown>, 'tick'>) {
    this.tree = new WasmBlock(K.kmeansTreeBytes(b.k, b.d, Math.ceil(b.n / KMEANS_BLOCK)));
    // first slices of ~2·10⁵ multiply-adds: well under a millisecond anywhere
    const rowCost = Math.max(1, b.k * b.d);
    this.rows = new Slicer(2e5 / rowCost, b.n);
    this.seedWork = new Slicer(2e5, Number.MAX_SAFE_INTEGER);
    this.batches = new Slicer(1, Math.max(1, b.n));
  }

  /** meanColumnVariance(X) with its bits, in slices of rows (two passes: sums, then squared deviations). */
  async meanColumnVariance(): Promise<number> {
    const { K, b } = this;
    const acc = new WasmBlock(b.d * 3 * 8);
    try {
      // a row here costs about d/(k·d) of an assignment row: its own slicer
      const rows = new Slicer(2e5 / Math.max(1, b.d), b.n);
      for (const pass of [0, 1]) {
        for (let i = 0; i < b.n;) {
          const i1 = Math.min(b.n, i + rows.next());
          const t0 = now();
          K.columnVarianceSlice(acc.ptr, b.X, b.n, b.d, i, i1, pass);
          rows.took(i1 - i, now() - t0);
          i = i1;
          await this.pacer.tick();
        }
      }
      return K.columnVarianceMean(acc.ptr, b.n, b.d);
    } finally {
      acc.free();
    }
  }

  /**
   * k-means++ into C with the rng block, as kmeansPlusPlus; blocks: S, closest, cand, cum. `onWorkers`:
   * the distances and sums on the remote blocks' workers (the same bits).
   */
  async seed(trials: number, rng: number, S: number, closest: number, cand: number, cum: number, onWorkers = false): Promise<void> {
    const { K, b } = this;
    K.kmeansSeedBegin(S, b.C, b.X, b.n, b.d, b.k, trials, rng, closest, cand, cum);
    if (onWorkers && this.remote) return this.remote.seed(trials, S, () => this.pacer.tick());
    for (;;) {
      const units = fixedSlices.units > 0 ? fixedSlices.units * b.d : this.seedWork.next();
      const t0 = now();
      const done = K.kmeansSeedStep(S, units);
      this.seedWork.took(units, now() - t0);
      await this.pacer.tick();
      if (done === 1) return;
    }
  }

  /**
   * One pass over the rows in the fixed blocks, on this thread or the workers: assign (and with
   * accumulate, sum for the Lloyd update); the blocks' partials go through the tree into the work
   * block. With `rows`, this thread's labels and distances are up to date after it (they always
   * are on this thread). `block` = n (the online algorithm) is one pass in the one-piece order.
   * Returns the inertia.
   */
  async assignBlocks(accumulate: boolean, rows: boolean, block = KMEANS_BLOCK): Promise<number> {
    const { K, b } = this;
    const T = this.tree.ptr;
    if (this.remote) await this.remote.pass(accumulate, rows, T);
    else {
      for (let r0 = 0; r0 < b.n; r0 += block) {
        const len = Math.min(block, b.n - r0);
        // X, labels and mind from the block's first row: its first slice has i0 = 0, which clears the partial
        for (let i = 0; i < len;) {
          const i1 = Math.min(len, i + this.rows.next());
          const t0 = now();
          K.kmeansAssignSlice(K.kmeansTreeSlot(T, b.k, b.d), b.X + r0 * b.d * 4, i, i1, b.d, b.C, b.k, b.labels + r0 * 4, b.mind + r0 * 4, accumulate ? 1 : 0);
          this.rows.took(i1 - i, now() - t0);
          i = i1;
          await this.pacer.tick();
        }
        K.kmeansTreePush(T, b.k, b.d);
      }
    }
    return K.kmeansTreeFinish(T, b.work, b.k, b.d);
  }

  /** One Lloyd iteration, as kmeansLloydStep (stats written) with its sums in the fixed blocks. Returns the inertia. */
  async lloyd(): Promise<number> {
    const { K, b } = this;
    await this.assignBlocks(true, false);
    await this.remote?.beforeUpdate();
    const inertia = K.kmeansLloydFinish(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind, b.stats);
    this.remote?.afterUpdate();
    return inertia;
  }

  /** Frees the tree's blocks. */
  free(): void {
    this.tree.free();
  }

  /** One online epoch, as kmeansOnlineEpoch (stats written). Returns the inertia. */
  async online(batchSize: number, lr: number, perm: number, rng: number): Promise<number> {
    const { K, b } = this;
    K.kmeansOnlineBegin(b.work, b.C, b.k, b.d, b.n, perm, rng);
    await this.pacer.tick();
    for (let start = 0; start < b.n;) {
      const count = fixedSlices.units > 0 ? Math.max(1, Math.floor(fixedSlices.units / batchSize)) : this.batches.next();
      const end = Math.min(b.n, start + count * batchSize);
      const t0 = now();
      K.kmeansOnlineBatches(b.work, b.C, b.X, start, end, b.n, b.d, b.k, batchSize, lr, perm);
      this.batches.took(count, now() - t0);
      start = end;
      await this.pacer.tick();
    }
    await this.assignBlocks(false, false, b.n);
    if (K.kmeansOnlineReseed(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind) > 0) await this.assignBlocks(false, false, b.n);
    return K.kmeansOnlineFinish(b.work, b.C, b.k, b.d, b.stats);
  }
}
