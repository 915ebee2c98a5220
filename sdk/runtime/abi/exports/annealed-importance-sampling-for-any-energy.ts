// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "annealed importance sampling for any energy (samplers/ais.ts); a path descriptor is KIND_AIS_PATH" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** annealed importance sampling for any energy (samplers/ais.ts); a path descriptor is KIND_AIS_PATH */
export interface AnnealedImportanceSamplingForAnyEnergyExports {
  /**
   * aisInit(s, desc): the sampler state's positions drawn from the path's Gaussian base
   *
   * Draws the sampler state's positions from the base, y = μ + σ·z, with the state's own RNG.
   * (assembly/samplers/ais.ts: aisInit(s: usize, desc: usize): void)
   */
  aisInit(s: number, desc: number): void;
  /**
   * aisRun(s, desc, betas f64[K], K, kFrom, kTo, logw f64[C] inout, steps): temperatures kFrom … kTo − 1
   *
   * Temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1) for
   * the chains of sampler state s on path descriptor desc: at k ≥ 1 every
   * chain's log-weight (logw f64[C]) gains −(β_k − β_{k−1})·(b·F − U₀) at its
   * position (−∞ where F is not finite), then, below the last temperature, the
   * chains take `steps` transitions of the state's kind at β_k.
   * (assembly/samplers/ais.ts: aisRun(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32): void)
   */
  aisRun(s: number, desc: number, betas: number, K: number, kFrom: number, kTo: number, logw: number, steps: number): void;
  /**
   * aisRunPart(s, desc, betas, K, kFrom, kTo, logw f64[count] inout, steps, first, total): aisRun on a part of a state (samplerSplit), the whole's bytes
   *
   * aisRun on a part s of a whole state of `total` chains made by samplerSplit (chains first …,
   * first a multiple of 4; logw holds the part's C log-weights): every chain's transitions take
   * the draws they take in the whole (samplers/draws.ts), and its weight is a sum over its own
   * chain only, so the part's weights are the whole's, bit for bit. The betas may start later
   * than β₀: `betas` then points at β_{off} and K, kFrom, kTo are shifted by off (kFrom > off when off > 0).
   * (assembly/samplers/ais.ts: aisRunPart(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32, first: i32, total: i32): void)
   */
  aisRunPart(s: number, desc: number, betas: number, K: number, kFrom: number, kTo: number, logw: number, steps: number, first: number, total: number): void;
  /**
   * aisBaseLogZ(σ f32[D], D) → log Z of exp(−½‖(y − μ)/σ‖²)
   *
   * log Z₀ = Σ log σ_k + (D/2)·log 2π of the base N(μ, diag σ²) (for exp(−U₀)).
   * (assembly/samplers/ais.ts: aisBaseLogZ(sd: usize, D: i32): f64)
   */
  aisBaseLogZ(sd: number, D: number): number;
  /**
   * aisSummary(logw f64[n], n, out f64[3]): [log mean exp, standard error, ESS]
   *
   * From n log-weights (f64): out f64[3] = [log mean exp(logw), its standard
   * error by the delta method (sd of the weights / (mean·√n)), the effective
   * sample size (Σw)²/Σw²]. Weights of −∞ count as zero.
   * (assembly/samplers/ais.ts: aisSummary(logw: usize, n: i32, out: usize): void)
   */
  aisSummary(logw: number, n: number, out: number): void;
}

/** The number of parameters of each export above. */
export const annealedImportanceSamplingForAnyEnergyArity = {
  aisInit: 2,
  aisRun: 8,
  aisRunPart: 10,
  aisBaseLogZ: 2,
  aisSummary: 3,
} as const;

/** The exports above whose result is a usize or u32. */
export const annealedImportanceSamplingForAnyEnergyUnsigned = [] as const;
