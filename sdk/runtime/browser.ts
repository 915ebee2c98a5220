// Browsers: fetch ebm.wasm next to this file. Bundlers that emit assets
// (Vite, webpack 5, Parcel) see `new URL('../ebm.wasm', import.meta.url)` and
// emit the file; for those that do not (esbuild, Rollup without a plugin) the
// error says what to use instead.
import { initWith, toModule, type InitOptions } from './core.js';
import { WasmLoadError } from '../errors.js';
import { withConfigured } from './wasm-path.js';
import { setSpawner } from '../parallel/spawner.js';
import { webSpawner } from '../parallel/spawn-web.js';

const NOT_EMITTED_HINT =
  'if your bundler does not copy ebm.wasm (esbuild, Rollup without an asset plugin), ' +
  "import from 'ebm-wasm/inline' (the module embedded, no file to serve) or call setWasmPath(url) before init()";

async function defaultModule(): Promise<WebAssembly.Module> {
  try {
    return await toModule(new URL('../ebm.wasm', import.meta.url));
  } catch (e) {
    if (!(e instanceof WasmLoadError)) throw e;
    throw new WasmLoadError(`${e.message}; ${NOT_EMITTED_HINT}`, { cause: e });
  }
}

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  // workers for `{ workers }` and createPool: module Web Workers, in this literal form that bundlers emit
  if (typeof Worker === 'function') setSpawner(webSpawner(() => new Worker(new URL('../parallel/worker.js', import.meta.url), { type: 'module' })));
  return initWith(defaultModule, withConfigured(options));
}
