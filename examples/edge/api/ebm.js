// Vercel Edge Function at /api/ebm: the shared handler. Vercel compiles a
// `.wasm?module` import at deploy time; handing that module to setWasmPath makes
// the function work whichever entry of 'ebm-wasm' the bundler picks (a deployment
// resolves the edge-light entry, `vercel dev` the browser one).
import wasm from 'ebm-wasm/ebm.wasm?module';
import { setWasmPath } from 'ebm-wasm';
import { handle } from '../handler.js';

setWasmPath(wasm);

export const config = { runtime: 'edge' };

export default function ebm(request) {
  return handle(request);
}
