// F(x, ·) of a conditional MLPEnergy for one fixed x: an Energy over y that
// every sampler accepts (`model.given(x)`).
import { ArgumentError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF32 } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { DESCRIPTOR } from '../energies/energy.js';
import { checkInternal, type Internal } from '../util/library-key.js';
import type { MLPEnergy } from './mlp.js';

/**
 * F(x, ·) of a conditional MLPEnergy for one fixed x (from `model.given(x)`):
 * an Energy over y with dim = inputDim, evaluated by the model's kernels
 * (samplers pass the network to WASM with x set as the condition of every row).
 */
export class ConditionedMLPEnergy extends Resource {
  protected readonly resourceName = 'conditioned energy';
  readonly dim: number;
  readonly hasGrad = true;
  /** A copy of the condition. */
  readonly x: Float32Array;
  private readonly block: WasmBlock;

  /** Made by `model.given(x)`. */
  constructor(token: Internal, readonly model: MLPEnergy, x: Float32Array, where: string) {
    super();
    checkInternal(token, 'model.given(x)');
    this.dim = model.inputDim;
    this.x = x;
    const bad = x.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ArgumentError(`${where}: x[${bad}] is ${x[bad]}: every value must be finite`, 'NOT_FINITE');
    const b = new WasmBlock(Math.max(16, x.length * 4), where);
    heapF32().set(x, b.ptr >>> 2);
    this.block = b;
    this.own(() => b.free());
  }

  /** F(x, y) for every row of Y. */
  energy(Y: MatrixLike): Float32Array {
    const y = this.check(Y, 'ConditionedMLPEnergy.energy');
    return this.model.energy(y, this.repeated(y.rows));
  }

  /** ∇_y F(x, y) for every row of Y. */
  grad(Y: MatrixLike): Matrix {
    const y = this.check(Y, 'ConditionedMLPEnergy.grad');
    return this.model.grad(y, this.repeated(y.rows));
  }

  /** @internal The network, with x set as the condition of every row. */
  [DESCRIPTOR](where: string): number {
    return this.model.conditionedHandle(this.live(where).ptr, where);
  }

  private live(where: string): WasmBlock {
    this.checkLive(where);
    return this.block;
  }

  private check(Y: MatrixLike, where: string): Matrix {
    this.live(where);
    return asMatrix(Y, `${where}: Y`);
  }

  private repeated(rows: number): Matrix {
    const C = this.x.length;
    const data = new Float32Array(rows * C);
    for (let r = 0; r < rows; r++) data.set(this.x, r * C);
    return { rows, cols: C, data };
  }
}
