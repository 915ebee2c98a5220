// Metropolis-adjusted Langevin (assembly/samplers/mala.ts).
import { SAMPLER_MALA } from '../../runtime/abi.js';
import type { KindSpec } from './spec.js';

export const MALA: KindSpec = {
  name: 'mala',
  code: SAMPLER_MALA,
  options: ['stepSize'],
  defaultStep: 0.1,
  needsGrad: true,
  targetAccept: 0.574,
  adaptsMass: false,
  settings: () => ({}),
  param: () => 0,
  write: () => {},
};
