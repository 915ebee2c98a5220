// The public surface, shared by every runtime entry (each adds its own `init`).
export { EbmError, ShapeError, ArgumentError, NotFittedError, NumericalError, WasmLoadError } from './errors.js';
export type { EbmErrorCode } from './errors.js';
export { matrix, toRows } from './matrix.js';
export type { Matrix, MatrixLike } from './matrix.js';
export { isInitialized } from './runtime/core.js';
export { setWasmPath } from './runtime/wasm-path.js';
export type { InitOptions, WasmSource } from './runtime/core.js';
export { KMeansEBM, KMeansFreeEnergy } from './models/kmeans.js';
export { PCAEnergy, type PCAOptions } from './models/pca.js';
export { GaussianMixtureEBM, type GaussianMixtureOptions, type GaussianMixtureFitOptions, type GaussianMixtureInit, type GaussianMixtureProgress, type CovarianceType } from './models/gmm.js';
export type { KMeansOptions, KMeansFitOptions, KMeansProgress, EnergyGridOptions, EnergyGrid } from './models/kmeans.js';
export { SparseCoding, type SparseCodingOptions, type EncodeOptions, type SparseFitOptions, type SparseProgress } from './models/sparse.js';
export * as random from './random.js';
export type { RandomOptions } from './random.js';
export * as datasets from './datasets/index.js';
// MLP energy, the learnable protocol, optimizers and files
export { MLPEnergy, ConditionedMLPEnergy, ACTIVATIONS } from './models/mlp.js';
export type { Activation, MLPEnergyOptions, MLPEnergyJSON } from './models/mlp.js';
// Latent-variable models: GLO
export { GLO } from './models/glo.js';
export { MaskedAutoencoder } from './models/mae.js';
export type { MaskedAutoencoderOptions, MaskedAutoencoderFitOptions, MaskedAutoencoderProgress, FilledToken } from './models/mae.js';
export type { GLOOptions, GLOFitOptions, GLOProgress, GLOInference } from './models/glo.js';
export { LatentEBM } from './models/latent.js';
export type { LatentEBMOptions, LatentFitOptions, LatentObjective, LatentSpec } from './models/latent.js';
export { RBM } from './models/rbm.js';
export type { RBMOptions, RBMFitOptions, RBMFitProgress, RBMJSON, VisibleType, LogPartition, LogPartitionOptions, LogLikelihood } from './models/rbm.js';
export { DenoisingAutoencoder } from './models/dae.js';
export type { DenoisingAutoencoderOptions, DAEFitOptions, DAEProgress, Corruption, Penalty } from './models/dae.js';
export * as optim from './optim.js';
export { Optimizer } from './optim.js';
export type { SGDOptions, AdamOptions, Learnable } from './optim.js';
export { load } from './io/load.js';
export type { FileReader, Loaded } from './io/load.js';
export type { MinimaOptions } from './inference/minima.js';
export { FileFormatError } from './io/format.js';
export type { FileProblem } from './io/format.js';
// Energies, samplers and diagnostics
export * as energies from './energies/index.js';
export type { Energy } from './energies/energy.js';
export * as samplers from './samplers/index.js';
export type { SamplerState } from './samplers/state.js';
export type { Samples, RunResult, StepInfo } from './samplers/sampler.js';
export * as diagnostics from './diagnostics.js';
// Workers: a shared pool for `{ pool }` (or `{ workers }` on a call)
export { createPool, Pool } from './parallel/pool.js';
export type { PoolOptions } from './parallel/pool.js';
export type { ParallelOptions } from './parallel/use.js';
// Contrastive training, exact likelihood, metrics
export * as train from './train/index.js';
export * as metrics from './metrics.js';
export type { ContrastiveOptions, ContrastiveProgress, NegativesOptions, LossName, MaxLikelihoodGridOptions } from './train/index.js';
export type { GridBounds, GridLikelihoodOptions } from './metrics.js';
export type { NceOptions, NceProgress, NceTrainer } from './train/index.js';
export type { ScoreMatchingOptions, ScoreMatchingProgress, ScoreMatchingMethod, ScoreMatchingTrainer } from './train/index.js';
