// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The ABI of ebm.wasm: its exports (signatures, docs, arities) and the numeric
// constants of assembly/ (block layouts, kinds, activations, losses, error codes).

/** The exports of ebm.wasm. Pointers are byte offsets into `memory`; see assembly/index.ts. */
export interface RawExports {
  memory: WebAssembly.Memory;

  // ---- memory and errors
  /**
   * alloc(bytes) → ptr (16-aligned, zeroed)
   *
   * Allocates `bytes` (≥ 1) bytes, 16-byte aligned, zero-filled. Returns the offset.
   * (assembly/core/memory.ts: alloc(bytes: usize): usize)
   */
  alloc(bytes: number): number;
  /**
   * free(ptr): give back a block from alloc
   *
   * Releases a block from `alloc`. Freeing 0 is a no-op.
   * (assembly/core/memory.ts: free(ptr: usize): void)
   */
  free(ptr: number): void;
  /**
   * firstNonFinite(ptr f32[n], n) → index of the first NaN/±Inf, or -1
   *
   * Index of the first non-finite f32 in `ptr[0..n)`, or -1 when all are finite.
   * (assembly/core/memory.ts: firstNonFinite(ptr: usize, n: i32): i32)
   */
  firstNonFinite(ptr: number, n: number): number;
  /**
   * errorCode() → the E_* code of the last abort (core/errors.ts)
   *
   * The code of the last `fail` (E_NONE after `clearError`).
   * (assembly/core/errors.ts: errorCode(): i32)
   */
  errorCode(): number;
  /**
   * errorDetail() → which argument or where, for the last abort
   *
   * An integer that says where or which argument (kernel specific).
   * (assembly/core/errors.ts: errorDetail(): i32)
   */
  errorDetail(): number;
  /**
   * clearError(): code and detail back to 0
   * (assembly/core/errors.ts: clearError(): void)
   */
  clearError(): void;

  // ---- RNG (Philox4x32-10)
  // A state is RNG_STATE_BYTES (32 B): key, stream, counter (layout in core/rng.ts).
  /**
   * philox4x32(out u32[4], c0..c3, k0, k1): one raw block (test vectors)
   *
   * Raw Philox4x32-10 of one block (for the published test vectors). Writes 4 words to `out`.
   * (assembly/core/rng.ts: philox4x32(out: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): usize)
   */
  philox4x32(out: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): number;
  /**
   * rngInit(state 32 B, seedLo, seedHi, stream) → state with counter 0
   *
   * Writes an RNG state for (seedLo, seedHi, stream) with counter 0.
   * (assembly/core/rng.ts: rngInit(state: usize, seedLo: u32, seedHi: u32, stream: u32): usize)
   */
  rngInit(state: number, seedLo: number, seedHi: number, stream: number): number;
  /**
   * rngU32(out u32[n], n, state): fill, advance state by ceil(n/4) blocks
   *
   * Fills `out[0..n)` (u32) with raw Philox words, block by block, and advances
   * the state's counter by ceil(n/4) blocks. Returns `out`.
   * (assembly/core/rng.ts: rngU32(out: usize, n: i32, state: usize): usize)
   */
  rngU32(out: number, n: number, state: number): number;
  /**
   * rngUniform(out f32[n], n, state): fill with [0, 1), advance state by ceil(n/4) blocks
   *
   * Uniform f32 in [0, 1): the top 24 bits of each word times 2^-24. Advances by ceil(n/4) blocks.
   * (Here and in the normals every converted integer is below 2^24, so the signed conversion, one
   * instruction on x64, gives the unsigned one's values; engines emulate the unsigned one in several.)
   * (assembly/core/rng.ts: rngUniform(out: usize, n: i32, state: usize): usize)
   */
  rngUniform(out: number, n: number, state: number): number;
  /**
   * rngNormal(out f32[n], n, state): fill with N(0, 1), advance state by ceil(n/4) blocks
   *
   * Standard normal f32: each block's words (w0,w1) and (w2,w3) give two
   * Box–Muller pairs, so four normals per block. Advances by ceil(n/4) blocks.
   * (assembly/core/rng.ts: rngNormal(out: usize, n: i32, state: usize): usize)
   */
  rngNormal(out: number, n: number, state: number): number;
  /**
   * rngNormalFast(out f32[n], n, state): f32 SIMD Box–Muller for samplers (|z| ≤ 5.9), same block use as rngNormal
   *
   * Standard normal f32 for samplers (fast, SIMD; see above), four per block,
   * advances the state by ceil(n/4) blocks. Returns out.
   * (assembly/core/rng.ts: rngNormalFast(out: usize, n: i32, state: usize): usize)
   */
  rngNormalFast(out: number, n: number, state: number): number;

  // ---- SIMD primitives
  // Twins in bench/baselines/primitives.ts.
  /**
   * dot(a f32[n], b f32[n], n) → f32
   *
   * Σ a[i]·b[i] for i < n, in f32: four lane sums over the multiples of four,
   * reduced as (l0 + l1) + (l2 + l3), then the scalar tail in order.
   * a, b: f32[n], any alignment.
   * (assembly/core/dot.ts: dot(a: usize, b: usize, n: i32): f32)
   */
  dot(a: number, b: number, n: number): number;
  /**
   * axpy(y f32[n], alpha, x f32[n], n): y += alpha·x
   *
   * y[i] += alpha·x[i] for i < n (f32, elementwise, so order-free). Returns y.
   * (assembly/core/axpy.ts: axpy(y: usize, alpha: f32, x: usize, n: i32): usize)
   */
  axpy(y: number, alpha: number, x: number, n: number): number;
  /**
   * gemv(y f32[m], A m×n, x f32[n], m, n): y = A·x
   *
   * y = A·x with A row-major m×n (f32), x f32[n], y f32[m]; each row reduces as `dot`. Returns y.
   * (assembly/core/gemv.ts: gemv(y: usize, A: usize, x: usize, m: i32, n: i32): usize)
   */
  gemv(y: number, A: number, x: number, m: number, n: number): number;
  /**
   * gemm(C m×n, A m×k, B k×n, m, k, n): C = A·B
   *
   * C = A·B, all row-major f32: A m×k, B k×n, C m×n (C must not alias A or B).
   * Lanes run over columns of C and every element sums over p = 0..k-1 in order,
   * so the result equals the plain triple loop in f32, bit for bit.
   * Returns C.
   * (assembly/core/gemm.ts: gemm(C: usize, A: usize, B: usize, m: i32, k: i32, n: i32): usize)
   */
  gemm(C: number, A: number, B: number, m: number, k: number, n: number): number;
  /**
   * sqdist(out n×k, X n×d, n, d, C k×d, k): squared distances
   *
   * out[i·k + j] = Σ_d (X[i,d] - C[j,d])² for X n×d and C k×d (row-major f32),
   * out n×k. Each entry sums coordinates in order (see distancesToCentres).
   * Returns out.
   * (assembly/core/sqdist.ts: sqdist(out: usize, X: usize, n: i32, d: i32, C: usize, k: i32): usize)
   */
  sqdist(out: number, X: number, n: number, d: number, C: number, k: number): number;
  /**
   * logsumexpRows(out f32[rows], A rows×cols, rows, cols)
   *
   * out[i] = log Σ_j exp(A[i,j]) for A row-major rows×cols (f32), out f32[rows].
   * The max uses SIMD (order-free); the sum runs in f64 in column order.
   * A row of all -Inf gives -Inf. Returns out.
   * (assembly/core/logsumexp.ts: logsumexpRows(out: usize, A: usize, rows: i32, cols: i32): usize)
   */
  logsumexpRows(out: number, A: number, rows: number, cols: number): number;

  // ---- K-means energy queries
  /**
   * kmeansEnergy(energy f32[n]|0, labels i32[n]|0, Y n×d, n, d, C k×d, k)
   *
   * Zero-temperature free energy F∞(y) = min_z E(y, z) and the winning z.
   * Y n×d, C k×d (f32, row-major); energy f32[n] (may be 0 to skip), labels i32[n] (may be 0).
   * (assembly/energies/kmeans.ts: kmeansEnergy(energy: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32): void)
   */
  kmeansEnergy(energy: number, labels: number, Y: number, n: number, d: number, C: number, k: number): void;
  /**
   * kmeansFreeEnergy(out f32[n], Y n×d, n, d, C k×d, k, beta f64)
   *
   * Free energy at inverse temperature β with a uniform prior over z:
   * F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β·E(y,z))), computed in f64 around the
   * minimum so it never overflows, so F∞ ≤ F_β ≤ mean_z E (limits: freeEnergyOf). out f32[n].
   * (assembly/energies/kmeans.ts: kmeansFreeEnergy(out: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, beta: f64): void)
   */
  kmeansFreeEnergy(out: number, Y: number, n: number, d: number, C: number, k: number, beta: number): void;
  /**
   * gatherRows(out n×d, C k×d, d, labels i32[n], n)
   *
   * out[i,:] = C[labels[i],:] (the winning prototype: the projection onto the learned manifold).
   * (assembly/energies/kmeans.ts: gatherRows(out: usize, C: usize, d: i32, labels: usize, n: i32): void)
   */
  gatherRows(out: number, C: number, d: number, labels: number, n: number): void;
  /**
   * kmeansComplete(out n×d, labels i32[n]|0, Y n×d, n, d, C k×d, k, mask u8[d])
   *
   * "Given y1, predict y2": for each row of Y pick the z minimizing the energy
   * over the known coordinates (mask u8[d], 1 = known) and fill the unknown
   * ones from that prototype. out n×d (may alias Y), labels i32[n] (may be 0).
   * (assembly/energies/kmeans.ts: kmeansComplete(out: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, mask: usize): void)
   */
  kmeansComplete(out: number, labels: number, Y: number, n: number, d: number, C: number, k: number, mask: number): void;
  /**
   * gridPoints(out f32[nx·ny·2], xMin, xMax, yMin, yMax f64, nx, ny)
   *
   * Points of a regular 2-D grid, row-major with y outer: out[(j·nx + i)·2] =
   * (xMin + i·(xMax−xMin)/(nx−1), yMin + j·(yMax−yMin)/(ny−1)), computed in f64.
   * nx, ny ≥ 2. out f32[nx·ny·2].
   * (assembly/energies/kmeans.ts: gridPoints(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, nx: i32, ny: i32): void)
   */
  gridPoints(out: number, xMin: number, xMax: number, yMin: number, yMax: number, nx: number, ny: number): void;

  // ---- K-means training
  // stats f64[4]: [inertia, Σ squared centre shift, centres re-seeded, labels changed].
  /**
   * kmeansPlusPlus(C k×d, X n×d, n, d, k, trials, rng)
   *
   * k-means++ seeding (Arthur & Vassilvitskii 2007) with greedy local trials as
   * in scikit-learn's `_kmeans_plusplus`: the first centre is a uniform row,
   * then each next centre is the best of `trials` candidates drawn with
   * probability ∝ D(x)², "best" meaning the smallest resulting potential.
   * Candidates are the first row whose cumulative D² exceeds u·potential, so a
   * row at distance 0 is never drawn while the potential is positive.
   * C k×d out; X n×d; rng: 32-byte state (advanced). scratch use: n·(trials + 1) f32 + n f64.
   * (assembly/train/kmeans.ts: kmeansPlusPlus(C: usize, X: usize, n: i32, d: i32, k: i32, trials: i32, rng: usize): usize)
   */
  kmeansPlusPlus(C: number, X: number, n: number, d: number, k: number, trials: number, rng: number): number;
  /**
   * kmeansAssign(X, n, d, C, k, labels i32[n], mind f32[n], stats f64[4]) → inertia
   *
   * Nearest-centre assignment of X (n×d) to C (k×d) with the fast training
   * method. labels i32[n] in/out, mind f32[n] out; stats f64[4] out:
   * [inertia, 0, 0, labels changed]. Returns the inertia.
   * (assembly/train/kmeans.ts: kmeansAssign(X: usize, n: i32, d: i32, C: usize, k: i32, labels: usize, mind: usize, stats: usize): f64)
   */
  kmeansAssign(X: number, n: number, d: number, C: number, k: number, labels: number, mind: number, stats: number): number;
  /**
   * kmeansLloydStep(C k×d in/out, X, n, d, k, labels i32[n], mind f32[n], stats f64[4]) → inertia
   *
   * One whole Lloyd iteration: assign every row of X to its nearest centre of C,
   * then move each centre to the mean of its rows (sums in f64, row order).
   * Empty clusters are re-seeded (see reseedEmpty). C (k×d) is updated in place.
   * labels i32[n] in/out (changes are counted), mind f32[n] out.
   * stats f64[4] out: [inertia before the update, Σ squared centre shift,
   * clusters re-seeded, labels changed]. Returns the inertia.
   * (assembly/train/kmeans.ts: kmeansLloydStep(C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize, stats: usize): f64)
   */
  kmeansLloydStep(C: number, X: number, n: number, d: number, k: number, labels: number, mind: number, stats: number): number;
  /**
   * kmeansOnlineEpoch(C, X, n, d, k, batchSize, lr, perm i32[n], rng, labels, mind, stats f64[4]) → inertia
   *
   * One epoch of minibatch gradient descent on E = ||y − W z||² (the lecture's
   * first description of K-means learning): shuffle the row order perm (i32[n],
   * Fisher–Yates from rng), then for each batch of `batchSize` rows assign them
   * with the current prototypes and move each winning prototype by
   * w ← w + lr·(2/B)·Σ_{rows it won} (y − w), B the batch's row count.
   * Afterwards every row is assigned (labels, mind), prototypes that won no row
   * are re-seeded as in Lloyd, and stats f64[4] gets [inertia after the epoch,
   * Σ squared prototype shift, re-seeded, labels changed].
   * (assembly/train/kmeans.ts: kmeansOnlineEpoch(C: usize, X: usize, n: i32, d: i32, k: i32, batchSize: i32, lr: f32, perm: usize, rng: usize, labels: usize, mind: usize, stats: usize): f64)
   */
  kmeansOnlineEpoch(C: number, X: number, n: number, d: number, k: number, batchSize: number, lr: number, perm: number, rng: number, labels: number, mind: number, stats: number): number;

  // ---- K-means training in slices (the same bits as the one-piece kernels above)
  // W: work block of kmeansWorkBytes(k, d) bytes (KW_* header). S: seeding state block.
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

  // ---- sparse coding (energies/sparse.ts, train/dictionary.ts)
  // W k×d atoms as rows; derived WT d×kp and Gram G k×kp (kp = k rounded up to 4); stats f64[4] (SPARSE_STAT_*, DICT_STAT_*).
  /**
   * sparsePrepare(WT d×kp, G k×kp, W k×d, k, d, mask u8[d]|0): derived forms, only known coordinates with a mask
   *
   * The derived forms of a dictionary W (k×d): WT d×kp (kp = k rounded up to 4,
   * zero padding) and the Gram matrix G k×kp, G[j,l] = Σ_t W[j,t]·W[l,t] summed
   * in f64 in t order and rounded once. With mask (u8[d], 1 = known) only the
   * known coordinates count: WT's other rows are zero and G covers the known
   * part of the atoms (which then need not have unit norm).
   * (assembly/energies/sparse.ts: sparsePrepare(WT: usize, G: usize, W: usize, k: i32, d: i32, mask: usize): void)
   */
  sparsePrepare(WT: number, G: number, W: number, k: number, d: number, mask: number): void;
  /**
   * sparseLipschitz(G k×kp, k) → f64 step bound of ISTA/FISTA (largest eigenvalue of G)
   *
   * The largest eigenvalue of G (k×kp, symmetric positive semi-definite) by
   * SPARSE_POWER_STEPS power iterations in f64 from the all-ones vector, raised
   * by 1 % and capped by the Gershgorin bound (always ≥ it): the step 1/L of
   * ISTA/FISTA must not exceed 1/λ_max.
   * (assembly/energies/sparse.ts: sparseLipschitz(G: usize, k: i32): f64)
   */
  sparseLipschitz(G: number, k: number): number;
  /**
   * sparseEncode(Z n×k, Y n×d, n, d, WT, G, k, lambda, algorithm SPARSE_*, maxIter, tol f64, warm 0|1, stats|0) → Σ objective
   *
   * Sparse codes Z (n×k) of the rows of Y (n×d) for the dictionary prepared by
   * sparsePrepare (WT d×kp, G k×kp): z* = argmin ½‖y − Wᵀz‖² + λ‖z‖₁.
   * algorithm: SPARSE_CD (cyclic coordinate descent on c − G z), SPARSE_ISTA or
   * SPARSE_FISTA (proximal gradient, step 1/L from sparseLipschitz). A row stops
   * when its duality gap ≤ tol·‖y‖² (scikit-learn's rule), when an iteration
   * changes nothing (CD: nothing beyond f32 rounding), or after maxIter (CD: full sweeps, each followed by
   * feature-sign search on the non-zero codes, or by active-set sweeps over
   * them when their atoms are dependent). warm = 1: Z holds the starting codes,
   * else they start at 0. Rows with coordinates masked out must have them zero
   * in Y (the SDK zeroes them). stats f64[4] (may be 0): see SPARSE_STAT_*.
   * Returns Σ over rows of the final objective ½‖y − Wᵀz‖² + λ‖z‖₁ as the gap
   * computation sees it (O(k) per row; sparseEnergy recomputes it directly).
   * (assembly/energies/sparse.ts: sparseEncode(Z: usize, Y: usize, n: i32, d: i32, WT: usize, G: usize, k: i32, lambda: f32, algorithm: i32, maxIter: i32, tol: f64, warm: i32, stats: usize): f64)
   */
  sparseEncode(Z: number, Y: number, n: number, d: number, WT: number, G: number, k: number, lambda: number, algorithm: number, maxIter: number, tol: number, warm: number, stats: number): number;
  /**
   * sparseDecode(out n×d, Z n×k, n, W k×d, k, d): out = Z·W
   *
   * out (n×d) = Wᵀz for every row of Z (n×k): out[i,t] = Σ_j Z[i,j]·W[j,t],
   * summed in j order (atoms with z = 0 skipped), lanes over t.
   * (assembly/energies/sparse.ts: sparseDecode(out: usize, Z: usize, n: i32, W: usize, k: i32, d: i32): void)
   */
  sparseDecode(out: number, Z: number, n: number, W: number, k: number, d: number): void;
  /**
   * sparseEnergy(E f32[n]|0, R n×d|0, Y n×d, n, d, W k×d, k, Z n×k, lambda) → Σ E in f64; R = y − Wᵀz
   *
   * E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁ for every row (Y n×d, Z n×k, W k×d): the
   * residual r = y − Wᵀz in f32 (sparseDecode's order), ½Σ r² + λΣ|z| in f64 in
   * index order. E f32[n] and R n×d (the residual, = ∇_y E) may each be 0.
   * Returns Σ E over the rows in f64.
   * (assembly/energies/sparse.ts: sparseEnergy(E: usize, R: usize, Y: usize, n: i32, d: i32, W: usize, k: i32, Z: usize, lambda: f32): f64)
   */
  sparseEnergy(E: number, R: number, Y: number, n: number, d: number, W: number, k: number, Z: number, lambda: number): number;
  /**
   * sparseMerge(out n×d, Y n×d, n, d, mask u8[d]): known coordinates copied from Y
   *
   * out[i,t] = Y[i,t] where mask[t] = 1 (known), else out[i,t] unchanged (the filled-in value).
   * (assembly/energies/sparse.ts: sparseMerge(out: usize, Y: usize, n: i32, d: i32, mask: usize): void)
   */
  sparseMerge(out: number, Y: number, n: number, d: number, mask: number): void;
  /**
   * dictionaryInit(W k×d, X n×d, n, d, k, perm i32[n]): unit-norm rows perm[0..] (zero rows skipped)
   *
   * Initial atoms: the rows perm[0], perm[1], … of X (n×d), each scaled to unit
   * norm; zero rows are passed over. When fewer than k non-zero rows exist the
   * remaining atoms are the unit vectors e_(j mod d). W k×d out.
   * (assembly/train/dictionary.ts: dictionaryInit(W: usize, X: usize, n: i32, d: i32, k: i32, perm: usize): void)
   */
  dictionaryInit(W: number, X: number, n: number, d: number, k: number, perm: number): void;
  /**
   * dictionaryEpoch(W, Z n×k, E f32[n], X, n, d, k, lambda, maxIter, tol, warm, WT, G, A f64 k×k, B f64 d×k, stats) → objective
   *
   * One alternating-minimization epoch over all of X (n×d): codes Z (n×k,
   * in/out: warm start from the previous epoch when warm = 1) by coordinate
   * descent for W (k×d), their energies E f32[n], then one block pass over the
   * atoms with A = ZᵀZ, B = XᵀZ. W is updated in place. Scratch: WT d×kp, G k×kp,
   * A f64 k×k, B f64 d×k (caller's blocks). stats f64[4] (DICT_STAT_*): the
   * objective is that of the codes with the atoms before the update.
   * Returns the objective.
   * (assembly/train/dictionary.ts: dictionaryEpoch(W: usize, Z: usize, E: usize, X: usize, n: i32, d: i32, k: i32, lambda: f32, maxIter: i32, tol: f64, warm: i32, WT: usize, G: usize, A: usize, B: usize, stats: usize): f64)
   */
  dictionaryEpoch(W: number, Z: number, E: number, X: number, n: number, d: number, k: number, lambda: number, maxIter: number, tol: number, warm: number, WT: number, G: number, A: number, B: number, stats: number): number;
  /**
   * dictionaryOnlineEpoch(W, X, n, d, k, lambda, batchSize, step, maxIter, tol, A, B, perm i32[n], rng, WT, G, Zb, Eb, stats) → objective
   *
   * One epoch of online dictionary learning (Mairal et al. 2010, Algorithm 1
   * with minibatches): shuffle perm (i32[n], Fisher–Yates from rng), then for
   * each batch of batchSize rows: codes for the batch by coordinate descent from
   * zero, A ← β·A + ZᵀZ/B_rows, B ← β·B + XᵀZ/B_rows with scikit-learn's
   * forgetting factor β (from `step`, the number of batches before this one,
   * MiniBatchDictionaryLearning's `_update_inner_stats`), then one block pass.
   * A (f64 k×k) and B (f64 d×k) carry over between epochs; W (k×d) in place.
   * Scratch: WT, G as in dictionaryEpoch, Zb f32[batchSize·k], Eb f32[batchSize].
   * stats f64[4]: the objective is Σ over the batches of their codes' energies
   * with the atoms before each update (the online surrogate). Returns it.
   * (assembly/train/dictionary.ts: dictionaryOnlineEpoch(W: usize, X: usize, n: i32, d: i32, k: i32, lambda: f32, batchSize: i32, step: i32, maxIter: i32, tol: f64, A: usize, B: usize, perm: usize, rng: usize, WT: usize, G: usize, Zb: usize, Eb: usize, stats: usize): f64)
   */
  dictionaryOnlineEpoch(W: number, X: number, n: number, d: number, k: number, lambda: number, batchSize: number, step: number, maxIter: number, tol: number, A: number, B: number, perm: number, rng: number, WT: number, G: number, Zb: number, Eb: number, stats: number): number;

  // ---- toy 2-D data sets
  // One Philox block per point; the state is advanced by n blocks. out n×2 f32,
  // labels i32[n] or 0, state 32 B.
  /**
   * toySpiral(out, n, turns, noise, state)
   *
   * One spiral arm winding out of the origin: t = tmax·√u with tmax = 2π·turns
   * and u uniform, point = (t/tmax)·(cos t, sin t) + noise·N(0, I₂). The radius
   * grows linearly to 1, so coordinates lie in [−1, 1] before noise; √u makes the
   * density along the arm close to uniform in arc length. Words per point:
   * u, two for the normals. out n×2 f32; state: 32-byte RNG state (advanced by n blocks).
   * (assembly/datasets/toys.ts: toySpiral(out: usize, n: i32, turns: f64, noise: f64, state: usize): usize)
   */
  toySpiral(out: number, n: number, turns: number, noise: number, state: number): number;
  /**
   * toyMoons(out, labels, n, noise, state)
   *
   * Two interleaving half circles (scikit-learn's make_moons, with i.i.d. points):
   * moon 0 is (cos θ, sin θ), moon 1 is (1 − cos θ, ½ − sin θ), θ uniform in
   * [0, π], each moon with probability ½, plus noise·N(0, I₂). Words per point:
   * moon, θ, two for the normals. out n×2 f32; labels i32[n] (moon id, may be 0 to skip);
   * state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyMoons(out: usize, labels: usize, n: i32, noise: f64, state: usize): usize)
   */
  toyMoons(out: number, labels: number, n: number, noise: number, state: number): number;
  /**
   * toyCircles(out, labels, n, factor, noise, state)
   *
   * Two concentric circles (scikit-learn's make_circles, with i.i.d. points):
   * circle 0 has radius 1, circle 1 radius `factor`, each with probability ½,
   * angle uniform in [0, 2π), plus noise·N(0, I₂). Words per point: circle,
   * angle, two for the normals. out n×2 f32; labels i32[n] (circle id, may be 0);
   * state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyCircles(out: usize, labels: usize, n: i32, factor: f64, noise: f64, state: usize): usize)
   */
  toyCircles(out: number, labels: number, n: number, factor: number, noise: number, state: number): number;
  /**
   * toyEightGaussians(out, labels, n, radius, std, state)
   *
   * Equal mixture of 8 isotropic Gaussians N(μ_k, std²·I₂), μ_k = radius·(cos kπ/4, sin kπ/4),
   * k = 0..7. Words per point: k (top three bits), one unused, two for the normals.
   * out n×2 f32; labels i32[n] (k, may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyEightGaussians(out: usize, labels: usize, n: i32, radius: f64, std: f64, state: usize): usize)
   */
  toyEightGaussians(out: number, labels: number, n: number, radius: number, std: number, state: number): number;
  /**
   * toyCheckerboard(out, labels, n, squareSize, state)
   *
   * The checkerboard of the FFJORD toy data: a 4×4 board of squares of side
   * `squareSize`, centred at the origin ([−2s, 2s]²), with the 8 squares of one
   * colour filled uniformly. Column c = ⌊x/s⌋ + 2 in 0..3; each column holds a
   * lower and an upper square, each with probability ½. Words per point: x, y
   * within the square, lower/upper. out n×2 f32; labels i32[n] (square 2c + upper, 0..7,
   * may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyCheckerboard(out: usize, labels: usize, n: i32, squareSize: f64, state: usize): usize)
   */
  toyCheckerboard(out: number, labels: number, n: number, squareSize: number, state: number): number;
  /**
   * toyPinwheel(out, labels, n, arms, radialStd, tangentialStd, rate, state)
   *
   * The pinwheel of Johnson et al. (SVAE, 2016; as in the FFJORD toy data):
   * arm k of `arms` (uniform), f = (1 + radialStd·z₀, tangentialStd·z₁),
   * angle = 2πk/arms + rate·exp(f₀), point = 2·(f₀ cos a + f₁ sin a, −f₀ sin a + f₁ cos a).
   * Words per point: k, one unused, two for the normals. out n×2 f32; labels
   * i32[n] (arm, may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyPinwheel(out: usize, labels: usize, n: i32, arms: i32, radialStd: f64, tangentialStd: f64, rate: f64, state: usize): usize)
   */
  toyPinwheel(out: number, labels: number, n: number, arms: number, radialStd: number, tangentialStd: number, rate: number, state: number): number;
  /**
   * toySwissRoll(out, n, noise, state)
   *
   * The 2-D swiss roll of the FFJORD toy data (scikit-learn's make_swiss_roll,
   * columns x and z, divided by 5): t = 1.5π·(1 + 2u), point = (t cos t, t sin t)/5
   * + noise·N(0, I₂), so |coordinates| ≤ 0.9π ≈ 2.83 before noise. Words per
   * point: u, two for the normals. out n×2 f32; state advanced by n blocks.
   * (assembly/datasets/toys.ts: toySwissRoll(out: usize, n: i32, noise: f64, state: usize): usize)
   */
  toySwissRoll(out: number, n: number, noise: number, state: number): number;
  /**
   * toyHorn(X f32[n], Y n×2, n, noise, rng): x on [0, 1], y on an ellipse that changes with x
   *
   * The horn: a conditional data set for latent-variable EBMs. x uniform on
   * [0, 1]; y on the ellipse (a(x)·cos t, b(x)·sin t) with t uniform on [0, 2π),
   * a(x) = 0.4 + 0.8x and b(x) = 0.6 − 0.3x (tall and small at x = 0, wide and
   * flat at x = 1), plus noise·N(0, I₂). Every x has a whole curve of answers
   * centred on the origin, so least squares predicts the centre. Words per
   * point: x, t, two for the normals. X f32[n], Y n×2 f32; state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyHorn(X: usize, Y: usize, n: i32, noise: f64, state: usize): usize)
   */
  toyHorn(X: number, Y: number, n: number, noise: number, state: number): number;
  /**
   * eightGaussiansLogDensity(out f32[n], Y n×2, n, radius, std f64): exact mixture log-density
   *
   * Exact log-density of the toyEightGaussians mixture, in f64:
   * log p(y) = logΣ_k exp(−‖y − μ_k‖²/(2·std²)) − log 8 − log(2π·std²), the sum taken
   * around its largest term. Y n×2 f32 (row-major), out f32[n]; std > 0.
   * (assembly/datasets/toys.ts: eightGaussiansLogDensity(out: usize, Y: usize, n: i32, radius: f64, std: f64): usize)
   */
  eightGaussiansLogDensity(out: number, Y: number, n: number, radius: number, std: number): number;

  // ---- statistics and the peak probe
  /**
   * meanColumnVariance(X n×d, n, d) → f64: mean over columns of each column's variance
   *
   * Mean over columns of the (population) variance of each column of X (n×d f32), two-pass in f64.
   * (assembly/core/stats.ts: meanColumnVariance(X: usize, n: i32, d: i32): f64)
   */
  meanColumnVariance(X: number, n: number, d: number): number;
  /**
   * peakProbe(iterations) → f32: 96 flops per iteration of independent f32x4 mul+add chains (benchmarks)
   *
   * Runs `iterations` rounds of 12 chains × (f32x4.mul + f32x4.add) = 96 flops a
   * round, and returns a lane of the result so the work cannot be removed.
   * (assembly/core/peak.ts: peakProbe(iterations: i32): f32)
   */
  peakProbe(iterations: number): number;

  // ---- MLP energy, optimizers, model files
  // An MLP net is a block from mlpCreate; act is an ACT_* code (energies/activations.ts).
  /**
   * mlpCreate(sizes i32[L+1], L, inputDim, condDim, act, outputScale, quadratic) → net
   *
   * Creates an MLP energy. sizes i32[L+1] = [C + D, hidden…, 1] (copied); act:
   * activation code (activations.ts); θ zero until set. Returns the descriptor
   * (free with mlpDestroy).
   * (assembly/energies/mlp.ts: mlpCreate(sizes: usize, L: i32, inputDim: i32, condDim: i32, act: i32, outputScale: f32, quadratic: f32): usize)
   */
  mlpCreate(sizes: number, L: number, inputDim: number, condDim: number, act: number, outputScale: number, quadratic: number): number;
  /**
   * mlpDestroy(net)
   * (assembly/energies/mlp.ts: mlpDestroy(net: usize): void)
   */
  mlpDestroy(net: number): void;
  /**
   * mlpParams(net) → θ f32[P], the parameters in place
   *
   * θ (f32[numParams]): read or write it, then call mlpSync after writing.
   * (assembly/energies/mlp.ts: mlpParams(net: usize): usize)
   */
  mlpParams(net: number): number;
  /**
   * mlpNumParams(net) → P
   * (assembly/energies/mlp.ts: mlpNumParams(net: usize): i32)
   */
  mlpNumParams(net: number): number;
  /**
   * mlpSync(net): after θ changed
   *
   * Rebuilds the transposed weights from θ. Call after any change of θ.
   * (assembly/energies/mlp.ts: mlpSync(net: usize): void)
   */
  mlpSync(net: number): void;
  /**
   * mlpInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
   *
   * PyTorch nn.Linear initialisation from the project RNG: every weight and
   * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
   * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
   * (assembly/energies/mlp.ts: mlpInitUniform(net: usize, u: usize): void)
   */
  mlpInitUniform(net: number, u: number): void;
  /**
   * mlpEnergy(net, E f32[n], Y n×D, X n×C|0, n)
   *
   * Energies of n rows. E f32[n]; Y n×D; X n×C (0 when C = 0).
   * (assembly/energies/mlp.ts: mlpEnergy(net: usize, E: usize, Y: usize, X: usize, n: i32): void)
   */
  mlpEnergy(net: number, E: number, Y: number, X: number, n: number): void;
  /**
   * mlpEnergyGrad(net, E f32[n]|0, Gy n×D, Y, X, n)
   *
   * Energies (E f32[n], or 0) and their gradients with respect to y
   * (Gy n×D): backpropagation of s through the network, plus 2λy.
   * (assembly/energies/mlp.ts: mlpEnergyGrad(net: usize, E: usize, Gy: usize, Y: usize, X: usize, n: i32): void)
   */
  mlpEnergyGrad(net: number, E: number, Gy: number, Y: number, X: number, n: number): void;
  /**
   * mlpParamGrad(net, out f32[P], w f32[n], Y, X, n, accumulate, E|0): Σ w_r ∂F_r/∂θ
   *
   * out (f32[numParams]) = Σ_r w[r]·∂F(x_r, y_r)/∂θ (or += when accumulate ≠ 0).
   * λ·||y||² has no parameters. E (f32[n] or 0) receives the energies on the way.
   * (assembly/energies/mlp.ts: mlpParamGrad(net: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void)
   */
  mlpParamGrad(net: number, out: number, w: number, Y: number, X: number, n: number, accumulate: number, E: number): void;
  /**
   * mlpSetCondition(net, X rows×C|0): the x rows the energy dispatcher uses for a conditional net
   *
   * For a conditional net: the conditions X (rows × C, row i for the dispatcher's
   * row i) that samplers and descent use as fixed x; 0 to clear.
   * (assembly/energies/mlp.ts: mlpSetCondition(net: usize, X: usize): void)
   */
  mlpSetCondition(net: number, X: number): void;
  /**
   * mlpSetConditionRow(net, x f32[C]): one x for every row
   *
   * For a conditional net: one condition x (f32[C]) that the dispatcher uses for every row.
   * (assembly/energies/mlp.ts: mlpSetConditionRow(net: usize, x: usize): void)
   */
  mlpSetConditionRow(net: number, x: number): void;
  /**
   * A network is a block from networkCreate (energies/network.ts): sizes [in, hidden…, out], act an ACT_* code.
   * networkCreate(sizes i32[L+1], L, act, extra): θ has `extra` trailing f32 for the model → net
   *
   * Creates a network. sizes i32[L+1] = [input, hidden…, output] (copied, each ≥ 1);
   * act: activation code of the hidden layers (activations.ts); θ zero until set.
   * `extra` f32 follow θ in its block (zero): a model's own parameters, such as
   * embeddings, so that the learnable protocol sees one vector. Returns the
   * block (free with networkDestroy).
   * (assembly/energies/network.ts: networkCreate(sizes: usize, L: i32, act: i32, extra: i32): usize)
   */
  networkCreate(sizes: number, L: number, act: number, extra: number): number;
  /**
   * networkDestroy(net)
   * (assembly/energies/network.ts: networkDestroy(net: usize): void)
   */
  networkDestroy(net: number): void;
  /**
   * networkParams(net) → θ f32[P] in PyTorch nn.Linear layout, in place
   *
   * θ (f32[numParams]): read or write it, then call networkSync after writing.
   * (assembly/energies/network.ts: networkParams(net: usize): usize)
   */
  networkParams(net: number): number;
  /**
   * networkNumParams(net) → P
   * (assembly/energies/network.ts: networkNumParams(net: usize): i32)
   */
  networkNumParams(net: number): number;
  /**
   * networkSync(net): after θ changed
   *
   * Rebuilds the transposed weights from θ. Call after any change of θ.
   * (assembly/energies/network.ts: networkSync(net: usize): void)
   */
  networkSync(net: number): void;
  /**
   * networkInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
   *
   * PyTorch nn.Linear initialisation from the project RNG: every weight and
   * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
   * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
   * (assembly/energies/network.ts: networkInitUniform(net: usize, u: usize): void)
   */
  networkInitUniform(net: number, u: number): void;
  /**
   * networkForward(net, Out n×out, X n×in, n)
   *
   * Out (n × sizes[L]) = net(X) for the n rows of X (n × sizes[0]).
   * (assembly/energies/network.ts: networkForward(net: usize, Out: usize, X: usize, n: i32): void)
   */
  networkForward(net: number, Out: number, X: number, n: number): void;
  /**
   * networkBackward(net, GX n×in|0, GP f32[P]|0, Out n×out|0, X n×in, GOut n×out, n, accumulate): dL/dX and Σ dL/dθ from dL/dOut
   *
   * The vector-Jacobian products of a batch: given GOut (n × sizes[L]) = dL/d(out)
   * per row, writes GX (n × sizes[0], or 0) = dL/dX and GP (f32[numParams], or 0)
   * = Σ_rows dL/dθ (added to GP when accumulate ≠ 0, else GP is overwritten).
   * Out (n × sizes[L], or 0) receives the forward outputs on the way.
   * (assembly/energies/network.ts: networkBackward(net: usize, GX: usize, GP: usize, Out: usize, X: usize, GOut: usize, n: i32, accumulate: i32): void)
   */
  networkBackward(net: number, GX: number, GP: number, Out: number, X: number, GOut: number, n: number, accumulate: number): void;
  /**
   * A GLO model is a block from gloCreate (energies/glo.ts), itself a descriptor of KIND_GLO.
   * gloCreate(sizes i32[L+1] = [d, hidden…, D], L, act) → glo
   *
   * Creates a GLO model: decoder sizes i32[L+1] = [d, hidden…, D] (act an ACT_* code). No codes yet.
   * (assembly/energies/glo.ts: gloCreate(sizes: usize, L: i32, act: i32): usize)
   */
  gloCreate(sizes: number, L: number, act: number): number;
  /**
   * gloDestroy(glo)
   * (assembly/energies/glo.ts: gloDestroy(g: usize): void)
   */
  gloDestroy(g: number): void;
  /**
   * gloNetwork(glo) → the decoder network (its θ through networkParams)
   *
   * The decoder network (energies/network.ts): its θ, sync and initialisation.
   * (assembly/energies/glo.ts: gloNetwork(g: usize): usize)
   */
  gloNetwork(g: number): number;
  /**
   * gloSetCodes(glo, N) → codes N×d (zero, with zero optimizer state; replaces any codes)
   *
   * Makes room for N codes with their optimizer state (all zero, replacing any
   * codes). Returns the codes (N×d); gloCodeState gives the state arrays.
   * (assembly/energies/glo.ts: gloSetCodes(g: usize, N: i32): usize)
   */
  gloSetCodes(g: number, N: number): number;
  /**
   * gloCodeState(glo, which 0 codes|1 m|2 v|3 steps f32[N]) → pointer, 0 without codes
   *
   * Pointer to the codes' arrays: 0 codes (N×d), 1 first moments, 2 second moments, 3 steps f32[N]; 0 without codes.
   * (assembly/energies/glo.ts: gloCodeState(g: usize, which: i32): usize)
   */
  gloCodeState(g: number, which: number): number;
  /**
   * gloProjectCodes(glo, scale): every code times scale, then onto the unit ball
   *
   * Multiplies every code by `scale`, then projects it onto the unit ball (initialisation from normals).
   * (assembly/energies/glo.ts: gloProjectCodes(g: usize, scale: f32): void)
   */
  gloProjectCodes(g: number, scale: number): void;
  /**
   * gloSetInference(glo, starts, steps, stepSize): settings of energy, grad and paramGrad
   *
   * Inference settings that energy, gradient and parameter gradient use (from several starts, steps of size η).
   * (assembly/energies/glo.ts: gloSetInference(g: usize, starts: i32, steps: i32, stepSize: f32): void)
   */
  gloSetInference(g: number, starts: number, steps: number, stepSize: number): void;
  /**
   * gloTrainBatch(glo, Y N×D, idx i32[B], B, gradOut f32[P], codeKind, lr, momentum, beta1, beta2, eps) → Σ‖r‖² (f64)
   *
   * One minibatch of GLO training. Y (rows × D) is the training data; idx
   * i32[B] the rows of this batch (distinct). For each, r = G(z_i) − y_i;
   * returns Σ ‖r‖² (f64) and writes gradOut (f32[P]) = (1/B)·Σ ∂‖r‖²/∂θ for the
   * caller's optimizer. Each code z_i moves by its own gradient ∂‖r_i‖²/∂z_i with
   * SGD (lr, momentum as torch.optim.SGD) or Adam updated lazily, only for the
   * rows it sees (as torch.optim.SparseAdam), then back onto the unit ball.
   * (assembly/energies/glo.ts: gloTrainBatch(g: usize, Y: usize, idx: usize, B: i32, gradOut: usize, codeKind: i32, lr: f32, momentum: f32, beta1: f32, beta2: f32, eps: f32): f64)
   */
  gloTrainBatch(g: number, Y: number, idx: number, B: number, gradOut: number, codeKind: number, lr: number, momentum: number, beta1: number, beta2: number, eps: number): number;
  /**
   * gloDecode(glo, Out n×D, Z n×d, n)
   *
   * Out (n×D) = G(Z) for the n codes of Z (n×d).
   * (assembly/energies/glo.ts: gloDecode(g: usize, Out: usize, Z: usize, n: i32): void)
   */
  gloDecode(g: number, Out: number, Z: number, n: number): void;
  /**
   * gloEncode(glo, Z n×d, E f32[n]|0, Y n×D, n, starts, steps, stepSize): z* and F∞ by projected descent
   *
   * z* and F∞ for the n rows of Y (n×D): starts from the S learned codes whose
   * decodings are nearest each row (ties by index; origin and fixed directions
   * when there are fewer codes than S), then `steps` projected gradient steps
   * of size η. Z (n×d) gets z*, E (f32[n], or 0) gets ‖y − G(z*)‖².
   * (assembly/energies/glo.ts: gloEncode(g: usize, Z: usize, E: usize, Y: usize, n: i32, S: i32, steps: i32, stepSize: f32): void)
   */
  gloEncode(g: number, Z: number, E: number, Y: number, n: number, S: number, steps: number, stepSize: number): void;
  /**
   * gloSample(glo, Out n×D, Z n×d normals in, samples' codes out, n)
   *
   * Samples: Z (n×d) holds standard normals on entry; each becomes μ + L·ε with
   * μ, Σ = LLᵀ the mean and covariance of the learned codes (f64, Σ + 1e-6·I so
   * a flat direction still factors), projected onto the unit ball where the
   * decoder was trained; Out (n×D) = G(z).
   * (assembly/energies/glo.ts: gloSample(g: usize, Out: usize, Z: usize, n: i32): void)
   */
  gloSample(g: number, Out: number, Z: number, n: number): void;
  /**
   * A masked autoencoder is a block from maeCreate (energies/mae.ts), a learnable model of KIND_MAE over L positions, V tokens.
   * maeCreate(L, V, H, act) → model (network [L·(V+1), H, L·V])
   *
   * Creates a model of L positions over V tokens with one hidden layer of H units (act an ACT_* code).
   * (assembly/energies/mae.ts: maeCreate(L: i32, V: i32, H: i32, act: i32): usize)
   */
  maeCreate(L: number, V: number, H: number, act: number): number;
  /**
   * maeDestroy(model)
   * (assembly/energies/mae.ts: maeDestroy(m: usize): void)
   */
  maeDestroy(m: number): void;
  /**
   * maeNetwork(model) → its network (θ through networkParams)
   *
   * The network (its θ, initialisation and sync through the network exports).
   * (assembly/energies/mae.ts: maeNetwork(m: usize): usize)
   */
  maeNetwork(m: number): number;
  /**
   * maeTrainBatch(model, T N×L, N, idx i32[B], B, grad f32[P], count i32[1], seedLo, seedHi, epoch, pos0, rate, pMask, pRandom) → Σ NLL (f64)
   *
   * One minibatch of BERT training. T (N × L) holds the training tokens; idx
   * i32[B] the rows of this batch, at positions pos0, pos0 + 1, … of epoch
   * `epoch`'s order (they key the draws). Each position is chosen with
   * probability `rate` (a row with none gets one, uniformly); a chosen token
   * becomes the mask token with probability pMask, a uniform random token with
   * pRandom, else stays. Returns the summed −log p(t_j | corrupted row) over the
   * chosen positions (f64) and writes grad (f32[P]) = its gradient divided by
   * the number of chosen positions; count (i32[1]) gets that number.
   * (assembly/energies/mae.ts: maeTrainBatch(m: usize, T: usize, N: i32, idx: usize, B: i32, grad: usize, count: usize, seedLo: u32, seedHi: u32, epoch: u32, pos0: u32, rate: f32, pMask: f32, pRandom: f32): f64)
   */
  maeTrainBatch(m: number, T: number, N: number, idx: number, B: number, grad: number, count: number, seedLo: number, seedHi: number, epoch: number, pos0: number, rate: number, pMask: number, pRandom: number): number;
  /**
   * maeConditionals(model, Out n×L×V, T n×L, M n×L 1 = hidden, n): softmax per position
   *
   * The conditionals of n rows: T (n × L) tokens, M (n × L) 1 where the token is
   * hidden (the network sees the mask token there), else 0. Out (n × L × V)
   * gets softmax per position, for every position (hidden or not).
   * (assembly/energies/mae.ts: maeConditionals(m: usize, Out: usize, T: usize, M: usize, n: i32): void)
   */
  maeConditionals(m: number, Out: number, T: number, M: number, n: number): void;
  /**
   * maePseudoLL(model, E f32[n]|0, T n×L, n, G f32[P]|0, w f32[n]|0, accumulate): −Σ_j log p(t_j | t_−j) and its weighted θ-gradient
   *
   * The pseudo-log-likelihood energy F(t) = −Σ_j log p(t_j | t_{−j}) of n rows
   * of T (n × L): one pass per (row, position) with only that position masked.
   * E f32[n] (or 0) gets F; with G ≠ 0, G (f32[P]) = Σ_r w[r]·∂F_r/∂θ (added
   * when accumulate ≠ 0, else overwritten).
   * (assembly/energies/mae.ts: maePseudoLL(m: usize, E: usize, T: usize, n: i32, G: usize, w: usize, accumulate: i32): void)
   */
  maePseudoLL(m: number, E: number, T: number, n: number, G: number, w: number, accumulate: number): void;
  /**
   * maeGibbs(model, T n×L in place, n, sweeps, sweep0, row0, start, seedLo, seedHi): Gibbs sweeps over positions
   *
   * Gibbs sweeps over positions for n chains T (n × L, f32 tokens, in place):
   * in sweep s, position j of every chain is redrawn from p(t_j | t_{−j}) in
   * order j = 0 … L−1. With `start` ≠ 0 the chains first become uniform random
   * tokens. Chain r's draws are keyed by (j, r + row0, s + sweep0), so chains
   * run in pieces match one run.
   * (assembly/energies/mae.ts: maeGibbs(m: usize, T: usize, n: i32, sweeps: i32, sweep0: u32, row0: u32, start: i32, seedLo: u32, seedHi: u32): void)
   */
  maeGibbs(m: number, T: number, n: number, sweeps: number, sweep0: number, row0: number, start: number, seedLo: number, seedHi: number): void;
  /**
   * A latent EBM is a block from latentCreate (energies/latent.ts): E(x, y, z) = ‖y − Dec([x, z])‖².
   * latentCreate(sizes i32[L+1] = [C + e, hidden…, D], L, act, C, kind, K, bound, perAxis) → model
   *
   * Creates the model: decoder sizes i32[L+1] = [C + e, hidden…, D]; kind
   * LATENT_DISCRETE (K embeddings of dimension e, after θ) or LATENT_CONTINUOUS
   * (z in the ball of radius `bound`, with a midpoint grid of `perAxis` points per
   * axis kept inside the ball for quadrature and starts; e ≤ 2 for a grid).
   * (assembly/energies/latent.ts: latentCreate(sizes: usize, L: i32, act: i32, C: i32, kind: i32, K: i32, bound: f32, perAxis: i32): usize)
   */
  latentCreate(sizes: number, L: number, act: number, C: number, kind: number, K: number, bound: number, perAxis: number): number;
  /**
   * latentDestroy(model)
   * (assembly/energies/latent.ts: latentDestroy(a: usize): void)
   */
  latentDestroy(a: number): void;
  /**
   * latentNetwork(model) → the decoder network (θ's first part; discrete embeddings K×e follow it)
   *
   * The decoder network (initialisation through networkInitUniform).
   * (assembly/energies/latent.ts: latentNetwork(a: usize): usize)
   */
  latentNetwork(a: number): number;
  /**
   * latentSetInference(model, starts, steps, stepSize): continuous z's descent
   *
   * Continuous z: starts and steps of the projected descent behind F∞ and infer.
   * (assembly/energies/latent.ts: latentSetInference(a: usize, starts: i32, steps: i32, stepSize: f32): void)
   */
  latentSetInference(a: number, starts: number, steps: number, stepSize: number): void;
  /**
   * latentSetSize(model) → candidates per row (K, or grid points)
   *
   * Candidates per row: K embeddings (discrete) or the grid (continuous).
   * (assembly/energies/latent.ts: latentSetSize(a: usize): i32)
   */
  latentSetSize(a: number): number;
  /**
   * latentFree(model, E f32[n], Z n×e|0, X n×C, Y n×D, n, beta ≤ 0 for F∞): free energies and minimising z
   *
   * Free energies of n pairs (X n×C, Y n×D): F∞ when beta ≤ 0 (β = ∞), else F_β.
   * E f32[n]; Z (n × e, or 0) gets each row's minimising z (z* for F∞).
   * (assembly/energies/latent.ts: latentFree(a: usize, E: usize, Z: usize, X: usize, Y: usize, n: i32, beta: f64): void)
   */
  latentFree(a: number, E: number, Z: number, X: number, Y: number, n: number, beta: number): void;
  /**
   * latentParamGrad(model, out f32[P], w f32[n]|0, scale, X, Y, n, beta, accumulate, E|0) → Σ F (f64)
   *
   * out (f32[P]) (+)= Σ_r w_r·∂F(x_r, y_r)/∂θ (w = 0: every w_r = scale; else w_r·scale),
   * F = F∞ (beta ≤ 0) or F_β: the weighted sum over candidates of ∂E_c/∂θ, with
   * weights ∂F/∂E_c (one-hot at z* for F∞, the envelope theorem; the Gibbs
   * weights for F_β), embeddings included. Returns Σ_r F_r (f64); E (or 0) gets F.
   * (assembly/energies/latent.ts: latentParamGrad(a: usize, out: usize, w: usize, scale: f32, X: usize, Y: usize, n: i32, beta: f64, accumulate: i32, E: usize): f64)
   */
  latentParamGrad(a: number, out: number, w: number, scale: number, X: number, Y: number, n: number, beta: number, accumulate: number, E: number): number;
  /**
   * latentGradY(model, G n×D, E f32[n]|0, X, Y, n, beta): ∇_y F
   *
   * ∇_y F for n pairs into G (n×D): Σ_c (∂F/∂E_c)·2(y − Dec([x, z_c])) — for F∞
   * (beta ≤ 0) 2(y − Dec([x, z*])) by the envelope theorem. E (f32[n], or 0) gets F.
   * (assembly/energies/latent.ts: latentGradY(a: usize, G: usize, E: usize, X: usize, Y: usize, n: i32, beta: f64): void)
   */
  latentGradY(a: number, G: number, E: number, X: number, Y: number, n: number, beta: number): void;
  /**
   * latentTrainBatch(model, X N×C, Y N×D, idx i32[B], B, gradOut f32[P], beta) → Σ F over the batch (f64)
   *
   * One training step's gradient: rows idx i32[B] of X (N×C) and Y (N×D) are
   * gathered, gradOut (f32[P]) = (1/B)·Σ ∂F/∂θ for F∞ (beta ≤ 0) or F_β.
   * Returns Σ F over the batch (f64).
   * (assembly/energies/latent.ts: latentTrainBatch(a: usize, X: usize, Y: usize, idx: usize, B: i32, gradOut: usize, beta: f64): f64)
   */
  latentTrainBatch(a: number, X: number, Y: number, idx: number, B: number, gradOut: number, beta: number): number;
  /**
   * latentPredict(model, Out (n·count)×D, X n×C, n, count): Dec(x, z) over the latent set
   *
   * Predictions Out ((n·count) × D): for row r of X (n×C), Dec([x_r, z]) for
   * `count` values of z: the K embeddings (count = K) or, for a continuous z,
   * evenly spread points of the ball (e = 1: midpoints of [−b, b]; e = 2: a
   * Vogel sunflower spiral, equal area per point).
   * (assembly/energies/latent.ts: latentPredict(a: usize, Out: usize, X: usize, n: i32, count: i32): void)
   */
  latentPredict(a: number, Out: number, X: number, n: number, count: number): void;
  /**
   * distinctMinima(Y n·S×D, E f32[n·S], n, S, D, tol, order i32[n·S], count i32[n])
   *
   * Distinct minima per row: Y holds n groups of S candidate points (n·S × D)
   * with energies E; each group is ordered by energy (ties by index) and a
   * candidate is kept when it is farther than `tol` (Euclidean) from every kept
   * one. order i32[n·S] gets each group's kept indices (within the group) first;
   * count i32[n] how many were kept.
   * (assembly/energies/mlp.ts: distinctMinima(Y: usize, E: usize, n: i32, S: i32, D: i32, tol: f32, order: usize, count: usize): void)
   */
  distinctMinima(Y: number, E: number, n: number, S: number, D: number, tol: number, order: number, count: number): void;
  /**
   * activationEval(out f32[n], x f32[n], n, act, derivative 0|1): the activation formulas (tests)
   *
   * out[i] = f(x[i]) for the exported check of the activation formulas (tests).
   * (assembly/energies/activations.ts: activationEval(out: usize, x: usize, n: i32, act: i32, derivative: i32): void)
   */
  activationEval(out: number, x: number, n: number, act: number, derivative: number): void;
  /**
   * sumSquaresF64(g f32[n], n) → f64
   *
   * Σ g[i]² in f64, in index order (the global norm for clipping is its square root).
   * (assembly/train/optim.ts: sumSquaresF64(g: usize, n: i32): f64)
   */
  sumSquaresF64(g: number, n: number): number;
  /**
   * sgdStep(θ, g, buf, n, lr, μ, nesterov, wd, clip, first)
   *
   * SGD step (torch.optim.SGD, dampening 0): d = clip·g + wd·θ; with momentum
   * μ > 0, buf = μ·buf + d (buf = d at the first step), d = nesterov ? d + μ·buf : buf;
   * θ ← θ − lr·d. theta, grad, buf f32[n]; first ≠ 0 on the first step.
   * (assembly/train/optim.ts: sgdStep(theta: usize, grad: usize, buf: usize, n: i32, lr: f32, momentum: f32, nesterov: i32, weightDecay: f32, clip: f32, first: i32): void)
   */
  sgdStep(theta: number, grad: number, buf: number, n: number, lr: number, momentum: number, nesterov: number, weightDecay: number, clip: number, first: number): void;
  /**
   * adamStep(θ, g, m, v, n, lr, β1, β2, ε, wd, decoupled, t, clip)
   *
   * Adam step t (1-based) as torch.optim.Adam / AdamW: g = clip·grad (+ wd·θ
   * unless decoupled); decoupled: θ ← θ·(1 − lr·wd) first;
   * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
   * θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
   * (assembly/train/optim.ts: adamStep(theta: usize, grad: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, decoupled: i32, t: i32, clip: f32): void)
   */
  adamStep(theta: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, decoupled: number, t: number, clip: number): void;
  /**
   * crc32(bytes u8[n], n) → u32 (model files)
   *
   * CRC-32 of bytes[0..n).
   * (assembly/core/crc32.ts: crc32(bytes: usize, n: i32): u32)
   */
  crc32(bytes: number, n: number): number;

  // ---- energies and samplers
  // Energy descriptor (DESC_BYTES = 96, see energies/descriptor.ts): kind i32, dim i32,
  // p0..p3 u32 pointers, i0, i1 i32, f0..f3 f64. Kinds (KIND_*): 1 gaussian, 2 mixture,
  // 3 doubleWell, 4 banana, 5 funnel, 6 ring, 7 Ising, 10 k-means F_β, 11 sparse coding F∞, 12 PCA,
  // 13 Gaussian mixture F_β, 15 host (JS), 20 MLP, 21 GLO F∞, 22 latent-variable EBM, 23 denoising autoencoder, 30 RBM free energy,
  // 31 an AIS path between a Gaussian base and another energy.
  // Sampler state: one relocatable block, a common header and the kind's section
  // (samplers/state.ts); kinds SAMPLER_* in samplers/kinds.ts.
  /**
   * energyEval(desc, Y n×dim, n, E f32[n]|0, G n×dim|0): F and ∇_y F of every row
   *
   * F(y) and ∇_y F(y) for the n rows of Y (n×dim f32, dim from the descriptor).
   * E f32[n] and G n×dim may each be 0 (not wanted). Nothing else is written
   * except the energy's own scratch. Unknown kinds abort (E_BAD_ARGUMENT, detail = kind).
   * (assembly/energies/dispatch.ts: energyEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void)
   */
  energyEval(desc: number, Y: number, n: number, E: number, G: number): void;
  /**
   * spdInverse(out f32 D×D, A f64 D×D, D) → log det A, or NaN if A is not positive definite
   *
   * A is D×D row-major f64 (only the lower triangle is read). Writes A⁻¹ as f32
   * to `out` (D×D row-major) and returns log det A, or NaN when A is not
   * positive definite (then `out` is unspecified). `out` may not alias A.
   * (assembly/core/cholesky.ts: spdInverse(out: usize, A: usize, D: i32): f64)
   */
  spdInverse(out: number, A: number, D: number): number;
  /**
   * symEigen(vals f64[D] desc, V f64 D×D rows = eigenvectors, A f64 D×D destroyed, D) → sweeps, −1 if not converged
   *
   * A is D×D row-major f64, symmetric (the upper triangle is read; A is
   * destroyed). Writes the eigenvalues to vals f64[D] in descending order and
   * the matching unit eigenvectors as the ROWS of V (D×D f64), each signed so
   * that its entry of largest magnitude (the first of equals) is positive.
   * Returns the number of sweeps, or −1 if 60 sweeps did not bring the
   * off-diagonal mass to round-off (results are still written).
   * (assembly/core/eigen.ts: symEigen(vals: usize, V: usize, A: usize, D: i32): i32)
   */
  symEigen(vals: number, V: number, A: number, D: number): number;
  /**
   * pcaFit(mean f32[d], comps f32[q×d], variances f64[d], X n×d, n ≥ 2, d, q) → Jacobi sweeps, −1 if not converged
   *
   * X n×d f32 (n ≥ 2). Writes mean f32[d], the q leading principal axes as the
   * rows of comps f32[q×d] (unit length, largest-magnitude entry positive) and
   * every eigenvalue of the covariance Σ(x−μ)(x−μ)ᵀ/(n−1), descending, to
   * variances f64[d]. Sums run in f64 in row order. Returns the Jacobi sweeps
   * (−1: not converged, results still written).
   * (assembly/train/pca.ts: pcaFit(mean: usize, comps: usize, variances: usize, X: usize, n: i32, d: i32, q: i32): i32)
   */
  pcaFit(mean: number, comps: number, variances: number, X: number, n: number, d: number, q: number): number;
  /**
   * pcaTransform(out n×q f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q)
   *
   * out n×q f32: the codes U(y − μ) of the rows of Y (n×d).
   * (assembly/energies/pca.ts: pcaTransform(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaTransform(out: number, Y: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * pcaInverse(out n×d f32, Z n×q, n, d, mean f32[d], comps f32[q×d], q)
   *
   * out n×d f32: μ + Uᵀz for the rows of Z (n×q).
   * (assembly/energies/pca.ts: pcaInverse(out: usize, Z: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaInverse(out: number, Z: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * pcaProject(out n×d f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q): closest points of the subspace
   *
   * out n×d f32: the closest point of the subspace, μ + UᵀU(y − μ) = y − r, computed in f64.
   * (assembly/energies/pca.ts: pcaProject(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaProject(out: number, Y: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * gmmPartOffset(k, d, part GMM_*) → byte offset in a mixture's f64 parameter block (GMM_PARTS: its size)
   *
   * Byte offset of a part of the parameter block for k components in d dimensions (part = GMM_PARTS: the block's size).
   * (assembly/energies/gmm.ts: gmmPartOffset(k: i32, d: i32, part: i32): f64)
   */
  gmmPartOffset(k: number, d: number, part: number): number;
  /**
   * gmmPrepare(P, k, d) → −1, or the first component whose covariance is not positive definite
   *
   * From the weights and covariances: L, L⁻¹ and the log normalizers of every
   * component. Returns −1, or the first component whose covariance is not
   * positive definite (the block is then partly updated; callers keep a copy).
   * (assembly/energies/gmm.ts: gmmPrepare(P: usize, k: i32, d: i32): i32)
   */
  gmmPrepare(P: number, k: number, d: number): number;
  /**
   * gmmEStep(resp f64[n×k]|0, logp f64[n]|0, P, X n×d, n, d, k) → Σ log p(x)
   *
   * E-step over X (n×d f32): resp f64[n×k] (may be 0) gets the posteriors
   * p(z | x), logp f64[n] (may be 0) gets log p(x). Returns Σ_i log p(x_i)
   * (log-sum-exp in f64 around the largest term).
   * (assembly/energies/gmm.ts: gmmEStep(resp: usize, logp: usize, P: usize, X: usize, n: i32, d: i32, k: i32): f64)
   */
  gmmEStep(resp: number, logp: number, P: number, X: number, n: number, d: number, k: number): number;
  /**
   * gmmSample(out n×d f32, labels i32[n]|0, P, k, d, n, rng)
   *
   * n exact draws from the mixture: first n·d standard normals (rngNormal), then
   * one uniform per row picks z by the cumulative weights; y = μ_z + L_z ε.
   * out n×d f32, labels i32[n] (may be 0), rng a 32-byte state (advanced).
   * (assembly/energies/gmm.ts: gmmSample(out: usize, labels: usize, P: usize, k: i32, d: i32, n: i32, rng: usize): void)
   */
  gmmSample(out: number, labels: number, P: number, k: number, d: number, n: number, rng: number): void;
  /**
   * gmmMStep(P, X n×d, n, d, k, resp f64[n×k], covType GMM_FULL|DIAG|SPHERICAL, regCovar) → −1 or a singular component
   *
   * M-step: from resp f64[n×k] and X n×d f32, n_z = Σ_i r_iz + 10ε, π_z = n_z/n,
   * μ_z = Σ r_iz x_i / n_z, Σ_z = Σ r_iz (x_i − μ_z)(x_i − μ_z)ᵀ / n_z + regCovar·I,
   * restricted to its diagonal ('diag') or to the mean of that diagonal times I
   * ('spherical'). Sums in f64, row order. Returns gmmPrepare's answer: −1, or
   * the first component whose covariance is not positive definite.
   * (assembly/train/gmm.ts: gmmMStep(P: usize, X: usize, n: i32, d: i32, k: i32, resp: usize, covType: i32, regCovar: f64): i32)
   */
  gmmMStep(P: number, X: number, n: number, d: number, k: number, resp: number, covType: number, regCovar: number): number;
  /**
   * gmmRespFromLabels(resp f64[n×k], labels i32[n], n, k): one-hot responsibilities
   *
   * Hard responsibilities from labels i32[n] (values in [0, k)) into resp f64[n×k]; the start EM takes after k-means.
   * (assembly/train/gmm.ts: gmmRespFromLabels(resp: usize, labels: usize, n: i32, k: i32): void)
   */
  gmmRespFromLabels(resp: number, labels: number, n: number, k: number): void;
  /**
   * samplerStateBytes(kind, chains, dim, param: Gibbs' number of values, else 0) → bytes, 0 if impossible
   *
   * Bytes of a state of `kind` for chains × dim (param: the kind's size parameter, Gibbs' number of
   * values, else 0), or 0 when the kind is unknown, a size is not positive, or the block would not
   * stay well below 2³¹ bytes.
   * (assembly/samplers/run.ts: samplerStateBytes(kind: i32, chains: i32, dim: i32, param: i32): i32)
   */
  samplerStateBytes(kind: number, chains: number, dim: number, param: number): number;
  /**
   * samplerLayout(s, kind, chains, dim, param, seedLo, seedHi, stream, Y0 chains×dim|0)
   *
   * Writes a fresh state of `kind` at s (samplerStateBytes bytes): the common header (RNG keyed by
   * (seedLo, seedHi, stream) at counter 0, step 0.1, β 1, no adaptation), the kind's layout and
   * defaults, positions copied from Y0 (chains×dim; 0: left zero, see samplerDefaultPositions).
   * Energies and gradients are not evaluated here (see samplerPrime); a kind's values (Gibbs) are
   * written by the caller.
   * (assembly/samplers/run.ts: samplerLayout(s: usize, kind: i32, chains: i32, dim: i32, param: i32, seedLo: u32, seedHi: u32, stream: u32, Y0: usize): void)
   */
  samplerLayout(s: number, kind: number, chains: number, dim: number, param: number, seedLo: number, seedHi: number, stream: number, Y0: number): void;
  /**
   * samplerDefaultPositions(s, seedLo, seedHi): N(0, 1) draws (Gibbs: uniform over its values), stream 1
   *
   * Default positions of a laid-out and configured state, from stream 1 of (seedLo, seedHi):
   * standard normals, or uniform draws from Gibbs' values.
   * (assembly/samplers/run.ts: samplerDefaultPositions(s: usize, seedLo: u32, seedHi: u32): void)
   */
  samplerDefaultPositions(s: number, seedLo: number, seedHi: number): void;
  /**
   * samplerValidate(s, bytes, chains, dim) → 0 ok, else a SAMPLER_STATE_* code
   *
   * Checks `bytes` at s before anything runs on them: magic, version, kind, shape (chains × dim),
   * the byte size and every array offset against the kind's layout, then the values of the fields.
   * Returns SAMPLER_STATE_OK or the first problem (SAMPLER_STATE_*).
   * (assembly/samplers/run.ts: samplerValidate(s: usize, bytes: i32, chains: i32, dim: i32): i32)
   */
  samplerValidate(s: number, bytes: number, chains: number, dim: number): number;
  /**
   * samplerConfigure(s, stepSize, beta)
   *
   * Sets the step size and β (as the SDK validated them); a kind's own settings live in its section.
   * (assembly/samplers/run.ts: samplerConfigure(s: usize, stepSize: f64, beta: f64): void)
   */
  samplerConfigure(s: number, stepSize: number, beta: number): void;
  /**
   * samplerPrime(s, desc) → first chain with non-finite F/∇F/position, or -1
   *
   * Evaluates F (and ∇F when the kind uses it) at the state's positions. Returns the
   * first chain whose energy, gradient or position is not finite, or −1.
   * (assembly/samplers/run.ts: samplerPrime(s: usize, desc: usize): i32)
   */
  samplerPrime(s: number, desc: number): number;
  /**
   * samplerRun(s, desc, steps, thin, out [draw][chain][dim] f32|0) → draws written
   *
   * Runs `steps` transitions of every chain. When out != 0, after every
   * `thin`-th transition the positions (C×D f32) are appended to out, so out
   * holds floor(steps/thin) draws as [draw][chain][dim]. Returns the number written.
   * (assembly/samplers/run.ts: samplerRun(s: usize, desc: usize, steps: i32, thin: i32, out: usize): i32)
   */
  samplerRun(s: number, desc: number, steps: number, thin: number, out: number): number;
  /**
   * samplerResetCounters(s): accept / non-finite / divergence counters to 0
   *
   * Zeroes the per-chain counters (accepts, non-finite, divergences) and the transition count.
   * (assembly/samplers/run.ts: samplerResetCounters(s: usize): void)
   */
  samplerResetCounters(s: number): void;
  /**
   * samplerSplit(p, s, first, count): part p (samplerStateBytes for count chains) = chains [first, first+count) of s, first % 4 == 0
   *
   * Writes at p the part of the whole state w made of chains [first, first + count); p holds
   * samplerStateBytes(kind, count, dim, param) bytes.
   * (assembly/samplers/parallel.ts: samplerSplit(p: usize, w: usize, first: i32, count: i32): void)
   */
  samplerSplit(p: number, w: number, first: number, count: number): void;
  /**
   * samplerJoin(s, p, first): part p back into s, parts in chain order (the last sets the mean acceptance over all chains)
   *
   * Writes the part p (chains [first, …) of w) back into the whole state w: its rows, and the
   * header it advanced (iteration, counters, RNG counter, last step). Parts are joined in chain
   * order; the first (first = 0) sets the transition's divergences, the others add theirs, and the
   * last one (reaching the last chain) sets the mean acceptance over all chains in chain order,
   * as one thread sums it.
   * (assembly/samplers/parallel.ts: samplerJoin(w: usize, p: usize, first: i32): void)
   */
  samplerJoin(w: number, p: number, first: number): void;
  /**
   * samplerRunPart(p, desc, steps, thin, out [draw][count][dim] f32|0, first, total) → draws written; one thread's draws for those chains
   *
   * samplerRun on a part p made by samplerSplit from a whole state of `total` chains, starting
   * at chain `first`: the part's chains get the draws one thread gives them. Refused while a
   * warm-up adapts (the adaptation couples all chains at every transition).
   * (assembly/samplers/parallel.ts: samplerRunPart(p: usize, desc: usize, steps: i32, thin: i32, out: usize, first: i32, total: i32): i32)
   */
  samplerRunPart(p: number, desc: number, steps: number, thin: number, out: number, first: number, total: number): number;
  /**
   * samplerAdapt(s, warmup, flags 1 step|2 mass, targetAccept): start a warm-up at the current iteration
   *
   * Starts a warm-up of `warmup` transitions from the current iteration.
   * flags: 1 = step size (dual averaging to `target`), 2 = diagonal mass (HMC).
   * (assembly/samplers/adapt.ts: samplerAdapt(s: usize, warmup: i32, flags: i32, target: f64): void)
   */
  samplerAdapt(s: number, warmup: number, flags: number, target: number): void;
  /**
   * leapfrogTrajectory(desc, Y C×D inout, P C×D inout, E f32[C] out, C, D, eps, L, invMass f64[D]|0, beta)
   *
   * Exported for tests and users: L leapfrog steps from (Y, P) in place
   * (C×D f32, row-major), with the gradient at the start evaluated first.
   * E f32[C] receives F at the end point. invMass f64[D] or 0.
   * (assembly/samplers/leapfrog.ts: leapfrogTrajectory(desc: usize, Y: usize, P: usize, E: usize, C: i32, D: i32, eps: f64, L: i32, invMass: usize, beta: f64): void)
   */
  leapfrogTrajectory(desc: number, Y: number, P: number, E: number, C: number, D: number, eps: number, L: number, invMass: number, beta: number): void;
  /**
   * chainDiagnostics(out f64[dim×8], S [draw][chain][dim] f32, draws ≥ 4, chains, dim):
   * per coordinate [bulk ESS, tail ESS, R̂ (rank, split, folded max), MCSE(mean), ESS(mean), sd, mean, 0]
   *
   * Diagnostics of every coordinate of S ([draw][chain][dim] f32, draws ≥ 4).
   * Writes out f64[dim × 8], per coordinate: [bulk ESS, tail ESS, rank-normalized
   * split R̂, MCSE of the mean, ESS of the mean (split, not ranked), standard deviation,
   * mean, 0].
   * With an odd number of draws the middle draw of each chain is left out of the split.
   * (assembly/samplers/diagnostics.ts: chainDiagnostics(out: usize, S: usize, draws: i32, chains: i32, dim: i32): void)
   */
  chainDiagnostics(out: number, S: number, draws: number, chains: number, dim: number): void;

  // ---- contrastive training, exact likelihood, MMD
  // A trainer block is TRAINER_BYTES, layout T_* in train/contrastive.ts; losses are LOSS_* (train/losses.ts).
  /**
   * contrastiveLoss(kind, E⁺ f32[B], E⁻ f32[B], B, margin, gamma, alpha, wp f32[B], wn f32[B]) → mean loss
   *
   * Mean loss over B pairs, and the weights wp[i] = (1/B)·∂L/∂E⁺ᵢ,
   * wn[i] = (1/B)·∂L/∂E⁻ᵢ (f32[B] each). In f64; returns the mean loss
   * including the regularizer.
   * (assembly/train/losses.ts: contrastiveLoss(kind: i32, Ep: usize, En: usize, B: i32, margin: f64, gamma: f64, alpha: f64, wp: usize, wn: usize): f64)
   */
  contrastiveLoss(kind: number, Ep: number, En: number, B: number, margin: number, gamma: number, alpha: number, wp: number, wn: number): number;
  /**
   * trainerBytes() → bytes of a trainer block
   *
   * The bytes a trainer block needs.
   * (assembly/train/contrastive.ts: trainerBytes(): i32)
   */
  trainerBytes(): number;
  /**
   * contrastiveStep(trainer, P B×D, stats f64[6])
   *
   * One training step on the batch P (B×D rows of data): negatives, energies,
   * loss weights, parameter gradient, optimizer update. stats f64[6] out.
   * The parameters change only when the loss and gradient are finite.
   * It is contrastiveNegatives, the sampler transitions it asks for, and
   * contrastiveFinish: the SDK may run those transitions on workers instead
   * (chains of the negatives in parts, samplers/parallel.ts), with the same bytes.
   * (assembly/train/contrastive.ts: contrastiveStep(t: usize, P: usize, stats: usize): void)
   */
  contrastiveStep(t: number, P: number, stats: number): void;
  /**
   * contrastiveNegatives(t, P B×D, stats f64[6]) → sampler transitions to run next (on T_SSTATE, the model as energy), then contrastiveFinish
   *
   * The first part of a step: the negatives' starting points, and with a sampler its state primed
   * at them (the condition of a conditional model set). Returns the transitions of the sampler
   * state (at T_SSTATE, the model as its energy) that come next, before contrastiveFinish; 0 when
   * there are none (descent, or no steps).
   * (assembly/train/contrastive.ts: contrastiveNegatives(t: usize, P: usize, stats: usize): i32)
   */
  contrastiveNegatives(t: number, P: number, stats: number): number;
  /**
   * contrastiveFinish(t, P B×D, stats f64[6]): the rest of a step after contrastiveNegatives and its transitions
   *
   * The rest of a step after contrastiveNegatives and its sampler transitions: losses, gradient, update; stats f64[6] out.
   * (assembly/train/contrastive.ts: contrastiveFinish(t: usize, P: usize, stats: usize): void)
   */
  contrastiveFinish(t: number, P: number, stats: number): void;
  /**
   * gatherBatch(P B×D, X n×D, D, perm i32[n], start, B)
   *
   * Copies the rows perm[start..start+B) of X (n×D) into P (B×D): the batch of one step.
   * (assembly/train/contrastive.ts: gatherBatch(P: usize, X: usize, D: i32, perm: usize, start: i32, B: i32): void)
   */
  gatherBatch(P: number, X: number, D: number, perm: number, start: number, B: number): void;
  /**
   * shuffleOrder(trainer, perm i32[n], n)
   *
   * One epoch's order for the trainer block t: shufflePerm with the trainer's RNG.
   * (assembly/train/contrastive.ts: shuffleOrder(t: usize, perm: usize, n: i32): void)
   */
  shuffleOrder(t: number, perm: number, n: number): void;
  /**
   * shufflePerm(perm i32[n], n, rng): Fisher–Yates from a 32-byte RNG state
   *
   * Fisher–Yates shuffle of perm (i32[n]) in place, from the 32-byte RNG state `rng` (advanced).
   * (assembly/train/contrastive.ts: shufflePerm(perm: usize, n: i32, rng: usize): void)
   */
  shufflePerm(perm: number, n: number, rng: number): void;
  /**
   * gridCentres(out f32[R·R·2], xMin, xMax, yMin, yMax, R)
   *
   * Cell centres of an R×R grid, row-major with y outer: out f32[R·R·2].
   * (assembly/train/gridml.ts: gridCentres(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32): void)
   */
  gridCentres(out: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number): void;
  /**
   * gridLogPartition(E f32[m], m, beta, cellArea, P f32[m]|0) → log Z
   *
   * log Z = log Σ_g exp(−β·E_g) + log ΔA from the grid energies E f32[m], in f64
   * around the minimum. With P ≠ 0 also writes P(g) = exp(−βE_g)/Σ (f32[m]).
   * (assembly/train/gridml.ts: gridLogPartition(E: usize, m: i32, beta: f64, cellArea: f64, P: usize): f64)
   */
  gridLogPartition(E: number, m: number, beta: number, cellArea: number, P: number): number;
  /**
   * gridLogLikelihood(desc, Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch f32[3R² + n]) → mean log p
   *
   * Mean log-likelihood of the n rows of Y under p ∝ exp(−βF) normalized on the
   * grid (energy descriptor `desc`, any kind, dim 2). scratch f32[R·R·3 + n].
   * (assembly/train/gridml.ts: gridLogLikelihood(desc: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64)
   */
  gridLogLikelihood(desc: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  /**
   * gridNllGrad(model, out f32[P], Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch f32[4R² + 2n]) → NLL
   *
   * Exact grid NLL of the n data rows Y for a learnable energy (energies/learnable.ts), and its parameter
   * gradient out f32[numParams] = β·((1/n)·Σ_i ∂F(y_i)/∂θ − Σ_g P(g)·∂F(g)/∂θ).
   * scratch f32[R·R·4 + 2n]. Returns the NLL (nats per point).
   * (assembly/train/gridml.ts: gridNllGrad(model: usize, out: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64)
   */
  gridNllGrad(model: number, out: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  /**
   * mmd2(A n×d, n, B m×d, m, d, bandwidth) → unbiased MMD² (Gaussian kernel)
   *
   * MMD²_u between A (n×d) and B (m×d), n, m ≥ 2.
   * (assembly/core/mmd.ts: mmd2(A: usize, n: i32, B: usize, m: i32, d: i32, bandwidth: f64): f64)
   */
  mmd2(A: number, n: number, B: number, m: number, d: number, bandwidth: number): number;
  /**
   * columnBounds(lo f32[d], hi f32[d], X n×d, n, d): per-column min and max
   *
   * Per-column minimum and maximum of X (n×d f32, n ≥ 1) into lo, hi (f32[d]).
   * (assembly/core/stats.ts: columnBounds(lo: usize, hi: usize, X: usize, n: i32, d: i32): void)
   */
  columnBounds(lo: number, hi: number, X: number, n: number, d: number): void;
  /**
   * ---- learnable models (energies/learnable.ts), dispatched on the descriptor's kind
   * learnableParams(model) → pointer to θ f32[numParams]
   *
   * Pointer to the model's flat f32 parameter vector θ.
   * (assembly/energies/learnable.ts: learnableParams(model: usize): usize)
   */
  learnableParams(model: number): number;
  /**
   * learnableNumParams(model) → numParams
   *
   * Number of parameters (length of θ).
   * (assembly/energies/learnable.ts: learnableNumParams(model: usize): i32)
   */
  learnableNumParams(model: number): number;
  /**
   * learnableSync(model): refresh what the model derives from θ, after θ changed
   *
   * Refreshes whatever the model derives from θ; call after every write to θ.
   * (assembly/energies/learnable.ts: learnableSync(model: usize): void)
   */
  learnableSync(model: number): void;
  /**
   * learnableEnergy(model, E f32[n], Y n×D, X n×C|0, n)
   *
   * F(x_r, y_r) of n rows into E f32[n]; X n×C conditions, or 0 for an unconditional model.
   * (assembly/energies/learnable.ts: learnableEnergy(model: usize, E: usize, Y: usize, X: usize, n: i32): void)
   */
  learnableEnergy(model: number, E: number, Y: number, X: number, n: number): void;
  /**
   * learnableSetCondition(model, X rows×C|0): the x rows the energy dispatcher uses (no-op for F(y) kinds)
   *
   * The conditions the energy dispatcher uses for row i of a batch (X rows × C),
   * or 0 to clear; a no-op for unconditional kinds.
   * (assembly/energies/learnable.ts: learnableSetCondition(model: usize, X: usize): void)
   */
  learnableSetCondition(model: number, X: number): void;
  /**
   * learnableParamGrad(model, out f32[P], w f32[n], Y, X|0, n, accumulate, E f32[n]|0): Σ w_r ∂F_r/∂θ
   *
   * out f32[numParams] = Σ_r w[r]·∂F(x_r, y_r)/∂θ (+= when accumulate ≠ 0); E f32[n]
   * (or 0) receives the energies on the way.
   * (assembly/energies/learnable.ts: learnableParamGrad(model: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void)
   */
  learnableParamGrad(model: number, out: number, w: number, Y: number, X: number, n: number, accumulate: number, E: number): void;
  /**
   * ---- inference shared by every model
   * energyDescend(desc, Y m×D inout, m, steps, stepSize, E f32[m]|0): gradient descent on y for any energy
   *
   * `steps` steps of y ← y − ε·∇_y F(y) for the m rows of Y (m×D in/out, D the
   * descriptor's dim) through the energy dispatcher; E (f32[m], or 0) gets the
   * final energies. A coordinate whose gradient is not finite stays in place.
   * Conditional energies read their x from the descriptor (set it first).
   * (assembly/energies/descend.ts: energyDescend(desc: usize, Y: usize, m: i32, steps: i32, stepSize: f32, E: usize): void)
   */
  energyDescend(desc: number, Y: number, m: number, steps: number, stepSize: number, E: number): void;
  /**
   * repeatRows(out n·times×C, X n×C, n, C, times): each row repeated `times` times
   *
   * out (n·times × C) = each row of X (n × C) repeated `times` times in place (row r → rows r·times … r·times + times − 1).
   * (assembly/core/rows.ts: repeatRows(out: usize, X: usize, n: i32, C: i32, times: i32): void)
   */
  repeatRows(out: number, X: number, n: number, C: number, times: number): void;
  /**
   * uniformInBox(out m×D, m, D, lo f64[D], hi f64[D], rng state 32 B): start points uniform in a box
   *
   * out (m × D f32) = points uniform in the box [lo, hi) (lo, hi f64[D]): one
   * uniform per value from the RNG state (advanced as rngUniform does), scaled
   * in f64 as lo + u·(hi − lo) and rounded once to f32.
   * (assembly/core/rows.ts: uniformInBox(out: usize, m: i32, D: i32, lo: usize, hi: usize, state: usize): void)
   */
  uniformInBox(out: number, m: number, D: number, lo: number, hi: number, state: number): void;
  /**
   * ---- restricted Boltzmann machines (energies/rbm*.ts, train/rbm.ts); a model block m from rbmCreate
   * rbmCreate(V, H, gaussian 0|1) → m (θ = W H×V, b V, c H, zero; m is its own KIND_RBM descriptor)
   *
   * Creates an RBM block with V visible and H hidden units (gaussian: 1 for
   * Gaussian visible units), θ zero. Free with rbmDestroy.
   * (assembly/energies/rbm.ts: rbmCreate(V: i32, H: i32, gaussian: i32): usize)
   */
  rbmCreate(V: number, H: number, gaussian: number): number;
  /**
   * rbmDestroy(m)
   * (assembly/energies/rbm.ts: rbmDestroy(m: usize): void)
   */
  rbmDestroy(m: number): void;
  /**
   * rbmParams(m) → θ f32[P] in place
   *
   * θ in place: W (H×V, components_), then b (V), then c (H).
   * (assembly/energies/rbm.ts: rbmParams(m: usize): usize)
   */
  rbmParams(m: number): number;
  /**
   * rbmNumParams(m) → P = H·V + V + H
   * (assembly/energies/rbm.ts: rbmNumParams(m: usize): i32)
   */
  rbmNumParams(m: number): number;
  /**
   * rbmFreeEnergy(m, E f32[n], V n×V, n): F(v) = −bᵀv − Σ softplus(c + Wv) (Gaussian: ½‖v − b‖² − …)
   *
   * E f32[n] = F(v) for the n rows of Vm.
   * (assembly/energies/rbm.ts: rbmFreeEnergy(m: usize, E: usize, Vm: usize, n: i32): void)
   */
  rbmFreeEnergy(m: number, E: number, Vm: number, n: number): void;
  /**
   * rbmHiddenProbs(m, P n×H, V n×V, n): p(h = 1 | v)
   *
   * P n×H = p(h = 1 | v) = σ(c + W v) for the n rows of Vm (scikit-learn's transform).
   * (assembly/energies/rbm.ts: rbmHiddenProbs(m: usize, P: usize, Vm: usize, n: i32): void)
   */
  rbmHiddenProbs(m: number, P: number, Vm: number, n: number): void;
  /**
   * rbmVisibleInput(m, out n×V, H n×H, n, squash 0|1): b + Wᵀh, σ(·) when squash
   *
   * out n×V = b + Wᵀh for the n rows of Hm (n×H, binary or probabilities); with
   * `squash` the Bernoulli mean σ(·), else the pre-activation (a Gaussian unit's mean).
   * (assembly/energies/rbm.ts: rbmVisibleInput(m: usize, out: usize, Hm: usize, n: i32, squash: i32): void)
   */
  rbmVisibleInput(m: number, out: number, Hm: number, n: number, squash: number): void;
  /**
   * rbmPseudoLikelihood(m, out f32[n], V n×V, n, idx i32[n], draw 0|1, rng): scikit-learn's score_samples
   *
   * scikit-learn's BernoulliRBM.score_samples: for row r, flip unit idx[r] and
   * out[r] = V·log σ(F(v') − F(v)) (a pseudo-log-likelihood). With draw ≠ 0 the
   * indices are drawn uniformly in [0, V) from the RNG state (one Philox word
   * per row, by rejection when needed) and written to idx; else idx is read.
   * (assembly/energies/rbm.ts: rbmPseudoLikelihood(m: usize, out: usize, Vm: usize, n: i32, idx: usize, draw: i32, rng: usize): void)
   */
  rbmPseudoLikelihood(m: number, out: number, Vm: number, n: number, idx: number, draw: number, rng: number): void;
  /**
   * rbmDataLogits(out f32[V], X n×V, n, V, eps): log((p + ε)/(1 − p + ε)) of the column means
   *
   * out f32[V] = log((p_k + ε)/(1 − p_k + ε)) with p_k the mean of column k of X (n×V):
   * visible biases that match the data's marginals (Hinton's practical guide, §8),
   * used to start training and as the AIS base.
   * (assembly/energies/rbm.ts: rbmDataLogits(out: usize, X: usize, n: i32, V: i32, eps: f64): void)
   */
  rbmDataLogits(out: number, X: number, n: number, V: number, eps: number): void;
  /**
   * rbmGibbs(m, V n×V inout, H n×H|0, n, steps, rng, chain0): block-Gibbs sweeps of n chains, chain i's draws keyed by chain0 + i
   *
   * `steps` block-Gibbs sweeps of n chains: h ~ p(h | v), then v ~ p(v | h).
   * Vm n×V in/out; Hm n×H receives the last hidden draw (or 0); rng 32 B: its
   * counter (low word) advances by steps·B; chain0 is the first row's chain index.
   * (assembly/energies/rbmGibbs.ts: rbmGibbs(m: usize, Vm: usize, Hm: usize, n: i32, steps: i32, rng: usize, chain0: i32): void)
   */
  rbmGibbs(m: number, Vm: number, Hm: number, n: number, steps: number, rng: number, chain0: number): void;
  /**
   * rbmSampleVisible(m, V n×V out, H n×H, n, rng, U n×V work): v ~ p(v | h)
   *
   * Vm n×V ← a draw of v ~ p(v | h) for the rows of Hm; U n×V work.
   * (assembly/energies/rbmGibbs.ts: rbmSampleVisible(m: usize, Vm: usize, Hm: usize, n: i32, rng: usize, U: usize): void)
   */
  rbmSampleVisible(m: number, Vm: number, Hm: number, n: number, rng: number, U: number): void;
  /**
   * rbmTrainBatches(m, X n×V, n, perm i32[n], B, first, count, k, persistent, chains B×V, vel f32[P], lr, momentum, wd, rng) → −1 or the batch that went non-finite
   *
   * Minibatches first … first + count − 1 of an epoch over X (n×V) in the order
   * perm i32[n] (batch b holds rows perm[b·B … min(n, (b+1)·B))). persistent ≠ 0:
   * the negative phase continues `chains` (B×V, in/out); else it starts at the
   * batch. vel f32[P] is the momentum buffer; the step is
   *   vel ← momentum·vel + lr·(∇̂ − weightDecay·W),  θ ← θ + vel.
   * Returns −1, or the first batch after which θ holds a NaN/±Inf (it stops there).
   * (assembly/train/rbm.ts: rbmTrainBatches(m: usize, X: usize, n: i32, perm: usize, B: i32, first: i32, count: i32, k: i32, persistent: i32, chains: usize, vel: usize, lr: f32, momentum: f32, weightDecay: f32, rng: usize): i32)
   */
  rbmTrainBatches(m: number, X: number, n: number, perm: number, B: number, first: number, count: number, k: number, persistent: number, chains: number, vel: number, lr: number, momentum: number, weightDecay: number, rng: number): number;
  /**
   * rbmLogPartitionExact(m) → log Z by enumerating the smaller layer (≤ RBM_MAX_EXACT_UNITS units)
   *
   * log Z, exactly: the smaller layer enumerated (hidden units only, for Gaussian
   * visible units), at most RBM_MAX_EXACT_UNITS of them (else E_BAD_ARGUMENT).
   * (assembly/energies/rbmPartition.ts: rbmLogPartitionExact(m: usize): f64)
   */
  rbmLogPartitionExact(m: number): number;
  /**
   * rbmAisBaseLogZ(m, bA f32[V]) → log Z of the AIS base with visible biases bA
   *
   * log Z of the AIS base p₀(v) ∝ exp(b_Aᵀv)·Π_j (1 + e⁰) (Gaussian: exp(−½‖v − b_A‖²)·2^H).
   * (assembly/energies/rbmPartition.ts: rbmAisBaseLogZ(m: usize, bA: usize): f64)
   */
  rbmAisBaseLogZ(m: number, bA: number): number;
  /**
   * rbmAisRun(m, bA f32[V], betas f64[K], K, kFrom, kTo, V n×V inout, logw f64[n] inout, n, rng)
   *
   * AIS temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1)
   * for n chains Vc (n×V, in/out) with log-weights logw f64[n] (in/out). At k = 0
   * the chains are drawn from the base (visible biases bA f32[V]); at k ≥ 1 the
   * weights gain log p*_k(v) − log p*_{k−1}(v) and, below the last temperature,
   * the chains take one Gibbs sweep that leaves p_k invariant
   * (h ~ σ(β·(c + Wv)), v from (1 − β)·b_A + β·(b + Wᵀh)). rng 32 B, advanced.
   * (assembly/energies/rbmPartition.ts: rbmAisRun(m: usize, bA: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, Vc: usize, logw: usize, n: i32, rng: usize): void)
   */
  rbmAisRun(m: number, bA: number, betas: number, K: number, kFrom: number, kTo: number, Vc: number, logw: number, n: number, rng: number): void;
  /**
   * ---- annealed importance sampling for any energy (samplers/ais.ts); a path descriptor is KIND_AIS_PATH
   * aisInit(s, desc): the sampler state's positions drawn from the path's Gaussian base
   *
   * Draws the sampler state's positions from the base, y = μ + σ·z, with the state's own RNG.
   * (assembly/samplers/ais.ts: aisInit(s: usize, desc: usize): void)
   */
  aisInit(s: number, desc: number): void;
  /**
   * aisRun(s, desc, betas f64[K], K, kFrom, kTo, logw f64[C] inout, steps): temperatures kFrom … kTo − 1
   *
   * Temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1) for
   * the chains of sampler state s on path descriptor desc: at k ≥ 1 every
   * chain's log-weight (logw f64[C]) gains −(β_k − β_{k−1})·(b·F − U₀) at its
   * position (−∞ where F is not finite), then, below the last temperature, the
   * chains take `steps` transitions of the state's kind at β_k.
   * (assembly/samplers/ais.ts: aisRun(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32): void)
   */
  aisRun(s: number, desc: number, betas: number, K: number, kFrom: number, kTo: number, logw: number, steps: number): void;
  /**
   * aisBaseLogZ(σ f32[D], D) → log Z of exp(−½‖(y − μ)/σ‖²)
   *
   * log Z₀ = Σ log σ_k + (D/2)·log 2π of the base N(μ, diag σ²) (for exp(−U₀)).
   * (assembly/samplers/ais.ts: aisBaseLogZ(sd: usize, D: i32): f64)
   */
  aisBaseLogZ(sd: number, D: number): number;
  /**
   * aisSummary(logw f64[n], n, out f64[3]): [log mean exp, standard error, ESS]
   *
   * From n log-weights (f64): out f64[3] = [log mean exp(logw), its standard
   * error by the delta method (sd of the weights / (mean·√n)), the effective
   * sample size (Σw)²/Σw²]. Weights of −∞ count as zero.
   * (assembly/samplers/ais.ts: aisSummary(logw: usize, n: i32, out: usize): void)
   */
  aisSummary(logw: number, n: number, out: number): void;
  /**
   * ---- noise-contrastive estimation: an NCE block is nceBytes(), layout NCE_* in train/nce.ts
   * nceBytes() → bytes of an NCE block
   *
   * The bytes an NCE block needs.
   * (assembly/train/nce.ts: nceBytes(): i32)
   */
  nceBytes(): number;
  /**
   * nceScratchBytes(B, ratio, D, numParams) → f64 bytes of the scratch block
   *
   * The scratch bytes an NCE block needs (f64: the SDK checks the size before allocating).
   * (assembly/train/nce.ts: nceScratchBytes(B: i32, ratio: i32, D: i32, P: i32): f64)
   */
  nceScratchBytes(B: number, ratio: number, D: number, P: number): number;
  /**
   * nceFitNoise(block, X n×D, n): the noise Gaussian's mean and Cholesky factor from the data
   *
   * Fits the noise N(μ, Σ) to X (n×D): μ the column means, Σ the covariance
   * (1/n, plus 1e-6·tr Σ/D on the diagonal so a flat direction still has a
   * density), L its Cholesky factor; all sums in f64. Fails when Σ is not
   * positive definite (data with no spread).
   * (assembly/train/nce.ts: nceFitNoise(t: usize, X: usize, n: i32): void)
   */
  nceFitNoise(t: number, X: number, n: number): void;
  /**
   * nceDrawNoise(block): the next ν·B noise rows into the scratch block
   *
   * Draws the step's M = ν·B noise rows y = μ + L·z into the rows area after the data, with −log p_n(y) = ½‖z‖² + log norm.
   * (assembly/train/nce.ts: nceDrawNoise(t: usize): void)
   */
  nceDrawNoise(t: number): void;
  /**
   * nceLossGrad(block, P B×D, accuracy f64*|0) → loss; ∂/∂θ at nceGradient(block), ∂/∂c at NCE_GC
   *
   * The NCE loss of the data batch P (B×D) against the noise drawn last, and its
   * gradient: the logit u = −F(y) − c − log p_n(y) − log ν (model against ν·noise),
   * loss = (1/B)·[Σ_data softplus(−u) + Σ_noise softplus(u)]; ∂loss/∂F_r = w_r
   * with w = σ(−u)/B on data and −σ(u)/B on noise, ∂loss/∂θ = Σ_r w_r ∂F_r/∂θ
   * into the scratch gradient and ∂loss/∂c = Σ_r w_r at NCE_GC. Returns the loss;
   * *accuracy (f64) receives the share of rows classified right.
   * (assembly/train/nce.ts: nceLossGrad(t: usize, P: usize, accuracy: usize): f64)
   */
  nceLossGrad(t: number, P: number, accuracy: number): number;
  /**
   * nceGradient(block) → pointer to f32[numParams]
   *
   * Pointer to ∂loss/∂θ f32[P] of the last nceLossGrad.
   * (assembly/train/nce.ts: nceGradient(t: usize): usize)
   */
  nceGradient(t: number): number;
  /**
   * nceStep(block, P B×D, stats f64[4])
   *
   * One NCE training step on the data batch P (B×D): noise, loss and gradient,
   * one optimizer update of θ and c; stats f64[4] out. At the first step c
   * starts at the importance-sampling estimate log mean_noise exp(−F − log p_n)
   * of log Z, so a randomly initialised model does not spend its first thousands
   * of steps moving c. θ and c change only when loss and gradient are finite.
   * (assembly/train/nce.ts: nceStep(t: usize, P: usize, stats: usize): void)
   */
  nceStep(t: number, P: number, stats: number): void;
  /**
   * ---- denoising autoencoder (energies/dae.ts): its block is a descriptor of KIND_DAE, F = ‖y − r(y)‖²
   * daeCreate(sizes i32[L+1] = [D, …, D], L, act, corruption DAE_*, std|rate, lo, hi) → dae
   *
   * Creates an autoencoder: sizes i32[L+1] = [D, …, D] (act an ACT_* code on every hidden layer, the code included).
   * (assembly/energies/dae.ts: daeCreate(sizes: usize, L: i32, act: i32, corr: i32, p: f32, lo: f32, hi: f32): usize)
   */
  daeCreate(sizes: number, L: number, act: number, corr: number, p: number, lo: number, hi: number): number;
  /**
   * daeSetPenalty(dae, DAE_PENALTY_*, λ): contractive or saturating penalty of a one-layer encoder's code
   *
   * Sets the training penalty (DAE_PENALTY_*, weight λ ≥ 0). Needs a one-layer
   * encoder (sizes [D, d, D]) and an activation the penalty is defined for.
   * (assembly/energies/dae.ts: daeSetPenalty(a: usize, kind: i32, lambda: f32): void)
   */
  daeSetPenalty(a: number, kind: number, lambda: number): void;
  /**
   * daeDestroy(dae)
   * (assembly/energies/dae.ts: daeDestroy(a: usize): void)
   */
  daeDestroy(a: number): void;
  /**
   * daeNetwork(dae) → the encoder-decoder network (its θ through networkParams)
   *
   * The autoencoder network (energies/network.ts).
   * (assembly/energies/dae.ts: daeNetwork(a: usize): usize)
   */
  daeNetwork(a: number): number;
  /**
   * daeReconstruct(dae, Out n×D, Y n×D, n): r(y)
   *
   * Out (n×D) = r(Y).
   * (assembly/energies/dae.ts: daeReconstruct(a: usize, Out: usize, Y: usize, n: i32): void)
   */
  daeReconstruct(a: number, Out: number, Y: number, n: number): void;
  /**
   * daeField(dae, Out n×D, Y n×D, n, scale): scale·(r(y) − y)
   *
   * Out (n×D) = scale·(r(y) − y): the field (scale 1) or the score estimate (scale 1/σ²).
   * (assembly/energies/dae.ts: daeField(a: usize, Out: usize, Y: usize, n: i32, scale: f32): void)
   */
  daeField(a: number, Out: number, Y: number, n: number, scale: number): void;
  /**
   * daeProject(dae, Out n×D, Y n×D, n, steps): y ← r(y) `steps` times (Out ≠ Y)
   *
   * Out (n×D) = r applied `steps` times to Y (Out may not alias Y).
   * (assembly/energies/dae.ts: daeProject(a: usize, Out: usize, Y: usize, n: i32, steps: i32): void)
   */
  daeProject(a: number, Out: number, Y: number, n: number, steps: number): void;
  /**
   * daeTrainBatch(dae, Y N×D, N, idx i32[B], B, gradOut f32[P], rng) → Σ‖r(ỹ) − y‖² (f64), gradOut = mean ∂/∂θ
   *
   * One minibatch of denoising: rows idx i32[B] of Y (N×D) are corrupted in the
   * workspace with draws from the RNG state `rng` (advanced), reconstructed, and
   * compared with the clean rows. Returns Σ ‖r(ỹ) − y‖² + P(ỹ) (f64, P the
   * penalty at the encoder's input) and writes gradOut (f32[P]) = (1/B)·Σ of
   * its ∂/∂θ for the caller's optimizer.
   * (assembly/energies/dae.ts: daeTrainBatch(a: usize, Y: usize, N: i32, idx: usize, B: i32, gradOut: usize, rng: usize): f64)
   */
  daeTrainBatch(a: number, Y: number, N: number, idx: number, B: number, gradOut: number, rng: number): number;
}

/** Every exported function and its number of parameters: init() checks each against the module. */
export const EXPORT_ARITY = {
  alloc: 1,
  free: 1,
  firstNonFinite: 2,
  errorCode: 0,
  errorDetail: 0,
  clearError: 0,
  philox4x32: 7,
  rngInit: 4,
  rngU32: 3,
  rngUniform: 3,
  rngNormal: 3,
  rngNormalFast: 3,
  dot: 3,
  axpy: 4,
  gemv: 5,
  gemm: 6,
  sqdist: 6,
  logsumexpRows: 4,
  kmeansEnergy: 7,
  kmeansFreeEnergy: 7,
  gatherRows: 5,
  kmeansComplete: 8,
  gridPoints: 7,
  kmeansPlusPlus: 7,
  kmeansAssign: 8,
  kmeansLloydStep: 8,
  kmeansOnlineEpoch: 12,
  kmeansWorkBytes: 2,
  kmeansAssignSlice: 10,
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
  sparsePrepare: 6,
  sparseLipschitz: 2,
  sparseEncode: 13,
  sparseDecode: 6,
  sparseEnergy: 9,
  sparseMerge: 5,
  dictionaryInit: 6,
  dictionaryEpoch: 16,
  dictionaryOnlineEpoch: 19,
  toySpiral: 5,
  toyMoons: 5,
  toyCircles: 6,
  toyEightGaussians: 6,
  toyCheckerboard: 5,
  toyPinwheel: 8,
  toySwissRoll: 4,
  toyHorn: 5,
  eightGaussiansLogDensity: 5,
  meanColumnVariance: 3,
  peakProbe: 1,
  mlpCreate: 7,
  mlpDestroy: 1,
  mlpParams: 1,
  mlpNumParams: 1,
  mlpSync: 1,
  mlpInitUniform: 2,
  mlpEnergy: 5,
  mlpEnergyGrad: 6,
  mlpParamGrad: 8,
  mlpSetCondition: 2,
  mlpSetConditionRow: 2,
  networkCreate: 4,
  networkDestroy: 1,
  networkParams: 1,
  networkNumParams: 1,
  networkSync: 1,
  networkInitUniform: 2,
  networkForward: 4,
  networkBackward: 8,
  gloCreate: 3,
  gloDestroy: 1,
  gloNetwork: 1,
  gloSetCodes: 2,
  gloCodeState: 2,
  gloProjectCodes: 2,
  gloSetInference: 4,
  gloTrainBatch: 11,
  gloDecode: 4,
  gloEncode: 8,
  gloSample: 4,
  maeCreate: 4,
  maeDestroy: 1,
  maeNetwork: 1,
  maeTrainBatch: 14,
  maeConditionals: 5,
  maePseudoLL: 7,
  maeGibbs: 9,
  latentCreate: 8,
  latentDestroy: 1,
  latentNetwork: 1,
  latentSetInference: 4,
  latentSetSize: 1,
  latentFree: 7,
  latentParamGrad: 10,
  latentGradY: 7,
  latentTrainBatch: 7,
  latentPredict: 5,
  distinctMinima: 8,
  activationEval: 5,
  sumSquaresF64: 2,
  sgdStep: 10,
  adamStep: 13,
  crc32: 2,
  energyEval: 5,
  spdInverse: 3,
  symEigen: 4,
  pcaFit: 7,
  pcaTransform: 7,
  pcaInverse: 7,
  pcaProject: 7,
  gmmPartOffset: 3,
  gmmPrepare: 3,
  gmmEStep: 7,
  gmmSample: 7,
  gmmMStep: 8,
  gmmRespFromLabels: 4,
  samplerStateBytes: 4,
  samplerLayout: 9,
  samplerDefaultPositions: 3,
  samplerValidate: 4,
  samplerConfigure: 3,
  samplerPrime: 2,
  samplerRun: 5,
  samplerResetCounters: 1,
  samplerSplit: 4,
  samplerJoin: 3,
  samplerRunPart: 7,
  samplerAdapt: 4,
  leapfrogTrajectory: 10,
  chainDiagnostics: 5,
  contrastiveLoss: 9,
  trainerBytes: 0,
  contrastiveStep: 3,
  contrastiveNegatives: 3,
  contrastiveFinish: 3,
  gatherBatch: 6,
  shuffleOrder: 3,
  shufflePerm: 3,
  gridCentres: 6,
  gridLogPartition: 5,
  gridLogLikelihood: 10,
  gridNllGrad: 11,
  mmd2: 6,
  columnBounds: 5,
  learnableParams: 1,
  learnableNumParams: 1,
  learnableSync: 1,
  learnableEnergy: 5,
  learnableSetCondition: 2,
  learnableParamGrad: 8,
  energyDescend: 6,
  repeatRows: 5,
  uniformInBox: 6,
  rbmCreate: 3,
  rbmDestroy: 1,
  rbmParams: 1,
  rbmNumParams: 1,
  rbmFreeEnergy: 4,
  rbmHiddenProbs: 4,
  rbmVisibleInput: 5,
  rbmPseudoLikelihood: 7,
  rbmDataLogits: 5,
  rbmGibbs: 7,
  rbmSampleVisible: 6,
  rbmTrainBatches: 15,
  rbmLogPartitionExact: 1,
  rbmAisBaseLogZ: 2,
  rbmAisRun: 10,
  aisInit: 2,
  aisRun: 8,
  aisBaseLogZ: 2,
  aisSummary: 3,
  nceBytes: 0,
  nceScratchBytes: 4,
  nceFitNoise: 3,
  nceDrawNoise: 1,
  nceLossGrad: 3,
  nceGradient: 1,
  nceStep: 3,
  daeCreate: 7,
  daeSetPenalty: 3,
  daeDestroy: 1,
  daeNetwork: 1,
  daeReconstruct: 4,
  daeField: 5,
  daeProject: 5,
  daeTrainBatch: 7,
} as const;

/** The name of an exported function. */
export type ExportName = keyof typeof EXPORT_ARITY;

/**
 * Exports whose result is a usize or u32: WebAssembly hands every i32 result to
 * JavaScript signed, so a pointer past 2^31 (or a CRC with its top bit set)
 * arrives negative; the SDK's bindings return these as `result >>> 0`.
 */
export const UNSIGNED_RESULTS: readonly ExportName[] = [
  'alloc',
  'philox4x32',
  'rngInit',
  'rngU32',
  'rngUniform',
  'rngNormal',
  'rngNormalFast',
  'axpy',
  'gemv',
  'gemm',
  'sqdist',
  'logsumexpRows',
  'kmeansPlusPlus',
  'toySpiral',
  'toyMoons',
  'toyCircles',
  'toyEightGaussians',
  'toyCheckerboard',
  'toyPinwheel',
  'toySwissRoll',
  'toyHorn',
  'eightGaussiansLogDensity',
  'mlpCreate',
  'mlpParams',
  'networkCreate',
  'networkParams',
  'gloCreate',
  'gloNetwork',
  'gloSetCodes',
  'gloCodeState',
  'maeCreate',
  'maeNetwork',
  'latentCreate',
  'latentNetwork',
  'crc32',
  'learnableParams',
  'rbmCreate',
  'rbmParams',
  'nceGradient',
  'daeCreate',
  'daeNetwork',
];

// ---- assembly/core/errors.ts
/** No error. */
export const E_NONE = 0;
/** The allocator cannot grow memory for the request (the SDK's OUT_OF_MEMORY). */
export const E_OUT_OF_MEMORY = 1;
/** A count, size or setting is outside what the kernel accepts; the detail names which. */
export const E_BAD_ARGUMENT = 2;
/** Sizes that do not fit each other. */
export const E_BAD_SHAPE = 3;
/** A NaN or infinity where the kernel needs finite values. */
export const E_NOT_FINITE = 4;
/** A pointer not 16-byte aligned or outside memory. */
export const E_BAD_POINTER = 5;

// ---- assembly/core/memory.ts
/**
 * The largest block alloc hands out, in bytes. TLSF's largest block is just
 * under 1 GiB (BLOCK_MAXSIZE = 2^30 minus its header); a request above that
 * would trap. The SDK refuses larger requests before they cross the ABI.
 */
export const MAX_BLOCK_BYTES = 1073741760;

// ---- assembly/core/rng.ts
export const RNG_STATE_BYTES = 32;

// ---- assembly/core/scratch.ts
/** energies: per-row work vectors */
export const SLOT_ENERGY_A = 0;
/** energies: per-component values */
export const SLOT_ENERGY_B = 1;
/** leapfrogTrajectory: gradients */
export const SLOT_LEAPFROG = 2;
/** diagnostics: one split-chain series */
export const SLOT_DIAG_A = 3;
/** diagnostics: ranks / sort keys */
export const SLOT_DIAG_B = 4;
/** diagnostics: autocorrelations */
export const SLOT_DIAG_C = 5;
/** diagnostics: FFT work arrays */
export const SLOT_FFT = 6;
/** leapfrog: ε·M⁻¹ tiled over the chains */
export const SLOT_LEAPFROG_MASS = 7;
/** hmc: √M tiled over the chains */
export const SLOT_HMC_SCALE = 8;

// ---- assembly/energies/activations.ts
export const ACT_IDENTITY = 0;
export const ACT_RELU = 1;
export const ACT_LEAKY_RELU = 2;
export const ACT_SILU = 3;
export const ACT_SOFTPLUS = 4;
export const ACT_TANH = 5;
/** tanh approximation, as PyTorch nn.GELU(approximate='tanh') */
export const ACT_GELU = 6;
export const ACT_ELU = 7;

// ---- assembly/energies/dae.ts
export const KIND_DAE = 24;
/** Corruptions of daeTrainBatch: Gaussian noise of std p, masking (zero) with rate p, salt-and-pepper with rate p. */
export const DAE_GAUSSIAN = 0;
export const DAE_MASK = 1;
export const DAE_SALT_PEPPER = 2;
/** Penalties of daeSetPenalty on the code h = act(W₁y + b₁) of a one-layer encoder. */
export const DAE_PENALTY_NONE = 0;
/** λ‖∂h/∂y‖²_F = λ Σ_j act'(z_j)² ‖W₁ⱼ‖² (Rifai et al. 2011); tanh, relu or identity. */
export const DAE_PENALTY_CONTRACTIVE = 1;
/** λ Σ_j max(0, z_j): each relu unit's distance from its flat region z ≤ 0 (Goroshin & LeCun 2013); relu only. */
export const DAE_PENALTY_SATURATING = 2;

// ---- assembly/energies/descriptor.ts
export const DESC_BYTES = 96;
// field offsets (bytes)
export const DESC_KIND = 0;
export const DESC_DIM = 4;
/** p0..p3, u32 pointers */
export const DESC_P = 8;
/** i0, i1, i32 */
export const DESC_I = 24;
/** f0..f3, f64 */
export const DESC_F = 32;
export const KIND_GAUSSIAN = 1;
export const KIND_MIXTURE = 2;
export const KIND_DOUBLE_WELL = 3;
export const KIND_BANANA = 4;
export const KIND_FUNNEL = 5;
export const KIND_RING = 6;
export const KIND_ISING = 7;
export const KIND_KMEANS = 10;
/** Sparse coding F∞ (energies/sparse.ts): p0 = W, p1 = WT, p2 = Gram, i0 = atoms, i1 = maxIter, f0 = λ, f1 = tol. */
export const KIND_SPARSE = 11;
/** p0 mean f32[d], p1 components f32[q×d], i0 q (energies/pca.ts) */
export const KIND_PCA = 12;
/** p0 parameter block f64, i0 k, f0 β (energies/gmm.ts) */
export const KIND_GMM = 13;
export const KIND_HOST = 15;
/** The MLP energy: an MLP net block (energies/mlp.ts) is itself a descriptor of this kind. */
export const KIND_MLP = 20;
/** GLO (energies/glo.ts): its model block is a descriptor of this kind; F is F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖². */
export const KIND_GLO = 21;
/** The conditional latent-variable EBM (energies/latent.ts): a learnable model block of this kind. */
export const KIND_LATENT = 22;
/** An RBM's free energy: the RBM block (energies/rbm.ts) is itself a descriptor of this kind. */
export const KIND_RBM = 30;
/** AIS's geometric path from a Gaussian base to another energy (samplers/ais.ts). */
export const KIND_AIS_PATH = 31;

// ---- assembly/energies/glo.ts
/** Code optimizers of gloTrainBatch. */
export const GLO_CODE_SGD = 0;
export const GLO_CODE_ADAM = 1;

// ---- assembly/energies/gmm.ts
// parts of the parameter block, in this order (gmmPartOffset gives byte offsets)
/** f64[k] */
export const GMM_WEIGHTS = 0;
/** f64[k×d] */
export const GMM_MEANS = 1;
/** f64[k×d×d] */
export const GMM_COVARIANCES = 2;
/** f64[k×d×d], lower L with L Lᵀ = Σ */
export const GMM_CHOL = 3;
/** f64[k×d×d], lower L⁻¹ */
export const GMM_CHOL_INV = 4;
/** f64[k], log π_z − (d/2)·log 2π − log det L */
export const GMM_LOG_NORM = 5;
export const GMM_PARTS = 6;

// ---- assembly/energies/latent.ts
export const LATENT_DISCRETE = 0;
export const LATENT_CONTINUOUS = 1;

// ---- assembly/energies/mae.ts
/** The masked autoencoder: its block is a learnable model of this kind; F is the pseudo-log-likelihood energy. */
export const KIND_MAE = 23;

// ---- assembly/energies/network.ts
/** Rows per chunk: the workspace holds every layer's activations for this many rows. */
export const NET_CHUNK = 128;

// ---- assembly/energies/rbm.ts
// block header (bytes); θ follows at RBM_HEADER_BYTES: W (H×V), b (V), c (H)
/** KIND_RBM, so the block is its own energy descriptor */
export const RBM_O_KIND = 0;
/** V, the energy's dim */
export const RBM_O_VISIBLE = 4;
/** H */
export const RBM_O_HIDDEN = 8;
/** 1: Gaussian visible units, 0: Bernoulli */
export const RBM_O_GAUSSIAN = 12;
export const RBM_HEADER_BYTES = 64;
/** Most units on the enumerated side of an exact log Z (2^24 states). */
export const RBM_MAX_EXACT_UNITS = 24;

// ---- assembly/energies/sparse.ts
/**
 * Inference algorithms of sparseEncode.
 * cyclic coordinate descent on the Gram form (scikit-learn's lasso_cd)
 */
export const SPARSE_CD = 0;
export const SPARSE_ISTA = 1;
export const SPARSE_FISTA = 2;
// stats f64[4] of sparseEncode (byte offsets)
export const SPARSE_STATS_BYTES = 32;
/** Σ sweeps (CD) or steps (ISTA/FISTA) over the rows */
export const SPARSE_STAT_ITERATIONS = 0;
/** rows stopped by maxIter */
export const SPARSE_STAT_UNCONVERGED = 8;
/** most iterations one row took */
export const SPARSE_STAT_MAX_ITER = 16;
/** largest duality gap / ‖y‖² at stop */
export const SPARSE_STAT_MAX_GAP = 24;
/** Power-iteration steps for the Lipschitz constant of ISTA/FISTA (the largest eigenvalue of the Gram matrix). */
export const SPARSE_POWER_STEPS = 100;

// ---- assembly/samplers/gibbs.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** K f32: the values every coordinate takes */
export const SS_GIBBS_O_VALUES = 0;
/** (C·K)×D f32: row c·K + k is chain c with the current coordinate set to v_k */
export const SS_GIBBS_O_CAND = 4;
/** C·K f32: F of the candidate rows */
export const SS_GIBBS_O_CAND_E = 8;
/** K f64: exp(−β(F_k − min F)) of one chain */
export const SS_GIBBS_O_WEIGHTS = 12;
/** C×D f32: one uniform per chain and coordinate of a sweep */
export const SS_GIBBS_O_UNIFORM = 16;
/** Most values per coordinate. */
export const SAMPLER_GIBBS_MAX_VALUES = 65536;

// ---- assembly/samplers/hmc.ts
// section fields (relative to SS_SECTION)
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_HMC_O_G = 0;
/** i32 L ≥ 1 */
export const SS_HMC_LEAPFROG = 4;
/** f64 in [0, 1) */
export const SS_HMC_JITTER = 8;
/** C×D f32: the trajectory's end point */
export const SS_HMC_O_PROP = 16;
/** C f32 */
export const SS_HMC_O_PROP_E = 20;
/** C×D f32 */
export const SS_HMC_O_PROP_G = 24;
/** C×D f32 */
export const SS_HMC_O_MOM = 28;
/** C f32 */
export const SS_HMC_O_UNIFORM = 32;
/** D f64: diagonal M⁻¹ */
export const SS_HMC_O_INV_MASS = 36;
/** D f64: running means of the adaptation window */
export const SS_HMC_O_W_MEAN = 40;
/** D f64: running sums of squared deviations */
export const SS_HMC_O_W_M2 = 44;
/** Most leapfrog steps per transition (the option's maximum; also what a restored state may hold). */
export const SAMPLER_HMC_MAX_LEAPFROG = 65536;

// ---- assembly/samplers/kinds.ts
export const SAMPLER_RANDOM_WALK = 1;
export const SAMPLER_LANGEVIN = 2;
export const SAMPLER_MALA = 3;
export const SAMPLER_HMC = 4;
export const SAMPLER_GIBBS = 5;
// traits
/** ∇F at the positions (offset at SS_SECTION_O_GRAD) */
export const SAMPLER_NEEDS_GRAD = 1;
/** a step size ε > 0 */
export const SAMPLER_HAS_STEP = 2;
/** a Metropolis acceptance to adapt ε to */
export const SAMPLER_ADAPTS = 4;
/** a size parameter (SS_KIND_PARAM) that changes the section */
export const SAMPLER_HAS_PARAM = 8;

// ---- assembly/samplers/langevin.ts
// section fields (relative to SS_SECTION)
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_ULA_O_G = 0;
/** f64: multiplies √(2ε)·ξ */
export const SS_ULA_NOISE_SCALE = 8;
/** C×D f32 */
export const SS_ULA_O_PROP = 16;
/** C f32 */
export const SS_ULA_O_PROP_E = 20;
/** C×D f32 */
export const SS_ULA_O_PROP_G = 24;
/** C×D f32 */
export const SS_ULA_O_NOISE = 28;

// ---- assembly/samplers/mala.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_MALA_O_G = 0;
/** C×D f32 */
export const SS_MALA_O_PROP = 4;
/** C f32 */
export const SS_MALA_O_PROP_E = 8;
/** C×D f32 */
export const SS_MALA_O_PROP_G = 12;
/** C×D f32 */
export const SS_MALA_O_NOISE = 16;
/** C f32 */
export const SS_MALA_O_UNIFORM = 20;

// ---- assembly/samplers/randomWalk.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** C×D f32 */
export const SS_RW_O_PROP = 0;
/** C f32 */
export const SS_RW_O_PROP_E = 4;
/** C×D f32 */
export const SS_RW_O_NOISE = 8;
/** C f32 */
export const SS_RW_O_UNIFORM = 12;

// ---- assembly/samplers/run.ts
// samplerValidate's answers
export const SAMPLER_STATE_OK = 0;
/** too short, or no "EBMS" magic */
export const SAMPLER_STATE_NOT_A_STATE = 1;
/** another version (SS_VERSION says which) */
export const SAMPLER_STATE_OLD_VERSION = 2;
/** an unknown kind, or a size parameter the kind cannot have */
export const SAMPLER_STATE_KIND = 3;
/** not for the given chains × dim */
export const SAMPLER_STATE_SHAPE = 4;
/** byte size or an array offset differs from the kind's layout */
export const SAMPLER_STATE_LAYOUT = 5;
/** a field out of range (iteration, β, step, adaptation, the kind's own) */
export const SAMPLER_STATE_VALUES = 6;

// ---- assembly/samplers/state.ts
/** "EBMS" */
export const SS_MAGIC_VALUE = 0x534d4245;
/** Version 2: a common header plus one section per kind (version 1 had one layout for every kind). */
export const SS_VERSION_VALUE = 2;
export const SAMPLER_ADAPT_STEP = 1;
export const SAMPLER_ADAPT_MASS = 2;
// i32 fields
export const SS_MAGIC = 0;
export const SS_VERSION = 4;
export const SS_KIND = 8;
export const SS_CHAINS = 12;
export const SS_DIM = 16;
/** bytes of the whole block */
export const SS_BYTES = 20;
/** the kind's size parameter (Gibbs: number of values; 0 otherwise) */
export const SS_KIND_PARAM = 24;
/** transitions since init */
export const SS_ITER = 28;
/** transitions since the counters were reset */
export const SS_COUNTED = 32;
/** divergences in the last transition */
export const SS_LAST_DIV = 36;
export const SS_ADAPT_FLAGS = 40;
export const SS_ADAPT_START = 44;
export const SS_ADAPT_END = 48;
export const SS_WINDOW_START = 52;
export const SS_WINDOW_END = 56;
export const SS_WINDOW_SIZE = 60;
export const SS_TERM_START = 64;
export const SS_DA_COUNT = 68;
// f64 fields
export const SS_STEP = 72;
export const SS_BETA = 80;
export const SS_TARGET = 88;
export const SS_DA_MU = 96;
export const SS_DA_LOG_BAR = 104;
export const SS_DA_HBAR = 112;
export const SS_W_COUNT = 120;
export const SS_LAST_ACCEPT = 128;
export const SS_LAST_STEP = 136;
// Philox state (32 bytes, core/rng.ts: key, stream, then the u64 counter)
export const SS_RNG = 144;
/** SS_RNG + 16: blocks used so far */
export const SS_RNG_COUNTER = 160;
// u32 offsets of the common arrays
/** C×D f32 */
export const SS_O_POS = 176;
/** C f32 */
export const SS_O_E = 180;
/** C i32 */
export const SS_O_ACCEPTS = 184;
/** C i32 */
export const SS_O_NON_FINITE = 188;
/** C i32 */
export const SS_O_DIVERGENT = 192;
/** C i32 */
export const SS_O_LAST_ACC = 196;
/** C f64 */
export const SS_O_ACC_PROB = 200;
/** Where the kind's section of fields starts; the kind files give offsets relative to it. */
export const SS_SECTION = 208;
/**
 * A kind that uses ∇F keeps the u32 offset of ∇F at the positions (C×D f32) as its first
 * section field, so priming a state needs no per-kind code.
 */
export const SS_SECTION_O_GRAD = 0;
/** Bytes reserved for a kind's fields (its scalars and the u32 offsets of its arrays). */
export const SS_SECTION_BYTES = 64;
export const SS_HEADER_BYTES = 272;
// One walk over the arrays serves three purposes, so sizes, layout and checks cannot drift apart:
/** only compute where the arrays end */
export const SS_LAYOUT_SIZE = 0;
/** store each array's offset */
export const SS_LAYOUT_WRITE = 1;
/** compare each stored offset with the expected one */
export const SS_LAYOUT_CHECK = 2;
/** record each array's field and byte size (layoutList*, for splitting a state into parts) */
export const SS_LAYOUT_LIST = 3;

// ---- assembly/train/contrastive.ts
// the trainer block: i32 / usize fields, then f64 fields, then the RNG
/** the learnable model's descriptor (energies/learnable.ts) */
export const T_NET = 0;
export const T_DIM = 4;
/** B: rows per step (positives and negatives alike) */
export const T_BATCH = 8;
/** where negatives start: INIT_* */
export const T_INIT = 12;
/** 0 gradient descent, else the sampler state at T_SSTATE (its kind: langevin, mala, hmc) */
export const T_SAMPLER = 16;
/** sampler / descent steps per negative */
export const T_STEPS = 20;
export const T_LOSS = 24;
/** replay buffer f32[bufferSize × D] */
export const T_BUF = 28;
export const T_BUF_SIZE = 32;
/** rows filled so far */
export const T_BUF_COUNT = 36;
/** sampler state (chains = B) */
export const T_SSTATE = 40;
/** NOISE_* */
export const T_NOISE_MODE = 44;
/** f32[D] */
export const T_LO = 48;
/** f32[D] */
export const T_HI = 52;
/** OPT_* */
export const T_OPT = 56;
/** optimizer steps taken */
export const T_OPT_T = 60;
/** f32[P] momentum / first moment */
export const T_M = 64;
/** f32[P] second moment */
export const T_V = 68;
/** f32[B × D] negatives (when not in a sampler state) */
export const T_NEG = 72;
/** f32[4B + P + B·D]: E⁺, E⁻, w⁺, w⁻ (B each), the gradient (P), a B×D work area */
export const T_SCRATCH = 76;
/** i32[B]: buffer rows the negatives came from (−1: fresh) */
export const T_BUF_IDX = 80;
export const T_NESTEROV = 84;
export const T_DECOUPLED = 88;
/** training steps taken */
export const T_STEP_COUNT = 92;
// f64
/** descent step (the sampler keeps its own) */
export const T_STEP_SIZE = 96;
export const T_KICK = 104;
export const T_REINIT = 112;
export const T_STD = 120;
export const T_MARGIN = 128;
export const T_GAMMA = 136;
export const T_ALPHA = 144;
export const T_LR = 152;
/** adam β1, or sgd momentum */
export const T_BETA1 = 160;
export const T_BETA2 = 168;
export const T_EPS = 176;
export const T_WD = 184;
/** max gradient norm (≤ 0: none) */
export const T_CLIP = 192;
/** conditions x of the batch (B × C), 0 for F(y) */
export const T_PX = 200;
/** 32-byte Philox state */
export const T_RNG = 224;
export const TRAINER_BYTES = 256;
// codes of T_INIT, T_NOISE_MODE and T_OPT
/** the data rows plus a Gaussian kick (contrastive divergence) */
export const INIT_DATA = 0;
/** fresh noise (short-run MCMC) */
export const INIT_NOISE = 1;
/** a replay buffer (persistent contrastive divergence) */
export const INIT_BUFFER = 2;
/** uniform in [lo, hi] per coordinate */
export const NOISE_UNIFORM = 0;
/** N(0, std²) */
export const NOISE_NORMAL = 1;
export const OPT_SGD = 0;
export const OPT_ADAM = 1;
// stats f64[6] of contrastiveStep (byte offsets)
export const TRAIN_STATS_BYTES = 48;
export const TRAIN_STAT_LOSS = 0;
/** mean E⁺ of the batch */
export const TRAIN_STAT_ENERGY_POSITIVE = 8;
/** mean E⁻ of the negatives */
export const TRAIN_STAT_ENERGY_NEGATIVE = 16;
export const TRAIN_STAT_GRAD_NORM = 24;
/** 1, or 0 when the loss or gradient was not finite (parameters unchanged) */
export const TRAIN_STAT_OK = 32;
/** negatives' non-finite count */
export const TRAIN_STAT_NEG_NON_FINITE = 40;

// ---- assembly/train/dictionary.ts
// stats f64[4] of dictionaryUpdate and dictionaryOnlineEpoch (byte offsets)
export const DICT_STATS_BYTES = 32;
/** Σ_rows ½‖x − Wᵀz‖² + λ‖z‖₁ with the codes before the atom update */
export const DICT_STAT_OBJECTIVE = 0;
/** atoms re-seeded */
export const DICT_STAT_RESEEDED = 8;
/** Σ squared change of the atoms */
export const DICT_STAT_SHIFT = 16;
/** rows whose codes stopped at maxIter */
export const DICT_STAT_UNCONVERGED = 24;
/**
 * An atom is dead when its A_jj = Σ z_j² is at most this fraction of the
 * largest A_ll: its block update would divide by (almost) nothing.
 */
export const DICT_DEAD_FRACTION = 1e-10;

// ---- assembly/train/gmm.ts
export const GMM_FULL = 0;
export const GMM_DIAG = 1;
export const GMM_SPHERICAL = 2;

// ---- assembly/train/kmeans.ts
// Below this dimension distances are summed directly, (x − c)², lanes over
// centres; from it on through ||x||² + ||c||² − 2·x·c with a 4-point × 8-centre
// register block, which does two flops per coordinate instead of three.
export const DOT_MIN_DIM = 8;
// stats f64[4] of kmeansAssign, kmeansLloydStep and kmeansOnlineEpoch (byte offsets)
export const KMEANS_STATS_BYTES = 32;
export const KMEANS_STAT_INERTIA = 0;
/** Σ squared centre shift (0 from kmeansAssign) */
export const KMEANS_STAT_SHIFT = 8;
/** empty clusters re-seeded (0 from kmeansAssign) */
export const KMEANS_STAT_RESEEDED = 16;
/** labels changed */
export const KMEANS_STAT_CHANGED = 24;

// ---- assembly/train/losses.ts
/** E⁺ − E⁻: the sample estimate of the likelihood gradient */
export const LOSS_CONTRASTIVE = 0;
/** max(0, m + E⁺ − E⁻) */
export const LOSS_HINGE = 1;
/** log(1 + e^{E⁺ − E⁻}): a soft hinge */
export const LOSS_LOG = 2;
/** E⁺² + max(0, m − E⁻)² */
export const LOSS_SQUARE_SQUARE = 3;
/** E⁺² + γ·e^{−E⁻} */
export const LOSS_SQUARE_EXPONENTIAL = 4;
/** E⁺ − min(E⁺, E⁻) = max(0, E⁺ − E⁻) */
export const LOSS_PERCEPTRON = 5;

// ---- assembly/train/nce.ts
// the NCE block: i32 / pointer fields, then f64 fields, then the RNG
/** the learnable model's descriptor */
export const NCE_NET = 0;
export const NCE_DIM = 4;
/** B data rows per step */
export const NCE_BATCH = 8;
/** ν noise rows per data row */
export const NCE_RATIO = 12;
/** OPT_* (train/contrastive.ts) */
export const NCE_OPT = 16;
/** optimizer updates taken */
export const NCE_OPT_T = 20;
/** f32[P] first moment / momentum */
export const NCE_M = 24;
/** f32[P] second moment */
export const NCE_V = 28;
/** nceScratchLayout below */
export const NCE_SCRATCH = 32;
/** f32[D] noise mean */
export const NCE_MEAN = 36;
/** f32[D×D] noise Cholesky factor L (lower, row-major) */
export const NCE_CHOL = 40;
export const NCE_NESTEROV = 44;
export const NCE_DECOUPLED = 48;
/** training steps taken */
export const NCE_STEP_COUNT = 52;
/** f32 c, the learned log-normalizer */
export const NCE_C = 56;
/** f32 c's first moment / momentum */
export const NCE_CM = 60;
/** f32 c's second moment */
export const NCE_CV = 64;
/** 0 until the first step sets c from the noise draws */
export const NCE_C_SET = 68;
/** f32 ∂loss/∂c of the last nceLossGrad */
export const NCE_GC = 72;
// f64
export const NCE_LR = 80;
/** adam β1, or sgd momentum */
export const NCE_BETA1 = 88;
export const NCE_BETA2 = 96;
export const NCE_EPS = 104;
/** weight decay on θ (never on c: c is not a weight) */
export const NCE_WD = 112;
/** max global norm of (∇θ, ∂c) (≤ 0: none) */
export const NCE_CLIP = 120;
/** Σ log L_ii + (D/2)·log 2π: −log p_n(y) = ½‖L⁻¹(y − μ)‖² + this */
export const NCE_LOG_NORM = 128;
/** 32-byte Philox state */
export const NCE_RNG = 160;
export const NCE_BYTES = 192;
// stats f64[4] of nceStep (byte offsets)
export const NCE_STATS_BYTES = 32;
export const NCE_STAT_LOSS = 0;
/** share of data and noise rows the classifier gets right */
export const NCE_STAT_ACCURACY = 8;
export const NCE_STAT_GRAD_NORM = 16;
/** 1, or 0 when the loss or gradient was not finite (θ and c unchanged) */
export const NCE_STAT_OK = 24;
