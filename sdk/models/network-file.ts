// What the network models' files (GLO, DenoisingAutoencoder, MaskedAutoencoder,
// LatentEBM) check alike, once: the kind, counts, the parameters of a stack of
// dense layers, where a fit stands (epochs done, row in the epoch), finite θ,
// and building the model from the header (a bad header is a FileFormatError;
// a model that fails while its state is installed is disposed). Each file
// module keeps what is its own.
import { FileFormatError, readFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';

/** An integer in [0, max]. */
export const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** The parsed file and its header, refused unless it holds `kind`. */
export function readKind(src: Uint8Array | ParsedFile, where: string, kind: string): { file: ParsedFile; h: Record<string, unknown> } {
  const file = src instanceof Uint8Array ? readFile(src, where) : src;
  const h = file.header as Record<string, unknown>;
  if (h.kind !== kind) throw new FileFormatError('kind', `${where}: the file holds a '${String(h.kind)}', not a '${kind}'`);
  return { file, h };
}

/** Parameters of dense layers sizes[0] → sizes[1] → … (weights and biases), in f64. */
export function denseParams(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l]! * sizes[l - 1]! + sizes[l]!;
  return n;
}

/** epochsDone, and rowInEpoch below `rows` (`rowsText` says what the rows are in the message). */
export function checkFitPosition(h: Record<string, unknown>, rows: number, where: string, rowsText: string): { epochsDone: number; rowInEpoch: number } {
  const { epochsDone, rowInEpoch } = h;
  if (!isCount(epochsDone, 2 ** 31 - 2)) throw new FileFormatError('header', `${where}: epochsDone is ${describe(epochsDone)}`);
  if (!isCount(rowInEpoch, Math.max(0, rows - 1))) throw new FileFormatError('header', `${where}: rowInEpoch is ${describe(rowInEpoch)}, expected an integer below ${rowsText}`);
  return { epochsDone, rowInEpoch };
}

/** Refuses a non-finite parameter, naming the first. */
export function checkFiniteParams(params: Float32Array, where: string): void {
  const bad = params.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FileFormatError('shape', `${where}: parameter ${bad} is ${params[bad]}`);
}

/**
 * The model the header describes, with its state installed by `install`: a
 * header the constructor refuses is a FileFormatError naming `what`; a model
 * whose install fails is disposed before the error goes on.
 */
export function buildFromHeader<M extends { dispose(): void }>(where: string, what: string, build: () => M, install: (model: M) => void): M {
  let model: M;
  try {
    model = build();
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header does not describe a valid ${what} (${(e as Error).message})`);
  }
  try {
    install(model);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
