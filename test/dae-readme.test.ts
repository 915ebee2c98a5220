// The README's autoencoder example, run as written against the built package
// (dist/, from `npm run build`), so the documented calls stay true.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DIST_NODE, readmeExamples, runReadmeExample } from './helpers.js';

it.runIf(existsSync(DIST_NODE))("README 'Autoencoders: denoising, contracting, saturating' example runs against dist", async () => {
  const [code] = readmeExamples('## Autoencoders: denoising, contracting, saturating');
  expect(code, 'the section has a js example').toBeDefined();
  const logs = await runReadmeExample(code!, 'dae');
  expect(logs.at(-1)?.join(' ')).toBe('true true 300');
}, 60_000);
