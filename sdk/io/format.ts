// The binary container of ebm-wasm files (models and optimizer states):
//
//   offset 0   4 bytes  magic "EBMW"
//          4   u16 LE   format version (1)
//          6   u16 LE   header length H (bytes of UTF-8 JSON)
//          8   u32 LE   payload length P (bytes, a multiple of 4)
//         12   H bytes  header: JSON {"kind": …, …shapes and hyper-parameters}
//              0–3 bytes zero padding to a multiple of 4
//              P bytes  payload: f32 little-endian arrays named by the header
//              u32 LE   CRC-32 of every byte before it
//
// Reading checks, in order: length, magic, version, checksum, kind; every
// failure is a FileFormatError saying which, and nothing is half-loaded.
import { EbmError } from '../errors.js';
import { kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';

export const FORMAT_VERSION = 1;
const MAGIC = [0x45, 0x42, 0x4d, 0x57]; // "EBMW"
const FIXED = 12;

export type FileProblem = 'truncated' | 'magic' | 'version' | 'checksum' | 'header' | 'kind' | 'shape';

/** A file that cannot be read: `problem` says why (truncated, corrupted, wrong kind, newer version…). */
export class FileFormatError extends EbmError {
  readonly problem: FileProblem;
  constructor(problem: FileProblem, message: string) {
    super('FILE_FORMAT', message);
    this.name = 'FileFormatError';
    this.problem = problem;
  }
}

export interface FileHeader {
  kind: string;
  [key: string]: unknown;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function crc32(bytes: Uint8Array): number {
  const K = kernels('crc32');
  const b = new WasmBlock(Math.max(16, bytes.length));
  try {
    b.u8(bytes.length).set(bytes);
    return K.crc32(b.ptr, bytes.length) >>> 0;
  } finally {
    b.free();
  }
}

function f32ToBytes(src: Float32Array, dst: Uint8Array, at: number): void {
  if (littleEndian) {
    dst.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), at);
  } else {
    const v = new DataView(dst.buffer, dst.byteOffset);
    for (let i = 0; i < src.length; i++) v.setFloat32(at + 4 * i, src[i]!, true);
  }
}

/** Frames a header and f32 arrays (in order) into one file. */
export function writeFile(header: FileHeader, arrays: Float32Array[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.length > 0xffff) throw new EbmError('INVALID_ARGUMENT', 'writeFile: header too large');
  const pad = (4 - ((FIXED + json.length) % 4)) % 4;
  const payload = arrays.reduce((s, a) => s + a.length * 4, 0);
  const total = FIXED + json.length + pad + payload + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, json.length, true);
  view.setUint32(8, payload, true);
  out.set(json, FIXED);
  let at = FIXED + json.length + pad;
  for (const a of arrays) {
    f32ToBytes(a, out, at);
    at += a.length * 4;
  }
  view.setUint32(at, crc32(out.subarray(0, at)), true);
  return out;
}

export interface ParsedFile {
  header: FileHeader;
  /** Reads the next `n` f32 of the payload (a copy); throws FileFormatError past the end. */
  take(n: number, what: string): Float32Array;
  /** Throws unless the whole payload was taken. */
  done(): void;
}

/** Parses and verifies a file; `where` names the call for messages. */
export function readFile(bytes: Uint8Array, where: string): ParsedFile {
  if (!(bytes instanceof Uint8Array)) {
    throw new EbmError('INVALID_ARGUMENT', `${where}: expected the file's bytes as a Uint8Array`);
  }
  if (bytes.length < FIXED + 4) {
    throw new FileFormatError('truncated', `${where}: the file is truncated (${bytes.length} bytes, at least ${FIXED + 4} needed)`);
  }
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    throw new FileFormatError('magic', `${where}: not an ebm-wasm file (expected the magic "EBMW")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version > FORMAT_VERSION) {
    throw new FileFormatError('version', `${where}: the file has format version ${version}; this ebm-wasm reads up to ${FORMAT_VERSION}: upgrade ebm-wasm`);
  }
  if (version < 1) throw new FileFormatError('version', `${where}: the file has an invalid format version ${version}`);
  const headerLength = view.getUint16(6, true);
  const payload = view.getUint32(8, true);
  const pad = (4 - ((FIXED + headerLength) % 4)) % 4;
  const expected = FIXED + headerLength + pad + payload + 4;
  if (bytes.length < expected) {
    throw new FileFormatError('truncated', `${where}: the file is truncated (${bytes.length} of ${expected} bytes)`);
  }
  if (bytes.length > expected) {
    throw new FileFormatError('shape', `${where}: the file has ${bytes.length - expected} bytes after its end`);
  }
  const sumAt = expected - 4;
  if (crc32(bytes.subarray(0, sumAt)) !== view.getUint32(sumAt, true)) {
    throw new FileFormatError('checksum', `${where}: the file is corrupted (CRC-32 mismatch)`);
  }
  let header: FileHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED, FIXED + headerLength))) as FileHeader;
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || typeof header.kind !== 'string') {
    throw new FileFormatError('header', `${where}: the header has no "kind"`);
  }
  let at = FIXED + headerLength + pad;
  const end = sumAt;
  return {
    header,
    take(n: number, what: string): Float32Array {
      if (!Number.isInteger(n) || n < 0 || at + 4 * n > end) {
        throw new FileFormatError('shape', `${where}: the payload is too short for ${what} (${n} values)`);
      }
      const out = new Float32Array(n);
      if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(at, at + 4 * n));
      else for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + 4 * i, true);
      at += 4 * n;
      return out;
    },
    done(): void {
      if (at !== end) throw new FileFormatError('shape', `${where}: ${(end - at) / 4} payload values were not expected by the header`);
    },
  };
}

/**
 * Internal key of each model class's reader of a parsed, checksummed file (used by `load` and
 * `fromBytes`): a symbol, so the reader is not part of the public API.
 */
export const FROM_FILE: unique symbol = Symbol('ebm-wasm.fromFile');
