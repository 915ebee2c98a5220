// The public surface, shared by every runtime entry (each adds its own `init`).
export { EbmError, ShapeError, ArgumentError, NotFittedError, NumericalError, WasmLoadError } from './errors.js';
export type { EbmErrorCode } from './errors.js';
export { matrix, toRows } from './matrix.js';
export type { Matrix, MatrixLike } from './matrix.js';
export { isInitialized } from './runtime/core.js';
export type { InitOptions, WasmSource } from './runtime/core.js';
export { KMeansEBM } from './models/kmeans.js';
export type { KMeansOptions, KMeansFitOptions, KMeansProgress, EnergyGridOptions, EnergyGrid } from './models/kmeans.js';
export * as random from './random.js';
export type { RandomOptions } from './random.js';
export * as datasets from './datasets/index.js';
