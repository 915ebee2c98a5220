// Sampler state: one self-contained block, so saving is a byte copy and
// resuming is copying the bytes into any fresh block. It is a common header
// (the SS_* fields below: kind, shape, iteration, RNG, step size, β,
// adaptation, per-chain counters, positions and energies) followed by the
// kind's own section (fields at SS_SECTION, defined in the kind's file) and
// the arrays, at 16-aligned offsets relative to the block. The energy
// descriptor is passed per call.
import { rngInit } from "../core/rng";

export const SS_MAGIC_VALUE: u32 = 0x534d4245; // "EBMS"
/** Version 2: a common header plus one section per kind (version 1 had one layout for every kind). */
export const SS_VERSION_VALUE: i32 = 2;

export const SAMPLER_ADAPT_STEP: i32 = 1;
export const SAMPLER_ADAPT_MASS: i32 = 2;

// i32 fields
export const SS_MAGIC = 0;
export const SS_VERSION = 4;
export const SS_KIND = 8;
export const SS_CHAINS = 12;
export const SS_DIM = 16;
export const SS_BYTES = 20; // bytes of the whole block
export const SS_KIND_PARAM = 24; // the kind's size parameter (Gibbs: number of values; 0 otherwise)
export const SS_ITER = 28; // transitions since init
export const SS_COUNTED = 32; // transitions since the counters were reset
export const SS_LAST_DIV = 36; // divergences in the last transition
export const SS_ADAPT_FLAGS = 40;
export const SS_ADAPT_START = 44;
export const SS_ADAPT_END = 48;
export const SS_WINDOW_START = 52;
export const SS_WINDOW_END = 56;
export const SS_WINDOW_SIZE = 60;
export const SS_TERM_START = 64;
export const SS_DA_COUNT = 68;
// f64 fields
export const SS_STEP = 72;
export const SS_BETA = 80;
export const SS_TARGET = 88;
export const SS_DA_MU = 96;
export const SS_DA_LOG_BAR = 104;
export const SS_DA_HBAR = 112;
export const SS_W_COUNT = 120;
export const SS_LAST_ACCEPT = 128;
export const SS_LAST_STEP = 136;
// Philox state (32 bytes, core/rng.ts: key, stream, then the u64 counter)
export const SS_RNG = 144;
export const SS_RNG_COUNTER = 160; // SS_RNG + 16: blocks used so far
// u32 offsets of the common arrays
export const SS_O_POS = 176; // C×D f32
export const SS_O_E = 180; // C f32
export const SS_O_ACCEPTS = 184; // C i32
export const SS_O_NON_FINITE = 188; // C i32
export const SS_O_DIVERGENT = 192; // C i32
export const SS_O_LAST_ACC = 196; // C i32
export const SS_O_ACC_PROB = 200; // C f64
/** Where the kind's section of fields starts; the kind files give offsets relative to it. */
export const SS_SECTION = 208;
/**
 * A kind that uses ∇F keeps the u32 offset of ∇F at the positions (C×D f32) as its first
 * section field, so priming a state needs no per-kind code.
 */
export const SS_SECTION_O_GRAD = 0;
/** Bytes reserved for a kind's fields (its scalars and the u32 offsets of its arrays). */
export const SS_SECTION_BYTES = 64;
export const SS_HEADER_BYTES = 272;

@inline export function pad16(b: usize): usize {
  return (b + 15) & ~15;
}

/** Address of common array `field` (an SS_O_* offset) of the state at `s`. */
@inline export function arr(s: usize, field: i32): usize {
  return s + <usize>load<u32>(s + <usize>field);
}

/** Address of the kind's field at `field` (relative to the kind section). */
@inline export function kindField(s: usize, field: i32): usize {
  return s + <usize>SS_SECTION + <usize>field;
}

/** Address of the kind's array whose u32 offset is at section field `field`. */
@inline export function kindArr(s: usize, field: i32): usize {
  return s + <usize>load<u32>(s + <usize>SS_SECTION + <usize>field);
}

// One walk over the arrays serves three purposes, so sizes, layout and checks cannot drift apart:
export const SS_LAYOUT_SIZE = 0; // only compute where the arrays end
export const SS_LAYOUT_WRITE = 1; // store each array's offset
export const SS_LAYOUT_CHECK = 2; // compare each stored offset with the expected one
export const SS_LAYOUT_LIST = 3; // record each array's field and byte size (layoutList*, for splitting a state into parts)

/** Most arrays one layout has (common and kind's): the list of SS_LAYOUT_LIST. */
const LIST_MAX = 24;
const listField = new StaticArray<u32>(LIST_MAX);
const listBytes = new StaticArray<u32>(LIST_MAX);
let listCount = 0;

let layoutMismatch = false;

/**
 * Places an array of `bytes` at offset `o` (16-aligned) whose u32 offset lives at address `at`
 * (only dereferenced when writing or checking); returns the offset after it.
 */
export function place(at: usize, o: usize, bytes: usize, mode: i32): usize {
  if (mode == SS_LAYOUT_WRITE) store<u32>(at, <u32>o);
  else if (mode == SS_LAYOUT_CHECK && load<u32>(at) != <u32>o) layoutMismatch = true;
  else if (mode == SS_LAYOUT_LIST && listCount < LIST_MAX) {
    // walked with s = 0, `at` is the field's offset in the header
    unchecked((listField[listCount] = <u32>at));
    unchecked((listBytes[listCount] = <u32>bytes));
    listCount++;
  }
  return o + pad16(bytes);
}

/** The common arrays from the end of the header; returns the offset after them. */
export function commonLayout(s: usize, chains: i32, dim: i32, mode: i32): usize {
  const C = <usize>chains;
  let o = <usize>SS_HEADER_BYTES;
  o = place(s + SS_O_POS, o, C * <usize>dim * 4, mode);
  o = place(s + SS_O_E, o, C * 4, mode);
  o = place(s + SS_O_ACCEPTS, o, C * 4, mode);
  o = place(s + SS_O_NON_FINITE, o, C * 4, mode);
  o = place(s + SS_O_DIVERGENT, o, C * 4, mode);
  o = place(s + SS_O_LAST_ACC, o, C * 4, mode);
  o = place(s + SS_O_ACC_PROB, o, C * 8, mode);
  return o;
}

/** Starts a layout list (SS_LAYOUT_LIST walks with s = 0; read with layoutListField/Bytes). */
export function layoutListBegin(): void {
  listCount = 0;
}

/** Arrays recorded since layoutListBegin. */
export function layoutListCount(): i32 {
  return listCount;
}

/** Header offset of the u32 offset field of recorded array i. */
export function layoutListField(i: i32): u32 {
  return unchecked(listField[i]);
}

/** Byte size (unpadded) of recorded array i. */
export function layoutListBytes(i: i32): u32 {
  return unchecked(listBytes[i]);
}

/** Starts a layout check (see layoutFailed). */
export function layoutCheckBegin(): void {
  layoutMismatch = false;
}

/** True when a SS_LAYOUT_CHECK walk since layoutCheckBegin found an offset that differs. */
export function layoutFailed(): bool {
  return layoutMismatch;
}

/**
 * Writes the common header: magic, version, kind, shape, RNG keyed by
 * (seedLo, seedHi, stream) at counter 0, β 1, no adaptation, positions
 * copied from Y0 (C×D; Y0 = 0 leaves them zero). The kind's layout and defaults come after (kinds.ts).
 */
export function commonInit(s: usize, kind: i32, chains: i32, dim: i32, param: i32, bytes: i32, seedLo: u32, seedHi: u32, stream: u32, Y0: usize): void {
  memory.fill(s, 0, <usize>bytes);
  store<u32>(s + SS_MAGIC, SS_MAGIC_VALUE);
  store<i32>(s + SS_VERSION, SS_VERSION_VALUE);
  store<i32>(s + SS_KIND, kind);
  store<i32>(s + SS_CHAINS, chains);
  store<i32>(s + SS_DIM, dim);
  store<i32>(s + SS_BYTES, bytes);
  store<i32>(s + SS_KIND_PARAM, param);
  store<i32>(s + SS_WINDOW_END, -1);
  store<f64>(s + SS_STEP, 0.1);
  store<f64>(s + SS_BETA, 1.0);
  store<f64>(s + SS_LAST_STEP, 0.1);
  rngInit(s + SS_RNG, seedLo, seedHi, stream);
  commonLayout(s, chains, dim, SS_LAYOUT_WRITE);
  if (Y0 != 0) memory.copy(arr(s, SS_O_POS), Y0, <usize>chains * <usize>dim * 4);
}
