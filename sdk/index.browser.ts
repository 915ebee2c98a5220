// Entry for the `browser` export condition.
export * from './index.js';
export { init } from './runtime/browser.js';
