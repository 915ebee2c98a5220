// Pieces every transition shares: proposals y + a·G + b·ξ over all chains,
// the Metropolis–Hastings decision, and row finiteness checks.
import { copyRow } from "../core/simd";
import { SS_CHAINS, SS_DIM, SS_O_POS, SS_O_E, SS_O_ACCEPTS, SS_O_NON_FINITE, SS_O_LAST_ACC, SS_O_ACC_PROB, arr } from "./state";
import { scratch } from "../core/scratch";
import { exp4 } from "../core/vmath";

/** out = Y + a·G + b·N over n f32 (G may be 0 to drop that term). */
export function propose(out: usize, Y: usize, G: usize, a: f32, N: usize, b: f32, n: i32): void {
  const av = f32x4.splat(a);
  const bv = f32x4.splat(b);
  let i = 0;
  if (G != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(f32x4.add(v128.load(Y + o), f32x4.mul(av, v128.load(G + o))), f32x4.mul(bv, v128.load(N + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, (load<f32>(Y + o) + a * load<f32>(G + o)) + b * load<f32>(N + o));
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(v128.load(Y + o), f32x4.mul(bv, v128.load(N + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, load<f32>(Y + o) + b * load<f32>(N + o));
    }
  }
}

// What the last tiledFactors call per mode wrote (its tile stays valid while these match).
const tileC = new StaticArray<i32>(2);
const tileD = new StaticArray<i32>(2);
const tileA = new StaticArray<f64>(2);
const tileM = new StaticArray<usize>(2); // 0 = identity, 1 = values (copied after the tile)
const tileP = new StaticArray<usize>(2);
const tileOnes = new StaticArray<bool>(2);

/** True when the last tiledFactors call of `mode` gave factors that are all exactly 1. */
@inline export function tiledFactorsAreOnes(mode: i32): bool {
  return unchecked(tileOnes[mode]);
}

/**
 * Per-coordinate f32 factors f_j tiled over C rows (C×D in scratch `slot`),
 * for one SIMD pass over all chains. mode 0: f_j = 1/√m_j; mode 1: f_j = a·m_j
 * (m = 0: every m_j = 1), computed in f64 and rounded to f32. The tile is
 * rebuilt only when C, D, a or the m values changed since the last call of
 * this mode (a warm-up adapting the mass or a jittered step changes them).
 */
export function tiledFactors(slot: i32, mode: i32, C: i32, D: i32, m: usize, a: f64): usize {
  const tileBytes = (<usize>C * <usize>D * 4 + 15) & ~15;
  const T = scratch(slot, tileBytes + <usize>D * 8 + 16);
  const key = T + tileBytes; // copy of the m values the tile was made from
  let same = unchecked(tileP[mode]) == T && unchecked(tileC[mode]) == C && unchecked(tileD[mode]) == D &&
    reinterpret<u64>(unchecked(tileA[mode])) == reinterpret<u64>(a) && unchecked(tileM[mode]) == (m != 0 ? 1 : 0);
  if (same && m != 0) {
    for (let j = 0; j < D; j++) {
      if (load<u64>(key + (<usize>j << 3)) != load<u64>(m + (<usize>j << 3))) {
        same = false;
        break;
      }
    }
  }
  if (same) return T;
  let ones = true;
  for (let j = 0; j < D; j++) {
    const mj = m != 0 ? load<f64>(m + (<usize>j << 3)) : 1.0;
    if (m != 0) store<f64>(key + (<usize>j << 3), mj);
    const f = mode == 0 ? <f32>(1.0 / Math.sqrt(mj)) : (m != 0 ? <f32>(a * mj) : <f32>a);
    ones = ones && f == 1;
    for (let c = 0; c < C; c++) store<f32>(T + ((<usize>c * <usize>D + <usize>j) << 2), f);
  }
  unchecked((tileOnes[mode] = ones));
  unchecked((tileP[mode] = T));
  unchecked((tileC[mode] = C));
  unchecked((tileD[mode] = D));
  unchecked((tileA[mode] = a));
  unchecked((tileM[mode] = m != 0 ? 1 : 0));
  return T;
}

/**
 * min(1, α) lanewise from log α in f32 (NaN = reject): 1 where log α ≥ 0, 0 where it is below −87
 * (exp4's clamp; also −∞ and NaN), exp4(log α) between.
 */
@inline function acceptProb4(f: v128): v128 {
  const e = v128.and(exp4(f), f32x4.gt(f, f32x4.splat(-87)));
  return v128.bitselect(f32x4.splat(1), e, f32x4.ge(f, f32x4.splat(0)));
}

/** True when every one of the D values of a row is finite. */
@inline export function rowFinite(p: usize, D: i32): bool {
  let ok = true;
  for (let j = 0; j < D; j++) ok = ok && isFinite<f32>(load<f32>(p + (<usize>j << 2)));
  return ok;
}


/** dst ← src when take, else dst unchanged, for one row of D f32, without a branch (dst is rewritten either way). */
@inline function selectRow(dst: usize, src: usize, D: i32, take: bool): void {
  const bytes = <usize>D << 2;
  const mask = i32x4.splat(-(<i32>take));
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.bitselect(v128.load(src + o), v128.load(dst + o), mask));
  if (o + 8 <= bytes) {
    store<u64>(dst + o, select<u64>(load<u64>(src + o), load<u64>(dst + o), take));
    o += 8;
  }
  if (o < bytes) store<u32>(dst + o, select<u32>(load<u32>(src + o), load<u32>(dst + o), take));
}

/**
 * Metropolis–Hastings over all chains. ACC_PROB holds log α per chain on entry
 * (NaN or −Inf = reject; NaN is counted as non-finite); `uni` (C f32) holds the
 * uniforms; prop (C×D), pE (C) and pG (C×D, 0 without gradients) are the kind's proposal arrays. A chain accepts when u < min(1, α) = exp(min(0, log α)), the
 * probability that is computed anyway (the same event as log u < log α, without a log).
 * Accepted chains take prop, pE and (when G != 0) pG into the positions, E and G.
 * Leaves min(1, α) in ACC_PROB and returns its sum over chains.
 */
export function mhAccept(s: usize, prop: usize, pE: usize, uni: usize, G: usize, pG: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const rowBytes = <usize>D << 2;
  const withGrad = G != 0;
  const pos = arr(s, SS_O_POS), E = arr(s, SS_O_E), accP = arr(s, SS_O_ACC_PROB);
  const accs = arr(s, SS_O_ACCEPTS), nonFin = arr(s, SS_O_NON_FINITE), last = arr(s, SS_O_LAST_ACC);
  let sum: f64 = 0;
  let c = 0;
  // 1. min(1, α) for all chains, four at a time: log α rounded to f32 and the f32x4 exp of core/vmath.ts
  //    (1–2 ulp, against a uniform on a 2⁻²⁴ grid), 0 below −87 (where exp4 clamps) and for −∞, 1 from 0
  //    up; the remaining chains through the same lanewise functions, so a chain's bits do not depend on
  //    its place in a block of chains. No data-dependent branch but the rare NaN count.
  for (; c + 4 <= C; c += 4) {
    const pc = accP + (<usize>c << 3);
    let la0 = v128.load(pc);
    let la1 = v128.load(pc, 16);
    const nan0 = f64x2.ne(la0, la0);
    const nan1 = f64x2.ne(la1, la1);
    if (v128.any_true(v128.or(nan0, nan1))) {
      for (let k = 0; k < 4; k++) {
        const c4 = <usize>(c + k) << 2;
        store<i32>(nonFin + c4, load<i32>(nonFin + c4) + <i32>isNaN(load<f64>(pc + (<usize>k << 3))));
      }
    }
    const f = i32x4.shuffle(f32x4.demote_f64x2_zero(la0), f32x4.demote_f64x2_zero(la1), 0, 1, 4, 5);
    const p = acceptProb4(f);
    const p0 = f64x2.promote_low_f32x4(p);
    const p1 = f64x2.promote_low_f32x4(i32x4.shuffle(p, p, 2, 3, 2, 3));
    v128.store(pc, p0);
    v128.store(pc, p1, 16);
    sum += f64x2.extract_lane(p0, 0);
    sum += f64x2.extract_lane(p0, 1);
    sum += f64x2.extract_lane(p1, 0);
    sum += f64x2.extract_lane(p1, 1);
  }
  for (; c < C; c++) {
    const pc = accP + (<usize>c << 3);
    const la = load<f64>(pc);
    if (isNaN(la)) store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
    const p = <f64>f32x4.extract_lane(acceptProb4(f32x4.splat(<f32>la)), 0);
    store<f64>(pc, p);
    sum += p;
  }
  // 2. the decisions u < min(1, α) and the moves
  if (D == 2) {
    // rows of 8 bytes: selects instead of an unpredictable branch (the decisions are coin flips)
    for (c = 0; c < C; c++) {
      const c4 = <usize>c << 2;
      const c8 = <usize>c << 3;
      const accept = <f64>load<f32>(uni + c4) < load<f64>(accP + c8);
      store<u64>(pos + c8, select<u64>(load<u64>(prop + c8), load<u64>(pos + c8), accept));
      if (withGrad) store<u64>(G + c8, select<u64>(load<u64>(pG + c8), load<u64>(G + c8), accept));
      store<u32>(E + c4, select<u32>(load<u32>(pE + c4), load<u32>(E + c4), accept));
      store<i32>(accs + c4, load<i32>(accs + c4) + <i32>accept);
      store<i32>(last + c4, <i32>accept);
    }
    return sum;
  }
  if (D <= 16) {
    // short rows: as above, with vector selects
    for (c = 0; c < C; c++) {
      const c4 = <usize>c << 2;
      const accept = <f64>load<f32>(uni + c4) < load<f64>(accP + (<usize>c << 3));
      const r = <usize>c * rowBytes;
      selectRow(pos + r, prop + r, D, accept);
      if (withGrad) selectRow(G + r, pG + r, D, accept);
      store<u32>(E + c4, select<u32>(load<u32>(pE + c4), load<u32>(E + c4), accept));
      store<i32>(accs + c4, load<i32>(accs + c4) + <i32>accept);
      store<i32>(last + c4, <i32>accept);
    }
    return sum;
  }
  for (c = 0; c < C; c++) {
    const c4 = <usize>c << 2;
    const accept = <f64>load<f32>(uni + c4) < load<f64>(accP + (<usize>c << 3));
    if (accept) {
      const r = <usize>c * rowBytes;
      copyRow(pos + r, prop + r, D);
      store<f32>(E + c4, load<f32>(pE + c4));
      if (withGrad) copyRow(G + r, pG + r, D);
      store<i32>(accs + c4, load<i32>(accs + c4) + 1);
    }
    store<i32>(last + c4, <i32>accept);
  }
  return sum;
}
