// The learnable scalar energy of the lecture: F_θ(y), and the conditional
// F_θ(x, y), as a multilayer perceptron whose scalar output is the energy:
//   F(x, y) = outputScale · MLP([x, y]) + quadratic · ||y||².
// Forward, input gradient and parameter gradient are each one fused WASM call
// over the batch (assembly/energies/mlp.ts). The optional quadratic term keeps
// the energy bounded below, a common EBM stabilizer.
import { ArgumentError, ShapeError } from '../errors.js';
import { FileFormatError, readFile, type ParsedFile, FROM_FILE } from '../io/format.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import {
  ACT_ELU, ACT_GELU, ACT_IDENTITY, ACT_LEAKY_RELU, ACT_RELU, ACT_SILU, ACT_SOFTPLUS, ACT_TANH, RNG_STATE_BYTES,
} from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock, writeMatrix } from '../runtime/data.js';
import { Scratch, WasmBlock, withBlocks } from '../runtime/memory.js';
import { blockBytes, F32 } from '../runtime/sizes.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { DESCRIPTOR, PORTABLE, type PortableEnergy } from '../energies/energy.js';
import { ConditionedMLPEnergy } from './mlp-given.js';
import { INTERNAL } from '../util/library-key.js';
import { mlpFromFile, mlpFromJSON, mlpToBytes, mlpToJSON } from './mlp-files.js';

export { ConditionedMLPEnergy };
import { LEARNABLE, type Learnable } from './learnable.js';
import { findMinima, minimaSettings, type MinimaOptions } from '../inference/minima.js';

export const ACTIVATIONS = ['identity', 'relu', 'leaky_relu', 'silu', 'softplus', 'tanh', 'gelu', 'elu'] as const;
/**
 * Activation of the hidden layers. 'leaky_relu' has slope 0.01, 'elu' alpha 1,
 * 'softplus' is log(1 + eˣ) (beta 1), 'gelu' is the tanh approximation
 * (PyTorch's nn.GELU(approximate='tanh')).
 */
export type Activation = (typeof ACTIVATIONS)[number];

/** The ACT_* code (assembly/energies/activations.ts) of each activation. */
export const ACTIVATION_CODES: Record<Activation, number> = {
  identity: ACT_IDENTITY, relu: ACT_RELU, leaky_relu: ACT_LEAKY_RELU, silu: ACT_SILU,
  softplus: ACT_SOFTPLUS, tanh: ACT_TANH, gelu: ACT_GELU, elu: ACT_ELU,
};

export interface MLPEnergyOptions {
  /** Dimension D of y. */
  inputDim: number;
  /** Dimension C of the condition x (0 for F(y)). The first layer reads [x, y]. */
  conditionDim?: number;
  /** Hidden layer widths, e.g. [128, 128]; may be empty (a linear energy). */
  hidden: number[];
  /** Default 'silu'. */
  activation?: Activation;
  /** Multiplies the network's output. Default 1. */
  outputScale?: number;
  /** λ of the added λ·||y||² (≥ 0). Default 0. */
  quadratic?: number;
  /** Seed of the initialization (PyTorch nn.Linear's: uniform ±1/√fan_in). Default 0. */
  seed?: number;
}

/** The JSON form of an MLP energy; `layers` mirror PyTorch nn.Linear (weight out × in). */
export interface MLPEnergyJSON {
  kind: 'mlp-energy';
  version: 1;
  inputDim: number;
  conditionDim: number;
  outputScale?: number;
  quadratic?: number;
  layers: { weight: number[][]; bias: number[]; activation: Activation }[];
}

/** n rounded up to a multiple of 4 (16-byte alignment of f32 arrays in the scratch block). */
const align4 = (n: number): number => (n + 3) & ~3;

const KNOWN = ['inputDim', 'conditionDim', 'hidden', 'activation', 'outputScale', 'quadratic', 'seed'] as const;

export class MLPEnergy extends Resource implements Learnable {
  protected readonly resourceName = 'MLPEnergy';
  readonly inputDim: number;
  readonly conditionDim: number;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly outputScale: number;
  readonly quadratic: number;
  readonly seed: number;
  readonly numParams: number;
  /** Layer sizes [C + D, …hidden, 1]. */
  readonly sizes: readonly number[];
  private net: number;
  /** Inputs and outputs of the batch calls, kept between calls (see Scratch). */
  private readonly io = new Scratch();

  constructor(options: MLPEnergyOptions) {
    super();
    const where = 'new MLPEnergy';
    if (options === undefined) throw new ArgumentError(`${where}(options): options { inputDim, hidden } are required`);
    checkOptions(options, `${where}(options)`, KNOWN);
    this.inputDim = checkInteger(options.inputDim, `${where}: inputDim`, 1, 1 << 16);
    this.conditionDim = checkInteger(options.conditionDim ?? 0, `${where}: conditionDim`, 0, 1 << 16);
    if (!Array.isArray(options.hidden)) throw new ArgumentError(`${where}: hidden must be an array of layer widths, got ${describe(options.hidden)}`);
    this.hidden = options.hidden.map((h, i) => checkInteger(h, `${where}: hidden[${i}]`, 1, 1 << 16));
    this.activation = checkOneOf(options.activation ?? 'silu', `${where}: activation`, ACTIVATIONS);
    this.outputScale = checkNumber(options.outputScale ?? 1, `${where}: outputScale`);
    this.quadratic = checkNumber(options.quadratic ?? 0, `${where}: quadratic`, { min: 0 });
    this.seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    this.sizes = [this.conditionDim + this.inputDim, ...this.hidden, 1];
    // the parameter count in f64: widths that each pass (e.g. [46341, 46341]) overflow an i32 count
    let params = 0;
    for (let l = 1; l < this.sizes.length; l++) params += this.sizes[l]! * this.sizes[l - 1]! + this.sizes[l]!;
    blockBytes(`${where}: hidden [${this.hidden.join(', ')}] (${params} parameters)`, F32, params);
    const K = kernels(where);
    this.net = withBlocks((take) => {
      const sz = take(new WasmBlock(this.sizes.length * 4));
      sz.i32(this.sizes.length).set(this.sizes);
      return K.mlpCreate(sz.ptr, this.sizes.length - 1, this.inputDim, this.conditionDim, ACTIVATION_CODES[this.activation], this.outputScale, this.quadratic);
    });
    this.numParams = K.mlpNumParams(this.net);
    const net = this.net;
    const io = this.io;
    this.own(() => K.mlpDestroy(net));
    this.own(() => io.release());
    // PyTorch nn.Linear init: uniform in ±1/√fan_in, from Philox stream 0 of the seed
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const u = take(new WasmBlock(this.numParams * 4));
      const [lo, hi] = seedWords(this.seed);
      K.rngInit(st.ptr, lo, hi, 0);
      K.rngUniform(u.ptr, this.numParams, st.ptr);
      K.mlpInitUniform(this.net, u.ptr);
    });
  }

  /** The dimension of y (the Energy concept's `dim`). */
  get dim(): number {
    return this.inputDim;
  }

  /** @internal The learnable descriptor (trainers and optimizers pass it to WASM): the network itself. */
  [LEARNABLE](where: string): number {
    return this.live(where);
  }

  /** An MLP energy always has its exact gradient (the Energy concept). */
  readonly hasGrad = true;

  /** @internal The model's file: a worker loads the very same parameters (sdk/parallel/portable.ts). */
  [PORTABLE](where: string): PortableEnergy | null {
    this.live(where);
    return this.conditionDim > 0 ? null : { type: 'file', bytes: this.toBytes() };
  }

  /** @internal The energy descriptor samplers use: the network itself (unconditional models only). */
  [DESCRIPTOR](where: string): number {
    const net = this.live(where);
    if (this.conditionDim > 0) {
      throw new ArgumentError(`${where}: this MLPEnergy is conditional (conditionDim = ${this.conditionDim}); sample F(x, ·) for a fixed x through model.given(x)`);
    }
    return net;
  }

  /**
   * F(x, ·) for one fixed condition x (conditionDim values): an Energy over y
   * that every sampler accepts, e.g. `samplers.mala(model.given(x), …)` draws
   * from p(y | x) ∝ exp(−β·F(x, y)). It uses the model's current parameters;
   * `dispose()` it when done (it holds a copy of x in WASM memory).
   */
  given(x: ArrayLike<number>): ConditionedMLPEnergy {
    const where = 'MLPEnergy.given';
    this.live(where);
    if (this.conditionDim === 0) throw new ArgumentError(`${where}: this MLPEnergy is unconditional (conditionDim = 0): use it as an Energy directly`);
    if (x === null || typeof x !== 'object' || typeof x.length !== 'number' || (x.length > 0 && typeof x[0] !== 'number')) {
      throw new ArgumentError(`${where}: x must be an array of ${this.conditionDim} numbers, got ${describe(x)}`);
    }
    if (x.length !== this.conditionDim) throw new ShapeError(`${where}: x has ${x.length} values, the model expects conditionDim = ${this.conditionDim}`);
    return new ConditionedMLPEnergy(INTERNAL, this, Float32Array.from(x), where);
  }

  /** @internal The network with x (a WASM pointer to conditionDim f32) set as every row's condition. */
  conditionedHandle(xPtr: number, where: string): number {
    const net = this.live(where);
    kernels(where).mlpSetConditionRow(net, xPtr);
    return net;
  }

  /** A copy of θ: for each layer its weight (out × in, row-major) then its bias. */
  get params(): Float32Array {
    const net = this.live('MLPEnergy.params');
    const p = kernels().mlpParams(net);
    return heapF32().slice(p >>> 2, (p >>> 2) + this.numParams);
  }

  /** Replaces θ (same layout as `params`); rejects a wrong length or non-finite values, leaving θ unchanged. */
  setParams(params: ArrayLike<number>): void {
    const where = 'MLPEnergy.setParams';
    const net = this.live(where);
    if (params === null || typeof params !== 'object' || typeof params.length !== 'number') {
      throw new ArgumentError(`${where}: params must be a Float32Array of ${this.numParams} values, got ${describe(params)}`);
    }
    if (params.length !== this.numParams) {
      throw new ShapeError(`${where}: params has ${params.length} values, this network has ${this.numParams}`);
    }
    const K = kernels(where);
    const data = params instanceof Float32Array ? params : Float32Array.from(params);
    const b = matrixBlock({ rows: 1, cols: data.length, data }, `${where}: params`);
    try {
      const p = K.mlpParams(net);
      heapF32().copyWithin(p >>> 2, b.ptr >>> 2, (b.ptr >>> 2) + this.numParams);
      K.mlpSync(net);
    } finally {
      b.free();
    }
  }

  /** F(x, y) for every row. X is required exactly when conditionDim > 0. */
  energy(Y: MatrixLike, X?: MatrixLike): Float32Array {
    return this.run('MLPEnergy.energy', Y, X, (n) => n, (K, net, yp, xp, n, out) => {
      K.mlpEnergy(net, out, yp, xp, n);
      return heapF32().slice(out >>> 2, (out >>> 2) + n);
    });
  }

  /** ∂F/∂y for every row (an n×D Matrix): what samplers need. */
  grad(Y: MatrixLike, X?: MatrixLike): Matrix {
    const D = this.inputDim;
    return this.run('MLPEnergy.grad', Y, X, (n) => n * D, (K, net, yp, xp, n, out) => {
      K.mlpEnergyGrad(net, 0, out, yp, xp, n);
      return { rows: n, cols: D, data: heapF32().slice(out >>> 2, (out >>> 2) + n * D) };
    });
  }

  /**
   * Energies and ∂F/∂y in one fused pass. The two arrays are views of one new
   * ArrayBuffer (energies first, then the gradient rows): one allocation instead
   * of two, which is measurable on small batches.
   */
  energyAndGrad(Y: MatrixLike, X?: MatrixLike): { energy: Float32Array; grad: Matrix } {
    const D = this.inputDim;
    return this.run('MLPEnergy.energyAndGrad', Y, X, (n) => n + n * D, (K, net, yp, xp, n, out) => {
      K.mlpEnergyGrad(net, out, out + n * 4, yp, xp, n);
      const both = heapF32().slice(out >>> 2, (out >>> 2) + n + n * D);
      return { energy: both.subarray(0, n), grad: { rows: n, cols: D, data: both.subarray(n) } };
    });
  }

  /**
   * Σ_i w_i · ∂F(x_i, y_i)/∂θ over the flat θ. A contrastive loss gradient is
   * one call: weights +1/B on data rows and −1/B on contrastive samples.
   */
  paramGrad(Y: MatrixLike, weights: ArrayLike<number>, X?: MatrixLike): Float32Array {
    const where = 'MLPEnergy.paramGrad';
    const P = this.numParams;
    return this.run(where, Y, X, (n) => align4(n) + P, (K, net, yp, xp, n, out) => {
      if (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number') {
        throw new ArgumentError(`${where}: weights must be an array of ${n} numbers, got ${describe(weights)}`);
      }
      if (weights.length !== n) throw new ShapeError(`${where}: weights has length ${weights.length}, Y has ${n} rows`);
      const w = weights instanceof Float32Array ? weights : Float32Array.from(weights);
      const g = out + align4(n) * 4;
      writeMatrix({ rows: 1, cols: n, data: w }, out, `${where}: weights`);
      K.mlpParamGrad(net, g, out, yp, xp, n, 0, 0);
      return heapF32().slice(g >>> 2, (g >>> 2) + P);
    });
  }

  /**
   * Inference for a conditional model (the lecture's y* = argmin_y F(x, y)): for
   * each row of X, gradient descent on y from `starts` points drawn uniformly in
   * `bounds`, then the distinct minima (farther apart than `tol`) sorted by
   * energy. Several minima mean several plausible answers, which least-squares
   * regression would average into one blurry prediction. Works for F(y) too
   * (pass X with 0 columns, or omit it): then one row of results.
   */
  predict(X: MatrixLike | undefined, options: MinimaOptions = {}): Matrix[] {
    const where = 'MLPEnergy.predict';
    const net = this.live(where);
    const D = this.inputDim;
    const C = this.conditionDim;
    const settings = minimaSettings(options, D, where);
    if (C === 0) return findMinima(1, D, settings, where, () => net);
    if (X === undefined) throw new ArgumentError(`${where}: X is required: this model is conditional (conditionDim = ${C})`);
    const x = asMatrix(X, `${where}: X`);
    if (x.cols !== C) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects conditionDim = ${C}`);
    const K = kernels(where);
    // every start point of row r descends F(x_r, ·): x_r repeated once per start, as the rows' conditions
    return findMinima(x.rows, D, settings, where, (m, take) => {
      const xb = take(matrixBlock(x, `${where}: X`));
      const Xr = take(new WasmBlock(m * C * 4, `${where}: ${x.rows} rows × starts ${settings.starts} × conditionDim ${C}`));
      K.repeatRows(Xr.ptr, xb.ptr, x.rows, C, settings.starts);
      K.learnableSetCondition(net, Xr.ptr);
      return net;
    }, () => K.learnableSetCondition(net, 0));
  }

  /** The JSON form (PyTorch nn.Linear layout). */
  toJSON(): MLPEnergyJSON {
    this.live('MLPEnergy.toJSON');
    return mlpToJSON(this);
  }

  /** Builds a model from its JSON form (for example converted from PyTorch with scripts/torch_to_ebm.py). */
  static fromJSON(json: unknown): MLPEnergy {
    return mlpFromJSON(json);
  }

  /** A versioned little-endian binary with a CRC-32 (see sdk/io/format.ts); read it with `load` or `MLPEnergy.fromBytes`. */
  toBytes(): Uint8Array {
    this.live('MLPEnergy.toBytes');
    return mlpToBytes(this);
  }

  static fromBytes(bytes: Uint8Array): MLPEnergy {
    const file = readFile(bytes, 'MLPEnergy.fromBytes');
    if (file.header.kind !== 'mlp-energy') {
      throw new FileFormatError('kind', `MLPEnergy.fromBytes: the file holds a '${file.header.kind}', not an 'mlp-energy'`);
    }
    return mlpFromFile(file, 'MLPEnergy.fromBytes');
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): MLPEnergy {
    return mlpFromFile(file, where);
  }

  protected override onDispose(): void {
    this.net = 0;
  }

  // ---- internals ----------------------------------------------------------

  private live(where: string): number {
    this.checkLive(where);
    return this.net;
  }

  private run<T>(
    where: string,
    Y: MatrixLike,
    X: MatrixLike | undefined,
    outFloats: (n: number) => number,
    fn: (K: ReturnType<typeof kernels>, net: number, yPtr: number, xPtr: number, n: number, outPtr: number) => T,
  ): T {
    const net = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== this.inputDim && !(y.rows === 0 && y.cols === 0)) {
      throw new ShapeError(`${where}: Y has ${y.cols} columns, the model expects inputDim = ${this.inputDim}`);
    }
    let x: Matrix | null = null;
    if (this.conditionDim > 0) {
      if (X === undefined) throw new ArgumentError(`${where}: X is required: this model is conditional (conditionDim = ${this.conditionDim})`);
      x = asMatrix(X, `${where}: X`);
      if (x.cols !== this.conditionDim) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects conditionDim = ${this.conditionDim}`);
      if (x.rows !== y.rows) throw new ShapeError(`${where}: X has ${x.rows} rows but Y has ${y.rows}`);
    } else if (X !== undefined) {
      throw new ArgumentError(`${where}: X was given but this model is unconditional (conditionDim = 0)`);
    }
    const K = kernels(where);
    const n = y.rows;
    const yFloats = align4(y.data.length);
    const xFloats = x ? align4(x.data.length) : 0;
    return this.io.use((yFloats + xFloats + outFloats(n)) * 4, where, (base) => {
      writeMatrix(y, base, `${where}: Y`);
      if (x) writeMatrix(x, base + yFloats * 4, `${where}: X`);
      return fn(K, net, base, x ? base + yFloats * 4 : 0, n, base + (yFloats + xFloats) * 4);
    });
  }

}
