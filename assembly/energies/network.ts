// One batched feed-forward network for every model: the MLP energy's scalar
// net and the decoders of GLO and the latent-variable EBM are all this block.
//   out = z_L,  z_l = W_l·h_{l−1} + b_l,  h_l = act(z_l) (l < L),  h_0 = the input row.
// Weights are stored as PyTorch's nn.Linear (out × in, row-major), each
// followed by its bias, in one flat f32 vector θ; a transposed copy of every
// W (in × out) feeds the forward product with SIMD over output units. Rows go
// through in chunks of NET_CHUNK so the workspace stays in cache and never
// grows with the batch. Backward passes take an upstream gradient dL/d(out)
// per row and give dL/d(input) and/or Σ_rows dL/dθ, exactly (no approximation).
import { gemmStrided } from "../core/gemmstrided";
import { axpy } from "../core/axpy";
import { activationForward, activationForwardKeep, activationTaylor, activationTaylorBack, multiplyInPlace } from "./activations";
import { fail, E_BAD_ARGUMENT, E_OUT_OF_MEMORY } from "../core/errors";
import { allocBytes, MAX_BLOCK_BYTES } from "../core/memory";

/** Rows per chunk: the workspace holds every layer's activations for this many rows. */
export const NET_CHUNK: i32 = 128;

// the network block: 32 bytes of i32/usize words
const N_LAYERS = 0; // L: linear layers
const N_ACT = 4;
const N_NPARAMS = 8;
const N_MAXW = 12; // widest layer
const N_PARAMS = 16; // θ
const N_WT = 20; // transposed weights, same offsets as θ
const N_SIZES = 24; // i32[L + 1]
const N_WS = 28; // workspace for NET_CHUNK rows
const NET_BYTES = 32;

@inline export function netSize(net: usize, l: i32): i32 {
  return load<i32>(load<usize>(net, N_SIZES) + (<usize>l << 2));
}

@inline export function netLayers(net: usize): i32 {
  return load<i32>(net, N_LAYERS);
}

/** Byte offset of layer l's weights in θ (l = 1..L); its bias follows the weights. */
function layerOffset(net: usize, l: i32): usize {
  let off: usize = 0;
  for (let j = 1; j < l; j++) off += <usize>(netSize(net, j) * netSize(net, j - 1) + netSize(net, j)) << 2;
  return off;
}

/**
 * Creates a network. sizes i32[L+1] = [input, hidden…, output] (copied, each ≥ 1);
 * act: activation code of the hidden layers (activations.ts); θ zero until set.
 * `extra` f32 follow θ in its block (zero): a model's own parameters, such as
 * embeddings, so that the learnable protocol sees one vector. Returns the
 * block (free with networkDestroy).
 */
export function networkCreate(sizes: usize, L: i32, act: i32, extra: i32): usize {
  if (L < 1 || extra < 0) fail(E_BAD_ARGUMENT, 1);
  // parameter and workspace counts in 64 bits before anything is allocated: widths that each
  // pass (e.g. [46341, 46341]) overflow an i32 count, and a wrapped count would allocate small
  let np64: u64 = 0;
  let ws64: u64 = 0;
  let maxW64: u64 = 0;
  for (let l = 0; l <= L; l++) {
    const s = load<i32>(sizes + (<usize>l << 2));
    if (s < 1) fail(E_BAD_ARGUMENT, 3);
    maxW64 = max<u64>(maxW64, <u64>s);
    if (l == 0) ws64 += <u64>s;
    else {
      np64 += <u64>s * <u64>load<i32>(sizes + (<usize>(l - 1) << 2)) + <u64>s;
      ws64 += 2 * <u64>s;
    }
  }
  ws64 += 2 * maxW64;
  if ((np64 + <u64>extra) * 4 + 16 > <u64>MAX_BLOCK_BYTES || ws64 * <u64>NET_CHUNK * 4 + 16 > <u64>MAX_BLOCK_BYTES) {
    fail(E_OUT_OF_MEMORY, <i32>min<u64>(((np64 + <u64>extra) * 4) >> 20, <u64>i32.MAX_VALUE));
  }
  const net = allocBytes(NET_BYTES);
  memory.fill(net, 0, NET_BYTES);
  const sz = allocBytes(<u64>(L + 1) * 4);
  memory.copy(sz, sizes, <usize>(L + 1) << 2);
  store<i32>(net, L, N_LAYERS);
  store<i32>(net, act, N_ACT);
  store<usize>(net, sz, N_SIZES);
  const np = <i32>np64;
  store<i32>(net, np, N_NPARAMS);
  store<i32>(net, <i32>maxW64, N_MAXW);
  const pb = <usize>np << 2;
  const params = allocBytes(<u64>pb + (<u64>extra << 2) + 16);
  const wt = allocBytes(<u64>pb + 16);
  memory.fill(params, 0, pb + (<usize>extra << 2));
  memory.fill(wt, 0, pb);
  store<usize>(net, params, N_PARAMS);
  store<usize>(net, wt, N_WT);
  // workspace for NET_CHUNK rows: h_0, then z_l and h_l for every layer, then two gradient buffers
  store<usize>(net, allocBytes(ws64 * <u64>NET_CHUNK * 4 + 16), N_WS);
  return net;
}

export function networkDestroy(net: usize): void {
  if (net == 0) return;
  heap.free(load<usize>(net, N_WS));
  heap.free(load<usize>(net, N_WT));
  heap.free(load<usize>(net, N_PARAMS));
  heap.free(load<usize>(net, N_SIZES));
  heap.free(net);
}

/** θ (f32[numParams]): read or write it, then call networkSync after writing. */
export function networkParams(net: usize): usize {
  return load<usize>(net, N_PARAMS);
}

export function networkNumParams(net: usize): i32 {
  return load<i32>(net, N_NPARAMS);
}

/** Width of the input (sizes[0]). */
export function networkInputWidth(net: usize): i32 {
  return netSize(net, 0);
}

/** Width of the output (sizes[L]). */
export function networkOutputWidth(net: usize): i32 {
  return netSize(net, load<i32>(net, N_LAYERS));
}

/** Rebuilds the transposed weights from θ. Call after any change of θ. */
export function networkSync(net: usize): void {
  const L = load<i32>(net, N_LAYERS);
  const P = load<usize>(net, N_PARAMS);
  const T = load<usize>(net, N_WT);
  let off: usize = 0;
  for (let l = 1; l <= L; l++) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
    const W = P + off;
    const WT = T + off;
    // in 16 × 16 tiles: a row-by-row transpose writes WT a column at a time, one cache miss per
    // weight once a layer outgrows the cache (~10 ms for 512 × 512, as long as a fit's batch of
    // 64 rows; every optimizer step and every worker's new parameters sync)
    for (let o0 = 0; o0 < out; o0 += 16) {
      const o1 = min(o0 + 16, out);
      for (let i0 = 0; i0 < inn; i0 += 16) {
        const i1 = min(i0 + 16, inn);
        for (let o = o0; o < o1; o++) {
          for (let i = i0; i < i1; i++) {
            store<f32>(WT + ((<usize>i * <usize>out + <usize>o) << 2), load<f32>(W + ((<usize>o * <usize>inn + <usize>i) << 2)));
          }
        }
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
export function networkInitUniform(net: usize, u: usize): void {
  const L = load<i32>(net, N_LAYERS);
  const P = load<usize>(net, N_PARAMS);
  let off: usize = 0;
  for (let l = 1; l <= L; l++) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
    const bound = <f32>(1.0 / Math.sqrt(<f64>inn));
    const cnt = out * inn + out;
    for (let t = 0; t < cnt; t++) {
      const p = off + (<usize>t << 2);
      store<f32>(P + p, (2 * load<f32>(u + p) - 1) * bound);
    }
    off += <usize>cnt << 2;
  }
  networkSync(net);
}

// ---- one chunk: the pieces models fuse their own loss into -----------------

/** The chunk's input rows h_0 (rows × sizes[0], contiguous): write them before a forward pass. */
@inline export function netInput(net: usize): usize {
  return load<usize>(net, N_WS);
}

/** Offset of z_l (l ≥ 1) in the workspace (buffers are laid out for NET_CHUNK rows). */
function wsZ(net: usize, l: i32): usize {
  let p = netInput(net) + <usize>netSize(net, 0) * <usize>NET_CHUNK * 4;
  for (let j = 1; j < l; j++) p += <usize>(2 * netSize(net, j)) * <usize>NET_CHUNK * 4;
  return p;
}
@inline function wsH(net: usize, l: i32): usize {
  return wsZ(net, l) + <usize>netSize(net, l) * <usize>NET_CHUNK * 4;
}
@inline function wsG(net: usize, which: i32): usize {
  const L = load<i32>(net, N_LAYERS);
  return wsZ(net, L) + <usize>(2 * netSize(net, L)) * <usize>NET_CHUNK * 4 + <usize>which * <usize>load<i32>(net, N_MAXW) * <usize>NET_CHUNK * 4;
}

/** The chunk's output z_L (rows × sizes[L]) after netForwardChunk. */
export function netOutput(net: usize): usize {
  return wsZ(net, load<i32>(net, N_LAYERS));
}

/** Where the upstream gradient dL/dz_L (rows × sizes[L]) goes before netBackwardChunk. */
export function netUpstream(net: usize): usize {
  return wsG(net, 0);
}

/**
 * Forward pass of one chunk from netInput: fills h_l and z_L. With `keep`
 * the z_l buffers of hidden layers end up holding f'(z_l) for the backward
 * pass (computed with f, sharing the exponentials); else z_l.
 */
export function netForwardChunk(net: usize, rows: i32, keep: bool): void {
  const L = load<i32>(net, N_LAYERS);
  const act = load<i32>(net, N_ACT);
  const P = load<usize>(net, N_PARAMS);
  const T = load<usize>(net, N_WT);
  let off: usize = 0;
  let Hprev = netInput(net);
  for (let l = 1; l <= L; l++) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
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
 * Backward pass of one chunk (after netForwardChunk with keep) from
 * g = dL/dz_L in netUpstream. With `gradParams` accumulates Σ_rows dL/dθ into
 * G (f32[numParams]); with `wantInput` returns the buffer holding dL/dh_0
 * (rows × sizes[0]). The upstream buffer is overwritten.
 */
export function netBackwardChunk(net: usize, rows: i32, G: usize, gradParams: bool, wantInput: bool): usize {
  const L = load<i32>(net, N_LAYERS);
  const P = load<usize>(net, N_PARAMS);
  let cur = wsG(net, 0);
  let nxt = wsG(net, 1);
  for (let l = L; l >= 1; l--) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
    const off = layerOffset(net, l);
    const Hprev = l > 1 ? wsH(net, l - 1) : netInput(net);
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

// ---- whole batches ----------------------------------------------------------

/** Out (n × sizes[L]) = net(X) for the n rows of X (n × sizes[0]). */
export function networkForward(net: usize, Out: usize, X: usize, n: i32): void {
  const I = netSize(net, 0);
  const O = networkOutputWidth(net);
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, n - r0);
    memory.copy(netInput(net), X + <usize>(r0 * I) * 4, <usize>(rows * I) << 2);
    netForwardChunk(net, rows, false);
    memory.copy(Out + <usize>(r0 * O) * 4, netOutput(net), <usize>(rows * O) << 2);
  }
}

/**
 * The vector-Jacobian products of a batch: given GOut (n × sizes[L]) = dL/d(out)
 * per row, writes GX (n × sizes[0], or 0) = dL/dX and GP (f32[numParams], or 0)
 * = Σ_rows dL/dθ (added to GP when accumulate ≠ 0, else GP is overwritten).
 * Out (n × sizes[L], or 0) receives the forward outputs on the way.
 */
export function networkBackward(net: usize, GX: usize, GP: usize, Out: usize, X: usize, GOut: usize, n: i32, accumulate: i32): void {
  const I = netSize(net, 0);
  const O = networkOutputWidth(net);
  if (GP != 0 && accumulate == 0) memory.fill(GP, 0, <usize>load<i32>(net, N_NPARAMS) << 2);
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, n - r0);
    memory.copy(netInput(net), X + <usize>(r0 * I) * 4, <usize>(rows * I) << 2);
    netForwardChunk(net, rows, true);
    if (Out != 0) memory.copy(Out + <usize>(r0 * O) * 4, netOutput(net), <usize>(rows * O) << 2);
    memory.copy(netUpstream(net), GOut + <usize>(r0 * O) * 4, <usize>(rows * O) << 2);
    const dh = netBackwardChunk(net, rows, GP, GP != 0, GX != 0);
    if (GX != 0) memory.copy(GX + <usize>(r0 * I) * 4, dh, <usize>(rows * I) << 2);
  }
}

// ---- Taylor mode: a network pushed along a direction, and its reverse pass to θ ----
//
// Score matching needs ∂θ of first and second directional derivatives of the
// output along a direction u held fixed (train/scorematching.ts). Along
// h_0(t) = x + t·u every layer carries its value and its first and second
// t-derivatives at t = 0 (Taylor mode of order 2):
//   z_l = W h + b,  ż_l = W ḣ,  z̈_l = W ḧ;
//   h = f(z),  ḣ = f'(z)·ż,  ḧ = f''(z)·ż² + f'(z)·z̈,
// so ż_L = uᵀ∇out and z̈_L = uᵀ∇²out u. The three streams of a chunk of R rows
// are stacked (value rows, then first, then second tangents: 3R rows), so each
// layer is one product of the stack with Wᵀ, and the reverse pass's parameter
// gradient ∂W += Σ_streams ḡᵀ·h is one product of the stacked adjoints with
// the stacked inputs; only the value stream gets the bias. The reverse pass
// through an activation uses f', f'', f''' at z (kept in the forward pass):
//   z̄̈ = h̄̈·f',  z̄̇ = h̄̇·f' + 2·h̄̈·f''·ż,
//   z̄ = h̄·f' + h̄̇·f''·ż + h̄̈·(f'''·ż² + f''·z̈).
// Order 1 carries the value and first stream only (the second terms vanish).
// The workspace is the caller's (networkTaylorBytes), so a trainer owns it.

/** Rows per Taylor chunk: 3 streams of this many rows. */
export const TAYLOR_CHUNK: i32 = 64;

/** Bytes of the Taylor workspace of this network (f64, checked by the caller before allocating). */
export function networkTaylorBytes(net: usize): f64 {
  const L = load<i32>(net, N_LAYERS);
  let w: f64 = <f64>netSize(net, 0);
  for (let l = 1; l <= L; l++) w += <f64>netSize(net, l) * (l < L ? 3 : 1);
  w += 2 * <f64>load<i32>(net, N_MAXW);
  return w * 3 * <f64>TAYLOR_CHUNK * 4 + 64;
}

// workspace layout (floats, each buffer sized for 3 streams of TAYLOR_CHUNK rows):
// input stack, then per layer its z stack, and for hidden layers the kept
// derivatives f', f'', f''' and the h stack; then two adjoint stacks of the widest layer
@inline function tStack(width: i32): usize {
  return <usize>width * <usize>(3 * TAYLOR_CHUNK) * 4;
}
/** The chunk's input stack (x rows, then u rows, then zeros for order 2): write it before netTaylorForwardChunk. */
@inline export function netTaylorInput(ws: usize): usize {
  return ws;
}
function tZ(net: usize, ws: usize, l: i32): usize {
  const L = load<i32>(net, N_LAYERS);
  let p = ws + tStack(netSize(net, 0));
  for (let j = 1; j < l; j++) p += tStack(netSize(net, j)) * (j < L ? 3 : 1);
  return p;
}
@inline function tD(net: usize, ws: usize, l: i32): usize {
  return tZ(net, ws, l) + tStack(netSize(net, l));
}
@inline function tH(net: usize, ws: usize, l: i32): usize {
  return tZ(net, ws, l) + 2 * tStack(netSize(net, l));
}
@inline function tG(net: usize, ws: usize, which: i32): usize {
  const L = load<i32>(net, N_LAYERS);
  return tZ(net, ws, L) + tStack(netSize(net, L)) + <usize>which * tStack(load<i32>(net, N_MAXW));
}

/** The chunk's output stack (z_L, ż_L, z̈_L: R rows × sizes[L] each) after netTaylorForwardChunk. */
export function netTaylorOutput(net: usize, ws: usize): usize {
  return tZ(net, ws, load<i32>(net, N_LAYERS));
}

/** Where the adjoints of the output stack go before netTaylorBackwardChunk (same layout as the output stack). */
export function netTaylorUpstream(net: usize, ws: usize): usize {
  return tG(net, ws, 0);
}

/** Forward pass of the order-1 or order-2 stack of `rows` rows from netTaylorInput. */
export function netTaylorForwardChunk(net: usize, ws: usize, rows: i32, order: i32): void {
  const L = load<i32>(net, N_LAYERS);
  const act = load<i32>(net, N_ACT);
  const P = load<usize>(net, N_PARAMS);
  const T = load<usize>(net, N_WT);
  const S = order + 1;
  let off: usize = 0;
  let Hprev = netTaylorInput(ws);
  for (let l = 1; l <= L; l++) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
    const Z = tZ(net, ws, l);
    const B = out == 1 ? P + off : T + off;
    gemmStrided(Z, Hprev, <usize>inn << 2, 4, B, S * rows, inn, out, false);
    addBias(Z, P + off + (<usize>(out * inn) << 2), rows, out);
    if (l < L) {
      const H = tH(net, ws, l);
      activationTaylor(H, Z, tD(net, ws, l), rows * out, order, act);
      Hprev = H;
    }
    off += <usize>(out * inn + out) << 2;
  }
}

/**
 * Reverse pass of the stack (after netTaylorForwardChunk with the same rows
 * and order) from the adjoints in netTaylorUpstream: accumulates
 * Σ_rows d(loss)/dθ into G (f32[numParams]). The adjoint buffers are overwritten.
 */
export function netTaylorBackwardChunk(net: usize, ws: usize, rows: i32, order: i32, G: usize): void {
  const L = load<i32>(net, N_LAYERS);
  const P = load<usize>(net, N_PARAMS);
  const S = order + 1;
  let cur = tG(net, ws, 0);
  let nxt = tG(net, ws, 1);
  for (let l = L; l >= 1; l--) {
    const out = netSize(net, l);
    const inn = netSize(net, l - 1);
    const off = layerOffset(net, l);
    const Hprev = l > 1 ? tH(net, ws, l - 1) : netTaylorInput(ws);
    // dW += Σ over the stacked rows of ḡᵀ·h (value, first and second streams alike)
    gemmStrided(G + off, cur, 4, <usize>out << 2, Hprev, out, S * rows, inn, true);
    const db = G + off + (<usize>(out * inn) << 2);
    for (let r = 0; r < rows; r++) axpy(db, 1, cur + <usize>(r * out) * 4, out); // only the value stream has b
    if (l > 1) {
      gemmStrided(nxt, cur, <usize>out << 2, 4, P + off, S * rows, out, inn, false);
      activationTaylorBack(nxt, tZ(net, ws, l - 1), tD(net, ws, l - 1), rows * inn, order);
      const t = cur;
      cur = nxt;
      nxt = t;
    }
  }
}
