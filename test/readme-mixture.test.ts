// The README's "Fixed volume of low energy" examples run as written against
// the built package (dist/, so run `npm run build` first), with console.log captured.
import { describe, expect, it } from 'vitest';
import { readmeExamples, runReadmeExample } from './helpers.js';

const blocks = readmeExamples('## Fixed volume of low energy');

describe('README: PCA and Gaussian-mixture examples against dist/', () => {
  it('has both examples', () => expect(blocks.length).toBe(2));
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs`, async () => {
      const logs = await runReadmeExample(code, `example-${i}`);
      if (i === 0) {
        const [axis, variance] = logs[0] as [Float32Array, Float64Array];
        expect(Math.abs(Math.abs(axis[0]!) - Math.SQRT1_2)).toBeLessThan(0.02);
        expect(variance[0]!).toBeGreaterThan(4);
        const E = logs[1]![0] as Float32Array;
        expect(E[0]!).toBeGreaterThan(1.5);
        expect(E[1]!).toBeLessThan(0.05);
      } else {
        const [w, means, converged] = logs[0] as [Float64Array, number[][], boolean];
        expect(converged).toBe(true);
        expect(Math.abs(w[0]! - 0.5)).toBeLessThan(0.05);
        const xs = means.map((m) => m[0]!).sort((a, b) => a - b);
        expect(Math.abs(xs[0]! + 3)).toBeLessThan(0.3);
        expect(Math.abs(xs[1]! - 3)).toBeLessThan(0.3);
        const [e, nlp] = logs[2] as [number, number];
        expect(Math.abs(e - nlp)).toBeLessThan(1e-5 * Math.max(1, Math.abs(nlp)));
        const accept = logs[3]![0] as Float32Array;
        expect(accept.every((a) => a > 0.2)).toBe(true);
      }
    });
  });
});
