// Cloudflare Worker entry (wrangler.toml's `main`): the shared handler as a module worker.
import { handle } from '../handler.js';

export default { fetch: (request) => handle(request) };
