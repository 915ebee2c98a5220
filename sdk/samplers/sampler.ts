// MCMC samplers over batched chains: random-walk Metropolis, unadjusted
// Langevin, MALA and HMC, all in WASM (assembly/samplers/). The shape follows
// BlackJAX: a pure `init(positions) → state` and `step(state) → [state, info]`
// with the RNG inside the state, and a convenience `run()` on top that keeps
// its own state, adapts during warm-up and returns the draws.
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF64, heapI32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { now, Pacer } from '../util/schedule.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import { describedOf, type CustomEnergy } from '../energies/custom.js';
import { DESCRIPTOR, registry, type DescribedEnergy, type Energy } from '../energies/energy.js';
import { FIELD, KIND_CODES, SamplerState, type SamplerKind } from './state.js';

export interface SamplerOptions {
  /** Number of chains (rows), ≥ 1. Default 4. */
  chains?: number;
  /** Seed (non-negative safe integer). Default 0. */
  seed?: number;
  /** Initial positions, chains × dim. Default: standard-normal draws (Philox stream 1 of the seed). */
  init?: MatrixLike;
  /** Step size ε > 0 (the initial one when adapting). Defaults: random walk 0.5, Langevin 0.01, MALA 0.1, HMC 0.1. */
  stepSize?: number;
  /** Inverse temperature: the target is p(y) ∝ exp(−β·F(y)). Default 1. */
  beta?: number;
}

export interface LangevinOptions extends SamplerOptions {
  /** Multiplies the injected noise √(2ε)·ξ (1 = the Langevin diffusion; < 1 is the "cold" variant used to train EBMs). Default 1. */
  noiseScale?: number;
}

export interface HMCOptions extends SamplerOptions {
  /** Leapfrog steps L per transition (≥ 1). Default 10. */
  leapfrogSteps?: number;
  /** Step jitter j in [0, 1): each transition uses ε·U(1 − j, 1 + j), shared by the chains. Default 0. */
  jitter?: number;
}

/** What one transition did, per chain and overall. */
export interface StepInfo {
  /** min(1, α) per chain (1 or 0 for Langevin: moved or not). */
  acceptProb: Float64Array;
  /** 1 where the chain moved. */
  accepted: Uint8Array;
  /** Mean of acceptProb. */
  meanAcceptProb: number;
  /** HMC transitions whose energy error exceeded 1000 or was not finite. */
  divergences: number;
  /** Step size used (after jitter). */
  stepSize: number;
}

export interface RunProgress {
  phase: 'warmup' | 'sampling';
  /** Transitions done in this phase. */
  done: number;
  total: number;
  stepSize: number;
  /** Mean acceptance probability of the last transition. */
  acceptProb: number;
}

export interface RunOptions {
  /** Transitions before the draws (adapting when `adapt` is given). Default 0. */
  warmup?: number;
  /** Draws to keep. Default 1000. */
  draws?: number;
  /** Keep every thin-th transition. Default 1. */
  thin?: number;
  /**
   * Adapt during warm-up: the step size by dual averaging to targetAccept (defaults 0.234 random walk,
   * 0.574 MALA, 0.8 HMC) and, for HMC unless `mass: false`, a diagonal mass matrix from windowed
   * variances. `adapt: {}` uses the defaults; without `adapt` the given step size is kept.
   */
  adapt?: { targetAccept?: number; mass?: boolean };
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
}

/** Draws as [draw][chain][dim], row-major. */
export interface Samples {
  draws: number;
  chains: number;
  dim: number;
  data: Float32Array;
}

export interface RunResult {
  samples: Samples;
  /** Fraction of accepted transitions per chain over the draws (thinned-out transitions included). */
  acceptRate: Float32Array;
  /** HMC divergences over the draws, all chains. */
  divergences: number;
  /** Proposals rejected because the energy or gradient was not finite, all chains, over the draws. */
  nonFinite: number;
  /** Step size after the run (the adapted one after a warm-up with `adapt`). */
  stepSize: number;
  /** Diagonal inverse mass matrix after the run (ones except for adapted HMC). */
  inverseMass: Float64Array;
}

/** Most chains × dim values in one sampler state (6 arrays of them, 4 bytes each, must stay below 2³¹ bytes). */
const MAX_STATE_VALUES = 1 << 26;
const DEFAULT_STEP: Record<SamplerKind, number> = { randomWalk: 0.5, langevin: 0.01, mala: 0.1, hmc: 0.1 };
const DEFAULT_TARGET: Record<SamplerKind, number> = { randomWalk: 0.234, langevin: NaN, mala: 0.574, hmc: 0.8 };
const NAMES: Record<SamplerKind, string> = { randomWalk: 'samplers.randomWalk', langevin: 'samplers.langevin', mala: 'samplers.mala', hmc: 'samplers.hmc' };
const MAX_OUT_BYTES = 512 * 1024 * 1024;
/** Draws go through a WASM staging buffer of about this size (cache-resident) into the result array, chunk by chunk. */
const STAGE_BYTES = 256 * 1024;

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

export class Sampler {
  readonly kind: SamplerKind;
  readonly chains: number;
  readonly dim: number;
  readonly seed: number;
  readonly beta: number;
  /** The step size given at construction (see `stepSize` for the current one). */
  readonly initialStepSize: number;
  readonly noiseScale: number;
  readonly leapfrogSteps: number;
  readonly jitter: number;
  private readonly target: DescribedEnergy;
  private owned: CustomEnergy | null;
  private block: WasmBlock | null;
  private readonly name: string;

  /** @internal use samplers.randomWalk / langevin / mala / hmc */
  constructor(kind: SamplerKind, energy: Energy, options: (HMCOptions & LangevinOptions) | undefined, allowed: readonly string[]) {
    const where = NAMES[kind];
    this.name = where;
    this.kind = kind;
    checkOptions(options, `${where}(energy, options)`, allowed);
    const o = options ?? {};
    kernels(where);
    this.chains = checkInteger(o.chains ?? 4, `${where}: chains`, 1, 1 << 20);
    this.seed = checkInteger(o.seed ?? 0, `${where}: seed`, 0);
    this.initialStepSize = checkNumber(o.stepSize ?? DEFAULT_STEP[kind], `${where}: stepSize`, { min: 0, exclusiveMin: true });
    this.beta = checkNumber(o.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
    this.noiseScale = checkNumber(o.noiseScale ?? 1, `${where}: noiseScale`, { min: 0 });
    this.leapfrogSteps = checkInteger(o.leapfrogSteps ?? (kind === 'hmc' ? 10 : 1), `${where}: leapfrogSteps`, 1, 1 << 16);
    this.jitter = checkNumber(o.jitter ?? 0, `${where}: jitter`, { min: 0 });
    if (this.jitter >= 1) throw new ArgumentError(`${where}: jitter must be < 1, got ${this.jitter}`);
    const { energy: target, owned } = describedOf(energy, where);
    this.target = target;
    this.owned = owned;
    try {
      this.dim = checkInteger(target.dim, `${where}: energy.dim`, 1);
      // the state holds six chains × dim f32 arrays and its byte size is an i32 in WASM: stay far below 2³¹
      if (this.chains * this.dim > MAX_STATE_VALUES) {
        throw new ArgumentError(
          `${where}: chains × dim = ${this.chains} × ${this.dim} = ${this.chains * this.dim} values is more than one sampler state holds (${MAX_STATE_VALUES}); use fewer chains, or several samplers`,
        );
      }
      if (kind !== 'randomWalk' && !target.hasGrad) {
        throw new ArgumentError(`${where}: this sampler needs ∇F, but the energy has no grad (give energies.custom a grad(Y), or use samplers.randomWalk)`);
      }
      const init = o.init === undefined ? null : asMatrix(o.init, `${where}: init`);
      if (init && (init.rows !== this.chains || init.cols !== this.dim)) {
        throw new ShapeError(`${where}: init has shape ${init.rows}×${init.cols}, expected chains×dim = ${this.chains}×${this.dim}`);
      }
      this.block = this.createState(init, where);
    } catch (e) {
      this.owned?.dispose();
      throw e;
    }
    registry?.register(this, [this.block], this);
  }

  /** The energy being sampled. */
  get energy(): Energy {
    return this.target;
  }

  /** Current step size of the sampler's own state (adapted by `run` with `adapt`). */
  get stepSize(): number {
    return heapF64()[(this.live('stepSize').ptr + FIELD.step) >>> 3]!;
  }

  /** Current positions of the sampler's own state, chains × dim (a copy). */
  get positions(): Matrix {
    return this.state.positions;
  }

  /** A snapshot of the sampler's own state (save it with `state.bytes`). */
  get state(): SamplerState {
    const b = this.live(`${this.name}.state`);
    return new SamplerState(heapU8().slice(b.ptr, b.ptr + b.bytes));
  }

  // ---- the functional core ---------------------------------------------------

  /** A fresh state at `positions` (chains × dim; default standard-normal draws), with this sampler's settings. */
  init(positions?: MatrixLike): SamplerState {
    const where = `${this.name}.init`;
    this.live(where);
    const init = positions === undefined ? null : asMatrix(positions, `${where}: positions`);
    if (init && (init.rows !== this.chains || init.cols !== this.dim)) {
      throw new ShapeError(`${where}: positions has shape ${init.rows}×${init.cols}, expected chains×dim = ${this.chains}×${this.dim}`);
    }
    const b = this.createState(init, where);
    try {
      return new SamplerState(heapU8().slice(b.ptr, b.ptr + b.bytes));
    } finally {
      b.free();
    }
  }

  /** One transition of every chain from `state`; `state` itself is not changed. */
  step(state: SamplerState): [SamplerState, StepInfo] {
    const where = `${this.name}.step`;
    this.live(where);
    const b = this.loadState(state, where);
    try {
      const K = kernels(where);
      K.samplerRun(b.ptr, this.descriptor(where), 1, 1, 0);
      return [new SamplerState(heapU8().slice(b.ptr, b.ptr + b.bytes)), this.info(b)];
    } finally {
      b.free();
    }
  }

  /** Makes `state` (or saved `state.bytes`) the sampler's own state for `run`. */
  restore(state: SamplerState | Uint8Array): void {
    const where = `${this.name}.restore`;
    const old = this.live(where);
    const b = this.loadState(state instanceof SamplerState ? state : new SamplerState(state), where);
    registry?.unregister(this);
    old.free();
    this.block = b;
    registry?.register(this, [b], this);
  }

  // ---- the convenience loop ------------------------------------------------------

  /**
   * Runs `warmup` transitions (adapting if `adapt` is given), then `draws × thin`
   * transitions keeping every thin-th, continuing from the sampler's own state.
   * Runs split into pieces give the same bytes as one run. A failed or
   * aborted run leaves the sampler as it was.
   */
  async run(options: RunOptions = {}): Promise<RunResult> {
    const where = `${this.name}.run`;
    checkOptions(options, `${where}(options)`, ['warmup', 'draws', 'thin', 'adapt', 'signal', 'onProgress']);
    const warmup = checkInteger(options.warmup ?? 0, `${where}: warmup`, 0, 1 << 30);
    const draws = checkInteger(options.draws ?? 1000, `${where}: draws`, 0, 1 << 30);
    const thin = checkInteger(options.thin ?? 1, `${where}: thin`, 1, 1 << 20);
    const signal = checkSignal(options.signal, `${where}: signal`);
    const onProgress = checkFunction<(p: RunProgress) => void>(options.onProgress, `${where}: onProgress`);
    let target = NaN;
    if (options.adapt !== undefined) {
      checkOptions(options.adapt, `${where}: adapt`, ['targetAccept', 'mass']);
      if (options.adapt.mass !== undefined && typeof options.adapt.mass !== 'boolean') {
        throw new ArgumentError(`${where}: adapt.mass must be a boolean, got ${typeof options.adapt.mass}`);
      }
      if (this.kind === 'langevin') {
        throw new ArgumentError(`${where}: adapt needs an acceptance rate, and unadjusted Langevin accepts every move; use samplers.mala, or set stepSize`);
      }
      target = checkNumber(options.adapt.targetAccept ?? DEFAULT_TARGET[this.kind], `${where}: adapt.targetAccept`, { min: 0, exclusiveMin: true });
      if (target >= 1) throw new ArgumentError(`${where}: adapt.targetAccept must be < 1, got ${target}`);
    }
    const cd = this.chains * this.dim;
    const outBytes = draws * cd * 4;
    if (outBytes > MAX_OUT_BYTES) {
      throw new ArgumentError(`${where}: draws × chains × dim = ${draws * cd} values (${(outBytes / 2 ** 20).toFixed(0)} MiB) exceed the 512 MiB limit; run in pieces`);
    }
    const block = this.live(where);
    const pacer = new Pacer(signal, where);
    const K = kernels(where);
    const snapshot = heapU8().slice(block.ptr, block.ptr + block.bytes);
    // the draws land in a small staging block per chunk and are copied into the result array from there:
    // no draws×chains×dim block in WASM memory to zero, fill and copy out again
    const drawBytes = cd * 4;
    const stage = draws > 0 ? new WasmBlock(Math.max(16, Math.min(outBytes, Math.max(drawBytes, STAGE_BYTES))), where) : null;
    const data = new Float32Array(draws * cd);
    try {
      if (warmup > 0 && options.adapt !== undefined) {
        const flags = 1 | (this.kind === 'hmc' && options.adapt.mass !== false ? 2 : 0);
        K.samplerAdapt(block.ptr, warmup, flags, target);
      }
      await this.loop(K, block, 'warmup', warmup, 1, null, pacer, onProgress, where);
      K.samplerResetCounters(block.ptr);
      await this.loop(K, block, 'sampling', draws, thin, stage ? { stage, data } : null, pacer, onProgress, where);
      const s = block.ptr;
      const i32 = heapI32();
      const counted = i32[(s + FIELD.counted) >>> 2]!;
      const acc = i32[(s + FIELD.oAccepts) >>> 2]!;
      const nf = i32[(s + FIELD.oNonFinite) >>> 2]!;
      const dv = i32[(s + FIELD.oDivergent) >>> 2]!;
      const acceptRate = new Float32Array(this.chains);
      let divergences = 0;
      let nonFinite = 0;
      for (let c = 0; c < this.chains; c++) {
        acceptRate[c] = counted > 0 ? i32[((s + acc) >>> 2) + c]! / counted : NaN;
        divergences += i32[((s + dv) >>> 2) + c]!;
        nonFinite += i32[((s + nf) >>> 2) + c]!;
      }
      const st = this.state;
      return {
        samples: { draws, chains: this.chains, dim: this.dim, data },
        acceptRate,
        divergences,
        nonFinite,
        stepSize: st.stepSize,
        inverseMass: st.inverseMass,
      };
    } catch (e) {
      const b = this.block;
      if (b) heapU8().set(snapshot, b.ptr); // leave the sampler as it was
      if (e instanceof EbmError && e.code === 'ABORTED') throw new EbmError('ABORTED', `${where}: aborted; the sampler is unchanged`, { cause: e.cause });
      throw e;
    } finally {
      stage?.free();
    }
  }

  /** Frees the state (and a wrapper around a plain user Energy). Idempotent. */
  dispose(): void {
    if (this.block === null) return;
    registry?.unregister(this);
    this.block.free();
    this.block = null;
    this.owned?.dispose();
    this.owned = null;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- internals ----------------------------------------------------------------

  /**
   * Runs `total` kept transitions (× thin) in chunks of ~10 ms, yielding between them. With `out`,
   * each chunk's draws go to the staging block (at most as many as it holds) and are copied to `out.data`.
   */
  private async loop(
    K: ReturnType<typeof kernels>, block: WasmBlock, phase: RunProgress['phase'], total: number, thin: number,
    out: { stage: WasmBlock; data: Float32Array } | null, pacer: Pacer, onProgress: ((p: RunProgress) => void) | undefined, where: string,
  ): Promise<void> {
    let done = 0;
    let chunk = 1;
    const cd = this.chains * this.dim;
    const cap = out ? Math.max(1, Math.floor(out.stage.bytes / (cd * 4))) : Infinity;
    while (done < total) {
      const n = Math.min(chunk, total - done, cap);
      const t0 = now();
      const desc = this.descriptor(where);
      K.samplerRun(block.ptr, desc, n * thin, thin, out ? out.stage.ptr : 0);
      if (out) out.data.set(out.stage.f32(n * cd), done * cd);
      done += n;
      const dt = now() - t0;
      if (dt < 5 && chunk < 1 << 20) chunk *= 2;
      else if (dt > 40 && chunk > 1) chunk = Math.max(1, chunk >> 1);
      if (onProgress) {
        const f64 = heapF64();
        onProgress({ phase, done, total, stepSize: f64[(block.ptr + FIELD.step) >>> 3]!, acceptProb: f64[(block.ptr + FIELD.lastAccept) >>> 3]! });
      }
      if (done < total) await pacer.tick();
    }
  }

  private descriptor(where: string): number {
    if (this.target.dim !== this.dim) {
      throw new ShapeError(`${where}: the energy now has dim ${this.target.dim}, but the sampler was built for dim ${this.dim}`);
    }
    return this.target[DESCRIPTOR](where);
  }

  private createState(init: Matrix | null, where: string): WasmBlock {
    const K = kernels(where);
    const C = this.chains;
    const D = this.dim;
    const [lo, hi] = seedWords(this.seed);
    const bytes = K.samplerStateBytes(C, D);
    const b = new WasmBlock(bytes, where);
    let y0: WasmBlock | null = null;
    try {
      if (init) {
        y0 = matrixBlock(init, `${where}: ${where.endsWith('.init') ? 'positions' : 'init'}`);
      } else {
        y0 = new WasmBlock(Math.max(16, C * D * 4), where);
        const rng = new WasmBlock(32, where);
        K.rngInit(rng.ptr, lo, hi, 1);
        K.rngNormal(y0.ptr, C * D, rng.ptr);
        rng.free();
      }
      K.samplerLayout(b.ptr, KIND_CODES[this.kind], C, D, lo, hi, 0, y0.ptr);
      K.samplerConfigure(b.ptr, this.initialStepSize, this.beta, this.noiseScale, this.jitter, this.leapfrogSteps);
      const bad = K.samplerPrime(b.ptr, this.descriptor(where), this.kind === 'randomWalk' ? 0 : 1);
      if (bad >= 0) {
        throw new ArgumentError(
          `${where}: chain ${bad} starts where the energy${this.kind === 'randomWalk' ? '' : ' or its gradient'} is not finite (row ${bad} of the initial positions)`,
          'NOT_FINITE',
        );
      }
      return b;
    } catch (e) {
      b.free();
      throw e;
    } finally {
      y0?.free();
    }
  }

  private loadState(state: SamplerState, where: string): WasmBlock {
    if (!(state instanceof SamplerState)) throw new ArgumentError(`${where}: expected a SamplerState (from init, step or .state)`);
    const bytes = state.bytes;
    const b = new WasmBlock(Math.max(16, bytes.length), where);
    heapU8().set(bytes, b.ptr);
    const code = bytes.length >= 272 ? kernels(where).samplerValidate(b.ptr, bytes.length, this.chains, this.dim) : 1;
    const kind = bytes.length >= 272 ? new DataView(bytes.buffer, bytes.byteOffset).getInt32(FIELD.kind, true) : 0;
    if (code !== 0 || kind !== KIND_CODES[this.kind]) {
      b.free();
      const why = code === 1 ? 'not a sampler state of this version' : code === 2 ? `not for ${this.chains} chains × dim ${this.dim}` : code === 3 ? 'corrupt' : `made by another sampler kind`;
      throw new ArgumentError(`${where}: the state is ${why}`);
    }
    return b;
  }

  private info(b: WasmBlock): StepInfo {
    const s = b.ptr;
    const C = this.chains;
    const i32 = heapI32();
    const f64 = heapF64();
    const pOff = i32[(s + FIELD.oAccProb) >>> 2]!;
    const lOff = i32[(s + FIELD.oLastAcc) >>> 2]!;
    const acceptProb = f64.slice((s + pOff) >>> 3, ((s + pOff) >>> 3) + C);
    const accepted = Uint8Array.from(i32.subarray((s + lOff) >>> 2, ((s + lOff) >>> 2) + C));
    return {
      acceptProb,
      accepted,
      meanAcceptProb: f64[(s + FIELD.lastAccept) >>> 3]!,
      divergences: i32[(s + FIELD.lastDiv) >>> 2]!,
      stepSize: f64[(s + FIELD.lastStep) >>> 3]!,
    };
  }

  private live(where: string): WasmBlock {
    if (this.block === null) throw new EbmError('DISPOSED', `${where}: this sampler was disposed`);
    return this.block;
  }
}

if (disposeSymbol !== (Symbol as { dispose?: symbol }).dispose) {
  Object.defineProperty(Sampler.prototype, disposeSymbol, { value: Sampler.prototype.dispose });
}

const BASE = ['chains', 'seed', 'init', 'stepSize', 'beta'] as const;

/** Random-walk Metropolis: y' = y + ε·ξ. Needs only F. */
export function randomWalk(energy: Energy, options?: SamplerOptions): Sampler {
  return new Sampler('randomWalk', energy, options, BASE);
}

/** Unadjusted Langevin: y' = y − ε·β·∇F(y) + √(2ε)·noiseScale·ξ, no correction (biased by O(ε)). */
export function langevin(energy: Energy, options?: LangevinOptions): Sampler {
  return new Sampler('langevin', energy, options, [...BASE, 'noiseScale']);
}

/** Metropolis-adjusted Langevin. */
export function mala(energy: Energy, options?: SamplerOptions): Sampler {
  return new Sampler('mala', energy, options, BASE);
}

/** Hamiltonian Monte Carlo: L leapfrog steps, optional jitter, diagonal mass (adapted in warm-up). */
export function hmc(energy: Energy, options?: HMCOptions): Sampler {
  return new Sampler('hmc', energy, options, [...BASE, 'leapfrogSteps', 'jitter']);
}
