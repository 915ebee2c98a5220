// Inverse and log-determinant of a symmetric positive-definite matrix by
// Cholesky in f64 (parameter preparation for Gaussian energies).

import { allocBytes } from "./memory";

/**
 * A is D×D row-major f64 (only the lower triangle is read). Writes A⁻¹ as f32
 * to `out` (D×D row-major) and returns log det A, or NaN when A is not
 * positive definite (then `out` is unspecified). `out` may not alias A.
 */
export function spdInverse(out: usize, A: usize, D: i32): f64 {
  const n = <usize>D;
  const L = allocBytes(<u64>n * <u64>n * 8 + 16);
  const Inv = allocBytes(<u64>n * <u64>n * 8 + 16);
  memory.fill(L, 0, n * n * 8);
  let logdet: f64 = 0;
  let ok = true;
  for (let j: usize = 0; j < n && ok; j++) {
    let s = load<f64>(A + (j * n + j) * 8);
    for (let k: usize = 0; k < j; k++) {
      const l = load<f64>(L + (j * n + k) * 8);
      s -= l * l;
    }
    if (!(s > 0) || !isFinite(s)) {
      ok = false;
      break;
    }
    const d = Math.sqrt(s);
    store<f64>(L + (j * n + j) * 8, d);
    logdet += 2 * Math.log(d);
    for (let i = j + 1; i < n; i++) {
      let t = load<f64>(A + (i * n + j) * 8);
      for (let k: usize = 0; k < j; k++) t -= load<f64>(L + (i * n + k) * 8) * load<f64>(L + (j * n + k) * 8);
      store<f64>(L + (i * n + j) * 8, t / d);
    }
  }
  if (ok) {
    // columns of L⁻ᵀL⁻¹: solve L x = e_c, then Lᵀ y = x
    for (let c: usize = 0; c < n; c++) {
      for (let i: usize = 0; i < n; i++) {
        let t: f64 = i == c ? 1 : 0;
        for (let k: usize = 0; k < i; k++) t -= load<f64>(L + (i * n + k) * 8) * load<f64>(Inv + (k * n + c) * 8);
        store<f64>(Inv + (i * n + c) * 8, t / load<f64>(L + (i * n + i) * 8));
      }
      for (let ii = <i32>n - 1; ii >= 0; ii--) {
        const i = <usize>ii;
        let t = load<f64>(Inv + (i * n + c) * 8);
        for (let k = i + 1; k < n; k++) t -= load<f64>(L + (k * n + i) * 8) * load<f64>(Inv + (k * n + c) * 8);
        store<f64>(Inv + (i * n + c) * 8, t / load<f64>(L + (i * n + i) * 8));
      }
    }
    // symmetrize (the two triangles agree up to round-off) and narrow to f32
    for (let i: usize = 0; i < n; i++) {
      for (let j: usize = 0; j < n; j++) {
        const v = 0.5 * (load<f64>(Inv + (i * n + j) * 8) + load<f64>(Inv + (j * n + i) * 8));
        store<f32>(out + (i * n + j) * 4, <f32>v);
      }
    }
  }
  heap.free(Inv);
  heap.free(L);
  return ok ? logdet : NaN;
}
