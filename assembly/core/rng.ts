// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
// "Parallel Random Numbers: As Easy as 1, 2, 3" (SC'11). Each 128-bit counter
// block maps to four independent 32-bit words under a 64-bit key, so any draw
// can be recomputed from (seed, stream, counter) alone.
//
// An RNG state is 32 bytes in linear memory (u32 words):
//   [0] key0 = seed low 32 bits   [1] key1 = seed high bits
//   [2] stream                    [3] reserved (0)
//   [4] counter low               [5] counter high      [6..7] unused
// Counter block i is (ctr + i, stream, 0) under key (key0, key1); a draw
// consumes whole blocks and advances the counter stored in the state.


const M0: u32 = 0xD2511F53; // 3528531795, Philox multiplier 0
const M1: u32 = 0xCD9E8D57; // 3449720151, Philox multiplier 1
const W0: u32 = 0x9E3779B9; // 2654435769, Weyl key increment (golden ratio)
const W1: u32 = 0xBB67AE85; // 3144134277, Weyl key increment (sqrt(3) - 1)

const TWO_POW_M24: f32 = 5.9604644775390625e-8; // 2^-24
const TWO_POW_M32: f64 = 2.3283064365386963e-10; // 2^-32
const TWO_PI: f64 = 6.283185307179586;

export const RNG_STATE_BYTES: i32 = 32;

// One block's output, for scalar callers.
export let out0: u32 = 0;
export let out1: u32 = 0;
export let out2: u32 = 0;
export let out3: u32 = 0;

/** Ten Philox rounds on one counter block; writes out0..out3. */
export function philoxBlock(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>M0 * <u64>c0;
    const p1 = <u64>M1 * <u64>c2;
    const n0 = (<u32>(p1 >>> 32)) ^ c1 ^ k0;
    const n2 = (<u32>(p0 >>> 32)) ^ c3 ^ k1;
    c0 = n0;
    c1 = <u32>p1;
    c2 = n2;
    c3 = <u32>p0;
    k0 += W0;
    k1 += W1;
  }
  out0 = c0;
  out1 = c1;
  out2 = c2;
  out3 = c3;
}

/** Raw Philox4x32-10 of one block (for the published test vectors). Writes 4 words to `out`. */
export function philox4x32(out: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): usize {
  philoxBlock(c0, c1, c2, c3, k0, k1);
  store<u32>(out, out0);
  store<u32>(out, out1, 4);
  store<u32>(out, out2, 8);
  store<u32>(out, out3, 12);
  return out;
}

/** Writes an RNG state for (seedLo, seedHi, stream) with counter 0. */
export function rngInit(state: usize, seedLo: u32, seedHi: u32, stream: u32): usize {
  store<u32>(state, seedLo, 0);
  store<u32>(state, seedHi, 4);
  store<u32>(state, stream, 8);
  store<u32>(state, 0, 12);
  store<u32>(state, 0, 16);
  store<u32>(state, 0, 20);
  store<u32>(state, 0, 24);
  store<u32>(state, 0, 28);
  return state;
}

@inline function counterOf(state: usize): u64 {
  return <u64>load<u32>(state, 16) | (<u64>load<u32>(state, 20) << 32);
}

@inline function advance(state: usize, blocks: u64): void {
  const c = counterOf(state) + blocks;
  store<u32>(state, <u32>c, 16);
  store<u32>(state, <u32>(c >>> 32), 20);
}

/** Computes block `index` (counter + index) of `state` without advancing it; writes out0..out3. */
@inline export function blockAt(state: usize, index: u64): void {
  const c = counterOf(state) + index;
  philoxBlock(<u32>c, <u32>(c >>> 32), load<u32>(state, 8), load<u32>(state, 12), load<u32>(state, 0), load<u32>(state, 4));
}

// Four consecutive blocks at once: lanes are blocks, one v128 per word.
let v0: v128 = i32x4.splat(0);
let v1: v128 = i32x4.splat(0);
let v2: v128 = i32x4.splat(0);
let v3: v128 = i32x4.splat(0);

@inline function mulhilo4(a: v128, m: v128, hiLo: bool): v128 {
  const pl = i64x2.extmul_low_i32x4_u(a, m);
  const ph = i64x2.extmul_high_i32x4_u(a, m);
  // words of the 64-bit products: low halves are lanes 0,2 (+4,6), high halves 1,3 (+5,7)
  return hiLo ? i32x4.shuffle(pl, ph, 1, 3, 5, 7) : i32x4.shuffle(pl, ph, 0, 2, 4, 6);
}

const PHILOX_K = memory.data<u32>([M0, M1, W0, W1]);

// Eight consecutive blocks: v0..v3 hold blocks 0–3, x0..x3 blocks 4–7 (lanes = blocks, one v128 per word).
let x0: v128 = i32x4.splat(0);
let x1: v128 = i32x4.splat(0);
let x2: v128 = i32x4.splat(0);
let x3: v128 = i32x4.splat(0);

/**
 * Philox on blocks counter+index .. +7: two independent groups of four in one
 * loop, so the multiply→shuffle→xor latency chain of one group hides behind
 * the other's. Groups of four (the tails below) use v0..v3 and ignore the rest.
 */
function philoxBlocks8(state: usize, index: u64): void {
  const c = counterOf(state) + index;
  const lo = <u32>c;
  const base = i32x4.splat(lo);
  const hi = i32x4.splat(<u32>(c >>> 32));
  let a0 = i32x4.add(base, i32x4(0, 1, 2, 3));
  let b0 = i32x4.add(base, i32x4(4, 5, 6, 7));
  // carry into the high word where the low word wrapped
  let a1 = i32x4.sub(hi, i32x4.lt_u(a0, base));
  let b1 = i32x4.sub(hi, i32x4.lt_u(b0, base));
  let a2 = i32x4.splat(load<u32>(state, 8));
  let b2 = a2;
  let a3 = i32x4.splat(load<u32>(state, 12));
  let b3 = a3;
  const k0 = load<u32>(state, 0);
  const k1 = load<u32>(state, 4);
  // the round keys as vectors, bumped by a lanewise add (wrapping, as the scalar k += W)
  let kk0 = i32x4.splat(k0);
  let kk1 = i32x4.splat(k1);
  for (let r = 0; r < 10; r++) {
    // multipliers and key increments loaded from memory each round: engines otherwise rebuild
    // these constants per round from a GPR with shuffles, on the port the products already saturate
    const m0 = v128.load32_splat(PHILOX_K);
    const m1 = v128.load32_splat(PHILOX_K, 4);
    const w0 = v128.load32_splat(PHILOX_K, 8);
    const w1 = v128.load32_splat(PHILOX_K, 12);
    const ahi0 = mulhilo4(a0, m0, true);
    const bhi0 = mulhilo4(b0, m0, true);
    const alo0 = mulhilo4(a0, m0, false);
    const blo0 = mulhilo4(b0, m0, false);
    const ahi1 = mulhilo4(a2, m1, true);
    const bhi1 = mulhilo4(b2, m1, true);
    const alo1 = mulhilo4(a2, m1, false);
    const blo1 = mulhilo4(b2, m1, false);
    a0 = v128.xor(v128.xor(ahi1, a1), kk0);
    b0 = v128.xor(v128.xor(bhi1, b1), kk0);
    a1 = alo1;
    b1 = blo1;
    a2 = v128.xor(v128.xor(ahi0, a3), kk1);
    b2 = v128.xor(v128.xor(bhi0, b3), kk1);
    a3 = alo0;
    b3 = blo0;
    kk0 = i32x4.add(kk0, w0);
    kk1 = i32x4.add(kk1, w1);
  }
  v0 = a0;
  v1 = a1;
  v2 = a2;
  v3 = a3;
  x0 = b0;
  x1 = b1;
  x2 = b2;
  x3 = b3;
}

/** Stores v0..v3 (lanes = blocks) as 16 words in block order at `out`. */
@inline function storeTransposed(out: usize): void {
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(out, i32x4.shuffle(t0, t2, 0, 1, 4, 5), 0);
  v128.store(out, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
  v128.store(out, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
  v128.store(out, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
}

/**
 * Fills `out[0..n)` (u32) with raw Philox words, block by block, and advances
 * the state's counter by ceil(n/4) blocks. Returns `out`.
 */
export function rngU32(out: usize, n: i32, state: usize): usize {
  const blocks = (n + 3) >> 2;
  let b = 0;
  for (; (b + 8) * 4 <= n; b += 8) {
    philoxBlocks8(state, <u64>b);
    storeTransposed(out + (<usize>b << 4));
    v0 = x0;
    v1 = x1;
    v2 = x2;
    v3 = x3;
    storeTransposed(out + (<usize>b << 4) + 64);
  }
  for (; b + 4 <= blocks && (b + 4) * 4 <= n; b += 4) {
    philoxBlocks8(state, <u64>b);
    storeTransposed(out + (<usize>b << 4));
  }
  for (; b < blocks; b++) {
    blockAt(state, <u64>b);
    const o = out + (<usize>b << 4);
    const rem = n - b * 4;
    store<u32>(o, out0, 0);
    if (rem > 1) store<u32>(o, out1, 4);
    if (rem > 2) store<u32>(o, out2, 8);
    if (rem > 3) store<u32>(o, out3, 12);
  }
  advance(state, <u64>blocks);
  return out;
}

/**
 * Uniform f32 in [0, 1): the top 24 bits of each word times 2^-24. Advances by ceil(n/4) blocks.
 * (Here and in the normals every converted integer is below 2^24, so the signed conversion, one
 * instruction on x64, gives the unsigned one's values; engines emulate the unsigned one in several.)
 */
export function rngUniform(out: usize, n: i32, state: usize): usize {
  rngU32(out, n, state);
  const scale = f32x4.splat(TWO_POW_M24);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = out + (<usize>i << 2);
    const w = i32x4.shr_u(v128.load(p), 8);
    v128.store(p, f32x4.mul(f32x4.convert_i32x4_s(w), scale));
  }
  for (; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, <f32>(load<u32>(p) >>> 8) * TWO_POW_M24);
  }
  return out;
}

/** Box–Muller pair from two words, in f64 (AssemblyScript's musl-derived log/sin/cos are the same bits everywhere). */
let normal0: f64 = 0;
let normal1: f64 = 0;
@inline function boxMuller(a: u32, b: u32): void {
  const u1 = (<f64>a + 0.5) * TWO_POW_M32; // in (0, 1): log never sees 0
  const theta = TWO_PI * (<f64>b * TWO_POW_M32);
  const r = Math.sqrt(-2.0 * Math.log(u1));
  NativeMath.sincos(theta);
  normal0 = r * NativeMath.sincos_cos;
  normal1 = r * NativeMath.sincos_sin;
}

/**
 * Standard normal f32: each block's words (w0,w1) and (w2,w3) give two
 * Box–Muller pairs, so four normals per block. Advances by ceil(n/4) blocks.
 */
export function rngNormal(out: usize, n: i32, state: usize): usize {
  const blocks = (n + 3) >> 2;
  for (let b = 0; b < blocks; b++) {
    blockAt(state, <u64>b);
    const o = out + (<usize>b << 4);
    const rem = n - b * 4;
    boxMuller(out0, out1);
    store<f32>(o, <f32>normal0, 0);
    if (rem > 1) store<f32>(o, <f32>normal1, 4);
    if (rem > 2) {
      boxMuller(out2, out3);
      store<f32>(o, <f32>normal0, 8);
      if (rem > 3) store<f32>(o, <f32>normal1, 12);
    }
  }
  advance(state, <u64>blocks);
  return out;
}

// ---- scalar draws inside kernels -------------------------------------------
// A kernel takes whole blocks from a state through a cursor; words left in the
// last block are dropped when the kernel calls `cursorEnd`, so the number of
// blocks used depends only on the number of draws.

let cursorState: usize = 0;
let cursorBlock: u64 = 0;
let cursorWord: i32 = 4;
let cw0: u32 = 0;
let cw1: u32 = 0;
let cw2: u32 = 0;
let cw3: u32 = 0;

export function cursorBegin(state: usize): void {
  cursorState = state;
  cursorBlock = 0;
  cursorWord = 4;
}

export function nextU32(): u32 {
  if (cursorWord == 4) {
    blockAt(cursorState, cursorBlock);
    cursorBlock++;
    cw0 = out0;
    cw1 = out1;
    cw2 = out2;
    cw3 = out3;
    cursorWord = 0;
  }
  const w = cursorWord++;
  return w == 0 ? cw0 : w == 1 ? cw1 : w == 2 ? cw2 : cw3;
}

/** Uniform f64 in [0, 1) with 53 random bits (two words). */
export function nextUniform(): f64 {
  const a = nextU32() >>> 5; // 27 bits
  const b = nextU32() >>> 6; // 26 bits
  return (<f64>a * 67108864.0 + <f64>b) * 1.1102230246251565e-16; // (a·2^26 + b)·2^-53
}

/** Uniform integer in [0, bound) by Lemire's multiply-and-reject (unbiased). */
export function nextBelow(bound: u32): u32 {
  let m = <u64>nextU32() * <u64>bound;
  let low = <u32>m;
  if (low < bound) {
    const threshold = (<u32>0 - bound) % bound;
    while (low < threshold) {
      m = <u64>nextU32() * <u64>bound;
      low = <u32>m;
    }
  }
  return <u32>(m >>> 32);
}

/** Ends the kernel's draws: advances the state past every block touched. */
export function cursorEnd(): void {
  advance(cursorState, cursorBlock);
}

// ---- fast normals for samplers -------------------------------------------------
// Box–Muller in f32 on four blocks at once (lanes = blocks). Each block's words
// (w0, w1) and (w2, w3) make two pairs: z0 = r·cos θ, z1 = r·sin θ with
//   r = √(−2 ln u1),  u1 = (2·(w0 >> 9) + 1)·2⁻²⁴   (odd multiples of 2⁻²⁴: exact in f32, never 0 or 1),
//   θ = q·π/2 + a,    q = w1 >> 30 (the top two bits), a = ((2k + 1)·2⁻²⁴ − ½)·π/2 with
//                     k = (w1 >> 7) & (2²³ − 1), so a ∈ (−π/4, π/4) and θ is uniform on the circle.
// The quadrant comes straight from the bits: cos θ and sin θ are ±cos a or ±sin a, swapped when q
// is odd, so no range reduction. ln u1 = e·ln 2 + 2·atanh(s), s = (m − 1)/(m + 1) with
// u1 = m·2^e, m ∈ [√½, √2), |s| ≤ 0.1716: 2s(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9) leaves out
// 2s·s¹⁰/11 < 2.3e-9 relative, below f32 round-off. sin a and cos a by the Cephes sinf/cosf
// polynomials on [−π/4, π/4]. Only IEEE basic operations (add, mul, div, sqrt, bit logic), so
// the same bits in every engine; about 1–2 ulp of f32 against the f64 formula of the same words
// (test/rng.test.ts). |z| ≤ 5.9 (u1 ≥ 2⁻²⁴), a tail mass of 4e-9 that MCMC never notices.
// (Before 2026-11-30 the angle was 2π·(w1 >> 8)·2⁻²⁴ with a rounded quadrant reduction and ln by
// Cephes' degree-9 logf: ~25 % more operations for the same accuracy, and other bits.)

// The constants in memory: a v128.load32_splat from L1 is one load µop, where a v128.const
// costs engines a GPR move and shuffles (on x64 the port the shuffles here need).
const SCF = memory.data<f32>([
  9.362675707309822e-8, // 0: π/2 · 2⁻²⁴
  0.7853981633974483, // 1: π/4
  -1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1, // 2–4: sin
  2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2, // 5–7: cos
  1, 0.5, 5.9604644775390625e-8, -2, // 8–11: 1, ½, 2⁻²⁴, −2
  0.707106781186547524, // 12: √½
  0.1111111111111111, 0.14285714285714285, 0.2, 0.3333333333333333, // 13–16: 1/9, 1/7, 1/5, 1/3
  0.693359375, -2.12194440e-4, // 17, 18: ln 2 = hi + lo (hi exact in 9 bits)
]);
const SCI = memory.data<u32>([1, 0x7fffff, 0x80000000, 0x3f000000, 126, 0x00fffffe]);
@inline function sck(i: i32): v128 {
  return v128.load32_splat(SCF + (<usize>i << 2));
}
@inline function sci(i: i32): v128 {
  return v128.load32_splat(SCI + (<usize>i << 2));
}

/** −2 ln u lanewise for u ∈ (0, 1) normal f32 (see above: e·ln 2 + 2·atanh((m − 1)/(m + 1))). */
@inline function minusTwoLn(u: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(u, 23), sci(4)); // exponent for m in [0.5, 1)
  let m = v128.or(v128.and(u, sci(1)), sci(3));
  const small = f32x4.lt(m, sck(12)); // m < √½: use 2m and e − 1
  e = i32x4.add(e, small);
  m = f32x4.add(m, v128.and(m, small));
  const s = f32x4.div(f32x4.sub(m, sck(8)), f32x4.add(m, sck(8)));
  const z = f32x4.mul(s, s);
  let p = f32x4.add(f32x4.mul(sck(13), z), sck(14));
  p = f32x4.add(f32x4.mul(p, z), sck(15));
  p = f32x4.add(f32x4.mul(p, z), sck(16));
  const s2 = f32x4.add(s, s);
  const lnm = f32x4.add(s2, f32x4.mul(f32x4.mul(s2, z), p));
  const ef = f32x4.convert_i32x4_s(e);
  const ln = f32x4.add(f32x4.add(f32x4.mul(ef, sck(18)), lnm), f32x4.mul(ef, sck(17)));
  return f32x4.mul(ln, sck(11));
}

/** cos θ and sin θ of the angle words w (lanes; θ as above): into fastCos, fastSin. */
@inline function sinCosWord(w: v128): void {
  const odd = v128.or(v128.and(i32x4.shr_u(w, 6), sci(5)), sci(0)); // 2k + 1 < 2²⁴
  const a = f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(odd), sck(0)), sck(1));
  const a2 = f32x4.mul(a, a);
  let ps = f32x4.add(f32x4.mul(sck(2), a2), sck(3));
  ps = f32x4.add(f32x4.mul(ps, a2), sck(4));
  const sn = f32x4.add(a, f32x4.mul(f32x4.mul(a, a2), ps));
  let pc = f32x4.add(f32x4.mul(sck(5), a2), sck(6));
  pc = f32x4.add(f32x4.mul(pc, a2), sck(7));
  const cs = f32x4.add(f32x4.sub(sck(8), f32x4.mul(a2, sck(9))), f32x4.mul(f32x4.mul(a2, a2), pc));
  // q = w >> 30: odd q swaps, cos θ < 0 for q ∈ {1, 2} (bit 31 ≠ bit 30), sin θ < 0 for q ∈ {2, 3} (bit 31)
  const w1 = i32x4.shl(w, 1);
  const swap = i32x4.shr_s(w1, 31);
  const sign = sci(2);
  fastCos = v128.xor(v128.bitselect(sn, cs, swap), v128.and(v128.xor(w, w1), sign));
  fastSin = v128.xor(v128.bitselect(cs, sn, swap), v128.and(w, sign));
}
let fastSin: v128 = f32x4.splat(0);
let fastCos: v128 = f32x4.splat(0);

/**
 * Box–Muller of one group of four blocks (words w0..w3, lanes = blocks) into v0..v3.
 * Not inlined: two inlined copies in normals32 spilled vectors to the stack.
 */
function boxMuller16(w0: v128, w1: v128, w2: v128, w3: v128): void {
  const scale = sck(10); // 2^-24
  let u1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shl(i32x4.shr_u(w0, 9), 1), sci(0))), scale);
  const ra = f32x4.sqrt(minusTwoLn(u1));
  u1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shl(i32x4.shr_u(w2, 9), 1), sci(0))), scale);
  const rb = f32x4.sqrt(minusTwoLn(u1));
  sinCosWord(w1);
  const z0 = f32x4.mul(ra, fastCos);
  const z1 = f32x4.mul(ra, fastSin);
  sinCosWord(w3);
  v0 = z0;
  v1 = z1;
  v2 = f32x4.mul(rb, fastCos);
  v3 = f32x4.mul(rb, fastSin);
}

/** 16 normals from blocks counter+index … +3 into out (block order, as rngNormal). */
function normals16(out: usize, state: usize, index: u64): void {
  philoxBlocks8(state, index);
  boxMuller16(v0, v1, v2, v3);
  storeTransposed(out);
}

/** 32 normals from blocks counter+index … +7 into out (block order): two normals16 with the Philox of both interleaved. */
function normals32(out: usize, state: usize, index: u64): void {
  philoxBlocks8(state, index);
  const w0 = x0, w1 = x1, w2 = x2, w3 = x3;
  boxMuller16(v0, v1, v2, v3);
  storeTransposed(out);
  boxMuller16(w0, w1, w2, w3);
  storeTransposed(out + 64);
}

/**
 * Standard normal f32 for samplers (fast, SIMD; see above), four per block,
 * advances the state by ceil(n/4) blocks. Returns out.
 */
export function rngNormalFast(out: usize, n: i32, state: usize): usize {
  const blocks = (n + 3) >> 2;
  let b = 0;
  for (; (b + 8) * 4 <= n; b += 8) normals32(out + (<usize>b << 4), state, <u64>b);
  for (; (b + 4) * 4 <= n; b += 4) normals16(out + (<usize>b << 4), state, <u64>b);
  if (b < blocks) {
    const tmp = changetype<usize>(memory.data(64, 16));
    normals16(tmp, state, <u64>b);
    memory.copy(out + (<usize>b << 4), tmp, <usize>(n - b * 4) << 2);
  }
  advance(state, <u64>blocks);
  return out;
}
