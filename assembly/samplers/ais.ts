// Annealed importance sampling (Neal 2001) for any energy WASM evaluates:
// from a diagonal Gaussian base p₀ = N(μ, diag σ²) through the geometric path
//   p_β(y) ∝ p₀(y)^{1−β}·exp(−β·F(y)),
// moving the chains at each β with a sampler kind (MALA or HMC) run on the
// path energy E_β = (1 − β)·U₀ + β·F, which is itself an energy kind
// (KIND_AIS_PATH) so the kinds' own WASM step does the transitions.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { rngNormal } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import { descDim, descI0, descP0, descP1, descP2, descP3, DESC_F } from "../energies/descriptor";
import { SS_CHAINS, SS_DIM, SS_RNG, SS_O_POS, arr } from "./state";
import { samplerPrime, runSteps } from "./run";
import { setPart } from "./draws";
import { allocBytes } from "../core/memory";

const LOG_2PI: f64 = 1.8378770664093453; // log(2π)

/** U₀(y) = ½‖(y − μ)/σ‖² of one row, in f64. */
@inline function baseEnergy(y: usize, mu: usize, sd: usize, D: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < D; k++) {
    const z = (<f64>load<f32>(y + (<usize>k << 2)) - <f64>load<f32>(mu + (<usize>k << 2))) / <f64>load<f32>(sd + (<usize>k << 2));
    s += 0.5 * z * z;
  }
  return s;
}

/**
 * The path energy's case of the dispatcher. Descriptor: p0 the target's
 * descriptor, p1 μ f32[D], p2 σ f32[D], p3 work f32[i0·(D + 1)] for up to i0
 * rows, f0 the path's β, f1 the target's inverse temperature b (the target is exp(−b·F)).
 * E = (1 − β)·U₀ + β·b·F, ∇E = (1 − β)·(y − μ)/σ² + β·b·∇F; at β = 0 the target is not evaluated.
 */
export function aisPathEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  const D = descDim(desc);
  if (n > descI0(desc)) fail(E_BAD_ARGUMENT, n);
  const inner = descP0(desc), mu = descP1(desc), sd = descP2(desc), work = descP3(desc);
  const beta = load<f64>(desc, DESC_F);
  const bb = beta * load<f64>(desc, DESC_F + 8);
  const Ein = work, Gin = work + (<usize>n << 2);
  if (beta > 0) energyEval(inner, Y, n, E != 0 ? Ein : 0, G != 0 ? Gin : 0);
  const rowD = <usize>D << 2;
  for (let r = 0; r < n; r++) {
    const y = Y + <usize>r * rowD;
    if (E != 0) {
      const f = beta > 0 ? bb * <f64>load<f32>(Ein + (<usize>r << 2)) : 0;
      store<f32>(E + (<usize>r << 2), <f32>((1 - beta) * baseEnergy(y, mu, sd, D) + f));
    }
    if (G != 0) {
      for (let k = 0; k < D; k++) {
        const o = <usize>k << 2;
        const s = <f64>load<f32>(sd + o);
        let g = (1 - beta) * (<f64>load<f32>(y + o) - <f64>load<f32>(mu + o)) / (s * s);
        if (beta > 0) g += bb * <f64>load<f32>(Gin + <usize>r * rowD + o);
        store<f32>(G + <usize>r * rowD + o, <f32>g);
      }
    }
  }
}

/** log Z₀ = Σ log σ_k + (D/2)·log 2π of the base N(μ, diag σ²) (for exp(−U₀)). */
export function aisBaseLogZ(sd: usize, D: i32): f64 {
  let s: f64 = 0.5 * <f64>D * LOG_2PI;
  for (let k = 0; k < D; k++) s += Math.log(<f64>load<f32>(sd + (<usize>k << 2)));
  return s;
}

/** Draws the sampler state's positions from the base, y = μ + σ·z, with the state's own RNG. */
export function aisInit(s: usize, desc: usize): void {
  const C = load<i32>(s + SS_CHAINS), D = load<i32>(s + SS_DIM);
  const mu = descP1(desc), sd = descP2(desc);
  const pos = arr(s, SS_O_POS);
  rngNormal(pos, C * D, s + SS_RNG);
  for (let r = 0; r < C; r++) {
    for (let k = 0; k < D; k++) {
      const o = (<usize>r * <usize>D + <usize>k) << 2;
      const ko = <usize>k << 2;
      store<f32>(pos + o, load<f32>(mu + ko) + load<f32>(sd + ko) * load<f32>(pos + o));
    }
  }
}

/**
 * Temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1) for
 * the chains of sampler state s on path descriptor desc: at k ≥ 1 every
 * chain's log-weight (logw f64[C]) gains −(β_k − β_{k−1})·(b·F − U₀) at its
 * position (−∞ where F is not finite), then, below the last temperature, the
 * chains take `steps` transitions of the state's kind at β_k.
 */
export function aisRun(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32): void {
  aisLoop(s, desc, betas, K, kFrom, kTo, logw, steps, 0, 0);
}

/**
 * aisRun on a part s of a whole state of `total` chains made by samplerSplit (chains first …,
 * first a multiple of 4; logw holds the part's C log-weights): every chain's transitions take
 * the draws they take in the whole (samplers/draws.ts), and its weight is a sum over its own
 * chain only, so the part's weights are the whole's, bit for bit. The betas may start later
 * than β₀: `betas` then points at β_{off} and K, kFrom, kTo are shifted by off (kFrom > off when off > 0).
 */
export function aisRunPart(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32, first: i32, total: i32): void {
  if (first < 0 || (first & 3) != 0 || total < first + load<i32>(s + SS_CHAINS)) fail(E_BAD_ARGUMENT, first);
  aisLoop(s, desc, betas, K, kFrom, kTo, logw, steps, first, total);
}

function aisLoop(s: usize, desc: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, logw: usize, steps: i32, first: i32, total: i32): void {
  if (K < 2 || kFrom < 0 || kTo > K || steps < 1) fail(E_BAD_ARGUMENT, 1);
  const C = load<i32>(s + SS_CHAINS), D = load<i32>(s + SS_DIM);
  const inner = descP0(desc), mu = descP1(desc), sd = descP2(desc);
  const pos = arr(s, SS_O_POS);
  const tb = load<f64>(desc, DESC_F + 8);
  const F = allocBytes(<u64>C * 4 + 16);
  const rowD = <usize>D << 2;
  for (let k = kFrom; k < kTo; k++) {
    const beta = load<f64>(betas + (<usize>k << 3));
    if (k > 0) {
      const db = beta - load<f64>(betas + (<usize>(k - 1) << 3));
      energyEval(inner, pos, C, F, 0);
      for (let r = 0; r < C; r++) {
        const f = <f64>load<f32>(F + (<usize>r << 2));
        const p = logw + (<usize>r << 3);
        const d = isFinite(f) ? -db * (tb * f - baseEnergy(pos + <usize>r * rowD, mu, sd, D)) : -Infinity;
        store<f64>(p, load<f64>(p) + d);
      }
    }
    if (k == K - 1) continue;
    store<f64>(desc, beta, DESC_F);
    samplerPrime(s, desc);
    // a whole state (total 0) runs as samplerRun does; a part takes its chains' draws of the whole
    setPart(first, total);
    runSteps(s, desc, steps, 1, 0);
    setPart(0, 0);
  }
  heap.free(F);
}

/**
 * From n log-weights (f64): out f64[3] = [log mean exp(logw), its standard
 * error by the delta method (sd of the weights / (mean·√n)), the effective
 * sample size (Σw)²/Σw²]. Weights of −∞ count as zero.
 */
export function aisSummary(logw: usize, n: i32, out: usize): void {
  if (n < 1) fail(E_BAD_ARGUMENT, n);
  let mx: f64 = -Infinity;
  for (let r = 0; r < n; r++) mx = max(mx, load<f64>(logw + (<usize>r << 3)));
  let s1: f64 = 0, s2: f64 = 0;
  for (let r = 0; r < n; r++) {
    const w = Math.exp(load<f64>(logw + (<usize>r << 3)) - mx);
    s1 += w;
    s2 += w * w;
  }
  const N = <f64>n;
  const mean = s1 / N;
  const variance = n > 1 ? max(0, (s2 - N * mean * mean) / (N - 1)) : Infinity;
  store<f64>(out, mx + Math.log(mean));
  store<f64>(out + 8, Math.sqrt(variance / N) / mean);
  store<f64>(out + 16, (s1 * s1) / s2);
}
