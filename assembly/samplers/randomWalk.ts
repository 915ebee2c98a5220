// Random-walk Metropolis: y' = y + ε·ξ, accept with min(1, exp(−β(F(y') − F(y)))).
import { rngNormalFast, rngUniform } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import { S_CHAINS, S_DIM, S_BETA, S_RNG, O_POS, O_PROP, O_E, O_PROP_E, O_NOISE, O_UNIFORM, O_ACC_PROB, arr } from "./state";
import { propose, mhAccept } from "./common";

/** One transition of every chain; returns Σ_c min(1, α_c). Draws C·D normals, then C uniforms. */
export function randomWalkStep(s: usize, desc: usize, eps: f64): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const beta = load<f64>(s + S_BETA);
  const rng = s + S_RNG;
  const noise = arr(s, O_NOISE);
  rngNormalFast(noise, C * D, rng);
  rngUniform(arr(s, O_UNIFORM), C, rng);
  propose(arr(s, O_PROP), arr(s, O_POS), 0, 0, noise, <f32>eps, C * D);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E), accP = arr(s, O_ACC_PROB);
  energyEval(desc, arr(s, O_PROP), C, pE, 0);
  for (let c = 0; c < C; c++) {
    const e1 = load<f32>(pE + (<usize>c << 2));
    const la = isFinite<f32>(e1) ? beta * (<f64>load<f32>(E + (<usize>c << 2)) - <f64>e1) : NaN;
    store<f64>(accP + (<usize>c << 3), la);
  }
  return mhAccept(s, false);
}
