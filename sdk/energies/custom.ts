// Energies written in TypeScript. WASM calls back once per batch (all chains
// of a sampler step) through the import env.hostEnergy; the callback reads Y
// from linear memory and writes F (and ∇F) back.
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF32, kernels, setHostEnergy } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { checkInteger, checkOptions } from '../util/validate.js';
import { DESC_BYTES, DESCRIPTOR, KIND, writeDescriptor, type DescribedEnergy, type Energy } from './energy.js';

export interface CustomEnergyOptions {
  /** Dimension of y. */
  dim: number;
  /** F(y) for every row of Y (Y.rows × dim): an array-like of Y.rows numbers. */
  energy: (Y: Matrix) => ArrayLike<number>;
  /** ∇F(y) for every row: a Matrix, a flat array of rows·dim numbers, or number[][]. Needed by Langevin, MALA and HMC. */
  grad?: (Y: Matrix) => GradLike;
  /**
   * Both at once, when computing them together is cheaper (a network's forward
   * pass serves both): samplers that need F and ∇F at the same points then make
   * one callback per step instead of two. Either grad or energyAndGrad gives a gradient.
   */
  energyAndGrad?: (Y: Matrix) => { energy: ArrayLike<number>; grad: GradLike };
}

/** What a gradient callback may return. */
export type GradLike = Matrix | ArrayLike<number> | ArrayLike<ArrayLike<number>>;

// Weak: an energy that is never disposed can still be collected (its finalizer frees the descriptor and the id).
const live = new Map<number, WeakRef<CustomEnergy>>();
let nextId = 1;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  setHostEnergy((id, Y, n, dim, E, G) => {
    const e = live.get(id)?.deref();
    if (!e || e.disposed) throw new EbmError('DISPOSED', `a sampler called custom energy #${id}, which was disposed`);
    const all = heapF32().slice(Y >>> 2, (Y >>> 2) + n * dim);
    // a proposal that overflowed has no energy: it is a rejection (NaN), and the user's functions
    // (which may validate their input, as MLPEnergy does) only ever see finite rows
    const keep = finiteRows(all, n, dim);
    const m = keep ? keep.length : n;
    const y: Matrix = { rows: m, cols: dim, data: keep ? gatherRows(all, keep, dim) : all };
    let v: Float32Array | null = null;
    let g: Float32Array | null = null;
    if (m > 0) {
      if (E !== 0 && G !== 0 && e.fused) [v, g] = e.callBoth(y);
      else {
        if (E !== 0) v = e.callEnergy(y);
        if (G !== 0) g = e.callGrad(y);
      }
    }
    const heap = heapF32(); // views re-taken: the callback may have grown memory
    if (E !== 0) heap.set(keep ? scatterRows(v, keep, n, 1) : v!, E >>> 2);
    if (G !== 0) heap.set(keep ? scatterRows(g, keep, n, dim) : g!, G >>> 2);
  });
}

/** Indices of the rows whose values are all finite, or null when every row is (the usual case). */
function finiteRows(data: Float32Array, n: number, dim: number): number[] | null {
  let keep: number[] | null = null;
  for (let r = 0; r < n; r++) {
    let ok = true;
    for (let j = r * dim; j < (r + 1) * dim; j++) {
      if (!Number.isFinite(data[j]!)) {
        ok = false;
        break;
      }
    }
    if (!ok && keep === null) keep = Array.from({ length: r }, (_, i) => i);
    else if (ok && keep !== null) keep.push(r);
  }
  return keep;
}

function gatherRows(data: Float32Array, rows: number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/** n rows of `width` values: NaN except the kept rows, which get `values` in order. */
function scatterRows(values: Float32Array | null, rows: number[], n: number, width: number): Float32Array {
  const out = new Float32Array(n * width).fill(NaN);
  if (values) rows.forEach((r, i) => out.set(values.subarray(i * width, (i + 1) * width), r * width));
  return out;
}

/** An Energy backed by user functions; samplers call them once per step for all chains. */
export class CustomEnergy extends Resource implements DescribedEnergy {
  protected readonly resourceName = 'custom energy';
  readonly dim: number;
  readonly hasGrad: boolean;
  private readonly fnEnergy: CustomEnergyOptions['energy'];
  private readonly fnGrad: CustomEnergyOptions['grad'];
  private readonly fnBoth: CustomEnergyOptions['energyAndGrad'];
  private readonly desc: WasmBlock;

  /** @internal use energies.custom */
  constructor(options: CustomEnergyOptions, where = 'energies.custom') {
    super();
    checkOptions(options, `${where}(options)`, ['dim', 'energy', 'grad', 'energyAndGrad']);
    if (options === undefined) throw new ArgumentError(`${where}(options): { dim, energy } is required`);
    this.dim = checkInteger(options.dim, `${where}: dim`, 1, 1 << 20);
    if (typeof options.energy !== 'function') throw new ArgumentError(`${where}: energy must be a function (Y) => energies, got ${describe(options.energy)}`);
    if (options.grad !== undefined && typeof options.grad !== 'function') {
      throw new ArgumentError(`${where}: grad must be a function (Y) => gradients, got ${describe(options.grad)}`);
    }
    if (options.energyAndGrad !== undefined && typeof options.energyAndGrad !== 'function') {
      throw new ArgumentError(`${where}: energyAndGrad must be a function (Y) => { energy, grad }, got ${describe(options.energyAndGrad)}`);
    }
    kernels(where);
    install();
    this.fnEnergy = options.energy;
    this.fnGrad = options.grad;
    this.fnBoth = options.energyAndGrad;
    this.hasGrad = options.grad !== undefined || options.energyAndGrad !== undefined;
    const id = nextId++;
    const desc = new WasmBlock(DESC_BYTES, where);
    this.desc = desc;
    writeDescriptor(desc, { kind: KIND.host, dim: this.dim, i: [id] });
    live.set(id, new WeakRef(this));
    this.own(() => {
      desc.free();
      live.delete(id);
    });
  }

  /** @internal Calls the user's energy; checks the length. Non-finite values pass (samplers reject them). */
  callEnergy(Y: Matrix): Float32Array {
    return this.energyValues(this.fnEnergy(Y), Y, 'energy(Y)');
  }

  /** @internal True when the user gave energyAndGrad (one callback when both are wanted). */
  get fused(): boolean {
    return this.fnBoth !== undefined;
  }

  /** @internal Calls the user's grad (or energyAndGrad); checks the shape. */
  callGrad(Y: Matrix): Float32Array {
    if (this.fnGrad) return this.gradValues(this.fnGrad(Y), Y, 'grad(Y)');
    if (this.fnBoth) return this.callBoth(Y)[1];
    throw new ArgumentError('energies.custom: this energy has no grad; pass grad(Y) or energyAndGrad(Y) to energies.custom');
  }

  /** @internal Calls the user's energyAndGrad; checks both parts. */
  callBoth(Y: Matrix): [Float32Array, Float32Array] {
    const r = this.fnBoth!(Y);
    if (r === null || typeof r !== 'object' || !('energy' in r) || !('grad' in r)) {
      throw new ArgumentError(`energies.custom: energyAndGrad(Y) must return { energy, grad }, got ${describe(r)}`);
    }
    return [this.energyValues(r.energy, Y, 'energyAndGrad(Y).energy'), this.gradValues(r.grad, Y, 'energyAndGrad(Y).grad')];
  }

  private energyValues(v: ArrayLike<number>, Y: Matrix, what: string): Float32Array {
    if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
      throw new ArgumentError(`energies.custom: ${what} must give an array of ${Y.rows} numbers, got ${describe(v)}`);
    }
    if (v.length !== Y.rows) throw new ShapeError(`energies.custom: ${what} gave ${v.length} values for ${Y.rows} rows`);
    return v instanceof Float32Array ? v : Float32Array.from(v);
  }

  private gradValues(g: GradLike, Y: Matrix, what: string): Float32Array {
    const n = Y.rows * this.dim;
    if (g !== null && typeof g === 'object' && 'data' in g && 'rows' in g) {
      const m = g as Matrix;
      if (m.rows !== Y.rows || m.cols !== this.dim) throw new ShapeError(`energies.custom: ${what} gave ${m.rows}×${m.cols}, expected ${Y.rows}×${this.dim}`);
      return m.data;
    }
    if (g === null || typeof g !== 'object' || typeof (g as ArrayLike<unknown>).length !== 'number') {
      throw new ArgumentError(`energies.custom: ${what} must give a Matrix or an array, got ${describe(g)}`);
    }
    const a = g as ArrayLike<unknown>;
    if (a.length === n && (n === 0 || typeof a[0] === 'number')) return a instanceof Float32Array ? a : Float32Array.from(a as ArrayLike<number>);
    // a flat array of the wrong length (rows of numbers would have arrays inside)
    if (ArrayBuffer.isView(a) || (a.length > 0 && typeof a[0] === 'number')) {
      throw new ShapeError(`energies.custom: ${what} gave ${a.length} values, expected ${Y.rows}·${this.dim} = ${n} (rows × dim, row-major) or ${Y.rows} rows of ${this.dim}`);
    }
    const m = asMatrix(a as ArrayLike<ArrayLike<number>>, `energies.custom: ${what}`);
    if (m.rows !== Y.rows || m.cols !== this.dim) throw new ShapeError(`energies.custom: ${what} gave ${m.rows}×${m.cols}, expected ${Y.rows}×${this.dim}`);
    return m.data;
  }

  energy(Y: MatrixLike): Float32Array {
    const y = this.input(Y, 'energies.custom.energy');
    return this.callEnergy(y).slice();
  }

  grad(Y: MatrixLike): Matrix {
    const y = this.input(Y, 'energies.custom.grad');
    return { rows: y.rows, cols: this.dim, data: this.callGrad(y).slice() };
  }

  /** @internal */
  [DESCRIPTOR](where: string): number {
    this.checkLive(where);
    return this.desc.ptr;
  }

  private input(Y: MatrixLike, where: string): Matrix {
    const y = asMatrix(Y, `${where}: Y`);
    if (y.cols !== this.dim && y.rows > 0) throw new ShapeError(`${where}: Y has ${y.cols} columns, the energy has dim ${this.dim}`);
    return { rows: y.rows, cols: this.dim, data: y.data };
  }
}

/** A user energy in TypeScript: `energies.custom({ dim, energy(Y), grad?(Y) })`. */
export function custom(options: CustomEnergyOptions): CustomEnergy {
  return new CustomEnergy(options);
}

/** Any Energy as one WASM can call: described energies as they are, others wrapped (the caller disposes the wrapper). */
export function describedOf(e: Energy, where: string): { energy: DescribedEnergy; owned: CustomEnergy | null } {
  if (e !== null && typeof e === 'object' && typeof (e as DescribedEnergy)[DESCRIPTOR] === 'function') return { energy: e as DescribedEnergy, owned: null };
  if (e === null || typeof e !== 'object' || typeof e.energy !== 'function' || typeof e.dim !== 'number') {
    throw new ArgumentError(`${where}: energy must be an Energy { dim, energy(Y), grad(Y) }, got ${describe(e)}`);
  }
  const hasGrad = typeof e.grad === 'function';
  const both: unknown = e.energyAndGrad;
  const w = new CustomEnergy(
    {
      dim: e.dim,
      energy: (Y) => e.energy(Y),
      ...(hasGrad ? { grad: (Y: Matrix) => e.grad(Y) } : {}),
      // an object that also has energyAndGrad (like an MLPEnergy) is called once per step
      ...(typeof both === 'function' ? { energyAndGrad: (Y: Matrix) => (both as NonNullable<CustomEnergyOptions['energyAndGrad']>).call(e, Y) } : {}),
    },
    `${where} (wrapping a user Energy)`,
  );
  return { energy: w, owned: w };
}
