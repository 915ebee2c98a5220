// Inner product of two f32 vectors.
import { hsum4, madd4 } from "./simd";

/**
 * Σ a[i]·b[i] for i < n, in f32: four lane sums over the multiples of four,
 * reduced as (l0 + l1) + (l2 + l3), then the scalar tail in order.
 * a, b: f32[n], any alignment.
 */
export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    acc = madd4(acc, v128.load(a + o), v128.load(b + o));
  }
  let s = hsum4(acc);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    s += load<f32>(a + o) * load<f32>(b + o);
  }
  return s;
}
