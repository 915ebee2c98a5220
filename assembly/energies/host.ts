// Energies written in JavaScript (`energies.custom`): WASM calls the host once
// per batch, never per point. The SDK's import `env.hostEnergy` finds the
// energy registered under `id` and fills E (f32[n], if E != 0) and G (n×dim,
// if G != 0) from Y (n×dim); it may leave non-finite values, which samplers
// count as rejections.
import { descDim, descI0 } from "./descriptor";

@external("env", "hostEnergy")
declare function hostEnergy(id: i32, Y: usize, n: i32, dim: i32, E: usize, G: usize): void;

/** i0 = the host's id for this energy. */
export function hostEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  hostEnergy(descI0(desc), Y, n, descDim(desc), E, G);
}
