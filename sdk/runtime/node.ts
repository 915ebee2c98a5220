// Node (also Deno and Bun through their Node compatibility): read ebm.wasm next
// to this file. A server bundle (esbuild, webpack, ncc) moves this code away
// from the file, so the package's own copy is looked up next, from the bundle
// and from the working directory, before the error says how to ship it.
import { initWith, type InitOptions } from './core.js';
import { WasmLoadError } from '../errors.js';
import { withConfigured } from './wasm-path.js';
import { setSpawner, type Spawner, type WorkerLike } from '../parallel/spawner.js';
import { webSpawner } from '../parallel/spawn-web.js';

/**
 * Workers for `{ workers }` and createPool. Deno and Bun (which load this entry) have module Web
 * Workers; Node has worker_threads, loaded when the first worker starts (parallel/spawn-node.ts).
 */
function spawner(): Spawner {
  const Web = (globalThis as { Worker?: new (url: URL, o: { type: 'module' }) => WorkerLike }).Worker;
  if (typeof Web === 'function') {
    return webSpawner(() => new Web(new URL('../parallel/worker.js', import.meta.url), { type: 'module' }) as never);
  }
  let cores = 1;
  let threads: Promise<typeof import('../parallel/spawn-node.js')> | null = null;
  void import('node:os').then((os) => (cores = os.availableParallelism?.() ?? os.cpus().length), () => {});
  let found: Promise<boolean> | null = null;
  return {
    // a server bundle (esbuild, ncc) that did not copy dist/parallel/: pools run on the calling thread
    available: () => (found ??= Promise.all([import('node:fs/promises'), import('node:url')]).then(
      ([fs, url]) => fs.access(url.fileURLToPath(new URL('../parallel/worker.js', import.meta.url))).then(() => true, () => false),
      () => false,
    )),
    async start(onMessage, onFailure) {
      threads ??= import('../parallel/spawn-node.js');
      const w = (await threads).startNodeWorker();
      w.on('message', onMessage);
      w.on('error', (e: Error) => onFailure(e.message));
      w.on('exit', (code: number) => onFailure(`it exited with code ${code}`));
      return w as unknown as WorkerLike;
    },
    cores: () => cores,
  };
}

/** Where ebm.wasm may be, best first; duplicates and impossible ones left out. */
async function candidates(): Promise<string[]> {
  const out: string[] = [];
  const add = (f: () => string) => {
    try {
      const p = f();
      if (!out.includes(p)) out.push(p);
    } catch {
      // this way of finding it does not apply here (no import.meta.url, no package)
    }
  };
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  // empty when a bundler turned this module into CommonJS
  const here = import.meta.url as string | undefined;
  if (here) add(() => fileURLToPath(new URL('../ebm.wasm', here))); // dist/runtime/node.js → dist/ebm.wasm
  if (here) add(() => fileURLToPath(new URL('./ebm.wasm', here))); // a bundle with the file copied beside it
  // through a variable, so bundlers leave the lookup to run time instead of bundling a .wasm
  const { createRequire } = await import('node:module');
  const target = 'ebm-wasm/ebm.wasm';
  if (here) add(() => createRequire(here).resolve(target));
  add(() => createRequire(pathToFileURL(`${process.cwd()}/`).href).resolve(target));
  return out;
}

async function readModule(paths: string[]): Promise<WebAssembly.Module> {
  const { readFile } = await import('node:fs/promises');
  const tried: string[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      tried.push(`${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    return WebAssembly.compile(bytes as BufferSource);
  }
  throw new WasmLoadError(
    `could not find ebm.wasm; tried ${tried.join(', ') || 'nothing (no import.meta.url and no ebm-wasm package to resolve)'}. ` +
      'If a bundler moved this code, copy node_modules/ebm-wasm/dist/ebm.wasm next to the bundle, ' +
      'keep ebm-wasm external (esbuild --packages=external, webpack externals), ' +
      "import from 'ebm-wasm/inline', or call setWasmPath(path) before init()",
  );
}

/** A file path or file: URL (fetch cannot read those in Node); null for anything else. */
function localPath(src: unknown): string | null {
  if (src instanceof URL) return src.protocol === 'file:' ? src.href : null;
  if (typeof src !== 'string') return null;
  return src.startsWith('file:') || !/^[a-z][a-z0-9+.-]+:/i.test(src) || /^[a-z]:[\\/]/i.test(src) ? src : null;
}

let nodeSpawner: Spawner | undefined;

/** Loads and instantiates ebm.wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void> {
  if (typeof import.meta.url === 'string') setSpawner((nodeSpawner ??= spawner()));
  else setSpawner(null, 'this code was bundled into CommonJS, where it cannot find the worker\'s file (no import.meta.url): bundle as ESM, or keep ebm-wasm external');
  const o = withConfigured(options);
  const local = localPath(o?.wasm);
  if (local === null) return initWith(async () => readModule(await candidates()), o);
  return initWith(async () => {
    const { fileURLToPath } = await import('node:url');
    return readModule([local.startsWith('file:') ? fileURLToPath(local) : local]);
  }, { ...o, wasm: undefined });
}
