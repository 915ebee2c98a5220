// The conditional latent-variable EBM of the lecture:
//   E(x, y, z) = ‖y − Dec_θ([x, z])‖²,
// with z one of K learned embeddings (discrete) or a point of the ball of
// radius `bound` (continuous). Free energies F∞(x, y) = min_z E (exact over
// discrete z; projected gradient descent from the best grid points for
// continuous z) and F_β = −(1/β)·log Σ_z exp(−βE) (discrete: log-sum-exp in
// f64; continuous: midpoint quadrature on a grid of z, latent dim ≤ 2).
// The decoder is the shared network (energies/network.ts); the embeddings
// follow its θ in the same block, so θ is one vector for the optimizers.
import {
  NET_CHUNK, netBackwardChunk, netForwardChunk, netOutput, netUpstream,
  networkCreate, networkDestroy, networkForward, networkNumParams, networkParams, networkSync,
} from "./network";
import { latentDescend, loadLatentInput } from "./latent-descent";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";

export const KIND_LATENT: i32 = 22;
export const LATENT_DISCRETE: i32 = 0;
export const LATENT_CONTINUOUS: i32 = 1;

// the block (kind and dim first, as a descriptor), 64 bytes
const A_KIND = 0;
const A_DIM = 4; // D: dimension of y
const A_COND = 8; // C: dimension of x
const A_LKIND = 12;
const A_K = 16; // discrete: number of embeddings
const A_E = 20; // dimension of z (embedding or ball)
const A_NET = 24;
const A_STARTS = 28;
const A_STEPS = 32;
const A_STEP = 36; // f32
const A_BOUND = 40; // f32 radius of the ball
const A_GRID = 44; // continuous: grid points inside the ball (G × e f32), quadrature and descent starts
const A_NGRID = 48;
const A_LOGDV = 56; // f64 log of a grid cell's volume

@inline function netOf(a: usize): usize {
  return load<usize>(a, A_NET);
}

@inline function embeddings(a: usize): usize {
  const net = netOf(a);
  return networkParams(net) + (<usize>networkNumParams(net) << 2);
}

/**
 * Creates the model: decoder sizes i32[L+1] = [C + e, hidden…, D]; kind
 * LATENT_DISCRETE (K embeddings of dimension e, after θ) or LATENT_CONTINUOUS
 * (z in the ball of radius `bound`, with a midpoint grid of `perAxis` points per
 * axis kept inside the ball for quadrature and starts; e ≤ 2 for a grid).
 */
export function latentCreate(sizes: usize, L: i32, act: i32, C: i32, kind: i32, K: i32, bound: f32, perAxis: i32): usize {
  const e = load<i32>(sizes) - C;
  if (e < 1 || C < 0) fail(E_BAD_ARGUMENT, 1);
  if (kind == LATENT_DISCRETE && K < 1) fail(E_BAD_ARGUMENT, 2);
  if (kind == LATENT_CONTINUOUS && (!(bound > 0) || perAxis < 1 || e > 2)) fail(E_BAD_ARGUMENT, 3);
  const net = networkCreate(sizes, L, act, kind == LATENT_DISCRETE ? K * e : 0);
  const a = allocBytes(64);
  memory.fill(a, 0, 64);
  store<i32>(a, KIND_LATENT, A_KIND);
  store<i32>(a, load<i32>(sizes + (<usize>L << 2)), A_DIM);
  store<i32>(a, C, A_COND);
  store<i32>(a, kind, A_LKIND);
  store<i32>(a, kind == LATENT_DISCRETE ? K : 0, A_K);
  store<i32>(a, e, A_E);
  store<usize>(a, net, A_NET);
  store<i32>(a, 4, A_STARTS);
  store<i32>(a, 30, A_STEPS);
  store<f32>(a, 0.05, A_STEP);
  store<f32>(a, bound, A_BOUND);
  if (kind == LATENT_CONTINUOUS) {
    const G = e == 1 ? perAxis : perAxis * perAxis;
    const grid = allocBytes(<u64>G * <u64>e * 4 + 16);
    const h = 2 * <f64>bound / <f64>perAxis;
    let n = 0;
    for (let i = 0; i < (e == 1 ? 1 : perAxis); i++) {
      for (let j = 0; j < perAxis; j++) {
        const u = -<f64>bound + (<f64>j + 0.5) * h;
        const v = -<f64>bound + (<f64>i + 0.5) * h;
        if (e == 2 && u * u + v * v > <f64>bound * <f64>bound) continue;
        store<f32>(grid + (<usize>(n * e) << 2), <f32>u);
        if (e == 2) store<f32>(grid + (<usize>(n * e + 1) << 2), <f32>v);
        n++;
      }
    }
    store<usize>(a, grid, A_GRID);
    store<i32>(a, n, A_NGRID);
    store<f64>(a, <f64>e * Math.log(h), A_LOGDV);
  }
  return a;
}

export function latentDestroy(a: usize): void {
  if (a == 0) return;
  if (load<usize>(a, A_GRID) != 0) heap.free(load<usize>(a, A_GRID));
  networkDestroy(netOf(a));
  heap.free(a);
}

/** θ: the decoder's parameters, then (discrete) the K×e embeddings. */
export function latentParams(a: usize): usize {
  return networkParams(netOf(a));
}

export function latentNumParams(a: usize): i32 {
  return networkNumParams(netOf(a)) + load<i32>(a, A_K) * load<i32>(a, A_E);
}

export function latentSync(a: usize): void {
  networkSync(netOf(a));
}

/** The decoder network (initialisation through networkInitUniform). */
export function latentNetwork(a: usize): usize {
  return netOf(a);
}

/** Continuous z: starts and steps of the projected descent behind F∞ and infer. */
export function latentSetInference(a: usize, starts: i32, steps: i32, stepSize: f32): void {
  if (starts < 1 || steps < 0) fail(E_BAD_ARGUMENT, 4);
  store<i32>(a, starts, A_STARTS);
  store<i32>(a, steps, A_STEPS);
  store<f32>(a, stepSize, A_STEP);
}

/** Candidates per row: K embeddings (discrete) or the grid (continuous). */
export function latentSetSize(a: usize): i32 {
  return load<i32>(a, A_LKIND) == LATENT_DISCRETE ? load<i32>(a, A_K) : load<i32>(a, A_NGRID);
}

/** Zc (n·S × e) = every row's candidate set: the embeddings or the grid points. */
function fillSet(a: usize, Zc: usize, n: i32): i32 {
  const S = latentSetSize(a);
  const e = load<i32>(a, A_E);
  const src = load<i32>(a, A_LKIND) == LATENT_DISCRETE ? embeddings(a) : load<usize>(a, A_GRID);
  const bytes = <usize>(S * e) << 2;
  for (let r = 0; r < n; r++) memory.copy(Zc + <usize>r * bytes, src, bytes);
  return S;
}

/**
 * Per row r < n: the free energy F (f64 into E f32[n]) and the candidates' weights
 * W (f32[n·S]) = ∂F/∂E_c: one-hot at the minimum for β = ∞ (beta ≤ 0 means ∞),
 * else the softmax of −βE (log-sum-exp in f64, plus log ΔV for a quadrature).
 * best i32[n] gets each row's minimising candidate. Returns Σ_r F_r.
 */
function weigh(Ec: usize, W: usize, E: usize, best: usize, n: i32, S: i32, beta: f64, logDV: f64): f64 {
  let total: f64 = 0;
  for (let r = 0; r < n; r++) {
    const base = <usize>(r * S) << 2;
    let m: f64 = Infinity;
    let k = 0;
    for (let c = 0; c < S; c++) {
      const v = <f64>load<f32>(Ec + base + (<usize>c << 2));
      if (v < m) {
        m = v;
        k = c;
      }
    }
    let F = m;
    if (beta > 0 && isFinite(m)) {
      let s: f64 = 0;
      for (let c = 0; c < S; c++) s += Math.exp(-beta * (<f64>load<f32>(Ec + base + (<usize>c << 2)) - m));
      F = m - (Math.log(s) + logDV) / beta;
      if (W != 0) for (let c = 0; c < S; c++) store<f32>(W + base + (<usize>c << 2), <f32>(Math.exp(-beta * (<f64>load<f32>(Ec + base + (<usize>c << 2)) - m)) / s));
    } else if (W != 0) {
      for (let c = 0; c < S; c++) store<f32>(W + base + (<usize>c << 2), c == k ? 1 : 0);
    }
    if (E != 0) store<f32>(E + (<usize>r << 2), <f32>F);
    if (best != 0) store<i32>(best + (<usize>r << 2), k);
    total += F;
  }
  return total;
}

/**
 * F∞ by inference for continuous z: from the `starts` best grid points, projected
 * descent; Z (n × e) gets z*, E (f32[n]) F∞.
 */
function inferContinuous(a: usize, Z: usize, E: usize, X: usize, Y: usize, n: i32): void {
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  const G = load<i32>(a, A_NGRID);
  const S = min(load<i32>(a, A_STARTS), G);
  const Zc = allocBytes(<u64>n * <u64>G * <u64>e * 4 + 16);
  const Ec = allocBytes(<u64>n * <u64>G * 4 + 16);
  fillSet(a, Zc, n);
  latentDescend(netOf(a), Zc, Ec, Y, X, n * G, G, C, e, 0, 0, load<f32>(a, A_BOUND));
  // the S lowest grid points of each row (ties by index) start the descent
  const Zs = allocBytes(<u64>n * <u64>S * <u64>e * 4 + 16);
  const Es = allocBytes(<u64>n * <u64>S * 4 + 16);
  const bestI = allocBytes(<u64>S * 4 + 16);
  for (let r = 0; r < n; r++) {
    // insertion into a sorted list of S; NaN energies are never kept
    let kept = 0;
    for (let c = 0; c < G; c++) {
      const v = load<f32>(Ec + (<usize>(r * G + c) << 2));
      if (!(v == v)) continue;
      if (kept == S && v >= load<f32>(Ec + (<usize>(r * G + load<i32>(bestI + (<usize>(S - 1) << 2))) << 2))) continue;
      let j = kept == S ? S - 1 : kept;
      if (kept < S) kept++;
      while (j > 0 && load<f32>(Ec + (<usize>(r * G + load<i32>(bestI + (<usize>(j - 1) << 2))) << 2)) > v) {
        store<i32>(bestI + (<usize>j << 2), load<i32>(bestI + (<usize>(j - 1) << 2)));
        j--;
      }
      store<i32>(bestI + (<usize>j << 2), c);
    }
    for (let s = 0; s < S; s++) {
      const k = s < kept ? load<i32>(bestI + (<usize>s << 2)) : s; // a row without finite energies starts anywhere
      memory.copy(Zs + <usize>((r * S + s) * e) * 4, Zc + <usize>((r * G + k) * e) * 4, <usize>e << 2);
    }
  }
  heap.free(bestI);
  latentDescend(netOf(a), Zs, Es, Y, X, n * S, S, C, e, load<i32>(a, A_STEPS), load<f32>(a, A_STEP), load<f32>(a, A_BOUND));
  for (let r = 0; r < n; r++) {
    let k = 0;
    for (let s = 1; s < S; s++) if (load<f32>(Es + (<usize>(r * S + s) << 2)) < load<f32>(Es + (<usize>(r * S + k) << 2))) k = s;
    memory.copy(Z + <usize>(r * e) * 4, Zs + <usize>((r * S + k) * e) * 4, <usize>e << 2);
    if (E != 0) store<f32>(E + (<usize>r << 2), load<f32>(Es + (<usize>(r * S + k) << 2)));
  }
  heap.free(Es);
  heap.free(Zs);
  heap.free(Ec);
  heap.free(Zc);
}

/**
 * Free energies of n pairs (X n×C, Y n×D): F∞ when beta ≤ 0 (β = ∞), else F_β.
 * E f32[n]; Z (n × e, or 0) gets each row's minimising z (z* for F∞).
 */
export function latentFree(a: usize, E: usize, Z: usize, X: usize, Y: usize, n: i32, beta: f64): void {
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  if (load<i32>(a, A_LKIND) == LATENT_CONTINUOUS && beta <= 0) {
    const Zb = Z != 0 ? Z : allocBytes(<u64>n * <u64>e * 4 + 16);
    inferContinuous(a, Zb, E, X, Y, n);
    if (Z == 0) heap.free(Zb);
    return;
  }
  const S = latentSetSize(a);
  const Zc = allocBytes(<u64>n * <u64>S * <u64>e * 4 + 16);
  const Ec = allocBytes(<u64>n * <u64>S * 4 + 16);
  const best = allocBytes(<u64>n * 4 + 16);
  fillSet(a, Zc, n);
  latentDescend(netOf(a), Zc, Ec, Y, X, n * S, S, C, e, 0, 0, 1);
  const logDV = load<i32>(a, A_LKIND) == LATENT_CONTINUOUS ? load<f64>(a, A_LOGDV) : 0;
  weigh(Ec, 0, E, best, n, S, beta, logDV);
  if (Z != 0) {
    for (let r = 0; r < n; r++) memory.copy(Z + <usize>(r * e) * 4, Zc + <usize>((r * S + load<i32>(best + (<usize>r << 2))) * e) * 4, <usize>e << 2);
  }
  heap.free(best);
  heap.free(Ec);
  heap.free(Zc);
}

// what prepare() leaves for its caller (who frees prepZ and prepW)
let prepS: i32 = 0;
let prepZ: usize = 0;
let prepW: usize = 0;

/**
 * The candidates of n pairs and their weights ∂F/∂E_c: for a continuous F∞ the
 * one z* per row (S = 1, weight 1), else the whole set with weigh()'s weights.
 * Eb (f32[n]) gets F; returns Σ F (f64).
 */
function prepare(a: usize, X: usize, Y: usize, n: i32, beta: f64, Eb: usize): f64 {
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  const discrete = load<i32>(a, A_LKIND) == LATENT_DISCRETE;
  let total: f64 = 0;
  if (!discrete && beta <= 0) {
    prepS = 1;
    prepZ = allocBytes(<u64>n * <u64>e * 4 + 16);
    prepW = allocBytes(<u64>n * 4 + 16);
    inferContinuous(a, prepZ, Eb, X, Y, n);
    for (let r = 0; r < n; r++) {
      store<f32>(prepW + (<usize>r << 2), 1);
      total += <f64>load<f32>(Eb + (<usize>r << 2));
    }
    return total;
  }
  const S = latentSetSize(a);
  prepS = S;
  prepZ = allocBytes(<u64>n * <u64>S * <u64>e * 4 + 16);
  prepW = allocBytes(<u64>n * <u64>S * 4 + 16);
  const Ec = allocBytes(<u64>n * <u64>S * 4 + 16);
  fillSet(a, prepZ, n);
  latentDescend(netOf(a), prepZ, Ec, Y, X, n * S, S, C, e, 0, 0, 1);
  total = weigh(Ec, prepW, Eb, 0, n, S, beta, discrete ? 0 : load<f64>(a, A_LOGDV));
  heap.free(Ec);
  return total;
}

/**
 * ∇_y F for n pairs into G (n×D): Σ_c (∂F/∂E_c)·2(y − Dec([x, z_c])) — for F∞
 * (beta ≤ 0) 2(y − Dec([x, z*])) by the envelope theorem. E (f32[n], or 0) gets F.
 */
export function latentGradY(a: usize, G: usize, E: usize, X: usize, Y: usize, n: i32, beta: f64): void {
  const net = netOf(a);
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  const D = load<i32>(a, A_DIM);
  const Eb = E != 0 ? E : allocBytes(<u64>n * 4 + 16);
  prepare(a, X, Y, n, beta, Eb);
  const S = prepS;
  const Zc = prepZ;
  const Wc = prepW;
  memory.fill(G, 0, <usize>(n * D) << 2);
  const m = n * S;
  for (let j0 = 0; j0 < m; j0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, m - j0);
    loadLatentInput(net, Zc, X, S, C, e, j0, rows);
    netForwardChunk(net, rows, false);
    const o = netOutput(net);
    for (let r = 0; r < rows; r++) {
      const j = j0 + r;
      const row = j / S;
      const wc = load<f32>(Wc + (<usize>j << 2));
      const y = Y + <usize>(row * D) * 4;
      const g = G + <usize>(row * D) * 4;
      for (let k = 0; k < D; k++) {
        const kk = <usize>k << 2;
        store<f32>(g + kk, load<f32>(g + kk) + wc * <f32>2 * (load<f32>(y + kk) - load<f32>(o + <usize>(r * D) * 4 + kk)));
      }
    }
  }
  if (E == 0) heap.free(Eb);
  heap.free(Wc);
  heap.free(Zc);
}

/**
 * out (f32[P]) (+)= Σ_r w_r·∂F(x_r, y_r)/∂θ (w = 0: every w_r = scale; else w_r·scale),
 * F = F∞ (beta ≤ 0) or F_β: the weighted sum over candidates of ∂E_c/∂θ, with
 * weights ∂F/∂E_c (one-hot at z* for F∞, the envelope theorem; the Gibbs
 * weights for F_β), embeddings included. Returns Σ_r F_r (f64); E (or 0) gets F.
 */
export function latentParamGrad(a: usize, out: usize, w: usize, scale: f32, X: usize, Y: usize, n: i32, beta: f64, accumulate: i32, E: usize): f64 {
  const net = netOf(a);
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  const D = load<i32>(a, A_DIM);
  const discrete = load<i32>(a, A_LKIND) == LATENT_DISCRETE;
  if (accumulate == 0) memory.fill(out, 0, <usize>latentNumParams(a) << 2);
  const Eb = E != 0 ? E : allocBytes(<u64>n * 4 + 16);
  const total = prepare(a, X, Y, n, beta, Eb);
  const S = prepS;
  const Zc = prepZ;
  const Wc = prepW;
  // backpropagate every candidate with weight w_r·scale·W_c through the decoder
  const m = n * S;
  const emb = out + (<usize>networkNumParams(net) << 2);
  for (let j0 = 0; j0 < m; j0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, m - j0);
    loadLatentInput(net, Zc, X, S, C, e, j0, rows);
    netForwardChunk(net, rows, true);
    const o = netOutput(net);
    const u = netUpstream(net);
    for (let r = 0; r < rows; r++) {
      const j = j0 + r;
      const row = j / S;
      const wr = (w != 0 ? load<f32>(w + (<usize>row << 2)) * scale : scale) * load<f32>(Wc + (<usize>j << 2));
      const y = Y + <usize>(row * D) * 4;
      for (let k = 0; k < D; k++) {
        const kk = <usize>k << 2;
        store<f32>(u + <usize>(r * D) * 4 + kk, <f32>2 * wr * (load<f32>(o + <usize>(r * D) * 4 + kk) - load<f32>(y + kk)));
      }
    }
    const dh = netBackwardChunk(net, rows, out, true, discrete);
    if (discrete) {
      for (let r = 0; r < rows; r++) {
        const c = (j0 + r) % S;
        const g = emb + <usize>(c * e) * 4;
        const src = dh + <usize>(r * (C + e) + C) * 4;
        for (let k = 0; k < e; k++) store<f32>(g + (<usize>k << 2), load<f32>(g + (<usize>k << 2)) + load<f32>(src + (<usize>k << 2)));
      }
    }
  }
  if (E == 0) heap.free(Eb);
  heap.free(Wc);
  heap.free(Zc);
  return total;
}

/**
 * One training step's gradient: rows idx i32[B] of X (N×C) and Y (N×D) are
 * gathered, gradOut (f32[P]) = (1/B)·Σ ∂F/∂θ for F∞ (beta ≤ 0) or F_β.
 * Returns Σ F over the batch (f64).
 */
export function latentTrainBatch(a: usize, X: usize, Y: usize, idx: usize, B: i32, gradOut: usize, beta: f64): f64 {
  const C = load<i32>(a, A_COND);
  const D = load<i32>(a, A_DIM);
  const Xb = allocBytes(<u64>B * <u64>C * 4 + 16);
  const Yb = allocBytes(<u64>B * <u64>D * 4 + 16);
  for (let r = 0; r < B; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    memory.copy(Xb + <usize>(r * C) * 4, X + <usize>(i * C) * 4, <usize>C << 2);
    memory.copy(Yb + <usize>(r * D) * 4, Y + <usize>(i * D) * 4, <usize>D << 2);
  }
  const total = latentParamGrad(a, gradOut, 0, <f32>(1.0 / <f64>B), Xb, Yb, B, beta, 0, 0);
  heap.free(Yb);
  heap.free(Xb);
  return total;
}

/**
 * Predictions Out ((n·count) × D): for row r of X (n×C), Dec([x_r, z]) for
 * `count` values of z: the K embeddings (count = K) or, for a continuous z,
 * evenly spread points of the ball (e = 1: midpoints of [−b, b]; e = 2: a
 * Vogel sunflower spiral, equal area per point).
 */
export function latentPredict(a: usize, Out: usize, X: usize, n: i32, count: i32): void {
  const e = load<i32>(a, A_E);
  const C = load<i32>(a, A_COND);
  const b = <f64>load<f32>(a, A_BOUND);
  const discrete = load<i32>(a, A_LKIND) == LATENT_DISCRETE;
  if (count < 1 || (discrete && count != load<i32>(a, A_K))) fail(E_BAD_ARGUMENT, count);
  const Zs = allocBytes(<u64>count * <u64>e * 4 + 16);
  if (discrete) memory.copy(Zs, embeddings(a), <usize>(count * e) << 2);
  else {
    for (let i = 0; i < count; i++) {
      if (e == 1) store<f32>(Zs + (<usize>i << 2), <f32>(-b + (<f64>i + 0.5) * 2 * b / <f64>count));
      else {
        const r = b * Math.sqrt((<f64>i + 0.5) / <f64>count);
        const t = <f64>i * 2.399963229728653; // the golden angle π(3 − √5)
        store<f32>(Zs + (<usize>(2 * i) << 2), <f32>(r * Math.cos(t)));
        store<f32>(Zs + (<usize>(2 * i + 1) << 2), <f32>(r * Math.sin(t)));
      }
    }
  }
  const W = C + e;
  const m = n * count;
  const In = allocBytes(<u64>m * <u64>W * 4 + 16);
  for (let j = 0; j < m; j++) {
    const h = In + <usize>(j * W) * 4;
    if (C > 0) memory.copy(h, X + <usize>((j / count) * C) * 4, <usize>C << 2);
    memory.copy(h + (<usize>C << 2), Zs + <usize>((j % count) * e) * 4, <usize>e << 2);
  }
  networkForward(netOf(a), Out, In, m);
  heap.free(In);
  heap.free(Zs);
}

/** F∞ of n pairs (the learnable protocol's energy). */
export function latentEnergy(a: usize, E: usize, Y: usize, X: usize, n: i32): void {
  latentFree(a, E, 0, X, Y, n, 0);
}

/** The learnable protocol's Σ w_r ∂F∞/∂θ. */
export function latentLearnableGrad(a: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void {
  latentParamGrad(a, out, w, 1, X, Y, n, 0, accumulate, E);
}
