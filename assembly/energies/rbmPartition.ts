// The RBM's partition function Z = Σ_v Σ_h exp(−E(v, h)) (an integral over v
// for Gaussian visible units): exactly, by enumerating the smaller layer with
// the other summed out in closed form, and by annealed importance sampling
// from a factorized base (Salakhutdinov & Murray 2008, "On the quantitative
// analysis of deep belief networks", §4).
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { exp4, log4 } from "../core/vmath";
import { hsum4 } from "../core/simd";
import {
  RBM_MAX_EXACT_UNITS, rbmB, rbmC, rbmGaussian, rbmH, rbmV, rbmW, rbmHiddenInput, sigmoidInPlace, softplus, axpyF32,
} from "./rbm";
import { addNormalInPlace, bernoulliInPlace } from "./rbmGibbs";
import { allocBytes } from "../core/memory";

const LOG_2PI: f64 = 1.8378770664093453; // log(2π)
const LOG2: f64 = 0.6931471805599453;
// the enumeration refreshes its running sums from scratch this often, so f32 round-off cannot drift
const REFRESH: i32 = 4096;

/** Σ softplus(u_o) over o < n in f32 lanes (Cephes exp/log: the same bits everywhere), summed in f64. */
@inline function softplusSumF32(u: usize, n: i32): f64 {
  let acc = f32x4.splat(0);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(u + (<usize>i << 2));
    const sp = f32x4.add(f32x4.pmax(x, zero), log4(f32x4.add(one, exp4(f32x4.neg(f32x4.abs(x))))));
    acc = f32x4.add(acc, sp);
  }
  let s = <f64>hsum4(acc);
  for (; i < n; i++) s += softplus(<f64>load<f32>(u + (<usize>i << 2)));
  return s;
}

/** ½‖u‖² in f64. */
@inline function halfSquares(u: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = <f64>load<f32>(u + (<usize>i << 2));
    s += 0.5 * x * x;
  }
  return s;
}

/** Enumerated states per fixed block (2^16): a multiple of REFRESH, so a block's sums start from scratch. */
const EXACT_BLOCK_BITS: i32 = 16;

/** The (max, sum) of the last enumerated block: log Σ exp(t) = max + log(sum). */
let blockMax: f64 = -Infinity;
let blockSum: f64 = 0;

/**
 * log Σ_e exp(biasEᵀe + g(biasO + Mᵀe)) over the binary states e of the
 * enumerated layer (M nE×nO rows, biases f32) with Gray-code index i in
 * [from, to), with g = Σ softplus (the other layer Bernoulli, summed out) or
 * ½‖·‖² (the other layer Gaussian, integrated out up to a constant), as
 * (blockMax, blockSum). States in Gray-code order: one row added or removed per
 * state, and every REFRESH-th state (from is a multiple) from scratch, so a
 * range's values do not depend on where the enumeration started.
 */
function enumerate(M: usize, biasE: usize, biasO: usize, nE: i32, nO: i32, gaussianOther: bool, from: i64, to: i64): void {
  const rowO = <usize>nO << 2;
  const u = allocBytes(<u64>(rowO + 16));
  let mx: f64 = -Infinity;
  let sum: f64 = 0;
  let s: f64 = 0;
  for (let i: i64 = from; i < to; i++) {
    const gray = i ^ (i >> 1);
    if ((i & (REFRESH - 1)) == 0) {
      // from scratch: u = biasO + Σ_{e_j = 1} M_j, s = Σ_{e_j = 1} biasE_j
      memory.copy(u, biasO, rowO);
      s = 0;
      for (let j = 0; j < nE; j++) {
        if (((gray >> j) & 1) != 0) {
          axpyF32(u, 1, M + <usize>j * rowO, nO);
          s += <f64>load<f32>(biasE + (<usize>j << 2));
        }
      }
    } else {
      const j = <i32>ctz(i);
      const on = ((gray >> j) & 1) != 0;
      axpyF32(u, on ? 1 : -1, M + <usize>j * rowO, nO);
      const bj = <f64>load<f32>(biasE + (<usize>j << 2));
      s += on ? bj : -bj;
    }
    const t = s + (gaussianOther ? halfSquares(u, nO) : softplusSumF32(u, nO));
    if (t > mx) {
      sum = sum * Math.exp(mx - t) + 1;
      mx = t;
    } else {
      sum += Math.exp(t - mx);
    }
  }
  heap.free(u);
  blockMax = mx;
  blockSum = sum;
}

/** The enumerated layer's size (checked against RBM_MAX_EXACT_UNITS) and side. */
function exactSide(m: usize): i32 {
  const V = rbmV(m), H = rbmH(m);
  const nE = rbmGaussian(m) || H <= V ? H : V;
  if (nE > RBM_MAX_EXACT_UNITS) fail(E_BAD_ARGUMENT, nE);
  return nE;
}

/** The number of fixed blocks of the exact enumeration: 2^max(0, units − 16) (rbmExactPartial, rbmExactFold). */
export function rbmExactBlocks(m: usize): i32 {
  const nE = exactSide(m);
  return nE > EXACT_BLOCK_BITS ? 1 << (nE - EXACT_BLOCK_BITS) : 1;
}

/**
 * Blocks first … first + count − 1 of the exact enumeration (2^16 states each, or all 2^units
 * when fewer): out f64[2·count] = (max, sum) per block, log Σ_block exp = max + log(sum).
 * A block's values depend on the block alone, so blocks can be computed anywhere.
 */
export function rbmExactPartial(m: usize, first: i32, count: i32, out: usize): void {
  const nb = rbmExactBlocks(m);
  if (first < 0 || count < 0 || first > nb - count) fail(E_BAD_ARGUMENT, first);
  const V = rbmV(m), H = rbmH(m);
  const gaussian = rbmGaussian(m);
  const hiddenSide = gaussian || H <= V;
  const nE = hiddenSide ? H : V;
  const per: i64 = nE > EXACT_BLOCK_BITS ? (<i64>1) << EXACT_BLOCK_BITS : (<i64>1) << nE;
  // visible side: the rows of the enumeration are W's columns
  let Wt: usize = 0;
  if (!hiddenSide) {
    Wt = allocBytes(<u64>V * <u64>H * 4 + 16);
    const W = rbmW(m);
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < V; k++) {
        store<f32>(Wt + ((<usize>k * <usize>H + <usize>j) << 2), load<f32>(W + ((<usize>j * <usize>V + <usize>k) << 2)));
      }
    }
  }
  for (let q = 0; q < count; q++) {
    const from = <i64>(first + q) * per;
    if (hiddenSide) enumerate(rbmW(m), rbmC(m), rbmB(m), H, V, gaussian, from, from + per);
    else enumerate(Wt, rbmB(m), rbmC(m), V, H, false, from, from + per);
    store<f64>(out + (<usize>q << 4), blockMax);
    store<f64>(out + (<usize>q << 4), blockSum, 8);
  }
  if (Wt != 0) heap.free(Wt);
}

/**
 * log Z from the n = rbmExactBlocks(m) blocks' (max, sum) of rbmExactPartial, folded in block
 * order with the online rule of the enumeration (one block: its own max + log(sum), as before blocks).
 */
export function rbmExactFold(m: usize, parts: usize, n: i32): f64 {
  if (n != rbmExactBlocks(m)) fail(E_BAD_ARGUMENT, n);
  let mx: f64 = -Infinity;
  let sum: f64 = 0;
  for (let q = 0; q < n; q++) {
    const bm = load<f64>(parts + (<usize>q << 4));
    const bs = load<f64>(parts + (<usize>q << 4), 8);
    if (bm > mx) {
      sum = sum * Math.exp(mx - bm) + bs;
      mx = bm;
    } else {
      sum += bs * Math.exp(bm - mx);
    }
  }
  const lz = mx + Math.log(sum);
  const V = rbmV(m);
  // Gaussian: ∫ exp(−½‖v − b‖² + vᵀWᵀh) dv = (2π)^{V/2} exp(½‖b + Wᵀh‖² − ½‖b‖²)
  return rbmGaussian(m) ? lz - halfSquares(rbmB(m), V) + 0.5 * <f64>V * LOG_2PI : lz;
}

/**
 * log Z, exactly: the smaller layer enumerated (hidden units only, for Gaussian
 * visible units), at most RBM_MAX_EXACT_UNITS of them (else E_BAD_ARGUMENT), in
 * the fixed blocks of rbmExactPartial folded by rbmExactFold (so workers that
 * compute the blocks give the same bits).
 */
export function rbmLogPartitionExact(m: usize): f64 {
  const n = rbmExactBlocks(m);
  const parts = allocBytes(<u64>n * 16 + 16);
  rbmExactPartial(m, 0, n, parts);
  const lz = rbmExactFold(m, parts, n);
  heap.free(parts);
  return lz;
}

/** log Z of the AIS base p₀(v) ∝ exp(b_Aᵀv)·Π_j (1 + e⁰) (Gaussian: exp(−½‖v − b_A‖²)·2^H). */
export function rbmAisBaseLogZ(m: usize, bA: usize): f64 {
  const V = rbmV(m), H = rbmH(m);
  let lz = <f64>H * LOG2;
  if (rbmGaussian(m)) return lz + 0.5 * <f64>V * LOG_2PI;
  for (let k = 0; k < V; k++) lz += softplus(<f64>load<f32>(bA + (<usize>k << 2)));
  return lz;
}

/** log p*_β(v) + const: the visible terms of both ends mixed by β, plus Σ softplus(β·a_j). */
@inline function logTarget(m: usize, bA: usize, v: usize, a: usize, V: i32, H: i32, beta: f64, gaussian: bool): f64 {
  const b = rbmB(m);
  let s: f64 = 0;
  for (let k = 0; k < V; k++) {
    const vk = <f64>load<f32>(v + (<usize>k << 2));
    const ak = <f64>load<f32>(bA + (<usize>k << 2));
    const bk = <f64>load<f32>(b + (<usize>k << 2));
    if (gaussian) {
      s -= 0.5 * ((1 - beta) * (vk - ak) * (vk - ak) + beta * (vk - bk) * (vk - bk));
    } else {
      s += ((1 - beta) * ak + beta * bk) * vk;
    }
  }
  for (let j = 0; j < H; j++) s += softplus(beta * <f64>load<f32>(a + (<usize>j << 2)));
  return s;
}

/**
 * AIS temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1)
 * for n chains Vc (n×V, in/out) with log-weights logw f64[n] (in/out). At k = 0
 * the chains are drawn from the base (visible biases bA f32[V]); at k ≥ 1 the
 * weights gain log p*_k(v) − log p*_{k−1}(v) and, below the last temperature,
 * the chains take one Gibbs sweep that leaves p_k invariant
 * (h ~ σ(β·(c + Wv)), v from (1 − β)·b_A + β·(b + Wᵀh)). rng 32 B, advanced.
 */
export function rbmAisRun(m: usize, bA: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, Vc: usize, logw: usize, n: i32, rng: usize): void {
  if (K < 2 || kFrom < 0 || kTo > K || n < 1) fail(E_BAD_ARGUMENT, 1);
  const V = rbmV(m), H = rbmH(m);
  const gaussian = rbmGaussian(m);
  const rowV = <usize>V << 2;
  const A = allocBytes(<u64>n * <u64>H * 4 + 16);
  const Hs = allocBytes(<u64>n * <u64>H * 4 + 16);
  const U = allocBytes(<u64>n * <u64>max(V, H) * 4 + 16);
  const W = rbmW(m), b = rbmB(m);
  for (let k = kFrom; k < kTo; k++) {
    const beta = load<f64>(betas + (<usize>k << 3));
    rbmHiddenInput(m, A, Vc, n, 1);
    if (k > 0) {
      const prev = load<f64>(betas + (<usize>(k - 1) << 3));
      for (let r = 0; r < n; r++) {
        const v = Vc + <usize>r * rowV;
        const a = A + (<usize>r * <usize>H << 2);
        const d = logTarget(m, bA, v, a, V, H, beta, gaussian) - logTarget(m, bA, v, a, V, H, prev, gaussian);
        store<f64>(logw + (<usize>r << 3), load<f64>(logw + (<usize>r << 3)) + d);
      }
    }
    if (k == K - 1) continue;
    // one sweep at β: hidden given v, then v given h
    const bf = <f32>beta;
    const nh = n * H;
    for (let i = 0; i < nh; i++) store<f32>(Hs + (<usize>i << 2), bf * load<f32>(A + (<usize>i << 2)));
    sigmoidInPlace(Hs, nh);
    bernoulliInPlace(Hs, U, nh, rng);
    const one: f32 = <f32>(1 - beta);
    for (let r = 0; r < n; r++) {
      const v = Vc + <usize>r * rowV;
      for (let kk = 0; kk < V; kk++) {
        const o = <usize>kk << 2;
        store<f32>(v + o, one * load<f32>(bA + o) + bf * load<f32>(b + o));
      }
      const h = Hs + (<usize>r * <usize>H << 2);
      for (let j = 0; j < H; j++) {
        if (load<f32>(h + (<usize>j << 2)) != 0) axpyF32(v, bf, W + <usize>j * rowV, V);
      }
    }
    if (gaussian) {
      addNormalInPlace(Vc, U, n * V, rng);
    } else {
      sigmoidInPlace(Vc, n * V);
      bernoulliInPlace(Vc, U, n * V, rng);
    }
  }
  heap.free(U);
  heap.free(Hs);
  heap.free(A);
}
