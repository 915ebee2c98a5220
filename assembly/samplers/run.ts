// The exported sampler entry points: prime a state, run transitions (with
// warm-up adaptation while it is active), reset counters. One call runs any
// number of transitions over all chains.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { cursorBegin, cursorEnd, nextUniform } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import {
  S_KIND, S_CHAINS, S_DIM, S_ITER, S_ADAPT_START, S_ADAPT_END, S_STEP, S_JITTER, S_LAST_ACCEPT, S_LAST_STEP,
  S_COUNTED, S_LAST_DIV, S_RNG, S_BETA, S_NOISE, S_LEAPFROG,
  SAMPLER_RANDOM_WALK, SAMPLER_LANGEVIN, SAMPLER_MALA, SAMPLER_HMC,
  O_POS, O_E, O_G, O_ACCEPTS, O_NON_FINITE, O_DIVERGENT, arr,
} from "./state";
import { rowFinite } from "./common";
import { adaptAfter } from "./adapt";
import { randomWalkStep } from "./randomWalk";
import { langevinStep } from "./langevin";
import { malaStep } from "./mala";
import { hmcStep } from "./hmc";

/**
 * Evaluates F (and ∇F when needGrad) at the state's positions. Returns the
 * first chain whose energy, gradient or position is not finite, or −1.
 */
export function samplerPrime(s: usize, desc: usize, needGrad: i32): i32 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const pos = arr(s, O_POS), E = arr(s, O_E), G = arr(s, O_G);
  energyEval(desc, pos, C, E, needGrad != 0 ? G : 0);
  const rowBytes = <usize>D << 2;
  for (let c = 0; c < C; c++) {
    if (!isFinite<f32>(load<f32>(E + (<usize>c << 2)))) return c;
    if (!rowFinite(pos + <usize>c * rowBytes, D)) return c;
    if (needGrad != 0 && !rowFinite(G + <usize>c * rowBytes, D)) return c;
  }
  return -1;
}

/** Sets the tunable scalars. leapfrogSteps ≥ 1; the others as the SDK validated them. */
export function samplerConfigure(s: usize, stepSize: f64, beta: f64, noiseScale: f64, jitter: f64, leapfrogSteps: i32): void {
  store<f64>(s + S_STEP, stepSize);
  store<f64>(s + S_LAST_STEP, stepSize);
  store<f64>(s + S_BETA, beta);
  store<f64>(s + S_NOISE, noiseScale);
  store<f64>(s + S_JITTER, jitter);
  store<i32>(s + S_LEAPFROG, leapfrogSteps);
}

/** One transition of every chain plus, inside a warm-up, one adaptation update. */
function transition(s: usize, desc: usize): void {
  const kind = load<i32>(s + S_KIND);
  const C = load<i32>(s + S_CHAINS);
  let eps = load<f64>(s + S_STEP);
  store<i32>(s + S_LAST_DIV, 0);
  let sum: f64;
  switch (kind) {
    case SAMPLER_RANDOM_WALK: sum = randomWalkStep(s, desc, eps); break;
    case SAMPLER_LANGEVIN: sum = langevinStep(s, desc, eps); break;
    case SAMPLER_MALA: sum = malaStep(s, desc, eps); break;
    case SAMPLER_HMC: {
      const j = load<f64>(s + S_JITTER);
      if (j > 0) {
        cursorBegin(s + S_RNG);
        eps *= 1 + j * (2 * nextUniform() - 1);
        cursorEnd();
      }
      sum = hmcStep(s, desc, eps);
      break;
    }
    default: fail(E_BAD_ARGUMENT, kind); sum = 0;
  }
  const accept = sum / <f64>C;
  store<f64>(s + S_LAST_ACCEPT, accept);
  store<f64>(s + S_LAST_STEP, eps);
  store<i32>(s + S_COUNTED, load<i32>(s + S_COUNTED) + 1);
  const iter = load<i32>(s + S_ITER);
  if (iter >= load<i32>(s + S_ADAPT_START) && iter < load<i32>(s + S_ADAPT_END)) adaptAfter(s, iter, accept);
  store<i32>(s + S_ITER, iter + 1);
}

/**
 * Runs `steps` transitions of every chain. When out != 0, after every
 * `thin`-th transition the positions (C×D f32) are appended to out, so out
 * holds floor(steps/thin) draws as [draw][chain][dim]. Returns the number written.
 */
export function samplerRun(s: usize, desc: usize, steps: i32, thin: i32, out: usize): i32 {
  if (thin < 1) fail(E_BAD_ARGUMENT, thin);
  const cd = <usize>load<i32>(s + S_CHAINS) * <usize>load<i32>(s + S_DIM) * 4;
  const pos = arr(s, O_POS);
  let written = 0;
  for (let k = 0; k < steps; k++) {
    transition(s, desc);
    if (out != 0 && (k + 1) % thin == 0) {
      memory.copy(out + <usize>written * cd, pos, cd);
      written++;
    }
  }
  return written;
}

/** Zeroes the per-chain counters (accepts, non-finite, divergences) and the transition count. */
export function samplerResetCounters(s: usize): void {
  const C = <usize>load<i32>(s + S_CHAINS);
  memory.fill(arr(s, O_ACCEPTS), 0, C * 4);
  memory.fill(arr(s, O_NON_FINITE), 0, C * 4);
  memory.fill(arr(s, O_DIVERGENT), 0, C * 4);
  store<i32>(s + S_COUNTED, 0);
}
