// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "statistics and the peak probe" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** statistics and the peak probe */
export interface StatisticsAndThePeakProbeExports {
  /**
   * meanColumnVariance(X n×d, n, d) → f64: mean over columns of each column's variance
   *
   * Mean over columns of the (population) variance of each column of X (n×d f32), two-pass in f64.
   * (assembly/core/stats.ts: meanColumnVariance(X: usize, n: i32, d: i32): f64)
   */
  meanColumnVariance(X: number, n: number, d: number): number;
  /**
   * peakProbe(iterations) → f32: 96 flops per iteration of independent f32x4 mul+add chains (benchmarks)
   *
   * Runs `iterations` rounds of 12 chains × (f32x4.mul + f32x4.add) = 96 flops a
   * round, and returns a lane of the result so the work cannot be removed.
   * (assembly/core/peak.ts: peakProbe(iterations: i32): f32)
   */
  peakProbe(iterations: number): number;
}

/** The number of parameters of each export above. */
export const statisticsAndThePeakProbeArity = {
  meanColumnVariance: 3,
  peakProbe: 1,
} as const;

/** The exports above whose result is a usize or u32. */
export const statisticsAndThePeakProbeUnsigned = [] as const;
