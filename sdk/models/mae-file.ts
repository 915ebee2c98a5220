// MaskedAutoencoder files: the hyper-parameters, θ and where the epoch order
// stands, so a loaded model continues a fit bit-exactly. Files are untrusted:
// every field is checked against the others before a model is allocated.
import { FileFormatError, readFile, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import type { MaskedAutoencoder, MaskedAutoencoderOptions } from './mae.js';

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

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

export function maeFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: MaskedAutoencoderOptions) => MaskedAutoencoder): MaskedAutoencoder {
  const file = src instanceof Uint8Array ? readFile(src, where) : src;
  const h = file.header as Record<string, unknown>;
  if (h.kind !== 'masked-autoencoder') throw new FileFormatError('kind', `${where}: the file holds a '${String(h.kind)}', not a 'masked-autoencoder'`);
  const { length: L, vocab: V, hidden: H } = h;
  if (!isCount(L, 1 << 12) || !isCount(V, 1 << 12) || !isCount(H, 1 << 14) || L < 1 || V < 2 || H < 1) {
    throw new FileFormatError('header', `${where}: length ${describe(L)}, vocab ${describe(V)}, hidden ${describe(H)} are not a valid shape`);
  }
  const expected = L * (V + 1) * H + H + H * L * V + L * V;
  if (h.numParams !== expected) throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its shape gives ${expected}`);
  const { nRows, epochsDone, rowInEpoch } = h;
  if (!isCount(nRows, 2 ** 31 - 1)) throw new FileFormatError('header', `${where}: nRows is ${describe(nRows)}`);
  if (!isCount(epochsDone, 2 ** 31 - 2)) throw new FileFormatError('header', `${where}: epochsDone is ${describe(epochsDone)}`);
  if (!isCount(rowInEpoch, Math.max(0, nRows - 1))) throw new FileFormatError('header', `${where}: rowInEpoch is ${describe(rowInEpoch)}, expected an integer below nRows = ${nRows}`);
  const params = file.take(expected, 'the parameters');
  file.done();
  const bad = params.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FileFormatError('shape', `${where}: parameter ${bad} is ${params[bad]}`);
  let model: MaskedAutoencoder;
  try {
    model = build({
      length: L, vocab: V, hidden: H, maskRate: h.maskRate as number, maskTokenRate: h.maskTokenRate as number,
      randomTokenRate: h.randomTokenRate as number, activation: h.activation as MaskedAutoencoderOptions['activation'], seed: h.seed as number,
    });
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header does not describe a valid masked autoencoder (${(e as Error).message})`);
  }
  try {
    model.setParams(params);
  } catch (e) {
    model.dispose();
    throw e;
  }
  model.nRows = nRows;
  model.epochsDone = epochsDone;
  model.rowInEpoch = rowInEpoch;
  return model;
}
