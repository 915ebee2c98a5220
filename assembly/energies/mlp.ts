// The learnable scalar energy of the lecture: F_θ(y) and the conditional
// F_θ(x, y), a multilayer perceptron whose output is the energy,
//   F(x, y) = s · net([x, y]) + λ·||y||²,
// where net is the shared batched network of energies/network.ts with one
// output. This file adds only what makes it an energy: the input [x, y], the
// scale and quadratic term, the conditions the dispatcher uses, and the
// upstream gradient s (or s·w_r) that the network backpropagates.
import {
  NET_CHUNK, netForwardChunk, netBackwardChunk, netInput, netOutput, netUpstream,
  networkCreate, networkDestroy, networkParams, networkNumParams, networkSync, networkInitUniform,
  TAYLOR_CHUNK, netTaylorInput, netTaylorOutput, netTaylorUpstream, netTaylorForwardChunk, netTaylorBackwardChunk, networkTaylorBytes,
} from "./network";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";

export const KIND_MLP: i32 = 20;
const CHUNK: i32 = NET_CHUNK;

// descriptor: 64 bytes, i32/f32/usize words
const O_KIND = 0;
const O_DIM = 4; // D: dimension of y
const O_NET = 8; // the network block (energies/network.ts)
const O_SCALE = 16; // f32 s
const O_QUAD = 20; // f32 λ
const O_COND = 24; // C: dimension of x
const O_XCUR = 56; // conditions x (rows × C) that the dispatcher uses for a conditional net, set by the caller
const O_XSTEP = 60; // bytes from one row's x to the next for O_XCUR: C·4, or 0 when every row has the same x

@inline function netOf(mlp: usize): usize {
  return load<usize>(mlp, O_NET);
}

/**
 * Creates an MLP energy. sizes i32[L+1] = [C + D, hidden…, 1] (copied); act:
 * activation code (activations.ts); θ zero until set. Returns the descriptor
 * (free with mlpDestroy).
 */
export function mlpCreate(sizes: usize, L: i32, inputDim: i32, condDim: i32, act: i32, outputScale: f32, quadratic: f32): usize {
  if (L < 1 || inputDim < 1 || condDim < 0) fail(E_BAD_ARGUMENT, 1);
  if (load<i32>(sizes) != inputDim + condDim || load<i32>(sizes + (<usize>L << 2)) != 1) fail(E_BAD_ARGUMENT, 2);
  const inner = networkCreate(sizes, L, act, 0);
  const net = allocBytes(64);
  memory.fill(net, 0, 64);
  store<i32>(net, KIND_MLP, O_KIND);
  store<i32>(net, inputDim, O_DIM);
  store<usize>(net, inner, O_NET);
  store<f32>(net, outputScale, O_SCALE);
  store<f32>(net, quadratic, O_QUAD);
  store<i32>(net, condDim, O_COND);
  return net;
}

export function mlpDestroy(net: usize): void {
  if (net == 0) return;
  networkDestroy(netOf(net));
  heap.free(net);
}

/** θ (f32[numParams]): read or write it, then call mlpSync after writing. */
export function mlpParams(net: usize): usize {
  return networkParams(netOf(net));
}

export function mlpNumParams(net: usize): i32 {
  return networkNumParams(netOf(net));
}

/** Rebuilds the transposed weights from θ. Call after any change of θ. */
export function mlpSync(net: usize): void {
  networkSync(netOf(net));
}

/**
 * PyTorch nn.Linear initialisation from the project RNG: every weight and
 * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
 * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
 */
export function mlpInitUniform(net: usize, u: usize): void {
  networkInitUniform(netOf(net), u);
}

// ---- one chunk --------------------------------------------------------------

/**
 * h_0 = [x, y] for rows r0..r0+rows of X and Y (rows×D). Row r's x is at
 * X + r·xStep: xStep = C·4 for one x per row, 0 for one x shared by all rows.
 */
function loadInput(net: usize, Y: usize, X: usize, xStep: usize, r0: i32, rows: i32): void {
  const D = load<i32>(net, O_DIM);
  const C = load<i32>(net, O_COND);
  const W = C + D;
  const H0 = netInput(netOf(net));
  for (let r = 0; r < rows; r++) {
    const h = H0 + <usize>(r * W) * 4;
    if (C > 0) memory.copy(h, X + <usize>(r0 + r) * xStep, <usize>C << 2);
    memory.copy(h + (<usize>C << 2), Y + <usize>((r0 + r) * D) * 4, <usize>D << 2);
  }
}

@inline function forwardChunk(net: usize, rows: i32, keep: bool = false): void {
  netForwardChunk(netOf(net), rows, keep);
}

@inline function backwardChunk(net: usize, rows: i32, G: usize, gradParams: bool, wantInput: bool): usize {
  return netBackwardChunk(netOf(net), rows, G, gradParams, wantInput);
}

@inline function wsG0(net: usize): usize {
  return netUpstream(netOf(net));
}

/** E[r] = s·z_L[r] + λ·||y_r||² for a chunk. */
function chunkEnergy(net: usize, E: usize, Y: usize, r0: i32, rows: i32): void {
  const D = load<i32>(net, O_DIM);
  const s = load<f32>(net, O_SCALE);
  const lam = load<f32>(net, O_QUAD);
  const Z = netOutput(netOf(net));
  for (let r = 0; r < rows; r++) {
    let e = s * load<f32>(Z + (<usize>r << 2));
    if (lam != 0) {
      let q: f32 = 0;
      const y = Y + <usize>((r0 + r) * D) * 4;
      for (let j = 0; j < D; j++) {
        const v = load<f32>(y + (<usize>j << 2));
        q += v * v;
      }
      e += lam * q;
    }
    store<f32>(E + (<usize>(r0 + r) << 2), e);
  }
}

/** Energies of n rows. E f32[n]; Y n×D; X n×C (0 when C = 0). */
export function mlpEnergy(net: usize, E: usize, Y: usize, X: usize, n: i32): void {
  energyRows(net, E, Y, X, xStepOf(net), n);
}

@inline function xStepOf(net: usize): usize {
  return <usize>load<i32>(net, O_COND) << 2;
}

function energyRows(net: usize, E: usize, Y: usize, X: usize, xStep: usize, n: i32): void {
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = min(CHUNK, n - r0);
    loadInput(net, Y, X, xStep, r0, rows);
    forwardChunk(net, rows);
    chunkEnergy(net, E, Y, r0, rows);
  }
}

/**
 * Energies (E f32[n], or 0) and their gradients with respect to y
 * (Gy n×D): backpropagation of s through the network, plus 2λy.
 */
export function mlpEnergyGrad(net: usize, E: usize, Gy: usize, Y: usize, X: usize, n: i32): void {
  energyGradRows(net, E, Gy, Y, X, xStepOf(net), n);
}

function energyGradRows(net: usize, E: usize, Gy: usize, Y: usize, X: usize, xStep: usize, n: i32): void {
  const D = load<i32>(net, O_DIM);
  const C = load<i32>(net, O_COND);
  const W = C + D;
  const s = load<f32>(net, O_SCALE);
  const lam2: f32 = <f32>2 * load<f32>(net, O_QUAD);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = min(CHUNK, n - r0);
    loadInput(net, Y, X, xStep, r0, rows);
    forwardChunk(net, rows, true);
    if (E != 0) chunkEnergy(net, E, Y, r0, rows);
    const g0 = wsG0(net);
    for (let r = 0; r < rows; r++) store<f32>(g0 + (<usize>r << 2), s);
    const dh = backwardChunk(net, rows, 0, false, true);
    for (let r = 0; r < rows; r++) {
      const src = dh + <usize>(r * W + C) * 4;
      const y = Y + <usize>((r0 + r) * D) * 4;
      const dst = Gy + <usize>((r0 + r) * D) * 4;
      for (let j = 0; j < D; j++) {
        const o = <usize>j << 2;
        store<f32>(dst + o, load<f32>(src + o) + lam2 * load<f32>(y + o));
      }
    }
  }
}

/**
 * out (f32[numParams]) = Σ_r w[r]·∂F(x_r, y_r)/∂θ (or += when accumulate ≠ 0).
 * λ·||y||² has no parameters. E (f32[n] or 0) receives the energies on the way.
 */
export function mlpParamGrad(net: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void {
  const np = mlpNumParams(net);
  if (accumulate == 0) memory.fill(out, 0, <usize>np << 2);
  const s = load<f32>(net, O_SCALE);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = min(CHUNK, n - r0);
    loadInput(net, Y, X, xStepOf(net), r0, rows);
    forwardChunk(net, rows, true);
    if (E != 0) chunkEnergy(net, E, Y, r0, rows);
    const g0 = wsG0(net);
    for (let r = 0; r < rows; r++) store<f32>(g0 + (<usize>r << 2), s * load<f32>(w + (<usize>(r0 + r) << 2)));
    backwardChunk(net, rows, out, true, false);
  }
}

/** C, the dimension of the conditions x (0 for an unconditional F(y)). */
export function mlpCondDim(net: usize): i32 {
  return load<i32>(net, O_COND);
}

/** The descriptor's y dimension (for the energy dispatcher). */
export function mlpDim(net: usize): i32 {
  return load<i32>(net, O_DIM);
}

/**
 * The energy dispatcher's entry (kind 20, energies/dispatch.ts): F and ∇_y F
 * of n rows; the descriptor is the network itself (its first two words are kind
 * and dim, as every descriptor's).
 */
export function mlpEnergyEval(net: usize, Y: usize, n: i32, E: usize, G: usize): void {
  // a conditional F(x, y) reads x from the pointer set with mlpSetCondition(Row)
  const X = load<usize>(net, O_XCUR);
  if (load<i32>(net, O_COND) != 0 && X == 0) fail(E_BAD_ARGUMENT, KIND_MLP);
  const xStep = <usize>load<i32>(net, O_XSTEP);
  if (G != 0) energyGradRows(net, E, G, Y, X, xStep, n);
  else if (E != 0) energyRows(net, E, Y, X, xStep, n);
}

/**
 * For a conditional net: the conditions X (rows × C, row i for the dispatcher's
 * row i) that samplers and descent use as fixed x; 0 to clear.
 */
export function mlpSetCondition(net: usize, X: usize): void {
  store<usize>(net, X, O_XCUR);
  store<i32>(net, load<i32>(net, O_COND) << 2, O_XSTEP);
}

/** For a conditional net: one condition x (f32[C]) that the dispatcher uses for every row. */
export function mlpSetConditionRow(net: usize, x: usize): void {
  store<usize>(net, x, O_XCUR);
  store<i32>(net, 0, O_XSTEP);
}

/**
 * Distinct minima per row: Y holds n groups of S candidate points (n·S × D)
 * with energies E; each group is ordered by energy (ties by index) and a
 * candidate is kept when it is farther than `tol` (Euclidean) from every kept
 * one. order i32[n·S] gets each group's kept indices (within the group) first;
 * count i32[n] how many were kept.
 */
export function distinctMinima(Y: usize, E: usize, n: i32, S: i32, D: i32, tol: f32, order: usize, count: usize): void {
  const tol2 = tol * tol;
  for (let r = 0; r < n; r++) {
    const o = order + (<usize>(r * S) << 2);
    for (let i = 0; i < S; i++) store<i32>(o + (<usize>i << 2), i);
    // insertion sort of the group's indices by energy (S is small)
    for (let i = 1; i < S; i++) {
      const v = load<i32>(o + (<usize>i << 2));
      const ev = load<f32>(E + (<usize>(r * S + v) << 2));
      let j = i - 1;
      while (j >= 0) {
        const u = load<i32>(o + (<usize>j << 2));
        const eu = load<f32>(E + (<usize>(r * S + u) << 2));
        if (eu > ev || (eu == ev && u > v)) {
          store<i32>(o + (<usize>(j + 1) << 2), u);
          j--;
        } else break;
      }
      store<i32>(o + (<usize>(j + 1) << 2), v);
    }
    let kept = 0;
    for (let i = 0; i < S; i++) {
      const c = load<i32>(o + (<usize>i << 2));
      const yc = Y + <usize>((r * S + c) * D) * 4;
      let far = isFinite<f32>(load<f32>(E + (<usize>(r * S + c) << 2)));
      for (let k = 0; k < kept && far; k++) {
        const yk = Y + <usize>((r * S + load<i32>(o + (<usize>k << 2))) * D) * 4;
        let d2: f32 = 0;
        for (let t = 0; t < D; t++) {
          const e = load<f32>(yc + (<usize>t << 2)) - load<f32>(yk + (<usize>t << 2));
          d2 += e * e;
        }
        if (d2 <= tol2) far = false;
      }
      if (far) {
        // move c to position `kept` (shift the rejected ones right)
        for (let j = i; j > kept; j--) store<i32>(o + (<usize>j << 2), load<i32>(o + (<usize>(j - 1) << 2)));
        store<i32>(o + (<usize>kept << 2), c);
        kept++;
      }
    }
    store<i32>(count + (<usize>r << 2), kept);
  }
}

// ---- Taylor mode (score matching, train/scorematching.ts) --------------------

/** Bytes of the Taylor workspace mlpTaylorParamGrad needs (f64). */
export function mlpTaylorBytes(net: usize): f64 {
  return networkTaylorBytes(netOf(net));
}

/**
 * Directional derivatives along U and the parameter gradient of a loss built
 * on them, for an unconditional net: for each row r with y = Y_r, u = U_r,
 * Ḟ_r = uᵀ∇F(y) and F̈_r = uᵀ∇²F(y)u (F = s·net(y) + λ‖y‖²) go to D1, D2
 * (f32[n], each may be 0), and G (f32[numParams]) gets (+= when accumulate ≠ 0)
 *   ∂θ Σ_r [a·Ḟ_r + ½b·Ḟ_r² + c·F̈_r]   with U held fixed;
 * that sum is returned (f64). order 1 skips the second tangents (c must be 0).
 * ws: a workspace of mlpTaylorBytes.
 */
export function mlpTaylorParamGrad(net: usize, ws: usize, G: usize, Y: usize, U: usize, n: i32, order: i32, a: f32, b: f32, c: f32, D1: usize, D2: usize, accumulate: i32): f64 {
  if (load<i32>(net, O_COND) != 0 || order < 1 || order > 2 || (order == 1 && c != 0)) fail(E_BAD_ARGUMENT, KIND_MLP);
  const inner = netOf(net);
  const np = mlpNumParams(net);
  if (accumulate == 0) memory.fill(G, 0, <usize>np << 2);
  const D = load<i32>(net, O_DIM);
  const s = load<f32>(net, O_SCALE);
  const lam2: f32 = <f32>2 * load<f32>(net, O_QUAD);
  let total: f64 = 0;
  for (let r0 = 0; r0 < n; r0 += TAYLOR_CHUNK) {
    const rows = min(TAYLOR_CHUNK, n - r0);
    const blk = <usize>(rows * D) << 2;
    const H0 = netTaylorInput(ws);
    memory.copy(H0, Y + <usize>(r0 * D) * 4, blk);
    memory.copy(H0 + blk, U + <usize>(r0 * D) * 4, blk);
    if (order == 2) memory.fill(H0 + 2 * blk, 0, blk);
    netTaylorForwardChunk(inner, ws, rows, order);
    const Z = netTaylorOutput(inner, ws);
    const up = netTaylorUpstream(inner, ws);
    for (let r = 0; r < rows; r++) {
      // the quadratic term: uᵀ∇(λ‖y‖²) = 2λ yᵀu, uᵀ∇²(λ‖y‖²)u = 2λ‖u‖²
      let yu: f32 = 0, uu: f32 = 0;
      if (lam2 != 0) {
        const y = Y + <usize>((r0 + r) * D) * 4;
        const u = U + <usize>((r0 + r) * D) * 4;
        for (let j = 0; j < D; j++) {
          const uj = load<f32>(u + (<usize>j << 2));
          yu += load<f32>(y + (<usize>j << 2)) * uj;
          uu += uj * uj;
        }
      }
      const d1 = s * load<f32>(Z + (<usize>(rows + r) << 2)) + lam2 * yu;
      const d2 = order == 2 ? s * load<f32>(Z + (<usize>(2 * rows + r) << 2)) + lam2 * uu : <f32>0;
      if (D1 != 0) store<f32>(D1 + (<usize>(r0 + r) << 2), d1);
      if (D2 != 0) store<f32>(D2 + (<usize>(r0 + r) << 2), d2);
      total += <f64>a * <f64>d1 + 0.5 * <f64>b * <f64>d1 * <f64>d1 + <f64>c * <f64>d2;
      // adjoints of the output stack: nothing on the value, s·(a + b·Ḟ) on ż_L, s·c on z̈_L
      store<f32>(up + (<usize>r << 2), 0);
      store<f32>(up + (<usize>(rows + r) << 2), s * (a + b * d1));
      if (order == 2) store<f32>(up + (<usize>(2 * rows + r) << 2), s * c);
    }
    netTaylorBackwardChunk(inner, ws, rows, order, G);
  }
  return total;
}
