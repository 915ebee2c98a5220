// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "noise-contrastive estimation: an NCE block is nceBytes(), layout NCE_* in train/nce.ts" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** noise-contrastive estimation: an NCE block is nceBytes(), layout NCE_* in train/nce.ts */
export interface NoiseContrastiveEstimationExports {
  /**
   * nceBytes() → bytes of an NCE block
   *
   * The bytes an NCE block needs.
   * (assembly/train/nce.ts: nceBytes(): i32)
   */
  nceBytes(): number;
  /**
   * nceScratchBytes(B, ratio, D, numParams) → f64 bytes of the scratch block
   *
   * The scratch bytes an NCE block needs (f64: the SDK checks the size before allocating).
   * (assembly/train/nce.ts: nceScratchBytes(B: i32, ratio: i32, D: i32, P: i32): f64)
   */
  nceScratchBytes(B: number, ratio: number, D: number, P: number): number;
  /**
   * nceFitNoise(block, X n×D, n): the noise Gaussian's mean and Cholesky factor from the data
   *
   * Fits the noise N(μ, Σ) to X (n×D): μ the column means, Σ the covariance
   * (1/n, plus 1e-6·tr Σ/D on the diagonal so a flat direction still has a
   * density), L its Cholesky factor; all sums in f64. Fails when Σ is not
   * positive definite (data with no spread).
   * (assembly/train/nce.ts: nceFitNoise(t: usize, X: usize, n: i32): void)
   */
  nceFitNoise(t: number, X: number, n: number): void;
  /**
   * nceDrawNoise(block): the next ν·B noise rows into the scratch block
   *
   * Draws the step's M = ν·B noise rows y = μ + L·z into the rows area after the data, with −log p_n(y) = ½‖z‖² + log norm.
   * (assembly/train/nce.ts: nceDrawNoise(t: usize): void)
   */
  nceDrawNoise(t: number): void;
  /**
   * nceLossGrad(block, P B×D, accuracy f64*|0) → loss; ∂/∂θ at nceGradient(block), ∂/∂c at NCE_GC
   *
   * The NCE loss of the data batch P (B×D) against the noise drawn last, and its
   * gradient: the logit u = −F(y) − c − log p_n(y) − log ν (model against ν·noise),
   * loss = (1/B)·[Σ_data softplus(−u) + Σ_noise softplus(u)]; ∂loss/∂F_r = w_r
   * with w = σ(−u)/B on data and −σ(u)/B on noise, ∂loss/∂θ = Σ_r w_r ∂F_r/∂θ
   * into the scratch gradient and ∂loss/∂c = Σ_r w_r at NCE_GC. Returns the loss;
   * *accuracy (f64) receives the share of rows classified right.
   * (assembly/train/nce.ts: nceLossGrad(t: usize, P: usize, accuracy: usize): f64)
   */
  nceLossGrad(t: number, P: number, accuracy: number): number;
  /**
   * nceGradient(block) → pointer to f32[numParams]
   *
   * Pointer to ∂loss/∂θ f32[P] of the last nceLossGrad.
   * (assembly/train/nce.ts: nceGradient(t: usize): usize)
   */
  nceGradient(t: number): number;
  /**
   * nceStep(block, P B×D, stats f64[4])
   *
   * One NCE training step on the data batch P (B×D): noise, loss and gradient,
   * one optimizer update of θ and c; stats f64[4] out. At the first step c
   * starts at the importance-sampling estimate log mean_noise exp(−F − log p_n)
   * of log Z, so a randomly initialised model does not spend its first thousands
   * of steps moving c. θ and c change only when loss and gradient are finite.
   * (assembly/train/nce.ts: nceStep(t: usize, P: usize, stats: usize): void)
   */
  nceStep(t: number, P: number, stats: number): void;
}

/** The number of parameters of each export above. */
export const noiseContrastiveEstimationArity = {
  nceBytes: 0,
  nceScratchBytes: 4,
  nceFitNoise: 3,
  nceDrawNoise: 1,
  nceLossGrad: 3,
  nceGradient: 1,
  nceStep: 3,
} as const;

/** The exports above whose result is a usize or u32. */
export const noiseContrastiveEstimationUnsigned = ['nceGradient'] as const;
