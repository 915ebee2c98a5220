// Small SIMD helpers shared by the kernels. Reductions use one fixed order,
// (l0 + l1) + (l2 + l3), so the pure-TS twins in bench/baselines/ can repeat it.

@inline export function hsum4(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
         (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline export function hmax4(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
             max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** a + b·c, unfused (relaxed-SIMD's madd would differ between engines). */
@inline export function madd4(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(a, f32x4.mul(b, c));
}

/** Round a count of f32 up to a multiple of `m` (a power of two). */
@inline export function roundUp(n: i32, m: i32): i32 {
  return (n + m - 1) & ~(m - 1);
}

/** Copies D f32 (D·4 bytes, no overlap): whole v128s, then 8- and 4-byte pieces (no memory.copy call for small rows). */
@inline export function copyRow(dst: usize, src: usize, D: i32): void {
  const bytes = <usize>D << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.load(src + o));
  if (o + 8 <= bytes) {
    store<u64>(dst + o, load<u64>(src + o));
    o += 8;
  }
  if (o < bytes) store<u32>(dst + o, load<u32>(src + o));
}
