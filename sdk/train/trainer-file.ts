// The part every trainer file shares: its kind, the model's size and the data's
// rows it was saved for, its settings turned back into options, and a checked
// reader of integer header fields. Each trainer then validates its own state.
import { ArgumentError, ShapeError } from '../errors.js';
import { FileFormatError, readFile } from '../io/format.js';
import { describe } from '../matrix.js';

export interface OpenedTrainerFile<S, O> {
  file: ReturnType<typeof readFile>;
  header: Record<string, unknown>;
  settings: S;
  options: O;
  /** A header error naming `where`. */
  bad: (what: string) => FileFormatError;
  /** The integer header field `key`, checked to lie in [lo, hi]. */
  int: (key: string, lo: number, hi: number) => number;
}

/** Reads a trainer file of `kind` and checks what all trainer files share (see above). */
export function openTrainerFile<S extends { optimizer: unknown }, O>(
  bytes: Uint8Array, kind: string, rows: number, numParams: number, where: string, optionsOf: (s: S) => O,
): OpenedTrainerFile<S, O> {
  const file = readFile(bytes, where);
  const h = file.header as Record<string, unknown>;
  if (h.kind !== kind) throw new FileFormatError('kind', `${where}: the file holds a '${String(h.kind)}', not a '${kind}'`);
  const bad = (what: string) => new FileFormatError('header', `${where}: ${what}`);
  const int = (key: string, lo: number, hi: number): number => {
    const v = h[key];
    if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) throw bad(`${key} is ${describe(v)}, expected an integer in [${lo}, ${hi}]`);
    return v as number;
  };
  if (h.rows !== rows) throw new ShapeError(`${where}: the trainer was saved with ${describe(h.rows)} data rows, got ${rows}`);
  if (h.numParams !== numParams) throw new ShapeError(`${where}: the trainer was saved for ${describe(h.numParams)} parameters, the model has ${numParams}`);
  const s = h.settings as S;
  if (s === null || typeof s !== 'object' || s.optimizer === null || typeof s.optimizer !== 'object') throw bad('the settings are missing');
  let options: O;
  try {
    options = optionsOf(s);
  } catch (e) {
    throw bad(`the settings are malformed (${(e as Error).message})`);
  }
  return { file, header: h, settings: s, options, bad, int };
}

/** A trainer file's settings the constructor refused are a FileFormatError ('header'); other errors pass through. */
export function asFileError(e: unknown, where: string): never {
  if (e instanceof FileFormatError) throw e;
  if (e instanceof ArgumentError) throw new FileFormatError('header', `${where}: the saved settings are invalid (${e.message})`);
  throw e;
}

/**
 * The train.* functions' first step: `trainer` (just made) runs `first`; if that throws, the
 * trainer is disposed and the error passed on, so a failed call leaves nothing to free.
 */
export async function firstRun<T extends { dispose(): void }>(trainer: T, first: () => Promise<unknown>): Promise<T> {
  try {
    await first();
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return trainer;
}
