// One entry point for every file ebm-wasm writes: the file's kind picks the
// reader from one table, so a new model's files are one row here.
import { ArgumentError } from '../errors.js';
import { describe } from '../matrix.js';
import { KMeansEBM } from '../models/kmeans.js';
import { MLPEnergy } from '../models/mlp.js';
import { GLO } from '../models/glo.js';
import { LatentEBM } from '../models/latent.js';
import { SparseCoding } from '../models/sparse.js';
import { PCAEnergy } from '../models/pca.js';
import { GaussianMixtureEBM } from '../models/gmm.js';
import { RBM } from '../models/rbm.js';
import { MaskedAutoencoder } from '../models/mae.js';
import { DenoisingAutoencoder } from '../models/dae.js';
import { Optimizer } from '../optim.js';
import { FileFormatError, readFile, type ParsedFile, FROM_FILE } from './format.js';

/** Every kind `load` reads, and the reader that builds it from a validated file. */
const READERS = {
  'mlp-energy': (file: ParsedFile, where: string) => MLPEnergy[FROM_FILE](file, where),
  'kmeans-ebm': (file: ParsedFile, where: string) => KMeansEBM[FROM_FILE](file, where),
  'sparse-coding': (file: ParsedFile, where: string) => SparseCoding[FROM_FILE](file, where),
  'pca-energy': (file: ParsedFile, where: string) => PCAEnergy[FROM_FILE](file, where),
  'gaussian-mixture-ebm': (file: ParsedFile, where: string) => GaussianMixtureEBM[FROM_FILE](file, where),
  optimizer: (file: ParsedFile, where: string) => Optimizer[FROM_FILE](file, where),
  glo: (file: ParsedFile, where: string) => GLO[FROM_FILE](file, where),
  'latent-ebm': (file: ParsedFile, where: string) => LatentEBM[FROM_FILE](file, where),
  rbm: (file: ParsedFile, where: string) => RBM[FROM_FILE](file, where),
  'masked-autoencoder': (file: ParsedFile, where: string) => MaskedAutoencoder[FROM_FILE](file, where),
  'denoising-autoencoder': (file: ParsedFile, where: string) => DenoisingAutoencoder[FROM_FILE](file, where),
} as const;

/** What `load(bytes)` may return when the kind is not given. */
export type Loaded = ReturnType<(typeof READERS)[keyof typeof READERS]>;

/** A class whose files `load` can read: `load(bytes, MLPEnergy)` returns an MLPEnergy or throws. */
export interface FileReader<T> {
  fromBytes(bytes: Uint8Array): T;
}

/**
 * Reads a model or optimizer file written by `toBytes()`. Without `as`, the
 * result's class follows the file's kind; with `as` (e.g. `load(bytes, MLPEnergy)`)
 * the result is typed and a file of another kind is a FileFormatError.
 */
export function load(bytes: Uint8Array): Loaded;
export function load<T>(bytes: Uint8Array, as: FileReader<T>): T;
export function load<T>(bytes: Uint8Array, as?: FileReader<T>): Loaded | T {
  if (as !== undefined) {
    if (as === null || typeof as.fromBytes !== 'function') {
      throw new ArgumentError(`load(bytes, as): as must be a class with fromBytes (MLPEnergy, KMeansEBM, Optimizer), got ${describe(as)}`);
    }
    return as.fromBytes(bytes);
  }
  const file = readFile(bytes, 'load');
  const kind = file.header.kind;
  const reader = Object.prototype.hasOwnProperty.call(READERS, kind) ? READERS[kind as keyof typeof READERS] : undefined;
  if (reader === undefined) {
    const known = Object.keys(READERS).map((k) => `'${k}'`).join(', ');
    throw new FileFormatError('kind', `load: unknown kind '${String(kind)}' (this ebm-wasm reads ${known}; a trainer file goes to ContrastiveTrainer.fromBytes)`);
  }
  return reader(file, 'load');
}
