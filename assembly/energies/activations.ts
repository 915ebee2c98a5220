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

// ---- Taylor mode (energies/network.ts): f and its first three derivatives ----

let taylorD1: v128 = f32x4.splat(0);
let taylorD2: v128 = f32x4.splat(0);
let taylorD3: v128 = f32x4.splat(0);

/**
 * f(z) lanewise, with f', f'', f''' into taylorD1..3. relu and leaky relu
 * have f'' = f''' = 0 away from the kink (their Hessian is zero almost everywhere).
 */
@inline function taylor4(z: v128, act: i32): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const two = f32x4.splat(2);
  switch (act) {
    case ACT_SILU: {
      // f = z·σ; with σ1 = σ(1 − σ), σ2 = σ1(1 − 2σ), σ3 = σ1((1 − 2σ)² − 2σ1):
      // f' = σ + z·σ1, f'' = 2σ1 + z·σ2, f''' = 3σ2 + z·σ3
      const s = sigmoid4(z);
      const s1 = f32x4.mul(s, f32x4.sub(one, s));
      const m = f32x4.sub(one, f32x4.mul(two, s));
      const s2 = f32x4.mul(s1, m);
      const s3 = f32x4.mul(s1, f32x4.sub(f32x4.mul(m, m), f32x4.mul(two, s1)));
      taylorD1 = f32x4.add(s, f32x4.mul(z, s1));
      taylorD2 = f32x4.add(f32x4.mul(two, s1), f32x4.mul(z, s2));
      taylorD3 = f32x4.add(f32x4.mul(f32x4.splat(3), s2), f32x4.mul(z, s3));
      return f32x4.mul(z, s);
    }
    case ACT_SOFTPLUS: {
      const t = exp4(f32x4.neg(f32x4.abs(z)));
      const inv = f32x4.div(one, f32x4.add(one, t));
      const s = v128.bitselect(inv, f32x4.mul(t, inv), f32x4.ge(z, zero));
      const s1 = f32x4.mul(s, f32x4.sub(one, s));
      taylorD1 = s;
      taylorD2 = s1;
      taylorD3 = f32x4.mul(s1, f32x4.sub(one, f32x4.mul(two, s)));
      return f32x4.add(f32x4.pmax(zero, z), log4(f32x4.add(one, t)));
    }
    case ACT_TANH: {
      // f' = 1 − t², f'' = −2t·f', f''' = f'·(6t² − 2)
      const t = tanh4(z);
      const t2 = f32x4.mul(t, t);
      const d1 = f32x4.sub(one, t2);
      taylorD1 = d1;
      taylorD2 = f32x4.mul(f32x4.mul(f32x4.splat(-2), t), d1);
      taylorD3 = f32x4.mul(d1, f32x4.sub(f32x4.mul(f32x4.splat(6), t2), two));
      return t;
    }
    case ACT_GELU: {
      // f = ½z·g with g = 1 + tanh(u), u = c(z + a z³): u' = c(1 + 3a z²), u'' = 6ca z, u''' = 6ca;
      // with T = 1 − t²: g' = T u', g'' = T(u'' − 2t u'²), g''' = T(u''' − 6t u'u'' − 2T u'³ + 4t² u'³);
      // f' = ½(g + z g'), f'' = ½(2g' + z g''), f''' = ½(3g'' + z g''')
      const z2 = f32x4.mul(z, z);
      const c = f32x4.splat(GELU_C);
      const ca6 = f32x4.splat(6 * GELU_C * GELU_A);
      const t = tanh4(f32x4.mul(c, f32x4.add(z, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(z2, z)))));
      const T = f32x4.sub(one, f32x4.mul(t, t));
      const u1 = f32x4.mul(c, f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), z2)));
      const u2 = f32x4.mul(ca6, z);
      const u1sq = f32x4.mul(u1, u1);
      const u1cu = f32x4.mul(u1sq, u1);
      const g = f32x4.add(one, t);
      const g1 = f32x4.mul(T, u1);
      const g2 = f32x4.mul(T, f32x4.sub(u2, f32x4.mul(f32x4.mul(two, t), u1sq)));
      const inner = f32x4.add(
        f32x4.sub(f32x4.sub(ca6, f32x4.mul(f32x4.mul(f32x4.splat(6), t), f32x4.mul(u1, u2))), f32x4.mul(f32x4.mul(two, T), u1cu)),
        f32x4.mul(f32x4.mul(f32x4.splat(4), f32x4.mul(t, t)), u1cu));
      const g3 = f32x4.mul(T, inner);
      const half = f32x4.splat(0.5);
      taylorD1 = f32x4.mul(half, f32x4.add(g, f32x4.mul(z, g1)));
      taylorD2 = f32x4.mul(half, f32x4.add(f32x4.mul(two, g1), f32x4.mul(z, g2)));
      taylorD3 = f32x4.mul(half, f32x4.add(f32x4.mul(f32x4.splat(3), g2), f32x4.mul(z, g3)));
      return f32x4.mul(f32x4.mul(half, z), g);
    }
    case ACT_ELU: {
      const e = exp4(z);
      const pos = f32x4.gt(z, zero);
      taylorD1 = v128.bitselect(one, e, pos);
      taylorD2 = v128.bitselect(zero, e, pos);
      taylorD3 = taylorD2;
      return v128.bitselect(z, f32x4.sub(e, one), pos);
    }
  }
  // identity, relu, leaky relu: piecewise linear
  taylorD1 = derivative4(z, act);
  taylorD2 = zero;
  taylorD3 = zero;
  return forward4(z, act);
}

/** Loads 4 lanes at p + i (floats), zero-padded past n. */
@inline function load4(p: usize, i: i32, n: i32): v128 {
  if (i + 4 <= n) return v128.load(p + (<usize>i << 2));
  const t = changetype<usize>(memory.data(16, 16));
  v128.store(t, f32x4.splat(0));
  for (let j = i; j < n; j++) store<f32>(t + (<usize>(j - i) << 2), load<f32>(p + (<usize>j << 2)));
  return v128.load(t);
}
/** Stores the lanes of v that fall below n at p + i (floats). */
@inline function store4(p: usize, i: i32, n: i32, v: v128): void {
  if (i + 4 <= n) {
    v128.store(p + (<usize>i << 2), v);
    return;
  }
  const t = changetype<usize>(memory.data(16, 16));
  v128.store(t, v);
  for (let j = i; j < n; j++) store<f32>(p + (<usize>j << 2), load<f32>(t + (<usize>(j - i) << 2)));
}

/**
 * The activation layer of a Taylor stack (streams of n floats each, n apart):
 * from Z = [z, ż, z̈] writes H = [f, f'·ż, f''·ż² + f'·z̈] and D = [f', f'', f''']
 * (order 1: the second streams are neither read nor written).
 */
export function activationTaylor(H: usize, Z: usize, D: usize, n: i32, order: i32, act: i32): void {
  const n4 = <usize>n << 2;
  for (let i = 0; i < n; i += 4) {
    const f = taylor4(load4(Z, i, n), act);
    const zd = load4(Z + n4, i, n);
    store4(H, i, n, f);
    store4(H + n4, i, n, f32x4.mul(taylorD1, zd));
    if (order == 2) {
      const zdd = load4(Z + 2 * n4, i, n);
      store4(H + 2 * n4, i, n, f32x4.add(f32x4.mul(taylorD2, f32x4.mul(zd, zd)), f32x4.mul(taylorD1, zdd)));
    }
    store4(D, i, n, taylorD1);
    store4(D + n4, i, n, taylorD2);
    store4(D + 2 * n4, i, n, taylorD3);
  }
}

/**
 * The reverse of activationTaylor, in place on the adjoint stack G = [h̄, h̄̇, h̄̈]
 * (streams n apart), with Z and D as activationTaylor left them:
 * z̄̈ = h̄̈f', z̄̇ = h̄̇f' + 2h̄̈f''ż, z̄ = h̄f' + h̄̇f''ż + h̄̈(f'''ż² + f''z̈).
 */
export function activationTaylorBack(G: usize, Z: usize, D: usize, n: i32, order: i32): void {
  const n4 = <usize>n << 2;
  for (let i = 0; i < n; i += 4) {
    const a0 = load4(G, i, n);
    const a1 = load4(G + n4, i, n);
    const zd = load4(Z + n4, i, n);
    const d1 = load4(D, i, n);
    const d2 = load4(D + n4, i, n);
    let g0 = f32x4.add(f32x4.mul(a0, d1), f32x4.mul(a1, f32x4.mul(d2, zd)));
    let g1 = f32x4.mul(a1, d1);
    if (order == 2) {
      const a2 = load4(G + 2 * n4, i, n);
      const zdd = load4(Z + 2 * n4, i, n);
      const d3 = load4(D + 2 * n4, i, n);
      g0 = f32x4.add(g0, f32x4.mul(a2, f32x4.add(f32x4.mul(d3, f32x4.mul(zd, zd)), f32x4.mul(d2, zdd))));
      g1 = f32x4.add(g1, f32x4.mul(f32x4.mul(f32x4.splat(2), a2), f32x4.mul(d2, zd)));
      store4(G + 2 * n4, i, n, f32x4.mul(a2, d1));
    }
    store4(G, i, n, g0);
    store4(G + n4, i, n, g1);
  }
}
