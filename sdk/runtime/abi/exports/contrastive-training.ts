// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "contrastive training, exact likelihood, MMD" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * contrastive training, exact likelihood, MMD
 * A trainer block is TRAINER_BYTES, layout T_* in train/contrastive.ts; losses are LOSS_* (train/losses.ts).
 */
export interface ContrastiveTrainingExports {
  /**
   * contrastiveLoss(kind, E⁺ f32[B], E⁻ f32[B], B, margin, gamma, alpha, wp f32[B], wn f32[B]) → mean loss
   *
   * Mean loss over B pairs, and the weights wp[i] = (1/B)·∂L/∂E⁺ᵢ,
   * wn[i] = (1/B)·∂L/∂E⁻ᵢ (f32[B] each). In f64; returns the mean loss
   * including the regularizer.
   * (assembly/train/losses.ts: contrastiveLoss(kind: i32, Ep: usize, En: usize, B: i32, margin: f64, gamma: f64, alpha: f64, wp: usize, wn: usize): f64)
   */
  contrastiveLoss(kind: number, Ep: number, En: number, B: number, margin: number, gamma: number, alpha: number, wp: number, wn: number): number;
  /**
   * trainerBytes() → bytes of a trainer block
   *
   * The bytes a trainer block needs.
   * (assembly/train/contrastive.ts: trainerBytes(): i32)
   */
  trainerBytes(): number;
  /**
   * minibatchReduce(grads f32[blocks×np], blocks, np, levels i32[blocks]|0, scale): the partials' fixed tree sum (GLO, DAE, MAE fits; levels: aligned pieces a worker summed), times scale, into the first np
   *
   * grads (f32[nb × np], one partial gradient per block, some already summed in pieces as
   * levels i32[nb] says, or levels 0): their sum in the fixed tree, times `scale` (1/rows or
   * 1/count; 1 leaves it as is), into the first np.
   * (assembly/train/minibatch.ts: minibatchReduce(grads: usize, nb: i32, np: i32, levels: usize, scale: f32): void)
   */
  minibatchReduce(grads: number, nb: number, np: number, levels: number, scale: number): void;
  /**
   * contrastiveStep(trainer, P B×D, stats f64[6])
   *
   * One training step on the batch P (B×D rows of data): negatives, energies,
   * loss weights, parameter gradient, optimizer update. stats f64[6] out.
   * The parameters change only when the loss and gradient are finite.
   * It is contrastiveNegatives, contrastiveBlocks on the whole batch and
   * contrastiveFinish: the SDK may run contrastiveBlocks on workers instead,
   * on runs of whole blocks (sampler parts, samplers/parallel.ts), with the same bytes.
   * (assembly/train/contrastive.ts: contrastiveStep(t: usize, P: usize, stats: usize): void)
   */
  contrastiveStep(t: number, P: number, stats: number): void;
  /**
   * contrastiveNegatives(t, P B×D, stats f64[6]): the negatives' starts (and descent), then contrastiveBlocks of every block, then contrastiveFinish
   *
   * The first part of a step: the negatives' starting points (into the sampler state's positions
   * when there is one), and with descent the descent itself. The sampler's work (priming, its
   * transitions, the last move) is contrastiveBlocks'.
   * (assembly/train/contrastive.ts: contrastiveNegatives(t: usize, P: usize, stats: usize): void)
   */
  contrastiveNegatives(t: number, P: number, stats: number): void;
  /**
   * contrastiveBlocks(net, s|0, N|0, steps, P count×D, PX|0, first, count, total, loss, margin, gamma, alpha, grads f32[blocks×np], E⁺ f32[count], E⁻ f32[count]) → 1 when the priming met a non-finite negative
   *
   * The work of rows [first, first + count) of a batch of `total` rows, in blocks of TRAIN_BLOCK
   * rows (first a multiple of it): with a sampler state s (those rows' chains: the whole state when
   * count = total, else a part made by samplerSplit) and steps > 0, the negatives' priming, their
   * transitions and (Langevin) the last move; then per block its energies E⁺, E⁻ (f32[count] each,
   * from Ep, En) and its partial parameter gradient (grads: f32[blocks × numParams], block by block)
   * of Σ w⁺·F(P) + w⁻·F(N) with the whole batch's loss weights. N: the negatives when s = 0 (descent),
   * else the state's positions. P, PX: the rows' data and conditions (PX 0 for F(y)). Returns 1 when
   * the priming met a non-finite negative, else 0.
   * (assembly/train/contrastive.ts: contrastiveBlocks(net: usize, s: usize, N: usize, steps: i32, P: usize, PX: usize, first: i32, count: i32, total: i32, loss: i32, margin: f64, gamma: f64, alpha: f64, grads: usize, Ep: usize, En: usize): i32)
   */
  contrastiveBlocks(net: number, s: number, N: number, steps: number, P: number, PX: number, first: number, count: number, total: number, loss: number, margin: number, gamma: number, alpha: number, grads: number, Ep: number, En: number): number;
  /**
   * contrastiveFinish(t, P B×D, stats f64[6]): the rest of a step after contrastiveNegatives and the blocks
   *
   * The rest of a step after contrastiveNegatives and contrastiveBlocks of every block (their E⁺,
   * E⁻ and partial gradients in the scratch, the non-finite count in stats): the replay buffer,
   * the loss, the gradient's tree sum, norm and clipping, the update; stats f64[6] out.
   * (assembly/train/contrastive.ts: contrastiveFinish(t: usize, P: usize, stats: usize): void)
   */
  contrastiveFinish(t: number, P: number, stats: number): void;
  /**
   * gatherBatch(P B×D, X n×D, D, perm i32[n], start, B)
   *
   * Copies the rows perm[start..start+B) of X (n×D) into P (B×D): the batch of one step.
   * (assembly/train/contrastive.ts: gatherBatch(P: usize, X: usize, D: i32, perm: usize, start: i32, B: i32): void)
   */
  gatherBatch(P: number, X: number, D: number, perm: number, start: number, B: number): void;
  /**
   * shuffleOrder(trainer, perm i32[n], n)
   *
   * One epoch's order for the trainer block t: shufflePerm with the trainer's RNG.
   * (assembly/train/contrastive.ts: shuffleOrder(t: usize, perm: usize, n: i32): void)
   */
  shuffleOrder(t: number, perm: number, n: number): void;
  /**
   * shufflePerm(perm i32[n], n, rng): Fisher–Yates from a 32-byte RNG state
   *
   * Fisher–Yates shuffle of perm (i32[n]) in place, from the 32-byte RNG state `rng` (advanced).
   * (assembly/train/contrastive.ts: shufflePerm(perm: usize, n: i32, rng: usize): void)
   */
  shufflePerm(perm: number, n: number, rng: number): void;
  /**
   * gridCentres(out f32[R·R·2], xMin, xMax, yMin, yMax, R)
   *
   * Cell centres of an R×R grid, row-major with y outer: out f32[R·R·2].
   * (assembly/train/gridml.ts: gridCentres(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32): void)
   */
  gridCentres(out: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number): void;
  /**
   * gridLogPartition(E f32[m], m, beta, cellArea, P f32[m]|0) → log Z
   *
   * log Z = log Σ_g exp(−β·E_g) + log ΔA from the grid energies E f32[m], in f64
   * around the minimum. With P ≠ 0 also writes P(g) = exp(−βE_g)/Σ (f32[m]).
   * (assembly/train/gridml.ts: gridLogPartition(E: usize, m: i32, beta: f64, cellArea: f64, P: usize): f64)
   */
  gridLogPartition(E: number, m: number, beta: number, cellArea: number, P: number): number;
  /**
   * gridLogLikelihood(desc, Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch f32[3R² + n]) → mean log p
   *
   * Mean log-likelihood of the n rows of Y under p ∝ exp(−βF) normalized on the
   * grid (energy descriptor `desc`, any kind, dim 2). scratch f32[R·R·3 + n].
   * (assembly/train/gridml.ts: gridLogLikelihood(desc: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64)
   */
  gridLogLikelihood(desc: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  /**
   * gridNllGrad(model, out f32[P], Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch gridNllScratchBytes(P)) → NLL, by blocks of GRID_BLOCK
   *
   * Exact grid NLL of the n data rows Y for a learnable energy (energies/learnable.ts), and its parameter
   * gradient out f32[numParams] = β·((1/n)·Σ_i ∂F(y_i)/∂θ − Σ_g P(g)·∂F(g)/∂θ), block by block
   * (GRID_BLOCK points or rows) and folded in block order: what the workers' blocks give
   * (sdk/train/gridml.ts). scratch: gridNllScratchBytes(numParams) bytes. Returns the NLL (nats per point).
   * (assembly/train/gridml.ts: gridNllGrad(model: usize, out: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64)
   */
  gridNllGrad(model: number, out: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  /**
   * gridNllScratchBytes(P) → bytes of gridNllGrad's scratch
   *
   * Bytes of gridNllGrad's scratch for a model of P parameters.
   * (assembly/train/gridml.ts: gridNllScratchBytes(P: i32): f64)
   */
  gridNllScratchBytes(P: number): number;
  /**
   * gridBlockGrad(model, G f32[P], stats f64[2], first, count, xMin, xMax, yMin, yMax, R, beta, scratch f32[4·count]): one grid block's partial
   *
   * One block of the grid term for a learnable energy: the points first … first + count − 1
   * (count ≤ GRID_BLOCK) of the R×R grid. G f32[numParams] = Σ_g w_g·∂F(g)/∂θ with
   * w_g = exp(−β(E_g − m)) rounded to f32, m = min_g E_g; stats f64[2] = (m, Σ_g exp(−β(E_g − m)))
   * (the sum of the f64 weights). scratch f32[4·count].
   * (assembly/train/gridml.ts: gridBlockGrad(model: usize, G: usize, stats: usize, first: i32, count: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): void)
   */
  gridBlockGrad(model: number, G: number, stats: number, first: number, count: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): void;
  /**
   * gridDataGrad(model, G f32[P], Y count×2, count, scratch f32[2·count]) → Σ F: one data block's partial
   *
   * One block of the data term: G f32[numParams] = Σ_i ∂F(y_i)/∂θ over the count rows of Y
   * (count×2, count ≤ GRID_BLOCK). Returns Σ_i F(y_i) in f64. scratch f32[2·count].
   * (assembly/train/gridml.ts: gridDataGrad(model: usize, G: usize, Y: usize, count: i32, scratch: usize): f64)
   */
  gridDataGrad(model: number, G: number, Y: number, count: number, scratch: number): number;
  /**
   * gridFoldGrid(acc f64[P], st f64[3], G f32[P], m, s, P, beta): fold the next grid block, in block order
   *
   * Folds the next grid block (in block order) into the running sums: acc f64[P] = Σ_g exp(−β(E_g − M))·∂F(g)/∂θ
   * and st f64[3] = (M, S = Σ_g exp(−β(E_g − M)), ·) over the blocks so far, M their least energy; the
   * block's G f32[P], m and s come from gridBlockGrad. Start from acc = 0, st = (+∞, 0, 0).
   * Both sides are rescaled to the new minimum: exact algebra, and the same bytes for one fixed order.
   * (assembly/train/gridml.ts: gridFoldGrid(acc: usize, st: usize, G: usize, m: f64, s: f64, P: i32, beta: f64): void)
   */
  gridFoldGrid(acc: number, st: number, G: number, m: number, s: number, P: number, beta: number): void;
  /**
   * gridFoldData(acc f64[P], st f64[3], G f32[P], sumE, P): fold the next data block, in block order
   *
   * Folds the next data block (in block order): acc f64[P] += G f32[P], st[2] += the block's Σ F (gridDataGrad's result).
   * (assembly/train/gridml.ts: gridFoldData(acc: usize, st: usize, G: usize, sumE: f64, P: i32): void)
   */
  gridFoldData(acc: number, st: number, G: number, sumE: number, P: number): void;
  /**
   * gridNllFinish(out f32[P], accGrid f64[P], accData f64[P], st f64[3], n, beta, cellArea, P) → NLL
   *
   * The step's NLL and gradient from the folded sums of the grid (accGrid, st) and of the n data rows
   * (accData, st[2]): out f32[P] = β·(accData/n − accGrid/S); returns β·ΣF/n + log Z with
   * log Z = −β·M + log S + log cellArea.
   * (assembly/train/gridml.ts: gridNllFinish(out: usize, accGrid: usize, accData: usize, st: usize, n: i32, beta: f64, cellArea: f64, P: i32): f64)
   */
  gridNllFinish(out: number, accGrid: number, accData: number, st: number, n: number, beta: number, cellArea: number, P: number): number;
  /**
   * mmd2(A n×d, n, B m×d, m, d, bandwidth) → unbiased MMD² (Gaussian kernel), by blocks of MMD_BLOCK rows
   *
   * MMD²_u between A (n×d) and B (m×d), n, m ≥ 2: the blocks of A, then of B, folded in order.
   * (assembly/core/mmd.ts: mmd2(A: usize, n: i32, B: usize, m: i32, d: i32, bandwidth: f64): f64)
   */
  mmd2(A: number, n: number, B: number, m: number, d: number, bandwidth: number): number;
  /**
   * mmd2Block(out f64[2], X nx×d, nx, Z nz×d, nz, d, bandwidth, first, count): one block's (own pairs, cross) sums
   *
   * One block's partial sums, rows first … first + count − 1 of X (nx×d): out f64[2] =
   * (Σ_i Σ_{j>i} k(x_i, x_j) over X's rows, Σ_i Σ_j k(x_i, z_j) over the nz rows of Z; 0 when nz = 0).
   * (assembly/core/mmd.ts: mmd2Block(out: usize, X: usize, nx: i32, Z: usize, nz: i32, d: i32, bandwidth: f64, first: i32, count: i32): void)
   */
  mmd2Block(out: number, X: number, nx: number, Z: number, nz: number, d: number, bandwidth: number, first: number, count: number): void;
  /**
   * mmd2Finish(saa, sbb, sab, n, m) → MMD² from the folded sums
   *
   * MMD²_u from the folded sums over the pairs of A (saa), of B (sbb) and across (sab).
   * (assembly/core/mmd.ts: mmd2Finish(saa: f64, sbb: f64, sab: f64, n: i32, m: i32): f64)
   */
  mmd2Finish(saa: number, sbb: number, sab: number, n: number, m: number): number;
  /**
   * columnBounds(lo f32[d], hi f32[d], X n×d, n, d): per-column min and max
   *
   * Per-column minimum and maximum of X (n×d f32, n ≥ 1) into lo, hi (f32[d]).
   * (assembly/core/stats.ts: columnBounds(lo: usize, hi: usize, X: usize, n: i32, d: i32): void)
   */
  columnBounds(lo: number, hi: number, X: number, n: number, d: number): void;
}

/** The number of parameters of each export above. */
export const contrastiveTrainingArity = {
  contrastiveLoss: 9,
  trainerBytes: 0,
  minibatchReduce: 5,
  contrastiveStep: 3,
  contrastiveNegatives: 3,
  contrastiveBlocks: 16,
  contrastiveFinish: 3,
  gatherBatch: 6,
  shuffleOrder: 3,
  shufflePerm: 3,
  gridCentres: 6,
  gridLogPartition: 5,
  gridLogLikelihood: 10,
  gridNllGrad: 11,
  gridNllScratchBytes: 1,
  gridBlockGrad: 12,
  gridDataGrad: 5,
  gridFoldGrid: 7,
  gridFoldData: 5,
  gridNllFinish: 8,
  mmd2: 6,
  mmd2Block: 9,
  mmd2Finish: 5,
  columnBounds: 5,
} as const;

/** The exports above whose result is a usize or u32. */
export const contrastiveTrainingUnsigned = [] as const;
