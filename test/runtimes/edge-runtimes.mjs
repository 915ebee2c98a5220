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
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './harness.mjs';

export const EXAMPLE = join(ROOT, 'examples', 'edge');
export const URL_ = 'http://localhost/api/ebm';

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
    entryPoints: [join(EXAMPLE, 'src', 'worker.js')],
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
    compatibilityDate: '2025-12-01',
  });
  await mf.ready;
  return {
    name: 'workerd',
    fetch: async (init) => reply(await mf.dispatchFetch(URL_, init)),
    dispose: () => mf.dispose(),
  };
}

/** esbuild bundle of the Vercel function with the edge-light condition; `ebm.wasm?module` is the host's binding. */
export async function bundleEdge(dir) {
  const esbuild = await import('esbuild');
  const wasmBinding = {
    name: 'edge-wasm-binding',
    setup(b) {
      b.onResolve({ filter: /\.wasm\?module$/ }, (a) => ({ path: a.path, namespace: 'wasm-binding' }));
      b.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, () => ({ contents: 'export default globalThis.__ebm_wasm_binding;', loader: 'js' }));
    },
  };
  const out = await esbuild.build({
    entryPoints: [join(EXAMPLE, 'api', 'ebm.js')],
    bundle: true,
    format: 'iife',
    globalName: '__ebmFunction',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    plugins: [wasmBinding],
    outfile: join(dir, 'edge.js'),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  if (!inputs.some((p) => p.endsWith('dist/index.edge-light.js'))) throw new Error(`'ebm-wasm' did not resolve to dist/index.edge-light.js: ${inputs.join(', ')}`);
  return inputs;
}

/**
 * A fresh edge-runtime VM with the bundle in `dir` evaluated. `timings` gets
 * `compile` (the host compiling ebm.wasm, which Vercel does at deploy time) and
 * `evaluate` (the bundle's top level), in ms.
 */
export async function startEdge(dir, timings = {}) {
  const { EdgeRuntime } = await import('edge-runtime');
  const runtime = new EdgeRuntime();
  runtime.context.__wasm_bytes = new Uint8Array(readFileSync(join(ROOT, 'dist', 'ebm.wasm')));
  let t = performance.now();
  runtime.evaluate(`
    globalThis.__ebm_wasm_binding = new WebAssembly.Module(globalThis.__wasm_bytes);
    delete globalThis.__wasm_bytes;
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
  runtime.evaluate(readFileSync(join(dir, 'edge.js'), 'utf8'));
  // what Vercel's wrapper does with a module's default export
  runtime.evaluate(`addEventListener('fetch', (event) => event.respondWith(__ebmFunction.default(event.request)))`);
  timings.evaluate = performance.now() - t;
  return {
    name: 'edge-light',
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
