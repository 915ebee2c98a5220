// The module worker: it owns the library and the model; the page only draws.
// Training runs chunk by chunk (the chunk size is fixed by the method, never
// by time, so the result does not depend on the machine); between chunks the
// worker answers messages, adds a point to the loss and held-out curves, and
// sends a picture of the energy at most every SNAPSHOT_MS, and never more
// often than keeps pictures to a third of the worker's time.
import { init, load, metrics, random, samplers, type Matrix } from 'ebm-wasm';
import { boundsOf, type Bounds } from './data.js';
import { renderField } from './field.js';
import type { PlayModel, Run } from './methods.js';
import { PLOT_PX, type FromWorker, type ToWorker } from './protocol.js';
import { HASH_RES, fieldEnergies, markers, methodOf, probe, startSession } from './session.js';

type Sampler = ReturnType<typeof samplers.mala>;

const SNAPSHOT_MS = 100;
const FIELD_RES = 80;
const LL_RES = 64;

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

let model: PlayModel | null = null;
let bounds: Bounds = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };
let run: Run | null = null;
let test: Matrix | null = null;
let generation = 0; // a new train/sample/load makes older loops stop
let sampler: Sampler | null = null;

function snapshot(withNegatives: Float32Array | null) {
  if (!model) return;
  const image = renderField(fieldEnergies(model, bounds, FIELD_RES), FIELD_RES, PLOT_PX);
  const m = markers(model);
  const copy = (a: Float32Array | null) => (a ? a.slice() : null);
  const msg = { type: 'field', image, bounds, markers: copy(m), negatives: copy(withNegatives) } as const;
  post(msg, [image, ...(msg.markers ? [msg.markers.buffer] : []), ...(msg.negatives ? [msg.negatives.buffer] : [])]);
}

function heldOut(): number | null {
  if (!model || !test || test.rows === 0) return null;
  // every model of the table is an energy WASM evaluates, which is what the metric takes
  return metrics.gridLogLikelihood(model as never, test, { bounds, resolution: LL_RES });
}

function drop() {
  sampler?.dispose();
  sampler = null;
  run?.dispose();
  run = null;
  model?.dispose();
  model = null;
}

/** Runs a loop; its errors are reported unless a newer train/sample/load made it stale. */
async function guarded(mine: number, during: string, body: () => Promise<void>) {
  try {
    await body();
  } catch (err) {
    if (mine === generation) post({ type: 'error', message: err instanceof Error ? err.message : String(err), during });
  }
}

async function trainLoop(settings: ToWorker & { type: 'train' }) {
  const mine = ++generation;
  await guarded(mine, 'train', () => trainBody(mine, settings));
}

async function trainBody(mine: number, settings: ToWorker & { type: 'train' }) {
  drop();
  const t0 = performance.now();
  const session = await startSession(settings.settings, settings.painted);
  if (mine !== generation) {
    session.run.dispose();
    session.run.model.dispose();
    return;
  }
  const r = (run = session.run);
  model = r.model;
  bounds = session.bounds;
  test = session.test;
  post({ type: 'data', train: session.train.data.slice(), test: session.test.data.slice(), bounds });
  let last = 0;
  let cost = 0; // what the last picture took
  let step = 0;
  // the held-out curve gets up to 60 points, at chunks fixed in advance (not by time)
  const every = Math.max(1, Math.ceil(r.chunks / 60));
  for (let c = 1; c <= r.chunks; c++) {
    const done = await r.chunk();
    if (mine !== generation) return;
    step = done.step;
    const now = performance.now();
    const snap = now - last >= Math.max(SNAPSHOT_MS, 2 * cost) || c === r.chunks;
    const held = c % every === 0 || c === r.chunks ? heldOut() : null;
    post({ type: 'progress', step, unit: r.unit, chunk: c, chunks: r.chunks, loss: done.loss, heldOut: held });
    if (snap) {
      snapshot(r.negatives?.() ?? null);
      last = performance.now();
      cost = last - now;
    }
    // let 'stop' and other messages in between chunks
    await new Promise((res) => setTimeout(res, 0));
    if (mine !== generation) return;
  }
  post({ type: 'done', steps: step, ms: performance.now() - t0, stopped: false });
}

async function sampleLoop(s: Record<string, number | string>) {
  if (!model) throw new Error('train or load a model first');
  const mine = ++generation;
  await guarded(mine, 'sample', () => sampleBody(mine, s));
}

async function sampleBody(mine: number, s: Record<string, number | string>) {
  if (!model) return;
  sampler?.dispose();
  const chains = Number(s.chains);
  const kind = String(s.sampler) as 'randomWalk' | 'langevin' | 'mala' | 'hmc';
  // chains start uniformly over the view (drawn by the library's RNG through a sampler-independent seed)
  const start = new Float32Array(2 * chains);
  const u = random.uniform(2 * chains, { seed: Number(s.seed) + 1 });
  for (let i = 0; i < chains; i++) {
    start[2 * i] = bounds.xMin + u[2 * i]! * (bounds.xMax - bounds.xMin);
    start[2 * i + 1] = bounds.yMin + u[2 * i + 1]! * (bounds.yMax - bounds.yMin);
  }
  sampler = samplers[kind](model as never, { chains, seed: Number(s.seed), stepSize: Number(s.stepSize), init: { rows: chains, cols: 2, data: start } });
  const total = Number(s.sampleSteps);
  post({ type: 'chains', points: start.slice(), step: 0, total, acceptRate: NaN, done: false });
  let done = 0;
  while (done < total) {
    const n = Math.min(5, total - done);
    const r = await sampler.run({ draws: n });
    done += n;
    const d = r.samples.data;
    const last = d.slice(d.length - chains * 2);
    const acceptRate = r.acceptRate.reduce((a, b) => a + b, 0) / chains; // per chain, over the sampler's life
    post({ type: 'chains', points: last, step: done, total, acceptRate, done: done >= total }, [last.buffer]);
    await new Promise((r) => setTimeout(r, 16)); // about one frame per draw batch: chains move at a watchable pace
    if (mine !== generation) return;
  }
}

scope.onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.type === 'train') await trainLoop(m);
    else if (m.type === 'stop') {
      generation++;
      post({ type: 'done', steps: -1, ms: 0, stopped: true });
    } else if (m.type === 'sample') await sampleLoop(m.settings);
    else if (m.type === 'probe') {
      if (!model) return;
      const p = probe(model, m.x, m.y, bounds);
      post({ type: 'probe', ...p }, [p.path.buffer]);
    } else if (m.type === 'save') {
      if (!model) throw new Error('nothing to save: train or load a model first');
      const bytes = model.toBytes();
      post({ type: 'saved', bytes, name: `playground-${methodOf(model)}.ebm` }, [bytes.buffer]);
    } else if (m.type === 'load') {
      generation++;
      const loaded = load(m.bytes) as unknown as PlayModel;
      if (loaded.dim !== 2) {
        loaded.dispose();
        throw new Error(`the playground shows 2-D models; this file holds a model of dimension ${loaded.dim}`);
      }
      drop();
      model = loaded;
      // a view around the model's prototypes, means or atoms when it has them; else the current one
      const mk = markers(model);
      if (mk && mk.length) bounds = boundsOf({ rows: mk.length / 2, cols: 2, data: mk });
      post({ type: 'loaded', method: methodOf(model), bounds });
      snapshot(null);
    } else if (m.type === 'energies') {
      if (!model) throw new Error('no model yet');
      const energies = fieldEnergies(model, bounds, HASH_RES);
      post({ type: 'energies', energies, res: HASH_RES, bounds }, [energies.buffer]);
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err), during: m.type });
  }
};

init().then(
  () => post({ type: 'ready' }),
  (err: unknown) => post({ type: 'error', message: String(err), during: 'init' }),
);
