// Server bundles of the tiny app: Node (esbuild and webpack, as a server app
// would be bundled) and Vercel's edge-light in the open-source edge-runtime.
// Each `run` prints the scenario hash from a fresh process or VM.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWebpack } from './build.mjs';

const NODE_APP = `
import * as ebm from 'ebm-wasm';
import { scenario } from './scenario.js';
// no top-level await: the same source is bundled as CommonJS too
ebm.init()
  .then(() => scenario(ebm))
  .then(async (r) => {
    const d = await ebm.datasets.digits();
    console.log('@@HASH ' + JSON.stringify({ hash: r.hash, digits: d.images, workers: r.summary.workers, reason: r.summary.workerReason }));
  })
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
`;

function nodeEntry(src) {
  writeFileSync(join(src, 'server.js'), NODE_APP);
  return join(src, 'server.js');
}

export const BUNDLES = {
  /** `esbuild server.js --bundle --platform=node --format=esm`: ebm.wasm is not copied. */
  'esbuild-node': async (src, out) => {
    const esb = await import('esbuild');
    await esb.build({ entryPoints: [nodeEntry(src)], bundle: true, platform: 'node', format: 'esm', outfile: join(out, 'server.mjs'), logLevel: 'silent' });
  },
  /** The same as CommonJS (esbuild's default for --platform=node), where import.meta.url is empty. */
  'esbuild-node-cjs': async (src, out) => {
    const esb = await import('esbuild');
    await esb.build({ entryPoints: [nodeEntry(src)], bundle: true, platform: 'node', format: 'cjs', outfile: join(out, 'server.cjs'), logLevel: 'silent' });
  },
  /** webpack 5 with target node. */
  'webpack-node': async (src, out) => {
    const { default: webpack } = await import('webpack');
    await runWebpack(
      webpack({
        mode: 'production',
        target: 'node20',
        context: src,
        entry: nodeEntry(src),
        output: { path: out, filename: 'server.cjs', clean: true },
        resolve: { modules: [join(src, '..', 'node_modules'), 'node_modules'] },
        performance: { hints: false },
      }),
    );
  },
};

const EDGE_APP = `
import * as ebm from 'ebm-wasm';
import { scenario } from './scenario.js';
globalThis.__result = ebm
  .init()
  .then(() => scenario(ebm))
  .then(async (r) => ({ hash: r.hash, digits: (await ebm.datasets.digits()).images }));
`;

/**
 * Vercel Edge: the bundle resolves 'ebm-wasm' with the edge-light condition,
 * and its \`./ebm.wasm?module\` import becomes a binding the host provides
 * compiled, which is what Next.js does for Edge Functions (a \`wasm_…\` global).
 */
BUNDLES['edge-light'] = async (src, out) => {
  const esb = await import('esbuild');
  writeFileSync(join(src, 'edge.js'), EDGE_APP);
  const wasmBinding = {
    name: 'edge-wasm-binding',
    setup(b) {
      b.onResolve({ filter: /\.wasm\?module$/ }, (a) => ({ path: a.path, namespace: 'wasm-binding' }));
      b.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, () => ({ contents: 'export default globalThis.__ebm_wasm_binding;', loader: 'js' }));
    },
  };
  const r = await esb.build({
    entryPoints: [join(src, 'edge.js')],
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    plugins: [wasmBinding],
    outfile: join(out, 'edge.js'),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(r.metafile.inputs);
  if (!inputs.some((p) => p.endsWith('node_modules/ebm-wasm/dist/index.edge-light.js'))) throw new Error(`'ebm-wasm' did not resolve to index.edge-light.js: ${inputs.join(', ')}`);
};

async function runEdge(out, work) {
  const { EdgeRuntime } = await import('edge-runtime');
  const runtime = new EdgeRuntime();
  runtime.context.__wasm_bytes = new Uint8Array(readFileSync(join(work, 'node_modules', 'ebm-wasm', 'dist', 'ebm.wasm')));
  // the host's compiled binding, then no more compiling from bytes (Vercel Edge refuses it)
  runtime.evaluate(`
    globalThis.__ebm_wasm_binding = new WebAssembly.Module(globalThis.__wasm_bytes);
    delete globalThis.__wasm_bytes;
    globalThis.__compiled = 0;
    for (const k of ['compile', 'compileStreaming']) WebAssembly[k] = () => { globalThis.__compiled++; return Promise.reject(new EvalError('compiling WebAssembly from bytes is refused here')); };
    const M = WebAssembly.Module;
    WebAssembly.Module = function () { globalThis.__compiled++; throw new EvalError('compiling WebAssembly from bytes is refused here'); };
    WebAssembly.Module.prototype = M.prototype;
    Object.defineProperty(WebAssembly.Module, Symbol.hasInstance, { value: (x) => x instanceof M });
  `);
  runtime.evaluate(readFileSync(join(out, 'edge.js'), 'utf8'));
  const v = await runtime.evaluate('globalThis.__result');
  const compiled = runtime.evaluate('globalThis.__compiled');
  if (compiled !== 0) throw new Error(`the edge-light entry compiled WebAssembly from bytes ${compiled} time(s)`);
  if (v.digits !== 1797) throw new Error(`digits() gave ${v.digits}`);
  return { hash: v.hash, detail: 'ran in edge-runtime, nothing compiled from bytes' };
}

export async function run(name, out, work) {
  if (name === 'edge-light') return runEdge(out, work);
  if (name.endsWith('node') || name.endsWith('node-cjs')) {
    const file = { 'esbuild-node': 'server.mjs', 'esbuild-node-cjs': 'server.cjs', 'webpack-node': 'server.cjs' }[name];
    // run from an empty folder: the bundle must not depend on the caller's directory
    const r = spawnSync(process.execPath, [join(out, file)], { cwd: out, encoding: 'utf8', timeout: 120_000 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('@@HASH '));
    if (!line) throw new Error(`exit ${r.status}: ${r.stderr.slice(-1500)}`);
    const v = JSON.parse(line.slice(7));
    if (v.digits !== 1797) throw new Error(`digits() gave ${v.digits}`);
    // webpack bundles the worker with its imports; esbuild leaves it out (no worker file next to the bundle,
    // and as CommonJS no import.meta.url to find one): those pools are empty and must say why
    const want = { 'webpack-node': [2, null], 'esbuild-node': [0, /not next to this code/], 'esbuild-node-cjs': [0, /CommonJS/] }[name];
    if (v.workers !== want[0]) throw new Error(`the scenario's pool had ${v.workers} workers, expected ${want[0]}${v.reason ? ` (reason: ${v.reason})` : ''}`);
    if (want[1] && !want[1].test(v.reason)) throw new Error(`the empty pool's reason should match ${want[1]}, said: ${v.reason}`);
    return { hash: v.hash, detail: `node ran it, pool of ${v.workers} workers${v.workers === 0 ? ` (${v.reason})` : ''}` };
  }
  throw new Error(`unknown bundle ${name}`);
}

/** The esbuild server bundle deployed alone (no node_modules): the error must list where it looked and what to do. */
export function runMoved(out) {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-moved-'));
  try {
    copyFileSync(join(out, 'server.mjs'), join(dir, 'server.mjs'));
    const r = spawnSync(process.execPath, [join(dir, 'server.mjs')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) throw new Error('it ran without ebm.wasm anywhere?');
    for (const needle of ['could not find ebm.wasm', join(dir, 'ebm.wasm'), 'setWasmPath', 'ebm-wasm/inline']) {
      if (!r.stderr.includes(needle)) throw new Error(`the error lacks ${JSON.stringify(needle)}: ${r.stderr.slice(0, 1500)}`);
    }
    return r.stderr.split('\n').find((l) => l.includes('could not find')).trim().slice(0, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
