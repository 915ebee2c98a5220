// The UCI handwritten digits (1797 8x8 images, pixels 0..16, labels 0..9), bundled so examples
// and tests run offline in every runtime. The bytes live in the generated digits-data.ts.
import type { Matrix } from '../matrix.js';

export const DIGITS_ATTRIBUTION: string =
  'UCI "Optical Recognition of Handwritten Digits" (test set), E. Alpaydin, C. Kaynak, 1998. ' +
  'UCI Machine Learning Repository, doi:10.24432/C50P49. Licence: CC BY 4.0.';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes standard (RFC 4648, padded) base64. Our own rather than `atob` or `Buffer` so it
 * behaves the same in Node, browsers, Deno, Bun and workerd, and yields bytes directly.
 */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128).fill(255);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  let len = text.length;
  while (len > 0 && text.charCodeAt(len - 1) === 61 /* '=' */) len--;
  if (text.length % 4 !== 0 || text.length - len > 2) {
    throw new Error(`decodeBase64: expected padded base64 (length a multiple of 4), got length ${text.length}`);
  }
  const out = new Uint8Array((len * 3) >> 2);
  let bits = 0;
  let nbits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (lookup[c] ?? 255) : 255;
    if (v === 255) throw new Error(`decodeBase64: invalid character ${JSON.stringify(text[i])} at ${i}`);
    bits = ((bits << 6) | v) & 0xffffff;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[o++] = (bits >> nbits) & 0xff;
    }
  }
  return out;
}

let bytes: Uint8Array | undefined;

export interface Digits {
  /** 1797×64 pixel intensities 0..16 (as floats), row-major 8×8 images. */
  X: Matrix;
  /** The digit 0..9 of each row. */
  labels: Int32Array;
  /** Number of images (rows). */
  images: number;
  attribution: string;
}

/**
 * The digits as a 1797x64 row-major Matrix of pixel intensities (0..16, as floats) and their
 * labels (0..9). Every call returns fresh arrays. Asynchronous because the 116 KB of pixels
 * live in their own module, loaded on first use: bundles that never call `digits()` (or call it
 * late) do not carry or parse it up front.
 */
export async function digits(): Promise<Digits> {
  const { DIGITS_BASE64, DIGITS_COLS, DIGITS_ROWS } = await import('./digits-data.js');
  if (bytes === undefined) bytes = decodeBase64(DIGITS_BASE64);
  const stride = DIGITS_COLS + 1;
  if (bytes.length !== DIGITS_ROWS * stride) {
    throw new Error(`digits: bundled data has ${bytes.length} bytes, expected ${DIGITS_ROWS * stride}`);
  }
  const data = new Float32Array(DIGITS_ROWS * DIGITS_COLS);
  const labels = new Int32Array(DIGITS_ROWS);
  for (let r = 0; r < DIGITS_ROWS; r++) {
    const row = r * stride;
    data.set(bytes.subarray(row, row + DIGITS_COLS), r * DIGITS_COLS); // set() converts bytes to floats
    labels[r] = bytes[row + DIGITS_COLS] ?? 0; // always defined: the length was checked above
  }
  return {
    X: { rows: DIGITS_ROWS, cols: DIGITS_COLS, data },
    labels,
    images: DIGITS_ROWS,
    attribution: DIGITS_ATTRIBUTION,
  };
}
