// samplers.<kind>(energy, options): one line per row of kinds.ts, typed with the kind's options.
import type { Energy } from '../energies/energy.js';
import type { GibbsOptions } from './kinds/gibbs.js';
import type { HMCOptions } from './kinds/hmc.js';
import type { LangevinOptions } from './kinds/langevin.js';
import { Sampler } from './sampler.js';
import type { SamplerOptions } from './types.js';
import { INTERNAL } from '../util/library-key.js';

/** Random-walk Metropolis: y' = y + ε·ξ. Needs only F. */
export function randomWalk(energy: Energy, options?: SamplerOptions): Sampler {
  return new Sampler(INTERNAL, 'randomWalk', energy, options);
}

/** Unadjusted Langevin: y' = y − ε·β·∇F(y) + √(2ε)·noiseScale·ξ, no correction (biased by O(ε)). */
export function langevin(energy: Energy, options?: LangevinOptions): Sampler {
  return new Sampler(INTERNAL, 'langevin', energy, options);
}

/** Metropolis-adjusted Langevin. */
export function mala(energy: Energy, options?: SamplerOptions): Sampler {
  return new Sampler(INTERNAL, 'mala', energy, options);
}

/** Hamiltonian Monte Carlo: L leapfrog steps, optional jitter, diagonal mass (adapted in warm-up). */
export function hmc(energy: Energy, options?: HMCOptions): Sampler {
  return new Sampler(INTERNAL, 'hmc', energy, options);
}

/**
 * Gibbs sampling for states whose every coordinate takes one of `values` (default [−1, 1]): each
 * transition is one sweep drawing y_0 … y_{dim−1} in turn from p(y_j = v | y_−j) ∝ exp(−β·F). Needs only F.
 */
export function gibbs(energy: Energy, options?: GibbsOptions): Sampler {
  return new Sampler(INTERNAL, 'gibbs', energy, options);
}
