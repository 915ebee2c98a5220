// k-means++ seeding on workers (sdk/parallel/kmeans-seed.ts): the row-wise
// pieces of kmeansSeedStep (kmeansSeed.ts) for one worker's contiguous run of
// rows. Each piece does the arithmetic of the step on the same values in the
// same order (f32 distances and minima; f64 sums that take the rows in order
// from a running value the caller hands over), so a seeding cut into runs of
// rows picks the same centres with the same bits.
import { sqdistRow } from "../core/sqdist";

/**
 * Distances to new centres for rows of X (rows×d). m = 0: closest[i] = |x_i − y|²
 * (the first centre, Y one row). m ≥ 1: cand[t·rows + i] = min(closest[i], |x_i − y_t|²)
 * for the m candidate rows of Y (m×d).
 */
export function kmeansSeedRows(X: usize, rows: i32, d: i32, Y: usize, m: i32, closest: usize, cand: usize): void {
  const xBytes = <usize>d << 2;
  if (m == 0) {
    for (let i = 0; i < rows; i++) store<f32>(closest + (<usize>i << 2), sqdistRow(X + <usize>i * xBytes, Y, d));
    return;
  }
  for (let t = 0; t < m; t++) {
    const y = Y + <usize>t * xBytes;
    const out = cand + <usize>t * (<usize>rows << 2);
    for (let i = 0; i < rows; i++) {
      store<f32>(out + (<usize>i << 2), min(load<f32>(closest + (<usize>i << 2)), sqdistRow(X + <usize>i * xBytes, y, d)));
    }
  }
}

/** acc + v[0] + … + v[rows − 1], added one by one in f64 in row order (the step's running sums). */
export function kmeansSeedSum(v: usize, rows: i32, acc: f64): f64 {
  for (let i = 0; i < rows; i++) acc += <f64>load<f32>(v + (<usize>i << 2));
  return acc;
}

/**
 * For each of m targets in ascending order (f64[m]), the first i < rows whose running sum
 * acc + v[0] + … + v[i] (as kmeansSeedSum) exceeds it, or −1, into out i32[m]: the step's search
 * of the cumulative sums, on this run of rows, in one pass.
 */
export function kmeansSeedFind(v: usize, rows: i32, acc: f64, targets: usize, m: i32, out: usize): void {
  let j = 0;
  for (let i = 0; i < rows && j < m; i++) {
    acc += <f64>load<f32>(v + (<usize>i << 2));
    while (j < m && acc > load<f64>(targets + (<usize>j << 3))) {
      store<i32>(out + (<usize>j << 2), i);
      j++;
    }
  }
  for (; j < m; j++) store<i32>(out + (<usize>j << 2), -1);
}
