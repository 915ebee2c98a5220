// The page: controls, the worker, and one requestAnimationFrame loop that
// draws the latest state. No numbers are computed here; the worker sends them.
import { buildForm, fromQuery, paintedFromQuery, toQuery } from './controls.js';
import type { Bounds } from './data.js';
import { drawChains, drawCurves, drawField, drawMarkers, drawPoints, drawProbe, View, type Curve, type FieldImage } from './draw.js';
import type { Settings } from './methods.js';
import { PLOT_PX, type FromWorker, type ToWorker } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const plot = $<HTMLCanvasElement>('plot');
const curvesCanvas = $<HTMLCanvasElement>('curves');
plot.width = plot.height = PLOT_PX; // the worker renders the energy at this size
const ctx = plot.getContext('2d')!;
const cctx = curvesCanvas.getContext('2d')!;
const status = $<HTMLSpanElement>('status');
const buttons = { train: $<HTMLButtonElement>('train'), stop: $<HTMLButtonElement>('stop'), sample: $<HTMLButtonElement>('sample'), save: $<HTMLButtonElement>('save') };

let settings: Settings = fromQuery(location.search);
const view = new View({ xMin: -3, xMax: 3, yMin: -3, yMax: 3 }, plot.width);
let field: FieldImage | null = null;
let trainPts: Float32Array | null = null;
let testPts: Float32Array | null = null;
let negatives: Float32Array | null = null;
let markers: Float32Array | null = null;
let trail: Float32Array[] = [];
let probePath: Float32Array | null = null;
let probeMin: number[] | null = null;
let probeDecoded: number[] | null = null;
const painted: number[] = paintedFromQuery(location.search);
/** Painted points have two decimals, so the URL holds them exactly. */
const paint = (px: number, py: number) => painted.push(...view.at(px, py).map((v) => Math.round(v * 100) / 100));
let unit = 'step';
let loss: Curve = { label: 'loss', color: '#c0392b', xs: [], ys: [] };
let held: Curve = { label: 'held-out log-likelihood', color: '#2060c0', xs: [], ys: [] };

/** What the tests read (and what a curious user can inspect in the console). */
const pg = {
  state: 'loading' as 'loading' | 'idle' | 'training' | 'done' | 'sampling' | 'error',
  errors: [] as string[],
  /** requestAnimationFrame intervals (ms) while training or sampling. */
  frames: [] as number[],
  /** Main-thread time (ms) the page's own code took while training or sampling: each frame's drawing and each message's handling. */
  work: [] as number[],
  chainSteps: 0,
  probe: null as null | { path: number[]; energies: number[]; latent: string; minimum: number[] | null; decoded: number[] | null },
  curve: () => ({ loss: loss.ys.length, heldOut: held.ys.filter(Number.isFinite).length, lastLoss: loss.ys.at(-1), lastHeldOut: held.ys.filter(Number.isFinite).at(-1) }),
  /** SHA-256 (hex) of the worker's energies on the HASH_RES grid, and the bytes themselves. */
  energies: () =>
    new Promise<{ hex: string; bytes: number[]; bounds: Bounds }>((resolve) => {
      pending.energies = async (m) => {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(m.energies.buffer, m.energies.byteOffset, m.energies.byteLength).slice()));
        resolve({ hex: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), bytes: Array.from(new Uint8Array(m.energies.buffer)), bounds: m.bounds });
      };
      send({ type: 'energies' });
    }),
  settings: () => settings,
  painted: () => painted.slice(),
};
(window as unknown as { __pg: typeof pg }).__pg = pg;
const pending: { energies?: (m: FromWorker & { type: 'energies' }) => void } = {};

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
// a worker that cannot load (a browser without module workers, a missing file) says so
worker.onerror = (e) => {
  pg.errors.push(`worker: ${e.message || 'failed to load'}`);
  pg.state = 'error';
  setStatus(`the worker failed: ${e.message || 'it could not be loaded'}`);
};

function setStatus(text: string) {
  status.textContent = text;
}

function enable(state: typeof pg.state) {
  pg.state = state;
  const busy = state === 'training' || state === 'sampling';
  buttons.train.disabled = state === 'loading';
  buttons.stop.disabled = !busy;
  buttons.sample.disabled = !field || state === 'training' || state === 'loading';
  buttons.save.disabled = !field || state === 'training' || state === 'loading';
}

function applySettings(next: Settings) {
  const methodChanged = next.method !== settings.method;
  settings = next;
  history.replaceState(null, '', toQuery(settings, painted));
  if (methodChanged) buildForm($('settings'), () => settings, applySettings);
  if (next.data === 'painted') (document.querySelector('input[value=paint]') as HTMLInputElement).checked = true;
}

/** What the page does with each message from the worker (timed: see `pg.work`). */
function handle(m: FromWorker) {
  if (m.type === 'progress') curvesDirty = true;
  else if (m.type === 'chains' || m.type === 'probe') topDirty = true;
  else dirty();
  switch (m.type) {
    case 'ready':
      enable('idle');
      setStatus('ready: pick data and a method, then Train');
      break;
    case 'data':
      trainPts = m.train;
      testPts = m.test;
      view.bounds = m.bounds;
      break;
    case 'progress':
      unit = m.unit;
      loss.xs.push(m.step);
      loss.ys.push(m.loss);
      if (m.heldOut !== null) {
        held.xs.push(m.step);
        held.ys.push(m.heldOut);
      }
      setStatus(`training: ${m.unit} ${m.step} (${m.chunk}/${m.chunks} chunks), loss ${m.loss.toFixed(4)}`);
      break;
    case 'field':
      field?.image.close();
      field = { image: m.image, bounds: m.bounds };
      markers = m.markers;
      negatives = m.negatives;
      break;
    case 'done':
      if (m.stopped) setStatus('stopped');
      else setStatus(`trained: ${m.steps} ${unit}s in ${(m.ms / 1000).toFixed(1)} s`);
      enable('done');
      break;
    case 'chains':
      trail.push(m.points);
      if (trail.length > 12) trail.shift();
      pg.chainSteps = m.step;
      setStatus(`sampling: step ${m.step}/${m.total}${Number.isFinite(m.acceptRate) ? `, acceptance ${(100 * m.acceptRate).toFixed(0)} %` : ''}`);
      if (m.done) enable('done');
      break;
    case 'probe':
      probePath = m.path;
      probeMin = m.minimum;
      pg.probe = { path: Array.from(m.path), energies: m.energies, latent: m.latent, minimum: m.minimum, decoded: m.decoded };
      probeDecoded = m.decoded;
      $('latent').textContent = `${m.path.length / 2 - 1} descent steps, F ${m.energies[0]!.toFixed(3)} → ${m.energies.at(-1)!.toFixed(3)}. ${m.latent}`;
      break;
    case 'saved': {
      const url = URL.createObjectURL(new Blob([m.bytes.slice()], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = m.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      break;
    }
    case 'loaded':
      view.bounds = m.bounds;
      trainPts = testPts = negatives = null;
      trail = [];
      applySettings({ ...settings, method: m.method });
      buildForm($('settings'), () => settings, applySettings);
      setStatus(`loaded a ${m.method} model: Sample, or click the plot`);
      enable('done');
      break;
    case 'energies':
      pending.energies?.(m);
      break;
    case 'error':
      pg.errors.push(`${m.during}: ${m.message}`);
      setStatus(`error (${m.during}): ${m.message}`);
      enable(field ? 'done' : 'idle');
      break;
  }
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const t0 = performance.now();
  const watched = pg.state === 'training' || pg.state === 'sampling';
  handle(e.data);
  if (watched) pg.work.push(performance.now() - t0);
};

buttons.train.onclick = () => {
  dirty();
  pg.probe = null;
  $('latent').textContent = 'Click the plot after training to follow a point down the energy.';
  loss = { ...loss, xs: [], ys: [] };
  held = { ...held, xs: [], ys: [] };
  field?.image.close();
  field = null;
  negatives = markers = probePath = probeMin = probeDecoded = null;
  trail = [];
  pg.frames = [];
  pg.work = [];
  enable('training');
  setStatus('training…');
  send({ type: 'train', settings, painted: Float32Array.from(painted) });
};
buttons.stop.onclick = () => send({ type: 'stop' });
buttons.sample.onclick = () => {
  dirty();
  trail = [];
  pg.frames = [];
  pg.work = [];
  enable('sampling');
  send({ type: 'sample', settings });
};
buttons.save.onclick = () => send({ type: 'save' });
$<HTMLInputElement>('load').onchange = async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  send({ type: 'load', bytes }, [bytes.buffer]);
  (e.target as HTMLInputElement).value = '';
};
$('clear').onclick = () => {
  painted.length = 0;
  history.replaceState(null, '', toQuery(settings, painted));
  dirty();
};

// clicks and drags on the plot: paint points, or probe the energy
let lastPaint: [number, number] | null = null;
const clickMode = () => (document.querySelector('input[name=click]:checked') as HTMLInputElement).value;
const pointer = (e: PointerEvent): [number, number] => {
  const r = plot.getBoundingClientRect();
  return [((e.clientX - r.left) * plot.width) / r.width, ((e.clientY - r.top) * plot.height) / r.height];
};
plot.addEventListener('pointerdown', (e) => {
  const [px, py] = pointer(e);
  if (clickMode() === 'paint') {
    paint(px, py);
    lastPaint = [px, py];
    dirty();
    plot.setPointerCapture(e.pointerId);
    if (settings.data !== 'painted') {
      applySettings({ ...settings, data: 'painted' });
      buildForm($('settings'), () => settings, applySettings);
    }
  } else if (field) {
    const [x, y] = view.at(px, py);
    send({ type: 'probe', x, y });
  }
});
plot.addEventListener('pointermove', (e) => {
  if (!lastPaint) return;
  const [px, py] = pointer(e);
  if (Math.hypot(px - lastPaint[0], py - lastPaint[1]) < 6) return;
  paint(px, py);
  lastPaint = [px, py];
  dirty();
});
plot.addEventListener('pointerup', () => {
  if (lastPaint) history.replaceState(null, '', toQuery(settings, painted));
  lastPaint = null;
});

// Two layers: the base (heat map, contours, data, negatives, markers) is redrawn
// only when a snapshot or the data changes; chains and the probe go on top of it.
// A frame with nothing new draws nothing, so the main thread stays free.
const base = document.createElement('canvas');
base.width = plot.width;
base.height = plot.height;
const bctx = base.getContext('2d')!;
let baseDirty = true;
let topDirty = true;
let curvesDirty = true;
const dirty = () => (baseDirty = topDirty = curvesDirty = true);

let lastFrame = 0;
function frame(t: number) {
  const watched = lastFrame && (pg.state === 'training' || pg.state === 'sampling');
  if (watched) pg.frames.push(t - lastFrame);
  lastFrame = t;
  const t0 = performance.now();
  if (baseDirty) {
    drawField(bctx, field, view);
    drawPoints(bctx, testPts, view, 'rgba(190,190,190,0.8)', 1.5);
    drawPoints(bctx, trainPts, view, 'rgba(255,255,255,0.9)', 1.5);
    if (settings.data === 'painted' || !trainPts) drawPoints(bctx, Float32Array.from(painted), view, '#fff', 2.5);
    drawPoints(bctx, negatives, view, 'rgba(255,60,60,0.8)', 1.5);
    drawMarkers(bctx, markers, view);
    baseDirty = false;
    topDirty = true;
  }
  if (topDirty) {
    ctx.drawImage(base, 0, 0);
    drawChains(ctx, trail, view);
    drawProbe(ctx, probePath, probeMin, probeDecoded, view);
    topDirty = false;
  }
  if (curvesDirty) {
    drawCurves(cctx, [loss, held], curvesCanvas.width, curvesCanvas.height, unit);
    curvesDirty = false;
  }
  if (watched) pg.work.push(performance.now() - t0);
  requestAnimationFrame(frame);
}

buildForm($('settings'), () => settings, applySettings);
history.replaceState(null, '', toQuery(settings, painted));
if (settings.data === 'painted') (document.querySelector('input[value=paint]') as HTMLInputElement).checked = true;
enable('loading');
requestAnimationFrame(frame);
