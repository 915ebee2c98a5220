// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "denoising autoencoder (energies/dae.ts): its block is a descriptor of KIND_DAE, F = ‖y − r(y)‖²" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** denoising autoencoder (energies/dae.ts): its block is a descriptor of KIND_DAE, F = ‖y − r(y)‖² */
export interface DenoisingAutoencoderExports {
  /**
   * daeCreate(sizes i32[L+1] = [D, …, D], L, act, corruption DAE_*, std|rate, lo, hi) → dae
   *
   * Creates an autoencoder: sizes i32[L+1] = [D, …, D] (act an ACT_* code on every hidden layer, the code included).
   * (assembly/energies/dae.ts: daeCreate(sizes: usize, L: i32, act: i32, corr: i32, p: f32, lo: f32, hi: f32): usize)
   */
  daeCreate(sizes: number, L: number, act: number, corr: number, p: number, lo: number, hi: number): number;
  /**
   * daeSetPenalty(dae, DAE_PENALTY_*, λ): contractive or saturating penalty of a one-layer encoder's code
   *
   * Sets the training penalty (DAE_PENALTY_*, weight λ ≥ 0). Needs a one-layer
   * encoder (sizes [D, d, D]) and an activation the penalty is defined for.
   * (assembly/energies/dae.ts: daeSetPenalty(a: usize, kind: i32, lambda: f32): void)
   */
  daeSetPenalty(a: number, kind: number, lambda: number): void;
  /**
   * daeDestroy(dae)
   * (assembly/energies/dae.ts: daeDestroy(a: usize): void)
   */
  daeDestroy(a: number): void;
  /**
   * daeNetwork(dae) → the encoder-decoder network (its θ through networkParams)
   *
   * The autoencoder network (energies/network.ts).
   * (assembly/energies/dae.ts: daeNetwork(a: usize): usize)
   */
  daeNetwork(a: number): number;
  /**
   * daeReconstruct(dae, Out n×D, Y n×D, n): r(y)
   *
   * Out (n×D) = r(Y).
   * (assembly/energies/dae.ts: daeReconstruct(a: usize, Out: usize, Y: usize, n: i32): void)
   */
  daeReconstruct(a: number, Out: number, Y: number, n: number): void;
  /**
   * daeField(dae, Out n×D, Y n×D, n, scale): scale·(r(y) − y)
   *
   * Out (n×D) = scale·(r(y) − y): the field (scale 1) or the score estimate (scale 1/σ²).
   * (assembly/energies/dae.ts: daeField(a: usize, Out: usize, Y: usize, n: i32, scale: f32): void)
   */
  daeField(a: number, Out: number, Y: number, n: number, scale: number): void;
  /**
   * daeProject(dae, Out n×D, Y n×D, n, steps): y ← r(y) `steps` times (Out ≠ Y)
   *
   * Out (n×D) = r applied `steps` times to Y (Out may not alias Y).
   * (assembly/energies/dae.ts: daeProject(a: usize, Out: usize, Y: usize, n: i32, steps: i32): void)
   */
  daeProject(a: number, Out: number, Y: number, n: number, steps: number): void;
  /**
   * daeTrainBlocks(dae, Y N×D, N, idx i32[n], n, grads f32[blocks×P], losses f64[2·blocks], seedLo, seedHi, epoch, pos0): per-row corruption keyed by place in the run
   *
   * Denoising on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts): rows
   * idx i32[n] of Y (N×D) are corrupted in the workspace, reconstructed and compared with the
   * clean rows. Row r's draws come from its own Philox stream DAE_NOISE_STREAM + (its place
   * epoch·N + pos0 + r in the whole run mod 2^31), keyed by the seed: the same whatever the
   * blocks, batches or threads. Block b writes grads + b·P (f32[P]) = Σ ∂/∂θ of
   * ‖r(ỹ) − y‖² + P(ỹ) over its rows (P the penalty at the encoder's input) and losses
   * f64[2b, 2b+1] = (Σ of that loss, rows).
   * (assembly/energies/dae.ts: daeTrainBlocks(a: usize, Y: usize, N: i32, idx: usize, n: i32, grads: usize, losses: usize, seedLo: u32, seedHi: u32, epoch: u32, pos0: u32): void)
   */
  daeTrainBlocks(a: number, Y: number, N: number, idx: number, n: number, grads: number, losses: number, seedLo: number, seedHi: number, epoch: number, pos0: number): void;
}

/** The number of parameters of each export above. */
export const denoisingAutoencoderArity = {
  daeCreate: 7,
  daeSetPenalty: 3,
  daeDestroy: 1,
  daeNetwork: 1,
  daeReconstruct: 4,
  daeField: 5,
  daeProject: 5,
  daeTrainBlocks: 11,
} as const;

/** The exports above whose result is a usize or u32. */
export const denoisingAutoencoderUnsigned = ['daeCreate', 'daeNetwork'] as const;
