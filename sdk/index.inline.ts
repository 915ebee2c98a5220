// Entry for `ebm-wasm/inline`: the module embedded, nothing to fetch or read.
export * from './index.js';
export { init } from './runtime/inline.js';
