// Register-blocked matrix product with a strided left operand: the three
// products of an MLP step (forward H·Wᵀ, backward dZ·W, parameter dZᵀ·H) are
// all C (+)= A·B with B row-major and A read one scalar at a time.
import { hsum4, madd4 } from "./simd";
import { dot } from "./dot";
import { allocBytes } from "./memory";

/**
 * C[i, j] (+)= Σ_p A(i, p)·B[p, j] for i < m, j < n, p < k, where
 * A(i, p) = f32 at A + i·sai + p·sap (byte strides), B is row-major k×n and
 * C row-major m×n. Each element sums over p in order from 0 (then is added to
 * C when `accumulate`). Blocks of 4 rows × 8 columns keep 8 accumulators in
 * registers: per p, two loads of B, four broadcasts of A, sixteen mul/add.
 */
export function gemmStrided(C: usize, A: usize, sai: usize, sap: usize, B: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const rowB = <usize>n << 2;
  if (n < 8 && sap == 4) {
    // a few output columns (n = 1 for the energy, n = 2 for the input gradient of a
    // 2-D model): dot products along contiguous rows of A with the columns of B,
    // which a register block over columns would leave to the slow scalar tail
    let BT = B;
    if (n > 1) {
      BT = narrowScratch(<u64>k * <u64>n * 4);
      for (let p = 0; p < k; p++) {
        for (let j = 0; j < n; j++) store<f32>(BT + ((<usize>j * <usize>k + <usize>p) << 2), load<f32>(B + ((<usize>p * <usize>n + <usize>j) << 2)));
      }
    }
    let i = 0;
    // four rows at a time: four independent accumulator chains instead of one
    // (each element is still exactly dot()'s sum: same lanes, same order)
    for (; i + 4 <= m; i += 4) {
      const a0 = A + <usize>i * sai;
      const a1 = a0 + sai;
      const a2 = a1 + sai;
      const a3 = a2 + sai;
      for (let j = 0; j < n; j++) {
        const bj = BT + <usize>j * (<usize>k << 2);
        let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
        let p = 0;
        for (; p + 4 <= k; p += 4) {
          const o = <usize>p << 2;
          const b = v128.load(bj + o);
          s0 = madd4(s0, v128.load(a0 + o), b);
          s1 = madd4(s1, v128.load(a1 + o), b);
          s2 = madd4(s2, v128.load(a2 + o), b);
          s3 = madd4(s3, v128.load(a3 + o), b);
        }
        let t0 = hsum4(s0), t1 = hsum4(s1), t2 = hsum4(s2), t3 = hsum4(s3);
        for (; p < k; p++) {
          const o = <usize>p << 2;
          const b = load<f32>(bj + o);
          t0 += load<f32>(a0 + o) * b;
          t1 += load<f32>(a1 + o) * b;
          t2 += load<f32>(a2 + o) * b;
          t3 += load<f32>(a3 + o) * b;
        }
        const c = C + ((<usize>i * <usize>n + <usize>j) << 2);
        const rowC = <usize>n << 2;
        store<f32>(c, accumulate ? load<f32>(c) + t0 : t0);
        store<f32>(c + rowC, accumulate ? load<f32>(c + rowC) + t1 : t1);
        store<f32>(c + 2 * rowC, accumulate ? load<f32>(c + 2 * rowC) + t2 : t2);
        store<f32>(c + 3 * rowC, accumulate ? load<f32>(c + 3 * rowC) + t3 : t3);
      }
    }
    for (; i < m; i++) {
      const a = A + <usize>i * sai;
      for (let j = 0; j < n; j++) {
        const s = dot(a, BT + <usize>j * (<usize>k << 2), k);
        const c = C + ((<usize>i * <usize>n + <usize>j) << 2);
        store<f32>(c, accumulate ? load<f32>(c) + s : s);
      }
    }
    return;
  }
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = A + <usize>i * sai;
    const a1 = a0 + sai;
    const a2 = a1 + sai;
    const a3 = a2 + sai;
    const c0 = C + <usize>i * rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let b = B + (<usize>j << 2);
      let ap: usize = 0;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(b, 0);
        const b1 = v128.load(b, 16);
        const x0 = v128.load32_splat(a0 + ap);
        s00 = madd4(s00, x0, b0);
        s01 = madd4(s01, x0, b1);
        const x1 = v128.load32_splat(a1 + ap);
        s10 = madd4(s10, x1, b0);
        s11 = madd4(s11, x1, b1);
        const x2 = v128.load32_splat(a2 + ap);
        s20 = madd4(s20, x2, b0);
        s21 = madd4(s21, x2, b1);
        const x3 = v128.load32_splat(a3 + ap);
        s30 = madd4(s30, x3, b0);
        s31 = madd4(s31, x3, b1);
        b += rowB;
        ap += sap;
      }
      const o = c0 + (<usize>j << 2);
      store8(o, s00, s01, accumulate);
      store8(o + rowB, s10, s11, accumulate);
      store8(o + 2 * rowB, s20, s21, accumulate);
      store8(o + 3 * rowB, s30, s31, accumulate);
    }
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) scalarCell(C, A, sai, sap, B, k, n, i + r, j, accumulate);
    }
  }
  for (; i < m; i++) {
    const a = A + <usize>i * sai;
    const c = C + <usize>i * rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      let b = B + (<usize>j << 2);
      let ap: usize = 0;
      for (let p = 0; p < k; p++) {
        const x = v128.load32_splat(a + ap);
        s0 = madd4(s0, x, v128.load(b, 0));
        s1 = madd4(s1, x, v128.load(b, 16));
        b += rowB;
        ap += sap;
      }
      store8(c + (<usize>j << 2), s0, s1, accumulate);
    }
    for (; j < n; j++) scalarCell(C, A, sai, sap, B, k, n, i, j, accumulate);
  }
}

let narrowPtr: usize = 0;
let narrowCap: usize = 0;

/** A reusable scratch block for transposed narrow right operands (kept between calls). */
function narrowScratch(bytes: u64): usize {
  if (bytes > <u64>narrowCap) {
    if (narrowPtr != 0) heap.free(narrowPtr);
    // forgotten before allocating, so a failed allocation leaves no dangling pointer
    narrowPtr = 0;
    const cap = max<u64>(<u64>bytes, <u64>narrowCap * 2);
    narrowCap = 0;
    narrowPtr = allocBytes(cap);
    narrowCap = <usize>cap;
  }
  return narrowPtr;
}

@inline function store8(o: usize, s0: v128, s1: v128, accumulate: bool): void {
  if (accumulate) {
    s0 = f32x4.add(v128.load(o, 0), s0);
    s1 = f32x4.add(v128.load(o, 16), s1);
  }
  v128.store(o, s0, 0);
  v128.store(o, s1, 16);
}

@inline function scalarCell(C: usize, A: usize, sai: usize, sap: usize, B: usize, k: i32, n: i32, i: i32, j: i32, accumulate: bool): void {
  let s: f32 = 0;
  const a = A + <usize>i * sai;
  for (let p = 0; p < k; p++) {
    s += load<f32>(a + <usize>p * sap) * load<f32>(B + ((<usize>p * <usize>n + <usize>j) << 2));
  }
  const c = C + ((<usize>i * <usize>n + <usize>j) << 2);
  store<f32>(c, accumulate ? load<f32>(c) + s : s);
}
