// Progress reports: every counter is 1-based (step, epoch, run, iteration,
// done of total), and train.contrastive's onProgress stays the trainer's
// default for later runs.
import { describe, expect, it } from 'vitest';
import { setup } from './helpers.js';
import { datasets, energies, KMeansEBM, MLPEnergy, optim, samplers, train, type ContrastiveProgress, type KMeansProgress } from '../sdk/index.node.js';

await setup();

const X = datasets.eightGaussians({ n: 256, seed: 1 }).X;
const NEG = { init: 'data', kick: 0.1, sampler: 'descent', steps: 2, stepSize: 0.01 } as const;

describe('progress counters', () => {
  it('train.contrastive: step and epoch start at 1; the last epoch is the number asked for', async () => {
    const F = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 0 });
    const seen: ContrastiveProgress[] = [];
    const tr = await train.contrastive(F, X, { negatives: NEG, batchSize: 64, epochs: 3, seed: 0, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(seen.map((p) => p.epoch)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(tr.epochs).toBe(3);
    tr.dispose();
    F.dispose();
  });

  it("trainer.run() reports to train.contrastive's onProgress unless it is given its own", async () => {
    const F = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 0 });
    const first: number[] = [];
    const tr = await train.contrastive(F, X, { negatives: NEG, batchSize: 64, epochs: 1, seed: 0, onProgress: (p) => first.push(p.step) });
    await tr.run({ steps: 2 });
    expect(first).toEqual([1, 2, 3, 4, 5, 6]); // counted over the trainer's life
    const other: ContrastiveProgress[] = [];
    await tr.run({ steps: 2, onProgress: (p) => other.push(p) });
    expect(other.map((p) => [p.epoch, p.step])).toEqual([[2, 7], [2, 8]]);
    expect(first).toHaveLength(6);
    tr.dispose();
    F.dispose();
  });

  it('KMeansEBM.fit: run and iteration start at 1', async () => {
    const seen: KMeansProgress[] = [];
    const m = await new KMeansEBM({ k: 4, seed: 0 }).fit(X, { nInit: 2, maxIter: 3, tol: 0, onProgress: (p) => seen.push(p) });
    expect(seen[0]).toMatchObject({ run: 1, iteration: 1 });
    expect(new Set(seen.map((p) => p.run))).toEqual(new Set([1, 2]));
    for (const p of seen) expect(p.iteration).toBeGreaterThanOrEqual(1);
    m.dispose();
  });

  it('sampler.run: done counts from 1 to total in each phase', async () => {
    const s = samplers.mala(energies.gaussian({ mean: [0, 0], cov: [[1, 0], [0, 1]] }), { chains: 4, seed: 1 });
    const seen: { phase: string; done: number; total: number }[] = [];
    await s.run({ warmup: 30, draws: 50, onProgress: (p) => seen.push(p) });
    for (const phase of ['warmup', 'sampling']) {
      const ps = seen.filter((p) => p.phase === phase);
      expect(ps[0]!.done).toBeGreaterThanOrEqual(1);
      expect(ps.at(-1)!.done).toBe(ps.at(-1)!.total);
    }
    s.dispose();
  });

  it('train.maxLikelihoodGrid: step starts at 1', async () => {
    const F = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 0 });
    const steps: number[] = [];
    await train.maxLikelihoodGrid(F, X, {
      bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 }, resolution: 8, steps: 3, optimizer: optim.adam({ lr: 1e-3 }), onProgress: (p) => steps.push(p.step),
    });
    expect(steps).toEqual([1, 2, 3]);
    F.dispose();
  });
});
