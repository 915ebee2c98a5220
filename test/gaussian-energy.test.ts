// The Gaussian energy's documented arithmetic, bit for bit: Δ = y − μ in f32, (∇F)_j = Σ_p Δ_p·P[p, j]
// summed over p in order from 0 in f32, F = ½ Σ_j (∇F)_j·Δ_j summed over j in order in f64 and rounded
// to f32 (assembly/energies/analytic.ts). The kernel has a path for D ≤ 16 that puts eight rows in SIMD
// lanes and a general path above: both must give these bits for every row, whatever the number of rows
// and whichever rows share a block (a last block of fewer than eight rows reuses lanes).
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { energies } from '../sdk/index.node.js';

await setup();

const f = Math.fround;

/** The reference: the sums above in the same order, in JS numbers rounded with Math.fround. */
function reference(Y: Float32Array, n: number, D: number, mu: Float32Array, P: Float32Array): { E: Float32Array; G: Float32Array } {
  const E = new Float32Array(n);
  const G = new Float32Array(n * D);
  const delta = new Float32Array(D);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < D; p++) delta[p] = f(Y[i * D + p]! - mu[p]!);
    let e = 0;
    for (let j = 0; j < D; j++) {
      let g = 0;
      for (let p = 0; p < D; p++) g = f(g + f(delta[p]! * P[p * D + j]!));
      G[i * D + j] = g;
      e += g * delta[j]!; // an f32 × f32 product is exact in f64
    }
    E[i] = f(0.5 * e);
  }
  return { E, G };
}

describe('energies.gaussian', () => {
  it('energy and gradient equal the documented f32/f64 sums bit for bit, D = 1…20, any number of rows', () => {
    const seed = testSeed(4711);
    let s = seed >>> 0;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
    for (let D = 1; D <= 20; D++) {
      // a symmetric, diagonally dominant (so positive definite) precision with f32 entries
      const P = new Float32Array(D * D);
      for (let i = 0; i < D; i++) {
        for (let j = 0; j < i; j++) P[i * D + j] = P[j * D + i] = f(rnd());
        P[i * D + i] = f(D + 1 + rnd());
      }
      const mu = Float32Array.from({ length: D }, () => f(4 * rnd()));
      const e = energies.gaussian({ mean: Array.from(mu), precision: Array.from({ length: D }, (_, i) => Array.from(P.subarray(i * D, (i + 1) * D))) });
      try {
        for (const n of [1, 3, 7, 8, 9, 13, 16, 64, 71]) {
          // values over several magnitudes, so that the f32 roundings of the sums matter
          const Y = Float32Array.from({ length: n * D }, () => f(rnd() * (rnd() > 0 ? 20 : 1e-3)));
          const want = reference(Y, n, D, mu, P);
          const got = { E: e.energy({ rows: n, cols: D, data: Y }), G: e.grad({ rows: n, cols: D, data: Y }).data };
          expect(new Uint32Array(got.E.buffer, got.E.byteOffset, n), `D = ${D}, ${n} rows: energies ${seedNote(seed)}`).toEqual(new Uint32Array(want.E.buffer));
          expect(new Uint32Array(got.G.buffer, got.G.byteOffset, n * D), `D = ${D}, ${n} rows: gradients ${seedNote(seed)}`).toEqual(new Uint32Array(want.G.buffer));
        }
      } finally {
        e.dispose();
      }
    }
  });
});
