// The diagnostics' kernel call (assembly/samplers/diagnostics.ts), shared by
// diagnostics.ts and the workers' task (parallel/tasks.ts), outside the public namespace.
import { ArgumentError } from './errors.js';
import { kernels } from './runtime/core.js';
import { blockFromF32, WasmBlock, withBlocks } from './runtime/memory.js';

/**
 * The 8 raw values per coordinate of chainDiagnostics (assembly/samplers/diagnostics.ts) for
 * data [draw][chain][dim]; also a worker's task, on its share of the coordinates.
 */
export function rawDiagnostics(data: Float32Array, draws: number, chains: number, dim: number, where: string): Float64Array {
  const K = kernels(where);
  return withBlocks((take) => {
    const S = take(blockFromF32(data, where));
    const bad = K.firstNonFinite(S.ptr, data.length);
    if (bad >= 0) throw nonFiniteValue(data, bad, chains, dim, where);
    const out = take(new WasmBlock(dim * 64, where));
    K.chainDiagnostics(out.ptr, S.ptr, draws, chains, dim);
    return out.f64(dim * 8).slice();
  });
}

/** The error for the non-finite value at index `bad` of [draw][chain][dim] samples. */
export function nonFiniteValue(data: Float32Array, bad: number, chains: number, dim: number, where: string): ArgumentError {
  const cd = chains * dim;
  return new ArgumentError(`${where}: samples value at draw ${Math.floor(bad / cd)}, chain ${Math.floor((bad % cd) / dim)}, dim ${bad % dim} is ${data[bad]}: every value must be finite`, 'NOT_FINITE');
}

