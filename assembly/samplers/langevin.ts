// Unadjusted Langevin: y' = y − ε·β·∇F(y) + √(2ε)·s·ξ (s = noise scale; s = 1
// targets exp(−βF) up to the O(ε) discretization bias). Always accepted,
// except that a non-finite energy or gradient at y' keeps y (counted).
import { rngNormalFast } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import {
  S_CHAINS, S_DIM, S_BETA, S_NOISE, S_RNG, O_POS, O_PROP, O_E, O_PROP_E, O_G, O_PROP_G, O_NOISE,
  O_ACCEPTS, O_NON_FINITE, O_LAST_ACC, O_ACC_PROB, arr,
} from "./state";
import { propose, rowFinite, copyRow } from "./common";

/** One transition of every chain; returns the number of chains that moved. Draws C·D normals. */
export function langevinStep(s: usize, desc: usize, eps: f64): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const beta = load<f64>(s + S_BETA);
  const noise = arr(s, O_NOISE);
  rngNormalFast(noise, C * D, s + S_RNG);
  const pos = arr(s, O_POS), prop = arr(s, O_PROP);
  const G = arr(s, O_G), pG = arr(s, O_PROP_G);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E);
  propose(prop, pos, G, <f32>(-eps * beta), noise, <f32>(Math.sqrt(2 * eps) * load<f64>(s + S_NOISE)), C * D);
  energyEval(desc, prop, C, pE, pG);
  const rowBytes = <usize>D << 2;
  const accs = arr(s, O_ACCEPTS), nonFin = arr(s, O_NON_FINITE), last = arr(s, O_LAST_ACC), accP = arr(s, O_ACC_PROB);
  let moved: f64 = 0;
  for (let c = 0; c < C; c++) {
    const ok = isFinite<f32>(load<f32>(pE + (<usize>c << 2))) && rowFinite(pG + <usize>c * rowBytes, D) &&
      rowFinite(prop + <usize>c * rowBytes, D);
    if (ok) {
      copyRow(pos + <usize>c * rowBytes, prop + <usize>c * rowBytes, D);
      copyRow(G + <usize>c * rowBytes, pG + <usize>c * rowBytes, D);
      store<f32>(E + (<usize>c << 2), load<f32>(pE + (<usize>c << 2)));
      store<i32>(accs + (<usize>c << 2), load<i32>(accs + (<usize>c << 2)) + 1);
      moved += 1;
    } else {
      store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
    }
    store<i32>(last + (<usize>c << 2), ok ? 1 : 0);
    store<f64>(accP + (<usize>c << 3), ok ? 1.0 : 0.0);
  }
  return moved;
}
