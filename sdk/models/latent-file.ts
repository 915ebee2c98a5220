// LatentEBM model files: the settings, the epochs done (the next epoch's order
// follows from them) and θ. Files are untrusted: the parameter count must
// follow from the header's sizes (computed in f64) before a model is built.
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import type { LatentEBM, LatentEBMOptions } from './latent.js';
import { buildFromHeader, checkFiniteParams, denseParams, isCount, readKind } from './network-file.js';

export function latentToBytes(m: LatentEBM): Uint8Array {
  return writeFile(
    {
      kind: 'latent-ebm', xDim: m.xDim, yDim: m.yDim, latent: { ...m.latent }, hidden: [...m.hidden], activation: m.activation,
      seed: m.seed, inference: { ...m.inference }, numParams: m.numParams, epochsDone: m.epochsDone,
    },
    [m.params],
  );
}

export function latentFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: LatentEBMOptions) => LatentEBM): LatentEBM {
  const { file, h } = readKind(src, where, 'latent-ebm');
  const lat = h.latent as Record<string, unknown> | null;
  if (lat === null || typeof lat !== 'object') throw new FileFormatError('header', `${where}: latent is ${describe(lat)}`);
  const e = Number(lat.dim);
  const sizes = [Number(h.xDim) + e, ...(Array.isArray(h.hidden) ? h.hidden.map(Number) : [NaN]), Number(h.yDim)];
  if (!sizes.every((s) => Number.isInteger(s) && s >= 1 && s <= 1 << 17)) throw new FileFormatError('header', `${where}: the layer sizes ${describe(sizes)} are not integers in [1, 2^17]`);
  const expected = (lat.kind === 'discrete' ? Number(lat.size) * e : 0) + denseParams(sizes);
  if (!Number.isSafeInteger(expected) || h.numParams !== expected) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its sizes give ${expected}`);
  }
  const epochsDone = h.epochsDone;
  if (!isCount(epochsDone, 2 ** 31 - 2)) throw new FileFormatError('header', `${where}: epochsDone is ${describe(epochsDone)}`);
  const params = file.take(expected, 'the parameters');
  file.done();
  checkFiniteParams(params, where);
  const options: LatentEBMOptions = {
    xDim: h.xDim as number, yDim: h.yDim as number, latent: lat as unknown as LatentEBMOptions['latent'], hidden: h.hidden as number[],
    activation: h.activation as LatentEBMOptions['activation'], seed: h.seed as number, inference: h.inference as LatentEBMOptions['inference'],
  };
  return buildFromHeader(where, 'LatentEBM', () => build(options), (model) => {
    if (model.numParams !== expected) throw new FileFormatError('shape', `${where}: the model has ${model.numParams} parameters, the file ${expected}`);
    model.setParams(params);
    model.epochsDone = epochsDone;
  });
}
