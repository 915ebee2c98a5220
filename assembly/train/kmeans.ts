// Fitting K-means: k-means++ seeding, Lloyd's coordinate descent (assign z,
// then re-solve W) and minibatch gradient steps on the winning prototypes.
// The lecture ("Latent variable EBM example: K-means") describes both.
import { transposeCentres, distancesToCentres, sqdistRow } from "../core/sqdist";
import { argminRow, lastMin, mergeLaneMinima } from "../core/argmin";
import { roundUp, madd4 } from "../core/simd";
import { cursorBegin, cursorEnd, nextBelow, nextUniform } from "../core/rng";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";

const BIG: f32 = 3.0e18; // padding centre coordinate for the direct method
// Below this dimension distances are summed directly, (x − c)², lanes over
// centres; from it on through ||x||² + ||c||² − 2·x·c with a 4-point × 8-centre
// register block, which does two flops per coordinate instead of three.
export const DOT_MIN_DIM: i32 = 8;

// stats f64[4] of kmeansAssign, kmeansLloydStep and kmeansOnlineEpoch (byte offsets)
export const KMEANS_STATS_BYTES: i32 = 32;
export const KMEANS_STAT_INERTIA: i32 = 0;
export const KMEANS_STAT_SHIFT: i32 = 8; // Σ squared centre shift (0 from kmeansAssign)
export const KMEANS_STAT_RESEEDED: i32 = 16; // empty clusters re-seeded (0 from kmeansAssign)
export const KMEANS_STAT_CHANGED: i32 = 24; // labels changed

let changedCount: i32 = 0;

/** Labels changed by the last assignRows call. */
export function lastChanged(): i32 {
  return changedCount;
}

let nearestValue: f32 = 0; // the distance to the centre the last nearest* call chose

/**
 * Nearest centre of CT (d×kpad, kpad a multiple of 8, +Inf padding) to x by
 * direct (x − c)² sums in coordinate order; distances and argmin fused so
 * nothing is stored; ties go to the smaller index. Sets nearestValue.
 */
@inline function nearestDirect(x: usize, d: i32, CT: usize, kpad: i32): i32 {
  const rowBytes = <usize>kpad << 2;
  let bestA = f32x4.splat(Infinity), bestB = f32x4.splat(Infinity);
  let idxA = i32x4.splat(0), idxB = i32x4.splat(0);
  let iA = i32x4(0, 1, 2, 3), iB = i32x4(4, 5, 6, 7);
  const eight = i32x4.splat(8);
  for (let j = 0; j < kpad; j += 8) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    let c = CT + (<usize>j << 2);
    for (let dd = 0; dd < d; dd++) {
      const s = v128.load32_splat(x + (<usize>dd << 2));
      const e0 = f32x4.sub(s, v128.load(c));
      const e1 = f32x4.sub(s, v128.load(c, 16));
      a0 = f32x4.add(a0, f32x4.mul(e0, e0));
      a1 = f32x4.add(a1, f32x4.mul(e1, e1));
      c += rowBytes;
    }
    idxA = v128.bitselect(iA, idxA, f32x4.lt(a0, bestA));
    bestA = f32x4.pmin(bestA, a0);
    idxB = v128.bitselect(iB, idxB, f32x4.lt(a1, bestB));
    bestB = f32x4.pmin(bestB, a1);
    iA = i32x4.add(iA, eight);
    iB = i32x4.add(iB, eight);
  }
  const z = mergeLaneMinima(bestA, idxA, bestB, idxB);
  nearestValue = lastMin();
  return z;
}

/** nearestDirect for d = 2, the plane: both coordinates stay in registers. 0 + a = a, so the bits equal the loop's. */
@inline function nearest2(x: usize, CT: usize, kpad: i32): i32 {
  const rowBytes = <usize>kpad << 2;
  const s0 = v128.load32_splat(x);
  const s1 = v128.load32_splat(x, 4);
  let bestA = f32x4.splat(Infinity), bestB = f32x4.splat(Infinity);
  let idxA = i32x4.splat(0), idxB = i32x4.splat(0);
  let iA = i32x4(0, 1, 2, 3), iB = i32x4(4, 5, 6, 7);
  const eight = i32x4.splat(8);
  for (let j = 0; j < kpad; j += 8) {
    const c = CT + (<usize>j << 2);
    const e0 = f32x4.sub(s0, v128.load(c));
    const e1 = f32x4.sub(s1, v128.load(c + rowBytes));
    const a0 = f32x4.add(f32x4.mul(e0, e0), f32x4.mul(e1, e1));
    const g0 = f32x4.sub(s0, v128.load(c, 16));
    const g1 = f32x4.sub(s1, v128.load(c + rowBytes, 16));
    const a1 = f32x4.add(f32x4.mul(g0, g0), f32x4.mul(g1, g1));
    idxA = v128.bitselect(iA, idxA, f32x4.lt(a0, bestA));
    bestA = f32x4.pmin(bestA, a0);
    idxB = v128.bitselect(iB, idxB, f32x4.lt(a1, bestB));
    bestB = f32x4.pmin(bestB, a1);
    iA = i32x4.add(iA, eight);
    iB = i32x4.add(iB, eight);
  }
  const z = mergeLaneMinima(bestA, idxA, bestB, idxB);
  nearestValue = lastMin();
  return z;
}

/**
 * The winner from the expanded distances of one row (dist f32[kpad]), made
 * exact. (||x||² + ||c||²) − 2·x·c in f32 is off by at most about
 * (2d + 3)·2⁻²⁴·(||x||² + ||c||²) (sequential sums, |x·c| ≤ (||x||² + ||c||²)/2),
 * which is large when the data sit far from the origin. Every centre whose
 * expanded distance minus twice that bound, g = (d + 2)·2⁻²², is within the
 * winner's plus its bound could be the nearest; those few (usually one) are
 * re-ranked by the direct distance `sqdistRow` (ties to the smaller index).
 * Labels then agree with `kmeansEnergy`'s except between centres whose
 * distances differ by f32 rounding alone (the two sum in different orders:
 * a sequential sum here would cost a 3·d-cycle dependency chain per row).
 * Sets nearestValue.
 */
@inline function nearestChecked(x: usize, d: i32, dist: usize, kpad: i32, C: usize, cc: usize, xx: f32): i32 {
  const z0 = argminRow(dist, kpad);
  const g: f32 = <f32>(d + 2) * 2.384185791015625e-7; // 2^-22
  const thr = lastMin() + g * (xx + load<f32>(cc + (<usize>z0 << 2)));
  const gv = f32x4.splat(g);
  const xxv = f32x4.splat(xx);
  const thrv = f32x4.splat(thr);
  const xBytes = <usize>d << 2;
  let best: f32 = Infinity;
  let bz = z0;
  for (let j = 0; j < kpad; j += 4) {
    const o = <usize>j << 2;
    // padding lanes: ∞ − ∞ = NaN fails the test
    const lower = f32x4.sub(v128.load(dist + o), f32x4.mul(gv, f32x4.add(xxv, v128.load(cc + o))));
    let bits = i32x4.bitmask(f32x4.le(lower, thrv));
    while (bits != 0) {
      const jj = j + ctz(bits);
      bits &= bits - 1;
      const e = sqdistRow(x, C + <usize>jj * xBytes, d);
      if (e < best) {
        best = e;
        bz = jj;
      }
    }
  }
  nearestValue = best;
  return bz;
}

let pairZ0: i32 = 0;
let pairZ1: i32 = 0;
let pairM0: f32 = 0;
let pairM1: f32 = 0;

/** nearest2 for the rows at x and x + 8 bytes at once; results in pairZ0/pairM0 and pairZ1/pairM1. */
@inline function nearest2x2(x: usize, CT: usize, kpad: i32): void {
  const rowBytes = <usize>kpad << 2;
  const p0 = v128.load32_splat(x);
  const p1 = v128.load32_splat(x, 4);
  const q0 = v128.load32_splat(x, 8);
  const q1 = v128.load32_splat(x, 12);
  let pA = f32x4.splat(Infinity), pB = f32x4.splat(Infinity), qA = f32x4.splat(Infinity), qB = f32x4.splat(Infinity);
  let piA = i32x4.splat(0), piB = i32x4.splat(0), qiA = i32x4.splat(0), qiB = i32x4.splat(0);
  let iA = i32x4(0, 1, 2, 3), iB = i32x4(4, 5, 6, 7);
  const eight = i32x4.splat(8);
  for (let j = 0; j < kpad; j += 8) {
    const c = CT + (<usize>j << 2);
    const c0a = v128.load(c), c0b = v128.load(c, 16);
    const c1a = v128.load(c + rowBytes), c1b = v128.load(c + rowBytes, 16);
    let e0 = f32x4.sub(p0, c0a), e1 = f32x4.sub(p1, c1a);
    const pa = f32x4.add(f32x4.mul(e0, e0), f32x4.mul(e1, e1));
    e0 = f32x4.sub(p0, c0b); e1 = f32x4.sub(p1, c1b);
    const pb = f32x4.add(f32x4.mul(e0, e0), f32x4.mul(e1, e1));
    e0 = f32x4.sub(q0, c0a); e1 = f32x4.sub(q1, c1a);
    const qa = f32x4.add(f32x4.mul(e0, e0), f32x4.mul(e1, e1));
    e0 = f32x4.sub(q0, c0b); e1 = f32x4.sub(q1, c1b);
    const qb = f32x4.add(f32x4.mul(e0, e0), f32x4.mul(e1, e1));
    piA = v128.bitselect(iA, piA, f32x4.lt(pa, pA));
    pA = f32x4.pmin(pA, pa);
    piB = v128.bitselect(iB, piB, f32x4.lt(pb, pB));
    pB = f32x4.pmin(pB, pb);
    qiA = v128.bitselect(iA, qiA, f32x4.lt(qa, qA));
    qA = f32x4.pmin(qA, qa);
    qiB = v128.bitselect(iB, qiB, f32x4.lt(qb, qB));
    qB = f32x4.pmin(qB, qb);
    iA = i32x4.add(iA, eight);
    iB = i32x4.add(iB, eight);
  }
  pairZ0 = mergeLaneMinima(pA, piA, pB, piB);
  pairM0 = lastMin();
  pairZ1 = mergeLaneMinima(qA, qiA, qB, qiB);
  pairM1 = lastMin();
}

/**
 * Assigns every row of X (n×d) to its nearest centre of C (k×d): labels i32[n]
 * (compared with the labels already there to count changes), mind f32[n] the
 * squared distance to that centre. Returns Σ mind in f64 (row order).
 */
function assignAll(X: usize, n: i32, d: i32, C: usize, k: i32, labels: usize, mind: usize): f64 {
  return assignRows(X, 0, n, d, C, k, labels, mind, 0);
}

/**
 * assignAll for rows [i0, i1) only, continuing the running sum `inertia`; sets
 * changedCount for these rows. A row's label and distance do not depend on
 * which rows share its block of 2 or 4 (each row has its own accumulators), and
 * the sum takes the rows in order, so any split into consecutive ranges gives
 * the bits of one whole pass.
 */
export function assignRows(X: usize, i0: i32, i1: i32, d: i32, C: usize, k: i32, labels: usize, mind: usize, inertia: f64): f64 {
  const n = i1;
  const kpad = roundUp(k, 8);
  const kBytes = <usize>kpad << 2;
  const CT = allocBytes(<u64>d * <u64>kBytes + 16);
  const rows = allocBytes(4 * <u64>kBytes + 16);
  const xBytes = <usize>d << 2;
  let changed = 0;
  if (d < DOT_MIN_DIM) {
    // +Inf padding: (x − ∞)² = ∞ never wins against a finite distance
    transposeCentres(CT, C, d, k, Infinity);
    let i = i0;
    if (d == 2) {
      // two rows per pass share the centre loads and give the core four independent chains
      for (; i + 2 <= n; i += 2) {
        const x = X + <usize>i * xBytes;
        nearest2x2(x, CT, kpad);
        const lp = labels + (<usize>i << 2);
        changed += <i32>(load<i32>(lp) != pairZ0) + <i32>(load<i32>(lp, 4) != pairZ1);
        store<i32>(lp, pairZ0);
        store<i32>(lp, pairZ1, 4);
        store<f32>(mind + (<usize>i << 2), pairM0);
        store<f32>(mind + (<usize>i << 2), pairM1, 4);
        inertia += <f64>pairM0;
        inertia += <f64>pairM1;
      }
    }
    for (; i < n; i++) {
      const x = X + <usize>i * xBytes;
      const z = d == 2 ? nearest2(x, CT, kpad) : nearestDirect(x, d, CT, kpad);
      const m = nearestValue;
      const lp = labels + (<usize>i << 2);
      changed += <i32>(load<i32>(lp) != z);
      store<i32>(lp, z);
      store<f32>(mind + (<usize>i << 2), m);
      inertia += <f64>m;
    }
  } else {
    transposeCentres(CT, C, d, k, 0);
    const cc = allocBytes(<u64>kBytes + 16);
    for (let j = 0; j < kpad; j++) {
      let s: f32 = Infinity; // padding centres are infinitely far
      if (j < k) {
        s = 0;
        const c = C + <usize>j * xBytes;
        for (let dd = 0; dd < d; dd++) {
          const v = load<f32>(c + (<usize>dd << 2));
          s += v * v;
        }
      }
      store<f32>(cc + (<usize>j << 2), s);
    }
    const two = f32x4.splat(2);
    let i = i0;
    while (i < n) {
      const np = min(4, n - i);
      // rows of the block; a short block repeats its last row (its result is ignored)
      const x0 = X + <usize>i * xBytes;
      const x1 = X + <usize>(i + min(1, np - 1)) * xBytes;
      const x2 = X + <usize>(i + min(2, np - 1)) * xBytes;
      const x3 = X + <usize>(i + min(3, np - 1)) * xBytes;
      const xx0 = f32x4.splat(sumSquares(x0, d));
      const xx1 = f32x4.splat(sumSquares(x1, d));
      const xx2 = f32x4.splat(sumSquares(x2, d));
      const xx3 = f32x4.splat(sumSquares(x3, d));
      for (let j = 0; j < kpad; j += 8) {
        let a00 = f32x4.splat(0), a01 = f32x4.splat(0);
        let a10 = f32x4.splat(0), a11 = f32x4.splat(0);
        let a20 = f32x4.splat(0), a21 = f32x4.splat(0);
        let a30 = f32x4.splat(0), a31 = f32x4.splat(0);
        let c = CT + (<usize>j << 2);
        for (let dd = 0; dd < d; dd++) {
          const o = <usize>dd << 2;
          const c0 = v128.load(c, 0);
          const c1 = v128.load(c, 16);
          const s0 = v128.load32_splat(x0 + o);
          a00 = madd4(a00, s0, c0);
          a01 = madd4(a01, s0, c1);
          const s1 = v128.load32_splat(x1 + o);
          a10 = madd4(a10, s1, c0);
          a11 = madd4(a11, s1, c1);
          const s2 = v128.load32_splat(x2 + o);
          a20 = madd4(a20, s2, c0);
          a21 = madd4(a21, s2, c1);
          const s3 = v128.load32_splat(x3 + o);
          a30 = madd4(a30, s3, c0);
          a31 = madd4(a31, s3, c1);
          c += kBytes;
        }
        // dist = (||x||² + ||c||²) − 2·x·c
        const jo = <usize>j << 2;
        const q0 = v128.load(cc + jo, 0);
        const q1 = v128.load(cc + jo, 16);
        v128.store(rows + jo, f32x4.sub(f32x4.add(xx0, q0), f32x4.mul(two, a00)), 0);
        v128.store(rows + jo, f32x4.sub(f32x4.add(xx0, q1), f32x4.mul(two, a01)), 16);
        v128.store(rows + kBytes + jo, f32x4.sub(f32x4.add(xx1, q0), f32x4.mul(two, a10)), 0);
        v128.store(rows + kBytes + jo, f32x4.sub(f32x4.add(xx1, q1), f32x4.mul(two, a11)), 16);
        v128.store(rows + 2 * kBytes + jo, f32x4.sub(f32x4.add(xx2, q0), f32x4.mul(two, a20)), 0);
        v128.store(rows + 2 * kBytes + jo, f32x4.sub(f32x4.add(xx2, q1), f32x4.mul(two, a21)), 16);
        v128.store(rows + 3 * kBytes + jo, f32x4.sub(f32x4.add(xx3, q0), f32x4.mul(two, a30)), 0);
        v128.store(rows + 3 * kBytes + jo, f32x4.sub(f32x4.add(xx3, q1), f32x4.mul(two, a31)), 16);
      }
      for (let p = 0; p < np; p++) {
        const x = X + <usize>(i + p) * xBytes;
        const z = nearestChecked(x, d, rows + <usize>p * kBytes, kpad, C, cc, f32x4.extract_lane(p == 0 ? xx0 : p == 1 ? xx1 : p == 2 ? xx2 : xx3, 0));
        const m = nearestValue;
        const lp = labels + (<usize>(i + p) << 2);
        changed += <i32>(load<i32>(lp) != z);
        store<i32>(lp, z);
        store<f32>(mind + (<usize>(i + p) << 2), m);
        inertia += <f64>m;
      }
      i += np;
    }
    heap.free(cc);
  }
  heap.free(rows);
  heap.free(CT);
  changedCount = changed;
  return inertia;
}

@inline function sumSquares(x: usize, d: i32): f32 {
  let s: f32 = 0;
  for (let dd = 0; dd < d; dd++) {
    const v = load<f32>(x + (<usize>dd << 2));
    s += v * v;
  }
  return s;
}

/**
 * Re-seeds every centre with no points: centre j takes the not yet used point
 * farthest from its own centre (largest mind, ties to the smaller index), and
 * that point leaves its old cluster's sums. sums f64[k·d], counts i32[k].
 * When C is not 0 the centre row is set to the point too. Returns how many were re-seeded. Idea from scikit-learn's `_relocate_empty_clusters`.
 */
export function reseedEmpty(X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize, sums: usize, counts: usize, C: usize): i32 {
  let reseeded = 0;
  for (let j = 0; j < k; j++) {
    if (load<i32>(counts + (<usize>j << 2)) != 0) continue;
    let far = -1;
    let farDist: f32 = -1;
    for (let i = 0; i < n; i++) {
      const m = load<f32>(mind + (<usize>i << 2));
      if (m > farDist) {
        farDist = m;
        far = i;
      }
    }
    if (far < 0) break;
    const x = X + <usize>far * (<usize>d << 2);
    const old = load<i32>(labels + (<usize>far << 2));
    const so = sums + <usize>old * (<usize>d << 3);
    const sj = sums + <usize>j * (<usize>d << 3);
    for (let dd = 0; dd < d; dd++) {
      const v = <f64>load<f32>(x + (<usize>dd << 2));
      store<f64>(so + (<usize>dd << 3), load<f64>(so + (<usize>dd << 3)) - v);
      store<f64>(sj + (<usize>dd << 3), v);
    }
    if (C != 0) memory.copy(C + <usize>j * (<usize>d << 2), x, <usize>d << 2);
    store<i32>(counts + (<usize>old << 2), load<i32>(counts + (<usize>old << 2)) - 1);
    store<i32>(counts + (<usize>j << 2), 1);
    store<i32>(labels + (<usize>far << 2), j);
    store<f32>(mind + (<usize>far << 2), -2); // used: never picked again
    reseeded++;
  }
  return reseeded;
}

/**
 * Nearest-centre assignment of X (n×d) to C (k×d) with the fast training
 * method. labels i32[n] in/out, mind f32[n] out; stats f64[4] out:
 * [inertia, 0, 0, labels changed]. Returns the inertia.
 */
export function kmeansAssign(X: usize, n: i32, d: i32, C: usize, k: i32, labels: usize, mind: usize, stats: usize): f64 {
  const inertia = assignAll(X, n, d, C, k, labels, mind);
  store<f64>(stats, inertia, KMEANS_STAT_INERTIA);
  store<f64>(stats, 0, KMEANS_STAT_SHIFT);
  store<f64>(stats, 0, KMEANS_STAT_RESEEDED);
  store<f64>(stats, <f64>changedCount, KMEANS_STAT_CHANGED);
  return inertia;
}

/**
 * One whole Lloyd iteration: assign every row of X to its nearest centre of C,
 * then move each centre to the mean of its rows (sums in f64, row order).
 * Empty clusters are re-seeded (see reseedEmpty). C (k×d) is updated in place.
 * labels i32[n] in/out (changes are counted), mind f32[n] out.
 * stats f64[4] out: [inertia before the update, Σ squared centre shift,
 * clusters re-seeded, labels changed]. Returns the inertia.
 */
export function kmeansLloydStep(C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize, stats: usize): f64 {
  const inertia = assignAll(X, n, d, C, k, labels, mind);
  const changed = changedCount;
  const sums = allocBytes(<u64>k * <u64>d * 8 + 16);
  const counts = allocBytes(<u64>k * 4);
  memory.fill(sums, 0, <usize>k * (<usize>d << 3));
  memory.fill(counts, 0, <usize>k << 2);
  accumulateRows(X, 0, n, d, labels, sums, counts);
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, 0);
  const shift = moveCentres(C, d, k, sums, counts);
  heap.free(counts);
  heap.free(sums);
  store<f64>(stats, inertia, KMEANS_STAT_INERTIA);
  store<f64>(stats, shift, KMEANS_STAT_SHIFT);
  store<f64>(stats, <f64>reseeded, KMEANS_STAT_RESEEDED);
  store<f64>(stats, <f64>changed, KMEANS_STAT_CHANGED);
  return inertia;
}

/**
 * Adds rows [i0, i1) of X to their cluster's sums f64[k·d] and counts i32[k].
 * Every sum gets its rows' additions in row order, so consecutive ranges give
 * the bits of one pass over all rows.
 */
export function accumulateRows(X: usize, i0: i32, i1: i32, d: i32, labels: usize, sums: usize, counts: usize): void {
  for (let i = i0; i < i1; i++) {
    const z = load<i32>(labels + (<usize>i << 2));
    const x = X + <usize>i * (<usize>d << 2);
    const s = sums + <usize>z * (<usize>d << 3);
    // two f64 sums per f64x2 add: every sum still gets the same additions in row order
    let dd = 0;
    for (; dd + 2 <= d; dd += 2) {
      const sp = s + (<usize>dd << 3);
      v128.store(sp, f64x2.add(v128.load(sp), f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>dd << 2)))));
    }
    for (; dd < d; dd++) {
      store<f64>(s + (<usize>dd << 3), load<f64>(s + (<usize>dd << 3)) + <f64>load<f32>(x + (<usize>dd << 2)));
    }
    store<i32>(counts + (<usize>z << 2), load<i32>(counts + (<usize>z << 2)) + 1);
  }
}

/** Moves each centre with points to the mean of its rows (sums / counts); returns Σ squared shift. */
export function moveCentres(C: usize, d: i32, k: i32, sums: usize, counts: usize): f64 {
  let shift: f64 = 0;
  for (let j = 0; j < k; j++) {
    const cnt = load<i32>(counts + (<usize>j << 2));
    if (cnt == 0) continue; // only when fewer distinct points than clusters: keep the centre
    const c = C + <usize>j * (<usize>d << 2);
    const s = sums + <usize>j * (<usize>d << 3);
    for (let dd = 0; dd < d; dd++) {
      const nv = <f32>(load<f64>(s + (<usize>dd << 3)) / <f64>cnt);
      const t = <f64>nv - <f64>load<f32>(c + (<usize>dd << 2));
      shift += t * t;
      store<f32>(c + (<usize>dd << 2), nv);
    }
  }
  return shift;
}

/**
 * One epoch of minibatch gradient descent on E = ||y − W z||² (the lecture's
 * first description of K-means learning): shuffle the row order perm (i32[n],
 * Fisher–Yates from rng), then for each batch of `batchSize` rows assign them
 * with the current prototypes and move each winning prototype by
 * w ← w + lr·(2/B)·Σ_{rows it won} (y − w), B the batch's row count.
 * Afterwards every row is assigned (labels, mind), prototypes that won no row
 * are re-seeded as in Lloyd, and stats f64[4] gets [inertia after the epoch,
 * Σ squared prototype shift, re-seeded, labels changed].
 */
export function kmeansOnlineEpoch(C: usize, X: usize, n: i32, d: i32, k: i32, batchSize: i32, lr: f32,
                                  perm: usize, rng: usize, labels: usize, mind: usize, stats: usize): f64 {
  if (batchSize < 1) fail(E_BAD_ARGUMENT, 1);
  // a batch larger than the data is the data (same batches, and no batch-sized
  // block or `start + batchSize` can overflow)
  if (batchSize > n) batchSize = max(n, 1);
  const xBytes = <usize>d << 2;
  const old = allocBytes(<u64>k * <u64>xBytes + 16);
  memory.copy(old, C, <usize>k * xBytes);
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
  const kpad = roundUp(k, 8);
  const CT = allocBytes(<u64>d * <u64>kpad * 4 + 16);
  const row = allocBytes(<u64>kpad * 4 + 16);
  const sums = allocBytes(<u64>k * <u64>d * 8 + 16);
  const zs = allocBytes(<u64>batchSize * 4);
  for (let start = 0; start < n; start += batchSize) {
    const B = min(batchSize, n - start);
    transposeCentres(CT, C, d, k, BIG);
    for (let b = 0; b < B; b++) {
      const x = X + <usize>load<i32>(perm + (<usize>(start + b) << 2)) * xBytes;
      distancesToCentres(row, x, d, CT, kpad);
      for (let j = k; j < kpad; j++) store<f32>(row + (<usize>j << 2), Infinity);
      store<i32>(zs + (<usize>b << 2), argminRow(row, kpad));
    }
    memory.fill(sums, 0, <usize>k * (<usize>d << 3));
    for (let b = 0; b < B; b++) {
      const x = X + <usize>load<i32>(perm + (<usize>(start + b) << 2)) * xBytes;
      const z = load<i32>(zs + (<usize>b << 2));
      const c = C + <usize>z * xBytes;
      const s = sums + <usize>z * (<usize>d << 3);
      for (let dd = 0; dd < d; dd++) {
        const e = <f64>(load<f32>(x + (<usize>dd << 2)) - load<f32>(c + (<usize>dd << 2)));
        store<f64>(s + (<usize>dd << 3), load<f64>(s + (<usize>dd << 3)) + e);
      }
    }
    const scale = 2.0 * <f64>lr / <f64>B;
    for (let j = 0; j < k; j++) {
      const c = C + <usize>j * xBytes;
      const s = sums + <usize>j * (<usize>d << 3);
      for (let dd = 0; dd < d; dd++) {
        const g = load<f64>(s + (<usize>dd << 3));
        if (g != 0) store<f32>(c + (<usize>dd << 2), <f32>(<f64>load<f32>(c + (<usize>dd << 2)) + scale * g));
      }
    }
  }
  heap.free(zs);
  heap.free(row);
  heap.free(CT);
  let inertia = assignAll(X, n, d, C, k, labels, mind);
  const changed = changedCount;
  // prototypes that win nothing after the epoch are moved to far rows
  const counts = allocBytes(<u64>k * 4);
  memory.fill(counts, 0, <usize>k << 2);
  memory.fill(sums, 0, <usize>k * (<usize>d << 3));
  for (let i = 0; i < n; i++) {
    const z = load<i32>(labels + (<usize>i << 2));
    store<i32>(counts + (<usize>z << 2), load<i32>(counts + (<usize>z << 2)) + 1);
  }
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, C);
  if (reseeded > 0) inertia = assignAll(X, n, d, C, k, labels, mind);
  let shift: f64 = 0;
  for (let t = 0; t < k * d; t++) {
    const e = <f64>load<f32>(C + (<usize>t << 2)) - <f64>load<f32>(old + (<usize>t << 2));
    shift += e * e;
  }
  heap.free(counts);
  heap.free(sums);
  heap.free(old);
  store<f64>(stats, inertia, KMEANS_STAT_INERTIA);
  store<f64>(stats, shift, KMEANS_STAT_SHIFT);
  store<f64>(stats, <f64>reseeded, KMEANS_STAT_RESEEDED);
  store<f64>(stats, <f64>changed, KMEANS_STAT_CHANGED);
  return inertia;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) with greedy local trials as
 * in scikit-learn's `_kmeans_plusplus`: the first centre is a uniform row,
 * then each next centre is the best of `trials` candidates drawn with
 * probability ∝ D(x)², "best" meaning the smallest resulting potential.
 * Candidates are the first row whose cumulative D² exceeds u·potential, so a
 * row at distance 0 is never drawn while the potential is positive.
 * C k×d out; X n×d; rng: 32-byte state (advanced). scratch use: n·(trials + 1) f32 + n f64.
 */
export function kmeansPlusPlus(C: usize, X: usize, n: i32, d: i32, k: i32, trials: i32, rng: usize): usize {
  if (trials < 1) fail(E_BAD_ARGUMENT, 1);
  const xBytes = <usize>d << 2;
  const closest = allocBytes(<u64>n * 4);
  const cand = allocBytes(<u64>n * <u64>trials * 4 + 16);
  const cum = allocBytes(<u64>n * 8);
  const ids = allocBytes(<u64>trials * 4);
  cursorBegin(rng);
  const first = <i32>nextBelow(<u32>n);
  memory.copy(C, X + <usize>first * xBytes, xBytes);
  let pot: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = sqdistRow(X + <usize>i * xBytes, C, d);
    store<f32>(closest + (<usize>i << 2), v);
    pot += <f64>v;
  }
  for (let c = 1; c < k; c++) {
    let acc: f64 = 0;
    for (let i = 0; i < n; i++) {
      acc += <f64>load<f32>(closest + (<usize>i << 2));
      store<f64>(cum + (<usize>i << 3), acc);
    }
    for (let t = 0; t < trials; t++) {
      const target = nextUniform() * acc;
      // first i with cum[i] > target
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (load<f64>(cum + (<usize>mid << 3)) > target) hi = mid;
        else lo = mid + 1;
      }
      store<i32>(ids + (<usize>t << 2), lo);
    }
    let bestPot: f64 = Infinity;
    let bestT = 0;
    for (let t = 0; t < trials; t++) {
      const y = X + <usize>load<i32>(ids + (<usize>t << 2)) * xBytes;
      const row = cand + <usize>t * (<usize>n << 2);
      let p: f64 = 0;
      for (let i = 0; i < n; i++) {
        const v = min(load<f32>(closest + (<usize>i << 2)), sqdistRow(X + <usize>i * xBytes, y, d));
        store<f32>(row + (<usize>i << 2), v);
        p += <f64>v;
      }
      if (p < bestPot) {
        bestPot = p;
        bestT = t;
      }
    }
    memory.copy(C + <usize>c * xBytes, X + <usize>load<i32>(ids + (<usize>bestT << 2)) * xBytes, xBytes);
    memory.copy(closest, cand + <usize>bestT * (<usize>n << 2), <usize>n << 2);
    pot = bestPot;
  }
  cursorEnd();
  heap.free(ids);
  heap.free(cum);
  heap.free(cand);
  heap.free(closest);
  return C;
}
