// Cloudflare Workers (workerd): code generation from bytes is refused there,
// so the module arrives compiled through a static import that wrangler /
// miniflare resolve (as in xxhash-wasm's index.workerd.js).
import wasmModule from '../ebm.wasm';
import { initWith, type InitOptions } from './core.js';
import { withConfigured } from './wasm-path.js';

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  return initWith(() => Promise.resolve(wasmModule), withConfigured(options));
}
