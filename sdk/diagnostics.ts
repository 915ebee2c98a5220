// Convergence diagnostics of MCMC draws, computed in WASM in f64: rank-
// normalized split R̂, bulk and tail ESS (Geyer's initial monotone sequence),
// and the Monte Carlo standard error of the mean (Vehtari et al. 2021).
import { ArgumentError, ShapeError } from './errors.js';
import { describe } from './matrix.js';
import { kernels } from './runtime/core.js';
import { blockFromF32, WasmBlock, withBlocks } from './runtime/memory.js';
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

/** Every diagnostic of every coordinate of `samples` ([draw][chain][dim], from `run`). */
export function summary(samples: Samples): Summary {
  const where = 'diagnostics.summary';
  const s = check(samples, where);
  const K = kernels(where);
  const raw = withBlocks((take) => {
    const S = take(blockFromF32(s.data, where));
    const bad = K.firstNonFinite(S.ptr, s.data.length);
    if (bad >= 0) {
      const cd = s.chains * s.dim;
      throw new ArgumentError(`${where}: samples value at draw ${Math.floor(bad / cd)}, chain ${Math.floor((bad % cd) / s.dim)}, dim ${bad % s.dim} is ${s.data[bad]}: every value must be finite`, 'NOT_FINITE');
    }
    const out = take(new WasmBlock(s.dim * 64, where));
    K.chainDiagnostics(out.ptr, S.ptr, s.draws, s.chains, s.dim);
    return out.f64(s.dim * 8).slice();
  });
  const col = (k: number) => {
    const a = new Float64Array(s.dim);
    for (let j = 0; j < s.dim; j++) a[j] = raw[j * 8 + k]!;
    return a;
  };
  return { essBulk: col(0), essTail: col(1), rhat: col(2), mcse: col(3), essMean: col(4), sd: col(5), mean: col(6) };
}

/** Bulk and tail effective sample sizes per coordinate. */
export function ess(samples: Samples): { bulk: Float64Array; tail: Float64Array } {
  const r = summary(samples);
  return { bulk: r.essBulk, tail: r.essTail };
}

/** Rank-normalized split R̂ per coordinate (max of bulk and folded). */
export function rhat(samples: Samples): Float64Array {
  return summary(samples).rhat;
}

/** Monte Carlo standard error of the mean per coordinate. */
export function mcse(samples: Samples): Float64Array {
  return summary(samples).mcse;
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
