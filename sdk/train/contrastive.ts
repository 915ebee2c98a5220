// Contrastive training (the lecture's contrastive methods): push the energy
// down on data and up on contrastive samples. Each step is one fused WASM call
// (assembly/train/contrastive.ts): negatives, both energy passes, the
// weighted parameter gradient, the optimizer update. All state that a step
// reads or changes (RNG, epoch order, replay buffer, sampler state, optimizer
// moments) lives in WASM memory, so `run` in chunks equals one long run and a
// saved trainer resumes bit-exactly.
import { ArgumentError, EbmError, NumericalError, ShapeError } from '../errors.js';
import { FileFormatError, readFile, writeFile } from '../io/format.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import type { LearnableResource } from '../models/learnable.js';
import { adam, type Optimizer } from '../optim.js';
import { learnableDescriptor } from '../models/learnable.js';
import {
  INIT_BUFFER, INIT_DATA, INIT_NOISE, LOSS_CONTRASTIVE, LOSS_HINGE, LOSS_LOG, LOSS_PERCEPTRON,
  LOSS_SQUARE_EXPONENTIAL, LOSS_SQUARE_SQUARE, NOISE_NORMAL, NOISE_UNIFORM, OPT_ADAM, OPT_SGD, RNG_STATE_BYTES,
  SAMPLER_HMC, SAMPLER_LANGEVIN, SAMPLER_MALA, TRAIN_STATS_BYTES, TRAIN_STAT_ENERGY_NEGATIVE,
  TRAIN_STAT_ENERGY_POSITIVE, TRAIN_STAT_GRAD_NORM, TRAIN_STAT_LOSS, TRAIN_STAT_OK, T_ALPHA, T_BATCH, T_BETA1,
  T_BETA2, T_BUF, T_BUF_COUNT, T_BUF_IDX, T_BUF_SIZE, T_CLIP, T_DECOUPLED, T_DIM, T_EPS, T_GAMMA, T_HI, T_INIT,
  T_KICK, T_LO, T_LOSS, T_LR, T_M, T_MARGIN, T_NEG, T_NESTEROV, T_NET, T_NOISE_MODE, T_OPT, T_OPT_T, T_PX, T_REINIT,
  T_RNG, T_SAMPLER, T_SCRATCH, T_SSTATE, T_STD, T_STEPS, T_STEP_COUNT, T_STEP_SIZE, T_V, T_WD,
} from '../runtime/abi.js';
import { heapF32, heapF64, heapI32, heapU32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';

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
  onProgress?: (p: ContrastiveProgress) => void;
}

export interface ContrastiveProgress {
  epoch: number;
  step: number;
  loss: number;
  /** Mean energy of the data rows (E⁺) and of the negatives (E⁻) in this step. */
  energyPositive: number;
  energyNegative: number;
  gradNorm: number;
}

// the codes the trainer block holds (assembly/train/losses.ts, contrastive.ts, samplers/state.ts), by option name
const LOSS_CODES: Record<LossName, number> = {
  contrastive: LOSS_CONTRASTIVE, hinge: LOSS_HINGE, log: LOSS_LOG, 'square-square': LOSS_SQUARE_SQUARE,
  'square-exponential': LOSS_SQUARE_EXPONENTIAL, perceptron: LOSS_PERCEPTRON,
};
const INIT_CODES = { data: INIT_DATA, noise: INIT_NOISE, buffer: INIT_BUFFER } as const;
const SAMPLER_KIND = { langevin: SAMPLER_LANGEVIN, mala: SAMPLER_MALA, hmc: SAMPLER_HMC } as const;

const NEG_KEYS = ['init', 'kick', 'sampler', 'steps', 'stepSize', 'noiseScale', 'leapfrogSteps', 'bufferSize', 'reinit', 'noise'] as const;
const KEYS = ['negatives', 'loss', 'margin', 'gamma', 'regularization', 'optimizer', 'epochs', 'batchSize', 'seed', 'signal', 'onProgress'] as const;

interface Settings {
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
  optimizer: { kind: 'sgd' | 'adam'; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; nesterov: boolean; decoupled: boolean; maxGradNorm: number | null };
}

export class ContrastiveTrainer extends Resource {
  protected readonly resourceName = 'trainer';
  readonly model: LearnableResource;
  private readonly data: Matrix;
  private readonly s: Settings;
  private t: WasmBlock;
  private X: WasmBlock;
  private P: WasmBlock;
  private perm: WasmBlock;
  private stats: WasmBlock;
  private backup: WasmBlock;
  private sampler: WasmBlock | null = null;
  private buf: WasmBlock | null = null;
  private cursor: number;
  private epochCount = 0;
  private readonly cond: Matrix | null;
  private XC: WasmBlock | null = null;
  private PX: WasmBlock | null = null;

  /** Prepares a trainer (no step is taken); see train.contrastive for the options. */
  constructor(model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }, options: ContrastiveOptions = {}) {
    super();
    const where = 'train.contrastive';
    const net = learnableDescriptor(model, where);
    checkOptions(options, `${where}(model, data, options)`, KEYS);
    const { x, y } = splitData(model, data, where);
    if (y.rows === 0) throw new ShapeError(`${where}: data has no rows`);
    if (y.cols !== model.dim) throw new ShapeError(`${where}: data has ${y.cols} columns, the model expects ${model.dim}`);
    this.model = model;
    this.data = y;
    this.cond = x;
    this.s = settings(options, y, where);
    const K = kernels(where);
    const D = y.cols;
    const B = this.s.batchSize;
    const n = y.rows;
    const P = model.numParams;
    const take = (b: WasmBlock) => {
      this.own(() => b.free());
      return b;
    };
    try {
      this.X = take(matrixBlock(y, `${where}: data`));
      if (x) {
        this.XC = take(matrixBlock(x, `${where}: data.X`));
        this.PX = take(new WasmBlock(B * x.cols * 4));
      }
      this.t = take(new WasmBlock(K.trainerBytes()));
      this.P = take(new WasmBlock(B * D * 4));
      this.perm = take(new WasmBlock(n * 4));
      this.stats = take(new WasmBlock(TRAIN_STATS_BYTES));
      this.backup = take(new WasmBlock(P * 4));
      const m = take(new WasmBlock(P * 4));
      const v = take(new WasmBlock(P * 4));
      const neg = take(new WasmBlock(B * D * 4));
      const scratch = take(new WasmBlock((4 * B + P + B * D) * 4 + 16));
      const idx = take(new WasmBlock(B * 4));
      const lo = take(new WasmBlock(D * 4));
      const hi = take(new WasmBlock(D * 4));
      lo.f32(D).set(this.s.lo);
      hi.f32(D).set(this.s.hi);
      if (this.s.init === 'buffer') this.buf = take(new WasmBlock(this.s.bufferSize * D * 4, `${where}: negatives.bufferSize ${this.s.bufferSize} × dim ${D}`));
      const [seedLo, seedHi] = seedWords(this.s.seed);
      if (this.s.sampler !== 'descent') {
        this.sampler = take(new WasmBlock(K.samplerStateBytes(B, D)));
        const y0 = new WasmBlock(B * D * 4);
        try {
          K.samplerLayout(this.sampler.ptr, SAMPLER_KIND[this.s.sampler], B, D, seedLo, seedHi, 0x6e656700, y0.ptr);
        } finally {
          y0.free();
        }
        K.samplerConfigure(this.sampler.ptr, this.s.stepSize, 1, this.s.noiseScale, 0, this.s.leapfrogSteps);
      }
      const o = this.s.optimizer;
      const tp = this.t.ptr;
      const i32 = heapI32();
      const u32 = heapU32();
      const w = tp >>> 2;
      const set32 = (off: number, v2: number) => (i32[w + off / 4] = v2);
      const setPtr = (off: number, p: number) => (u32[w + off / 4] = p);
      setPtr(T_NET, net);
      setPtr(T_PX, this.PX ? this.PX.ptr : 0);
      set32(T_DIM, D);
      set32(T_BATCH, B);
      set32(T_INIT, INIT_CODES[this.s.init]);
      set32(T_SAMPLER, this.s.sampler === 'descent' ? 0 : 1);
      set32(T_STEPS, this.s.steps);
      set32(T_LOSS, LOSS_CODES[this.s.loss]);
      setPtr(T_BUF, this.buf ? this.buf.ptr : 0);
      set32(T_BUF_SIZE, this.s.bufferSize);
      set32(T_BUF_COUNT, 0);
      setPtr(T_SSTATE, this.sampler ? this.sampler.ptr : 0);
      set32(T_NOISE_MODE, this.s.noiseMode);
      setPtr(T_LO, lo.ptr);
      setPtr(T_HI, hi.ptr);
      set32(T_OPT, o.kind === 'sgd' ? OPT_SGD : OPT_ADAM);
      set32(T_OPT_T, 0);
      setPtr(T_M, m.ptr);
      setPtr(T_V, v.ptr);
      setPtr(T_NEG, neg.ptr);
      setPtr(T_SCRATCH, scratch.ptr);
      setPtr(T_BUF_IDX, idx.ptr);
      set32(T_NESTEROV, o.nesterov ? 1 : 0);
      set32(T_DECOUPLED, o.decoupled ? 1 : 0);
      set32(T_STEP_COUNT, 0);
      const f64 = heapF64();
      const f = tp >>> 3;
      const setF = (off: number, v2: number) => (f64[f + off / 8] = v2);
      setF(T_STEP_SIZE, this.s.stepSize);
      setF(T_KICK, this.s.kick);
      setF(T_REINIT, this.s.reinit);
      setF(T_STD, this.s.std);
      setF(T_MARGIN, this.s.margin);
      setF(T_GAMMA, this.s.gamma);
      setF(T_ALPHA, this.s.alpha);
      setF(T_LR, o.lr);
      setF(T_BETA1, o.kind === 'sgd' ? o.beta1 : o.beta1);
      setF(T_BETA2, o.beta2);
      setF(T_EPS, o.eps);
      setF(T_WD, o.weightDecay);
      setF(T_CLIP, o.maxGradNorm ?? 0);
      K.rngInit(tp + T_RNG, seedLo, seedHi, 0x636f6e74); // 'cont'
      const p = this.perm.i32(n);
      for (let i = 0; i < n; i++) p[i] = i;
      this.cursor = n; // the first step shuffles
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Training steps taken so far. */
  get steps(): number {
    return heapI32()[(this.live('steps') + T_STEP_COUNT) >>> 2]!;
  }

  /** Full passes over the data started so far. */
  get epochs(): number {
    return this.epochCount;
  }

  /** Rows currently in the replay buffer (init 'buffer'), a copy. */
  get buffer(): Matrix {
    const t = this.live('buffer');
    const D = this.data.cols;
    const count = this.buf ? heapI32()[(t + T_BUF_COUNT) >>> 2]! : 0;
    return { rows: count, cols: D, data: this.buf ? this.buf.f32(count * D).slice() : new Float32Array(0) };
  }

  /**
   * Takes `steps` training steps, or `epochs` passes over the data (the last
   * partial batch of an epoch is dropped). `lr` sets the optimizer's learning
   * rate from now on (it is saved with the trainer). Resolves to the last step's progress.
   */
  async run(options: { steps?: number; epochs?: number; lr?: number; signal?: AbortSignal; onProgress?: (p: ContrastiveProgress) => void }): Promise<ContrastiveProgress | null> {
    const where = 'ContrastiveTrainer.run';
    const t = this.live(where);
    if (options === undefined) throw new ArgumentError(`${where}(options): options { steps } or { epochs } are required`);
    checkOptions(options, `${where}(options)`, ['steps', 'epochs', 'lr', 'signal', 'onProgress']);
    const lr = options.lr === undefined ? undefined : checkNumber(options.lr, `${where}: lr`, { min: 0, exclusiveMin: true });
    if ((options.steps === undefined) === (options.epochs === undefined)) throw new ArgumentError(`${where}: give exactly one of steps or epochs`);
    const B = this.s.batchSize;
    const n = this.data.rows;
    const perEpoch = Math.floor(n / B);
    const steps = options.steps !== undefined ? checkInteger(options.steps, `${where}: steps`, 0) : checkInteger(options.epochs, `${where}: epochs`, 0) * perEpoch;
    const signal = checkSignal(options.signal, `${where}: signal`);
    const onProgress = checkFunction<(p: ContrastiveProgress) => void>(options.onProgress, `${where}: onProgress`);
    const K = kernels(where);
    const np = this.model.numParams;
    const net = learnableDescriptor(this.model, where);
    let last: ContrastiveProgress | null = null;
    let done = 0;
    const kept = () => `the ${done} steps of this run taken before it are kept`;
    return runOn(this, { where, signal, onProgress, kept, uses: [this.model] }, async (pacer) => {
    if (lr !== undefined) {
      // a learning-rate schedule without losing the buffer or the optimizer's moments
      heapF64()[(t + T_LR) >>> 3] = lr;
      this.s.optimizer.lr = lr;
    }
    for (let k = 0; k < steps; k++) {
      if (this.cursor + B > n) {
        K.shuffleOrder(t, this.perm.ptr, n);
        this.cursor = 0;
        this.epochCount++;
      }
      K.gatherBatch(this.P.ptr, this.X.ptr, this.data.cols, this.perm.ptr, this.cursor, B);
      if (this.cond && this.XC && this.PX) K.gatherBatch(this.PX.ptr, this.XC.ptr, this.cond.cols, this.perm.ptr, this.cursor, B);
      this.cursor += B;
      const theta = K.learnableParams(net);
      heapF32().copyWithin(this.backup.ptr >>> 2, theta >>> 2, (theta >>> 2) + np);
      K.contrastiveStep(t, this.P.ptr, this.stats.ptr);
      const s = this.stats.f64(TRAIN_STATS_BYTES / 8);
      const stat = (offset: number) => s[offset / 8]!;
      const step = this.steps;
      if (stat(TRAIN_STAT_OK) !== 1) {
        heapF32().copyWithin(theta >>> 2, this.backup.ptr >>> 2, (this.backup.ptr >>> 2) + np);
        K.learnableSync(net);
        const loss = stat(TRAIN_STAT_LOSS);
        throw new NumericalError(
          `${where}: non-finite ${Number.isFinite(loss) ? 'gradient or parameters' : 'loss'} at step ${step} (loss ${loss}, E⁺ ${stat(TRAIN_STAT_ENERGY_POSITIVE)}, E⁻ ${stat(TRAIN_STAT_ENERGY_NEGATIVE)}); ` +
            'the model keeps the parameters from before that step: lower the learning rate or step size, or add regularization.energySquare',
          step,
        );
      }
      last = {
        epoch: this.epochCount, step, loss: stat(TRAIN_STAT_LOSS), energyPositive: stat(TRAIN_STAT_ENERGY_POSITIVE),
        energyNegative: stat(TRAIN_STAT_ENERGY_NEGATIVE), gradNorm: stat(TRAIN_STAT_GRAD_NORM),
      };
      done++;
      pacer.report(last);
      await pacer.tick();
    }
    return last;
    });
  }

  /** Saves everything a step depends on (model parameters included), to resume bit-exactly with ContrastiveTrainer.fromBytes. */
  toBytes(): Uint8Array {
    const t = this.live('ContrastiveTrainer.toBytes');
    const np = this.model.numParams;
    const D = this.data.cols;
    const bytesAsF32 = (ptr: number, bytes: number) => new Float32Array(heapU8().slice(ptr, ptr + bytes).buffer);
    const i32 = heapI32();
    const header = {
      kind: 'contrastive-trainer',
      settings: this.s,
      rows: this.data.rows,
      numParams: np,
      cursor: this.cursor,
      epochs: this.epochCount,
      bufCount: i32[(t + T_BUF_COUNT) >>> 2],
      optSteps: i32[(t + T_OPT_T) >>> 2],
      stepCount: i32[(t + T_STEP_COUNT) >>> 2],
      samplerBytes: this.sampler ? this.sampler.bytes : 0,
    };
    const m = heapU32()[(t + T_M) >>> 2]!;
    const v = heapU32()[(t + T_V) >>> 2]!;
    const arrays = [
      this.model.params,
      heapF32().slice(m >>> 2, (m >>> 2) + np),
      heapF32().slice(v >>> 2, (v >>> 2) + np),
      bytesAsF32(t + T_RNG, RNG_STATE_BYTES),
      bytesAsF32(this.perm.ptr, this.data.rows * 4),
      this.buf ? this.buf.f32(this.s.bufferSize * D).slice() : new Float32Array(0),
      this.sampler ? bytesAsF32(this.sampler.ptr, this.sampler.bytes) : new Float32Array(0),
    ];
    return writeFile(header, arrays);
  }

  /** Restores a trainer saved by toBytes onto `model` (same architecture) and the same `data`; the model's parameters are replaced. */
  static fromBytes(bytes: Uint8Array, model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }): ContrastiveTrainer {
    const where = 'ContrastiveTrainer.fromBytes';
    const file = readFile(bytes, where);
    const h = file.header as Record<string, unknown>;
    if (h.kind !== 'contrastive-trainer') throw new FileFormatError('kind', `${where}: the file holds a '${String(h.kind)}', not a 'contrastive-trainer'`);
    const s = h.settings as Settings;
    const y = splitData(model, data, where).y;
    if (h.rows !== y.rows) throw new ShapeError(`${where}: the trainer was saved with ${String(h.rows)} data rows, got ${y.rows}`);
    if (h.numParams !== model.numParams) throw new ShapeError(`${where}: the trainer was saved for ${String(h.numParams)} parameters, the model has ${model.numParams}`);
    const o = s.optimizer;
    const opt = o.kind === 'sgd'
      ? { kind: 'sgd', options: { lr: o.lr, momentum: o.beta1, nesterov: o.nesterov, weightDecay: o.weightDecay, maxGradNorm: o.maxGradNorm ?? Infinity } }
      : { kind: 'adam', options: { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: o.decoupled, maxGradNorm: o.maxGradNorm ?? Infinity } };
    const tr = new ContrastiveTrainer(model, data, {
      negatives: {
        init: s.init, sampler: s.sampler, steps: s.steps, stepSize: s.stepSize, noiseScale: s.noiseScale, leapfrogSteps: s.leapfrogSteps,
        kick: s.kick, bufferSize: s.bufferSize, reinit: s.reinit,
        noise: s.noiseMode === NOISE_NORMAL ? { std: s.std } : { bounds: { lo: s.lo, hi: s.hi } },
      },
      loss: s.loss, margin: s.margin, gamma: s.gamma, regularization: { energySquare: s.alpha },
      optimizer: opt as unknown as Optimizer, batchSize: s.batchSize, seed: s.seed,
    });
    try {
      const np = model.numParams;
      const params = file.take(np, 'the parameters');
      const m = file.take(np, 'the first moments');
      const v = file.take(np, 'the second moments');
      const rng = file.take(8, 'the RNG state');
      const perm = file.take(y.rows, 'the epoch order');
      const buf = file.take(s.init === 'buffer' ? s.bufferSize * y.cols : 0, 'the replay buffer');
      const sb = h.samplerBytes as number;
      const smp = file.take(sb / 4, 'the sampler state');
      file.done();
      if (tr.sampler && sb !== tr.sampler.bytes) throw new FileFormatError('shape', `${where}: the sampler state has ${sb} bytes, expected ${tr.sampler.bytes}`);
      model.setParams(params);
      const t = tr.t.ptr;
      const u32 = heapU32();
      heapF32().set(m, u32[(t + T_M) >>> 2]! >>> 2);
      heapF32().set(v, u32[(t + T_V) >>> 2]! >>> 2);
      heapU8().set(new Uint8Array(rng.buffer), t + T_RNG);
      heapU8().set(new Uint8Array(perm.buffer), tr.perm.ptr);
      if (tr.buf) heapF32().set(buf, tr.buf.ptr >>> 2);
      if (tr.sampler) {
        heapU8().set(new Uint8Array(smp.buffer), tr.sampler.ptr);
        if (kernels(where).samplerValidate(tr.sampler.ptr, sb, s.batchSize, y.cols) !== 0) throw new FileFormatError('shape', `${where}: the sampler state does not match`);
      }
      const i32 = heapI32();
      i32[(t + T_BUF_COUNT) >>> 2] = h.bufCount as number;
      i32[(t + T_OPT_T) >>> 2] = h.optSteps as number;
      i32[(t + T_STEP_COUNT) >>> 2] = h.stepCount as number;
      tr.cursor = h.cursor as number;
      tr.epochCount = h.epochs as number;
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

/** data is a Matrix of y rows, or { X, Y } for a conditional model (x first in its input). */
function splitData(model: LearnableResource, data: unknown, where: string): { x: Matrix | null; y: Matrix } {
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

function settings(options: ContrastiveOptions, y: Matrix, where: string): Settings {
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
  const opt = options.optimizer ?? adam({ lr: 1e-3 });
  const oo = (opt as { options?: Record<string, unknown>; kind?: string });
  if (oo === null || typeof oo !== 'object' || (oo.kind !== 'sgd' && oo.kind !== 'adam') || typeof oo.options !== 'object') {
    throw new ArgumentError(`${where}: optimizer must come from optim.sgd(...) or optim.adam(...)`);
  }
  const o = oo.options as Record<string, number | boolean>;
  const clip = o.maxGradNorm as number;
  return {
    init, sampler, steps, stepSize, noiseScale, leapfrogSteps, kick, bufferSize, reinit, noiseMode, lo, hi, std,
    loss, margin, gamma, alpha, batchSize, seed,
    optimizer: {
      kind: oo.kind,
      lr: o.lr as number,
      beta1: (oo.kind === 'sgd' ? o.momentum : o.beta1) as number,
      beta2: (o.beta2 as number) ?? 0,
      eps: (o.eps as number) ?? 0,
      weightDecay: (o.weightDecay as number) ?? 0,
      nesterov: Boolean(o.nesterov),
      decoupled: Boolean(o.decoupled),
      maxGradNorm: Number.isFinite(clip) ? clip : null,
    },
  };
}

/**
 * Trains `model` contrastively for `epochs` passes over `data` and resolves
 * to the trainer (to continue with `run`, save with `toBytes`, or dispose).
 */
export async function contrastive(model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }, options: ContrastiveOptions = {}): Promise<ContrastiveTrainer> {
  const where = 'train.contrastive';
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0);
  const trainer = new ContrastiveTrainer(model, data, options);
  try {
    await trainer.run({ epochs, signal: options.signal, onProgress: options.onProgress });
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return trainer;
}
