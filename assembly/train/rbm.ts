// Contrastive divergence (CD-k, Hinton 2002) and persistent CD (PCD-k,
// Tieleman 2008) for an RBM: the positive statistics from the data with the
// hidden probabilities, the negative ones after k block-Gibbs sweeps from the
// data (CD) or from chains kept across minibatches (PCD), and a momentum step
// on the log-likelihood's gradient estimate. One call runs a range of
// minibatches of an epoch, so the SDK can report progress and stop between
// calls; the RNG is a state the caller keeps, so chunking does not change the bytes.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { firstNonFinite, allocBytes } from "../core/memory";
import { rbmH, rbmV, rbmNumParams, rbmParams, rbmHiddenProbs, axpyF32 } from "../energies/rbm";
import { rbmSampleHidden, rbmSampleVisible } from "../energies/rbmGibbs";

/**
 * Minibatches first … first + count − 1 of an epoch over X (n×V) in the order
 * perm i32[n] (batch b holds rows perm[b·B … min(n, (b+1)·B))). persistent ≠ 0:
 * the negative phase continues `chains` (B×V, in/out); else it starts at the
 * batch. vel f32[P] is the momentum buffer; the step is
 *   vel ← momentum·vel + lr·(∇̂ − weightDecay·W),  θ ← θ + vel.
 * Returns −1, or the first batch after which θ holds a NaN/±Inf (it stops there).
 */
export function rbmTrainBatches(
  m: usize, X: usize, n: i32, perm: usize, B: i32, first: i32, count: i32, k: i32, persistent: i32,
  chains: usize, vel: usize, lr: f32, momentum: f32, weightDecay: f32, rng: usize,
): i32 {
  if (B < 1 || k < 1 || n < 1 || first < 0 || count < 0) fail(E_BAD_ARGUMENT, 1);
  const V = rbmV(m), H = rbmH(m), P = rbmNumParams(m);
  const theta = rbmParams(m);
  const rowV = <usize>V << 2;
  const Bz = <usize>B;
  const vpos = allocBytes(<u64>(Bz * rowV + 16));
  const hpos = allocBytes(<u64>(Bz * <u64>H * 4 + 16));
  const vneg = allocBytes(<u64>(Bz * rowV + 16));
  const hneg = allocBytes(<u64>(Bz * <u64>H * 4 + 16));
  const U = allocBytes(<u64>(Bz * <u64>max(V, H) * 4 + 16));
  const g = allocBytes(<u64>P * 4 + 16);
  let bad = -1;
  for (let bi = first; bi < first + count; bi++) {
    const start = bi * B;
    if (start >= n) break;
    const mb = min(B, n - start);
    for (let r = 0; r < mb; r++) {
      const row = load<i32>(perm + (<usize>(start + r) << 2));
      memory.copy(vpos + <usize>r * rowV, X + <usize>row * rowV, rowV);
    }
    rbmHiddenProbs(m, hpos, vpos, mb);
    // negative phase
    const nn = persistent != 0 ? B : mb;
    memory.copy(vneg, persistent != 0 ? chains : vpos, <usize>nn * rowV);
    for (let s = 0; s < k; s++) {
      rbmSampleHidden(m, hneg, vneg, nn, rng, U);
      rbmSampleVisible(m, vneg, hneg, nn, rng, U);
    }
    if (persistent != 0) memory.copy(chains, vneg, <usize>nn * rowV);
    rbmHiddenProbs(m, hneg, vneg, nn);
    // ∇̂ = ⟨·⟩_data − ⟨·⟩_model, with the data mean over mb rows and the model mean over nn chains
    memory.fill(g, 0, <usize>P << 2);
    const gb = g + (<usize>H * <usize>V << 2);
    const gc = gb + rowV;
    const wp: f32 = 1 / <f32>mb, wn: f32 = -1 / <f32>nn;
    for (let r = 0; r < mb; r++) {
      const v = vpos + <usize>r * rowV;
      const h = hpos + (<usize>r * <usize>H << 2);
      for (let j = 0; j < H; j++) axpyF32(g + <usize>j * rowV, wp * load<f32>(h + (<usize>j << 2)), v, V);
      axpyF32(gb, wp, v, V);
      axpyF32(gc, wp, h, H);
    }
    for (let r = 0; r < nn; r++) {
      const v = vneg + <usize>r * rowV;
      const h = hneg + (<usize>r * <usize>H << 2);
      for (let j = 0; j < H; j++) axpyF32(g + <usize>j * rowV, wn * load<f32>(h + (<usize>j << 2)), v, V);
      axpyF32(gb, wn, v, V);
      axpyF32(gc, wn, h, H);
    }
    const nW = H * V;
    for (let i = 0; i < P; i++) {
      const o = <usize>i << 2;
      let gi = load<f32>(g + o);
      if (i < nW) gi -= weightDecay * load<f32>(theta + o);
      const u = momentum * load<f32>(vel + o) + lr * gi;
      store<f32>(vel + o, u);
      store<f32>(theta + o, load<f32>(theta + o) + u);
    }
    if (firstNonFinite(theta, P) >= 0) {
      bad = bi;
      break;
    }
  }
  heap.free(g);
  heap.free(U);
  heap.free(hneg);
  heap.free(vneg);
  heap.free(hpos);
  heap.free(vpos);
  return bad;
}
