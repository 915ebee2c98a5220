// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The ABI of ebm.wasm: its exports (signatures, docs, arities) and the numeric
// constants of assembly/ (block layouts, kinds, activations, losses, error codes).
// The parts are in ./abi/: the exports of each section of assembly/index.ts and
// the constants of each folder of assembly/; the SDK imports this module only.

import { memoryAndErrorsArity, memoryAndErrorsUnsigned, type MemoryAndErrorsExports } from './abi/exports/memory-and-errors.js';
import { rngArity, rngUnsigned, type RngExports } from './abi/exports/rng.js';
import { simdPrimitivesArity, simdPrimitivesUnsigned, type SimdPrimitivesExports } from './abi/exports/simd-primitives.js';
import { kMeansEnergyQueriesArity, kMeansEnergyQueriesUnsigned, type KMeansEnergyQueriesExports } from './abi/exports/k-means-energy-queries.js';
import { kMeansTrainingArity, kMeansTrainingUnsigned, type KMeansTrainingExports } from './abi/exports/k-means-training.js';
import { kMeansTrainingInSlicesArity, kMeansTrainingInSlicesUnsigned, type KMeansTrainingInSlicesExports } from './abi/exports/k-means-training-in-slices.js';
import { sparseCodingArity, sparseCodingUnsigned, type SparseCodingExports } from './abi/exports/sparse-coding.js';
import { toy2DDataSetsArity, toy2DDataSetsUnsigned, type Toy2DDataSetsExports } from './abi/exports/toy-2-d-data-sets.js';
import { statisticsAndThePeakProbeArity, statisticsAndThePeakProbeUnsigned, type StatisticsAndThePeakProbeExports } from './abi/exports/statistics-and-the-peak-probe.js';
import { mlpEnergyPart1Arity, mlpEnergyPart1Unsigned, type MlpEnergyPart1Exports } from './abi/exports/mlp-energy-part-1.js';
import { mlpEnergyPart2Arity, mlpEnergyPart2Unsigned, type MlpEnergyPart2Exports } from './abi/exports/mlp-energy-part-2.js';
import { energiesAndSamplersArity, energiesAndSamplersUnsigned, type EnergiesAndSamplersExports } from './abi/exports/energies-and-samplers.js';
import { contrastiveTrainingArity, contrastiveTrainingUnsigned, type ContrastiveTrainingExports } from './abi/exports/contrastive-training.js';
import { learnableModelsArity, learnableModelsUnsigned, type LearnableModelsExports } from './abi/exports/learnable-models.js';
import { inferenceSharedByEveryModelArity, inferenceSharedByEveryModelUnsigned, type InferenceSharedByEveryModelExports } from './abi/exports/inference-shared-by-every-model.js';
import { restrictedBoltzmannMachinesArity, restrictedBoltzmannMachinesUnsigned, type RestrictedBoltzmannMachinesExports } from './abi/exports/restricted-boltzmann-machines.js';
import { annealedImportanceSamplingForAnyEnergyArity, annealedImportanceSamplingForAnyEnergyUnsigned, type AnnealedImportanceSamplingForAnyEnergyExports } from './abi/exports/annealed-importance-sampling-for-any-energy.js';
import { noiseContrastiveEstimationArity, noiseContrastiveEstimationUnsigned, type NoiseContrastiveEstimationExports } from './abi/exports/noise-contrastive-estimation.js';
import { denoisingAutoencoderArity, denoisingAutoencoderUnsigned, type DenoisingAutoencoderExports } from './abi/exports/denoising-autoencoder.js';
import { scoreMatchingArity, scoreMatchingUnsigned, type ScoreMatchingExports } from './abi/exports/score-matching.js';

/** The exports of ebm.wasm. Pointers are byte offsets into `memory`; see assembly/index.ts. */
export interface RawExports
  extends MemoryAndErrorsExports,
    RngExports,
    SimdPrimitivesExports,
    KMeansEnergyQueriesExports,
    KMeansTrainingExports,
    KMeansTrainingInSlicesExports,
    SparseCodingExports,
    Toy2DDataSetsExports,
    StatisticsAndThePeakProbeExports,
    MlpEnergyPart1Exports,
    MlpEnergyPart2Exports,
    EnergiesAndSamplersExports,
    ContrastiveTrainingExports,
    LearnableModelsExports,
    InferenceSharedByEveryModelExports,
    RestrictedBoltzmannMachinesExports,
    AnnealedImportanceSamplingForAnyEnergyExports,
    NoiseContrastiveEstimationExports,
    DenoisingAutoencoderExports,
    ScoreMatchingExports {
  memory: WebAssembly.Memory;
}

/** Every exported function and its number of parameters: init() checks each against the module. */
export const EXPORT_ARITY = {
  ...memoryAndErrorsArity,
  ...rngArity,
  ...simdPrimitivesArity,
  ...kMeansEnergyQueriesArity,
  ...kMeansTrainingArity,
  ...kMeansTrainingInSlicesArity,
  ...sparseCodingArity,
  ...toy2DDataSetsArity,
  ...statisticsAndThePeakProbeArity,
  ...mlpEnergyPart1Arity,
  ...mlpEnergyPart2Arity,
  ...energiesAndSamplersArity,
  ...contrastiveTrainingArity,
  ...learnableModelsArity,
  ...inferenceSharedByEveryModelArity,
  ...restrictedBoltzmannMachinesArity,
  ...annealedImportanceSamplingForAnyEnergyArity,
  ...noiseContrastiveEstimationArity,
  ...denoisingAutoencoderArity,
  ...scoreMatchingArity,
} as const;

/** The name of an exported function. */
export type ExportName = keyof typeof EXPORT_ARITY;

/**
 * Exports whose result is a usize or u32: WebAssembly hands every i32 result to
 * JavaScript signed, so a pointer past 2^31 (or a CRC with its top bit set)
 * arrives negative; the SDK's bindings return these as `result >>> 0`.
 */
export const UNSIGNED_RESULTS: readonly ExportName[] = [
  ...memoryAndErrorsUnsigned,
  ...rngUnsigned,
  ...simdPrimitivesUnsigned,
  ...kMeansEnergyQueriesUnsigned,
  ...kMeansTrainingUnsigned,
  ...kMeansTrainingInSlicesUnsigned,
  ...sparseCodingUnsigned,
  ...toy2DDataSetsUnsigned,
  ...statisticsAndThePeakProbeUnsigned,
  ...mlpEnergyPart1Unsigned,
  ...mlpEnergyPart2Unsigned,
  ...energiesAndSamplersUnsigned,
  ...contrastiveTrainingUnsigned,
  ...learnableModelsUnsigned,
  ...inferenceSharedByEveryModelUnsigned,
  ...restrictedBoltzmannMachinesUnsigned,
  ...annealedImportanceSamplingForAnyEnergyUnsigned,
  ...noiseContrastiveEstimationUnsigned,
  ...denoisingAutoencoderUnsigned,
  ...scoreMatchingUnsigned,
];

export * from './abi/constants/core.js';
export * from './abi/constants/energies.js';
export * from './abi/constants/samplers.js';
export * from './abi/constants/train.js';
