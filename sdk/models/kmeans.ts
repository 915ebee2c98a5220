// K-means as an energy-based model (LeCun, NYU DL week 7, "Latent variable
// EBM example: K-means"): E(y, z) = ||y − W z||² with z one-hot over k
// prototypes. F∞(y) = min_z E is the zero-temperature free energy; F_β
// marginalizes z at inverse temperature β. Learning makes the energy low on
// the data by moving prototypes (architectural method: only k points can
// have zero energy, so the volume of low energy is limited).
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { fitKMeans, type KMeansFitOptions } from './kmeans-fit.js';
import { FileFormatError, readFile, writeFile, type ParsedFile, FROM_FILE } from '../io/format.js';
import { DESC_BYTES, DESCRIPTOR, KIND, evalDescribed, writeDescriptor, type DescribedEnergy } from '../energies/energy.js';
import { checkInteger, checkNumber, checkOptions } from '../util/validate.js';
import { checkInternal, INTERNAL, type Internal } from '../util/library-key.js';

export interface KMeansOptions {
  /** Number of prototypes (clusters), an integer ≥ 1. */
  k: number;
  /** Seed of the model's random stream (k-means++ and online shuffles); a non-negative safe integer. Default 0. */
  seed?: number;
}

export type { KMeansProgress, KMeansFitOptions } from './kmeans-fit.js';

export interface EnergyGridOptions {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Grid points along x and y (≥ 2 each). */
  nx: number;
  ny: number;
  /** If given, F_β at this β; otherwise F∞. */
  beta?: number;
}

export interface EnergyGrid {
  nx: number;
  ny: number;
  /** x coordinates (length nx) and y coordinates (length ny). */
  xs: Float32Array;
  ys: Float32Array;
  /** ny×nx energies, row j at y = ys[j]. */
  values: Float32Array;
}

/** KMeansEBM is an Energy: F∞ with ∇F∞ = 2(y − w_winner); `asEnergy({ beta })` gives F_β. */
export class KMeansEBM extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'KMeansEBM';
  readonly k: number;
  readonly seed: number;
  private centres: WasmBlock | null = null;
  private releaseCentres: (() => void) | null = null;
  private d = 0;
  private fitted: { inertia: number; iterations: number; converged: boolean; labels: Int32Array } | null = null;
  private desc: WasmBlock | null = null;
  /** As an Energy, the gradient is exact (piecewise for F∞). */
  readonly hasGrad = true;

  constructor(options: KMeansOptions) {
    super();
    checkOptions(options, 'new KMeansEBM(options)', ['k', 'seed']);
    if (options === undefined) throw new ArgumentError('new KMeansEBM(options): options { k } are required');
    this.k = checkInteger(options.k, 'new KMeansEBM: k', 1, 1 << 20);
    this.seed = options.seed === undefined ? 0 : checkInteger(options.seed, 'new KMeansEBM: seed', 0);
    kernels('new KMeansEBM');
    this.own(() => {
      this.desc?.free();
      this.desc = null;
    });
  }

  /** Dimension of y (set by fit). */
  get dim(): number {
    return this.live('dim').d;
  }

  get isFitted(): boolean {
    return this.centres !== null && !this.disposed;
  }

  /** The k prototypes (rows) as a k×d Matrix, a copy. */
  get prototypes(): Matrix {
    const c = this.live('prototypes');
    return { rows: this.k, cols: c.d, data: c.block.f32(this.k * c.d).slice() };
  }

  /** Final inertia of the best run: Σ_i min_z E(x_i, z) over the training rows. */
  get inertia(): number {
    return this.stats('inertia').inertia;
  }
  get iterations(): number {
    return this.stats('iterations').iterations;
  }
  get converged(): boolean {
    return this.stats('converged').converged;
  }
  /** The winning prototype of every training row, a copy. */
  get labels(): Int32Array {
    return this.stats('labels').labels.slice();
  }

  /**
   * Learns the prototypes from X (rows are points). Resolves to the model.
   * A failed or aborted fit leaves the model as it was.
   */
  async fit(X: MatrixLike, options: KMeansFitOptions = {}): Promise<this> {
    const where = 'KMeansEBM.fit';
    this.checkLive(where);
    const result = await fitKMeans(this, X, options, where);
    // commit: only now does the model change
    const block = new WasmBlock(result.centres.length * 4, where);
    heapF32().set(result.centres, block.ptr >>> 2);
    this.replaceCentres(block, result.d);
    this.fitted = { inertia: result.bestInertia, iterations: result.bestIter, converged: result.bestConverged, labels: result.labels };
    return this;
  }

  /** F∞(y) = min_z ||y − W z||² for every row of Y. */
  energy(Y: MatrixLike): Float32Array {
    return this.query(Y, 'KMeansEBM.energy', (K, yp, n, d, c) =>
      withBlocks((take) => {
        const out = take(new WasmBlock(n * 4));
        K.kmeansEnergy(out.ptr, 0, yp, n, d, c, this.k);
        return out.f32(n).slice();
      }),
    );
  }

  /**
   * F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β·||y − W z||²)) for every row of Y:
   * the free energy with z marginalized at inverse temperature β (uniform prior over z).
   * F∞ ≤ F_β ≤ mean_z E, and F_β → F∞ as β → ∞. Computed in f64 around the
   * minimum; where β·(max_z E − min_z E) ≤ 2^-26 it is mean_z E (the β → 0 limit,
   * within f32 resolution), and it is +Infinity at points so far away that every
   * energy overflows f32 (the limit as the point moves away).
   */
  freeEnergy(Y: MatrixLike, options: { beta: number }): Float32Array {
    const where = 'KMeansEBM.freeEnergy';
    checkOptions(options, `${where}(Y, options)`, ['beta']);
    if (options === undefined) throw new ArgumentError(`${where}(Y, { beta }): beta is required`);
    const beta = checkNumber(options.beta, `${where}: beta`, { min: 0, exclusiveMin: true });
    return this.query(Y, where, (K, yp, n, d, c) =>
      withBlocks((take) => {
        const out = take(new WasmBlock(n * 4));
        K.kmeansFreeEnergy(out.ptr, yp, n, d, c, this.k, beta);
        return out.f32(n).slice();
      }),
    );
  }

  /** The winning latent z (prototype index) for every row of Y. */
  infer(Y: MatrixLike): Int32Array {
    return this.query(Y, 'KMeansEBM.infer', (K, yp, n, d, c) =>
      withBlocks((take) => {
        const out = take(new WasmBlock(n * 4));
        K.kmeansEnergy(0, out.ptr, yp, n, d, c, this.k);
        return out.i32(n).slice();
      }),
    );
  }

  /** The closest point on the learned manifold: the winning prototype of each row. */
  project(Y: MatrixLike): Matrix {
    return this.query(Y, 'KMeansEBM.project', (K, yp, n, d, c) =>
      withBlocks((take) => {
        const z = take(new WasmBlock(n * 4));
        const out = take(new WasmBlock(n * d * 4));
        K.kmeansEnergy(0, z.ptr, yp, n, d, c, this.k);
        K.gatherRows(out.ptr, c, d, z.ptr, n);
        return { rows: n, cols: d, data: out.f32(n * d).slice() };
      }),
    );
  }

  /**
   * "Given y1, predict y2": `known` marks the coordinates given in Y (length d,
   * the same for every row). The prototype that best fits the known coordinates
   * fills in the others; known coordinates are returned unchanged. Values at
   * unknown coordinates of Y are ignored (they may be NaN).
   */
  complete(Y: MatrixLike, known: ArrayLike<boolean | number>): Matrix {
    const where = 'KMeansEBM.complete';
    const c = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== c.d) throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${c.d}`);
    if (known === null || typeof known !== 'object' || typeof known.length !== 'number') {
      throw new ArgumentError(`${where}: known must be an array of ${c.d} booleans, got ${describe(known)}`);
    }
    if (known.length !== c.d) throw new ShapeError(`${where}: known has length ${known.length}, expected ${c.d} (one flag per coordinate)`);
    let nKnown = 0;
    const mask = new Uint8Array(c.d);
    for (let j = 0; j < c.d; j++) {
      const v = known[j];
      if (typeof v !== 'boolean' && v !== 0 && v !== 1) throw new ArgumentError(`${where}: known[${j}] must be a boolean, got ${describe(v)}`);
      mask[j] = v ? 1 : 0;
      nKnown += mask[j]!;
    }
    if (nKnown === 0) throw new ArgumentError(`${where}: known marks no coordinate as known; at least one is needed to choose z`);
    const n = y.rows;
    const K = kernels(where);
    // only the known coordinates must be finite: check them here, the WASM copy takes the rest as given
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < c.d; j++) {
        if (mask[j] && !Number.isFinite(y.data[i * c.d + j]!)) {
          throw new ArgumentError(`${where}: Y[${i}][${j}] is ${y.data[i * c.d + j]} at a known coordinate: known values must be finite`, 'NOT_FINITE');
        }
      }
    }
    return withBlocks((take) => {
      const yb = take(new WasmBlock(Math.max(4, n * c.d * 4)));
      heapF32().set(y.data, yb.ptr >>> 2);
      const mb = take(new WasmBlock(c.d));
      heapU8().set(mask, mb.ptr);
      const out = take(new WasmBlock(Math.max(4, n * c.d * 4)));
      K.kmeansComplete(out.ptr, 0, yb.ptr, n, c.d, c.block.ptr, this.k, mb.ptr);
      return { rows: n, cols: c.d, data: out.f32(n * c.d).slice() };
    });
  }

  /** Energies on a regular 2-D grid (models with d = 2), for contour plots. */
  energyGrid(options: EnergyGridOptions): EnergyGrid {
    const where = 'KMeansEBM.energyGrid';
    const c = this.live(where);
    checkOptions(options, `${where}(options)`, ['xMin', 'xMax', 'yMin', 'yMax', 'nx', 'ny', 'beta']);
    if (c.d !== 2) throw new ShapeError(`${where}: the model has d = ${c.d}; a grid needs d = 2`);
    const xMin = checkNumber(options.xMin, `${where}: xMin`);
    const xMax = checkNumber(options.xMax, `${where}: xMax`);
    const yMin = checkNumber(options.yMin, `${where}: yMin`);
    const yMax = checkNumber(options.yMax, `${where}: yMax`);
    if (!(xMax > xMin)) throw new ArgumentError(`${where}: xMax (${xMax}) must be greater than xMin (${xMin})`);
    if (!(yMax > yMin)) throw new ArgumentError(`${where}: yMax (${yMax}) must be greater than yMin (${yMin})`);
    const nx = checkInteger(options.nx, `${where}: nx`, 2, 1 << 14);
    const ny = checkInteger(options.ny, `${where}: ny`, 2, 1 << 14);
    const beta = options.beta === undefined ? undefined : checkNumber(options.beta, `${where}: beta`, { min: 0, exclusiveMin: true });
    const K = kernels(where);
    return withBlocks((take) => {
      const n = nx * ny;
      const pts = take(new WasmBlock(n * 8));
      K.gridPoints(pts.ptr, xMin, xMax, yMin, yMax, nx, ny);
      const out = take(new WasmBlock(n * 4));
      if (beta === undefined) K.kmeansEnergy(out.ptr, 0, pts.ptr, n, 2, c.block.ptr, this.k);
      else K.kmeansFreeEnergy(out.ptr, pts.ptr, n, 2, c.block.ptr, this.k, beta);
      const p = pts.f32(n * 2);
      const xs = new Float32Array(nx);
      const ys = new Float32Array(ny);
      for (let i = 0; i < nx; i++) xs[i] = p[2 * i]!;
      for (let j = 0; j < ny; j++) ys[j] = p[2 * j * nx + 1]!;
      return { nx, ny, xs, ys, values: out.f32(n).slice() };
    });
  }

  /**
   * ∇F∞(y) = 2(y − w_z*) for every row of Y (z* the winning prototype): the
   * Energy gradient, so samplers can draw from exp(−β·F∞).
   */
  grad(Y: MatrixLike): Matrix {
    const y = asMatrix(Y, 'KMeansEBM.grad: Y');
    return { rows: y.rows, cols: this.live('KMeansEBM.grad').d, data: evalDescribed(this, y, 'KMeansEBM.grad', 'grad') };
  }

  /**
   * This model as an Energy with F = F_β (free energy at inverse temperature
   * `beta`, z marginalized) and ∇F_β = Σ_z softmax(−β·E)_z · 2(y − w_z).
   * Without beta (or beta = Infinity), F∞. The view follows later fits.
   */
  asEnergy(options: { beta?: number } = {}): KMeansFreeEnergy {
    const where = 'KMeansEBM.asEnergy';
    checkOptions(options, `${where}(options)`, ['beta']);
    const beta = options.beta === undefined || options.beta === Infinity ? Infinity : checkNumber(options.beta, `${where}: beta`, { min: 0, exclusiveMin: true });
    this.live(where);
    return new KMeansFreeEnergy(INTERNAL, this, beta, where);
  }

  /** @internal the Energy descriptor (F∞), refreshed on every call since fit may replace the prototypes. */
  [DESCRIPTOR](where: string): number {
    const c = this.live(where);
    if (this.desc === null) this.desc = new WasmBlock(DESC_BYTES, where);
    writeDescriptor(this.desc, { kind: KIND.kmeans, dim: c.d, p: [c.block.ptr], i: [this.k], f: [Infinity] });
    return this.desc.ptr;
  }

  /**
   * A versioned binary (see sdk/io/format.ts) of the fitted model: k, seed, the
   * prototypes, training labels and fit statistics. Read it back with `load`
   * or `KMeansEBM.fromBytes`; queries on the copy give the same bits.
   */
  toBytes(): Uint8Array {
    const c = this.live('KMeansEBM.toBytes');
    const f = this.fitted!;
    return writeFile(
      { kind: 'kmeans-ebm', k: this.k, seed: this.seed, dim: c.d, rows: f.labels.length, inertia: f.inertia, iterations: f.iterations, converged: f.converged },
      [c.block.f32(this.k * c.d).slice(), new Float32Array(f.labels.buffer.slice(0))],
    );
  }

  static fromBytes(bytes: Uint8Array): KMeansEBM {
    const file = readFile(bytes, 'KMeansEBM.fromBytes');
    if (file.header.kind !== 'kmeans-ebm') {
      throw new FileFormatError('kind', `KMeansEBM.fromBytes: the file holds a '${file.header.kind}', not a 'kmeans-ebm'`);
    }
    return KMeansEBM[FROM_FILE](file, 'KMeansEBM.fromBytes');
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): KMeansEBM {
    const h = file.header as { k?: unknown; seed?: unknown; dim?: unknown; rows?: unknown; inertia?: unknown; iterations?: unknown; converged?: unknown };
    const ok = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
    const inertiaOk = typeof h.inertia === 'number' && Number.isFinite(h.inertia) && h.inertia >= 0;
    if (!ok(h.k, 1) || !ok(h.seed, 0) || !ok(h.dim, 1) || !ok(h.rows, 1) || !inertiaOk || !ok(h.iterations, 0) || (h.iterations as number) > 2 ** 31 - 1 || typeof h.converged !== 'boolean') {
      throw new FileFormatError('header', `${where}: the header does not describe a fitted KMeansEBM (k, seed, dim, rows, iterations: integers in range; inertia: finite ≥ 0; converged: boolean)`);
    }
    if ((h.k as number) > (h.rows as number)) throw new FileFormatError('header', `${where}: k = ${String(h.k)} exceeds the ${String(h.rows)} training rows`);
    const k = h.k as number;
    const d = h.dim as number;
    const n = h.rows as number;
    const protos = file.take(k * d, 'the prototypes');
    const labels = new Int32Array(file.take(n, 'the labels').buffer);
    file.done();
    if (!protos.every(Number.isFinite) || labels.some((z) => z < 0 || z >= k)) {
      throw new FileFormatError('shape', `${where}: the prototypes or labels are out of range`);
    }
    const model = new KMeansEBM({ k, seed: h.seed as number });
    const block = new WasmBlock(k * d * 4, where);
    heapF32().set(protos, block.ptr >>> 2);
    model.replaceCentres(block, d);
    model.fitted = { inertia: h.inertia as number, iterations: h.iterations as number, converged: h.converged, labels };
    return model;
  }

  protected override onDispose(): void {
    this.centres = null;
    this.releaseCentres = null;
    this.fitted = null;
  }

  // ---- internals ----------------------------------------------------------

  private replaceCentres(block: WasmBlock, d: number): void {
    if (this.releaseCentres) this.disown(this.releaseCentres);
    this.centres = block;
    this.d = d;
    this.releaseCentres = this.own(() => block.free());
  }

  private live(where: string): { block: WasmBlock; d: number } {
    this.checkLive(where);
    if (!this.centres) throw new NotFittedError(`${where}: this KMeansEBM is not fitted yet; call \`await model.fit(X)\` first`);
    return { block: this.centres, d: this.d };
  }

  /** @internal The prototypes' block and dimension, for views of this model. */
  centresOf(where: string): { ptr: number; d: number } {
    const c = this.live(where);
    return { ptr: c.block.ptr, d: c.d };
  }

  private stats(where: string): NonNullable<KMeansEBM['fitted']> {
    this.live(`KMeansEBM.${where}`);
    return this.fitted!;
  }

  private query<T>(
    Y: MatrixLike,
    where: string,
    fn: (K: ReturnType<typeof kernels>, yPtr: number, n: number, d: number, cPtr: number) => T,
  ): T {
    const c = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== c.d && !(y.rows === 0 && y.cols === 0)) {
      throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${c.d}`);
    }
    const K = kernels(where);
    const yb = matrixBlock(y, `${where}: Y`);
    try {
      return fn(K, yb.ptr, y.rows, c.d, c.block.ptr);
    } finally {
      yb.free();
    }
  }
}

/**
 * F_β of a KMeansEBM as an Energy (from `model.asEnergy({ beta })`, F∞ when β = ∞);
 * follows later fits of the model. It holds a small descriptor block: dispose() it
 * when done (disposing it leaves the model alone).
 */
export class KMeansFreeEnergy extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'KMeansEBM.asEnergy() view';
  readonly hasGrad = true;
  private readonly block: WasmBlock;

  /** Made by `model.asEnergy({ beta })`. */
  constructor(token: Internal, private readonly model: KMeansEBM, readonly beta: number, where: string) {
    super();
    checkInternal(token, 'model.asEnergy({ beta })');
    const block = new WasmBlock(DESC_BYTES, where);
    this.block = block;
    this.own(() => block.free());
  }

  get dim(): number {
    return this.model.dim;
  }

  energy(Y: MatrixLike): Float32Array {
    this.checkLive('KMeansEBM.asEnergy().energy');
    return this.beta === Infinity ? this.model.energy(Y) : this.model.freeEnergy(Y, { beta: this.beta });
  }

  grad(Y: MatrixLike): Matrix {
    const where = 'KMeansEBM.asEnergy().grad';
    this.checkLive(where);
    const y = asMatrix(Y, `${where}: Y`);
    return { rows: y.rows, cols: this.model.dim, data: evalDescribed(this, y, where, 'grad') };
  }

  /** @internal */
  [DESCRIPTOR](where: string): number {
    this.checkLive(where);
    const { ptr, d } = this.model.centresOf(where);
    writeDescriptor(this.block, { kind: KIND.kmeans, dim: d, p: [ptr], i: [this.model.k], f: [this.beta] });
    return this.block.ptr;
  }
}
