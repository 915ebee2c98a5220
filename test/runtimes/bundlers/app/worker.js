// The module Worker: the same app, its result posted to the page (no
// top-level await: Vite builds workers as iife by default, which cannot have it).
import * as ebm from 'ebm-wasm';
import { run } from './run.js';

run(ebm).then((r) => self.postMessage(r));
