// Denoising autoencoder (Vincent et al. 2008), the lecture's first contrastive
// example: an encoder-decoder r trained to map corrupted rows back to clean
// ones. Its energy F(y) = ‖y − r(y)‖² is low on the data manifold; the field
// r(y) − y points back to it, and for Gaussian corruption of std σ,
// (r(y) − y)/σ² estimates the score ∇ log p (Alain & Bengio 2014). Every loop
// runs in WASM (assembly/energies/dae.ts) on the shared network kernel.
import type { ParallelOptions } from '../parallel/use.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { DAE_GAUSSIAN, DAE_MASK, DAE_PENALTY_CONTRACTIVE, DAE_PENALTY_SATURATING, DAE_SALT_PEPPER, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { DESCRIPTOR } from '../energies/energy.js';
import type { Optimizer } from '../optim.js';
import { LEARNABLE, type Learnable } from './learnable.js';
import { ACTIVATIONS, ACTIVATION_CODES, type Activation } from './mlp.js';
import { daeFit } from './dae-fit.js';
import { daeFromFile, daeToBytes } from './dae-file.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';

export type Corruption =
  | { kind: 'gaussian'; std: number }
  | { kind: 'mask'; rate: number }
  /** Each entry, with probability `rate`, becomes `low` or `high` (even odds; defaults 0 and 1, a pixel's range). */
  | { kind: 'saltPepper'; rate: number; low?: number; high?: number };

/**
 * A training penalty on the code h = act(W₁y + b₁) of a one-layer encoder (hidden: []),
 * at the rows the encoder sees. contractive: λ‖∂h/∂y‖²_F = λ Σ_j act'(z_j)²‖W₁ⱼ‖²
 * (Rifai et al. 2011; tanh, relu or identity). saturating: λ Σ_j max(0, z_j), each relu
 * unit's distance from its flat region (Goroshin & LeCun 2013; relu only).
 */
export type Penalty = { contractive: number } | { saturating: number };

export interface DenoisingAutoencoderOptions {
  /** Dimension D of the data. */
  dim: number;
  /** Hidden widths of the encoder D → … → latentDim; the decoder mirrors them. Default []. */
  hidden?: number[];
  /** Width of the code (the narrowest layer). */
  latentDim: number;
  /** Activation of every hidden layer, the code included. Default 'tanh'. */
  activation?: Activation;
  /** How training rows are corrupted. Default { kind: 'gaussian', std: 0.1 }. */
  corruption?: Corruption;
  /** Seeds the initialisation, the epoch orders and the corruption draws. Default 0. */
  seed?: number;
  /** Contracting or saturating autoencoder (strategy 7). Default none. */
  penalty?: Penalty;
}

export interface DAEProgress {
  epoch: number;
  epochs: number;
  /** Mean ‖r(ỹ) − y‖² over the epoch's rows so far. */
  loss: number;
}

/**
 * `workers` / `pool` run each batch's blocks of rows on workers, with the same bytes as the
 * calling thread; a model too small for them to pay stays on the calling thread.
 */
export interface DAEFitOptions extends ParallelOptions {
  /** Passes over the data. Default 10. */
  epochs?: number;
  /** Rows per step. Default 64. */
  batchSize?: number;
  /** Updates θ (pass the same one to continue bit-exactly). Default adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  signal?: AbortSignal;
  onProgress?: (p: DAEProgress) => void;
}

const KNOWN = ['dim', 'hidden', 'latentDim', 'activation', 'corruption', 'seed', 'penalty'] as const;
const CORRUPTIONS = ['gaussian', 'mask', 'saltPepper'] as const;
const CORRUPTION_CODES = { gaussian: DAE_GAUSSIAN, mask: DAE_MASK, saltPepper: DAE_SALT_PEPPER };

export class DenoisingAutoencoder extends Resource implements Learnable {
  protected readonly resourceName = 'DenoisingAutoencoder';
  readonly dim: number;
  readonly hidden: readonly number[];
  readonly latentDim: number;
  readonly activation: Activation;
  readonly corruption: Readonly<Corruption>;
  readonly seed: number;
  readonly penalty: Readonly<Penalty> | null;
  readonly numParams: number;
  readonly conditionDim = 0;
  readonly hasGrad = true;
  private handle: number;
  /** @internal Finished epochs and where the current epoch stands (rows). */
  epochsDone = 0;
  /** @internal */
  rowInEpoch = 0;
  /** @internal Rows of the data the fit runs on (0 before the first fit). */
  trainRows = 0;

  constructor(options: DenoisingAutoencoderOptions) {
    super();
    const where = 'new DenoisingAutoencoder';
    if (options === undefined) throw new ArgumentError(`${where}(options): options { dim, latentDim } are required`);
    checkOptions(options, `${where}(options)`, KNOWN);
    this.dim = checkInteger(options.dim, `${where}: dim`, 1, 1 << 16);
    this.latentDim = checkInteger(options.latentDim, `${where}: latentDim`, 1, 1 << 16);
    const hidden = options.hidden ?? [];
    if (!Array.isArray(hidden)) throw new ArgumentError(`${where}: hidden must be an array of layer widths, got ${describe(hidden)}`);
    this.hidden = hidden.map((h, i) => checkInteger(h, `${where}: hidden[${i}]`, 1, 1 << 16));
    this.activation = checkOneOf(options.activation ?? 'tanh', `${where}: activation`, ACTIVATIONS);
    this.corruption = checkCorruption(options.corruption ?? { kind: 'gaussian', std: 0.1 }, `${where}: corruption`);
    this.seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    this.penalty = options.penalty === undefined ? null : checkPenalty(options.penalty, this.hidden.length, this.activation, `${where}: penalty`);
    const sizes = [this.dim, ...this.hidden, this.latentDim, ...[...this.hidden].reverse(), this.dim];
    const c = this.corruption;
    const p = c.kind === 'gaussian' ? c.std : c.rate;
    const lo = c.kind === 'saltPepper' ? c.low ?? 0 : 0;
    const hi = c.kind === 'saltPepper' ? c.high ?? 1 : 0;
    const K = kernels(where);
    this.handle = withBlocks((take) => {
      const sz = take(new WasmBlock(sizes.length * 4));
      sz.i32(sizes.length).set(sizes);
      return K.daeCreate(sz.ptr, sizes.length - 1, ACTIVATION_CODES[this.activation], CORRUPTION_CODES[c.kind], p, lo, hi);
    });
    const h = this.handle;
    this.own(() => K.daeDestroy(h));
    if (this.penalty) {
      const pen = this.penalty;
      if ('contractive' in pen) K.daeSetPenalty(h, DAE_PENALTY_CONTRACTIVE, pen.contractive);
      else K.daeSetPenalty(h, DAE_PENALTY_SATURATING, pen.saturating);
    }
    this.numParams = K.networkNumParams(K.daeNetwork(h));
    // PyTorch nn.Linear init from Philox stream 0 of the seed (as MLPEnergy and GLO)
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const u = take(new WasmBlock(this.numParams * 4));
      const [a, b] = seedWords(this.seed);
      K.rngInit(st.ptr, a, b, 0);
      K.rngUniform(u.ptr, this.numParams, st.ptr);
      K.networkInitUniform(K.daeNetwork(h), u.ptr);
    });
  }

  /** Epochs finished by fit so far (a fraction while an epoch is part-way). */
  get epochs(): number {
    return this.trainRows === 0 ? 0 : this.epochsDone + this.rowInEpoch / this.trainRows;
  }

  /**
   * Trains r on ‖r(ỹ) − y‖² over shuffled minibatches, ỹ a fresh corruption of y
   * drawn in WASM. Later fits continue on data with the same number of rows from
   * where the last stopped: two fits of e epochs give the bytes of one of 2e.
   */
  async fit(X: MatrixLike, options: DAEFitOptions = {}): Promise<this> {
    await daeFit(this, X, options);
    return this;
  }

  /** r(y) for every row. */
  reconstruct(Y: MatrixLike): Matrix {
    return this.map(Y, 'DenoisingAutoencoder.reconstruct', (K, h, out, y, n) => K.daeReconstruct(h, out, y, n));
  }

  /** r(y) − y: the arrows of the lecture's figure, pointing back to the manifold. */
  field(Y: MatrixLike): Matrix {
    return this.map(Y, 'DenoisingAutoencoder.field', (K, h, out, y, n) => K.daeField(h, out, y, n, 1));
  }

  /** (r(y) − y)/σ²: the score estimate of Alain & Bengio (2014); Gaussian corruption only. */
  score(Y: MatrixLike): Matrix {
    const where = 'DenoisingAutoencoder.score';
    const c = this.corruption;
    if (c.kind !== 'gaussian') throw new ArgumentError(`${where}: the score estimate needs Gaussian corruption, this model uses '${c.kind}'`);
    return this.map(Y, where, (K, h, out, y, n) => K.daeField(h, out, y, n, Math.fround(1 / (c.std * c.std))));
  }

  /** Iterates y ← r(y) `steps` times (default 10): rows move onto the learned manifold. */
  project(Y: MatrixLike, options: { steps?: number } = {}): Matrix {
    const where = 'DenoisingAutoencoder.project';
    checkOptions(options, `${where}(options)`, ['steps']);
    const steps = checkInteger(options.steps ?? 10, `${where}: steps`, 0, 1 << 20);
    return this.map(Y, where, (K, h, out, y, n) => K.daeProject(h, out, y, n, steps));
  }

  /** F(y) = ‖y − r(y)‖² for every row. */
  energy(Y: MatrixLike): Float32Array {
    return this.evaluate(Y, 'DenoisingAutoencoder.energy', false).energy;
  }

  /** ∇_y F = 2(I − J_r)ᵀ(y − r(y)), exact through the network's input backward pass. */
  grad(Y: MatrixLike): Matrix {
    return this.evaluate(Y, 'DenoisingAutoencoder.grad', true).grad!;
  }

  energyAndGrad(Y: MatrixLike): { energy: Float32Array; grad: Matrix } {
    const r = this.evaluate(Y, 'DenoisingAutoencoder.energyAndGrad', true);
    return { energy: r.energy, grad: r.grad! };
  }

  /** A copy of θ (PyTorch nn.Linear layout: each layer's weight out × in, then its bias; encoder first). */
  get params(): Float32Array {
    const h = this.live('DenoisingAutoencoder.params');
    const p = kernels().networkParams(kernels().daeNetwork(h));
    return heapF32().slice(p >>> 2, (p >>> 2) + this.numParams);
  }

  setParams(values: ArrayLike<number>): void {
    const where = 'DenoisingAutoencoder.setParams';
    const h = this.live(where);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new ArgumentError(`${where}: params must be a Float32Array of ${this.numParams} values, got ${describe(values)}`);
    if (values.length !== this.numParams) throw new ShapeError(`${where}: params has ${values.length} values, this network has ${this.numParams}`);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ArgumentError(`${where}: params[${bad}] is ${data[bad]}, expected a finite number`);
    const K = kernels(where);
    heapF32().set(data, K.networkParams(K.daeNetwork(h)) >>> 2);
    K.networkSync(K.daeNetwork(h));
  }

  /** Σ_r w_r ∂F(y_r)/∂θ. */
  paramGrad(Y: MatrixLike, weights: ArrayLike<number>): Float32Array {
    const where = 'DenoisingAutoencoder.paramGrad';
    const h = this.live(where);
    const y = this.rows(Y, where);
    if (weights === null || typeof weights !== 'object' || weights.length !== y.rows) throw new ShapeError(`${where}: weights must have one value per row of Y (${y.rows}), got ${describe(weights)}`);
    const w = Float32Array.from(weights);
    return withBlocks((take) => {
      const yb = take(matrixBlock(y, `${where}: Y`));
      const wb = take(matrixBlock({ rows: 1, cols: w.length, data: w }, `${where}: weights`));
      const out = take(new WasmBlock(this.numParams * 4));
      kernels(where).learnableParamGrad(h, out.ptr, wb.ptr, yb.ptr, 0, y.rows, 0, 0);
      return out.f32(this.numParams).slice();
    });
  }

  /** A versioned binary (sdk/io/format.ts) with θ and where the fit stands: a fit resumes bit-exactly. */
  toBytes(): Uint8Array {
    this.live('DenoisingAutoencoder.toBytes');
    return daeToBytes(this);
  }

  static fromBytes(bytes: Uint8Array): DenoisingAutoencoder {
    return daeFromFile(bytes, 'DenoisingAutoencoder.fromBytes', (o) => new DenoisingAutoencoder(o));
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): DenoisingAutoencoder {
    return daeFromFile(file, where, (o) => new DenoisingAutoencoder(o));
  }

  /** @internal */
  [LEARNABLE](where: string): number {
    return this.live(where);
  }

  /** @internal The descriptor samplers use: the model block (kind DAE). */
  [DESCRIPTOR](where: string): number {
    return this.live(where);
  }

  protected override onDispose(): void {
    this.handle = 0;
  }

  /** @internal */
  live(where: string): number {
    this.checkLive(where);
    return this.handle;
  }

  private rows(M: MatrixLike, where: string): Matrix {
    const m = asMatrix(M, `${where}: Y`);
    if (m.cols !== this.dim && !(m.rows === 0 && m.cols === 0)) throw new ShapeError(`${where}: Y has ${m.cols} columns, the model expects dim = ${this.dim}`);
    return m;
  }

  private map(Y: MatrixLike, where: string, body: (K: ReturnType<typeof kernels>, h: number, out: number, y: number, n: number) => void): Matrix {
    const h = this.live(where);
    const y = this.rows(Y, where);
    const n = y.rows;
    return withBlocks((take) => {
      const yb = take(matrixBlock(y, `${where}: Y`));
      const out = take(new WasmBlock(Math.max(16, n * this.dim * 4)));
      body(kernels(where), h, out.ptr, yb.ptr, n);
      return { rows: n, cols: this.dim, data: out.f32(n * this.dim).slice() };
    });
  }

  private evaluate(Y: MatrixLike, where: string, wantGrad: boolean): { energy: Float32Array; grad?: Matrix } {
    const h = this.live(where);
    const y = this.rows(Y, where);
    const n = y.rows;
    return withBlocks((take) => {
      const yb = take(matrixBlock(y, `${where}: Y`));
      const e = take(new WasmBlock(Math.max(16, n * 4)));
      const g = wantGrad ? take(new WasmBlock(Math.max(16, n * this.dim * 4))) : null;
      kernels(where).energyEval(h, yb.ptr, n, e.ptr, g ? g.ptr : 0);
      return { energy: e.f32(n).slice(), grad: g ? { rows: n, cols: this.dim, data: g.f32(n * this.dim).slice() } : undefined };
    });
  }
}

/** Validates a corruption setting (also used on files). */
export function checkCorruption(c: unknown, where: string): Corruption {
  if (c === null || typeof c !== 'object') throw new ArgumentError(`${where} must be { kind: 'gaussian', std } | { kind: 'mask', rate } | { kind: 'saltPepper', rate }, got ${describe(c)}`);
  const o = c as Record<string, unknown>;
  const kind = checkOneOf(o.kind, `${where}.kind`, CORRUPTIONS);
  if (kind === 'gaussian') {
    checkOptions(o, where, ['kind', 'std']);
    return { kind, std: checkNumber(o.std, `${where}.std`, { min: 0, exclusiveMin: true, max: 1e6 }) };
  }
  const rate = checkNumber(o.rate, `${where}.rate`, { min: 0, max: 1 });
  if (kind === 'mask') {
    checkOptions(o, where, ['kind', 'rate']);
    return { kind, rate };
  }
  checkOptions(o, where, ['kind', 'rate', 'low', 'high']);
  const low = checkNumber(o.low ?? 0, `${where}.low`, {});
  const high = checkNumber(o.high ?? 1, `${where}.high`, {});
  return { kind, rate, low, high };
}

/** Validates a penalty against the architecture it needs (also used on files). */
export function checkPenalty(p: unknown, hiddenLayers: number, activation: Activation, where: string): Penalty {
  if (p === null || typeof p !== 'object') throw new ArgumentError(`${where} must be { contractive: λ } or { saturating: λ }, got ${describe(p)}`);
  const o = p as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1 || (keys[0] !== 'contractive' && keys[0] !== 'saturating')) throw new ArgumentError(`${where} must be { contractive: λ } or { saturating: λ }, got ${describe(p)}`);
  const kind = keys[0];
  const lambda = checkNumber(o[kind], `${where}.${kind}`, { min: 0, max: 1e6 });
  // the closed forms hold for one linear layer and an elementwise activation
  if (hiddenLayers !== 0) throw new ArgumentError(`${where}: the ${kind} penalty needs a one-layer encoder (hidden: []), got ${hiddenLayers} hidden layers`);
  const allowed = kind === 'contractive' ? ['tanh', 'relu', 'identity'] : ['relu'];
  if (!allowed.includes(activation)) throw new ArgumentError(`${where}: the ${kind} penalty needs activation ${allowed.map((a) => `'${a}'`).join(', ')}, got '${activation}'`);
  return kind === 'contractive' ? { contractive: lambda } : { saturating: lambda };
}
