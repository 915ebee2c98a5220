// The one data type: a row-major f32 matrix. Rows are points (or chains).
import { ArgumentError, EbmError, ShapeError } from './errors.js';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows·cols values, row-major. */
  readonly data: Float32Array;
}

/** What a data argument may be: a Matrix, or an array of equal-length number rows. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** Makes a rows×cols Matrix, zero-filled or over the given values (copied). */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  checkCount(rows, 'matrix: rows');
  checkCount(cols, 'matrix: cols');
  if (data !== undefined && data.length !== rows * cols) {
    throw new ShapeError(`matrix: data has ${data.length} values, expected rows·cols = ${rows * cols}`);
  }
  if (data === undefined) {
    try {
      return { rows, cols, data: new Float32Array(rows * cols) };
    } catch (e) {
      // the engine's typed-array limit (a RangeError otherwise)
      throw new EbmError('OUT_OF_MEMORY', `matrix: rows·cols = ${rows}·${cols} = ${rows * cols} values (${rows * cols * 4} bytes) cannot be allocated: ${(e as Error).message}`, { cause: e });
    }
  }
  return { rows, cols, data: Float32Array.from(data) };
}

/** The rows of a Matrix as number[][] (for printing and JSON). */
export function toRows(m: Matrix): number[][] {
  m = asMatrix(m, 'toRows: m');
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`${what} must be a non-negative integer, got ${String(n)}`);
}

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && 'rows' in x && 'cols' in x && 'data' in x;
}

/**
 * Converts a data argument to a Matrix without copying a Matrix's data.
 * `where` names the call and argument for messages (`KMeansEBM.fit: X`).
 * Finiteness is checked later, in WASM, after the copy into linear memory.
 */
export function asMatrix(x: MatrixLike, where: string): Matrix {
  if (isMatrix(x)) {
    const { rows, cols, data } = x;
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ShapeError(`${where} has rows = ${String(rows)}, cols = ${String(cols)}: expected non-negative integers`);
    }
    if (!(data instanceof Float32Array)) {
      throw new ArgumentError(`${where}.data must be a Float32Array, got ${describe(data)}`);
    }
    if (data.length !== rows * cols) {
      throw new ShapeError(`${where}.data has ${data.length} values, expected rows·cols = ${rows}·${cols} = ${rows * cols}`);
    }
    return x;
  }
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new ArgumentError(`${where} must be a Matrix {rows, cols, data} or an array of rows, got ${describe(x)}`);
  }
  const rows = x.length;
  if (rows === 0) return { rows: 0, cols: 0, data: new Float32Array(0) };
  const first = x[0];
  if (first === null || typeof first !== 'object' || typeof first.length !== 'number') {
    throw new ArgumentError(`${where}[0] must be an array of numbers, got ${describe(first)}`);
  }
  const cols = first.length;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i];
    if (row === null || typeof row !== 'object' || row.length !== cols) {
      throw new ShapeError(`${where}[${i}] has ${row == null ? String(row) : `${row.length} values`}, expected ${cols} like row 0`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new ArgumentError(`${where}[${i}][${j}] must be a number, got ${describe(v)}`);
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<unknown>).length}`;
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v)})`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
