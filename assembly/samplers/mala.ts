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

/** The f32 lanes 2, 3 of v as f64x2. */
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** ((y − y′) + εβ∇F(y′)) of two coordinates in f64, from f64x2 lanes. */
@inline function revTerm(y: v128, y1: v128, g1: v128, ebv: v128): v128 {
  return f64x2.add(f64x2.sub(y, y1), f64x2.mul(ebv, g1));
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
  // per chain, along its row: fwd = ‖ξ‖² (= ‖y′ − y + εβ∇F(y)‖²/(2ε)) and rev = ‖y − y′ + εβ∇F(y′)‖², in f64
  // from the f32 values, four coordinates per step into two f64x2 sums each (coordinates j ≡ 0, 1 and
  // j ≡ 2, 3 mod 4), added as (a₀ + a₁) + (b₀ + b₁) at the end; the last D mod 4 by partial loads, which
  // read nothing past the row. (Before 2026-11-30: two chains per f64x2, each summed in coordinate
  // order; gathering single lanes from two rows took half again as many instructions.)
  const ebv = f64x2.splat(eb);
  const zero = f64x2.splat(0);
  const D4 = D & ~3;
  const tail = D - D4;
  const fourEps = 4 * eps;
  for (let c = 0; c < C; c++) {
    const r = <usize>c * rowBytes;
    let f0 = zero, f1 = zero, r0 = zero, r1 = zero;
    let o = r;
    const end = r + (<usize>D4 << 2);
    for (; o < end; o += 16) {
      const xi = v128.load(noise + o);
      const y = v128.load(pos + o);
      const y1 = v128.load(prop + o);
      const g1 = v128.load(pG + o);
      const xl = f64x2.promote_low_f32x4(xi);
      const xh = promoteHigh(xi);
      f0 = f64x2.add(f0, f64x2.mul(xl, xl));
      f1 = f64x2.add(f1, f64x2.mul(xh, xh));
      const tl = revTerm(f64x2.promote_low_f32x4(y), f64x2.promote_low_f32x4(y1), f64x2.promote_low_f32x4(g1), ebv);
      const th = revTerm(promoteHigh(y), promoteHigh(y1), promoteHigh(g1), ebv);
      r0 = f64x2.add(r0, f64x2.mul(tl, tl));
      r1 = f64x2.add(r1, f64x2.mul(th, th));
    }
    if (tail >= 2) {
      const xl = f64x2.promote_low_f32x4(v128.load64_zero(noise + o));
      f0 = f64x2.add(f0, f64x2.mul(xl, xl));
      const tl = revTerm(
        f64x2.promote_low_f32x4(v128.load64_zero(pos + o)), f64x2.promote_low_f32x4(v128.load64_zero(prop + o)),
        f64x2.promote_low_f32x4(v128.load64_zero(pG + o)), ebv,
      );
      r0 = f64x2.add(r0, f64x2.mul(tl, tl));
      o += 8;
    }
    if (tail & 1) {
      // lane 1 is zero in all: it adds 0
      const xl = f64x2.promote_low_f32x4(v128.load32_zero(noise + o));
      f1 = f64x2.add(f1, f64x2.mul(xl, xl));
      const tl = revTerm(
        f64x2.promote_low_f32x4(v128.load32_zero(pos + o)), f64x2.promote_low_f32x4(v128.load32_zero(prop + o)),
        f64x2.promote_low_f32x4(v128.load32_zero(pG + o)), ebv,
      );
      r1 = f64x2.add(r1, f64x2.mul(tl, tl));
    }
    const fwd = (f64x2.extract_lane(f0, 0) + f64x2.extract_lane(f0, 1)) + (f64x2.extract_lane(f1, 0) + f64x2.extract_lane(f1, 1));
    const rev = (f64x2.extract_lane(r0, 0) + f64x2.extract_lane(r0, 1)) + (f64x2.extract_lane(r1, 0) + f64x2.extract_lane(r1, 1));
    const c4 = <usize>c << 2;
    const la = beta * (<f64>load<f32>(E + c4) - <f64>load<f32>(pE + c4)) - rev / fourEps + 0.5 * fwd;
    store<f64>(accP + (<usize>c << 3), la);
    if (!isFinite(la)) nonFiniteCheck(c, D, rowBytes, pE, pG, prop, accP);
  }
  return mhAccept(s, prop, pE, uni, G, pG);
}
