import { defineConfig } from 'tsup';

// One bundle per runtime condition. ESM entries share chunks, so the runtime
// state (the instance) is one module however the entries are mixed. The
// workerd and edge-light entries import ./ebm.wasm statically: it stays an
// external import and dist/ebm.wasm sits beside them. dist/internal.js is the
// SDK's instantiate for the benchmarks and tests; package.json does not export it.
export default defineConfig([
  {
    entry: {
      'index.node': 'sdk/index.node.ts',
      'index.browser': 'sdk/index.browser.ts',
      'index.workerd': 'sdk/index.workerd.ts',
      'index.edge-light': 'sdk/index.edge-light.ts',
      internal: 'sdk/runtime/instantiate.ts',
    },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    external: ['./ebm.wasm', './ebm.wasm?module', 'node:fs/promises'],
    removeNodeProtocol: false,
    keepNames: true,
  },
  {
    entry: { 'index.node': 'sdk/index.node.ts' },
    format: ['cjs'],
    target: 'es2022',
    platform: 'node',
    shims: true,
    dts: true,
    sourcemap: true,
    clean: false,
    external: ['node:fs/promises'],
    removeNodeProtocol: false,
    keepNames: true,
  },
]);
