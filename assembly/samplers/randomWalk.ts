// Random-walk Metropolis: y' = y + ε·ξ, accept with min(1, exp(−β(F(y') − F(y)))).
// Its section: the proposal, its energies, the normals and the uniforms.
import { chainNormals, chainUniforms } from "./draws";
import { energyEval } from "../energies/dispatch";
import { SS_CHAINS, SS_DIM, SS_BETA, SS_STEP, SS_RNG, SS_O_POS, SS_O_E, SS_O_ACC_PROB, SS_SECTION, arr, kindArr, place } from "./state";
import { propose, mhAccept } from "./common";

// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
export const SS_RW_O_PROP = 0; // C×D f32
export const SS_RW_O_PROP_E = 4; // C f32
export const SS_RW_O_NOISE = 8; // C×D f32
export const SS_RW_O_UNIFORM = 12; // C f32

/** Places the section's arrays from offset o (see state.ts place); returns the offset after them. */
export function randomWalkLayout(s: usize, C: i32, D: i32, o: usize, mode: i32): usize {
  const f = s + SS_SECTION;
  const cd = <usize>C * <usize>D * 4;
  o = place(f + SS_RW_O_PROP, o, cd, mode);
  o = place(f + SS_RW_O_PROP_E, o, <usize>C * 4, mode);
  o = place(f + SS_RW_O_NOISE, o, cd, mode);
  return place(f + SS_RW_O_UNIFORM, o, <usize>C * 4, mode);
}

/** One transition of every chain; returns Σ_c min(1, α_c). Draws C·D normals, then C uniforms. */
export function randomWalkStep(s: usize, desc: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const beta = load<f64>(s + SS_BETA);
  const eps = load<f64>(s + SS_STEP);
  const rng = s + SS_RNG;
  const noise = kindArr(s, SS_RW_O_NOISE);
  const uni = kindArr(s, SS_RW_O_UNIFORM);
  const prop = kindArr(s, SS_RW_O_PROP);
  chainNormals(noise, C, D, rng);
  chainUniforms(uni, C, 1, rng);
  propose(prop, arr(s, SS_O_POS), 0, 0, noise, <f32>eps, C * D);
  const E = arr(s, SS_O_E), pE = kindArr(s, SS_RW_O_PROP_E), accP = arr(s, SS_O_ACC_PROB);
  energyEval(desc, prop, C, pE, 0);
  for (let c = 0; c < C; c++) {
    const e1 = load<f32>(pE + (<usize>c << 2));
    const la = isFinite<f32>(e1) ? beta * (<f64>load<f32>(E + (<usize>c << 2)) - <f64>e1) : NaN;
    store<f64>(accP + (<usize>c << 3), la);
  }
  return mhAccept(s, prop, pE, uni, 0, 0);
}
