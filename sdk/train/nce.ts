// Noise-contrastive estimation (Gutmann & Hyvärinen 2010), the lecture's
// strategy 3: learn F by telling data from noise of known density with a
// logistic classifier whose logit is −F(y) − c − log p_n(y) − log ν. c is a
// learned log-normalizer, so exp(−F − c) becomes a normalized density without
// ever computing Z. Each step is one fused WASM call (assembly/train/nce.ts):
// noise, energies, weights, parameter gradient, optimizer update of θ and c.
// All state a step touches (RNG, epoch order, c, optimizer moments) is in WASM
// memory, so chunked runs equal one run and a saved trainer resumes bit-exactly.
import { ArgumentError, ShapeError } from '../errors.js';
import { asFileError, firstRun } from './trainer-file.js';
import { firstRunLength, optimizerSettings, readRunOptions, runFusedSteps } from './run-steps.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { learnableDescriptor, type LearnableResource } from '../models/learnable.js';
import type { Optimizer } from '../optim.js';
import {
  NCE_BATCH, NCE_BETA1, NCE_BETA2, NCE_C, NCE_CHOL, NCE_CLIP, NCE_DECOUPLED, NCE_DIM, NCE_EPS, NCE_LR, NCE_M, NCE_MEAN,
  NCE_NESTEROV, NCE_NET, NCE_OPT, NCE_RATIO, NCE_RNG, NCE_SCRATCH, NCE_STATS_BYTES, NCE_STAT_ACCURACY, NCE_STAT_GRAD_NORM,
  NCE_STAT_LOSS, NCE_STAT_OK, NCE_V, NCE_WD, OPT_ADAM, OPT_SGD,
} from '../runtime/abi.js';
import { heapF32, heapF64, heapI32, heapU32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkFunction, checkInteger, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { readNceFile, readNceState, writeNceFile, writeNceState, type NceSettings } from './nce-file.js';

export interface NceOptions {
  /** The noise distribution: 'gaussian', a Gaussian fitted to the data (mean and full covariance). Default 'gaussian'. */
  noise?: 'gaussian';
  /** ν, noise draws per data row (integer ≥ 1). Default 4. */
  ratio?: number;
  /** Optimizer settings (θ and c both follow them; weight decay applies to θ only). Default optim.adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  /** Data rows per step. Default min(128, rows). */
  batchSize?: number;
  /** Steps to take in train.nce (or give epochs). */
  steps?: number;
  /** Passes over the data in train.nce (the last partial batch of an epoch is dropped). Default 10 when steps is not given. */
  epochs?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: NceProgress) => void;
}

export interface NceProgress {
  epoch: number;
  step: number;
  /** The NCE logistic loss of the step's batch (per data row: data and its ν noise rows). */
  loss: number;
  /** Share of the step's data and noise rows the classifier got right. */
  accuracy: number;
  /** c after the step. */
  logNormalizer: number;
  gradNorm: number;
}

const KEYS = ['noise', 'ratio', 'optimizer', 'batchSize', 'steps', 'epochs', 'seed', 'signal', 'onProgress'] as const;

export function nceSettings(options: NceOptions, rows: number, where: string): NceSettings {
  checkOneOf(options.noise ?? 'gaussian', `${where}: noise`, ['gaussian'] as const);
  const ratio = checkInteger(options.ratio ?? 4, `${where}: ratio`, 1, 1 << 16);
  const batchSize = checkInteger(options.batchSize ?? Math.min(128, rows), `${where}: batchSize`, 1, rows);
  const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
  return { ratio, batchSize, seed, optimizer: optimizerSettings(options.optimizer, where) };
}

export class NceTrainer extends Resource {
  protected readonly resourceName = 'trainer';
  readonly model: LearnableResource;
  private readonly data: Matrix;
  private readonly s: NceSettings;
  private t!: WasmBlock;
  private X!: WasmBlock;
  private P!: WasmBlock;
  private perm!: WasmBlock;
  private stats!: WasmBlock;
  private backup!: WasmBlock;
  private cursor: number;
  private epochCount = 0;
  private readonly onProgress: ((p: NceProgress) => void) | undefined;

  /** Prepares a trainer and fits the noise to the data (no step is taken); see train.nce for the options. */
  constructor(model: LearnableResource, data: MatrixLike, options: NceOptions = {}) {
    super();
    const where = 'train.nce';
    const net = learnableDescriptor(model, where);
    checkOptions(options, `${where}(model, data, options)`, KEYS);
    if (model.conditionDim > 0) throw new ArgumentError(`${where}: NCE here needs an unconditional model (conditionDim 0); this one has conditionDim = ${model.conditionDim}`);
    const y = asMatrix(data, `${where}: data`);
    if (y.rows < 2) throw new ShapeError(`${where}: data has ${y.rows} rows; fitting the noise needs at least 2`);
    if (y.cols !== model.dim) throw new ShapeError(`${where}: data has ${y.cols} columns, the model expects ${model.dim}`);
    this.model = model;
    this.data = y;
    this.s = nceSettings(options, y.rows, where);
    this.onProgress = checkFunction<(p: NceProgress) => void>(options.onProgress, `${where}: onProgress`);
    const K = kernels(where);
    const D = y.cols;
    const B = this.s.batchSize;
    const P = model.numParams;
    const take = (b: WasmBlock) => {
      this.own(() => b.free());
      return b;
    };
    try {
      this.X = take(matrixBlock(y, `${where}: data`));
      this.t = take(new WasmBlock(K.nceBytes()));
      this.P = take(new WasmBlock(B * D * 4));
      this.perm = take(new WasmBlock(y.rows * 4));
      this.stats = take(new WasmBlock(NCE_STATS_BYTES));
      this.backup = take(new WasmBlock(P * 4 + 16));
      const m = take(new WasmBlock(P * 4));
      const v = take(new WasmBlock(P * 4));
      const mean = take(new WasmBlock(D * 4));
      const chol = take(new WasmBlock(D * D * 4));
      const scratch = take(new WasmBlock(K.nceScratchBytes(B, this.s.ratio, D, P), `${where}: batchSize ${B} × (1 + ratio ${this.s.ratio}) rows`));
      const i32 = heapI32();
      const u32 = heapU32();
      const tp = this.t.ptr;
      const set = (off: number, v: number) => (i32[(tp + off) >>> 2] = v);
      const setPtr = (off: number, v: number) => (u32[(tp + off) >>> 2] = v);
      const o = this.s.optimizer;
      setPtr(NCE_NET, net);
      set(NCE_DIM, D);
      set(NCE_BATCH, B);
      set(NCE_RATIO, this.s.ratio);
      set(NCE_OPT, o.kind === 'sgd' ? OPT_SGD : OPT_ADAM);
      setPtr(NCE_M, m.ptr);
      setPtr(NCE_V, v.ptr);
      setPtr(NCE_SCRATCH, scratch.ptr);
      setPtr(NCE_MEAN, mean.ptr);
      setPtr(NCE_CHOL, chol.ptr);
      set(NCE_NESTEROV, o.nesterov ? 1 : 0);
      set(NCE_DECOUPLED, o.decoupled ? 1 : 0);
      const f64 = heapF64();
      const setF = (off: number, v: number) => (f64[(tp + off) >>> 3] = v);
      setF(NCE_LR, o.lr);
      setF(NCE_BETA1, o.beta1);
      setF(NCE_BETA2, o.beta2);
      setF(NCE_EPS, o.eps);
      setF(NCE_WD, o.weightDecay);
      setF(NCE_CLIP, o.maxGradNorm ?? 0);
      const [lo, hi] = seedWords(this.s.seed);
      K.rngInit(tp + NCE_RNG, lo, hi, 0x6e636500); // 'nce'
      try {
        K.nceFitNoise(tp, this.X.ptr, y.rows);
      } catch (e) {
        throw new ArgumentError(`${where}: data has a direction with no spread, so no Gaussian noise can be fitted (${(e as Error).message})`);
      }
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
    return readNceState(this.live('steps'), 0).stepCount;
  }

  /** Full passes over the data started so far. */
  get epochs(): number {
    return this.epochCount;
  }

  /** c: the learned log-normalizer, so exp(−F(y) − c) estimates the normalized density (log Z ≈ c). */
  get logNormalizer(): number {
    return heapF32()[(this.live('logNormalizer') + NCE_C) >>> 2]!;
  }

  /** The fitted noise Gaussian: its mean and the Cholesky factor L of its covariance (copies). */
  get noise(): { mean: Float32Array; chol: Matrix } {
    const t = this.live('noise');
    const D = this.data.cols;
    const u32 = heapU32();
    const f32 = heapF32();
    const mean = u32[(t + NCE_MEAN) >>> 2]! >>> 2;
    const chol = u32[(t + NCE_CHOL) >>> 2]! >>> 2;
    return { mean: f32.slice(mean, mean + D), chol: { rows: D, cols: D, data: f32.slice(chol, chol + D * D) } };
  }

  /** Takes `steps` steps or `epochs` passes over the data; `lr` sets the learning rate from now on. Resolves to the last step's progress. */
  async run(options: { steps?: number; epochs?: number; lr?: number; signal?: AbortSignal; onProgress?: (p: NceProgress) => void }): Promise<NceProgress | null> {
    const where = 'NceTrainer.run';
    const t = this.live(where);
    const plan = readRunOptions(options, where, [], this.s.batchSize, this.data.rows, this.onProgress);
    const K = kernels(where);
    const B = this.s.batchSize;
    const n = this.data.rows;
    const c = () => (heapF32()[(t + NCE_C) >>> 2]!);
    return runFusedSteps<NceProgress>(this, {
      model: this.model, backup: this.backup.ptr,
      nextBatch: () => {
        if (this.cursor + B > n) {
          K.shufflePerm(this.perm.ptr, n, t + NCE_RNG);
          this.cursor = 0;
          this.epochCount++;
        }
        K.gatherBatch(this.P.ptr, this.X.ptr, this.data.cols, this.perm.ptr, this.cursor, B);
        this.cursor += B;
      },
      // c is learned beside θ: a failed step gives it back too
      save: () => {
        const before = c();
        return () => void (heapF32()[(t + NCE_C) >>> 2] = before);
      },
      step: () => {
        K.nceStep(t, this.P.ptr, this.stats.ptr);
        const s = this.stats.f64(NCE_STATS_BYTES / 8);
        const loss = s[NCE_STAT_LOSS / 8]!;
        const step = this.steps;
        return {
          ok: s[NCE_STAT_OK / 8] === 1, loss, step,
          progress: { epoch: this.epochCount, step, loss, accuracy: s[NCE_STAT_ACCURACY / 8]!, logNormalizer: c(), gradNorm: s[NCE_STAT_GRAD_NORM / 8]! },
        };
      },
      setLr: (lr) => {
        heapF64()[(t + NCE_LR) >>> 3] = lr;
        this.s.optimizer.lr = lr;
      },
    }, plan, where);
  }

  /** Saves everything a step depends on (model parameters included), to resume bit-exactly with NceTrainer.fromBytes. */
  toBytes(): Uint8Array {
    const t = this.live('NceTrainer.toBytes');
    const np = this.model.numParams;
    return writeNceFile(this.s, this.data.rows, np, {
      ...readNceState(t, np),
      params: this.model.params,
      perm: this.perm.i32(this.data.rows).slice(),
      cursor: this.cursor,
      epochs: this.epochCount,
    });
  }

  /** Restores a trainer saved by toBytes onto `model` (same architecture) and the same `data`; the file is validated in full before anything changes. */
  static fromBytes(bytes: Uint8Array, model: LearnableResource, data: MatrixLike): NceTrainer {
    const where = 'NceTrainer.fromBytes';
    learnableDescriptor(model, where);
    const y = asMatrix(data, `${where}: data`);
    const { options, state } = readNceFile(bytes, y.rows, model.numParams, where);
    let tr: NceTrainer;
    try {
      tr = new NceTrainer(model, data, options);
    } catch (e) {
      asFileError(e, where);
    }
    try {
      writeNceState(tr.t.ptr, state);
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
 * Trains `model` by noise-contrastive estimation for `steps` steps or `epochs`
 * passes over `data` and resolves to the trainer (its `logNormalizer` is c;
 * continue with `run`, save with `toBytes`, or dispose).
 */
export async function nce(model: LearnableResource, data: MatrixLike, options: NceOptions = {}): Promise<NceTrainer> {
  const run = firstRunLength(options, 'train.nce');
  const trainer = new NceTrainer(model, data, options);
  return firstRun(trainer, () => trainer.run({ ...run, signal: options.signal }));
}
