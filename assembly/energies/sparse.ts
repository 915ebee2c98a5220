// Sparse coding as a latent-variable energy (Olshausen & Field; the lecture's
// "sparse modeling"): E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁ with W k×d (atoms as
// rows, unit norm). Inference finds z* = argmin_z E per row (the lasso);
// F∞(y) = E(y, z*) and, by the envelope theorem, ∇F∞(y) = y − Wᵀz*.
// Learning the atoms lives in train/dictionary.ts.
//
// Every reduction has one fixed order and no fused multiply-add, so the
// pure-TS twin (bench/baselines/sparse.ts) gives the same bits: lanes run over
// atoms and each lane's sum is sequential, Gram entries and duality gaps are
// f64 sums in index order.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { roundUp } from "../core/simd";
import { descDim, descP0, descP1, descP2, descI0, descI1, descF0, descF1 } from "./descriptor";
import { allocBytes } from "../core/memory";

/** Inference algorithms of sparseEncode. */
export const SPARSE_CD: i32 = 0; // cyclic coordinate descent on the Gram form (scikit-learn's lasso_cd)
export const SPARSE_ISTA: i32 = 1;
export const SPARSE_FISTA: i32 = 2;

// stats f64[4] of sparseEncode (byte offsets)
export const SPARSE_STATS_BYTES: i32 = 32;
export const SPARSE_STAT_ITERATIONS: i32 = 0; // Σ sweeps (CD) or steps (ISTA/FISTA) over the rows
export const SPARSE_STAT_UNCONVERGED: i32 = 8; // rows stopped by maxIter
export const SPARSE_STAT_MAX_ITER: i32 = 16; // most iterations one row took
export const SPARSE_STAT_MAX_GAP: i32 = 24; // largest duality gap / ‖y‖² at stop

/** Power-iteration steps for the Lipschitz constant of ISTA/FISTA (the largest eigenvalue of the Gram matrix). */
export const SPARSE_POWER_STEPS: i32 = 100;

/**
 * The derived forms of a dictionary W (k×d): WT d×kp (kp = k rounded up to 4,
 * zero padding) and the Gram matrix G k×kp, G[j,l] = Σ_t W[j,t]·W[l,t] summed
 * in f64 in t order and rounded once. With mask (u8[d], 1 = known) only the
 * known coordinates count: WT's other rows are zero and G covers the known
 * part of the atoms (which then need not have unit norm).
 */
export function sparsePrepare(WT: usize, G: usize, W: usize, k: i32, d: i32, mask: usize): void {
  if (k < 1 || d < 1) fail(E_BAD_ARGUMENT, 1);
  const kp = roundUp(k, 4);
  const kpBytes = <usize>kp << 2;
  const dBytes = <usize>d << 2;
  memory.fill(WT, 0, <usize>d * kpBytes);
  memory.fill(G, 0, <usize>k * kpBytes);
  for (let t = 0; t < d; t++) {
    if (mask != 0 && load<u8>(mask + <usize>t) == 0) continue;
    const row = WT + <usize>t * kpBytes;
    for (let j = 0; j < k; j++) store<f32>(row + (<usize>j << 2), load<f32>(W + <usize>j * dBytes + (<usize>t << 2)));
  }
  for (let j = 0; j < k; j++) {
    const wj = W + <usize>j * dBytes;
    for (let l = j; l < k; l++) {
      const wl = W + <usize>l * dBytes;
      let s: f64 = 0;
      for (let t = 0; t < d; t++) {
        if (mask != 0 && load<u8>(mask + <usize>t) == 0) continue;
        s += <f64>load<f32>(wj + (<usize>t << 2)) * <f64>load<f32>(wl + (<usize>t << 2));
      }
      const v = <f32>s;
      store<f32>(G + <usize>j * kpBytes + (<usize>l << 2), v);
      store<f32>(G + <usize>l * kpBytes + (<usize>j << 2), v);
    }
  }
}

/**
 * The largest eigenvalue of G (k×kp, symmetric positive semi-definite) by
 * SPARSE_POWER_STEPS power iterations in f64 from the all-ones vector, raised
 * by 1 % and capped by the Gershgorin bound (always ≥ it): the step 1/L of
 * ISTA/FISTA must not exceed 1/λ_max.
 */
export function sparseLipschitz(G: usize, k: i32): f64 {
  const kp = roundUp(k, 4);
  const kpBytes = <usize>kp << 2;
  const v = allocBytes(<u64>k << 3);
  const w = allocBytes(<u64>k << 3);
  let gersh: f64 = 0;
  for (let j = 0; j < k; j++) {
    let s: f64 = 0;
    for (let l = 0; l < k; l++) s += Math.abs(<f64>load<f32>(G + <usize>j * kpBytes + (<usize>l << 2)));
    if (s > gersh) gersh = s;
    store<f64>(v + (<usize>j << 3), 1);
  }
  let rq: f64 = 0;
  for (let it = 0; it < SPARSE_POWER_STEPS; it++) {
    let nn: f64 = 0;
    let vw: f64 = 0;
    let vv: f64 = 0;
    for (let j = 0; j < k; j++) {
      let s: f64 = 0;
      for (let l = 0; l < k; l++) s += <f64>load<f32>(G + <usize>j * kpBytes + (<usize>l << 2)) * load<f64>(v + (<usize>l << 3));
      store<f64>(w + (<usize>j << 3), s);
      nn += s * s;
      const vj = load<f64>(v + (<usize>j << 3));
      vw += vj * s;
      vv += vj * vj;
    }
    rq = vv > 0 ? vw / vv : 0;
    if (!(nn > 0)) break;
    const inv = 1.0 / Math.sqrt(nn);
    for (let j = 0; j < k; j++) store<f64>(v + (<usize>j << 3), load<f64>(w + (<usize>j << 3)) * inv);
  }
  heap.free(w);
  heap.free(v);
  const L = min(1.01 * rq, gersh);
  return L > 0 ? L : 1;
}

/** Active-set sweeps between two full sweeps: at most this many, stopping once the largest change is ACTIVE_SHRINK of the full sweep's. */
const ACTIVE_SWEEPS: i32 = 10;
const ACTIVE_SHRINK: f32 = 0.01;
/** A full sweep whose largest change is at most this fraction of the largest code (2⁻²², two f32 ulps) ends the row. */
const STALL: f32 = 2.384185791015625e-7;

@inline function soft(u: f32, lam: f32): f32 {
  return u > lam ? u - lam : u < -lam ? u + lam : <f32>0;
}

/** g ← g − a·Gj over kp lanes (kp a multiple of 4), sixteen lanes per loop turn. */
@inline function subScaled(g: usize, Gj: usize, a: f32, kp: i32): void {
  const av = f32x4.splat(a);
  let l = 0;
  for (; l + 16 <= kp; l += 16) {
    const x = g + (<usize>l << 2), w = Gj + (<usize>l << 2);
    v128.store(x, f32x4.sub(v128.load(x), f32x4.mul(av, v128.load(w))));
    v128.store(x, f32x4.sub(v128.load(x, 16), f32x4.mul(av, v128.load(w, 16))), 16);
    v128.store(x, f32x4.sub(v128.load(x, 32), f32x4.mul(av, v128.load(w, 32))), 32);
    v128.store(x, f32x4.sub(v128.load(x, 48), f32x4.mul(av, v128.load(w, 48))), 48);
  }
  for (; l < kp; l += 4) {
    const o = <usize>l << 2;
    v128.store(g + o, f32x4.sub(v128.load(g + o), f32x4.mul(av, v128.load(Gj + o))));
  }
}

// One coordinate-descent update of z_j (g = c − G z kept current), inlined in the sweeps below:
// z_j ← S(g_j + G_jj·z_j, λ)/G_jj (0 when the atom is zero on the known coordinates), then
// g ← g − (Δz_j)·G_j when it changed.

/**
 * Feature-sign search on the active set (Lee, Battle, Raina & Ng, "Efficient
 * sparse coding algorithms", NIPS 2006), for the n_a indices in `active` with
 * the signs s of their codes: x = G_AA⁻¹(c_A − λ·s_A) by Cholesky in f64 (G_AA
 * from the f32 Gram, sums in index order). If x keeps every sign, z_A = x.
 * Otherwise z moves towards x up to the first code that reaches zero (the
 * objective, a convex quadratic on the orthant, decreases along the way), that
 * code leaves the set and the rest is solved again (the factor's rows before
 * it are kept). chol f64[k·k] (row stride k) and x f64[na] are scratch. Returns false, with z untouched since the last accepted move,
 * when a pivot falls below 1e-10 of its diagonal entry (dependent atoms).
 */
function featureSign(z: usize, c: usize, G: usize, kp: i32, k: i32, active: usize, na: i32, lambda: f32, chol: usize, x: usize): bool {
  const kpBytes = <usize>kp << 2;
  const naBytes = <usize>k << 3; // row stride of the factor: rows before a dropped code stay valid
  let from = 0; // the factor's rows before `from` are current
  while (na > 0) {
    for (let a = from; a < na; a++) {
      const ja = load<i32>(active + (<usize>a << 2));
      const row = G + <usize>ja * kpBytes;
      const la = chol + <usize>a * naBytes;
      for (let b = 0; b <= a; b++) {
        let s = <f64>load<f32>(row + (<usize>load<i32>(active + (<usize>b << 2)) << 2));
        const lb = chol + <usize>b * naBytes;
        for (let q = 0; q < b; q++) s -= load<f64>(la + (<usize>q << 3)) * load<f64>(lb + (<usize>q << 3));
        if (a == b) {
          if (!(s > 1e-10 * <f64>load<f32>(row + (<usize>ja << 2)))) return false;
          store<f64>(la + (<usize>a << 3), Math.sqrt(s));
        } else {
          store<f64>(la + (<usize>b << 3), s / load<f64>(lb + (<usize>b << 3)));
        }
      }
    }
    for (let a = 0; a < na; a++) {
      const ja = load<i32>(active + (<usize>a << 2));
      const sign: f64 = load<f32>(z + (<usize>ja << 2)) > 0 ? 1.0 : -1.0;
      let s = <f64>load<f32>(c + (<usize>ja << 2)) - <f64>lambda * sign;
      const la = chol + <usize>a * naBytes;
      for (let q = 0; q < a; q++) s -= load<f64>(la + (<usize>q << 3)) * load<f64>(x + (<usize>q << 3));
      store<f64>(x + (<usize>a << 3), s / load<f64>(la + (<usize>a << 3)));
    }
    for (let a = na - 1; a >= 0; a--) {
      let s = load<f64>(x + (<usize>a << 3));
      for (let q = a + 1; q < na; q++) s -= load<f64>(chol + <usize>q * naBytes + (<usize>a << 3)) * load<f64>(x + (<usize>q << 3));
      store<f64>(x + (<usize>a << 3), s / load<f64>(chol + <usize>a * naBytes + (<usize>a << 3)));
    }
    // the first sign change along z → x (ties to the first index)
    let t: f64 = 1;
    let hit = -1;
    for (let a = 0; a < na; a++) {
      const zo = <f64>load<f32>(z + (<usize>load<i32>(active + (<usize>a << 2)) << 2));
      const xa = load<f64>(x + (<usize>a << 3));
      const xf = <f32>xa;
      if (zo > 0 ? xf > 0 : xf < 0) continue;
      const ta = zo / (zo - xa);
      if (hit < 0 || ta < t) {
        t = ta;
        hit = a;
      }
    }
    if (hit < 0) {
      for (let a = 0; a < na; a++) store<f32>(z + (<usize>load<i32>(active + (<usize>a << 2)) << 2), <f32>load<f64>(x + (<usize>a << 3)));
      return true;
    }
    from = hit;
    let m = 0;
    for (let a = 0; a < na; a++) {
      const ja = load<i32>(active + (<usize>a << 2));
      const zp = z + (<usize>ja << 2);
      const zo = <f64>load<f32>(zp);
      const zn: f32 = a == hit ? 0 : <f32>(zo + t * (load<f64>(x + (<usize>a << 3)) - zo));
      store<f32>(zp, zn);
      if (zn != 0) {
        store<i32>(active + (<usize>m << 2), ja);
        m++;
      } else if (a < from) {
        from = a; // rounding zeroed an earlier code too: its row and every later one are recomputed
      }
    }
    na = m;
  }
  return true;
}

/** g ← c − G·z (z f32[k]; rows of G with z_j = 0 skipped, j in order). */
@inline function residualCorrelation(g: usize, c: usize, G: usize, z: usize, k: i32, kp: i32): void {
  memory.copy(g, c, <usize>kp << 2);
  const kpBytes = <usize>kp << 2;
  for (let j = 0; j < k; j++) {
    const zj = load<f32>(z + (<usize>j << 2));
    if (zj != 0) subScaled(g, G + <usize>j * kpBytes, zj, kp);
  }
}

let lastGap: f64 = 0;

/**
 * The duality gap of the lasso min_z ½‖y − Wᵀz‖² + λ‖z‖₁ at z, from c = W y,
 * g = c − G z and yy = ‖y‖² (all O(k), f64 in index order): ‖r‖² = yy − z·c − z·g,
 * the dual point ν = s·r with s = min(1, λ/‖g‖∞) (feasible: ‖Wν‖∞ ≤ λ), gap =
 * P(z) − (s·y·r − ½s²‖r‖²). Returns P(z); the gap goes to lastGap.
 */
function primalAndGap(z: usize, c: usize, g: usize, k: i32, yy: f64, lam: f64): f64 {
  let zc: f64 = 0, zg: f64 = 0, l1: f64 = 0, ginf: f64 = 0;
  for (let j = 0; j < k; j++) {
    const o = <usize>j << 2;
    const zj = <f64>load<f32>(z + o);
    const gj = <f64>load<f32>(g + o);
    zc += zj * <f64>load<f32>(c + o);
    zg += zj * gj;
    l1 += Math.abs(zj);
    const a = Math.abs(gj);
    if (a > ginf) ginf = a;
  }
  const rr = max<f64>(yy - zc - zg, 0);
  const yr = yy - zc;
  const P = 0.5 * rr + lam * l1;
  const s = ginf > lam ? lam / ginf : 1.0;
  const D = s * yr - 0.5 * s * s * rr;
  lastGap = P - D;
  return P;
}

/** c = W y (lanes over atoms, each lane summed in t order), returns ‖y‖² in f64; z ← 0 or the warm codes, g ← c − G z. */
function rowSetup(y: usize, d: i32, WT: usize, G: usize, k: i32, kp: i32, c: usize, z: usize, g: usize, zi: usize, warm: i32): f64 {
  const kpBytes = <usize>kp << 2;
  let jb = 0;
  // four blocks of atoms at a time: four independent add chains hide the add latency
  for (; jb + 16 <= kp; jb += 16) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let w = WT + (<usize>jb << 2);
    for (let t = 0; t < d; t++) {
      const yt = v128.load32_splat(y + (<usize>t << 2));
      a0 = f32x4.add(a0, f32x4.mul(yt, v128.load(w)));
      a1 = f32x4.add(a1, f32x4.mul(yt, v128.load(w, 16)));
      a2 = f32x4.add(a2, f32x4.mul(yt, v128.load(w, 32)));
      a3 = f32x4.add(a3, f32x4.mul(yt, v128.load(w, 48)));
      w += kpBytes;
    }
    const co = c + (<usize>jb << 2);
    v128.store(co, a0);
    v128.store(co, a1, 16);
    v128.store(co, a2, 32);
    v128.store(co, a3, 48);
  }
  for (; jb < kp; jb += 4) {
    let acc = f32x4.splat(0);
    let w = WT + (<usize>jb << 2);
    for (let t = 0; t < d; t++) {
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(y + (<usize>t << 2)), v128.load(w)));
      w += kpBytes;
    }
    v128.store(c + (<usize>jb << 2), acc);
  }
  let yy: f64 = 0;
  for (let t = 0; t < d; t++) {
    const v = <f64>load<f32>(y + (<usize>t << 2));
    yy += v * v;
  }
  memory.fill(z, 0, kpBytes);
  if (warm != 0) memory.copy(z, zi, <usize>k << 2);
  residualCorrelation(g, c, G, z, k, kp);
  return yy;
}

/** max(a, b) for finite non-negative f32 without a data-dependent branch (maxps on one lane). */
@inline function maxNonNeg(a: f32, b: f32): f32 {
  return f32x4.extract_lane(f32x4.pmax(f32x4.splat(a), f32x4.splat(b)), 0);
}

/**
 * soft(u, λ) for finite u without data-dependent branches: max(u − λ, 0) + min(u + λ, 0) (one
 * term is exactly 0, so the sum is the other: the same bits as the branching form).
 */
@inline function softFlat(u: f32, lam: f32): f32 {
  const v = f32x4.splat(u), l = f32x4.splat(lam), zero = f32x4.splat(0);
  return f32x4.extract_lane(f32x4.add(f32x4.pmax(f32x4.sub(v, l), zero), f32x4.pmin(f32x4.add(v, l), zero)), 0);
}

/** The scalar active-set sweeps of one row (row layout: z, g f32[kp]), as encodeCD's lanes run them. */
function activeSweepsRow(z: usize, g: usize, G: usize, kp: i32, active: usize, na: i32, lambda: f32, stop: f32): void {
  const kpBytes = <usize>kp << 2;
  for (let inner = 0; inner < ACTIVE_SWEEPS && na > 0; inner++) {
    let innerMax: f32 = 0;
    let j = load<i32>(active);
    let gj = load<f32>(g + (<usize>j << 2));
    for (let a = 0; a < na; a++) {
      const o = <usize>j << 2;
      const Gj = G + <usize>j * kpBytes;
      const gjj = load<f32>(Gj + o);
      const zj = load<f32>(z + o);
      let zn: f32 = 0;
      if (gjj > 0) zn = softFlat(gj + gjj * zj, lambda) / gjj;
      const delta = zn - zj;
      const jn = a + 1 < na ? load<i32>(active + (<usize>(a + 1) << 2)) : j;
      const on = <usize>jn << 2;
      let gn = load<f32>(g + on);
      if (delta != 0) {
        store<f32>(z + o, zn);
        subScaled(g, Gj, delta, kp);
        gn = gn - delta * load<f32>(Gj + on);
      }
      gj = gn;
      j = jn;
      innerMax = maxNonNeg(innerMax, abs(delta));
    }
    if (innerMax <= stop) break;
  }
}

/** Column `lane` of a lanes-over-rows block (k v128: entry j holds four rows' values) to a row (f32[k]), and back. */
@inline function laneToRow(row: usize, block: usize, lane: i32, k: i32): void {
  const b = block + (<usize>lane << 2);
  for (let j = 0; j < k; j++) store<f32>(row + (<usize>j << 2), load<f32>(b + (<usize>j << 4)));
}
@inline function rowToLane(block: usize, row: usize, lane: i32, k: i32): void {
  const b = block + (<usize>lane << 2);
  for (let j = 0; j < k; j++) store<f32>(b + (<usize>j << 4), load<f32>(row + (<usize>j << 2)));
}

/** primalAndGap for column `lane` of the lanes-over-rows blocks (the same sums in the same order). */
function primalAndGapLane(zT: usize, cT: usize, gT: usize, lane: i32, k: i32, yy: f64, lam: f64): f64 {
  let zc: f64 = 0, zg: f64 = 0, l1: f64 = 0, ginf: f64 = 0;
  const lo = <usize>lane << 2;
  for (let j = 0; j < k; j++) {
    const o = (<usize>j << 4) + lo;
    const zj = <f64>load<f32>(zT + o);
    const gj = <f64>load<f32>(gT + o);
    zc += zj * <f64>load<f32>(cT + o);
    zg += zj * gj;
    l1 += Math.abs(zj);
    const a = Math.abs(gj);
    if (a > ginf) ginf = a;
  }
  const rr = max<f64>(yy - zc - zg, 0);
  const yr = yy - zc;
  const P = 0.5 * rr + lam * l1;
  const s = ginf > lam ? lam / ginf : 1.0;
  const D = s * yr - 0.5 * s * s * rr;
  lastGap = P - D;
  return P;
}

export let dbgSteps: f64 = 0, dbgMoves: f64 = 0, dbgLaneSteps: f64 = 0, dbgLaneMoves: f64 = 0, dbgSweeps: f64 = 0, dbgFull: f64 = 0;
export function sparseDbg(out: usize): void { store<f64>(out, dbgSteps); store<f64>(out, dbgMoves, 8); store<f64>(out, dbgLaneSteps, 16); store<f64>(out, dbgLaneMoves, 24); store<f64>(out, dbgSweeps, 32); store<f64>(out, dbgFull, 40); dbgSteps = 0; dbgMoves = 0; dbgLaneSteps = 0; dbgLaneMoves = 0; dbgSweeps = 0; dbgFull = 0; }
// prototype switches (lanes over rows, issue 12): SYNC = a lane due for a full sweep waits until no lane is in
// active-set sweeps (fewer full sweeps forcing all k steps, more idle lanes: more steps at λ = 0.1); ORDER =
// rows enter the lanes sorted by their two most correlated atoms (fewer lockstep updates at λ = 1); DBG =
// count lockstep steps, moving steps and the lanes they serve (read and reset by sparseDbg, not exported)
const SYNC = false;
const ORDER = true;
const DBG = false;
// per-lane state of encodeCD (byte offsets into a block, four entries each)
const L_ROW = 0; // i32: the row in the lane, −1 when empty
const L_IT = 16; // i32: full sweeps taken
const L_INNER = 32; // i32: active-set sweeps taken in this round
const L_STOP = 48; // f32: the active-set sweeps' stop (ACTIVE_SHRINK of the last full sweep's largest change)
const L_YY = 64; // f64 ×4: ‖y‖²
const L_P = 96; // f64 ×4: the objective at the last gap
const L_GAP = 128; // f64 ×4: the last duality gap
const L_BYTES = 160;

/**
 * sparseEncode's coordinate descent (see there), four rows at a time with the rows in the f32x4
 * lanes: z, g = c − G z and c are kept as k vectors of four rows (entry j: atom j of each row), so
 * a coordinate step's decision (soft threshold, division, change, running maxima) is one SIMD
 * operation for four rows and its update g ← g − Δz_j·G_j is, for each l, g_l −= Δz_j·splat(G_jl).
 *
 * Each lane runs its own row's algorithm, the same operations in the same order as one row alone
 * (so a row's bits do not depend on which rows share its vector, nor on n): a sweep visits, in j
 * order, every atom of a lane in a full sweep and the active atoms of a lane in an active-set
 * sweep; a lane whose atom j is not in its sweep keeps its z_j (Δz = 0 leaves g's bits alone: g is
 * never −0, so g − (±0) = g). After each sweep every lane takes its own next step (gap and
 * convergence, feature-sign search on its non-zero codes, scalar, or a round of active-set
 * sweeps), and a lane whose row is done takes the next row. Data-dependent branches are avoided
 * where the outcome is a coin flip (the soft threshold, the running maxima, sign changes).
 */
function encodeCD(Z: usize, Y: usize, n: i32, d: i32, WT: usize, G: usize, k: i32,
                  lambda: f32, maxIter: i32, tol: f64, warm: i32, stats: usize): f64 {
  const kp = roundUp(k, 4);
  const kpBytes = <usize>kp << 2;
  const dBytes = <usize>d << 2;
  const zBytes = <usize>k << 2;
  const blockBytes = <usize>kp << 4;
  const lam = <f64>lambda;
  // row layout scratch (set-up, feature-sign search, the scalar fallback)
  const c = allocBytes(<u64>kpBytes);
  const g = allocBytes(<u64>kpBytes);
  const z = allocBytes(<u64>kpBytes);
  const active = allocBytes(<u64>kpBytes);
  const chol = allocBytes(<u64>k * <u64>k * 8);
  const xs = allocBytes(<u64>k << 3);
  // lanes over rows
  const cT = allocBytes(<u64>blockBytes);
  const gT = allocBytes(<u64>blockBytes);
  const zT = allocBytes(<u64>blockBytes);
  const inSet = allocBytes(<u64>kpBytes); // i32 per atom: bit r = atom j is in lane r's active set
  const masks = allocBytes(256); // v128 lane masks for the 16 subsets of lanes
  const steps = allocBytes(<u64>kp << 3); // a sweep's atoms and their lane sets (i32 pairs)
  const st = allocBytes(L_BYTES);
  const acc = allocBytes(48); // the sweep's running maxima and sign changes, lane by lane
  const Ps = allocBytes(<u64>max(n, 1) << 3); // each row's objective, summed in row order at the end
  memory.fill(cT, 0, blockBytes);
  memory.fill(gT, 0, blockBytes);
  memory.fill(zT, 0, blockBytes);
  memory.fill(inSet, 0, kpBytes);
  for (let m = 0; m < 16; m++) {
    for (let r = 0; r < 4; r++) store<i32>(masks + (<usize>m << 4) + (<usize>r << 2), (m >> r) & 1 ? -1 : 0);
  }
  let iterations: f64 = 0;
  let unconverged = 0;
  let mostIter = 0;
  let maxGap: f64 = 0;
  let next = 0; // the next row to start (in `order`)
  const order = allocBytes(<u64>max(n, 1) << 2);
  if (ORDER) {
    // rows enter the lanes grouped by their two most correlated atoms (similar rows, similar active sets,
    // less lockstep waste); each row's bits do not depend on this order
    const nb = k <= 64 ? k * k : k;
    const keys = allocBytes(<u64>max(n, 1) << 2);
    const cnt = allocBytes(<u64>(nb + 1) << 2);
    memory.fill(cnt, 0, <usize>(nb + 1) << 2);
    for (let i = 0; i < n; i++) {
      rowSetup(Y + <usize>i * dBytes, d, WT, G, k, kp, c, z, g, Z + <usize>i * zBytes, 0);
      let b1 = 0, b2 = 0;
      let v1: f32 = -1, v2: f32 = -1;
      for (let j = 0; j < k; j++) {
        const a = abs(load<f32>(c + (<usize>j << 2)));
        if (a > v1) { v2 = v1; b2 = b1; v1 = a; b1 = j; } else if (a > v2) { v2 = a; b2 = j; }
      }
      const key = k <= 64 ? b1 * k + b2 : b1;
      store<i32>(keys + (<usize>i << 2), key);
      const cp = cnt + (<usize>(key + 1) << 2);
      store<i32>(cp, load<i32>(cp) + 1);
    }
    for (let b = 0; b < nb; b++) store<i32>(cnt + (<usize>(b + 1) << 2), load<i32>(cnt + (<usize>(b + 1) << 2)) + load<i32>(cnt + (<usize>b << 2)));
    for (let i = 0; i < n; i++) {
      const cp = cnt + (<usize>load<i32>(keys + (<usize>i << 2)) << 2);
      const pos = load<i32>(cp);
      store<i32>(cp, pos + 1);
      store<i32>(order + (<usize>pos << 2), i);
    }
    heap.free(cnt);
    heap.free(keys);
  } else {
    for (let i = 0; i < n; i++) store<i32>(order + (<usize>i << 2), i);
  }
  let fullBits = 0; // lanes whose next sweep is a full sweep
  let innerBits = 0; // lanes in a round of active-set sweeps
  const lamV = f32x4.splat(lambda);
  const zeroV = f32x4.splat(0);
  for (let r = 0; r < 4; r++) store<i32>(st + L_ROW + (<usize>r << 2), -1);
  while (true) {
    // fill empty lanes with the next rows (rows with y = 0 are done at once: z = 0 is their minimizer)
    for (let r = 0; r < 4; r++) {
      const lr = <usize>r << 2;
      while (load<i32>(st + L_ROW + lr) < 0 && next < n) {
        const i = load<i32>(order + (<usize>(next++) << 2));
        const zi = Z + <usize>i * zBytes;
        const yy = rowSetup(Y + <usize>i * dBytes, d, WT, G, k, kp, c, z, g, zi, warm);
        if (yy == 0) {
          memory.fill(zi, 0, zBytes);
          store<f64>(Ps + (<usize>i << 3), 0);
          continue;
        }
        rowToLane(cT, c, r, k);
        rowToLane(zT, z, r, k);
        rowToLane(gT, g, r, k);
        store<i32>(st + L_ROW + lr, i);
        store<i32>(st + L_IT + lr, 0);
        store<f64>(st + L_YY + (<usize>r << 3), yy);
        store<f64>(st + L_P + (<usize>r << 3), 0);
        store<f64>(st + L_GAP + (<usize>r << 3), 0);
        fullBits |= 1 << r;
        innerBits &= ~(1 << r);
      }
    }
    if ((fullBits | innerBits) == 0) break;
    // one sweep: each lane's own (full: every atom; active-set: its active atoms), in j order; the
    // steps (atoms some lane visits) and their lane sets first, without branches
    const sweepFull = SYNC && innerBits != 0 ? 0 : fullBits;
    let ns = 0;
    for (let j = 0; j < k; j++) {
      const m = sweepFull | (load<i32>(inSet + (<usize>j << 2)) & innerBits);
      store<i32>(steps + (<usize>ns << 3), j);
      store<i32>(steps + (<usize>ns << 3), m, 4);
      ns += i32(m != 0);
    }
    let maxD = zeroV, zmax = zeroV, moved = zeroV;
    // Software-pipelined: step a's update of g is issued after step a + 1's decision (which waits on the
    // division's latency), so that the two overlap instead of the update's 2k multiply-subtracts queuing in
    // front of the next decision. Each g entry still gets the steps' updates in step order (the same bits):
    // the next step's g_j is loaded before the pending update and gets it, and this step's, in a register.
    let j = load<i32>(steps);
    let gv = v128.load(gT + (<usize>j << 4));
    let pend = zeroV; // the pending update's Δz (four rows) ...
    let pendG: usize = 0; // ... and its row of G (0: none)
    for (let a = 0; a < ns; a++) {
      const sp = steps + (<usize>a << 3);
      const m = load<i32>(sp, 4);
      const jn = a + 1 < ns ? load<i32>(sp, 8) : j;
      if (DBG) { dbgSteps++; dbgLaneSteps += <f64>popcnt(m); }
      const o = <usize>j << 4;
      const Gj = G + <usize>j * kpBytes;
      const gjj = load<f32>(Gj + (<usize>j << 2));
      const before = v128.load(zT + o);
      let after = zeroV;
      if (gjj > 0) {
        const gd = f32x4.splat(gjj);
        const u = f32x4.add(gv, f32x4.mul(gd, before));
        after = f32x4.div(f32x4.add(f32x4.pmax(f32x4.sub(u, lamV), zeroV), f32x4.pmin(f32x4.add(u, lamV), zeroV)), gd);
      }
      after = v128.bitselect(after, before, v128.load(masks + (<usize>m << 4)));
      const delta = f32x4.sub(after, before);
      const nz = f32x4.ne(delta, zeroV);
      after = v128.bitselect(after, before, nz);
      v128.store(zT + o, after);
      let gn = v128.load(gT + (<usize>jn << 4));
      if (pendG != 0) {
        gn = f32x4.sub(gn, f32x4.mul(pend, v128.load32_splat(pendG + (<usize>jn << 2))));
        const dv = pend;
        let x = gT;
        let w = pendG;
        for (let l = 0; l + 8 <= kp; l += 8) {
          v128.store(x, f32x4.sub(v128.load(x), f32x4.mul(dv, v128.load32_splat(w))));
          v128.store(x, f32x4.sub(v128.load(x, 16), f32x4.mul(dv, v128.load32_splat(w, 4))), 16);
          v128.store(x, f32x4.sub(v128.load(x, 32), f32x4.mul(dv, v128.load32_splat(w, 8))), 32);
          v128.store(x, f32x4.sub(v128.load(x, 48), f32x4.mul(dv, v128.load32_splat(w, 12))), 48);
          v128.store(x, f32x4.sub(v128.load(x, 64), f32x4.mul(dv, v128.load32_splat(w, 16))), 64);
          v128.store(x, f32x4.sub(v128.load(x, 80), f32x4.mul(dv, v128.load32_splat(w, 20))), 80);
          v128.store(x, f32x4.sub(v128.load(x, 96), f32x4.mul(dv, v128.load32_splat(w, 24))), 96);
          v128.store(x, f32x4.sub(v128.load(x, 112), f32x4.mul(dv, v128.load32_splat(w, 28))), 112);
          x += 128;
          w += 32;
        }
        if ((kp & 4) != 0) {
          v128.store(x, f32x4.sub(v128.load(x), f32x4.mul(dv, v128.load32_splat(w))));
          v128.store(x, f32x4.sub(v128.load(x, 16), f32x4.mul(dv, v128.load32_splat(w, 4))), 16);
          v128.store(x, f32x4.sub(v128.load(x, 32), f32x4.mul(dv, v128.load32_splat(w, 8))), 32);
          v128.store(x, f32x4.sub(v128.load(x, 48), f32x4.mul(dv, v128.load32_splat(w, 12))), 48);
        }
        pendG = 0;
      }
      if (v128.any_true(nz)) {
        if (DBG) { dbgMoves++; dbgLaneMoves += <f64>popcnt(i8x16.bitmask(nz)) / 4; }
        gn = f32x4.sub(gn, f32x4.mul(delta, v128.load32_splat(Gj + (<usize>jn << 2))));
        pend = delta;
        pendG = Gj;
      }
      gv = gn;
      j = jn;
      maxD = f32x4.pmax(maxD, f32x4.abs(delta));
      zmax = f32x4.pmax(zmax, f32x4.abs(after));
      moved = v128.or(moved, v128.or(
        v128.xor(f32x4.gt(before, zeroV), f32x4.gt(after, zeroV)),
        v128.xor(f32x4.lt(before, zeroV), f32x4.lt(after, zeroV))));
    }
    if (pendG != 0) {
      // the last step's update
      let x = gT;
      let w = pendG;
      for (let l = 0; l < kp; l += 4) {
        v128.store(x, f32x4.sub(v128.load(x), f32x4.mul(pend, v128.load32_splat(w))));
        v128.store(x, f32x4.sub(v128.load(x, 16), f32x4.mul(pend, v128.load32_splat(w, 4))), 16);
        v128.store(x, f32x4.sub(v128.load(x, 32), f32x4.mul(pend, v128.load32_splat(w, 8))), 32);
        v128.store(x, f32x4.sub(v128.load(x, 48), f32x4.mul(pend, v128.load32_splat(w, 12))), 48);
        x += 64;
        w += 16;
      }
    }
    if (DBG) { dbgSweeps++; if (fullBits != 0) dbgFull++; }
    v128.store(acc, maxD);
    v128.store(acc, zmax, 16);
    v128.store(acc, moved, 32);
    // each lane's next step
    for (let r = 0; r < 4; r++) {
      const bit = 1 << r;
      const lr = <usize>r << 2;
      const l8 = <usize>r << 3;
      const maxDelta = load<f32>(acc + lr);
      let done = 0; // 1: converged, 2: stopped by maxIter
      if ((innerBits & bit) != 0) {
        const inner = load<i32>(st + L_INNER + lr) + 1;
        store<i32>(st + L_INNER + lr, inner);
        if (maxDelta <= load<f32>(st + L_STOP + lr) || inner >= ACTIVE_SWEEPS) {
          innerBits &= ~bit;
          fullBits |= bit;
          done = load<i32>(st + L_IT + lr) >= maxIter ? 2 : 0;
        }
      } else if ((sweepFull & bit) != 0) {
        const it = load<i32>(st + L_IT + lr) + 1;
        store<i32>(st + L_IT + lr, it);
        const yy = load<f64>(st + L_YY + l8);
        const P = primalAndGapLane(zT, cT, gT, r, k, yy, lam);
        const gap = lastGap;
        store<f64>(st + L_P + l8, P);
        store<f64>(st + L_GAP + l8, gap);
        // changes within two f32 ulps of the largest code are rounding, not progress (λ = 0 has no useful gap)
        if (maxDelta <= STALL * load<f32>(acc + 16 + lr) || gap <= tol * yy) {
          done = 1;
        } else {
          // the non-zero codes and their signs: feature-sign search solves the lasso on them exactly (a few
          // Cholesky solves instead of many sweeps with correlated atoms); with dependent atoms glmnet's
          // active-set cycling makes progress instead. The next full sweep checks the other codes and the gap.
          let na = 0;
          const lb = zT + lr;
          for (let j = 0; j < k; j++) {
            store<i32>(active + (<usize>na << 2), j);
            const nzj = i32(load<f32>(lb + (<usize>j << 4)) != 0);
            na += nzj;
            const sp = inSet + (<usize>j << 2);
            store<i32>(sp, (load<i32>(sp) & ~bit) | (nzj << r));
          }
          let solved = false;
          let failed = false;
          if (na > 0 && load<i32>(acc + 32 + lr) == 0) {
            laneToRow(z, zT, r, k);
            laneToRow(c, cT, r, k);
            solved = featureSign(z, c, G, kp, k, active, na, lambda, chol, xs);
            rowToLane(zT, z, r, k); // a failed search may have moved z before it stopped
            if (solved) {
              residualCorrelation(g, c, G, z, k, kp);
              rowToLane(gT, g, r, k);
            } else {
              failed = true;
            }
          }
          const stop = maxDelta * ACTIVE_SHRINK;
          if (failed) {
            // the search compacted `active` and left its tail: run this lane's sweeps on that list, alone
            laneToRow(g, gT, r, k);
            activeSweepsRow(z, g, G, kp, active, na, lambda, stop);
            rowToLane(zT, z, r, k);
            rowToLane(gT, g, r, k);
            done = it >= maxIter ? 2 : 0;
          } else if (solved || na == 0) {
            done = it >= maxIter ? 2 : 0;
          } else {
            store<f32>(st + L_STOP + lr, stop);
            store<i32>(st + L_INNER + lr, 0);
            fullBits &= ~bit;
            innerBits |= bit;
          }
        }
      }
      if (done != 0) {
        const i = load<i32>(st + L_ROW + lr);
        const yy = load<f64>(st + L_YY + l8);
        const gap = load<f64>(st + L_GAP + l8);
        const it = load<i32>(st + L_IT + lr);
        if (done == 2) unconverged++;
        laneToRow(Z + <usize>i * zBytes, zT, r, k);
        store<f64>(Ps + (<usize>i << 3), load<f64>(st + L_P + l8));
        iterations += <f64>it;
        if (it > mostIter) mostIter = it;
        const rel = yy > 0 ? gap / yy : 0;
        if (rel > maxGap) maxGap = rel;
        store<i32>(st + L_ROW + lr, -1);
        fullBits &= ~bit;
        innerBits &= ~bit;
      }
    }
  }
  let total: f64 = 0;
  for (let i = 0; i < n; i++) total += load<f64>(Ps + (<usize>i << 3));
  heap.free(Ps);
  heap.free(order);
  heap.free(acc);
  heap.free(st);
  heap.free(steps);
  heap.free(masks);
  heap.free(inSet);
  heap.free(zT);
  heap.free(gT);
  heap.free(cT);
  heap.free(xs);
  heap.free(chol);
  heap.free(active);
  heap.free(z);
  heap.free(g);
  heap.free(c);
  if (stats != 0) {
    store<f64>(stats, iterations, SPARSE_STAT_ITERATIONS);
    store<f64>(stats, <f64>unconverged, SPARSE_STAT_UNCONVERGED);
    store<f64>(stats, <f64>mostIter, SPARSE_STAT_MAX_ITER);
    store<f64>(stats, maxGap, SPARSE_STAT_MAX_GAP);
  }
  return total;
}

/**
 * Sparse codes Z (n×k) of the rows of Y (n×d) for the dictionary prepared by
 * sparsePrepare (WT d×kp, G k×kp): z* = argmin ½‖y − Wᵀz‖² + λ‖z‖₁.
 * algorithm: SPARSE_CD (cyclic coordinate descent on c − G z), SPARSE_ISTA or
 * SPARSE_FISTA (proximal gradient, step 1/L from sparseLipschitz). A row stops
 * when its duality gap ≤ tol·‖y‖² (scikit-learn's rule), when an iteration
 * changes nothing (CD: nothing beyond f32 rounding), or after maxIter (CD: full sweeps, each followed by
 * feature-sign search on the non-zero codes, or by active-set sweeps over
 * them when their atoms are dependent). warm = 1: Z holds the starting codes,
 * else they start at 0. Rows with coordinates masked out must have them zero
 * in Y (the SDK zeroes them). stats f64[4] (may be 0): see SPARSE_STAT_*.
 * Returns Σ over rows of the final objective ½‖y − Wᵀz‖² + λ‖z‖₁ as the gap
 * computation sees it (O(k) per row; sparseEnergy recomputes it directly).
 */
export function sparseEncode(Z: usize, Y: usize, n: i32, d: i32, WT: usize, G: usize, k: i32,
                             lambda: f32, algorithm: i32, maxIter: i32, tol: f64, warm: i32, stats: usize): f64 {
  if (k < 1 || d < 1 || maxIter < 1) fail(E_BAD_ARGUMENT, 1);
  if (algorithm < SPARSE_CD || algorithm > SPARSE_FISTA) fail(E_BAD_ARGUMENT, 9);
  if (!(lambda >= 0)) fail(E_BAD_ARGUMENT, 8);
  if (algorithm == SPARSE_CD) return encodeCD(Z, Y, n, d, WT, G, k, lambda, maxIter, tol, warm, stats);
  const kp = roundUp(k, 4);
  const kpBytes = <usize>kp << 2;
  const dBytes = <usize>d << 2;
  const zBytes = <usize>k << 2;
  const c = allocBytes(<u64>(kpBytes));
  const g = allocBytes(<u64>(kpBytes));
  const z = allocBytes(<u64>(kpBytes));
  const zPrev = allocBytes(<u64>(kpBytes));
  const p = allocBytes(<u64>(kpBytes));
  const L = sparseLipschitz(G, k);
  const invL = <f32>(1.0 / L);
  const thr = <f32>(<f64>lambda / L);
  const lam = <f64>lambda;
  let total: f64 = 0;
  let iterations: f64 = 0;
  let unconverged = 0;
  let mostIter = 0;
  let maxGap: f64 = 0;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * dBytes;
    const zi = Z + <usize>i * zBytes;
    const yy = rowSetup(y, d, WT, G, k, kp, c, z, g, zi, warm);
    let it = 0;
    let converged = false;
    let P: f64 = 0;
    if (yy == 0) {
      // y = 0: z = 0 is the minimizer (the zero vector is optimal for every λ ≥ 0)
      memory.fill(z, 0, kpBytes);
      converged = true;
      lastGap = 0;
    } else {
      // proximal gradient: x ← S(p + g(p)/L, λ/L), with Nesterov momentum for FISTA
      memory.copy(p, z, kpBytes);
      memory.copy(zPrev, z, kpBytes);
      let tk: f64 = 1;
      while (it < maxIter) {
        it++;
        residualCorrelation(g, c, G, p, k, kp);
        let moved = false;
        for (let j = 0; j < k; j++) {
          const o = <usize>j << 2;
          const zn = soft(load<f32>(p + o) + load<f32>(g + o) * invL, thr);
          if (zn != load<f32>(z + o)) moved = true;
          store<f32>(z + o, zn);
        }
        if (algorithm == SPARSE_FISTA) {
          const tn = (1.0 + Math.sqrt(1.0 + 4.0 * tk * tk)) * 0.5;
          const beta = <f32>((tk - 1.0) / tn);
          tk = tn;
          for (let j = 0; j < k; j++) {
            const o = <usize>j << 2;
            const zn = load<f32>(z + o);
            store<f32>(p + o, zn + beta * (zn - load<f32>(zPrev + o)));
          }
          memory.copy(zPrev, z, kpBytes);
        } else {
          memory.copy(p, z, kpBytes);
        }
        residualCorrelation(g, c, G, z, k, kp);
        P = primalAndGap(z, c, g, k, yy, lam);
        if (!moved || lastGap <= tol * yy) {
          converged = true;
          break;
        }
      }
    }
    if (yy == 0) P = 0;
    memory.copy(zi, z, zBytes);
    total += P;
    iterations += <f64>it;
    if (!converged) unconverged++;
    if (it > mostIter) mostIter = it;
    const rel = yy > 0 ? lastGap / yy : 0;
    if (rel > maxGap) maxGap = rel;
  }
  heap.free(p);
  heap.free(zPrev);
  heap.free(z);
  heap.free(g);
  heap.free(c);
  if (stats != 0) {
    store<f64>(stats, iterations, SPARSE_STAT_ITERATIONS);
    store<f64>(stats, <f64>unconverged, SPARSE_STAT_UNCONVERGED);
    store<f64>(stats, <f64>mostIter, SPARSE_STAT_MAX_ITER);
    store<f64>(stats, maxGap, SPARSE_STAT_MAX_GAP);
  }
  return total;
}

/**
 * out (n×d) = Wᵀz for every row of Z (n×k): out[i,t] = Σ_j Z[i,j]·W[j,t],
 * summed in j order (atoms with z = 0 skipped), lanes over t.
 */
export function sparseDecode(out: usize, Z: usize, n: i32, W: usize, k: i32, d: i32): void {
  const dBytes = <usize>d << 2;
  for (let i = 0; i < n; i++) {
    const o = out + <usize>i * dBytes;
    memory.fill(o, 0, dBytes);
    const zi = Z + <usize>i * (<usize>k << 2);
    for (let j = 0; j < k; j++) {
      const zj = load<f32>(zi + (<usize>j << 2));
      if (zj == 0) continue;
      const w = W + <usize>j * dBytes;
      const zv = f32x4.splat(zj);
      let t = 0;
      for (; t + 4 <= d; t += 4) {
        const b = <usize>t << 2;
        v128.store(o + b, f32x4.add(v128.load(o + b), f32x4.mul(zv, v128.load(w + b))));
      }
      for (; t < d; t++) {
        const b = <usize>t << 2;
        store<f32>(o + b, load<f32>(o + b) + zj * load<f32>(w + b));
      }
    }
  }
}

/**
 * E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁ for every row (Y n×d, Z n×k, W k×d): the
 * residual r = y − Wᵀz in f32 (sparseDecode's order), ½Σ r² + λΣ|z| in f64 in
 * index order. E f32[n] and R n×d (the residual, = ∇_y E) may each be 0.
 * Returns Σ E over the rows in f64.
 */
export function sparseEnergy(E: usize, R: usize, Y: usize, n: i32, d: i32, W: usize, k: i32, Z: usize, lambda: f32): f64 {
  const dBytes = <usize>d << 2;
  const r = allocBytes(<u64>roundUp(d, 4) << 2);
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const zi = Z + <usize>i * (<usize>k << 2);
    sparseDecode(r, zi, 1, W, k, d);
    const y = Y + <usize>i * dBytes;
    let rr: f64 = 0;
    for (let t = 0; t < d; t++) {
      const b = <usize>t << 2;
      const v = load<f32>(y + b) - load<f32>(r + b);
      store<f32>(r + b, v);
      rr += <f64>v * <f64>v;
    }
    let l1: f64 = 0;
    for (let j = 0; j < k; j++) l1 += Math.abs(<f64>load<f32>(zi + (<usize>j << 2)));
    const e = 0.5 * rr + <f64>lambda * l1;
    total += e;
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>e);
    if (R != 0) memory.copy(R + <usize>i * dBytes, r, dBytes);
  }
  heap.free(r);
  return total;
}

/** out[i,t] = Y[i,t] where mask[t] = 1 (known), else out[i,t] unchanged (the filled-in value). */
export function sparseMerge(out: usize, Y: usize, n: i32, d: i32, mask: usize): void {
  for (let i = 0; i < n; i++) {
    const row = <usize>i * (<usize>d << 2);
    for (let t = 0; t < d; t++) {
      if (load<u8>(mask + <usize>t) != 0) store<f32>(out + row + (<usize>t << 2), load<f32>(Y + row + (<usize>t << 2)));
    }
  }
}

/**
 * The Energy view (KIND_SPARSE): p0 = W k×d, p1 = WT d×kp, p2 = G k×kp (from
 * sparsePrepare), i0 = k, i1 = maxIter, f0 = λ, f1 = tol. F∞ by coordinate
 * descent from z = 0, ∇F∞ = y − Wᵀz* (envelope theorem).
 */
export function sparseFreeEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const d = descDim(desc);
  const k = descI0(desc);
  const lambda = <f32>descF0(desc);
  const Z = allocBytes(<u64>max(n, 1) * (<u64>k << 2));
  sparseEncode(Z, Y, n, d, descP1(desc), descP2(desc), k, lambda, SPARSE_CD, descI1(desc), descF1(desc), 0, 0);
  sparseEnergy(E, G, Y, n, d, descP0(desc), k, Z, lambda);
  heap.free(Z);
}
