// The README's "Workers" example runs as written against the built package
// (dist/, so run `npm run build` first): a pool of 2 worker_threads, and the
// same draws as the calling thread.
import { describe, expect, it } from 'vitest';
import { readmeExamples, runReadmeExample } from './helpers.js';

const blocks = readmeExamples('## Workers: every core, the same bytes');

describe('README: the workers example against dist/', () => {
  it('has the example', () => expect(blocks.length).toBe(1));
  it('runs on 2 workers and prints that the draws and the K-means fit equal the calling thread\'s', async () => {
    const logs = await runReadmeExample(blocks[0]!, 'example-workers');
    expect(logs[0]).toEqual([2, true]);
    expect(logs[1]).toEqual([true, true]);
  });
});
