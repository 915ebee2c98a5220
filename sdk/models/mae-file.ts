// MaskedAutoencoder files: the hyper-parameters, θ and where the epoch order
// stands, so a loaded model continues a fit bit-exactly. Files are untrusted:
// every field is checked against the others before a model is allocated.
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import type { MaskedAutoencoder, MaskedAutoencoderOptions } from './mae.js';
import { buildFromHeader, checkFiniteParams, checkFitPosition, isCount, readKind } from './network-file.js';

export function maeToBytes(m: MaskedAutoencoder): Uint8Array {
  return writeFile(
    {
      kind: 'masked-autoencoder', length: m.length, vocab: m.vocab, hidden: m.hidden, maskRate: m.maskRate,
      maskTokenRate: m.maskTokenRate, randomTokenRate: m.randomTokenRate, activation: m.activation, seed: m.seed,
      numParams: m.numParams, nRows: m.nRows, epochsDone: m.epochsDone, rowInEpoch: m.rowInEpoch,
    },
    [m.params],
  );
}

export function maeFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: MaskedAutoencoderOptions) => MaskedAutoencoder): MaskedAutoencoder {
  const { file, h } = readKind(src, where, 'masked-autoencoder');
  const { length: L, vocab: V, hidden: H } = h;
  if (!isCount(L, 1 << 12) || !isCount(V, 1 << 12) || !isCount(H, 1 << 14) || L < 1 || V < 2 || H < 1) {
    throw new FileFormatError('header', `${where}: length ${describe(L)}, vocab ${describe(V)}, hidden ${describe(H)} are not a valid shape`);
  }
  const expected = L * (V + 1) * H + H + H * L * V + L * V;
  if (h.numParams !== expected) throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its shape gives ${expected}`);
  const { nRows } = h;
  if (!isCount(nRows, 2 ** 31 - 1)) throw new FileFormatError('header', `${where}: nRows is ${describe(nRows)}`);
  const { epochsDone, rowInEpoch } = checkFitPosition(h, nRows, where, `nRows = ${nRows}`);
  const params = file.take(expected, 'the parameters');
  file.done();
  checkFiniteParams(params, where);
  const options: MaskedAutoencoderOptions = {
    length: L, vocab: V, hidden: H, maskRate: h.maskRate as number, maskTokenRate: h.maskTokenRate as number,
    randomTokenRate: h.randomTokenRate as number, activation: h.activation as MaskedAutoencoderOptions['activation'], seed: h.seed as number,
  };
  return buildFromHeader(where, 'masked autoencoder', () => build(options), (model) => {
    model.setParams(params);
    model.nRows = nRows;
    model.epochsDone = epochsDone;
    model.rowInEpoch = rowInEpoch;
  });
}
