// samplers.* : MCMC over batched chains, for any Energy.
export { randomWalk, langevin, mala, hmc, gibbs } from './factories.js';
export { Sampler } from './sampler.js';
export type { SamplerOptions, LangevinOptions, HMCOptions, GibbsOptions, StepInfo, RunOptions, RunProgress, RunResult, Samples } from './sampler.js';
export { SamplerState } from './state.js';
export type { SamplerKind } from './state.js';
export { leapfrog } from './leapfrog.js';
export type { LeapfrogOptions, LeapfrogResult } from './leapfrog.js';
