// The README's masked-autoencoder example, run as written against the built package
// (dist/, from `npm run build`), so the documented calls stay true.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DIST_NODE, readmeExamples, runReadmeExample } from './helpers.js';

it.runIf(existsSync(DIST_NODE))("README 'Masked autoencoders' example runs against dist", async () => {
  const [code] = readmeExamples('## Masked autoencoders on discrete data');
  expect(code, 'the section has a js example').toBeDefined();
  const logs = await runReadmeExample(code!, 'mae');
  expect(logs.at(-1)?.join(' ')).toBe('32 17 2 4 true');
}, 60_000);
