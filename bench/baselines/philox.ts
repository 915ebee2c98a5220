// Pure-TS twin of assembly/core/rng.ts: Philox4x32-10 (Salmon et al., SC'11),
// the 32-byte RNG state, the fills and the in-kernel cursor, word for word.
// u32 and uniform fills and every cursor draw are bit-identical to WASM;
// normals go through JS Math.log/cos/sin, which may differ from
// AssemblyScript's musl port in the last bit (see rngNormal).

const M0 = 0xd2511f53; // 3528531795, Philox multiplier 0
const M1 = 0xcd9e8d57; // 3449720151, Philox multiplier 1
const W0 = 0x9e3779b9; // 2654435769, Weyl key increment (golden ratio)
const W1 = 0xbb67ae85; // 3144134277, Weyl key increment (sqrt(3) - 1)

const TWO_POW_M24 = 5.9604644775390625e-8; // 2^-24
const TWO_POW_M32 = 2.3283064365386963e-10; // 2^-32
const TWO_POW_32 = 4294967296;
const TWO_PI = 6.283185307179586;

/**
 * High 32 bits of the 64-bit product of two u32. Splitting b into 16-bit
 * halves keeps every partial product below 2^48, so doubles hold them exactly:
 * a·b = a·bHi·2^16 + a·bLo, and floor(a·b / 2^32) nests into two exact floors.
 */
export function mulHi32(a: number, b: number): number {
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  return Math.floor((a * bHi + Math.floor((a * bLo) / 65536)) / 65536) >>> 0;
}

/** Low 32 bits of the product of two u32. */
export function mulLo32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/**
 * Ten Philox rounds on the counter block (c0, c1, c2, c3) under key (k0, k1).
 * Writes the four output words to out[offset..offset+4).
 */
export function philoxBlock(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number,
  out: Uint32Array, offset = 0,
): void {
  for (let r = 0; r < 10; r++) {
    const hi0 = mulHi32(M0, c0);
    const lo0 = mulLo32(M0, c0);
    const hi1 = mulHi32(M1, c2);
    const lo1 = mulLo32(M1, c2);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/** Raw Philox4x32-10 of one block, as the `philox4x32` export (for known-answer tests). */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): Uint32Array {
  const out = new Uint32Array(4);
  philoxBlock(c0 >>> 0, c1 >>> 0, c2 >>> 0, c3 >>> 0, k0 >>> 0, k1 >>> 0, out);
  return out;
}

// ---- state ------------------------------------------------------------------

/**
 * The RNG state, laid out as the 32 bytes WASM keeps in linear memory:
 * [0] key0 = seed low, [1] key1 = seed high, [2] stream, [3] reserved (0),
 * [4] counter low, [5] counter high, [6..7] unused. Copy it to and from
 * linear memory with `heapU32().set(...)` / `.slice(...)` to compare.
 */
export type RngState = Uint32Array;

export const RNG_STATE_WORDS = 8;

/** A state for (seedLo, seedHi, stream) with counter 0, as `rngInit`. */
export function rngInit(seedLo: number, seedHi: number, stream: number): RngState {
  const s = new Uint32Array(RNG_STATE_WORDS);
  s[0] = seedLo >>> 0;
  s[1] = seedHi >>> 0;
  s[2] = stream >>> 0;
  return s;
}

/** The 64-bit counter, as a JS number (exact below 2^53). */
export function counterOf(state: RngState): number {
  return state[4]! + state[5]! * TWO_POW_32;
}

/** Advances the 64-bit counter by `blocks` (< 2^53), carrying into the high word. */
export function advance(state: RngState, blocks: number): void {
  const lo = state[4]! + blocks;
  const carry = Math.floor(lo / TWO_POW_32);
  state[4] = lo >>> 0; // lo mod 2^32 (lo < 2^54, so ToUint32 is exact)
  state[5] = (state[5]! + carry) >>> 0;
}

/** Block `index` after the state's counter (counter + index), without advancing. Writes 4 words to out[offset..]. */
export function blockAt(state: RngState, index: number, out: Uint32Array, offset = 0): void {
  const lo = state[4]! + index;
  const carry = Math.floor(lo / TWO_POW_32);
  const c0 = lo >>> 0;
  const c1 = (state[5]! + carry) >>> 0;
  philoxBlock(c0, c1, state[2]!, state[3]!, state[0]!, state[1]!, out, offset);
}

// ---- fills ------------------------------------------------------------------

/** n raw words, block after block; advances the counter by ceil(n/4) blocks. */
export function rngU32(n: number, state: RngState): Uint32Array {
  const blocks = Math.ceil(n / 4);
  const padded = new Uint32Array(blocks * 4);
  for (let b = 0; b < blocks; b++) blockAt(state, b, padded, 4 * b);
  advance(state, blocks);
  return padded.slice(0, n);
}

/** n uniform f32 in [0, 1): the top 24 bits of each word times 2^-24 (exact in f32). */
export function rngUniform(n: number, state: RngState): Float32Array {
  const words = rngU32(n, state);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround((words[i]! >>> 8) * TWO_POW_M24);
  return out;
}

/**
 * Box–Muller pair from two words, in f64, as the kernel's `boxMuller`.
 * The f64 formula is the same, but JS's Math.log/cos/sin are the engine's own
 * (V8 uses fdlibm ports, others differ) while WASM runs AssemblyScript's musl
 * port compiled in: the f64 results may differ in the last bit, and after
 * rounding to f32 that is at most one f32 ulp (≤ 2^-21 ≈ 4.8e-7 for |z| < 6.8,
 * the largest value the 32-bit grid allows).
 */
export function boxMuller(a: number, b: number): [number, number] {
  const u1 = (a + 0.5) * TWO_POW_M32; // in (0, 1): log never sees 0
  const theta = TWO_PI * (b * TWO_POW_M32);
  const r = Math.sqrt(-2.0 * Math.log(u1));
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/**
 * n standard normal f32: each block's words (w0, w1) and (w2, w3) give two
 * Box–Muller pairs; a short last block drops what it does not need.
 * Advances by ceil(n/4) blocks. Equal to WASM within one f32 ulp (see boxMuller).
 */
export function rngNormal(n: number, state: RngState): Float32Array {
  const blocks = Math.ceil(n / 4);
  const out = new Float32Array(n);
  const w = new Uint32Array(4);
  for (let b = 0; b < blocks; b++) {
    blockAt(state, b, w);
    const rem = n - 4 * b;
    const [z0, z1] = boxMuller(w[0]!, w[1]!);
    out[4 * b] = z0;
    if (rem > 1) out[4 * b + 1] = z1;
    if (rem > 2) {
      const [z2, z3] = boxMuller(w[2]!, w[3]!);
      out[4 * b + 2] = z2;
      if (rem > 3) out[4 * b + 3] = z3;
    }
  }
  advance(state, blocks);
  return out;
}

/**
 * The f64 formula of the samplers' normals (the kernel's rngNormalFast) for one pair of words:
 * u1 = (2·(a >>> 9) + 1)·2^-24 in (0, 1), r = √(−2 log u1), and the angle θ = q·π/2 + t with
 * q = b >>> 30 and t = ((2k + 1)·2^-24 − ½)·π/2, k = (b >>> 7) & (2^23 − 1); returns
 * (r cos θ, r sin θ). The kernel evaluates log, sqrt and sin/cos as f32 polynomials: within
 * 1e-6 absolute of this (test/rng.test.ts).
 */
export function normalPairFast(a: number, b: number): [number, number] {
  const u1 = (2 * (a >>> 9) + 1) * TWO_POW_M24;
  const r = Math.sqrt(-2 * Math.log(u1));
  const k = (b >>> 7) & 0x7fffff;
  const theta = (b >>> 30) * (Math.PI / 2) + ((2 * k + 1) * TWO_POW_M24 - 0.5) * (Math.PI / 2);
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/**
 * The samplers' normals (the kernel's rngNormalFast), in f64: the words (w₀, w₁) and (w₂, w₃)
 * of each block make two pairs by normalPairFast. Same block accounting as rngNormal. (rngNormal's
 * u1 = (w + 0.5)·2^-32 and angle 2π·w·2^-32 differ from these, which near u1 → 0 moves a normal by
 * far more than its round-off: a twin of a sampler must use this one.)
 */
export function rngNormalFast(n: number, state: RngState): Float32Array {
  const blocks = Math.ceil(n / 4);
  const out = new Float32Array(n);
  const w = new Uint32Array(4);
  for (let b = 0; b < blocks; b++) {
    blockAt(state, b, w);
    for (const p of [0, 2]) {
      const k = 4 * b + p;
      if (k >= n) break;
      const [z0, z1] = normalPairFast(w[p]!, w[p + 1]!);
      out[k] = z0;
      if (k + 1 < n) out[k + 1] = z1;
    }
  }
  advance(state, blocks);
  return out;
}

// ---- cursor (scalar draws inside kernels) -----------------------------------

/**
 * Whole blocks taken one word at a time, as the kernel's cursorBegin/nextU32/
 * cursorEnd: words left in the last block are dropped at `end()`, which
 * advances the state past every block touched.
 */
export class Cursor {
  private readonly state: RngState;
  private block = 0;
  private word = 4;
  private readonly words = new Uint32Array(4);

  constructor(state: RngState) {
    this.state = state;
  }

  nextU32(): number {
    if (this.word === 4) {
      blockAt(this.state, this.block, this.words);
      this.block++;
      this.word = 0;
    }
    return this.words[this.word++]!;
  }

  /** Uniform f64 in [0, 1) with 53 bits: 27 from the first word, 26 from the second. */
  nextUniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864.0 + b) * 1.1102230246251565e-16; // (a·2^26 + b)·2^-53
  }

  /** Uniform integer in [0, bound) by Lemire's multiply-and-reject; bound a u32. */
  nextBelow(bound: number): number {
    let w = this.nextU32();
    let low = mulLo32(w, bound);
    if (low < bound) {
      const threshold = (TWO_POW_32 - bound) % bound; // (2^32 − bound) mod bound, as u32 arithmetic
      while (low < threshold) {
        w = this.nextU32();
        low = mulLo32(w, bound);
      }
    }
    return mulHi32(w, bound);
  }

  /** Ends the draws: advances the state by the number of blocks used. */
  end(): void {
    advance(this.state, this.block);
  }
}
