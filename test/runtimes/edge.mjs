// edge suite: the edge example (examples/edge) as it is deployed, answering real
// POST requests in workerd (miniflare) and in the edge-light condition of Vercel's
// edge-runtime, plus the same handler module in Node. Every answer must equal,
// byte for byte (SHA-256 of the f32 values), what the library computes in this
// Node process on the same rows with the same model files; bad requests must get
// the documented status and, for bad numbers, the library's own message.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, Suite } from './harness.mjs';
import { bundleEdge, bundleWorker, post, startEdge, startNode, startWorkerd } from './edge-runtimes.mjs';

const suite = new Suite('edge');
const ebm = await import('ebm-wasm');
const { GMM, INFO, MLP } = await import('../../examples/edge/model/models.js');
await ebm.init();

const sha = (b) => createHash('sha256').update(b).digest('hex');
// NaN is compared as NaN: JSON can say "NaN" but not its sign or payload bits (everything else is bit-exact)
const f32hash = (values) => sha(new Uint8Array(Float32Array.from(values, (v) => (Number.isNaN(v) ? NaN : v)).buffer));
const flat = (x) => (Array.isArray(x) ? x.flat(Infinity) : []);

// ---- what the library says in Node ------------------------------------------
const mlpBytes = Buffer.from(MLP, 'base64');
const gmmBytes = Buffer.from(GMM, 'base64');
const mlp = ebm.load(mlpBytes, ebm.MLPEnergy);
const gmm = ebm.load(gmmBytes, ebm.GaussianMixtureEBM);

await suite.check('the committed models are what model/models.js says (sha256) and a 2→128→128→1 MLP', () => {
  if (sha(mlpBytes) !== INFO.mlp.sha256 || sha(gmmBytes) !== INFO.gmm.sha256) throw new Error('models.js bytes differ from their recorded sha256: re-run node examples/edge/train.mjs');
  const shape = `${mlp.inputDim}→${mlp.hidden?.join?.('→') ?? '?'}→1`;
  // 2·128+128 + 128·128+128 + 128+1 parameters
  if (mlp.numParams !== 17025 || mlp.inputDim !== 2) throw new Error(`the MLP has ${mlp.numParams} parameters, inputDim ${mlp.inputDim} (${shape})`);
  return `MLP ${mlpBytes.length} B, GMM ${gmmBytes.length} B`;
});

await suite.check("README 'At the edge': the curl example's answer is what the handler answers", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /-d '(\{"op":[^']*\})'[^\n]*\n# (\{[^\n]*?\}):/.exec(readme.slice(readme.indexOf('## At the edge')));
  if (!m) throw new Error("README.md's 'At the edge' no longer has a curl -d '{…}' line followed by '# {answer}:'");
  // its own instance of the module (own `ready`), so the node-handler runtime below still starts cold
  const { handle } = await import('../../examples/edge/handler.js?readme');
  const got = await (await handle(new Request('http://localhost/api/ebm', post(m[1])))).text();
  if (got !== m[2]) throw new Error(`the README says ${m[2]}, the handler answers ${got}`);
  return got;
});

// request rows: fixed seeds, printed in every check name
const SEEDS = { 1: 11, 64: 12, 1024: 13 };
const rowsOf = (n) => {
  const z = ebm.random.normal(2 * n, { seed: SEEDS[n] });
  return Array.from({ length: n }, (_, i) => [2 * z[2 * i], 2 * z[2 * i + 1]]);
};

async function descend(rows, steps, stepSize) {
  const s = ebm.samplers.langevin(mlp, { chains: rows.length, init: rows, stepSize, noiseScale: 0 });
  const r = await s.run({ warmup: steps - 1, draws: 1 });
  s.dispose();
  return r.samples.data;
}
async function sample(rows, { steps, stepSize, seed, beta }) {
  const s = ebm.samplers.mala(mlp, { chains: rows.length, init: rows, stepSize, seed, beta });
  const r = await s.run({ warmup: steps - 1, draws: 1 });
  s.dispose();
  return [r.samples.data, r.acceptRate];
}

/** [name, request body, expected f32 hash per field] */
const cases = [];
for (const n of [1, 64, 1024]) {
  const rows = rowsOf(n);
  const tag = `${n} row${n > 1 ? 's' : ''}, seed ${SEEDS[n]}`;
  cases.push([`energy, ${tag}`, { op: 'energy', rows }, { energy: f32hash(mlp.energy(rows)) }]);
  cases.push([`freeEnergy β=1, ${tag}`, { op: 'freeEnergy', rows }, { freeEnergy: f32hash(gmm.freeEnergy(rows, { beta: 1 })) }]);
  if (n <= 64) {
    cases.push([`freeEnergy β=0.25, ${tag}`, { op: 'freeEnergy', rows, beta: 0.25 }, { freeEnergy: f32hash(gmm.freeEnergy(rows, { beta: 0.25 })) }]);
    cases.push([`freeEnergy β=Infinity, ${tag}`, { op: 'freeEnergy', rows, beta: 'Infinity' }, { freeEnergy: f32hash(gmm.freeEnergy(rows, { beta: Infinity })) }]);
    const minima = await descend(rows, 200, 0.01);
    cases.push([`predict, ${tag}`, { op: 'predict', rows }, { minima: f32hash(minima), energy: f32hash(mlp.energy({ rows: n, cols: 2, data: minima })) }]);
    const [draws, accept] = await sample(rows, { steps: 50, stepSize: 0.01, seed: 5, beta: 1 });
    cases.push([`sample (MALA 50 steps, seed 5), ${tag}`, { op: 'sample', rows, steps: 50, stepSize: 0.01, seed: 5 }, { samples: f32hash(draws), acceptRate: f32hash(accept) }]);
  }
}

// rows far out: +∞ free energies and an MLP energy that overflows travel as the strings JSON allows
const FAR = [[1e19, 1e19], [-3e38, 3e38], [0, 0], [1e4, -1e4]];
cases.push(['energy, rows far out (overflow)', { op: 'energy', rows: FAR }, { energy: f32hash(mlp.energy(FAR)) }]);
cases.push(['freeEnergy β=1, rows far out (+∞)', { op: 'freeEnergy', rows: FAR }, { freeEnergy: f32hash(gmm.freeEnergy(FAR, { beta: 1 })) }]);
if (!gmm.freeEnergy(FAR, { beta: 1 }).includes(Infinity)) throw new Error('the far rows no longer give an infinite free energy: pick farther ones');

// the library's own messages for bad numbers, from this process
const message = (fn) => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ebm.EbmError)) throw e;
    return { code: e.code, error: e.message };
  }
  throw new Error('the library accepted a bad input');
};
const BAD = [
  ['rows with 3 columns', { op: 'energy', rows: [[0, 1, 2]] }, 400, message(() => mlp.energy([[0, 1, 2]]))],
  ['a row holding a string', { op: 'energy', rows: [[0, 'x']] }, 400, message(() => mlp.energy([[0, 'x']]))],
  ['no rows', { op: 'energy' }, 400, message(() => mlp.energy(undefined))],
  ['ragged rows', { op: 'freeEnergy', rows: [[0, 1], [2]] }, 400, message(() => gmm.freeEnergy([[0, 1], [2]], { beta: 1 }))],
  ['beta ≤ 0', { op: 'freeEnergy', rows: [[0, 1]], beta: -1 }, 400, message(() => gmm.freeEnergy([[0, 1]], { beta: -1 }))],
  ['predict without rows', { op: 'predict' }, 400, message(() => mlp.energy(undefined))],
  ['sample with rows as an object', { op: 'sample', rows: { rows: 1, cols: 2, data: [0, 0] } }, 400, message(() => mlp.energy({ rows: 1, cols: 2, data: [0, 0] }))],
  ['sample from zero rows', { op: 'sample', rows: [] }, 400, message(() => ebm.samplers.mala(mlp, { chains: 0, init: [], stepSize: 0.01, seed: 0, beta: 1 }))],
  ['an unknown op', { op: 'train', rows: [[0, 1]] }, 400, { code: 'BAD_REQUEST', error: "op must be one of energy, freeEnergy, predict, sample, got \"train\"" }],
  ['an op named like an Object method, with an option', { op: 'toString', rows: [[0, 1]], steps: 1 }, 400, { code: 'BAD_REQUEST', error: "op must be one of energy, freeEnergy, predict, sample, got \"toString\"" }],
  ['an unknown option', { op: 'energy', rows: [[0, 1]], beta: 2 }, 400, { code: 'BAD_REQUEST', error: "op 'energy' takes rows; unknown: beta" }],
  ['too many rows', { op: 'energy', rows: Array.from({ length: 4097 }, () => [0, 0]) }, 400, { code: 'BAD_REQUEST', error: 'rows: at most 4096 rows per request, got 4097' }],
  ['steps out of range', { op: 'predict', rows: [[0, 1]], steps: 0 }, 400, { code: 'BAD_REQUEST', error: 'steps must be an integer in [1, 2000], got 0' }],
  ['more work than an edge function should do', { op: 'sample', rows: Array.from({ length: 1024 }, () => [0, 0]), steps: 257 }, 400, { code: 'BAD_REQUEST', error: 'rows × steps must be at most 262144, got 1024 × 257' }],
  ['a step size of 0', { op: 'sample', rows: [[0, 1]], stepSize: 0 }, 400, { code: 'BAD_REQUEST', error: 'stepSize must be a number in (0, 1], got 0' }],
  ['a body that is not JSON', '{ op: energy', 400, { code: 'BAD_REQUEST', startsWith: 'the body must be JSON: ' }],
  ['a JSON array', '[1, 2]', 400, { code: 'BAD_REQUEST', error: 'the body must be a JSON object { op, rows, … }' }],
];

async function exercise(rt) {
  // the first request starts init() and says so; later ones find it done (one init per isolate)
  const first = await rt.fetch(post(cases[0][1]));
  const again = await rt.fetch(post(cases[0][1]));
  await suite.check(`${rt.name}: the first request is the isolate's cold start, the next one is warm`, () => {
    if (first.status !== 200 || first.isolate !== 'cold' || again.isolate !== 'warm') throw new Error(`got ${first.status} ${first.isolate}, then ${again.status} ${again.isolate}`);
  });
  for (const [name, body, want] of cases) {
    await suite.check(`${rt.name}: ${name} — same f32 bytes as the library in Node`, async () => {
      const r = await rt.fetch(post(body));
      if (r.status !== 200) throw new Error(`status ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      const rows = body.rows.length;
      for (const [field, hash] of Object.entries(want)) {
        const values = flat(r.body[field]);
        const per = field === 'minima' || field === 'samples' ? 2 : 1; // values per row
        if (values.length !== rows * per) throw new Error(`${field} has ${values.length} numbers for ${rows} rows`);
        // a finite f32 as a JSON number; ±∞ and NaN as the strings "Infinity", "-Infinity", "NaN"
        const bad = values.find((v) => (typeof v === 'string' ? !['Infinity', '-Infinity', 'NaN'].includes(v) : typeof v !== 'number' || Math.fround(v) !== v));
        if (bad !== undefined) throw new Error(`${field} holds ${JSON.stringify(bad)}, not an f32`);
        const got = f32hash(values.map(Number));
        if (got !== hash) throw new Error(`${field}: hash ${got.slice(0, 16)}… ≠ Node's ${hash.slice(0, 16)}…`);
      }
    });
  }
  // an isolate serves concurrent requests: samplers yield between chunks, and no answer may change
  await suite.check(`${rt.name}: all the cases at once (concurrent requests in one isolate) — the same bytes`, async () => {
    const replies = await Promise.all(cases.map(([, body]) => rt.fetch(post(body))));
    replies.forEach((r, i) => {
      const [name, , want] = cases[i];
      for (const [field, hash] of Object.entries(want)) {
        if (r.status !== 200 || f32hash(flat(r.body[field]).map(Number)) !== hash) throw new Error(`${name}: ${field} differs (status ${r.status})`);
      }
    });
    return `${replies.length} requests`;
  });
  for (const method of ['GET', 'PUT']) {
    await suite.check(`${rt.name}: ${method} → 405 with Allow: POST`, async () => {
      const r = await rt.fetch({ method, ...(method === 'PUT' ? { body: '{}' } : {}) });
      if (r.status !== 405 || r.allow !== 'POST' || r.body.error !== `use POST with a JSON body, not ${method}`) throw new Error(JSON.stringify(r));
    });
  }
  for (const [name, body, status, want] of BAD) {
    await suite.check(`${rt.name}: ${name} → ${status}${want.code === 'BAD_REQUEST' ? '' : ` with the library's ${want.code} message`}`, async () => {
      const r = await rt.fetch(post(body));
      const okMessage = want.startsWith ? r.body.error?.startsWith(want.startsWith) : r.body.error === want.error;
      if (r.status !== status || r.body.code !== want.code || !okMessage) throw new Error(`got ${r.status} ${JSON.stringify(r.body)}, want ${status} ${JSON.stringify(want)}`);
      return r.body.error.slice(0, 90);
    });
  }
  // a bad request must leave the isolate answering as before
  await suite.check(`${rt.name}: after the bad requests, the same answer as at first`, async () => {
    const r = await rt.fetch(post(cases[0][1]));
    if (r.status !== 200 || f32hash(r.body.energy) !== cases[0][2].energy) throw new Error(JSON.stringify(r.body).slice(0, 300));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ebm-edge-'));
try {
  const runtimes = [
    ['node: the handler module called in-process (dist/index.node.js)', () => startNode()],
    ["workerd: wrangler.toml's main bundled as wrangler does (conditions workerd, worker, browser), in miniflare at its compatibility_date", async () => {
      const inputs = await bundleWorker(dir);
      suite.note(`worker bundle took ${inputs.filter((p) => p.includes('dist/')).length} dist modules, examples/edge/model/models.js included: ${inputs.some((p) => p.endsWith('model/models.js'))}`);
      return startWorkerd(dir);
    }],
    ['edge-light: api/ebm.js bundled with the edge-light condition, in edge-runtime', async () => {
      await bundleEdge(dir, 'edge-light');
      return startEdge(dir, {}, 'edge-light');
    }],
    ["vercel-dev: api/ebm.js bundled as `vercel dev` does (platform browser, no edge-light, CommonJS), in edge-runtime", async () => {
      await bundleEdge(dir, 'vercel-dev');
      return startEdge(dir, {}, 'vercel-dev');
    }],
  ];
  for (const [label, start] of runtimes) {
    let rt;
    await suite.check(`${label}: starts`, async () => {
      rt = await start();
    });
    if (!rt) continue;
    try {
      await exercise(rt);
      if (rt.compiledFromBytes) {
        await suite.check(`${rt.name}: nothing was compiled from bytes inside the function`, () => {
          const n = rt.compiledFromBytes();
          if (n !== 0) throw new Error(`${n} attempt(s) to compile WebAssembly from bytes`);
        });
      }
    } finally {
      await rt.dispose();
    }
  }
} catch (e) {
  await suite.check('suite setup', () => {
    throw e;
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
suite.finish();
