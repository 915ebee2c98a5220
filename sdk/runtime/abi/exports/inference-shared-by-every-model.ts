// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "inference shared by every model" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** inference shared by every model */
export interface InferenceSharedByEveryModelExports {
  /**
   * energyDescend(desc, Y m×D inout, m, steps, stepSize, E f32[m]|0): gradient descent on y for any energy
   *
   * `steps` steps of y ← y − ε·∇_y F(y) for the m rows of Y (m×D in/out, D the
   * descriptor's dim) through the energy dispatcher; E (f32[m], or 0) gets the
   * final energies. A coordinate whose gradient is not finite stays in place.
   * Conditional energies read their x from the descriptor (set it first).
   * (assembly/energies/descend.ts: energyDescend(desc: usize, Y: usize, m: i32, steps: i32, stepSize: f32, E: usize): void)
   */
  energyDescend(desc: number, Y: number, m: number, steps: number, stepSize: number, E: number): void;
  /**
   * repeatRows(out n·times×C, X n×C, n, C, times): each row repeated `times` times
   *
   * out (n·times × C) = each row of X (n × C) repeated `times` times in place (row r → rows r·times … r·times + times − 1).
   * (assembly/core/rows.ts: repeatRows(out: usize, X: usize, n: i32, C: i32, times: i32): void)
   */
  repeatRows(out: number, X: number, n: number, C: number, times: number): void;
  /**
   * uniformInBox(out m×D, m, D, lo f64[D], hi f64[D], rng state 32 B): start points uniform in a box
   *
   * out (m × D f32) = points uniform in the box [lo, hi) (lo, hi f64[D]): one
   * uniform per value from the RNG state (advanced as rngUniform does), scaled
   * in f64 as lo + u·(hi − lo) and rounded once to f32.
   * (assembly/core/rows.ts: uniformInBox(out: usize, m: i32, D: i32, lo: usize, hi: usize, state: usize): void)
   */
  uniformInBox(out: number, m: number, D: number, lo: number, hi: number, state: number): void;
}

/** The number of parameters of each export above. */
export const inferenceSharedByEveryModelArity = {
  energyDescend: 6,
  repeatRows: 5,
  uniformInBox: 6,
} as const;

/** The exports above whose result is a usize or u32. */
export const inferenceSharedByEveryModelUnsigned = [] as const;
