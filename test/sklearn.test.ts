// Golden parity with scikit-learn's KMeans (Lloyd). The fixture comes from
// scripts/make_kmeans_fixture.py (scikit-learn 1.2.1, numpy 1.24.2, Debian):
// same float32 data and initial centres ⇒ same labels, same iteration count,
// inertia and centres equal up to f32 round-off.
import { describe, expect, it } from 'vitest';
import { loadFixture, setup } from './helpers.js';
import { KMeansEBM } from '../sdk/index.node.js';

await setup();

interface Case {
  name: string;
  n: number;
  d: number;
  k: number;
  maxIter: number;
  tol: number;
  X: number[][];
  initialCenters: number[][];
  labels: number[];
  inertia: number;
  nIter: number;
  centers: number[][];
}

const fixture = loadFixture<{
  sklearn: string;
  cases: Case[];
}>('kmeans-sklearn.json');

describe(`KMeansEBM vs scikit-learn ${fixture.sklearn} KMeans(algorithm='lloyd')`, () => {
  for (const c of fixture.cases) {
    it(`${c.name}: n=${c.n} d=${c.d} k=${c.k}`, async () => {
      const m = await new KMeansEBM({ k: c.k }).fit(c.X, { init: c.initialCenters, maxIter: c.maxIter, tol: c.tol });
      expect(Array.from(m.labels)).toEqual(c.labels);
      expect(m.iterations).toBe(c.nIter);
      expect(m.converged).toBe(true);
      // Inertia: each squared distance is an f32 sum of d terms (relative error ≲ d·2⁻²⁴ ≈ 4e-6 at d = 64)
      // against scikit-learn's f64; summed in f64 the relative error stays below that bound.
      expect(Math.abs(m.inertia - c.inertia) / c.inertia).toBeLessThan(c.d * 6e-8 + 1e-7);
      // Centres: means computed in f64 then rounded to f32 (half an ulp, ≤ 6e-8 relative).
      const P = m.prototypes;
      for (let j = 0; j < c.k; j++) {
        for (let t = 0; t < c.d; t++) {
          const ref = c.centers[j]![t]!;
          expect(Math.abs(P.data[j * c.d + t]! - ref)).toBeLessThanOrEqual(1.2e-7 * Math.max(1, Math.abs(ref)));
        }
      }
    });
  }
});
