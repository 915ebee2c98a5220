// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The numeric constants of assembly/energies/: block layouts, kinds, activations, losses, error codes.

// ---- assembly/energies/activations.ts
export const ACT_IDENTITY = 0;
export const ACT_RELU = 1;
export const ACT_LEAKY_RELU = 2;
export const ACT_SILU = 3;
export const ACT_SOFTPLUS = 4;
export const ACT_TANH = 5;
/** tanh approximation, as PyTorch nn.GELU(approximate='tanh') */
export const ACT_GELU = 6;
export const ACT_ELU = 7;

// ---- assembly/energies/dae.ts
export const KIND_DAE = 24;
/** Corruptions of daeTrainBatch: Gaussian noise of std p, masking (zero) with rate p, salt-and-pepper with rate p. */
export const DAE_GAUSSIAN = 0;
export const DAE_MASK = 1;
export const DAE_SALT_PEPPER = 2;
/** Penalties of daeSetPenalty on the code h = act(W₁y + b₁) of a one-layer encoder. */
export const DAE_PENALTY_NONE = 0;
/** λ‖∂h/∂y‖²_F = λ Σ_j act'(z_j)² ‖W₁ⱼ‖² (Rifai et al. 2011); tanh, relu or identity. */
export const DAE_PENALTY_CONTRACTIVE = 1;
/** λ Σ_j max(0, z_j): each relu unit's distance from its flat region z ≤ 0 (Goroshin & LeCun 2013); relu only. */
export const DAE_PENALTY_SATURATING = 2;
/** Corruption streams have the top bit set: apart from stream 0 (initialisation) and the epoch orders (1 + epoch < 2^31). */
export const DAE_NOISE_STREAM = 0x80000000;

// ---- assembly/energies/descriptor.ts
export const DESC_BYTES = 96;
// field offsets (bytes)
export const DESC_KIND = 0;
export const DESC_DIM = 4;
/** p0..p3, u32 pointers */
export const DESC_P = 8;
/** i0, i1, i32 */
export const DESC_I = 24;
/** f0..f3, f64 */
export const DESC_F = 32;
export const KIND_GAUSSIAN = 1;
export const KIND_MIXTURE = 2;
export const KIND_DOUBLE_WELL = 3;
export const KIND_BANANA = 4;
export const KIND_FUNNEL = 5;
export const KIND_RING = 6;
export const KIND_ISING = 7;
export const KIND_KMEANS = 10;
/** Sparse coding F∞ (energies/sparse.ts): p0 = W, p1 = WT, p2 = Gram, i0 = atoms, i1 = maxIter, f0 = λ, f1 = tol. */
export const KIND_SPARSE = 11;
/** p0 mean f32[d], p1 components f32[q×d], i0 q (energies/pca.ts) */
export const KIND_PCA = 12;
/** p0 parameter block f64, i0 k, f0 β (energies/gmm.ts) */
export const KIND_GMM = 13;
export const KIND_HOST = 15;
/** The MLP energy: an MLP net block (energies/mlp.ts) is itself a descriptor of this kind. */
export const KIND_MLP = 20;
/** GLO (energies/glo.ts): its model block is a descriptor of this kind; F is F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖². */
export const KIND_GLO = 21;
/** The conditional latent-variable EBM (energies/latent.ts): a learnable model block of this kind. */
export const KIND_LATENT = 22;
/** An RBM's free energy: the RBM block (energies/rbm.ts) is itself a descriptor of this kind. */
export const KIND_RBM = 30;
/** AIS's geometric path from a Gaussian base to another energy (samplers/ais.ts). */
export const KIND_AIS_PATH = 31;

// ---- assembly/energies/glo.ts
/** Code optimizers of gloTrainBatch. */
export const GLO_CODE_SGD = 0;
export const GLO_CODE_ADAM = 1;

// ---- assembly/energies/gmm.ts
// parts of the parameter block, in this order (gmmPartOffset gives byte offsets)
/** f64[k] */
export const GMM_WEIGHTS = 0;
/** f64[k×d] */
export const GMM_MEANS = 1;
/** f64[k×d×d] */
export const GMM_COVARIANCES = 2;
/** f64[k×d×d], lower L with L Lᵀ = Σ */
export const GMM_CHOL = 3;
/** f64[k×d×d], lower L⁻¹ */
export const GMM_CHOL_INV = 4;
/** f64[k], log π_z − (d/2)·log 2π − log det L */
export const GMM_LOG_NORM = 5;
export const GMM_PARTS = 6;

// ---- assembly/energies/latent.ts
export const LATENT_DISCRETE = 0;
export const LATENT_CONTINUOUS = 1;

// ---- assembly/energies/mae.ts
/** The masked autoencoder: its block is a learnable model of this kind; F is the pseudo-log-likelihood energy. */
export const KIND_MAE = 23;

// ---- assembly/energies/network.ts
/** Rows per chunk: the workspace holds every layer's activations for this many rows. */
export const NET_CHUNK = 128;
/** Rows per Taylor chunk: 3 streams of this many rows. */
export const TAYLOR_CHUNK = 64;

// ---- assembly/energies/rbm.ts
// block header (bytes); θ follows at RBM_HEADER_BYTES: W (H×V), b (V), c (H)
/** KIND_RBM, so the block is its own energy descriptor */
export const RBM_O_KIND = 0;
/** V, the energy's dim */
export const RBM_O_VISIBLE = 4;
/** H */
export const RBM_O_HIDDEN = 8;
/** 1: Gaussian visible units, 0: Bernoulli */
export const RBM_O_GAUSSIAN = 12;
export const RBM_HEADER_BYTES = 64;
/** Most units on the enumerated side of an exact log Z (2^24 states). */
export const RBM_MAX_EXACT_UNITS = 24;

// ---- assembly/energies/sparse.ts
/**
 * Inference algorithms of sparseEncode.
 * cyclic coordinate descent on the Gram form (scikit-learn's lasso_cd)
 */
export const SPARSE_CD = 0;
export const SPARSE_ISTA = 1;
export const SPARSE_FISTA = 2;
// stats f64[4] of sparseEncode (byte offsets)
export const SPARSE_STATS_BYTES = 32;
/** Σ sweeps (CD) or steps (ISTA/FISTA) over the rows */
export const SPARSE_STAT_ITERATIONS = 0;
/** rows stopped by maxIter */
export const SPARSE_STAT_UNCONVERGED = 8;
/** most iterations one row took */
export const SPARSE_STAT_MAX_ITER = 16;
/** largest duality gap / ‖y‖² at stop */
export const SPARSE_STAT_MAX_GAP = 24;
/** Power-iteration steps for the Lipschitz constant of ISTA/FISTA (the largest eigenvalue of the Gram matrix). */
export const SPARSE_POWER_STEPS = 100;
