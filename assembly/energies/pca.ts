// PCA as an energy: E(y) = ‖(I − UUᵀ)(y − μ)‖², the squared distance from y to
// the learned q-dimensional affine subspace (U d×q, stored as the q rows of
// comps). Zero exactly on the subspace: the volume of low energy is fixed by
// the architecture, not by contrastive samples. Fitting lives in train/pca.ts.
// Every row is computed in f64 and rounded once.
import { scratch, SLOT_ENERGY_A } from "../core/scratch";
import { descDim, descP0, descP1, descI0 } from "./descriptor";

/** z = U(y − μ) into zs f64[q], the centred row into r f64[d]. */
@inline function codes(zs: usize, r: usize, y: usize, d: i32, mean: usize, comps: usize, q: i32): void {
  for (let j = 0; j < d; j++) store<f64>(r + (<usize>j << 3), <f64>load<f32>(y + (<usize>j << 2)) - <f64>load<f32>(mean + (<usize>j << 2)));
  for (let c = 0; c < q; c++) {
    const u = comps + <usize>c * (<usize>d << 2);
    let s: f64 = 0;
    for (let j = 0; j < d; j++) s += <f64>load<f32>(u + (<usize>j << 2)) * load<f64>(r + (<usize>j << 3));
    store<f64>(zs + (<usize>c << 3), s);
  }
}

/** r ← r − Uᵀz: the residual (I − UUᵀ)(y − μ) in f64. */
@inline function residual(r: usize, zs: usize, d: i32, comps: usize, q: i32): void {
  for (let c = 0; c < q; c++) {
    const u = comps + <usize>c * (<usize>d << 2);
    const z = load<f64>(zs + (<usize>c << 3));
    for (let j = 0; j < d; j++) store<f64>(r + (<usize>j << 3), load<f64>(r + (<usize>j << 3)) - <f64>load<f32>(u + (<usize>j << 2)) * z);
  }
}

/**
 * The Energy entry (dispatch.ts): p0 = mean f32[d], p1 = comps f32[q×d], i0 = q.
 * E = ‖r‖², ∇E = 2r with r the residual ((I − UUᵀ) is a projector, so it is its own transpose and square).
 */
export function pcaEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const d = descDim(desc);
  const mean = descP0(desc);
  const comps = descP1(desc);
  const q = descI0(desc);
  const work = scratch(SLOT_ENERGY_A, (<usize>(d + q) << 3) + 16);
  const r = work;
  const zs = work + (<usize>d << 3);
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * (<usize>d << 2);
    codes(zs, r, y, d, mean, comps, q);
    residual(r, zs, d, comps, q);
    if (E != 0) {
      let s: f64 = 0;
      for (let j = 0; j < d; j++) {
        const t = load<f64>(r + (<usize>j << 3));
        s += t * t;
      }
      store<f32>(E + (<usize>i << 2), <f32>s);
    }
    if (G != 0) {
      const g = G + <usize>i * (<usize>d << 2);
      for (let j = 0; j < d; j++) store<f32>(g + (<usize>j << 2), <f32>(2 * load<f64>(r + (<usize>j << 3))));
    }
  }
}

/** out n×q f32: the codes U(y − μ) of the rows of Y (n×d). */
export function pcaTransform(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void {
  const work = scratch(SLOT_ENERGY_A, (<usize>(d + q) << 3) + 16);
  const zs = work + (<usize>d << 3);
  for (let i = 0; i < n; i++) {
    codes(zs, work, Y + <usize>i * (<usize>d << 2), d, mean, comps, q);
    const o = out + <usize>i * (<usize>q << 2);
    for (let c = 0; c < q; c++) store<f32>(o + (<usize>c << 2), <f32>load<f64>(zs + (<usize>c << 3)));
  }
}

/** out n×d f32: μ + Uᵀz for the rows of Z (n×q). */
export function pcaInverse(out: usize, Z: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void {
  for (let i = 0; i < n; i++) {
    const z = Z + <usize>i * (<usize>q << 2);
    const o = out + <usize>i * (<usize>d << 2);
    for (let j = 0; j < d; j++) {
      let s: f64 = <f64>load<f32>(mean + (<usize>j << 2));
      for (let c = 0; c < q; c++) s += <f64>load<f32>(comps + (<usize>c * <usize>d + <usize>j) * 4) * <f64>load<f32>(z + (<usize>c << 2));
      store<f32>(o + (<usize>j << 2), <f32>s);
    }
  }
}

/** out n×d f32: the closest point of the subspace, μ + UᵀU(y − μ) = y − r, computed in f64. */
export function pcaProject(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void {
  const work = scratch(SLOT_ENERGY_A, (<usize>(d + q) << 3) + 16);
  const zs = work + (<usize>d << 3);
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * (<usize>d << 2);
    codes(zs, work, y, d, mean, comps, q);
    residual(work, zs, d, comps, q);
    const o = out + <usize>i * (<usize>d << 2);
    for (let j = 0; j < d; j++) store<f32>(o + (<usize>j << 2), <f32>(<f64>load<f32>(y + (<usize>j << 2)) - load<f64>(work + (<usize>j << 3))));
  }
}
