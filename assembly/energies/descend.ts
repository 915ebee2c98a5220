// Inference by gradient descent on y for any energy (the lecture's
// y* = argmin_y F(y)): the predict/project step every model shares.
import { energyEval } from "./dispatch";
import { allocBytes } from "../core/memory";

/**
 * `steps` steps of y ← y − ε·∇_y F(y) for the m rows of Y (m×D in/out, D the
 * descriptor's dim) through the energy dispatcher; E (f32[m], or 0) gets the
 * final energies. A coordinate whose gradient is not finite stays in place.
 * Conditional energies read their x from the descriptor (set it first).
 */
export function energyDescend(desc: usize, Y: usize, m: i32, steps: i32, stepSize: f32, E: usize): void {
  const D = load<i32>(desc, 4);
  const G = allocBytes(<u64>m * <u64>D * 4 + 16);
  for (let s = 0; s < steps; s++) {
    energyEval(desc, Y, m, 0, G);
    for (let i = 0; i < m * D; i++) {
      const o = <usize>i << 2;
      const g = load<f32>(G + o);
      if (isFinite<f32>(g)) store<f32>(Y + o, load<f32>(Y + o) - stepSize * g);
    }
  }
  if (E != 0) energyEval(desc, Y, m, E, 0);
  heap.free(G);
}
