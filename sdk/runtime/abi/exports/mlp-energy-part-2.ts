// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "MLP energy, optimizers, model files" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** MLP energy, optimizers, model files (part 2 of 2) */
export interface MlpEnergyPart2Exports {
  /**
   * maePseudoLL(model, E f32[n]|0, T n×L, n, G f32[P]|0, w f32[n]|0, accumulate): −Σ_j log p(t_j | t_−j) and its weighted θ-gradient
   *
   * The pseudo-log-likelihood energy F(t) = −Σ_j log p(t_j | t_{−j}) of n rows
   * of T (n × L): one pass per (row, position) with only that position masked.
   * E f32[n] (or 0) gets F; with G ≠ 0, G (f32[P]) = Σ_r w[r]·∂F_r/∂θ (added
   * when accumulate ≠ 0, else overwritten).
   * (assembly/energies/mae.ts: maePseudoLL(m: usize, E: usize, T: usize, n: i32, G: usize, w: usize, accumulate: i32): void)
   */
  maePseudoLL(m: number, E: number, T: number, n: number, G: number, w: number, accumulate: number): void;
  /**
   * maeGibbs(model, T n×L in place, n, sweeps, sweep0, row0, start, seedLo, seedHi): Gibbs sweeps over positions
   *
   * Gibbs sweeps over positions for n chains T (n × L, f32 tokens, in place):
   * in sweep s, position j of every chain is redrawn from p(t_j | t_{−j}) in
   * order j = 0 … L−1. With `start` ≠ 0 the chains first become uniform random
   * tokens. Chain r's draws are keyed by (j, r + row0, s + sweep0), so chains
   * run in pieces match one run.
   * (assembly/energies/mae.ts: maeGibbs(m: usize, T: usize, n: i32, sweeps: i32, sweep0: u32, row0: u32, start: i32, seedLo: u32, seedHi: u32): void)
   */
  maeGibbs(m: number, T: number, n: number, sweeps: number, sweep0: number, row0: number, start: number, seedLo: number, seedHi: number): void;
  /**
   * A latent EBM is a block from latentCreate (energies/latent.ts): E(x, y, z) = ‖y − Dec([x, z])‖².
   * latentCreate(sizes i32[L+1] = [C + e, hidden…, D], L, act, C, kind, K, bound, perAxis) → model
   *
   * Creates the model: decoder sizes i32[L+1] = [C + e, hidden…, D]; kind
   * LATENT_DISCRETE (K embeddings of dimension e, after θ) or LATENT_CONTINUOUS
   * (z in the ball of radius `bound`, with a midpoint grid of `perAxis` points per
   * axis kept inside the ball for quadrature and starts; e ≤ 2 for a grid).
   * (assembly/energies/latent.ts: latentCreate(sizes: usize, L: i32, act: i32, C: i32, kind: i32, K: i32, bound: f32, perAxis: i32): usize)
   */
  latentCreate(sizes: number, L: number, act: number, C: number, kind: number, K: number, bound: number, perAxis: number): number;
  /**
   * latentDestroy(model)
   * (assembly/energies/latent.ts: latentDestroy(a: usize): void)
   */
  latentDestroy(a: number): void;
  /**
   * latentNetwork(model) → the decoder network (θ's first part; discrete embeddings K×e follow it)
   *
   * The decoder network (initialisation through networkInitUniform).
   * (assembly/energies/latent.ts: latentNetwork(a: usize): usize)
   */
  latentNetwork(a: number): number;
  /**
   * latentSetInference(model, starts, steps, stepSize): continuous z's descent
   *
   * Continuous z: starts and steps of the projected descent behind F∞ and infer.
   * (assembly/energies/latent.ts: latentSetInference(a: usize, starts: i32, steps: i32, stepSize: f32): void)
   */
  latentSetInference(a: number, starts: number, steps: number, stepSize: number): void;
  /**
   * latentSetSize(model) → candidates per row (K, or grid points)
   *
   * Candidates per row: K embeddings (discrete) or the grid (continuous).
   * (assembly/energies/latent.ts: latentSetSize(a: usize): i32)
   */
  latentSetSize(a: number): number;
  /**
   * latentFree(model, E f32[n], Z n×e|0, X n×C, Y n×D, n, beta ≤ 0 for F∞): free energies and minimising z
   *
   * Free energies of n pairs (X n×C, Y n×D): F∞ when beta ≤ 0 (β = ∞), else F_β.
   * E f32[n]; Z (n × e, or 0) gets each row's minimising z (z* for F∞).
   * (assembly/energies/latent.ts: latentFree(a: usize, E: usize, Z: usize, X: usize, Y: usize, n: i32, beta: f64): void)
   */
  latentFree(a: number, E: number, Z: number, X: number, Y: number, n: number, beta: number): void;
  /**
   * latentParamGrad(model, out f32[P], w f32[n]|0, scale, X, Y, n, beta, accumulate, E|0) → Σ F (f64)
   *
   * out (f32[P]) (+)= Σ_r w_r·∂F(x_r, y_r)/∂θ (w = 0: every w_r = scale; else w_r·scale),
   * F = F∞ (beta ≤ 0) or F_β: the weighted sum over candidates of ∂E_c/∂θ, with
   * weights ∂F/∂E_c (one-hot at z* for F∞, the envelope theorem; the Gibbs
   * weights for F_β), embeddings included. Returns Σ_r F_r (f64); E (or 0) gets F.
   * (assembly/energies/latent.ts: latentParamGrad(a: usize, out: usize, w: usize, scale: f32, X: usize, Y: usize, n: i32, beta: f64, accumulate: i32, E: usize): f64)
   */
  latentParamGrad(a: number, out: number, w: number, scale: number, X: number, Y: number, n: number, beta: number, accumulate: number, E: number): number;
  /**
   * latentGradY(model, G n×D, E f32[n]|0, X, Y, n, beta): ∇_y F
   *
   * ∇_y F for n pairs into G (n×D): Σ_c (∂F/∂E_c)·2(y − Dec([x, z_c])) — for F∞
   * (beta ≤ 0) 2(y − Dec([x, z*])) by the envelope theorem. E (f32[n], or 0) gets F.
   * (assembly/energies/latent.ts: latentGradY(a: usize, G: usize, E: usize, X: usize, Y: usize, n: i32, beta: f64): void)
   */
  latentGradY(a: number, G: number, E: number, X: number, Y: number, n: number, beta: number): void;
  /**
   * latentTrainBatch(model, X N×C, Y N×D, idx i32[B], B, gradOut f32[P], beta) → Σ F over the batch (f64)
   *
   * One training step's gradient: rows idx i32[B] of X (N×C) and Y (N×D) are
   * gathered, gradOut (f32[P]) = (1/B)·Σ ∂F/∂θ for F∞ (beta ≤ 0) or F_β.
   * Returns Σ F over the batch (f64).
   * (assembly/energies/latent.ts: latentTrainBatch(a: usize, X: usize, Y: usize, idx: usize, B: i32, gradOut: usize, beta: f64): f64)
   */
  latentTrainBatch(a: number, X: number, Y: number, idx: number, B: number, gradOut: number, beta: number): number;
  /**
   * latentPredict(model, Out (n·count)×D, X n×C, n, count): Dec(x, z) over the latent set
   *
   * Predictions Out ((n·count) × D): for row r of X (n×C), Dec([x_r, z]) for
   * `count` values of z: the K embeddings (count = K) or, for a continuous z,
   * evenly spread points of the ball (e = 1: midpoints of [−b, b]; e = 2: a
   * Vogel sunflower spiral, equal area per point).
   * (assembly/energies/latent.ts: latentPredict(a: usize, Out: usize, X: usize, n: i32, count: i32): void)
   */
  latentPredict(a: number, Out: number, X: number, n: number, count: number): void;
  /**
   * distinctMinima(Y n·S×D, E f32[n·S], n, S, D, tol, order i32[n·S], count i32[n])
   *
   * Distinct minima per row: Y holds n groups of S candidate points (n·S × D)
   * with energies E; each group is ordered by energy (ties by index) and a
   * candidate is kept when it is farther than `tol` (Euclidean) from every kept
   * one. order i32[n·S] gets each group's kept indices (within the group) first;
   * count i32[n] how many were kept.
   * (assembly/energies/mlp.ts: distinctMinima(Y: usize, E: usize, n: i32, S: i32, D: i32, tol: f32, order: usize, count: usize): void)
   */
  distinctMinima(Y: number, E: number, n: number, S: number, D: number, tol: number, order: number, count: number): void;
  /**
   * activationEval(out f32[n], x f32[n], n, act, derivative 0|1): the activation formulas (tests)
   *
   * out[i] = f(x[i]) for the exported check of the activation formulas (tests).
   * (assembly/energies/activations.ts: activationEval(out: usize, x: usize, n: i32, act: i32, derivative: i32): void)
   */
  activationEval(out: number, x: number, n: number, act: number, derivative: number): void;
  /**
   * sumSquaresF64(g f32[n], n) → f64
   *
   * Σ g[i]² in f64, in index order (the global norm for clipping is its square root).
   * (assembly/train/optim.ts: sumSquaresF64(g: usize, n: i32): f64)
   */
  sumSquaresF64(g: number, n: number): number;
  /**
   * sgdStep(θ, g, buf, n, lr, μ, nesterov, wd, clip, first)
   *
   * SGD step (torch.optim.SGD, dampening 0): d = clip·g + wd·θ; with momentum
   * μ > 0, buf = μ·buf + d (buf = d at the first step), d = nesterov ? d + μ·buf : buf;
   * θ ← θ − lr·d. theta, grad, buf f32[n]; first ≠ 0 on the first step.
   * (assembly/train/optim.ts: sgdStep(theta: usize, grad: usize, buf: usize, n: i32, lr: f32, momentum: f32, nesterov: i32, weightDecay: f32, clip: f32, first: i32): void)
   */
  sgdStep(theta: number, grad: number, buf: number, n: number, lr: number, momentum: number, nesterov: number, weightDecay: number, clip: number, first: number): void;
  /**
   * adamStep(θ, g, m, v, n, lr, β1, β2, ε, wd, decoupled, t, clip)
   *
   * Adam step t (1-based) as torch.optim.Adam / AdamW: g = clip·grad (+ wd·θ
   * unless decoupled); decoupled: θ ← θ·(1 − lr·wd) first;
   * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
   * θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
   * (assembly/train/optim.ts: adamStep(theta: usize, grad: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, decoupled: i32, t: i32, clip: f32): void)
   */
  adamStep(theta: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, decoupled: number, t: number, clip: number): void;
  /**
   * crc32(bytes u8[n], n) → u32 (model files)
   *
   * CRC-32 of bytes[0..n).
   * (assembly/core/crc32.ts: crc32(bytes: usize, n: i32): u32)
   */
  crc32(bytes: number, n: number): number;
}

/** The number of parameters of each export above. */
export const mlpEnergyPart2Arity = {
  maePseudoLL: 7,
  maeGibbs: 9,
  latentCreate: 8,
  latentDestroy: 1,
  latentNetwork: 1,
  latentSetInference: 4,
  latentSetSize: 1,
  latentFree: 7,
  latentParamGrad: 10,
  latentGradY: 7,
  latentTrainBatch: 7,
  latentPredict: 5,
  distinctMinima: 8,
  activationEval: 5,
  sumSquaresF64: 2,
  sgdStep: 10,
  adamStep: 13,
  crc32: 2,
} as const;

/** The exports above whose result is a usize or u32. */
export const mlpEnergyPart2Unsigned = ['latentCreate', 'latentNetwork', 'crc32'] as const;
