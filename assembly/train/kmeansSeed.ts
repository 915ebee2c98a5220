// k-means++ seeding as a resumable state machine: kmeansPlusPlus (train/kmeans.ts)
// cut into steps of bounded work, so the SDK can yield between them. It picks
// the same centres with the same bits: every random number is drawn up front in
// the one-piece order (they do not depend on the data), and every sum takes
// its rows in order, carried in the state block between steps.
import { sqdistRow } from "../core/sqdist";
import { cursorBegin, cursorEnd, nextBelow, nextUniform } from "../core/rng";
import { fail, E_BAD_ARGUMENT } from "../core/errors";

// State block: a header, then ids i32[trials] (16-byte aligned), then the
// uniforms f64[(k − 1)·trials]. Byte offsets of the header:
const KS_X: i32 = 0; // usize: X n×d
const KS_C: i32 = 4; // usize: C k×d (written centre by centre)
const KS_CLOSEST: i32 = 8; // usize: f32[n], D² to the nearest chosen centre
const KS_CAND: i32 = 12; // usize: f32[trials·n], D² had each candidate been chosen
const KS_CUM: i32 = 16; // usize: f64[n], cumulative D²
const KS_N: i32 = 20;
const KS_D: i32 = 24;
const KS_K: i32 = 28;
const KS_TRIALS: i32 = 32;
const KS_PHASE: i32 = 36; // PHASE_*
const KS_CENTRE: i32 = 40; // the centre being chosen, 1 … k − 1
const KS_TRIAL: i32 = 44; // the candidate being measured
const KS_ROW: i32 = 48; // next row of the current pass
const KS_BEST_TRIAL: i32 = 52;
const KS_ACC: i32 = 56; // f64: running cumulative D²
const KS_POT: i32 = 64; // f64: running potential of the current candidate
const KS_BEST_POT: i32 = 72; // f64
const KS_HEADER_BYTES: i32 = 80;

const PHASE_FIRST: i32 = 0; // D² to the first centre
const PHASE_CUMSUM: i32 = 1; // cumulative D², then the candidates
const PHASE_TRIALS: i32 = 2; // each candidate's potential
const PHASE_DONE: i32 = 3;

@inline function idsAt(S: usize): usize {
  return S + <usize>KS_HEADER_BYTES;
}
@inline function uniformsAt(S: usize, trials: i32): usize {
  return idsAt(S) + ((<usize>trials * 4 + 15) & ~15);
}

/** Bytes of the state block for k centres and `trials` candidates each. */
export function kmeansSeedStateBytes(k: i32, trials: i32): f64 {
  return <f64>KS_HEADER_BYTES + Math.ceil(<f64>trials * 4 / 16) * 16 + <f64>max(k - 1, 0) * <f64>trials * 8;
}

/**
 * Starts k-means++ seeding of C (k×d) from X (n×d) with `trials` local trials,
 * as kmeansPlusPlus: draws every random number it will need from rng (advanced
 * as kmeansPlusPlus advances it) and sets the first centre. closest f32[n],
 * cand f32[trials·n] and cum f64[n] are its work arrays; S its state block
 * (kmeansSeedStateBytes). Then call kmeansSeedStep until it returns 1.
 */
export function kmeansSeedBegin(S: usize, C: usize, X: usize, n: i32, d: i32, k: i32, trials: i32, rng: usize,
                                closest: usize, cand: usize, cum: usize): void {
  if (trials < 1 || n < 1 || k < 1) fail(E_BAD_ARGUMENT, 1);
  store<u32>(S, <u32>X, KS_X);
  store<u32>(S, <u32>C, KS_C);
  store<u32>(S, <u32>closest, KS_CLOSEST);
  store<u32>(S, <u32>cand, KS_CAND);
  store<u32>(S, <u32>cum, KS_CUM);
  store<i32>(S, n, KS_N);
  store<i32>(S, d, KS_D);
  store<i32>(S, k, KS_K);
  store<i32>(S, trials, KS_TRIALS);
  cursorBegin(rng);
  const first = <i32>nextBelow(<u32>n);
  const u = uniformsAt(S, trials);
  const draws = (k - 1) * trials;
  for (let t = 0; t < draws; t++) store<f64>(u + (<usize>t << 3), nextUniform());
  cursorEnd();
  const xBytes = <usize>d << 2;
  memory.copy(C, X + <usize>first * xBytes, xBytes);
  store<i32>(S, PHASE_FIRST, KS_PHASE);
  store<i32>(S, 1, KS_CENTRE);
  store<i32>(S, 0, KS_ROW);
}

/**
 * Advances the seeding by about `work` units (one unit: one coordinate of a
 * squared distance, or one row of the cumulative sum). Returns 1 once all k
 * centres are in C, else 0.
 */
export function kmeansSeedStep(S: usize, work: f64): i32 {
  const X = <usize>load<u32>(S, KS_X);
  const C = <usize>load<u32>(S, KS_C);
  const closest = <usize>load<u32>(S, KS_CLOSEST);
  const cand = <usize>load<u32>(S, KS_CAND);
  const cum = <usize>load<u32>(S, KS_CUM);
  const n = load<i32>(S, KS_N);
  const d = load<i32>(S, KS_D);
  const k = load<i32>(S, KS_K);
  const trials = load<i32>(S, KS_TRIALS);
  const xBytes = <usize>d << 2;
  const ids = idsAt(S);
  let phase = load<i32>(S, KS_PHASE);
  let c = load<i32>(S, KS_CENTRE);
  let row = load<i32>(S, KS_ROW);
  const dd = <f64>max(d, 1);
  let left = max(work, 1.0);
  while (phase != PHASE_DONE && left > 0) {
    // rows this pass may still take: a distance row costs d units, a cumulative-sum row 1
    const distRows = <i32>min(<f64>(n - row), Math.ceil(left / dd));
    if (phase == PHASE_FIRST) {
      const end = row + distRows;
      left -= <f64>distRows * dd;
      for (let i = row; i < end; i++) store<f32>(closest + (<usize>i << 2), sqdistRow(X + <usize>i * xBytes, C, d));
      row = end;
      if (row == n) {
        phase = k > 1 ? PHASE_CUMSUM : PHASE_DONE;
        row = 0;
        store<f64>(S, 0, KS_ACC);
      }
      continue;
    }
    if (phase == PHASE_CUMSUM) {
      const sumRows = <i32>min(<f64>(n - row), Math.ceil(left));
      const end = row + sumRows;
      left -= <f64>sumRows;
      let acc = load<f64>(S, KS_ACC);
      for (let i = row; i < end; i++) {
        acc += <f64>load<f32>(closest + (<usize>i << 2));
        store<f64>(cum + (<usize>i << 3), acc);
      }
      store<f64>(S, acc, KS_ACC);
      row = end;
      if (row < n) continue;
      const u = uniformsAt(S, trials) + (<usize>(c - 1) * <usize>trials << 3);
      for (let t = 0; t < trials; t++) {
        const target = load<f64>(u + (<usize>t << 3)) * acc;
        // first i with cum[i] > target
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (load<f64>(cum + (<usize>mid << 3)) > target) hi = mid;
          else lo = mid + 1;
        }
        store<i32>(ids + (<usize>t << 2), lo);
      }
      phase = PHASE_TRIALS;
      row = 0;
      store<i32>(S, 0, KS_TRIAL);
      store<f64>(S, 0, KS_POT);
      store<f64>(S, Infinity, KS_BEST_POT);
      store<i32>(S, 0, KS_BEST_TRIAL);
      continue;
    }
    // PHASE_TRIALS: the potential had candidate t been chosen
    const t = load<i32>(S, KS_TRIAL);
    const y = X + <usize>load<i32>(ids + (<usize>t << 2)) * xBytes;
    const out = cand + <usize>t * (<usize>n << 2);
    const end = row + distRows;
    left -= <f64>distRows * dd;
    let p = load<f64>(S, KS_POT);
    for (let i = row; i < end; i++) {
      const v = min(load<f32>(closest + (<usize>i << 2)), sqdistRow(X + <usize>i * xBytes, y, d));
      store<f32>(out + (<usize>i << 2), v);
      p += <f64>v;
    }
    row = end;
    store<f64>(S, p, KS_POT);
    if (row < n) continue;
    if (p < load<f64>(S, KS_BEST_POT)) {
      store<f64>(S, p, KS_BEST_POT);
      store<i32>(S, t, KS_BEST_TRIAL);
    }
    row = 0;
    store<f64>(S, 0, KS_POT);
    if (t + 1 < trials) {
      store<i32>(S, t + 1, KS_TRIAL);
      continue;
    }
    const bestT = load<i32>(S, KS_BEST_TRIAL);
    memory.copy(C + <usize>c * xBytes, X + <usize>load<i32>(ids + (<usize>bestT << 2)) * xBytes, xBytes);
    memory.copy(closest, cand + <usize>bestT * (<usize>n << 2), <usize>n << 2);
    c++;
    phase = c < k ? PHASE_CUMSUM : PHASE_DONE;
    store<f64>(S, 0, KS_ACC);
  }
  store<i32>(S, phase, KS_PHASE);
  store<i32>(S, c, KS_CENTRE);
  store<i32>(S, row, KS_ROW);
  return phase == PHASE_DONE ? 1 : 0;
}

/**
 * The uniform kmeansSeedBegin drew for candidate t (0 … trials − 1) of centre c (1 … k − 1):
 * the seeding on workers (kmeansSeedRows.ts) draws its candidates with the same numbers.
 */
export function kmeansSeedUniform(S: usize, c: i32, t: i32): f64 {
  const trials = load<i32>(S, KS_TRIALS);
  return load<f64>(uniformsAt(S, trials) + ((<usize>(c - 1) * <usize>trials + <usize>t) << 3));
}
