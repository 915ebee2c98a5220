// The restricted Boltzmann machine (LeCun, NYU DL week 7: a latent-variable
// EBM whose latent h sums out in closed form): E(v, h) = −bᵀv − cᵀh − vᵀWh
// (Gaussian visible units: ½‖v − b‖² − cᵀh − vᵀWh), free energy
// F(v) = −log Σ_h exp(−E(v, h)). As an Energy it is F with ∇_v F, so every
// sampler runs on it; as a Learnable its θ is W (hidden × visible, scikit-
// learn's components_), b, c. Training lives in rbm-fit.ts, partition
// functions and likelihoods in rbm-partition.ts.
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock, writeMatrix } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { DESCRIPTOR, PORTABLE, evalDescribed, type DescribedEnergy, type PortableEnergy } from '../energies/energy.js';
import { LEARNABLE, type Learnable } from './learnable.js';
import { checkInteger, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { fitRBM, type RBMFitOptions, type RBMTrainState } from './rbm-fit.js';
import { rbmLogLikelihood, rbmLogPartition, type LogLikelihood, type LogPartition, type LogPartitionOptions } from './rbm-partition.js';
import { rbmFromFile, rbmFromJSON, rbmToBytes, type RBMJSON } from './rbm-file.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';

export type VisibleType = 'bernoulli' | 'gaussian';

export interface RBMOptions {
  /** Visible units (the energy's dim), an integer ≥ 1. */
  visible: number;
  /** Hidden units, an integer ≥ 1. */
  hidden: number;
  /** 'bernoulli' (default): v ∈ {0, 1}^V (probabilities accepted as data); 'gaussian': unit-variance real v. */
  visibleType?: VisibleType;
  /** Seed of the initial weights and of fit (a non-negative safe integer). Default 0. */
  seed?: number;
}

export type { RBMFitOptions, RBMFitProgress } from './rbm-fit.js';
export type { LogLikelihood, LogPartition, LogPartitionOptions } from './rbm-partition.js';
export type { RBMJSON } from './rbm-file.js';

// Philox streams of the model's seed, one per use, so no two uses share draws
export const STREAM_INIT = 0;
const STREAM_GIBBS = 5;
const STREAM_SAMPLE = 6;
const STREAM_PSEUDO = 7;

export class RBM extends Resource implements DescribedEnergy, Learnable {
  protected readonly resourceName = 'RBM';
  readonly visible: number;
  readonly hidden: number;
  readonly visibleType: VisibleType;
  readonly seed: number;
  readonly numParams: number;
  readonly conditionDim = 0;
  readonly hasGrad = true;
  private block: number;
  /** @internal What `fit({ resume: true })` continues from (epochs, momentum buffer, persistent chains). */
  trainState: RBMTrainState | null = null;

  constructor(options: RBMOptions) {
    super();
    const where = 'new RBM';
    checkOptions(options, `${where}(options)`, ['visible', 'hidden', 'visibleType', 'seed']);
    if (options === undefined) throw new ArgumentError(`${where}(options): options { visible, hidden } are required`);
    this.visible = checkInteger(options.visible, `${where}: visible`, 1, 1 << 20);
    this.hidden = checkInteger(options.hidden, `${where}: hidden`, 1, 1 << 20);
    if (this.visible * this.hidden > 1 << 26) {
      throw new ArgumentError(`${where}: visible × hidden = ${this.visible * this.hidden} weights exceeds the limit of ${1 << 26}`);
    }
    this.visibleType = checkOneOf(options.visibleType ?? 'bernoulli', `${where}: visibleType`, ['bernoulli', 'gaussian'] as const);
    this.seed = options.seed === undefined ? 0 : checkInteger(options.seed, `${where}: seed`, 0);
    const K = kernels(where);
    const block = K.rbmCreate(this.visible, this.hidden, this.visibleType === 'gaussian' ? 1 : 0);
    this.block = block;
    this.numParams = K.rbmNumParams(block);
    this.own(() => K.rbmDestroy(block));
    this.initWeights();
  }

  /** The Energy concept's dimension: the visible units. */
  get dim(): number {
    return this.visible;
  }

  /** @internal W ~ N(0, 0.01²) (scikit-learn's start) from stream 0 of `seed`; b = c = 0. */
  initWeights(seed = this.seed): void {
    const K = kernels('RBM');
    const nW = this.visible * this.hidden;
    withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const [lo, hi] = seedWords(seed);
      K.rngInit(st.ptr, lo, hi, STREAM_INIT);
      const p = K.rbmParams(this.block);
      K.rngNormal(p, nW, st.ptr);
      const view = heapF32().subarray(p >>> 2, (p >>> 2) + this.numParams);
      for (let i = 0; i < nW; i++) view[i] = view[i]! * 0.01;
      view.fill(0, nW);
    });
  }

  /** A copy of θ: W (hidden × visible, row-major), then b (visible), then c (hidden). */
  get params(): Float32Array {
    const m = this.live('RBM.params');
    const p = kernels().rbmParams(m);
    return heapF32().slice(p >>> 2, (p >>> 2) + this.numParams);
  }

  /** W as a hidden × visible Matrix (scikit-learn's components_), a copy. */
  get weights(): Matrix {
    return { rows: this.hidden, cols: this.visible, data: this.params.subarray(0, this.hidden * this.visible) };
  }
  /** b, the visible biases (intercept_visible_), a copy. */
  get visibleBias(): Float32Array {
    const nW = this.hidden * this.visible;
    return this.params.slice(nW, nW + this.visible);
  }
  /** c, the hidden biases (intercept_hidden_), a copy. */
  get hiddenBias(): Float32Array {
    return this.params.slice(this.hidden * this.visible + this.visible);
  }

  /** Replaces θ (layout of `params`); a wrong length or a non-finite value leaves θ unchanged. */
  setParams(values: ArrayLike<number>): void {
    const where = 'RBM.setParams';
    const m = this.live(where);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new ArgumentError(`${where}: values must be a Float32Array of ${this.numParams} values, got ${describe(values)}`);
    }
    if (values.length !== this.numParams) throw new ShapeError(`${where}: values has ${values.length} entries, this RBM has ${this.numParams} parameters`);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    withBlocks((take) => {
      const b = take(matrixBlock({ rows: 1, cols: data.length, data }, `${where}: values`));
      const p = kernels(where).rbmParams(m);
      heapF32().copyWithin(p >>> 2, b.ptr >>> 2, (b.ptr >>> 2) + this.numParams);
    });
  }

  /** The free energy F(v) = −log Σ_h exp(−E(v, h)) of every row (the Energy concept's energy). */
  energy(V: MatrixLike): Float32Array {
    return this.freeEnergy(V);
  }

  /** F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v) (Gaussian: ½‖v − b‖² − Σ_j …) for every row. */
  freeEnergy(V: MatrixLike): Float32Array {
    return this.rows(V, 'RBM.freeEnergy', (K, m, vp, n, out) => K.rbmFreeEnergy(m, out, vp, n), (n) => n, 'vector') as Float32Array;
  }

  /** ∇_v F for every row (samplers use it): −b − Wᵀσ(c + Wv) (Gaussian: v − b − Wᵀσ(…)). */
  grad(V: MatrixLike): Matrix {
    const where = 'RBM.grad';
    const v = this.data(V, where);
    return { rows: v.rows, cols: this.visible, data: evalDescribed(this, v, where, 'grad') };
  }

  /** p(h = 1 | v) = σ(c + Wv) for every row (scikit-learn's transform): an n × hidden Matrix. */
  transform(V: MatrixLike): Matrix {
    return this.rows(V, 'RBM.transform', (K, m, vp, n, out) => K.rbmHiddenProbs(m, out, vp, n), (n) => n * this.hidden, 'hidden') as Matrix;
  }

  /** The mean-field reconstruction E[v | h = p(h | v)]: σ(b + Wᵀσ(c + Wv)) (Gaussian: b + Wᵀσ(…)). */
  reconstruct(V: MatrixLike): Matrix {
    const H = this.hidden;
    return this.rows(V, 'RBM.reconstruct', (K, m, vp, n, out) => {
      K.rbmHiddenProbs(m, out, vp, n);
      K.rbmVisibleInput(m, vp, out, n, this.visibleType === 'bernoulli' ? 1 : 0);
      heapF32().copyWithin(out >>> 2, vp >>> 2, (vp >>> 2) + n * this.visible);
    }, (n) => n * Math.max(H, this.visible), 'visible') as Matrix;
  }

  /**
   * `steps` block-Gibbs sweeps (h ~ p(h | v), then v ~ p(v | h)) from every row of V,
   * the rows being independent chains that share one Philox stream of `seed`: the same
   * V, steps and seed give the same bytes in every runtime.
   */
  gibbs(V: MatrixLike, options: { steps?: number; seed?: number } = {}): Matrix {
    const where = 'RBM.gibbs';
    checkOptions(options, `${where}(V, options)`, ['steps', 'seed']);
    const steps = checkInteger(options.steps ?? 1, `${where}: steps`, 1, 1 << 24);
    const seed = options.seed === undefined ? this.seed : checkInteger(options.seed, `${where}: seed`, 0);
    return this.rows(V, where, (K, m, vp, n) => {
      withBlocks((take) => {
        const st = take(new WasmBlock(RNG_STATE_BYTES));
        const [lo, hi] = seedWords(seed);
        K.rngInit(st.ptr, lo, hi, STREAM_GIBBS);
        K.rbmGibbs(m, vp, 0, n, steps, st.ptr, 0);
      });
    }, () => 0, 'input') as Matrix;
  }

  /**
   * n draws from the model: `chains` chains (default n) start from v ~ p(v | h = 0),
   * take `steps` sweeps (default 1000) and then give a draw every `steps` sweeps;
   * the draws are returned chain-interleaved ([draw][chain]), the first n of them.
   */
  sample(n: number, options: { chains?: number; steps?: number; seed?: number } = {}): Matrix {
    const where = 'RBM.sample';
    const m = this.live(where);
    checkOptions(options, `${where}(n, options)`, ['chains', 'steps', 'seed']);
    checkInteger(n, `${where}: n`, 1, 1 << 24);
    const chains = checkInteger(options.chains ?? n, `${where}: chains`, 1, n);
    const steps = checkInteger(options.steps ?? 1000, `${where}: steps`, 1, 1 << 24);
    const seed = options.seed === undefined ? this.seed : checkInteger(options.seed, `${where}: seed`, 0);
    const V = this.visible;
    const draws = Math.ceil(n / chains);
    if (n * V > 1 << 27) throw new ArgumentError(`${where}: n × visible = ${n * V} values exceeds the limit of ${1 << 27}`);
    const K = kernels(where);
    return withBlocks((take) => {
      const st = take(new WasmBlock(RNG_STATE_BYTES));
      const [lo, hi] = seedWords(seed);
      K.rngInit(st.ptr, lo, hi, STREAM_SAMPLE);
      const vb = take(new WasmBlock(chains * V * 4));
      const hb = take(new WasmBlock(chains * this.hidden * 4));
      const ub = take(new WasmBlock(chains * V * 4));
      K.rbmSampleVisible(m, vb.ptr, hb.ptr, chains, st.ptr, ub.ptr);
      const out = new Float32Array(n * V);
      for (let d = 0, at = 0; d < draws; d++) {
        K.rbmGibbs(m, vb.ptr, 0, chains, steps, st.ptr, 0);
        const take2 = Math.min(chains * V, out.length - at);
        out.set(vb.f32(take2), at);
        at += take2;
      }
      return { rows: n, cols: V, data: out };
    });
  }

  /**
   * scikit-learn's `score_samples`: for each row, flip one unit (indices[r], or drawn
   * uniformly from `seed`) and return V·log σ(F(v′) − F(v)). Bernoulli units only.
   */
  pseudoLikelihood(V: MatrixLike, options: { indices?: ArrayLike<number>; seed?: number } = {}): Float32Array {
    const where = 'RBM.pseudoLikelihood';
    checkOptions(options, `${where}(V, options)`, ['indices', 'seed']);
    if (this.visibleType !== 'bernoulli') throw new ArgumentError(`${where}: the pseudo-likelihood flips binary units; this RBM has Gaussian visible units`);
    const seed = options.seed === undefined ? this.seed : checkInteger(options.seed, `${where}: seed`, 0);
    const idx = options.indices;
    return this.rows(V, where, (K, m, vp, n, out) => {
      withBlocks((take) => {
        const ib = take(new WasmBlock(Math.max(16, n * 4)));
        if (idx !== undefined) {
          if (idx === null || typeof idx !== 'object' || idx.length !== n) {
            throw new ShapeError(`${where}: indices must hold one unit per row (${n}), got ${idx === null || typeof idx !== 'object' ? describe(idx) : `${idx.length} values`}`);
          }
          const view = ib.i32(n);
          for (let r = 0; r < n; r++) view[r] = checkInteger(idx[r], `${where}: indices[${r}]`, 0, this.visible - 1);
        }
        const st = take(new WasmBlock(RNG_STATE_BYTES));
        const [lo, hi] = seedWords(seed);
        K.rngInit(st.ptr, lo, hi, STREAM_PSEUDO);
        K.rbmPseudoLikelihood(m, out, vp, n, ib.ptr, idx === undefined ? 1 : 0, st.ptr);
      });
    }, (n) => n, 'vector') as Float32Array;
  }

  /** Trains with CD-k or PCD-k in WASM; see RBMFitOptions. Resolves to the model. */
  fit(X: MatrixLike, options: RBMFitOptions = {}): Promise<this> {
    return fitRBM(this, X, options).then(() => this);
  }

  /** log Z exactly (enumerating the smaller layer, ≤ 24 units) or by AIS; see LogPartitionOptions. */
  logPartition(options: LogPartitionOptions = {}): Promise<LogPartition> {
    return rbmLogPartition(this, options);
  }

  /** log p(v) = −F(v) − log Z of every row, with log Z from `logZ` or computed by `logPartition(options)`. */
  logLikelihood(V: MatrixLike, options: LogPartitionOptions & { logZ?: LogPartition } = {}): Promise<LogLikelihood> {
    return rbmLogLikelihood(this, V, options);
  }

  /** Σ_r w_r·∂F(v_r)/∂θ (the Learnable protocol). */
  paramGrad(V: MatrixLike, weights: ArrayLike<number>): Float32Array {
    const where = 'RBM.paramGrad';
    const P = this.numParams;
    return this.rows(V, where, (K, m, vp, n, out) => {
      if (weights === null || typeof weights !== 'object' || weights.length !== n) {
        throw new ShapeError(`${where}: weights must hold one number per row (${n}), got ${describe(weights)}`);
      }
      const w = weights instanceof Float32Array ? weights : Float32Array.from(weights);
      withBlocks((take) => {
        const wb = take(new WasmBlock(Math.max(16, n * 4)));
        writeMatrix({ rows: 1, cols: n, data: w }, wb.ptr, `${where}: weights`);
        K.learnableParamGrad(m, out, wb.ptr, vp, 0, n, 0, 0);
      });
    }, () => P, 'params') as Float32Array;
  }

  toJSON(): RBMJSON {
    this.live('RBM.toJSON');
    return {
      kind: 'rbm', version: 1, visibleType: this.visibleType,
      W: Array.from({ length: this.hidden }, (_, j) => Array.from(this.params.subarray(j * this.visible, (j + 1) * this.visible))),
      b: Array.from(this.visibleBias), c: Array.from(this.hiddenBias),
    };
  }

  /** From `{ kind: 'rbm', version: 1, visibleType, W (hidden × visible), b, c }`, e.g. a scikit-learn BernoulliRBM's arrays. */
  static fromJSON(json: unknown, options: { seed?: number } = {}): RBM {
    return rbmFromJSON(json, options);
  }

  /** A versioned binary with a CRC-32 (sdk/io/format.ts), the training state included; read with `load` or `RBM.fromBytes`. */
  toBytes(): Uint8Array {
    this.live('RBM.toBytes');
    return rbmToBytes(this);
  }

  static fromBytes(bytes: Uint8Array): RBM {
    return rbmFromFile(null, bytes, 'RBM.fromBytes');
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): RBM {
    return rbmFromFile(file, null, where);
  }

  /** @internal The block: its own energy descriptor and learnable descriptor. */
  [DESCRIPTOR](where: string): number {
    return this.live(where);
  }
  /** @internal */
  [LEARNABLE](where: string): number {
    return this.live(where);
  }

  /** @internal The model's file: a worker loads the very same parameters (sdk/parallel/portable.ts). */
  [PORTABLE](where: string): PortableEnergy | null {
    this.live(where);
    return { type: 'file', bytes: this.toBytes() };
  }

  /** @internal The block pointer after a liveness check. */
  live(where: string): number {
    this.checkLive(where);
    return this.block;
  }

  /** @internal V checked against the model: shape, finite, and in [0, 1] for Bernoulli units. */
  data(V: MatrixLike, where: string, name = 'V'): Matrix {
    const v = asMatrix(V, `${where}: ${name}`);
    if (v.rows === 0) throw new ShapeError(`${where}: ${name} has no rows`);
    if (v.cols !== this.visible) throw new ShapeError(`${where}: ${name} has ${v.cols} columns, the RBM has ${this.visible} visible units`);
    const d = v.data;
    const bernoulli = this.visibleType === 'bernoulli';
    // the message is built only for the value that fails (building it for every value cost ~90 ms on 2048 × 784)
    const at = (i: number) => `${where}: ${name}[${Math.floor(i / v.cols)}][${i % v.cols}] is ${d[i]}`;
    for (let i = 0; i < d.length; i++) {
      const x = d[i]!;
      if (!Number.isFinite(x)) throw new ArgumentError(`${at(i)}: every value must be finite`, 'NOT_FINITE');
      if (bernoulli && !(x >= 0 && x <= 1)) {
        throw new ArgumentError(`${at(i)}: Bernoulli visible units take values in [0, 1] (binary data, or probabilities)`);
      }
    }
    return v;
  }

  protected override onDispose(): void {
    this.block = 0;
  }

  /**
   * Copies V in, runs `fn` with an output block of `outCount(n)` f32, and copies out
   * a vector, a hidden/visible-width Matrix, θ-length vector, or the (modified) input rows.
   */
  private rows(
    V: MatrixLike, where: string,
    fn: (K: ReturnType<typeof kernels>, m: number, vp: number, n: number, out: number) => void,
    outCount: (n: number) => number, shape: 'vector' | 'hidden' | 'visible' | 'input' | 'params',
  ): Float32Array | Matrix {
    const m = this.live(where);
    const v = this.data(V, where);
    const n = v.rows;
    const K = kernels(where);
    return withBlocks((take) => {
      const vb = take(matrixBlock(v, `${where}: V`));
      const out = take(new WasmBlock(Math.max(16, outCount(n) * 4), where));
      fn(K, m, vb.ptr, n, out.ptr);
      switch (shape) {
        case 'vector': return out.f32(n).slice();
        case 'params': return out.f32(this.numParams).slice();
        case 'hidden': return { rows: n, cols: this.hidden, data: out.f32(n * this.hidden).slice() };
        case 'visible': return { rows: n, cols: this.visible, data: out.f32(n * this.visible).slice() };
        case 'input': return { rows: n, cols: this.visible, data: vb.f32(n * this.visible).slice() };
      }
    });
  }
}
