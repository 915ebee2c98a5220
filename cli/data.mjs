// Reading rows from CSV or JSON and writing results, with errors that name the
// file, line and column, because a CLI user cannot see a stack trace's context.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';

/** A failure the user can fix: one line, exit code 1 (2 when `usage` is set). */
export class CliError extends Error {
  constructor(message, { usage = false } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = usage ? 2 : 1;
  }
}

export const usageError = (message) => new CliError(message, { usage: true });

/** The file's bytes, or a CliError naming the option and the file. */
export function readBytes(path, what) {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new CliError(`cannot read ${what} '${path}': ${why}`);
  }
}

export function writeText(path, text, what = 'output') {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new CliError(`cannot write ${what} '${path}': ${e.code === 'ENOENT' ? 'no such folder' : e.message}`);
  }
}

export function writeBytes(path, bytes, what = 'model file') {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new CliError(`cannot write ${what} '${path}': ${e.code === 'ENOENT' ? 'no such folder' : e.message}`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|inf)$|^NaN$/i;
const isNumber = (s) => NUMBER.test(s.trim());

/** Splits one CSV line (commas, optional double quotes with "" escapes). */
function splitCsv(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/**
 * A table { names, rows: string[][], lines } from CSV: the first row is a header when any
 * of its fields is not a number. Blank lines and lines starting with # are skipped.
 */
function parseCsv(text, path) {
  const rows = [];
  const lines = [];
  let names = null;
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const raw = all[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const fields = splitCsv(raw);
    if (names === null && rows.length === 0 && fields.some((f) => !isNumber(f))) {
      names = fields;
      continue;
    }
    const width = names ? names.length : rows.length ? rows[0].length : fields.length;
    if (fields.length !== width) {
      const ref = names ? 'the header' : `line ${lines[0]}`;
      throw new CliError(`${path} line ${i + 1}: ${fields.length} fields, expected ${width} (as ${ref} has)`);
    }
    rows.push(fields);
    lines.push(i + 1);
  }
  return { names, rows, lines };
}

/** A table from JSON: an array of arrays, an array of objects, or a Matrix { rows, cols, data }. */
function parseJson(text, path) {
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${e.message})`);
  }
  if (v && !Array.isArray(v) && Number.isInteger(v.rows) && Number.isInteger(v.cols) && Array.isArray(v.data)) {
    if (v.data.length !== v.rows * v.cols) throw new CliError(`${path}: data has ${v.data.length} numbers, expected rows × cols = ${v.rows * v.cols}`);
    v = Array.from({ length: v.rows }, (_, r) => v.data.slice(r * v.cols, (r + 1) * v.cols));
  }
  if (!Array.isArray(v)) throw new CliError(`${path}: expected an array of rows (arrays or objects) or { rows, cols, data }`);
  let names = null;
  if (v.length && v[0] !== null && typeof v[0] === 'object' && !Array.isArray(v[0])) {
    names = Object.keys(v[0]);
    v = v.map((o, i) => {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new CliError(`${path} row ${i + 1}: expected an object like row 1`);
      return names.map((k) => o[k]);
    });
  }
  const width = names ? names.length : v.length ? v[0].length : 0;
  const rows = v.map((r, i) => {
    if (!Array.isArray(r) || r.length !== width) throw new CliError(`${path} row ${i + 1}: ${Array.isArray(r) ? `${r.length} fields` : 'not an array'}, expected ${width}`);
    return r.map((x) => (x === null || x === undefined ? '' : String(x)));
  });
  return { names, rows, lines: rows.map((_, i) => i + 1), json: true };
}

/** Column indices (0-based) from "name,name" or 1-based numbers; all columns when spec is undefined. */
export function pickColumns(table, spec, option, path) {
  const width = table.names ? table.names.length : table.rows.length ? table.rows[0].length : 0;
  if (spec === undefined) return Array.from({ length: width }, (_, i) => i);
  return spec.split(',').map((s) => s.trim()).map((s) => {
    const byName = table.names ? table.names.indexOf(s) : -1;
    if (byName >= 0) return byName;
    if (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= width) return Number(s) - 1;
    const have = table.names ? `columns ${table.names.map((n) => `'${n}'`).join(', ')}` : `${width} columns (no header)`;
    throw usageError(`${option} '${s}': no such column in ${path} (it has ${have}; give names or numbers from 1)`);
  });
}

/** Reads a table from a .json or CSV file. */
export function readTable(path) {
  const text = new TextDecoder().decode(readBytes(path, 'data file'));
  const table = extname(path).toLowerCase() === '.json' ? parseJson(text, path) : parseCsv(text, path);
  if (table.rows.length === 0) throw new CliError(`${path}: no data rows`);
  return table;
}

/** The chosen columns as a Matrix, every field checked to be a finite number. */
export function toMatrix(table, columns, path) {
  const data = new Float32Array(table.rows.length * columns.length);
  table.rows.forEach((row, r) => {
    columns.forEach((c, j) => {
      const s = row[c];
      const v = isNumber(s) ? Number(s) : NaN;
      if (!Number.isFinite(v)) {
        const col = table.names ? `column ${c + 1} ('${table.names[c]}')` : `column ${c + 1}`;
        const at = table.json ? `row ${table.lines[r]}` : `line ${table.lines[r]}`;
        throw new CliError(`${path} ${at}, ${col}: '${s}' is not a finite number`);
      }
      data[r * columns.length + j] = v;
    });
  });
  return { rows: table.rows.length, cols: columns.length, data };
}

/** Data from a file: Y (the --columns) and, for conditional models, X (the --condition columns). */
export function readData(path, { columns, condition } = {}) {
  const table = readTable(path);
  const X = condition === undefined ? undefined : toMatrix(table, pickColumns(table, condition, '--condition', path), path);
  let ycols = pickColumns(table, columns, '--columns', path);
  if (columns === undefined && X !== undefined) {
    const used = new Set(pickColumns(table, condition, '--condition', path));
    ycols = ycols.filter((c) => !used.has(c));
  }
  return { Y: toMatrix(table, ycols, path), X, names: table.names ? ycols.map((c) => table.names[c]) : null };
}

// f32 values printed with String(Number(v)): the shortest decimal that reads back to the same f32.
const fmt = (v) => (Number.isNaN(v) ? 'NaN' : String(v));

/** Writes { header: string[], rows: number[][] } as CSV text or JSON (an array of objects). */
export function formatTable({ header, rows }, json) {
  if (json) return JSON.stringify(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), null, 0) + '\n';
  return [header.join(','), ...rows.map((r) => r.map(fmt).join(','))].join('\n') + '\n';
}

/** Sends a table to --out (CSV, or JSON when the name ends .json or --json) or stdout. */
export function emitTable(table, { out, json }) {
  if (out) writeText(out, formatTable(table, extname(out).toLowerCase() === '.json'));
  else process.stdout.write(formatTable(table, json));
}
