// Node's worker_threads, in a module of its own that runtime/node.ts imports
// when the first worker starts (Deno and Bun take their Web Workers instead and
// never load it). `import { Worker } from 'worker_threads'` followed by
// `new Worker(new URL(…, import.meta.url))` is the form webpack recognises to
// bundle the worker with its imports for a Node target; other forms (a
// dynamically imported Worker, or the `node:` prefix, which webpack 5.112
// turns into broken code) make it copy worker.js alone, without the modules it
// imports, and the pool then has no workers.
import { Worker } from 'worker_threads';

export function startNodeWorker(): Worker {
  return new Worker(new URL('./worker.js', import.meta.url));
}
