// log Z of any energy by annealed importance sampling (Neal 2001): chains
// start at a diagonal Gaussian base (fitted to data, or given) and move along
// the geometric path p_β ∝ base^{1−β}·exp(−β·b·F) with MALA or HMC transitions
// (the sampler kinds' own WASM steps, run on the path as an energy of kind
// KIND_AIS_PATH); the log-weights, their summary and every loop are in WASM.
import { ArgumentError, EbmError, ShapeError } from '../errors.js';
import { asMatrix, describe, type Matrix, type MatrixLike } from '../matrix.js';
import { KIND_AIS_PATH } from '../runtime/abi.js';
import { heapF64, kernels } from '../runtime/core.js';
import { WasmBlock, blockFromF32 } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { evalDescribed, writeDescriptor, DESCRIPTOR, DESC_BYTES, type Energy } from '../energies/energy.js';
import { describedOf } from '../energies/custom.js';
import { createStateBlock, kindSettings, KINDS } from '../samplers/kinds.js';
import { now, runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOneOf, checkOptions, checkSignal } from '../util/validate.js';
import { checkTemperatures } from '../models/rbm-partition.js';
import { checkParallel, nextRunKey, withPool, type ParallelOptions } from '../parallel/use.js';
import { portableOf } from '../parallel/portable.js';
import { CHAIN_BLOCK } from '../parallel/chains.js';
import { aisOnWorkers } from '../parallel/ais.js';

export interface AisOptions extends ParallelOptions {
  method?: 'ais';
  /** The base N(mean, diag std²): `{ mean, std }` (length dim each), or fitted to `data`; default N(0, I). */
  base?: { mean: ArrayLike<number>; std: ArrayLike<number> };
  /** Rows whose column means and standard deviations give the base (when `base` is not given). */
  data?: MatrixLike;
  /** Independent annealing runs. Default 100. */
  chains?: number;
  /** A count (Salakhutdinov & Murray's spacing) or the increasing β's from 0 to 1. Default 1000. */
  temperatures?: number | ArrayLike<number>;
  /** 'mala' (default) or 'hmc'. */
  sampler?: 'mala' | 'hmc';
  /** The transitions' step size. Default 0.1 × the smallest base variance. */
  stepSize?: number;
  /** HMC's leapfrog steps. Default 5. */
  leapfrogSteps?: number;
  /** Transitions per temperature. Default 1. */
  steps?: number;
  /** Inverse temperature b of the target exp(−b·F). Default 1. */
  beta?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: { temperature: number; temperatures: number }) => void;
}

export interface AisResult {
  logZ: number;
  /** Standard error of logZ (delta method on the importance weights). */
  stderr: number;
  /** Effective sample size of the weights, (Σw)²/Σw². */
  ess: number;
}

const KEYS = ['method', 'base', 'data', 'chains', 'temperatures', 'sampler', 'stepSize', 'leapfrogSteps', 'steps', 'beta', 'seed', 'signal', 'onProgress', 'workers', 'pool'] as const;

/**
 * Workers: a run first anneals on the calling thread for PROBE_MS of work, then goes on
 * the workers only if what is left, at the rate measured, takes at least MIN_WORKER_MS with
 * a shared pool, or MIN_WORKER_MS + POOL_START_MS when the call starts its own pool (`workers: n`:
 * ~200 ms of CPU per worker to start, bench/suites/parallel-ais.mjs). Below that the chunks'
 * messages and the start cost more than they save. Where the cut falls changes no byte.
 */
const PROBE_MS = 15;
const MIN_WORKER_MS = 60;
const POOL_START_MS = 400;

/** Owns an AIS run's blocks, so the shared run loop can hold it busy and free them however it ends. */
class AisRun extends Resource {
  protected readonly resourceName = 'AIS run';
  keep<B extends WasmBlock>(b: B): B {
    this.own(() => b.free());
    return b;
  }
}

function vector(v: unknown, dim: number, what: string, where: string, positive: boolean): Float32Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`${where}: ${what} must be an array of ${dim} numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length !== dim) throw new ShapeError(`${where}: ${what} has ${a.length} values, the energy has dim ${dim}`);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    out[i] = checkNumber(a[i], `${where}: ${what}[${i}]`, positive ? { min: 0, exclusiveMin: true } : {});
    if (positive && !(out[i]! > 0)) throw new ArgumentError(`${where}: ${what}[${i}] = ${String(a[i])} is not a positive f32`);
  }
  return out;
}

/** Column means and standard deviations (f64 sums; a constant column gets std 1). */
function fitBase(Y: Matrix, where: string): { mean: Float32Array; std: Float32Array } {
  if (Y.rows < 2) throw new ShapeError(`${where}: data needs at least 2 rows to fit the base, got ${Y.rows}`);
  const D = Y.cols;
  const mean = new Float32Array(D);
  const std = new Float32Array(D);
  for (let k = 0; k < D; k++) {
    let s = 0;
    for (let r = 0; r < Y.rows; r++) {
      const x = Y.data[r * D + k]!;
      if (!Number.isFinite(x)) throw new ArgumentError(`${where}: data[${r}][${k}] is ${x}: every value must be finite`, 'NOT_FINITE');
      s += x;
    }
    const m = s / Y.rows;
    let q = 0;
    for (let r = 0; r < Y.rows; r++) q += (Y.data[r * D + k]! - m) ** 2;
    const sd = Math.sqrt(q / (Y.rows - 1));
    mean[k] = m;
    std[k] = sd > 0 ? sd : 1;
  }
  return { mean, std };
}

function baseOf(options: AisOptions, D: number, where: string): { mean: Float32Array; std: Float32Array } {
  if (options.base !== undefined) {
    if (options.data !== undefined) throw new ArgumentError(`${where}: give base or data, not both`);
    const b = options.base as { mean?: unknown; std?: unknown } | null;
    if (b === null || typeof b !== 'object') throw new ArgumentError(`${where}: base must be { mean, std }, got ${describe(b)}`);
    return { mean: vector(b.mean, D, 'base.mean', where, false), std: vector(b.std, D, 'base.std', where, true) };
  }
  if (options.data !== undefined) {
    const Y = asMatrix(options.data, `${where}: data`);
    if (Y.cols !== D) throw new ShapeError(`${where}: data has ${Y.cols} columns, the energy has dim ${D}`);
    return fitBase(Y, where);
  }
  return { mean: new Float32Array(D), std: new Float32Array(D).fill(1) };
}

/** log Z = log ∫ exp(−b·F(y)) dy of any energy by AIS from a Gaussian base; see AisOptions. */
export async function logPartition(energy: Energy, options: AisOptions = {}): Promise<AisResult> {
  const where = 'metrics.logPartition';
  checkOptions(options, `${where}(energy, options)`, KEYS);
  checkOneOf(options.method ?? 'ais', `${where}: method`, ['ais'] as const);
  const asked = checkParallel(options, where);
  const { energy: target, owned } = describedOf(energy, where);
  const run = new AisRun();
  try {
    const D = target.dim;
    if (!target.hasGrad) throw new ArgumentError(`${where}: MALA and HMC need ∇F; this energy has no grad`);
    const base = baseOf(options, D, where);
    const chains = checkInteger(options.chains ?? 100, `${where}: chains`, 2, 1 << 20);
    const betas = checkTemperatures(options.temperatures, where, 1000);
    const kind = checkOneOf(options.sampler ?? 'mala', `${where}: sampler`, ['mala', 'hmc'] as const);
    let minVar = Infinity;
    for (const s of base.std) minVar = Math.min(minVar, s * s);
    const stepSize = checkNumber(options.stepSize ?? 0.1 * minVar, `${where}: stepSize`, { min: 0, exclusiveMin: true });
    const steps = checkInteger(options.steps ?? 1, `${where}: steps`, 1, 1 << 16);
    const tb = checkNumber(options.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
    const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
    const signal = checkSignal(options.signal, `${where}: signal`);
    const onProgress = checkFunction<(p: { temperature: number; temperatures: number }) => void>(options.onProgress, `${where}: onProgress`);
    if (options.leapfrogSteps !== undefined && kind !== 'hmc') throw new ArgumentError(`${where}: leapfrogSteps is an HMC setting; sampler is '${kind}'`);
    const spec = KINDS[kind];
    const settings = kindSettings(spec, kind === 'hmc' ? { leapfrogSteps: options.leapfrogSteps ?? 5 } : {}, where);
    const K = kernels(where);
    const uses = [target, energy].filter((e): e is Resource & Energy => e instanceof Resource);
    return await runOn(run, { where, signal, onProgress, uses, kept: () => 'nothing is kept' }, async (ctx) => {
      const mu = run.keep(blockFromF32(base.mean, where));
      const sd = run.keep(blockFromF32(base.std, where));
      const work = run.keep(new WasmBlock(chains * (D + 1) * 4, where));
      const desc = run.keep(new WasmBlock(DESC_BYTES, where));
      const state = run.keep(createStateBlock(spec, { chains, dim: D, init: null, seed, stream: 9, stepSize, beta: 1, settings }, where));
      const T = betas.length;
      const bb = run.keep(new WasmBlock(T * 8, where));
      bb.f64(T).set(betas);
      const logw = run.keep(new WasmBlock(chains * 8, where));
      // the target's descriptor is looked up again before every chunk: a callback may have disposed it (checked by the run loop)
      const fill = (): void =>
        writeDescriptor(desc, { kind: KIND_AIS_PATH, dim: D, p: [target[DESCRIPTOR](where), mu.ptr, sd.ptr, work.ptr], i: [chains], f: [0, tb] });
      fill();
      K.aisInit(state.ptr, desc.ptr);
      // workers for more than one block of chains of an energy they can rebuild (a JavaScript energy stays here)
      const portable = asked !== null && chains > CHAIN_BLOCK ? portableOf(target, where) : null;
      let k = 0;
      let chunk = 1;
      let spent = 0;
      const local = async (stop: () => boolean): Promise<void> => {
        while (k < T && !stop()) {
          const count = Math.min(chunk, T - k);
          const t0 = now();
          fill();
          K.aisRun(state.ptr, desc.ptr, bb.ptr, T, k, k + count, logw.ptr, steps);
          k += count;
          const dt = now() - t0;
          spent += dt;
          if (dt < 5 && chunk < 1 << 20) chunk *= 2;
          ctx.report({ temperature: k, temperatures: T });
          if (k < T) await ctx.tick();
        }
      };
      await local(() => portable !== null && spent >= PROBE_MS);
      if (k < T) {
        // only with a portable energy: the rate of the probe says whether the rest is worth the workers
        const worth = (spent / k) * (T - k) >= MIN_WORKER_MS + (asked !== null && 'workers' in asked ? POOL_START_MS : 0);
        await withPool(asked, worth, where, async (pool) => {
          if (pool === null || portable === null) return local(() => false);
          return aisOnWorkers({
            pool, key: nextRunKey(), energy: portable, state: state.ptr, logw: logw.ptr, chains, mean: base.mean, std: base.std, tb, betas, steps,
            check: () => void fill(), report: (t) => ctx.report({ temperature: t, temperatures: T }), tick: () => ctx.tick(),
          }, k, where);
        });
      }
      const out = run.keep(new WasmBlock(24, where));
      K.aisSummary(logw.ptr, chains, out.ptr);
      const [lme, stderr, ess] = heapF64().slice(out.ptr >>> 3, (out.ptr >>> 3) + 3);
      const logZ = K.aisBaseLogZ(sd.ptr, D) + lme!;
      if (!Number.isFinite(logZ)) {
        throw new EbmError('NUMERICAL', `${where}: every annealing run ended with weight 0 (log Z = ${logZ}): choose a base closer to the target, more temperatures or a smaller stepSize`);
      }
      return { logZ, stderr: stderr!, ess: ess! };
    });
  } finally {
    run.dispose();
    owned?.dispose();
  }
}

export interface LogLikelihoodResult {
  /** mean over rows of −b·F(y) − log Z (nats per row). */
  mean: number;
  /** Its standard error: log Z's and the rows' sampling error, combined. */
  stderr: number;
  logZ: AisResult;
}

/** mean(−b·F(y)) − log Z for the rows of Y, with log Z by AIS (`options` as logPartition's). */
export async function logLikelihood(energy: Energy, Y: MatrixLike, options: AisOptions = {}): Promise<LogLikelihoodResult> {
  const where = 'metrics.logLikelihood';
  const y = asMatrix(Y, `${where}: Y`);
  if (y.rows < 1) throw new ShapeError(`${where}: Y has no rows`);
  const { energy: target, owned } = describedOf(energy, where);
  let F: Float32Array;
  try {
    F = evalDescribed(target, y, where, 'energy');
  } finally {
    owned?.dispose();
  }
  const lz = await logPartition(energy, options);
  const b = options.beta ?? 1;
  let s = 0;
  for (const f of F) s += -b * f;
  const mean = s / F.length;
  let q = 0;
  for (const f of F) q += (-b * f - mean) ** 2;
  const rowsVar = F.length > 1 ? q / (F.length - 1) / F.length : 0;
  return { mean: mean - lz.logZ, stderr: Math.sqrt(lz.stderr ** 2 + rowsVar), logZ: lz };
}
