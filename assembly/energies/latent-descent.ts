// Inference of a latent code by projected gradient descent, shared by the
// decoder models (GLO, the conditional latent-variable EBM): for candidates
// j < m with decoder input [x_j, z_j] and target y_j,
//   z ← Π_{‖z‖ ≤ radius}(z − η·∇_z ‖y − Dec([x, z])‖²),
// keeping the best z seen (so a step that overshoots never makes the answer
// worse than its start). Candidates are independent, so the result of a row
// does not depend on which rows share its call or chunk.
import { NET_CHUNK, netBackwardChunk, netForwardChunk, netInput, netLayers, netOutput, netUpstream, netSize } from "./network";
import { allocBytes } from "../core/memory";

/** Scales the d values at z into the ball of this radius (unchanged when inside). */
@inline export function projectBall(z: usize, d: i32, radius: f32): void {
  let s: f64 = 0;
  for (let k = 0; k < d; k++) {
    const v = <f64>load<f32>(z + (<usize>k << 2));
    s += v * v;
  }
  const r2 = <f64>radius * <f64>radius;
  if (s > r2) {
    const f = <f32>(<f64>radius / Math.sqrt(s));
    for (let k = 0; k < d; k++) store<f32>(z + (<usize>k << 2), load<f32>(z + (<usize>k << 2)) * f);
  }
}

/** ‖y − out‖² in f64 (fixed order) for one row of width D. */
@inline export function residualSq(out: usize, y: usize, D: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < D; k++) {
    const e = <f64>load<f32>(out + (<usize>k << 2)) - <f64>load<f32>(y + (<usize>k << 2));
    s += e * e;
  }
  return s;
}

/** Writes the decoder input [x, z] of `rows` candidates from j0 into the network's input buffer. */
export function loadLatentInput(net: usize, Z: usize, X: usize, S: i32, C: i32, d: i32, j0: i32, rows: i32): void {
  const H0 = netInput(net);
  const W = C + d;
  for (let r = 0; r < rows; r++) {
    const h = H0 + <usize>(r * W) * 4;
    const j = j0 + r;
    if (C > 0) memory.copy(h, X + <usize>((j / S) * C) * 4, <usize>C << 2);
    memory.copy(h + (<usize>C << 2), Z + <usize>(j * d) * 4, <usize>d << 2);
  }
}

/**
 * Candidates j < m: target y = Y row j / S (D wide), condition x = X row j / S
 * (C wide, X = 0 when C = 0), start z = Z row j (d wide, inside the ball).
 * Runs `steps` projected gradient steps of size η on each; Z gets the best z
 * seen and E (f32[m]) its energy ‖y − Dec([x, z])‖². The decoder's input width
 * must be C + d and its output width D.
 */
export function latentDescend(net: usize, Z: usize, E: usize, Y: usize, X: usize, m: i32, S: i32, C: i32, d: i32, steps: i32, stepSize: f32, radius: f32): void {
  const D = netSize(net, netLayers(net));
  const W = C + d;
  const bestZ = allocBytes(<u64>NET_CHUNK * <u64>d * 4 + 16);
  const z = allocBytes(<u64>NET_CHUNK * <u64>d * 4 + 16);
  for (let j0 = 0; j0 < m; j0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, m - j0);
    memory.copy(z, Z + <usize>(j0 * d) * 4, <usize>(rows * d) << 2);
    for (let r = 0; r < rows; r++) store<f32>(E + (<usize>(j0 + r) << 2), Infinity);
    for (let s = 0; s <= steps; s++) {
      loadLatentInput(net, z - <usize>(j0 * d) * 4, X, S, C, d, j0, rows);
      const last = s == steps;
      netForwardChunk(net, rows, !last);
      const out = netOutput(net);
      const up = netUpstream(net);
      for (let r = 0; r < rows; r++) {
        const j = j0 + r;
        const o = out + <usize>(r * D) * 4;
        const y = Y + <usize>((j / S) * D) * 4;
        const e = <f32>residualSq(o, y, D);
        const ep = E + (<usize>j << 2);
        if (e < load<f32>(ep)) {
          store<f32>(ep, e);
          memory.copy(bestZ + <usize>(r * d) * 4, z + <usize>(r * d) * 4, <usize>d << 2);
        }
        if (!last) {
          const g = up + <usize>(r * D) * 4;
          for (let k = 0; k < D; k++) {
            const kk = <usize>k << 2;
            store<f32>(g + kk, <f32>2 * (load<f32>(o + kk) - load<f32>(y + kk)));
          }
        }
      }
      if (last) break;
      const dh = netBackwardChunk(net, rows, 0, false, true);
      for (let r = 0; r < rows; r++) {
        const zr = z + <usize>(r * d) * 4;
        const gr = dh + <usize>(r * W + C) * 4;
        for (let k = 0; k < d; k++) {
          const kk = <usize>k << 2;
          const g = load<f32>(gr + kk);
          if (isFinite<f32>(g)) store<f32>(zr + kk, load<f32>(zr + kk) - stepSize * g);
        }
        projectBall(zr, d, radius);
      }
    }
    for (let r = 0; r < rows; r++) {
      // a candidate whose energy never was finite keeps its start
      if (load<f32>(E + (<usize>(j0 + r) << 2)) < Infinity) {
        memory.copy(Z + <usize>((j0 + r) * d) * 4, bestZ + <usize>(r * d) * 4, <usize>d << 2);
      }
    }
  }
  heap.free(z);
  heap.free(bestZ);
}
