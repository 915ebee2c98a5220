// One entry point for every file ebm-wasm writes: returns the right kind.
import { KMeansEBM } from '../models/kmeans.js';
import { MLPEnergy } from '../models/mlp.js';
import { Optimizer } from '../optim.js';
import { FileFormatError, readFile } from './format.js';

/** Reads a model or optimizer file written by `toBytes()`; the result's class follows the file's kind. */
export function load(bytes: Uint8Array): MLPEnergy | KMeansEBM | Optimizer {
  const file = readFile(bytes, 'load');
  switch (file.header.kind) {
    case 'mlp-energy':
      return MLPEnergy.fromFile(file, 'load');
    case 'kmeans-ebm':
      return KMeansEBM.fromFile(file, 'load');
    case 'optimizer':
      return Optimizer.fromFile(file, 'load');
  }
  throw new FileFormatError('kind', `load: unknown kind '${file.header.kind}' (this ebm-wasm reads 'mlp-energy', 'kmeans-ebm' and 'optimizer'; a trainer file goes to ContrastiveTrainer.fromBytes)`);
}
