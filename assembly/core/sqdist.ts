// Squared Euclidean distances from B points to K centres.
import { hsum4, roundUp } from "./simd";
import { allocBytes } from "./memory";

/**
 * Writes the centres C (k×d, row-major) transposed and padded into CT
 * (d×kpad, kpad = k rounded up to 8) so that one v128 load holds one
 * coordinate of four centres. Padding lanes get `pad`.
 */
export function transposeCentres(CT: usize, C: usize, d: i32, k: i32, pad: f32): void {
  const kpad = roundUp(k, 8);
  for (let dd = 0; dd < d; dd++) {
    const row = CT + <usize>dd * (<usize>kpad << 2);
    for (let j = 0; j < k; j++) {
      store<f32>(row + (<usize>j << 2), load<f32>(C + ((<usize>j * <usize>d + <usize>dd) << 2)));
    }
    for (let j = k; j < kpad; j++) store<f32>(row + (<usize>j << 2), pad);
  }
}

/**
 * Squared distances from one point x (f32[d]) to all kpad centres of CT,
 * written to dist (f32[kpad]). Lanes run over centres and every lane sums
 * (x_0 - c_0)², (x_1 - c_1)², … in coordinate order: the plain scalar loop's bits.
 */
@inline export function distancesToCentres(dist: usize, x: usize, d: i32, CT: usize, kpad: i32): void {
  const rowBytes = <usize>kpad << 2;
  for (let j = 0; j < kpad; j += 8) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let c = CT + (<usize>j << 2);
    for (let dd = 0; dd < d; dd++) {
      const s = f32x4.splat(load<f32>(x + (<usize>dd << 2)));
      const e0 = f32x4.sub(s, v128.load(c, 0));
      const e1 = f32x4.sub(s, v128.load(c, 16));
      a0 = f32x4.add(a0, f32x4.mul(e0, e0));
      a1 = f32x4.add(a1, f32x4.mul(e1, e1));
      c += rowBytes;
    }
    v128.store(dist + (<usize>j << 2), a0, 0);
    v128.store(dist + (<usize>j << 2), a1, 16);
  }
}

/**
 * Squared distance between two f32[d] rows with SIMD over coordinates:
 * lane sums reduced as (l0 + l1) + (l2 + l3), then the scalar tail in order.
 */
@inline export function sqdistRow(a: usize, b: usize, d: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const o = <usize>i << 2;
    const e = f32x4.sub(v128.load(a + o), v128.load(b + o));
    acc = f32x4.add(acc, f32x4.mul(e, e));
  }
  let s = hsum4(acc);
  for (; i < d; i++) {
    const o = <usize>i << 2;
    const e = load<f32>(a + o) - load<f32>(b + o);
    s += e * e;
  }
  return s;
}

/**
 * out[i·k + j] = Σ_d (X[i,d] - C[j,d])² for X n×d and C k×d (row-major f32),
 * out n×k. Each entry sums coordinates in order (see distancesToCentres).
 * Returns out.
 */
export function sqdist(out: usize, X: usize, n: i32, d: i32, C: usize, k: i32): usize {
  const kpad = roundUp(k, 8);
  const CT = allocBytes(<u64>d * <u64>kpad * 4 + 16);
  const row = allocBytes(<u64>kpad * 4 + 16);
  transposeCentres(CT, C, d, k, 0);
  for (let i = 0; i < n; i++) {
    distancesToCentres(row, X + <usize>i * (<usize>d << 2), d, CT, kpad);
    memory.copy(out + <usize>i * (<usize>k << 2), row, <usize>k << 2);
  }
  heap.free(row);
  heap.free(CT);
  return out;
}
