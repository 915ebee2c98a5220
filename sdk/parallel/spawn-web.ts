// Starting module Web Workers (browsers, Deno, Bun). The caller writes
// `new Worker(new URL('../parallel/worker.js', import.meta.url), { type: 'module' })`
// itself, in its own file: that literal form is what Vite, webpack, esbuild and
// Parcel recognise to emit the worker with the application.
import type { Spawner, WorkerLike } from './spawner.js';

interface WebWorker extends WorkerLike {
  addEventListener(type: string, f: (e: { data?: unknown; message?: string; preventDefault?: () => void }) => void): void;
}

export function webSpawner(make: () => WebWorker): Spawner {
  return {
    start(onMessage, onFailure) {
      const w = make();
      w.addEventListener('message', (e) => onMessage(e.data));
      w.addEventListener('error', (e) => {
        e.preventDefault?.(); // reported to the caller as an EbmError, not as an uncaught error of the page
        onFailure(e.message || 'an error it did not catch');
      });
      w.addEventListener('messageerror', () => onFailure('a message could not be read'));
      return w;
    },
    cores() {
      const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
      return typeof n === 'number' && n >= 1 ? n : 1;
    },
  };
}
