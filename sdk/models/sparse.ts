// Sparse coding as an energy-based model (Olshausen & Field 1996; LeCun, NYU
// DL week 7, "sparse modeling"): E(y, z) = ½‖y − Wᵀz‖² + λ‖z‖₁ with nAtoms
// unit-norm atoms (rows of W). F∞(y) = min_z E(y, z) is low only near sparse
// combinations of the atoms (an architectural method: the L1 term limits the
// volume of low energy). The objective is scikit-learn's for
// `sparse_encode(algorithm='lasso_cd', alpha=λ)` and `DictionaryLearning(alpha=λ)`.
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { KIND_SPARSE } from '../runtime/abi.js';
import { heapF32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { DESC_BYTES, DESCRIPTOR, evalDescribed, writeDescriptor, type DescribedEnergy } from '../energies/energy.js';
import { checkInteger, checkNumber, checkOptions } from '../util/validate.js';
import { checkedBytes, Dictionary, encodeSettings, MAX_ITER, parseMask, unitRows, type EncodeOptions, type EncodeSettings } from './sparse-dict.js';
import { fitSparse, type SparseFitOptions } from './sparse-fit.js';
import { readSparseFile, writeSparseFile, type SparseFileState } from './sparse-file.js';
import type { ParsedFile } from '../io/format.js';
import { FROM_FILE } from '../io/format.js';
import type { Pool } from '../parallel/pool.js';
import { checkParallel, withPool, type ParallelOptions } from '../parallel/use.js';
import { encodeOnPool } from '../parallel/sparse.js';

export interface SparseCodingOptions {
  /** Number of atoms (columns of the d × nAtoms dictionary), an integer ≥ 1. */
  nAtoms: number;
  /** Weight λ ≥ 0 of the L1 penalty (scikit-learn's alpha). */
  lambda: number;
  /** Seed of the model's random stream (initial atoms, online shuffles); a non-negative safe integer. Default 0. */
  seed?: number;
  /** Most coordinate-descent sweeps per row when energy, grad, reconstruct, complete and fit find codes. Default 1000. */
  maxIter?: number;
  /** Their stopping rule: duality gap ≤ tol·‖y‖². Default 1e-6 (objective exact to ~1e-6 relative). */
  tol?: number;
}

export type { EncodeOptions } from './sparse-dict.js';
export type { SparseFitOptions, SparseProgress } from './sparse-fit.js';

/**
 * Least work (rows × atoms × (dim + atoms)) for encode to send to workers: coordinate descent costs
 * about 2–20 ns per unit on one core (more when atoms outnumber dimensions), so 2²¹ units are
 * 5–40 ms. A job of no work on 2 workers takes ~0.25 ms (bench/suites/parallel-sparse.mjs), so
 * 2 workers break even near 0.2 M units on free cores; the threshold stays ten times above that,
 * where a shared machine's workers may wait for a core and the copies of Y cost ~10 % of the work.
 */
const ENCODE_MIN_WORK = 1 << 21;

/** Most atoms: the Gram matrix (nAtoms² f32) and A (nAtoms² f64) must fit WASM memory with room to spare. */
const MAX_ATOMS = 1 << 14;

/** SparseCoding is an Energy: F∞(y) = min_z E(y, z), ∇F∞(y) = y − Wᵀz* (envelope theorem). */
export class SparseCoding extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'SparseCoding';
  readonly nAtoms: number;
  readonly lambda: number;
  readonly seed: number;
  readonly maxIter: number;
  readonly tol: number;
  /** As an Energy, ∇F∞ is exact wherever the code z* is unique. */
  readonly hasGrad = true;
  private dict: Dictionary | null = null;
  private releaseDict: (() => void) | null = null;
  private fitted: { method: 'alternating' | 'online' | 'given'; history: Float64Array; objective: number | null } | null = null;
  private desc: WasmBlock | null = null;

  constructor(options: SparseCodingOptions) {
    super();
    const where = 'new SparseCoding';
    checkOptions(options, `${where}(options)`, ['nAtoms', 'lambda', 'seed', 'maxIter', 'tol']);
    if (options === undefined) throw new ArgumentError(`${where}(options): options { nAtoms, lambda } are required`);
    this.nAtoms = checkInteger(options.nAtoms, `${where}: nAtoms`, 1, MAX_ATOMS);
    this.lambda = checkNumber(options.lambda, `${where}: lambda`, { min: 0 });
    this.seed = options.seed === undefined ? 0 : checkInteger(options.seed, `${where}: seed`, 0);
    this.maxIter = options.maxIter === undefined ? 1000 : checkInteger(options.maxIter, `${where}: maxIter`, 1, MAX_ITER);
    this.tol = options.tol === undefined ? 1e-6 : checkNumber(options.tol, `${where}: tol`, { min: 0 });
    kernels(where);
    this.own(() => {
      this.desc?.free();
      this.desc = null;
    });
  }

  /**
   * A model with the given atoms (an nAtoms×d Matrix, rows scaled to unit
   * norm) instead of learned ones: for coding with a fixed dictionary.
   */
  static fromAtoms(atoms: MatrixLike, options: Omit<SparseCodingOptions, 'nAtoms'>): SparseCoding {
    const where = 'SparseCoding.fromAtoms';
    const m = asMatrix(atoms, `${where}: atoms`);
    if (m.rows === 0 || m.cols === 0) throw new ShapeError(`${where}: atoms has shape ${m.rows}×${m.cols}, expected at least one atom of dimension ≥ 1`);
    checkOptions(options, `${where}(atoms, options)`, ['lambda', 'seed', 'maxIter', 'tol']);
    const model = new SparseCoding({ ...options, nAtoms: m.rows } as SparseCodingOptions);
    try {
      const unit = unitRows(m, `${where}: atoms`);
      model.commit(Dictionary.fromAtoms(unit, m.rows, m.cols, where), { method: 'given', history: new Float64Array(0), objective: null });
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  /** Dimension of y (set by fit). */
  get dim(): number {
    return this.live('SparseCoding.dim').d;
  }

  get isFitted(): boolean {
    return this.dict !== null && !this.disposed;
  }

  /** The atoms as an nAtoms×d Matrix (rows, unit norm; scikit-learn's `components_`), a copy. */
  get atoms(): Matrix {
    const s = this.live('SparseCoding.atoms');
    return { rows: this.nAtoms, cols: s.d, data: s.atoms() };
  }

  /** The objective reported after every epoch of the last fit (empty for fromAtoms). */
  get history(): Float64Array {
    this.live('SparseCoding.history');
    return this.fitted!.history.slice();
  }

  /** Σ over the training rows of F∞(x) with the final atoms (null for fromAtoms). */
  get objective(): number | null {
    this.live('SparseCoding.objective');
    return this.fitted!.objective;
  }

  /** @internal λ and the coding settings fit uses. */
  get inference(): { lambda: number; maxIter: number; tol: number } {
    return { lambda: this.lambda, maxIter: this.maxIter, tol: this.tol };
  }

  /**
   * Learns the atoms from X (rows are points). Resolves to the model.
   * A failed or aborted fit leaves the model as it was.
   */
  async fit(X: MatrixLike, options: SparseFitOptions = {}): Promise<this> {
    const where = 'SparseCoding.fit';
    this.checkLive(where);
    const r = await fitSparse(this, X, options, where);
    this.commit(Dictionary.fromAtoms(r.atoms, this.nAtoms, r.d, where), { method: r.method, history: r.history, objective: r.objective });
    return this;
  }

  /**
   * The sparse codes z* = argmin_z E(y, z) of every row of Y, as a rows × nAtoms Matrix.
   * With `workers` or `pool` it resolves to the same bytes, blocks of rows coded on workers
   * (below 2²¹ units of rows × nAtoms × (dim + nAtoms) it stays on the calling thread).
   */
  encode(Y: MatrixLike, options: EncodeOptions & ({ workers: number | 'auto' } | { pool: Pool })): Promise<Matrix>;
  encode(Y: MatrixLike, options?: EncodeOptions & { workers?: undefined; pool?: undefined }): Matrix;
  encode(Y: MatrixLike, options?: EncodeOptions & ParallelOptions): Matrix | Promise<Matrix> {
    const where = 'SparseCoding.encode';
    if (options !== null && typeof options === 'object' && (options.workers !== undefined || options.pool !== undefined)) return this.encodeOn(Y, options, where);
    const s = this.live(where);
    const set = encodeSettings(options, where, this, ['workers', 'pool']);
    return this.query(Y, where, (yp, n) =>
      withBlocks((take) => {
        const Z = take(new WasmBlock(checkedBytes(where, 'the codes', n * this.nAtoms, 4), where));
        this.encodeInto(Z.ptr, yp, n, s, set);
        return { rows: n, cols: this.nAtoms, data: Z.f32(n * this.nAtoms).slice() };
      }),
    );
  }

  /** F∞(y) = ½‖y − Wᵀz*‖² + λ‖z*‖₁ for every row of Y. */
  energy(Y: MatrixLike): Float32Array {
    this.live('SparseCoding.energy');
    return evalDescribed(this, Y, 'SparseCoding.energy', 'energy');
  }

  /** ∇F∞(y) = y − Wᵀz* for every row of Y: the Energy gradient, so samplers can draw from exp(−β·F∞). */
  grad(Y: MatrixLike): Matrix {
    const d = this.live('SparseCoding.grad').d;
    const y = asMatrix(Y, 'SparseCoding.grad: Y');
    return { rows: y.rows, cols: d, data: evalDescribed(this, y, 'SparseCoding.grad', 'grad') };
  }

  /** Wᵀz* for every row of Y: the closest sparse combination of the atoms. */
  reconstruct(Y: MatrixLike, options?: EncodeOptions): Matrix {
    const where = 'SparseCoding.reconstruct';
    const s = this.live(where);
    const set = encodeSettings(options, where, this);
    return this.query(Y, where, (yp, n) =>
      withBlocks((take) => {
        const Z = take(new WasmBlock(checkedBytes(where, 'the codes', n * this.nAtoms, 4), where));
        const out = take(new WasmBlock(checkedBytes(where, 'the reconstruction', n * s.d, 4), where));
        this.encodeInto(Z.ptr, yp, n, s, set);
        kernels(where).sparseDecode(out.ptr, Z.ptr, n, s.W.ptr, this.nAtoms, s.d);
        return { rows: n, cols: s.d, data: out.f32(n * s.d).slice() };
      }),
    );
  }

  /**
   * "Given y1, predict y2": `known` marks the coordinates given in Y (length d,
   * the same for every row). The code is found from the known coordinates only
   * (the atoms restricted to them); the unknown ones are filled from Wᵀz*,
   * known ones returned unchanged. Values at unknown coordinates are ignored (they may be NaN).
   */
  complete(Y: MatrixLike, known: ArrayLike<boolean | number>, options?: EncodeOptions): Matrix {
    const where = 'SparseCoding.complete';
    const s = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== s.d) throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${s.d}`);
    const mask = parseMask(known, s.d, where);
    const set = encodeSettings(options, where, this);
    const n = y.rows;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < s.d; j++) {
        const v = y.data[i * s.d + j]!;
        if (mask[j] && !Number.isFinite(v)) throw new ArgumentError(`${where}: Y[${i}][${j}] is ${v} at a known coordinate: known values must be finite`, 'NOT_FINITE');
      }
    }
    const K = kernels(where);
    const bytes = checkedBytes(where, 'Y', n * s.d, 4);
    return withBlocks((take) => {
      const yb = take(new WasmBlock(bytes, where));
      heapF32().set(y.data, yb.ptr >>> 2);
      const mb = take(new WasmBlock(s.d, where));
      heapU8().set(mask, mb.ptr);
      const yk = take(new WasmBlock(bytes, where)); // known coordinates, zeros elsewhere
      K.sparseMerge(yk.ptr, yb.ptr, n, s.d, mb.ptr);
      // WT and G of the known part of the atoms, laid out as a Dictionary's derived block
      const masked = take(new WasmBlock(s.derived.bytes, where));
      const WT = masked.ptr;
      const G = masked.ptr + (s.G - s.WT);
      K.sparsePrepare(WT, G, s.W.ptr, this.nAtoms, s.d, mb.ptr);
      const Z = take(new WasmBlock(checkedBytes(where, 'the codes', n * this.nAtoms, 4), where));
      K.sparseEncode(Z.ptr, yk.ptr, n, s.d, WT, G, this.nAtoms, this.lambda, set.algorithm, set.maxIter, set.tol, 0, 0);
      const out = take(new WasmBlock(bytes, where));
      K.sparseDecode(out.ptr, Z.ptr, n, s.W.ptr, this.nAtoms, s.d);
      K.sparseMerge(out.ptr, yb.ptr, n, s.d, mb.ptr);
      return { rows: n, cols: s.d, data: out.f32(n * s.d).slice() };
    });
  }

  /** @internal The Energy descriptor (F∞ by coordinate descent), refreshed on every call since fit replaces the atoms. */
  [DESCRIPTOR](where: string): number {
    const s = this.live(where);
    if (this.desc === null) this.desc = new WasmBlock(DESC_BYTES, where);
    writeDescriptor(this.desc, {
      kind: KIND_SPARSE, dim: s.d, p: [s.W.ptr, s.WT, s.G], i: [this.nAtoms, this.maxIter], f: [this.lambda, this.tol],
    });
    return this.desc.ptr;
  }

  /**
   * A versioned binary (see sdk/io/format.ts): the hyper-parameters, the atoms
   * and the fit's objective history. Read it back with `load` or
   * `SparseCoding.fromBytes`; queries on the copy give the same bits.
   */
  toBytes(): Uint8Array {
    const s = this.live('SparseCoding.toBytes');
    const f = this.fitted!;
    return writeSparseFile({
      nAtoms: this.nAtoms, lambda: this.lambda, seed: this.seed, maxIter: this.maxIter, tol: this.tol, dim: s.d,
      method: f.method, objective: f.objective, history: f.history, atoms: s.atoms(),
    });
  }

  static fromBytes(bytes: Uint8Array): SparseCoding {
    return SparseCoding[FROM_FILE](null, 'SparseCoding.fromBytes', bytes);
  }

  /** @internal `file` already parsed (by `load`), or `bytes` to parse. */
  static [FROM_FILE](file: ParsedFile | null, where: string, bytes?: Uint8Array): SparseCoding {
    const st: SparseFileState = readSparseFile(file, bytes, where, MAX_ATOMS, MAX_ITER);
    const model = new SparseCoding({ nAtoms: st.nAtoms, lambda: st.lambda, seed: st.seed, maxIter: st.maxIter, tol: st.tol });
    try {
      model.commit(Dictionary.fromAtoms(st.atoms, st.nAtoms, st.dim, where), { method: st.method, history: st.history, objective: st.objective });
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  protected override onDispose(): void {
    this.dict = null;
    this.releaseDict = null;
    this.fitted = null;
  }

  // ---- internals ----------------------------------------------------------

  private commit(dict: Dictionary, fitted: NonNullable<SparseCoding['fitted']>): void {
    if (this.releaseDict) this.disown(this.releaseDict);
    this.dict = dict;
    this.fitted = fitted;
    this.releaseDict = this.own(() => dict.free());
  }

  private live(where: string): Dictionary {
    this.checkLive(where);
    if (!this.dict) throw new NotFittedError(`${where}: this SparseCoding has no atoms yet; call \`await model.fit(X)\` (or use SparseCoding.fromAtoms) first`);
    return this.dict;
  }

  /** encode with `workers` or `pool`: the checks of the calling thread, then blocks of rows on workers. */
  private async encodeOn(Y: MatrixLike, options: EncodeOptions & ParallelOptions, where: string): Promise<Matrix> {
    const s = this.live(where);
    const set = encodeSettings(options, where, this, ['workers', 'pool']);
    const asked = checkParallel(options, where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== s.d && !(y.rows === 0 && y.cols === 0)) throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${s.d}`);
    const n = y.rows;
    const k = this.nAtoms;
    checkedBytes(where, 'the codes', n * k, 4);
    // the values are checked (finite) as on the calling thread, before any work is sent
    this.query(y, where, () => null);
    const plain = { algorithm: (['cd', 'ista', 'fista'] as const)[set.algorithm], maxIter: set.maxIter, tol: set.tol };
    const worth = n > 1 && n * k * (s.d + k) >= ENCODE_MIN_WORK;
    // the dictionary as it is now, copied before any await (a fit that ends meanwhile frees it and does not change these codes)
    const derived = worth ? s.derived.f32(s.derived.bytes / 4).slice() : null;
    return withPool(asked, worth, where, async (pool) => {
      if (!pool || !derived) return this.encode(y, plain);
      const Z = await encodeOnPool(pool, y.data.slice(0, n * s.d), n, derived, { d: s.d, k, lambda: this.lambda, algorithm: set.algorithm, maxIter: set.maxIter, tol: set.tol }, where);
      return { rows: n, cols: k, data: Z };
    });
  }

  private encodeInto(Z: number, Y: number, n: number, s: Dictionary, set: EncodeSettings): void {
    if (n === 0) return;
    kernels().sparseEncode(Z, Y, n, s.d, s.WT, s.G, this.nAtoms, this.lambda, set.algorithm, set.maxIter, set.tol, 0, 0);
  }

  private query<T>(Y: MatrixLike, where: string, fn: (yPtr: number, n: number) => T): T {
    const s = this.live(where);
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== s.d && !(y.rows === 0 && y.cols === 0)) throw new ShapeError(`${where}: Y has ${y.cols} columns, model expects ${s.d}`);
    checkedBytes(where, 'Y', y.rows * s.d, 4);
    const yb = matrixBlock(y, `${where}: Y`);
    try {
      return fn(yb.ptr, y.rows);
    } finally {
      yb.free();
    }
  }
}

