// The README's "Fixed volume of low energy" examples run as written against
// the built package (dist/, so run `npm run build` first), with console.log captured.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## Fixed volume of low energy');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dist = pathToFileURL(new URL('../dist/index.node.js', import.meta.url).pathname).href;

describe('README: PCA and Gaussian-mixture examples against dist/', () => {
  it('has both examples', () => expect(blocks.length).toBe(2));
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ebm-readme-'));
      const file = join(dir, `example-${i}.mjs`);
      writeFileSync(file, code.replaceAll("from 'ebm-wasm'", `from '${dist}'`));
      const logs: unknown[][] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
        rmSync(dir, { recursive: true, force: true });
      }
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
