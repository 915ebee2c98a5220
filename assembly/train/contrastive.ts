// One fused contrastive training step (the lecture's "push down on data, push
// up on contrastive samples") for a learnable energy (energies/learnable.ts): make the negatives, evaluate
// both energies, turn the loss into per-row weights, one weighted parameter
// gradient, one optimizer update. Everything a step reads or changes lives in
// the trainer block (config, RNG, replay buffer, sampler state, optimizer
// moments), so a run split into chunks, or saved and resumed, gives the same bits.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { cursorBegin, cursorEnd, nextBelow, nextUniform, rngNormalFast, rngUniform } from "../core/rng";
import { learnableCondBytes, learnableEnergy, learnableNumParams, learnableParamGrad, learnableParams, learnableSetCondition, learnableSync } from "../energies/learnable";
import { energyDescend } from "../energies/descend";
import { contrastiveLoss, lossRows, LOSS_CONTRASTIVE } from "./losses";
import { sgdStep, adamStep, sumSquaresF64 } from "./optim";
import { samplerPrime, runSteps } from "../samplers/run";
import { setPart } from "../samplers/draws";
import { SS_O_POS, SS_KIND, SS_CHAINS, SS_DIM, SS_STEP, arr } from "../samplers/state";
import { SAMPLER_LANGEVIN } from "../samplers/kinds";
import { rowFinite } from "../samplers/common";
import { copyRow } from "../core/simd";
import { langevinPropose, langevinProposal } from "../samplers/langevin";

// ---- the trainer block: i32 / usize fields, then f64 fields, then the RNG ----
export const T_NET = 0; // the learnable model's descriptor (energies/learnable.ts)
export const T_DIM = 4;
export const T_BATCH = 8; // B: rows per step (positives and negatives alike)
export const T_INIT = 12; // where negatives start: INIT_*
export const T_SAMPLER = 16; // 0 gradient descent, else the sampler state at T_SSTATE (its kind: langevin, mala, hmc)
export const T_STEPS = 20; // sampler / descent steps per negative
export const T_LOSS = 24;
export const T_BUF = 28; // replay buffer f32[bufferSize × D]
export const T_BUF_SIZE = 32;
export const T_BUF_COUNT = 36; // rows filled so far
export const T_SSTATE = 40; // sampler state (chains = B)
export const T_NOISE_MODE = 44; // NOISE_*
export const T_LO = 48; // f32[D]
export const T_HI = 52; // f32[D]
export const T_OPT = 56; // OPT_*
export const T_OPT_T = 60; // optimizer steps taken
export const T_M = 64; // f32[P] momentum / first moment
export const T_V = 68; // f32[P] second moment
export const T_NEG = 72; // f32[B × D] negatives (when not in a sampler state)
export const T_SCRATCH = 76; // f32[4B + ⌈B/64⌉·P + B·D]: E⁺, E⁻, w⁺, w⁻ (B each), a gradient per block (P each; the sum lands in the first), a B×D work area
export const T_BUF_IDX = 80; // i32[B]: buffer rows the negatives came from (−1: fresh)
export const T_NESTEROV = 84;
export const T_DECOUPLED = 88;
export const T_STEP_COUNT = 92; // training steps taken
// f64
export const T_STEP_SIZE = 96; // descent step (the sampler keeps its own)
export const T_KICK = 104;
export const T_REINIT = 112;
export const T_STD = 120;
export const T_MARGIN = 128;
export const T_GAMMA = 136;
export const T_ALPHA = 144;
export const T_LR = 152;
export const T_BETA1 = 160; // adam β1, or sgd momentum
export const T_BETA2 = 168;
export const T_EPS = 176;
export const T_WD = 184;
export const T_CLIP = 192; // max gradient norm (≤ 0: none)
export const T_PX = 200; // conditions x of the batch (B × C), 0 for F(y)
export const T_RNG = 224; // 32-byte Philox state
export const TRAINER_BYTES: i32 = 256;

// codes of T_INIT, T_NOISE_MODE and T_OPT
export const INIT_DATA: i32 = 0; // the data rows plus a Gaussian kick (contrastive divergence)
export const INIT_NOISE: i32 = 1; // fresh noise (short-run MCMC)
export const INIT_BUFFER: i32 = 2; // a replay buffer (persistent contrastive divergence)
export const NOISE_UNIFORM: i32 = 0; // uniform in [lo, hi] per coordinate
export const NOISE_NORMAL: i32 = 1; // N(0, std²)
export const OPT_SGD: i32 = 0;
export const OPT_ADAM: i32 = 1;

// stats f64[6] of contrastiveStep (byte offsets)
export const TRAIN_STATS_BYTES: i32 = 48;
export const TRAIN_STAT_LOSS: i32 = 0;
export const TRAIN_STAT_ENERGY_POSITIVE: i32 = 8; // mean E⁺ of the batch
export const TRAIN_STAT_ENERGY_NEGATIVE: i32 = 16; // mean E⁻ of the negatives
export const TRAIN_STAT_GRAD_NORM: i32 = 24;
export const TRAIN_STAT_OK: i32 = 32; // 1, or 0 when the loss or gradient was not finite (parameters unchanged)
export const TRAIN_STAT_NEG_NON_FINITE: i32 = 40; // negatives' non-finite count

@inline function neg(t: usize): usize {
  return load<i32>(t + T_SAMPLER) != 0 ? arr(load<usize>(t + T_SSTATE), SS_O_POS) : load<usize>(t + T_NEG);
}

/** Fills row r of Y (D f32) with a noise draw: uniform in [lo, hi] or N(0, std²); u: D f32 uniforms or normals. */
function noiseRow(t: usize, y: usize, u: usize, D: i32): void {
  const mode = load<i32>(t + T_NOISE_MODE);
  const lo = load<usize>(t + T_LO);
  const hi = load<usize>(t + T_HI);
  const sd = <f32>load<f64>(t + T_STD);
  for (let j = 0; j < D; j++) {
    const o = <usize>j << 2;
    const v = load<f32>(u + o);
    store<f32>(y + o, mode == NOISE_UNIFORM ? load<f32>(lo + o) + v * (load<f32>(hi + o) - load<f32>(lo + o)) : sd * v);
  }
}

/** Starting points of the negatives for a batch P (B×D). */
function initNegatives(t: usize, P: usize, B: i32, D: i32, N: usize, scratch: usize): void {
  const init = load<i32>(t + T_INIT);
  const rng = t + T_RNG;
  const rowBytes = <usize>D << 2;
  const idx = load<usize>(t + T_BUF_IDX);
  const mode = load<i32>(t + T_NOISE_MODE);
  // noise for the whole batch (uniforms for the box, normals for N(0, std²))
  if (init != INIT_DATA) {
    if (mode == NOISE_UNIFORM) rngUniform(scratch, B * D, rng);
    else rngNormalFast(scratch, B * D, rng);
  }
  if (init == INIT_DATA) {
    // the lecture's CD: start at the training point, give it a random kick
    const kick = <f32>load<f64>(t + T_KICK);
    rngNormalFast(scratch, B * D, rng);
    for (let i = 0; i < B * D; i++) {
      const o = <usize>i << 2;
      store<f32>(N + o, load<f32>(P + o) + kick * load<f32>(scratch + o));
    }
    for (let i = 0; i < B; i++) store<i32>(idx + (<usize>i << 2), -1);
  } else if (init == INIT_NOISE) {
    for (let i = 0; i < B; i++) {
      noiseRow(t, N + <usize>i * rowBytes, scratch + <usize>i * rowBytes, D);
      store<i32>(idx + (<usize>i << 2), -1);
    }
  } else {
    // persistent CD (Tieleman 2008) with a replay buffer and reinitialization (Du & Mordatch 2019)
    const count = load<i32>(t + T_BUF_COUNT);
    const size = load<i32>(t + T_BUF_SIZE);
    const buf = load<usize>(t + T_BUF);
    const reinit = load<f64>(t + T_REINIT);
    cursorBegin(rng);
    for (let i = 0; i < B; i++) {
      const fresh = count == 0 || nextUniform() < reinit;
      const r = count == 0 ? 0 : <i32>nextBelow(<u32>count);
      if (fresh || count == 0) {
        noiseRow(t, N + <usize>i * rowBytes, scratch + <usize>i * rowBytes, D);
        // a fresh sample takes a new buffer row while the buffer fills, else replaces a random one
        store<i32>(idx + (<usize>i << 2), count + i < size ? -2 : r);
      } else {
        memory.copy(N + <usize>i * rowBytes, buf + <usize>r * rowBytes, rowBytes);
        store<i32>(idx + (<usize>i << 2), r);
      }
    }
    cursorEnd();
  }
}

/** Writes the finished negatives back into the replay buffer. */
function storeNegatives(t: usize, N: usize, B: i32, D: i32): void {
  const size = load<i32>(t + T_BUF_SIZE);
  const buf = load<usize>(t + T_BUF);
  const idx = load<usize>(t + T_BUF_IDX);
  const rowBytes = <usize>D << 2;
  let count = load<i32>(t + T_BUF_COUNT);
  for (let i = 0; i < B; i++) {
    let r = load<i32>(idx + (<usize>i << 2));
    if (r == -2) {
      if (count < size) r = count++;
      else continue;
    }
    if (r >= 0) memory.copy(buf + <usize>r * rowBytes, N + <usize>i * rowBytes, rowBytes);
  }
  store<i32>(t + T_BUF_COUNT, count);
}

/** Rows of a block: the unit of a step's work (sampling, energies, a partial gradient), whatever the threads. */
export const TRAIN_BLOCK: i32 = 64;

/** Blocks of a batch of B rows (the last one shorter). */
@inline function blocksOf(B: i32): i32 {
  return (B + TRAIN_BLOCK - 1) / TRAIN_BLOCK;
}

/**
 * One training step on the batch P (B×D rows of data): negatives, energies,
 * loss weights, parameter gradient, optimizer update. stats f64[6] out.
 * The parameters change only when the loss and gradient are finite.
 * It is contrastiveNegatives, contrastiveBlocks on the whole batch and
 * contrastiveFinish: the SDK may run contrastiveBlocks on workers instead,
 * on runs of whole blocks (sampler parts, samplers/parallel.ts), with the same bytes.
 */
export function contrastiveStep(t: usize, P: usize, stats: usize): void {
  contrastiveNegatives(t, P, stats);
  const net = load<usize>(t + T_NET);
  const B = load<i32>(t + T_BATCH);
  const scratch = load<usize>(t + T_SCRATCH);
  const Ep = scratch, En = Ep + (<usize>B << 2);
  const grads = scratch + (<usize>B << 4);
  const s = load<i32>(t + T_SAMPLER) != 0 ? load<usize>(t + T_SSTATE) : 0;
  const bad = contrastiveBlocks(net, s, neg(t), load<i32>(t + T_STEPS), P, load<usize>(t + T_PX), 0, B, B,
    load<i32>(t + T_LOSS), load<f64>(t + T_MARGIN), load<f64>(t + T_GAMMA), load<f64>(t + T_ALPHA), grads, Ep, En);
  store<f64>(stats, <f64>bad, TRAIN_STAT_NEG_NON_FINITE);
  contrastiveFinish(t, P, stats);
}

/**
 * The first part of a step: the negatives' starting points (into the sampler state's positions
 * when there is one), and with descent the descent itself. The sampler's work (priming, its
 * transitions, the last move) is contrastiveBlocks'.
 */
export function contrastiveNegatives(t: usize, P: usize, stats: usize): void {
  const net = load<usize>(t + T_NET);
  const D = load<i32>(t + T_DIM);
  const B = load<i32>(t + T_BATCH);
  const np = learnableNumParams(net);
  const scratch = load<usize>(t + T_SCRATCH);
  const work = scratch + (<usize>B << 4) + ((<usize>blocksOf(B) * <usize>np) << 2); // B·D f32
  const N = neg(t);
  store<f64>(stats, 1, TRAIN_STAT_OK);
  store<f64>(stats, 0, TRAIN_STAT_NEG_NON_FINITE);
  initNegatives(t, P, B, D, N, work);
  if (load<i32>(t + T_SAMPLER) == 0) {
    // the lecture's "descend the energy" from the kicked or fresh starts; conditional:
    // negatives are y's for the batch's own x (row i keeps x_i)
    learnableSetCondition(net, load<usize>(t + T_PX));
    energyDescend(net, N, B, load<i32>(t + T_STEPS), <f32>load<f64>(t + T_STEP_SIZE), 0);
    learnableSetCondition(net, 0);
  }
}

/**
 * The work of rows [first, first + count) of a batch of `total` rows, in blocks of TRAIN_BLOCK
 * rows (first a multiple of it): with a sampler state s (those rows' chains: the whole state when
 * count = total, else a part made by samplerSplit) and steps > 0, the negatives' priming, their
 * transitions and (Langevin) the last move; then per block its energies E⁺, E⁻ (f32[count] each,
 * from Ep, En) and its partial parameter gradient (grads: f32[blocks × numParams], block by block)
 * of Σ w⁺·F(P) + w⁻·F(N) with the whole batch's loss weights. N: the negatives when s = 0 (descent),
 * else the state's positions. P, PX: the rows' data and conditions (PX 0 for F(y)). Returns 1 when
 * the priming met a non-finite negative, else 0.
 */
export function contrastiveBlocks(net: usize, s: usize, N: usize, steps: i32, P: usize, PX: usize, first: i32, count: i32, total: i32,
  loss: i32, margin: f64, gamma: f64, alpha: f64, grads: usize, Ep: usize, En: usize): i32 {
  if (first < 0 || first % TRAIN_BLOCK != 0 || count < 1 || first > total - count) fail(E_BAD_ARGUMENT, first);
  const D = load<i32>(net + 4); // every descriptor starts (kind, dim)
  const np = learnableNumParams(net);
  let bad = 0;
  if (s != 0) {
    if (load<i32>(s + SS_CHAINS) != count || load<i32>(s + SS_DIM) != D) fail(E_BAD_ARGUMENT, count);
    N = arr(s, SS_O_POS);
    if (steps > 0) {
      learnableSetCondition(net, PX);
      if (count < total) setPart(first, total);
      else setPart(0, 0);
      if (samplerPrime(s, net) >= 0) bad = 1;
      // k Langevin moves need ∇F at the k starting points only: the last move is made without
      // evaluating F where it lands (the parameter-gradient passes evaluate there anyway), so 20
      // steps cost 20 gradients, not 21
      const langevin = load<i32>(s + SS_KIND) == SAMPLER_LANGEVIN;
      runSteps(s, net, langevin ? steps - 1 : steps, 1, 0);
      if (langevin) langevinLastMove(s);
      setPart(0, 0);
      learnableSetCondition(net, 0);
    }
  }
  const rowBytes = <usize>D << 2;
  const xBytes = PX != 0 ? <usize>learnableCondBytes(net) : 0;
  const invB = 1.0 / <f64>total;
  const fused = loss == LOSS_CONTRASTIVE && alpha == 0;
  const wp = changetype<usize>(blockWeights), wn = wp + (<usize>TRAIN_BLOCK << 2);
  for (let r = 0; r < count; r += TRAIN_BLOCK) {
    const n = min(TRAIN_BLOCK, count - r);
    const g = grads + ((<usize>(r / TRAIN_BLOCK) * <usize>np) << 2);
    const p = P + <usize>r * rowBytes, y = N + <usize>r * rowBytes, x = PX != 0 ? PX + <usize>r * xBytes : 0;
    const ep = Ep + (<usize>r << 2), en = En + (<usize>r << 2);
    if (fused) {
      // E⁺ − E⁻: the weights ±1/B do not depend on the energies, so the two
      // parameter-gradient passes return the energies and no forward is repeated
      const w = <f32>invB;
      for (let i = 0; i < n; i++) {
        store<f32>(wp + (<usize>i << 2), w);
        store<f32>(wn + (<usize>i << 2), -w);
      }
      learnableParamGrad(net, g, wp, p, x, n, 0, ep);
      learnableParamGrad(net, g, wn, y, x, n, 1, en);
    } else {
      learnableEnergy(net, ep, p, x, n);
      learnableEnergy(net, en, y, x, n);
      lossRows(loss, ep, en, n, invB, margin, gamma, alpha, wp, wn);
      learnableParamGrad(net, g, wp, p, x, n, 0, 0);
      learnableParamGrad(net, g, wn, y, x, n, 1, 0);
    }
  }
  return bad;
}

const blockWeights = new StaticArray<f32>(2 * TRAIN_BLOCK);

/**
 * Sums the partial gradients of nb blocks (f32[nb × np] at g) into the first, pairwise in a
 * fixed tree over the block index ((g0 + g1) + (g2 + g3), …): the order depends on the batch
 * size only, never on the threads that computed the blocks.
 */
function reduceBlocks(g: usize, nb: i32, np: i32): void {
  const bytes = <usize>np << 2;
  const vec = <usize>(np & ~3) << 2;
  for (let stride = 1; stride < nb; stride <<= 1) {
    for (let i = 0; i + stride < nb; i += stride << 1) {
      const a = g + <usize>i * bytes, b = g + <usize>(i + stride) * bytes;
      for (let o: usize = 0; o < vec; o += 16) v128.store(a + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
      for (let o = vec; o < bytes; o += 4) store<f32>(a + o, load<f32>(a + o) + load<f32>(b + o));
    }
  }
}

/**
 * The rest of a step after contrastiveNegatives and contrastiveBlocks of every block (their E⁺,
 * E⁻ and partial gradients in the scratch, the non-finite count in stats): the replay buffer,
 * the loss, the gradient's tree sum, norm and clipping, the update; stats f64[6] out.
 */
export function contrastiveFinish(t: usize, P: usize, stats: usize): void {
  const net = load<usize>(t + T_NET);
  const D = load<i32>(t + T_DIM);
  const B = load<i32>(t + T_BATCH);
  const np = learnableNumParams(net);
  const scratch = load<usize>(t + T_SCRATCH);
  const Ep = scratch;
  const En = Ep + (<usize>B << 2);
  const wp = En + (<usize>B << 2);
  const wn = wp + (<usize>B << 2);
  const grad = wn + (<usize>B << 2);
  const N = neg(t);
  const negBad = load<f64>(stats + TRAIN_STAT_NEG_NON_FINITE);
  if (load<i32>(t + T_INIT) == INIT_BUFFER) storeNegatives(t, N, B, D);
  // the loss from the blocks' energies (the weights come out as the blocks used them)
  const loss = contrastiveLoss(load<i32>(t + T_LOSS), Ep, En, B, load<f64>(t + T_MARGIN), load<f64>(t + T_GAMMA), load<f64>(t + T_ALPHA), wp, wn);
  reduceBlocks(grad, blocksOf(B), np);
  let sp: f64 = 0;
  let sn: f64 = 0;
  for (let i = 0; i < B; i++) {
    sp += <f64>load<f32>(Ep + (<usize>i << 2));
    sn += <f64>load<f32>(En + (<usize>i << 2));
  }
  const norm = Math.sqrt(sumSquaresF64(grad, np));
  const ok = isFinite(loss) && isFinite(norm);
  if (ok) {
    const clipAt = load<f64>(t + T_CLIP);
    const clip = <f32>(clipAt > 0 && norm > clipAt ? clipAt / (norm + 1e-6) : 1.0);
    const step = load<i32>(t + T_OPT_T) + 1;
    store<i32>(t + T_OPT_T, step);
    const theta = learnableParams(net);
    if (load<i32>(t + T_OPT) == OPT_SGD) {
      sgdStep(theta, grad, load<usize>(t + T_M), np, <f32>load<f64>(t + T_LR), <f32>load<f64>(t + T_BETA1),
        load<i32>(t + T_NESTEROV), <f32>load<f64>(t + T_WD), clip, step == 1 ? 1 : 0);
    } else {
      adamStep(theta, grad, load<usize>(t + T_M), load<usize>(t + T_V), np, <f32>load<f64>(t + T_LR),
        <f32>load<f64>(t + T_BETA1), <f32>load<f64>(t + T_BETA2), <f32>load<f64>(t + T_EPS), <f32>load<f64>(t + T_WD),
        load<i32>(t + T_DECOUPLED), step, clip);
    }
    learnableSync(net);
    // parameters that came out non-finite: report (the SDK restores its copy)
    if (!isFinite(sumSquaresF64(theta, np))) {
      store<f64>(stats, 0, TRAIN_STAT_OK);
    }
  }
  store<i32>(t + T_STEP_COUNT, load<i32>(t + T_STEP_COUNT) + 1);
  store<f64>(stats, loss, TRAIN_STAT_LOSS);
  store<f64>(stats, sp / <f64>B, TRAIN_STAT_ENERGY_POSITIVE);
  store<f64>(stats, sn / <f64>B, TRAIN_STAT_ENERGY_NEGATIVE);
  store<f64>(stats, norm, TRAIN_STAT_GRAD_NORM);
  if (!ok) store<f64>(stats, 0, TRAIN_STAT_OK);
  store<f64>(stats, negBad, TRAIN_STAT_NEG_NON_FINITE);
}

/**
 * The final unadjusted Langevin move of the negatives: langevinStep's proposal
 * (the same draws and arithmetic) without evaluating F or ∇F at the new point;
 * a row whose new position is not finite stays where it was. (A finite point
 * whose energy overflows shows up as a non-finite loss instead.) The state's E
 * and ∇F are then stale; the next step primes the sampler again.
 */
function langevinLastMove(s: usize): void {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  langevinPropose(s, load<f64>(s + SS_STEP));
  const pos = arr(s, SS_O_POS), prop = langevinProposal(s);
  const rowBytes = <usize>D << 2;
  for (let c = 0; c < C; c++) {
    const r = <usize>c * rowBytes;
    if (rowFinite(prop + r, D)) copyRow(pos + r, prop + r, D);
  }
}

/** The bytes a trainer block needs. */
export function trainerBytes(): i32 {
  return TRAINER_BYTES;
}

/** Copies the rows perm[start..start+B) of X (n×D) into P (B×D): the batch of one step. */
export function gatherBatch(P: usize, X: usize, D: i32, perm: usize, start: i32, B: i32): void {
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < B; i++) {
    memory.copy(P + <usize>i * rowBytes, X + <usize>load<i32>(perm + (<usize>(start + i) << 2)) * rowBytes, rowBytes);
  }
}

/** Fisher–Yates shuffle of perm (i32[n]) in place, from the 32-byte RNG state `rng` (advanced). */
export function shufflePerm(perm: usize, n: i32, rng: usize): void {
  if (n < 1) fail(E_BAD_ARGUMENT, n);
  cursorBegin(rng);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>nextBelow(<u32>(i + 1));
    const a = perm + (<usize>i << 2);
    const b = perm + (<usize>j << 2);
    const v = load<i32>(a);
    store<i32>(a, load<i32>(b));
    store<i32>(b, v);
  }
  cursorEnd();
}

/** One epoch's order for the trainer block t: shufflePerm with the trainer's RNG. */
export function shuffleOrder(t: usize, perm: usize, n: i32): void {
  shufflePerm(perm, n, t + T_RNG);
}
