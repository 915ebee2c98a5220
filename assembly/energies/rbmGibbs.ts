// Block Gibbs sampling of an RBM, batched over chains: all hidden units of
// every chain given the visibles, then all visibles given the hiddens. The
// training and AIS kernels draw from one Philox state in order (a fixed number
// of blocks per step, so chunks of steps give the same bytes); rbmGibbs gives
// every chain its own counter range, so chunks of chains do too.
import { rngNormal, rngUniform } from "../core/rng";
import { rbmH, rbmV, rbmGaussian, rbmHiddenInput, rbmVisibleInput, sigmoidInPlace, biasPlusCombination, rbmW, rbmC } from "./rbm";
import { allocBytes } from "../core/memory";

/** X[0..n) ← (U < X ? 1 : 0) with U uniform [0, 1) from the state: a Bernoulli draw per probability. */
export function bernoulliInPlace(X: usize, U: usize, n: i32, rng: usize): void {
  rngUniform(U, n, rng);
  bernoulliFrom(X, U, n);
}

/** X[0..n) ← (U < X ? 1 : 0) for uniforms already in U. */
export function bernoulliFrom(X: usize, U: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(X + o, v128.and(f32x4.lt(v128.load(U + o), v128.load(X + o)), one));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(X + o, load<f32>(U + o) < load<f32>(X + o) ? 1 : 0);
  }
}

/** X[0..n) += N(0, 1) draws from the state (U is the normals' buffer). */
export function addNormalInPlace(X: usize, U: usize, n: i32, rng: usize): void {
  rngNormal(U, n, rng);
  addInPlace(X, U, n);
}

/** X[0..n) += U[0..n). */
export function addInPlace(X: usize, U: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(X + o, f32x4.add(v128.load(X + o), v128.load(U + o)));
  }
  for (; i < n; i++) store<f32>(X + (<usize>i << 2), load<f32>(X + (<usize>i << 2)) + load<f32>(U + (<usize>i << 2)));
}

/** Hm n×H ← a draw of h ~ p(h | v) for the rows of Vm; U n×H work. */
export function rbmSampleHidden(m: usize, Hm: usize, Vm: usize, n: i32, rng: usize, U: usize): void {
  const H = rbmH(m);
  rbmHiddenInput(m, Hm, Vm, n, 1);
  sigmoidInPlace(Hm, n * H);
  bernoulliInPlace(Hm, U, n * H, rng);
}

/** Vm n×V ← a draw of v ~ p(v | h) for the rows of Hm; U n×V work. */
export function rbmSampleVisible(m: usize, Vm: usize, Hm: usize, n: i32, rng: usize, U: usize): void {
  const V = rbmV(m);
  if (rbmGaussian(m)) {
    rbmVisibleInput(m, Vm, Hm, n, 0);
    addNormalInPlace(Vm, U, n * V, rng);
  } else {
    rbmVisibleInput(m, Vm, Hm, n, 1);
    bernoulliInPlace(Vm, U, n * V, rng);
  }
}

// Per-chain draws for rbmGibbs: chain i's sweep s reads Philox blocks
// (counter + s·B + …, i) under the state's key and stream, B = ⌈H/4⌉ + ⌈V/4⌉
// blocks per sweep (the chain index in the counter's high word). So any split
// of the chains over calls or workers, given their first chain index, and any
// split of the sweeps, gives the same bytes.
const chainRng = memory.data(32, 16);

@inline function chainState(rng: usize, chain: u32, block: u32): usize {
  memory.copy(chainRng, rng, 16); // key, stream
  store<u32>(chainRng, block, 16);
  store<u32>(chainRng, chain, 20);
  store<u64>(chainRng, 0, 24);
  return chainRng;
}

/**
 * `steps` block-Gibbs sweeps of n chains: h ~ p(h | v), then v ~ p(v | h).
 * Vm n×V in/out; Hm n×H receives the last hidden draw (or 0); rng 32 B: its
 * counter (low word) advances by steps·B; chain0 is the first row's chain index.
 */
export function rbmGibbs(m: usize, Vm: usize, Hm: usize, n: i32, steps: i32, rng: usize, chain0: i32): void {
  const V = rbmV(m), H = rbmH(m);
  const gaussian = rbmGaussian(m);
  const hBlocks = <u32>((H + 3) >> 2);
  const B = hBlocks + <u32>((V + 3) >> 2);
  const base = load<u32>(rng, 16);
  const hb = allocBytes(<u64>max(n, 1) * <u64>H * 4 + 16);
  const U = allocBytes(<u64>max(n, 1) * <u64>max(V, H) * 4 + 16);
  const rowH = <usize>H << 2, rowV = <usize>V << 2;
  // Wᵀ (V×H): the hidden input as c + Σ_k v_k·Wᵀ_k skips the visible units that are 0, about half
  // of them in a Bernoulli chain, and needs no horizontal sums (its bits differ from transform's dots)
  const WT = allocBytes(<u64>V * rowH + 16);
  const W = rbmW(m), c = rbmC(m);
  const idx = allocBytes(<u64>max(V, H) * 4 + 16);
  for (let j = 0; j < H; j++) {
    for (let k = 0; k < V; k++) store<f32>(WT + <usize>k * rowH + (<usize>j << 2), load<f32>(W + <usize>j * rowV + (<usize>k << 2)));
  }
  for (let s = 0; s < steps; s++) {
    const at = base + <u32>s * B;
    for (let r = 0; r < n; r++) biasPlusCombination(hb + <usize>r * rowH, c, WT, H, Vm + <usize>r * rowV, V, idx);
    sigmoidInPlace(hb, n * H);
    for (let r = 0; r < n; r++) rngUniform(U + <usize>r * rowH, H, chainState(rng, <u32>(chain0 + r), at));
    bernoulliFrom(hb, U, n * H);
    if (gaussian) {
      rbmVisibleInput(m, Vm, hb, n, 0);
      for (let r = 0; r < n; r++) rngNormal(U + <usize>r * rowV, V, chainState(rng, <u32>(chain0 + r), at + hBlocks));
      addInPlace(Vm, U, n * V);
    } else {
      rbmVisibleInput(m, Vm, hb, n, 1);
      for (let r = 0; r < n; r++) rngUniform(U + <usize>r * rowV, V, chainState(rng, <u32>(chain0 + r), at + hBlocks));
      bernoulliFrom(Vm, U, n * V);
    }
  }
  store<u32>(rng, base + <u32>steps * B, 16);
  if (Hm != 0 && steps > 0) memory.copy(Hm, hb, <usize>n * <usize>H * 4);
  heap.free(idx);
  heap.free(WT);
  heap.free(U);
  heap.free(hb);
}
