// workerd suite: dist/index.workerd.js in real workerd through miniflare, two ways:
//  1. modules: miniflare walks the imports of test/runtimes/worker.js (.js as
//     ES modules, dist/ebm.wasm as CompiledWasm);
//  2. bundle: as wrangler does, esbuild bundles the same worker importing the
//     package by name ('ebm-wasm') with the conditions workerd, worker,
//     browser, and wrangler's module collection: each .wasm import becomes an
//     external module beside the bundle (so the package's "exports" map must
//     pick dist/index.workerd.js, whose runtime file imports ../ebm.wasm).
// Either way workerd compiles ebm.wasm ahead from the static import, and
// worker-guard.js proves the worker never compiles WebAssembly from bytes.
import { Miniflare } from 'miniflare';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { ROOT, Suite } from './harness.mjs';

const suite = new Suite('workerd');
const HERE = join(ROOT, 'test', 'runtimes');

async function runWorker(label, options) {
  let mf;
  try {
    mf = new Miniflare({
      modules: true,
      modulesRules: [
        { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
        { type: 'CompiledWasm', include: ['**/*.wasm'] },
      ],
      compatibilityDate: '2025-12-01',
      ...options,
    });
    const res = await mf.dispatchFetch('http://localhost/');
    const body = await res.text();
    let r;
    try {
      r = JSON.parse(body);
    } catch {
      throw new Error(`worker answered ${res.status}: ${body.slice(0, 2000)}`);
    }
    suite.addRemote(`${label}: `, r.checks);
    if (r.hash) suite.hash(label, r.hash);
    return r;
  } finally {
    await mf?.dispose().catch(() => {});
  }
}

await suite.check('modules: worker.js importing ../../dist/index.workerd.js', async () => {
  const r = await runWorker('workerd', { modulesRoot: ROOT, scriptPath: join(HERE, 'worker.js') });
  if (r.refusal?.compile) suite.note(`workerd's own answer to WebAssembly.compile(bytes): ${r.refusal.compile.error ?? 'allowed'}`);
  return r.ok || Promise.reject(new Error('a worker check failed'));
});

await suite.check("bundle: wrangler-style esbuild bundle of import 'ebm-wasm' (conditions workerd, worker, browser)", async () => {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-workerd-'));
  try {
    const source = readFileSync(join(HERE, 'worker.js'), 'utf8');
    const contents = source.replace("'../../dist/index.workerd.js'", "'ebm-wasm'");
    const wasmModules = {
      name: 'wasm-modules',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (a) => {
          copyFileSync(join(a.resolveDir, a.path), join(dir, basename(a.path)));
          return { path: `./${basename(a.path)}`, external: true };
        });
      },
    };
    if (contents === source) throw new Error('worker.js no longer imports ../../dist/index.workerd.js');
    const out = await esbuild.build({
      stdin: { contents, resolveDir: HERE, sourcefile: 'worker-pkg.js', loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      plugins: [wasmModules],
      outfile: join(dir, 'worker.js'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs).map((p) => relative(ROOT, join(ROOT, p)));
    if (!inputs.includes(join('dist', 'index.workerd.js'))) throw new Error(`'ebm-wasm' did not resolve to dist/index.workerd.js: ${inputs.join(', ')}`);
    const r = await runWorker('workerd-bundle', { modulesRoot: dir, scriptPath: join(dir, 'worker.js') });
    return r.ok ? `bundled ${inputs.join(', ')}` : Promise.reject(new Error('a worker check failed'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

suite.finish();
