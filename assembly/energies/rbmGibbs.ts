// Block Gibbs sampling of an RBM, batched over chains: all hidden units of
// every chain given the visibles, then all visibles given the hiddens. The
// draws come from one Philox state, a fixed number of blocks per sweep
// (n·H uniforms, then n·V uniforms or normals), so splitting a run into
// chunks of sweeps gives the same bytes as one call.
import { rngNormal, rngUniform } from "../core/rng";
import { rbmH, rbmV, rbmGaussian, rbmHiddenInput, rbmVisibleInput, sigmoidInPlace } from "./rbm";

/** X[0..n) ← (U < X ? 1 : 0) with U uniform [0, 1) from the state: a Bernoulli draw per probability. */
export function bernoulliInPlace(X: usize, U: usize, n: i32, rng: usize): void {
  rngUniform(U, n, rng);
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

/**
 * `steps` block-Gibbs sweeps of n chains: h ~ p(h | v), then v ~ p(v | h).
 * Vm n×V in/out; Hm n×H receives the last hidden draw (or 0); rng 32 B, advanced.
 */
export function rbmGibbs(m: usize, Vm: usize, Hm: usize, n: i32, steps: i32, rng: usize): void {
  const V = rbmV(m), H = rbmH(m);
  const hb = heap.alloc(<usize>max(n, 1) * <usize>H * 4 + 16);
  const U = heap.alloc(<usize>max(n, 1) * <usize>max(V, H) * 4 + 16);
  for (let s = 0; s < steps; s++) {
    rbmSampleHidden(m, hb, Vm, n, rng, U);
    rbmSampleVisible(m, Vm, hb, n, rng, U);
  }
  if (Hm != 0 && steps > 0) memory.copy(Hm, hb, <usize>n * <usize>H * 4);
  heap.free(U);
  heap.free(hb);
}
