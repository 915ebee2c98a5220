// Vercel Edge (the `edge-light` condition): WASM must be imported statically
// with the `?module` suffix, which the Vercel/Next.js bundler compiles ahead.
import wasmModule from '../ebm.wasm?module';
import { initWith, type InitOptions } from './core.js';
import { withConfigured } from './wasm-path.js';

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  return initWith(() => Promise.resolve(wasmModule), withConfigured(options));
}
