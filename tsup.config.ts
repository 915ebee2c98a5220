import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The SDK is published as its modules, one file per source file (bundle:
// false), so consumers' bundlers tree-shake between models: a chunked bundle
// kept every model in one file (~100 KB minified for `{ init, KMeansEBM }`).
// Modules are shared by every entry, so the runtime state (the instance,
// setWasmPath) is one module however the entries are mixed; the CommonJS
// entries (scripts/make-cjs.mjs) require these same files. dist/ebm.wasm sits
// beside the entries; the runtime files in dist/runtime/ reach it as
// ../ebm.wasm (workerd and edge-light through a static import). The inline
// entry gets build/ebm.wasm as base64 through `define`. Types are bundled per
// entry (.d.ts for import, .d.cts for require), with stripInternal: a member
// marked @internal (checkLive, the [DESCRIPTOR]/[LEARNABLE] protocol keys, …)
// is not published; where a class implements an interface, the interface's
// member is @internal too, so the stripped declarations still agree (the
// package suite type-checks consumers with skipLibCheck off and compares the
// surface with docs/api-surface.md). Constructors guarded by the library key
// keep their types. No source maps in the package: they doubled its size (the
// digits' base64).
const ENTRIES = {
  'index.node': 'sdk/index.node.ts',
  'index.browser': 'sdk/index.browser.ts',
  'index.workerd': 'sdk/index.workerd.ts',
  'index.edge-light': 'sdk/index.edge-light.ts',
  'index.inline': 'sdk/index.inline.ts',
};

export default defineConfig([
  {
    entry: ['sdk/**/*.ts', '!sdk/**/*.d.ts'],
    bundle: false,
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    dts: { entry: ENTRIES, compilerOptions: { stripInternal: true } },
    sourcemap: false,
    clean: true,
    define: { EBM_WASM_BASE64: JSON.stringify(readFileSync('build/ebm.wasm').toString('base64')) },
    removeNodeProtocol: false,
  },
  {
    // types only: the CommonJS code is a wrapper of the ESM files (scripts/make-cjs.mjs)
    entry: { 'index.node': ENTRIES['index.node'], 'index.inline': ENTRIES['index.inline'] },
    format: ['cjs'],
    target: 'es2022',
    dts: { only: true, compilerOptions: { stripInternal: true } },
    clean: false,
  },
  {
    // the SDK's instantiate for the benchmarks and tests, one file; not in the package
    entry: { internal: 'sdk/runtime/instantiate.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    dts: true,
    clean: false,
    removeNodeProtocol: false,
  },
]);
