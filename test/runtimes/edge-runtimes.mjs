// The edge example (examples/edge) bundled and started as its two deploy targets
// would run it, for the `edge` test suite (test/runtimes/edge.mjs) and the `edge`
// bench suite (bench/suites/edge.mjs):
//  - Cloudflare: src/worker.js bundled as wrangler does (esbuild, conditions
//    workerd/worker/browser, each .wasm import an external module beside the
//    bundle, uploaded as CompiledWasm) and run in workerd through miniflare;
//  - Vercel: api/ebm.js bundled with the edge-light condition, its
//    `ebm.wasm?module` import a binding the host compiles ahead (as Vercel does
//    at deploy time), run in Vercel's open-source edge-runtime with every way of
//    compiling WebAssembly from bytes refused after that.
// Each start is a fresh runtime (a new workerd process, a new VM context), so
// the first request pays instantiate + model load: a cold start.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './harness.mjs';

export const EXAMPLE = join(ROOT, 'examples', 'edge');
export const URL_ = 'http://localhost/api/ebm';

/** `main` and `compatibility_date` of the example's wrangler.toml: the test deploys what wrangler would. */
export function wranglerConfig() {
  const toml = readFileSync(join(EXAMPLE, 'wrangler.toml'), 'utf8');
  const field = (k) => {
    const m = new RegExp(`^${k}\\s*=\\s*"([^"]+)"`, 'm').exec(toml);
    if (!m) throw new Error(`examples/edge/wrangler.toml has no ${k} = "…"`);
    return m[1];
  };
  return { main: field('main'), compatibilityDate: field('compatibility_date') };
}

/** esbuild bundle of the Worker entry, as `wrangler deploy` makes it; returns the inputs it took. */
export async function bundleWorker(dir) {
  const esbuild = await import('esbuild');
  const wasmModules = {
    name: 'wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (a) => {
        copyFileSync(join(a.resolveDir, a.path), join(dir, basename(a.path)));
        return { path: `./${basename(a.path)}`, external: true };
      });
    },
  };
  const out = await esbuild.build({
    entryPoints: [join(EXAMPLE, wranglerConfig().main)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    plugins: [wasmModules],
    outfile: join(dir, 'worker.js'),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  if (!inputs.some((p) => p.endsWith('dist/index.workerd.js'))) throw new Error(`'ebm-wasm' did not resolve to dist/index.workerd.js: ${inputs.join(', ')}`);
  return inputs;
}

/** A fresh workerd (miniflare) running the bundle in `dir`. */
export async function startWorkerd(dir) {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true,
    modulesRoot: dir,
    scriptPath: join(dir, 'worker.js'),
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: wranglerConfig().compatibilityDate,
  });
  await mf.ready;
  return {
    name: 'workerd',
    fetch: async (init) => reply(await mf.dispatchFetch(URL_, init)),
    dispose: () => mf.dispose(),
  };
}

/**
 * How Vercel bundles api/ebm.js. 'edge-light': as for a deployment (Next.js and
 * Vercel's edge bundler resolve packages with the edge-light condition).
 * 'vercel-dev': as `vercel dev` does (@vercel/node's edge handler: esbuild,
 * platform browser, no extra conditions, CommonJS), where 'ebm-wasm' is the
 * browser entry, so only the function's own `ebm.wasm?module` import (handed to
 * setWasmPath) makes it work. Either way each `*.wasm?module` import becomes a
 * global `wasm_<sha1>` that the host compiles ahead, as Vercel's bundler does.
 */
export const EDGE_STYLES = {
  'edge-light': { file: 'edge.js', entry: 'dist/index.edge-light.js', options: { platform: 'neutral', format: 'iife', globalName: '__ebmFunction', mainFields: ['module', 'main'], conditions: ['edge-light', 'worker', 'browser'] } },
  'vercel-dev': { file: 'vercel-dev.js', entry: 'dist/index.browser.js', options: { platform: 'browser', format: 'cjs' } },
};

export async function bundleEdge(dir, style = 'edge-light') {
  const esbuild = await import('esbuild');
  const { createHash } = await import('node:crypto');
  const { file, entry, options } = EDGE_STYLES[style];
  const assets = {};
  const wasmBinding = {
    name: 'edge-wasm-binding',
    setup(b) {
      b.onResolve({ filter: /\.wasm\?module$/ }, async (a) => {
        const r = await b.resolve(a.path.replace(/\?module$/, ''), { importer: a.importer, resolveDir: a.resolveDir, kind: 'import-statement' });
        if (r.errors.length) return { errors: r.errors };
        const name = `wasm_${createHash('sha1').update(readFileSync(r.path)).digest('hex')}`;
        assets[name] = r.path;
        return { path: name, namespace: 'wasm-binding' };
      });
      b.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, (a) => ({ contents: `export default globalThis[${JSON.stringify(a.path)}];`, loader: 'js' }));
    },
  };
  const out = await esbuild.build({
    entryPoints: [join(EXAMPLE, 'api', 'ebm.js')],
    bundle: true,
    ...options,
    plugins: [wasmBinding],
    outfile: join(dir, file),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  if (!inputs.some((p) => p.endsWith(entry))) throw new Error(`'ebm-wasm' did not resolve to ${entry}: ${inputs.join(', ')}`);
  writeFileSync(join(dir, `${file}.assets.json`), JSON.stringify(assets));
  return { inputs, assets: Object.keys(assets).length };
}

/**
 * A fresh edge-runtime VM with a bundle from `dir` evaluated. `timings` gets
 * `compile` (the host compiling ebm.wasm, which Vercel does at deploy time) and
 * `evaluate` (the bundle's top level), in ms.
 */
export async function startEdge(dir, timings = {}, style = 'edge-light') {
  const { EdgeRuntime } = await import('edge-runtime');
  const { file, options } = EDGE_STYLES[style];
  const runtime = new EdgeRuntime();
  const assets = JSON.parse(readFileSync(join(dir, `${file}.assets.json`), 'utf8'));
  runtime.context.__wasm_assets = Object.entries(assets).map(([name, path]) => [name, new Uint8Array(readFileSync(path))]);
  if (options.format === 'cjs') runtime.context.module = {};
  let t = performance.now();
  runtime.evaluate(`
    for (const [name, bytes] of globalThis.__wasm_assets) globalThis[name] = new WebAssembly.Module(bytes);
    delete globalThis.__wasm_assets;
    globalThis.__compiled = 0;
    for (const k of ['compile', 'compileStreaming', 'instantiateStreaming']) WebAssembly[k] = () => { globalThis.__compiled++; return Promise.reject(new EvalError('compiling WebAssembly from bytes is refused here')); };
    { const instantiate = WebAssembly.instantiate, M = WebAssembly.Module;
      WebAssembly.instantiate = (m, i) => m instanceof M ? instantiate(m, i) : (globalThis.__compiled++, Promise.reject(new EvalError('compiling WebAssembly from bytes is refused here')));
      WebAssembly.Module = function () { globalThis.__compiled++; throw new EvalError('compiling WebAssembly from bytes is refused here'); };
      WebAssembly.Module.prototype = M.prototype;
      Object.defineProperty(WebAssembly.Module, Symbol.hasInstance, { value: (x) => x instanceof M }); }
  `);
  timings.compile = performance.now() - t;
  t = performance.now();
  const code = readFileSync(join(dir, file), 'utf8');
  // what Vercel's wrapper does with the module's default export
  if (options.format === 'cjs') runtime.evaluate(`${code}\n;globalThis.__ebmFunction = module.exports;`);
  else runtime.evaluate(code); // an iife assigning var __ebmFunction
  runtime.evaluate(`addEventListener('fetch', (event) => event.respondWith(globalThis.__ebmFunction.default(event.request)))`);
  timings.evaluate = performance.now() - t;
  return {
    name: style,
    fetch: async (init) => reply(await runtime.dispatchFetch(URL_, init)),
    compiledFromBytes: () => runtime.evaluate('globalThis.__compiled'),
    dispose: async () => {},
  };
}

/** The same handler module called in this Node process (dist/index.node.js). */
export async function startNode() {
  const { handle } = await import(pathToFileURL(join(EXAMPLE, 'handler.js')).href);
  return {
    name: 'node-handler',
    fetch: async (init) => reply(await handle(new Request(URL_, init))),
    dispose: async () => {},
  };
}

async function reply(res) {
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text.slice(0, 500) };
  }
  return { status: res.status, allow: res.headers.get('allow'), isolate: res.headers.get('x-ebm-isolate'), body, bytes: text.length };
}

/** POST init of a JSON body. */
export const post = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
