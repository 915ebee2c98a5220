// Entry for the `edge-light` export condition.
export * from './index.js';
export { init } from './runtime/edge-light.js';
