// Entry for the `workerd` export condition.
export * from './index.js';
export { init } from './runtime/workerd.js';
