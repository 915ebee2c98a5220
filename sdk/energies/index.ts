// energies.* : analytic energies in WASM, and user energies in TypeScript.
export { gaussian, mixture, doubleWell, banana, funnel, ring, GaussianEnergy, MixtureEnergy } from './analytic.js';
export type { GaussianOptions, MixtureOptions, DoubleWellOptions, BananaOptions, FunnelOptions, RingOptions, Moments, SimpleEnergy } from './analytic.js';
export { ising, IsingEnergy } from './ising.js';
export type { IsingOptions } from './ising.js';
export { custom, CustomEnergy } from './custom.js';
export type { CustomEnergyOptions } from './custom.js';
export type { Energy } from './energy.js';
