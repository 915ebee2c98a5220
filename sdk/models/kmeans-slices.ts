// The long parts of a K-means fit (k-means++ seeding, the column variance
// behind tol, each Lloyd iteration, each online epoch, the final assignment)
// as sequences of short WASM calls with a polite pause between them: a page's
// main thread never runs one piece of the fit for more than a few milliseconds.
// The kernels (assembly/train/kmeansSlices.ts, kmeansSeed.ts) carry every
// running sum in a block in the one-piece order, so the bits never depend on
// how the work is cut: only the timing decides the slice sizes.
//
// A Lloyd pass (and a Lloyd fit's final assignment) works in fixed blocks of
// KMEANS_BLOCK rows (issue 15): each block's inertia, label changes and
// per-cluster sums and counts start from zero and take its rows in order, and
// the blocks' partials are added in one fixed binary tree over the block
// index. Workers (sdk/parallel/kmeans.ts) compute the same partials for their
// runs of blocks, so a fit gives the same bytes on the calling thread and on
// any number of workers. Up to KMEANS_BLOCK rows there is one block: the bits
// of the one-piece kernels.
import { heapF64, heapI32, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { KMEANS_STAT_RESEEDED } from '../runtime/abi.js';
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
 * The partials of the blocks of one pass, pushed in block order and added in the
 * fixed binary tree over block indices: node (L, i) is the sum of blocks
 * [i·2^L, (i + 1)·2^L), its left child plus its right child (when there is one).
 * A stack keeps the complete subtrees (at most log₂ of the blocks are alive);
 * finish() adds what is left from the right, which is that tree's root.
 */
export class PartialTree {
  private readonly stack: { level: number; block: WasmBlock }[] = [];
  private readonly spare: WasmBlock[] = [];
  readonly bytes: number;
  constructor(private readonly K: Kernels, private readonly k: number, private readonly d: number) {
    this.bytes = K.kmeansPartialBytes(k, d);
  }

  /** A block for the next partial: fill it, then push it. */
  take(): WasmBlock {
    return this.spare.pop() ?? new WasmBlock(this.bytes);
  }

  push(block: WasmBlock): void {
    let node = { level: 0, block };
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined || top.level !== node.level) break;
      this.stack.pop();
      this.K.kmeansReducePartials(top.block.ptr, node.block.ptr, this.k, this.d);
      this.spare.push(node.block);
      node = { level: top.level + 1, block: top.block };
    }
    this.stack.push(node);
  }

  /** Writes the root (the whole pass) into the work block at `into`: its header, sums and counts. */
  finish(into: number): void {
    while (this.stack.length > 1) {
      const right = this.stack.pop()!;
      this.K.kmeansReducePartials(this.stack[this.stack.length - 1]!.block.ptr, right.block.ptr, this.k, this.d);
      this.spare.push(right.block);
    }
    const root = this.stack.pop()!;
    heapU8().copyWithin(into, root.block.ptr, root.block.ptr + this.bytes);
    this.spare.push(root.block);
  }

  free(): void {
    for (const b of this.spare.splice(0)) b.free();
    for (const s of this.stack.splice(0)) s.block.free();
  }
}

/**
 * A Lloyd pass's blocks on workers (sdk/parallel/kmeans.ts): kept apart so that an
 * app that never uses workers does not carry the pool (the bundle budget).
 */
export interface RemoteBlocks {
  /** One pass with the centres in C: the partials in block order. With `rows`, this thread's labels and distances are brought up to date too. */
  pass(accumulate: boolean, rows: boolean): Promise<Uint8Array[]>;
  /** Brings this thread's labels and distances up to date (empty clusters are re-seeded here, from every row). */
  fetchRows(): Promise<void>;
  /** This thread changed the labels (a restart's start, a re-seeding): the next pass sends them. */
  labelsChanged(): void;
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
  private readonly tree: PartialTree;
  /** Set when the Lloyd passes run on workers. */
  remote: RemoteBlocks | null = null;
  constructor(private readonly K: Kernels, private readonly b: FitBlocks, private readonly pacer: Pick<RunContext<unknown>, 'tick'>) {
    this.tree = new PartialTree(K, b.k, b.d);
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

  /**
   * One pass over the rows in the fixed blocks, on this thread or the workers: assign (and with
   * accumulate, sum for the Lloyd update); the blocks' partials go through the tree into the work
   * block. With `rows`, this thread's labels and distances are up to date after it (they always
   * are on this thread). Returns the inertia.
   */
  async assignBlocks(accumulate: boolean, rows: boolean): Promise<number> {
    const { K, b, tree } = this;
    if (this.remote) {
      for (const bytes of await this.remote.pass(accumulate, rows)) {
        const P = tree.take();
        heapU8().set(bytes, P.ptr);
        tree.push(P);
      }
    } else {
      const xBytes = b.d * 4;
      for (let r0 = 0; r0 < b.n; r0 += KMEANS_BLOCK) {
        const len = Math.min(KMEANS_BLOCK, b.n - r0);
        const P = tree.take();
        try {
          // X, labels and mind from the block's first row: its first slice has i0 = 0, which clears the partial
          for (let i = 0; i < len;) {
            const i1 = Math.min(len, i + this.rows.next());
            const t0 = now();
            K.kmeansAssignSlice(P.ptr, b.X + r0 * xBytes, i, i1, b.d, b.C, b.k, b.labels + r0 * 4, b.mind + r0 * 4, accumulate ? 1 : 0);
            this.rows.took(i1 - i, now() - t0);
            i = i1;
            await this.pacer.tick();
          }
        } catch (e) {
          P.free();
          throw e;
        }
        tree.push(P);
      }
    }
    tree.finish(b.work);
    return heapF64()[b.work >>> 3]!; // KW_INERTIA, the first field of the header
  }

  /** One Lloyd iteration, as kmeansLloydStep (stats written) with its sums in the fixed blocks. Returns the inertia. */
  async lloyd(): Promise<number> {
    const { K, b } = this;
    await this.assignBlocks(true, false);
    if (this.remote && this.hasEmptyCluster()) await this.remote.fetchRows(); // re-seeding reads every row's label and distance
    const inertia = K.kmeansLloydFinish(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind, b.stats);
    if (this.remote && heapF64()[(b.stats + KMEANS_STAT_RESEEDED) >>> 3]! > 0) this.remote.labelsChanged();
    return inertia;
  }

  /** True when a cluster won no row in the last accumulating pass (its count in the work block is 0). */
  private hasEmptyCluster(): boolean {
    const { b } = this;
    // counts i32[k] end the partial's layout, 16-byte aligned
    const at = (b.work + this.tree.bytes - Math.ceil((b.k * 4) / 16) * 16) >>> 2;
    return heapI32().subarray(at, at + b.k).includes(0);
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
    await this.assign(false);
    if (K.kmeansOnlineReseed(b.work, b.C, b.X, b.n, b.d, b.k, b.labels, b.mind) > 0) await this.assign(false);
    return K.kmeansOnlineFinish(b.work, b.C, b.k, b.d, b.stats);
  }
}
