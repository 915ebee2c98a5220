// The worker's entry (dist/parallel/worker.js): it receives the compiled
// ebm.wasm from the pool, instantiates it with the SDK's imports, then runs
// tasks (tasks.ts) and answers each with its result or its error. The same
// file serves worker_threads (Node) and module Web Workers (browsers, Deno,
// Bun); it never fetches or reads ebm.wasm itself.
import { initWith } from '../runtime/core.js';
import { runTask } from './tasks.js';

interface Port {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  /** For tests: stop this worker as a crash would. */
  die(): void;
}

type Incoming = { type: 'init'; module: WebAssembly.Module } | { type: 'job'; id: number; task: string; args: unknown };

function errorOf(e: unknown): { code?: string; name?: string; message: string } {
  if (e instanceof Error) return { code: (e as { code?: string }).code, name: e.name, message: e.message };
  return { message: String(e) };
}

async function handle(port: Port, m: Incoming): Promise<void> {
  if (m.type === 'init') {
    try {
      await initWith(() => Promise.resolve(m.module));
      port.post({ type: 'ready' });
    } catch (e) {
      port.post({ type: 'init-error', error: errorOf(e) });
    }
    return;
  }
  if (m.task === 'die') {
    port.die();
    return;
  }
  try {
    const { result, transfer } = runTask(m.task, m.args);
    port.post({ type: 'done', id: m.id, result }, transfer);
  } catch (e) {
    port.post({ type: 'error', id: m.id, error: errorOf(e) });
  }
}

const scope = globalThis as unknown as {
  postMessage?: (m: unknown, t?: ArrayBuffer[]) => void;
  addEventListener?: (t: string, f: (e: { data: Incoming }) => void) => void;
  process?: { exit(code: number): never };
};

if (typeof scope.postMessage === 'function' && typeof scope.addEventListener === 'function') {
  // a Web Worker (browsers, Deno, Bun)
  const port: Port = {
    post: (m, t) => scope.postMessage!(m, t ?? []),
    die: () => {
      setTimeout(() => {
        throw new Error('test: this worker crashes');
      });
    },
  };
  scope.addEventListener('message', (e) => void handle(port, e.data));
} else {
  // a worker_threads worker (Node); through a variable so that bundlers for browsers leave it alone,
  // and without a top-level await (Parcel parses a worker it emits as a script)
  const name = 'node:worker_threads';
  void (import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<typeof import('node:worker_threads')>).then(({ parentPort }) => {
    if (!parentPort) return;
    const port: Port = {
      post: (m, t) => parentPort.postMessage(m, t ?? []),
      die: () => scope.process!.exit(3),
    };
    parentPort.on('message', (m: Incoming) => void handle(port, m));
  });
}
