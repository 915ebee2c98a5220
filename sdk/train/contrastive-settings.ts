// The settings of contrastive training: the public options, their defaults
// and validation (one validator for options and for saved trainer files), and
// the split of { X, Y } data for conditional models.
import type { Pool } from '../parallel/pool.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import type { LearnableResource } from '../models/learnable.js';
import type { Optimizer } from '../optim.js';
import { NOISE_NORMAL, NOISE_UNIFORM } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions } from '../util/validate.js';
import { optimizerSettings, type OptimizerSettings } from './run-steps.js';

export const LOSSES = ['contrastive', 'hinge', 'log', 'square-square', 'square-exponential', 'perceptron'] as const;
/** Loss functionals of LeCun et al., "A Tutorial on Energy-Based Learning" (2006), per (data, negative) pair. */
export type LossName = (typeof LOSSES)[number];

export interface NegativesOptions {
  /** Where negatives start: 'data' (+ kick: contrastive divergence), 'noise' (short-run MCMC), 'buffer' (persistent CD). Default 'buffer'. */
  init?: 'data' | 'noise' | 'buffer';
  /** Std of the Gaussian kick added to data starts. Default 0.1. */
  kick?: number;
  /** 'descent' (gradient descent on F), 'langevin' (unadjusted), 'mala', 'hmc'. Default 'langevin'. */
  sampler?: 'descent' | 'langevin' | 'mala' | 'hmc';
  /** Steps per negative. Default 20. */
  steps?: number;
  /** Descent or sampler step size ε. Default 0.01. */
  stepSize?: number;
  /** Langevin noise scale s in y' = y − ε∇F + √(2ε)·s·ξ. Default 1. */
  noiseScale?: number;
  /** HMC leapfrog steps. Default 5. */
  leapfrogSteps?: number;
  /** Replay buffer rows (init 'buffer'). Default 10000; at most 2^24, and bufferSize · dim · 4 bytes must fit one WASM block (just under 1 GiB), else OUT_OF_MEMORY. */
  bufferSize?: number;
  /** Fraction of buffer draws replaced by fresh noise. Default 0.05. */
  reinit?: number;
  /** Noise: uniform in `bounds` (lo/hi per coordinate), or N(0, std²); default uniform over the data's bounding box grown by 10 %. */
  noise?: { bounds?: { lo: number[]; hi: number[] }; std?: number };
}

export interface ContrastiveOptions {
  negatives?: NegativesOptions;
  loss?: LossName;
  /** m of 'hinge' and 'square-square'. Default 1. */
  margin?: number;
  /** γ of 'square-exponential'. Default 1. */
  gamma?: number;
  /** α·(E⁺² + E⁻²) keeps energies near 0 (Du & Mordatch 2019). */
  regularization?: { energySquare?: number };
  /** Settings for the optimizer (its own state is not used: the trainer keeps one). Default optim.adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  /** Epochs for train.contrastive. Default 10. */
  epochs?: number;
  /** Data rows (and negatives) per step. Default min(128, rows). */
  batchSize?: number;
  seed?: number;
  signal?: AbortSignal;
  /** Called after every step; also the trainer's default for later `run()` calls (a `run({ onProgress })` overrides it). */
  onProgress?: (p: ContrastiveProgress) => void;
  /**
   * Workers for train.contrastive's epochs (a count or 'auto'), or a shared `pool`: the negatives'
   * sampler transitions run on them, in contiguous blocks of 64 chains, with the bytes of one thread.
   */
  workers?: number | 'auto';
  pool?: Pool;
}

export interface ContrastiveProgress {
  /** The pass over the data this step belongs to, 1-based and counted over the trainer's life (the first step is in epoch 1). */
  epoch: number;
  /** Steps the trainer has taken, this one included: 1-based and counted over the trainer's life (not reset by a new run). */
  step: number;
  loss: number;
  /** Mean energy of the data rows (E⁺) and of the negatives (E⁻) in this step. */
  energyPositive: number;
  energyNegative: number;
  gradNorm: number;
}

export const NEG_KEYS = ['init', 'kick', 'sampler', 'steps', 'stepSize', 'noiseScale', 'leapfrogSteps', 'bufferSize', 'reinit', 'noise'] as const;
export const KEYS = ['negatives', 'loss', 'margin', 'gamma', 'regularization', 'optimizer', 'epochs', 'batchSize', 'seed', 'signal', 'onProgress', 'workers', 'pool'] as const;

export interface Settings {
  init: 'data' | 'noise' | 'buffer';
  sampler: 'descent' | 'langevin' | 'mala' | 'hmc';
  steps: number;
  stepSize: number;
  noiseScale: number;
  leapfrogSteps: number;
  kick: number;
  bufferSize: number;
  reinit: number;
  noiseMode: typeof NOISE_UNIFORM | typeof NOISE_NORMAL;
  lo: number[];
  hi: number[];
  std: number;
  loss: LossName;
  margin: number;
  gamma: number;
  alpha: number;
  batchSize: number;
  seed: number;
  optimizer: OptimizerSettings;
}


/** data is a Matrix of y rows, or { X, Y } for a conditional model (x first in its input). */
export function splitData(model: LearnableResource, data: unknown, where: string): { x: Matrix | null; y: Matrix } {
  const d = data as { X?: MatrixLike; Y?: MatrixLike };
  const isPair = d !== null && typeof d === 'object' && !Array.isArray(d) && 'X' in d && 'Y' in d && !('rows' in d);
  if (model.conditionDim > 0) {
    if (!isPair) throw new ArgumentError(`${where}: this model is conditional (conditionDim = ${model.conditionDim}): pass data as { X, Y }`);
    const x = asMatrix(d.X!, `${where}: data.X`);
    const y = asMatrix(d.Y!, `${where}: data.Y`);
    if (x.cols !== model.conditionDim) throw new ShapeError(`${where}: data.X has ${x.cols} columns, the model expects conditionDim = ${model.conditionDim}`);
    if (x.rows !== y.rows) throw new ShapeError(`${where}: data.X has ${x.rows} rows but data.Y has ${y.rows}`);
    return { x, y };
  }
  if (isPair) throw new ArgumentError(`${where}: { X, Y } data needs a conditional model (conditionDim > 0); this one has conditionDim = 0`);
  return { x: null, y: asMatrix(data as MatrixLike, `${where}: data`) };
}

export function settings(options: ContrastiveOptions, y: Matrix, where: string): Settings {
  const neg = options.negatives ?? {};
  checkOptions(neg, `${where}: negatives`, NEG_KEYS);
  const init = checkOneOf(neg.init ?? 'buffer', `${where}: negatives.init`, ['data', 'noise', 'buffer'] as const);
  const sampler = checkOneOf(neg.sampler ?? 'langevin', `${where}: negatives.sampler`, ['descent', 'langevin', 'mala', 'hmc'] as const);
  const steps = checkInteger(neg.steps ?? 20, `${where}: negatives.steps`, 0, 100000);
  const stepSize = checkNumber(neg.stepSize ?? 0.01, `${where}: negatives.stepSize`, { min: 0, exclusiveMin: true });
  const noiseScale = checkNumber(neg.noiseScale ?? 1, `${where}: negatives.noiseScale`, { min: 0 });
  const leapfrogSteps = checkInteger(neg.leapfrogSteps ?? 5, `${where}: negatives.leapfrogSteps`, 1, 10000);
  const kick = checkNumber(neg.kick ?? 0.1, `${where}: negatives.kick`, { min: 0 });
  const bufferSize = checkInteger(neg.bufferSize ?? 10000, `${where}: negatives.bufferSize`, 1, 1 << 24);
  const reinit = checkNumber(neg.reinit ?? 0.05, `${where}: negatives.reinit`, { min: 0, max: 1 });
  const D = y.cols;
  let noiseMode: Settings['noiseMode'] = NOISE_UNIFORM;
  let lo: number[] = [];
  let hi: number[] = [];
  let std = 1;
  const noise = neg.noise;
  if (noise !== undefined) checkOptions(noise, `${where}: negatives.noise`, ['bounds', 'std']);
  if (noise?.std !== undefined) {
    if (noise.bounds !== undefined) throw new ArgumentError(`${where}: negatives.noise takes bounds or std, not both`);
    noiseMode = NOISE_NORMAL;
    std = checkNumber(noise.std, `${where}: negatives.noise.std`, { min: 0, exclusiveMin: true });
  } else if (noise?.bounds !== undefined) {
    const b = noise.bounds;
    if (b === null || typeof b !== 'object' || !Array.isArray(b.lo) || !Array.isArray(b.hi) || b.lo.length !== D || b.hi.length !== D) {
      throw new ArgumentError(`${where}: negatives.noise.bounds must be { lo: number[${D}], hi: number[${D}] }, got ${describe(b)}`);
    }
    lo = b.lo.map((v, i) => checkNumber(v, `${where}: negatives.noise.bounds.lo[${i}]`));
    hi = b.hi.map((v, i) => checkNumber(v, `${where}: negatives.noise.bounds.hi[${i}]`));
    lo.forEach((v, i) => {
      if (!(hi[i]! > v)) throw new ArgumentError(`${where}: negatives.noise.bounds.hi[${i}] must exceed lo[${i}]`);
    });
  } else {
    // the data's bounding box grown by 10 % (5 % on each side)
    const K = kernels(where);
    const xb = matrixBlock(y, `${where}: data`);
    const lb = new WasmBlock(D * 4);
    const hb = new WasmBlock(D * 4);
    try {
      K.columnBounds(lb.ptr, hb.ptr, xb.ptr, y.rows, D);
      const l = Array.from(lb.f32(D));
      const h = Array.from(hb.f32(D));
      lo = l.map((v, i) => v - 0.05 * Math.max(h[i]! - v, 1e-3));
      hi = h.map((v, i) => v + 0.05 * Math.max(v - l[i]!, 1e-3));
    } finally {
      hb.free();
      lb.free();
      xb.free();
    }
  }
  if (lo.length === 0) {
    lo = new Array<number>(D).fill(-1);
    hi = new Array<number>(D).fill(1);
  }
  const loss = checkOneOf(options.loss ?? 'contrastive', `${where}: loss`, LOSSES);
  const margin = checkNumber(options.margin ?? 1, `${where}: margin`, { min: 0 });
  const gamma = checkNumber(options.gamma ?? 1, `${where}: gamma`, { min: 0, exclusiveMin: true });
  if (options.regularization !== undefined) checkOptions(options.regularization, `${where}: regularization`, ['energySquare']);
  const alpha = checkNumber(options.regularization?.energySquare ?? 0, `${where}: regularization.energySquare`, { min: 0 });
  const batchSize = checkInteger(options.batchSize ?? Math.min(128, y.rows), `${where}: batchSize`, 1, y.rows);
  const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
  return {
    init, sampler, steps, stepSize, noiseScale, leapfrogSteps, kick, bufferSize, reinit, noiseMode, lo, hi, std,
    loss, margin, gamma, alpha, batchSize, seed,
    optimizer: optimizerSettings(options.optimizer, where),
  };
}

