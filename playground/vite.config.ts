// `npm run playground` (dev server) and `npm run playground:build` (a static
// folder, playground/dist, with relative paths: host it anywhere).
// 'ebm-wasm' is the package itself, resolved as a user's bundler would
// (its self-reference, "exports" with the browser condition) to the built dist/.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // pre-bundling would move the library away from the ebm.wasm next to it (see the README)
  optimizeDeps: { exclude: ['ebm-wasm'] },
  worker: {
    format: 'es',
    // methods.ts imports the library dynamically, which keeps it out of the page's bundle; in
    // the worker it is imported statically as well (the worker needs it anyway), which rolldown
    // reports as an ineffective dynamic import: expected there
    rolldownOptions: { checks: { ineffectiveDynamicImport: false } },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
