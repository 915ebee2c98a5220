// A Gaussian mixture as a latent-variable EBM: E(y, z) = −log(π_z N(y; μ_z, Σ_z)).
// Marginalizing z at β = 1 gives F_1(y) = −log p(y): the lecture's free energy
// is an exact likelihood here, so the mixture is also an architectural method
// (the total probability is fixed, so pushing the energy down on the data
// pushes it up elsewhere). Fitted by EM in WASM (gmm-fit.ts).
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { GMM_COVARIANCES, GMM_MEANS, GMM_WEIGHTS, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF64, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { blockBytes } from '../runtime/sizes.js';
import { Resource } from '../runtime/resource.js';
import { DESC_BYTES, DESCRIPTOR, KIND, evalDescribed, writeDescriptor, type DescribedEnergy } from '../energies/energy.js';
import { checkInteger, checkNumber, checkOneOf, checkOptions, seedWords } from '../util/validate.js';
import { fitGaussianMixture, gmmLayout, type CovarianceType, type GaussianMixtureFitOptions } from './gmm-fit.js';
import { gmmFromFile, gmmToBytes } from './gmm-files.js';
import { readFile, FileFormatError, type ParsedFile, FROM_FILE } from '../io/format.js';

export type { CovarianceType, GaussianMixtureFitOptions, GaussianMixtureInit, GaussianMixtureProgress } from './gmm-fit.js';

export interface GaussianMixtureOptions {
  /** Number of mixture components k, an integer ≥ 1 (at most the rows of X). */
  components: number;
  /** Shape of every Σ_z: 'full' (default), 'diag' (axis-aligned) or 'spherical' (σ²_z·I). */
  covariance?: CovarianceType;
  /** Seed of the model's random stream (k-means++ starts); a non-negative safe integer. Default 0. */
  seed?: number;
}

/** @internal what a fit or a file leaves: the f64 parameter block (gmmLayout) and fit statistics. */
export interface MixtureState {
  d: number;
  block: WasmBlock;
  lowerBound: number;
  iterations: number;
  converged: boolean;
}

/**
 * GaussianMixtureEBM is an Energy with F = F_1 = −log p(y) and its gradient
 * Σ_z p(z|y)·Σ_z⁻¹(y − μ_z), so every sampler draws from the fitted mixture.
 */
export class GaussianMixtureEBM extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'GaussianMixtureEBM';
  readonly nComponents: number;
  readonly covariance: CovarianceType;
  readonly seed: number;
  readonly hasGrad = true;
  private state: MixtureState | null = null;
  private release: (() => void) | null = null;
  private desc: WasmBlock | null = null;

  constructor(options: GaussianMixtureOptions) {
    super();
    const where = 'new GaussianMixtureEBM';
    checkOptions(options, `${where}(options)`, ['components', 'covariance', 'seed']);
    if (options === undefined) throw new ArgumentError(`${where}(options): options { components } are required`);
    this.nComponents = checkInteger(options.components, `${where}: components`, 1, 1 << 16);
    this.covariance = checkOneOf(options.covariance ?? 'full', `${where}: covariance`, ['full', 'diag', 'spherical'] as const);
    this.seed = options.seed === undefined ? 0 : checkInteger(options.seed, `${where}: seed`, 0);
    kernels(where);
    this.own(() => {
      this.desc?.free();
      this.desc = null;
    });
  }

  get isFitted(): boolean {
    return this.state !== null && !this.disposed;
  }

  get dim(): number {
    return this.live('GaussianMixtureEBM.dim').d;
  }

  /** Mixture weights π (length k, sum 1), f64. */
  get weights(): Float64Array {
    return this.part('weights', GMM_WEIGHTS, 1);
  }

  /** Component means, k rows of d (f64). */
  get means(): number[][] {
    const s = this.live('GaussianMixtureEBM.means');
    const m = this.part('means', GMM_MEANS, s.d);
    return Array.from({ length: this.nComponents }, (_, z) => Array.from(m.subarray(z * s.d, (z + 1) * s.d)));
  }

  /** Covariances in scikit-learn's shape for the type: full k×d×d, diag k×d, spherical k (f64). */
  get covariances(): number[][][] | number[][] | number[] {
    const s = this.live('GaussianMixtureEBM.covariances');
    const d = s.d;
    const c = this.part('covariances', GMM_COVARIANCES, d * d);
    const k = this.nComponents;
    if (this.covariance === 'spherical') return Array.from({ length: k }, (_, z) => c[z * d * d]!);
    if (this.covariance === 'diag') return Array.from({ length: k }, (_, z) => Array.from({ length: d }, (_, a) => c[z * d * d + a * d + a]!));
    return Array.from({ length: k }, (_, z) => Array.from({ length: d }, (_, a) => Array.from(c.subarray(z * d * d + a * d, z * d * d + (a + 1) * d))));
  }

  /** Mean training log-likelihood before the last M-step (scikit-learn's lower_bound_). */
  get lowerBound(): number {
    return this.live('GaussianMixtureEBM.lowerBound').lowerBound;
  }
  get iterations(): number {
    return this.live('GaussianMixtureEBM.iterations').iterations;
  }
  get converged(): boolean {
    return this.live('GaussianMixtureEBM.converged').converged;
  }

  /** Fits by EM (see GaussianMixtureFitOptions). Resolves to the model; a failed or aborted fit leaves it as it was. */
  async fit(X: MatrixLike, options: GaussianMixtureFitOptions = {}): Promise<this> {
    const where = 'GaussianMixtureEBM.fit';
    this.checkLive(where);
    const r = await fitGaussianMixture(this, X, options, where);
    const block = new WasmBlock(r.params.length * 8, where);
    heapF64().set(r.params, block.ptr >>> 3);
    this.commit({ d: r.d, block, lowerBound: r.lowerBound, iterations: r.iterations, converged: r.converged });
    return this;
  }

  /** F_1(y) = −log p(y) for every row of Y (the Energy; f64 log-sum-exp, rounded once). */
  energy(Y: MatrixLike): Float32Array {
    return evalDescribed(this, Y, 'GaussianMixtureEBM.energy', 'energy');
  }

  /** ∇F_1(y) = Σ_z p(z|y)·Σ_z⁻¹(y − μ_z) for every row of Y. */
  grad(Y: MatrixLike): Matrix {
    const y = asMatrix(Y, 'GaussianMixtureEBM.grad: Y');
    return { rows: y.rows, cols: this.live('GaussianMixtureEBM.grad').d, data: evalDescribed(this, y, 'GaussianMixtureEBM.grad', 'grad') };
  }

  /**
   * F_β(y) = −(1/β)·log Σ_z exp(−β·E(y, z)), computed in f64 around min_z E.
   * β = 1 (the default) is −log p(y), the same bits as `energy(Y)`; β = Infinity is
   * F∞ = min_z E(y, z) (the best single component).
   */
  freeEnergy(Y: MatrixLike, options: { beta?: number } = {}): Float32Array {
    const where = 'GaussianMixtureEBM.freeEnergy';
    checkOptions(options, `${where}(Y, options)`, ['beta']);
    const beta = options.beta === undefined ? 1 : options.beta === Infinity ? Infinity : checkNumber(options.beta, `${where}: beta`, { min: 0, exclusiveMin: true });
    return this.query(Y, where, (K, s, yp, n) =>
      withBlocks((take) => {
        const view = take(new WasmBlock(DESC_BYTES, where));
        writeDescriptor(view, { kind: KIND.gmm, dim: s.d, p: [s.block.ptr], i: [this.nComponents], f: [beta] });
        const out = take(new WasmBlock(Math.max(16, blockBytes(where, 4, n)), where));
        K.energyEval(view.ptr, yp, n, out.ptr, 0);
        return out.f32(n).slice();
      }),
    );
  }

  /** p(z | y) for every row of Y: an n×k Matrix whose rows sum to 1. */
  predictProba(Y: MatrixLike): Matrix {
    return this.query(Y, 'GaussianMixtureEBM.predictProba', (K, s, yp, n) => {
      const k = this.nComponents;
      return withBlocks((take) => {
        const r = take(new WasmBlock(blockBytes('GaussianMixtureEBM.predictProba', 8, n, k)));
        K.gmmEStep(r.ptr, 0, s.block.ptr, yp, n, s.d, k);
        return { rows: n, cols: k, data: Float32Array.from(r.f64(n * k)) };
      });
    });
  }

  /** log p(y) for every row of Y, in f64 (scikit-learn's score_samples). */
  scoreSamples(Y: MatrixLike): Float64Array {
    return this.query(Y, 'GaussianMixtureEBM.scoreSamples', (K, s, yp, n) =>
      withBlocks((take) => {
        const l = take(new WasmBlock(blockBytes('GaussianMixtureEBM.scoreSamples', 8, n)));
        K.gmmEStep(0, l.ptr, s.block.ptr, yp, n, s.d, this.nComponents);
        return l.f64(n).slice();
      }),
    );
  }

  /** Mean log-likelihood (1/n)·Σ log p(y) of the rows of Y (at least one), summed in f64. */
  score(Y: MatrixLike): number {
    return this.query(Y, 'GaussianMixtureEBM.score', (K, s, yp, n) => {
      if (n === 0) throw new ShapeError('GaussianMixtureEBM.score: Y has no rows; the mean of nothing is undefined');
      return K.gmmEStep(0, 0, s.block.ptr, yp, n, s.d, this.nComponents) / n;
    });
  }

  /** n exact draws from the mixture (z from the weights, then y ~ N(μ_z, Σ_z)); `labels` says which component. */
  sample(n: number, options: { seed?: number } = {}): { samples: Matrix; labels: Int32Array } {
    const where = 'GaussianMixtureEBM.sample';
    checkOptions(options, `${where}(n, options)`, ['seed']);
    const rows = checkInteger(n, `${where}: n`, 0, 1 << 26);
    const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    const s = this.live(where);
    const K = kernels(where);
    const [lo, hi] = seedWords(seed);
    return withBlocks((take) => {
      const out = take(new WasmBlock(Math.max(16, blockBytes(where, 4, rows, s.d)), where));
      const lab = take(new WasmBlock(Math.max(16, blockBytes(where, 4, rows)), where));
      const rng = take(new WasmBlock(RNG_STATE_BYTES, where));
      K.rngInit(rng.ptr, lo, hi, 0);
      K.gmmSample(out.ptr, lab.ptr, s.block.ptr, this.nComponents, s.d, rows, rng.ptr);
      return { samples: { rows, cols: s.d, data: out.f32(rows * s.d).slice() }, labels: lab.i32(rows).slice() };
    });
  }

  /** @internal The Energy descriptor: F_1 = −log p(y). */
  [DESCRIPTOR](where: string): number {
    const s = this.live(where);
    if (this.desc === null) this.desc = new WasmBlock(DESC_BYTES, where);
    writeDescriptor(this.desc, { kind: KIND.gmm, dim: s.d, p: [s.block.ptr], i: [this.nComponents], f: [1] });
    return this.desc.ptr;
  }

  /** A versioned binary (sdk/io/format.ts); the parameters are stored as f64 bits, so a copy answers with the same bits. */
  toBytes(): Uint8Array {
    return gmmToBytes(this, this.live('GaussianMixtureEBM.toBytes'));
  }

  static fromBytes(bytes: Uint8Array): GaussianMixtureEBM {
    const file = readFile(bytes, 'GaussianMixtureEBM.fromBytes');
    if (file.header.kind !== 'gaussian-mixture-ebm') throw new FileFormatError('kind', `GaussianMixtureEBM.fromBytes: the file holds a '${file.header.kind}', not a 'gaussian-mixture-ebm'`);
    return GaussianMixtureEBM[FROM_FILE](file, 'GaussianMixtureEBM.fromBytes');
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): GaussianMixtureEBM {
    return gmmFromFile(file, where, (options, state) => {
      const m = new GaussianMixtureEBM(options);
      m.commit(state);
      return m;
    });
  }

  protected override onDispose(): void {
    this.state = null;
    this.release = null;
  }

  // ---- internals ----------------------------------------------------------

  private commit(s: MixtureState): void {
    if (this.release) this.disown(this.release);
    this.state = s;
    this.release = this.own(() => s.block.free());
  }

  private live(where: string): MixtureState {
    this.checkLive(where);
    if (!this.state) throw new NotFittedError(`${where}: this GaussianMixtureEBM is not fitted yet; call \`await model.fit(X)\` first`);
    return this.state;
  }

  private part(name: string, which: number, per: number): Float64Array {
    const s = this.live(`GaussianMixtureEBM.${name}`);
    const at = s.block.ptr + gmmLayout(this.nComponents, s.d, `GaussianMixtureEBM.${name}`).at(which);
    return heapF64().slice(at >>> 3, (at >>> 3) + this.nComponents * per);
  }

  private query<T>(Y: MatrixLike, where: string, fn: (K: ReturnType<typeof kernels>, s: MixtureState, yPtr: number, n: number) => T): T {
    const s = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== s.d && !(y.rows === 0 && y.cols === 0)) throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${s.d}`);
    const K = kernels(where);
    const yb = matrixBlock(y, `${where}: Y`);
    try {
      return fn(K, s, yb.ptr, y.rows);
    } finally {
      yb.free();
    }
  }
}
