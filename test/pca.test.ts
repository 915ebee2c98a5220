// PCAEnergy: parity with scikit-learn's PCA (fixture from
// scripts/make_mixture_fixtures.py), the energy's geometry, bad input and files.
import { describe, expect, it } from 'vitest';
import { expectThrows, loadFixture, seedNote, setup, testSeed } from './helpers.js';
import { load, PCAEnergy, random } from '../sdk/index.node.js';

await setup();

/** rows×cols normals with column j scaled by 1/(j + 1), so the axes are distinct. */
function gauss(rows: number, cols: number, seed: number) {
  const data = random.normal(rows * cols, { seed });
  for (let i = 0; i < data.length; i++) data[i]! /= (i % cols) + 1;
  return { rows, cols, data };
}

interface PCACase {
  name: string; n: number; d: number; components: number;
  X: number[][]; Y: number[][]; mean: number[]; axes: number[][];
  explainedVariance: number[]; explainedVarianceRatio: number[]; transformY: number[][];
}
const fixture = loadFixture<{ tool: string; pca: PCACase[] }>('mixture-sklearn.json');

describe(`PCAEnergy vs ${fixture.tool} PCA`, () => {
  for (const c of fixture.pca) {
    it(`${c.name}: n=${c.n} d=${c.d} q=${c.components}`, () => {
      const m = new PCAEnergy({ components: c.components }).fit(c.X);
      // the mean is an f64 mean rounded once to f32: half an ulp
      c.mean.forEach((v, j) => expect(Math.abs(m.mean[j]! - v)).toBeLessThanOrEqual(6e-8 * Math.max(1, Math.abs(v))));
      // variances: f64 covariance + Jacobi against LAPACK's SVD, both accurate to ~1e-13 relative
      // to the largest; we allow 1e-9 of the largest (far below f32 resolution)
      const ev = m.explainedVariance;
      c.explainedVariance.forEach((v, j) => expect(Math.abs(ev[j]! - v)).toBeLessThanOrEqual(1e-9 * c.explainedVariance[0]!));
      c.explainedVarianceRatio.forEach((v, j) => expect(Math.abs(m.explainedVarianceRatio[j]! - v)).toBeLessThanOrEqual(1e-9));
      // axes equal up to sign; unit vectors rounded to f32 (≤ 6e-8 per entry) plus the eigenvector's
      // f64 error, which grows as 1/gap between eigenvalues (gaps here are ≥ 1e-2 of the largest)
      const U = m.components;
      for (let a = 0; a < c.components; a++) {
        const ref = c.axes[a]!;
        let dot = 0;
        for (let j = 0; j < c.d; j++) dot += U.data[a * c.d + j]! * ref[j]!;
        const s = Math.sign(dot);
        for (let j = 0; j < c.d; j++) expect(Math.abs(s * U.data[a * c.d + j]! - ref[j]!), `axis ${a} entry ${j}`).toBeLessThan(2e-7);
        // codes of the held-out rows, same sign flip: f32 inputs, f64 sums, one rounding (relative 2e-6 of the row scale)
        const Z = m.transform(c.Y);
        for (let i = 0; i < c.Y.length; i++) {
          const scale = Math.max(1, ...c.transformY[i]!.map(Math.abs));
          expect(Math.abs(s * Z.data[i * c.components + a]! - c.transformY[i]![a]!)).toBeLessThan(2e-6 * scale);
        }
      }
    });
  }
});

describe('PCAEnergy as an energy', () => {
  const seed = testSeed(7);
  const X = gauss(400, 5, seed);
  const m = new PCAEnergy({ components: 2 }).fit(X);

  it('projections have zero energy, inverseTransform ∘ transform = project, and E = ‖y − project(y)‖²', () => {
    const Y = gauss(20, 5, seed + 1);
    const P = m.project(Y);
    const back = m.inverseTransform(m.transform(Y));
    const E = m.energy(Y);
    const EP = m.energy(P);
    for (let i = 0; i < 20; i++) {
      let dist = 0;
      for (let j = 0; j < 5; j++) {
        // two f32 round trips of values of size ~3: a few ulps
        expect(Math.abs(back.data[i * 5 + j]! - P.data[i * 5 + j]!), seedNote(seed)).toBeLessThan(3e-6);
        dist += (Y.data[i * 5 + j]! - P.data[i * 5 + j]!) ** 2;
      }
      expect(Math.abs(E[i]! - dist), seedNote(seed)).toBeLessThan(1e-5 * Math.max(1, dist));
      expect(EP[i]!, seedNote(seed)).toBeLessThan(1e-10 + 1e-11 * dist);
    }
  });

  it('grad matches f64 central differences of energy (E is quadratic: the difference is exact up to f32 evaluation)', () => {
    const Y = gauss(6, 5, seed + 2);
    const G = m.grad(Y);
    const h = 1e-2;
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 5; j++) {
        const up = Float32Array.from(Y.data.subarray(i * 5, i * 5 + 5));
        const dn = Float32Array.from(up);
        up[j]! += h;
        dn[j]! -= h;
        const fd = (m.energy({ rows: 1, cols: 5, data: up })[0]! - m.energy({ rows: 1, cols: 5, data: dn })[0]!) / (2 * h);
        // f32 energies of size ~10 differ by ~1e-6 ulps, divided by 2h = 0.02: 1e-3 absolute
        expect(Math.abs(fd - G.data[i * 5 + j]!), seedNote(seed)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('files round-trip bit-exactly, through load and fromBytes', () => {
    const bytes = m.toBytes();
    const a = PCAEnergy.fromBytes(bytes);
    const b = load(bytes) as PCAEnergy;
    expect(b).toBeInstanceOf(PCAEnergy);
    const Y = gauss(9, 5, seed + 3);
    for (const c of [a, b]) {
      expect(c.components.data).toEqual(m.components.data);
      expect(c.explainedVariance).toEqual(m.explainedVariance);
      expect(c.energy(Y)).toEqual(m.energy(Y));
      expect(c.toBytes()).toEqual(bytes);
      c.dispose();
    }
  });

  it('the same data give the same bytes', () => {
    expect(new PCAEnergy({ components: 2 }).fit(X).toBytes()).toEqual(m.toBytes());
  });
});

describe('PCAEnergy rejects bad input and stays unchanged', () => {
  const X = gauss(30, 3, testSeed(3));
  it('constructor', () => {
    expectThrows(() => new PCAEnergy({ components: 0 }), 'INVALID_ARGUMENT', /components must be an integer/);
    expectThrows(() => new PCAEnergy({ components: 1.5 }), 'INVALID_ARGUMENT', /components/);
    expectThrows(() => new PCAEnergy({ k: 2 } as never), 'INVALID_ARGUMENT', /k/);
  });
  it('fit', () => {
    const m = new PCAEnergy({ components: 2 }).fit(X);
    const before = m.toBytes();
    expectThrows(() => m.fit([[1, 2, 3]]), 'SHAPE', /X has shape 1×3, expected at least 2 rows/);
    expectThrows(() => new PCAEnergy({ components: 4 }).fit(X), 'INVALID_ARGUMENT', /components = 4 exceeds the 3 columns of X/);
    expectThrows(() => new PCAEnergy({ components: 3 }).fit([[1, 2, 3, 4], [5, 6, 7, 8]]), 'INVALID_ARGUMENT', /components = 3 exceeds the 2 rows of X/);
    expectThrows(() => m.fit([[1, NaN, 3], [4, 5, 6]]), 'NOT_FINITE', /PCAEnergy.fit: X\[0\]\[1\] is NaN/);
    expectThrows(() => m.fit([[1, 2, Infinity], [4, 5, 6]]), 'NOT_FINITE', /X\[0\]\[2\] is Infinity/);
    expect(m.toBytes()).toEqual(before);
  });
  it('queries', () => {
    const m = new PCAEnergy({ components: 2 });
    expectThrows(() => m.energy([[1, 2, 3]]), 'NOT_FITTED', /PCAEnergy.*not fitted/);
    expectThrows(() => m.components, 'NOT_FITTED', /PCAEnergy.components/);
    m.fit(X);
    expectThrows(() => m.energy([[1, 2]]), 'SHAPE', /Y has 2 columns/);
    expectThrows(() => m.inverseTransform([[1, 2, 3]]), 'SHAPE', /PCAEnergy.inverseTransform: Z has 3 columns, expected 2/);
    expectThrows(() => m.transform([[1, NaN, 3]]), 'NOT_FINITE', /PCAEnergy.transform: Y\[0\]\[1\] is NaN/);
    m.dispose();
    expectThrows(() => m.energy([[1, 2, 3]]), 'DISPOSED', /PCAEnergy/);
  });
  it('files validated by meaning', () => {
    const m = new PCAEnergy({ components: 2 }).fit(X);
    const bytes = m.toBytes();
    expectThrows(() => PCAEnergy.fromBytes(bytes.slice(0, 20)), 'FILE_FORMAT', /.*/);
    expect(() => load(bytes, PCAEnergy)).not.toThrow();
  });
});
