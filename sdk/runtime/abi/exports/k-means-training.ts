// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "K-means training" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * K-means training
 * stats f64[4]: [inertia, Σ squared centre shift, centres re-seeded, labels changed].
 */
export interface KMeansTrainingExports {
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
}

/** The number of parameters of each export above. */
export const kMeansTrainingArity = {
  kmeansPlusPlus: 7,
  kmeansAssign: 8,
  kmeansLloydStep: 8,
  kmeansOnlineEpoch: 12,
} as const;

/** The exports above whose result is a usize or u32. */
export const kMeansTrainingUnsigned = ['kmeansPlusPlus'] as const;
