// One place to say where ebm.wasm is for every later init(), as tf.setWasmPaths
// does: for apps whose bundler does not emit the file, CDNs and odd deployments.
import type { InitOptions, WasmSource } from './core.js';

let configured: WasmSource | undefined;

/**
 * Sets where `init()` loads ebm.wasm from when it is called without `{ wasm }`:
 * a URL or path string, a `URL`, the bytes, a `WebAssembly.Module` or a
 * `Response`. Call it before the first `init()`; `init({ wasm })` still wins.
 */
export function setWasmPath(source: WasmSource): void {
  configured = source;
}

/** The options init() should use: the caller's `wasm`, else the configured one. */
export function withConfigured(options?: InitOptions): InitOptions | undefined {
  if (options?.wasm !== undefined || configured === undefined) return options;
  return { ...options, wasm: configured };
}
