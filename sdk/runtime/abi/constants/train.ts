// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The numeric constants of assembly/train/: block layouts, kinds, activations, losses, error codes.

// ---- assembly/train/contrastive.ts
// the trainer block: i32 / usize fields, then f64 fields, then the RNG
/** the learnable model's descriptor (energies/learnable.ts) */
export const T_NET = 0;
export const T_DIM = 4;
/** B: rows per step (positives and negatives alike) */
export const T_BATCH = 8;
/** where negatives start: INIT_* */
export const T_INIT = 12;
/** 0 gradient descent, else the sampler state at T_SSTATE (its kind: langevin, mala, hmc) */
export const T_SAMPLER = 16;
/** sampler / descent steps per negative */
export const T_STEPS = 20;
export const T_LOSS = 24;
/** replay buffer f32[bufferSize × D] */
export const T_BUF = 28;
export const T_BUF_SIZE = 32;
/** rows filled so far */
export const T_BUF_COUNT = 36;
/** sampler state (chains = B) */
export const T_SSTATE = 40;
/** NOISE_* */
export const T_NOISE_MODE = 44;
/** f32[D] */
export const T_LO = 48;
/** f32[D] */
export const T_HI = 52;
/** OPT_* */
export const T_OPT = 56;
/** optimizer steps taken */
export const T_OPT_T = 60;
/** f32[P] momentum / first moment */
export const T_M = 64;
/** f32[P] second moment */
export const T_V = 68;
/** f32[B × D] negatives (when not in a sampler state) */
export const T_NEG = 72;
/** f32[4B + ⌈B/64⌉·P + B·D]: E⁺, E⁻, w⁺, w⁻ (B each), a gradient per block (P each; the sum lands in the first), a B×D work area */
export const T_SCRATCH = 76;
/** i32[B]: buffer rows the negatives came from (−1: fresh) */
export const T_BUF_IDX = 80;
export const T_NESTEROV = 84;
export const T_DECOUPLED = 88;
/** training steps taken */
export const T_STEP_COUNT = 92;
// f64
/** descent step (the sampler keeps its own) */
export const T_STEP_SIZE = 96;
export const T_KICK = 104;
export const T_REINIT = 112;
export const T_STD = 120;
export const T_MARGIN = 128;
export const T_GAMMA = 136;
export const T_ALPHA = 144;
export const T_LR = 152;
/** adam β1, or sgd momentum */
export const T_BETA1 = 160;
export const T_BETA2 = 168;
export const T_EPS = 176;
export const T_WD = 184;
/** max gradient norm (≤ 0: none) */
export const T_CLIP = 192;
/** conditions x of the batch (B × C), 0 for F(y) */
export const T_PX = 200;
/** 32-byte Philox state */
export const T_RNG = 224;
export const TRAINER_BYTES = 256;
// codes of T_INIT, T_NOISE_MODE and T_OPT
/** the data rows plus a Gaussian kick (contrastive divergence) */
export const INIT_DATA = 0;
/** fresh noise (short-run MCMC) */
export const INIT_NOISE = 1;
/** a replay buffer (persistent contrastive divergence) */
export const INIT_BUFFER = 2;
/** uniform in [lo, hi] per coordinate */
export const NOISE_UNIFORM = 0;
/** N(0, std²) */
export const NOISE_NORMAL = 1;
export const OPT_SGD = 0;
export const OPT_ADAM = 1;
// stats f64[6] of contrastiveStep (byte offsets)
export const TRAIN_STATS_BYTES = 48;
export const TRAIN_STAT_LOSS = 0;
/** mean E⁺ of the batch */
export const TRAIN_STAT_ENERGY_POSITIVE = 8;
/** mean E⁻ of the negatives */
export const TRAIN_STAT_ENERGY_NEGATIVE = 16;
export const TRAIN_STAT_GRAD_NORM = 24;
/** 1, or 0 when the loss or gradient was not finite (parameters unchanged) */
export const TRAIN_STAT_OK = 32;
/** negatives' non-finite count */
export const TRAIN_STAT_NEG_NON_FINITE = 40;
/** Rows of a block: the unit of a step's work (sampling, energies, a partial gradient), whatever the threads. */
export const TRAIN_BLOCK = 64;

// ---- assembly/train/dictionary.ts
// stats f64[4] of dictionaryUpdate and dictionaryOnlineEpoch (byte offsets)
export const DICT_STATS_BYTES = 32;
/** Σ_rows ½‖x − Wᵀz‖² + λ‖z‖₁ with the codes before the atom update */
export const DICT_STAT_OBJECTIVE = 0;
/** atoms re-seeded */
export const DICT_STAT_RESEEDED = 8;
/** Σ squared change of the atoms */
export const DICT_STAT_SHIFT = 16;
/** rows whose codes stopped at maxIter */
export const DICT_STAT_UNCONVERGED = 24;
/**
 * An atom is dead when its A_jj = Σ z_j² is at most this fraction of the
 * largest A_ll: its block update would divide by (almost) nothing.
 */
export const DICT_DEAD_FRACTION = 1e-10;
/** Most blocks of an epoch: a block's sums (A and B) cost k² + d·k f64, so their number stays small. */
export const DICT_MAX_BLOCKS = 32;
/** Rows of a block are a multiple of this (and at least this). */
export const DICT_BLOCK_ROWS = 64;

// ---- assembly/train/gmm.ts
export const GMM_FULL = 0;
export const GMM_DIAG = 1;
export const GMM_SPHERICAL = 2;

// ---- assembly/train/gridml.ts
/**
 * Points per block of the grid, and rows per block of the data, in grid maximum likelihood: the
 * unit of parallel work. A block's partial sums (its gradient, its minimum energy and its
 * exp-sum) are folded in block order (gridFoldGrid, gridFoldData), so the calling thread and any
 * number of workers give the same bytes.
 */
export const GRID_BLOCK = 1024;

// ---- assembly/train/kmeans.ts
// Below this dimension distances are summed directly, (x − c)², lanes over
// centres; from it on through ||x||² + ||c||² − 2·x·c with a 4-point × 8-centre
// register block, which does two flops per coordinate instead of three.
export const DOT_MIN_DIM = 8;
// stats f64[4] of kmeansAssign, kmeansLloydStep and kmeansOnlineEpoch (byte offsets)
export const KMEANS_STATS_BYTES = 32;
export const KMEANS_STAT_INERTIA = 0;
/** Σ squared centre shift (0 from kmeansAssign) */
export const KMEANS_STAT_SHIFT = 8;
/** empty clusters re-seeded (0 from kmeansAssign) */
export const KMEANS_STAT_RESEEDED = 16;
/** labels changed */
export const KMEANS_STAT_CHANGED = 24;

// ---- assembly/train/losses.ts
/** E⁺ − E⁻: the sample estimate of the likelihood gradient */
export const LOSS_CONTRASTIVE = 0;
/** max(0, m + E⁺ − E⁻) */
export const LOSS_HINGE = 1;
/** log(1 + e^{E⁺ − E⁻}): a soft hinge */
export const LOSS_LOG = 2;
/** E⁺² + max(0, m − E⁻)² */
export const LOSS_SQUARE_SQUARE = 3;
/** E⁺² + γ·e^{−E⁻} */
export const LOSS_SQUARE_EXPONENTIAL = 4;
/** E⁺ − min(E⁺, E⁻) = max(0, E⁺ − E⁻) */
export const LOSS_PERCEPTRON = 5;

// ---- assembly/train/minibatch.ts
// The network models' minibatch fits (GLO, denoising and masked autoencoders)
// cut every batch into fixed blocks of MINIBATCH_BLOCK rows: each block writes
// its own partial gradient and its (loss, count), and the partials are summed
// in a fixed pairwise tree over the block index, the order of contrastive
// training's (train/contrastive.ts). The blocks do not depend on the threads,
// so workers that take whole blocks give the bytes of one thread; a worker
// sums its own aligned pieces of the tree first, and sends only those.
export const MINIBATCH_BLOCK = 16;

// ---- assembly/train/nce.ts
// the NCE block: i32 / pointer fields, then f64 fields, then the RNG
/** the learnable model's descriptor */
export const NCE_NET = 0;
export const NCE_DIM = 4;
/** B data rows per step */
export const NCE_BATCH = 8;
/** ν noise rows per data row */
export const NCE_RATIO = 12;
/** OPT_* (train/contrastive.ts) */
export const NCE_OPT = 16;
/** optimizer updates taken */
export const NCE_OPT_T = 20;
/** f32[P] first moment / momentum */
export const NCE_M = 24;
/** f32[P] second moment */
export const NCE_V = 28;
/** nceScratchLayout below */
export const NCE_SCRATCH = 32;
/** f32[D] noise mean */
export const NCE_MEAN = 36;
/** f32[D×D] noise Cholesky factor L (lower, row-major) */
export const NCE_CHOL = 40;
export const NCE_NESTEROV = 44;
export const NCE_DECOUPLED = 48;
/** training steps taken */
export const NCE_STEP_COUNT = 52;
/** f32 c, the learned log-normalizer */
export const NCE_C = 56;
/** f32 c's first moment / momentum */
export const NCE_CM = 60;
/** f32 c's second moment */
export const NCE_CV = 64;
/** 0 until the first step sets c from the noise draws */
export const NCE_C_SET = 68;
/** f32 ∂loss/∂c of the last nceLossGrad */
export const NCE_GC = 72;
// f64
export const NCE_LR = 80;
/** adam β1, or sgd momentum */
export const NCE_BETA1 = 88;
export const NCE_BETA2 = 96;
export const NCE_EPS = 104;
/** weight decay on θ (never on c: c is not a weight) */
export const NCE_WD = 112;
/** max global norm of (∇θ, ∂c) (≤ 0: none) */
export const NCE_CLIP = 120;
/** Σ log L_ii + (D/2)·log 2π: −log p_n(y) = ½‖L⁻¹(y − μ)‖² + this */
export const NCE_LOG_NORM = 128;
/** 32-byte Philox state */
export const NCE_RNG = 160;
export const NCE_BYTES = 192;
// stats f64[4] of nceStep (byte offsets)
export const NCE_STATS_BYTES = 32;
export const NCE_STAT_LOSS = 0;
/** share of data and noise rows the classifier gets right */
export const NCE_STAT_ACCURACY = 8;
export const NCE_STAT_GRAD_NORM = 16;
/** 1, or 0 when the loss or gradient was not finite (θ and c unchanged) */
export const NCE_STAT_OK = 24;

// ---- assembly/train/rbm.ts
/** Rows per block of a minibatch: each block's positive rows and chains give one partial gradient. */
export const RBM_BLOCK = 64;

// ---- assembly/train/scorematching.ts
export const SM_DENOISING = 1;
export const SM_SLICED = 2;
export const SM_EXACT = 3;
export const SM_PROJ_RADEMACHER = 0;
export const SM_PROJ_GAUSSIAN = 1;
// the block: i32 / pointer fields, then f64 fields, then the RNG
/** the learnable model's descriptor */
export const SM_NET = 0;
export const SM_DIM = 4;
/** B data rows per step */
export const SM_BATCH = 8;
/** SM_DENOISING | SM_SLICED | SM_EXACT */
export const SM_METHOD = 12;
/** M projections per row (sliced; 1 for denoising, D for exact) */
export const SM_PROJ = 16;
/** SM_PROJ_* (sliced) */
export const SM_DIST = 20;
/** 1: the variance-reduced sliced loss */
export const SM_VR = 24;
/** OPT_* (train/contrastive.ts) */
export const SM_OPT = 28;
/** optimizer updates taken */
export const SM_OPT_T = 32;
/** f32[P] first moment / momentum */
export const SM_M = 36;
/** f32[P] second moment */
export const SM_V = 40;
/** smScratchBytes below */
export const SM_SCRATCH = 44;
/** the model's Taylor workspace (learnableTaylorBytes) */
export const SM_TAYLOR = 48;
export const SM_NESTEROV = 52;
export const SM_DECOUPLED = 56;
/** training steps taken */
export const SM_STEP_COUNT = 60;
// f64
export const SM_LR = 64;
/** adam β1, or sgd momentum */
export const SM_BETA1 = 72;
export const SM_BETA2 = 80;
export const SM_EPS = 88;
export const SM_WD = 96;
/** max global norm of ∇θ (≤ 0: none) */
export const SM_CLIP = 104;
/** σ (denoising) */
export const SM_NOISE_STD = 112;
/** 32-byte Philox state */
export const SM_RNG = 128;
export const SM_BYTES = 160;
// stats f64[3] of smStep (byte offsets)
export const SM_STATS_BYTES = 24;
export const SM_STAT_LOSS = 0;
export const SM_STAT_GRAD_NORM = 8;
/** 1, or 0 when the loss or gradient was not finite (θ unchanged) */
export const SM_STAT_OK = 16;
