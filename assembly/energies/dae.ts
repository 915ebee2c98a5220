// Denoising autoencoder (Vincent et al. 2008; the lecture's first contrastive
// example): an encoder-decoder r = dec∘enc on the shared network kernel
// (energies/network.ts, sizes [D, hidden…, d, …hidden, D]) trained to map a
// corrupted row ỹ back to its clean y. As an energy F(y) = ‖y − r(y)‖²: low on
// the data manifold, because every corrupted point was pushed back onto it.
// Its exact gradient is ∇F = 2(I − J_r)ᵀ(y − r) = 2(y − r) + J_rᵀ·2(r − y),
// the second term from the network's input backward pass.
import {
  NET_CHUNK, netBackwardChunk, netForwardChunk, netInput, netOutput, netUpstream,
  netLayers, netSize, networkCreate, networkDestroy, networkForward, networkNumParams, networkParams, networkSync, networkOutputWidth,
} from "./network";
import { rngInit, rngNormal, rngUniform } from "../core/rng";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";
import { MINIBATCH_BLOCK } from "../train/minibatch";
import { ACT_IDENTITY, ACT_RELU, ACT_TANH } from "./activations";

export const KIND_DAE: i32 = 24;
/** Corruptions of daeTrainBatch: Gaussian noise of std p, masking (zero) with rate p, salt-and-pepper with rate p. */
export const DAE_GAUSSIAN: i32 = 0;
export const DAE_MASK: i32 = 1;
export const DAE_SALT_PEPPER: i32 = 2;
/** Penalties of daeSetPenalty on the code h = act(W₁y + b₁) of a one-layer encoder. */
export const DAE_PENALTY_NONE: i32 = 0;
/** λ‖∂h/∂y‖²_F = λ Σ_j act'(z_j)² ‖W₁ⱼ‖² (Rifai et al. 2011); tanh, relu or identity. */
export const DAE_PENALTY_CONTRACTIVE: i32 = 1;
/** λ Σ_j max(0, z_j): each relu unit's distance from its flat region z ≤ 0 (Goroshin & LeCun 2013); relu only. */
export const DAE_PENALTY_SATURATING: i32 = 2;

// the block (a descriptor: kind and dim first), 32 bytes
const A_KIND = 0;
const A_DIM = 4;
const A_NET = 8;
const A_CORR = 12; // corruption kind
const A_P = 16; // f32: std or rate
const A_LO = 20; // f32: salt-and-pepper's two values
const A_HI = 24;
const A_ACT = 28;
const A_PEN = 32; // penalty kind
const A_LAMBDA = 36; // f32
const A_BYTES = 48;

@inline function netOf(a: usize): usize {
  return load<usize>(a, A_NET);
}

/** Creates an autoencoder: sizes i32[L+1] = [D, …, D] (act an ACT_* code on every hidden layer, the code included). */
export function daeCreate(sizes: usize, L: i32, act: i32, corr: i32, p: f32, lo: f32, hi: f32): usize {
  if (corr < DAE_GAUSSIAN || corr > DAE_SALT_PEPPER) fail(E_BAD_ARGUMENT, corr);
  const net = networkCreate(sizes, L, act, 0);
  if (networkOutputWidth(net) != load<i32>(sizes)) {
    networkDestroy(net);
    fail(E_BAD_ARGUMENT, L);
  }
  const a = allocBytes(A_BYTES);
  memory.fill(a, 0, A_BYTES);
  store<i32>(a, act, A_ACT);
  store<i32>(a, KIND_DAE, A_KIND);
  store<i32>(a, load<i32>(sizes), A_DIM);
  store<usize>(a, net, A_NET);
  store<i32>(a, corr, A_CORR);
  store<f32>(a, p, A_P);
  store<f32>(a, lo, A_LO);
  store<f32>(a, hi, A_HI);
  return a;
}

/**
 * Sets the training penalty (DAE_PENALTY_*, weight λ ≥ 0). Needs a one-layer
 * encoder (sizes [D, d, D]) and an activation the penalty is defined for.
 */
export function daeSetPenalty(a: usize, kind: i32, lambda: f32): void {
  const act = load<i32>(a, A_ACT);
  const ok = kind == DAE_PENALTY_NONE
    || (kind == DAE_PENALTY_CONTRACTIVE && (act == ACT_TANH || act == ACT_RELU || act == ACT_IDENTITY))
    || (kind == DAE_PENALTY_SATURATING && act == ACT_RELU);
  if (!ok || !(lambda >= 0)) fail(E_BAD_ARGUMENT, kind);
  if (kind != DAE_PENALTY_NONE && netLayers(netOf(a)) != 2) fail(E_BAD_ARGUMENT, netLayers(netOf(a)));
  store<i32>(a, kind, A_PEN);
  store<f32>(a, lambda, A_LAMBDA);
}

/**
 * The penalty of the encoder code for `rows` rows X (rows×D): returns Σ_rows P
 * (f64) and adds Σ_rows ∂P/∂θ to G (f32[P]: W₁ and b₁ are θ's first block).
 * z is recomputed here in f64 from W₁, and for tanh act' = 1 − t², act'' = −2t·act'.
 */
function penaltyChunk(a: usize, X: usize, rows: i32, G: usize): f64 {
  const kind = load<i32>(a, A_PEN);
  const lambda = <f64>load<f32>(a, A_LAMBDA);
  const net = netOf(a);
  const D = load<i32>(a, A_DIM);
  const d = netSize(net, 1);
  const act = load<i32>(a, A_ACT);
  const W = networkParams(net);
  const b = W + (<usize>(d * D) << 2);
  const gb = G + (<usize>(d * D) << 2);
  let total: f64 = 0;
  for (let j = 0; j < d; j++) {
    const Wj = W + (<usize>(j * D) << 2);
    let s: f64 = 0;
    for (let i = 0; i < D; i++) {
      const w = <f64>load<f32>(Wj + (<usize>i << 2));
      s += w * w;
    }
    for (let r = 0; r < rows; r++) {
      const x = X + (<usize>(r * D) << 2);
      let z = <f64>load<f32>(b + (<usize>j << 2));
      for (let i = 0; i < D; i++) z += <f64>load<f32>(Wj + (<usize>i << 2)) * <f64>load<f32>(x + (<usize>i << 2));
      let dz: f64 = 0; // ∂P/∂z_j
      let dw: f64 = 0; // ∂P/∂W_ji = dz·x_i + dw·W_ji
      if (kind == DAE_PENALTY_CONTRACTIVE) {
        let g1: f64 = 1;
        let g2: f64 = 0;
        if (act == ACT_TANH) {
          const t = Math.tanh(z);
          g1 = 1 - t * t;
          g2 = -2 * t * g1;
        } else if (act == ACT_RELU) g1 = z > 0 ? 1 : 0;
        total += lambda * g1 * g1 * s;
        dz = lambda * 2 * g1 * g2 * s;
        dw = lambda * g1 * g1 * 2;
      } else {
        if (z > 0) {
          total += lambda * z;
          dz = lambda;
        }
      }
      if (dz == 0 && dw == 0) continue;
      const gw = G + (<usize>(j * D) << 2);
      for (let i = 0; i < D; i++) {
        const q = <usize>i << 2;
        const v = dz * <f64>load<f32>(x + q) + dw * <f64>load<f32>(Wj + q);
        store<f32>(gw + q, load<f32>(gw + q) + <f32>v);
      }
      store<f32>(gb + (<usize>j << 2), load<f32>(gb + (<usize>j << 2)) + <f32>dz);
    }
  }
  return total;
}

export function daeDestroy(a: usize): void {
  if (a == 0) return;
  networkDestroy(netOf(a));
  heap.free(a);
}

/** The autoencoder network (energies/network.ts). */
export function daeNetwork(a: usize): usize {
  return netOf(a);
}

export function daeParams(a: usize): usize {
  return networkParams(netOf(a));
}

export function daeNumParams(a: usize): i32 {
  return networkNumParams(netOf(a));
}

export function daeSync(a: usize): void {
  networkSync(netOf(a));
}

/**
 * One chunk's F, ∇_y F and/or weighted ∂F/∂θ: Y's rows r0… go through the
 * network; the upstream gradient is w·2(r − y).
 */
function chunkEval(a: usize, Y: usize, r0: i32, rows: i32, E: usize, G: usize, w: usize, GP: usize): void {
  const net = netOf(a);
  const D = load<i32>(a, A_DIM);
  memory.copy(netInput(net), Y + <usize>(r0 * D) * 4, <usize>(rows * D) << 2);
  const back = G != 0 || GP != 0;
  netForwardChunk(net, rows, back);
  const out = netOutput(net);
  const up = netUpstream(net);
  for (let r = 0; r < rows; r++) {
    const o = out + <usize>(r * D) * 4;
    const y = Y + <usize>((r0 + r) * D) * 4;
    const u = up + <usize>(r * D) * 4;
    const wr = w != 0 ? load<f32>(w + (<usize>(r0 + r) << 2)) : <f32>1;
    let e: f64 = 0;
    for (let k = 0; k < D; k++) {
      const kk = <usize>k << 2;
      const dlt = load<f32>(o + kk) - load<f32>(y + kk);
      e += <f64>dlt * <f64>dlt;
      store<f32>(u + kk, wr * (<f32>2 * dlt));
      if (G != 0) store<f32>(G + <usize>((r0 + r) * D) * 4 + kk, <f32>-2 * dlt);
    }
    if (E != 0) store<f32>(E + (<usize>(r0 + r) << 2), <f32>e);
  }
  if (!back) return;
  const dh = netBackwardChunk(net, rows, GP, GP != 0, G != 0);
  if (G != 0) {
    for (let i = 0; i < rows * D; i++) {
      const p = G + <usize>(r0 * D + i) * 4;
      store<f32>(p, load<f32>(p) + load<f32>(dh + (<usize>i << 2)));
    }
  }
}

/** The energy dispatcher's entry (kind 23): F = ‖y − r(y)‖² into E, ∇_y F (exact) into G; either may be 0. */
export function daeEnergyEval(a: usize, Y: usize, n: i32, E: usize, G: usize): void {
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) chunkEval(a, Y, r0, min(NET_CHUNK, n - r0), E, G, 0, 0);
}

/** F of n rows (the learnable protocol's energy). */
export function daeEnergy(a: usize, E: usize, Y: usize, n: i32): void {
  daeEnergyEval(a, Y, n, E, 0);
}

/** out f32[P] = Σ_r w_r ∂F(y_r)/∂θ (+= when accumulate ≠ 0); E f32[n] or 0. */
export function daeParamGrad(a: usize, out: usize, w: usize, Y: usize, n: i32, accumulate: i32, E: usize): void {
  if (accumulate == 0) memory.fill(out, 0, <usize>daeNumParams(a) << 2);
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) chunkEval(a, Y, r0, min(NET_CHUNK, n - r0), E, 0, w, out);
}

/** Out (n×D) = r(Y). */
export function daeReconstruct(a: usize, Out: usize, Y: usize, n: i32): void {
  networkForward(netOf(a), Out, Y, n);
}

/** Out (n×D) = scale·(r(y) − y): the field (scale 1) or the score estimate (scale 1/σ²). */
export function daeField(a: usize, Out: usize, Y: usize, n: i32, scale: f32): void {
  networkForward(netOf(a), Out, Y, n);
  const m = n * load<i32>(a, A_DIM);
  for (let i = 0; i < m; i++) {
    const p = <usize>i << 2;
    store<f32>(Out + p, scale * (load<f32>(Out + p) - load<f32>(Y + p)));
  }
}

/** Out (n×D) = r applied `steps` times to Y (Out may not alias Y). */
export function daeProject(a: usize, Out: usize, Y: usize, n: i32, steps: i32): void {
  memory.copy(Out, Y, <usize>n * <usize>load<i32>(a, A_DIM) * 4);
  // networkForward reads each chunk into the workspace before writing it back: in place is safe
  for (let s = 0; s < steps; s++) networkForward(netOf(a), Out, Out, n);
}

/** Corruption streams have the top bit set: apart from stream 0 (initialisation) and the epoch orders (1 + epoch < 2^31). */
export const DAE_NOISE_STREAM: u32 = 0x80000000;

const rowRng = memory.data(32, 16);

/**
 * Denoising on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts): rows
 * idx i32[n] of Y (N×D) are corrupted in the workspace, reconstructed and compared with the
 * clean rows. Row r's draws come from its own Philox stream DAE_NOISE_STREAM + (its place
 * epoch·N + pos0 + r in the whole run mod 2^31), keyed by the seed: the same whatever the
 * blocks, batches or threads. Block b writes grads + b·P (f32[P]) = Σ ∂/∂θ of
 * ‖r(ỹ) − y‖² + P(ỹ) over its rows (P the penalty at the encoder's input) and losses
 * f64[2b, 2b+1] = (Σ of that loss, rows).
 */
export function daeTrainBlocks(a: usize, Y: usize, N: i32, idx: usize, n: i32, grads: usize, losses: usize, seedLo: u32, seedHi: u32, epoch: u32, pos0: u32): void {
  const net = netOf(a);
  const D = load<i32>(a, A_DIM);
  const corr = load<i32>(a, A_CORR);
  const p = load<f32>(a, A_P);
  const lo = load<f32>(a, A_LO);
  const hi = load<f32>(a, A_HI);
  const P = networkNumParams(net);
  for (let r = 0; r < n; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    if (i < 0 || i >= N) fail(E_BAD_ARGUMENT, i);
  }
  // two draws per entry at most (salt-and-pepper: whether, then which)
  const noise = allocBytes(<u64>D * 8 + 16);
  const place0 = <u64>epoch * <u64>N + <u64>pos0;
  for (let b0 = 0; b0 < n; b0 += MINIBATCH_BLOCK) {
    const rows = min(MINIBATCH_BLOCK, n - b0);
    const blk = b0 / MINIBATCH_BLOCK;
    const gradOut = grads + <usize>blk * (<usize>P << 2);
    memory.fill(gradOut, 0, <usize>P << 2);
    const H0 = netInput(net);
    for (let r = 0; r < rows; r++) {
      const i = load<i32>(idx + (<usize>(b0 + r) << 2));
      const h = H0 + <usize>(r * D) * 4;
      memory.copy(h, Y + <usize>(i * D) * 4, <usize>D << 2);
      const place = place0 + <u64>(b0 + r);
      rngInit(rowRng, seedLo, seedHi, DAE_NOISE_STREAM + <u32>(place % <u64>DAE_NOISE_STREAM));
      if (corr == DAE_GAUSSIAN) {
        rngNormal(noise, D, rowRng);
        for (let t = 0; t < D; t++) {
          const q = <usize>t << 2;
          store<f32>(h + q, load<f32>(h + q) + p * load<f32>(noise + q));
        }
      } else if (corr == DAE_MASK) {
        rngUniform(noise, D, rowRng);
        for (let t = 0; t < D; t++) {
          const q = <usize>t << 2;
          if (load<f32>(noise + q) < p) store<f32>(h + q, 0);
        }
      } else {
        rngUniform(noise, 2 * D, rowRng);
        for (let t = 0; t < D; t++) {
          const q = <usize>t << 2;
          if (load<f32>(noise + q) < p) store<f32>(h + q, load<f32>(noise + (<usize>(D + t) << 2)) < 0.5 ? lo : hi);
        }
      }
    }
    netForwardChunk(net, rows, true);
    const out = netOutput(net);
    const up = netUpstream(net);
    let loss: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const i = load<i32>(idx + (<usize>(b0 + r) << 2));
      const o = out + <usize>(r * D) * 4;
      const y = Y + <usize>(i * D) * 4;
      const u = up + <usize>(r * D) * 4;
      for (let k = 0; k < D; k++) {
        const kk = <usize>k << 2;
        const dlt = load<f32>(o + kk) - load<f32>(y + kk);
        loss += <f64>dlt * <f64>dlt;
        store<f32>(u + kk, <f32>2 * dlt);
      }
    }
    netBackwardChunk(net, rows, gradOut, true, false);
    // the backward pass leaves the block's input (the corrupted rows the encoder saw) in place
    if (load<i32>(a, A_PEN) != DAE_PENALTY_NONE) loss += penaltyChunk(a, H0, rows, gradOut);
    store<f64>(losses + (<usize>(2 * blk) << 3), loss);
    store<f64>(losses + (<usize>(2 * blk + 1) << 3), <f64>rows);
  }
  heap.free(noise);
}
