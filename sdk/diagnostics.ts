// Convergence diagnostics of MCMC draws, computed in WASM in f64: rank-
// normalized split R̂, bulk and tail ESS (Geyer's initial monotone sequence),
// and the Monte Carlo standard error of the mean (Vehtari et al. 2021).
// Every coordinate's diagnostics depend on its own column only: with
// `{ workers }` or `{ pool }` the coordinates are shared among workers, with
// the same bytes.
import { ArgumentError, ShapeError } from './errors.js';
import { describe } from './matrix.js';
import type { Pool } from './parallel/pool.js';
import { checkParallel, withPool, type ParallelOptions } from './parallel/use.js';
import { checkOptions } from './util/validate.js';
import { nonFiniteValue, rawDiagnostics } from './diagnostics-raw.js';
import type { Samples } from './samplers/sampler.js';

export interface Summary {
  mean: Float64Array;
  sd: Float64Array;
  /** Monte Carlo standard error of the mean: sd / √ESS(mean). */
  mcse: Float64Array;
  /** ESS of the mean (split chains, not rank-normalized): the one mcse uses. */
  essMean: Float64Array;
  essBulk: Float64Array;
  essTail: Float64Array;
  rhat: Float64Array;
}

/**
 * Least values (draws × chains × dim) for workers to pay: a coordinate of 64k values takes
 * ~50–100 ms (three sorts and the autocorrelations), a message a few ms (bench/suites/parallel.mjs).
 */
const MIN_WORKER_VALUES = 1 << 16;

/**
 * Every diagnostic of every coordinate of `samples` ([draw][chain][dim], from `run`). With
 * `{ workers }` or `{ pool }` it resolves to the same values, the coordinates shared among workers
 * (one coordinate, or under 65 536 values, stays on the calling thread).
 */
export function summary(samples: Samples): Summary;
export function summary(samples: Samples, options: ParallelOptions): Promise<Summary>;
export function summary(samples: Samples, options?: ParallelOptions): Summary | Promise<Summary> {
  const where = 'diagnostics.summary';
  if (options !== undefined) return summaryOn(samples, options, where);
  const s = check(samples, where);
  return fromRaw(rawDiagnostics(s.data, s.draws, s.chains, s.dim, where), s.dim);
}

/** summary with options: every error rejects. */
async function summaryOn(samples: Samples, options: ParallelOptions, where: string): Promise<Summary> {
  const s = check(samples, where);
  checkOptions(options, `${where}(samples, options)`, ['workers', 'pool']);
  const asked = checkParallel(options, where);
  const worth = s.dim > 1 && s.data.length >= MIN_WORKER_VALUES;
  return withPool(asked, worth, where, async (pool) => fromRaw(pool ? await onWorkers(pool, s, where) : rawDiagnostics(s.data, s.draws, s.chains, s.dim, where), s.dim));
}

/** Bulk and tail effective sample sizes per coordinate (`{ workers | pool }`: as summary). */
export function ess(samples: Samples): { bulk: Float64Array; tail: Float64Array };
export function ess(samples: Samples, options: ParallelOptions): Promise<{ bulk: Float64Array; tail: Float64Array }>;
export function ess(samples: Samples, options?: ParallelOptions): { bulk: Float64Array; tail: Float64Array } | Promise<{ bulk: Float64Array; tail: Float64Array }> {
  const pick = (r: Summary) => ({ bulk: r.essBulk, tail: r.essTail });
  return options === undefined ? pick(summary(samples)) : summary(samples, options).then(pick);
}

/** Rank-normalized split R̂ per coordinate (max of bulk and folded; `{ workers | pool }`: as summary). */
export function rhat(samples: Samples): Float64Array;
export function rhat(samples: Samples, options: ParallelOptions): Promise<Float64Array>;
export function rhat(samples: Samples, options?: ParallelOptions): Float64Array | Promise<Float64Array> {
  return options === undefined ? summary(samples).rhat : summary(samples, options).then((r) => r.rhat);
}

/** Monte Carlo standard error of the mean per coordinate (`{ workers | pool }`: as summary). */
export function mcse(samples: Samples): Float64Array;
export function mcse(samples: Samples, options: ParallelOptions): Promise<Float64Array>;
export function mcse(samples: Samples, options?: ParallelOptions): Float64Array | Promise<Float64Array> {
  return options === undefined ? summary(samples).mcse : summary(samples, options).then((r) => r.mcse);
}

/** The coordinates in contiguous runs, one per worker, each sent as its own [draw][chain][coordinate] array. */
async function onWorkers(pool: Pool, s: Samples, where: string): Promise<Float64Array> {
  // the first non-finite value, named by its place in the whole array as on the calling thread
  const bad = s.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw nonFiniteValue(s.data, bad, s.chains, s.dim, where);
  const rows = s.draws * s.chains;
  const n = Math.min(pool.size, s.dim);
  const jobs: Promise<Float64Array>[] = [];
  const firsts: number[] = [];
  for (let g = 0; g < n; g++) {
    const a = Math.floor((g * s.dim) / n);
    const b = Math.floor(((g + 1) * s.dim) / n);
    const w = b - a;
    const part = new Float32Array(rows * w);
    for (let r = 0, o = 0; r < rows; r++) {
      const base = r * s.dim + a;
      for (let j = 0; j < w; j++) part[o++] = s.data[base + j]!;
    }
    firsts.push(a);
    jobs.push(pool.run<Float64Array>('diagnostics', { draws: s.draws, chains: s.chains, dim: b - a, data: part }, [part.buffer], where));
  }
  const raw = new Float64Array(s.dim * 8);
  const parts = await Promise.all(jobs);
  parts.forEach((p, g) => raw.set(p, firsts[g]! * 8));
  return raw;
}

function fromRaw(raw: Float64Array, dim: number): Summary {
  const col = (k: number) => {
    const a = new Float64Array(dim);
    for (let j = 0; j < dim; j++) a[j] = raw[j * 8 + k]!;
    return a;
  };
  return { essBulk: col(0), essTail: col(1), rhat: col(2), mcse: col(3), essMean: col(4), sd: col(5), mean: col(6) };
}

function check(samples: Samples, where: string): Samples {
  if (samples === null || typeof samples !== 'object') throw new ArgumentError(`${where}: samples must be { draws, chains, dim, data }, got ${describe(samples)}`);
  const { draws, chains, dim, data } = samples;
  for (const [k, v] of [['draws', draws], ['chains', chains], ['dim', dim]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`${where}: samples.${k} must be an integer ≥ 1, got ${describe(v)}`);
  }
  if (draws < 4) throw new ArgumentError(`${where}: samples.draws must be ≥ 4 (chains are split in halves), got ${draws}`);
  if (!(data instanceof Float32Array)) throw new ArgumentError(`${where}: samples.data must be a Float32Array, got ${describe(data)}`);
  if (data.length !== draws * chains * dim) {
    throw new ShapeError(`${where}: samples.data has ${data.length} values, expected draws·chains·dim = ${draws * chains * dim}`);
  }
  return samples;
}
