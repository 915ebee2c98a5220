// The public shapes every sampler kind shares: common options, what a step
// and a run report. A kind's own options live in its file (kinds/<kind>.ts).
import type { MatrixLike } from '../matrix.js';
import type { ParallelOptions } from '../parallel/use.js';

export interface SamplerOptions {
  /** Number of chains (rows), ≥ 1. Default 4. */
  chains?: number;
  /** Seed (non-negative safe integer). Default 0. */
  seed?: number;
  /** Initial positions, chains × dim. Default: standard-normal draws (Philox stream 1 of the seed). */
  init?: MatrixLike;
  /** Step size ε > 0 (the initial one when adapting). Defaults: random walk 0.5, Langevin 0.01, MALA 0.1, HMC 0.1. */
  stepSize?: number;
  /** Inverse temperature: the target is p(y) ∝ exp(−β·F(y)). Default 1. */
  beta?: number;
}

/** What one transition did, per chain and overall. */
export interface StepInfo {
  /** min(1, α) per chain (1 or 0 for Langevin and Gibbs: moved or not). */
  acceptProb: Float64Array;
  /** 1 where the chain moved. */
  accepted: Uint8Array;
  /** Mean of acceptProb. */
  meanAcceptProb: number;
  /** HMC transitions whose energy error exceeded 1000 or was not finite. */
  divergences: number;
  /** Step size used (after jitter); NaN for Gibbs, which has none. */
  stepSize: number;
}

export interface RunProgress {
  phase: 'warmup' | 'sampling';
  /** Transitions done in this phase. */
  done: number;
  total: number;
  stepSize: number;
  /** Mean acceptance probability of the last transition. */
  acceptProb: number;
}

export interface RunOptions extends ParallelOptions {
  /** Transitions before the draws (adapting when `adapt` is given). Default 0. */
  warmup?: number;
  /** Draws to keep. Default 1000. */
  draws?: number;
  /** Keep every thin-th transition. Default 1. */
  thin?: number;
  /**
   * Adapt during warm-up: the step size by dual averaging to targetAccept (defaults 0.234 random walk,
   * 0.574 MALA, 0.8 HMC) and, for HMC unless `mass: false`, a diagonal mass matrix from windowed
   * variances. `adapt: {}` uses the defaults; without `adapt` the given step size is kept.
   */
  adapt?: { targetAccept?: number; mass?: boolean };
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
}

/** Draws as [draw][chain][dim], row-major. */
export interface Samples {
  draws: number;
  chains: number;
  dim: number;
  data: Float32Array;
}

export interface RunResult {
  samples: Samples;
  /** Fraction of accepted transitions per chain over the draws (thinned-out transitions included). */
  acceptRate: Float32Array;
  /** HMC divergences over the draws, all chains. */
  divergences: number;
  /** Proposals rejected because the energy or gradient was not finite, all chains, over the draws. */
  nonFinite: number;
  /** Step size after the run (the adapted one after a warm-up with `adapt`; NaN for Gibbs). */
  stepSize: number;
  /** Diagonal inverse mass matrix after the run (ones except for adapted HMC). */
  inverseMass: Float64Array;
}
