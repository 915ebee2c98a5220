// Denoising autoencoder files: the architecture, the corruption, θ and where
// the fit stands (epochs done, row in the epoch, rows of the data), so a
// loaded model continues a fit bit-exactly. Every field is checked against
// the others (sizes in f64) before a model is allocated.
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import { checkCorruption, checkPenalty, type DenoisingAutoencoder, type DenoisingAutoencoderOptions } from './dae.js';
import { buildFromHeader, checkFiniteParams, checkFitPosition, denseParams, isCount, readKind } from './network-file.js';

export function daeToBytes(m: DenoisingAutoencoder): Uint8Array {
  return writeFile(
    {
      kind: 'denoising-autoencoder', dim: m.dim, hidden: [...m.hidden], latentDim: m.latentDim, activation: m.activation,
      corruption: { ...m.corruption }, penalty: m.penalty ? { ...m.penalty } : null, seed: m.seed, numParams: m.numParams,
      trainRows: m.trainRows, epochsDone: m.epochsDone, rowInEpoch: m.rowInEpoch,
    },
    [m.params],
  );
}

export function daeFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: DenoisingAutoencoderOptions) => DenoisingAutoencoder): DenoisingAutoencoder {
  const { file, h } = readKind(src, where, 'denoising-autoencoder');
  const dim = Number(h.dim);
  const latentDim = Number(h.latentDim);
  const hidden = Array.isArray(h.hidden) ? h.hidden.map(Number) : [NaN];
  const sizes = [dim, ...hidden, latentDim, ...[...hidden].reverse(), dim];
  if (!sizes.every((s) => isCount(s, 1 << 16) && s >= 1)) throw new FileFormatError('header', `${where}: the layer sizes ${describe(sizes)} are not integers in [1, 65536]`);
  const expected = denseParams(sizes);
  if (!Number.isSafeInteger(expected) || h.numParams !== expected) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its layer sizes give ${expected}`);
  }
  const { trainRows } = h;
  if (!isCount(trainRows, 2 ** 31 - 1)) throw new FileFormatError('header', `${where}: trainRows is ${describe(trainRows)}`);
  const { epochsDone, rowInEpoch } = checkFitPosition(h, trainRows, where, `the ${trainRows} training rows`);
  let corruption;
  try {
    corruption = checkCorruption(h.corruption, `${where}: corruption`);
  } catch (e) {
    throw new FileFormatError('header', (e as Error).message);
  }
  const activation = h.activation as DenoisingAutoencoderOptions['activation'];
  let penalty;
  try {
    penalty = h.penalty === null ? undefined : checkPenalty(h.penalty, hidden.length, activation ?? 'tanh', `${where}: penalty`);
  } catch (e) {
    throw new FileFormatError('header', (e as Error).message);
  }
  const params = file.take(expected, 'the network parameters');
  file.done();
  checkFiniteParams(params, where);
  return buildFromHeader(where, 'denoising autoencoder', () => build({ dim, hidden, latentDim, activation, corruption, penalty, seed: h.seed as number }), (model) => {
    model.setParams(params);
    model.trainRows = trainRows;
    model.epochsDone = epochsDone;
    model.rowInEpoch = rowInEpoch;
  });
}
