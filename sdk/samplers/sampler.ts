// MCMC samplers over batched chains, every kind in WASM (assembly/samplers/).
// The shape follows BlackJAX: a pure `init(positions) → state` and
// `step(state) → [state, info]` with the RNG inside the state, and a
// convenience `run()` on top that keeps its own state, adapts during warm-up
// and returns the draws. What differs between kinds comes from their row in
// kinds.ts; this class names none of them.
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF64, heapI32, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { now, runOn, type RunContext } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal } from '../util/validate.js';
import { describedOf } from '../energies/custom.js';
import { DESCRIPTOR, type DescribedEnergy, type Energy } from '../energies/energy.js';
import {
  SAMPLER_ADAPT_MASS, SAMPLER_ADAPT_STEP, SS_COUNTED, SS_KIND, SS_LAST_ACCEPT, SS_LAST_DIV, SS_LAST_STEP, SS_O_ACCEPTS,
  SS_O_ACC_PROB, SS_O_DIVERGENT, SS_O_LAST_ACC, SS_O_NON_FINITE, SS_STEP,
} from '../runtime/abi.js';
import { createStateBlock, KINDS, kindSettings, stateProblem, type SamplerKind } from './kinds.js';
import type { KindSettings, KindSpec } from './kinds/spec.js';
import { SamplerState } from './state.js';
import type { RunOptions, RunProgress, RunResult, StepInfo } from './types.js';
import { checkInternal, type Internal } from '../util/library-key.js';
import { CHAIN_BLOCK, chainRanges, joinState, splitState } from '../parallel/chains.js';
import { portableOf } from '../parallel/portable.js';
import { checkParallel, nextRunKey, withPool } from '../parallel/use.js';
import type { Pool } from '../parallel/pool.js';
import type { PortableEnergy } from '../energies/energy.js';
import type { SamplerPartsResult } from '../parallel/tasks.js';

/** A run's workers: the pool, the energy as they rebuild it, and its key. */
interface Parallel {
  pool: Pool;
  energy: PortableEnergy;
  key: string;
}

export type { SamplerOptions, StepInfo, RunProgress, RunOptions, Samples, RunResult } from './types.js';
export type { LangevinOptions } from './kinds/langevin.js';
export type { HMCOptions } from './kinds/hmc.js';
export type { GibbsOptions } from './kinds/gibbs.js';

/**
 * Most chains × dim values in one sampler state: every kind at every dim fits one WASM block
 * (MAX_BLOCK_BYTES, just under 1 GiB) at 2²⁴ values — the tightest, Gibbs and MALA/HMC at dim 1,
 * hold up to ~1.8·10⁷ (their states carry several chains × dim arrays plus per-chain ones).
 */
const MAX_STATE_VALUES = 1 << 24;
/** Options every kind takes; a kind adds its own (kinds/<kind>.ts). */
const COMMON_OPTIONS = ['chains', 'seed', 'init', 'beta'] as const;
const MAX_OUT_BYTES = 512 * 1024 * 1024;
/** Draws go through a WASM staging buffer of about this size (cache-resident) into the result array, chunk by chunk. */
const STAGE_BYTES = 256 * 1024;

export class Sampler extends Resource {
  protected readonly resourceName = 'sampler';
  readonly kind: SamplerKind;
  readonly chains: number;
  readonly dim: number;
  readonly seed: number;
  readonly beta: number;
  /** The step size given at construction (see `stepSize` for the current one; NaN for Gibbs). */
  readonly initialStepSize: number;
  private readonly spec: KindSpec;
  /** The kind's own validated options (noiseScale, leapfrogSteps, jitter, values …). */
  private readonly settings: KindSettings;
  private readonly target: DescribedEnergy;
  private block: WasmBlock;
  private releaseBlock: () => void;
  private readonly name: string;
  /** Transitions per parallel chunk that the last run ended with: the next run starts there, not at 1. */
  private parallelChunk = 1;

  /** Use samplers.randomWalk / langevin / mala / hmc / gibbs: the first argument is a key only the library holds (not stripped from the types, so `new` without it does not type-check). */
  constructor(token: Internal, kind: SamplerKind, energy: Energy, options: object | undefined) {
    super();
    checkInternal(token, 'samplers.randomWalk / langevin / mala / hmc / gibbs(energy, options)');
    const spec: KindSpec = KINDS[kind];
    const where = `samplers.${spec.name}`;
    this.spec = spec;
    this.name = where;
    this.kind = kind;
    checkOptions(options, `${where}(energy, options)`, [...COMMON_OPTIONS, ...spec.options]);
    const o = (options ?? {}) as Record<string, unknown>;
    kernels(where);
    this.chains = checkInteger(o.chains ?? 4, `${where}: chains`, 1, 1 << 20);
    this.seed = checkInteger(o.seed ?? 0, `${where}: seed`, 0);
    this.initialStepSize = spec.defaultStep === null ? NaN : checkNumber(o.stepSize ?? spec.defaultStep, `${where}: stepSize`, { min: 0, exclusiveMin: true });
    this.beta = checkNumber(o.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
    this.settings = kindSettings(spec, o, where);
    const { energy: target, owned } = describedOf(energy, where);
    this.target = target;
    if (owned) this.own(() => owned.dispose());
    try {
      this.dim = checkInteger(target.dim, `${where}: energy.dim`, 1);
      // the state holds several chains × dim f32 arrays and its byte size is an i32 in WASM: stay far below 2³¹
      if (this.chains * this.dim > MAX_STATE_VALUES) {
        throw new ArgumentError(
          `${where}: chains × dim = ${this.chains} × ${this.dim} = ${this.chains * this.dim} values is more than one sampler state holds (${MAX_STATE_VALUES}); use fewer chains, or several samplers`,
        );
      }
      if (spec.needsGrad && !target.hasGrad) {
        throw new ArgumentError(`${where}: this sampler needs ∇F, but the energy has no grad (give energies.custom a grad(Y), or use samplers.randomWalk)`);
      }
      const init = o.init === undefined ? null : asMatrix(o.init as MatrixLike, `${where}: init`);
      if (init && (init.rows !== this.chains || init.cols !== this.dim)) {
        throw new ShapeError(`${where}: init has shape ${init.rows}×${init.cols}, expected chains×dim = ${this.chains}×${this.dim}`);
      }
      const block = this.createState(init, where);
      this.block = block;
      this.releaseBlock = this.own(() => block.free());
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Langevin's noise scale (1 for the other kinds). */
  get noiseScale(): number {
    return (this.settings.noiseScale as number | undefined) ?? 1;
  }

  /** HMC's leapfrog steps per transition (1 for the other kinds). */
  get leapfrogSteps(): number {
    return (this.settings.leapfrogSteps as number | undefined) ?? 1;
  }

  /** HMC's step jitter (0 for the other kinds). */
  get jitter(): number {
    return (this.settings.jitter as number | undefined) ?? 0;
  }

  /** The energy being sampled. */
  get energy(): Energy {
    return this.target;
  }

  /** Current step size of the sampler's own state (adapted by `run` with `adapt`). */
  get stepSize(): number {
    return heapF64()[(this.live('stepSize').ptr + SS_STEP) >>> 3]!;
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
    this.live(where);
    if (this.busy) throw new EbmError('BUSY', `${where}: the sampler is running; restore its state after the run`);
    if (state === null || typeof state !== 'object') {
      throw new ArgumentError(`${where}: expected a SamplerState or its bytes (a Uint8Array), got ${state === null ? 'null' : typeof state}`);
    }
    const b = this.loadState(state instanceof SamplerState ? state : new SamplerState(state), where);
    this.disown(this.releaseBlock);
    this.block = b;
    this.releaseBlock = this.own(() => b.free());
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
    checkOptions(options, `${where}(options)`, ['warmup', 'draws', 'thin', 'adapt', 'signal', 'onProgress', 'workers', 'pool']);
    const asked = checkParallel(options, where);
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
      if (this.spec.targetAccept === null) throw new ArgumentError(`${where}: ${this.spec.noAdapt}`);
      target = checkNumber(options.adapt.targetAccept ?? this.spec.targetAccept, `${where}: adapt.targetAccept`, { min: 0, exclusiveMin: true });
      if (target >= 1) throw new ArgumentError(`${where}: adapt.targetAccept must be < 1, got ${target}`);
    }
    const cd = this.chains * this.dim;
    const outBytes = draws * cd * 4;
    if (outBytes > MAX_OUT_BYTES) {
      throw new ArgumentError(`${where}: draws × chains × dim = ${draws * cd} values (${(outBytes / 2 ** 20).toFixed(0)} MiB) exceed the 512 MiB limit; run in pieces`);
    }
    const block = this.live(where);
    const K = kernels(where);
    const uses = this.target instanceof Resource ? [this.target] : [];
    // workers when there is more than one block of chains and the energy can be rebuilt in them
    const portable = asked !== null && this.chains > CHAIN_BLOCK ? portableOf(this.target, where) : null;
    return runOn(this, { where, signal, onProgress, kept: () => 'the sampler is unchanged', uses }, (pacer) => withPool(asked, portable !== null, where, async (pool) => {
      const par: Parallel | null = pool && portable ? { pool, energy: portable, key: nextRunKey() } : null;
      // taken once the run holds the sampler: a refused second run must not touch the state
      const snapshot = heapU8().slice(block.ptr, block.ptr + block.bytes);
      // the draws land in a small staging block per chunk and are copied into the result array from there:
      // no draws×chains×dim block in WASM memory to zero, fill and copy out again
      const stage = draws > 0 ? new WasmBlock(Math.max(16, Math.min(outBytes, Math.max(cd * 4, STAGE_BYTES))), where) : null;
      const data = new Float32Array(draws * cd);
      try {
        if (warmup > 0 && options.adapt !== undefined) {
          const flags = SAMPLER_ADAPT_STEP | (this.spec.adaptsMass && options.adapt.mass !== false ? SAMPLER_ADAPT_MASS : 0);
          K.samplerAdapt(block.ptr, warmup, flags, target);
        }
        // an adapting warm-up couples every chain at every transition (one step size from the mean
        // acceptance): it runs on this thread; everything else may run on the workers
        if (par && options.adapt === undefined) await this.loopParallel(block, 'warmup', warmup, 1, null, pacer, where, par);
        else await this.loop(K, block, 'warmup', warmup, 1, null, pacer, where);
        K.samplerResetCounters(block.ptr);
        if (par) await this.loopParallel(block, 'sampling', draws, thin, data, pacer, where, par);
        else await this.loop(K, block, 'sampling', draws, thin, stage ? { stage, data } : null, pacer, where);
        return { samples: { draws, chains: this.chains, dim: this.dim, data }, ...this.summary(block) };
      } catch (e) {
        heapU8().set(snapshot, block.ptr); // leave the sampler as it was (its block is freed only after the run)
        throw e;
      } finally {
        stage?.free();
      }
    }));
  }

  /** Acceptance, divergences and non-finite proposals counted since the last reset, with the current step and mass. */
  private summary(block: WasmBlock): Omit<RunResult, 'samples'> {
    const s = block.ptr;
    const i32 = heapI32();
    const counted = i32[(s + SS_COUNTED) >>> 2]!;
    const acc = i32[(s + SS_O_ACCEPTS) >>> 2]!;
    const nf = i32[(s + SS_O_NON_FINITE) >>> 2]!;
    const dv = i32[(s + SS_O_DIVERGENT) >>> 2]!;
    const acceptRate = new Float32Array(this.chains);
    let divergences = 0;
    let nonFinite = 0;
    for (let c = 0; c < this.chains; c++) {
      acceptRate[c] = counted > 0 ? i32[((s + acc) >>> 2) + c]! / counted : NaN;
      divergences += i32[((s + dv) >>> 2) + c]!;
      nonFinite += i32[((s + nf) >>> 2) + c]!;
    }
    const st = new SamplerState(heapU8().slice(block.ptr, block.ptr + block.bytes));
    return { acceptRate, divergences, nonFinite, stepSize: st.stepSize, inverseMass: st.inverseMass };
  }

  // ---- internals ----------------------------------------------------------------

  /**
   * Runs `total` kept transitions (× thin) in chunks of ~10 ms, yielding between them. With `out`,
   * each chunk's draws go to the staging block (at most as many as it holds) and are copied to `out.data`.
   */
  private async loop(
    K: ReturnType<typeof kernels>, block: WasmBlock, phase: RunProgress['phase'], total: number, thin: number,
    out: { stage: WasmBlock; data: Float32Array } | null, pacer: RunContext<RunProgress>, where: string,
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
      const f64 = heapF64();
      pacer.report({ phase, done, total, stepSize: f64[(block.ptr + SS_STEP) >>> 3]!, acceptProb: f64[(block.ptr + SS_LAST_ACCEPT) >>> 3]! });
      if (done < total) await pacer.tick();
    }
  }

  /**
   * `loop` on the workers: every chunk splits the state into one contiguous run of the fixed
   * 64-chain blocks per worker, runs them and joins them back in chain order; the bytes are those
   * of `loop`, whatever the number of workers. Chunks grow to ~40–160 ms, so the messages (each
   * part's state both ways, the energy, the draws; a round trip took 0.1–3 ms on a loaded 2-core
   * machine) stay a small share of the work.
   */
  private async loopParallel(
    block: WasmBlock, phase: RunProgress['phase'], total: number, thin: number, data: Float32Array | null,
    pacer: RunContext<RunProgress>, where: string, par: Parallel,
  ): Promise<void> {
    const C = this.chains;
    const D = this.dim;
    const ranges = chainRanges(C, par.pool.size);
    let done = 0;
    let chunk = this.parallelChunk;
    while (done < total) {
      const n = Math.min(chunk, total - done);
      const t0 = now();
      this.descriptor(where); // the energy is alive and has the sampler's dim
      const jobs = splitState(block.ptr, where, ranges).map((part) => par.pool.run<SamplerPartsResult>('samplerParts', {
        key: par.key, energy: par.energy, parts: [part], total: C, steps: n * thin, thin, keep: data !== null,
      }, [part.bytes.buffer as ArrayBuffer], where));
      const ran = (await Promise.all(jobs)).flatMap((r) => r.parts);
      this.checkLive(where);
      if (data) {
        for (const r of ran) {
          const rows = r.count * D;
          for (let t = 0; t < n; t++) data.set(r.draws!.subarray(t * rows, (t + 1) * rows), ((done + t) * C + r.first) * D);
        }
      }
      joinState(block.ptr, ran, where);
      done += n;
      const dt = now() - t0;
      if (dt < 40 && chunk < 1 << 20) chunk *= 2;
      else if (dt > 160 && chunk > 1) chunk = Math.max(1, chunk >> 1);
      this.parallelChunk = chunk;
      const f64 = heapF64();
      pacer.report({ phase, done, total, stepSize: f64[(block.ptr + SS_STEP) >>> 3]!, acceptProb: f64[(block.ptr + SS_LAST_ACCEPT) >>> 3]! });
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
    const b = createStateBlock(this.spec, {
      chains: this.chains, dim: this.dim, init, seed: this.seed, stream: 0, stepSize: this.initialStepSize, beta: this.beta, settings: this.settings,
    }, where);
    try {
      const bad = kernels(where).samplerPrime(b.ptr, this.descriptor(where));
      if (bad >= 0) {
        throw new ArgumentError(
          `${where}: chain ${bad} starts where the energy${this.spec.needsGrad ? ' or its gradient' : ''} is not finite (row ${bad} of the initial positions)`,
          'NOT_FINITE',
        );
      }
      return b;
    } catch (e) {
      b.free();
      throw e;
    }
  }

  private loadState(state: SamplerState, where: string): WasmBlock {
    if (!(state instanceof SamplerState)) throw new ArgumentError(`${where}: expected a SamplerState (from init, step or .state)`);
    const bytes = state.bytes;
    const b = new WasmBlock(Math.max(16, bytes.length), where);
    heapU8().set(bytes, b.ptr);
    const problem = stateProblem(b.ptr, bytes.length, this.chains, this.dim, where);
    const code = problem ? 0 : heapI32()[(b.ptr + SS_KIND) >>> 2]!;
    if (problem || code !== this.spec.code) {
      b.free();
      throw problem ?? new ArgumentError(`${where}: the state is made by another sampler kind (${state.kind ?? `code ${code}`}), not ${this.spec.name}`);
    }
    return b;
  }

  private info(b: WasmBlock): StepInfo {
    const s = b.ptr;
    const C = this.chains;
    const i32 = heapI32();
    const f64 = heapF64();
    const pOff = i32[(s + SS_O_ACC_PROB) >>> 2]!;
    const lOff = i32[(s + SS_O_LAST_ACC) >>> 2]!;
    const acceptProb = f64.slice((s + pOff) >>> 3, ((s + pOff) >>> 3) + C);
    const accepted = Uint8Array.from(i32.subarray((s + lOff) >>> 2, ((s + lOff) >>> 2) + C));
    return {
      acceptProb,
      accepted,
      meanAcceptProb: f64[(s + SS_LAST_ACCEPT) >>> 3]!,
      divergences: i32[(s + SS_LAST_DIV) >>> 2]!,
      stepSize: f64[(s + SS_LAST_STEP) >>> 3]!,
    };
  }

  private live(where: string): WasmBlock {
    this.checkLive(where);
    return this.block;
  }
}
