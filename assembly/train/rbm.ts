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
 * The gradient of `width` parameters and their momentum step, fused:
 *   g = Σ_{r<np} (sp·a_r)·P_r + Σ_{r<nn} (sn·e_r)·N_r   (in that order, from +0),
 *   g ← g − decay·θ,  vel ← μ·vel + lr·g,  θ ← θ + vel,
 * with a_r = load(ap + r·as), e_r = load(ep + r·es) (stride 0 on ONE: the constant sp, sn) and
 * P_r, N_r rows of stride pRow, nRow bytes. Eight vectors of columns stay in registers over all
 * rows; every lane's sums run in row order with no fused multiply-add, so the bits are those of
 * accumulating the rows into a zeroed buffer one axpy at a time.
 */
function gradStep(theta: usize, vel: usize, width: i32,
                  P: usize, pRow: usize, np: i32, ap: usize, as: usize, sp: f32,
                  N: usize, nRow: usize, nn: i32, ep: usize, es: usize, sn: f32,
                  lr: f32, momentum: f32, decay: f32): void {
  const lrv = f32x4.splat(lr), mu = f32x4.splat(momentum), wd = f32x4.splat(decay);
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
    stepVec(theta + co, vel + co, g0, lrv, mu, wd);
    stepVec(theta + co + 16, vel + co + 16, g1, lrv, mu, wd);
    stepVec(theta + co + 32, vel + co + 32, g2, lrv, mu, wd);
    stepVec(theta + co + 48, vel + co + 48, g3, lrv, mu, wd);
    stepVec(theta + co + 64, vel + co + 64, g4, lrv, mu, wd);
    stepVec(theta + co + 80, vel + co + 80, g5, lrv, mu, wd);
    stepVec(theta + co + 96, vel + co + 96, g6, lrv, mu, wd);
    stepVec(theta + co + 112, vel + co + 112, g7, lrv, mu, wd);
  }
  for (; col + 4 <= width; col += 4) {
    const co = <usize>col << 2;
    let g0 = f32x4.splat(0);
    for (let r = 0; r < np; r++) g0 = f32x4.add(g0, f32x4.mul(f32x4.splat(sp * load<f32>(ap + <usize>r * as)), v128.load(P + <usize>r * pRow + co)));
    for (let r = 0; r < nn; r++) g0 = f32x4.add(g0, f32x4.mul(f32x4.splat(sn * load<f32>(ep + <usize>r * es)), v128.load(N + <usize>r * nRow + co)));
    stepVec(theta + co, vel + co, g0, lrv, mu, wd);
  }
  for (; col < width; col++) {
    const co = <usize>col << 2;
    let g: f32 = 0;
    for (let r = 0; r < np; r++) g += (sp * load<f32>(ap + <usize>r * as)) * load<f32>(P + <usize>r * pRow + co);
    for (let r = 0; r < nn; r++) g += (sn * load<f32>(ep + <usize>r * es)) * load<f32>(N + <usize>r * nRow + co);
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

/**
 * Minibatches first … first + count − 1 of an epoch over X (n×V) in the order
 * perm i32[n] (batch b holds rows perm[b·B … min(n, (b+1)·B))). persistent ≠ 0:
 * the negative phase continues `chains` (B×V, in/out); else it starts at the
 * batch. vel f32[P] is the momentum buffer; the step is
 *   vel ← momentum·vel + lr·(∇̂ − weightDecay·W),  θ ← θ + vel.
 * rng: key and stream of the draws, keyed per chain as the header says (not advanced).
 * Returns −1, or the first batch after which θ holds a NaN/±Inf (it stops there).
 */
export function rbmTrainBatches(
  m: usize, X: usize, n: i32, perm: usize, B: i32, first: i32, count: i32, k: i32, persistent: i32,
  chains: usize, vel: usize, lr: f32, momentum: f32, weightDecay: f32, rng: usize,
): i32 {
  if (B < 1 || k < 1 || n < 1 || first < 0 || count < 0) fail(E_BAD_ARGUMENT, 1);
  const V = rbmV(m), H = rbmH(m), P = rbmNumParams(m);
  const gaussian = rbmGaussian(m);
  const Bh = (H + 3) >> 2, Bv = (V + 3) >> 2;
  const Hp = Bh << 2, Vp = Bv << 2;
  const theta = rbmParams(m);
  const W = rbmW(m), b = rbmB(m), c = rbmC(m);
  const rowV = <usize>V << 2, rowHp = <usize>Hp << 2;
  const Bz = <usize>B;
  const vpos = allocBytes(<u64>(Bz * rowV + 16));
  const hpos = allocBytes(<u64>(Bz * rowHp + 16));
  const vneg = allocBytes(<u64>(Bz * rowV + 16));
  const hneg = allocBytes(<u64>(Bz * rowHp + 16));
  const U = allocBytes(<u64>(Bz * <u64>max(Vp, Hp) * 4 + 16));
  const idx = allocBytes(<u64>max(V, H) * 4 + 16);
  memory.fill(hpos, 0, Bz * rowHp); // the pad lanes H … Hp − 1: finite values only
  memory.fill(hneg, 0, Bz * rowHp);
  const perStep = <u64>B * <u64>(Bh + Bv);
  let bad = -1;
  for (let bi = first; bi < first + count; bi++) {
    const start = bi * B;
    if (start >= n) break;
    const mb = min(B, n - start);
    for (let r = 0; r < mb; r++) {
      const row = load<i32>(perm + (<usize>(start + r) << 2));
      memory.copy(vpos + <usize>r * rowV, X + <usize>row * rowV, rowV);
    }
    rbmHiddenInputRows(m, hpos, Hp, vpos, mb, 1);
    sigmoidRows(hpos, mb * Hp);
    // negative phase: k sweeps from the chains (PCD) or the batch (CD, whose first hidden
    // probabilities are the positive ones)
    const nn = persistent != 0 ? B : mb;
    memory.copy(vneg, persistent != 0 ? chains : vpos, <usize>nn * rowV);
    for (let s = 0; s < k; s++) {
      const at = TRAIN_COUNTER0 + (<u64>bi * <u64>k + <u64>s) * perStep;
      rngUniform(U, nn * Hp, keyedState(rng, at));
      if (s == 0 && persistent == 0) {
        memory.copy(hneg, hpos, <usize>nn * rowHp);
        bernoulli(hneg, U, nn * Hp);
      } else {
        rbmHiddenInputRows(m, hneg, Hp, vneg, nn, 1);
        sigmoidBernoulli(hneg, U, nn * Hp);
      }
      for (let r = 0; r < nn; r++) biasPlusCombination(vneg + <usize>r * rowV, b, W, V, hneg + <usize>r * rowHp, H, idx);
      const atV = keyedState(rng, at + <u64>B * <u64>Bh);
      if (gaussian) {
        rngNormal(U, nn * Vp, atV);
        for (let r = 0; r < nn; r++) {
          const x = vneg + <usize>r * rowV, u = U + (<usize>(r * Vp) << 2);
          for (let t = 0; t < V; t++) store<f32>(x + (<usize>t << 2), load<f32>(x + (<usize>t << 2)) + load<f32>(u + (<usize>t << 2)));
        }
      } else {
        rngUniform(U, nn * Vp, atV);
        sigmoidBernoulliRows(vneg, V, U, Vp, nn, V);
      }
    }
    if (persistent != 0) memory.copy(chains, vneg, <usize>nn * rowV);
    rbmHiddenInputRows(m, hneg, Hp, vneg, nn, 1);
    sigmoidRows(hneg, nn * Hp);
    // ∇̂ = ⟨·⟩_data − ⟨·⟩_model (data mean over mb rows, model mean over nn chains), then the step
    const wp: f32 = 1 / <f32>mb, wn: f32 = -1 / <f32>nn;
    for (let j = 0; j < H; j++) {
      const jo = <usize>j << 2;
      gradStep(W + <usize>j * rowV, vel + <usize>j * rowV, V,
               vpos, rowV, mb, hpos + jo, rowHp, wp, vneg, rowV, nn, hneg + jo, rowHp, wn, lr, momentum, weightDecay);
    }
    const velB = vel + (<usize>H * rowV);
    gradStep(b, velB, V, vpos, rowV, mb, ONE, 0, wp, vneg, rowV, nn, ONE, 0, wn, lr, momentum, 0);
    gradStep(c, velB + rowV, H, hpos, rowHp, mb, ONE, 0, wp, hneg, rowHp, nn, ONE, 0, wn, lr, momentum, 0);
    if (firstNonFinite(theta, P) >= 0) {
      bad = bi;
      break;
    }
  }
  heap.free(idx);
  heap.free(U);
  heap.free(hneg);
  heap.free(vneg);
  heap.free(hpos);
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
