// Denoising autoencoder files: the architecture, the corruption, θ and where
// the fit stands (epochs done, row in the epoch, rows of the data), so a
// loaded model continues a fit bit-exactly. Every field is checked against
// the others (sizes in f64) before a model is allocated.
import { FileFormatError, readFile, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import { checkCorruption, checkPenalty, type DenoisingAutoencoder, type DenoisingAutoencoderOptions } from './dae.js';

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

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

export function daeFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: DenoisingAutoencoderOptions) => DenoisingAutoencoder): DenoisingAutoencoder {
  const file = src instanceof Uint8Array ? readFile(src, where) : src;
  const h = file.header as Record<string, unknown>;
  if (h.kind !== 'denoising-autoencoder') throw new FileFormatError('kind', `${where}: the file holds a '${String(h.kind)}', not a 'denoising-autoencoder'`);
  const dim = Number(h.dim);
  const latentDim = Number(h.latentDim);
  const hidden = Array.isArray(h.hidden) ? h.hidden.map(Number) : [NaN];
  const sizes = [dim, ...hidden, latentDim, ...[...hidden].reverse(), dim];
  if (!sizes.every((s) => isCount(s, 1 << 16) && s >= 1)) throw new FileFormatError('header', `${where}: the layer sizes ${describe(sizes)} are not integers in [1, 65536]`);
  let expected = 0;
  for (let l = 1; l < sizes.length; l++) expected += sizes[l]! * sizes[l - 1]! + sizes[l]!;
  if (!Number.isSafeInteger(expected) || h.numParams !== expected) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its layer sizes give ${expected}`);
  }
  const { trainRows, epochsDone, rowInEpoch } = h;
  if (!isCount(trainRows, 2 ** 31 - 1)) throw new FileFormatError('header', `${where}: trainRows is ${describe(trainRows)}`);
  if (!isCount(epochsDone, 2 ** 31 - 2)) throw new FileFormatError('header', `${where}: epochsDone is ${describe(epochsDone)}`);
  if (!isCount(rowInEpoch, Math.max(0, trainRows - 1))) throw new FileFormatError('header', `${where}: rowInEpoch is ${describe(rowInEpoch)}, expected an integer below the ${trainRows} training rows`);
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
  const bp = params.findIndex((v) => !Number.isFinite(v));
  if (bp >= 0) throw new FileFormatError('shape', `${where}: parameter ${bp} is ${params[bp]}`);
  let model: DenoisingAutoencoder;
  try {
    model = build({ dim, hidden, latentDim, activation, corruption, penalty, seed: h.seed as number });
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header does not describe a valid denoising autoencoder (${(e as Error).message})`);
  }
  model.setParams(params);
  model.trainRows = trainRows;
  model.epochsDone = epochsDone;
  model.rowInEpoch = rowInEpoch;
  return model;
}
