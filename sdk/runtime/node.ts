// Node (also Deno and Bun through their Node compatibility): read ebm.wasm next to this file.
import { initWith, type InitOptions } from './core.js';
import { WasmLoadError } from '../errors.js';

async function defaultModule(): Promise<WebAssembly.Module> {
  const url = new URL('./ebm.wasm', import.meta.url);
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(url);
  } catch (e) {
    throw new WasmLoadError(
      `could not read ebm.wasm at ${url.href}: ${(e as Error).message}; reinstall ebm-wasm or run \`npm run build\` in its folder`,
      { cause: e },
    );
  }
  return WebAssembly.compile(bytes as BufferSource);
}

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  return initWith(defaultModule, options);
}
