// Learning the dictionary of sparse coding (energies/sparse.ts): alternating
// minimization (codes for every row, then one block-coordinate pass over the
// atoms, as scikit-learn's `_update_dict`) and Mairal, Bach, Ponce & Sapiro's
// online dictionary learning (JMLR 2010: minibatch codes, running statistics
// A = Σ z zᵀ and B = Σ x zᵀ, then the same block pass). Atoms stay unit norm;
// an atom no code uses is re-seeded from the worst reconstructed row.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { cursorBegin, cursorEnd, nextBelow } from "../core/rng";
import { sparsePrepare, sparseEncode, sparseEnergy, SPARSE_CD } from "../energies/sparse";
import { allocBytes } from "../core/memory";

// stats f64[4] of dictionaryUpdate and dictionaryOnlineEpoch (byte offsets)
export const DICT_STATS_BYTES: i32 = 32;
export const DICT_STAT_OBJECTIVE: i32 = 0; // Σ_rows ½‖x − Wᵀz‖² + λ‖z‖₁ with the codes before the atom update
export const DICT_STAT_RESEEDED: i32 = 8; // atoms re-seeded
export const DICT_STAT_SHIFT: i32 = 16; // Σ squared change of the atoms
export const DICT_STAT_UNCONVERGED: i32 = 24; // rows whose codes stopped at maxIter

/**
 * An atom is dead when its A_jj = Σ z_j² is at most this fraction of the
 * largest A_ll: its block update would divide by (almost) nothing.
 */
export const DICT_DEAD_FRACTION: f64 = 1e-10;

/**
 * Initial atoms: the rows perm[0], perm[1], … of X (n×d), each scaled to unit
 * norm; zero rows are passed over. When fewer than k non-zero rows exist the
 * remaining atoms are the unit vectors e_(j mod d). W k×d out.
 */
export function dictionaryInit(W: usize, X: usize, n: i32, d: i32, k: i32, perm: usize): void {
  const dBytes = <usize>d << 2;
  let next = 0;
  for (let j = 0; j < k; j++) {
    const w = W + <usize>j * dBytes;
    let done = false;
    while (next < n && !done) {
      const x = X + <usize>load<i32>(perm + (<usize>next << 2)) * dBytes;
      next++;
      done = setUnit(w, x, d);
    }
    if (!done) {
      memory.fill(w, 0, dBytes);
      store<f32>(w + (<usize>(j % d) << 2), 1);
    }
  }
}

/** w = x/‖x‖ (norm in f64); false (w untouched) when x is zero. */
function setUnit(w: usize, x: usize, d: i32): bool {
  let s: f64 = 0;
  for (let t = 0; t < d; t++) {
    const v = <f64>load<f32>(x + (<usize>t << 2));
    s += v * v;
  }
  if (!(s > 0) || !isFinite(s)) return false;
  const inv = 1.0 / Math.sqrt(s);
  for (let t = 0; t < d; t++) store<f32>(w + (<usize>t << 2), <f32>(<f64>load<f32>(x + (<usize>t << 2)) * inv));
  return true;
}

/**
 * A ← beta·A + scale·ZᵀZ (k×k f64) and B ← beta·B + scale·XᵀZ (d×k f64) over
 * the rows of Z (rows×k) and X (rows×d); sums in row order.
 */
function accumulate(A: usize, B: usize, Z: usize, X: usize, rows: i32, d: i32, k: i32, beta: f64, scale: f64): void {
  const kk = k * k;
  const dk = d * k;
  for (let t = 0; t < kk; t++) store<f64>(A + (<usize>t << 3), beta * load<f64>(A + (<usize>t << 3)));
  for (let t = 0; t < dk; t++) store<f64>(B + (<usize>t << 3), beta * load<f64>(B + (<usize>t << 3)));
  for (let i = 0; i < rows; i++) {
    const z = Z + <usize>i * (<usize>k << 2);
    const x = X + <usize>i * (<usize>d << 2);
    for (let j = 0; j < k; j++) {
      const zj = <f64>load<f32>(z + (<usize>j << 2));
      if (zj == 0) continue;
      const s = scale * zj;
      const a = A + <usize>j * (<usize>k << 3);
      for (let l = 0; l < k; l++) store<f64>(a + (<usize>l << 3), load<f64>(a + (<usize>l << 3)) + s * <f64>load<f32>(z + (<usize>l << 2)));
    }
    for (let t = 0; t < d; t++) {
      const xt = scale * <f64>load<f32>(x + (<usize>t << 2));
      if (xt == 0) continue;
      const b = B + <usize>t * (<usize>k << 3);
      for (let j = 0; j < k; j++) store<f64>(b + (<usize>j << 3), load<f64>(b + (<usize>j << 3)) + xt * <f64>load<f32>(z + (<usize>j << 2)));
    }
  }
}

/**
 * One block-coordinate pass over the atoms (Mairal et al., Algorithm 2; the
 * same as scikit-learn's `_update_dict`): for j in order,
 * v = B_j − Σ_{l≠j} W_l·A_lj (f64), W_j = v/‖v‖, the exact minimizer of the
 * quadratic over the unit sphere with the other atoms fixed. Dead atoms
 * (A_jj ≤ DICT_DEAD_FRACTION·max A) and atoms whose v vanishes take the row
 * of X with the largest energy E (f32[rows])
 * not yet used for re-seeding in this pass. Returns the number re-seeded;
 * the squared change of W goes to lastShift.
 */
function bcdPass(W: usize, A: usize, B: usize, d: i32, k: i32, X: usize, E: usize, rows: i32): i32 {
  const dBytes = <usize>d << 2;
  const v = allocBytes(<u64>d << 3);
  const used = allocBytes(<u64>max(rows, 1));
  memory.fill(used, 0, <usize>max(rows, 1));
  let amax: f64 = 0;
  for (let j = 0; j < k; j++) amax = max(amax, load<f64>(A + <usize>(j * k + j) * 8));
  let reseeded = 0;
  let shift: f64 = 0;
  for (let j = 0; j < k; j++) {
    const w = W + <usize>j * dBytes;
    const ajj = load<f64>(A + <usize>(j * k + j) * 8);
    let ok = ajj > DICT_DEAD_FRACTION * amax && ajj > 0;
    if (ok) {
      let s: f64 = 0;
      for (let t = 0; t < d; t++) {
        let u = load<f64>(B + <usize>(t * k + j) * 8);
        for (let l = 0; l < k; l++) {
          if (l == j) continue;
          u -= <f64>load<f32>(W + <usize>l * dBytes + (<usize>t << 2)) * load<f64>(A + <usize>(l * k + j) * 8);
        }
        store<f64>(v + (<usize>t << 3), u);
        s += u * u;
      }
      ok = s > 0 && isFinite(s);
      if (ok) {
        const inv = 1.0 / Math.sqrt(s);
        for (let t = 0; t < d; t++) {
          const o = w + (<usize>t << 2);
          const nv = <f32>(load<f64>(v + (<usize>t << 3)) * inv);
          const e = <f64>nv - <f64>load<f32>(o);
          shift += e * e;
          store<f32>(o, nv);
        }
      }
    }
    if (!ok) {
      // the worst reconstructed row not yet taken (ties to the first); a zero row cannot be an atom
      let best = -1;
      let bestE: f32 = -1;
      for (let i = 0; i < rows; i++) {
        if (load<u8>(used + <usize>i) != 0) continue;
        const e = load<f32>(E + (<usize>i << 2));
        if (e > bestE) {
          bestE = e;
          best = i;
        }
      }
      if (best >= 0) {
        store<u8>(used + <usize>best, 1);
        const old = allocBytes(<u64>(dBytes));
        memory.copy(old, w, dBytes);
        if (setUnit(w, X + <usize>best * dBytes, d)) {
          for (let t = 0; t < d; t++) {
            const e = <f64>load<f32>(w + (<usize>t << 2)) - <f64>load<f32>(old + (<usize>t << 2));
            shift += e * e;
          }
        }
        heap.free(old);
      }
      // otherwise (no rows, or a zero row): the atom keeps its old unit-norm value
      reseeded++;
    }
  }
  heap.free(used);
  heap.free(v);
  lastShift = shift;
  return reseeded;
}

let lastShift: f64 = 0;

/**
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
 */
export function dictionaryEpoch(W: usize, Z: usize, E: usize, X: usize, n: i32, d: i32, k: i32, lambda: f32,
                                maxIter: i32, tol: f64, warm: i32, WT: usize, G: usize, A: usize, B: usize, stats: usize): f64 {
  if (n < 1 || d < 1 || k < 1) fail(E_BAD_ARGUMENT, 1);
  sparsePrepare(WT, G, W, k, d, 0);
  const rowsPer = dictionaryBlockRows(n);
  const blocks = (n + rowsPer - 1) / rowsPer;
  const T = allocBytes(<u64>dictionaryTreeBytes(d, k, blocks));
  dictionaryTreeClear(T);
  const dBytes = <usize>d << 2;
  const zBytes = <usize>k << 2;
  for (let b = 0; b < blocks; b++) {
    const r0 = b * rowsPer;
    const rows = min(rowsPer, n - r0);
    dictionaryBlock(dictionaryTreeSlot(T, d, k), Z + <usize>r0 * zBytes, E + (<usize>r0 << 2), X + <usize>r0 * dBytes,
      rows, d, k, lambda, maxIter, tol, warm, W, WT, G);
    dictionaryTreePush(T, d, k);
  }
  const objective = dictionaryTreeFinish(T, A, B, d, k, stats);
  heap.free(T);
  dictionaryUpdate(W, A, B, X, E, n, d, k, stats);
  return objective;
}

// ---- an epoch's rows in fixed blocks ------------------------------------------------------------

/** Most blocks of an epoch: a block's sums (A and B) cost k² + d·k f64, so their number stays small. */
export const DICT_MAX_BLOCKS: i32 = 32;
/** Rows of a block are a multiple of this (and at least this). */
export const DICT_BLOCK_ROWS: i32 = 64;

/** Rows per block of an epoch over n rows: depends on n only (never on who computes the blocks). */
export function dictionaryBlockRows(n: i32): i32 {
  const per = (max(n, 1) + DICT_MAX_BLOCKS - 1) / DICT_MAX_BLOCKS;
  return max(DICT_BLOCK_ROWS, (per + DICT_BLOCK_ROWS - 1) / DICT_BLOCK_ROWS * DICT_BLOCK_ROWS);
}

// a block's partial, f64: objective, unconverged rows, then A (k×k) and B (d×k)
const DP_OBJECTIVE: i32 = 0;
const DP_UNCONVERGED: i32 = 8;
const DP_HEADER_BYTES: i32 = 16;

/** Bytes of one block's partial sums (f64: objective, unconverged, A k×k, B d×k). */
export function dictionaryPartialBytes(d: i32, k: i32): f64 {
  return <f64>DP_HEADER_BYTES + (<f64>k * <f64>k + <f64>d * <f64>k) * 8;
}

/**
 * One block of an alternating epoch: codes Z (rows×k; warm = 1 starts from
 * them) of the rows X (rows×d) by coordinate descent for the atoms W (k×d)
 * prepared in WT and G, their energies E f32[rows], and the block's partial P
 * (dictionaryPartialBytes): Σ energies (f64, row order) and unconverged rows,
 * A = ZᵀZ and B = XᵀZ from zero in row order. Returns the block's objective.
 */
export function dictionaryBlock(P: usize, Z: usize, E: usize, X: usize, rows: i32, d: i32, k: i32, lambda: f32,
                                maxIter: i32, tol: f64, warm: i32, W: usize, WT: usize, G: usize): f64 {
  if (rows < 1 || d < 1 || k < 1) fail(E_BAD_ARGUMENT, 1);
  const es = allocBytes(32);
  sparseEncode(Z, X, rows, d, WT, G, k, lambda, SPARSE_CD, maxIter, tol, warm, es);
  const unconverged = load<f64>(es, 8);
  heap.free(es);
  const objective = sparseEnergy(E, 0, X, rows, d, W, k, Z, lambda);
  memory.fill(P, 0, <usize>dictionaryPartialBytes(d, k));
  const A = P + <usize>DP_HEADER_BYTES;
  const B = A + <usize>(k * k) * 8;
  accumulate(A, B, Z, X, rows, d, k, 1, 1);
  store<f64>(P, objective, DP_OBJECTIVE);
  store<f64>(P, unconverged, DP_UNCONVERGED);
  return objective;
}

// Tree block: the partials of an epoch's blocks added in one fixed binary tree
// over the block index (as kmeansTreePush does for K-means): a header (pending
// count, then each pending partial's level), then slots of
// dictionaryPartialBytes. Pushing merges the top two while they have the same
// level; finishing adds what is pending from the right. Node (L, i), blocks
// [i·2^L, (i + 1)·2^L), is its left child plus its right child, whichever
// thread computed which block.
const DT_COUNT: i32 = 0;
const DT_LEVELS: i32 = 4;
const DT_MAX: i32 = 40;
const DT_HEADER_BYTES: i32 = 176;

/** Bytes of a tree block for `blocks` partials. */
export function dictionaryTreeBytes(d: i32, k: i32, blocks: i32): f64 {
  let levels = 1;
  while ((<i64>1 << (levels - 1)) < <i64>max(blocks, 1)) levels++;
  return <f64>DT_HEADER_BYTES + <f64>(levels + 1) * dictionaryPartialBytes(d, k);
}

/** Empties a tree block (before an epoch's first push). */
export function dictionaryTreeClear(T: usize): void {
  store<i32>(T, 0, DT_COUNT);
}

/** Where the next block's partial goes (fill it by dictionaryBlock or copy a worker's, then dictionaryTreePush). */
export function dictionaryTreeSlot(T: usize, d: i32, k: i32): usize {
  return T + <usize>DT_HEADER_BYTES + <usize>load<i32>(T, DT_COUNT) * <usize>dictionaryPartialBytes(d, k);
}

/** left += right over a partial's f64 values. */
function addPartials(left: usize, right: usize, d: i32, k: i32): void {
  const m = <usize>dictionaryPartialBytes(d, k) >> 3;
  for (let t: usize = 0; t < m; t++) store<f64>(left + (t << 3), load<f64>(left + (t << 3)) + load<f64>(right + (t << 3)));
}

/** Adds the partial in the next slot (the next block, in block order) to the tree. */
export function dictionaryTreePush(T: usize, d: i32, k: i32): void {
  const pb = <usize>dictionaryPartialBytes(d, k);
  let sp = load<i32>(T, DT_COUNT);
  if (sp >= DT_MAX) fail(E_BAD_ARGUMENT, 1);
  store<i32>(T + (<usize>sp << 2), 0, DT_LEVELS);
  sp++;
  while (sp >= 2) {
    const lv = load<i32>(T + (<usize>(sp - 1) << 2), DT_LEVELS);
    if (load<i32>(T + (<usize>(sp - 2) << 2), DT_LEVELS) != lv) break;
    const base = T + <usize>DT_HEADER_BYTES;
    addPartials(base + <usize>(sp - 2) * pb, base + <usize>(sp - 1) * pb, d, k);
    store<i32>(T + (<usize>(sp - 2) << 2), lv + 1, DT_LEVELS);
    sp--;
  }
  store<i32>(T, sp, DT_COUNT);
}

/**
 * Adds what is pending from the right (the root), writes A (f64 k×k) and B
 * (f64 d×k), the objective and unconverged rows into stats (DICT_STAT_*),
 * empties the tree and returns the objective.
 */
export function dictionaryTreeFinish(T: usize, A: usize, B: usize, d: i32, k: i32, stats: usize): f64 {
  const pb = <usize>dictionaryPartialBytes(d, k);
  const base = T + <usize>DT_HEADER_BYTES;
  let sp = load<i32>(T, DT_COUNT);
  if (sp < 1) fail(E_BAD_ARGUMENT, 1);
  for (; sp >= 2; sp--) addPartials(base + <usize>(sp - 2) * pb, base + <usize>(sp - 1) * pb, d, k);
  memory.copy(A, base + <usize>DP_HEADER_BYTES, <usize>(k * k) * 8);
  memory.copy(B, base + <usize>DP_HEADER_BYTES + <usize>(k * k) * 8, <usize>(d * k) * 8);
  const objective = load<f64>(base, DP_OBJECTIVE);
  store<f64>(stats, objective, DICT_STAT_OBJECTIVE);
  store<f64>(stats, load<f64>(base, DP_UNCONVERGED), DICT_STAT_UNCONVERGED);
  store<i32>(T, 0, DT_COUNT);
  return objective;
}

/**
 * The atom update of an alternating epoch: one block pass over W (k×d, in
 * place) with A (f64 k×k) and B (f64 d×k); dead atoms are re-seeded from the
 * rows of X (n×d) with the largest energies E f32[n]. Writes the atoms
 * re-seeded and the squared shift into stats (DICT_STAT_*); returns the count.
 */
export function dictionaryUpdate(W: usize, A: usize, B: usize, X: usize, E: usize, n: i32, d: i32, k: i32, stats: usize): i32 {
  if (n < 1 || d < 1 || k < 1) fail(E_BAD_ARGUMENT, 1);
  const reseeded = bcdPass(W, A, B, d, k, X, E, n);
  store<f64>(stats, <f64>reseeded, DICT_STAT_RESEEDED);
  store<f64>(stats, lastShift, DICT_STAT_SHIFT);
  return reseeded;
}

/**
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
 */
export function dictionaryOnlineEpoch(W: usize, X: usize, n: i32, d: i32, k: i32, lambda: f32, batchSize: i32, step: i32,
                                      maxIter: i32, tol: f64, A: usize, B: usize, perm: usize, rng: usize,
                                      WT: usize, G: usize, Zb: usize, Eb: usize, stats: usize): f64 {
  if (n < 1 || d < 1 || k < 1 || batchSize < 1 || step < 0) fail(E_BAD_ARGUMENT, 1);
  cursorBegin(rng);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>nextBelow(<u32>(i + 1));
    const pi = perm + (<usize>i << 2);
    const pj = perm + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
  cursorEnd();
  const dBytes = <usize>d << 2;
  const Xb = allocBytes(<u64>batchSize * dBytes);
  const es = allocBytes(32);
  let objective: f64 = 0;
  let reseeded = 0;
  let shift: f64 = 0;
  let unconverged: f64 = 0;
  let s = step;
  for (let start = 0; start < n; start += batchSize) {
    const rows = min(batchSize, n - start);
    const idx = perm + (<usize>start << 2);
    for (let b = 0; b < rows; b++) memory.copy(Xb + <usize>b * dBytes, X + <usize>load<i32>(idx + (<usize>b << 2)) * dBytes, dBytes);
    sparsePrepare(WT, G, W, k, d, 0);
    sparseEncode(Zb, Xb, rows, d, WT, G, k, lambda, SPARSE_CD, maxIter, tol, 0, es);
    unconverged += load<f64>(es, 8);
    objective += sparseEnergy(Eb, 0, Xb, rows, d, W, k, Zb, lambda);
    // scikit-learn's forgetting factor: older batches weigh less while the dictionary is young
    const theta: f64 = s < batchSize - 1 ? <f64>(s + 1) * <f64>batchSize : <f64>batchSize * <f64>batchSize + <f64>s + 1 - <f64>batchSize;
    const beta = (theta + 1 - <f64>batchSize) / (theta + 1);
    accumulate(A, B, Zb, Xb, rows, d, k, beta, 1.0 / <f64>rows);
    reseeded += bcdPass(W, A, B, d, k, Xb, Eb, rows);
    shift += lastShift;
    s++;
  }
  heap.free(es);
  heap.free(Xb);
  store<f64>(stats, objective, DICT_STAT_OBJECTIVE);
  store<f64>(stats, <f64>reseeded, DICT_STAT_RESEEDED);
  store<f64>(stats, shift, DICT_STAT_SHIFT);
  store<f64>(stats, unconverged, DICT_STAT_UNCONVERGED);
  return objective;
}

