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

/**
 * sparseEncode's coordinate descent (see there). The updates avoid data-dependent branches
 * where the outcome is a coin flip (the soft threshold, the running maxima, whether a sign
 * changed): mispredicted branches, not arithmetic, were most of a step's time.
 */
function encodeCD(Z: usize, Y: usize, n: i32, d: i32, WT: usize, G: usize, k: i32,
                  lambda: f32, maxIter: i32, tol: f64, warm: i32, stats: usize): f64 {
  const kp = roundUp(k, 4);
  const kpBytes = <usize>kp << 2;
  const dBytes = <usize>d << 2;
  const zBytes = <usize>k << 2;
  const lam = <f64>lambda;
  const c = allocBytes(<u64>kpBytes);
  const g = allocBytes(<u64>kpBytes);
  const z = allocBytes(<u64>kpBytes);
  const active = allocBytes(<u64>kpBytes);
  const chol = allocBytes(<u64>k * <u64>k * 8);
  const xs = allocBytes(<u64>k << 3);
  let total: f64 = 0;
  let iterations: f64 = 0;
  let unconverged = 0;
  let mostIter = 0;
  let maxGap: f64 = 0;
  for (let i = 0; i < n; i++) {
    const zi = Z + <usize>i * zBytes;
    const yy = rowSetup(Y + <usize>i * dBytes, d, WT, G, k, kp, c, z, g, zi, warm);
    let it = 0;
    let converged = false;
    let P: f64 = 0;
    let gap: f64 = 0;
    if (yy == 0) {
      // y = 0: z = 0 is the minimizer (the zero vector is optimal for every λ ≥ 0)
      memory.fill(z, 0, kpBytes);
      converged = true;
    }
    while (!converged && it < maxIter) {
      it++;
      let maxDelta: f32 = 0;
      let moved = 0;
      let zmax: f32 = 0;
      // g_{j+1} is read before step j's axpy and updated by its own lane's operation in a register, so
      // the next step does not wait for the axpy's store (the same bits as reading it afterwards)
      let gj = load<f32>(g);
      for (let j = 0; j < k; j++) {
        const o = <usize>j << 2;
        const Gj = G + <usize>j * kpBytes;
        const gjj = load<f32>(Gj + o);
        const before = load<f32>(z + o);
        let after: f32 = 0;
        if (gjj > 0) after = softFlat(gj + gjj * before, lambda) / gjj;
        const delta = after - before;
        let gn: f32 = j + 1 < k ? load<f32>(g + o + 4) : 0;
        if (delta != 0) {
          store<f32>(z + o, after);
          subScaled(g, Gj, delta, kp);
          gn = gn - delta * load<f32>(Gj + o + 4);
        } else {
          after = before;
        }
        gj = gn;
        maxDelta = maxNonNeg(maxDelta, abs(delta));
        zmax = maxNonNeg(zmax, abs(after));
        moved |= i32((before > 0) != (after > 0)) | i32((before < 0) != (after < 0));
      }
      P = primalAndGap(z, c, g, k, yy, lam);
      gap = lastGap;
      // changes within two f32 ulps of the largest code are rounding, not progress (λ = 0 has no useful gap)
      if (maxDelta <= STALL * zmax || gap <= tol * yy) {
        converged = true;
        break;
      }
      // the non-zero codes and their signs: feature-sign search solves the lasso on them exactly (a few
      // Cholesky solves instead of many sweeps with correlated atoms); with dependent atoms glmnet's
      // active-set cycling makes progress instead. The next full sweep checks the other codes and the gap.
      let na = 0;
      for (let j = 0; j < k; j++) {
        store<i32>(active + (<usize>na << 2), j);
        na += i32(load<f32>(z + (<usize>j << 2)) != 0);
      }
      if (na > 0 && moved == 0 && featureSign(z, c, G, kp, k, active, na, lambda, chol, xs)) {
        residualCorrelation(g, c, G, z, k, kp);
        continue;
      }
      const stop = maxDelta * ACTIVE_SHRINK;
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
    if (yy == 0) P = 0;
    memory.copy(zi, z, zBytes);
    total += P;
    iterations += <f64>it;
    if (!converged) unconverged++;
    if (it > mostIter) mostIter = it;
    const rel = yy > 0 ? gap / yy : 0;
    if (rel > maxGap) maxGap = rel;
  }
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
