// Sampler state on the JS side: an immutable copy of the WASM state block
// (assembly/samplers/state.ts: a common header and the kind's section). Being
// plain bytes, it is the saved form too: `new Uint8Array(state.bytes)`
// round-trips through `sampler.restore(bytes)`.
import type { Matrix } from '../matrix.js';
import {
  SAMPLER_HMC, SS_BETA, SS_CHAINS, SS_DIM, SS_HMC_O_INV_MASS, SS_ITER, SS_KIND, SS_O_E, SS_O_POS, SS_RNG_COUNTER, SS_SECTION, SS_STEP,
} from '../runtime/abi.js';
import { kindOfCode, type SamplerKind } from './kinds.js';

export type { SamplerKind } from './kinds.js';

/** A snapshot of every chain's position, RNG, step size, adaptation and counters. */
export class SamplerState {
  /** The raw state (little-endian, relocatable). Treat as read-only. */
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  /** @internal built by samplers; use `sampler.restore(bytes)` to load saved bytes */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private i32(off: number): number {
    return this.view.getInt32(off, true);
  }
  private f64(off: number): number {
    return this.view.getFloat64(off, true);
  }

  get kind(): SamplerKind {
    return kindOfCode(this.i32(SS_KIND)) as SamplerKind;
  }
  get chains(): number {
    return this.i32(SS_CHAINS);
  }
  get dim(): number {
    return this.i32(SS_DIM);
  }
  /** Transitions made since init. */
  get iteration(): number {
    return this.i32(SS_ITER);
  }
  /** Current (adapted) step size (NaN for Gibbs, which has none). */
  get stepSize(): number {
    return this.f64(SS_STEP);
  }
  get beta(): number {
    return this.f64(SS_BETA);
  }
  /** Philox counter of the sampler's stream (blocks used so far). */
  get rngCounter(): number {
    return this.view.getUint32(SS_RNG_COUNTER, true) + this.view.getUint32(SS_RNG_COUNTER + 4, true) * 2 ** 32;
  }
  /** Positions of the chains, chains × dim (a copy). */
  get positions(): Matrix {
    const o = this.view.getUint32(SS_O_POS, true);
    const n = this.chains * this.dim;
    return { rows: this.chains, cols: this.dim, data: new Float32Array(this.bytes.slice(o, o + n * 4).buffer) };
  }
  /** F at every chain's position (a copy). */
  get energy(): Float32Array {
    const o = this.view.getUint32(SS_O_E, true);
    return new Float32Array(this.bytes.slice(o, o + this.chains * 4).buffer);
  }
  /** Diagonal inverse mass matrix (HMC's; ones for the other kinds). */
  get inverseMass(): Float64Array {
    if (this.i32(SS_KIND) !== SAMPLER_HMC) return new Float64Array(this.dim).fill(1);
    const o = this.view.getUint32(SS_SECTION + SS_HMC_O_INV_MASS, true);
    return new Float64Array(this.bytes.slice(o, o + this.dim * 8).buffer);
  }
}
