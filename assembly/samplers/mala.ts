// Metropolis-adjusted Langevin (Roberts & Tweedie 1996): the Langevin
// proposal y' = y − ε·β·∇F(y) + √(2ε)·ξ, corrected by Metropolis–Hastings with
// log q(a | b) = −‖a − b + ε·β·∇F(b)‖² / (4ε). Its section: ∇F at the
// positions, the proposal with its energies and gradients, normals, uniforms.
import { chainNormals, chainUniforms } from "./draws";
import { energyEval } from "../energies/dispatch";
import { SS_CHAINS, SS_DIM, SS_BETA, SS_STEP, SS_RNG, SS_SECTION, SS_O_POS, SS_O_E, SS_O_ACC_PROB, arr, kindArr, place } from "./state";
import { propose, mhAccept, rowFinite } from "./common";

// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
export const SS_MALA_O_G = 0; // C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks)
export const SS_MALA_O_PROP = 4; // C×D f32
export const SS_MALA_O_PROP_E = 8; // C f32
export const SS_MALA_O_PROP_G = 12; // C×D f32
export const SS_MALA_O_NOISE = 16; // C×D f32
export const SS_MALA_O_UNIFORM = 20; // C f32

/** Places the section's arrays from offset o (see state.ts place); returns the offset after them. */
export function malaLayout(s: usize, C: i32, D: i32, o: usize, mode: i32): usize {
  const f = s + SS_SECTION;
  const cd = <usize>C * <usize>D * 4;
  o = place(f + SS_MALA_O_G, o, cd, mode);
  o = place(f + SS_MALA_O_PROP, o, cd, mode);
  o = place(f + SS_MALA_O_PROP_E, o, <usize>C * 4, mode);
  o = place(f + SS_MALA_O_PROP_G, o, cd, mode);
  o = place(f + SS_MALA_O_NOISE, o, cd, mode);
  return place(f + SS_MALA_O_UNIFORM, o, <usize>C * 4, mode);
}

/**
 * A non-finite log-ratio: NaN (a non-finite proposal, counted by mhAccept) when e₁, y' or ∇F(y') is
 * not finite. A finite log-ratio already implies all three are finite (E, ξ and εβ > 0 are finite: any
 * non-finite one makes rev or the energy term non-finite), so only non-finite ones come here.
 */
function nonFiniteCheck(c: i32, D: i32, rowBytes: usize, pE: usize, pG: usize, prop: usize, accP: usize): void {
  const la = load<f64>(accP + (<usize>c << 3));
  const r = <usize>c * rowBytes;
  if (!isFinite(la) && (!isFinite<f32>(load<f32>(pE + (<usize>c << 2))) || !rowFinite(pG + r, D) || !rowFinite(prop + r, D))) {
    store<f64>(accP + (<usize>c << 3), NaN);
  }
}

/**
 * log α of chains c and c + 1 from their sums fwd = ‖ξ‖² and rev (f64x2 lanes), as the scalar formula
 * below: β(E − E′) − rev/(4ε) + fwd/2, into ACC_PROB; a non-finite lane goes through nonFiniteCheck.
 */
@inline function pairLogRatio(
  c: i32, fwd: v128, rev: v128, betav: v128, fourEps: v128, E: usize, pE: usize, D: i32, rowBytes: usize, pG: usize, prop: usize, accP: usize,
): void {
  const c4 = <usize>c << 2;
  const e0 = f64x2.promote_low_f32x4(v128.load64_zero(E + c4));
  const e1 = f64x2.promote_low_f32x4(v128.load64_zero(pE + c4));
  const la = f64x2.add(f64x2.sub(f64x2.mul(betav, f64x2.sub(e0, e1)), f64x2.div(rev, fourEps)), f64x2.mul(f64x2.splat(0.5), fwd));
  v128.store(accP + (<usize>c << 3), la);
  const z = f64x2.sub(la, la); // 0 where finite, NaN otherwise
  if (!i64x2.all_true(f64x2.eq(z, z))) {
    for (let k = 0; k < 2; k++) nonFiniteCheck(c + k, D, rowBytes, pE, pG, prop, accP);
  }
}

/** One transition of every chain; returns Σ_c min(1, α_c). Draws C·D normals, then C uniforms. */
export function malaStep(s: usize, desc: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const beta = load<f64>(s + SS_BETA);
  const eps = load<f64>(s + SS_STEP);
  const rng = s + SS_RNG;
  const noise = kindArr(s, SS_MALA_O_NOISE);
  const uni = kindArr(s, SS_MALA_O_UNIFORM);
  chainNormals(noise, C, D, rng);
  chainUniforms(uni, C, 1, rng);
  const pos = arr(s, SS_O_POS), prop = kindArr(s, SS_MALA_O_PROP);
  const G = kindArr(s, SS_MALA_O_G), pG = kindArr(s, SS_MALA_O_PROP_G);
  const E = arr(s, SS_O_E), pE = kindArr(s, SS_MALA_O_PROP_E), accP = arr(s, SS_O_ACC_PROB);
  propose(prop, pos, G, <f32>(-eps * beta), noise, <f32>Math.sqrt(2 * eps), C * D);
  energyEval(desc, prop, C, pE, pG);
  const rowBytes = <usize>D << 2;
  const eb = eps * beta;
  // two chains per f64x2 (lane k = chain c + k): each lane runs the scalar sums below, in the same
  // order, so the bits are the same; the pair halves the serial add chains that bound this loop
  const ebv = f64x2.splat(eb);
  const betav = f64x2.splat(beta);
  const fourEps = f64x2.splat(4 * eps);
  let c = 0;
  // four chains (two pairs) per iteration: twice the independent add chains in flight
  for (; c + 4 <= C; c += 4) {
    const r = <usize>c * rowBytes;
    const rb = r + 2 * rowBytes;
    let fwd = f64x2.splat(0), fwdB = f64x2.splat(0);
    let rev = f64x2.splat(0), revB = f64x2.splat(0);
    for (let j = 0; j < D; j++) {
      const o = r + (<usize>j << 2);
      const o1 = o + rowBytes;
      const p = rb + (<usize>j << 2);
      const p1 = p + rowBytes;
      const xi = f64x2.promote_low_f32x4(v128.load32_lane(noise + o1, v128.load32_zero(noise + o), 1));
      const xiB = f64x2.promote_low_f32x4(v128.load32_lane(noise + p1, v128.load32_zero(noise + p), 1));
      fwd = f64x2.add(fwd, f64x2.mul(xi, xi));
      fwdB = f64x2.add(fwdB, f64x2.mul(xiB, xiB));
      const y = f64x2.promote_low_f32x4(v128.load32_lane(pos + o1, v128.load32_zero(pos + o), 1));
      const y1 = f64x2.promote_low_f32x4(v128.load32_lane(prop + o1, v128.load32_zero(prop + o), 1));
      const g1 = f64x2.promote_low_f32x4(v128.load32_lane(pG + o1, v128.load32_zero(pG + o), 1));
      const yB = f64x2.promote_low_f32x4(v128.load32_lane(pos + p1, v128.load32_zero(pos + p), 1));
      const y1B = f64x2.promote_low_f32x4(v128.load32_lane(prop + p1, v128.load32_zero(prop + p), 1));
      const g1B = f64x2.promote_low_f32x4(v128.load32_lane(pG + p1, v128.load32_zero(pG + p), 1));
      const t = f64x2.add(f64x2.sub(y, y1), f64x2.mul(ebv, g1));
      const tB = f64x2.add(f64x2.sub(yB, y1B), f64x2.mul(ebv, g1B));
      rev = f64x2.add(rev, f64x2.mul(t, t));
      revB = f64x2.add(revB, f64x2.mul(tB, tB));
    }
    pairLogRatio(c, fwd, rev, betav, fourEps, E, pE, D, rowBytes, pG, prop, accP);
    pairLogRatio(c + 2, fwdB, revB, betav, fourEps, E, pE, D, rowBytes, pG, prop, accP);
  }
  for (; c + 2 <= C; c += 2) {
    const r = <usize>c * rowBytes;
    let fwd = f64x2.splat(0);
    let rev = f64x2.splat(0);
    for (let j = 0; j < D; j++) {
      const o = r + (<usize>j << 2);
      const o1 = o + rowBytes;
      const xi = f64x2.promote_low_f32x4(v128.load32_lane(noise + o1, v128.load32_zero(noise + o), 1));
      fwd = f64x2.add(fwd, f64x2.mul(xi, xi));
      const y = f64x2.promote_low_f32x4(v128.load32_lane(pos + o1, v128.load32_zero(pos + o), 1));
      const y1 = f64x2.promote_low_f32x4(v128.load32_lane(prop + o1, v128.load32_zero(prop + o), 1));
      const g1 = f64x2.promote_low_f32x4(v128.load32_lane(pG + o1, v128.load32_zero(pG + o), 1));
      const t = f64x2.add(f64x2.sub(y, y1), f64x2.mul(ebv, g1));
      rev = f64x2.add(rev, f64x2.mul(t, t));
    }
    pairLogRatio(c, fwd, rev, betav, fourEps, E, pE, D, rowBytes, pG, prop, accP);
  }
  for (; c < C; c++) {
    const r = <usize>c * rowBytes;
    const e1 = load<f32>(pE + (<usize>c << 2));
    let fwd: f64 = 0; // ‖ξ‖²/2 = ‖y' − y + εβ∇F(y)‖²/(4ε)
    let rev: f64 = 0; // ‖y − y' + εβ∇F(y')‖²/(4ε)
    for (let j = 0; j < D; j++) {
      const o = r + (<usize>j << 2);
      const xi = <f64>load<f32>(noise + o);
      fwd += xi * xi;
      const t = <f64>load<f32>(pos + o) - <f64>load<f32>(prop + o) + eb * <f64>load<f32>(pG + o);
      rev += t * t;
    }
    const la = beta * (<f64>load<f32>(E + (<usize>c << 2)) - <f64>e1) - rev / (4 * eps) + 0.5 * fwd;
    store<f64>(accP + (<usize>c << 3), la);
    if (!isFinite(la)) nonFiniteCheck(c, D, rowBytes, pE, pG, prop, accP);
  }
  return mhAccept(s, prop, pE, uni, G, pG);
}
