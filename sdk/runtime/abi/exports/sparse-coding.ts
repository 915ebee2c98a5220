// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "sparse coding (energies/sparse.ts, train/dictionary.ts)" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * sparse coding (energies/sparse.ts, train/dictionary.ts)
 * W k×d atoms as rows; derived WT d×kp and Gram G k×kp (kp = k rounded up to 4); stats f64[4] (SPARSE_STAT_*, DICT_STAT_*).
 */
export interface SparseCodingExports {
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
   * The rows go in blocks of dictionaryBlockRows(n) (dictionaryBlock), whose
   * sums the fixed tree of dictionaryTreePush adds: workers that compute some of
   * the blocks (sdk/parallel/sparse.ts) give the same bytes.
   * Returns the objective.
   * (assembly/train/dictionary.ts: dictionaryEpoch(W: usize, Z: usize, E: usize, X: usize, n: i32, d: i32, k: i32, lambda: f32, maxIter: i32, tol: f64, warm: i32, WT: usize, G: usize, A: usize, B: usize, stats: usize): f64)
   */
  dictionaryEpoch(W: number, Z: number, E: number, X: number, n: number, d: number, k: number, lambda: number, maxIter: number, tol: number, warm: number, WT: number, G: number, A: number, B: number, stats: number): number;
  /**
   * dictionaryBlockRows(n) → rows per block of an alternating epoch (a function of n only)
   *
   * Rows per block of an epoch over n rows: depends on n only (never on who computes the blocks).
   * (assembly/train/dictionary.ts: dictionaryBlockRows(n: i32): i32)
   */
  dictionaryBlockRows(n: number): number;
  /**
   * dictionaryPartialBytes(d, k) → f64 bytes of a block's partial sums (objective, unconverged, A k×k, B d×k in f64)
   *
   * Bytes of one block's partial sums (f64: objective, unconverged, A k×k, B d×k).
   * (assembly/train/dictionary.ts: dictionaryPartialBytes(d: i32, k: i32): f64)
   */
  dictionaryPartialBytes(d: number, k: number): number;
  /**
   * dictionaryBlock(P, Z rows×k, E f32[rows], X rows×d, rows, d, k, lambda, maxIter, tol, warm, W, WT, G) → the block's objective
   *
   * One block of an alternating epoch: codes Z (rows×k; warm = 1 starts from
   * them) of the rows X (rows×d) by coordinate descent for the atoms W (k×d)
   * prepared in WT and G, their energies E f32[rows], and the block's partial P
   * (dictionaryPartialBytes): Σ energies (f64, row order) and unconverged rows,
   * A = ZᵀZ and B = XᵀZ from zero in row order. Returns the block's objective.
   * (assembly/train/dictionary.ts: dictionaryBlock(P: usize, Z: usize, E: usize, X: usize, rows: i32, d: i32, k: i32, lambda: f32, maxIter: i32, tol: f64, warm: i32, W: usize, WT: usize, G: usize): f64)
   */
  dictionaryBlock(P: number, Z: number, E: number, X: number, rows: number, d: number, k: number, lambda: number, maxIter: number, tol: number, warm: number, W: number, WT: number, G: number): number;
  /**
   * dictionaryTreeBytes(d, k, blocks) → f64 bytes of a tree block for an epoch's partials
   *
   * Bytes of a tree block for `blocks` partials.
   * (assembly/train/dictionary.ts: dictionaryTreeBytes(d: i32, k: i32, blocks: i32): f64)
   */
  dictionaryTreeBytes(d: number, k: number, blocks: number): number;
  /**
   * dictionaryTreeClear(T): empties a tree block
   *
   * Empties a tree block (before an epoch's first push).
   * (assembly/train/dictionary.ts: dictionaryTreeClear(T: usize): void)
   */
  dictionaryTreeClear(T: number): void;
  /**
   * dictionaryTreeSlot(T, d, k) → where the next block's partial goes
   *
   * Where the next block's partial goes (fill it by dictionaryBlock or copy a worker's, then dictionaryTreePush).
   * (assembly/train/dictionary.ts: dictionaryTreeSlot(T: usize, d: i32, k: i32): usize)
   */
  dictionaryTreeSlot(T: number, d: number, k: number): number;
  /**
   * dictionaryTreePush(T, d, k): adds the next block's partial in the fixed tree
   *
   * Adds the partial in the next slot (the next block, in block order) to the tree.
   * (assembly/train/dictionary.ts: dictionaryTreePush(T: usize, d: i32, k: i32): void)
   */
  dictionaryTreePush(T: number, d: number, k: number): void;
  /**
   * dictionaryTreeFinish(T, A f64 k×k, B f64 d×k, d, k, stats) → objective (the root's sums into A, B, stats)
   *
   * Adds what is pending from the right (the root), writes A (f64 k×k) and B
   * (f64 d×k), the objective and unconverged rows into stats (DICT_STAT_*),
   * empties the tree and returns the objective.
   * (assembly/train/dictionary.ts: dictionaryTreeFinish(T: usize, A: usize, B: usize, d: i32, k: i32, stats: usize): f64)
   */
  dictionaryTreeFinish(T: number, A: number, B: number, d: number, k: number, stats: number): number;
  /**
   * dictionaryUpdate(W, A, B, X n×d, E f32[n], n, d, k, stats) → atoms re-seeded (one block pass over the atoms)
   *
   * The atom update of an alternating epoch: one block pass over W (k×d, in
   * place) with A (f64 k×k) and B (f64 d×k); dead atoms are re-seeded from the
   * rows of X (n×d) with the largest energies E f32[n]. Writes the atoms
   * re-seeded and the squared shift into stats (DICT_STAT_*); returns the count.
   * (assembly/train/dictionary.ts: dictionaryUpdate(W: usize, A: usize, B: usize, X: usize, E: usize, n: i32, d: i32, k: i32, stats: usize): i32)
   */
  dictionaryUpdate(W: number, A: number, B: number, X: number, E: number, n: number, d: number, k: number, stats: number): number;
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
}

/** The number of parameters of each export above. */
export const sparseCodingArity = {
  sparsePrepare: 6,
  sparseLipschitz: 2,
  sparseEncode: 13,
  sparseDecode: 6,
  sparseEnergy: 9,
  sparseMerge: 5,
  dictionaryInit: 6,
  dictionaryEpoch: 16,
  dictionaryBlockRows: 1,
  dictionaryPartialBytes: 2,
  dictionaryBlock: 14,
  dictionaryTreeBytes: 3,
  dictionaryTreeClear: 1,
  dictionaryTreeSlot: 3,
  dictionaryTreePush: 3,
  dictionaryTreeFinish: 6,
  dictionaryUpdate: 9,
  dictionaryOnlineEpoch: 19,
} as const;

/** The exports above whose result is a usize or u32. */
export const sparseCodingUnsigned = ['dictionaryTreeSlot'] as const;
