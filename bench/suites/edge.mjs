// Suite "edge": the edge example (examples/edge: a 2→128→128→1 MLPEnergy behind
// one handler) as deployed, in workerd (miniflare) and in Vercel's edge-runtime
// (the edge-light condition), against Node calling the library directly, all
// measured in this one process (the runtimes are started from here):
//  - cold start: a fresh runtime each repetition; "instantiate + first answer" is
//    the first POST's round trip (init(): instantiate the compiled ebm.wasm, load
//    the models from base64, answer one row), plus for edge-runtime the bundle's
//    evaluation, in a fresh Node process each time (VMs of one process share a V8
//    isolate and its caches); Node's is a fresh `node` process importing the
//    handler and answering once, timed inside it. workerd's process start (spawn + compiling
//    the modules) is reported beside it, not in it.
//  - time per request (warm isolate): op 'energy' on 1, 64 and 1024 rows, the
//    round trip of a POST with JSON in and out (miniflare reaches workerd over
//    a loopback HTTP connection; edge-runtime's dispatchFetch stays in-process).
//    The baseline is `mlp.energy(rows)` called directly in Node on the same rows.
// Medians throughout; runtimes interleave by round, so load changes hit all alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/measure.mjs';
import { bundleEdge, bundleWorker, EXAMPLE, post, startEdge, startNode, startWorkerd } from '../../test/runtimes/edge-runtimes.mjs';

export const SIZES = [1, 64, 1024];

/** Times `fn` (async) over calls until `budgetMs` is spent (at least `min` calls); returns each call's ms. */
async function timeCalls(fn, budgetMs, min = 10) {
  const ms = [];
  const end = performance.now() + budgetMs;
  while (ms.length < min || performance.now() < end) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
    if (ms.length >= 5000) break;
  }
  return ms;
}

function rows(sdk, n) {
  const z = sdk.random.normal(2 * n, { seed: 100 + n });
  return Array.from({ length: n }, (_, i) => [2 * z[2 * i], 2 * z[2 * i + 1]]);
}

/** A fresh Node process: import the handler, answer one request; its own clock. */
function nodeColdOnce() {
  const script = `
    const t0 = performance.now();
    const { handle } = await import(${JSON.stringify(pathToFileURL(join(EXAMPLE, 'handler.js')).href)});
    const t1 = performance.now();
    const res = await handle(new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ op: 'energy', rows: [[0.5, 0.5]] }) }));
    if (res.status !== 200) throw new Error(await res.text());
    await res.text();
    console.log(JSON.stringify({ importMs: t1 - t0, firstMs: performance.now() - t1 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`node cold start failed: ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/**
 * A fresh Node process running a fresh edge-runtime VM: in one process every VM shares one V8
 * isolate, whose caches (compiled WebAssembly, JIT) would make every start after the first warm.
 */
function edgeColdOnce(dir) {
  const script = `
    const { startEdge, post } = await import(${JSON.stringify(pathToFileURL(join(EXAMPLE, '..', '..', 'test', 'runtimes', 'edge-runtimes.mjs')).href)});
    await import('edge-runtime');
    const timings = {};
    const e = await startEdge(${JSON.stringify(dir)}, timings);
    const one = post({ op: 'energy', rows: [[0.5, 0.5]] });
    let t = performance.now();
    const a = await e.fetch(one);
    const firstMs = performance.now() - t;
    t = performance.now();
    const b = await e.fetch(one);
    const warmMs = performance.now() - t;
    if (a.isolate !== 'cold' || b.isolate !== 'warm' || a.status !== 200) throw new Error('edge-runtime: ' + a.status + ' ' + a.isolate + ', ' + b.isolate);
    console.log(JSON.stringify({ compileMs: timings.compile, evaluateMs: timings.evaluate, firstMs, warmMs }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(EXAMPLE, '..', '..'), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`edge-runtime cold start failed: ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function runEdge({ rounds = 5, maxTime = 5, quick = false } = {}) {
  const load = { start: os.loadavg() };
  const sdk = await import(new URL('../../dist/index.node.js', import.meta.url).href);
  await sdk.init();
  const { MLP } = await import(pathToFileURL(join(EXAMPLE, 'model', 'models.js')).href);
  const mlp = sdk.load(Buffer.from(MLP, 'base64'), sdk.MLPEnergy);
  const dir = mkdtempSync(join(os.tmpdir(), 'ebm-edge-bench-'));
  const coldReps = quick ? 3 : 7;
  const one = post({ op: 'energy', rows: [[0.5, 0.5]] });
  try {
    await bundleWorker(dir);
    await bundleEdge(dir);

    // ---- cold starts ------------------------------------------------------
    const cold = { workerd: { startMs: [], firstMs: [], warmMs: [] }, 'edge-light': { compileMs: [], evaluateMs: [], firstMs: [], warmMs: [] }, node: { importMs: [], firstMs: [] } };
    for (let i = 0; i < coldReps; i++) {
      let t = performance.now();
      const w = await startWorkerd(dir);
      try {
        cold.workerd.startMs.push(performance.now() - t);
        t = performance.now();
        const a = await w.fetch(one);
        cold.workerd.firstMs.push(performance.now() - t);
        t = performance.now();
        const b = await w.fetch(one);
        cold.workerd.warmMs.push(performance.now() - t);
        if (a.isolate !== 'cold' || b.isolate !== 'warm' || a.status !== 200) throw new Error(`workerd: ${a.status} ${a.isolate}, ${b.isolate}`);
      } finally {
        await w.dispose();
      }
      const e = edgeColdOnce(dir);
      for (const k of Object.keys(cold['edge-light'])) cold['edge-light'][k].push(e[k]);
      const n = nodeColdOnce();
      cold.node.importMs.push(n.importMs);
      cold.node.firstMs.push(n.firstMs);
    }

    // ---- warm requests ----------------------------------------------------
    const workerd = await startWorkerd(dir);
    const edge = await startEdge(dir);
    const node = await startNode();
    const contenders = {
      'node: mlp.energy(rows) (baseline)': (r) => () => mlp.energy(r),
      'node: the handler, in-process': (r) => () => node.fetch(post({ op: 'energy', rows: r })),
      'edge-light (edge-runtime)': (r) => () => edge.fetch(post({ op: 'energy', rows: r })),
      'workerd (miniflare)': (r) => () => workerd.fetch(post({ op: 'energy', rows: r })),
    };
    const samples = {};
    const floor = {};
    try {
      const data = Object.fromEntries(SIZES.map((n) => [n, rows(sdk, n)]));
      // warm every path first (JIT, the isolates' init)
      for (const [name, make] of Object.entries(contenders)) for (const n of SIZES) for (let k = 0; k < 5; k++) await make(data[n])();
      const budget = (1000 * maxTime) / (rounds * SIZES.length * Object.keys(contenders).length);
      for (let round = 0; round < rounds; round++) {
        for (const n of SIZES) {
          for (const [name, make] of Object.entries(contenders)) {
            (samples[name] ??= {})[n] ??= [];
            samples[name][n].push(...(await timeCalls(make(data[n]), budget)));
          }
        }
      }
      // the floor of a round trip: a POST answered 400 after reading its body (no WASM)
      for (const rt of [node, edge, workerd]) floor[rt.name] = median(await timeCalls(() => rt.fetch(post('[]')), 5 * budget, 20));
    } finally {
      await workerd.dispose();
    }
    load.end = os.loadavg();
    const med = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, median(v)]));
    const requests = Object.entries(samples).map(([name, byN]) => ({
      contender: name,
      ms: Object.fromEntries(SIZES.map((n) => [n, median(byN[n])])),
      calls: Object.fromEntries(SIZES.map((n) => [n, byN[n].length])),
    }));
    const base = requests[0].ms;
    for (const r of requests) r.vsBaseline = Object.fromEntries(SIZES.map((n) => [n, r.ms[n] / base[n]]));
    return {
      load,
      coldReps,
      cold: Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, { median: med(v), samples: v }])),
      requests,
      floorMs: floor,
      notes: [
        'cold "first" = the first POST on a fresh runtime: init() (instantiate the compiled module), both models loaded from base64, one row answered',
        "workerd's start (miniflare spawning workerd and compiling the bundle's modules) and edge-runtime's compile of ebm.wasm are deploy/boot work, shown apart",
        'per-request times are POST round trips with JSON both ways; miniflare adds a loopback HTTP hop to workerd',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    mlp.dispose();
  }
}

const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

export function printEdge(r) {
  const c = r.cold;
  console.log(`\nEdge inference (examples/edge, 2→128→128→1 MLPEnergy): load average ${r.load.start.map((x) => x.toFixed(2)).join(' ')} at start, ${r.load.end.map((x) => x.toFixed(2)).join(' ')} at end`);
  console.log(`cold start, median of ${r.coldReps} fresh runtimes (ms):`);
  console.log(`  workerd     instantiate + first answer ${f(c.workerd.median.firstMs)}   (then warm ${f(c.workerd.median.warmMs)}; workerd process start ${f(c.workerd.median.startMs)}, apart)`);
  console.log(`  edge-light  (a fresh process and VM each) evaluate bundle ${f(c['edge-light'].median.evaluateMs)} + instantiate + first answer ${f(c['edge-light'].median.firstMs)} = ${f(c['edge-light'].median.evaluateMs + c['edge-light'].median.firstMs)}   (then warm ${f(c['edge-light'].median.warmMs)}; host compile of ebm.wasm ${f(c['edge-light'].median.compileMs)}, apart)`);
  console.log(`  node        import handler ${f(c.node.median.importMs)} + instantiate + first answer ${f(c.node.median.firstMs)} = ${f(c.node.median.importMs + c.node.median.firstMs)}   (a fresh process each)`);
  console.log('time per request, op energy, warm (ms, median; × = vs Node calling mlp.energy directly):');
  console.log(`  ${'contender'.padEnd(36)} ${SIZES.map((n) => `${n} row${n > 1 ? 's' : ''}`.padStart(18)).join('')}`);
  for (const q of r.requests) {
    console.log(`  ${q.contender.padEnd(36)} ${SIZES.map((n) => `${f(q.ms[n])} (${f(q.vsBaseline[n])}×)`.padStart(18)).join('')}`);
  }
  console.log(`round-trip floor (POST '[]' → 400, no WASM): ${Object.entries(r.floorMs).map(([k, v]) => `${k} ${f(v)} ms`).join(', ')}`);
  for (const n of r.notes) console.log(`note: ${n}`);
}
