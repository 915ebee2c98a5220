// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "learnable models (energies/learnable.ts), dispatched on the descriptor's kind" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** learnable models (energies/learnable.ts), dispatched on the descriptor's kind */
export interface LearnableModelsExports {
  /**
   * learnableParams(model) → pointer to θ f32[numParams]
   *
   * Pointer to the model's flat f32 parameter vector θ.
   * (assembly/energies/learnable.ts: learnableParams(model: usize): usize)
   */
  learnableParams(model: number): number;
  /**
   * learnableNumParams(model) → numParams
   *
   * Number of parameters (length of θ).
   * (assembly/energies/learnable.ts: learnableNumParams(model: usize): i32)
   */
  learnableNumParams(model: number): number;
  /**
   * learnableSync(model): refresh what the model derives from θ, after θ changed
   *
   * Refreshes whatever the model derives from θ; call after every write to θ.
   * (assembly/energies/learnable.ts: learnableSync(model: usize): void)
   */
  learnableSync(model: number): void;
  /**
   * learnableEnergy(model, E f32[n], Y n×D, X n×C|0, n)
   *
   * F(x_r, y_r) of n rows into E f32[n]; X n×C conditions, or 0 for an unconditional model.
   * (assembly/energies/learnable.ts: learnableEnergy(model: usize, E: usize, Y: usize, X: usize, n: i32): void)
   */
  learnableEnergy(model: number, E: number, Y: number, X: number, n: number): void;
  /**
   * learnableSetCondition(model, X rows×C|0): the x rows the energy dispatcher uses (no-op for F(y) kinds)
   *
   * The conditions the energy dispatcher uses for row i of a batch (X rows × C),
   * or 0 to clear; a no-op for unconditional kinds.
   * (assembly/energies/learnable.ts: learnableSetCondition(model: usize, X: usize): void)
   */
  learnableSetCondition(model: number, X: number): void;
  /**
   * learnableParamGrad(model, out f32[P], w f32[n], Y, X|0, n, accumulate, E f32[n]|0): Σ w_r ∂F_r/∂θ
   *
   * out f32[numParams] = Σ_r w[r]·∂F(x_r, y_r)/∂θ (+= when accumulate ≠ 0); E f32[n]
   * (or 0) receives the energies on the way.
   * (assembly/energies/learnable.ts: learnableParamGrad(model: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void)
   */
  learnableParamGrad(model: number, out: number, w: number, Y: number, X: number, n: number, accumulate: number, E: number): void;
}

/** The number of parameters of each export above. */
export const learnableModelsArity = {
  learnableParams: 1,
  learnableNumParams: 1,
  learnableSync: 1,
  learnableEnergy: 5,
  learnableSetCondition: 2,
  learnableParamGrad: 8,
} as const;

/** The exports above whose result is a usize or u32. */
export const learnableModelsUnsigned = ['learnableParams'] as const;
