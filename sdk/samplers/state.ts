// Sampler state on the JS side: an immutable copy of the WASM state block
// (assembly/samplers/state.ts). Being plain bytes, it is the saved form too:
// `new Uint8Array(state.bytes)` round-trips through `sampler.restore(bytes)`.
import type { Matrix } from '../matrix.js';

/** Byte offsets of header fields (mirrors assembly/samplers/state.ts). */
export const FIELD = {
  magic: 0, version: 4, kind: 8, chains: 12, dim: 16, leapfrog: 20, adaptFlags: 24, iter: 28,
  adaptStart: 32, adaptEnd: 36, step: 56, beta: 64, noise: 72, jitter: 80, target: 88,
  lastAccept: 128, lastStep: 136, counted: 144, lastDiv: 148, bytes: 152, rng: 160,
  oPos: 192, oE: 200, oInvMass: 228, oAccepts: 240, oNonFinite: 244, oDivergent: 248, oLastAcc: 252, oAccProb: 256,
} as const;

export const KIND_CODES = { randomWalk: 1, langevin: 2, mala: 3, hmc: 4 } as const;
export type SamplerKind = keyof typeof KIND_CODES;
const KIND_NAMES = ['', 'randomWalk', 'langevin', 'mala', 'hmc'] as const;

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
    return KIND_NAMES[this.i32(FIELD.kind)] as SamplerKind;
  }
  get chains(): number {
    return this.i32(FIELD.chains);
  }
  get dim(): number {
    return this.i32(FIELD.dim);
  }
  /** Transitions made since init. */
  get iteration(): number {
    return this.i32(FIELD.iter);
  }
  /** Current (adapted) step size. */
  get stepSize(): number {
    return this.f64(FIELD.step);
  }
  get beta(): number {
    return this.f64(FIELD.beta);
  }
  /** Philox counter of the sampler's stream (blocks used so far). */
  get rngCounter(): number {
    return this.view.getUint32(FIELD.rng + 16, true) + this.view.getUint32(FIELD.rng + 20, true) * 2 ** 32;
  }
  /** Positions of the chains, chains × dim (a copy). */
  get positions(): Matrix {
    const o = this.view.getUint32(FIELD.oPos, true);
    const n = this.chains * this.dim;
    return { rows: this.chains, cols: this.dim, data: new Float32Array(this.bytes.slice(o, o + n * 4).buffer) };
  }
  /** F at every chain's position (a copy). */
  get energy(): Float32Array {
    const o = this.view.getUint32(FIELD.oE, true);
    return new Float32Array(this.bytes.slice(o, o + this.chains * 4).buffer);
  }
  /** Diagonal inverse mass matrix (HMC; ones otherwise). */
  get inverseMass(): Float64Array {
    const o = this.view.getUint32(FIELD.oInvMass, true);
    return new Float64Array(this.bytes.slice(o, o + this.dim * 8).buffer);
  }
}
