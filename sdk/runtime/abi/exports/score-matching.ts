// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "score matching (train/scorematching.ts): a block is smBytes(), layout SM_* there" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** score matching (train/scorematching.ts): a block is smBytes(), layout SM_* there */
export interface ScoreMatchingExports {
  /**
   * smBytes() → bytes of a score-matching block
   *
   * The bytes a score-matching block needs.
   * (assembly/train/scorematching.ts: smBytes(): i32)
   */
  smBytes(): number;
  /**
   * smScratchBytes(B, M projections per row, D, numParams) → f64 bytes of the scratch block
   *
   * The scratch bytes a score-matching block needs for B rows, M projections per row, D dims, P parameters (f64).
   * (assembly/train/scorematching.ts: smScratchBytes(B: i32, M: i32, D: i32, P: i32): f64)
   */
  smScratchBytes(B: number, M: number, D: number, P: number): number;
  /**
   * smLossGrad(block, P B×D) → loss (f64) with this step's draws; ∂/∂θ at smGradient(block)
   *
   * The loss of the data batch P (B×D) for the block's method, with this step's
   * draws (denoising: ε; sliced: v) taken from the block's RNG, and its gradient
   * in θ into smGradient(t). Returns the loss (mean over the batch).
   * (assembly/train/scorematching.ts: smLossGrad(t: usize, P: usize): f64)
   */
  smLossGrad(t: number, P: number): number;
  /**
   * smGradient(block) → pointer to f32[numParams]
   *
   * Pointer to ∂loss/∂θ f32[P] of the last smLossGrad.
   * (assembly/train/scorematching.ts: smGradient(t: usize): usize)
   */
  smGradient(t: number): number;
  /**
   * smStep(block, P B×D, stats f64[3])
   *
   * One score-matching step on the data batch P (B×D): draws, loss and gradient, one optimizer update; stats f64[3] out. θ changes only when loss and gradient are finite.
   * (assembly/train/scorematching.ts: smStep(t: usize, P: usize, stats: usize): void)
   */
  smStep(t: number, P: number, stats: number): void;
  /**
   * learnableTaylorBytes(model) → f64 bytes of its Taylor workspace, 0 when the model has no Taylor mode
   *
   * Bytes of the workspace learnableTaylorParamGrad needs (f64), or 0 when the
   * model's learnable implementation has no Taylor mode (score matching then
   * cannot train it: the SDK refuses it by name before anything is allocated).
   * (assembly/energies/learnable.ts: learnableTaylorBytes(model: usize): f64)
   */
  learnableTaylorBytes(model: number): number;
  /**
   * learnableTaylorParamGrad(model, ws, G f32[P], Y n×D, U n×D, n, order 1|2, a, b, c, D1 f32[n]|0, D2 f32[n]|0, acc) → Σ aḞ + ½bḞ² + cF̈; G (+)= its ∂θ
   *
   * Directional derivatives along U (Ḟ_r = u_rᵀ∇F(y_r), F̈_r = u_rᵀ∇²F(y_r)u_r into D1, D2,
   * each f32[n] or 0) and G (f32[numParams], += when accumulate ≠ 0) = ∂θ Σ_r
   * [a·Ḟ_r + ½b·Ḟ_r² + c·F̈_r] with U held fixed; returns that sum (f64). order 1 or 2
   * (1: no second tangents, c = 0). ws: learnableTaylorBytes(model) bytes.
   * (assembly/energies/learnable.ts: learnableTaylorParamGrad(model: usize, ws: usize, G: usize, Y: usize, U: usize, n: i32, order: i32, a: f32, b: f32, c: f32, D1: usize, D2: usize, accumulate: i32): f64)
   */
  learnableTaylorParamGrad(model: number, ws: number, G: number, Y: number, U: number, n: number, order: number, a: number, b: number, c: number, D1: number, D2: number, accumulate: number): number;
}

/** The number of parameters of each export above. */
export const scoreMatchingArity = {
  smBytes: 0,
  smScratchBytes: 4,
  smLossGrad: 2,
  smGradient: 1,
  smStep: 3,
  learnableTaylorBytes: 1,
  learnableTaylorParamGrad: 13,
} as const;

/** The exports above whose result is a usize or u32. */
export const scoreMatchingUnsigned = ['smGradient'] as const;
