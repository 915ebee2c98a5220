// y ← y + alpha·x over f32 vectors.

/** y[i] += alpha·x[i] for i < n (f32, elementwise, so order-free). Returns y. */
export function axpy(y: usize, alpha: f32, x: usize, n: i32): usize {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(a, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
  return y;
}
