// The sampler kinds, one row each: its code, its traits, and where its
// section layout, defaults, checks and transition live. A new kind is its
// own file plus one case in each switch below (and its row on the SDK side,
// sdk/samplers/kinds.ts).
import { randomWalkLayout, randomWalkStep } from "./randomWalk";
import { langevinLayout, langevinDefaults, langevinCheck, langevinStep } from "./langevin";
import { malaLayout, malaStep } from "./mala";
import { hmcLayout, hmcDefaults, hmcCheck, hmcStep } from "./hmc";
import { gibbsLayout, gibbsDefaults, gibbsCheck, gibbsStep, gibbsDefaultPositions, SAMPLER_GIBBS_MAX_VALUES } from "./gibbs";
import { rngNormal } from "../core/rng";
import { SS_CHAINS, SS_DIM, SS_O_POS, arr } from "./state";

export const SAMPLER_RANDOM_WALK = 1;
export const SAMPLER_LANGEVIN = 2;
export const SAMPLER_MALA = 3;
export const SAMPLER_HMC = 4;
export const SAMPLER_GIBBS = 5;

// traits
export const SAMPLER_NEEDS_GRAD = 1; // ∇F at the positions (offset at SS_SECTION_O_GRAD)
export const SAMPLER_HAS_STEP = 2; // a step size ε > 0
export const SAMPLER_ADAPTS = 4; // a Metropolis acceptance to adapt ε to
export const SAMPLER_HAS_PARAM = 8; // a size parameter (SS_KIND_PARAM) that changes the section

/** The traits of `kind` (SAMPLER_NEEDS_GRAD | …), or −1 for an unknown kind. */
export function kindTraits(kind: i32): i32 {
  switch (kind) {
    case SAMPLER_RANDOM_WALK: return SAMPLER_HAS_STEP | SAMPLER_ADAPTS;
    case SAMPLER_LANGEVIN: return SAMPLER_NEEDS_GRAD | SAMPLER_HAS_STEP;
    case SAMPLER_MALA: return SAMPLER_NEEDS_GRAD | SAMPLER_HAS_STEP | SAMPLER_ADAPTS;
    case SAMPLER_HMC: return SAMPLER_NEEDS_GRAD | SAMPLER_HAS_STEP | SAMPLER_ADAPTS;
    case SAMPLER_GIBBS: return SAMPLER_HAS_PARAM;
    default: return -1;
  }
}

/** True when step-size adaptation applies to `kind`. */
export function kindAdapts(kind: i32): bool {
  const t = kindTraits(kind);
  return t >= 0 && (t & SAMPLER_ADAPTS) != 0;
}

/** True when `param` is a valid size parameter of `kind` (0 for kinds without one). */
export function kindParamValid(kind: i32, param: i32): bool {
  if (kind == SAMPLER_GIBBS) return param >= 2 && param <= SAMPLER_GIBBS_MAX_VALUES;
  return param == 0;
}

/** The kind's arrays from offset o (place, one of the LAYOUT_* modes); returns the offset after them. */
export function kindLayout(kind: i32, s: usize, C: i32, D: i32, param: i32, o: usize, mode: i32): usize {
  switch (kind) {
    case SAMPLER_RANDOM_WALK: return randomWalkLayout(s, C, D, o, mode);
    case SAMPLER_LANGEVIN: return langevinLayout(s, C, D, o, mode);
    case SAMPLER_MALA: return malaLayout(s, C, D, o, mode);
    case SAMPLER_HMC: return hmcLayout(s, C, D, o, mode);
    case SAMPLER_GIBBS: return gibbsLayout(s, C, D, param, o, mode);
    default: return 0;
  }
}

/** The kind's own defaults in a freshly laid-out state. */
export function kindDefaults(kind: i32, s: usize): void {
  switch (kind) {
    case SAMPLER_LANGEVIN: langevinDefaults(s); break;
    case SAMPLER_HMC: hmcDefaults(s); break;
    case SAMPLER_GIBBS: gibbsDefaults(s); break;
    default: break;
  }
}

/** Default positions from the RNG state `rng`: standard normals, or what the kind draws instead. */
export function kindDefaultPositions(kind: i32, s: usize, rng: usize): void {
  switch (kind) {
    case SAMPLER_GIBBS: gibbsDefaultPositions(s, rng); break;
    default: rngNormal(arr(s, SS_O_POS), load<i32>(s + SS_CHAINS) * load<i32>(s + SS_DIM), rng);
  }
}

/** True when the kind's own fields and arrays hold valid values (the layout is checked before). */
export function kindCheck(kind: i32, s: usize): bool {
  switch (kind) {
    case SAMPLER_LANGEVIN: return langevinCheck(s);
    case SAMPLER_HMC: return hmcCheck(s);
    case SAMPLER_GIBBS: return gibbsCheck(s);
    default: return true;
  }
}

/** One transition of every chain of `kind`; returns Σ_c of each chain's acceptance probability. */
export function kindStep(kind: i32, s: usize, desc: usize): f64 {
  switch (kind) {
    case SAMPLER_RANDOM_WALK: return randomWalkStep(s, desc);
    case SAMPLER_LANGEVIN: return langevinStep(s, desc);
    case SAMPLER_MALA: return malaStep(s, desc);
    case SAMPLER_HMC: return hmcStep(s, desc);
    case SAMPLER_GIBBS: return gibbsStep(s, desc);
    default: return NaN;
  }
}
