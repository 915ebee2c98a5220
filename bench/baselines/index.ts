// The pure-TS twins of the WASM kernels: equivalence tests compare them with
// build/ebm.wasm, benchmarks race them. Namespaced by the kernel file they mirror.
export * as philox from './philox.js';
export * as primitives from './primitives.js';
export * as kmeans from './kmeans.js';
export * as mixture from './mixture.js';
export * as mlp from './mlp.js';
export * as samplers from './samplers.js';
export * as train from './train.js';
export * as sparse from './sparse.js';
export * as rbm from './rbm.js';
export * as plainMala from './plain-mala.js';
