// Model files for the CLI: read, name the kind, and refuse a file with one line
// that says which file and what it holds instead of what was expected.
import { load, EbmError } from '../dist/index.node.js';
import { CliError, readBytes } from './data.mjs';

/** The JSON header of an ebm-wasm file (kind, shapes, hyper-parameters, training counters), or null. */
export function fileHeader(bytes) {
  if (bytes.length < 16 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'EBMW') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(6, true);
  try {
    return JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch {
    return null;
  }
}

/** Reads a model file; `accept` (kinds) narrows what this command can use. */
export function readModel(path, command, accept) {
  const bytes = readBytes(path, 'model file');
  let model;
  try {
    model = load(bytes);
  } catch (e) {
    if (e instanceof EbmError) throw new CliError(`${path}: ${e.message.replace(/^load: /, '')}`);
    throw e;
  }
  const kind = fileHeader(bytes).kind;
  if (kind === 'optimizer' || (accept && !accept.includes(kind))) {
    model.dispose();
    const want = accept ? accept.map((k) => `'${k}'`).join(', ') : 'a model';
    throw new CliError(`${path} holds a file of kind '${kind}'; ${command} needs ${want}`);
  }
  return { model, kind, bytes };
}

/** The columns of a conditional model's x (MLP with conditionDim > 0), else 0. */
export const conditionDim = (model, kind) => (kind === 'mlp-energy' ? model.conditionDim : 0);
