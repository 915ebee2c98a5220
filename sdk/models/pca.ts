// PCA as an energy-based model, the lecture's strategy 1 ("build the machine
// so that the volume of low energy is constant"): E(y) = ‖(I − UUᵀ)(y − μ)‖²
// is zero on a q-dimensional affine subspace whatever the data, so no
// contrastive samples are needed. Fitted exactly: the f64 covariance and its
// eigenvectors (cyclic Jacobi) in WASM, matching scikit-learn's PCA up to sign.
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF32, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { blockBytes } from '../runtime/sizes.js';
import { Resource } from '../runtime/resource.js';
import { FileFormatError, readFile, writeFile, type ParsedFile, FROM_FILE } from '../io/format.js';
import { DESC_BYTES, DESCRIPTOR, KIND, evalDescribed, writeDescriptor, type DescribedEnergy } from '../energies/energy.js';
import { checkInteger, checkOptions } from '../util/validate.js';

export interface PCAOptions {
  /** Dimension q of the learned subspace: an integer in [1, min(rows, columns)] of the data. */
  components: number;
}

interface Fitted {
  d: number;
  mean: WasmBlock;
  comps: WasmBlock;
  /** Every eigenvalue of the covariance, descending (f64). */
  variances: Float64Array;
  rows: number;
}

/** PCAEnergy is an Energy: E(y) = ‖(I − UUᵀ)(y − μ)‖² with ∇E = 2(I − UUᵀ)(y − μ). */
export class PCAEnergy extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'PCAEnergy';
  /** q, the dimension of the learned subspace (the `components` option). */
  readonly nComponents: number;
  readonly hasGrad = true;
  private state: Fitted | null = null;
  private release: (() => void) | null = null;
  private desc: WasmBlock | null = null;

  constructor(options: PCAOptions) {
    super();
    checkOptions(options, 'new PCAEnergy(options)', ['components']);
    if (options === undefined) throw new ArgumentError('new PCAEnergy(options): options { components } are required');
    this.nComponents = checkInteger(options.components, 'new PCAEnergy: components', 1, 1 << 16);
    kernels('new PCAEnergy');
    this.own(() => {
      this.desc?.free();
      this.desc = null;
    });
  }

  get isFitted(): boolean {
    return this.state !== null && !this.disposed;
  }

  /** Dimension of y (set by fit). */
  get dim(): number {
    return this.live('PCAEnergy.dim').d;
  }

  /** The q principal axes as the rows of a q×d Matrix (unit length; the sign puts each row's largest-magnitude entry positive), a copy. */
  get components(): Matrix {
    const s = this.live('PCAEnergy.components');
    return { rows: this.nComponents, cols: s.d, data: s.comps.f32(this.nComponents * s.d).slice() };
  }

  /** The training mean μ (length d), a copy. */
  get mean(): Float32Array {
    const s = this.live('PCAEnergy.mean');
    return s.mean.f32(s.d).slice();
  }

  /** Variance along each of the q axes (covariance eigenvalues, divided by rows − 1 as scikit-learn), f64. */
  get explainedVariance(): Float64Array {
    return this.live('PCAEnergy.explainedVariance').variances.slice(0, this.nComponents);
  }

  /** explainedVariance divided by the total variance of the training data. */
  get explainedVarianceRatio(): Float64Array {
    const v = this.live('PCAEnergy.explainedVarianceRatio').variances;
    let total = 0;
    for (const x of v) total += Math.max(0, x);
    return v.slice(0, this.nComponents).map((x) => (total > 0 ? x / total : 0));
  }

  /** Learns μ and U from X (rows are points, at least 2). Returns the model; a failed fit leaves it as it was. */
  fit(X: MatrixLike): this {
    const where = 'PCAEnergy.fit';
    this.checkLive(where);
    const x = asMatrix(X, `${where}: X`);
    if (x.rows < 2 || x.cols < 1) throw new ShapeError(`${where}: X has shape ${x.rows}×${x.cols}, expected at least 2 rows and 1 column`);
    const q = this.nComponents;
    if (q > x.cols) throw new ArgumentError(`${where}: components = ${q} exceeds the ${x.cols} columns of X`);
    if (q > x.rows) throw new ArgumentError(`${where}: components = ${q} exceeds the ${x.rows} rows of X`);
    const d = x.cols;
    const K = kernels(where);
    blockBytes(where, 8, d, d);
    const mean = new WasmBlock(blockBytes(where, 4, d), where);
    let comps: WasmBlock | null = null;
    try {
      comps = new WasmBlock(blockBytes(where, 4, q, d), where);
      const variances = withBlocks((take) => {
        const xb = take(matrixBlock(x, `${where}: X`));
        const vb = take(new WasmBlock(d * 8, where));
        K.pcaFit(mean.ptr, comps!.ptr, vb.ptr, xb.ptr, x.rows, d, q);
        return vb.f64(d).slice();
      });
      this.commit({ d, mean, comps, variances, rows: x.rows });
    } catch (e) {
      mean.free();
      comps?.free();
      throw e;
    }
    return this;
  }

  /** E(y) = ‖(I − UUᵀ)(y − μ)‖² for every row of Y: the squared distance to the subspace. */
  energy(Y: MatrixLike): Float32Array {
    return evalDescribed(this, Y, 'PCAEnergy.energy', 'energy');
  }

  /** ∇E(y) = 2(I − UUᵀ)(y − μ) for every row of Y. */
  grad(Y: MatrixLike): Matrix {
    const y = asMatrix(Y, 'PCAEnergy.grad: Y');
    return { rows: y.rows, cols: this.live('PCAEnergy.grad').d, data: evalDescribed(this, y, 'PCAEnergy.grad', 'grad') };
  }

  /** The codes z = U(y − μ) of the rows of Y, an n×q Matrix (scikit-learn's transform). */
  transform(Y: MatrixLike): Matrix {
    return this.apply(Y, 'PCAEnergy.transform', 'd', this.nComponents, (K, s, out, yp, n) => K.pcaTransform(out, yp, n, s.d, s.mean.ptr, s.comps.ptr, this.nComponents));
  }

  /** μ + Uᵀz for the rows of Z (n×q): back to data space. */
  inverseTransform(Z: MatrixLike): Matrix {
    return this.apply(Z, 'PCAEnergy.inverseTransform', 'q', 0, (K, s, out, zp, n) => K.pcaInverse(out, zp, n, s.d, s.mean.ptr, s.comps.ptr, this.nComponents));
  }

  /** The closest point of the learned subspace to each row of Y: μ + UᵀU(y − μ), so E(project(y)) ≈ 0. */
  project(Y: MatrixLike): Matrix {
    return this.apply(Y, 'PCAEnergy.project', 'd', 0, (K, s, out, yp, n) => K.pcaProject(out, yp, n, s.d, s.mean.ptr, s.comps.ptr, this.nComponents));
  }

  /** @internal */
  [DESCRIPTOR](where: string): number {
    const s = this.live(where);
    if (this.desc === null) this.desc = new WasmBlock(DESC_BYTES, where);
    writeDescriptor(this.desc, { kind: KIND.pca, dim: s.d, p: [s.mean.ptr, s.comps.ptr], i: [this.nComponents] });
    return this.desc.ptr;
  }

  /** A versioned binary (sdk/io/format.ts): components, mean, axes and all variances (as f64 bits); reads back bit-exactly. */
  toBytes(): Uint8Array {
    const s = this.live('PCAEnergy.toBytes');
    return writeFile(
      { kind: 'pca-energy', components: this.nComponents, dim: s.d, rows: s.rows },
      [s.mean.f32(s.d).slice(), s.comps.f32(this.nComponents * s.d).slice(), new Float32Array(s.variances.slice().buffer)],
    );
  }

  static fromBytes(bytes: Uint8Array): PCAEnergy {
    const file = readFile(bytes, 'PCAEnergy.fromBytes');
    if (file.header.kind !== 'pca-energy') throw new FileFormatError('kind', `PCAEnergy.fromBytes: the file holds a '${file.header.kind}', not a 'pca-energy'`);
    return PCAEnergy[FROM_FILE](file, 'PCAEnergy.fromBytes');
  }

  /** @internal Validated by meaning before anything is allocated. */
  static [FROM_FILE](file: ParsedFile, where: string): PCAEnergy {
    const h = file.header as { components?: unknown; dim?: unknown; rows?: unknown };
    const ok = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
    if (!ok(h.dim, 1, 1 << 16) || !ok(h.rows, 2, Number.MAX_SAFE_INTEGER) || !ok(h.components, 1, Math.min(h.dim as number, h.rows as number))) {
      throw new FileFormatError('header', `${where}: the header does not describe a fitted PCAEnergy (dim ≥ 1, rows ≥ 2, 1 ≤ components ≤ min(dim, rows))`);
    }
    const q = h.components as number;
    const d = h.dim as number;
    const mean = file.take(d, 'the mean');
    const comps = file.take(q * d, 'the components');
    const variances = new Float64Array(file.take(2 * d, 'the variances').slice().buffer);
    file.done();
    if (!mean.every(Number.isFinite) || !comps.every(Number.isFinite) || !variances.every(Number.isFinite)) {
      throw new FileFormatError('shape', `${where}: the mean, components or variances hold a non-finite value`);
    }
    for (let i = 1; i < d; i++) {
      if (!(variances[i - 1]! >= variances[i]!)) throw new FileFormatError('shape', `${where}: the variances are not in descending order`);
    }
    const model = new PCAEnergy({ components: q });
    const mb = new WasmBlock(d * 4, where);
    heapF32().set(mean, mb.ptr >>> 2);
    const cb = new WasmBlock(q * d * 4, where);
    heapF32().set(comps, cb.ptr >>> 2);
    model.commit({ d, mean: mb, comps: cb, variances, rows: h.rows as number });
    return model;
  }

  protected override onDispose(): void {
    this.state = null;
    this.release = null;
  }

  // ---- internals ----------------------------------------------------------

  private commit(s: Fitted): void {
    if (this.release) this.disown(this.release);
    this.state = s;
    this.release = this.own(() => {
      s.mean.free();
      s.comps.free();
    });
  }

  private live(where: string): Fitted {
    this.checkLive(where);
    if (!this.state) throw new NotFittedError(`${where}: this PCAEnergy is not fitted yet; call \`model.fit(X)\` first`);
    return this.state;
  }

  /** Copies M (n×(d or q)) in, runs fn into an n×outCols block (outCols 0: d), copies out. */
  private apply(
    M: MatrixLike,
    where: string,
    inCols: 'd' | 'q',
    outCols: number,
    fn: (K: ReturnType<typeof kernels>, s: Fitted, out: number, inPtr: number, n: number) => void,
  ): Matrix {
    const s = this.live(where);
    const m = asMatrix(M, `${where}: ${inCols === 'd' ? 'Y' : 'Z'}`);
    const want = inCols === 'd' ? s.d : this.nComponents;
    if (m.cols !== want && !(m.rows === 0 && m.cols === 0)) {
      throw new ShapeError(`${where}: ${inCols === 'd' ? 'Y' : 'Z'} has ${m.cols} columns, expected ${want}`);
    }
    const cols = outCols === 0 ? s.d : outCols;
    const n = m.rows;
    if (n === 0) return { rows: 0, cols, data: new Float32Array(0) };
    const K = kernels(where);
    return withBlocks((take) => {
      const ib = take(matrixBlock(m, `${where}: ${inCols === 'd' ? 'Y' : 'Z'}`));
      const out = take(new WasmBlock(blockBytes(where, 4, n, cols), where));
      fn(K, s, out.ptr, ib.ptr, n);
      return { rows: n, cols, data: out.f32(n * cols).slice() };
    });
  }
}
