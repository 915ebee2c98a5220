// What a worker does (sdk/parallel/worker.ts): each task takes plain data and
// returns plain data, so it runs the same in a worker and on the calling thread.
import { EbmError } from '../errors.js';
import type { PortableEnergy } from '../energies/energy.js';
import { runPart, type StatePart } from './chains.js';
import { rawDiagnostics } from '../diagnostics-raw.js';
import { mmdParts, type MmdPartsArgs } from './mmd.js';
import { gridParts, type GridPartsArgs, type GridPartsResult } from './grid.js';
import { rebuild, type Rebuilt } from './rebuild.js';
import { kmeansFree, kmeansLoad, kmeansPass, kmeansRows, type KMeansLoadArgs, type KMeansPassArgs } from './kmeans-worker.js';

export interface SamplerPartsArgs {
  /** Identifies the energy of this run: a worker rebuilds it once per key. */
  key: string;
  energy: PortableEnergy;
  parts: StatePart[];
  /** Chains of the whole state. */
  total: number;
  steps: number;
  thin: number;
  keep: boolean;
}

export interface SamplerPartsResult {
  parts: (StatePart & { draws: Float32Array | null })[];
}

let cached: { key: string; energy: Rebuilt } | null = null;

function energyFor(key: string, p: PortableEnergy, where: string): number {
  // a key seen before with another kind of energy (keys are per thread of the caller) rebuilds too
  if (cached?.key !== key || (p.type === 'file' && p.params && !cached.energy.setParams)) {
    cached?.energy.free();
    cached = null;
    cached = { key, energy: rebuild(p, where) };
  } else if (p.type === 'file' && p.params) {
    // the same model with new parameters (a trainer's next step): no file to read again
    cached.energy.setParams!(p.params);
  }
  return cached.energy.desc;
}

export function samplerParts(a: SamplerPartsArgs): SamplerPartsResult {
  const where = 'sampler.run (worker)';
  const desc = energyFor(a.key, a.energy, where);
  return {
    parts: a.parts.map((p) => {
      const r = runPart(p, a.total, desc, a.steps, a.thin, a.keep, where);
      return { first: p.first, count: p.count, bytes: r.bytes, draws: r.draws };
    }),
  };
}

/** Grid maximum likelihood's blocks (grid.ts) with the run's model, its parameters those of the step. */
export function gridPartsTask(a: GridPartsArgs & { energy: PortableEnergy }): GridPartsResult {
  const where = 'train.maxLikelihoodGrid (worker)';
  if (a.energy.type !== 'file') throw new EbmError('INVALID_ARGUMENT', `${where}: the model must come as a file`);
  return gridParts(energyFor(a.key, a.energy, where), a, where);
}

/** The buffers a result can hand over instead of copying. */
export function transferables(r: SamplerPartsResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const p of r.parts) {
    out.push(p.bytes.buffer as ArrayBuffer);
    if (p.draws) out.push(p.draws.buffer as ArrayBuffer);
  }
  return out;
}

/** Runs a task by name; `die` is for tests of a worker that stops (handled by the worker itself). */
export function runTask(task: string, args: unknown): { result: unknown; transfer: ArrayBuffer[] } {
  switch (task) {
    case 'ping':
      return { result: null, transfer: [] };
    case 'samplerParts': {
      const r = samplerParts(args as SamplerPartsArgs);
      return { result: r, transfer: transferables(r) };
    }
    case 'kmeansLoad':
      return { result: kmeansLoad(args as KMeansLoadArgs), transfer: [] };
    case 'kmeansPass': {
      const r = kmeansPass(args as KMeansPassArgs);
      const t = [r.partials.buffer as ArrayBuffer];
      if (r.labels) t.push(r.labels.buffer as ArrayBuffer);
      if (r.mind) t.push(r.mind.buffer as ArrayBuffer);
      return { result: r, transfer: t };
    }
    case 'kmeansRows': {
      const r = kmeansRows(args as { key: string });
      return { result: r, transfer: [r.labels.buffer as ArrayBuffer, r.mind.buffer as ArrayBuffer] };
    }
    case 'kmeansFree':
      return { result: kmeansFree(args as { key: string }), transfer: [] };
    case 'gridParts': {
      const r = gridPartsTask(args as GridPartsArgs & { energy: PortableEnergy });
      return { result: r, transfer: [r.G.buffer as ArrayBuffer, r.stats.buffer as ArrayBuffer] };
    }
    case 'diagnostics': {
      const a = args as { draws: number; chains: number; dim: number; data: Float32Array };
      const r = rawDiagnostics(a.data, a.draws, a.chains, a.dim, 'diagnostics.summary (worker)');
      return { result: r, transfer: [r.buffer as ArrayBuffer] };
    }
    case 'mmdParts': {
      const r = mmdParts(args as MmdPartsArgs, 'metrics.mmd (worker)');
      return { result: r, transfer: [r.buffer as ArrayBuffer] };
    }
    case 'throw':
      // tests: an error inside a task comes back as the caller's EbmError, with its code
      throw new EbmError('NUMERICAL', `test error thrown in a worker (${String(args)})`);
    default:
      throw new EbmError('WORKER_FAILED', `unknown task '${task}'`);
  }
}
