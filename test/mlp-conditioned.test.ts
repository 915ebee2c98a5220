// Sampling a conditional MLP energy F(x, ·) for a fixed x (model.given(x)):
// the conditioned energy must agree with the model's own F(x, y) and ∇_y F bit
// for bit, drive every sampler exactly as a JS callback energy computing the
// same values does (same seed ⇒ same chains), and sample p(y | x): moments
// within Z·MCSE of quadrature on a fine grid (Z = 3.5: two-sided false-failure
// rate 4.7e-4 per check, 8 checks).
import { describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { momentChecks, describeChecks } from './mcmc-helpers.js';
import { MLPEnergy, energies, samplers, metrics } from '../sdk/index.node.js';

await setup();

const Z = 3.5;

describe('MLPEnergy.given(x)', () => {
  const m = new MLPEnergy({ inputDim: 2, conditionDim: 3, hidden: [16, 16], activation: 'tanh', quadratic: 0.5, seed: 4 });
  const x = [0.3, -1.2, 2];
  const rep = (n: number) => ({ rows: n, cols: 3, data: Float32Array.from({ length: 3 * n }, (_, i) => x[i % 3]!) });
  const Y = { rows: 5, cols: 2, data: Float32Array.from([0, 0, 1, -1, 2.5, 0.1, -3, 2, 0.7, 0.7]) };

  it('is F(x, ·) and ∇_y F(x, ·) of the model, bit for bit', () => {
    const e = m.given(x);
    expect(e.dim).toBe(2);
    expect(Array.from(e.energy(Y))).toEqual(Array.from(m.energy(Y, rep(5))));
    expect(Array.from(e.grad(Y).data)).toEqual(Array.from(m.grad(Y, rep(5)).data));
    e.dispose();
  });

  it('drives every sampler exactly like a callback energy computing the same values', async () => {
    const seed = testSeed(8128);
    for (const kind of ['randomWalk', 'langevin', 'mala', 'hmc'] as const) {
      const e = m.given(x);
      const cb = energies.custom({ dim: 2, energy: (Y) => m.energy(Y, rep(Y.rows)), grad: (Y) => m.grad(Y, rep(Y.rows)) });
      const a = await samplers[kind](e, { chains: 7, seed, stepSize: 0.05 }).run({ draws: 30 });
      const b = await samplers[kind](cb, { chains: 7, seed, stepSize: 0.05 }).run({ draws: 30 });
      expect(Array.from(a.samples.data), `${kind} ${seedNote(seed)}`).toEqual(Array.from(b.samples.data));
      e.dispose();
      cb.dispose();
    }
  });

  it('samples p(y | x): moments match quadrature for two conditions', async () => {
    // 1-D y and x: the grid gives the exact conditional mean and variance.
    // F(x, y) = 3·tanh(2x + 2y) + 0.3·y²: a step whose position moves with x, so
    // p(y | x) is skewed, and differently for each x
    const c = MLPEnergy.fromJSON({
      kind: 'mlp-energy', version: 1, inputDim: 1, conditionDim: 1, quadratic: 0.3,
      layers: [{ weight: [[2, 2]], bias: [0], activation: 'tanh' }, { weight: [[3]], bias: [0], activation: 'identity' }],
    });
    const seed = testSeed(31337);
    const checks = [];
    const means: number[] = [];
    for (const xv of [-1.5, 1.5]) {
      const n = 8001;
      const lo = -12;
      const h = 24 / (n - 1);
      // the energy written out in f64 (not the model under test evaluated on a grid);
      // the trapezoid/Riemann sum on h = 0.003 over ±12 is exact to ≪ the MCSE
      const grid = Array.from({ length: n }, (_, i) => lo + i * h);
      const E = grid.map((y) => 3 * Math.tanh(2 * xv + 2 * y) + 0.3 * y * y);
      let emin = Infinity;
      for (const v of E) emin = Math.min(emin, v);
      let z = 0, s1 = 0, s2 = 0;
      for (let i = 0; i < n; i++) {
        const w = Math.exp(-(E[i]! - emin));
        const y = grid[i]!;
        z += w;
        s1 += w * y;
        s2 += w * y * y;
      }
      const mean = s1 / z;
      const variance = s2 / z - mean * mean;
      means.push(mean);
      const e = c.given([xv]);
      const s = samplers.mala(e, { chains: 32, seed: seed + (xv > 0 ? 1 : 0), stepSize: 0.5 });
      const r = await s.run({ warmup: 500, draws: 1500, adapt: {} });
      checks.push(...momentChecks(r.samples, [mean], [variance]));
      s.dispose();
      e.dispose();
    }
    expect(Math.abs(means[0]! - means[1]!)).toBeGreaterThan(1); // the two conditions really differ
    for (const ch of checks) expect(ch.z, `${describeChecks(checks)} ${seedNote(seed)}`).toBeLessThan(Z);
    c.dispose();
  });

  it('works where any Energy does: the exact grid log-likelihood of y given x', () => {
    const e = m.given(x);
    const b = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
    const ll = metrics.gridLogLikelihood(e, Y, { bounds: b, resolution: 48 });
    expect(Number.isFinite(ll)).toBe(true);
    // the same number through a callback energy (the grid normalizer uses F only)
    const cb = energies.custom({ dim: 2, energy: (Yg) => m.energy(Yg, rep(Yg.rows)) });
    expect(ll).toBe(metrics.gridLogLikelihood(cb, Y, { bounds: b, resolution: 48 }));
    cb.dispose();
    e.dispose();
  });

  it('rejects bad conditions, unconditional models and use after dispose, with typed errors', () => {
    const u = new MLPEnergy({ inputDim: 2, hidden: [4] });
    const expectCode = expectThrows;
    expectCode(() => u.given([1]), 'INVALID_ARGUMENT', /unconditional/);
    expectCode(() => m.given([1, 2]), 'SHAPE', /x has 2 values, the model expects conditionDim = 3/);
    expectCode(() => m.given([1, NaN, 2]), 'NOT_FINITE', /x\[1\] is NaN/);
    expectCode(() => m.given([[1, 2, 3]] as unknown as number[]), 'INVALID_ARGUMENT', /x must be an array of 3 numbers/);
    expectCode(() => samplers.mala(m, { chains: 2 }), 'INVALID_ARGUMENT', /model\.given\(x\)/);
    const e = m.given(x);
    e.dispose();
    e.dispose();
    expectCode(() => e.energy(Y), 'DISPOSED', /disposed/);
    expectCode(() => samplers.mala(e, { chains: 2 }), 'DISPOSED', /disposed/);
    const m2 = new MLPEnergy({ inputDim: 1, conditionDim: 1, hidden: [2] });
    const e2 = m2.given([0]);
    m2.dispose();
    expectCode(() => samplers.langevin(e2, { chains: 2 }), 'DISPOSED', /MLPEnergy was disposed/);
    e2.dispose();
    u.dispose();
  });
});
