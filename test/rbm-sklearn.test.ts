// Parity with scikit-learn's BernoulliRBM (fixture from scripts/make_rbm_fixtures.py)
// and the digits target: PCD in WASM against scikit-learn's fit, both measured by the
// exact held-out log-likelihood.
import { beforeAll, describe, expect, it } from 'vitest';
import { RBM, datasets, type Matrix } from '../sdk/index.node.js';
import { loadFixture, seedNote, setup, testSeed } from './helpers.js';

interface Case {
  name: string;
  W: number[][];
  b: number[];
  c: number[];
  V: number[][];
  freeEnergy: number[];
  transform: number[][];
  indices: number[];
  pseudoLikelihood: number[];
}
interface Fixture {
  tool: string;
  cases: Case[];
  digits: { split: number; logZ: number; heldoutLogLikelihood: number; fitSeconds: number; caseName: string };
}
const fx = loadFixture<Fixture>('rbm-sklearn.json');

beforeAll(setup);

/** f32 round-off of a sum of ~V + H terms each of magnitude ≤ |x|: a few ulp of the largest partial sum. */
function f32Tol(scale: number, terms: number): number {
  return 4 * 2 ** -24 * terms * Math.max(1, scale);
}

describe('parity with scikit-learn BernoulliRBM', () => {
  for (const c of fx.cases) {
    it(`${c.name}: free energy, transform, pseudo-likelihood with the same flipped units (${fx.tool})`, () => {
      using rbm = RBM.fromJSON({ kind: 'rbm', version: 1, visibleType: 'bernoulli', W: c.W, b: c.b, c: c.c });
      const V = c.V.length;
      const terms = c.W[0]!.length + c.W.length;
      const F = rbm.freeEnergy(c.V);
      for (let i = 0; i < V; i++) expect(Math.abs(F[i]! - c.freeEnergy[i]!), `row ${i}`).toBeLessThan(f32Tol(Math.abs(c.freeEnergy[i]!) + 10, terms));
      // σ evaluated in f32 from an f32 dot product: absolute error ≲ 1e-6 for p in [0, 1]
      const T = rbm.transform(c.V);
      const H = c.W.length;
      for (let i = 0; i < V; i++) for (let j = 0; j < H; j++) expect(Math.abs(T.data[i * H + j]! - c.transform[i]![j]!)).toBeLessThan(2e-6);
      // V·log σ(ΔF): the difference of two free energies, each within the bound above, times V
      const PL = rbm.pseudoLikelihood(c.V, { indices: c.indices });
      for (let i = 0; i < V; i++) {
        expect(Math.abs(PL[i]! - c.pseudoLikelihood[i]!), `row ${i}`).toBeLessThan(c.W[0]!.length * 2 * f32Tol(Math.abs(c.freeEnergy[i]!) + 10, terms));
      }
    });
  }

  it('the exact log Z of scikit-learn\'s digits model matches the f64 enumeration in the fixture', async () => {
    const c = fx.cases.find((x) => x.name === fx.digits.caseName)!;
    using rbm = RBM.fromJSON({ kind: 'rbm', version: 1, visibleType: 'bernoulli', W: c.W, b: c.b, c: c.c });
    const { logZ } = await rbm.logPartition({ method: 'exact' });
    // 2^20 terms, each with f32 softplus sums (relative 1e-6 of ~70 nats), refreshed every 4096 states
    expect(Math.abs(logZ - fx.digits.logZ)).toBeLessThan(2e-3);
  });
});

async function digitsSplit(): Promise<{ train: Matrix; test: Matrix }> {
  const d = await datasets.digits();
  const bin = new Float32Array(d.X.data.length);
  for (let i = 0; i < bin.length; i++) bin[i] = d.X.data[i]! >= 8 ? 1 : 0;
  const s = fx.digits.split;
  return {
    train: { rows: s, cols: 64, data: bin.subarray(0, s * 64) },
    test: { rows: d.X.rows - s, cols: 64, data: bin.subarray(s * 64) },
  };
}

describe('digits target', () => {
  it('a 64 × 20 RBM trained with PCD for 30 epochs beats scikit-learn\'s held-out log-likelihood', async () => {
    const seed = testSeed(1);
    const { train, test } = await digitsSplit();
    using rbm = new RBM({ visible: 64, hidden: 20, seed });
    const t0 = performance.now();
    await rbm.fit(train, { method: 'pcd', epochs: 30, batchSize: 10, lr: 0.05, k: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const ll = await rbm.logLikelihood(test, { method: 'exact' });
    console.log(`digits 64×20 PCD: held-out ${ll.mean.toFixed(3)} nats/digit in ${seconds.toFixed(2)} s; scikit-learn ${fx.digits.heldoutLogLikelihood.toFixed(3)} in ${fx.digits.fitSeconds.toFixed(2)} s`);
    expect(ll.mean, seedNote(seed)).toBeGreaterThanOrEqual(fx.digits.heldoutLogLikelihood);

    // AIS against the exact value on the trained model: within 3 standard errors and 0.5 nats
    const exact = ll.logZ.logZ;
    const ais = await rbm.logPartition({ method: 'ais', chains: 100, temperatures: 10000, data: train, seed });
    console.log(`AIS ${ais.logZ.toFixed(4)} ± ${ais.stderr.toFixed(4)} (ESS ${ais.ess.toFixed(1)}), exact ${exact.toFixed(4)}`);
    expect(Math.abs(ais.logZ - exact), `${JSON.stringify(ais)} exact ${exact} ${seedNote(seed)}`).toBeLessThan(Math.min(0.5, 3 * ais.stderr + 1e-3));
  }, 120_000);
});
