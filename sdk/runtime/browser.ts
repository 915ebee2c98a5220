// Browsers: fetch ebm.wasm next to this file. Bundlers (Vite, webpack 5,
// esbuild with the file loader) see `new URL('./ebm.wasm', import.meta.url)`
// and emit the file.
import { initWith, toModule, type InitOptions } from './core.js';

function defaultModule(): Promise<WebAssembly.Module> {
  return toModule(new URL('./ebm.wasm', import.meta.url));
}

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  return initWith(defaultModule, options);
}
