// Hamiltonian Monte Carlo with a diagonal mass matrix: momenta p ~ N(0, M),
// L leapfrog steps of size ε (optionally jittered uniformly in ε·[1 − j, 1 + j]
// per transition, shared by the chains), Metropolis on H = βF + ½ pᵀM⁻¹p.
// A non-finite H at the end, or an energy error H₁ − H₀ > 1000, is a divergence
// (and the non-finite one a rejection).
import { rngNormalFast, rngUniform } from "../core/rng";
import { leapfrogInPlace } from "./leapfrog";
import {
  S_CHAINS, S_DIM, S_BETA, S_RNG, S_LEAPFROG, S_LAST_DIV, O_POS, O_PROP, O_E, O_PROP_E, O_G, O_PROP_G, O_MOM,
  O_UNIFORM, O_ACC_PROB, O_INV_MASS, O_DIVERGENT, arr,
} from "./state";
import { mhAccept, tiledFactors } from "./common";
import { SLOT_HMC_SCALE } from "../core/scratch";

const DIVERGENCE: f64 = 1000;

@inline function kinetic(P: usize, invMass: usize, D: i32): f64 {
  let k: f64 = 0;
  for (let j = 0; j < D; j++) {
    const p = <f64>load<f32>(P + (<usize>j << 2));
    k += p * p * load<f64>(invMass + (<usize>j << 3));
  }
  return 0.5 * k;
}

/** One transition of every chain with step `eps` (jitter already applied); returns Σ_c min(1, α_c). */
export function hmcStep(s: usize, desc: usize, eps: f64): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const L = load<i32>(s + S_LEAPFROG);
  const beta = load<f64>(s + S_BETA);
  const rng = s + S_RNG;
  const mom = arr(s, O_MOM);
  const invMass = arr(s, O_INV_MASS);
  rngNormalFast(mom, C * D, rng);
  rngUniform(arr(s, O_UNIFORM), C, rng);
  const rowBytes = <usize>D << 2;
  // p = ξ·√M = ξ / √(M⁻¹): the factors once (f64, rounded to f32), tiled over the chains, then one SIMD pass
  const cd = C * D;
  const S = tiledFactors(SLOT_HMC_SCALE, 0, C, D, invMass, 0);
  let i = 0;
  for (; i + 4 <= cd; i += 4) {
    const o = <usize>i << 2;
    v128.store(mom + o, f32x4.mul(v128.load(mom + o), v128.load(S + o)));
  }
  for (; i < cd; i++) {
    const o = <usize>i << 2;
    store<f32>(mom + o, load<f32>(mom + o) * load<f32>(S + o));
  }
  const pos = arr(s, O_POS), prop = arr(s, O_PROP);
  const G = arr(s, O_G), pG = arr(s, O_PROP_G);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E), accP = arr(s, O_ACC_PROB);
  const div = arr(s, O_DIVERGENT);
  // H0 per chain, kept in ACC_PROB until the end
  for (let c = 0; c < C; c++) {
    store<f64>(accP + (<usize>c << 3), beta * <f64>load<f32>(E + (<usize>c << 2)) + kinetic(mom + <usize>c * rowBytes, invMass, D));
  }
  memory.copy(prop, pos, <usize>C * rowBytes);
  memory.copy(pG, G, <usize>C * rowBytes);
  leapfrogInPlace(desc, prop, mom, pG, pE, C, D, eps, L, invMass, beta);
  let divergences = 0;
  for (let c = 0; c < C; c++) {
    const h0 = load<f64>(accP + (<usize>c << 3));
    const h1 = beta * <f64>load<f32>(pE + (<usize>c << 2)) + kinetic(mom + <usize>c * rowBytes, invMass, D);
    let la = h0 - h1; // NaN when H₁ is not finite (also ±Inf − ±Inf)
    if (!isFinite(h1)) la = NaN;
    if (isNaN(la) || -la > DIVERGENCE) {
      divergences++;
      store<i32>(div + (<usize>c << 2), load<i32>(div + (<usize>c << 2)) + 1);
    }
    store<f64>(accP + (<usize>c << 3), la);
  }
  store<i32>(s + S_LAST_DIV, divergences);
  return mhAccept(s, true);
}
