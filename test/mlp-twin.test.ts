// MLPEnergy (assembly/energies/mlp.ts) against its pure-TS twin
// (bench/baselines/mlp.ts), and gradient checks by finite differences.
//   1. The twin itself against the PyTorch fixtures: in f64 it IS the reference
//      (to f64 round-off), in f32 it stays inside the fixtures' error bounds, and its
//      errorBounds() reproduces the bounds the generator wrote.
//   2. Equivalence at odd sizes (hidden 1, 3, 5, 17; batch 1 and 7; every
//      activation; conditional and not): energy, ∂F/∂y and Σ w_i ∂F_i/∂θ within the
//      f32 error bound B (first-order running error analysis, see errorBounds):
//      ours vs the f64 twin ≤ 2B (the rule of test/mlp-parity.test.ts), ours vs
//      the f32 twin ≤ 3B (each is within B of the exact value; 2B allowed for ours).
//   3. fast-check: grad and paramGrad at random points, every activation, against
//      central differences of the twin in f64 (step 1e-6·max(1, |v|)). Tolerance as
//      JAX's check_grads for float32: rtol 2e-3, and its atol (also 2e-3, absolute in
//      JAX) scaled by the vector's largest |component|, so it means the same for
//      small and large gradients. Where a component cancels to ~0 (±1/B row weights
//      on equal rows, subnormal inputs: fast-check finds them) that scale says
//      nothing, so we add what each side can resolve there: 2B for ours (its f32
//      bound, ~u·|terms|) and the difference quotient's f64 round-off. relu/leaky_relu
//      points with a pre-activation within 1e-3 of the kink are skipped (a finite
//      difference across a kink is not a derivative).
// Seeds are fixed, printed on failure, and overridable with EBM_SEED.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, seedNote, setup, testSeed } from './helpers.js';
import { MLPEnergy, matrix } from '../sdk/index.node.js';
import * as philox from '../bench/baselines/philox.js';
import * as twin from '../bench/baselines/mlp.js';

beforeAll(setup);

const SEED = testSeed(20251126);
const U = twin.UNIT_ROUNDOFF;
// The bounds are relative to the terms (u·|x| per rounding); near 0 f32 underflows
// gradually, with absolute spacing 2^-149. fast-check finds such points (subnormal
// inputs, exact cancellation), so every tolerance adds this floor.
const UNDERFLOW = 2 ** -140;
const ACTS = twin.ACTIVATIONS;

/** Throws at the first k with |got − ref| > factor·bound[k] (bound absolute). */
function within(what: string, got: ArrayLike<number>, ref: ArrayLike<number>, bound: ArrayLike<number>, factor: number): void {
  expect(got.length, `${what}: length`).toBe(ref.length);
  for (let k = 0; k < ref.length; k++) {
    const d = Math.abs(got[k]! - ref[k]!);
    const tol = factor * bound[k]! + UNDERFLOW;
    if (!(d <= tol)) {
      throw new Error(`${what}[${k}]: ${got[k]} vs ${ref[k]}: |Δ| ${d.toExponential(3)} > ${factor}·bound ${tol.toExponential(3)} ${seedNote(SEED)}`);
    }
  }
}

// ---- 1. the twin against PyTorch -------------------------------------------------------

interface Fixture {
  name: string;
  model: Parameters<typeof twin.fromJSON>[0];
  Y: number[][];
  X?: number[][];
  weights: number[];
  energy: number[];
  grad: number[][];
  paramGrad: number[];
  errorScale: { energy: number[]; grad: number[][]; paramGrad: number[] };
}
const fixtures = loadFixtures<Fixture>(/^mlp-.*\.json$/).map((f) => f.data);

describe('the pure-TS twin against the PyTorch fixtures', () => {
  it('finds the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(13));
  for (const f of fixtures) {
    it(f.name, () => {
      const { shape, params } = twin.fromJSON(f.model);
      const n = f.Y.length;
      const Y = Float32Array.from(f.Y.flat());
      const X = f.X ? Float32Array.from(f.X.flat()) : undefined;
      const w = Float32Array.from(f.weights);
      const scale = (a: number[]) => a.map((v) => U * v);
      const bE = scale(f.errorScale.energy);
      const bG = scale(f.errorScale.grad.flat());
      const bP = scale(f.errorScale.paramGrad);
      // f64: the same numbers as PyTorch float64 (round-off 2^-29 of the f32 bound; allow 2^-20)
      const e64 = twin.energyAndGrad(shape, Float64Array.from(params), Float64Array.from(Y), n, X && Float64Array.from(X), 'f64');
      const p64 = twin.paramGrad(shape, Float64Array.from(params), Float64Array.from(Y), Float64Array.from(w), n, X && Float64Array.from(X), 'f64');
      within(`${f.name} f64 energy`, e64.energy, f.energy, bE, 2 ** -20);
      within(`${f.name} f64 grad`, e64.grad, f.grad.flat(), bG, 2 ** -20);
      within(`${f.name} f64 paramGrad`, p64, f.paramGrad, bP, 2 ** -20);
      // f32: inside the bound, like any float32 evaluation
      const e32 = twin.energyAndGrad(shape, params, Y, n, X);
      within(`${f.name} f32 energy`, e32.energy, f.energy, bE, 1);
      within(`${f.name} f32 grad`, e32.grad, f.grad.flat(), bG, 1);
      within(`${f.name} f32 paramGrad`, twin.paramGrad(shape, params, Y, w, n, X), f.paramGrad, bP, 1);
      expect(Array.from(twin.energies(shape, params, Y, n, X))).toEqual(Array.from(e32.energy));
      // errorBounds() is the generator's bound (which rounds up to 3 digits)
      const b = twin.errorBounds(shape, params, Y, n, X, w);
      const same = (what: string, mine: Float64Array, theirs: number[]) => {
        for (let k = 0; k < theirs.length; k++) {
          const m = mine[k]! / U;
          if (!(theirs[k]! >= m * (1 - 1e-9) && theirs[k]! <= m * 1.011 + 1e-300)) {
            throw new Error(`${f.name} errorScale.${what}[${k}]: fixture ${theirs[k]} vs errorBounds ${m}`);
          }
        }
      };
      same('energy', b.energy, f.errorScale.energy);
      same('grad', b.grad, f.errorScale.grad.flat());
      same('paramGrad', b.paramGrad, f.errorScale.paramGrad);
    });
  }
});

// ---- 2. MLPEnergy against the twin at odd sizes ----------------------------------------

/** n rows of y (D) and x (C) from the Philox twin, N(0, 1.5²) and N(0, 1). */
function draw(n: number, D: number, C: number, salt: number): { Y: Float32Array; X?: Float32Array; w: Float32Array } {
  const st = philox.rngInit(SEED >>> 0, salt, 0x4d4c50);
  const Y = philox.rngNormal(n * D, st).map((v) => 1.5 * v);
  const X = C > 0 ? philox.rngNormal(n * C, st) : undefined;
  // contrastive row weights: +1/n on the first half, −1/n on the rest
  const w = Float32Array.from({ length: n }, (_, i) => (i < (n + 1) >> 1 ? 1 / n : -1 / n));
  return { Y, X, w };
}

const HIDDEN = [[1], [3], [5], [17]];

describe('MLPEnergy vs the pure-TS twin at odd sizes', () => {
  ACTS.forEach((activation, ai) => {
    HIDDEN.forEach((hidden, hi) => {
      for (const conditional of [false, true]) {
        const D = conditional ? 2 : 3;
        const C = conditional ? 3 : 0;
        const outputScale = conditional ? -0.75 : 1;
        const quadratic = conditional ? 0.3 : 0;
        it(`${activation}, ${C ? `x ${C} + ` : ''}y ${D} → ${hidden.join('→')} → 1`, () => {
          const m = new MLPEnergy({ inputDim: D, conditionDim: C, hidden, activation, outputScale, quadratic, seed: SEED + 31 * ai + 7 * hi + (conditional ? 1 : 0) });
          try {
            const shape = twin.mlpShape({ inputDim: D, conditionDim: C, hidden, activation, outputScale: Math.fround(outputScale), quadratic: Math.fround(quadratic) });
            const theta = m.params;
            expect(theta.length).toBe(twin.numParams(shape.sizes));
            for (const n of [1, 7]) {
              // inputs far from relu kinks (|z| ≫ its f32 error), redrawn if needed
              let input = draw(n, D, C, 1000 * ai + 100 * hi + n);
              let b = twin.errorBounds(shape, theta, input.Y, n, input.X, input.w);
              for (let a = 1; b.kinkMargin < 100 && a < 50; a++) {
                input = draw(n, D, C, 1000 * ai + 100 * hi + n + 100_000 * a);
                b = twin.errorBounds(shape, theta, input.Y, n, input.X, input.w);
              }
              expect(b.kinkMargin, `no inputs away from the kinks ${seedNote(SEED)}`).toBeGreaterThan(100);
              const { Y, X, w } = input;
              const Ym = matrix(n, D, Y);
              const Xm = X && matrix(n, C, X);
              const ours = m.energyAndGrad(Ym, Xm);
              const oursP = m.paramGrad(Ym, w, Xm);
              const what = `${activation} h=${hidden} C=${C} n=${n}`;
              const t64 = twin.energyAndGrad(shape, Float64Array.from(theta), Float64Array.from(Y), n, X && Float64Array.from(X), 'f64');
              const p64 = twin.paramGrad(shape, Float64Array.from(theta), Float64Array.from(Y), Float64Array.from(w), n, X && Float64Array.from(X), 'f64');
              within(`${what} energy vs f64 twin`, ours.energy, t64.energy, b.energy, 2);
              within(`${what} grad vs f64 twin`, ours.grad.data, t64.grad, b.grad, 2);
              within(`${what} paramGrad vs f64 twin`, oursP, p64, b.paramGrad, 2);
              const t32 = twin.energyAndGrad(shape, theta, Y, n, X);
              within(`${what} energy vs f32 twin`, ours.energy, t32.energy, b.energy, 3);
              within(`${what} grad vs f32 twin`, ours.grad.data, t32.grad, b.grad, 3);
              within(`${what} paramGrad vs f32 twin`, oursP, twin.paramGrad(shape, theta, Y, w, n, X), b.paramGrad, 3);
              // the unfused calls give the fused call's bytes
              expect(Array.from(m.energy(Ym, Xm))).toEqual(Array.from(ours.energy));
              expect(Array.from(m.grad(Ym, Xm).data)).toEqual(Array.from(ours.grad.data));
            }
          } finally {
            m.dispose();
          }
        });
      }
    });
  });
});

// ---- 3. finite differences ---------------------------------------------------------------

const FD_RTOL = 2e-3;
const FD_RUNS = 40;
/** f64 evaluations are off by ≤ (their f32 bound)·2^-29 (u of f64 over u of f32). */
const F64_OVER_F32 = 2 ** -29;

/** A central difference and the round-off it carries. */
interface Fd {
  value: Float64Array;
  noise: Float64Array;
}

/**
 * |got − fd| ≤ rtol·(|fd_k| + max_j |fd_j|) + 2·bound_k + noise_k + 2^-140, where
 * bound is the f32 error bound of got and noise the f64 round-off of the difference
 * quotient: what each side can resolve when a component cancels to ~0.
 */
function closeToFd(what: string, got: ArrayLike<number>, fd: Fd, bound: ArrayLike<number>): void {
  const { value, noise } = fd;
  let scale = 0;
  for (let k = 0; k < value.length; k++) scale = Math.max(scale, Math.abs(value[k]!));
  for (let k = 0; k < value.length; k++) {
    const d = Math.abs(got[k]! - value[k]!);
    const tol = FD_RTOL * (Math.abs(value[k]!) + scale) + 2 * bound[k]! + noise[k]! + UNDERFLOW;
    if (!(d <= tol)) throw new Error(`${what}[${k}]: analytic ${got[k]} vs finite difference ${value[k]}: |Δ| ${d.toExponential(3)} > ${tol.toExponential(3)}`);
  }
}

const step = (v: number) => 1e-6 * Math.max(1, Math.abs(v));

/** ∂F_i/∂y_ij by central differences of the f64 twin (rows are independent: one pass per column). bE: f32 bounds of the energies. */
function fdGradY(shape: twin.MlpShape, theta: Float64Array, Y: Float64Array, n: number, X: Float64Array | undefined, bE: Float64Array): Fd {
  const D = shape.inputDim;
  const value = new Float64Array(n * D);
  const noise = new Float64Array(n * D);
  for (let j = 0; j < D; j++) {
    const Yp = Float64Array.from(Y);
    const Ym = Float64Array.from(Y);
    for (let i = 0; i < n; i++) {
      Yp[i * D + j]! += step(Y[i * D + j]!);
      Ym[i * D + j]! -= step(Y[i * D + j]!);
    }
    const Ep = twin.energies(shape, theta, Yp, n, X, 'f64');
    const Em = twin.energies(shape, theta, Ym, n, X, 'f64');
    for (let i = 0; i < n; i++) {
      const h2 = Yp[i * D + j]! - Ym[i * D + j]!;
      value[i * D + j] = (Ep[i]! - Em[i]!) / h2;
      noise[i * D + j] = (4 * F64_OVER_F32 * bE[i]!) / h2;
    }
  }
  return { value, noise };
}

/** Σ_i w_i ∂F_i/∂θ_p by central differences of the f64 twin. */
function fdParamGrad(shape: twin.MlpShape, theta: Float64Array, Y: Float64Array, w: Float64Array, n: number, X: Float64Array | undefined, bE: Float64Array): Fd {
  const value = new Float64Array(theta.length);
  const noise = new Float64Array(theta.length);
  let wb = 0;
  for (let i = 0; i < n; i++) wb += Math.abs(w[i]!) * bE[i]!;
  const S = (t: Float64Array) => {
    const E = twin.energies(shape, t, Y, n, X, 'f64');
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * E[i]!;
    return s;
  };
  for (let p = 0; p < theta.length; p++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[p]! += step(theta[p]!);
    tm[p]! -= step(theta[p]!);
    const h2 = tp[p]! - tm[p]!;
    value[p] = (S(tp) - S(tm)) / h2;
    noise[p] = (4 * F64_OVER_F32 * wb) / h2;
  }
  return { value, noise };
}

describe('grad and paramGrad against f64 finite differences (fast-check)', () => {
  ACTS.forEach((activation, ai) => {
    it(`${activation}`, () => {
      const arb = fc
        .record({
          hidden: fc.constantFrom([1], [3], [5], [17], [5, 3], [3, 17]),
          D: fc.integer({ min: 1, max: 3 }),
          C: fc.integer({ min: 0, max: 2 }),
          n: fc.integer({ min: 1, max: 4 }),
          seed: fc.nat({ max: 1_000_000 }),
          outputScale: fc.constantFrom(1, -0.5, 2),
          quadratic: fc.constantFrom(0, 0.1),
        })
        .chain((s) =>
          fc.record({
            s: fc.constant(s),
            y: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: s.n * s.D, maxLength: s.n * s.D }),
            x: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: s.n * s.C, maxLength: s.n * s.C }),
            signs: fc.array(fc.boolean(), { minLength: s.n, maxLength: s.n }),
          }),
        );
      const seed = SEED + ai;
      try {
        fc.assert(
          fc.property(arb, ({ s, y, x, signs }) => {
            const { D, C, n } = s;
            const hidden = [...s.hidden];
            const m = new MLPEnergy({ inputDim: D, conditionDim: C, hidden, activation, outputScale: s.outputScale, quadratic: s.quadratic, seed: s.seed });
            try {
              const shape = twin.mlpShape({ inputDim: D, conditionDim: C, hidden, activation, outputScale: Math.fround(s.outputScale), quadratic: Math.fround(s.quadratic) });
              const theta = Float64Array.from(m.params);
              const Y32 = Float32Array.from(y);
              const X32 = C > 0 ? Float32Array.from(x) : undefined;
              const w32 = Float32Array.from(signs, (b) => (b ? 1 : -1) / n);
              const Y = Float64Array.from(Y32);
              const X = X32 && Float64Array.from(X32);
              const b = twin.errorBounds(shape, theta, Y, n, X, w32);
              if (activation === 'relu' || activation === 'leaky_relu') fc.pre(b.minAbsPreActivation > 1e-3);
              const Ym = matrix(n, D, Y32);
              const Xm = X32 && matrix(n, C, X32);
              closeToFd('grad', m.grad(Ym, Xm).data, fdGradY(shape, theta, Y, n, X, b.energy), b.grad);
              closeToFd('paramGrad', m.paramGrad(Ym, w32, Xm), fdParamGrad(shape, theta, Y, Float64Array.from(w32), n, X, b.energy), b.paramGrad);
            } finally {
              m.dispose();
            }
          }),
          { seed, numRuns: FD_RUNS },
        );
      } catch (e) {
        // fast-check 4 keeps the property's own error in `cause`
        const cause = (e as Error & { cause?: unknown }).cause;
        const why = cause instanceof Error ? `\ncaused by: ${cause.message}` : '';
        throw new Error(`${(e as Error).message}${why}\n${activation}: fast-check seed ${seed} ${seedNote(SEED)}`);
      }
    });
  });
});
