// A tiny static server on 127.0.0.1 (random port) for the browser suite and
// the Node fetch checks. It serves only what the tests need:
//   /                 pages/scenario.html        /errors.html  pages/errors.html
//   /polite.html      pages/polite.html (long work while long tasks and a timer are watched)
//   /scenario.js      test/runtimes/scenario.js
//   /dist/*           dist/* (ebm.wasm as application/wasm)
//   /nowasm/*         dist/* but ebm.wasm answers 404 with an HTML page (a bundler that did not emit it)
//   /spa/*            dist/* but ebm.wasm answers 200 with an HTML page (an SPA fallback route)
//   /octet/*          dist/* with ebm.wasm as application/octet-stream (no streaming compile)
//   /missing.wasm     404 HTML page;  /html200.wasm  200 HTML page
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { ROOT } from './harness.mjs';

const DIST = join(ROOT, 'dist');
const PAGES = join(ROOT, 'test', 'runtimes', 'pages');

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain',
};

const NOT_FOUND_HTML = '<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n';
const SPA_HTML = '<!doctype html><html><head><title>My app</title></head><body><div id="root"></div></body></html>\n';

function typeOf(path) {
  const m = /\.[a-z0-9]+$/i.exec(path);
  return (m && TYPES[m[0]]) || 'application/octet-stream';
}

/** A file under `dir`, or null if the path escapes it. */
function inside(dir, rel) {
  const p = normalize(join(dir, rel));
  return p.startsWith(dir + sep) ? p : null;
}

export async function startServer() {
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    log.push(path);
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const sendFile = async (file, type = typeOf(file)) => {
      try {
        send(200, type, await readFile(file));
      } catch {
        send(404, TYPES['.html'], NOT_FOUND_HTML);
      }
    };
    if (path === '/' || path === '/scenario.html') return sendFile(join(PAGES, 'scenario.html'));
    if (path === '/errors.html') return sendFile(join(PAGES, 'errors.html'));
    if (path === '/polite.html') return sendFile(join(PAGES, 'polite.html'));
    if (path === '/scenario.js') return sendFile(join(ROOT, 'test', 'runtimes', 'scenario.js'));
    if (path === '/missing.wasm') return send(404, TYPES['.html'], NOT_FOUND_HTML);
    if (path === '/html200.wasm') return send(200, TYPES['.html'], SPA_HTML);
    const m = /^\/(dist|nowasm|spa|octet)\/(.+)$/.exec(path);
    if (m) {
      const [, prefix, rel] = m;
      const file = inside(DIST, rel);
      if (!file) return send(404, TYPES['.html'], NOT_FOUND_HTML);
      if (rel === 'ebm.wasm') {
        if (prefix === 'nowasm') return send(404, TYPES['.html'], NOT_FOUND_HTML);
        if (prefix === 'spa') return send(200, TYPES['.html'], SPA_HTML);
        if (prefix === 'octet') return sendFile(file, 'application/octet-stream');
      }
      return sendFile(file);
    }
    if (path === '/favicon.ico') return send(204, 'text/plain', '');
    return send(404, TYPES['.html'], NOT_FOUND_HTML);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
