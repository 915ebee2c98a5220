// The README's sparse-coding example, run as written against the built package
// (dist/, from `npm run build`), so the documented calls stay true.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DIST_NODE, readmeExamples, runReadmeExample } from './helpers.js';

it.runIf(existsSync(DIST_NODE))("README 'Sparse coding' example runs against dist", async () => {
  const [code] = readmeExamples('## Sparse coding');
  expect(code, 'the section has a js example').toBeDefined();
  const logs = await runReadmeExample(code!, 'sparse');
  expect(logs.at(-1)?.join(' ')).toBe('32 1797 64 1797 32');
}, 60_000);
