// A masked autoencoder on discrete sequences (the lecture's BERT): one token
// per position, a network that reads the visible tokens (one-hot, with a mask
// token) and gives a softmax per position. Its energy is the pseudo-log-
// likelihood −Σ_j log p(t_j | t_{−j}); fill() returns whole distributions for
// missing tokens (a discrete model can say "either 0 or 16", where a regressor
// can only say "8"). Every loop runs in WASM (assembly/energies/mae.ts).
import type { ParallelOptions } from '../parallel/use.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import type { Optimizer } from '../optim.js';
import { LEARNABLE, type Learnable } from './learnable.js';
import { ACTIVATIONS, ACTIVATION_CODES, type Activation } from './mlp.js';
import { maeFit } from './mae-fit.js';
import { maeFromFile, maeToBytes } from './mae-file.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';

export interface MaskedAutoencoderOptions {
  /** Positions per sequence. */
  length: number;
  /** Tokens are integers in [0, vocab); the mask token is one more. */
  vocab: number;
  /** Width of the one hidden layer. */
  hidden: number;
  /** Share of positions chosen for the loss in each training row, in (0, 1). Default 0.15 (BERT). */
  maskRate?: number;
  /** Of the chosen positions: share shown as the mask token. Default 0.8 (BERT). */
  maskTokenRate?: number;
  /** Of the chosen positions: share shown as a uniform random token (the rest keep theirs). Default 0.1 (BERT). */
  randomTokenRate?: number;
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /** Seeds the initialisation, the epoch orders and the corruption draws. Default 0. */
  seed?: number;
}

export interface MaskedAutoencoderProgress {
  epoch: number;
  epochs: number;
  /** Mean −log p(t_j | corrupted row) over the chosen positions of the epoch's batches so far. */
  loss: number;
}

/**
 * `workers` / `pool` run each batch's blocks of rows on workers, with the same bytes as the
 * calling thread; a model too small for them to pay stays on the calling thread.
 */
export interface MaskedAutoencoderFitOptions extends ParallelOptions {
  /** Passes over the rows (each a new shuffled order). Default 10. */
  epochs?: number;
  /** Rows per step. Default 32. */
  batchSize?: number;
  /** Updates θ (its state is the caller's; pass the same one to continue bit-exactly). Default adam({ lr: 1e-3 }). */
  optimizer?: Optimizer;
  signal?: AbortSignal;
  onProgress?: (p: MaskedAutoencoderProgress) => void;
}

/** One filled position: its row and column, the distribution over the vocabulary and its most likely token. */
export interface FilledToken {
  row: number;
  position: number;
  probs: Float32Array;
  argmax: number;
}

const KNOWN = ['length', 'vocab', 'hidden', 'maskRate', 'maskTokenRate', 'randomTokenRate', 'activation', 'seed'] as const;

export class MaskedAutoencoder extends Resource implements Learnable {
  protected readonly resourceName = 'MaskedAutoencoder';
  readonly length: number;
  readonly vocab: number;
  readonly hidden: number;
  readonly maskRate: number;
  readonly maskTokenRate: number;
  readonly randomTokenRate: number;
  readonly activation: Activation;
  readonly seed: number;
  readonly numParams: number;
  /** The energy is over token rows of `length` positions. */
  readonly dim: number;
  readonly conditionDim = 0;
  /** Tokens are discrete: there is no ∇_y. */
  readonly hasGrad = false;
  private handle: number;
  /** @internal Where the epoch order stands, and how many rows it is over (0 before fit). */
  epochsDone = 0;
  /** @internal */
  rowInEpoch = 0;
  /** @internal */
  nRows = 0;

  constructor(options: MaskedAutoencoderOptions) {
    super();
    const where = 'new MaskedAutoencoder';
    if (options === undefined) throw new ArgumentError(`${where}(options): options { length, vocab, hidden } are required`);
    checkOptions(options, `${where}(options)`, KNOWN);
    this.length = checkInteger(options.length, `${where}: length`, 1, 1 << 12);
    this.vocab = checkInteger(options.vocab, `${where}: vocab`, 2, 1 << 12);
    this.hidden = checkInteger(options.hidden, `${where}: hidden`, 1, 1 << 14);
    this.maskRate = checkNumber(options.maskRate ?? 0.15, `${where}: maskRate`, { min: 0, exclusiveMin: true });
    if (!(this.maskRate < 1)) throw new ArgumentError(`${where}: maskRate must be in (0, 1), got ${this.maskRate}`);
    this.maskTokenRate = checkNumber(options.maskTokenRate ?? 0.8, `${where}: maskTokenRate`, { min: 0, max: 1 });
    this.randomTokenRate = checkNumber(options.randomTokenRate ?? 0.1, `${where}: randomTokenRate`, { min: 0, max: 1 });
    if (this.maskTokenRate + this.randomTokenRate > 1) {
      throw new ArgumentError(`${where}: maskTokenRate + randomTokenRate must be ≤ 1 (the rest keep their token), got ${this.maskTokenRate} + ${this.randomTokenRate}`);
    }
    this.activation = checkOneOf(options.activation ?? 'relu', `${where}: activation`, ACTIVATIONS);
    this.seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    this.dim = this.length;
    // sizes in f64 before WASM sees them: the input and output layers are L·(V+1) and L·V wide
    const params = this.length * (this.vocab + 1) * this.hidden + this.hidden + this.hidden * this.length * this.vocab + this.length * this.vocab;
    if (params > 2 ** 28) throw new ArgumentError(`${where}: length ${this.length}, vocab ${this.vocab} and hidden ${this.hidden} give ${params} parameters, more than 2^28`);
    const K = kernels(where);
    const h = K.maeCreate(this.length, this.vocab, this.hidden, ACTIVATION_CODES[this.activation]);
    this.handle = h;
    this.own(() => K.maeDestroy(h));
    this.numParams = K.networkNumParams(K.maeNetwork(h));
    // PyTorch nn.Linear init from Philox stream 0 of the seed (as MLPEnergy and GLO)
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const u = take(new WasmBlock(this.numParams * 4));
      const [lo, hi] = seedWords(this.seed);
      K.rngInit(st.ptr, lo, hi, 0);
      K.rngUniform(u.ptr, this.numParams, st.ptr);
      K.networkInitUniform(K.maeNetwork(h), u.ptr);
    });
  }

  /** Epochs finished by fit so far (a fraction while an epoch is part-way). */
  get epochs(): number {
    return this.nRows === 0 ? 0 : this.epochsDone + this.rowInEpoch / this.nRows;
  }

  /**
   * Trains on T (rows × length, integer tokens in [0, vocab)) with BERT's recipe,
   * over shuffled minibatches. Fits continue where the last stopped (two fits of e
   * epochs give the same bytes as one of 2e). An abort keeps the finished batches.
   */
  async fit(T: MatrixLike, options: MaskedAutoencoderFitOptions = {}): Promise<this> {
    await maeFit(this, T, options);
    return this;
  }

  /** The pseudo-log-likelihood energy −Σ_j log p(t_j | t_{−j}) of every row (one masked pass per position). */
  energy(T: MatrixLike): Float32Array {
    const where = 'MaskedAutoencoder.energy';
    const h = this.live(where);
    const t = this.tokens(T, 'T', where);
    return withBlocks((take) => {
      const tb = take(matrixBlock(t, `${where}: T`));
      const e = take(new WasmBlock(Math.max(16, t.rows * 4)));
      kernels(where).maePseudoLL(h, e.ptr, tb.ptr, t.rows, 0, 0, 0);
      return e.f32(t.rows).slice();
    });
  }

  /** Tokens are discrete: there is no gradient in y. Samplers on this model use `sample` (Gibbs over positions). */
  grad(_T: MatrixLike): Matrix {
    throw new ArgumentError('MaskedAutoencoder.grad: the tokens are discrete, there is no ∇_y; use sample() for Gibbs sweeps');
  }

  /**
   * The distribution of every hidden token given the visible ones. mask: one flag per
   * token (rows × length, row-major) or one per position (length, the same for every
   * row); truthy = hidden. Hidden entries of T may hold anything (they are not read).
   * Returns one entry per hidden token, in row-major order, and T with the argmaxes written in.
   */
  fill(T: MatrixLike, mask: ArrayLike<number | boolean>): { tokens: FilledToken[]; filled: Matrix } {
    const where = 'MaskedAutoencoder.fill';
    const h = this.live(where);
    const raw = asMatrix(T, `${where}: T`);
    if (raw.cols !== this.length) throw new ShapeError(`${where}: T has ${raw.cols} columns, the model expects length = ${this.length}`);
    const L = this.length;
    const V = this.vocab;
    if (mask === null || typeof mask !== 'object' || typeof mask.length !== 'number') {
      throw new ArgumentError(`${where}: mask must be an array of flags (rows × length or length), got ${describe(mask)}`);
    }
    if (mask.length !== raw.rows * L && mask.length !== L) {
      throw new ShapeError(`${where}: mask has ${mask.length} flags, expected ${raw.rows * L} (one per token of T) or ${L} (one per position)`);
    }
    const M = new Float32Array(raw.rows * L);
    for (let q = 0; q < M.length; q++) M[q] = mask[mask.length === L ? q % L : q] ? 1 : 0;
    const t = this.tokens(raw, 'T', where, M);
    return withBlocks((take) => {
      const tb = take(matrixBlock(t, `${where}: T`));
      const mb = take(matrixBlock({ rows: t.rows, cols: L, data: M }, `${where}: mask`));
      const out = take(new WasmBlock(Math.max(16, t.rows * L * V * 4)));
      kernels(where).maeConditionals(h, out.ptr, tb.ptr, mb.ptr, t.rows);
      const P = out.f32(t.rows * L * V);
      const filled = { rows: t.rows, cols: L, data: Float32Array.from(t.data) };
      const tokens: FilledToken[] = [];
      for (let q = 0; q < M.length; q++) {
        if (M[q] === 0) continue;
        const probs = P.slice(q * V, (q + 1) * V);
        let argmax = 0;
        for (let k = 1; k < V; k++) if (probs[k]! > probs[argmax]!) argmax = k;
        filled.data[q] = argmax;
        tokens.push({ row: Math.floor(q / L), position: q % L, probs, argmax });
      }
      return { tokens, filled };
    });
  }

  /** n sequences by Gibbs sweeps over positions (j = 0 … length−1, each from p(t_j | t_{−j})), from uniform random tokens. */
  sample(n: number, options: { sweeps?: number; seed?: number } = {}): Matrix {
    const where = 'MaskedAutoencoder.sample';
    const h = this.live(where);
    checkInteger(n, `${where}: n`, 1, 1 << 20);
    checkOptions(options, `${where}(options)`, ['sweeps', 'seed']);
    const sweeps = checkInteger(options.sweeps ?? 10, `${where}: sweeps`, 0, 1 << 16);
    const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    if (n * this.length > 2 ** 26) throw new ArgumentError(`${where}: n × length = ${n * this.length} tokens, more than 2^26`);
    const [lo, hi] = seedWords(seed);
    return withBlocks((take) => {
      const tb = take(new WasmBlock(n * this.length * 4));
      kernels(where).maeGibbs(h, tb.ptr, n, sweeps, 0, 0, 1, lo, hi);
      return { rows: n, cols: this.length, data: tb.f32(n * this.length).slice() };
    });
  }

  /** A copy of θ (input layer L·(V+1) → hidden, then hidden → L·V logits; PyTorch nn.Linear layout). */
  get params(): Float32Array {
    const h = this.live('MaskedAutoencoder.params');
    const p = kernels().maeNetwork(h);
    const ptr = kernels().networkParams(p);
    return heapF32().slice(ptr >>> 2, (ptr >>> 2) + this.numParams);
  }

  setParams(values: ArrayLike<number>): void {
    const where = 'MaskedAutoencoder.setParams';
    const h = this.live(where);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new ArgumentError(`${where}: params must be a Float32Array of ${this.numParams} values, got ${describe(values)}`);
    if (values.length !== this.numParams) throw new ShapeError(`${where}: params has ${values.length} values, this model has ${this.numParams}`);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const b = matrixBlock({ rows: 1, cols: data.length, data }, `${where}: params`);
    try {
      const K = kernels(where);
      heapF32().copyWithin(K.networkParams(K.maeNetwork(h)) >>> 2, b.ptr >>> 2, (b.ptr >>> 2) + this.numParams);
      K.networkSync(K.maeNetwork(h));
    } finally {
      b.free();
    }
  }

  /** Σ_r w_r ∂F(t_r)/∂θ of the pseudo-log-likelihood energy. */
  paramGrad(T: MatrixLike, weights: ArrayLike<number>): Float32Array {
    const where = 'MaskedAutoencoder.paramGrad';
    const h = this.live(where);
    const t = this.tokens(T, 'T', where);
    if (weights === null || typeof weights !== 'object' || weights.length !== t.rows) throw new ShapeError(`${where}: weights must have one value per row of T (${t.rows}), got ${describe(weights)}`);
    const w = Float32Array.from(weights);
    return withBlocks((take) => {
      const tb = take(matrixBlock(t, `${where}: T`));
      const wb = take(matrixBlock({ rows: 1, cols: w.length, data: w }, `${where}: weights`));
      const out = take(new WasmBlock(this.numParams * 4));
      kernels(where).maePseudoLL(h, 0, tb.ptr, t.rows, out.ptr, wb.ptr, 0);
      return out.f32(this.numParams).slice();
    });
  }

  /** A versioned binary (sdk/io/format.ts) with θ and where the epoch order stands: a fit resumes bit-exactly. */
  toBytes(): Uint8Array {
    this.live('MaskedAutoencoder.toBytes');
    return maeToBytes(this);
  }

  static fromBytes(bytes: Uint8Array): MaskedAutoencoder {
    return maeFromFile(bytes, 'MaskedAutoencoder.fromBytes', (o) => new MaskedAutoencoder(o));
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): MaskedAutoencoder {
    return maeFromFile(file, where, (o) => new MaskedAutoencoder(o));
  }

  /** @internal */
  [LEARNABLE](where: string): number {
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

  /**
   * T as a Matrix of tokens: `length` columns, every value an integer in [0, vocab)
   * (entries flagged in `skip` are not checked: fill's hidden tokens).
   * @internal
   */
  tokens(T: MatrixLike, name: string, where: string, skip?: Float32Array): Matrix {
    const m = asMatrix(T, `${where}: ${name}`);
    if (m.cols !== this.length) throw new ShapeError(`${where}: ${name} has ${m.cols} columns, the model expects length = ${this.length}`);
    const d = m.data;
    for (let q = 0; q < d.length; q++) {
      if (skip && skip[q] !== 0) continue;
      const v = d[q]!;
      if (!(Number.isInteger(v) && v >= 0 && v < this.vocab)) {
        throw new ArgumentError(`${where}: ${name}[${Math.floor(q / this.length)}][${q % this.length}] is ${v}, expected an integer token in [0, ${this.vocab})`);
      }
    }
    if (skip) return { rows: m.rows, cols: m.cols, data: d.map((v, q) => (skip[q] !== 0 ? 0 : v)) };
    return m;
  }
}
