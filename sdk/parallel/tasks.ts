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
import { minibatchBlocks, minibatchFree, minibatchLoad, type MinibatchBlocksArgs, type MinibatchLoadArgs } from './minibatch-worker.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { TRAIN_BLOCK } from '../runtime/abi.js';

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

export interface ContrastivePartsArgs {
  /** Identifies the model of this run: a worker rebuilds it once per key, then takes only its parameters. */
  key: string;
  energy: PortableEnergy;
  /** The negatives' sampler state of a run of whole blocks (rows first … first + count − 1). */
  part: StatePart;
  /** The data rows of the part (count × dim). */
  rows: Float32Array;
  /** Rows of the whole batch. */
  total: number;
  /** The negatives' steps (the trainer's T_STEPS). */
  steps: number;
  /** The loss: its code (LOSS_*), margin, gamma, alpha. */
  loss: [number, number, number, number];
}

export interface ContrastivePartsResult {
  part: StatePart;
  /** A partial parameter gradient per block of the part, block after block. */
  grads: Float32Array;
  /** E⁺ and E⁻ of the part's rows. */
  energyPositive: Float32Array;
  energyNegative: Float32Array;
  /** 1 when the priming met a non-finite negative. */
  bad: number;
}

/** contrastiveBlocks (assembly/train/contrastive.ts) on one part of a training step's batch. */
export function contrastiveParts(a: ContrastivePartsArgs): ContrastivePartsResult {
  const where = 'ContrastiveTrainer.run (worker)';
  const desc = energyFor(a.key, a.energy, where);
  const K = kernels(where);
  const { first, count } = a.part;
  const np = K.learnableNumParams(desc);
  const nb = Math.ceil(count / TRAIN_BLOCK);
  // the blocks of this call, freed when it returns or throws
  return withBlocks((take) => {
    const block = (bytes: number) => take(new WasmBlock(Math.max(16, bytes), where));
    const s = block(a.part.bytes.length);
    const P = block(a.rows.length * 4);
    const g = block(nb * np * 4);
    const ep = block(count * 4);
    const en = block(count * 4);
    heapU8().set(a.part.bytes, s.ptr);
    heapF32().set(a.rows, P.ptr >>> 2);
    const [loss, margin, gamma, alpha] = a.loss;
    const bad = K.contrastiveBlocks(desc, s.ptr, 0, a.steps, P.ptr, 0, first, count, a.total, loss, margin, gamma, alpha, g.ptr, ep.ptr, en.ptr);
    return {
      part: { first, count, bytes: heapU8().slice(s.ptr, s.ptr + a.part.bytes.length) },
      grads: g.f32(nb * np).slice(),
      energyPositive: ep.f32(count).slice(),
      energyNegative: en.f32(count).slice(),
      bad,
    };
  });
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
    case 'contrastiveParts': {
      const r = contrastiveParts(args as ContrastivePartsArgs);
      return { result: r, transfer: [r.part.bytes, r.grads, r.energyPositive, r.energyNegative].map((v) => v.buffer as ArrayBuffer) };
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
    case 'minibatchLoad':
      return { result: minibatchLoad(args as MinibatchLoadArgs), transfer: [] };
    case 'minibatchBlocks': {
      const r = minibatchBlocks(args as MinibatchBlocksArgs);
      const t = [r.grads.buffer as ArrayBuffer, r.losses.buffer as ArrayBuffer];
      if (r.state) t.push(r.state.buffer as ArrayBuffer);
      return { result: r, transfer: t };
    }
    case 'minibatchFree':
      return { result: minibatchFree(args as { key: string }), transfer: [] };
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
