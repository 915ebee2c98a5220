// Pure-TS twin of the RBM's block-Gibbs sweep (assembly/energies/rbmGibbs.ts):
// the same Philox uniforms (chain i's sweep s at counter (c + s·B …, i), B =
// ⌈H/4⌉ + ⌈V/4⌉ blocks), the same layout (W hidden × visible), but plain
// scalar loops and Math.exp for σ, where the kernel uses f32 SIMD polynomials.
import { rngUniform, type RngState } from './philox.js';

/** Chain `chain`'s state at `block`: the kernel's per-chain counter (block, chain) under the state's key and stream. */
function chainState(state: RngState, chain: number, block: number): RngState {
  const s = state.slice();
  s[4] = block >>> 0;
  s[5] = chain >>> 0;
  return s;
}

export interface RbmTwin {
  V: number;
  H: number;
  /** hidden × visible weights, then b (V), then c (H): the kernel's θ layout. */
  W: Float32Array;
  b: Float32Array;
  c: Float32Array;
}

/** Splits θ (W, b, c) into a twin model. */
export function fromParams(V: number, H: number, theta: Float32Array): RbmTwin {
  return { V, H, W: theta.subarray(0, H * V), b: theta.subarray(H * V, H * V + V), c: theta.subarray(H * V + V, H * V + V + H) };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** p(h = 1 | v) for n rows of Vm (n×V) into an n×H array. */
export function hiddenProbs(m: RbmTwin, Vm: Float32Array, n: number): Float32Array {
  const { V, H, W, c } = m;
  const P = new Float32Array(n * H);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < H; j++) {
      let a = c[j]!;
      for (let k = 0; k < V; k++) a += W[j * V + k]! * Vm[r * V + k]!;
      P[r * H + j] = sigmoid(a);
    }
  }
  return P;
}

/** `steps` sweeps of n Bernoulli chains in place (Vm n×V): h ~ p(h | v), then v ~ p(v | h); chain0 as the kernel's. */
export function gibbs(m: RbmTwin, Vm: Float32Array, n: number, steps: number, state: RngState, chain0 = 0): void {
  const { V, H, W, b } = m;
  const hBlocks = Math.ceil(H / 4);
  const B = hBlocks + Math.ceil(V / 4);
  const base = state[4]!;
  const h = new Float32Array(n * H);
  const u = new Float32Array(n * H);
  const w = new Float32Array(n * V);
  for (let s = 0; s < steps; s++) {
    const at = base + s * B;
    const P = hiddenProbs(m, Vm, n);
    for (let r = 0; r < n; r++) u.set(rngUniform(H, chainState(state, chain0 + r, at)), r * H);
    for (let i = 0; i < n * H; i++) h[i] = u[i]! < P[i]! ? 1 : 0;
    const pv = new Float32Array(n * V);
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < V; k++) pv[r * V + k] = b[k]!;
      for (let j = 0; j < H; j++) {
        if (h[r * H + j] === 0) continue;
        for (let k = 0; k < V; k++) pv[r * V + k] = pv[r * V + k]! + W[j * V + k]!;
      }
      for (let k = 0; k < V; k++) pv[r * V + k] = sigmoid(pv[r * V + k]!);
    }
    for (let r = 0; r < n; r++) w.set(rngUniform(V, chainState(state, chain0 + r, at + hBlocks)), r * V);
    for (let i = 0; i < n * V; i++) Vm[i] = w[i]! < pv[i]! ? 1 : 0;
  }
  state[4] = (base + steps * B) >>> 0;
}
