// Trainers for learnable energies.
export { contrastive, ContrastiveTrainer, LOSSES } from './contrastive.js';
export type { ContrastiveOptions, ContrastiveProgress, NegativesOptions, LossName } from './contrastive.js';
export { maxLikelihoodGrid, gridNllGrad } from './gridml.js';
export type { MaxLikelihoodGridOptions } from './gridml.js';
export { nce, NceTrainer } from './nce.js';
export type { NceOptions, NceProgress } from './nce.js';
export { scoreMatching, ScoreMatchingTrainer } from './scorematching.js';
export type { ScoreMatchingOptions, ScoreMatchingProgress, ScoreMatchingMethod } from './scorematching.js';
