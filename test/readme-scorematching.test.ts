// The README's "Score matching" example runs as written against the built
// package (dist/, so run `npm run build` first), with console.log captured.
import { describe, expect, it } from 'vitest';
import { readmeExamples, runReadmeExample } from './helpers.js';

const blocks = readmeExamples('## Score matching');

describe('README: the score-matching example against dist/', () => {
  it('has the example', () => expect(blocks.length).toBe(1));
  it('runs, and prints the log-likelihoods the README describes', async () => {
    const logs = await runReadmeExample(blocks[0]!, 'example-score-matching');
    const [ll, truth] = logs[0] as [number, number];
    // fixed seeds, so the same bits in every runtime: the values of this run, measured once
    expect(truth).toBeCloseTo(-1.1074, 3);
    expect(ll).toBeCloseTo(-2.7978, 3);
  });
});
