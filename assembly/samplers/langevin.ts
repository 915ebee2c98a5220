// Unadjusted Langevin: y' = y − ε·β·∇F(y) + √(2ε)·s·ξ (s = noise scale; s = 1
// targets exp(−βF) up to the O(ε) discretization bias). Always accepted,
// except that a non-finite energy or gradient at y' keeps y (counted).
// Its section: the noise scale s, ∇F at the positions, the proposal with its
// energies and gradients, and the normals.
import { chainNormals } from "./draws";
import { energyEval } from "../energies/dispatch";
import {
  SS_CHAINS, SS_DIM, SS_BETA, SS_STEP, SS_RNG, SS_SECTION, SS_O_POS, SS_O_E, SS_O_ACCEPTS, SS_O_NON_FINITE,
  SS_O_LAST_ACC, SS_O_ACC_PROB, arr, kindArr, kindField, place,
} from "./state";
import { propose, rowFinite } from "./common";
import { copyRow } from "../core/simd";

// section fields (relative to SS_SECTION)
export const SS_ULA_O_G = 0; // C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks)
export const SS_ULA_NOISE_SCALE = 8; // f64: multiplies √(2ε)·ξ
export const SS_ULA_O_PROP = 16; // C×D f32
export const SS_ULA_O_PROP_E = 20; // C f32
export const SS_ULA_O_PROP_G = 24; // C×D f32
export const SS_ULA_O_NOISE = 28; // C×D f32

/** Places the section's arrays from offset o (see state.ts place); returns the offset after them. */
export function langevinLayout(s: usize, C: i32, D: i32, o: usize, mode: i32): usize {
  const f = s + SS_SECTION;
  const cd = <usize>C * <usize>D * 4;
  o = place(f + SS_ULA_O_G, o, cd, mode);
  o = place(f + SS_ULA_O_PROP, o, cd, mode);
  o = place(f + SS_ULA_O_PROP_E, o, <usize>C * 4, mode);
  o = place(f + SS_ULA_O_PROP_G, o, cd, mode);
  return place(f + SS_ULA_O_NOISE, o, cd, mode);
}

/** Default noise scale 1 (the Langevin diffusion). */
export function langevinDefaults(s: usize): void {
  store<f64>(kindField(s, SS_ULA_NOISE_SCALE), 1.0);
}

/** A finite noise scale ≥ 0. */
export function langevinCheck(s: usize): bool {
  const n = load<f64>(kindField(s, SS_ULA_NOISE_SCALE));
  return isFinite(n) && n >= 0;
}

/** The proposal rows of the state (the trainer moves its negatives with them). */
@inline export function langevinProposal(s: usize): usize {
  return kindArr(s, SS_ULA_O_PROP);
}

/**
 * The proposal of every chain, y' = y − ε·β·∇F(y) + √(2ε)·s·ξ, into the state's
 * proposal rows (langevinProposal). Draws C·D normals.
 */
export function langevinPropose(s: usize, eps: f64): void {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const noise = kindArr(s, SS_ULA_O_NOISE);
  chainNormals(noise, C, D, s + SS_RNG);
  propose(kindArr(s, SS_ULA_O_PROP), arr(s, SS_O_POS), kindArr(s, SS_ULA_O_G), <f32>(-eps * load<f64>(s + SS_BETA)), noise,
    <f32>(Math.sqrt(2 * eps) * load<f64>(kindField(s, SS_ULA_NOISE_SCALE))), C * D);
}

/** One transition of every chain; returns the number of chains that moved. Draws C·D normals. */
export function langevinStep(s: usize, desc: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  langevinPropose(s, load<f64>(s + SS_STEP));
  const pos = arr(s, SS_O_POS), prop = kindArr(s, SS_ULA_O_PROP);
  const G = kindArr(s, SS_ULA_O_G), pG = kindArr(s, SS_ULA_O_PROP_G);
  const E = arr(s, SS_O_E), pE = kindArr(s, SS_ULA_O_PROP_E);
  energyEval(desc, prop, C, pE, pG);
  const accs = arr(s, SS_O_ACCEPTS), nonFin = arr(s, SS_O_NON_FINITE), last = arr(s, SS_O_LAST_ACC), accP = arr(s, SS_O_ACC_PROB);
  const n = C * D;
  if (allFinite(pE, C) && allFinite(pG, n) && allFinite(prop, n)) {
    // the usual case: every chain moves, so whole arrays move at once (the same bits as row by row)
    memory.copy(pos, prop, <usize>n << 2);
    memory.copy(G, pG, <usize>n << 2);
    memory.copy(E, pE, <usize>C << 2);
    addOne(accs, C);
    for (let c = 0; c < C; c++) {
      store<i32>(last + (<usize>c << 2), 1);
      store<f64>(accP + (<usize>c << 3), 1.0);
    }
    return <f64>C;
  }
  const rowBytes = <usize>D << 2;
  let moved: f64 = 0;
  for (let c = 0; c < C; c++) {
    const ok = isFinite<f32>(load<f32>(pE + (<usize>c << 2))) && rowFinite(pG + <usize>c * rowBytes, D) &&
      rowFinite(prop + <usize>c * rowBytes, D);
    if (ok) {
      copyRow(pos + <usize>c * rowBytes, prop + <usize>c * rowBytes, D);
      copyRow(G + <usize>c * rowBytes, pG + <usize>c * rowBytes, D);
      store<f32>(E + (<usize>c << 2), load<f32>(pE + (<usize>c << 2)));
      store<i32>(accs + (<usize>c << 2), load<i32>(accs + (<usize>c << 2)) + 1);
      moved += 1;
    } else {
      store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
    }
    store<i32>(last + (<usize>c << 2), ok ? 1 : 0);
    store<f64>(accP + (<usize>c << 3), ok ? 1.0 : 0.0);
  }
  return moved;
}

/** True when all n f32 at p are finite: x − x is 0 for finite x and NaN for ±Inf and NaN, and NaN survives the sum. */
function allFinite(p: usize, n: i32): bool {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    acc = f32x4.add(acc, f32x4.sub(v, v));
  }
  let t: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    t += v - v;
  }
  return t == 0;
}

/** a[i] += 1 for n i32. */
function addOne(a: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(a + (<usize>i << 2), i32x4.add(v128.load(a + (<usize>i << 2)), i32x4.splat(1)));
  for (; i < n; i++) store<i32>(a + (<usize>i << 2), load<i32>(a + (<usize>i << 2)) + 1);
}
