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


/**
 * dst ← src where the mask m is all ones, else dst unchanged, for one row of D f32, without a branch
 * (dst is rewritten either way): whole v128s, then 8- and 4-byte pieces that read nothing past the row.
 */
@inline function selectRow(dst: usize, src: usize, D: i32, m: v128): void {
  const bytes = <usize>D << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.bitselect(v128.load(src + o), v128.load(dst + o), m));
  if (o + 8 <= bytes) {
    v128.store64_lane(dst + o, v128.bitselect(v128.load64_zero(src + o), v128.load64_zero(dst + o), m), 0);
    o += 8;
  }
  if (o < bytes) v128.store32_lane(dst + o, v128.bitselect(v128.load32_zero(src + o), v128.load32_zero(dst + o), m), 0);
}

/**
 * The moves of one chain (row offset r) whose decision is the all-ones or all-zeros mask m: vector
 * selects for rows of ≤ 16 values (the decisions are coin flips: a branch would be mispredicted),
 * a copy on acceptance for longer rows.
 */
@inline function moveRow(pos: usize, prop: usize, G: usize, pG: usize, r: usize, D: i32, m: v128): void {
  if (D <= 16) {
    selectRow(pos + r, prop + r, D, m);
    if (G != 0) selectRow(G + r, pG + r, D, m);
  } else if (v128.any_true(m)) {
    copyRow(pos + r, prop + r, D);
    if (G != 0) copyRow(G + r, pG + r, D);
  }
}

// For a block of four rows of D ≤ 16 f32 (D v128s): per v128 of the block, the byte indices that
// spread a mask of four lanes (one per row) over its lanes (i8x16.swizzle), for D = movePatternD.
const movePattern = memory.data(256, 16);
let movePatternD = 0;

/** Lane l of v128 v of a block covers f32 4v + l, which belongs to row (4v + l) / D: its bytes take that row's lane. */
function setMovePattern(D: i32): void {
  for (let v = 0; v < D; v++) {
    for (let l = 0; l < 4; l++) {
      const row = (4 * v + l) / D;
      for (let b = 0; b < 4; b++) store<u8>(movePattern + (<usize>v << 4) + (<usize>l << 2) + <usize>b, <u8>(4 * row + b));
    }
  }
  movePatternD = D;
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
  const pos = arr(s, SS_O_POS), E = arr(s, SS_O_E), accP = arr(s, SS_O_ACC_PROB);
  const accs = arr(s, SS_O_ACCEPTS), nonFin = arr(s, SS_O_NON_FINITE), last = arr(s, SS_O_LAST_ACC);
  let sum: f64 = 0;
  let c = 0;
  if (D <= 16 && D != movePatternD) setMovePattern(D);
  // min(1, α) for all chains, four at a time: log α rounded to f32 and the f32x4 exp of core/vmath.ts
  // (1–2 ulp, against a uniform on a 2⁻²⁴ grid), 0 below −87 (where exp4 clamps) and for −∞, 1 from 0
  // up; the remaining chains through the same lanewise functions, so a chain's bits do not depend on
  // its place in a block of chains. No data-dependent branch but the rare NaN count. The decisions
  // u < min(1, α) are taken in f32 on the same four lanes (min(1, α) is an f32 value, so this is the
  // comparison of the two as f64), and E, the counts and the moves follow from their masks. (Before
  // 2026-11-30 a second pass over the chains compared them one by one in f64; the decisions are the same.)
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
    const c4 = <usize>c << 2;
    const take = f32x4.lt(v128.load(uni + c4), p); // lanes all ones where the chain accepts
    v128.store(E + c4, v128.bitselect(v128.load(pE + c4), v128.load(E + c4), take));
    v128.store(accs + c4, i32x4.sub(v128.load(accs + c4), take));
    v128.store(last + c4, i32x4.shr_u(take, 31));
    const r = <usize>c * rowBytes;
    if (D <= 16) {
      // the four rows are D whole v128s (4·D f32): one select each, its mask spread from the
      // decisions by the pattern of the chain each lane belongs to
      if (G != 0) {
        for (let v = 0; v < D; v++) {
          const o = r + (<usize>v << 4);
          const m = i8x16.swizzle(take, v128.load(movePattern + (<usize>v << 4)));
          v128.store(pos + o, v128.bitselect(v128.load(prop + o), v128.load(pos + o), m));
          v128.store(G + o, v128.bitselect(v128.load(pG + o), v128.load(G + o), m));
        }
      } else {
        for (let v = 0; v < D; v++) {
          const o = r + (<usize>v << 4);
          const m = i8x16.swizzle(take, v128.load(movePattern + (<usize>v << 4)));
          v128.store(pos + o, v128.bitselect(v128.load(prop + o), v128.load(pos + o), m));
        }
      }
    } else {
      moveRow(pos, prop, G, pG, r, D, i32x4.shuffle(take, take, 0, 0, 0, 0));
      moveRow(pos, prop, G, pG, r + rowBytes, D, i32x4.shuffle(take, take, 1, 1, 1, 1));
      moveRow(pos, prop, G, pG, r + 2 * rowBytes, D, i32x4.shuffle(take, take, 2, 2, 2, 2));
      moveRow(pos, prop, G, pG, r + 3 * rowBytes, D, i32x4.shuffle(take, take, 3, 3, 3, 3));
    }
  }
  for (; c < C; c++) {
    const pc = accP + (<usize>c << 3);
    const la = load<f64>(pc);
    if (isNaN(la)) store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
    const pv = acceptProb4(f32x4.splat(<f32>la));
    const p = <f64>f32x4.extract_lane(pv, 0);
    store<f64>(pc, p);
    sum += p;
    const c4 = <usize>c << 2;
    const take = f32x4.lt(v128.load32_splat(uni + c4), pv);
    const accept = i32x4.extract_lane(take, 0) != 0;
    store<u32>(E + c4, select<u32>(load<u32>(pE + c4), load<u32>(E + c4), accept));
    store<i32>(accs + c4, load<i32>(accs + c4) + <i32>accept);
    store<i32>(last + c4, <i32>accept);
    moveRow(pos, prop, G, pG, <usize>c * rowBytes, D, take);
  }
  return sum;
}
