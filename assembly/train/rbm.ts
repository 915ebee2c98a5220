// Contrastive divergence (CD-k, Hinton 2002) and persistent CD (PCD-k,
// Tieleman 2008) for an RBM: the positive statistics from the data with the
// hidden probabilities, the negative ones after k block-Gibbs sweeps from the
// data (CD) or from chains kept across minibatches (PCD), and a momentum step
// on the log-likelihood's gradient estimate. One call runs a range of
// minibatches of an epoch, so the SDK can report progress and stop between
// calls.
//
// Noise is keyed per chain (a block of one chain). With Bh = ⌈H/4⌉ and Bv = ⌈V/4⌉
// Philox blocks for a chain's hidden and visible draws (four words each), chain r
// of minibatch b, Gibbs sweep s, draws from the 64-bit counters
//   hidden:  2³² + (b·k + s)·B·(Bh + Bv) + r·Bh + i,          i < Bh
//   visible: 2³² + (b·k + s)·B·(Bh + Bv) + B·Bh + r·Bv + i,   i < Bv
// (B the batch size; normals for Gaussian visible units, four per block) under
// the key (seed) and stream word of the state the caller passes: the SDK's
// stream 16 + epoch, whose shuffle uses the counters below 2³². The state is
// not advanced. So a chain's draws depend on (seed, epoch, b, s, r) alone: any
// split of the chains over calls or workers gives the same bytes, and so does
// any chunking of the minibatches; and the draws of all chains of a half-sweep
// are one run of consecutive blocks, drawn in one call.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { firstNonFinite, allocBytes } from "../core/memory";
import { rngNormal, rngUniform } from "../core/rng";
import { sigmoid4 } from "../core/vmath";
import { rbmH, rbmV, rbmGaussian, rbmNumParams, rbmParams, rbmW, rbmB, rbmC, rbmHiddenInputRows, biasPlusCombination } from "../energies/rbm";

const keyed = memory.data(32, 16);

/** A Philox state with the caller's key and stream at the 64-bit counter `at`. */
@inline function keyedState(rng: usize, at: u64): usize {
  memory.copy(keyed, rng, 16); // key, stream
  store<u64>(keyed, at, 16);
  store<u64>(keyed, 0, 24);
  return keyed;
}

/** First counter of the training draws (the shuffle of an epoch uses the ones below). */
const TRAIN_COUNTER0: u64 = 1 << 32;

/** X[0..n) ← (U < σ(X) ? 1 : 0): the sigmoid and the Bernoulli draw in one pass. */
function sigmoidBernoulli(X: usize, U: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(X + o, v128.and(f32x4.lt(v128.load(U + o), sigmoid4(v128.load(X + o))), one));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const p = f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(X + o))), 0);
    store<f32>(X + o, load<f32>(U + o) < p ? 1 : 0);
  }
}

/** Rows r < n of X (stride xRow f32) ← (U < σ(X) ? 1 : 0) over `width` columns, U rows of stride uRow f32. */
function sigmoidBernoulliRows(X: usize, xRow: i32, U: usize, uRow: i32, n: i32, width: i32): void {
  if (xRow == width && uRow == width) {
    sigmoidBernoulli(X, U, n * width);
    return;
  }
  for (let r = 0; r < n; r++) sigmoidBernoulli(X + (<usize>(r * xRow) << 2), U + (<usize>(r * uRow) << 2), width);
}

/** X[0..n) ← (U < X ? 1 : 0) for probabilities already in X. */
function bernoulli(X: usize, U: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(X + o, v128.and(f32x4.lt(v128.load(U + o), v128.load(X + o)), one));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(X + o, load<f32>(U + o) < load<f32>(X + o) ? 1 : 0);
  }
}

/** x[0..n) ← σ(x). */
function sigmoidRows(x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), sigmoid4(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    store<f32>(p, f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(p))), 0));
  }
}

const ONE = memory.data<f32>([1.0]);

/**
 * The partial gradient of `width` parameters into G:
 *   G = Σ_{r<np} (sp·a_r)·P_r + Σ_{r<nn} (sn·e_r)·N_r   (in that order, from +0),
 * with a_r = load(ap + r·as), e_r = load(ep + r·es) (stride 0 on ONE: the constant sp, sn) and
 * P_r, N_r rows of stride pRow, nRow bytes. Eight vectors of columns stay in registers over all
 * rows; every lane's sums run in row order with no fused multiply-add.
 */
function gradInto(G: usize, width: i32,
                  P: usize, pRow: usize, np: i32, ap: usize, as: usize, sp: f32,
                  N: usize, nRow: usize, nn: i32, ep: usize, es: usize, sn: f32): void {
  let col = 0;
  for (; col + 32 <= width; col += 32) {
    const co = <usize>col << 2;
    let g0 = f32x4.splat(0), g1 = g0, g2 = g0, g3 = g0, g4 = g0, g5 = g0, g6 = g0, g7 = g0;
    for (let r = 0; r < np; r++) {
      const s = f32x4.splat(sp * load<f32>(ap + <usize>r * as));
      const x = P + <usize>r * pRow + co;
      g0 = f32x4.add(g0, f32x4.mul(s, v128.load(x))); g1 = f32x4.add(g1, f32x4.mul(s, v128.load(x, 16)));
      g2 = f32x4.add(g2, f32x4.mul(s, v128.load(x, 32))); g3 = f32x4.add(g3, f32x4.mul(s, v128.load(x, 48)));
      g4 = f32x4.add(g4, f32x4.mul(s, v128.load(x, 64))); g5 = f32x4.add(g5, f32x4.mul(s, v128.load(x, 80)));
      g6 = f32x4.add(g6, f32x4.mul(s, v128.load(x, 96))); g7 = f32x4.add(g7, f32x4.mul(s, v128.load(x, 112)));
    }
    for (let r = 0; r < nn; r++) {
      const s = f32x4.splat(sn * load<f32>(ep + <usize>r * es));
      const x = N + <usize>r * nRow + co;
      g0 = f32x4.add(g0, f32x4.mul(s, v128.load(x))); g1 = f32x4.add(g1, f32x4.mul(s, v128.load(x, 16)));
      g2 = f32x4.add(g2, f32x4.mul(s, v128.load(x, 32))); g3 = f32x4.add(g3, f32x4.mul(s, v128.load(x, 48)));
      g4 = f32x4.add(g4, f32x4.mul(s, v128.load(x, 64))); g5 = f32x4.add(g5, f32x4.mul(s, v128.load(x, 80)));
      g6 = f32x4.add(g6, f32x4.mul(s, v128.load(x, 96))); g7 = f32x4.add(g7, f32x4.mul(s, v128.load(x, 112)));
    }
    const o = G + co;
    v128.store(o, g0); v128.store(o, g1, 16); v128.store(o, g2, 32); v128.store(o, g3, 48);
    v128.store(o, g4, 64); v128.store(o, g5, 80); v128.store(o, g6, 96); v128.store(o, g7, 112);
  }
  for (; col + 4 <= width; col += 4) {
    const co = <usize>col << 2;
    let g0 = f32x4.splat(0);
    for (let r = 0; r < np; r++) g0 = f32x4.add(g0, f32x4.mul(f32x4.splat(sp * load<f32>(ap + <usize>r * as)), v128.load(P + <usize>r * pRow + co)));
    for (let r = 0; r < nn; r++) g0 = f32x4.add(g0, f32x4.mul(f32x4.splat(sn * load<f32>(ep + <usize>r * es)), v128.load(N + <usize>r * nRow + co)));
    v128.store(G + co, g0);
  }
  for (; col < width; col++) {
    const co = <usize>col << 2;
    let g: f32 = 0;
    for (let r = 0; r < np; r++) g += (sp * load<f32>(ap + <usize>r * as)) * load<f32>(P + <usize>r * pRow + co);
    for (let r = 0; r < nn; r++) g += (sn * load<f32>(ep + <usize>r * es)) * load<f32>(N + <usize>r * nRow + co);
    store<f32>(G + co, g);
  }
}

/** The momentum step of `width` parameters from their gradient G: g ← G − decay·θ, vel ← μ·vel + lr·g, θ ← θ + vel. */
function stepFrom(theta: usize, vel: usize, G: usize, width: i32, lr: f32, momentum: f32, decay: f32): void {
  const lrv = f32x4.splat(lr), mu = f32x4.splat(momentum), wd = f32x4.splat(decay);
  let col = 0;
  for (; col + 4 <= width; col += 4) {
    const co = <usize>col << 2;
    stepVec(theta + co, vel + co, v128.load(G + co), lrv, mu, wd);
  }
  for (; col < width; col++) {
    const co = <usize>col << 2;
    let g = load<f32>(G + co);
    const t = load<f32>(theta + co);
    g -= decay * t;
    const u = momentum * load<f32>(vel + co) + lr * g;
    store<f32>(vel + co, u);
    store<f32>(theta + co, t + u);
  }
}

@inline function stepVec(theta: usize, vel: usize, g: v128, lr: v128, mu: v128, wd: v128): void {
  const t = v128.load(theta);
  const gi = f32x4.sub(g, f32x4.mul(wd, t));
  const u = f32x4.add(f32x4.mul(mu, v128.load(vel)), f32x4.mul(lr, gi));
  v128.store(vel, u);
  v128.store(theta, f32x4.add(t, u));
}

/** Rows per block of a minibatch: each block's positive rows and chains give one partial gradient. */
export const RBM_BLOCK: i32 = 64;

/** The blocks of a minibatch of mb data rows and nn chains. */
export function rbmBlocksOf(mb: i32, nn: i32): i32 {
  return (max(mb, nn) + RBM_BLOCK - 1) / RBM_BLOCK;
}

/**
 * The blocks of rows row0 … of minibatch bi (row0 a multiple of RBM_BLOCK): vpos holds the
 * part's mb data rows (V each), vneg its nn chains (PCD, in/out: their state after the k sweeps;
 * CD: out only, the sweeps start at the data rows). The minibatch has mbAll rows and nnAll chains
 * (the gradient's weights 1/mbAll and −1/nnAll), B its batch size (the draws' layout). Block q
 * writes its partial gradient (positive rows, then chains, each in row order) to G + q·P floats.
 * A block's draws are its rows' of the whole minibatch (the counters of the header): any split of
 * the blocks over calls or workers gives the same bits.
 */
export function rbmBlockGrads(
  m: usize, vpos: usize, mb: i32, vneg: usize, nn: i32, row0: i32, mbAll: i32, nnAll: i32, B: i32, bi: i32, k: i32, persistent: i32, rng: usize, G: usize,
): void {
  if (B < 1 || k < 1 || bi < 0 || row0 < 0 || row0 % RBM_BLOCK != 0 || mb < 0 || nn < 0 || (mb > 0 && row0 + mb > mbAll) || (nn > 0 && row0 + nn > nnAll) || mbAll < 1 || nnAll < 1) fail(E_BAD_ARGUMENT, 1);
  if (persistent == 0 && (mb != nn || mbAll != nnAll)) fail(E_BAD_ARGUMENT, 2);
  const V = rbmV(m), H = rbmH(m), P = rbmNumParams(m);
  const gaussian = rbmGaussian(m);
  const Bh = (H + 3) >> 2, Bv = (V + 3) >> 2;
  const Hp = Bh << 2, Vp = Bv << 2;
  const W = rbmW(m), b = rbmB(m);
  const rowV = <usize>V << 2, rowHp = <usize>Hp << 2;
  const R = <usize>RBM_BLOCK;
  const hpos = allocBytes(<u64>(R * rowHp + 16));
  const hneg = allocBytes(<u64>(R * rowHp + 16));
  const U = allocBytes(<u64>(R * <u64>max(Vp, Hp) * 4 + 16));
  const idx = allocBytes(<u64>max(V, H) * 4 + 16);
  memory.fill(hpos, 0, R * rowHp); // the pad lanes H … Hp − 1: finite values only
  memory.fill(hneg, 0, R * rowHp);
  const perStep = <u64>B * <u64>(Bh + Bv);
  const wp: f32 = 1 / <f32>mbAll, wn: f32 = -1 / <f32>nnAll;
  const nb = rbmBlocksOf(mb, nn);
  for (let q = 0; q < nb; q++) {
    const o = q * RBM_BLOCK;
    const np = min(RBM_BLOCK, max(0, mb - o)), nq = min(RBM_BLOCK, max(0, nn - o));
    const g0 = row0 + o; // the block's first row in the minibatch: its draws' offset
    const vp = vpos + <usize>o * rowV, vn = vneg + <usize>o * rowV;
    rbmHiddenInputRows(m, hpos, Hp, vp, np, 1);
    sigmoidRows(hpos, np * Hp);
    // negative phase: k sweeps from the chains (PCD) or the rows (CD, whose first hidden
    // probabilities are the positive ones)
    if (persistent == 0) memory.copy(vn, vp, <usize>nq * rowV);
    for (let s = 0; s < k; s++) {
      const at = TRAIN_COUNTER0 + (<u64>bi * <u64>k + <u64>s) * perStep;
      rngUniform(U, nq * Hp, keyedState(rng, at + <u64>g0 * <u64>Bh));
      if (s == 0 && persistent == 0) {
        memory.copy(hneg, hpos, <usize>nq * rowHp);
        bernoulli(hneg, U, nq * Hp);
      } else {
        rbmHiddenInputRows(m, hneg, Hp, vn, nq, 1);
        sigmoidBernoulli(hneg, U, nq * Hp);
      }
      for (let r = 0; r < nq; r++) biasPlusCombination(vn + <usize>r * rowV, b, W, V, hneg + <usize>r * rowHp, H, idx);
      const atV = keyedState(rng, at + <u64>B * <u64>Bh + <u64>g0 * <u64>Bv);
      if (gaussian) {
        rngNormal(U, nq * Vp, atV);
        for (let r = 0; r < nq; r++) {
          const x = vn + <usize>r * rowV, u = U + (<usize>(r * Vp) << 2);
          for (let t = 0; t < V; t++) store<f32>(x + (<usize>t << 2), load<f32>(x + (<usize>t << 2)) + load<f32>(u + (<usize>t << 2)));
        }
      } else {
        rngUniform(U, nq * Vp, atV);
        sigmoidBernoulliRows(vn, V, U, Vp, nq, V);
      }
    }
    rbmHiddenInputRows(m, hneg, Hp, vn, nq, 1);
    sigmoidRows(hneg, nq * Hp);
    // ⟨·⟩_data − ⟨·⟩_model over the block's rows (weights of the whole minibatch)
    const g = G + (<usize>q * <usize>P << 2);
    for (let j = 0; j < H; j++) {
      const jo = <usize>j << 2;
      gradInto(g + <usize>j * rowV, V, vp, rowV, np, hpos + jo, rowHp, wp, vn, rowV, nq, hneg + jo, rowHp, wn);
    }
    const gB = g + (<usize>H * rowV);
    gradInto(gB, V, vp, rowV, np, ONE, 0, wp, vn, rowV, nq, ONE, 0, wn);
    gradInto(gB + rowV, H, hpos, rowHp, np, ONE, 0, wp, hneg, rowHp, nq, ONE, 0, wn);
  }
  heap.free(idx);
  heap.free(U);
  heap.free(hneg);
  heap.free(hpos);
}

/**
 * The step of a minibatch from its nb blocks' partial gradients (f32[nb × P] at G, summed into
 * the first pairwise in a fixed tree over the block index: ((G0 + G1) + (G2 + G3)) …):
 * vel ← momentum·vel + lr·(∇̂ − weightDecay·W) (no decay on the biases), θ ← θ + vel.
 * Returns 1 when θ then holds a NaN/±Inf, else 0.
 */
export function rbmApplyStep(m: usize, G: usize, nb: i32, vel: usize, lr: f32, momentum: f32, weightDecay: f32): i32 {
  if (nb < 1) fail(E_BAD_ARGUMENT, nb);
  const V = rbmV(m), H = rbmH(m), P = rbmNumParams(m);
  const bytes = <usize>P << 2;
  const vec = <usize>(P & ~3) << 2;
  for (let stride = 1; stride < nb; stride <<= 1) {
    for (let i = 0; i + stride < nb; i += stride << 1) {
      const a = G + <usize>i * bytes, c = G + <usize>(i + stride) * bytes;
      for (let o: usize = 0; o < vec; o += 16) v128.store(a + o, f32x4.add(v128.load(a + o), v128.load(c + o)));
      for (let o = vec; o < bytes; o += 4) store<f32>(a + o, load<f32>(a + o) + load<f32>(c + o));
    }
  }
  const theta = rbmParams(m);
  const nW = <usize>H * <usize>V;
  for (let j = 0; j < H; j++) {
    const o = <usize>j * (<usize>V << 2);
    stepFrom(theta + o, vel + o, G + o, V, lr, momentum, weightDecay);
  }
  stepFrom(theta + (nW << 2), vel + (nW << 2), G + (nW << 2), V, lr, momentum, 0);
  const oc = (nW + <usize>V) << 2;
  stepFrom(theta + oc, vel + oc, G + oc, H, lr, momentum, 0);
  return firstNonFinite(theta, P) >= 0 ? 1 : 0;
}

/**
 * Minibatches first … first + count − 1 of an epoch over X (n×V) in the order
 * perm i32[n] (batch b holds rows perm[b·B … min(n, (b+1)·B))). persistent ≠ 0:
 * the negative phase continues `chains` (B×V, in/out); else it starts at the
 * batch. vel f32[P] is the momentum buffer; the step is
 *   vel ← momentum·vel + lr·(∇̂ − weightDecay·W),  θ ← θ + vel,
 * with ∇̂ the blocks' partial gradients (rbmBlockGrads) summed in their fixed tree
 * (rbmApplyStep): the bits of workers that compute the blocks.
 * rng: key and stream of the draws, keyed per chain as the header says (not advanced).
 * Returns −1, or the first batch after which θ holds a NaN/±Inf (it stops there).
 */
export function rbmTrainBatches(
  m: usize, X: usize, n: i32, perm: usize, B: i32, first: i32, count: i32, k: i32, persistent: i32,
  chains: usize, vel: usize, lr: f32, momentum: f32, weightDecay: f32, rng: usize,
): i32 {
  if (B < 1 || k < 1 || n < 1 || first < 0 || count < 0) fail(E_BAD_ARGUMENT, 1);
  const V = rbmV(m), P = rbmNumParams(m);
  const rowV = <usize>V << 2;
  const Bz = <usize>B;
  const vpos = allocBytes(<u64>(Bz * rowV + 16));
  const vneg = allocBytes(<u64>(Bz * rowV + 16));
  const G = allocBytes(<u64>rbmBlocksOf(B, B) * <u64>P * 4 + 16);
  let bad = -1;
  for (let bi = first; bi < first + count; bi++) {
    const start = bi * B;
    if (start >= n) break;
    const mb = min(B, n - start);
    for (let r = 0; r < mb; r++) {
      const row = load<i32>(perm + (<usize>(start + r) << 2));
      memory.copy(vpos + <usize>r * rowV, X + <usize>row * rowV, rowV);
    }
    const nn = persistent != 0 ? B : mb;
    if (persistent != 0) memory.copy(vneg, chains, <usize>nn * rowV);
    rbmBlockGrads(m, vpos, mb, vneg, nn, 0, mb, nn, B, bi, k, persistent, rng, G);
    if (persistent != 0) memory.copy(chains, vneg, <usize>nn * rowV);
    if (rbmApplyStep(m, G, rbmBlocksOf(mb, nn), vel, lr, momentum, weightDecay) != 0) {
      bad = bi;
      break;
    }
  }
  heap.free(G);
  heap.free(vneg);
  heap.free(vpos);
  return bad;
}

/**
 * n persistent chains (n×V) drawn from p(v | h = 0): chain chain0 + r (row r) from the Philox
 * blocks at counters (chain0 + r)·Bv … + Bv − 1 (Bv = ⌈V/4⌉) of the state's key and stream (not
 * advanced), so chains drawn in parts equal chains drawn at once. U n×⌈V/4⌉·4 work.
 */
export function rbmInitChains(m: usize, Vm: usize, n: i32, rng: usize, U: usize, chain0: i32): void {
  if (n < 0 || chain0 < 0) fail(E_BAD_ARGUMENT, 1);
  const V = rbmV(m);
  const Bv = (V + 3) >> 2;
  const Vp = Bv << 2;
  const gaussian = rbmGaussian(m);
  const b = rbmB(m);
  const rowV = <usize>V << 2;
  for (let r = 0; r < n; r++) memory.copy(Vm + <usize>r * rowV, b, rowV);
  const st = keyedState(rng, <u64>chain0 * <u64>Bv);
  if (gaussian) {
    rngNormal(U, n * Vp, st);
    for (let r = 0; r < n; r++) {
      const x = Vm + <usize>r * rowV, u = U + (<usize>(r * Vp) << 2);
      for (let t = 0; t < V; t++) store<f32>(x + (<usize>t << 2), load<f32>(x + (<usize>t << 2)) + load<f32>(u + (<usize>t << 2)));
    }
  } else {
    rngUniform(U, n * Vp, st);
    sigmoidBernoulliRows(Vm, V, U, Vp, n, V);
  }
}
