// Entry for the `node` export condition.
export * from './index.js';
export { init } from './runtime/node.js';
