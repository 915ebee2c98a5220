// Unadjusted Langevin (assembly/samplers/langevin.ts): y' = y − ε·β·∇F(y) + √(2ε)·noiseScale·ξ,
// no correction (biased by O(ε)), so there is no acceptance rate to adapt to.
import { SAMPLER_LANGEVIN, SS_SECTION, SS_ULA_NOISE_SCALE } from '../../runtime/abi.js';
import { heapF64 } from '../../runtime/core.js';
import { checkNumber } from '../../util/validate.js';
import type { SamplerOptions } from '../types.js';
import type { KindSpec } from './spec.js';

export interface LangevinOptions extends SamplerOptions {
  /** Multiplies the injected noise √(2ε)·ξ (1 = the Langevin diffusion; < 1 is the "cold" variant used to train EBMs). Default 1. */
  noiseScale?: number;
}

export const LANGEVIN: KindSpec = {
  name: 'langevin',
  code: SAMPLER_LANGEVIN,
  options: ['stepSize', 'noiseScale'],
  defaultStep: 0.01,
  needsGrad: true,
  targetAccept: null,
  noAdapt: 'adapt needs an acceptance rate, and unadjusted Langevin accepts every move; use samplers.mala, or set stepSize',
  adaptsMass: false,
  settings: (o, where) => ({ noiseScale: checkNumber(o.noiseScale ?? 1, `${where}: noiseScale`, { min: 0 }) }),
  param: () => 0,
  write: (ptr, s) => {
    heapF64()[(ptr + SS_SECTION + SS_ULA_NOISE_SCALE) >>> 3] = s.noiseScale as number;
  },
};
