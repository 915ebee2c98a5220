// The restricted Boltzmann machine as an energy: E(v, h) = −bᵀv − cᵀh − vᵀWh
// (Gaussian visible units: ½‖v − b‖² − cᵀh − vᵀWh, unit variance), and the
// free energy with the binary hidden units summed out,
//   F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v)   (Gaussian: ½‖v − b‖² − Σ_j softplus(…)),
// which is what the sampler dispatcher, the learnable protocol and the SDK's
// queries see. W is stored as scikit-learn's `components_` (hidden × visible,
// row-major), so a hidden unit's weights are one contiguous row for SIMD dots.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { hsum4, madd4 } from "../core/simd";
import { sigmoid4 } from "../core/vmath";
import { cursorBegin, cursorEnd, nextBelow } from "../core/rng";
import { KIND_RBM } from "./descriptor";
import { allocBytes } from "../core/memory";

// block header (bytes); θ follows at RBM_HEADER_BYTES: W (H×V), b (V), c (H)
export const RBM_O_KIND: i32 = 0; // KIND_RBM, so the block is its own energy descriptor
export const RBM_O_VISIBLE: i32 = 4; // V, the energy's dim
export const RBM_O_HIDDEN: i32 = 8; // H
export const RBM_O_GAUSSIAN: i32 = 12; // 1: Gaussian visible units, 0: Bernoulli
export const RBM_HEADER_BYTES: i32 = 64;
/** Most units on the enumerated side of an exact log Z (2^24 states). */
export const RBM_MAX_EXACT_UNITS: i32 = 24;

@inline export function rbmV(m: usize): i32 { return load<i32>(m, RBM_O_VISIBLE); }
@inline export function rbmH(m: usize): i32 { return load<i32>(m, RBM_O_HIDDEN); }
@inline export function rbmGaussian(m: usize): bool { return load<i32>(m, RBM_O_GAUSSIAN) != 0; }
@inline export function rbmW(m: usize): usize { return m + <usize>RBM_HEADER_BYTES; }
@inline export function rbmB(m: usize): usize { return rbmW(m) + (<usize>rbmH(m) * <usize>rbmV(m) << 2); }
@inline export function rbmC(m: usize): usize { return rbmB(m) + (<usize>rbmV(m) << 2); }

/** Σ a[i]·b[i], four lanes then the tail (any alignment). */
@inline export function dotF32(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = madd4(acc, v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2)));
  let s = hsum4(acc);
  for (; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/** y[0..n) += α·x[0..n). */
@inline export function axpyF32(y: usize, alpha: f32, x: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, madd4(v128.load(y + o), a, v128.load(x + o)));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(y + (<usize>i << 2)) + alpha * load<f32>(x + (<usize>i << 2)));
}

/** softplus(x) = log(1 + eˣ) in f64 without overflow: max(x, 0) + log1p(e^−|x|). */
@inline export function softplus(x: f64): f64 {
  return max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Creates an RBM block with V visible and H hidden units (gaussian: 1 for
 * Gaussian visible units), θ zero. Free with rbmDestroy.
 */
export function rbmCreate(V: i32, H: i32, gaussian: i32): usize {
  if (V < 1 || H < 1 || (gaussian != 0 && gaussian != 1)) fail(E_BAD_ARGUMENT, 1);
  const P = <f64>V * <f64>H + <f64>V + <f64>H;
  if (P * 4 + <f64>RBM_HEADER_BYTES > 1.0e9) fail(E_BAD_ARGUMENT, 2);
  const bytes = <usize>RBM_HEADER_BYTES + (<usize>P << 2);
  const m = allocBytes(<u64>(bytes));
  memory.fill(m, 0, bytes);
  store<i32>(m, KIND_RBM, RBM_O_KIND);
  store<i32>(m, V, RBM_O_VISIBLE);
  store<i32>(m, H, RBM_O_HIDDEN);
  store<i32>(m, gaussian, RBM_O_GAUSSIAN);
  return m;
}

export function rbmDestroy(m: usize): void {
  if (m != 0) heap.free(m);
}

/** θ in place: W (H×V, components_), then b (V), then c (H). */
export function rbmParams(m: usize): usize {
  return rbmW(m);
}

export function rbmNumParams(m: usize): i32 {
  const V = rbmV(m), H = rbmH(m);
  return V * H + V + H;
}

/**
 * A[r][j] = scale·(c_j + W_j·v_r): hidden pre-activations of n rows (A n×H).
 * Four rows share each load of W_j (the product is bound by loads, not
 * arithmetic); every row's dot product keeps dotF32's order, so the bits do
 * not depend on how the rows are grouped.
 */
export function rbmHiddenInput(m: usize, A: usize, Vm: usize, n: i32, scale: f32): void {
  rbmHiddenInputRows(m, A, rbmH(m), Vm, n, scale);
}

/** rbmHiddenInput with rows of A aRow ≥ H f32 apart (lanes H … aRow − 1 untouched). */
export function rbmHiddenInputRows(m: usize, A: usize, aRow: i32, Vm: usize, n: i32, scale: f32): void {
  const V = rbmV(m), H = rbmH(m);
  const W = rbmW(m), c = rbmC(m);
  const rowV = <usize>V << 2;
  const rowH = <usize>aRow << 2;
  const V4 = V & ~3;
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const v0 = Vm + <usize>r * rowV, v1 = v0 + rowV, v2 = v1 + rowV, v3 = v2 + rowV;
    const a0 = A + <usize>r * rowH, a1 = a0 + rowH, a2 = a1 + rowH, a3 = a2 + rowH;
    for (let j = 0; j < H; j++) {
      const w = W + <usize>j * rowV;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let k = 0; k < V4; k += 4) {
        const o = <usize>k << 2;
        const wk = v128.load(w + o);
        s0 = madd4(s0, wk, v128.load(v0 + o));
        s1 = madd4(s1, wk, v128.load(v1 + o));
        s2 = madd4(s2, wk, v128.load(v2 + o));
        s3 = madd4(s3, wk, v128.load(v3 + o));
      }
      let d0 = hsum4(s0), d1 = hsum4(s1), d2 = hsum4(s2), d3 = hsum4(s3);
      for (let k = V4; k < V; k++) {
        const o = <usize>k << 2;
        const wk = load<f32>(w + o);
        d0 += wk * load<f32>(v0 + o);
        d1 += wk * load<f32>(v1 + o);
        d2 += wk * load<f32>(v2 + o);
        d3 += wk * load<f32>(v3 + o);
      }
      const cj = load<f32>(c + (<usize>j << 2));
      const jo = <usize>j << 2;
      store<f32>(a0 + jo, scale * (cj + d0));
      store<f32>(a1 + jo, scale * (cj + d1));
      store<f32>(a2 + jo, scale * (cj + d2));
      store<f32>(a3 + jo, scale * (cj + d3));
    }
  }
  for (; r < n; r++) {
    const v = Vm + <usize>r * rowV;
    const a = A + <usize>r * rowH;
    for (let j = 0; j < H; j++) {
      store<f32>(a + (<usize>j << 2), scale * (load<f32>(c + (<usize>j << 2)) + dotF32(W + <usize>j * rowV, v, V)));
    }
  }
}

/** x[0..n) ← σ(x) lanewise (f32 polynomial exp: the same bits everywhere). */
export function sigmoidInPlace(x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), sigmoid4(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    store<f32>(p, f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(p))), 0));
  }
}

/** P n×H = p(h = 1 | v) = σ(c + W v) for the n rows of Vm (scikit-learn's transform). */
export function rbmHiddenProbs(m: usize, P: usize, Vm: usize, n: i32): void {
  rbmHiddenInput(m, P, Vm, n, 1);
  sigmoidInPlace(P, n * rbmH(m));
}

/**
 * out n×V = b + Wᵀh for the n rows of Hm (n×H, binary or probabilities); with
 * `squash` the Bernoulli mean σ(·), else the pre-activation (a Gaussian unit's mean).
 */
export function rbmVisibleInput(m: usize, out: usize, Hm: usize, n: i32, squash: i32): void {
  const V = rbmV(m), H = rbmH(m);
  const W = rbmW(m), b = rbmB(m);
  const rowV = <usize>V << 2;
  const idx = allocBytes(<u64>H * 4 + 16);
  for (let r = 0; r < n; r++) biasPlusCombination(out + <usize>r * rowV, b, W, V, Hm + (<usize>r * <usize>H << 2), H, idx);
  heap.free(idx);
  if (squash != 0) sigmoidInPlace(out, n * V);
}

/**
 * out[0..width) = bias + Σ_{i < count} coef_i·M_i (M count×width), summed in the order i = 0, 1, …
 * per column over the rows with coef_i ≠ 0. Those rows are listed first (branch-free, into idx
 * i32[count]), so the sums do not stall on unpredictable zeros; then 32 columns at a time in eight
 * registers, each listed row loaded once and out stored once; with only 0/1 coefficients
 * (a Gibbs chain's units) no multiply is needed, and 1·w = w keeps the bits the same.
 */
export function biasPlusCombination(out: usize, bias: usize, M: usize, width: i32, coef: usize, count: i32, idx: usize): void {
  const row = <usize>width << 2;
  let nz = 0;
  let binary = true;
  for (let i = 0; i < count; i++) {
    const ci = load<f32>(coef + (<usize>i << 2));
    store<i32>(idx + (<usize>nz << 2), i);
    nz += i32(ci != 0);
    binary = binary && (ci == 0 || ci == 1);
  }
  const W32 = width & ~31;
  for (let k = 0; k < W32; k += 32) {
    const ko = <usize>k << 2;
    let a0 = v128.load(bias + ko), a1 = v128.load(bias + ko, 16), a2 = v128.load(bias + ko, 32), a3 = v128.load(bias + ko, 48);
    let a4 = v128.load(bias + ko, 64), a5 = v128.load(bias + ko, 80), a6 = v128.load(bias + ko, 96), a7 = v128.load(bias + ko, 112);
    if (binary) {
      for (let t = 0; t < nz; t++) {
        const w = M + <usize>load<i32>(idx + (<usize>t << 2)) * row + ko;
        a0 = f32x4.add(a0, v128.load(w)); a1 = f32x4.add(a1, v128.load(w, 16));
        a2 = f32x4.add(a2, v128.load(w, 32)); a3 = f32x4.add(a3, v128.load(w, 48));
        a4 = f32x4.add(a4, v128.load(w, 64)); a5 = f32x4.add(a5, v128.load(w, 80));
        a6 = f32x4.add(a6, v128.load(w, 96)); a7 = f32x4.add(a7, v128.load(w, 112));
      }
    } else {
      for (let t = 0; t < nz; t++) {
        const i = load<i32>(idx + (<usize>t << 2));
        const w = M + <usize>i * row + ko;
        const s = f32x4.splat(load<f32>(coef + (<usize>i << 2)));
        a0 = madd4(a0, s, v128.load(w)); a1 = madd4(a1, s, v128.load(w, 16));
        a2 = madd4(a2, s, v128.load(w, 32)); a3 = madd4(a3, s, v128.load(w, 48));
        a4 = madd4(a4, s, v128.load(w, 64)); a5 = madd4(a5, s, v128.load(w, 80));
        a6 = madd4(a6, s, v128.load(w, 96)); a7 = madd4(a7, s, v128.load(w, 112));
      }
    }
    v128.store(out + ko, a0); v128.store(out + ko, a1, 16); v128.store(out + ko, a2, 32); v128.store(out + ko, a3, 48);
    v128.store(out + ko, a4, 64); v128.store(out + ko, a5, 80); v128.store(out + ko, a6, 96); v128.store(out + ko, a7, 112);
  }
  // the last columns: four-lane blocks in a register each, then single columns (the same sums in
  // the same order as the blocks above, so the bits do not depend on where a column falls)
  let k = W32;
  for (; k + 4 <= width; k += 4) {
    const ko = <usize>k << 2;
    let a = v128.load(bias + ko);
    if (binary) {
      for (let t = 0; t < nz; t++) a = f32x4.add(a, v128.load(M + <usize>load<i32>(idx + (<usize>t << 2)) * row + ko));
    } else {
      for (let t = 0; t < nz; t++) {
        const i = load<i32>(idx + (<usize>t << 2));
        a = madd4(a, f32x4.splat(load<f32>(coef + (<usize>i << 2))), v128.load(M + <usize>i * row + ko));
      }
    }
    v128.store(out + ko, a);
  }
  for (; k < width; k++) {
    const ko = <usize>k << 2;
    let a = load<f32>(bias + ko);
    for (let t = 0; t < nz; t++) {
      const i = load<i32>(idx + (<usize>t << 2));
      a += load<f32>(coef + (<usize>i << 2)) * load<f32>(M + <usize>i * row + ko);
    }
    store<f32>(out + ko, a);
  }
}

/** Σ_j softplus(A_j) over one row of H pre-activations, in f64. */
@inline function softplusSum(a: usize, H: i32): f64 {
  let s: f64 = 0;
  for (let j = 0; j < H; j++) s += softplus(<f64>load<f32>(a + (<usize>j << 2)));
  return s;
}

/** The visible term of −F: bᵀv (Bernoulli) or −½‖v − b‖² (Gaussian), in f64. */
@inline function visibleTerm(m: usize, v: usize, V: i32, gaussian: bool): f64 {
  const b = rbmB(m);
  let s: f64 = 0;
  if (gaussian) {
    for (let k = 0; k < V; k++) {
      const d = <f64>load<f32>(v + (<usize>k << 2)) - <f64>load<f32>(b + (<usize>k << 2));
      s -= 0.5 * d * d;
    }
  } else {
    for (let k = 0; k < V; k++) s += <f64>load<f32>(v + (<usize>k << 2)) * <f64>load<f32>(b + (<usize>k << 2));
  }
  return s;
}

/** F(v) of n rows into E f32[n] (the free energy, f64 inside); work n×H f32. */
function freeEnergyRows(m: usize, E: usize, Vm: usize, n: i32, work: usize): void {
  const V = rbmV(m), H = rbmH(m);
  const gaussian = rbmGaussian(m);
  rbmHiddenInput(m, work, Vm, n, 1);
  for (let r = 0; r < n; r++) {
    const v = Vm + (<usize>r * <usize>V << 2);
    const f = -visibleTerm(m, v, V, gaussian) - softplusSum(work + (<usize>r * <usize>H << 2), H);
    store<f32>(E + (<usize>r << 2), <f32>f);
  }
}

/** E f32[n] = F(v) for the n rows of Vm. */
export function rbmFreeEnergy(m: usize, E: usize, Vm: usize, n: i32): void {
  const work = allocBytes(<u64>max(n, 1) * <u64>rbmH(m) * 4 + 16);
  freeEnergyRows(m, E, Vm, n, work);
  heap.free(work);
}

/**
 * The dispatcher's case: F(v) and ∇_v F = −b − Wᵀσ(c + Wv) (Gaussian: v − b − Wᵀσ(…))
 * for n rows; E and G may each be 0.
 */
export function rbmFreeEval(m: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const V = rbmV(m), H = rbmH(m);
  const gaussian = rbmGaussian(m);
  const work = allocBytes(<u64>max(n, 1) * <u64>H * 4 + 16);
  if (E != 0) freeEnergyRows(m, E, Y, n, work);
  if (G != 0) {
    rbmHiddenProbs(m, work, Y, n);
    const W = rbmW(m), b = rbmB(m);
    const rowV = <usize>V << 2;
    for (let r = 0; r < n; r++) {
      const g = G + <usize>r * rowV;
      const v = Y + <usize>r * rowV;
      for (let k = 0; k < V; k++) {
        const bk = load<f32>(b + (<usize>k << 2));
        store<f32>(g + (<usize>k << 2), gaussian ? load<f32>(v + (<usize>k << 2)) - bk : -bk);
      }
      const p = work + (<usize>r * <usize>H << 2);
      for (let j = 0; j < H; j++) axpyF32(g, -load<f32>(p + (<usize>j << 2)), W + <usize>j * rowV, V);
    }
  }
  heap.free(work);
}

/**
 * out f32[P] (+)= Σ_r w_r·∂F(v_r)/∂θ: ∂F/∂W_j = −σ(a_j)·v, ∂F/∂b = −v (Gaussian: b − v),
 * ∂F/∂c = −σ(a). E f32[n] (or 0) receives the free energies.
 */
export function rbmParamGrad(m: usize, out: usize, w: usize, Vm: usize, n: i32, accumulate: i32, E: usize): void {
  const V = rbmV(m), H = rbmH(m);
  const P = rbmNumParams(m);
  const gaussian = rbmGaussian(m);
  if (accumulate == 0) memory.fill(out, 0, <usize>P << 2);
  const work = allocBytes(<u64>max(n, 1) * <u64>H * 4 + 16);
  if (E != 0) freeEnergyRows(m, E, Vm, n, work);
  rbmHiddenProbs(m, work, Vm, n);
  const rowV = <usize>V << 2;
  const gb = out + (<usize>H * <usize>V << 2);
  const gc = gb + rowV;
  const b = rbmB(m);
  for (let r = 0; r < n; r++) {
    const wr = load<f32>(w + (<usize>r << 2));
    if (wr == 0) continue;
    const v = Vm + <usize>r * rowV;
    const p = work + (<usize>r * <usize>H << 2);
    for (let j = 0; j < H; j++) {
      const s = -wr * load<f32>(p + (<usize>j << 2));
      axpyF32(out + <usize>j * rowV, s, v, V);
      store<f32>(gc + (<usize>j << 2), load<f32>(gc + (<usize>j << 2)) + s);
    }
    for (let k = 0; k < V; k++) {
      const o = gb + (<usize>k << 2);
      const vk = load<f32>(v + (<usize>k << 2));
      store<f32>(o, load<f32>(o) + wr * (gaussian ? load<f32>(b + (<usize>k << 2)) - vk : -vk));
    }
  }
  heap.free(work);
}

/**
 * scikit-learn's BernoulliRBM.score_samples: for row r, flip unit idx[r] and
 * out[r] = V·log σ(F(v') − F(v)) (a pseudo-log-likelihood). With draw ≠ 0 the
 * indices are drawn uniformly in [0, V) from the RNG state (one Philox word
 * per row, by rejection when needed) and written to idx; else idx is read.
 */
export function rbmPseudoLikelihood(m: usize, out: usize, Vm: usize, n: i32, idx: usize, draw: i32, rng: usize): void {
  const V = rbmV(m), H = rbmH(m);
  if (draw != 0) {
    cursorBegin(rng);
    for (let r = 0; r < n; r++) store<i32>(idx + (<usize>r << 2), <i32>nextBelow(<u32>V));
    cursorEnd();
  }
  const rowV = <usize>V << 2;
  const flipped = allocBytes(<u64>max(n, 1) * rowV + 16);
  memory.copy(flipped, Vm, <usize>n * rowV);
  for (let r = 0; r < n; r++) {
    const k = load<i32>(idx + (<usize>r << 2));
    if (k < 0 || k >= V) fail(E_BAD_ARGUMENT, r);
    const p = flipped + <usize>r * rowV + (<usize>k << 2);
    store<f32>(p, 1 - load<f32>(p));
  }
  const work = allocBytes(<u64>max(n, 1) * <u64>H * 4 + 16);
  rbmHiddenInput(m, work, Vm, n, 1);
  const gaussian = rbmGaussian(m);
  const A2 = allocBytes(<u64>max(n, 1) * <u64>H * 4 + 16);
  rbmHiddenInput(m, A2, flipped, n, 1);
  for (let r = 0; r < n; r++) {
    const ar = work + (<usize>r * <usize>H << 2);
    const a2 = A2 + (<usize>r * <usize>H << 2);
    const f = -visibleTerm(m, Vm + <usize>r * rowV, V, gaussian) - softplusSum(ar, H);
    const f2 = -visibleTerm(m, flipped + <usize>r * rowV, V, gaussian) - softplusSum(a2, H);
    // log σ(x) = −softplus(−x), x = F(v') − F(v)
    store<f32>(out + (<usize>r << 2), <f32>(-<f64>V * softplus(f - f2)));
  }
  heap.free(A2);
  heap.free(work);
  heap.free(flipped);
}

/**
 * out f32[V] = log((p_k + ε)/(1 − p_k + ε)) with p_k the mean of column k of X (n×V):
 * visible biases that match the data's marginals (Hinton's practical guide, §8),
 * used to start training and as the AIS base.
 */
export function rbmDataLogits(out: usize, X: usize, n: i32, V: i32, eps: f64): void {
  for (let k = 0; k < V; k++) {
    let s: f64 = 0;
    for (let r = 0; r < n; r++) s += <f64>load<f32>(X + ((<usize>r * <usize>V + <usize>k) << 2));
    const p = s / <f64>max(n, 1);
    store<f32>(out + (<usize>k << 2), <f32>Math.log((p + eps) / (1 - p + eps)));
  }
}
