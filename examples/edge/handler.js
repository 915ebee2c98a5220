// The one request handler shared by the Cloudflare Worker (src/worker.js) and
// the Vercel Edge Function (api/ebm.js): `handle(request) → Response`, nothing
// runtime-specific. 'ebm-wasm' resolves to the package's workerd or edge-light
// entry, which imports ebm.wasm statically (both runtimes refuse to compile
// WebAssembly from bytes; under `vercel dev`, the browser entry, given the module
// by api/ebm.js); the models travel inside ./model/models.js.
//
// POST JSON { op, rows: number[][], ...options } →
//   energy      { energy: number[] }                    F(y) of the 2→128→128→1 MLP energy
//   freeEnergy  { freeEnergy: number[] }                F_β(y) of the 8-component Gaussian mixture
//                                                       (beta default 1: −log p(y); "Infinity" = F∞)
//   predict     { minima: number[][], energy: number[] } the minimum of F that gradient descent
//                                                       from each row reaches (its basin's bottom)
//   sample      { samples: number[][], acceptRate }     MALA chains on p ∝ exp(−β·F) started at the rows
// f32 results as JSON numbers (±∞ and NaN as strings). Bad input → 400 { error, code }
// with the library's message; other methods → 405.
import { init, load, EbmError, GaussianMixtureEBM, MLPEnergy, samplers } from 'ebm-wasm';
import { GMM, MLP } from './model/models.js';

/**
 * Per-request limits: an edge function has a CPU budget of milliseconds to seconds. A descent
 * or MALA step costs about one forward and backward pass per row (~0.1 MFLOP here), so
 * rows × steps ≤ 2^18 keeps predict and sample to a few seconds of CPU at most.
 */
export const LIMITS = { rows: 4096, steps: 2000, rowSteps: 2 ** 18 };
const OPS = {
  energy: [],
  freeEnergy: ['beta'],
  predict: ['steps', 'stepSize'],
  sample: ['steps', 'stepSize', 'seed', 'beta'],
};
const VALIDATION = new Set(['INVALID_ARGUMENT', 'SHAPE', 'NOT_FINITE']);

// Module scope: one init() and one model load per isolate, shared by every request
// (and by concurrent first requests); a failed start is retried by the next request.
let ready = null;
function models() {
  if (!ready) {
    ready = init().then(() => ({ mlp: load(base64(MLP), MLPEnergy), gmm: load(base64(GMM), GaussianMixtureEBM) }));
    ready.catch(() => (ready = null));
  }
  return ready;
}

function base64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

class BadRequest extends Error {}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * f32 results as JSON numbers: each is the f32 widened to a double, so it parses back to
 * the same f32. JSON has no Infinity or NaN: those travel as the strings "Infinity",
 * "-Infinity", "NaN" (a free energy is +∞ where every component's energy overflows f32).
 */
const numbers = (f32) => Array.from(f32, (v) => (Number.isFinite(v) ? v : String(v)));

/** Rows of a Matrix as arrays of numbers. */
function rowsOf(m) {
  const out = [];
  for (let r = 0; r < m.rows; r++) out.push(numbers(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * predict and sample start one chain per row. A sampler without `init` would start from
 * its own draws, so rows that are not an array get the library's refusal from energy().
 */
function chainsOf(mlp, rows) {
  if (!Array.isArray(rows)) {
    mlp.energy(rows); // throws the library's message (a JSON value is never a Matrix: no Float32Array)
    throw new BadRequest('rows must be an array of rows');
  }
  return rows.length;
}

function stepsOf(body, dflt, rows) {
  const steps = option(body, 'steps', dflt, 1, LIMITS.steps, true);
  const n = Array.isArray(rows) ? rows.length : 0;
  if (n * steps > LIMITS.rowSteps) throw new BadRequest(`rows × steps must be at most ${LIMITS.rowSteps}, got ${n} × ${steps}`);
  return steps;
}

/** A numeric option of the request: `lo` is exclusive for real-valued ones (a step size > 0). */
function option(body, key, dflt, lo, hi, integer) {
  const v = body[key] ?? dflt;
  const inRange = integer ? Number.isInteger(v) && v >= lo && v <= hi : typeof v === 'number' && v > lo && v <= hi;
  if (!inRange) throw new BadRequest(`${key} must be ${integer ? `an integer in [${lo}, ${hi}]` : `a number in (${lo}, ${hi}]`}, got ${JSON.stringify(body[key])}`);
  return v;
}

/** The descent from each row: unadjusted Langevin without noise is y ← y − ε·∇F(y), run in WASM. */
async function descend(mlp, rows, steps, stepSize) {
  const s = samplers.langevin(mlp, { chains: chainsOf(mlp, rows), init: rows, stepSize, noiseScale: 0 });
  try {
    return await s.run({ warmup: steps - 1, draws: 1 });
  } finally {
    s.dispose();
  }
}

async function answer(body) {
  const { mlp, gmm } = await models();
  const { op, rows } = body;
  switch (op) {
    case 'energy':
      return { energy: numbers(mlp.energy(rows)) };
    case 'freeEnergy': {
      const beta = body.beta === 'Infinity' ? Infinity : body.beta ?? 1;
      return { freeEnergy: numbers(gmm.freeEnergy(rows, { beta })) };
    }
    case 'predict': {
      const steps = stepsOf(body, 200, rows);
      const stepSize = option(body, 'stepSize', 0.01, 0, 1, false);
      const run = await descend(mlp, rows, steps, stepSize);
      const minima = { rows: run.samples.chains, cols: run.samples.dim, data: run.samples.data };
      return { minima: rowsOf(minima), energy: numbers(mlp.energy(minima)) };
    }
    case 'sample': {
      const steps = stepsOf(body, 100, rows);
      const stepSize = option(body, 'stepSize', 0.01, 0, 1, false);
      const seed = option(body, 'seed', 0, 0, Number.MAX_SAFE_INTEGER, true);
      const beta = option(body, 'beta', 1, 0, 1e6, false);
      const s = samplers.mala(mlp, { chains: chainsOf(mlp, rows), init: rows, stepSize, seed, beta });
      try {
        const run = await s.run({ warmup: steps - 1, draws: 1 });
        return { samples: rowsOf({ rows: run.samples.chains, cols: run.samples.dim, data: run.samples.data }), acceptRate: numbers(run.acceptRate) };
      } finally {
        s.dispose();
      }
    }
  }
  throw new BadRequest(`op must be one of ${Object.keys(OPS).join(', ')}, got ${JSON.stringify(op)}`);
}

/** Checks the request's shape (the numbers themselves are the library's to check). */
function parse(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`the body must be JSON: ${e.message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('the body must be a JSON object { op, rows, … }');
  const allowed = typeof body.op === 'string' && Object.hasOwn(OPS, body.op) ? OPS[body.op] : null; // not 'toString'
  if (allowed) {
    const extra = Object.keys(body).filter((k) => k !== 'op' && k !== 'rows' && !allowed.includes(k));
    if (extra.length) throw new BadRequest(`op '${body.op}' takes rows${allowed.map((k) => `, ${k}`).join('')}; unknown: ${extra.join(', ')}`);
  }
  if (Array.isArray(body.rows) && body.rows.length > LIMITS.rows) {
    throw new BadRequest(`rows: at most ${LIMITS.rows} rows per request, got ${body.rows.length}`);
  }
  return body;
}

/** The whole function: a Request in, a Response out. */
export async function handle(request) {
  if (request.method !== 'POST') return json(405, { error: `use POST with a JSON body, not ${request.method}` }, { allow: 'POST' });
  // says whether this request started the isolate's init() (a cold start) or found it begun
  const isolate = { 'x-ebm-isolate': ready ? 'warm' : 'cold' };
  try {
    return json(200, await answer(parse(await request.text())), isolate);
  } catch (e) {
    if (e instanceof BadRequest) return json(400, { error: e.message, code: 'BAD_REQUEST' }, isolate);
    if (e instanceof EbmError && VALIDATION.has(e.code)) return json(400, { error: e.message, code: e.code }, isolate);
    return json(500, { error: String(e?.message ?? e), code: e?.code ?? 'INTERNAL' }, isolate);
  }
}
