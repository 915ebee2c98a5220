// Sampler state: one self-contained block (header + arrays at offsets relative
// to the block), so saving is a byte copy and resuming is copying the bytes
// into any fresh block. Everything a transition depends on lives here:
// positions, their energies and gradients, the Philox state, step size,
// adaptation state and counters. The energy descriptor is passed per call.
//
// Header (bytes): see the S_* constants. Arrays (16-byte aligned):
//   pos, prop (C×D f32) · energy, propE (C f32) · grad, propG, mom, noise (C×D f32)
//   uniform (C f32) · invMass, wMean, wM2 (D f64) · accepts, nonFinite, divergent,
//   lastAccepted (C i32) · acceptProb (C f64)
import { rngInit } from "../core/rng";

export const STATE_MAGIC: u32 = 0x534d4245; // "EBMS"
export const STATE_VERSION: i32 = 1;

export const SAMPLER_RANDOM_WALK: i32 = 1;
export const SAMPLER_LANGEVIN: i32 = 2;
export const SAMPLER_MALA: i32 = 3;
export const SAMPLER_HMC: i32 = 4;

export const ADAPT_STEP: i32 = 1;
export const ADAPT_MASS: i32 = 2;

// i32 fields
export const S_MAGIC = 0;
export const S_VERSION = 4;
export const S_KIND = 8;
export const S_CHAINS = 12;
export const S_DIM = 16;
export const S_LEAPFROG = 20;
export const S_ADAPT_FLAGS = 24;
export const S_ITER = 28;
export const S_ADAPT_START = 32;
export const S_ADAPT_END = 36;
export const S_WINDOW_END = 40;
export const S_WINDOW_SIZE = 44;
export const S_TERM_START = 48;
export const S_DA_COUNT = 52;
// f64 fields
export const S_STEP = 56;
export const S_BETA = 64;
export const S_NOISE = 72;
export const S_JITTER = 80;
export const S_TARGET = 88;
export const S_DA_MU = 96;
export const S_DA_LOG_BAR = 104;
export const S_DA_HBAR = 112;
export const S_W_COUNT = 120;
export const S_LAST_ACCEPT = 128;
export const S_LAST_STEP = 136;
// i32 fields
export const S_COUNTED = 144;
export const S_LAST_DIV = 148;
export const S_BYTES = 152;
export const S_WINDOW_START = 156;
// rng
export const S_RNG = 160;
// u32 offsets of the arrays
export const O_POS = 192;
export const O_PROP = 196;
export const O_E = 200;
export const O_PROP_E = 204;
export const O_G = 208;
export const O_PROP_G = 212;
export const O_MOM = 216;
export const O_NOISE = 220;
export const O_UNIFORM = 224;
export const O_INV_MASS = 228;
export const O_W_MEAN = 232;
export const O_W_M2 = 236;
export const O_ACCEPTS = 240;
export const O_NON_FINITE = 244;
export const O_DIVERGENT = 248;
export const O_LAST_ACC = 252;
export const O_ACC_PROB = 256;
export const HEADER_BYTES: i32 = 272;

@inline function pad16(b: usize): usize {
  return (b + 15) & ~15;
}

/** Address of array `field` (an O_* offset) of the state at `s`. */
@inline export function arr(s: usize, field: i32): usize {
  return s + <usize>load<u32>(s + <usize>field);
}

/** Bytes of a state for `chains` × `dim` (every kind has the same layout). */
export function samplerStateBytes(chains: i32, dim: i32): i32 {
  const cd = pad16(<usize>chains * <usize>dim * 4);
  const c4 = pad16(<usize>chains * 4);
  const c8 = pad16(<usize>chains * 8);
  const d8 = pad16(<usize>dim * 8);
  return <i32>(<usize>HEADER_BYTES + 6 * cd + 3 * c4 + 3 * d8 + 4 * c4 + c8);
}

/**
 * Writes a fresh state: header defaults (step size 0.1, β 1, noise scale 1,
 * no jitter, 1 leapfrog step, unit mass, no adaptation), the RNG keyed by
 * (seedLo, seedHi, stream) at counter 0, and positions copied from Y0 (C×D).
 * Energies and gradients are not evaluated here (see samplerPrime).
 */
export function samplerLayout(s: usize, kind: i32, chains: i32, dim: i32, seedLo: u32, seedHi: u32, stream: u32, Y0: usize): void {
  const bytes = samplerStateBytes(chains, dim);
  memory.fill(s, 0, <usize>bytes);
  store<u32>(s + S_MAGIC, STATE_MAGIC);
  store<i32>(s + S_VERSION, STATE_VERSION);
  store<i32>(s + S_KIND, kind);
  store<i32>(s + S_CHAINS, chains);
  store<i32>(s + S_DIM, dim);
  store<i32>(s + S_LEAPFROG, 1);
  store<i32>(s + S_BYTES, bytes);
  store<i32>(s + S_WINDOW_END, -1);
  store<f64>(s + S_STEP, 0.1);
  store<f64>(s + S_BETA, 1.0);
  store<f64>(s + S_NOISE, 1.0);
  store<f64>(s + S_LAST_STEP, 0.1);
  rngInit(s + S_RNG, seedLo, seedHi, stream);
  const cd = pad16(<usize>chains * <usize>dim * 4);
  const c4 = pad16(<usize>chains * 4);
  const c8 = pad16(<usize>chains * 8);
  const d8 = pad16(<usize>dim * 8);
  let o = <usize>HEADER_BYTES;
  store<u32>(s + O_POS, <u32>o); o += cd;
  store<u32>(s + O_PROP, <u32>o); o += cd;
  store<u32>(s + O_G, <u32>o); o += cd;
  store<u32>(s + O_PROP_G, <u32>o); o += cd;
  store<u32>(s + O_MOM, <u32>o); o += cd;
  store<u32>(s + O_NOISE, <u32>o); o += cd;
  store<u32>(s + O_E, <u32>o); o += c4;
  store<u32>(s + O_PROP_E, <u32>o); o += c4;
  store<u32>(s + O_UNIFORM, <u32>o); o += c4;
  store<u32>(s + O_INV_MASS, <u32>o); o += d8;
  store<u32>(s + O_W_MEAN, <u32>o); o += d8;
  store<u32>(s + O_W_M2, <u32>o); o += d8;
  store<u32>(s + O_ACCEPTS, <u32>o); o += c4;
  store<u32>(s + O_NON_FINITE, <u32>o); o += c4;
  store<u32>(s + O_DIVERGENT, <u32>o); o += c4;
  store<u32>(s + O_LAST_ACC, <u32>o); o += c4;
  store<u32>(s + O_ACC_PROB, <u32>o); o += c8;
  memory.copy(arr(s, O_POS), Y0, <usize>chains * <usize>dim * 4);
  const im = arr(s, O_INV_MASS);
  for (let j = 0; j < dim; j++) store<f64>(im + (<usize>j << 3), 1.0);
}

/**
 * Checks that `bytes` at `s` look like a state of this version for chains×dim:
 * returns 0, or 1 (bad magic/version), 2 (size/shape mismatch), 3 (corrupt offsets).
 */
export function samplerValidate(s: usize, bytes: i32, chains: i32, dim: i32): i32 {
  if (bytes < HEADER_BYTES) return 1;
  if (load<u32>(s + S_MAGIC) != STATE_MAGIC || load<i32>(s + S_VERSION) != STATE_VERSION) return 1;
  if (load<i32>(s + S_CHAINS) != chains || load<i32>(s + S_DIM) != dim) return 2;
  if (load<i32>(s + S_BYTES) != bytes || samplerStateBytes(chains, dim) != bytes) return 2;
  for (let f = O_POS; f <= O_ACC_PROB; f += 4) {
    const o = load<u32>(s + <usize>f);
    if (o < <u32>HEADER_BYTES || o >= <u32>bytes || (o & 15) != 0) return 3;
  }
  return 0;
}
