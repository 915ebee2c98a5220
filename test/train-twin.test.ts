// train.contrastive's step against its pure-TS twin (bench/baselines/train.ts),
// which the train benchmark races: the same batch order and buffer decisions
// (integer RNG draws: exact), negatives and parameters within f32 round-off.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { MLPEnergy, datasets, optim, train } from '../sdk/index.node.js';
import * as mlpTwin from '../bench/baselines/mlp.js';
import * as trainTwin from '../bench/baselines/train.js';

await setup();

const U = 2 ** -24;
const NORMAL_TOL = 2e-6; // the kernel's f32 Box–Muller vs philox.rngNormalFast (test/samplers-twin.test.ts)

describe('ContrastiveTrainer vs the train twin', () => {
  // B = 128: two blocks of the step's gradient (64 rows each), summed as the kernel sums them. B a power
  // of 2 keeps the weights ±1/B exact: the output bias's gradient Σ±1/B is then exactly 0 on both sides
  // (with 1/B rounded it is round-off, which Adam's first step turns into a step of up to lr either way)
  it.each([[32, 96], [128, 256]])('12 steps with a replay buffer, Langevin negatives and Adam, batch %i of %i rows', async (B, rows) => {
    const seed = testSeed(31);
    const { X } = datasets.moons({ n: rows, seed, noise: 0.1 });
    const hidden = [16, 16];
    const model = new MLPEnergy({ inputDim: 2, hidden, activation: 'silu', seed });
    const theta0 = model.params;
    const lo = [-1.5, -1], hi = [2.5, 1.5];
    const S = { steps: 10, stepSize: 0.01, noiseScale: 1, bufferSize: 200, reinit: 0.05 };
    const lr = 1e-2;
    const tr = new train.ContrastiveTrainer(model, X, {
      negatives: { init: 'buffer', sampler: 'langevin', ...S, noise: { bounds: { lo, hi } } },
      loss: 'contrastive', batchSize: B, seed, optimizer: optim.adam({ lr }),
    });
    const shape = mlpTwin.mlpShape({ inputDim: 2, hidden, activation: 'silu' });
    const tw = trainTwin.createTrainer({ shape, params: theta0, data: X.data, rows: X.rows, batchSize: B, init: 'buffer', ...S, lo, hi, lr, seed });

    // κ, the largest curvature of F where the negatives go, by differences of ∇F at the noise box's
    // corners and centre (×2 for what a 9-point probe misses): a Langevin step grows an error by ≤ 1 + εκ
    let kappa = 0;
    const h = 1e-2;
    for (const y0 of [lo[0]!, (lo[0]! + hi[0]!) / 2, hi[0]!]) for (const y1 of [lo[1]!, (lo[1]! + hi[1]!) / 2, hi[1]!]) {
      const g = model.grad([[y0, y1], [y0 + h, y1], [y0, y1 + h]]).data;
      for (const k of [1, 2]) kappa = Math.max(kappa, Math.hypot(g[2 * k]! - g[0]!, g[2 * k + 1]! - g[1]!) / h);
    }
    kappa *= 2;

    for (let k = 1; k <= 12; k++) {
      const ours = (await tr.run({ steps: 1 }))!;
      const t = trainTwin.step(tw);
      const note = `step ${k} ${seedNote(seed)}`;
      expect(tr.buffer.rows, `buffer rows ${note}`).toBe(tw.bufCount);
      // Negatives: per Langevin step the normals differ by ≤ √(2ε)·NORMAL_TOL and the update and ∇F by a
      // few f32 roundings (8u of max|y| + ε·max|∇F|); growth ≤ (1 + εκ) per step; a buffer row has been
      // moved by ≤ k steps of the trainer, each of S.steps Langevin steps.
      const buf = tr.buffer.data;
      let yMax = 0, dn = 0;
      for (let i = 0; i < buf.length; i++) {
        yMax = Math.max(yMax, Math.abs(buf[i]!));
        dn = Math.max(dn, Math.abs(buf[i]! - tw.buffer[i]!));
      }
      const gMax = Math.max(...Array.from(model.grad(tr.buffer).data, Math.abs));
      const delta = Math.sqrt(2 * S.stepSize) * NORMAL_TOL + 8 * U * (yMax + S.stepSize * gMax);
      const growth = ((1 + S.stepSize * kappa) ** S.steps - 1) / (S.stepSize * kappa);
      expect(dn, `negatives ${note}`).toBeLessThanOrEqual(k * delta * growth);
      // Parameters: Adam's step lr·m̂/(√v̂ + ε) is a ratio of the gradient's own entries; two f32
      // computations of one gradient in another order agree to γ_n ≈ 100u ≈ 6e-6 relative to the
      // terms (n ≈ 2B rows + the backward pass), so 1e-3·lr per step leaves room for a 100-fold
      // cancellation in an entry while staying 1000× below a step taken in another direction.
      const th = model.params;
      let dt = 0;
      for (let i = 0; i < th.length; i++) dt = Math.max(dt, Math.abs(th[i]! - tw.theta[i]!));
      expect(dt, `parameters ${note}`).toBeLessThanOrEqual(k * 1e-3 * lr);
      // statistics: f32 energies summed in f64 on both sides, the same per-row values up to round-off
      expect(Math.abs(ours.loss - t.loss), `loss ${note}`).toBeLessThanOrEqual(1e-5 * (Math.abs(ours.energyPositive) + Math.abs(ours.energyNegative)));
      expect(Math.abs(ours.gradNorm - t.gradNorm) / ours.gradNorm, `gradient norm ${note}`).toBeLessThan(1e-5);
    }
    // the run took real steps and the buffer both grew and was reused
    expect(Math.max(...Array.from(model.params, (v, i) => Math.abs(v - theta0[i]!)))).toBeGreaterThan(10 * lr);
    expect(tr.buffer.rows).toBeGreaterThan(B);
    expect(tr.buffer.rows).toBeLessThan(12 * B);
    tr.dispose();
    model.dispose();
  });
});
