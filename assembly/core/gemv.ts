// Matrix–vector product.
import { dot } from "./dot";

/** y = A·x with A row-major m×n (f32), x f32[n], y f32[m]; each row reduces as `dot`. Returns y. */
export function gemv(y: usize, A: usize, x: usize, m: i32, n: i32): usize {
  const rowBytes = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    store<f32>(y + (<usize>i << 2), dot(A + <usize>i * rowBytes, x, n));
  }
  return y;
}
