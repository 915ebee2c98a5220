// K-means free energy with its gradient, for sampling (the Energy view of a
// KMeansEBM). E(y, z) = ‖y − w_z‖²; F_β = −(1/β)·log((1/k)·Σ_z exp(−β E_z)),
// ∇F_β = Σ_z softmax(−β E)_z · 2(y − w_z); at β = ∞ (f0 ≤ 0 or +Inf) F∞ = min_z E_z
// and ∇F∞ = 2(y − w_winner) (ties go to the smallest z).
import { sqdistRow } from "../core/sqdist";
import { scratch, SLOT_ENERGY_B } from "../core/scratch";
import { descDim, descP0, descI0, descF0 } from "./descriptor";
import { freeEnergyOf } from "./freeEnergy";

/** p0 = C f32[k×D] (prototypes, rows), i0 = k, f0 = β. */
export function kmeansFreeEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  const C = descP0(desc);
  const k = descI0(desc);
  const beta = descF0(desc);
  const hard = !(beta > 0) || !isFinite(beta);
  const rowBytes = <usize>D << 2;
  const w = scratch(SLOT_ENERGY_B, <usize>k * 8 + 16);
  const logK = Math.log(<f64>k);
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * rowBytes;
    let m: f64 = Infinity;
    let best = 0;
    for (let z = 0; z < k; z++) {
      const e = <f64>sqdistRow(y, C + <usize>z * rowBytes, D);
      store<f64>(w + (<usize>z << 3), e);
      if (e < m) {
        m = e;
        best = z;
      }
    }
    // a point so far away that every E_z overflowed: F_β = +∞ and the winner's
    // gradient (a softmax of ∞ − ∞ would be NaN)
    if (hard || m == Infinity) {
      if (E != 0) store<f32>(E + (<usize>i << 2), <f32>m);
      if (G != 0) {
        const c = C + <usize>best * rowBytes;
        const g = G + <usize>i * rowBytes;
        for (let j = 0; j < D; j++) {
          const o = <usize>j << 2;
          store<f32>(g + o, 2 * (load<f32>(y + o) - load<f32>(c + o)));
        }
      }
      continue;
    }
    let s: f64 = 0;
    let top: f64 = m;
    let sum: f64 = 0;
    for (let z = 0; z < k; z++) {
      const e = load<f64>(w + (<usize>z << 3));
      const r = Math.exp(-beta * (e - m));
      store<f64>(w + (<usize>z << 3), r);
      s += r;
      top = max(top, e);
      sum += e;
    }
    if (E != 0) store<f32>(E + (<usize>i << 2), <f32>freeEnergyOf(m, s, top - m, sum / <f64>k, beta, logK));
    if (G != 0) {
      const g = G + <usize>i * rowBytes;
      for (let j = 0; j < D; j++) {
        const yj = <f64>load<f32>(y + (<usize>j << 2));
        let t: f64 = 0;
        for (let z = 0; z < k; z++) {
          t += load<f64>(w + (<usize>z << 3)) * (yj - <f64>load<f32>(C + <usize>z * rowBytes + (<usize>j << 2)));
        }
        store<f32>(g + (<usize>j << 2), <f32>(2 * t / s));
      }
    }
  }
}
