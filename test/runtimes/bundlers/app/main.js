// The page: run the app here, then the same in a module Worker, and publish both results.
import * as ebm from 'ebm-wasm';
import { run } from './run.js';

const result = { page: await run(ebm) };
result.worker = await new Promise((resolve) => {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => resolve({ error: `worker failed to load: ${e.message || 'error event'}` });
});
window.__result = result;
window.__done = true;
