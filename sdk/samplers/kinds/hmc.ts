// Hamiltonian Monte Carlo (assembly/samplers/hmc.ts): L leapfrog steps, optional jitter,
// diagonal mass (adapted in warm-up).
import { SAMPLER_HMC, SAMPLER_HMC_MAX_LEAPFROG, SS_HMC_JITTER, SS_HMC_LEAPFROG, SS_SECTION } from '../../runtime/abi.js';
import { ArgumentError } from '../../errors.js';
import { heapF64, heapI32 } from '../../runtime/core.js';
import { checkInteger, checkNumber } from '../../util/validate.js';
import type { SamplerOptions } from '../types.js';
import type { KindSpec } from './spec.js';

export interface HMCOptions extends SamplerOptions {
  /** Leapfrog steps L per transition (≥ 1). Default 10. */
  leapfrogSteps?: number;
  /** Step jitter j in [0, 1): each transition uses ε·U(1 − j, 1 + j), shared by the chains. Default 0. */
  jitter?: number;
}

export const HMC: KindSpec = {
  name: 'hmc',
  code: SAMPLER_HMC,
  options: ['stepSize', 'leapfrogSteps', 'jitter'],
  defaultStep: 0.1,
  needsGrad: true,
  targetAccept: 0.8,
  adaptsMass: true,
  settings: (o, where) => {
    const leapfrogSteps = checkInteger(o.leapfrogSteps ?? 10, `${where}: leapfrogSteps`, 1, SAMPLER_HMC_MAX_LEAPFROG);
    const jitter = checkNumber(o.jitter ?? 0, `${where}: jitter`, { min: 0 });
    if (jitter >= 1) throw new ArgumentError(`${where}: jitter must be < 1, got ${jitter}`);
    return { leapfrogSteps, jitter };
  },
  param: () => 0,
  write: (ptr, s) => {
    heapI32()[(ptr + SS_SECTION + SS_HMC_LEAPFROG) >>> 2] = s.leapfrogSteps as number;
    heapF64()[(ptr + SS_SECTION + SS_HMC_JITTER) >>> 3] = s.jitter as number;
  },
};
