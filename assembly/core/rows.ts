// Row utilities for batched inference: repeating conditions per start point
// and drawing start points in a box.
import { rngUniform } from "./rng";

/** out (n·times × C) = each row of X (n × C) repeated `times` times in place (row r → rows r·times … r·times + times − 1). */
export function repeatRows(out: usize, X: usize, n: i32, C: i32, times: i32): void {
  const rowBytes = <usize>C << 2;
  for (let r = 0; r < n; r++) {
    const src = X + <usize>r * rowBytes;
    for (let k = 0; k < times; k++) memory.copy(out + (<usize>r * <usize>times + <usize>k) * rowBytes, src, rowBytes);
  }
}

/**
 * out (m × D f32) = points uniform in the box [lo, hi) (lo, hi f64[D]): one
 * uniform per value from the RNG state (advanced as rngUniform does), scaled
 * in f64 as lo + u·(hi − lo) and rounded once to f32.
 */
export function uniformInBox(out: usize, m: i32, D: i32, lo: usize, hi: usize, state: usize): void {
  const total = m * D;
  rngUniform(out, total, state);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < D; j++) {
      const o = out + ((<usize>i * <usize>D + <usize>j) << 2);
      const l = load<f64>(lo + (<usize>j << 3));
      const h = load<f64>(hi + (<usize>j << 3));
      store<f32>(o, <f32>(l + <f64>load<f32>(o) * (h - l)));
    }
  }
}
