// Builds the tiny app (app/) with each bundler, as a user would with the
// bundler's ordinary setup, against the package as npm installs it (the
// `npm pack` tarball unpacked into <work>/node_modules/ebm-wasm). Every
// builder writes a static site to `out` (index.html, main.js, worker.js, …).
// Where a bundler needs a recipe, it is the one the README gives.
import { cpSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function html(out, script = './main.js') {
  const page = readFileSync(join(import.meta.dirname, 'app', 'index.html'), 'utf8').replace('./main.js', script);
  writeFileSync(join(out, 'index.html'), page);
}

/**
 * Vite: `vite build` with no configuration, or with the README's recipe for an
 * older Vite (`config`, merged in); `vite` is the module (the repo's Vite, or
 * one installed for the matrix: oldVites in bundlers.mjs).
 */
export async function vite(src, out, { vite: mod, config = {} } = {}) {
  const { build } = mod ?? (await import('vite'));
  await build({
    // the real path: Vite 5–7 name the HTML entry by its path relative to the
    // root, and take it through ../.. when node_modules (and so the build cache) is a symlink
    root: realpathSync(src),
    configFile: false,
    logLevel: 'silent',
    ...config,
    build: { outDir: out, emptyOutDir: true, minify: true },
  });
}

/** webpack 5: an entry and an output folder; new URL(…, import.meta.url) emits ebm.wasm and the worker. */
export async function webpack(src, out) {
  const { default: webpack } = await import('webpack');
  const compiler = webpack({
    mode: 'production',
    context: src,
    entry: './main.js',
    output: { path: out, filename: 'main.js', clean: true },
    resolve: { modules: [join(src, '..', 'node_modules'), 'node_modules'] },
    performance: { hints: false },
  });
  await runWebpack(compiler);
  html(out);
}

export function runWebpack(compiler) {
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => {});
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true, errorDetails: true })));
      resolve(stats);
    });
  });
}

/** esbuild: the page and the worker as two entry points, ESM with splitting. */
export async function esbuild(src, out, { imports = 'ebm-wasm' } = {}) {
  const esb = await import('esbuild');
  mkdirSync(out, { recursive: true });
  await esb.build({
    absWorkingDir: src,
    entryPoints: ['main.js', 'worker.js'],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: out,
    logLevel: 'silent',
    alias: imports === 'ebm-wasm' ? {} : { 'ebm-wasm': imports },
  });
  html(out);
}

/** Rollup with @rollup/plugin-node-resolve: the page and the worker as two inputs. */
export async function rollup(src, out, { imports = 'ebm-wasm' } = {}) {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const alias = {
    name: 'alias',
    resolveId(id, importer) {
      return imports !== 'ebm-wasm' && id === 'ebm-wasm' ? this.resolve(imports, importer, { skipSelf: true }) : null;
    },
  };
  const bundle = await rollup({
    input: { main: join(src, 'main.js'), worker: join(src, 'worker.js') },
    plugins: [alias, nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  await bundle.write({ dir: out, format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
  html(out);
}

/** Parcel 2: index.html as the entry; new URL(…, import.meta.url) and new Worker(new URL(…)) are understood. */
export async function parcel(src, out) {
  const { Parcel } = await import('@parcel/core');
  const bundler = new Parcel({
    entries: join(src, 'index.html'),
    defaultConfig: '@parcel/config-default',
    mode: 'production',
    shouldDisableCache: true,
    logLevel: 'error',
    shouldAutoInstall: false,
    // explicit: otherwise Parcel takes targets from the package.json fields of the project root
    targets: { app: { distDir: out, publicUrl: './', engines: { browsers: 'Chrome >= 120' } } },
  });
  await bundler.run();
}

export function copyApp(appDir, scenarioFile, src) {
  mkdirSync(src, { recursive: true });
  cpSync(appDir, src, { recursive: true });
  cpSync(scenarioFile, join(src, 'scenario.js'));
}
