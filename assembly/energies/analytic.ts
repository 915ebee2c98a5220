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
    // small D (a sampler's target): the same sums in the same order, without the
    // separate Δ, product and energy passes and without scalar edge columns
    const nv = (D + 3) >> 2;
    if (nv == 1) gaussianSmall(Y, n, E, G, mu, P, D, 1);
    else if (nv == 2) gaussianSmall(Y, n, E, G, mu, P, D, 2);
    else if (nv == 3) gaussianSmall(Y, n, E, G, mu, P, D, 3);
    else gaussianSmall(Y, n, E, G, mu, P, D, 4);
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

// the last row of P zero-padded to whole v128s (so no load reads past P), and four rows of ∇F
const gaussLastRow = memory.data(64, 16);
const gaussRows = memory.data(256, 16);

/**
 * Gaussian for D ≤ 16 (nv = ⌈D/4⌉ v128s per row), four rows at a time (two when nv = 4):
 * (∇F)_j = Σ_p Δ_p·P[p, j] summed over p in order from 0 in f32 (as gemmStrided,
 * with Δ = y − μ in f32), F = ½ Σ_j (∇F)_j·Δ_j in f64, so the bits equal the general path.
 * Lanes past D hold values that are never stored.
 */
@inline function gaussianSmall(Y: usize, n: i32, E: usize, G: usize, mu: usize, P: usize, D: i32, nv: i32): void {
  const rowBytes = <usize>D << 2;
  const last = P + <usize>(D - 1) * rowBytes;
  for (let j = 0; j < 16; j++) store<f32>(gaussLastRow + (<usize>j << 2), j < D ? load<f32>(last + (<usize>j << 2)) : 0);
  const z = f32x4.splat(0);
  let i = 0;
  if (nv <= 3) {
    for (; i + 4 <= n; i += 4) {
      const y0 = Y + <usize>i * rowBytes;
      const y1 = y0 + rowBytes;
      const y2 = y1 + rowBytes;
      const y3 = y2 + rowBytes;
      let a0 = z, a1 = z, a2 = z;
      let b0 = z, b1 = z, b2 = z;
      let c0 = z, c1 = z, c2 = z;
      let d0 = z, d1 = z, d2 = z;
      for (let p = 0; p < D; p++) {
        const o = <usize>p << 2;
        const q = p == D - 1 ? gaussLastRow : P + <usize>p * rowBytes;
        const m = load<f32>(mu + o);
        const x = f32x4.splat(load<f32>(y0 + o) - m);
        const w = f32x4.splat(load<f32>(y1 + o) - m);
        const u = f32x4.splat(load<f32>(y2 + o) - m);
        const v = f32x4.splat(load<f32>(y3 + o) - m);
        const q0 = v128.load(q);
        a0 = f32x4.add(a0, f32x4.mul(x, q0));
        b0 = f32x4.add(b0, f32x4.mul(w, q0));
        c0 = f32x4.add(c0, f32x4.mul(u, q0));
        d0 = f32x4.add(d0, f32x4.mul(v, q0));
        if (nv > 1) {
          const q1 = v128.load(q, 16);
          a1 = f32x4.add(a1, f32x4.mul(x, q1));
          b1 = f32x4.add(b1, f32x4.mul(w, q1));
          c1 = f32x4.add(c1, f32x4.mul(u, q1));
          d1 = f32x4.add(d1, f32x4.mul(v, q1));
        }
        if (nv > 2) {
          const q2 = v128.load(q, 32);
          a2 = f32x4.add(a2, f32x4.mul(x, q2));
          b2 = f32x4.add(b2, f32x4.mul(w, q2));
          c2 = f32x4.add(c2, f32x4.mul(u, q2));
          d2 = f32x4.add(d2, f32x4.mul(v, q2));
        }
      }
      v128.store(gaussRows, a0, 0);
      v128.store(gaussRows, b0, 64);
      v128.store(gaussRows, c0, 128);
      v128.store(gaussRows, d0, 192);
      if (nv > 1) { v128.store(gaussRows, a1, 16); v128.store(gaussRows, b1, 80); v128.store(gaussRows, c1, 144); v128.store(gaussRows, d1, 208); }
      if (nv > 2) { v128.store(gaussRows, a2, 32); v128.store(gaussRows, b2, 96); v128.store(gaussRows, c2, 160); v128.store(gaussRows, d2, 224); }
      gaussianFinish(i, true, gaussRows, Y, E, G, mu, D);
      gaussianFinish(i + 2, true, gaussRows + 128, Y, E, G, mu, D);
    }
  }
  for (; i < n; i += 2) {
    const two = i + 1 < n;
    const y0 = Y + <usize>i * rowBytes;
    const y1 = two ? y0 + rowBytes : y0;
    let a0 = z, a1 = z, a2 = z, a3 = z;
    let b0 = z, b1 = z, b2 = z, b3 = z;
    for (let p = 0; p < D; p++) {
      const o = <usize>p << 2;
      const q = p == D - 1 ? gaussLastRow : P + <usize>p * rowBytes;
      const m = load<f32>(mu + o);
      const x = f32x4.splat(load<f32>(y0 + o) - m);
      const w = f32x4.splat(load<f32>(y1 + o) - m);
      const q0 = v128.load(q);
      a0 = f32x4.add(a0, f32x4.mul(x, q0));
      b0 = f32x4.add(b0, f32x4.mul(w, q0));
      if (nv > 1) {
        const q1 = v128.load(q, 16);
        a1 = f32x4.add(a1, f32x4.mul(x, q1));
        b1 = f32x4.add(b1, f32x4.mul(w, q1));
      }
      if (nv > 2) {
        const q2 = v128.load(q, 32);
        a2 = f32x4.add(a2, f32x4.mul(x, q2));
        b2 = f32x4.add(b2, f32x4.mul(w, q2));
      }
      if (nv > 3) {
        const q3 = v128.load(q, 48);
        a3 = f32x4.add(a3, f32x4.mul(x, q3));
        b3 = f32x4.add(b3, f32x4.mul(w, q3));
      }
    }
    v128.store(gaussRows, a0, 0);
    v128.store(gaussRows, b0, 64);
    if (nv > 1) { v128.store(gaussRows, a1, 16); v128.store(gaussRows, b1, 80); }
    if (nv > 2) { v128.store(gaussRows, a2, 32); v128.store(gaussRows, b2, 96); }
    if (nv > 3) { v128.store(gaussRows, a3, 48); v128.store(gaussRows, b3, 112); }
    gaussianFinish(i, two, gaussRows, Y, E, G, mu, D);
  }
}

/** Rows i (and i + 1 when two) from their gradients at rows (and rows + 64): copies to G, F to E. */
@inline function gaussianFinish(i: i32, two: bool, rows: usize, Y: usize, E: usize, G: usize, mu: usize, D: i32): void {
  const rowBytes = <usize>D << 2;
  const y0 = Y + <usize>i * rowBytes;
  const y1 = two ? y0 + rowBytes : y0;
  if (G != 0) {
    copyRow(G + <usize>i * rowBytes, rows, D);
    if (two) copyRow(G + <usize>(i + 1) * rowBytes, rows + 64, D);
  }
  if (E != 0) {
    // F for both rows in f64x2 lanes: lane r runs row r's scalar sum Σ_j g_j·Δ_j in order
    let e = f64x2.splat(0);
    for (let j = 0; j < D; j++) {
      const o = <usize>j << 2;
      const g = f64x2.promote_low_f32x4(v128.load32_lane(rows + 64 + o, v128.load32_zero(rows + o), 1));
      const yy = v128.load32_lane(y1 + o, v128.load32_zero(y0 + o), 1);
      const d = f64x2.promote_low_f32x4(f32x4.sub(yy, v128.load32_splat(mu + o)));
      e = f64x2.add(e, f64x2.mul(g, d));
    }
    const ef = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.splat(0.5), e));
    if (two) v128.store64_lane(E + (<usize>i << 2), ef, 0);
    else v128.store32_lane(E + (<usize>i << 2), ef, 0);
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
