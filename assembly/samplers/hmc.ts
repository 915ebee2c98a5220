// Hamiltonian Monte Carlo with a diagonal mass matrix: momenta p ~ N(0, M),
// L leapfrog steps of size ε (optionally jittered uniformly in ε·[1 − j, 1 + j]
// per transition, shared by the chains), Metropolis on H = βF + ½ pᵀM⁻¹p.
// A non-finite H at the end, or an energy error H₁ − H₀ > 1000, is a divergence
// (and the non-finite one a rejection). Its section: L, the jitter, ∇F at the
// positions, the trajectory's end point, momenta, uniforms, the diagonal
// inverse mass and the variance windows that adapt it.
import { cursorBegin, cursorEnd, nextUniform } from "../core/rng";
import { chainNormals, chainUniforms } from "./draws";
import { leapfrogInPlace } from "./leapfrog";
import {
  SS_CHAINS, SS_DIM, SS_BETA, SS_STEP, SS_LAST_STEP, SS_RNG, SS_LAST_DIV, SS_SECTION, SS_O_POS, SS_O_E, SS_O_ACC_PROB,
  SS_O_DIVERGENT, arr, kindArr, kindField, place,
} from "./state";
import { mhAccept, tiledFactors, tiledFactorsAreOnes } from "./common";
import { SLOT_HMC_SCALE } from "../core/scratch";
import { copyRow } from "../core/simd";

const DIVERGENCE: f64 = 1000;

// section fields (relative to SS_SECTION)
export const SS_HMC_O_G = 0; // C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks)
export const SS_HMC_LEAPFROG = 4; // i32 L ≥ 1
export const SS_HMC_JITTER = 8; // f64 in [0, 1)
export const SS_HMC_O_PROP = 16; // C×D f32: the trajectory's end point
export const SS_HMC_O_PROP_E = 20; // C f32
export const SS_HMC_O_PROP_G = 24; // C×D f32
export const SS_HMC_O_MOM = 28; // C×D f32
export const SS_HMC_O_UNIFORM = 32; // C f32
export const SS_HMC_O_INV_MASS = 36; // D f64: diagonal M⁻¹
export const SS_HMC_O_W_MEAN = 40; // D f64: running means of the adaptation window
export const SS_HMC_O_W_M2 = 44; // D f64: running sums of squared deviations

/** Places the section's arrays from offset o (see state.ts place); returns the offset after them. */
export function hmcLayout(s: usize, C: i32, D: i32, o: usize, mode: i32): usize {
  const f = s + SS_SECTION;
  const cd = <usize>C * <usize>D * 4;
  const d8 = <usize>D * 8;
  o = place(f + SS_HMC_O_G, o, cd, mode);
  o = place(f + SS_HMC_O_PROP, o, cd, mode);
  o = place(f + SS_HMC_O_PROP_E, o, <usize>C * 4, mode);
  o = place(f + SS_HMC_O_PROP_G, o, cd, mode);
  o = place(f + SS_HMC_O_MOM, o, cd, mode);
  o = place(f + SS_HMC_O_UNIFORM, o, <usize>C * 4, mode);
  o = place(f + SS_HMC_O_INV_MASS, o, d8, mode);
  o = place(f + SS_HMC_O_W_MEAN, o, d8, mode);
  return place(f + SS_HMC_O_W_M2, o, d8, mode);
}

/** Defaults: one leapfrog step, no jitter, unit mass. */
export function hmcDefaults(s: usize): void {
  store<i32>(kindField(s, SS_HMC_LEAPFROG), 1);
  const im = kindArr(s, SS_HMC_O_INV_MASS);
  const D = load<i32>(s + SS_DIM);
  for (let j = 0; j < D; j++) store<f64>(im + (<usize>j << 3), 1.0);
}

/** L ≥ 1, jitter in [0, 1), every M⁻¹_j finite and > 0. */
/** Most leapfrog steps per transition (the option's maximum; also what a restored state may hold). */
export const SAMPLER_HMC_MAX_LEAPFROG = 65536;

export function hmcCheck(s: usize): bool {
  const j = load<f64>(kindField(s, SS_HMC_JITTER));
  const L = load<i32>(kindField(s, SS_HMC_LEAPFROG));
  // a crafted state with L near 2³¹ would block the thread for hours in one uninterruptible call
  if (L < 1 || L > SAMPLER_HMC_MAX_LEAPFROG || !(j >= 0 && j < 1)) return false;
  const im = kindArr(s, SS_HMC_O_INV_MASS);
  const D = load<i32>(s + SS_DIM);
  for (let k = 0; k < D; k++) {
    const m = load<f64>(im + (<usize>k << 3));
    if (!(m > 0 && isFinite(m))) return false;
  }
  return true;
}

@inline function kinetic(P: usize, invMass: usize, D: i32): f64 {
  let k: f64 = 0;
  for (let j = 0; j < D; j++) {
    const p = <f64>load<f32>(P + (<usize>j << 2));
    k += p * p * load<f64>(invMass + (<usize>j << 3));
  }
  return 0.5 * k;
}

/** ½ pᵀM⁻¹p of two rows (p at P and P + rowBytes) in f64x2 lanes: each lane the scalar kinetic(), same order. */
@inline function kinetic2(P: usize, rowBytes: usize, invMass: usize, D: i32): v128 {
  let k = f64x2.splat(0);
  for (let j = 0; j < D; j++) {
    const o = <usize>j << 2;
    const p = f64x2.promote_low_f32x4(v128.load32_lane(P + rowBytes + o, v128.load32_zero(P + o), 1));
    k = f64x2.add(k, f64x2.mul(f64x2.mul(p, p), v128.load64_splat(invMass + (<usize>j << 3))));
  }
  return f64x2.mul(f64x2.splat(0.5), k);
}

/** H = β·E + ½ pᵀM⁻¹p per chain into H (f64[C]), two chains at a time. */
function hamiltonians(H: usize, E: usize, mom: usize, invMass: usize, C: i32, D: i32, beta: f64): void {
  const rowBytes = <usize>D << 2;
  const betav = f64x2.splat(beta);
  let c = 0;
  for (; c + 2 <= C; c += 2) {
    const e = f64x2.promote_low_f32x4(v128.load64_zero(E + (<usize>c << 2)));
    v128.store(H + (<usize>c << 3), f64x2.add(f64x2.mul(betav, e), kinetic2(mom + <usize>c * rowBytes, rowBytes, invMass, D)));
  }
  for (; c < C; c++) {
    store<f64>(H + (<usize>c << 3), beta * <f64>load<f32>(E + (<usize>c << 2)) + kinetic(mom + <usize>c * rowBytes, invMass, D));
  }
}

/**
 * The rule for one chain given H0 and H1 (ACC_PROB already holds H0 − H1): a non-finite H1
 * makes log α NaN (a rejection, counted as non-finite); NaN or an energy error H1 − H0 > DIVERGENCE
 * counts a divergence. Returns 1 for a divergence.
 */
function finishChain(c: i32, h0: f64, h1: f64, accP: usize, div: usize): i32 {
  let la = h0 - h1; // NaN when H₁ is not finite (also ±Inf − ±Inf)
  if (!isFinite(h1)) la = NaN;
  store<f64>(accP + (<usize>c << 3), la);
  if (isNaN(la) || -la > DIVERGENCE) {
    store<i32>(div + (<usize>c << 2), load<i32>(div + (<usize>c << 2)) + 1);
    return 1;
  }
  return 0;
}

/**
 * One transition of every chain; returns Σ_c min(1, α_c). With a jitter, one uniform first
 * sets this transition's step (kept as the last step); then C·D normals and C uniforms.
 */
export function hmcStep(s: usize, desc: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const L = load<i32>(kindField(s, SS_HMC_LEAPFROG));
  const beta = load<f64>(s + SS_BETA);
  const rng = s + SS_RNG;
  let eps = load<f64>(s + SS_STEP);
  const jitter = load<f64>(kindField(s, SS_HMC_JITTER));
  if (jitter > 0) {
    cursorBegin(rng);
    eps *= 1 + jitter * (2 * nextUniform() - 1);
    cursorEnd();
  }
  store<f64>(s + SS_LAST_STEP, eps);
  const mom = kindArr(s, SS_HMC_O_MOM);
  const invMass = kindArr(s, SS_HMC_O_INV_MASS);
  const uni = kindArr(s, SS_HMC_O_UNIFORM);
  chainNormals(mom, C, D, rng);
  chainUniforms(uni, C, 1, rng);
  const rowBytes = <usize>D << 2;
  // p = ξ·√M = ξ / √(M⁻¹): the factors once (f64, rounded to f32), tiled over the chains, then one SIMD pass
  const cd = C * D;
  const S = tiledFactors(SLOT_HMC_SCALE, 0, C, D, invMass, 0);
  if (!tiledFactorsAreOnes(0)) { // ξ·1 = ξ exactly: a unit mass needs no pass
    let i = 0;
    for (; i + 4 <= cd; i += 4) {
      const o = <usize>i << 2;
      v128.store(mom + o, f32x4.mul(v128.load(mom + o), v128.load(S + o)));
    }
    for (; i < cd; i++) {
      const o = <usize>i << 2;
      store<f32>(mom + o, load<f32>(mom + o) * load<f32>(S + o));
    }
  }
  const pos = arr(s, SS_O_POS), prop = kindArr(s, SS_HMC_O_PROP);
  const G = kindArr(s, SS_HMC_O_G), pG = kindArr(s, SS_HMC_O_PROP_G);
  const E = arr(s, SS_O_E), pE = kindArr(s, SS_HMC_O_PROP_E), accP = arr(s, SS_O_ACC_PROB);
  const div = arr(s, SS_O_DIVERGENT);
  // H0 per chain, kept in ACC_PROB until the end
  hamiltonians(accP, E, mom, invMass, C, D, beta);
  copyRow(prop, pos, cd); // a few hundred bytes: no call into the engine
  copyRow(pG, G, cd);
  leapfrogInPlace(desc, prop, mom, pG, pE, C, D, eps, L, invMass, beta);
  // log α = H0 − H1, two chains per f64x2 (each lane the scalar formula)
  let divergences = 0;
  let c = 0;
  const betav = f64x2.splat(beta);
  for (; c + 2 <= C; c += 2) {
    const h0 = v128.load(accP + (<usize>c << 3));
    const h1 = f64x2.add(f64x2.mul(betav, f64x2.promote_low_f32x4(v128.load64_zero(pE + (<usize>c << 2)))), kinetic2(mom + <usize>c * rowBytes, rowBytes, invMass, D));
    const la = f64x2.sub(h0, h1);
    v128.store(accP + (<usize>c << 3), la);
    // rare cases per lane, as the scalar rule below: a non-finite H1, or an energy error beyond DIVERGENCE
    const z = f64x2.sub(h1, h1);
    if (!i64x2.all_true(f64x2.eq(z, z)) || v128.any_true(f64x2.gt(f64x2.neg(la), f64x2.splat(DIVERGENCE))) || v128.any_true(f64x2.ne(la, la))) {
      divergences += finishChain(c, f64x2.extract_lane(h0, 0), f64x2.extract_lane(h1, 0), accP, div);
      divergences += finishChain(c + 1, f64x2.extract_lane(h0, 1), f64x2.extract_lane(h1, 1), accP, div);
    }
  }
  for (; c < C; c++) {
    const h0 = load<f64>(accP + (<usize>c << 3));
    const h1 = beta * <f64>load<f32>(pE + (<usize>c << 2)) + kinetic(mom + <usize>c * rowBytes, invMass, D);
    store<f64>(accP + (<usize>c << 3), h0 - h1);
    divergences += finishChain(c, h0, h1, accP, div);
  }
  store<i32>(s + SS_LAST_DIV, divergences);
  return mhAccept(s, prop, pE, uni, G, pG);
}
