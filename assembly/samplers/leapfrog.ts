// Leapfrog (velocity Verlet) integration of Hamiltonian dynamics for
// H(y, p) = β·F(y) + ½ pᵀ M⁻¹ p, all chains at once: one energy call per step.
import { energyEval } from "../energies/dispatch";
import { tiledFactors } from "./common";
import { scratch, SLOT_LEAPFROG, SLOT_LEAPFROG_MASS } from "../core/scratch";

/** p ← p − h·β·G over C×D (f32). */
@inline function kick(P: usize, G: usize, cd: i32, hb: f32): void {
  const v = f32x4.splat(hb);
  let i = 0;
  for (; i + 4 <= cd; i += 4) {
    const o = <usize>i << 2;
    v128.store(P + o, f32x4.sub(v128.load(P + o), f32x4.mul(v, v128.load(G + o))));
  }
  for (; i < cd; i++) {
    const o = <usize>i << 2;
    store<f32>(P + o, load<f32>(P + o) - hb * load<f32>(G + o));
  }
}

/**
 * L leapfrog steps of size eps from (Y, P) in place (C×D f32 each). G holds
 * ∇F at Y on entry and at the final Y on exit; E (f32[C]) receives F at the
 * final Y. invMass f64[D] (diagonal M⁻¹) or 0 for the identity.
 */
export function leapfrogInPlace(
  desc: usize, Y: usize, P: usize, G: usize, E: usize, C: i32, D: i32, eps: f64, L: i32, invMass: usize, beta: f64,
): void {
  const cd = C * D;
  const half = <f32>(0.5 * eps * beta);
  const full = <f32>(eps * beta);
  // the drift factors ε·M⁻¹_j, tiled over the chains once, so each drift is one SIMD pass
  const M = tiledFactors(SLOT_LEAPFROG_MASS, 1, C, D, invMass, eps);
  kick(P, G, cd, half);
  drift(Y, M, P, cd);
  for (let l = 0; l < L; l++) {
    // F itself only at the end point (H₁); the intermediate steps need only ∇F
    energyEval(desc, Y, C, l == L - 1 ? E : 0, G);
    if (l == L - 1) kick(P, G, cd, half);
    else kickDrift(P, G, Y, M, cd, full); // this step's kick and the next drift in one pass
  }
}

/** y ← y + (ε·M⁻¹)·p over C×D (f32; M holds the tiled factors). */
@inline function drift(Y: usize, M: usize, P: usize, cd: i32): void {
  let i = 0;
  for (; i + 4 <= cd; i += 4) {
    const o = <usize>i << 2;
    v128.store(Y + o, f32x4.add(v128.load(Y + o), f32x4.mul(v128.load(M + o), v128.load(P + o))));
  }
  for (; i < cd; i++) {
    const o = <usize>i << 2;
    store<f32>(Y + o, load<f32>(Y + o) + load<f32>(M + o) * load<f32>(P + o));
  }
}

/** p ← p − h·β·G, then y ← y + (ε·M⁻¹)·p, element by element (the same operations as kick then drift). */
@inline function kickDrift(P: usize, G: usize, Y: usize, M: usize, cd: i32, hb: f32): void {
  const v = f32x4.splat(hb);
  let i = 0;
  for (; i + 4 <= cd; i += 4) {
    const o = <usize>i << 2;
    const p = f32x4.sub(v128.load(P + o), f32x4.mul(v, v128.load(G + o)));
    v128.store(P + o, p);
    v128.store(Y + o, f32x4.add(v128.load(Y + o), f32x4.mul(v128.load(M + o), p)));
  }
  for (; i < cd; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(P + o) - hb * load<f32>(G + o);
    store<f32>(P + o, p);
    store<f32>(Y + o, load<f32>(Y + o) + load<f32>(M + o) * p);
  }
}

/**
 * Exported for tests and users: L leapfrog steps from (Y, P) in place
 * (C×D f32, row-major), with the gradient at the start evaluated first.
 * E f32[C] receives F at the end point. invMass f64[D] or 0.
 */
export function leapfrogTrajectory(
  desc: usize, Y: usize, P: usize, E: usize, C: i32, D: i32, eps: f64, L: i32, invMass: usize, beta: f64,
): void {
  const G = scratch(SLOT_LEAPFROG, <usize>C * <usize>D * 4 + 16);
  energyEval(desc, Y, C, E, G);
  leapfrogInPlace(desc, Y, P, G, E, C, D, eps, L, invMass, beta);
}
