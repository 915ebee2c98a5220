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
  let best = f32x4.splat(Infinity);
  let bidx = i32x4.splat(0);
  let idx = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  for (let j = 0; j < n; j += 4) {
    const x = v128.load(v + (<usize>j << 2));
    const lt = f32x4.lt(x, best);
    best = v128.bitselect(x, best, lt);
    bidx = v128.bitselect(idx, bidx, lt);
    idx = i32x4.add(idx, four);
  }
  let m = f32x4.extract_lane(best, 0);
  let b = i32x4.extract_lane(bidx, 0);
  for (let l: u8 = 1; l < 4; l++) {
    const x = l == 1 ? f32x4.extract_lane(best, 1) : l == 2 ? f32x4.extract_lane(best, 2) : f32x4.extract_lane(best, 3);
    const i = l == 1 ? i32x4.extract_lane(bidx, 1) : l == 2 ? i32x4.extract_lane(bidx, 2) : i32x4.extract_lane(bidx, 3);
    if (x < m || (x == m && i < b)) {
      m = x;
      b = i;
    }
  }
  minValue = m;
  return b;
}
