// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "K-means energy queries" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** K-means energy queries */
export interface KMeansEnergyQueriesExports {
  /**
   * kmeansEnergy(energy f32[n]|0, labels i32[n]|0, Y n×d, n, d, C k×d, k)
   *
   * Zero-temperature free energy F∞(y) = min_z E(y, z) and the winning z.
   * Y n×d, C k×d (f32, row-major); energy f32[n] (may be 0 to skip), labels i32[n] (may be 0).
   * (assembly/energies/kmeans.ts: kmeansEnergy(energy: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32): void)
   */
  kmeansEnergy(energy: number, labels: number, Y: number, n: number, d: number, C: number, k: number): void;
  /**
   * kmeansFreeEnergy(out f32[n], Y n×d, n, d, C k×d, k, beta f64)
   *
   * Free energy at inverse temperature β with a uniform prior over z:
   * F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β·E(y,z))), computed in f64 around the
   * minimum so it never overflows, so F∞ ≤ F_β ≤ mean_z E (limits: freeEnergyOf). out f32[n].
   * (assembly/energies/kmeans.ts: kmeansFreeEnergy(out: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, beta: f64): void)
   */
  kmeansFreeEnergy(out: number, Y: number, n: number, d: number, C: number, k: number, beta: number): void;
  /**
   * gatherRows(out n×d, C k×d, d, labels i32[n], n)
   *
   * out[i,:] = C[labels[i],:] (the winning prototype: the projection onto the learned manifold).
   * (assembly/energies/kmeans.ts: gatherRows(out: usize, C: usize, d: i32, labels: usize, n: i32): void)
   */
  gatherRows(out: number, C: number, d: number, labels: number, n: number): void;
  /**
   * kmeansComplete(out n×d, labels i32[n]|0, Y n×d, n, d, C k×d, k, mask u8[d])
   *
   * "Given y1, predict y2": for each row of Y pick the z minimizing the energy
   * over the known coordinates (mask u8[d], 1 = known) and fill the unknown
   * ones from that prototype. out n×d (may alias Y), labels i32[n] (may be 0).
   * (assembly/energies/kmeans.ts: kmeansComplete(out: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, mask: usize): void)
   */
  kmeansComplete(out: number, labels: number, Y: number, n: number, d: number, C: number, k: number, mask: number): void;
  /**
   * gridPoints(out f32[nx·ny·2], xMin, xMax, yMin, yMax f64, nx, ny)
   *
   * Points of a regular 2-D grid, row-major with y outer: out[(j·nx + i)·2] =
   * (xMin + i·(xMax−xMin)/(nx−1), yMin + j·(yMax−yMin)/(ny−1)), computed in f64.
   * nx, ny ≥ 2. out f32[nx·ny·2].
   * (assembly/energies/kmeans.ts: gridPoints(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, nx: i32, ny: i32): void)
   */
  gridPoints(out: number, xMin: number, xMax: number, yMin: number, yMax: number, nx: number, ny: number): void;
}

/** The number of parameters of each export above. */
export const kMeansEnergyQueriesArity = {
  kmeansEnergy: 7,
  kmeansFreeEnergy: 7,
  gatherRows: 5,
  kmeansComplete: 8,
  gridPoints: 7,
} as const;

/** The exports above whose result is a usize or u32. */
export const kMeansEnergyQueriesUnsigned = [] as const;
