// Activation functions of the MLP energy and their derivatives, over whole
// buffers (SIMD with a masked tail through a scratch vector).
import { exp4, log4, sigmoid4, tanh4 } from "../core/vmath";

export const ACT_IDENTITY: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY_RELU: i32 = 2;
export const ACT_SILU: i32 = 3;
export const ACT_SOFTPLUS: i32 = 4;
export const ACT_TANH: i32 = 5;
export const ACT_GELU: i32 = 6; // tanh approximation, as PyTorch nn.GELU(approximate='tanh')
export const ACT_ELU: i32 = 7;

const LEAKY_SLOPE: f32 = 0.01;
const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_A: f32 = 0.044715;

/** f(z) lanewise. */
@inline function forward4(z: v128, act: i32): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (act) {
    case ACT_RELU: return f32x4.pmax(zero, z);
    case ACT_LEAKY_RELU: return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, zero));
    case ACT_SILU: return f32x4.mul(z, sigmoid4(z));
    case ACT_SOFTPLUS: {
      // max(z, 0) + log(1 + e^−|z|): never overflows
      const t = exp4(f32x4.neg(f32x4.abs(z)));
      return f32x4.add(f32x4.pmax(zero, z), log4(f32x4.add(one, t)));
    }
    case ACT_TANH: return tanh4(z);
    case ACT_GELU: {
      const inner = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(z, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(z, f32x4.mul(z, z)))));
      return f32x4.mul(f32x4.mul(f32x4.splat(0.5), z), f32x4.add(one, tanh4(inner)));
    }
    case ACT_ELU: return v128.bitselect(z, f32x4.sub(exp4(z), one), f32x4.gt(z, zero));
  }
  return z;
}

/** f'(z) lanewise. */
@inline function derivative4(z: v128, act: i32): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (act) {
    case ACT_RELU: return v128.and(one, f32x4.gt(z, zero));
    case ACT_LEAKY_RELU: return v128.bitselect(one, f32x4.splat(LEAKY_SLOPE), f32x4.gt(z, zero));
    case ACT_SILU: {
      const s = sigmoid4(z);
      return f32x4.mul(s, f32x4.add(one, f32x4.mul(z, f32x4.sub(one, s))));
    }
    case ACT_SOFTPLUS: return sigmoid4(z);
    case ACT_TANH: {
      const t = tanh4(z);
      return f32x4.sub(one, f32x4.mul(t, t));
    }
    case ACT_GELU: {
      const z2 = f32x4.mul(z, z);
      const inner = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(z, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(z2, z))));
      const t = tanh4(inner);
      const dInner = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), z2)));
      const half = f32x4.splat(0.5);
      return f32x4.add(f32x4.mul(half, f32x4.add(one, t)), f32x4.mul(f32x4.mul(half, z), f32x4.mul(f32x4.sub(one, f32x4.mul(t, t)), dInner)));
    }
    case ACT_ELU: return v128.bitselect(one, exp4(z), f32x4.gt(z, zero));
  }
  return one;
}


let derivOut: v128 = f32x4.splat(0);

/** f(z) lanewise, and f'(z) into derivOut, sharing the exponential. */
@inline function both4(z: v128, act: i32): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (act) {
    case ACT_SILU: {
      const s = sigmoid4(z);
      derivOut = f32x4.mul(s, f32x4.add(one, f32x4.mul(z, f32x4.sub(one, s))));
      return f32x4.mul(z, s);
    }
    case ACT_SOFTPLUS: {
      const t = exp4(f32x4.neg(f32x4.abs(z)));
      const inv = f32x4.div(one, f32x4.add(one, t));
      // σ(z) = 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) for z < 0
      derivOut = v128.bitselect(inv, f32x4.mul(t, inv), f32x4.ge(z, zero));
      return f32x4.add(f32x4.pmax(zero, z), log4(f32x4.add(one, t)));
    }
    case ACT_TANH: {
      const t = tanh4(z);
      derivOut = f32x4.sub(one, f32x4.mul(t, t));
      return t;
    }
    case ACT_GELU: {
      const z2 = f32x4.mul(z, z);
      const inner = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(z, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(z2, z))));
      const t = tanh4(inner);
      const half = f32x4.splat(0.5);
      const dInner = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), z2)));
      derivOut = f32x4.add(f32x4.mul(half, f32x4.add(one, t)), f32x4.mul(f32x4.mul(half, z), f32x4.mul(f32x4.sub(one, f32x4.mul(t, t)), dInner)));
      return f32x4.mul(f32x4.mul(half, z), f32x4.add(one, t));
    }
    case ACT_ELU: {
      const e = exp4(z);
      const pos = f32x4.gt(z, zero);
      derivOut = v128.bitselect(one, e, pos);
      return v128.bitselect(z, f32x4.sub(e, one), pos);
    }
  }
  derivOut = derivative4(z, act);
  return forward4(z, act);
}

/**
 * H[i] = f(Z[i]) and, in place, Z[i] = f'(Z[i]) for i < n: one pass before a
 * backward pass, which then only multiplies by the stored derivative.
 */
export function activationForwardKeep(H: usize, Z: usize, n: i32, act: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(H + o, both4(v128.load(Z + o), act));
    v128.store(Z + o, derivOut);
  }
  if (i < n) {
    const t = changetype<usize>(memory.data(32, 16));
    v128.store(t, f32x4.splat(0));
    for (let j = i; j < n; j++) store<f32>(t + (<usize>(j - i) << 2), load<f32>(Z + (<usize>j << 2)));
    v128.store(t, both4(v128.load(t), act));
    v128.store(t, derivOut, 16);
    for (let j = i; j < n; j++) {
      store<f32>(H + (<usize>j << 2), load<f32>(t + (<usize>(j - i) << 2)));
      store<f32>(Z + (<usize>j << 2), load<f32>(t + 16 + (<usize>(j - i) << 2)));
    }
  }
}

/** G[i] *= S[i] (S a stored derivative), SIMD. */
export function multiplyInPlace(G: usize, S: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(G + o, f32x4.mul(v128.load(G + o), v128.load(S + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(G + o, load<f32>(G + o) * load<f32>(S + o));
  }
}

/** H[i] = f(Z[i]) for i < n (may alias). */
export function activationForward(H: usize, Z: usize, n: i32, act: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(H + o, forward4(v128.load(Z + o), act));
  }
  if (i < n) {
    // the last 1–3 values through a zero-padded vector, so the tail uses the same formulas
    const t = changetype<usize>(memory.data(16, 16));
    v128.store(t, f32x4.splat(0));
    for (let j = i; j < n; j++) store<f32>(t + (<usize>(j - i) << 2), load<f32>(Z + (<usize>j << 2)));
    v128.store(t, forward4(v128.load(t), act));
    for (let j = i; j < n; j++) store<f32>(H + (<usize>j << 2), load<f32>(t + (<usize>(j - i) << 2)));
  }
}

/** G[i] *= f'(Z[i]) for i < n. */
export function activationBackward(G: usize, Z: usize, n: i32, act: i32): void {
  if (act == ACT_IDENTITY) return;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(G + o, f32x4.mul(v128.load(G + o), derivative4(v128.load(Z + o), act)));
  }
  if (i < n) {
    const t = changetype<usize>(memory.data(16, 16));
    v128.store(t, f32x4.splat(0));
    for (let j = i; j < n; j++) store<f32>(t + (<usize>(j - i) << 2), load<f32>(Z + (<usize>j << 2)));
    v128.store(t, derivative4(v128.load(t), act));
    for (let j = i; j < n; j++) {
      const p = G + (<usize>j << 2);
      store<f32>(p, load<f32>(p) * load<f32>(t + (<usize>(j - i) << 2)));
    }
  }
}

/** out[i] = f(x[i]) for the exported check of the activation formulas (tests). */
export function activationEval(out: usize, x: usize, n: i32, act: i32, derivative: i32): void {
  if (derivative != 0) {
    for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), 1);
    activationBackward(out, x, n, act);
  } else {
    activationForward(out, x, n, act);
  }
}
