// The straightforward JavaScript MALA a new user would write before reaching for
// a library: Float64Array chains, a dense precision matrix, a 32-bit LCG and
// Box–Muller (Math.log, Math.sqrt, Math.cos/sin) for the noise, one chain at a
// time. Not a twin of any kernel (other draws, other rounding): it is the yard
// stick of the "raw sampler throughput" row in bench/suites/samplers.mjs, where
// ebm-wasm's MALA on the same target, step size and chain count must run ≥ 10×
// as many chain-steps per second on one thread (issue 15).

/** Gaussian target F(y) = ½ (y − μ)ᵀ P (y − μ), with its gradient P (y − μ). */
export interface PlainGaussian {
  dim: number;
  mean: Float64Array;
  prec: Float64Array; // dim × dim, row-major
}

export interface PlainMalaState {
  dim: number;
  chains: number;
  x: Float64Array; // chains × dim
  g: Float64Array; // ∇F at x
  e: Float64Array; // F at x
  seed: number; // LCG state (u32)
  spare: number; // Box–Muller's second normal, NaN when none is kept
  accepts: number;
}

/** Chains started at `init` (chains × dim, any numeric array). */
export function plainMalaInit(t: PlainGaussian, init: ArrayLike<number>, chains: number, seed: number): PlainMalaState {
  const d = t.dim;
  const st: PlainMalaState = {
    dim: d, chains, x: Float64Array.from(init), g: new Float64Array(chains * d), e: new Float64Array(chains),
    seed: seed >>> 0, spare: NaN, accepts: 0,
  };
  for (let c = 0; c < chains; c++) st.e[c] = energyGrad(t, st.x, c * d, st.g);
  return st;
}

/** F at row `o` of Y, writing ∇F into the same row of G. */
function energyGrad(t: PlainGaussian, Y: Float64Array, o: number, G: Float64Array): number {
  const d = t.dim, P = t.prec, mu = t.mean;
  let e = 0;
  for (let i = 0; i < d; i++) {
    let gi = 0;
    for (let j = 0; j < d; j++) gi += P[i * d + j]! * (Y[o + j]! - mu[j]!);
    G[o + i] = gi;
    e += gi * (Y[o + i]! - mu[i]!);
  }
  return 0.5 * e;
}

/** Uniform in [0, 1) from the Numerical Recipes LCG (a = 1664525, c = 1013904223, mod 2³²). */
function uniform(st: PlainMalaState): number {
  st.seed = (Math.imul(st.seed, 1664525) + 1013904223) >>> 0;
  return st.seed / 4294967296;
}

/** Standard normal by Box–Muller, keeping the second value of each pair for the next call. */
function normal(st: PlainMalaState): number {
  if (st.spare === st.spare) {
    const z = st.spare;
    st.spare = NaN;
    return z;
  }
  const u1 = 1 - uniform(st); // in (0, 1]
  const u2 = uniform(st);
  const r = Math.sqrt(-2 * Math.log(u1));
  st.spare = r * Math.sin(2 * Math.PI * u2);
  return r * Math.cos(2 * Math.PI * u2);
}

/**
 * `steps` MALA transitions of every chain with step ε: y' = y − ε∇F(y) + √(2ε)ξ,
 * accepted with probability min(1, exp(F(y) − F(y') − ‖y − y' + ε∇F(y')‖²/4ε + ‖ξ‖²/2)).
 * With `keep`, returns the positions after every step (steps × chains × dim), as a user keeps draws.
 */
export function plainMalaRun(t: PlainGaussian, st: PlainMalaState, steps: number, eps: number, keep = true): Float64Array | null {
  const d = t.dim, C = st.chains;
  const x = st.x, g = st.g, e = st.e;
  const y = new Float64Array(d), gy = new Float64Array(d);
  const s2 = Math.sqrt(2 * eps);
  const out = keep ? new Float64Array(steps * C * d) : null;
  for (let s = 0; s < steps; s++) {
    for (let c = 0; c < C; c++) {
      const o = c * d;
      let fwd = 0;
      for (let j = 0; j < d; j++) {
        const xi = normal(st);
        fwd += xi * xi;
        y[j] = x[o + j]! - eps * g[o + j]! + s2 * xi;
      }
      const ey = energyGrad(t, y, 0, gy);
      let rev = 0;
      for (let j = 0; j < d; j++) {
        const r = x[o + j]! - y[j]! + eps * gy[j]!;
        rev += r * r;
      }
      const logAlpha = e[c]! - ey - rev / (4 * eps) + 0.5 * fwd;
      if (Math.log(uniform(st)) < logAlpha) {
        for (let j = 0; j < d; j++) {
          x[o + j] = y[j]!;
          g[o + j] = gy[j]!;
        }
        e[c] = ey;
        st.accepts++;
      }
    }
    if (out) out.set(x, s * C * d);
  }
  return out;
}
