// Pure-TS twins of the K-means kernels (assembly/train/kmeans.ts and
// assembly/energies/kmeans.ts) and of KMeansEBM.fit's Lloyd loop
// (sdk/models/kmeans.ts). Every f32 operation is rounded with Math.fround in
// the kernel's order, so prototypes, labels, distances and stats are
// bit-identical; freeEnergy alone goes through JS Math.exp/log (tolerance).
import { Cursor, rngInit, type RngState } from './philox.js';
import { argmin, meanColumnVariance, sqdistOrdered, sqdistRow } from './primitives.js';

const f32 = Math.fround;

/** Below this dimension distances are summed directly; from it on through ||x||² + ||c||² − 2·x·c (DOT_MIN_DIM in the kernel). */
export const DOT_MIN_DIM = 8;

/** A row-major f32 matrix (the SDK's Matrix shape, without depending on the SDK). */
export interface MatrixF32 {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** What a training step reports, in the order of the kernel's stats f64[4]. */
export interface StepStats {
  inertia: number;
  shift: number;
  reseeded: number;
  changed: number;
}

/** The stats as the kernel writes them: f64[4] = [inertia, shift, reseeded, changed]. */
export function statsArray(s: StepStats): Float64Array {
  return Float64Array.of(s.inertia, s.shift, s.reseeded, s.changed);
}

/** Σ_t x[t]² in coordinate order, in f32 (the kernel's `sumSquares`). */
function sumSquares(x: Float32Array, off: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s = f32(s + f32(x[off + t]! * x[off + t]!));
  return s;
}

/** Σ_t x[t]·c[t] in coordinate order, in f32 (one lane of the kernel's register block). */
function dotOrdered(x: Float32Array, xOff: number, c: Float32Array, cOff: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s = f32(s + f32(x[xOff + t]! * c[cOff + t]!));
  return s;
}

/**
 * Nearest centre of C (k×d) for every row of X (n×d), the kernel's
 * `assignAll`. d < 8: direct distances in coordinate order. d ≥ 8: the winner
 * of (||x||² + ||c||²) − 2·x·c (sequential f32 sums), then every centre within
 * the error bound of that form re-ranked by its direct distance in `sqdistRow`'s
 * lane order. Ties go to the smallest index.
 * labels (in/out) are compared with what they held to count changes;
 * mind gets the winner's squared distance. Returns Σ mind in f64, row order.
 */
export function assign(
  X: Float32Array, n: number, d: number, C: Float32Array, k: number,
  labels: Int32Array, mind: Float32Array,
): { inertia: number; changed: number } {
  let inertia = 0;
  let changed = 0;
  const dist = new Float32Array(k);
  const cc = new Float32Array(k);
  if (d >= DOT_MIN_DIM) for (let j = 0; j < k; j++) cc[j] = sumSquares(C, j * d, d);
  for (let i = 0; i < n; i++) {
    let z: number;
    let m: number;
    if (d < DOT_MIN_DIM) {
      for (let j = 0; j < k; j++) dist[j] = sqdistOrdered(X, i * d, C, j * d, d);
      ({ index: z, value: m } = argmin(dist, k));
    } else {
      const xx = sumSquares(X, i * d, d);
      for (let j = 0; j < k; j++) dist[j] = f32(f32(xx + cc[j]!) - f32(2 * dotOrdered(X, i * d, C, j * d, d)));
      const first = argmin(dist, k);
      // the expanded form can be off by ~(2d+3)·2⁻²⁴·(||x||² + ||c||²): every centre within
      // twice that bound of the winner is re-ranked by its direct distance (the kernel's nearestChecked)
      const g = f32((d + 2) * 2 ** -22);
      const thr = f32(first.value + f32(g * f32(xx + cc[first.index]!)));
      z = first.index;
      m = Infinity;
      for (let j = 0; j < k; j++) {
        const lower = f32(dist[j]! - f32(g * f32(xx + cc[j]!)));
        if (lower <= thr) {
          const e = sqdistRow(X, i * d, C, j * d, d);
          if (e < m) {
            m = e;
            z = j;
          }
        }
      }
    }
    if (labels[i] !== z) changed++;
    labels[i] = z;
    mind[i] = m;
    inertia += mind[i]!;
  }
  return { inertia, changed };
}

/** kmeansAssign: `assign` with the kernel's stats [inertia, 0, 0, changed]. */
export function kmeansAssign(
  X: Float32Array, n: number, d: number, C: Float32Array, k: number, labels: Int32Array, mind: Float32Array,
): StepStats {
  const { inertia, changed } = assign(X, n, d, C, k, labels, mind);
  return { inertia, shift: 0, reseeded: 0, changed };
}

/**
 * Re-seeds every empty cluster j (in index order) with the not yet used row
 * farthest from its own centre (largest mind, ties to the smaller index); that
 * row leaves its old cluster's f64 sums and count, and its mind becomes −2 so
 * it is never picked again. When C is given the centre row is set to the row.
 * Returns how many were re-seeded.
 */
function reseedEmpty(
  X: Float32Array, n: number, d: number, k: number, labels: Int32Array, mind: Float32Array,
  sums: Float64Array, counts: Int32Array, C: Float32Array | null,
): number {
  let reseeded = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (mind[i]! > farDist) {
        farDist = mind[i]!;
        far = i;
      }
    }
    if (far < 0) break;
    const old = labels[far]!;
    for (let t = 0; t < d; t++) {
      const v = X[far * d + t]!;
      sums[old * d + t] = sums[old * d + t]! - v;
      sums[j * d + t] = v;
    }
    if (C) C.set(X.subarray(far * d, far * d + d), j * d);
    counts[old] = counts[old]! - 1;
    counts[j] = 1;
    labels[far] = j;
    mind[far] = -2;
    reseeded++;
  }
  return reseeded;
}

/** Rows in a block of KMeansEBM.fit's Lloyd passes (KMEANS_BLOCK in sdk/models/kmeans-slices.ts). */
export const FIT_BLOCK = 4096;

interface Partial {
  inertia: number;
  changed: number;
  sums: Float64Array;
  counts: Int32Array;
}

/**
 * `assign` (and, with accumulate, each cluster's f64 sums in row order and counts) over
 * blocks of `block` rows, each from zero, the blocks then added level by level: at
 * stride s = 1, 2, 4, …, block i += block i + s for i = 0, 2s, 4s, … (an odd one out waits
 * for the next level), as KMeansEBM.fit does on any number of threads.
 */
function assignBlocks(
  X: Float32Array, n: number, d: number, C: Float32Array, k: number, labels: Int32Array, mind: Float32Array,
  block: number, accumulate: boolean,
): Partial {
  const parts: Partial[] = [];
  for (let r0 = 0; r0 < n || parts.length === 0; r0 += block) {
    const r1 = Math.min(n, r0 + block);
    const { inertia, changed } = assign(X.subarray(r0 * d, r1 * d), r1 - r0, d, C, k, labels.subarray(r0, r1), mind.subarray(r0, r1));
    const sums = new Float64Array(accumulate ? k * d : 0);
    const counts = new Int32Array(accumulate ? k : 0);
    if (accumulate) {
      for (let i = r0; i < r1; i++) {
        const z = labels[i]!;
        for (let t = 0; t < d; t++) sums[z * d + t] = sums[z * d + t]! + X[i * d + t]!;
        counts[z] = counts[z]! + 1;
      }
    }
    parts.push({ inertia, changed, sums, counts });
  }
  for (let s = 1; s < parts.length; s *= 2) {
    for (let i = 0; i + s < parts.length; i += 2 * s) {
      const a = parts[i]!;
      const b = parts[i + s]!;
      a.inertia += b.inertia;
      a.changed += b.changed;
      for (let t = 0; t < a.sums.length; t++) a.sums[t] = a.sums[t]! + b.sums[t]!;
      for (let j = 0; j < a.counts.length; j++) a.counts[j] = a.counts[j]! + b.counts[j]!;
    }
  }
  return parts[0]!;
}

/**
 * One Lloyd iteration, kmeansLloydStep: assign, sum each cluster's rows in f64
 * (row order), re-seed empty clusters, move each centre to f32(sum / count)
 * (a cluster left empty keeps its centre). C updated in place.
 * stats: inertia before the update, Σ squared centre shift (f64), re-seeded, labels changed.
 * With `block` (KMeansEBM.fit: FIT_BLOCK), the inertia, changes and sums go through the
 * blocks of assignBlocks; the default, one block, is the one-piece kernel.
 */
export function lloydStep(
  C: Float32Array, X: Float32Array, n: number, d: number, k: number, labels: Int32Array, mind: Float32Array,
  block = Infinity,
): StepStats {
  const { inertia, changed, sums, counts } = assignBlocks(X, n, d, C, k, labels, mind, block, true);
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, null);
  let shift = 0;
  for (let j = 0; j < k; j++) {
    const cnt = counts[j]!;
    if (cnt === 0) continue;
    for (let t = 0; t < d; t++) {
      const nv = f32(sums[j * d + t]! / cnt);
      const e = nv - C[j * d + t]!;
      shift += e * e;
      C[j * d + t] = nv;
    }
  }
  return { inertia, shift, reseeded, changed };
}

/**
 * One epoch of minibatch gradient descent, kmeansOnlineEpoch: Fisher–Yates on
 * perm (in/out) with the cursor's nextBelow, then per batch of batchSize rows
 * (in perm order) direct-distance winners against the current prototypes and
 * w ← f32(w + (2·lr/B)·Σ f64(f32(y − w))) where that sum is non-zero; then a
 * full assignment, re-seeding of prototypes that won nothing (centre rows set
 * to the rows) and, if any, a second assignment. lr is rounded to f32 as the
 * kernel's f32 parameter is. rng is advanced by the blocks the shuffle used.
 */
export function onlineEpoch(
  C: Float32Array, X: Float32Array, n: number, d: number, k: number, batchSize: number, lr: number,
  perm: Int32Array, rng: RngState, labels: Int32Array, mind: Float32Array,
): StepStats {
  if (batchSize < 1) throw new RangeError('onlineEpoch: batchSize must be ≥ 1');
  const old = C.slice(0, k * d);
  const cursor = new Cursor(rng);
  for (let i = n - 1; i > 0; i--) {
    const j = cursor.nextBelow(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  cursor.end();
  const dist = new Float32Array(k);
  const sums = new Float64Array(k * d);
  const zs = new Int32Array(batchSize);
  const rate = f32(lr);
  for (let start = 0; start < n; start += batchSize) {
    const B = Math.min(batchSize, n - start);
    for (let b = 0; b < B; b++) {
      const r = perm[start + b]!;
      for (let j = 0; j < k; j++) dist[j] = sqdistOrdered(X, r * d, C, j * d, d);
      zs[b] = argmin(dist, k).index;
    }
    sums.fill(0);
    for (let b = 0; b < B; b++) {
      const r = perm[start + b]!;
      const z = zs[b]!;
      for (let t = 0; t < d; t++) sums[z * d + t] = sums[z * d + t]! + f32(X[r * d + t]! - C[z * d + t]!);
    }
    const scale = (2.0 * rate) / B;
    for (let q = 0; q < k * d; q++) {
      const g = sums[q]!;
      if (g !== 0) C[q] = f32(C[q]! + scale * g);
    }
  }
  let { inertia, changed } = assign(X, n, d, C, k, labels, mind);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]!] = counts[labels[i]!]! + 1;
  sums.fill(0);
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, C);
  if (reseeded > 0) inertia = assign(X, n, d, C, k, labels, mind).inertia;
  let shift = 0;
  for (let q = 0; q < k * d; q++) {
    const e = C[q]! - old[q]!;
    shift += e * e;
  }
  return { inertia, shift, reseeded, changed };
}

/**
 * k-means++ with greedy local trials (scikit-learn's `_kmeans_plusplus`), the
 * kernel's `kmeansPlusPlus`: a uniform first row (nextBelow), then per centre
 * `trials` candidates, each the first row whose f64 cumulative D² exceeds
 * nextUniform()·total; the candidate with the smallest resulting potential
 * (f64, row order; strict <) wins. Distances in `sqdistRow`'s order.
 * Returns C (k×d); rng is advanced by the blocks used.
 */
export function kmeansPlusPlus(X: Float32Array, n: number, d: number, k: number, trials: number, rng: RngState): Float32Array {
  if (trials < 1) throw new RangeError('kmeansPlusPlus: trials must be ≥ 1');
  const C = new Float32Array(k * d);
  const cursor = new Cursor(rng);
  const first = cursor.nextBelow(n);
  C.set(X.subarray(first * d, first * d + d), 0);
  let closest: Float32Array = new Float32Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqdistRow(X, i * d, C, 0, d);
  const cum = new Float64Array(n);
  const ids = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cum[i] = acc;
    }
    for (let t = 0; t < trials; t++) {
      const target = cursor.nextUniform() * acc;
      // first i with cum[i] > target (n − 1 when there is none)
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      ids[t] = lo;
    }
    let bestPot = Infinity;
    let bestT = 0;
    const cands: Float32Array[] = [];
    for (let t = 0; t < trials; t++) {
      const y = ids[t]! * d;
      const cand = new Float32Array(n);
      let p = 0;
      for (let i = 0; i < n; i++) {
        cand[i] = Math.min(closest[i]!, sqdistRow(X, i * d, X, y, d)); // f32.min: NaN-propagating, like Math.min
        p += cand[i]!;
      }
      cands.push(cand);
      if (p < bestPot) {
        bestPot = p;
        bestT = t;
      }
    }
    const row = ids[bestT]! * d;
    C.set(X.subarray(row, row + d), c * d);
    closest = cands[bestT]!;
  }
  cursor.end();
  return C;
}

// ---- energy queries (assembly/energies/kmeans.ts) ---------------------------

/** F∞(y) = min_z ||y − W z||² and the winning z, direct distances in coordinate order (kmeansEnergy). */
export function energy(Y: Float32Array, n: number, d: number, C: Float32Array, k: number): { energy: Float32Array; labels: Int32Array } {
  const e = new Float32Array(n);
  const labels = new Int32Array(n);
  const dist = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) dist[j] = sqdistOrdered(Y, i * d, C, j * d, d);
    const { index, value } = argmin(dist, k);
    e[i] = value;
    labels[i] = index;
  }
  return { energy: e, labels };
}

/**
 * F_β(y) = m − (log Σ_z exp(−β(E_z − m)) − log k)/β in f64 around the minimum
 * m, rounded to f32 (kmeansFreeEnergy). JS Math.exp/log may differ from the
 * kernel's musl port in the last f64 bit, so this equals WASM to about one
 * f32 ulp of the result, not bit for bit.
 */
export function freeEnergy(Y: Float32Array, n: number, d: number, C: Float32Array, k: number, beta: number): Float32Array {
  const out = new Float32Array(n);
  const dist = new Float32Array(k);
  const logK = Math.log(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) dist[j] = sqdistOrdered(Y, i * d, C, j * d, d);
    const m = argmin(dist, k).value;
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(-beta * (dist[j]! - m));
    out[i] = m - (Math.log(s) - logK) / beta;
  }
  return out;
}

/** out[i, :] = C[labels[i], :] (gatherRows). */
export function gatherRows(C: Float32Array, d: number, labels: Int32Array, n: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out.set(C.subarray(labels[i]! * d, labels[i]! * d + d), i * d);
  return out;
}

/**
 * "Given y1, predict y2" (kmeansComplete): the z minimizing the energy over the
 * known coordinates (mask[t] ≠ 0; f32 sum in coordinate order, strict <, so
 * ties and all-NaN go to the smaller index) fills the unknown ones.
 */
export function complete(
  Y: Float32Array, n: number, d: number, C: Float32Array, k: number, mask: Uint8Array,
): { out: Float32Array; labels: Int32Array } {
  const out = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bz = 0;
    for (let j = 0; j < k; j++) {
      let e = 0;
      for (let t = 0; t < d; t++) {
        if (mask[t] !== 0) {
          const r = f32(Y[i * d + t]! - C[j * d + t]!);
          e = f32(e + f32(r * r));
        }
      }
      if (e < best) {
        best = e;
        bz = j;
      }
    }
    for (let t = 0; t < d; t++) out[i * d + t] = mask[t] !== 0 ? Y[i * d + t]! : C[bz * d + t]!;
    labels[i] = bz;
  }
  return { out, labels };
}

/** Points of a regular 2-D grid, y outer, computed in f64 and rounded to f32 (gridPoints). */
export function gridPoints(xMin: number, xMax: number, yMin: number, yMax: number, nx: number, ny: number): Float32Array {
  const out = new Float32Array(nx * ny * 2);
  const dx = (xMax - xMin) / (nx - 1);
  const dy = (yMax - yMin) / (ny - 1);
  let p = 0;
  for (let j = 0; j < ny; j++) {
    const y = f32(yMin + j * dy);
    for (let i = 0; i < nx; i++) {
      out[p++] = xMin + i * dx;
      out[p++] = y;
    }
  }
  return out;
}

// ---- KMeansEBM.fit (Lloyd), end to end ---------------------------------------

export interface FitLloydOptions {
  /** The model's seed (non-negative safe integer); run r draws from stream r. Default 0. */
  seed?: number;
  /** Rows per block of the Lloyd passes: FIT_BLOCK (the default) as KMeansEBM.fit; Infinity for the one-piece order. */
  block?: number;
  /** 'k-means++' (default) or k×d initial prototypes (then one run). */
  init?: 'k-means++' | MatrixF32;
  maxIter?: number;
  tol?: number;
  nInit?: number;
}

export interface FitLloydResult {
  prototypes: MatrixF32;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Every iteration's inertia and shift, all runs in order (what KMeansEBM.fit's onProgress reports). */
  history: { inertia: number; shift: number }[];
}

/**
 * KMeansEBM.fit with algorithm 'lloyd', step for step: tolerance
 * tol·meanColumnVariance(X); per run r, rng (seed, stream r), k-means++ with
 * 2 + floor(ln k) trials (or the given init), labels reset to −1, Lloyd steps
 * until no label changed or the shift ≤ tolerance or maxIter; then a final
 * assignment, whose inertia picks the best run (strictly lower wins).
 */
export function fitLloyd(X: MatrixF32, k: number, options: FitLloydOptions = {}): FitLloydResult {
  const { seed = 0, init = 'k-means++', maxIter = 300, tol = 1e-4, nInit = 1, block = FIT_BLOCK } = options;
  const n = X.rows;
  const d = X.cols;
  const seedLo = (seed % 0x100000000) >>> 0;
  const seedHi = Math.floor(seed / 0x100000000) >>> 0;
  const tolAbs = tol * meanColumnVariance(X.data, n, d);
  const trials = 2 + Math.floor(Math.log(k)); // scikit-learn's number of local trials
  const runs = typeof init === 'string' ? nInit : 1;
  const labels = new Int32Array(n);
  const mind = new Float32Array(n);
  let best: FitLloydResult | null = null;
  const history: { inertia: number; shift: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const rng = rngInit(seedLo, seedHi, run);
    const C = typeof init === 'string' ? kmeansPlusPlus(X.data, n, d, k, trials, rng) : init.data.slice(0, k * d);
    labels.fill(-1);
    let iterations = 0;
    let converged = false;
    for (let it = 1; it <= maxIter; it++) {
      const s = lloydStep(C, X.data, n, d, k, labels, mind, block);
      iterations = it;
      history.push({ inertia: s.inertia, shift: s.shift });
      if (!Number.isFinite(s.inertia)) throw new Error(`fitLloyd: inertia became ${s.inertia} at run ${run}, iteration ${it}`);
      if (s.changed === 0 || s.shift <= tolAbs) converged = true;
      if (converged) break;
    }
    const { inertia } = assignBlocks(X.data, n, d, C, k, labels, mind, block, false);
    if (best === null ? inertia < Infinity : inertia < best.inertia) {
      best = { prototypes: { rows: k, cols: d, data: C }, labels: labels.slice(), inertia, iterations, converged, history };
    }
  }
  if (best === null) throw new Error('fitLloyd: no run reached a finite inertia');
  return best;
}
