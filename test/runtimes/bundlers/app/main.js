// The page: run the app here, then the same in a module Worker, and publish
// both results. No top-level await: Parcel does not support it.
import * as ebm from 'ebm-wasm';
import { run } from './run.js';

function inWorker() {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ error: `worker failed to load: ${e.message || 'error event'}` });
  });
}

run(ebm).then(async (page) => {
  window.__result = { page, worker: await inWorker() };
  window.__done = true;
});
