// Random-walk Metropolis (assembly/samplers/randomWalk.ts): y' = y + ε·ξ. Needs only F.
import { SAMPLER_RANDOM_WALK } from '../../runtime/abi.js';
import type { KindSpec } from './spec.js';

export const RANDOM_WALK: KindSpec = {
  name: 'randomWalk',
  code: SAMPLER_RANDOM_WALK,
  options: ['stepSize'],
  defaultStep: 0.5,
  needsGrad: false,
  targetAccept: 0.234,
  adaptsMass: false,
  settings: () => ({}),
  param: () => 0,
  write: () => {},
};
