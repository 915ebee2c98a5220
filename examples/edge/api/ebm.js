// Vercel Edge Function at /api/ebm: the shared handler. Vercel bundles it with the
// `edge-light` condition, so 'ebm-wasm' is the entry whose ebm.wasm?module import
// Vercel compiles at deploy time.
import { handle } from '../handler.js';

export const config = { runtime: 'edge' };

export default function ebm(request) {
  return handle(request);
}
