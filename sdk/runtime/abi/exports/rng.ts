// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "RNG (Philox4x32-10)" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * RNG (Philox4x32-10)
 * A state is RNG_STATE_BYTES (32 B): key, stream, counter (layout in core/rng.ts).
 */
export interface RngExports {
  /**
   * philox4x32(out u32[4], c0..c3, k0, k1): one raw block (test vectors)
   *
   * Raw Philox4x32-10 of one block (for the published test vectors). Writes 4 words to `out`.
   * (assembly/core/rng.ts: philox4x32(out: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): usize)
   */
  philox4x32(out: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): number;
  /**
   * rngInit(state 32 B, seedLo, seedHi, stream) → state with counter 0
   *
   * Writes an RNG state for (seedLo, seedHi, stream) with counter 0.
   * (assembly/core/rng.ts: rngInit(state: usize, seedLo: u32, seedHi: u32, stream: u32): usize)
   */
  rngInit(state: number, seedLo: number, seedHi: number, stream: number): number;
  /**
   * rngU32(out u32[n], n, state): fill, advance state by ceil(n/4) blocks
   *
   * Fills `out[0..n)` (u32) with raw Philox words, block by block, and advances
   * the state's counter by ceil(n/4) blocks. Returns `out`.
   * (assembly/core/rng.ts: rngU32(out: usize, n: i32, state: usize): usize)
   */
  rngU32(out: number, n: number, state: number): number;
  /**
   * rngUniform(out f32[n], n, state): fill with [0, 1), advance state by ceil(n/4) blocks
   *
   * Uniform f32 in [0, 1): the top 24 bits of each word times 2^-24. Advances by ceil(n/4) blocks.
   * (Here and in the normals every converted integer is below 2^24, so the signed conversion, one
   * instruction on x64, gives the unsigned one's values; engines emulate the unsigned one in several.)
   * (assembly/core/rng.ts: rngUniform(out: usize, n: i32, state: usize): usize)
   */
  rngUniform(out: number, n: number, state: number): number;
  /**
   * rngNormal(out f32[n], n, state): fill with N(0, 1), advance state by ceil(n/4) blocks
   *
   * Standard normal f32: each block's words (w0,w1) and (w2,w3) give two
   * Box–Muller pairs, so four normals per block. Advances by ceil(n/4) blocks.
   * (assembly/core/rng.ts: rngNormal(out: usize, n: i32, state: usize): usize)
   */
  rngNormal(out: number, n: number, state: number): number;
  /**
   * rngNormalFast(out f32[n], n, state): f32 SIMD Box–Muller for samplers (|z| ≤ 5.9), same block use as rngNormal
   *
   * Standard normal f32 for samplers (fast, SIMD; see above), four per block,
   * advances the state by ceil(n/4) blocks. Returns out.
   * (assembly/core/rng.ts: rngNormalFast(out: usize, n: i32, state: usize): usize)
   */
  rngNormalFast(out: number, n: number, state: number): number;
}

/** The number of parameters of each export above. */
export const rngArity = {
  philox4x32: 7,
  rngInit: 4,
  rngU32: 3,
  rngUniform: 3,
  rngNormal: 3,
  rngNormalFast: 3,
} as const;

/** The exports above whose result is a usize or u32. */
export const rngUnsigned = [
  'philox4x32',
  'rngInit',
  'rngU32',
  'rngUniform',
  'rngNormal',
  'rngNormalFast',
] as const;
