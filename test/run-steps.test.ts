// The fused-step trainers' shared run loop (sdk/train/run-steps.ts): `run({ lr })` sets the rate
// from then on, in the step and in the saved trainer, for NCE and score matching alike.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { MLPEnergy, datasets, optim, train } from '../sdk/index.node.js';

await setup();

type Fused = train.NceTrainer | train.ScoreMatchingTrainer;
const KINDS = {
  nce: {
    make: (m: MLPEnergy, X: never, seed: number): Fused => new train.NceTrainer(m, X, { batchSize: 20, ratio: 2, seed, optimizer: optim.adam({ lr: 1e-3 }) }),
    load: (b: Uint8Array, m: MLPEnergy, X: never): Fused => train.NceTrainer.fromBytes(b, m, X),
  },
  scoreMatching: {
    make: (m: MLPEnergy, X: never, seed: number): Fused => new train.ScoreMatchingTrainer(m, X, { method: 'sliced', batchSize: 20, seed, optimizer: optim.adam({ lr: 1e-3 }) }),
    load: (b: Uint8Array, m: MLPEnergy, X: never): Fused => train.ScoreMatchingTrainer.fromBytes(b, m, X),
  },
};

describe('run({ lr }) on the fused-step trainers', () => {
  for (const [name, k] of Object.entries(KINDS)) {
    it(`${name}: the new rate drives the next steps and is saved with the trainer`, async () => {
      const seed = testSeed(21);
      const { X } = datasets.moons({ n: 80, seed, noise: 0.1 });
      const model = () => new MLPEnergy({ inputDim: 2, hidden: [8], seed });
      const a = model();
      const ta = k.make(a, X as never, seed);
      await ta.run({ steps: 4 });
      const saved = ta.toBytes();
      await ta.run({ steps: 4, lr: 3e-2 });
      // the same steps from the saved trainer: at the new rate they give a's bits, at the old one others
      const b = model();
      const tb = k.load(saved, b, X as never);
      await tb.run({ steps: 4, lr: 3e-2 });
      expect(Array.from(b.params), seedNote(seed)).toEqual(Array.from(a.params));
      const c = model();
      const tc = k.load(saved, c, X as never);
      await tc.run({ steps: 4 });
      expect(Array.from(c.params)).not.toEqual(Array.from(a.params));
      // a trainer saved after run({ lr }) keeps that rate
      const d = model();
      const td = k.load(ta.toBytes(), d, X as never);
      await ta.run({ steps: 3 });
      await td.run({ steps: 3 });
      expect(Array.from(d.params), seedNote(seed)).toEqual(Array.from(a.params));
      for (const t of [ta, tb, tc, td]) t.dispose();
      for (const m of [a, b, c, d]) m.dispose();
    });
  }
});
