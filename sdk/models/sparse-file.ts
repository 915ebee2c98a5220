// SparseCoding files: the house container (io/format.ts) with kind
// 'sparse-coding', validated by meaning before anything is allocated: counts
// in range and consistent with the payload, λ and tol finite, the atoms finite
// and of unit norm, the objective history finite and non-negative.
import { FileFormatError, readFile, writeFile, type ParsedFile } from '../io/format.js';
import { checkedBytes, UNIT_NORM_SLACK } from './sparse-dict.js';

export const SPARSE_FILE_KIND = 'sparse-coding';

export interface SparseFileState {
  nAtoms: number;
  lambda: number;
  seed: number;
  maxIter: number;
  tol: number;
  dim: number;
  method: 'alternating' | 'online' | 'given';
  /** Σ F∞ over the training rows; null for atoms given by fromAtoms. */
  objective: number | null;
  history: Float64Array;
  atoms: Float32Array;
}

const METHODS = ['alternating', 'online', 'given'] as const;

export function writeSparseFile(s: SparseFileState): Uint8Array {
  return writeFile(
    {
      kind: SPARSE_FILE_KIND, nAtoms: s.nAtoms, lambda: s.lambda, seed: s.seed, maxIter: s.maxIter, tol: s.tol, dim: s.dim,
      method: s.method, objective: s.objective, epochs: s.history.length,
    },
    // the f64 history travels bit for bit as pairs of f32 words (as KMeansEBM's i32 labels do)
    [s.atoms, new Float32Array(s.history.slice().buffer)],
  );
}

export function readSparseFile(file: ParsedFile | null, bytes: Uint8Array | undefined, where: string, maxAtoms: number, maxIter: number): SparseFileState {
  const f = file ?? readFile(bytes!, where);
  if (f.header.kind !== SPARSE_FILE_KIND) {
    throw new FileFormatError('kind', `${where}: the file holds a '${String(f.header.kind)}', not a '${SPARSE_FILE_KIND}'`);
  }
  const h = f.header as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (
    !int(h.nAtoms, 1, maxAtoms) || !int(h.dim, 1, 2 ** 31 - 1) || !int(h.seed, 0, Number.MAX_SAFE_INTEGER) ||
    !int(h.maxIter, 1, maxIter) || !int(h.epochs, 0, 1_000_000) || !finite(h.lambda) || !finite(h.tol) ||
    !(METHODS as readonly unknown[]).includes(h.method) || !(h.objective === null || finite(h.objective))
  ) {
    throw new FileFormatError(
      'header',
      `${where}: the header does not describe a SparseCoding (nAtoms, dim, seed, maxIter, epochs: integers in range; lambda, tol, objective: finite ≥ 0; method one of ${METHODS.join(', ')})`,
    );
  }
  const k = h.nAtoms as number;
  const d = h.dim as number;
  const epochs = h.epochs as number;
  if ((h.method === 'given') !== (epochs === 0) || (h.method === 'given') !== (h.objective === null)) {
    throw new FileFormatError('header', `${where}: method '${String(h.method)}' does not agree with ${epochs} epochs and objective ${String(h.objective)}`);
  }
  // sizes before reading: the payload must hold exactly k·d atoms values and the history
  checkedBytes(where, 'the atoms in the file', k * d, 4);
  const atoms = f.take(k * d, 'the atoms');
  const history = new Float64Array(f.take(2 * epochs, 'the objective history').buffer);
  f.done();
  if (!atoms.every(Number.isFinite)) throw new FileFormatError('shape', `${where}: the atoms are not all finite`);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += atoms[j * d + t]! ** 2;
    if (!(Math.abs(Math.sqrt(s) - 1) <= UNIT_NORM_SLACK)) {
      throw new FileFormatError('shape', `${where}: atom ${j} has norm ${Math.sqrt(s)}; the atoms of a SparseCoding have unit norm`);
    }
  }
  if (!history.every((v) => Number.isFinite(v) && v >= 0)) throw new FileFormatError('shape', `${where}: the objective history is not finite and ≥ 0`);
  return {
    nAtoms: k, lambda: h.lambda as number, seed: h.seed as number, maxIter: h.maxIter as number, tol: h.tol as number, dim: d,
    method: h.method as SparseFileState['method'], objective: h.objective as number | null, history, atoms,
  };
}
