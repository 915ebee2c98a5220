// K-means fitting in slices of rows, so a page's main thread never runs one
// long WASM call: the SDK calls these with row ranges sized to a few
// milliseconds and yields between them. Every running sum lives in a work
// block and takes its terms in the order of the one-piece kernels
// (kmeansLloydStep, kmeansOnlineEpoch, kmeansAssign, meanColumnVariance), so a
// fit gives the same bits however it is sliced.
import { transposeCentres, distancesToCentres } from "../core/sqdist";
import { argminRow } from "../core/argmin";
import { roundUp } from "../core/simd";
import { cursorBegin, cursorEnd, nextBelow } from "../core/rng";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import {
  assignRows, accumulateRows, lastChanged, moveCentres, reseedEmpty,
  KMEANS_STAT_INERTIA, KMEANS_STAT_SHIFT, KMEANS_STAT_RESEEDED, KMEANS_STAT_CHANGED,
} from "./kmeans";
import { allocBytes } from "../core/memory";

const BIG: f32 = 3.0e18; // padding centre coordinate, as kmeansOnlineEpoch

// Work block: a 32-byte header, then sums f64[k·d], counts i32[k], the centres
// before an online epoch f32[k·d] (each region 16-byte aligned). Byte offsets:
const KW_INERTIA: i32 = 0; // f64: Σ mind over the rows assigned so far in this pass
const KW_CHANGED: i32 = 8; // f64: labels changed so far in this pass
const KW_RESEEDED: i32 = 16; // f64: clusters re-seeded in this iteration or epoch
const KW_EPOCH_CHANGED: i32 = 24; // f64: labels changed by an online epoch's first assignment
const KW_HEADER_BYTES: i32 = 32;

@inline function sumsAt(W: usize): usize {
  return W + <usize>KW_HEADER_BYTES;
}
@inline function countsAt(W: usize, k: i32, d: i32): usize {
  return sumsAt(W) + ((<usize>k * <usize>d * 8 + 15) & ~15);
}
@inline function oldAt(W: usize, k: i32, d: i32): usize {
  return countsAt(W, k, d) + ((<usize>k * 4 + 15) & ~15);
}

/** Bytes of the work block for k centres of dimension d (f64, so an overflow cannot wrap). */
export function kmeansWorkBytes(k: i32, d: i32): f64 {
  const kd = <f64>k * <f64>d;
  return <f64>KW_HEADER_BYTES + Math.ceil(kd * 8 / 16) * 16 + Math.ceil(<f64>k * 4 / 16) * 16 + Math.ceil(kd * 4 / 16) * 16;
}

/**
 * Bytes of one row block's partial: the work block's header, sums
 * f64[k·d] and counts i32[k], without the online region. kmeansAssignSlice
 * fills one when called with X, labels and mind offset to the block's first
 * row (so the block's first row is i0 = 0, which clears it).
 */
export function kmeansPartialBytes(k: i32, d: i32): f64 {
  const kd = <f64>k * <f64>d;
  return <f64>KW_HEADER_BYTES + Math.ceil(kd * 8 / 16) * 16 + Math.ceil(<f64>k * 4 / 16) * 16;
}

/**
 * dst += src for two partials (or work blocks) of k centres of dimension d:
 * inertia, labels changed, sums and counts. The SDK reduces the partials of
 * the fixed row blocks with this in one fixed tree order (sdk/models/kmeans-slices.ts),
 * so the result does not depend on which thread computed which block.
 */
export function kmeansReducePartials(dst: usize, src: usize, k: i32, d: i32): void {
  store<f64>(dst, load<f64>(dst, KW_INERTIA) + load<f64>(src, KW_INERTIA), KW_INERTIA);
  store<f64>(dst, load<f64>(dst, KW_CHANGED) + load<f64>(src, KW_CHANGED), KW_CHANGED);
  const ds = sumsAt(dst);
  const ss = sumsAt(src);
  const kd = k * d;
  let t = 0;
  for (; t + 2 <= kd; t += 2) {
    const o = <usize>t << 3;
    v128.store(ds + o, f64x2.add(v128.load(ds + o), v128.load(ss + o)));
  }
  for (; t < kd; t++) {
    const o = <usize>t << 3;
    store<f64>(ds + o, load<f64>(ds + o) + load<f64>(ss + o));
  }
  const dc = countsAt(dst, k, d);
  const sc = countsAt(src, k, d);
  for (let j = 0; j < k; j++) {
    const o = <usize>j << 2;
    store<i32>(dc + o, load<i32>(dc + o) + load<i32>(sc + o));
  }
}

// Tree block: the partials of one pass's row blocks, added in one fixed binary
// tree over the block index. A header (pending count, then each
// pending partial's level), then slots of kmeansPartialBytes. Pushing block b
// merges the top two while they have the same level, so the pending partials
// are complete subtrees of decreasing size; finishing adds them from the
// right. Node (L, i), blocks [i·2^L, (i + 1)·2^L), is its left child plus its
// right child: the same sums whichever thread computed which block.
const KT_COUNT: i32 = 0; // i32: pending partials
const KT_LEVELS: i32 = 4; // i32[KT_MAX]: their levels
const KT_MAX: i32 = 40; // 2^39 blocks: more than any n
const KT_HEADER_BYTES: i32 = 176;

/** Bytes of a tree block for a pass of `blocks` row blocks (k centres of dimension d). */
export function kmeansTreeBytes(k: i32, d: i32, blocks: i32): f64 {
  let levels = 1;
  while ((<i64>1 << (levels - 1)) < <i64>max(blocks, 1)) levels++;
  return <f64>KT_HEADER_BYTES + <f64>(levels + 1) * kmeansPartialBytes(k, d);
}

/** Where the next block's partial goes (fill it, e.g. by kmeansAssignSlice, then kmeansTreePush). */
export function kmeansTreeSlot(T: usize, k: i32, d: i32): usize {
  return T + <usize>KT_HEADER_BYTES + <usize>load<i32>(T, KT_COUNT) * <usize>kmeansPartialBytes(k, d);
}

/** Adds the partial in the next slot (the next block, in block order) to the tree. */
export function kmeansTreePush(T: usize, k: i32, d: i32): void {
  const pb = <usize>kmeansPartialBytes(k, d);
  let sp = load<i32>(T, KT_COUNT);
  if (sp >= KT_MAX) fail(E_BAD_ARGUMENT, 1);
  store<i32>(T + (<usize>sp << 2), 0, KT_LEVELS);
  sp++;
  while (sp >= 2) {
    const lv = load<i32>(T + (<usize>(sp - 1) << 2), KT_LEVELS);
    if (load<i32>(T + (<usize>(sp - 2) << 2), KT_LEVELS) != lv) break;
    const base = T + <usize>KT_HEADER_BYTES;
    kmeansReducePartials(base + <usize>(sp - 2) * pb, base + <usize>(sp - 1) * pb, k, d);
    store<i32>(T + (<usize>(sp - 2) << 2), lv + 1, KT_LEVELS);
    sp--;
  }
  store<i32>(T, sp, KT_COUNT);
}

/**
 * Adds what is pending from the right (the root of the tree), writes its
 * inertia, labels changed, sums and counts into the work block W (not W's
 * other header fields, which an online epoch keeps) and empties the tree.
 * Returns the inertia.
 */
export function kmeansTreeFinish(T: usize, W: usize, k: i32, d: i32): f64 {
  const pb = <usize>kmeansPartialBytes(k, d);
  const base = T + <usize>KT_HEADER_BYTES;
  let sp = load<i32>(T, KT_COUNT);
  if (sp < 1) fail(E_BAD_ARGUMENT, 1);
  for (; sp >= 2; sp--) kmeansReducePartials(base + <usize>(sp - 2) * pb, base + <usize>(sp - 1) * pb, k, d);
  store<f64>(W, load<f64>(base, KW_INERTIA), KW_INERTIA);
  store<f64>(W, load<f64>(base, KW_CHANGED), KW_CHANGED);
  memory.copy(W + <usize>KW_HEADER_BYTES, base + <usize>KW_HEADER_BYTES, pb - <usize>KW_HEADER_BYTES);
  store<i32>(T, 0, KT_COUNT);
  return load<f64>(W, KW_INERTIA);
}

/** 1 when a cluster of the work block W won no row in the last accumulating pass (count 0). */
export function kmeansHasEmpty(W: usize, k: i32, d: i32): i32 {
  const counts = countsAt(W, k, d);
  for (let j = 0; j < k; j++) if (load<i32>(counts + (<usize>j << 2)) == 0) return 1;
  return 0;
}

/**
 * Assigns rows [i0, i1) of X (n×d) to their nearest centre of C (k×d), as
 * kmeansAssign does for all rows: labels i32[n] in/out, mind f32[n] out. A
 * pass starts at i0 = 0, which clears the running inertia and change count in
 * the work block W (and, with accumulate ≠ 0, the sums and counts). With
 * accumulate ≠ 0 the rows are also added to their cluster's sums for a Lloyd
 * update (kmeansLloydFinish). Returns the running inertia.
 */
export function kmeansAssignSlice(W: usize, X: usize, i0: i32, i1: i32, d: i32, C: usize, k: i32,
                                  labels: usize, mind: usize, accumulate: i32): f64 {
  if (i0 < 0 || i1 < i0) fail(E_BAD_ARGUMENT, 1);
  if (i0 == 0) {
    store<f64>(W, 0, KW_INERTIA);
    store<f64>(W, 0, KW_CHANGED);
    if (accumulate != 0) {
      memory.fill(sumsAt(W), 0, <usize>k * (<usize>d << 3));
      memory.fill(countsAt(W, k, d), 0, <usize>k << 2);
    }
  }
  const inertia = assignRows(X, i0, i1, d, C, k, labels, mind, load<f64>(W, KW_INERTIA));
  store<f64>(W, inertia, KW_INERTIA);
  store<f64>(W, load<f64>(W, KW_CHANGED) + <f64>lastChanged(), KW_CHANGED);
  if (accumulate != 0) accumulateRows(X, i0, i1, d, labels, sumsAt(W), countsAt(W, k, d));
  return inertia;
}

/**
 * Ends a Lloyd iteration whose rows all went through kmeansAssignSlice with
 * accumulate: re-seeds empty clusters, moves C (k×d) to the means and writes
 * stats f64[4] as kmeansLloydStep does. Returns the inertia.
 */
export function kmeansLloydFinish(W: usize, C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize, stats: usize): f64 {
  const sums = sumsAt(W);
  const counts = countsAt(W, k, d);
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, 0);
  const shift = moveCentres(C, d, k, sums, counts);
  const inertia = load<f64>(W, KW_INERTIA);
  store<f64>(stats, inertia, KMEANS_STAT_INERTIA);
  store<f64>(stats, shift, KMEANS_STAT_SHIFT);
  store<f64>(stats, <f64>reseeded, KMEANS_STAT_RESEEDED);
  store<f64>(stats, load<f64>(W, KW_CHANGED), KMEANS_STAT_CHANGED);
  return inertia;
}

/**
 * Starts an online epoch: keeps C (k×d) in W to measure the shift, and
 * shuffles perm (i32[n]) by Fisher–Yates from rng, as kmeansOnlineEpoch.
 */
export function kmeansOnlineBegin(W: usize, C: usize, k: i32, d: i32, n: i32, perm: usize, rng: usize): void {
  memory.copy(oldAt(W, k, d), C, <usize>k * (<usize>d << 2));
  cursorBegin(rng);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>nextBelow(<u32>(i + 1));
    const pi = perm + (<usize>i << 2);
    const pj = perm + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
  cursorEnd();
}

/**
 * The minibatch steps of an online epoch for the batches starting at
 * start, start + batchSize, … below end (start a multiple of batchSize; the
 * epoch's order perm from kmeansOnlineBegin). Each batch is assigned with the
 * current prototypes, then each winner moves by lr·(2/B)·Σ(y − w).
 */
export function kmeansOnlineBatches(W: usize, C: usize, X: usize, start: i32, end: i32, n: i32, d: i32, k: i32,
                                    batchSize: i32, lr: f32, perm: usize): void {
  if (batchSize < 1 || start < 0 || start % batchSize != 0) fail(E_BAD_ARGUMENT, 1);
  const xBytes = <usize>d << 2;
  const kpad = roundUp(k, 8);
  const CT = allocBytes(<u64>d * (<u64>kpad << 2) + 16);
  const row = allocBytes(<u64>kpad * 4 + 16);
  const zs = allocBytes(<u64>batchSize << 2);
  const sums = sumsAt(W);
  for (let s0 = start; s0 < end && s0 < n; s0 += batchSize) {
    const B = min(batchSize, n - s0);
    transposeCentres(CT, C, d, k, BIG);
    for (let b = 0; b < B; b++) {
      const x = X + <usize>load<i32>(perm + (<usize>(s0 + b) << 2)) * xBytes;
      distancesToCentres(row, x, d, CT, kpad);
      for (let j = k; j < kpad; j++) store<f32>(row + (<usize>j << 2), Infinity);
      store<i32>(zs + (<usize>b << 2), argminRow(row, kpad));
    }
    memory.fill(sums, 0, <usize>k * (<usize>d << 3));
    for (let b = 0; b < B; b++) {
      const x = X + <usize>load<i32>(perm + (<usize>(s0 + b) << 2)) * xBytes;
      const z = load<i32>(zs + (<usize>b << 2));
      const c = C + <usize>z * xBytes;
      const s = sums + <usize>z * (<usize>d << 3);
      for (let dd = 0; dd < d; dd++) {
        const e = <f64>(load<f32>(x + (<usize>dd << 2)) - load<f32>(c + (<usize>dd << 2)));
        store<f64>(s + (<usize>dd << 3), load<f64>(s + (<usize>dd << 3)) + e);
      }
    }
    const scale = 2.0 * <f64>lr / <f64>B;
    for (let j = 0; j < k; j++) {
      const c = C + <usize>j * xBytes;
      const s = sums + <usize>j * (<usize>d << 3);
      for (let dd = 0; dd < d; dd++) {
        const g = load<f64>(s + (<usize>dd << 3));
        if (g != 0) store<f32>(c + (<usize>dd << 2), <f32>(<f64>load<f32>(c + (<usize>dd << 2)) + scale * g));
      }
    }
  }
  heap.free(zs);
  heap.free(row);
  heap.free(CT);
}

/**
 * After an online epoch's batches and one whole assignment pass (kmeansAssignSlice
 * without accumulate): keeps that pass's change count, and moves prototypes
 * that won no row to far rows (as kmeansOnlineEpoch). Returns how many moved;
 * when some did, the SDK assigns all rows again before kmeansOnlineFinish.
 */
export function kmeansOnlineReseed(W: usize, C: usize, X: usize, n: i32, d: i32, k: i32, labels: usize, mind: usize): i32 {
  store<f64>(W, load<f64>(W, KW_CHANGED), KW_EPOCH_CHANGED);
  const sums = sumsAt(W);
  const counts = countsAt(W, k, d);
  memory.fill(counts, 0, <usize>k << 2);
  memory.fill(sums, 0, <usize>k * (<usize>d << 3));
  for (let i = 0; i < n; i++) {
    const z = load<i32>(labels + (<usize>i << 2));
    store<i32>(counts + (<usize>z << 2), load<i32>(counts + (<usize>z << 2)) + 1);
  }
  const reseeded = reseedEmpty(X, n, d, k, labels, mind, sums, counts, C);
  store<f64>(W, <f64>reseeded, KW_RESEEDED);
  return reseeded;
}

/** Ends an online epoch: stats f64[4] as kmeansOnlineEpoch writes them. Returns the inertia. */
export function kmeansOnlineFinish(W: usize, C: usize, k: i32, d: i32, stats: usize): f64 {
  const old = oldAt(W, k, d);
  let shift: f64 = 0;
  for (let t = 0; t < k * d; t++) {
    const e = <f64>load<f32>(C + (<usize>t << 2)) - <f64>load<f32>(old + (<usize>t << 2));
    shift += e * e;
  }
  const inertia = load<f64>(W, KW_INERTIA);
  store<f64>(stats, inertia, KMEANS_STAT_INERTIA);
  store<f64>(stats, shift, KMEANS_STAT_SHIFT);
  store<f64>(stats, load<f64>(W, KW_RESEEDED), KMEANS_STAT_RESEEDED);
  store<f64>(stats, load<f64>(W, KW_EPOCH_CHANGED), KMEANS_STAT_CHANGED);
  return inertia;
}

/**
 * Rows [i0, i1) of one pass of core/stats.ts meanColumnVariance, row by row
 * (that function walks X column by column: at 100 000 rows one column is a
 * strided pass of tens of milliseconds). acc f64[3·d], zeroed: the column
 * sums, the sums of squared deviations, and room for the means. Pass 0 adds x to the sums; pass 1 (after
 * every row went through pass 0) adds (x − mean)², mean = sum / n. Each sum
 * takes its rows in order, so columnVarianceMean gives meanColumnVariance's bits.
 */
export function columnVarianceSlice(acc: usize, X: usize, n: i32, d: i32, i0: i32, i1: i32, pass: i32): void {
  const sq = acc + (<usize>d << 3);
  const means = sq + (<usize>d << 3);
  if (pass == 0) {
    for (let i = i0; i < i1; i++) {
      const x = X + <usize>i * (<usize>d << 2);
      for (let j = 0; j < d; j++) {
        const o = <usize>j << 3;
        store<f64>(acc + o, load<f64>(acc + o) + <f64>load<f32>(x + (<usize>j << 2)));
      }
    }
    return;
  }
  for (let j = 0; j < d; j++) store<f64>(means + (<usize>j << 3), load<f64>(acc + (<usize>j << 3)) / <f64>n);
  for (let i = i0; i < i1; i++) {
    const x = X + <usize>i * (<usize>d << 2);
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      const e = <f64>load<f32>(x + (<usize>j << 2)) - load<f64>(means + o);
      store<f64>(sq + o, load<f64>(sq + o) + e * e);
    }
  }
}

/** meanColumnVariance from acc f64[3·d] after both passes of columnVarianceSlice over all n rows. */
export function columnVarianceMean(acc: usize, n: i32, d: i32): f64 {
  if (n == 0 || d == 0) return 0;
  const sq = acc + (<usize>d << 3);
  let total: f64 = 0;
  for (let j = 0; j < d; j++) total += load<f64>(sq + (<usize>j << 3)) / <f64>n;
  return total / <f64>d;
}
