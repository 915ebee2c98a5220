// What a worker does (sdk/parallel/worker.ts): each task takes plain data and
// returns plain data, so it runs the same in a worker and on the calling thread.
import { EbmError } from '../errors.js';
import type { PortableEnergy } from '../energies/energy.js';
import { runPart, type StatePart } from './chains.js';
import { rawDiagnostics } from '../diagnostics-raw.js';
import { mmdParts, type MmdPartsArgs } from './mmd.js';
import { gridParts, type GridPartsArgs, type GridPartsResult } from './grid.js';
import { rebuild, type Rebuilt } from './rebuild.js';
import { kmeansFree, kmeansLoad, kmeansPass, kmeansRows, kmeansSeedFindTask, kmeansSeedRowsTask, kmeansSeedSumTask, type KMeansLoadArgs, type KMeansPassArgs, type KMeansSeedRowsArgs } from './kmeans-worker.js';
import { sparseEncodeRows, sparseFitEpoch, sparseFitFinal, sparseFitFree, sparseFitLoad, type SparseEncodeArgs, type SparseFitLoadArgs } from './sparse-worker.js';
import { latentFitBlocks, latentFitFree, latentFitLoad, latentFreeRows, type LatentFitBlocksArgs, type LatentFreeArgs } from './latent-worker.js';
import { minibatchBlocks, minibatchFree, minibatchLoad, type MinibatchBlocksArgs, type MinibatchLoadArgs } from './minibatch-worker.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { TRAIN_BLOCK } from '../runtime/abi.js';
import { aisParts, type AisPartsArgs } from './ais.js';
import { rbmExactParts, rbmFitParts, type RbmExactArgs, type RbmFitPartsArgs } from './rbm.js';

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
  /**
   * The model's file with the step's parameters (a run's first step, or a worker that answered
   * needFile), else only the parameters: the worker keeps the model of the key it last rebuilt.
   */
  energy: PortableEnergy | { type: 'params'; params: Float32Array };
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

/** Sent back for parameters alone when this worker does not hold the model of the key (new, replaced, or it served another run since). */
export interface NeedFile {
  needFile: true;
}

/** The model of `key` with new parameters, or null when this worker does not hold it. */
function paramsFor(key: string, params: Float32Array): number | null {
  if (cached?.key !== key || !cached.energy.setParams) return null;
  cached.energy.setParams(params);
  return cached.energy.desc;
}

/** contrastiveBlocks (assembly/train/contrastive.ts) on one part of a training step's batch. */
export function contrastiveParts(a: ContrastivePartsArgs): ContrastivePartsResult | NeedFile {
  const where = 'ContrastiveTrainer.run (worker)';
  const desc = a.energy.type === 'params' ? paramsFor(a.key, a.energy.params) : energyFor(a.key, a.energy, where);
  if (desc === null) return { needFile: true };
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
      if ('needFile' in r) return { result: r, transfer: [] };
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
    case 'kmeansSeedRows':
      return { result: kmeansSeedRowsTask(args as KMeansSeedRowsArgs), transfer: [] };
    case 'kmeansSeedSum':
      return { result: kmeansSeedSumTask(args as { key: string; acc: number[] }), transfer: [] };
    case 'kmeansSeedFind':
      return { result: kmeansSeedFindTask(args as { key: string; which: number; acc: number; targets: number[] }), transfer: [] };
    case 'kmeansFree':
      return { result: kmeansFree(args as { key: string }), transfer: [] };
    case 'sparseEncodeRows': {
      const r = sparseEncodeRows(args as SparseEncodeArgs);
      return { result: r, transfer: [r.buffer as ArrayBuffer] };
    }
    case 'sparseFitLoad':
      return { result: sparseFitLoad(args as SparseFitLoadArgs), transfer: [] };
    case 'sparseFitEpoch': {
      const r = sparseFitEpoch(args as { key: string; W: Float32Array; warm: boolean });
      return { result: r, transfer: [r.partials.buffer as ArrayBuffer, r.E.buffer as ArrayBuffer] };
    }
    case 'sparseFitFinal': {
      const r = sparseFitFinal(args as { key: string; W: Float32Array });
      return { result: r, transfer: [r.buffer as ArrayBuffer] };
    }
    case 'sparseFitFree':
      return { result: sparseFitFree(args as { key: string }), transfer: [] };
    case 'latentFreeRows': {
      const r = latentFreeRows(args as LatentFreeArgs);
      return { result: r, transfer: r.Z ? [r.E.buffer as ArrayBuffer, r.Z.buffer as ArrayBuffer] : [r.E.buffer as ArrayBuffer] };
    }
    case 'latentFitLoad':
      return { result: latentFitLoad(args as { key: string; file: Uint8Array; X: Float32Array; Y: Float32Array }), transfer: [] };
    case 'latentFitBlocks': {
      const r = latentFitBlocks(args as LatentFitBlocksArgs);
      return { result: r, transfer: [r.grads.buffer as ArrayBuffer, r.totals.buffer as ArrayBuffer] };
    }
    case 'latentFitFree':
      return { result: latentFitFree(args as { key: string }), transfer: [] };
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
    case 'aisParts': {
      const a = args as AisPartsArgs;
      const where = 'metrics.logPartition (worker)';
      const r = aisParts(a, energyFor(a.key, a.energy, where), where);
      return { result: r, transfer: r.parts.flatMap((p) => [p.bytes.buffer as ArrayBuffer, p.logw.buffer as ArrayBuffer]) };
    }
    case 'rbmExactParts': {
      const a = args as RbmExactArgs;
      const where = 'RBM.logPartition (worker)';
      const r = rbmExactParts(a, energyFor(a.key, a.energy, where), where);
      return { result: r, transfer: [r.buffer as ArrayBuffer] };
    }
    case 'rbmFitParts': {
      const a = args as RbmFitPartsArgs;
      const where = 'RBM.fit (worker)';
      // the model's file comes with a fit's first minibatch only: a worker that has another model now asks for it again
      if (a.energy.type === 'file' && a.energy.bytes.length === 0 && cached?.key !== a.key) return { result: { missing: true }, transfer: [] };
      const r = rbmFitParts(a, energyFor(a.key, a.energy, where), where);
      return { result: r, transfer: [r.G.buffer as ArrayBuffer, r.vneg.buffer as ArrayBuffer] };
    }
    case 'throw':
      // tests: an error inside a task comes back as the caller's EbmError, with its code
      throw new EbmError('NUMERICAL', `test error thrown in a worker (${String(args)})`);
    default:
      throw new EbmError('WORKER_FAILED', `unknown task '${task}'`);
  }
}
