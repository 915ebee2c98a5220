// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "K-means training in slices (the same bits as the one-piece kernels above)" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * K-means training in slices (the same bits as the one-piece kernels above)
 * W: work block of kmeansWorkBytes(k, d) bytes (KW_* header). S: seeding state block.
 */
export interface KMeansTrainingInSlicesExports {
  /**
   * kmeansWorkBytes(k, d) → f64 bytes of a work block
   *
   * Bytes of the work block for k centres of dimension d (f64, so an overflow cannot wrap).
   * (assembly/train/kmeansSlices.ts: kmeansWorkBytes(k: i32, d: i32): f64)
   */
  kmeansWorkBytes(k: number, d: number): number;
  /**
   * kmeansAssignSlice(W, X, i0, i1, d, C, k, labels i32[n], mind f32[n], accumulate) → running inertia (i0 = 0 starts a pass)
   *
   * Assigns rows [i0, i1) of X (n×d) to their nearest centre of C (k×d), as
   * kmeansAssign does for all rows: labels i32[n] in/out, mind f32[n] out. A
   * pass starts at i0 = 0, which clears the running inertia and change count in
   * the work block W (and, with accumulate ≠ 0, the sums and counts). With
   * accumulate ≠ 0 the rows are also added to their cluster's sums for a Lloyd
   * update (kmeansLloydFinish). Returns the running inertia.
   * (assembly/train/kmeansSlices.ts: kmeansAssignSlice(W: usize, X: usize, i0: i32, i1: i32, d: i32, C: usize, k: i32, labels: usize, mind: usize, accumulate: i32): f64)
   */
  kmeansAssignSlice(W: number, X: number, i0: number, i1: number, d: number, C: number, k: number, labels: number, mind: number, accumulate: number): number;
  /**
   * kmeansPartialBytes(k, d) → f64 bytes of one row block's partial (a work block's header, sums and counts)
   *
   * Bytes of one row block's partial: the work block's header, sums
   * f64[k·d] and counts i32[k], without the online region. kmeansAssignSlice
   * fills one when called with X, labels and mind offset to the block's first
   * row (so the block's first row is i0 = 0, which clears it).
   * (assembly/train/kmeansSlices.ts: kmeansPartialBytes(k: i32, d: i32): f64)
   */
  kmeansPartialBytes(k: number, d: number): number;
  /**
   * kmeansReducePartials(dst, src, k, d): dst += src (inertia, changed, sums, counts)
   *
   * dst += src for two partials (or work blocks) of k centres of dimension d:
   * inertia, labels changed, sums and counts. The SDK reduces the partials of
   * the fixed row blocks with this in one fixed tree order (sdk/models/kmeans-slices.ts),
   * so the result does not depend on which thread computed which block.
   * (assembly/train/kmeansSlices.ts: kmeansReducePartials(dst: usize, src: usize, k: i32, d: i32): void)
   */
  kmeansReducePartials(dst: number, src: number, k: number, d: number): void;
  /**
   * kmeansTreeBytes(k, d, blocks) → f64 bytes of a tree block T (a pass's partials in the fixed tree)
   *
   * Bytes of a tree block for a pass of `blocks` row blocks (k centres of dimension d).
   * (assembly/train/kmeansSlices.ts: kmeansTreeBytes(k: i32, d: i32, blocks: i32): f64)
   */
  kmeansTreeBytes(k: number, d: number, blocks: number): number;
  /**
   * kmeansTreeSlot(T, k, d) → where the next block's partial goes
   *
   * Where the next block's partial goes (fill it, e.g. by kmeansAssignSlice, then kmeansTreePush).
   * (assembly/train/kmeansSlices.ts: kmeansTreeSlot(T: usize, k: i32, d: i32): usize)
   */
  kmeansTreeSlot(T: number, k: number, d: number): number;
  /**
   * kmeansTreePush(T, k, d): adds that partial (blocks in order)
   *
   * Adds the partial in the next slot (the next block, in block order) to the tree.
   * (assembly/train/kmeansSlices.ts: kmeansTreePush(T: usize, k: i32, d: i32): void)
   */
  kmeansTreePush(T: number, k: number, d: number): void;
  /**
   * kmeansTreeFinish(T, W, k, d) → inertia: the root into the work block W
   *
   * Adds what is pending from the right (the root of the tree), writes its
   * inertia, labels changed, sums and counts into the work block W (not W's
   * other header fields, which an online epoch keeps) and empties the tree.
   * Returns the inertia.
   * (assembly/train/kmeansSlices.ts: kmeansTreeFinish(T: usize, W: usize, k: i32, d: i32): f64)
   */
  kmeansTreeFinish(T: number, W: number, k: number, d: number): number;
  /**
   * kmeansHasEmpty(W, k, d) → 1 when a cluster's count is 0
   *
   * 1 when a cluster of the work block W won no row in the last accumulating pass (count 0).
   * (assembly/train/kmeansSlices.ts: kmeansHasEmpty(W: usize, k: i32, d: i32): i32)
   */
  kmeansHasEmpty(W: number, k: number, d: number): number;
  /**
   * kmeansLloydFinish(W, C k×d in/out, X, n, d, k, labels, mind, stats f64[4]) → inertia
   *
   * Ends a Lloyd iteration whose rows all went through kmeansAssignSlice with
   * accumulate: re-seeds empty clusters, moves C (k×d) to the means and writes
   * stats f64[4] as kmeansLloydStep does. Returns the inertia.
   * (assembly/train/kmeansSlices.ts: kmeansLloydFinish(W: usize, C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize, stats: usize): f64)
   */
  kmeansLloydFinish(W: number, C: number, X: number, n: number, d: number, k: number, labels: number, mind: number, stats: number): number;
  /**
   * kmeansOnlineBegin(W, C, k, d, n, perm i32[n], rng): keep C, shuffle perm
   *
   * Starts an online epoch: keeps C (k×d) in W to measure the shift, and
   * shuffles perm (i32[n]) by Fisher–Yates from rng, as kmeansOnlineEpoch.
   * (assembly/train/kmeansSlices.ts: kmeansOnlineBegin(W: usize, C: usize, k: i32, d: i32, n: i32, perm: usize, rng: usize): void)
   */
  kmeansOnlineBegin(W: number, C: number, k: number, d: number, n: number, perm: number, rng: number): void;
  /**
   * kmeansOnlineBatches(W, C in/out, X, start, end, n, d, k, batchSize, lr, perm): the batches starting in [start, end)
   *
   * The minibatch steps of an online epoch for the batches starting at
   * start, start + batchSize, … below end (start a multiple of batchSize; the
   * epoch's order perm from kmeansOnlineBegin). Each batch is assigned with the
   * current prototypes, then each winner moves by lr·(2/B)·Σ(y − w).
   * (assembly/train/kmeansSlices.ts: kmeansOnlineBatches(W: usize, C: usize, X: usize, start: i32, end: i32, n: i32, d: i32, k: i32, batchSize: i32, lr: f32, perm: usize): void)
   */
  kmeansOnlineBatches(W: number, C: number, X: number, start: number, end: number, n: number, d: number, k: number, batchSize: number, lr: number, perm: number): void;
  /**
   * kmeansOnlineReseed(W, C in/out, X, n, d, k, labels, mind) → prototypes re-seeded
   *
   * After an online epoch's batches and one whole assignment pass (kmeansAssignSlice
   * without accumulate): keeps that pass's change count, and moves prototypes
   * that won no row to far rows (as kmeansOnlineEpoch). Returns how many moved;
   * when some did, the SDK assigns all rows again before kmeansOnlineFinish.
   * (assembly/train/kmeansSlices.ts: kmeansOnlineReseed(W: usize, C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize): i32)
   */
  kmeansOnlineReseed(W: number, C: number, X: number, n: number, d: number, k: number, labels: number, mind: number): number;
  /**
   * kmeansOnlineFinish(W, C, k, d, stats f64[4]) → inertia
   *
   * Ends an online epoch: stats f64[4] as kmeansOnlineEpoch writes them. Returns the inertia.
   * (assembly/train/kmeansSlices.ts: kmeansOnlineFinish(W: usize, C: usize, k: i32, d: i32, stats: usize): f64)
   */
  kmeansOnlineFinish(W: number, C: number, k: number, d: number, stats: number): number;
  /**
   * columnVarianceSlice(acc f64[3·d] zeroed, X n×d, n, d, i0, i1, pass 0 | 1): rows i0 … i1 − 1 of one pass
   *
   * Rows [i0, i1) of one pass of core/stats.ts meanColumnVariance, row by row
   * (that function walks X column by column: at 100 000 rows one column is a
   * strided pass of tens of milliseconds). acc f64[3·d], zeroed: the column
   * sums, the sums of squared deviations, and room for the means. Pass 0 adds x to the sums; pass 1 (after
   * every row went through pass 0) adds (x − mean)², mean = sum / n. Each sum
   * takes its rows in order, so columnVarianceMean gives meanColumnVariance's bits.
   * (assembly/train/kmeansSlices.ts: columnVarianceSlice(acc: usize, X: usize, n: i32, d: i32, i0: i32, i1: i32, pass: i32): void)
   */
  columnVarianceSlice(acc: number, X: number, n: number, d: number, i0: number, i1: number, pass: number): void;
  /**
   * columnVarianceMean(acc f64[3·d], n, d) → f64: meanColumnVariance(X) after both passes over all rows
   *
   * meanColumnVariance from acc f64[3·d] after both passes of columnVarianceSlice over all n rows.
   * (assembly/train/kmeansSlices.ts: columnVarianceMean(acc: usize, n: i32, d: i32): f64)
   */
  columnVarianceMean(acc: number, n: number, d: number): number;
  /**
   * kmeansSeedStateBytes(k, trials) → f64 bytes of a seeding state block
   *
   * Bytes of the state block for k centres and `trials` candidates each.
   * (assembly/train/kmeansSeed.ts: kmeansSeedStateBytes(k: i32, trials: i32): f64)
   */
  kmeansSeedStateBytes(k: number, trials: number): number;
  /**
   * kmeansSeedBegin(S, C k×d, X n×d, n, d, k, trials, rng, closest f32[n], cand f32[trials·n], cum f64[n])
   *
   * Starts k-means++ seeding of C (k×d) from X (n×d) with `trials` local trials,
   * as kmeansPlusPlus: draws every random number it will need from rng (advanced
   * as kmeansPlusPlus advances it) and sets the first centre. closest f32[n],
   * cand f32[trials·n] and cum f64[n] are its work arrays; S its state block
   * (kmeansSeedStateBytes). Then call kmeansSeedStep until it returns 1.
   * (assembly/train/kmeansSeed.ts: kmeansSeedBegin(S: usize, C: usize, X: usize, n: i32, d: i32, k: i32, trials: i32, rng: usize, closest: usize, cand: usize, cum: usize): void)
   */
  kmeansSeedBegin(S: number, C: number, X: number, n: number, d: number, k: number, trials: number, rng: number, closest: number, cand: number, cum: number): void;
  /**
   * kmeansSeedStep(S, work f64) → 1 when all k centres are chosen
   *
   * Advances the seeding by about `work` units (one unit: one coordinate of a
   * squared distance, or one row of the cumulative sum). Returns 1 once all k
   * centres are in C, else 0.
   * (assembly/train/kmeansSeed.ts: kmeansSeedStep(S: usize, work: f64): i32)
   */
  kmeansSeedStep(S: number, work: number): number;
  /**
   * kmeansSeedUniform(S, c, t) → f64: the uniform drawn for candidate t of centre c (after kmeansSeedBegin)
   *
   * The uniform kmeansSeedBegin drew for candidate t (0 … trials − 1) of centre c (1 … k − 1):
   * the seeding on workers (kmeansSeedRows.ts) draws its candidates with the same numbers.
   * (assembly/train/kmeansSeed.ts: kmeansSeedUniform(S: usize, c: i32, t: i32): f64)
   */
  kmeansSeedUniform(S: number, c: number, t: number): number;
  /**
   * kmeansSeedRows(X rows×d, rows, d, Y m×d, m, closest f32[rows], cand f32[m·rows]): m = 0 closest = D² to Y; else each candidate's min
   *
   * Distances to new centres for rows of X (rows×d). m = 0: closest[i] = |x_i − y|²
   * (the first centre, Y one row). m ≥ 1: cand[t·rows + i] = min(closest[i], |x_i − y_t|²)
   * for the m candidate rows of Y (m×d).
   * (assembly/train/kmeansSeedRows.ts: kmeansSeedRows(X: usize, rows: i32, d: i32, Y: usize, m: i32, closest: usize, cand: usize): void)
   */
  kmeansSeedRows(X: number, rows: number, d: number, Y: number, m: number, closest: number, cand: number): void;
  /**
   * kmeansSeedSum(v f32[rows], rows, acc f64) → f64: acc plus v in row order
   *
   * acc + v[0] + … + v[rows − 1], added one by one in f64 in row order (the step's running sums).
   * (assembly/train/kmeansSeedRows.ts: kmeansSeedSum(v: usize, rows: i32, acc: f64): f64)
   */
  kmeansSeedSum(v: number, rows: number, acc: number): number;
  /**
   * kmeansSeedFind(v f32[rows], rows, acc f64, targets f64[m] ascending, m, out i32[m]): each target's first row whose running sum exceeds it, or −1
   *
   * For each of m targets in ascending order (f64[m]), the first i < rows whose running sum
   * acc + v[0] + … + v[i] (as kmeansSeedSum) exceeds it, or −1, into out i32[m]: the step's search
   * of the cumulative sums, on this run of rows, in one pass.
   * (assembly/train/kmeansSeedRows.ts: kmeansSeedFind(v: usize, rows: i32, acc: f64, targets: usize, m: i32, out: usize): void)
   */
  kmeansSeedFind(v: number, rows: number, acc: number, targets: number, m: number, out: number): void;
}

/** The number of parameters of each export above. */
export const kMeansTrainingInSlicesArity = {
  kmeansWorkBytes: 2,
  kmeansAssignSlice: 10,
  kmeansPartialBytes: 2,
  kmeansReducePartials: 4,
  kmeansTreeBytes: 3,
  kmeansTreeSlot: 3,
  kmeansTreePush: 3,
  kmeansTreeFinish: 4,
  kmeansHasEmpty: 3,
  kmeansLloydFinish: 9,
  kmeansOnlineBegin: 7,
  kmeansOnlineBatches: 11,
  kmeansOnlineReseed: 8,
  kmeansOnlineFinish: 5,
  columnVarianceSlice: 7,
  columnVarianceMean: 3,
  kmeansSeedStateBytes: 2,
  kmeansSeedBegin: 11,
  kmeansSeedStep: 2,
  kmeansSeedUniform: 3,
  kmeansSeedRows: 7,
  kmeansSeedSum: 3,
  kmeansSeedFind: 6,
} as const;

/** The exports above whose result is a usize or u32. */
export const kMeansTrainingInSlicesUnsigned = ['kmeansTreeSlot'] as const;
