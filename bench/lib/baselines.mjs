// The pure-TS twins live in bench/baselines/*.ts. Node cannot import
// TypeScript directly (node 20), so at start-up esbuild (installed with tsup)
// bundles bench/baselines/index.ts, or failing that each known file, into one
// temporary ESM file that is imported and then deleted.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = fileURLToPath(new URL('../baselines/', import.meta.url));
const FILES = ['kmeans.ts', 'primitives.ts', 'philox.ts'];

/** Returns { mod, from } with every export of the twins, or { mod: null, reason }. */
export async function loadBaselines() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    return { mod: null, reason: `esbuild not importable: ${e.message}` };
  }
  let input;
  let from;
  if (existsSync(join(DIR, 'index.ts'))) {
    input = { entryPoints: [join(DIR, 'index.ts')] };
    from = 'bench/baselines/index.ts';
  } else {
    const present = FILES.filter((f) => existsSync(join(DIR, f)));
    if (present.length === 0) return { mod: null, reason: 'bench/baselines/ has no twins yet' };
    // a synthetic entry exposing each file present as a namespace, as index.ts does
    const contents = present.map((f) => `export * as ${f.replace(/\.ts$/, '')} from './${f.replace(/\.ts$/, '.js')}';`).join('\n');
    input = { stdin: { contents, resolveDir: DIR, loader: 'ts' } };
    from = present.map((f) => `bench/baselines/${f}`).join(', ');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ebm-bench-'));
  const outfile = join(tmp, 'baselines.mjs');
  try {
    const res = esbuild.buildSync({
      ...input,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(outfile, res.outputFiles[0].text);
    const mod = await import(pathToFileURL(outfile).href);
    return { mod, from };
  } catch (e) {
    return { mod: null, reason: `could not bundle ${from}: ${e.message.split('\n')[0]}` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
