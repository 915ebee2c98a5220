// Loading: errors before init, bad wasm sources, init idempotence, and WASM
// aborts and traps mapped to typed errors with the runtime still usable.
// This file imports the SDK fresh (vitest isolates files), so it starts uninitialized.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { RELEASE_WASM } from './helpers.js';
import { EbmError, KMeansEBM, init, isInitialized, random } from '../sdk/index.node.js';
import { E_BAD_ARGUMENT, E_OUT_OF_MEMORY } from '../sdk/runtime/abi.js';
import { kernels } from '../sdk/runtime/core.js';

const bytes = readFileSync(RELEASE_WASM);

async function rejection(p: Promise<unknown>): Promise<EbmError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(EbmError);
  return e as EbmError;
}

let server: Server | null = null;
async function serve(): Promise<string> {
  server = createServer((req, res) => {
    if (req.url === '/ebm.wasm') {
      res.writeHead(200, { 'Content-Type': 'application/wasm' });
      res.end(bytes);
    } else if (req.url === '/html-200.wasm') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>index</body></html>');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Not Found</body></html>');
    }
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}
afterAll(() => server?.close());

describe('before init', () => {
  it('models, random draws and kernels throw NOT_INITIALIZED with the fix in the message', () => {
    expect(isInitialized()).toBe(false);
    for (const fn of [() => new KMeansEBM({ k: 2 }), () => random.uniform(3), () => kernels('x')]) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EbmError);
      expect((err as EbmError).code).toBe('NOT_INITIALIZED');
      expect((err as EbmError).message).toMatch(/call `await init\(\)` once/);
    }
  });
});

describe('init sources and errors', () => {
  it('says which URL failed and what to serve (404 page, HTML with 200, bytes that are not wasm)', async () => {
    const base = await serve();
    const e404 = await rejection(init({ wasm: `${base}/missing.wasm` }));
    expect(e404.code).toBe('WASM_LOAD');
    expect(e404.message).toContain(`${base}/missing.wasm`);
    expect(e404.message).toMatch(/HTTP 404/);
    expect(e404.message).toMatch(/Content-Type application\/wasm/);
    const eHtml = await rejection(init({ wasm: new URL(`${base}/html-200.wasm`) }));
    expect(eHtml.code).toBe('WASM_LOAD');
    expect(eHtml.message).toContain(`${base}/html-200.wasm`);
    expect(eHtml.message).toMatch(/is not WebAssembly .*"<!DOCTYPE html>/);
    const eBytes = await rejection(init({ wasm: new TextEncoder().encode('hello') }));
    expect(eBytes.message).toMatch(/the data given to init\(\{ wasm \}\) is not WebAssembly \(5 bytes/);
    const eRes = await rejection(init({ wasm: fetch(`${base}/missing.wasm`) }));
    expect(eRes.message).toContain('/missing.wasm');
    expect(isInitialized()).toBe(false);
  });

  it('loads from a Response and is idempotent: one shared promise', async () => {
    const base = await serve();
    const a = init({ wasm: fetch(`${base}/ebm.wasm`) });
    const b = init();
    expect(b).toBe(a);
    await a;
    expect(isInitialized()).toBe(true);
    expect(init({ wasm: new Uint8Array([1, 2, 3]) })).toBe(a); // later options are ignored once loading started
  });
});

describe('WASM aborts and traps', () => {
  it('map an abort to EbmError with its code, and the runtime stays usable', async () => {
    await init();
    const K = kernels();
    const rng = K.alloc(32);
    let err: unknown;
    try {
      K.kmeansPlusPlus(K.alloc(16), K.alloc(16), 1, 1, 1, 0, rng); // trials = 0 is out of range
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EbmError);
    expect((err as EbmError).code).toBe('WASM_ABORT');
    expect((err as EbmError).message).toMatch(/ebm\.wasm aborted: argument out of range \(code 2, detail 1\)/);
    expect((err as EbmError & { wasmCode: number }).wasmCode).toBe(E_BAD_ARGUMENT);
    expect(K.errorCode()).toBe(0); // cleared after being reported
    let oom: unknown;
    try {
      K.alloc(2 ** 31);
    } catch (e) {
      oom = e;
    }
    expect((oom as EbmError).code).toBe('OUT_OF_MEMORY');
    expect((oom as EbmError & { wasmCode: number }).wasmCode).toBe(E_OUT_OF_MEMORY); // the one code that maps to OUT_OF_MEMORY
    const m = await new KMeansEBM({ k: 2 }).fit([[0, 0], [1, 1], [9, 9]]);
    expect(m.infer([[8, 8]])[0]).toBe(m.infer([[9, 9]])[0]);
  });

  it('map a trap (out-of-bounds access) to EbmError WASM_TRAP, and the runtime stays usable', async () => {
    await init();
    const K = kernels();
    let err: unknown;
    try {
      K.dot(0x7ffffff0, 0x7ffffff0, 64);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EbmError);
    expect((err as EbmError).code).toBe('WASM_TRAP');
    expect((err as EbmError).message).toMatch(/trapped in dot: .*out of bounds/);
    expect(random.uniform(4, { seed: 1 }).length).toBe(4);
  });
});
