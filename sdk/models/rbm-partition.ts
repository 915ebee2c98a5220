// An RBM's partition function and likelihoods: log Z exactly by enumerating
// the smaller layer (WASM, ≤ RBM_MAX_EXACT_UNITS units on that side), or by
// annealed importance sampling from the factorized base with the data's
// visible biases (Salakhutdinov & Murray 2008), chunked over temperatures
// through the shared run loop.
import { ArgumentError, EbmError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { RBM_MAX_EXACT_UNITS, RNG_STATE_BYTES } from '../runtime/abi.js';
import { heapF32, heapF64, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocksAsync } from '../runtime/memory.js';
import { now, runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkOneOf, checkOptions, checkSignal, seedWords } from '../util/validate.js';
import type { RBM } from './rbm.js';
import { checkParallel, nextRunKey, withPool, type ParallelOptions } from '../parallel/use.js';
import { portableOf } from '../parallel/portable.js';
import { rbmExactOnWorkers } from '../parallel/rbm.js';

export interface LogPartitionOptions extends ParallelOptions {
  /** 'exact' (default when the smaller layer has ≤ 24 units) or 'ais'. */
  method?: 'exact' | 'ais';
  /** AIS: independent annealing runs. Default 100. */
  chains?: number;
  /** AIS: the number of temperatures (spaced as Salakhutdinov & Murray's schedule) or the increasing β's from 0 to 1. Default 10 000. */
  temperatures?: number | ArrayLike<number>;
  /** AIS: data whose visible marginals set the base's biases (Bernoulli); default the model's own visible biases. */
  data?: MatrixLike;
  /** AIS seed; default the model's. */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: { temperature: number; temperatures: number }) => void;
}

export interface LogPartition {
  logZ: number;
  /** Standard error of logZ: 0 when exact; AIS: delta method on the importance weights. */
  stderr: number;
  /** AIS: effective sample size of the weights (chains when exact). */
  ess: number;
  method: 'exact' | 'ais';
}

export interface LogLikelihood {
  /** Mean log p(v) over the rows (nats per row). */
  mean: number;
  /** log p(v) = −F(v) − log Z of every row. */
  values: Float64Array;
  /** Standard error of the mean from log Z's uncertainty (0 when exact; the rows are taken as given). */
  stderr: number;
  logZ: LogPartition;
}

const STREAM_AIS = 8;
const KEYS = ['method', 'chains', 'temperatures', 'data', 'seed', 'signal', 'onProgress', 'workers', 'pool'] as const;

/**
 * The exact enumeration goes to workers from EXACT_MIN_WORK state × unit products (2^16-state
 * blocks × the other layer's units; ~5–6 ns each on one core of the bench machine, so ~50 ms),
 * or EXACT_MIN_WORK + EXACT_POOL_START when `workers: n` starts a pool for the call (~200 ms of
 * CPU per worker, bench/suites/parallel-ais.mjs). Below, the messages and the start cost about
 * what they save.
 */
const EXACT_MIN_WORK = 2 ** 23;
const EXACT_POOL_START = 2 ** 26;

/**
 * K inverse temperatures from 0 to 1 with Salakhutdinov & Murray's spacing
 * (their 500 / 4 000 / 10 000 steps over [0, 0.5], [0.5, 0.9], [0.9, 1], in
 * proportion): denser where the distributions change fastest. Only + − × ÷.
 */
export function aisSchedule(K: number): Float64Array {
  const out = new Float64Array(K);
  const n1 = Math.max(1, Math.round((K - 1) * (500 / 14500)));
  const n2 = Math.max(1, Math.round((K - 1) * (4000 / 14500)));
  const n3 = K - 1 - n1 - n2;
  if (n3 < 1) {
    for (let i = 0; i < K; i++) out[i] = i / (K - 1);
    return out;
  }
  let i = 0;
  for (let j = 0; j < n1; j++) out[i++] = (0.5 * j) / n1;
  for (let j = 0; j < n2; j++) out[i++] = 0.5 + (0.4 * j) / n2;
  for (let j = 0; j < n3; j++) out[i++] = 0.9 + (0.1 * j) / n3;
  out[K - 1] = 1;
  return out;
}

/** Checks a temperatures option: a count ≥ 2 or increasing β's from 0 to 1. */
export function checkTemperatures(t: unknown, where: string, fallback: number): Float64Array {
  if (t === undefined) return aisSchedule(fallback);
  if (typeof t === 'number') return aisSchedule(checkInteger(t, `${where}: temperatures`, 2, 1 << 24));
  if (t === null || typeof t !== 'object' || typeof (t as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`${where}: temperatures must be a count or an array of β's, got ${String(t)}`);
  }
  const a = Float64Array.from(t as ArrayLike<number>);
  if (a.length < 2 || a[0] !== 0 || a[a.length - 1] !== 1) {
    throw new ArgumentError(`${where}: temperatures must start at β = 0, end at β = 1 and hold at least 2 values`);
  }
  for (let i = 1; i < a.length; i++) {
    if (!(a[i]! > a[i - 1]!)) throw new ArgumentError(`${where}: temperatures[${i}] = ${a[i]} must exceed temperatures[${i - 1}] = ${a[i - 1]}`);
  }
  return a;
}

export async function rbmLogPartition(model: RBM, options: LogPartitionOptions, whereIn = 'RBM.logPartition'): Promise<LogPartition> {
  const where = whereIn;
  const m = model.live(where);
  checkOptions(options, `${where}(options)`, KEYS);
  const asked = checkParallel(options, where);
  const smaller = model.visibleType === 'gaussian' ? model.hidden : Math.min(model.visible, model.hidden);
  const method = checkOneOf(options.method ?? (smaller <= RBM_MAX_EXACT_UNITS ? 'exact' : 'ais'), `${where}: method`, ['exact', 'ais'] as const);
  const K = kernels(where);
  if (method === 'exact') {
    if (smaller > RBM_MAX_EXACT_UNITS) {
      const side = model.visibleType === 'gaussian' || model.hidden <= model.visible ? 'hidden' : 'visible';
      throw new ArgumentError(
        `${where}: method 'exact' enumerates the ${side} layer, which has ${smaller} units (2^${smaller} states); at most ${RBM_MAX_EXACT_UNITS} are allowed: use method 'ais'`,
      );
    }
    const nb = K.rbmExactBlocks(m);
    const other = model.visibleType === 'gaussian' || model.hidden <= model.visible ? model.visible : model.hidden;
    const need = EXACT_MIN_WORK + (asked !== null && 'workers' in asked ? EXACT_POOL_START : 0);
    const portable = asked !== null && nb > 1 && nb * 2 ** 16 * other >= need ? portableOf(model, where) : null;
    if (portable === null) return { logZ: K.rbmLogPartitionExact(m), stderr: 0, ess: Infinity, method };
    const signal = checkSignal(options.signal, `${where}: signal`);
    return runOn(model, { where, signal, kept: () => 'the model is unchanged' }, (run) => withPool(asked, true, where, async (pool) => {
      if (pool === null) return { logZ: K.rbmLogPartitionExact(model.live(where)), stderr: 0, ess: Infinity, method };
      const parts = await rbmExactOnWorkers(pool, nextRunKey(), portable, nb, run, where);
      const b = new WasmBlock(parts.length * 8, where);
      try {
        b.f64(parts.length).set(parts);
        return { logZ: K.rbmExactFold(model.live(where), b.ptr, nb), stderr: 0, ess: Infinity, method };
      } finally {
        b.free();
      }
    }));
  }
  const chains = checkInteger(options.chains ?? 100, `${where}: chains`, 2, 1 << 20);
  const betas = checkTemperatures(options.temperatures, where, 10000);
  const seed = options.seed === undefined ? model.seed : checkInteger(options.seed, `${where}: seed`, 0);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = checkFunction<(p: { temperature: number; temperatures: number }) => void>(options.onProgress, `${where}: onProgress`);
  const data = options.data === undefined ? null : model.data(options.data, where, 'data');
  const V = model.visible;
  const T = betas.length;
  return runOn(model, { where, signal, onProgress, kept: () => 'nothing is kept (the model is unchanged)' }, (run) => withBlocksAsync(async (take) => {
    const bA = take(new WasmBlock(V * 4));
    if (data !== null && model.visibleType === 'bernoulli') {
      const xb = take(matrixBlock(data, `${where}: data`));
      K.rbmDataLogits(bA.ptr, xb.ptr, data.rows, V, 1e-3);
    } else {
      const p = K.rbmParams(m) >>> 2;
      const nW = V * model.hidden;
      bA.f32(V).set(heapF32().subarray(p + nW, p + nW + V));
    }
    const bb = take(new WasmBlock(T * 8));
    bb.f64(T).set(betas);
    const vc = take(new WasmBlock(chains * V * 4));
    const logw = take(new WasmBlock(chains * 8));
    const rng = take(new WasmBlock(RNG_STATE_BYTES));
    const [lo, hi] = seedWords(seed);
    K.rngInit(rng.ptr, lo, hi, STREAM_AIS);
    let chunk = 1;
    for (let k = 0; k < T; ) {
      const count = Math.min(chunk, T - k);
      const t0 = now();
      K.rbmAisRun(m, bA.ptr, bb.ptr, T, k, k + count, vc.ptr, logw.ptr, chains, rng.ptr);
      k += count;
      if (now() - t0 < 5 && chunk < 1 << 20) chunk *= 2;
      run.report({ temperature: k, temperatures: T });
      if (k < T) await run.tick();
    }
    const out = take(new WasmBlock(24));
    K.aisSummary(logw.ptr, chains, out.ptr);
    const [lme, stderr, ess] = heapF64().slice(out.ptr >>> 3, (out.ptr >>> 3) + 3);
    const logZ = K.rbmAisBaseLogZ(m, bA.ptr) + lme!;
    if (!Number.isFinite(logZ)) throw new EbmError('NUMERICAL', `${where}: AIS gave log Z = ${logZ}; the model is unchanged`);
    return { logZ, stderr: stderr!, ess: ess!, method };
  }));
}

export async function rbmLogLikelihood(model: RBM, Vm: MatrixLike, options: LogPartitionOptions & { logZ?: LogPartition }): Promise<LogLikelihood> {
  const where = 'RBM.logLikelihood';
  const { logZ: given, ...rest } = options ?? {};
  const F = model.freeEnergy(Vm);
  let lz: LogPartition;
  if (given !== undefined) {
    if (given === null || typeof given !== 'object' || !Number.isFinite(given.logZ)) {
      throw new ArgumentError(`${where}: logZ must be a result of logPartition ({ logZ, stderr, … }), got ${String(given)}`);
    }
    lz = given;
  } else {
    lz = await rbmLogPartition(model, rest, where);
  }
  const values = new Float64Array(F.length);
  let s = 0;
  for (let i = 0; i < F.length; i++) {
    values[i] = -F[i]! - lz.logZ;
    s += values[i]!;
  }
  return { mean: s / F.length, values, stderr: lz.stderr, logZ: lz };
}
