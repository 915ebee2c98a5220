// Generative Latent Optimization (Bojanowski et al. 2017, "Optimizing the
// Latent Space of Generative Networks"): a decoder G_θ (energies/network.ts)
// and one learned code z_i per training row, both trained on ‖y_i − G_θ(z_i)‖²
// with the codes projected back onto the unit ball. As an energy it is the
// architectural EBM of the lecture: F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖², whose
// low-energy set is the d-dimensional image of the ball.
import {
  NET_CHUNK, netBackwardChunk, netForwardChunk, netInput, netOutput, netUpstream,
  networkCreate, networkDestroy, networkForward, networkNumParams, networkParams, networkSync, networkOutputWidth,
} from "./network";
import { latentDescend, projectBall, residualSq } from "./latent-descent";
import { fail, E_BAD_ARGUMENT, E_BAD_SHAPE } from "../core/errors";
import { allocBytes } from "../core/memory";
import { MINIBATCH_BLOCK } from "../train/minibatch";

export const KIND_GLO: i32 = 21;
/** Code optimizers of gloTrainBatch. */
export const GLO_CODE_SGD: i32 = 0;
export const GLO_CODE_ADAM: i32 = 1;

// the block (a descriptor: kind and dim first), 64 bytes
const G_KIND = 0;
const G_DIM = 4; // D
const G_LATENT = 8; // d
const G_CODES_N = 12; // N learned codes
const G_NET = 16;
const G_CODES = 20; // N×d
const G_M = 24; // N×d first moments (Adam) or momentum buffers (SGD)
const G_V = 28; // N×d second moments (Adam)
const G_T = 32; // f32[N] updates taken by each code (f32: saved with the other arrays; exact below 2^24)
const G_STARTS = 36; // inference settings used by energy, grad and paramGrad
const G_STEPS = 40;
const G_STEP = 44; // f32

@inline function netOf(g: usize): usize {
  return load<usize>(g, G_NET);
}

/** Creates a GLO model: decoder sizes i32[L+1] = [d, hidden…, D] (act an ACT_* code). No codes yet. */
export function gloCreate(sizes: usize, L: i32, act: i32): usize {
  const net = networkCreate(sizes, L, act, 0);
  const g = allocBytes(64);
  memory.fill(g, 0, 64);
  store<i32>(g, KIND_GLO, G_KIND);
  store<i32>(g, networkOutputWidth(net), G_DIM);
  store<i32>(g, load<i32>(sizes), G_LATENT);
  store<usize>(g, net, G_NET);
  store<i32>(g, 4, G_STARTS);
  store<i32>(g, 50, G_STEPS);
  store<f32>(g, 0.05, G_STEP);
  return g;
}

function freeCodes(g: usize): void {
  if (load<usize>(g, G_CODES) != 0) {
    heap.free(load<usize>(g, G_CODES));
    heap.free(load<usize>(g, G_M));
    heap.free(load<usize>(g, G_V));
    heap.free(load<usize>(g, G_T));
  }
  store<usize>(g, 0, G_CODES);
  store<i32>(g, 0, G_CODES_N);
}

export function gloDestroy(g: usize): void {
  if (g == 0) return;
  freeCodes(g);
  networkDestroy(netOf(g));
  heap.free(g);
}

/** The decoder network (energies/network.ts): its θ, sync and initialisation. */
export function gloNetwork(g: usize): usize {
  return netOf(g);
}

export function gloParams(g: usize): usize {
  return networkParams(netOf(g));
}

export function gloNumParams(g: usize): i32 {
  return networkNumParams(netOf(g));
}

export function gloSync(g: usize): void {
  networkSync(netOf(g));
}

/**
 * Makes room for N codes with their optimizer state (all zero, replacing any
 * codes). Returns the codes (N×d); gloCodeState gives the state arrays.
 */
export function gloSetCodes(g: usize, N: i32): usize {
  if (N < 1) fail(E_BAD_ARGUMENT, N);
  freeCodes(g);
  const bytes = <usize>N * <usize>load<i32>(g, G_LATENT) * 4;
  const codes = allocBytes(<u64>(bytes + 16));
  const m = allocBytes(<u64>(bytes + 16));
  const v = allocBytes(<u64>(bytes + 16));
  const t = allocBytes(<u64>N * 4 + 16);
  memory.fill(codes, 0, bytes);
  memory.fill(m, 0, bytes);
  memory.fill(v, 0, bytes);
  memory.fill(t, 0, <usize>N * 4);
  store<usize>(g, codes, G_CODES);
  store<usize>(g, m, G_M);
  store<usize>(g, v, G_V);
  store<usize>(g, t, G_T);
  store<i32>(g, N, G_CODES_N);
  return codes;
}

/** Pointer to the codes' arrays: 0 codes (N×d), 1 first moments, 2 second moments, 3 steps f32[N]; 0 without codes. */
export function gloCodeState(g: usize, which: i32): usize {
  if (load<usize>(g, G_CODES) == 0) return 0;
  switch (which) {
    case 0: return load<usize>(g, G_CODES);
    case 1: return load<usize>(g, G_M);
    case 2: return load<usize>(g, G_V);
    case 3: return load<usize>(g, G_T);
  }
  fail(E_BAD_ARGUMENT, which);
  return 0;
}

/** Multiplies every code by `scale`, then projects it onto the unit ball (initialisation from normals). */
export function gloProjectCodes(g: usize, scale: f32): void {
  const d = load<i32>(g, G_LATENT);
  const codes = load<usize>(g, G_CODES);
  const N = load<i32>(g, G_CODES_N);
  for (let i = 0; i < N * d; i++) store<f32>(codes + (<usize>i << 2), load<f32>(codes + (<usize>i << 2)) * scale);
  for (let i = 0; i < N; i++) projectBall(codes + <usize>(i * d) * 4, d, 1);
}

/** Inference settings that energy, gradient and parameter gradient use (from several starts, steps of size η). */
export function gloSetInference(g: usize, starts: i32, steps: i32, stepSize: f32): void {
  if (starts < 1 || steps < 0) fail(E_BAD_ARGUMENT, starts < 1 ? starts : steps);
  store<i32>(g, starts, G_STARTS);
  store<i32>(g, steps, G_STEPS);
  store<f32>(g, stepSize, G_STEP);
}

/** Floats of one row's code state in gloTrainBlocks: the code z (d), its first moments (d), second moments (d), steps (1). */
export function gloCodeRowFloats(g: usize): i32 {
  return 3 * load<i32>(g, G_LATENT) + 1;
}

/** Checks the n code indices idx i32[n] against the model's codes. */
function checkCodeRows(g: usize, idx: usize, n: i32): void {
  const N = load<i32>(g, G_CODES_N);
  if (N < 1) fail(E_BAD_SHAPE, 0);
  for (let r = 0; r < n; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    if (i < 0 || i >= N) fail(E_BAD_ARGUMENT, i);
  }
}

/**
 * Moves the code state (z, m, v, steps) of rows idx i32[n] between the model and S (n rows of
 * gloCodeRowFloats): out of the model into S (gather), or back from S (scatter).
 */
@inline function moveCodes(g: usize, S: usize, idx: usize, n: i32, gather: bool): void {
  checkCodeRows(g, idx, n);
  const d = load<i32>(g, G_LATENT);
  const row = <usize>(3 * d + 1) << 2;
  const db = <usize>d << 2;
  for (let r = 0; r < n; r++) {
    const i = <usize>load<i32>(idx + (<usize>r << 2));
    const s = S + <usize>r * row;
    const z = load<usize>(g, G_CODES) + i * db;
    const m = load<usize>(g, G_M) + i * db;
    const v = load<usize>(g, G_V) + i * db;
    const t = load<usize>(g, G_T) + (i << 2);
    if (gather) {
      memory.copy(s, z, db);
      memory.copy(s + db, m, db);
      memory.copy(s + 2 * db, v, db);
      store<f32>(s + 3 * db, load<f32>(t));
    } else {
      memory.copy(z, s, db);
      memory.copy(m, s + db, db);
      memory.copy(v, s + 2 * db, db);
      store<f32>(t, load<f32>(s + 3 * db));
    }
  }
}

/** S (n rows of gloCodeRowFloats) = the code state of rows idx i32[n]: z, m, v, steps. */
export function gloGatherCodes(g: usize, S: usize, idx: usize, n: i32): void {
  moveCodes(g, S, idx, n, true);
}

/** The reverse of gloGatherCodes: rows idx i32[n] of the code state take S. */
export function gloScatterCodes(g: usize, S: usize, idx: usize, n: i32): void {
  moveCodes(g, S, idx, n, false);
}

/**
 * GLO training on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts).
 * Y (N×D) is the training data; idx i32[n] the rows (distinct); S (n × gloCodeRowFloats,
 * from gloGatherCodes) their code state, updated in place. For each row r = G(z_i) − y_i;
 * block b writes grads + b·P (f32[P]) = Σ ∂‖r‖²/∂θ over its rows and losses f64[2b, 2b+1]
 * = (Σ ‖r‖², rows). Each code moves by its own gradient ∂‖r_i‖²/∂z_i with SGD (lr,
 * momentum as torch.optim.SGD) or Adam updated lazily, only for the rows it sees (as
 * torch.optim.SparseAdam), then back onto the unit ball: per row, so no block sees another's.
 */
export function gloTrainBlocks(g: usize, Y: usize, N: i32, idx: usize, n: i32, S: usize, grads: usize, losses: usize, codeKind: i32, lr: f32, momentum: f32, beta1: f32, beta2: f32, eps: f32): void {
  const net = netOf(g);
  const D = load<i32>(g, G_DIM);
  const d = load<i32>(g, G_LATENT);
  const P = networkNumParams(net);
  const row = <usize>(3 * d + 1) << 2;
  const db = <usize>d << 2;
  for (let r = 0; r < n; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    if (i < 0 || i >= N) fail(E_BAD_ARGUMENT, i);
  }
  for (let b0 = 0; b0 < n; b0 += MINIBATCH_BLOCK) {
    const rows = min(MINIBATCH_BLOCK, n - b0);
    const blk = b0 / MINIBATCH_BLOCK;
    const gradOut = grads + <usize>blk * (<usize>P << 2);
    memory.fill(gradOut, 0, <usize>P << 2);
    const H0 = netInput(net);
    for (let r = 0; r < rows; r++) memory.copy(H0 + <usize>(r * d) * 4, S + <usize>(b0 + r) * row, db);
    netForwardChunk(net, rows, true);
    const out = netOutput(net);
    const up = netUpstream(net);
    let loss: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const i = load<i32>(idx + (<usize>(b0 + r) << 2));
      const o = out + <usize>(r * D) * 4;
      const y = Y + <usize>(i * D) * 4;
      loss += residualSq(o, y, D);
      const u = up + <usize>(r * D) * 4;
      for (let k = 0; k < D; k++) {
        const kk = <usize>k << 2;
        store<f32>(u + kk, <f32>2 * (load<f32>(o + kk) - load<f32>(y + kk)));
      }
    }
    const dz = netBackwardChunk(net, rows, gradOut, true, true);
    store<f64>(losses + (<usize>(2 * blk) << 3), loss);
    store<f64>(losses + (<usize>(2 * blk + 1) << 3), <f64>rows);
    for (let r = 0; r < rows; r++) {
      const z = S + <usize>(b0 + r) * row;
      const M = z + db;
      const V = z + 2 * db;
      const t = load<f32>(z + 3 * db) + 1;
      store<f32>(z + 3 * db, t);
      const gr = dz + <usize>(r * d) * 4;
      if (codeKind == GLO_CODE_ADAM) {
        const c1 = <f32>(1 - Math.pow(<f64>beta1, <f64>t));
        const c2 = <f32>(1 - Math.pow(<f64>beta2, <f64>t));
        for (let k = 0; k < d; k++) {
          const kk = <usize>k << 2;
          const gk = load<f32>(gr + kk);
          const m = beta1 * load<f32>(M + kk) + (1 - beta1) * gk;
          const v = beta2 * load<f32>(V + kk) + (1 - beta2) * gk * gk;
          store<f32>(M + kk, m);
          store<f32>(V + kk, v);
          const step = lr * (m / c1) / (<f32>Math.sqrt(<f64>(v / c2)) + eps);
          store<f32>(z + kk, load<f32>(z + kk) - step);
        }
      } else {
        for (let k = 0; k < d; k++) {
          const kk = <usize>k << 2;
          let gk = load<f32>(gr + kk);
          if (momentum != 0) {
            gk = t == 1 ? gk : momentum * load<f32>(M + kk) + gk;
            store<f32>(M + kk, gk);
          }
          store<f32>(z + kk, load<f32>(z + kk) - lr * gk);
        }
      }
      projectBall(z, d, 1);
    }
  }
}

/** Out (n×D) = G(Z) for the n codes of Z (n×d). */
export function gloDecode(g: usize, Out: usize, Z: usize, n: i32): void {
  networkForward(netOf(g), Out, Z, n);
}

/**
 * z* and F∞ for the n rows of Y (n×D): starts from the S learned codes whose
 * decodings are nearest each row (ties by index; origin and fixed directions
 * when there are fewer codes than S), then `steps` projected gradient steps
 * of size η. Z (n×d) gets z*, E (f32[n], or 0) gets ‖y − G(z*)‖².
 */
export function gloEncode(g: usize, Z: usize, E: usize, Y: usize, n: i32, S: i32, steps: i32, stepSize: f32): void {
  if (S < 1 || steps < 0) fail(E_BAD_ARGUMENT, S);
  const net = netOf(g);
  const D = load<i32>(g, G_DIM);
  const d = load<i32>(g, G_LATENT);
  const N = load<i32>(g, G_CODES_N);
  const codes = load<usize>(g, G_CODES);
  const m = n * S;
  const Zc = allocBytes(<u64>m * <u64>d * 4 + 16);
  const Ec = allocBytes(<u64>m * 4 + 16);
  memory.fill(Zc, 0, <usize>m * <usize>d * 4);
  const K = min(N, S);
  if (K > 0) {
    // decode every learned code once; each row starts from the K codes whose decodings are nearest
    const dec = allocBytes(<u64>N * <u64>D * 4 + 16);
    networkForward(net, dec, codes, N);
    const bestI = allocBytes(<u64>K * 4 + 16);
    const bestE = allocBytes(<u64>K * 8 + 16);
    for (let r = 0; r < n; r++) {
      const y = Y + <usize>(r * D) * 4;
      let kept = 0;
      for (let i = 0; i < N; i++) {
        const e = residualSq(dec + <usize>(i * D) * 4, y, D);
        if (!(e == e)) continue;
        if (kept == K && e >= load<f64>(bestE + (<usize>(K - 1) << 3))) continue;
        let j = kept == K ? K - 1 : kept;
        if (kept < K) kept++;
        while (j > 0 && load<f64>(bestE + (<usize>(j - 1) << 3)) > e) {
          store<f64>(bestE + (<usize>j << 3), load<f64>(bestE + (<usize>(j - 1) << 3)));
          store<i32>(bestI + (<usize>j << 2), load<i32>(bestI + (<usize>(j - 1) << 2)));
          j--;
        }
        store<f64>(bestE + (<usize>j << 3), e);
        store<i32>(bestI + (<usize>j << 2), i);
      }
      for (let s = 0; s < kept; s++) {
        memory.copy(Zc + <usize>((r * S + s) * d) * 4, codes + <usize>(load<i32>(bestI + (<usize>s << 2)) * d) * 4, <usize>d << 2);
      }
    }
    heap.free(bestE);
    heap.free(bestI);
    heap.free(dec);
  }
  // starts without a code (fewer codes than starts): the origin, then ±half a unit along each axis in turn
  for (let r = 0; r < n; r++) {
    for (let s = K; s < S; s++) {
      const q = s - K;
      if (q == 0) continue;
      const axis = ((q - 1) >> 1) % d;
      store<f32>(Zc + <usize>((r * S + s) * d + axis) * 4, (q & 1) != 0 ? <f32>0.5 : <f32>-0.5);
    }
  }
  latentDescend(net, Zc, Ec, Y, 0, m, S, 0, d, steps, stepSize, 1);
  for (let r = 0; r < n; r++) {
    let best = 0;
    let be = load<f32>(Ec + (<usize>(r * S) << 2));
    for (let s = 1; s < S; s++) {
      const e = load<f32>(Ec + (<usize>(r * S + s) << 2));
      if (e < be) {
        be = e;
        best = s;
      }
    }
    memory.copy(Z + <usize>(r * d) * 4, Zc + <usize>((r * S + best) * d) * 4, <usize>d << 2);
    if (E != 0) store<f32>(E + (<usize>r << 2), be);
  }
  heap.free(Ec);
  heap.free(Zc);
}

/**
 * The energy dispatcher's entry (kind 21): F∞(y) and ∇_y F∞ = 2(y − G(z*))
 * (the envelope theorem: z* is a minimiser, so its own change does not count),
 * with the model's inference settings.
 */
export function gloEnergyEval(g: usize, Y: usize, n: i32, E: usize, G: usize): void {
  if (E == 0 && G == 0) return;
  const D = load<i32>(g, G_DIM);
  const d = load<i32>(g, G_LATENT);
  const Z = allocBytes(<u64>n * <u64>d * 4 + 16);
  const Eb = E != 0 ? E : allocBytes(<u64>n * 4 + 16);
  gloEncode(g, Z, Eb, Y, n, load<i32>(g, G_STARTS), load<i32>(g, G_STEPS), load<f32>(g, G_STEP));
  if (G != 0) {
    networkForward(netOf(g), G, Z, n);
    for (let i = 0; i < n * D; i++) {
      const o = <usize>i << 2;
      store<f32>(G + o, <f32>2 * (load<f32>(Y + o) - load<f32>(G + o)));
    }
  }
  if (E == 0) heap.free(Eb);
  heap.free(Z);
}

/** F∞ of n rows (the learnable protocol's energy; X unused). */
export function gloEnergy(g: usize, E: usize, Y: usize, n: i32): void {
  gloEnergyEval(g, Y, n, E, 0);
}

/**
 * out (f32[P]) = Σ_r w[r]·∂F∞(y_r)/∂θ (+= when accumulate ≠ 0): by the envelope
 * theorem, ∂/∂θ ‖y − G_θ(z*)‖² at the inferred z*. E (or 0) gets F∞.
 */
export function gloParamGrad(g: usize, out: usize, w: usize, Y: usize, n: i32, accumulate: i32, E: usize): void {
  const net = netOf(g);
  const D = load<i32>(g, G_DIM);
  const d = load<i32>(g, G_LATENT);
  if (accumulate == 0) memory.fill(out, 0, <usize>networkNumParams(net) << 2);
  const Z = allocBytes(<u64>n * <u64>d * 4 + 16);
  gloEncode(g, Z, E, Y, n, load<i32>(g, G_STARTS), load<i32>(g, G_STEPS), load<f32>(g, G_STEP));
  for (let r0 = 0; r0 < n; r0 += NET_CHUNK) {
    const rows = min(NET_CHUNK, n - r0);
    memory.copy(netInput(net), Z + <usize>(r0 * d) * 4, <usize>(rows * d) << 2);
    netForwardChunk(net, rows, true);
    const o = netOutput(net);
    const u = netUpstream(net);
    for (let r = 0; r < rows; r++) {
      const wr = load<f32>(w + (<usize>(r0 + r) << 2));
      for (let k = 0; k < D; k++) {
        const kk = <usize>(r * D + k) << 2;
        store<f32>(u + kk, <f32>2 * wr * (load<f32>(o + kk) - load<f32>(Y + <usize>((r0 + r) * D) * 4 + (<usize>k << 2))));
      }
    }
    netBackwardChunk(net, rows, out, true, false);
  }
  heap.free(Z);
}

/**
 * Samples: Z (n×d) holds standard normals on entry; each becomes μ + L·ε with
 * μ, Σ = LLᵀ the mean and covariance of the learned codes (f64, Σ + 1e-6·I so
 * a flat direction still factors), projected onto the unit ball where the
 * decoder was trained; Out (n×D) = G(z).
 */
export function gloSample(g: usize, Out: usize, Z: usize, n: i32): void {
  const d = load<i32>(g, G_LATENT);
  const N = load<i32>(g, G_CODES_N);
  if (N < 1) fail(E_BAD_SHAPE, 0);
  const codes = load<usize>(g, G_CODES);
  const mu = allocBytes(<u64>d * 8 + 16);
  const S = allocBytes(<u64>d * <u64>d * 8 + 16);
  memory.fill(mu, 0, <usize>d * 8);
  memory.fill(S, 0, <usize>d * <usize>d * 8);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) store<f64>(mu + (<usize>a << 3), load<f64>(mu + (<usize>a << 3)) + <f64>load<f32>(codes + (<usize>(i * d + a) << 2)));
  }
  for (let a = 0; a < d; a++) store<f64>(mu + (<usize>a << 3), load<f64>(mu + (<usize>a << 3)) / <f64>N);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) {
      const ea = <f64>load<f32>(codes + (<usize>(i * d + a) << 2)) - load<f64>(mu + (<usize>a << 3));
      for (let b = 0; b <= a; b++) {
        const eb = <f64>load<f32>(codes + (<usize>(i * d + b) << 2)) - load<f64>(mu + (<usize>b << 3));
        const p = S + (<usize>(a * d + b) << 3);
        store<f64>(p, load<f64>(p) + ea * eb);
      }
    }
  }
  // Cholesky in place (lower triangle): Σ/N + 1e-6·I = L·Lᵀ
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let s = load<f64>(S + (<usize>(a * d + b) << 3)) / <f64>N + (a == b ? 1e-6 : 0);
      for (let k = 0; k < b; k++) s -= load<f64>(S + (<usize>(a * d + k) << 3)) * load<f64>(S + (<usize>(b * d + k) << 3));
      if (a == b) store<f64>(S + (<usize>(a * d + a) << 3), Math.sqrt(max<f64>(s, 1e-12)));
      else store<f64>(S + (<usize>(a * d + b) << 3), s / load<f64>(S + (<usize>(b * d + b) << 3)));
    }
  }
  const eps = allocBytes(<u64>d * 8 + 16);
  for (let r = 0; r < n; r++) {
    const z = Z + <usize>(r * d) * 4;
    for (let a = 0; a < d; a++) store<f64>(eps + (<usize>a << 3), <f64>load<f32>(z + (<usize>a << 2)));
    for (let a = 0; a < d; a++) {
      let v = load<f64>(mu + (<usize>a << 3));
      for (let b = 0; b <= a; b++) v += load<f64>(S + (<usize>(a * d + b) << 3)) * load<f64>(eps + (<usize>b << 3));
      store<f32>(z + (<usize>a << 2), <f32>v);
    }
    projectBall(z, d, 1);
  }
  heap.free(eps);
  heap.free(S);
  heap.free(mu);
  gloDecode(g, Out, Z, n);
}
