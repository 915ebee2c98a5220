// The workerd suite's worker (run by workerd.mjs through miniflare). The
// guard goes first: it wraps WebAssembly before dist/ is evaluated.
import { counts, calls, hooked } from './worker-guard.js';
import * as api from '../../dist/index.workerd.js';
import { scenario } from './scenario.js';

// the smallest valid module: "\0asm", version 1
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

async function attempt(fn) {
  try {
    await fn();
    return { threw: false };
  } catch (e) {
    return { threw: true, error: `${e && e.name}: ${e && e.message}` };
  }
}

async function run() {
  const checks = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      if (detail === false) throw new Error('returned false');
      checks.push({ name, ok: true, detail: typeof detail === 'string' ? detail : undefined });
    } catch (e) {
      checks.push({ name, ok: false, detail: String((e && e.stack) || e) });
    }
  };

  await check('the guard wrapped compile, instantiate and Module before dist/ loaded', () =>
    hooked.compile && hooked.instantiate && hooked.Module ? JSON.stringify(hooked) : false,
  );
  await check('new KMeansEBM({ k: 2 }) before init throws NOT_INITIALIZED', () => {
    try {
      new api.KMeansEBM({ k: 2 });
    } catch (e) {
      if (!(e instanceof api.EbmError) || e.code !== 'NOT_INITIALIZED' || !e.message.includes('await init()')) throw e;
      return e.message;
    }
    throw new Error('no throw');
  });

  let result = null;
  await check('init() (static CompiledWasm import) and the scenario', async () => {
    await api.init();
    result = await scenario(api);
    // workerd has no workers: the scenario's parallel part ran on the calling thread, with the same bytes
    if (result.summary.workers !== 0) throw new Error(`the scenario's pool had ${result.summary.workers} workers, expected 0 in workerd`);
    return `lloyd inertia ${result.summary.lloyd.inertia}, no workers (calling thread)`;
  });
  const after = { ...counts };
  await check('nothing was compiled from bytes (compile, instantiate(bytes), new Module, *Streaming all 0)', () => {
    const n = after.compileFromBytes + after.instantiateFromBytes + after.moduleConstructor + after.streaming;
    if (n !== 0) throw new Error(`${n} compile-from-bytes calls: ${JSON.stringify(after)}; ${calls.join(' ;; ')}`);
    return JSON.stringify(after);
  });
  await check('the hooks saw the SDK instantiate the ready Module (so they were live)', () => after.instantiateModule >= 1);

  // Evidence that the check is meaningful: (1) the counters count: calling the
  // wrapped globals with bytes moves them; (2) workerd itself refuses code
  // generation from bytes, so a bytes path would fail here, not just be counted.
  const before = { ...counts };
  const refusal = {
    compile: await attempt(() => WebAssembly.compile(EMPTY_WASM)),
    instantiate: await attempt(() => WebAssembly.instantiate(EMPTY_WASM, {})),
    Module: await attempt(() => new WebAssembly.Module(EMPTY_WASM)),
    compileStreaming: hooked.compileStreaming
      ? await attempt(() => WebAssembly.compileStreaming(new Response(EMPTY_WASM, { headers: { 'Content-Type': 'application/wasm' } })))
      : null,
  };
  await check('negative control: the wrapped globals count a compile from bytes', () => {
    const moved =
      counts.compileFromBytes === before.compileFromBytes + 1 &&
      counts.instantiateFromBytes === before.instantiateFromBytes + 1 &&
      counts.moduleConstructor === before.moduleConstructor + 1;
    if (!moved) throw new Error(`counters did not move: ${JSON.stringify(before)} -> ${JSON.stringify(counts)}`);
    return JSON.stringify(counts);
  });
  await check('workerd refuses WebAssembly.compile / instantiate / new Module from bytes', () => {
    const bad = Object.entries(refusal).filter(([, v]) => v && !v.threw);
    if (bad.length) throw new Error(`allowed: ${bad.map(([k]) => k).join(', ')}`);
    return `${refusal.compile.error} | ${refusal.instantiate.error} | ${refusal.Module.error}`;
  });
  return { ok: checks.every((c) => c.ok), checks, hash: result?.hash ?? null, summary: result?.summary ?? null, counts: after, refusal };
}

export default {
  async fetch() {
    try {
      return Response.json(await run());
    } catch (e) {
      return Response.json({ ok: false, checks: [{ name: 'worker', ok: false, detail: String((e && e.stack) || e) }] }, { status: 500 });
    }
  },
};
