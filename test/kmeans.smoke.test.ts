import { describe, expect, it, beforeAll } from 'vitest';
import { setup } from './helpers.js';
import { KMeansEBM } from '../sdk/index.node.js';

beforeAll(setup);

describe('smoke', () => {
  it('fits four blobs', async () => {
    const X = [[0, 0], [0.1, 0], [4, 4], [4.1, 4], [0, 4], [0, 4.1], [4, 0], [4.1, 0]];
    const m = await new KMeansEBM({ k: 4, seed: 0 }).fit(X);
    expect(m.inertia).toBeCloseTo(0.02, 5);
  });
});
