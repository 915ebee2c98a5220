// Small dense matrix–matrix product.
import { madd4 } from "./simd";

/**
 * C = A·B, all row-major f32: A m×k, B k×n, C m×n (C must not alias A or B).
 * Lanes run over columns of C and every element sums over p = 0..k-1 in order,
 * so the result equals the plain triple loop in f32, bit for bit.
 * Returns C.
 */
export function gemm(C: usize, A: usize, B: usize, m: i32, k: i32, n: i32): usize {
  const bRow = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const a = A + <usize>i * (<usize>k << 2);
    const c = C + <usize>i * bRow;
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let b = B + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const s = f32x4.splat(load<f32>(a + (<usize>p << 2)));
        c0 = madd4(c0, s, v128.load(b, 0));
        c1 = madd4(c1, s, v128.load(b, 16));
        c2 = madd4(c2, s, v128.load(b, 32));
        c3 = madd4(c3, s, v128.load(b, 48));
        b += bRow;
      }
      const o = c + (<usize>j << 2);
      v128.store(o, c0, 0);
      v128.store(o, c1, 16);
      v128.store(o, c2, 32);
      v128.store(o, c3, 48);
    }
    for (; j + 4 <= n; j += 4) {
      let c0 = f32x4.splat(0);
      let b = B + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        c0 = madd4(c0, f32x4.splat(load<f32>(a + (<usize>p << 2))), v128.load(b));
        b += bRow;
      }
      v128.store(c + (<usize>j << 2), c0);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) {
        s += load<f32>(a + (<usize>p << 2)) * load<f32>(B + <usize>p * bRow + (<usize>j << 2));
      }
      store<f32>(c + (<usize>j << 2), s);
    }
  }
  return C;
}
