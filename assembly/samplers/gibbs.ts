// Gibbs sampling for states whose every coordinate takes one of K values
// v_0 … v_{K−1}: one sweep updates y_0, y_1, …, y_{D−1} in turn, each drawn
// from its exact conditional p(y_j = v_k | y_−j) ∝ exp(−β·F(y with y_j = v_k)).
// All chains move together: per coordinate, one energy call on the C·K
// candidate rows (chain c with y_j = v_k), so any Energy works. No gradients;
// every move is accepted. Its section: the values (K = SS_KIND_PARAM), the
// candidate rows and their energies, the weights of one chain, the uniforms.
import { rngUniform } from "../core/rng";
import { chainUniforms } from "./draws";
import { copyRow } from "../core/simd";
import { energyEval } from "../energies/dispatch";
import {
  SS_CHAINS, SS_DIM, SS_BETA, SS_STEP, SS_LAST_STEP, SS_RNG, SS_KIND_PARAM, SS_SECTION, SS_O_POS, SS_O_E,
  SS_O_ACCEPTS, SS_O_NON_FINITE, SS_O_LAST_ACC, SS_O_ACC_PROB, arr, kindArr, place,
} from "./state";

// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
export const SS_GIBBS_O_VALUES = 0; // K f32: the values every coordinate takes
export const SS_GIBBS_O_CAND = 4; // (C·K)×D f32: row c·K + k is chain c with the current coordinate set to v_k
export const SS_GIBBS_O_CAND_E = 8; // C·K f32: F of the candidate rows
export const SS_GIBBS_O_WEIGHTS = 12; // K f64: exp(−β(F_k − min F)) of one chain
export const SS_GIBBS_O_UNIFORM = 16; // C×D f32: one uniform per chain and coordinate of a sweep
/** Most values per coordinate. */
export const SAMPLER_GIBBS_MAX_VALUES = 65536;

/** Places the section's arrays from offset o (see state.ts place) for K values; returns the offset after them. */
export function gibbsLayout(s: usize, C: i32, D: i32, K: i32, o: usize, mode: i32): usize {
  const f = s + SS_SECTION;
  const ck = <usize>C * <usize>K;
  o = place(f + SS_GIBBS_O_VALUES, o, <usize>K * 4, mode);
  o = place(f + SS_GIBBS_O_CAND, o, ck * <usize>D * 4, mode);
  o = place(f + SS_GIBBS_O_CAND_E, o, ck * 4, mode);
  o = place(f + SS_GIBBS_O_WEIGHTS, o, <usize>K * 8, mode);
  return place(f + SS_GIBBS_O_UNIFORM, o, <usize>C * <usize>D * 4, mode);
}

/** No step size: NaN says so wherever one is reported. The values are written by the caller. */
export function gibbsDefaults(s: usize): void {
  store<f64>(s + SS_STEP, NaN);
  store<f64>(s + SS_LAST_STEP, NaN);
}

/** K ≥ 2 finite, distinct values, and every position one of them. */
export function gibbsCheck(s: usize): bool {
  const K = load<i32>(s + SS_KIND_PARAM);
  if (K < 2 || K > SAMPLER_GIBBS_MAX_VALUES) return false;
  const values = kindArr(s, SS_GIBBS_O_VALUES);
  for (let k = 0; k < K; k++) {
    const v = load<f32>(values + (<usize>k << 2));
    if (!isFinite<f32>(v)) return false;
    for (let m = 0; m < k; m++) if (load<f32>(values + (<usize>m << 2)) == v) return false;
  }
  const n = load<i32>(s + SS_CHAINS) * load<i32>(s + SS_DIM);
  const pos = arr(s, SS_O_POS);
  for (let i = 0; i < n; i++) {
    if (gibbsValueIndex(values, K, load<f32>(pos + (<usize>i << 2))) < 0) return false;
  }
  return true;
}

/** Positions drawn uniformly from the values with the RNG state `rng` (C·D uniforms u → v_⌊u·K⌋). */
export function gibbsDefaultPositions(s: usize, rng: usize): void {
  const n = load<i32>(s + SS_CHAINS) * load<i32>(s + SS_DIM);
  const K = load<i32>(s + SS_KIND_PARAM);
  const values = kindArr(s, SS_GIBBS_O_VALUES);
  const pos = arr(s, SS_O_POS);
  rngUniform(pos, n, rng);
  // u < 1 by at least 2⁻²⁴ and K ≤ 2¹⁶, so ⌊u·K⌋ (exact in f64) is a valid index
  for (let i = 0; i < n; i++) {
    const p = pos + (<usize>i << 2);
    const k = <i32>Math.floor(<f64>load<f32>(p) * <f64>K);
    store<f32>(p, load<f32>(values + (<usize>k << 2)));
  }
}

/** Index of v among the K values, or −1. */
export function gibbsValueIndex(values: usize, K: i32, v: f32): i32 {
  for (let k = 0; k < K; k++) if (load<f32>(values + (<usize>k << 2)) == v) return k;
  return -1;
}

/**
 * One sweep of every chain; returns the number of chains that had a finite conditional at every
 * coordinate. Draws C·D uniforms (chain-major: uniform c·D + j updates coordinate j of chain c).
 * A coordinate whose candidates are all non-finite keeps its value and counts as non-finite.
 */
export function gibbsStep(s: usize, desc: usize): f64 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const K = load<i32>(s + SS_KIND_PARAM);
  const beta = load<f64>(s + SS_BETA);
  const values = kindArr(s, SS_GIBBS_O_VALUES);
  const cand = kindArr(s, SS_GIBBS_O_CAND), candE = kindArr(s, SS_GIBBS_O_CAND_E);
  const w = kindArr(s, SS_GIBBS_O_WEIGHTS), uni = kindArr(s, SS_GIBBS_O_UNIFORM);
  const pos = arr(s, SS_O_POS), E = arr(s, SS_O_E);
  const accs = arr(s, SS_O_ACCEPTS), nonFin = arr(s, SS_O_NON_FINITE), last = arr(s, SS_O_LAST_ACC), accP = arr(s, SS_O_ACC_PROB);
  chainUniforms(uni, C, D, s + SS_RNG);
  const rowBytes = <usize>D << 2;
  // every candidate row starts as its chain's position; afterwards only column j ever differs
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < K; k++) copyRow(cand + (<usize>c * <usize>K + <usize>k) * rowBytes, pos + <usize>c * rowBytes, D);
    store<i32>(last + (<usize>c << 2), 1);
  }
  for (let j = 0; j < D; j++) {
    const col = <usize>j << 2;
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < K; k++) {
        store<f32>(cand + (<usize>c * <usize>K + <usize>k) * rowBytes + col, load<f32>(values + (<usize>k << 2)));
      }
    }
    energyEval(desc, cand, C * K, candE, 0);
    for (let c = 0; c < C; c++) {
      const e = candE + ((<usize>c * <usize>K) << 2);
      const pick = drawValue(e, w, K, beta, load<f32>(uni + ((<usize>c * <usize>D + <usize>j) << 2)));
      const y = pos + <usize>c * rowBytes + col;
      if (pick >= 0) {
        store<f32>(y, load<f32>(values + (<usize>pick << 2)));
        store<f32>(E + (<usize>c << 2), load<f32>(e + (<usize>pick << 2)));
      } else {
        store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
        store<i32>(last + (<usize>c << 2), 0);
      }
      // the chosen (or kept) value goes back into every candidate row of the chain
      const v = load<f32>(y);
      for (let k = 0; k < K; k++) store<f32>(cand + (<usize>c * <usize>K + <usize>k) * rowBytes + col, v);
    }
  }
  let moved: f64 = 0;
  for (let c = 0; c < C; c++) {
    const ok = load<i32>(last + (<usize>c << 2));
    store<i32>(accs + (<usize>c << 2), load<i32>(accs + (<usize>c << 2)) + ok);
    store<f64>(accP + (<usize>c << 3), <f64>ok);
    moved += <f64>ok;
  }
  return moved;
}

/**
 * The index k drawn with probability ∝ exp(−β(F_k − min F)) over the finite F_k (e: K f32),
 * by inverting the cumulative weights (in f64, in index order) at u·Σw; −1 when no F_k is finite.
 */
function drawValue(e: usize, w: usize, K: i32, beta: f64, u: f32): i32 {
  let lo: f64 = Infinity;
  for (let k = 0; k < K; k++) {
    const x = <f64>load<f32>(e + (<usize>k << 2));
    if (isFinite(x) && x < lo) lo = x;
  }
  if (!isFinite(lo)) return -1;
  let total: f64 = 0;
  for (let k = 0; k < K; k++) {
    const x = <f64>load<f32>(e + (<usize>k << 2));
    const wk = isFinite(x) ? Math.exp(-beta * (x - lo)) : 0;
    store<f64>(w + (<usize>k << 3), wk);
    total += wk;
  }
  // u < 1 by 2⁻²⁴ at least, so u·Σw < Σw and the walk below stops at a k with w_k > 0
  const target = <f64>u * total;
  let acc: f64 = 0;
  let pick = -1;
  for (let k = 0; k < K; k++) {
    const wk = load<f64>(w + (<usize>k << 3));
    if (wk > 0) {
      acc += wk;
      pick = k;
      if (target < acc) return k;
    }
  }
  return pick;
}
