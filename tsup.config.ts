import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One ESM bundle per runtime condition, sharing chunks, so the runtime state
// (the instance, setWasmPath) is one module however the entries are mixed; the
// CommonJS entries (scripts/make-cjs.mjs) require these same files. The
// workerd and edge-light entries import ./ebm.wasm statically: it stays an
// external import and dist/ebm.wasm sits beside them. `index.inline` embeds
// build/ebm.wasm as base64 (the `define`). dist/internal.js is the
// SDK's instantiate for the benchmarks and tests; package.json does not export it.
// No source maps in the package: they doubled its size (the digits' base64).
export default defineConfig([
  {
    entry: {
      'index.node': 'sdk/index.node.ts',
      'index.browser': 'sdk/index.browser.ts',
      'index.workerd': 'sdk/index.workerd.ts',
      'index.edge-light': 'sdk/index.edge-light.ts',
      'index.inline': 'sdk/index.inline.ts',
      internal: 'sdk/runtime/instantiate.ts',
    },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    dts: true,
    sourcemap: false,
    clean: true,
    treeshake: true,
    external: ['./ebm.wasm', './ebm.wasm?module', 'node:fs/promises', 'node:url', 'node:module'],
    define: { EBM_WASM_BASE64: JSON.stringify(readFileSync('build/ebm.wasm').toString('base64')) },
    removeNodeProtocol: false,
    keepNames: true,
  },
  {
    // types only: the CommonJS code is a wrapper of the ESM files (scripts/make-cjs.mjs)
    entry: { 'index.node': 'sdk/index.node.ts', 'index.inline': 'sdk/index.inline.ts' },
    format: ['cjs'],
    target: 'es2022',
    dts: { only: true },
    clean: false,
  },
]);
