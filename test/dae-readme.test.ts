// The README's autoencoder example, run as written against the built package
// (dist/, from `npm run build`), so the documented calls stay true.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const DIST = new URL('../dist/index.node.js', import.meta.url);

it.runIf(existsSync(DIST))("README 'Autoencoders: denoising, contracting, saturating' example runs against dist", async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Autoencoders: denoising, contracting, saturating'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'the section has a js example').toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), 'ebm-readme-'));
  const lines: string[] = [];
  const log = console.log;
  try {
    const file = join(dir, 'dae.mjs');
    writeFileSync(file, code!.replace("from 'ebm-wasm'", `from ${JSON.stringify(DIST.href)}`));
    console.log = (...a: unknown[]) => lines.push(a.join(' '));
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  expect(lines.at(-1)).toBe('true true 300');
}, 60_000);
