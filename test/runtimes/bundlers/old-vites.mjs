// Vite 5, 6 and 7 for the bundler matrix (the repo's own dev dependency is
// Vite 8): each pinned exactly, installed once from the npm registry with
// `npm install` into node_modules/.cache/ebm-vites/vite-<version> (beside the
// build cache, whose stale keys bundlers.mjs deletes), so package.json does not
// carry three more Vites. `recipe` is what the README tells users of that Vite
// to write (merged into the inline config of `vite build` and of the dev
// server); the matrix runs exactly that.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../harness.mjs';

// Without it, each of these fails (checked by hand on these versions, 2026-11-30): the
// dev server pre-bundles ebm-wasm into its cache folder, where ../ebm.wasm is an
// HTML page; `vite build` refuses to code-split the module Worker as iife.
const RECIPE = { optimizeDeps: { exclude: ['ebm-wasm'] }, worker: { format: 'es' } };

export const OLD_VITES = [
  { name: 'vite5', version: '5.4.21', recipe: RECIPE },
  { name: 'vite6', version: '6.4.6', recipe: RECIPE },
  { name: 'vite7', version: '7.3.8', recipe: RECIPE },
];

const DIR = join(ROOT, 'node_modules', '.cache', 'ebm-vites');

/** The installed Vite's folder, installing it first if needed; returns how long that took (0: cached). */
export function ensureVite({ version }) {
  const dir = join(DIR, `vite-${version}`);
  const pkg = join(dir, 'node_modules', 'vite', 'package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === version) return { dir, ms: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `ebm-vite-${version}`, private: true }));
  const t = Date.now();
  // --ignore-scripts: esbuild's binary comes from its optional platform package
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `vite@${version}`], { cwd: dir, stdio: 'pipe', timeout: 300_000 });
  // versions no longer pinned
  for (const d of readdirSync(DIR)) if (!OLD_VITES.some((v) => d === `vite-${v.version}`)) rmSync(join(DIR, d), { recursive: true, force: true });
  return { dir, ms: Date.now() - t };
}

/** The Vite module of an installed version (its ES build, as `import('vite')` would load). */
export async function importVite(dir) {
  return import(pathToFileURL(join(dir, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
}
