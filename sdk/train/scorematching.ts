// Score matching, the lecture's strategy 4: shape F by making its gradient
// small and its curvature large at the data, never touching the partition
// function. With score = −∇F: exact (Hyvärinen 2005) ½‖∇F‖² − tr ∇²F, sliced
// (Song et al. 2019) with random projections, denoising (Vincent 2011)
// ½‖∇F(ỹ) − (ỹ − y)/σ²‖². Each step is one fused WASM call
// (assembly/train/scorematching.ts) through the model's Taylor mode: draws,
// directional derivatives, their parameter gradient, the optimizer update.
// All state a step touches (RNG, epoch order, optimizer moments) is in WASM
// memory, so chunked runs equal one run and a saved trainer resumes bit-exactly.
import { ArgumentError, ShapeError } from '../errors.js';
import { asFileError, firstRun } from './trainer-file.js';
import { firstRunLength, optimizerSettings, readRunOptions, runFusedSteps } from './run-steps.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { learnableDescriptor, type LearnableResource } from '../models/learnable.js';
import type { Optimizer } from '../optim.js';
import {
  OPT_ADAM, OPT_SGD, SM_BATCH, SM_BETA1, SM_BETA2, SM_CLIP, SM_DECOUPLED, SM_DENOISING, SM_DIM, SM_DIST, SM_EPS, SM_EXACT, SM_LR,
  SM_M, SM_METHOD, SM_NESTEROV, SM_NET, SM_NOISE_STD, SM_OPT, SM_PROJ, SM_PROJ_GAUSSIAN, SM_PROJ_RADEMACHER, SM_RNG, SM_SCRATCH,
  SM_SLICED, SM_STATS_BYTES, SM_STAT_GRAD_NORM, SM_STAT_LOSS, SM_STAT_OK, SM_TAYLOR, SM_V, SM_VR, SM_WD,
} from '../runtime/abi.js';
import { heapF64, heapI32, heapU32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkFunction, checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import {
  readSmFile, readSmState, writeSmFile, writeSmState, type ScoreMatchingMethod, type ScoreMatchingSettings,
} from './scorematching-file.js';

export type { ScoreMatchingMethod };

export interface ScoreMatchingOptions {
  /**
   * 'denoising' (default): ½‖∇F(ỹ) − (ỹ − y)/σ²‖² with ỹ = y + σε (learns the σ-smoothed density);
   * 'sliced': ½(vᵀ∇F)² − vᵀ∇²F v over random projections v (or the variance-reduced ½‖∇F‖² − vᵀ∇²F v);
   * 'exact': ½‖∇F‖² − tr ∇²F, D second-order passes per row (for small dimensions).
   */
  method?: ScoreMatchingMethod;
  /** σ of the denoising noise (> 0). Default 0.1. */
  noiseStd?: number;
  /** Random projections per row (sliced, integer ≥ 1). Default 1. */
  projections?: number;
  /** The distribution of the projections (sliced): 'rademacher' (±1 entries, default) or 'gaussian'. */
  projection?: 'rademacher' | 'gaussian';
  /** Sliced: use ½‖∇F‖² in place of ½(vᵀ∇F)² (its expectation; lower variance). Default true. */
  varianceReduced?: boolean;
  /** Optimizer settings. Default optim.adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  /** Data rows per step. Default min(128, rows). */
  batchSize?: number;
  /** Steps to take in train.scoreMatching (or give epochs). */
  steps?: number;
  /** Passes over the data in train.scoreMatching (the last partial batch of an epoch is dropped). Default 10 when steps is not given. */
  epochs?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScoreMatchingProgress) => void;
}

export interface ScoreMatchingProgress {
  epoch: number;
  step: number;
  /** The method's loss on the step's batch (mean per row; exact and sliced losses are defined up to a constant and may be negative). */
  loss: number;
  gradNorm: number;
}

const KEYS = ['method', 'noiseStd', 'projections', 'projection', 'varianceReduced', 'optimizer', 'batchSize', 'steps', 'epochs', 'seed', 'signal', 'onProgress'] as const;
const METHODS = ['denoising', 'sliced', 'exact'] as const;
const METHOD_CODE = { denoising: SM_DENOISING, sliced: SM_SLICED, exact: SM_EXACT } as const;

export function scoreMatchingSettings(options: ScoreMatchingOptions, rows: number, where: string): ScoreMatchingSettings {
  const method = checkOneOf(options.method ?? 'denoising', `${where}: method`, METHODS);
  const noiseStd = checkNumber(options.noiseStd ?? 0.1, `${where}: noiseStd`, { min: 0, exclusiveMin: true });
  if (!Number.isFinite(noiseStd)) throw new ArgumentError(`${where}: noiseStd must be finite, got ${noiseStd}`);
  const projections = checkInteger(options.projections ?? 1, `${where}: projections`, 1, 1 << 16);
  const projection = checkOneOf(options.projection ?? 'rademacher', `${where}: projection`, ['rademacher', 'gaussian'] as const);
  const vr = options.varianceReduced ?? true;
  if (typeof vr !== 'boolean') throw new ArgumentError(`${where}: varianceReduced must be a boolean, got ${typeof vr}`);
  const batchSize = checkInteger(options.batchSize ?? Math.min(128, rows), `${where}: batchSize`, 1, rows);
  const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
  return { method, noiseStd, projections, projection, varianceReduced: vr, batchSize, seed, optimizer: optimizerSettings(options.optimizer, where) };
}

/** The model's class name for messages. */
function modelName(model: object): string {
  return (model as { constructor?: { name?: string } }).constructor?.name || 'this model';
}

export class ScoreMatchingTrainer extends Resource {
  protected readonly resourceName = 'trainer';
  readonly model: LearnableResource;
  private readonly data: Matrix;
  private readonly s: ScoreMatchingSettings;
  private t!: WasmBlock;
  private X!: WasmBlock;
  private P!: WasmBlock;
  private perm!: WasmBlock;
  private stats!: WasmBlock;
  private backup!: WasmBlock;
  private cursor: number;
  private epochCount = 0;
  private readonly onProgress: ((p: ScoreMatchingProgress) => void) | undefined;

  /** Prepares a trainer (no step is taken); see train.scoreMatching for the options. */
  constructor(model: LearnableResource, data: MatrixLike, options: ScoreMatchingOptions = {}) {
    super();
    const where = 'train.scoreMatching';
    const net = learnableDescriptor(model, where);
    checkOptions(options, `${where}(model, data, options)`, KEYS);
    const K = kernels(where);
    const taylorBytes = K.learnableTaylorBytes(net);
    if (!(taylorBytes > 0)) {
      throw new ArgumentError(
        `${where}: ${modelName(model)} cannot be trained by score matching: its learnable implementation gives no second directional derivatives ` +
          '(Taylor mode) of F in y; use an MLPEnergy, or train this model with train.contrastive or train.nce',
      );
    }
    if (model.conditionDim > 0) throw new ArgumentError(`${where}: score matching here needs an unconditional model (conditionDim 0); this one has conditionDim = ${model.conditionDim}`);
    const y = asMatrix(data, `${where}: data`);
    if (y.cols !== model.dim) throw new ShapeError(`${where}: data has ${y.cols} columns, the model expects ${model.dim}`);
    this.model = model;
    this.data = y;
    this.s = scoreMatchingSettings(options, y.rows, where);
    this.onProgress = checkFunction<(p: ScoreMatchingProgress) => void>(options.onProgress, `${where}: onProgress`);
    const D = y.cols;
    const B = this.s.batchSize;
    const M = this.s.method === 'sliced' ? this.s.projections : this.s.method === 'exact' ? D : 1;
    const P = model.numParams;
    const take = (b: WasmBlock) => {
      this.own(() => b.free());
      return b;
    };
    try {
      this.X = take(matrixBlock(y, `${where}: data`));
      this.t = take(new WasmBlock(K.smBytes()));
      this.P = take(new WasmBlock(B * D * 4));
      this.perm = take(new WasmBlock(y.rows * 4));
      this.stats = take(new WasmBlock(SM_STATS_BYTES));
      this.backup = take(new WasmBlock(P * 4 + 16));
      const m = take(new WasmBlock(P * 4));
      const v = take(new WasmBlock(P * 4));
      const scratch = take(new WasmBlock(K.smScratchBytes(B, M, D, P), `${where}: batchSize ${B} × ${M} ${this.s.method === 'exact' ? 'dimensions' : 'projections'} rows of ${D}`));
      const taylor = take(new WasmBlock(taylorBytes, `${where}: the model's Taylor workspace`));
      const i32 = heapI32();
      const u32 = heapU32();
      const tp = this.t.ptr;
      const set = (off: number, v: number) => (i32[(tp + off) >>> 2] = v);
      const setPtr = (off: number, v: number) => (u32[(tp + off) >>> 2] = v);
      const o = this.s.optimizer;
      setPtr(SM_NET, net);
      set(SM_DIM, D);
      set(SM_BATCH, B);
      set(SM_METHOD, METHOD_CODE[this.s.method]);
      set(SM_PROJ, M);
      set(SM_DIST, this.s.projection === 'gaussian' ? SM_PROJ_GAUSSIAN : SM_PROJ_RADEMACHER);
      set(SM_VR, this.s.varianceReduced ? 1 : 0);
      set(SM_OPT, o.kind === 'sgd' ? OPT_SGD : OPT_ADAM);
      setPtr(SM_M, m.ptr);
      setPtr(SM_V, v.ptr);
      setPtr(SM_SCRATCH, scratch.ptr);
      setPtr(SM_TAYLOR, taylor.ptr);
      set(SM_NESTEROV, o.nesterov ? 1 : 0);
      set(SM_DECOUPLED, o.decoupled ? 1 : 0);
      const f64 = heapF64();
      const setF = (off: number, v: number) => (f64[(tp + off) >>> 3] = v);
      setF(SM_LR, o.lr);
      setF(SM_BETA1, o.beta1);
      setF(SM_BETA2, o.beta2);
      setF(SM_EPS, o.eps);
      setF(SM_WD, o.weightDecay);
      setF(SM_CLIP, o.maxGradNorm ?? 0);
      setF(SM_NOISE_STD, this.s.noiseStd);
      const [lo, hi] = seedWords(this.s.seed);
      K.rngInit(tp + SM_RNG, lo, hi, 0x736d0000); // 'sm'
      const p = this.perm.i32(y.rows);
      for (let i = 0; i < y.rows; i++) p[i] = i;
      this.cursor = y.rows; // the first step shuffles
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Training steps taken so far. */
  get steps(): number {
    return readSmState(this.live('steps'), 0).stepCount;
  }

  /** Full passes over the data started so far. */
  get epochs(): number {
    return this.epochCount;
  }

  /** The method this trainer uses. */
  get method(): ScoreMatchingMethod {
    return this.s.method;
  }

  /** Takes `steps` steps or `epochs` passes over the data; `lr` sets the learning rate from now on. Resolves to the last step's progress. */
  async run(options: { steps?: number; epochs?: number; lr?: number; signal?: AbortSignal; onProgress?: (p: ScoreMatchingProgress) => void }): Promise<ScoreMatchingProgress | null> {
    const where = 'ScoreMatchingTrainer.run';
    const t = this.live(where);
    const plan = readRunOptions(options, where, [], this.s.batchSize, this.data.rows, this.onProgress);
    const K = kernels(where);
    const B = this.s.batchSize;
    const n = this.data.rows;
    return runFusedSteps<ScoreMatchingProgress>(this, {
      model: this.model, backup: this.backup.ptr,
      nextBatch: () => {
        if (this.cursor + B > n) {
          K.shufflePerm(this.perm.ptr, n, t + SM_RNG);
          this.cursor = 0;
          this.epochCount++;
        }
        K.gatherBatch(this.P.ptr, this.X.ptr, this.data.cols, this.perm.ptr, this.cursor, B);
        this.cursor += B;
      },
      step: () => {
        K.smStep(t, this.P.ptr, this.stats.ptr);
        const s = this.stats.f64(SM_STATS_BYTES / 8);
        const loss = s[SM_STAT_LOSS / 8]!;
        const step = this.steps;
        return { ok: s[SM_STAT_OK / 8] === 1, loss, step, progress: { epoch: this.epochCount, step, loss, gradNorm: s[SM_STAT_GRAD_NORM / 8]! } };
      },
      setLr: (lr) => {
        heapF64()[(t + SM_LR) >>> 3] = lr;
        this.s.optimizer.lr = lr;
      },
    }, plan, where);
  }

  /** Saves everything a step depends on (model parameters included), to resume bit-exactly with ScoreMatchingTrainer.fromBytes. */
  toBytes(): Uint8Array {
    const t = this.live('ScoreMatchingTrainer.toBytes');
    const np = this.model.numParams;
    return writeSmFile(this.s, this.data.rows, np, {
      ...readSmState(t, np),
      params: this.model.params,
      perm: this.perm.i32(this.data.rows).slice(),
      cursor: this.cursor,
      epochs: this.epochCount,
    });
  }

  /** Restores a trainer saved by toBytes onto `model` (same architecture) and the same `data`; the file is validated in full before anything changes. */
  static fromBytes(bytes: Uint8Array, model: LearnableResource, data: MatrixLike): ScoreMatchingTrainer {
    const where = 'ScoreMatchingTrainer.fromBytes';
    learnableDescriptor(model, where);
    const y = asMatrix(data, `${where}: data`);
    const { options, state } = readSmFile(bytes, y.rows, model.numParams, where);
    let tr: ScoreMatchingTrainer;
    try {
      tr = new ScoreMatchingTrainer(model, data, options);
    } catch (e) {
      asFileError(e, where);
    }
    try {
      writeSmState(tr.t.ptr, state);
      heapI32().set(state.perm, tr.perm.ptr >>> 2);
      tr.cursor = state.cursor;
      tr.epochCount = state.epochs;
      model.setParams(state.params); // last: only a fully valid file changes the model
    } catch (e) {
      tr.dispose();
      throw e;
    }
    return tr;
  }

  private live(where: string): number {
    this.checkLive(where);
    learnableDescriptor(this.model, where);
    return this.t.ptr;
  }
}

/**
 * Trains `model` by score matching (exact, sliced or denoising) for `steps`
 * steps or `epochs` passes over `data` and resolves to the trainer (continue
 * with `run`, save with `toBytes`, or dispose).
 */
export async function scoreMatching(model: LearnableResource, data: MatrixLike, options: ScoreMatchingOptions = {}): Promise<ScoreMatchingTrainer> {
  const run = firstRunLength(options, 'train.scoreMatching');
  const trainer = new ScoreMatchingTrainer(model, data, options);
  return firstRun(trainer, () => trainer.run({ ...run, signal: options.signal }));
}
