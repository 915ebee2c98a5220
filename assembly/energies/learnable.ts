// The learnable-model protocol: what optimizers, the contrastive step, grid
// maximum likelihood and model files need from a model with parameters θ —
// where θ lives, how many there are, a sync after θ changed (derived copies
// such as transposed weights), energies with conditions, and the weighted
// parameter gradient Σ_r w_r·∂F(x_r, y_r)/∂θ. A model's descriptor starts with
// (kind i32, dim i32) like every energy descriptor; a new learnable model is
// one `case` per function here.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { KIND_MLP, mlpCondDim, mlpEnergy, mlpNumParams, mlpParamGrad, mlpParams, mlpSetCondition, mlpSync, mlpTaylorBytes, mlpTaylorParamGrad } from "./mlp";
import { KIND_GLO, gloEnergy, gloNumParams, gloParamGrad, gloParams, gloSync } from "./glo";
import { KIND_LATENT, latentEnergy, latentLearnableGrad, latentNumParams, latentParams, latentSync } from "./latent";
import { KIND_RBM } from "./descriptor";
import { KIND_MAE, maeEnergy, maeNumParams, maeParamGrad, maeParams, maeSync } from "./mae";
import { KIND_DAE, daeEnergy, daeNumParams, daeParamGrad, daeParams, daeSync } from "./dae";
import { rbmFreeEnergy, rbmNumParams, rbmParamGrad, rbmParams } from "./rbm";

@inline function kindOf(model: usize): i32 {
  return load<i32>(model);
}

/** Pointer to the model's flat f32 parameter vector θ. */
export function learnableParams(model: usize): usize {
  switch (kindOf(model)) {
    case KIND_MLP: return mlpParams(model);
    case KIND_GLO: return gloParams(model);
    case KIND_LATENT: return latentParams(model);
    case KIND_RBM: return rbmParams(model);
    case KIND_MAE: return maeParams(model);
    case KIND_DAE: return daeParams(model);
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
  return 0;
}

/** Number of parameters (length of θ). */
export function learnableNumParams(model: usize): i32 {
  switch (kindOf(model)) {
    case KIND_MLP: return mlpNumParams(model);
    case KIND_GLO: return gloNumParams(model);
    case KIND_LATENT: return latentNumParams(model);
    case KIND_RBM: return rbmNumParams(model);
    case KIND_MAE: return maeNumParams(model);
    case KIND_DAE: return daeNumParams(model);
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
  return 0;
}

/** Refreshes whatever the model derives from θ; call after every write to θ. */
export function learnableSync(model: usize): void {
  switch (kindOf(model)) {
    case KIND_MLP: mlpSync(model); break;
    case KIND_GLO: gloSync(model); break;
    case KIND_LATENT: latentSync(model); break;
    case KIND_RBM: break; // nothing derived from θ
    case KIND_MAE: maeSync(model); break;
    case KIND_DAE: daeSync(model); break;
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
}

/** F(x_r, y_r) of n rows into E f32[n]; X n×C conditions, or 0 for an unconditional model. */
export function learnableEnergy(model: usize, E: usize, Y: usize, X: usize, n: i32): void {
  switch (kindOf(model)) {
    case KIND_MLP: mlpEnergy(model, E, Y, X, n); break;
    case KIND_GLO: gloEnergy(model, E, Y, n); break;
    case KIND_LATENT: latentEnergy(model, E, Y, X, n); break;
    case KIND_RBM: rbmFreeEnergy(model, E, Y, n); break;
    case KIND_MAE: maeEnergy(model, E, Y, n); break;
    case KIND_DAE: daeEnergy(model, E, Y, n); break;
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
}

/**
 * out f32[numParams] = Σ_r w[r]·∂F(x_r, y_r)/∂θ (+= when accumulate ≠ 0); E f32[n]
 * (or 0) receives the energies on the way.
 */
export function learnableParamGrad(model: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void {
  switch (kindOf(model)) {
    case KIND_MLP: mlpParamGrad(model, out, w, Y, X, n, accumulate, E); break;
    case KIND_GLO: gloParamGrad(model, out, w, Y, n, accumulate, E); break;
    case KIND_LATENT: latentLearnableGrad(model, out, w, Y, X, n, accumulate, E); break;
    case KIND_RBM: rbmParamGrad(model, out, w, Y, n, accumulate, E); break;
    case KIND_MAE: maeParamGrad(model, out, w, Y, n, accumulate, E); break;
    case KIND_DAE: daeParamGrad(model, out, w, Y, n, accumulate, E); break;
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
}

/**
 * The conditions the energy dispatcher uses for row i of a batch (X rows × C),
 * or 0 to clear; a no-op for unconditional kinds.
 */
export function learnableSetCondition(model: usize, X: usize): void {
  switch (kindOf(model)) {
    case KIND_MLP: mlpSetCondition(model, X); break;
    default: break;
  }
}

/** Bytes of one row of the conditions x (0 for kinds without conditions). */
export function learnableCondBytes(model: usize): i32 {
  switch (kindOf(model)) {
    case KIND_MLP: return mlpCondDim(model) << 2;
    default: return 0;
  }
}

/**
 * Bytes of the workspace learnableTaylorParamGrad needs (f64), or 0 when the
 * model's learnable implementation has no Taylor mode (score matching then
 * cannot train it: the SDK refuses it by name before anything is allocated).
 */
export function learnableTaylorBytes(model: usize): f64 {
  switch (kindOf(model)) {
    case KIND_MLP: return mlpTaylorBytes(model);
    default: return 0;
  }
}

/**
 * Directional derivatives along U (Ḟ_r = u_rᵀ∇F(y_r), F̈_r = u_rᵀ∇²F(y_r)u_r into D1, D2,
 * each f32[n] or 0) and G (f32[numParams], += when accumulate ≠ 0) = ∂θ Σ_r
 * [a·Ḟ_r + ½b·Ḟ_r² + c·F̈_r] with U held fixed; returns that sum (f64). order 1 or 2
 * (1: no second tangents, c = 0). ws: learnableTaylorBytes(model) bytes.
 */
export function learnableTaylorParamGrad(model: usize, ws: usize, G: usize, Y: usize, U: usize, n: i32, order: i32, a: f32, b: f32, c: f32, D1: usize, D2: usize, accumulate: i32): f64 {
  switch (kindOf(model)) {
    case KIND_MLP: return mlpTaylorParamGrad(model, ws, G, Y, U, n, order, a, b, c, D1, D2, accumulate);
    default: fail(E_BAD_ARGUMENT, kindOf(model));
  }
  return 0;
}
