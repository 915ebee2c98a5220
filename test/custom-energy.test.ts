// energies.custom with a fused energyAndGrad: samplers that need F and ∇F at
// the same points make one callback per step, the chains are the same bits as
// with separate energy/grad callbacks, and bad returns are typed errors.
import { describe, expect, it } from 'vitest';
import { expectRejects, seedNote, setup, testSeed } from './helpers.js';
import { energies, samplers, type Matrix } from '../sdk/index.node.js';

await setup();

// F(y) = Σ_j (y_j² / 2 + cos y_j): a non-Gaussian energy written in JS (f32 results)
const F = (Y: Matrix) => {
  const e = new Float32Array(Y.rows);
  for (let i = 0; i < Y.rows; i++) {
    let s = 0;
    for (let j = 0; j < Y.cols; j++) s += Y.data[i * Y.cols + j]! ** 2 / 2 + Math.cos(Y.data[i * Y.cols + j]!);
    e[i] = s;
  }
  return e;
};
const dF = (Y: Matrix) => Float32Array.from(Y.data, (v) => v - Math.sin(v));

describe('energies.custom({ energyAndGrad })', () => {
  it('is called once per step where F and ∇F are both needed, and gives the same chains', async () => {
    const seed = testSeed(4242);
    for (const kind of ['langevin', 'mala', 'hmc'] as const) {
      const calls = { energy: 0, grad: 0, both: 0 };
      const fused = energies.custom({
        dim: 3,
        energy: (Y) => (calls.energy++, F(Y)),
        energyAndGrad: (Y) => (calls.both++, { energy: F(Y), grad: dF(Y) }),
      });
      const split = energies.custom({ dim: 3, energy: F, grad: dF });
      expect(fused.hasGrad).toBe(true);
      const a = samplers[kind](fused, { chains: 16, seed, stepSize: 0.2, ...(kind === 'hmc' ? { leapfrogSteps: 3 } : {}) });
      const b = samplers[kind](split, { chains: 16, seed, stepSize: 0.2, ...(kind === 'hmc' ? { leapfrogSteps: 3 } : {}) });
      calls.both = calls.energy = 0;
      const ra = await a.run({ draws: 20 });
      const rb = await b.run({ draws: 20 });
      expect(Array.from(ra.samples.data), `${kind} ${seedNote(seed)}`).toEqual(Array.from(rb.samples.data));
      expect(calls.energy, kind).toBe(0); // never the energy-only callback
      if (kind !== 'hmc') expect(calls.both, kind).toBe(20); // one callback per transition
      else expect(calls.both, kind).toBeGreaterThanOrEqual(20);
      for (const x of [a, b, fused, split]) x.dispose();
    }
  });

  it('wraps a plain object that has energyAndGrad the same way', async () => {
    let both = 0;
    let grads = 0;
    const obj = { dim: 2, energy: F, grad: (Y: Matrix): Matrix => (grads++, { rows: Y.rows, cols: 2, data: dF(Y) }), energyAndGrad: (Y: Matrix) => (both++, { energy: F(Y), grad: dF(Y) }) };
    const s = samplers.mala(obj, { chains: 4, seed: 1, stepSize: 0.3 });
    both = grads = 0;
    await s.run({ draws: 10 });
    expect(both).toBe(10);
    expect(grads).toBe(0);
    s.dispose();
  });

  it('rejects a bad energyAndGrad and bad returns with typed errors, and leaves the sampler usable', async () => {
    expect(() => energies.custom({ dim: 2, energy: F, energyAndGrad: 3 as never })).toThrow(/energyAndGrad must be a function/);
    let mode = 'bad-shape';
    const e = energies.custom({
      dim: 2,
      energy: F,
      energyAndGrad: (Y) => (mode === 'bad-shape' ? { energy: new Float32Array(Y.rows + 1), grad: dF(Y) } : mode === 'null' ? (null as never) : { energy: F(Y), grad: dF(Y) }),
    });
    const expectCode = expectRejects;
    mode = 'ok';
    const s = samplers.mala(e, { chains: 3, seed: 2 });
    const before = s.positions.data.slice();
    mode = 'bad-shape';
    await expectCode(s.run({ draws: 2 }), 'SHAPE', /energyAndGrad\(Y\)\.energy gave 4 values for 3 rows/);
    mode = 'null';
    await expectCode(s.run({ draws: 2 }), 'INVALID_ARGUMENT', /energyAndGrad\(Y\) must return \{ energy, grad \}/);
    expect(Array.from(s.positions.data)).toEqual(Array.from(before)); // a failed run leaves the sampler as it was
    mode = 'ok';
    const r = await s.run({ draws: 2 });
    expect(r.samples.draws).toBe(2);
    s.dispose();
    e.dispose();
  });
});
