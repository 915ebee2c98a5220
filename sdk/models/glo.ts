// Generative Latent Optimization (Bojanowski et al. 2017): a decoder G_θ and
// one learned code per training row, trained together on ‖y_i − G_θ(z_i)‖²
// with the codes kept in the unit ball. As an energy it is the lecture's
// architectural EBM F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖²: low only on the image of
// a d-dimensional ball. Every loop runs in WASM (assembly/energies/glo.ts);
// this class validates, schedules epochs and batches, and frames files.
import type { ParallelOptions } from '../parallel/use.js';
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { DESCRIPTOR } from '../energies/energy.js';
import type { Optimizer } from '../optim.js';
import { LEARNABLE, type Learnable } from './learnable.js';
import { ACTIVATIONS, ACTIVATION_CODES, type Activation } from './mlp.js';
import { gloFromFile, gloToBytes, type GLOState } from './glo-file.js';
import { gloFit } from './glo-fit.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';

export interface GLOInference {
  /** Starting codes per row: the learned codes whose decodings are nearest the row. Default 4. */
  starts?: number;
  /** Projected gradient steps from each start. Default 50. */
  steps?: number;
  /** Step size η of z ← Π(z − η∇_z‖y − G(z)‖²). Default 0.05. */
  stepSize?: number;
}

export interface GLOOptions {
  /** Dimension D of the data y. */
  dim: number;
  /** Dimension d of the codes z. */
  latentDim: number;
  /** Hidden widths of the decoder d → … → D. */
  hidden: number[];
  /** Hidden activation of the decoder. Default 'relu'. */
  activation?: Activation;
  /** Seeds the decoder's initialisation, the codes' initialisation and the epoch orders. Default 0. */
  seed?: number;
  /** What energy, grad and paramGrad use to find z*. */
  inference?: GLOInference;
}

export interface GLOProgress {
  epoch: number;
  epochs: number;
  /** Mean ‖y_i − G(z_i)‖² over the epoch's rows so far. */
  loss: number;
}

/**
 * `workers` / `pool` run each batch's blocks of rows on workers, with the same bytes as the
 * calling thread; a model too small for them to pay stays on the calling thread.
 */
export interface GLOFitOptions extends ParallelOptions {
  /** Passes over the data (each a new shuffled order). Default 10. */
  epochs?: number;
  /** Rows per step. Default 64. */
  batchSize?: number;
  /** Updates θ (its state is the caller's; pass the same one to continue bit-exactly). Default adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  /** Its kind and settings update the codes, lazily per row (SparseAdam for adam); the state lives in the model. Default adam({ lr: 0.01 }). */
  codeOptimizer?: Optimizer;
  signal?: AbortSignal;
  onProgress?: (p: GLOProgress) => void;
}

const KNOWN = ['dim', 'latentDim', 'hidden', 'activation', 'seed', 'inference'] as const;

export class GLO extends Resource implements Learnable {
  protected readonly resourceName = 'GLO';
  readonly dim: number;
  readonly latentDim: number;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly seed: number;
  readonly numParams: number;
  readonly conditionDim = 0;
  readonly hasGrad = true;
  private handle: number;
  private infer: Required<GLOInference> = { starts: 4, steps: 50, stepSize: 0.05 };
  /** Training rows the codes belong to (0 before fit), and where the epoch order stands. */
  /** @internal */
  nCodes = 0;
  /** @internal */
  epochsDone = 0;
  /** @internal */
  rowInEpoch = 0;

  constructor(options: GLOOptions) {
    super();
    const where = 'new GLO';
    if (options === undefined) throw new ArgumentError(`${where}(options): options { dim, latentDim, hidden } are required`);
    checkOptions(options, `${where}(options)`, KNOWN);
    this.dim = checkInteger(options.dim, `${where}: dim`, 1, 1 << 16);
    this.latentDim = checkInteger(options.latentDim, `${where}: latentDim`, 1, 1 << 12);
    if (!Array.isArray(options.hidden)) throw new ArgumentError(`${where}: hidden must be an array of layer widths, got ${describe(options.hidden)}`);
    this.hidden = options.hidden.map((h, i) => checkInteger(h, `${where}: hidden[${i}]`, 1, 1 << 16));
    this.activation = checkOneOf(options.activation ?? 'relu', `${where}: activation`, ACTIVATIONS);
    this.seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    if (options.inference !== undefined) this.infer = inferenceSettings(options.inference, this.infer, `${where}: inference`);
    const sizes = [this.latentDim, ...this.hidden, this.dim];
    const K = kernels(where);
    this.handle = withBlocks((take) => {
      const sz = take(new WasmBlock(sizes.length * 4));
      sz.i32(sizes.length).set(sizes);
      return K.gloCreate(sz.ptr, sizes.length - 1, ACTIVATION_CODES[this.activation]);
    });
    const h = this.handle;
    this.own(() => K.gloDestroy(h));
    this.numParams = K.networkNumParams(K.gloNetwork(h));
    this.applyInference();
    // PyTorch nn.Linear init of the decoder from Philox stream 0 of the seed (as MLPEnergy)
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const u = take(new WasmBlock(this.numParams * 4));
      const [lo, hi] = seedWords(this.seed);
      K.rngInit(st.ptr, lo, hi, 0);
      K.rngUniform(u.ptr, this.numParams, st.ptr);
      K.networkInitUniform(K.gloNetwork(h), u.ptr);
    });
  }

  /** The inference settings of energy, grad and paramGrad. */
  get inference(): Readonly<Required<GLOInference>> {
    return { ...this.infer };
  }

  setInference(options: GLOInference): void {
    const where = 'GLO.setInference';
    this.live(where);
    this.infer = inferenceSettings(options, this.infer, where);
    this.applyInference();
  }

  /** Epochs finished by fit so far (a fraction while an epoch is part-way). */
  get epochs(): number {
    return this.nCodes === 0 ? 0 : this.epochsDone + this.rowInEpoch / this.nCodes;
  }

  /** A copy of the learned codes (one row per training row), or null before fit. */
  get codes(): Matrix | null {
    const h = this.live('GLO.codes');
    if (this.nCodes === 0) return null;
    const p = kernels().gloCodeState(h, 0);
    return { rows: this.nCodes, cols: this.latentDim, data: heapF32().slice(p >>> 2, (p >>> 2) + this.nCodes * this.latentDim) };
  }

  /**
   * Trains θ and the codes on ‖y_i − G(z_i)‖² over shuffled minibatches. The first
   * fit learns one code per row of X; later fits continue on the same rows (X must
   * have as many rows) from where the last stopped, so two fits of e epochs give the
   * same bytes as one of 2e. An abort keeps the finished batches.
   */
  async fit(X: MatrixLike, options: GLOFitOptions = {}): Promise<this> {
    await gloFit(this, X, options);
    return this;
  }

  /** G(z) for every row of Z (n × latentDim). */
  decode(Z: MatrixLike): Matrix {
    const where = 'GLO.decode';
    const h = this.live(where);
    const z = this.rows(Z, this.latentDim, 'Z', 'latentDim', where);
    return withBlocks((take) => {
      const zb = take(matrixBlock(z, `${where}: Z`));
      const out = take(new WasmBlock(Math.max(16, z.rows * this.dim * 4)));
      kernels(where).gloDecode(h, out.ptr, zb.ptr, z.rows);
      return { rows: z.rows, cols: this.dim, data: out.f32(z.rows * this.dim).slice() };
    });
  }

  /** z* = argmin_{‖z‖≤1} ‖y − G(z)‖² per row by projected gradient descent from several starts, and F∞ = its energy. */
  encode(Y: MatrixLike, options: GLOInference = {}): { codes: Matrix; energy: Float32Array } {
    const where = 'GLO.encode';
    const h = this.live(where);
    const s = inferenceSettings(options, this.infer, `${where}(options)`);
    const y = this.rows(Y, this.dim, 'Y', 'dim', where);
    this.fitted(where);
    const n = y.rows;
    const d = this.latentDim;
    return withBlocks((take) => {
      const yb = take(matrixBlock(y, `${where}: Y`));
      const z = take(new WasmBlock(Math.max(16, n * d * 4)));
      const e = take(new WasmBlock(Math.max(16, n * 4)));
      kernels(where).gloEncode(h, z.ptr, e.ptr, yb.ptr, n, s.starts, s.steps, s.stepSize);
      return { codes: { rows: n, cols: d, data: z.f32(n * d).slice() }, energy: e.f32(n).slice() };
    });
  }

  /** F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖² for every row (with the model's inference settings). */
  energy(Y: MatrixLike): Float32Array {
    return this.evaluate(Y, 'GLO.energy', false).energy;
  }

  /** ∇_y F∞ = 2(y − G(z*)) by the envelope theorem. */
  grad(Y: MatrixLike): Matrix {
    return this.evaluate(Y, 'GLO.grad', true).grad!;
  }

  /** F∞ and its gradient in one pass (one inference). */
  energyAndGrad(Y: MatrixLike): { energy: Float32Array; grad: Matrix } {
    const r = this.evaluate(Y, 'GLO.energyAndGrad', true);
    return { energy: r.energy, grad: r.grad! };
  }

  /** n draws: z from a Gaussian fitted to the learned codes (projected onto the ball), decoded. */
  sample(n: number, options: { seed?: number } = {}): { samples: Matrix; codes: Matrix } {
    const where = 'GLO.sample';
    const h = this.live(where);
    checkInteger(n, `${where}: n`, 1, 1 << 24);
    checkOptions(options, `${where}(options)`, ['seed']);
    const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    this.fitted(where);
    const d = this.latentDim;
    const K = kernels(where);
    return withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const z = take(new WasmBlock(n * d * 4));
      const out = take(new WasmBlock(n * this.dim * 4));
      const [lo, hi] = seedWords(seed);
      K.rngInit(st.ptr, lo, hi, 0);
      K.rngNormal(z.ptr, n * d, st.ptr);
      K.gloSample(h, out.ptr, z.ptr, n);
      return { samples: { rows: n, cols: this.dim, data: out.f32(n * this.dim).slice() }, codes: { rows: n, cols: d, data: z.f32(n * d).slice() } };
    });
  }

  /** A copy of the decoder's θ (PyTorch nn.Linear layout: each layer's weight out × in, then its bias). */
  get params(): Float32Array {
    const h = this.live('GLO.params');
    const p = kernels().networkParams(kernels().gloNetwork(h));
    return heapF32().slice(p >>> 2, (p >>> 2) + this.numParams);
  }

  setParams(values: ArrayLike<number>): void {
    const where = 'GLO.setParams';
    const h = this.live(where);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new ArgumentError(`${where}: params must be a Float32Array of ${this.numParams} values, got ${describe(values)}`);
    if (values.length !== this.numParams) throw new ShapeError(`${where}: params has ${values.length} values, this decoder has ${this.numParams}`);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const b = matrixBlock({ rows: 1, cols: data.length, data }, `${where}: params`);
    try {
      const K = kernels(where);
      heapF32().copyWithin(K.networkParams(K.gloNetwork(h)) >>> 2, b.ptr >>> 2, (b.ptr >>> 2) + this.numParams);
      K.networkSync(K.gloNetwork(h));
    } finally {
      b.free();
    }
  }

  /** Σ_r w_r ∂F∞(y_r)/∂θ at the inferred codes (envelope theorem). */
  paramGrad(Y: MatrixLike, weights: ArrayLike<number>): Float32Array {
    const where = 'GLO.paramGrad';
    const h = this.live(where);
    const y = this.rows(Y, this.dim, 'Y', 'dim', where);
    this.fitted(where);
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

  /** A versioned binary (sdk/io/format.ts) with θ, the codes and their optimizer state: a fit resumes bit-exactly. */
  toBytes(): Uint8Array {
    const h = this.live('GLO.toBytes');
    return gloToBytes(this, h, this.state());
  }

  static fromBytes(bytes: Uint8Array): GLO {
    return gloFromFile(bytes, 'GLO.fromBytes', (o) => new GLO(o));
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): GLO {
    return gloFromFile(file, where, (o) => new GLO(o));
  }

  /** @internal */
  [LEARNABLE](where: string): number {
    return this.live(where);
  }

  /** @internal The descriptor samplers use: the model block (kind GLO). */
  [DESCRIPTOR](where: string): number {
    const h = this.live(where);
    this.fitted(where);
    return h;
  }

  /** @internal What the file holds besides θ. */
  state(): GLOState {
    return { nCodes: this.nCodes, epochsDone: this.epochsDone, rowInEpoch: this.rowInEpoch, inference: { ...this.infer } };
  }

  /** @internal Installs a validated file's codes and position (arrays: codes, m, v, steps). */
  installState(s: GLOState, arrays: Float32Array[]): void {
    const K = kernels('GLO.load');
    const h = this.live('GLO.load');
    this.infer = { ...s.inference };
    this.applyInference();
    if (s.nCodes > 0) {
      K.gloSetCodes(h, s.nCodes);
      arrays.forEach((a, i) => heapF32().set(a, K.gloCodeState(h, i) >>> 2));
    }
    this.nCodes = s.nCodes;
    this.epochsDone = s.epochsDone;
    this.rowInEpoch = s.rowInEpoch;
  }

  /** @internal Copies of the code arrays (codes, m, v, steps). */
  codeArrays(): Float32Array[] {
    const K = kernels();
    const h = this.handle;
    if (this.nCodes === 0) return [];
    const n = this.nCodes * this.latentDim;
    return [0, 1, 2, 3].map((i) => {
      const p = K.gloCodeState(h, i) >>> 2;
      return heapF32().slice(p, p + (i === 3 ? this.nCodes : n));
    });
  }

  protected override onDispose(): void {
    this.handle = 0;
  }

  // ---- internals ----------------------------------------------------------

  /** @internal */
  live(where: string): number {
    this.checkLive(where);
    return this.handle;
  }

  private fitted(where: string): void {
    if (this.nCodes === 0) throw new NotFittedError(`${where}: this GLO has no codes yet; call fit(X) first`);
  }

  private applyInference(): void {
    kernels().gloSetInference(this.handle, this.infer.starts, this.infer.steps, this.infer.stepSize);
  }

  /** Codes drawn N(0, I/d) from a Philox stream of their own (norm ≈ 1), projected onto the unit ball. */
  /** @internal */
  initCodes(N: number): void {
    const K = kernels();
    const p = K.gloSetCodes(this.handle, N);
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const [lo, hi] = seedWords(this.seed);
      K.rngInit(st.ptr, lo, hi, 0x7fffffff);
      K.rngNormal(p, N * this.latentDim, st.ptr);
    });
    K.gloProjectCodes(this.handle, Math.fround(1 / Math.sqrt(this.latentDim)));
    this.nCodes = N;
    this.epochsDone = 0;
    this.rowInEpoch = 0;
  }

  /** @internal */
  snapshot(): { params: Float32Array; codes: Float32Array[] } {
    return { params: this.params, codes: this.codeArrays() };
  }

  /** @internal */
  restore(s: { params: Float32Array; codes: Float32Array[] }): void {
    this.setParams(s.params);
    const K = kernels();
    s.codes.forEach((a, i) => heapF32().set(a, K.gloCodeState(this.handle, i) >>> 2));
  }

  private rows(M: MatrixLike, cols: number, name: string, what: string, where: string): Matrix {
    const m = asMatrix(M, `${where}: ${name}`);
    if (m.cols !== cols && !(m.rows === 0 && m.cols === 0)) throw new ShapeError(`${where}: ${name} has ${m.cols} columns, the model expects ${what} = ${cols}`);
    return m;
  }

  private evaluate(Y: MatrixLike, where: string, wantGrad: boolean): { energy: Float32Array; grad?: Matrix } {
    const h = this.live(where);
    const y = this.rows(Y, this.dim, 'Y', 'dim', where);
    this.fitted(where);
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

function inferenceSettings(o: GLOInference, base: Required<GLOInference>, where: string): Required<GLOInference> {
  checkOptions(o, where, ['starts', 'steps', 'stepSize']);
  return {
    starts: checkInteger(o.starts ?? base.starts, `${where}: starts`, 1, 1 << 12),
    steps: checkInteger(o.steps ?? base.steps, `${where}: steps`, 0, 1 << 20),
    stepSize: checkNumber(o.stepSize ?? base.stepSize, `${where}: stepSize`, { min: 0, exclusiveMin: true }),
  };
}
