// The README's "Noise-contrastive estimation" example runs as written against
// the built package (dist/, so run `npm run build` first), with console.log captured.
import { describe, expect, it } from 'vitest';
import { readmeExamples, runReadmeExample } from './helpers.js';

const blocks = readmeExamples('## Noise-contrastive estimation');

describe('README: the NCE example against dist/', () => {
  it('has the example', () => expect(blocks.length).toBe(1));
  it('runs, and prints what the README says it measured', async () => {
    const logs = await runReadmeExample(blocks[0]!, 'example-nce');
    const [ll, c, logZ] = logs[0] as [number, number, number];
    // the same settings and seed as test/nce.test.ts, whose numbers the README quotes (same bits in every runtime)
    expect(ll).toBeCloseTo(-2.067, 3);
    expect(c).toBeCloseTo(4.662, 3);
    expect(logZ).toBeCloseTo(4.68, 3);
  });
});
