// Metropolis-adjusted Langevin (Roberts & Tweedie 1996): the Langevin
// proposal y' = y − ε·β·∇F(y) + √(2ε)·ξ, corrected by Metropolis–Hastings with
// log q(a | b) = −‖a − b + ε·β·∇F(b)‖² / (4ε).
import { rngNormalFast, rngUniform } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import {
  S_CHAINS, S_DIM, S_BETA, S_RNG, O_POS, O_PROP, O_E, O_PROP_E, O_G, O_PROP_G, O_NOISE, O_UNIFORM, O_ACC_PROB, arr,
} from "./state";
import { propose, mhAccept, rowFinite } from "./common";

/** One transition of every chain; returns Σ_c min(1, α_c). Draws C·D normals, then C uniforms. */
export function malaStep(s: usize, desc: usize, eps: f64): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const beta = load<f64>(s + S_BETA);
  const rng = s + S_RNG;
  const noise = arr(s, O_NOISE);
  rngNormalFast(noise, C * D, rng);
  rngUniform(arr(s, O_UNIFORM), C, rng);
  const pos = arr(s, O_POS), prop = arr(s, O_PROP);
  const G = arr(s, O_G), pG = arr(s, O_PROP_G);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E), accP = arr(s, O_ACC_PROB);
  propose(prop, pos, G, <f32>(-eps * beta), noise, <f32>Math.sqrt(2 * eps), C * D);
  energyEval(desc, prop, C, pE, pG);
  const rowBytes = <usize>D << 2;
  const eb = eps * beta;
  for (let c = 0; c < C; c++) {
    const r = <usize>c * rowBytes;
    const e1 = load<f32>(pE + (<usize>c << 2));
    let fwd: f64 = 0; // ‖ξ‖²/2 = ‖y' − y + εβ∇F(y)‖²/(4ε)
    let rev: f64 = 0; // ‖y − y' + εβ∇F(y')‖²/(4ε)
    for (let j = 0; j < D; j++) {
      const o = r + (<usize>j << 2);
      const xi = <f64>load<f32>(noise + o);
      fwd += xi * xi;
      const t = <f64>load<f32>(pos + o) - <f64>load<f32>(prop + o) + eb * <f64>load<f32>(pG + o);
      rev += t * t;
    }
    let la = beta * (<f64>load<f32>(E + (<usize>c << 2)) - <f64>e1) - rev / (4 * eps) + 0.5 * fwd;
    // a finite log-ratio implies a finite proposal (E, ξ and εβ > 0 are finite: any non-finite
    // e₁, y' or ∇F(y') makes rev or the energy term non-finite), so only a non-finite one is checked
    if (!isFinite(la) && (!isFinite<f32>(e1) || !rowFinite(pG + r, D) || !rowFinite(prop + r, D))) la = NaN;
    store<f64>(accP + (<usize>c << 3), la);
  }
  return mhAccept(s, true);
}
