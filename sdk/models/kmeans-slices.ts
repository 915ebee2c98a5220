// The long parts of a K-means fit (k-means++ seeding, the column variance
// behind tol, each Lloyd iteration, each online epoch, the final assignment)
// as sequences of short WASM calls with a polite pause between them: a page's
// main thread never runs one piece of the fit for more than a few milliseconds.
// The kernels (assembly/train/kmeansSlices.ts, kmeansSeed.ts) carry every
// running sum in a block in the one-piece order, so the bits never depend on
// how the work is cut: only the timing decides the slice sizes.
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
  constructor(private readonly K: Kernels, private readonly b: FitBlocks, private readonly pacer: Pick<RunContext<unknown>, 'tick'>) {
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

  /** k-means++ into C with the rng block, as kmeansPlusPlus; blocks: S, closest, cand, cum. */
  async seed(trials: number, rng: number, S: number, closest: number, cand: number, cum: number): Promise<void> {
    const { K, b } = this;
    K.kmeansSeedBegin(S, b.C, b.X, b.n, b.d, b.k, trials, rng, closest, cand, cum);
    for (;;) {
      const units = fixedSlices.units > 0 ? fixedSlices.units * b.d : this.seedWork.next();
      const t0 = now();
      const done = K.kmeansSeedStep(S, units);
      this.seedWork.took(units, now() - t0);
      await this.pacer.tick();
      if (done === 1) return;
    }
  }

  /** One pass over the rows: assign (and with accumulate, sum for the Lloyd update). Returns the inertia. */
  async assign(accumulate: boolean): Promise<number> {
    const { K, b } = this;
    let inertia = 0;
    for (let i = 0; i < b.n;) {
      const i1 = Math.min(b.n, i + this.rows.next());
      const t0 = now();
      inertia = K.kmeansAssignSlice(b.work, b.X, i, i1, b.d, b.C, b.k, b.labels, b.mind, accumulate ? 1 : 0);
      this.rows.took(i1 - i, now() - t0);
      i = i1;
      await this.pacer.tick();
    }
    return inertia;
  }

  /** One Lloyd iteration, as kmeansLloydStep (stats written). Returns the inertia. */
  async lloyd(): Promise<number> {
    const { K, b } = this;
    await this.assign(true);
    return K.kmeansLloydFinish(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind, b.stats);
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
    await this.assign(false);
    if (K.kmeansOnlineReseed(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind) > 0) await this.assign(false);
    return K.kmeansOnlineFinish(b.work, b.C, b.k, b.d, b.stats);
  }
}
