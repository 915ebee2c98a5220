// A masked autoencoder on discrete sequences (the lecture's BERT): L positions,
// each a token in [0, V) or the mask token V. The shared network
// (energies/network.ts) reads the one-hot input (L·(V+1) wide) and gives L·V
// logits: a softmax per position. Trained on the chosen positions of each row
// with BERT's corruption (mask / random token / keep); as an energy it is the
// pseudo-log-likelihood −Σ_j log p(t_j | t_{−j}), one masked pass per position.
// Every random draw is one Philox block keyed by the seed and counted by what
// it decides (position, row, epoch or sweep), so any split of the work gives
// the same bits.
import {
  NET_CHUNK, netBackwardChunk, netForwardChunk, netInput, netOutput, netUpstream,
  networkCreate, networkDestroy, networkNumParams, networkParams, networkSync,
} from "./network";
import { logsumexpRow } from "../core/logsumexp";
import { philoxBlock, out0, out1, out2, out3 } from "../core/rng";
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { allocBytes } from "../core/memory";
import { MINIBATCH_BLOCK } from "../train/minibatch";

/** The masked autoencoder: its block is a learnable model of this kind; F is the pseudo-log-likelihood energy. */
export const KIND_MAE: i32 = 23;

// the block (kind and dim first, as every descriptor), 16 bytes
const M_KIND = 0;
const M_LEN = 4; // L (the descriptor's dim)
const M_VOCAB = 8; // V
const M_NET = 12;

// Philox counter word c3 of each use, so the streams never meet
const TAG_TRAIN: u32 = 0x4d414501;
const TAG_GIBBS: u32 = 0x4d414502;
const TAG_START: u32 = 0x4d414503;

@inline function netOf(m: usize): usize {
  return load<usize>(m, M_NET);
}

@inline function unit(u: u32): f32 {
  return <f32>(u >>> 8) * <f32>5.9604644775390625e-8; // 2^-24: uniform in [0, 1)
}

/** Creates a model of L positions over V tokens with one hidden layer of H units (act an ACT_* code). */
export function maeCreate(L: i32, V: i32, H: i32, act: i32): usize {
  if (L < 1 || V < 2 || H < 1) fail(E_BAD_ARGUMENT, L < 1 ? L : V < 2 ? V : H);
  const sizes = allocBytes(16);
  store<i32>(sizes, L * (V + 1));
  store<i32>(sizes, H, 4);
  store<i32>(sizes, L * V, 8);
  const net = networkCreate(sizes, 2, act, 0);
  heap.free(sizes);
  const m = allocBytes(16);
  store<i32>(m, KIND_MAE, M_KIND);
  store<i32>(m, L, M_LEN);
  store<i32>(m, V, M_VOCAB);
  store<usize>(m, net, M_NET);
  return m;
}

export function maeDestroy(m: usize): void {
  if (m == 0) return;
  networkDestroy(netOf(m));
  heap.free(m);
}

/** The network (its θ, initialisation and sync through the network exports). */
export function maeNetwork(m: usize): usize {
  return netOf(m);
}

export function maeParams(m: usize): usize {
  return networkParams(netOf(m));
}

export function maeNumParams(m: usize): i32 {
  return networkNumParams(netOf(m));
}

export function maeSync(m: usize): void {
  networkSync(netOf(m));
}

/** Writes the one-hot input of chunk row r from tokens tok i32[L] (V = the mask token). */
function writeOneHot(net: usize, r: i32, tok: usize, L: i32, V: i32): void {
  const W = L * (V + 1);
  const row = netInput(net) + <usize>(r * W) * 4;
  memory.fill(row, 0, <usize>W << 2);
  for (let j = 0; j < L; j++) store<f32>(row + (<usize>(j * (V + 1) + load<i32>(tok + (<usize>j << 2))) << 2), 1);
}

/** Fails (before anything is allocated) unless rows i0 … i0+n−1 of T hold tokens in [0, V) (where M, if given, is 0). */
function checkRows(T: usize, i0: i32, n: i32, L: i32, V: i32, M: usize): void {
  for (let i = i0; i < i0 + n; i++) {
    for (let j = 0; j < L; j++) {
      if (M != 0 && load<f32>(M + (<usize>(i * L + j) << 2)) != 0) continue;
      tokenAt(T, i, j, L, V);
    }
  }
}

/**
 * Token j of row i of T as i32. The SDK validates tokens, but the learnable protocol
 * lets trainers pass any rows (e.g. continuous samples), and a bad token would index
 * outside the one-hot row: refuse it here.
 */
@inline function tokenAt(T: usize, i: i32, j: i32, L: i32, V: i32): i32 {
  const v = load<f32>(T + (<usize>(i * L + j) << 2));
  if (!(v >= 0 && v < <f32>V && v == Mathf.floor(v))) fail(E_BAD_ARGUMENT, i);
  return <i32>v;
}

/**
 * BERT training on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts).
 * T (N × L) holds the training tokens; idx i32[n] the rows, at positions pos0, pos0 + 1, …
 * of epoch `epoch`'s order (they key the draws, so the blocks do not change them). Each
 * position is chosen with probability `rate` (a row with none gets one, uniformly); a chosen
 * token becomes the mask token with probability pMask, a uniform random token with pRandom,
 * else stays. Block b writes grads + b·P (f32[P]) = Σ ∂/∂θ of −log p(t_j | corrupted row)
 * over its chosen positions and losses f64[2b, 2b+1] = (that Σ, the number of them).
 */
export function maeTrainBlocks(m: usize, T: usize, N: i32, idx: usize, n: i32, grads: usize, losses: usize, seedLo: u32, seedHi: u32, epoch: u32, pos0: u32, rate: f32, pMask: f32, pRandom: f32): void {
  const net = netOf(m);
  const L = load<i32>(m, M_LEN);
  const V = load<i32>(m, M_VOCAB);
  const P = networkNumParams(net);
  for (let b = 0; b < n; b++) {
    const i = load<i32>(idx + (<usize>b << 2));
    if (i < 0 || i >= N) fail(E_BAD_ARGUMENT, i);
    checkRows(T, i, 1, L, V, 0);
  }
  const tok = allocBytes(<u64>MINIBATCH_BLOCK * <u64>L * 4 + 16);
  const chosen = allocBytes(<u64>MINIBATCH_BLOCK * <u64>L + 16);
  for (let b0 = 0; b0 < n; b0 += MINIBATCH_BLOCK) {
    const rows = min(MINIBATCH_BLOCK, n - b0);
    const blk = b0 / MINIBATCH_BLOCK;
    const gradOut = grads + <usize>blk * (<usize>P << 2);
    // the corrupted rows and which positions count
    memory.fill(chosen, 0, <usize>rows * <usize>L);
    let nChosen = 0;
    for (let r = 0; r < rows; r++) {
      const i = load<i32>(idx + (<usize>(b0 + r) << 2));
      const pos = pos0 + <u32>(b0 + r);
      let any = false;
      for (let j = 0; j < L; j++) {
        philoxBlock(<u32>j, pos, epoch, TAG_TRAIN, seedLo, seedHi);
        const c = unit(out0) < rate;
        store<u8>(chosen + <usize>(r * L + j), c ? 1 : 0);
        any = any || c;
      }
      if (!any) {
        philoxBlock(0xffffffff, pos, epoch, TAG_TRAIN, seedLo, seedHi);
        store<u8>(chosen + <usize>(r * L + <i32>(out0 % <u32>L)), 1);
      }
      for (let j = 0; j < L; j++) {
        let t = tokenAt(T, i, j, L, V);
        if (load<u8>(chosen + <usize>(r * L + j)) != 0) {
          nChosen++;
          philoxBlock(<u32>j, pos, epoch, TAG_TRAIN, seedLo, seedHi);
          const u = unit(out1);
          if (u < pMask) t = V;
          else if (u < pMask + pRandom) t = <i32>(out2 % <u32>V);
        }
        store<i32>(tok + (<usize>(r * L + j) << 2), t);
      }
    }
    memory.fill(gradOut, 0, <usize>P << 2);
    let loss: f64 = 0;
    for (let r = 0; r < rows; r++) writeOneHot(net, r, tok + (<usize>(r * L) << 2), L, V);
    netForwardChunk(net, rows, true);
    const out = netOutput(net);
    const up = netUpstream(net);
    memory.fill(up, 0, <usize>(rows * L * V) << 2);
    for (let r = 0; r < rows; r++) {
      const i = load<i32>(idx + (<usize>(b0 + r) << 2));
      for (let j = 0; j < L; j++) {
        if (load<u8>(chosen + <usize>(r * L + j)) == 0) continue;
        const off = <usize>((r * L + j) * V) << 2;
        loss += softmaxUpstream(up + off, out + off, V, tokenAt(T, i, j, L, V), 1);
      }
    }
    netBackwardChunk(net, rows, gradOut, true, false);
    store<f64>(losses + (<usize>(2 * blk) << 3), loss);
    store<f64>(losses + (<usize>(2 * blk + 1) << 3), <f64>nChosen);
  }
  heap.free(chosen);
  heap.free(tok);
}

/** u = scale·(softmax(a) − onehot(t)) over V logits; returns −log softmax(a)_t. */
function softmaxUpstream(u: usize, a: usize, V: i32, t: i32, scale: f32): f64 {
  const lse = logsumexpRow(a, V);
  for (let k = 0; k < V; k++) {
    const p = <f32>Math.exp(<f64>load<f32>(a + (<usize>k << 2)) - lse);
    store<f32>(u + (<usize>k << 2), scale * (k == t ? p - 1 : p));
  }
  return lse - <f64>load<f32>(a + (<usize>t << 2));
}

/** p = softmax(a) over V logits into f32 p. */
function softmaxInto(p: usize, a: usize, V: i32): void {
  const lse = logsumexpRow(a, V);
  for (let k = 0; k < V; k++) store<f32>(p + (<usize>k << 2), <f32>Math.exp(<f64>load<f32>(a + (<usize>k << 2)) - lse));
}

/**
 * The conditionals of n rows: T (n × L) tokens, M (n × L) 1 where the token is
 * hidden (the network sees the mask token there), else 0. Out (n × L × V)
 * gets softmax per position, for every position (hidden or not).
 */
export function maeConditionals(m: usize, Out: usize, T: usize, M: usize, n: i32): void {
  const net = netOf(m);
  const L = load<i32>(m, M_LEN);
  const V = load<i32>(m, M_VOCAB);
  checkRows(T, 0, n, L, V, M);
  const tok = allocBytes(<u64>L * 4 + 16);
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, n - r0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < L; j++) {
        const hidden = load<f32>(M + (<usize>((r0 + r) * L + j) << 2)) != 0;
        store<i32>(tok + (<usize>j << 2), hidden ? V : tokenAt(T, r0 + r, j, L, V));
      }
      writeOneHot(net, r, tok, L, V);
    }
    netForwardChunk(net, rows, false);
    const out = netOutput(net);
    for (let q = 0; q < rows * L; q++) softmaxInto(Out + (<usize>((r0 * L + q) * V) << 2), out + (<usize>(q * V) << 2), V);
  }
  heap.free(tok);
}

/**
 * The pseudo-log-likelihood energy F(t) = −Σ_j log p(t_j | t_{−j}) of n rows
 * of T (n × L): one pass per (row, position) with only that position masked.
 * E f32[n] (or 0) gets F; with G ≠ 0, G (f32[P]) = Σ_r w[r]·∂F_r/∂θ (added
 * when accumulate ≠ 0, else overwritten).
 */
export function maePseudoLL(m: usize, E: usize, T: usize, n: i32, G: usize, w: usize, accumulate: i32): void {
  const net = netOf(m);
  const L = load<i32>(m, M_LEN);
  const V = load<i32>(m, M_VOCAB);
  checkRows(T, 0, n, L, V, 0);
  if (G != 0 && accumulate == 0) memory.fill(G, 0, <usize>networkNumParams(net) << 2);
  if (E != 0) memory.fill(E, 0, <usize>n << 2);
  const tok = allocBytes(<u64>L * 4 + 16);
  const acc = allocBytes(<u64>n * 8 + 16); // f64 sums per row
  memory.fill(acc, 0, <usize>n << 3);
  const total = n * L; // pair q = (row q / L, position q % L), row-major
  for (let q0 = 0; q0 < total; q0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, total - q0);
    for (let r = 0; r < rows; r++) {
      const i = (q0 + r) / L;
      const j = (q0 + r) % L;
      for (let k = 0; k < L; k++) store<i32>(tok + (<usize>k << 2), k == j ? V : tokenAt(T, i, k, L, V));
      writeOneHot(net, r, tok, L, V);
    }
    netForwardChunk(net, rows, G != 0);
    const out = netOutput(net);
    const up = netUpstream(net);
    if (G != 0) memory.fill(up, 0, <usize>(rows * L * V) << 2);
    for (let r = 0; r < rows; r++) {
      const i = (q0 + r) / L;
      const j = (q0 + r) % L;
      const off = <usize>((r * L + j) * V) << 2;
      const t = tokenAt(T, i, j, L, V);
      let nll: f64;
      if (G != 0) nll = softmaxUpstream(up + off, out + off, V, t, load<f32>(w + (<usize>i << 2)));
      else nll = logsumexpRow(out + off, V) - <f64>load<f32>(out + off + (<usize>t << 2));
      store<f64>(acc + (<usize>i << 3), load<f64>(acc + (<usize>i << 3)) + nll);
    }
    if (G != 0) netBackwardChunk(net, rows, G, true, false);
  }
  if (E != 0) for (let i = 0; i < n; i++) store<f32>(E + (<usize>i << 2), <f32>load<f64>(acc + (<usize>i << 3)));
  heap.free(acc);
  heap.free(tok);
}

/** F of n rows (the learnable protocol's energy). */
export function maeEnergy(m: usize, E: usize, T: usize, n: i32): void {
  maePseudoLL(m, E, T, n, 0, 0, 0);
}

/** Σ_r w[r]·∂F_r/∂θ (the learnable protocol's parameter gradient); E (or 0) gets F. */
export function maeParamGrad(m: usize, out: usize, w: usize, T: usize, n: i32, accumulate: i32, E: usize): void {
  maePseudoLL(m, E, T, n, out, w, accumulate);
}

/**
 * Gibbs sweeps over positions for n chains T (n × L, f32 tokens, in place):
 * in sweep s, position j of every chain is redrawn from p(t_j | t_{−j}) in
 * order j = 0 … L−1. With `start` ≠ 0 the chains first become uniform random
 * tokens. Chain r's draws are keyed by (j, r + row0, s + sweep0), so chains
 * run in pieces match one run.
 */
export function maeGibbs(m: usize, T: usize, n: i32, sweeps: i32, sweep0: u32, row0: u32, start: i32, seedLo: u32, seedHi: u32): void {
  const net = netOf(m);
  const L = load<i32>(m, M_LEN);
  const V = load<i32>(m, M_VOCAB);
  if (start == 0) checkRows(T, 0, n, L, V, 0);
  const tok = allocBytes(<u64>L * 4 + 16);
  const p = allocBytes(<u64>V * 4 + 16);
  if (start != 0) {
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < L; j++) {
        philoxBlock(<u32>j, row0 + <u32>r, 0, TAG_START, seedLo, seedHi);
        store<f32>(T + (<usize>(r * L + j) << 2), <f32>(out0 % <u32>V));
      }
    }
  }
  for (let s = 0; s < sweeps; s++) {
    for (let j = 0; j < L; j++) {
      for (let r0 = 0; r0 < n; r0 += NET_CHUNK) {
        const rows = min(NET_CHUNK, n - r0);
        for (let r = 0; r < rows; r++) {
          for (let k = 0; k < L; k++) store<i32>(tok + (<usize>k << 2), k == j ? V : tokenAt(T, r0 + r, k, L, V));
          writeOneHot(net, r, tok, L, V);
        }
        netForwardChunk(net, rows, false);
        const out = netOutput(net);
        for (let r = 0; r < rows; r++) {
          softmaxInto(p, out + (<usize>((r * L + j) * V) << 2), V);
          philoxBlock(<u32>j, row0 + <u32>(r0 + r), sweep0 + <u32>s, TAG_GIBBS, seedLo, seedHi);
          const u = unit(out3);
          // inverse CDF in token order; rounding leftovers go to the last token with mass
          let c: f32 = 0;
          let pick = -1;
          let last = 0;
          for (let k = 0; k < V; k++) {
            const pk = load<f32>(p + (<usize>k << 2));
            if (pk > 0) last = k;
            c += pk;
            if (pick < 0 && u < c) pick = k;
          }
          if (pick < 0) pick = last;
          store<f32>(T + (<usize>((r0 + r) * L + j) << 2), <f32>pick);
        }
      }
    }
  }
  heap.free(p);
  heap.free(tok);
}
