// Pure-TS twins of the samplers (assembly/samplers/): the same algorithms,
// step sizes and Philox streams (bench/baselines/philox.ts), on Float32Array
// chains with f64 scalars, written the way a careful TS author would
// (typed arrays, no allocation in the loop). Benchmarks race them; they are
// not bit-identical to WASM (JS Math.log/cos differ in the last bits).
import { rngInit, rngNormalFast, rngUniform, type RngState } from './philox.js';

/** F and ∇F of n rows of Y (n × dim). */
export interface TwinEnergy {
  dim: number;
  eval(Y: Float32Array, n: number, E: Float32Array, G: Float32Array | null): void;
}

/** F = ½ (y − μ)ᵀ P (y − μ). */
export function gaussianEnergy(mean: Float32Array, P: Float32Array): TwinEnergy {
  const d = mean.length;
  const diff = new Float32Array(d);
  return {
    dim: d,
    eval(Y, n, E, G) {
      for (let i = 0; i < n; i++) {
        const o = i * d;
        for (let j = 0; j < d; j++) diff[j] = Y[o + j]! - mean[j]!;
        let e = 0;
        for (let j = 0; j < d; j++) {
          let g = 0;
          for (let k = 0; k < d; k++) g += P[j * d + k]! * diff[k]!;
          if (G) G[o + j] = g;
          e += g * diff[j]!;
        }
        E[i] = 0.5 * e;
      }
    },
  };
}

/** The banana of energies.banana: F = y₀²/(2σ²) + ½ (y₁ − b·y₀²)² + ½ Σ_{j≥2} y_j². */
export function bananaEnergy(dim: number, sigma: number, b: number): TwinEnergy {
  const s2 = sigma * sigma;
  return {
    dim,
    eval(Y, n, E, G) {
      for (let i = 0; i < n; i++) {
        const o = i * dim;
        const x0 = Y[o]!, x1 = Y[o + 1]!;
        const r = x1 - b * x0 * x0;
        let e = (0.5 * x0 * x0) / s2 + 0.5 * r * r;
        for (let j = 2; j < dim; j++) {
          const v = Y[o + j]!;
          e += 0.5 * v * v;
          if (G) G[o + j] = v;
        }
        if (G) {
          G[o] = x0 / s2 - 2 * b * x0 * r;
          G[o + 1] = r;
        }
        E[i] = e;
      }
    },
  };
}

/** Double well of energies.doubleWell: F = h·(y₀² − 1)² + ½ Σ_{j≥1} y_j². */
export function doubleWellEnergy(dim: number, h: number): TwinEnergy {
  return {
    dim,
    eval(Y, n, E, G) {
      for (let i = 0; i < n; i++) {
        const o = i * dim;
        const x = Y[o]!;
        const u = x * x - 1;
        let e = h * u * u;
        for (let j = 1; j < dim; j++) {
          const v = Y[o + j]!;
          e += 0.5 * v * v;
          if (G) G[o + j] = v;
        }
        if (G) G[o] = 4 * h * x * u;
        E[i] = e;
      }
    },
  };
}

export type TwinKind = 'langevin' | 'mala' | 'hmc';

export interface TwinSampler {
  kind: TwinKind;
  chains: number;
  dim: number;
  stepSize: number;
  beta: number;
  leapfrogSteps: number;
  rng: RngState;
  pos: Float32Array;
  E: Float32Array;
  G: Float32Array;
  prop: Float32Array;
  pE: Float32Array;
  pG: Float32Array;
  mom: Float32Array;
  accepts: Int32Array;
}

export function createSampler(
  kind: TwinKind, energy: TwinEnergy, Y0: Float32Array, chains: number,
  opts: { seedLo?: number; seedHi?: number; stepSize: number; beta?: number; leapfrogSteps?: number },
): TwinSampler {
  const d = energy.dim;
  const s: TwinSampler = {
    kind, chains, dim: d, stepSize: opts.stepSize, beta: opts.beta ?? 1, leapfrogSteps: opts.leapfrogSteps ?? 1,
    rng: rngInit(opts.seedLo ?? 0, opts.seedHi ?? 0, 0),
    pos: Float32Array.from(Y0), E: new Float32Array(chains), G: new Float32Array(chains * d),
    prop: new Float32Array(chains * d), pE: new Float32Array(chains), pG: new Float32Array(chains * d),
    mom: new Float32Array(chains * d), accepts: new Int32Array(chains),
  };
  energy.eval(s.pos, chains, s.E, s.G);
  return s;
}

function accept(s: TwinSampler, c: number, la: number, u: number): void {
  // u < min(1, α), as the kernel (the same event as log u < log α, without a log), with log α rounded
  // to f32 and α = 0 below −87 as its f32x4 exp; the kernel's exp itself is within 2 f32 ulp of this one
  const f = Math.fround(la);
  const alpha = f >= 0 ? 1 : f > -87 ? Math.exp(f) : 0; // NaN: 0
  if (u < alpha) {
    const d = s.dim;
    s.pos.set(s.prop.subarray(c * d, (c + 1) * d), c * d);
    s.G.set(s.pG.subarray(c * d, (c + 1) * d), c * d);
    s.E[c] = s.pE[c]!;
    s.accepts[c]!++;
  }
}

/** One transition of every chain (same draws, order and formulas as the WASM kernels). */
export function step(s: TwinSampler, energy: TwinEnergy): void {
  const { chains: C, dim: D, stepSize: eps, beta } = s;
  const n = C * D;
  if (s.kind === 'langevin' || s.kind === 'mala') {
    const xi = rngNormalFast(n, s.rng);
    const u = s.kind === 'mala' ? rngUniform(C, s.rng) : null;
    const a = -eps * beta, b = Math.sqrt(2 * eps);
    for (let i = 0; i < n; i++) s.prop[i] = s.pos[i]! + a * s.G[i]! + b * xi[i]!;
    energy.eval(s.prop, C, s.pE, s.pG);
    for (let c = 0; c < C; c++) {
      if (!u) {
        if (Number.isFinite(s.pE[c]!)) {
          s.pos.set(s.prop.subarray(c * D, (c + 1) * D), c * D);
          s.G.set(s.pG.subarray(c * D, (c + 1) * D), c * D);
          s.E[c] = s.pE[c]!;
          s.accepts[c]!++;
        }
        continue;
      }
      let fwd = 0, rev = 0;
      for (let j = 0; j < D; j++) {
        const k = c * D + j;
        fwd += xi[k]! * xi[k]!;
        const t = s.pos[k]! - s.prop[k]! + eps * beta * s.pG[k]!;
        rev += t * t;
      }
      accept(s, c, beta * (s.E[c]! - s.pE[c]!) - rev / (4 * eps) + 0.5 * fwd, u[c]!);
    }
    return;
  }
  // HMC, unit mass
  const p = rngNormalFast(n, s.rng);
  const u = rngUniform(C, s.rng);
  const h0 = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let k = 0;
    for (let j = 0; j < D; j++) k += p[c * D + j]! ** 2;
    h0[c] = beta * s.E[c]! + 0.5 * k;
  }
  s.prop.set(s.pos);
  s.pG.set(s.G);
  const L = s.leapfrogSteps;
  for (let i = 0; i < n; i++) p[i] = p[i]! - 0.5 * eps * beta * s.pG[i]!;
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < n; i++) s.prop[i] = s.prop[i]! + eps * p[i]!;
    energy.eval(s.prop, C, s.pE, s.pG);
    const h = l === L - 1 ? 0.5 * eps * beta : eps * beta;
    for (let i = 0; i < n; i++) p[i] = p[i]! - h * s.pG[i]!;
  }
  for (let c = 0; c < C; c++) {
    let k = 0;
    for (let j = 0; j < D; j++) k += p[c * D + j]! ** 2;
    accept(s, c, h0[c]! - (beta * s.pE[c]! + 0.5 * k), u[c]!);
  }
}

/** `steps` transitions; every thin-th positions appended to `out` ([draw][chain][dim]) when given. */
export function run(s: TwinSampler, energy: TwinEnergy, steps: number, thin = 1, out?: Float32Array): void {
  let w = 0;
  for (let k = 0; k < steps; k++) {
    step(s, energy);
    if (out && (k + 1) % thin === 0) out.set(s.pos, w++ * s.pos.length);
  }
}
