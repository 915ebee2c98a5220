// The conditional latent-variable EBM of the lecture: E(x, y, z) = ‖y − Dec_θ([x, z])‖²
// with z one of `size` learned embeddings or a point of a ball. Its free
// energies F∞ = min_z E and F_β = −(1/β)·log Σ_z exp(−βE) make one x have a whole
// set of low-energy answers y, where least squares would average them into one.
// Every loop runs in WASM (assembly/energies/latent.ts); this class validates,
// schedules epochs and batches, and frames files (latent-file.ts).
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { LATENT_CONTINUOUS, LATENT_DISCRETE, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { Optimizer } from '../optim.js';
import { LEARNABLE, type Learnable } from './learnable.js';
import { ACTIVATIONS, ACTIVATION_CODES, type Activation } from './mlp.js';
import { latentFromFile, latentToBytes } from './latent-file.js';
import { latentFit } from './latent-fit.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';
import type { Pool } from '../parallel/pool.js';
import { checkParallel, withPool, type ParallelOptions } from '../parallel/use.js';
import { latentFreeOnPool } from '../parallel/latent.js';

export type LatentSpec =
  /** z is one of `size` learned embeddings of dimension `dim` (default = size). */
  | { kind: 'discrete'; size: number; dim?: number }
  /** z in the ball of radius `bound` (default 1) of dimension `dim` ≤ 2; `grid` midpoints per axis for F_β and starts (default 24). */
  | { kind: 'continuous'; dim: number; bound?: number; grid?: number };

export interface LatentEBMOptions {
  xDim: number;
  yDim: number;
  latent: LatentSpec;
  /** Hidden widths of the decoder [x, z] → y. */
  hidden: number[];
  /** Default 'tanh'. */
  activation?: Activation;
  /** Seeds the decoder's (and embeddings') initialisation and the epoch orders. Default 0. */
  seed?: number;
  /** Continuous z: projected descent behind F∞ (starts from the best grid points). Defaults 4, 30, 0.05. */
  inference?: { starts?: number; steps?: number; stepSize?: number };
}

export type LatentObjective = 'zeroTemperature' | 'freeEnergy';

export interface LatentFitOptions extends ParallelOptions {
  /** Minimize F∞ (default) or F_β of the data. */
  objective?: LatentObjective;
  /** β of F_β (objective 'freeEnergy'). Default 10. */
  beta?: number;
  epochs?: number;
  batchSize?: number;
  /** Default adam({ lr: 3e-3 }); its state is the caller's, so pass the same one to continue bit-exactly. */
  optimizer?: Optimizer;
  signal?: AbortSignal;
  onProgress?: (p: { epoch: number; epochs: number; loss: number }) => void;
}

type OnWorkers = { workers: number | 'auto' } | { pool: Pool };
type NoWorkers = { workers?: undefined; pool?: undefined };

/**
 * Least work (rows × candidates × parameters, about one multiply-add each, ~0.2–0.3 ns on one core)
 * for freeEnergy and infer to use workers: 2²⁴ units are ~4 ms, several round trips of a job.
 */
const INFER_MIN_WORK = 1 << 24;

const KNOWN = ['xDim', 'yDim', 'latent', 'hidden', 'activation', 'seed', 'inference'] as const;


export class LatentEBM extends Resource implements Learnable {
  protected readonly resourceName = 'LatentEBM';
  readonly xDim: number;
  readonly yDim: number;
  readonly latent: Readonly<Required<LatentSpec>>;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly seed: number;
  readonly inference: Readonly<{ starts: number; steps: number; stepSize: number }>;
  readonly numParams: number;
  readonly hasGrad = true;
  /** @internal Epochs finished by fit (the next epoch's order depends on it). */
  epochsDone = 0;
  private handle: number;

  constructor(options: LatentEBMOptions) {
    super();
    const where = 'new LatentEBM';
    if (options === undefined) throw new ArgumentError(`${where}(options): options { xDim, yDim, latent, hidden } are required`);
    checkOptions(options, `${where}(options)`, KNOWN);
    this.xDim = checkInteger(options.xDim, `${where}: xDim`, 0, 1 << 16);
    this.yDim = checkInteger(options.yDim, `${where}: yDim`, 1, 1 << 16);
    this.latent = latentSpec(options.latent, `${where}: latent`);
    if (!Array.isArray(options.hidden)) throw new ArgumentError(`${where}: hidden must be an array of layer widths, got ${describe(options.hidden)}`);
    this.hidden = options.hidden.map((h, i) => checkInteger(h, `${where}: hidden[${i}]`, 1, 1 << 16));
    this.activation = checkOneOf(options.activation ?? 'tanh', `${where}: activation`, ACTIVATIONS);
    this.seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    const inf = options.inference ?? {};
    checkOptions(inf, `${where}: inference`, ['starts', 'steps', 'stepSize']);
    this.inference = Object.freeze({
      starts: checkInteger(inf.starts ?? 4, `${where}: inference.starts`, 1, 1 << 12),
      steps: checkInteger(inf.steps ?? 30, `${where}: inference.steps`, 0, 1 << 20),
      stepSize: checkNumber(inf.stepSize ?? 0.05, `${where}: inference.stepSize`, { min: 0, exclusiveMin: true }),
    });
    const L = this.latent;
    const e = L.dim;
    const sizes = [this.xDim + e, ...this.hidden, this.yDim];
    const K = kernels(where);
    const discrete = L.kind === 'discrete';
    this.handle = withBlocks((take) => {
      const sz = take(new WasmBlock(sizes.length * 4));
      sz.i32(sizes.length).set(sizes);
      return K.latentCreate(sz.ptr, sizes.length - 1, ACTIVATION_CODES[this.activation], this.xDim,
        discrete ? LATENT_DISCRETE : LATENT_CONTINUOUS, discrete ? L.size : 0, discrete ? 1 : L.bound, discrete ? 1 : L.grid);
    });
    const h = this.handle;
    this.own(() => K.latentDestroy(h));
    K.latentSetInference(h, this.inference.starts, this.inference.steps, this.inference.stepSize);
    this.numParams = K.learnableNumParams(h);
    // decoder: PyTorch nn.Linear init from Philox stream 0; embeddings: N(0, 1) from stream 1
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const net = K.latentNetwork(h);
      const P = K.networkNumParams(net);
      const u = take(new WasmBlock(P * 4));
      const [lo, hi] = seedWords(this.seed);
      K.rngInit(st.ptr, lo, hi, 0);
      K.rngUniform(u.ptr, P, st.ptr);
      K.networkInitUniform(net, u.ptr);
      if (this.numParams > P) {
        K.rngInit(st.ptr, lo, hi, 1);
        K.rngNormal(K.networkParams(net) + P * 4, this.numParams - P, st.ptr);
      }
    });
  }

  /** The dimension of y (the Energy concept's `dim`). */
  get dim(): number {
    return this.yDim;
  }

  /** Dimension of the condition x (the Learnable concept). */
  get conditionDim(): number {
    return this.xDim;
  }

  /** Minimizes the mean F∞ (or F_β) of the training pairs over shuffled minibatches. An abort keeps the finished batches. */
  async fit(data: { X: MatrixLike; Y: MatrixLike }, options: LatentFitOptions = {}): Promise<this> {
    await latentFit(this, data, options);
    return this;
  }

  /**
   * F∞(x, y) = min_z E (beta omitted or Infinity) or F_β(x, y) = −(1/β)·log Σ_z exp(−βE) for every pair.
   * With `workers` or `pool` it resolves to the same values, blocks of rows on workers (under
   * 2²⁴ rows × candidates × parameters it stays on the calling thread).
   */
  freeEnergy(X: MatrixLike, Y: MatrixLike, options: { beta?: number } & OnWorkers): Promise<Float32Array>;
  freeEnergy(X: MatrixLike, Y: MatrixLike, options?: { beta?: number } & NoWorkers): Float32Array;
  freeEnergy(X: MatrixLike, Y: MatrixLike, options: { beta?: number } & ParallelOptions = {}): Float32Array | Promise<Float32Array> {
    const where = 'LatentEBM.freeEnergy';
    checkOptions(options, `${where}(options)`, ['beta', 'workers', 'pool']);
    const beta = options.beta === undefined || options.beta === Infinity ? 0 : this.checkBeta(options.beta, where);
    if (options.workers !== undefined || options.pool !== undefined) return this.freeOn(X, Y, beta, false, options, where).then((r) => r.E);
    return this.evaluate(X, Y, where, (K, h, xp, yp, n, out) => {
      K.latentFree(h, out.ptr, 0, xp, yp, n, beta);
      return out.f32(n).slice();
    });
  }

  /** The minimizing z of every pair (z* of F∞) and F∞; with `workers` or `pool`, a Promise of the same. */
  infer(X: MatrixLike, Y: MatrixLike, options: OnWorkers): Promise<{ z: Matrix; energy: Float32Array }>;
  infer(X: MatrixLike, Y: MatrixLike, options?: NoWorkers): { z: Matrix; energy: Float32Array };
  infer(X: MatrixLike, Y: MatrixLike, options: ParallelOptions = {}): { z: Matrix; energy: Float32Array } | Promise<{ z: Matrix; energy: Float32Array }> {
    const where = 'LatentEBM.infer';
    checkOptions(options, `${where}(options)`, ['workers', 'pool']);
    const e = this.latent.dim;
    if (options.workers !== undefined || options.pool !== undefined) {
      return this.freeOn(X, Y, 0, true, options, where).then((r) => ({ z: { rows: r.E.length, cols: e, data: r.Z! }, energy: r.E }));
    }
    return this.evaluate(X, Y, where, (K, h, xp, yp, n, out) => {
      const z = new WasmBlock(Math.max(16, n * e * 4));
      try {
        K.latentFree(h, out.ptr, z.ptr, xp, yp, n, 0);
        return { z: { rows: n, cols: e, data: z.f32(n * e).slice() }, energy: out.f32(n).slice() };
      } finally {
        z.free();
      }
    });
  }

  /** Decoder passes per row of a free energy (β = 0: F∞): the candidates, plus the descent's steps for a continuous F∞. */
  /** @internal */
  candidates(beta: number): number {
    const S = kernels().latentSetSize(this.live('LatentEBM'));
    return this.latent.kind === 'continuous' && beta <= 0 ? S + Math.min(this.inference.starts, S) * this.inference.steps * 3 : S;
  }

  /** freeEnergy / infer with `workers` or `pool`: the calling thread's checks, then blocks of rows on workers. */
  private async freeOn(X: MatrixLike, Y: MatrixLike, beta: number, wantZ: boolean, options: ParallelOptions, where: string): Promise<{ E: Float32Array; Z: Float32Array | null }> {
    this.live(where);
    const asked = checkParallel(options, where);
    const [x, y] = this.pairs(X, Y, where);
    const n = y.rows;
    // the values are checked (finite) as on the calling thread, before any work is sent
    withBlocks((take) => {
      take(matrixBlock(x, `${where}: X`));
      take(matrixBlock(y, `${where}: Y`));
    });
    const L = this.latent;
    const worth = n > 64 && n * this.candidates(beta) * this.numParams >= INFER_MIN_WORK;
    const local = (): { E: Float32Array; Z: Float32Array | null } => {
      if (wantZ) {
        const r = this.infer(x, y);
        return { E: r.energy, Z: r.z.data };
      }
      return { E: this.freeEnergy(x, y, { beta: beta > 0 ? beta : undefined }), Z: null };
    };
    // the model as it is now, sent as its file (a fit that ends meanwhile does not change these values)
    const file = worth ? this.toBytes() : null;
    return withPool(asked, worth, where, async (pool) => {
      if (!pool || !file) return local();
      return latentFreeOnPool(pool, file, x.data.slice(0, n * this.xDim), y.data.slice(0, n * this.yDim), n, { x: this.xDim, y: this.yDim, z: L.dim }, beta, wantZ, where);
    });
  }

  /** F∞(x, y) (the Energy and Learnable concepts; X is required). */
  energy(Y: MatrixLike, X?: MatrixLike): Float32Array {
    return this.freeEnergy(this.needX(X, 'LatentEBM.energy'), Y);
  }

  /** ∇_y F∞(x, y) = 2(y − Dec([x, z*])) (the envelope theorem). */
  grad(Y: MatrixLike, X?: MatrixLike): Matrix {
    const D = this.yDim;
    return this.evaluate(this.needX(X, 'LatentEBM.grad'), Y, 'LatentEBM.grad', (K, h, xp, yp, n) => {
      const g = new WasmBlock(Math.max(16, n * D * 4));
      try {
        K.latentGradY(h, g.ptr, 0, xp, yp, n, 0);
        return { rows: n, cols: D, data: g.f32(n * D).slice() };
      } finally {
        g.free();
      }
    });
  }

  /**
   * Per row of X, the predictions Dec([x, z]) as z runs over its set: the `size`
   * embeddings, or `count` points spread evenly over the ball (default 64).
   */
  predict(X: MatrixLike, options: { count?: number } = {}): Matrix[] {
    const where = 'LatentEBM.predict';
    const h = this.live(where);
    checkOptions(options, `${where}(options)`, ['count']);
    const L = this.latent;
    const count = L.kind === 'discrete' ? L.size : checkInteger(options.count ?? 64, `${where}: count`, 1, 1 << 16);
    if (L.kind === 'discrete' && options.count !== undefined && options.count !== L.size) {
      throw new ArgumentError(`${where}: count must be ${L.size} (the number of embeddings) for a discrete latent, got ${describe(options.count)}`);
    }
    const x = asMatrix(X, `${where}: X`);
    if (x.cols !== this.xDim) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects xDim = ${this.xDim}`);
    const D = this.yDim;
    return withBlocks((take) => {
      const xb = take(matrixBlock(x, `${where}: X`));
      const out = take(new WasmBlock(Math.max(16, x.rows * count * D * 4)));
      kernels(where).latentPredict(h, out.ptr, xb.ptr, x.rows, count);
      const all = out.f32(x.rows * count * D);
      return Array.from({ length: x.rows }, (_, r) => ({ rows: count, cols: D, data: all.slice(r * count * D, (r + 1) * count * D) }));
    });
  }

  /** F(x, y) on a res×res grid of y (2-D y) for one x: row-major with y₂ outer, as KMeansEBM.energyGrid. */
  energyGrid(x: ArrayLike<number>, options: { bounds: [[number, number], [number, number]]; resolution?: number; beta?: number }): { xs: Float32Array; ys: Float32Array; energy: Float32Array } {
    const where = 'LatentEBM.energyGrid';
    this.live(where);
    if (this.yDim !== 2) throw new ArgumentError(`${where}: needs a 2-D y, this model has yDim = ${this.yDim}`);
    checkOptions(options, `${where}(options)`, ['bounds', 'resolution', 'beta']);
    const res = checkInteger(options.resolution ?? 64, `${where}: resolution`, 2, 2048);
    const b = options.bounds;
    if (!Array.isArray(b) || b.length !== 2 || !b.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite) && p[0] < p[1])) {
      throw new ArgumentError(`${where}: bounds must be [[lo, hi], [lo, hi]] with lo < hi, got ${describe(b)}`);
    }
    if (x === null || typeof x !== 'object' || x.length !== this.xDim) throw new ShapeError(`${where}: x must have ${this.xDim} values, got ${describe(x)}`);
    const K = kernels(where);
    const n = res * res;
    const pts = withBlocks((take) => {
      const p = take(new WasmBlock(n * 8));
      K.gridPoints(p.ptr, b[0][0], b[0][1], b[1][0], b[1][1], res, res);
      return p.f32(2 * n).slice();
    });
    const xr = new Float32Array(n * this.xDim);
    for (let i = 0; i < n; i++) xr.set(Array.from(x), i * this.xDim);
    const energy = this.freeEnergy({ rows: n, cols: this.xDim, data: xr }, { rows: n, cols: 2, data: pts }, { beta: options.beta });
    return { xs: pts.filter((_, i) => i % 2 === 0).slice(0, res), ys: Float32Array.from({ length: res }, (_, j) => pts[2 * j * res + 1]!), energy };
  }

  /** A copy of θ: the decoder (PyTorch nn.Linear layout), then the embeddings (size × dim) of a discrete latent. */
  get params(): Float32Array {
    const h = this.live('LatentEBM.params');
    const p = kernels().learnableParams(h) >>> 2;
    return heapF32().slice(p, p + this.numParams);
  }

  setParams(values: ArrayLike<number>): void {
    const where = 'LatentEBM.setParams';
    const h = this.live(where);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new ArgumentError(`${where}: params must be a Float32Array of ${this.numParams} values, got ${describe(values)}`);
    if (values.length !== this.numParams) throw new ShapeError(`${where}: params has ${values.length} values, this model has ${this.numParams}`);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const b = matrixBlock({ rows: 1, cols: data.length, data }, `${where}: params`);
    try {
      const K = kernels(where);
      heapF32().copyWithin(K.learnableParams(h) >>> 2, b.ptr >>> 2, (b.ptr >>> 2) + this.numParams);
      K.learnableSync(h);
    } finally {
      b.free();
    }
  }

  /** Σ_r w_r ∂F∞(x_r, y_r)/∂θ (envelope theorem: at z*). */
  paramGrad(Y: MatrixLike, weights: ArrayLike<number>, X?: MatrixLike): Float32Array {
    const where = 'LatentEBM.paramGrad';
    const P = this.numParams;
    return this.evaluate(this.needX(X, where), Y, where, (K, h, xp, yp, n) => withBlocks((take) => {
      if (weights === null || typeof weights !== 'object' || weights.length !== n) throw new ShapeError(`${where}: weights must have one value per row of Y (${n}), got ${describe(weights)}`);
      const w = take(matrixBlock({ rows: 1, cols: n, data: Float32Array.from(weights) }, `${where}: weights`));
      const out = take(new WasmBlock(P * 4));
      K.latentParamGrad(h, out.ptr, w.ptr, 1, xp, yp, n, 0, 0, 0);
      return out.f32(P).slice();
    }));
  }

  toBytes(): Uint8Array {
    this.live('LatentEBM.toBytes');
    return latentToBytes(this);
  }

  static fromBytes(bytes: Uint8Array): LatentEBM {
    return latentFromFile(bytes, 'LatentEBM.fromBytes', (o) => new LatentEBM(o));
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): LatentEBM {
    return latentFromFile(file, where, (o) => new LatentEBM(o));
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

  /** @internal */
  checkBeta(v: unknown, where: string): number {
    return checkNumber(v, `${where}: beta`, { min: 0, exclusiveMin: true });
  }

  private needX(X: MatrixLike | undefined, where: string): MatrixLike {
    if (X === undefined) throw new ArgumentError(`${where}: X is required: the energy is F(x, y) (xDim = ${this.xDim})`);
    return X;
  }

  /** @internal */
  pairs(X: MatrixLike, Y: MatrixLike, where: string): [Matrix, Matrix] {
    const x = asMatrix(X, `${where}: X`);
    const y = asMatrix(Y, `${where}: Y`);
    if (x.cols !== this.xDim) throw new ShapeError(`${where}: X has ${x.cols} columns, the model expects xDim = ${this.xDim}`);
    if (y.cols !== this.yDim) throw new ShapeError(`${where}: Y has ${y.cols} columns, the model expects yDim = ${this.yDim}`);
    if (x.rows !== y.rows) throw new ShapeError(`${where}: X has ${x.rows} rows but Y has ${y.rows}`);
    return [x, y];
  }

  private evaluate<T>(X: MatrixLike, Y: MatrixLike, where: string, fn: (K: ReturnType<typeof kernels>, h: number, xp: number, yp: number, n: number, out: WasmBlock) => T): T {
    const h = this.live(where);
    const [x, y] = this.pairs(X, Y, where);
    return withBlocks((take) => {
      const xb = take(matrixBlock(x, `${where}: X`));
      const yb = take(matrixBlock(y, `${where}: Y`));
      const out = take(new WasmBlock(Math.max(16, y.rows * 4)));
      return fn(kernels(where), h, xb.ptr, yb.ptr, y.rows, out);
    });
  }
}

function latentSpec(v: unknown, where: string): Required<LatentSpec> {
  const s = v as Partial<LatentSpec> | null;
  if (s === null || typeof s !== 'object') throw new ArgumentError(`${where} must be { kind: 'discrete', size } or { kind: 'continuous', dim, bound }, got ${describe(v)}`);
  const kind = checkOneOf(s.kind, `${where}.kind`, ['discrete', 'continuous'] as const);
  if (kind === 'discrete') {
    const d = s as Partial<Extract<LatentSpec, { kind: 'discrete' }>>;
    checkOptions(d, where, ['kind', 'size', 'dim']);
    const size = checkInteger(d.size, `${where}.size`, 1, 1 << 12);
    return { kind, size, dim: checkInteger(d.dim ?? size, `${where}.dim`, 1, 1 << 12) };
  }
  const c = s as Partial<Extract<LatentSpec, { kind: 'continuous' }>>;
  checkOptions(c, where, ['kind', 'dim', 'bound', 'grid']);
  return {
    kind, dim: checkInteger(c.dim, `${where}.dim`, 1, 2),
    bound: checkNumber(c.bound ?? 1, `${where}.bound`, { min: 0, exclusiveMin: true }),
    grid: checkInteger(c.grid ?? 24, `${where}.grid`, 1, 512),
  };
}
