// Score matching (the lecture's strategy 4: minimize the gradient and maximize
// the curvature of the energy at the data) for a learnable energy, with the
// energy convention score = −∇F:
//   exact (Hyvärinen 2005):   J = ½‖∇F(y)‖² − tr ∇²F(y), the trace over the D basis directions;
//   sliced (Song et al. 2019): J = ½(vᵀ∇F)² − vᵀ∇²F v over random projections v
//                              (Rademacher or Gaussian), or the variance-reduced
//                              ½‖∇F‖² − vᵀ∇²F v;
//   denoising (Vincent 2011): J = ½‖∇F(ỹ) − (ỹ − y)/σ²‖² with ỹ = y + σε.
// Every parameter gradient is ∂θ of a first or second directional derivative
// of F along a direction held fixed, which the model's Taylor mode gives
// (energies/learnable.ts → energies/network.ts): ∂θ ½‖∇F‖² = ∂θ(uᵀ∇F) with
// u = ∇F fixed, ∂θ ½(vᵀ∇F)² = (vᵀ∇F)·∂θ(vᵀ∇F), ∂θ vᵀ∇²F v directly, and the
// denoising loss ∂θ(rᵀ∇F(ỹ)) with the residual r fixed. One fused step per
// batch: draws, directions, the gradient, one optimizer update. Everything a
// step reads or changes lives in the block, so chunked or resumed runs give
// the same bits.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { rngNormalFast, rngU32 } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import { learnableNumParams, learnableParams, learnableSync, learnableTaylorParamGrad } from "../energies/learnable";
import { sgdStep, adamStep, sumSquaresF64 } from "./optim";
import { OPT_SGD } from "./contrastive";

export const SM_DENOISING: i32 = 1;
export const SM_SLICED: i32 = 2;
export const SM_EXACT: i32 = 3;
export const SM_PROJ_RADEMACHER: i32 = 0;
export const SM_PROJ_GAUSSIAN: i32 = 1;

// ---- the block: i32 / pointer fields, then f64 fields, then the RNG ----
export const SM_NET = 0; // the learnable model's descriptor
export const SM_DIM = 4;
export const SM_BATCH = 8; // B data rows per step
export const SM_METHOD = 12; // SM_DENOISING | SM_SLICED | SM_EXACT
export const SM_PROJ = 16; // M projections per row (sliced; 1 for denoising, D for exact)
export const SM_DIST = 20; // SM_PROJ_* (sliced)
export const SM_VR = 24; // 1: the variance-reduced sliced loss
export const SM_OPT = 28; // OPT_* (train/contrastive.ts)
export const SM_OPT_T = 32; // optimizer updates taken
export const SM_M = 36; // f32[P] first moment / momentum
export const SM_V = 40; // f32[P] second moment
export const SM_SCRATCH = 44; // smScratchBytes below
export const SM_TAYLOR = 48; // the model's Taylor workspace (learnableTaylorBytes)
export const SM_NESTEROV = 52;
export const SM_DECOUPLED = 56;
export const SM_STEP_COUNT = 60; // training steps taken
// f64
export const SM_LR = 64;
export const SM_BETA1 = 72; // adam β1, or sgd momentum
export const SM_BETA2 = 80;
export const SM_EPS = 88;
export const SM_WD = 96;
export const SM_CLIP = 104; // max global norm of ∇θ (≤ 0: none)
export const SM_NOISE_STD = 112; // σ (denoising)
export const SM_RNG = 128; // 32-byte Philox state
export const SM_BYTES: i32 = 160;

// stats f64[3] of smStep (byte offsets)
export const SM_STATS_BYTES: i32 = 24;
export const SM_STAT_LOSS: i32 = 0;
export const SM_STAT_GRAD_NORM: i32 = 8;
export const SM_STAT_OK: i32 = 16; // 1, or 0 when the loss or gradient was not finite (θ unchanged)

// scratch (bytes, R = B·M rows, each area rounded up to 16 bytes): Y f32[R·D] (the rows the
// directions start from), U f32[R·D] (the directions), W f32[R·D] (draws), GF f32[B·D] (∇F),
// grad f32[P]
@inline function up16(b: usize): usize {
  return (b + 15) & ~<usize>15;
}
@inline function rowsOf(t: usize): i32 {
  return load<i32>(t + SM_BATCH) * load<i32>(t + SM_PROJ);
}
@inline function yAt(t: usize): usize { return load<usize>(t + SM_SCRATCH); }
@inline function matBytes(t: usize): usize { return up16(<usize>rowsOf(t) * (<usize>load<i32>(t + SM_DIM) << 2)); }
@inline function uAt(t: usize): usize { return yAt(t) + matBytes(t); }
@inline function wAt(t: usize): usize { return uAt(t) + matBytes(t); }
@inline function gfAt(t: usize): usize { return wAt(t) + matBytes(t); }
@inline function gradAt(t: usize): usize {
  return gfAt(t) + up16(<usize>load<i32>(t + SM_BATCH) * (<usize>load<i32>(t + SM_DIM) << 2));
}

/** The scratch bytes a score-matching block needs for B rows, M projections per row, D dims, P parameters (f64). */
export function smScratchBytes(B: i32, M: i32, D: i32, P: i32): f64 {
  const mat = Math.ceil(<f64>B * <f64>M * <f64>D * 4 / 16) * 16;
  return 3 * mat + Math.ceil(<f64>B * <f64>D * 4 / 16) * 16 + <f64>P * 4 + 16;
}

/** Copies each of the B rows of P (B×D) M times into Y (row r·M + k). */
function repeatRows(Y: usize, P: usize, B: i32, M: i32, D: i32): void {
  const rb = <usize>D << 2;
  for (let r = 0; r < B; r++) {
    for (let k = 0; k < M; k++) memory.copy(Y + <usize>(r * M + k) * rb, P + <usize>r * rb, rb);
  }
}

/**
 * The loss of the data batch P (B×D) for the block's method, with this step's
 * draws (denoising: ε; sliced: v) taken from the block's RNG, and its gradient
 * in θ into smGradient(t). Returns the loss (mean over the batch).
 */
export function smLossGrad(t: usize, P: usize): f64 {
  const net = load<usize>(t + SM_NET);
  const D = load<i32>(t + SM_DIM);
  const B = load<i32>(t + SM_BATCH);
  const M = load<i32>(t + SM_PROJ);
  const R = B * M;
  const ws = load<usize>(t + SM_TAYLOR);
  const Y = yAt(t), U = uAt(t), W = wAt(t), GF = gfAt(t), grad = gradAt(t);
  const rng = t + SM_RNG;
  const n = R * D;
  const method = load<i32>(t + SM_METHOD);
  if (method == SM_DENOISING) {
    // ỹ = y + σε; r = ∇F(ỹ) − (ỹ − y)/σ² = ∇F(ỹ) − ε/σ; loss ½‖r‖², gradient ∂θ(rᵀ∇F(ỹ)) with r fixed
    const sigma = <f32>load<f64>(t + SM_NOISE_STD);
    const inv = <f32>1 / sigma;
    rngNormalFast(W, n, rng);
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(Y + o, load<f32>(P + o) + sigma * load<f32>(W + o));
    }
    energyEval(net, Y, B, 0, GF);
    let loss: f64 = 0;
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 2;
      const r = load<f32>(GF + o) - inv * load<f32>(W + o);
      store<f32>(U + o, r);
      loss += <f64>r * <f64>r;
    }
    learnableTaylorParamGrad(net, ws, grad, Y, U, B, 1, <f32>1 / <f32>B, 0, 0, 0, 0, 0);
    return 0.5 * loss / <f64>B;
  }
  repeatRows(Y, P, B, M, D);
  if (method == SM_EXACT) {
    // the D basis directions: Σ_j ½(e_jᵀ∇F)² − e_jᵀ∇²F e_j = ½‖∇F‖² − tr ∇²F
    memory.fill(U, 0, <usize>n << 2);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < D; j++) store<f32>(U + (<usize>((r * D + j) * D + j) << 2), 1);
    }
    const ib = <f32>1 / <f32>B;
    return learnableTaylorParamGrad(net, ws, grad, Y, U, R, 2, 0, ib, -ib, 0, 0, 0);
  }
  if (method != SM_SLICED) fail(E_BAD_ARGUMENT, method);
  if (load<i32>(t + SM_DIST) == SM_PROJ_GAUSSIAN) {
    rngNormalFast(U, n, rng);
  } else {
    rngU32(U, n, rng);
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(U + o, (load<u32>(U + o) >>> 31) != 0 ? <f32>-1 : <f32>1);
    }
  }
  const ir = <f32>1 / <f32>R;
  if (load<i32>(t + SM_VR) != 0) {
    // ½‖∇F‖² − mean_k v_kᵀ∇²F v_k: ∂θ ½‖∇F‖² = ∂θ(uᵀ∇F) at u = ∇F held fixed (a sum of ‖∇F‖², so halve it)
    energyEval(net, P, B, 0, GF);
    const first = learnableTaylorParamGrad(net, ws, grad, P, GF, B, 1, <f32>1 / <f32>B, 0, 0, 0, 0, 0);
    return 0.5 * first + learnableTaylorParamGrad(net, ws, grad, Y, U, R, 2, 0, 0, -ir, 0, 0, 1);
  }
  return learnableTaylorParamGrad(net, ws, grad, Y, U, R, 2, 0, ir, -ir, 0, 0, 0);
}

/** Pointer to ∂loss/∂θ f32[P] of the last smLossGrad. */
export function smGradient(t: usize): usize {
  return gradAt(t);
}

/** One score-matching step on the data batch P (B×D): draws, loss and gradient, one optimizer update; stats f64[3] out. θ changes only when loss and gradient are finite. */
export function smStep(t: usize, P: usize, stats: usize): void {
  const net = load<usize>(t + SM_NET);
  const np = learnableNumParams(net);
  store<f64>(stats, 1, SM_STAT_OK);
  const loss = smLossGrad(t, P);
  const grad = gradAt(t);
  const norm = Math.sqrt(sumSquaresF64(grad, np));
  const ok = isFinite(loss) && isFinite(norm);
  if (ok) {
    const clipAt = load<f64>(t + SM_CLIP);
    const clip = <f32>(clipAt > 0 && norm > clipAt ? clipAt / (norm + 1e-6) : 1.0);
    const step = load<i32>(t + SM_OPT_T) + 1;
    store<i32>(t + SM_OPT_T, step);
    const theta = learnableParams(net);
    const lr = <f32>load<f64>(t + SM_LR);
    const b1 = <f32>load<f64>(t + SM_BETA1);
    const wd = <f32>load<f64>(t + SM_WD);
    if (load<i32>(t + SM_OPT) == OPT_SGD) {
      sgdStep(theta, grad, load<usize>(t + SM_M), np, lr, b1, load<i32>(t + SM_NESTEROV), wd, clip, step == 1 ? 1 : 0);
    } else {
      adamStep(theta, grad, load<usize>(t + SM_M), load<usize>(t + SM_V), np, lr, b1, <f32>load<f64>(t + SM_BETA2),
        <f32>load<f64>(t + SM_EPS), wd, load<i32>(t + SM_DECOUPLED), step, clip);
    }
    learnableSync(net);
    if (!isFinite(sumSquaresF64(theta, np))) store<f64>(stats, 0, SM_STAT_OK);
  }
  store<i32>(t + SM_STEP_COUNT, load<i32>(t + SM_STEP_COUNT) + 1);
  store<f64>(stats, loss, SM_STAT_LOSS);
  store<f64>(stats, norm, SM_STAT_GRAD_NORM);
  if (!ok) store<f64>(stats, 0, SM_STAT_OK);
}

/** The bytes a score-matching block needs. */
export function smBytes(): i32 {
  return SM_BYTES;
}
