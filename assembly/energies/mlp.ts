// The learnable scalar energy of the lecture: F_θ(y) and the conditional
// F_θ(x, y), a multilayer perceptron whose output is the energy,
//   F(x, y) = s · z_L + λ·||y||²,  z_l = W_l·h_{l−1} + b_l,  h_l = act(z_l),  h_0 = [x, y].
// Weights are stored as PyTorch's nn.Linear (out × in, row-major), each
// followed by its bias, in one flat f32 vector θ; a transposed copy of every
// W (in × out) feeds the forward product with SIMD over output units.
// Rows are processed in chunks of CHUNK so the workspace stays in cache and
// never grows with the batch.
import { gemmStrided } from "../core/gemmstrided";
import { axpy } from "../core/axpy";
import { activationForward, activationForwardKeep, multiplyInPlace } from "./activations";
import { fail, E_BAD_ARGUMENT, E_OUT_OF_MEMORY } from "../core/errors";
import { allocBytes, MAX_BLOCK_BYTES } from "../core/memory";

export const KIND_MLP: i32 = 20;
const CHUNK: i32 = 128;

// descriptor: 64 bytes, i32/f32/usize words
const O_KIND = 0;
const O_DIM = 4; // D: dimension of y
const O_LAYERS = 8; // L: linear layers
const O_ACT = 12;
const O_SCALE = 16; // f32 s
const O_QUAD = 20; // f32 λ
const O_COND = 24; // C: dimension of x
const O_NPARAMS = 28;
const O_PARAMS = 32; // θ
const O_WT = 36; // transposed weights, same offsets as θ
const O_SIZES = 40; // i32[L + 1]
const O_WS = 44; // workspace for CHUNK rows
const O_MAXW = 48; // widest layer
const O_GRAD = 52; // scratch f32[numParams] for parameter gradients
const O_XCUR = 56; // conditions x (rows × C) that the dispatcher uses for a conditional net, set by the caller
const O_XSTEP = 60; // bytes from one row's x to the next for O_XCUR: C·4, or 0 when every row has the same x

@inline function sizeAt(net: usize, l: i32): i32 {
  return load<i32>(load<usize>(net, O_SIZES) + (<usize>l << 2));
}

/** Byte offset of layer l's weights in θ (l = 1..L); its bias follows the weights. */
function layerOffset(net: usize, l: i32): usize {
  let off: usize = 0;
  for (let j = 1; j < l; j++) off += <usize>(sizeAt(net, j) * sizeAt(net, j - 1) + sizeAt(net, j)) << 2;
  return off;
}

/**
 * Creates an MLP energy. sizes i32[L+1] = [C + D, hidden…, 1] (copied); act:
 * activation code (activations.ts); θ zero until set. Returns the descriptor
 * (free with mlpDestroy).
 */
export function mlpCreate(sizes: usize, L: i32, inputDim: i32, condDim: i32, act: i32, outputScale: f32, quadratic: f32): usize {
  if (L < 1 || inputDim < 1 || condDim < 0) fail(E_BAD_ARGUMENT, 1);
  if (load<i32>(sizes) != inputDim + condDim || load<i32>(sizes + (<usize>L << 2)) != 1) fail(E_BAD_ARGUMENT, 2);
  // parameter and workspace counts in 64 bits: widths that each pass (e.g.
  // [46341, 46341]) can overflow an i32 count; refuse before allocating anything
  let np64: u64 = 0;
  let ws64: u64 = <u64>load<i32>(sizes);
  let maxW64: u64 = 0;
  for (let l = 0; l <= L; l++) {
    const s = load<i32>(sizes + (<usize>l << 2));
    if (s < 1) fail(E_BAD_ARGUMENT, 3);
    maxW64 = max<u64>(maxW64, <u64>s);
    if (l > 0) {
      np64 += <u64>s * <u64>load<i32>(sizes + (<usize>(l - 1) << 2)) + <u64>s;
      ws64 += 2 * <u64>s;
    }
  }
  ws64 += 2 * maxW64;
  if (np64 * 4 + 16 > <u64>MAX_BLOCK_BYTES || ws64 * <u64>CHUNK * 4 + 16 > <u64>MAX_BLOCK_BYTES) {
    fail(E_OUT_OF_MEMORY, <i32>min<u64>((np64 * 4) >> 20, <u64>i32.MAX_VALUE));
  }
  const net = allocBytes(64);
  memory.fill(net, 0, 64);
  const sz = allocBytes(<u64>(L + 1) * 4);
  memory.copy(sz, sizes, <usize>(L + 1) << 2);
  store<i32>(net, KIND_MLP, O_KIND);
  store<i32>(net, inputDim, O_DIM);
  store<i32>(net, L, O_LAYERS);
  store<i32>(net, act, O_ACT);
  store<f32>(net, outputScale, O_SCALE);
  store<f32>(net, quadratic, O_QUAD);
  store<i32>(net, condDim, O_COND);
  store<usize>(net, sz, O_SIZES);
  let np = 0;
  let maxW = 0;
  for (let l = 0; l <= L; l++) {
    const s = load<i32>(sz + (<usize>l << 2));
    if (s < 1) fail(E_BAD_ARGUMENT, 3);
    maxW = max(maxW, s);
    if (l > 0) np += s * load<i32>(sz + (<usize>(l - 1) << 2)) + s;
  }
  store<i32>(net, np, O_NPARAMS);
  store<i32>(net, maxW, O_MAXW);
  const pb = <usize>np << 2;
  const params = allocBytes(<u64>pb + 16);
  const wt = allocBytes(<u64>pb + 16);
  const grad = allocBytes(<u64>pb + 16);
  memory.fill(params, 0, pb);
  memory.fill(wt, 0, pb);
  store<usize>(net, params, O_PARAMS);
  store<usize>(net, wt, O_WT);
  store<usize>(net, grad, O_GRAD);
  // workspace for CHUNK rows: h_0, then z_l and h_l for every layer, then two gradient buffers
  let ws = sizeAt(net, 0);
  for (let l = 1; l <= L; l++) ws += 2 * sizeAt(net, l);
  ws += 2 * maxW;
  store<usize>(net, allocBytes(<u64>ws * <u64>CHUNK * 4 + 16), O_WS);
  return net;
}

export function mlpDestroy(net: usize): void {
  if (net == 0) return;
  heap.free(load<usize>(net, O_WS));
  heap.free(load<usize>(net, O_GRAD));
  heap.free(load<usize>(net, O_WT));
  heap.free(load<usize>(net, O_PARAMS));
  heap.free(load<usize>(net, O_SIZES));
  heap.free(net);
}

/** θ (f32[numParams]): read or write it, then call mlpSync after writing. */
export function mlpParams(net: usize): usize {
  return load<usize>(net, O_PARAMS);
}

export function mlpNumParams(net: usize): i32 {
  return load<i32>(net, O_NPARAMS);
}

/** Rebuilds the transposed weights from θ. Call after any change of θ. */
export function mlpSync(net: usize): void {
  const L = load<i32>(net, O_LAYERS);
  const P = load<usize>(net, O_PARAMS);
  const T = load<usize>(net, O_WT);
  let off: usize = 0;
  for (let l = 1; l <= L; l++) {
    const out = sizeAt(net, l);
    const inn = sizeAt(net, l - 1);
    const W = P + off;
    const WT = T + off;
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inn; i++) {
        store<f32>(WT + ((<usize>i * <usize>out + <usize>o) << 2), load<f32>(W + ((<usize>o * <usize>inn + <usize>i) << 2)));
      }
    }
    off += <usize>(out * inn + out) << 2;
  }
}

/**
 * PyTorch nn.Linear initialisation from the project RNG: every weight and
 * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
 * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
 */
export function mlpInitUniform(net: usize, u: usize): void {
  const L = load<i32>(net, O_LAYERS);
  const P = load<usize>(net, O_PARAMS);
  let off: usize = 0;
  for (let l = 1; l <= L; l++) {
    const out = sizeAt(net, l);
    const inn = sizeAt(net, l - 1);
    const bound = <f32>(1.0 / Math.sqrt(<f64>inn));
    const cnt = out * inn + out;
    for (let t = 0; t < cnt; t++) {
      const p = off + (<usize>t << 2);
      store<f32>(P + p, (2 * load<f32>(u + p) - 1) * bound);
    }
    off += <usize>cnt << 2;
  }
  mlpSync(net);
}

// ---- forward and backward on one chunk ------------------------------------

@inline function wsH0(net: usize): usize {
  return load<usize>(net, O_WS);
}

/** Offsets of z_l and h_l (l ≥ 1) for a chunk of `rows` rows (buffers are laid out for CHUNK rows). */
function wsZ(net: usize, l: i32): usize {
  let p = wsH0(net) + <usize>sizeAt(net, 0) * <usize>CHUNK * 4;
  for (let j = 1; j < l; j++) p += <usize>(2 * sizeAt(net, j)) * <usize>CHUNK * 4;
  return p;
}
@inline function wsH(net: usize, l: i32): usize {
  return wsZ(net, l) + <usize>sizeAt(net, l) * <usize>CHUNK * 4;
}
@inline function wsG(net: usize, which: i32): usize {
  const L = load<i32>(net, O_LAYERS);
  return wsZ(net, L) + <usize>(2 * sizeAt(net, L)) * <usize>CHUNK * 4 + <usize>which * <usize>load<i32>(net, O_MAXW) * <usize>CHUNK * 4;
}

/**
 * h_0 = [x, y] for rows r0..r0+rows of X and Y (rows×D). Row r's x is at
 * X + r·xStep: xStep = C·4 for one x per row, 0 for one x shared by all rows.
 */
function loadInput(net: usize, Y: usize, X: usize, xStep: usize, r0: i32, rows: i32): void {
  const D = load<i32>(net, O_DIM);
  const C = load<i32>(net, O_COND);
  const W = C + D;
  const H0 = wsH0(net);
  for (let r = 0; r < rows; r++) {
    const h = H0 + <usize>(r * W) * 4;
    if (C > 0) memory.copy(h, X + <usize>(r0 + r) * xStep, <usize>C << 2);
    memory.copy(h + (<usize>C << 2), Y + <usize>((r0 + r) * D) * 4, <usize>D << 2);
  }
}

/**
 * Forward pass of one chunk: fills h_l and z_L (rows×1, the raw output). With
 * `keep` the z_l buffers of hidden layers end up holding f'(z_l) for the
 * backward pass (computed with f, sharing the exponentials); else z_l.
 */
function forwardChunk(net: usize, rows: i32, keep: bool = false): void {
  const L = load<i32>(net, O_LAYERS);
  const act = load<i32>(net, O_ACT);
  const P = load<usize>(net, O_PARAMS);
  const T = load<usize>(net, O_WT);
  let off: usize = 0;
  let Hprev = wsH0(net);
  for (let l = 1; l <= L; l++) {
    const out = sizeAt(net, l);
    const inn = sizeAt(net, l - 1);
    const Z = wsZ(net, l);
    // z = h·Wᵀ: A = h (rows×in, contiguous rows), B = Wᵀ (in×out); for out = 1 use W's single row
    const B = out == 1 ? P + off : T + off;
    gemmStrided(Z, Hprev, <usize>inn << 2, 4, B, rows, inn, out, false);
    const bias = P + off + (<usize>(out * inn) << 2);
    addBias(Z, bias, rows, out);
    if (l < L) {
      const H = wsH(net, l);
      if (keep) activationForwardKeep(H, Z, rows * out, act);
      else activationForward(H, Z, rows * out, act);
      Hprev = H;
    }
    off += <usize>(out * inn + out) << 2;
  }
}

/** z_r += b for every row r (axpy with α = 1: the same bits as a plain add). */
@inline function addBias(Z: usize, bias: usize, rows: i32, out: i32): void {
  for (let r = 0; r < rows; r++) axpy(Z + <usize>(r * out) * 4, 1, bias, out);
}

/**
 * Backward pass of one chunk from g = ∂/∂z_L (rows×1, in gradient buffer 0).
 * With `gradParams` accumulates Σ_rows ∂/∂θ into G (f32[numParams]); with
 * `wantInput` leaves ∂/∂h_0 (rows × (C+D)) in the returned buffer.
 */
function backwardChunk(net: usize, rows: i32, G: usize, gradParams: bool, wantInput: bool): usize {
  const L = load<i32>(net, O_LAYERS);
  const act = load<i32>(net, O_ACT);
  const P = load<usize>(net, O_PARAMS);
  let cur = wsG(net, 0);
  let nxt = wsG(net, 1);
  for (let l = L; l >= 1; l--) {
    const out = sizeAt(net, l);
    const inn = sizeAt(net, l - 1);
    const off = layerOffset(net, l);
    const Hprev = l > 1 ? wsH(net, l - 1) : wsH0(net);
    if (gradParams) {
      // dW += gᵀ·h_{l−1}: A(o, r) = g[r, o] (sai = 4, sap = out·4), B = h_{l−1} (rows×in)
      gemmStrided(G + off, cur, 4, <usize>out << 2, Hprev, out, rows, inn, true);
      const db = G + off + (<usize>(out * inn) << 2);
      for (let r = 0; r < rows; r++) axpy(db, 1, cur + <usize>(r * out) * 4, out); // db += g_r
    }
    if (l > 1 || wantInput) {
      // ∂/∂h_{l−1} = g·W: A = g (rows×out), B = W (out×in)
      gemmStrided(nxt, cur, <usize>out << 2, 4, P + off, rows, out, inn, false);
      if (l > 1) multiplyInPlace(nxt, wsZ(net, l - 1), rows * inn); // the stored f'(z_{l−1})
      const t = cur;
      cur = nxt;
      nxt = t;
    }
  }
  return cur;
}

/** E[r] = s·z_L[r] + λ·||y_r||² for a chunk. */
function chunkEnergy(net: usize, E: usize, Y: usize, r0: i32, rows: i32): void {
  const D = load<i32>(net, O_DIM);
  const s = load<f32>(net, O_SCALE);
  const lam = load<f32>(net, O_QUAD);
  const Z = wsZ(net, load<i32>(net, O_LAYERS));
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
    const g0 = wsG(net, 0);
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
  const np = load<i32>(net, O_NPARAMS);
  if (accumulate == 0) memory.fill(out, 0, <usize>np << 2);
  const s = load<f32>(net, O_SCALE);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = min(CHUNK, n - r0);
    loadInput(net, Y, X, xStepOf(net), r0, rows);
    forwardChunk(net, rows, true);
    if (E != 0) chunkEnergy(net, E, Y, r0, rows);
    const g0 = wsG(net, 0);
    for (let r = 0; r < rows; r++) store<f32>(g0 + (<usize>r << 2), s * load<f32>(w + (<usize>(r0 + r) << 2)));
    backwardChunk(net, rows, out, true, false);
  }
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
