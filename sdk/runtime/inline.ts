// The `ebm-wasm/inline` entry: ebm.wasm embedded as base64 in the JavaScript,
// for bundlers and hosts that cannot emit or serve a separate file (esbuild,
// Rollup, single-file builds). About a third larger than the file; compiled
// from bytes, so not for workerd or Vercel Edge, which refuse that.
import { decodeBase64 } from '../datasets/digits.js';
import { initWith, toModule, type InitOptions } from './core.js';
import { withConfigured } from './wasm-path.js';
import { setSpawner } from '../parallel/spawner.js';

/** build/ebm.wasm as base64, put here by tsup's `define` (tsup.config.ts). */
declare const EBM_WASM_BASE64: string;

/** Loads and instantiates the embedded ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  setSpawner(null, "the 'ebm-wasm/inline' entry has no worker file: pools run on the calling thread (import from 'ebm-wasm' with a bundler that emits workers to use them)");
  return initWith(() => toModule(decodeBase64(EBM_WASM_BASE64)), withConfigured(options));
}
