// Row-wise log-sum-exp, stable: max first, then the f64 sum of exp(a - max).
import { hmax4 } from "./simd";

/**
 * out[i] = log Σ_j exp(A[i,j]) for A row-major rows×cols (f32), out f32[rows].
 * The max uses SIMD (order-free); the sum runs in f64 in column order.
 * A row of all -Inf gives -Inf. Returns out.
 */
export function logsumexpRows(out: usize, A: usize, rows: i32, cols: i32): usize {
  for (let i = 0; i < rows; i++) {
    const a = A + <usize>i * (<usize>cols << 2);
    store<f32>(out + (<usize>i << 2), <f32>logsumexpRow(a, cols));
  }
  return out;
}

/** log Σ exp(a[j]) over one f32 row, in f64. */
export function logsumexpRow(a: usize, cols: i32): f64 {
  let mv = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= cols; j += 4) mv = f32x4.max(mv, v128.load(a + (<usize>j << 2)));
  let m = hmax4(mv);
  for (; j < cols; j++) m = max(m, load<f32>(a + (<usize>j << 2)));
  if (m == -Infinity) return -Infinity;
  const mm = <f64>m;
  let s: f64 = 0;
  for (j = 0; j < cols; j++) s += Math.exp(<f64>load<f32>(a + (<usize>j << 2)) - mm);
  return mm + Math.log(s);
}
