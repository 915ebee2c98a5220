// Analytic energies F(y) with exact gradients, batched over the rows of Y
// (n×D row-major f32). E (f32[n]) and G (n×D) may each be 0 to skip them.
// Sums run in f64; results are stored as f32.
import { dot } from "../core/dot";
import { copyRow } from "../core/simd";
import { gemmStrided } from "../core/gemmstrided";
import { scratch, SLOT_ENERGY_A, SLOT_ENERGY_B } from "../core/scratch";
import { descDim, descP0, descP1, descP2, descI0, descF0, descF1 } from "./descriptor";

/**
 * Gaussian: F = ½ (y − μ)ᵀ P (y − μ). p0 = μ f32[D], p1 = P f32[D×D] (symmetric).
 */
export function gaussianEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const mu = descP0(desc);
  const P = descP1(desc);
  const rowBytes = <usize>D << 2;
  if (D <= 16) {
    // small D (a sampler's target): the same sums in the same order as the general path below,
    // eight rows at a time with the rows in SIMD lanes (gaussianSmall)
    gaussianSmall(Y, n, E, G, mu, P, D);
    return;
  }
  // the whole batch at once: Δ = Y − μ (n×D), ∇F = Δ·P (P symmetric) with the
  // register-blocked product, then F = ½ Σ_j Δ_j (∇F)_j per row in f64
  const diff = scratch(SLOT_ENERGY_A, <usize>n * rowBytes * 2 + 32);
  const g = G != 0 ? G : diff + <usize>n * rowBytes;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    const d = diff + <usize>i * rowBytes;
    for (let j = 0; j < D; j++) {
      const o = <usize>j << 2;
      store<f32>(d + o, load<f32>(y + o) - load<f32>(mu + o));
    }
  }
  gemmStrided(g, diff, rowBytes, 4, P, n, D, D, false);
  if (E != 0) {
    for (let i = 0; i < n; i++) {
      const d = diff + <usize>i * rowBytes;
      const gi = g + <usize>i * rowBytes;
      let e: f64 = 0;
      for (let j = 0; j < D; j++) {
        const o = <usize>j << 2;
        e += <f64>load<f32>(gi + o) * <f64>load<f32>(d + o);
      }
      store<f32>(E + (<usize>i << 2), <f32>(0.5 * e));
    }
  }
}

// P with its rows padded to 16 f32 (zeros past D): a block of four columns never reads past a row
const gaussPad = memory.data(1024, 16);
// Δ = y − μ of eight rows, coordinate by coordinate: for each p, rows 0–3 then rows 4–7 (two f32x4)
const gaussDelta = memory.data(512, 16);
// the energy sums Σ_j (∇F)_j·Δ_j of the eight rows, f64x2 per pair of rows, carried across column blocks
const gaussSums = memory.data(64, 16);
// the eight energies as f32 when fewer than eight rows are stored
const gaussOut = memory.data(32, 16);

/** The f32 lanes 2, 3 of v as f64x2. */
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/**
 * Gaussian for D ≤ 16, eight rows at a time with the rows in the lanes (chains × dims, no lane
 * gathers): (∇F)_j = Σ_p Δ_p·P[p, j] summed over p in order from 0 in f32 (as gemmStrided, with
 * Δ = y − μ in f32), F = ½ Σ_j (∇F)_j·Δ_j summed over j in order in f64, so every row's bits equal
 * the general path's, whichever rows share its block. Columns go four at a time (one splat of
 * P[p, j] serves eight rows); a block's gradients are transposed back to rows for G. A last block
 * of fewer than eight rows repeats its last row in the unused lanes and stores only its own rows.
 * (Before 2026-11-30: rows split across lanes, each row's Δ_p splat over its columns and its
 * energy gathered lane by lane from two rows; the bits are the same.)
 */
function gaussianSmall(Y: usize, n: i32, E: usize, G: usize, mu: usize, P: usize, D: i32): void {
  const rowBytes = <usize>D << 2;
  const D4 = (D + 3) & ~3;
  for (let p = 0; p < D; p++) {
    const dst = gaussPad + (<usize>p << 6);
    copyRow(dst, P + <usize>p * rowBytes, D);
    for (let j = D; j < D4; j++) store<f32>(dst + (<usize>j << 2), 0);
  }
  const D4full = D & ~3;
  const tail = D - D4full;
  for (let i = 0; i < n; i += 8) {
    const rows = min(8, n - i);
    const y0 = Y + <usize>i * rowBytes;
    const last = <usize>(rows - 1);
    const y1 = y0 + <usize>min<usize>(1, last) * rowBytes;
    const y2 = y0 + <usize>min<usize>(2, last) * rowBytes;
    const y3 = y0 + <usize>min<usize>(3, last) * rowBytes;
    const y4 = y0 + <usize>min<usize>(4, last) * rowBytes;
    const y5 = y0 + <usize>min<usize>(5, last) * rowBytes;
    const y6 = y0 + <usize>min<usize>(6, last) * rowBytes;
    const y7 = y0 + last * rowBytes;
    // Δ in lanes: four coordinates of four rows at a time, loaded along the rows and transposed
    let p = 0;
    for (; p < D4full; p += 4) {
      const o = <usize>p << 2;
      const d = gaussDelta + (<usize>p << 5);
      gaussianDeltas(d, mu + o, 4, v128.load(y0 + o), v128.load(y1 + o), v128.load(y2 + o), v128.load(y3 + o));
      gaussianDeltas(d + 16, mu + o, 4, v128.load(y4 + o), v128.load(y5 + o), v128.load(y6 + o), v128.load(y7 + o));
    }
    if (tail != 0) {
      const o = <usize>p << 2;
      const d = gaussDelta + (<usize>p << 5);
      gaussianDeltas(d, mu + o, tail, loadPart(y0 + o, tail), loadPart(y1 + o, tail), loadPart(y2 + o, tail), loadPart(y3 + o, tail));
      gaussianDeltas(d + 16, mu + o, tail, loadPart(y4 + o, tail), loadPart(y5 + o, tail), loadPart(y6 + o, tail), loadPart(y7 + o, tail));
    }
    const z = f64x2.splat(0);
    v128.store(gaussSums, z, 0);
    v128.store(gaussSums, z, 16);
    v128.store(gaussSums, z, 32);
    v128.store(gaussSums, z, 48);
    let j0 = 0;
    for (; j0 < D4full; j0 += 4) gaussianColumns(4, j0, D, i, rows, rowBytes, E, G);
    if (tail == 3) gaussianColumns(3, j0, D, i, rows, rowBytes, E, G);
    else if (tail == 2) gaussianColumns(2, j0, D, i, rows, rowBytes, E, G);
    else if (tail == 1) gaussianColumns(1, j0, D, i, rows, rowBytes, E, G);
    if (E != 0) {
      const h = f64x2.splat(0.5);
      const e0 = f32x4.demote_f64x2_zero(f64x2.mul(h, v128.load(gaussSums, 0)));
      const e1 = f32x4.demote_f64x2_zero(f64x2.mul(h, v128.load(gaussSums, 16)));
      const e2 = f32x4.demote_f64x2_zero(f64x2.mul(h, v128.load(gaussSums, 32)));
      const e3 = f32x4.demote_f64x2_zero(f64x2.mul(h, v128.load(gaussSums, 48)));
      const lo = i32x4.shuffle(e0, e1, 0, 1, 4, 5);
      const hi = i32x4.shuffle(e2, e3, 0, 1, 4, 5);
      const out = E + (<usize>i << 2);
      if (rows == 8) {
        v128.store(out, lo);
        v128.store(out, hi, 16);
      } else {
        v128.store(gaussOut, lo);
        v128.store(gaussOut, hi, 16);
        for (let k = 0; k < rows; k++) store<f32>(out + (<usize>k << 2), load<f32>(gaussOut + (<usize>k << 2)));
      }
    }
  }
}

/** The first rem (1 … 3) f32 at p, zeros after them, reading nothing past them. */
@inline function loadPart(p: usize, rem: i32): v128 {
  if (rem == 3) return v128.load32_lane(p + 8, v128.load64_zero(p), 2);
  if (rem == 2) return v128.load64_zero(p);
  return v128.load32_zero(p);
}

/**
 * Four rows' coordinates p … p + 3 (r0…r3, as loaded along the rows) transposed to coordinates with the
 * rows in lanes, less μ_p … (at mu), stored to d, d + 32, … (every 32 bytes) for the first min(rem, 4).
 */
@inline function gaussianDeltas(d: usize, mu: usize, rem: i32, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(d, f32x4.sub(i32x4.shuffle(t0, t1, 0, 1, 4, 5), v128.load32_splat(mu)));
  if (rem > 1) v128.store(d, f32x4.sub(i32x4.shuffle(t0, t1, 2, 3, 6, 7), v128.load32_splat(mu, 4)), 32);
  if (rem > 2) v128.store(d, f32x4.sub(i32x4.shuffle(t2, t3, 0, 1, 4, 5), v128.load32_splat(mu, 8)), 64);
  if (rem > 3) v128.store(d, f32x4.sub(i32x4.shuffle(t2, t3, 2, 3, 6, 7), v128.load32_splat(mu, 12)), 96);
}

/** Stores the first nj f32 lanes of v at p (nj a constant after inlining). */
@inline function storeLanes(p: usize, v: v128, nj: i32): void {
  if (nj == 4) v128.store(p, v);
  else if (nj == 3) {
    v128.store64_lane(p, v, 0);
    v128.store32_lane(p, v, 2, 8);
  } else if (nj == 2) v128.store64_lane(p, v, 0);
  else v128.store32_lane(p, v, 0);
}

/** Stores four rows' nj gradients (columns j0 …) from columns a0…a3 that hold rows in lanes; rows ≥ rows are skipped. */
@inline function storeColumns(g: usize, rowBytes: usize, rows: i32, a0: v128, a1: v128, a2: v128, a3: v128, nj: i32): void {
  const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
  if (rows > 0) storeLanes(g, i32x4.shuffle(t0, t1, 0, 1, 4, 5), nj);
  if (rows > 1) storeLanes(g + rowBytes, i32x4.shuffle(t0, t1, 2, 3, 6, 7), nj);
  if (rows > 2) storeLanes(g + 2 * rowBytes, i32x4.shuffle(t2, t3, 0, 1, 4, 5), nj);
  if (rows > 3) storeLanes(g + 3 * rowBytes, i32x4.shuffle(t2, t3, 2, 3, 6, 7), nj);
}

/** Energy sums of eight rows (f64x2 pairs in gaussSums) plus Σ of one column's (∇F)_j·Δ_j, rows in lanes. */
@inline function addEnergyTerms(a: v128, b: v128, j: i32): void {
  const d = gaussDelta + (<usize>j << 5);
  const dl = v128.load(d);
  const dh = v128.load(d, 16);
  v128.store(gaussSums, f64x2.add(v128.load(gaussSums, 0), f64x2.mul(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(dl))), 0);
  v128.store(gaussSums, f64x2.add(v128.load(gaussSums, 16), f64x2.mul(promoteHigh(a), promoteHigh(dl))), 16);
  v128.store(gaussSums, f64x2.add(v128.load(gaussSums, 32), f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(dh))), 32);
  v128.store(gaussSums, f64x2.add(v128.load(gaussSums, 48), f64x2.mul(promoteHigh(b), promoteHigh(dh))), 48);
}

/**
 * Columns j0 … j0 + nj − 1 (nj ≤ 4, a constant after inlining) of ∇F for rows i … i + rows − 1 from
 * gaussDelta and gaussPad: stored to G (if G != 0) and their energy terms added (if E != 0).
 */
@inline function gaussianColumns(nj: i32, j0: i32, D: i32, i: i32, rows: i32, rowBytes: usize, E: usize, G: usize): void {
  const z = f32x4.splat(0);
  let a0 = z, a1 = z, a2 = z, a3 = z; // rows 0–3, columns j0 …
  let b0 = z, b1 = z, b2 = z, b3 = z; // rows 4–7
  let q = gaussPad + (<usize>j0 << 2);
  const end = gaussDelta + (<usize>D << 5);
  for (let d = gaussDelta; d < end; d += 32, q += 64) {
    const x = v128.load(d);
    const w = v128.load(d, 16);
    const s0 = v128.load32_splat(q);
    a0 = f32x4.add(a0, f32x4.mul(x, s0));
    b0 = f32x4.add(b0, f32x4.mul(w, s0));
    if (nj > 1) {
      const s1 = v128.load32_splat(q, 4);
      a1 = f32x4.add(a1, f32x4.mul(x, s1));
      b1 = f32x4.add(b1, f32x4.mul(w, s1));
    }
    if (nj > 2) {
      const s2 = v128.load32_splat(q, 8);
      a2 = f32x4.add(a2, f32x4.mul(x, s2));
      b2 = f32x4.add(b2, f32x4.mul(w, s2));
    }
    if (nj > 3) {
      const s3 = v128.load32_splat(q, 12);
      a3 = f32x4.add(a3, f32x4.mul(x, s3));
      b3 = f32x4.add(b3, f32x4.mul(w, s3));
    }
  }
  if (G != 0) {
    const g = G + <usize>i * rowBytes + (<usize>j0 << 2);
    storeColumns(g, rowBytes, rows, a0, a1, a2, a3, nj);
    storeColumns(g + 4 * rowBytes, rowBytes, rows - 4, b0, b1, b2, b3, nj);
  }
  if (E != 0) {
    addEnergyTerms(a0, b0, j0);
    if (nj > 1) addEnergyTerms(a1, b1, j0 + 1);
    if (nj > 2) addEnergyTerms(a2, b2, j0 + 2);
    if (nj > 3) addEnergyTerms(a3, b3, j0 + 3);
  }
}

/**
 * Gaussian mixture: F = −log Σ_k exp(c_k − ½ (y − μ_k)ᵀ P_k (y − μ_k)) with
 * c_k = log w_k − ½ log det Σ_k − (D/2) log 2π, so exp(−F) is the normalized
 * density. i0 = K; p0 = f64[2K] holding (w_k, log det Σ_k) pairs (weights
 * normalized), p1 = μ f32[K×D], p2 = P f32[K×D×D]. c_k is computed here, in
 * WASM, so its bits do not depend on the engine's Math.log.
 * ∇F = Σ_k r_k P_k (y − μ_k), r = softmax of the K exponents.
 */
export function mixtureEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const K = descI0(desc);
  const params = descP0(desc);
  const mus = descP1(desc);
  const Ps = descP2(desc);
  const rowBytes = <usize>D << 2;
  const rowPad = (rowBytes + 15) & ~15;
  const diff = scratch(SLOT_ENERGY_A, rowPad * (<usize>K + 1) + 32);
  const gs = diff + rowPad; // K gradients P_k d_k
  const a = scratch(SLOT_ENERGY_B, <usize>K * 16 + 16);
  const c = a + <usize>K * 8;
  const halfDLog2Pi = 0.5 * <f64>D * Math.log(6.283185307179586);
  for (let k = 0; k < K; k++) {
    const wk = load<f64>(params + (<usize>k << 4));
    const ld = load<f64>(params + (<usize>k << 4), 8);
    store<f64>(c + (<usize>k << 3), Math.log(wk) - 0.5 * ld - halfDLog2Pi);
  }
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    let m: f64 = -Infinity;
    for (let k = 0; k < K; k++) {
      const mu = mus + <usize>k * rowBytes;
      for (let j = 0; j < D; j++) {
        const o = <usize>j << 2;
        store<f32>(diff + o, load<f32>(y + o) - load<f32>(mu + o));
      }
      const P = Ps + <usize>k * <usize>D * rowBytes;
      const g = gs + <usize>k * rowPad;
      let q: f64 = 0;
      for (let j = 0; j < D; j++) {
        const gj = dot(P + <usize>j * rowBytes, diff, D);
        store<f32>(g + (<usize>j << 2), gj);
        q += <f64>gj * <f64>load<f32>(diff + (<usize>j << 2));
      }
      const ak = load<f64>(c + (<usize>k << 3)) - 0.5 * q;
      store<f64>(a + (<usize>k << 3), ak);
      if (ak > m) m = ak;
    }
    let s: f64 = 0;
    for (let k = 0; k < K; k++) {
      const r = Math.exp(load<f64>(a + (<usize>k << 3)) - m);
      store<f64>(a + (<usize>k << 3), r);
      s += r;
    }
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>(-(m + Math.log(s))));
    if (G != 0) {
      const out = G + <usize>i * rowBytes;
      for (let j = 0; j < D; j++) {
        let t: f64 = 0;
        for (let k = 0; k < K; k++) {
          t += load<f64>(a + (<usize>k << 3)) * <f64>load<f32>(gs + <usize>k * rowPad + (<usize>j << 2));
        }
        store<f32>(out + (<usize>j << 2), <f32>(t / s));
      }
    }
  }
}

/** ½ Σ_{j ≥ from} y_j² of one row, and its gradient y_j into g (if g != 0). */
@inline function quadraticTail(y: usize, g: usize, from: i32, D: i32): f64 {
  let e: f64 = 0;
  for (let j = from; j < D; j++) {
    const v = load<f32>(y + (<usize>j << 2));
    e += 0.5 * <f64>v * <f64>v;
    if (g != 0) store<f32>(g + (<usize>j << 2), v);
  }
  return e;
}

/**
 * Double well along y₀: F = h·(y₀² − 1)² + ½ Σ_{j≥1} y_j². f0 = h (barrier height).
 */
export function doubleWellEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const h = descF0(desc);
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    const g = G != 0 ? G + <usize>i * rowBytes : 0;
    const x = <f64>load<f32>(y);
    const u = x * x - 1;
    const e = h * u * u + quadraticTail(y, g, 1, D);
    if (g != 0) store<f32>(g, <f32>(4 * h * x * u));
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>e);
  }
}

/**
 * Banana (twisted Gaussian, Rosenbrock-shaped valley): y₀ ~ N(0, σ²),
 * y₁ | y₀ ~ N(b·y₀², 1), other coordinates N(0, 1):
 * F = y₀²/(2σ²) + ½ (y₁ − b·y₀²)² + ½ Σ_{j≥2} y_j². f0 = σ, f1 = b. D ≥ 2.
 */
export function bananaEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const s2 = descF0(desc) * descF0(desc);
  const b = descF1(desc);
  const rowBytes = <usize>D << 2;
  let i0 = 0;
  if (D == 2) {
    // the plane, four rows per step in f32x4: deinterleave (x0, x1) pairs, compute, interleave back
    const is2 = f32x4.splat(<f32>(1.0 / s2));
    const bv = f32x4.splat(<f32>b);
    const half = f32x4.splat(0.5);
    const two = f32x4.splat(2);
    for (; i0 + 4 <= n; i0 += 4) {
      const p = Y + <usize>i0 * 8;
      const a = v128.load(p);
      const c = v128.load(p, 16);
      const x0 = i32x4.shuffle(a, c, 0, 2, 4, 6);
      const x1 = i32x4.shuffle(a, c, 1, 3, 5, 7);
      const r = f32x4.sub(x1, f32x4.mul(bv, f32x4.mul(x0, x0)));
      if (E != 0) {
        const e = f32x4.add(f32x4.mul(half, f32x4.mul(f32x4.mul(x0, x0), is2)), f32x4.mul(half, f32x4.mul(r, r)));
        v128.store(E + (<usize>i0 << 2), e);
      }
      if (G != 0) {
        const g0 = f32x4.sub(f32x4.mul(x0, is2), f32x4.mul(f32x4.mul(two, bv), f32x4.mul(x0, r)));
        const q = G + <usize>i0 * 8;
        v128.store(q, i32x4.shuffle(g0, r, 0, 4, 1, 5));
        v128.store(q, i32x4.shuffle(g0, r, 2, 6, 3, 7), 16);
      }
    }
  }
  for (let i = i0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    const g = G != 0 ? G + <usize>i * rowBytes : 0;
    const x0 = <f64>load<f32>(y);
    const x1 = <f64>load<f32>(y, 4);
    const r = x1 - b * x0 * x0;
    const e = 0.5 * x0 * x0 / s2 + 0.5 * r * r + quadraticTail(y, g, 2, D);
    if (g != 0) {
      store<f32>(g, <f32>(x0 / s2 - 2 * b * x0 * r));
      store<f32>(g, <f32>r, 4);
    }
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>e);
  }
}

/**
 * Neal's funnel: v = y₀ ~ N(0, s²), y_j | v ~ N(0, e^v) for j ≥ 1:
 * F = v²/(2s²) + Σ_{j≥1} (½ y_j² e^{−v} + ½ v). f0 = s.
 */
export function funnelEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const s2 = descF0(desc) * descF0(desc);
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    const g = G != 0 ? G + <usize>i * rowBytes : 0;
    const v = <f64>load<f32>(y);
    const ev = Math.exp(-v);
    let ss: f64 = 0;
    for (let j = 1; j < D; j++) {
      const x = <f64>load<f32>(y + (<usize>j << 2));
      ss += x * x;
      if (g != 0) store<f32>(g + (<usize>j << 2), <f32>(x * ev));
    }
    const m = <f64>(D - 1);
    if (g != 0) store<f32>(g, <f32>(v / s2 + 0.5 * m - 0.5 * ss * ev));
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>(0.5 * v * v / s2 + 0.5 * ss * ev + 0.5 * m * v));
  }
}

/**
 * Ring: F = (‖y‖ − r)² / (2w²). f0 = r, f1 = w. The gradient at y = 0 is taken as 0.
 */
export function ringEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const r = descF0(desc);
  const w2 = descF1(desc) * descF1(desc);
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    let ss: f64 = 0;
    for (let j = 0; j < D; j++) {
      const x = <f64>load<f32>(y + (<usize>j << 2));
      ss += x * x;
    }
    const norm = Math.sqrt(ss);
    const t = norm - r;
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>(0.5 * t * t / w2));
    if (G != 0) {
      const g = G + <usize>i * rowBytes;
      const f = norm > 0 ? t / (w2 * norm) : 0;
      for (let j = 0; j < D; j++) store<f32>(g + (<usize>j << 2), <f32>(f * <f64>load<f32>(y + (<usize>j << 2))));
    }
  }
}

/**
 * Ising (pairwise binary Markov random field, on any real y): F = −½ yᵀJy − hᵀy,
 * ∇F = −(Jy + h). p0 = J f32[D×D] (symmetric, zero diagonal), p1 = h f32[D].
 * Sums in f64, in index order.
 */
export function isingEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const J = descP0(desc);
  const h = descP1(desc);
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    const g = G != 0 ? G + <usize>i * rowBytes : 0;
    let e: f64 = 0;
    for (let a = 0; a < D; a++) {
      const row = J + <usize>a * rowBytes;
      let field: f64 = 0; // (Jy)_a
      for (let b = 0; b < D; b++) field += <f64>load<f32>(row + (<usize>b << 2)) * <f64>load<f32>(y + (<usize>b << 2));
      const ya = <f64>load<f32>(y + (<usize>a << 2));
      const ha = <f64>load<f32>(h + (<usize>a << 2));
      e -= ya * (0.5 * field + ha);
      if (g != 0) store<f32>(g + (<usize>a << 2), <f32>(-(field + ha)));
    }
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>e);
  }
}
