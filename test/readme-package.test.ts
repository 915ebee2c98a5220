// The README as the npm registry shows it: the error catalogue lists exactly
// the codes of sdk/errors.ts, the loading table names every condition and
// subpath of package.json "exports", and every link works off GitHub (the
// registry page resolves no relative link: each is absolute and points at a
// file the repository has).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of the README section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = README.indexOf('\n## ', start + 4);
  return README.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it('lists every error code of sdk/errors.ts in its error table, and no other', () => {
    const errors = readFileSync(join(ROOT, 'sdk/errors.ts'), 'utf8');
    const union = /export type EbmErrorCode =([^;]*);/.exec(errors)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]).sort();
    expect(codes.length).toBeGreaterThan(10);
    const table = [...section('Errors').matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]).sort();
    expect(table).toEqual(codes);
  });

  it('names every condition and subpath of package.json "exports" in "Loading in each runtime"', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown> | string> };
    const loading = section('Loading in each runtime');
    const main = pkg.exports['.'] as Record<string, unknown>;
    const conditions = Object.keys(main).filter((c) => c !== 'default');
    expect(conditions.length).toBeGreaterThan(3);
    for (const c of conditions) expect(loading, `condition ${c}`).toContain(`\`${c}\``);
    const subpaths = Object.keys(pkg.exports).filter((p) => p !== '.' && p !== './package.json');
    for (const p of subpaths) expect(loading, `subpath ${p}`).toContain(`ebm-wasm/${p.slice(2)}`);
    // the loading options it documents exist in the entries
    const index = readFileSync(join(ROOT, 'sdk/index.ts'), 'utf8');
    expect(index).toMatch(/export \{ setWasmPath \}/);
    expect(readFileSync(join(ROOT, 'sdk/runtime/core.ts'), 'utf8')).toMatch(/wasm\?: WasmSource/);
  });

  it('has only absolute links, and those into the repository name files it has', () => {
    const relative = [...README.matchAll(/\]\(([^)]+)\)|<img[^>]*src="([^"]+)"/g)]
      .map((m) => m[1] ?? m[2]!)
      .filter((u) => !/^(https?:|#|mailto:)/.test(u));
    expect(relative).toEqual([]);
    const repo = [...README.matchAll(/https:\/\/(?:github\.com\/ebm-wasm\/ebm-wasm\/blob|raw\.githubusercontent\.com\/ebm-wasm\/ebm-wasm)\/main\/([^)#\s]+)/g)].map((m) => m[1]!);
    expect(repo.length).toBeGreaterThan(3);
    for (const path of repo) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });
});
