// The shared network kernel (assembly/energies/network.ts): any output width,
// forward and both vector-Jacobian products, against a pure-TS twin in f64
// below, which is itself checked by central differences.
//
// Tolerances, with their reasons:
// - twin vs its own central differences (f64, step h = 1e-5): the truncation
//   error is O(h²·f''') ≈ 1e-10 for these O(1) smooth nets and the round-off
//   O(ε/h) ≈ 1e-11, so 1e-7·(1 + scale) is slack by orders of magnitude while a
//   wrong term (a transposed weight, a missed f') is O(1)·scale. relu-like
//   activations are skipped there (a difference across a kink is no derivative).
// - WASM (f32) vs the f64 twin: each value is a chain of at most 3 layers of
//   dot products of ≤ 19 terms plus activations good to 8 ulps, so the
//   first-order error is below ~(19 + 8)·3·2⁻²⁴·Σ|terms| ≈ 5e-6·scale for the
//   |θ| ≤ 1/√fan_in and |x| ≤ 2 used here (Σ|terms| ≲ 2·scale). We allow
//   1e-4·scale (scale = the vector's largest |value|, floor 1e-3 so a
//   vanishing vector is not judged on cancellation): 20× that bound, and far
//   below a wrong derivative.
// Seeds are fixed, printed on failure, overridable with EBM_SEED.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { MLPEnergy } from '../sdk/index.node.js';
import { heapF32, kernels } from '../sdk/runtime/core.js';
import { WasmBlock, blockFromF32, withBlocks } from '../sdk/runtime/memory.js';
import { ACTIVATION_CODES } from '../sdk/models/mlp.js';
import * as twin from '../bench/baselines/mlp.js';
import * as philox from '../bench/baselines/philox.js';

beforeAll(setup);

const SEED = testSeed(20261130);

/** Uniforms in [lo, hi) from the project's Philox twin (seed, stream). */
function uniforms(n: number, stream: number, lo: number, hi: number): Float32Array {
  const u = philox.rngUniform(n, philox.rngInit(SEED % 2 ** 32, Math.floor(SEED / 2 ** 32), stream));
  return Float32Array.from(u, (v) => lo + (hi - lo) * v);
}

/** Forward in f64: every layer's pre-activations and the outputs of one row. */
function forward64(sizes: number[], P: ArrayLike<number>, a: twin.Activation, x: ArrayLike<number>): { zs: number[][]; hs: number[][] } {
  const hs: number[][] = [Array.from(x)];
  const zs: number[][] = [[]];
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const out = sizes[l]!;
    const inn = sizes[l - 1]!;
    const z = new Array<number>(out).fill(0);
    for (let o = 0; o < out; o++) {
      let s = P[off + out * inn + o]!;
      for (let i = 0; i < inn; i++) s += P[off + o * inn + i]! * hs[l - 1]![i]!;
      z[o] = s;
    }
    off += out * inn + out;
    zs.push(z);
    hs.push(l < sizes.length - 1 ? z.map((v) => twin.act(a, v)) : z);
  }
  return { zs, hs };
}

/** The two vector-Jacobian products of one row in f64, from the upstream g = dL/d(out). */
function backward64(sizes: number[], P: ArrayLike<number>, a: twin.Activation, x: ArrayLike<number>, g: ArrayLike<number>, GP: Float64Array): number[] {
  const { zs, hs } = forward64(sizes, P, a, x);
  const L = sizes.length - 1;
  const offs: number[] = [0];
  for (let l = 1; l <= L; l++) offs.push(offs[l - 1]! + sizes[l]! * sizes[l - 1]! + sizes[l]!);
  let cur = Array.from(g);
  for (let l = L; l >= 1; l--) {
    const out = sizes[l]!;
    const inn = sizes[l - 1]!;
    const off = offs[l - 1]!;
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inn; i++) GP[off + o * inn + i] = GP[off + o * inn + i]! + cur[o]! * hs[l - 1]![i]!;
      GP[off + out * inn + o] = GP[off + out * inn + o]! + cur[o]!;
    }
    const nxt = new Array<number>(inn).fill(0);
    for (let i = 0; i < inn; i++) for (let o = 0; o < out; o++) nxt[i] = nxt[i]! + cur[o]! * P[off + o * inn + i]!;
    cur = l > 1 ? nxt.map((v, i) => v * twin.actDerivative(a, zs[l - 1]![i]!)) : nxt;
  }
  return cur;
}

function close(what: string, got: ArrayLike<number>, ref: ArrayLike<number>, rel: number): void {
  expect(got.length, what).toBe(ref.length);
  let scale = 1e-3;
  for (let k = 0; k < ref.length; k++) scale = Math.max(scale, Math.abs(ref[k]!));
  for (let k = 0; k < ref.length; k++) {
    const d = Math.abs(got[k]! - ref[k]!);
    if (!(d <= rel * scale)) throw new Error(`${what}[${k}]: ${got[k]} vs ${ref[k]} (|Δ| ${d.toExponential(2)} > ${rel}·${scale.toExponential(2)}) ${seedNote(SEED)}`);
  }
}

interface Net {
  ptr: number;
  P: Float32Array;
}

function makeNet(sizes: number[], a: twin.Activation, stream: number): Net {
  const K = kernels();
  const ptr = withBlocks((take) => {
    const sz = take(new WasmBlock(sizes.length * 4));
    sz.i32(sizes.length).set(sizes);
    return K.networkCreate(sz.ptr, sizes.length - 1, ACTIVATION_CODES[a], 0);
  });
  const n = K.networkNumParams(ptr);
  withBlocks((take) => {
    const u = take(blockFromF32(uniforms(n, stream, 0, 1)));
    K.networkInitUniform(ptr, u.ptr);
  });
  const p = K.networkParams(ptr) >>> 2;
  return { ptr, P: heapF32().slice(p, p + n) };
}

function runNet(net: Net, X: Float32Array, GOut: Float32Array, n: number, I: number, O: number): { out: Float32Array; gx: Float32Array; gp: Float32Array } {
  const K = kernels();
  return withBlocks((take) => {
    const xb = take(blockFromF32(X));
    const gb = take(blockFromF32(GOut));
    const out = take(new WasmBlock(n * O * 4 + 16));
    const out2 = take(new WasmBlock(n * O * 4 + 16));
    const gx = take(new WasmBlock(n * I * 4 + 16));
    const gp = take(new WasmBlock(net.P.length * 4 + 16));
    K.networkForward(net.ptr, out.ptr, xb.ptr, n);
    K.networkBackward(net.ptr, gx.ptr, gp.ptr, out2.ptr, xb.ptr, gb.ptr, n, 0);
    // the outputs a backward pass gives on the way are the forward outputs, bit for bit
    expect(Array.from(out2.f32(n * O))).toEqual(Array.from(out.f32(n * O)));
    return { out: out.f32(n * O).slice(), gx: gx.f32(n * I).slice(), gp: gp.f32(net.P.length).slice() };
  });
}

const SHAPES = [[5, 7, 3], [3, 17, 9, 6], [8, 19, 64], [2, 1, 1]];

describe('network kernel', () => {
  it('the f64 twin agrees with its own central differences', () => {
    const sizes = [3, 5, 4, 2];
    for (const a of ['silu', 'tanh', 'gelu', 'softplus', 'elu'] as const) {
      const n = twin.numParams(sizes);
      const P = Float64Array.from(uniforms(n, 1, -0.6, 0.6));
      const x = Array.from(uniforms(3, 2, -2, 2));
      const g = Array.from(uniforms(2, 3, -1, 1));
      const GP = new Float64Array(n);
      const gx = backward64(sizes, P, a, x, g, GP);
      const L = (p: ArrayLike<number>, xx: number[]): number => forward64(sizes, p, a, xx).hs[sizes.length - 1]!.reduce((s, v, o) => s + v * g[o]!, 0);
      const h = 1e-5;
      const fdX = x.map((_, i) => {
        const xp = [...x];
        const xm = [...x];
        xp[i] = xp[i]! + h;
        xm[i] = xm[i]! - h;
        return (L(P, xp) - L(P, xm)) / (2 * h);
      });
      const fdP = Array.from(P, (_, k) => {
        const pp = Float64Array.from(P);
        const pm = Float64Array.from(P);
        pp[k] = pp[k]! + h;
        pm[k] = pm[k]! - h;
        return (L(pp, x) - L(pm, x)) / (2 * h);
      });
      close(`${a} twin dL/dx`, gx, fdX, 1e-7 * 10);
      close(`${a} twin dL/dθ`, GP, fdP, 1e-7 * 10);
    }
  });

  for (const sizes of SHAPES) {
    for (const a of twin.ACTIVATIONS) {
      it(`${sizes.join('→')} ${a}: forward and both backward passes match the f64 twin (n = 1, 7, 130 rows: across a chunk)`, () => {
        const net = makeNet(sizes, a, 10 + sizes.length);
        try {
          const I = sizes[0]!;
          const O = sizes[sizes.length - 1]!;
          for (const n of [1, 7, 130]) {
            const X = uniforms(n * I, 20 + n, -2, 2);
            const G = uniforms(n * O, 30 + n, -1, 1);
            const got = runNet(net, X, G, n, I, O);
            const GP = new Float64Array(net.P.length);
            const out: number[] = [];
            const gx: number[] = [];
            for (let r = 0; r < n; r++) {
              const x = X.subarray(r * I, (r + 1) * I);
              out.push(...forward64(sizes, net.P, a, x).hs[sizes.length - 1]!);
              gx.push(...backward64(sizes, net.P, a, x, G.subarray(r * O, (r + 1) * O), GP));
            }
            close(`${a} out n=${n}`, got.out, out, 1e-4);
            close(`${a} dL/dX n=${n}`, got.gx, gx, 1e-4);
            close(`${a} Σ dL/dθ n=${n}`, got.gp, GP, 1e-4);
          }
        } finally {
          kernels().networkDestroy(net.ptr);
        }
      });
    }
  }

  it('rows are independent: a batch split in two gives the same bytes (outputs and input gradients)', () => {
    const sizes = [6, 33, 10];
    const net = makeNet(sizes, 'silu', 40);
    try {
      const n = 300;
      const X = uniforms(n * 6, 41, -2, 2);
      const G = uniforms(n * 10, 42, -1, 1);
      const all = runNet(net, X, G, n, 6, 10);
      const a = runNet(net, X.subarray(0, 100 * 6), G.subarray(0, 100 * 10), 100, 6, 10);
      const b = runNet(net, X.subarray(100 * 6), G.subarray(100 * 10), 200, 6, 10);
      expect(Array.from(all.out)).toEqual([...a.out, ...b.out]);
      expect(Array.from(all.gx)).toEqual([...a.gx, ...b.gx]);
    } finally {
      kernels().networkDestroy(net.ptr);
    }
  });

  it('a one-output network with the same θ is MLPEnergy bit for bit (the energy is built on it)', () => {
    const m = new MLPEnergy({ inputDim: 3, conditionDim: 2, hidden: [16, 8], activation: 'gelu', seed: 3 });
    const net = makeNet([5, 16, 8, 1], 'gelu', 50);
    try {
      const K = kernels();
      heapF32().set(m.params, K.networkParams(net.ptr) >>> 2);
      K.networkSync(net.ptr);
      const n = 9;
      const X = uniforms(n * 2, 51, -1, 1);
      const Y = uniforms(n * 3, 52, -1, 1);
      const XY = new Float32Array(n * 5);
      for (let r = 0; r < n; r++) {
        XY.set(X.subarray(r * 2, r * 2 + 2), r * 5);
        XY.set(Y.subarray(r * 3, r * 3 + 3), r * 5 + 2);
      }
      const got = runNet({ ptr: net.ptr, P: m.params }, XY, new Float32Array(n).fill(1), n, 5, 1);
      const E = m.energy({ rows: n, cols: 3, data: Y }, { rows: n, cols: 2, data: X });
      expect(Array.from(got.out)).toEqual(Array.from(E));
      const gy = m.grad({ rows: n, cols: 3, data: Y }, { rows: n, cols: 2, data: X }).data;
      for (let r = 0; r < n; r++) expect(Array.from(got.gx.subarray(r * 5 + 2, r * 5 + 5))).toEqual(Array.from(gy.subarray(r * 3, r * 3 + 3)));
    } finally {
      kernels().networkDestroy(net.ptr);
      m.dispose();
    }
  });
});
