// The README's "Noise-contrastive estimation" example runs as written against
// the built package (dist/, so run `npm run build` first), with console.log captured.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## Noise-contrastive estimation');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dist = pathToFileURL(new URL('../dist/index.node.js', import.meta.url).pathname).href;

describe('README: the NCE example against dist/', () => {
  it('has the example', () => expect(blocks.length).toBe(1));
  it('runs, and prints what the README says it measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebm-readme-'));
    const file = join(dir, 'example-nce.mjs');
    writeFileSync(file, blocks[0]!.replaceAll("from 'ebm-wasm'", `from '${dist}'`));
    const logs: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      spy.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    const [ll, c, logZ] = logs[0] as [number, number, number];
    // the same settings and seed as test/nce.test.ts, whose numbers the README quotes (same bits in every runtime)
    expect(ll).toBeCloseTo(-2.077, 3);
    expect(c).toBeCloseTo(4.681, 3);
    expect(logZ).toBeCloseTo(4.726, 3);
  });
});
