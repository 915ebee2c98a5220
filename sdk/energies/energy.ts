// The Energy concept (DESIGN.md rule 7): anything with `dim`, `energy(Y)` and
// `grad(Y)` (w.r.t. y). Energies that WASM can evaluate itself also carry an
// internal descriptor (a 96-byte block, assembly/energies/descriptor.ts) that
// samplers hand to every kernel call; anything else is called back per batch.
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import {
  DESC_BYTES, DESC_DIM, DESC_F, DESC_I, DESC_KIND, DESC_P, KIND_BANANA, KIND_DOUBLE_WELL, KIND_FUNNEL, KIND_GAUSSIAN,
  KIND_GMM, KIND_HOST, KIND_KMEANS, KIND_MIXTURE, KIND_MLP, KIND_PCA, KIND_RING,
} from '../runtime/abi.js';
import { heapF32, heapF64, heapI32, heapU32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';

/** A scalar energy F(y) over R^dim, batched over the rows of Y. */
export interface Energy {
  /** Dimension of y. */
  readonly dim: number;
  /** F(y) for every row of Y (rows × dim). */
  energy(Y: MatrixLike): Float32Array;
  /** ∇_y F(y) for every row of Y, as a rows × dim Matrix. */
  grad(Y: MatrixLike): Matrix;
  /** Optional: both in one pass; a user energy that has it is called once per sampler step, not twice. */
  energyAndGrad?(Y: MatrixLike): { energy: ArrayLike<number>; grad: Matrix | ArrayLike<number> };
}

/** @internal Key of the descriptor method; not part of the public API. */
export const DESCRIPTOR: unique symbol = Symbol('ebm-wasm.energyDescriptor');

/**
 * Internal key of the method that gives an energy in a form a worker can rebuild
 * bit-exactly (sdk/parallel/portable.ts); energies without it run on the calling thread.
 */
export const PORTABLE: unique symbol = Symbol('ebm-wasm.portableEnergy');

/** An energy as a worker rebuilds it: a descriptor and copies of its parameter blocks, or a model file. */
export type PortableEnergy =
  | { type: 'descriptor'; kind: number; dim: number; i: number[]; f: number[]; p: { block: number; offset: number }[]; blocks: Uint8Array[] }
  | { type: 'file'; bytes: Uint8Array; params?: Float32Array };

/** An Energy that WASM evaluates through a descriptor. */
export interface DescribedEnergy extends Energy {
  /** @internal Pointer to a current descriptor (valid until the energy changes or is disposed). */
  [DESCRIPTOR](where: string): number;
  /** False for custom energies given without `grad`. */
  readonly hasGrad: boolean;
}

export function isDescribed(e: unknown): e is DescribedEnergy {
  return typeof e === 'object' && e !== null && typeof (e as Partial<DescribedEnergy>)[DESCRIPTOR] === 'function';
}

export { DESC_BYTES } from '../runtime/abi.js';

/** Energy kinds (KIND_* of assembly/energies/descriptor.ts), by name. */
export const KIND = {
  gaussian: KIND_GAUSSIAN, mixture: KIND_MIXTURE, doubleWell: KIND_DOUBLE_WELL, banana: KIND_BANANA, funnel: KIND_FUNNEL,
  ring: KIND_RING, kmeans: KIND_KMEANS, host: KIND_HOST, mlp: KIND_MLP, pca: KIND_PCA, gmm: KIND_GMM,
} as const;

export interface DescriptorFields {
  kind: number;
  dim: number;
  /** Up to four parameter pointers. */
  p?: readonly number[];
  /** Up to two integers. */
  i?: readonly number[];
  /** Up to four f64 scalars. */
  f?: readonly number[];
}

/** Writes a descriptor into `block` (≥ DESC_BYTES). */
export function writeDescriptor(block: WasmBlock, d: DescriptorFields): void {
  const at = block.ptr;
  heapU8().fill(0, at, at + DESC_BYTES);
  const i32 = heapI32();
  i32[(at + DESC_KIND) >>> 2] = d.kind;
  i32[(at + DESC_DIM) >>> 2] = d.dim;
  const u32 = heapU32();
  (d.p ?? []).forEach((p, k) => (u32[(at + DESC_P + 4 * k) >>> 2] = p));
  (d.i ?? []).forEach((v, k) => (i32[(at + DESC_I + 4 * k) >>> 2] = v));
  const f64 = heapF64();
  (d.f ?? []).forEach((v, k) => (f64[(at + DESC_F + 8 * k) >>> 3] = v));
}

/** Evaluates F and/or ∇F of a described energy at Y; copies out. */
export function evalDescribed(e: DescribedEnergy, Y: MatrixLike, where: string, want: 'energy' | 'grad'): Float32Array {
  const y = asMatrix(Y, `${where}: Y`);
  const dim = e.dim;
  if (y.cols !== dim && !(y.rows === 0 && y.cols === 0)) throw new ShapeError(`${where}: Y has ${y.cols} columns, the energy has dim ${dim}`);
  if (want === 'grad' && !e.hasGrad) {
    throw new ArgumentError(`${where}: this custom energy was created without grad; pass grad(Y) to energies.custom to use it`);
  }
  const n = y.rows;
  if (n === 0) return new Float32Array(0);
  const K = kernels(where);
  return withBlocks((take) => {
    const yb = take(matrixBlock(y, `${where}: Y`));
    const out = take(new WasmBlock(want === 'energy' ? n * 4 : n * dim * 4, where));
    const desc = e[DESCRIPTOR](where);
    if (want === 'energy') K.energyEval(desc, yb.ptr, n, out.ptr, 0);
    else K.energyEval(desc, yb.ptr, n, 0, out.ptr);
    return out.f32(want === 'energy' ? n : n * dim).slice();
  });
}

/** Base of the analytic energies: owns a descriptor and parameter blocks in WASM memory. */
export abstract class WasmEnergy extends Resource implements DescribedEnergy {
  readonly dim: number;
  readonly hasGrad = true;
  /** The energy's name, as in `energies.<name>`. */
  abstract readonly name: string;
  private desc: WasmBlock;
  private readonly fields: DescriptorFields;
  private readonly params: readonly WasmBlock[];

  protected get resourceName(): string {
    return `energy energies.${this.name}`;
  }

  protected constructor(fields: DescriptorFields, params: WasmBlock[], where: string) {
    super();
    this.dim = fields.dim;
    this.fields = fields;
    this.params = params;
    for (const b of params) this.own(() => b.free());
    let desc: WasmBlock;
    try {
      desc = new WasmBlock(DESC_BYTES, where);
    } catch (e) {
      this.dispose();
      throw e;
    }
    this.desc = desc;
    this.own(() => desc.free());
    writeDescriptor(this.desc, fields);
  }

  energy(Y: MatrixLike): Float32Array {
    return evalDescribed(this, Y, `energies.${this.name}.energy`, 'energy');
  }

  grad(Y: MatrixLike): Matrix {
    const y = asMatrix(Y, `energies.${this.name}.grad: Y`);
    return { rows: y.rows, cols: this.dim, data: evalDescribed(this, y, `energies.${this.name}.grad`, 'grad') };
  }

  /** @internal */
  [DESCRIPTOR](where: string): number {
    this.checkLive(where);
    return this.desc.ptr;
  }

  /** @internal The descriptor with every pointer as (parameter block, offset), and the blocks' bytes. */
  [PORTABLE](where: string): PortableEnergy | null {
    this.checkLive(where);
    const p: { block: number; offset: number }[] = [];
    for (const ptr of this.fields.p ?? []) {
      const k = this.params.findIndex((b) => ptr >= b.ptr && ptr < b.ptr + b.bytes);
      if (k >= 0) p.push({ block: k, offset: ptr - this.params[k]!.ptr });
      else if (ptr === 0) p.push({ block: -1, offset: 0 });
      else return null; // a pointer outside the energy's own blocks: this energy stays on the calling thread
    }
    return {
      type: 'descriptor', kind: this.fields.kind, dim: this.fields.dim, i: [...(this.fields.i ?? [])], f: [...(this.fields.f ?? [])], p,
      blocks: this.params.map((b) => heapU8().slice(b.ptr, b.ptr + b.bytes)),
    };
  }
}

/** Reads f32 values from a block into a new array. */
export function readF32(ptr: number, n: number): Float32Array {
  return heapF32().slice(ptr >>> 2, (ptr >>> 2) + n);
}
