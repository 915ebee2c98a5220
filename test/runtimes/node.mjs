// Node suite: the scenario on the built bundles, CJS (dist/index.node.cjs
// through require) and ESM (dist/index.node.js), which share one instance (the
// CJS entry requires the ES module); plus the load-error and before-init paths.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, Suite, expectEbmError, rejection, thrown } from './harness.mjs';
import { startServer } from './server.mjs';
import { scenario } from './scenario.js';

const suite = new Suite('node');
const require = createRequire(import.meta.url);
const server = await startServer();

try {
  const cjs = require(join(ROOT, 'dist', 'index.node.cjs'));

  await suite.check('cjs: before init, isInitialized() is false', () => cjs.isInitialized() === false);
  await suite.check('cjs: new KMeansEBM before init throws NOT_INITIALIZED', () =>
    expectEbmError(thrown(() => new cjs.KMeansEBM({ k: 2 })), 'NOT_INITIALIZED', ['await init()'], cjs.EbmError),
  );
  await suite.check('cjs: random.uniform before init throws NOT_INITIALIZED', () =>
    expectEbmError(thrown(() => cjs.random.uniform(4)), 'NOT_INITIALIZED', ['await init()'], cjs.EbmError),
  );
  await suite.check('cjs: init({ wasm: URL of a 404 HTML page }) rejects WASM_LOAD naming the URL', async () => {
    const url = `${server.origin}/missing.wasm`;
    return expectEbmError(await rejection(cjs.init({ wasm: url })), 'WASM_LOAD', [url, 'application/wasm', '404'], cjs.EbmError);
  });
  await suite.check('cjs: init({ wasm: URL answering 200 text/html }) rejects WASM_LOAD naming the URL', async () => {
    const url = new URL(`${server.origin}/html200.wasm`);
    return expectEbmError(await rejection(cjs.init({ wasm: url })), 'WASM_LOAD', [url.href, 'application/wasm'], cjs.EbmError);
  });
  await suite.check('cjs: init({ wasm: HTML bytes }) rejects WASM_LOAD', async () => {
    const bytes = new TextEncoder().encode('<!doctype html><h1>Not Found</h1>');
    return expectEbmError(await rejection(cjs.init({ wasm: bytes })), 'WASM_LOAD', ['not WebAssembly', 'ebm-wasm/ebm.wasm'], cjs.EbmError);
  });
  await suite.check('cjs: init() after failed loads resolves (a failed load may be retried)', async () => {
    await cjs.init();
    return cjs.isInitialized() === true;
  });
  await suite.check('cjs: scenario', async () => {
    const r = await scenario(cjs);
    suite.hash('node-cjs', r.hash);
    if (r.summary.workers !== 2) throw new Error(`the scenario's pool had ${r.summary.workers} workers, expected 2 (worker_threads)`);
    return `lloyd inertia ${r.summary.lloyd.inertia}, online inertia ${r.summary.online.inertia}, ${r.summary.workers} workers`;
  });

  await suite.check("the package's exports map: 'ebm-wasm' resolves to dist/index.node.js (import) and .cjs (require)", () => {
    const imp = import.meta.resolve('ebm-wasm');
    const req = require.resolve('ebm-wasm');
    if (imp !== pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href) throw new Error(`import resolves to ${imp}`);
    if (req !== join(ROOT, 'dist', 'index.node.cjs')) throw new Error(`require resolves to ${req}`);
    return true;
  });
  const esm = await import(pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href);
  await suite.check('esm and cjs are one instance: initialized by the cjs init(), the same error classes', () => {
    if (esm.isInitialized() !== true) throw new Error('the ES module is not initialized after the CommonJS init()');
    for (const name of ['EbmError', 'WasmLoadError', 'KMeansEBM', 'init', 'setWasmPath']) {
      if (esm[name] !== cjs[name]) throw new Error(`esm.${name} !== cjs.${name}`);
    }
    const e = thrown(() => new esm.KMeansEBM({ k: 0 }));
    return e instanceof cjs.EbmError || Promise.reject(new Error(`an ESM error is not a CJS EbmError: ${e}`));
  });
  await suite.check('esm: init() resolves (the shared promise)', async () => {
    await esm.init();
    return esm.isInitialized();
  });
  await suite.check('esm: scenario', async () => {
    const r = await scenario(esm);
    suite.hash('node-esm', r.hash);
    return JSON.stringify(r.summary.lloyd);
  });
  await suite.check('esm: a second init() resolves with the first (its argument is ignored)', async () => {
    await esm.init({ wasm: new Uint8Array([1, 2, 3]) }); // memoised: the argument is ignored
    return true;
  });
  // a fresh process each: the instance above is already initialized
  const fresh = (code) => spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: join(ROOT, 'dist'), encoding: 'utf8', timeout: 60_000 });
  const entry = JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href);
  await suite.check('setWasmPath(a relative file path) is what init() reads', () => {
    const r = fresh(`const m = await import(${entry}); m.setWasmPath('./ebm.wasm'); await m.init(); console.log(m.isInitialized());`);
    return r.stdout.trim() === 'true' || Promise.reject(new Error(r.stderr));
  });
  await suite.check('setWasmPath(a missing file) fails WASM_LOAD naming it; init({ wasm }) still wins', () => {
    const r = fresh(
      `const m = await import(${entry}); m.setWasmPath('./nowhere/ebm.wasm');` +
        `const e = await m.init().catch((e) => e); console.log(e.code, e.message.includes('nowhere'));` +
        `await m.init({ wasm: new URL('./ebm.wasm', ${JSON.stringify(pathToFileURL(join(ROOT, 'dist')).href + '/')}) }); console.log(m.isInitialized());`,
    );
    return r.stdout.trim() === 'WASM_LOAD true\ntrue' || Promise.reject(new Error(`${r.stdout}${r.stderr}`));
  });
} catch (e) {
  await suite.check('suite setup', () => {
    throw e;
  });
} finally {
  await server.close();
}
suite.finish();
