// Index of the smallest value in an f32 row; ties go to the smallest index.

let minValue: f32 = 0;

/** The minimum found by the last `argminRow`. */
@inline export function lastMin(): f32 {
  return minValue;
}

/**
 * argmin over v (f32[n], n a multiple of 4, padding lanes +Inf). Lanes keep
 * their first strict minimum; the cross-lane step prefers the smaller index on
 * ties, so the answer equals a scalar scan with `<`.
 */
export function argminRow(v: usize, n: i32): i32 {
  // two interleaved sets of lane minima (blocks 0, 2, … and 1, 3, …) so the
  // compare/select chains overlap; pmin is acc < best ? acc : best, one minps
  let bestA = f32x4.splat(Infinity), bestB = f32x4.splat(Infinity);
  let idxA = i32x4.splat(0), idxB = i32x4.splat(0);
  let iA = i32x4(0, 1, 2, 3), iB = i32x4(4, 5, 6, 7);
  const eight = i32x4.splat(8);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const x0 = v128.load(v + (<usize>j << 2));
    const x1 = v128.load(v + (<usize>j << 2), 16);
    idxA = v128.bitselect(iA, idxA, f32x4.lt(x0, bestA));
    bestA = f32x4.pmin(bestA, x0);
    idxB = v128.bitselect(iB, idxB, f32x4.lt(x1, bestB));
    bestB = f32x4.pmin(bestB, x1);
    iA = i32x4.add(iA, eight);
    iB = i32x4.add(iB, eight);
  }
  if (j < n) {
    const x0 = v128.load(v + (<usize>j << 2));
    idxA = v128.bitselect(iA, idxA, f32x4.lt(x0, bestA));
    bestA = f32x4.pmin(bestA, x0);
  }
  return mergeLaneMinima(bestA, idxA, bestB, idxB);
}

/**
 * Merges two sets of lane minima with their indices (blocks 0, 2, … and
 * 1, 3, …) into the lexicographic (value, index) minimum across all lanes,
 * without branches: per lane B wins if smaller or equal with a smaller index,
 * then lanes 2,3 fold onto 0,1 and lane 1 onto 0. Sets lastMin(); returns the index.
 */
@inline export function mergeLaneMinima(bestA: v128, idxA: v128, bestB: v128, idxB: v128): i32 {
  const bLess = v128.or(f32x4.lt(bestB, bestA), v128.and(f32x4.eq(bestB, bestA), i32x4.lt_s(idxB, idxA)));
  let best = v128.bitselect(bestB, bestA, bLess);
  let bidx = v128.bitselect(idxB, idxA, bLess);
  let ob = i32x4.shuffle(best, best, 2, 3, 0, 1);
  let oi = i32x4.shuffle(bidx, bidx, 2, 3, 0, 1);
  let take = v128.or(f32x4.lt(ob, best), v128.and(f32x4.eq(ob, best), i32x4.lt_s(oi, bidx)));
  best = v128.bitselect(ob, best, take);
  bidx = v128.bitselect(oi, bidx, take);
  ob = i32x4.shuffle(best, best, 1, 0, 3, 2);
  oi = i32x4.shuffle(bidx, bidx, 1, 0, 3, 2);
  take = v128.or(f32x4.lt(ob, best), v128.and(f32x4.eq(ob, best), i32x4.lt_s(oi, bidx)));
  best = v128.bitselect(ob, best, take);
  bidx = v128.bitselect(oi, bidx, take);
  minValue = f32x4.extract_lane(best, 0);
  return i32x4.extract_lane(bidx, 0);
}
