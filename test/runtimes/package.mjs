// Package suite: what `npm pack` would publish, checked offline.
//  - publint (strict) and are-the-types-wrong: zero findings;
//  - bundle sizes of three typical imports within their budgets;
//  - the files: no source maps, no install script, nothing internal;
//  - the API surface of the packed types equals docs/api-surface.md, with no
//    declaration marked @internal (scripts/api-surface.mjs);
//  - consumers type-check against the unpacked tarball with moduleResolution
//    bundler, node16 (ESM and CommonJS, `import x = require`) and nodenext.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { ROOT, Suite } from './harness.mjs';
import { CONSUMERS } from './package/consumers.mjs';

const suite = new Suite('package');
const tmp = mkdtempSync(join(tmpdir(), 'ebm-package-'));

// Minified esbuild bundles of three typical imports, from the packed package
// (the JavaScript only: ebm.wasm is 172 KB beside it). Budgets leave 4-10 %
// room over the sizes in bench/RESULTS.md (each raise is explained there); a
// model that pulls in the others breaks the first two.
const SIZE_BUDGETS = {
  'K-means': { code: "import { init, KMeansEBM } from 'ebm-wasm'; await init(); new KMeansEBM({ k: 2 });", budget: 38 * 1024 },
  'MLP + samplers + training': {
    code: "import { init, MLPEnergy, samplers, train } from 'ebm-wasm'; await init(); console.log(MLPEnergy, samplers.mala, train.contrastive);",
    budget: 106 * 1024,
  },
  everything: { code: "import * as ebm from 'ebm-wasm'; await ebm.init(); console.log(ebm);", budget: 240 * 1024 },
};

// the ebm.wasm subpath is a file for bundlers and servers, not a module with types
const ATTW_ARGS = ['--format', 'json', '--exclude-entrypoints', 'ebm.wasm'];

try {
  const info = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' }))[0];
  const tarball = join(tmp, info.filename);
  const files = info.files.map((f) => f.path);
  suite.note(`${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked`);

  const pkgDir = join(tmp, 'node_modules', 'ebm-wasm');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'ebm-consumer', private: true, type: 'module' }));

  await suite.check('publint --strict: no messages', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const bytes = readFileSync(tarball);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }, strict: true });
    if (messages.length) throw new Error(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`).join('\n'));
    return true;
  });

  await suite.check('are-the-types-wrong: no problems in any resolution mode', () => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'attw'), [tarball, ...ATTW_ARGS], { encoding: 'utf8', timeout: 120_000 });
    const out = JSON.parse(r.stdout);
    const problems = out.analysis?.problems ?? [];
    if (problems.length || r.status !== 0) throw new Error(JSON.stringify(problems, null, 1).slice(0, 3000) || r.stderr);
    return `${Object.keys(out.analysis.entrypoints).length} entry points`;
  });

  await suite.check('files: no source maps, nothing internal, no install script', () => {
    const bad = files.filter((f) => f.endsWith('.map') || f.includes('internal.'));
    if (bad.length) throw new Error(`should not be published: ${bad.join(', ')}`);
    const { scripts = {} } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const install = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => scripts[s]);
    if (install.length) throw new Error(`consumers would run ${install.join(', ')}`);
    return `${files.length} files`;
  });

  await suite.check('bundle sizes: three typical imports within their budgets (bench/RESULTS.md)', async () => {
    const esbuild = await import('esbuild');
    const rows = [];
    const over = [];
    for (const [name, { code, budget }] of Object.entries(SIZE_BUDGETS)) {
      const r = await esbuild.build({
        stdin: { contents: code, resolveDir: tmp, loader: 'js' },
        bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
        splitting: true, outdir: join(tmp, 'size-out'), metafile: true,
      });
      // the entry file and every chunk it imports statically (they load with it); chunks reached
      // only by import() (the digits) are fetched when used and are not counted
      const byName = new Map(r.outputFiles.map((f) => [basename(f.path), f.contents]));
      const outputs = new Map(Object.entries(r.metafile.outputs).map(([k, v]) => [basename(k), v]));
      const loaded = new Set();
      const visit = (name) => {
        if (loaded.has(name)) return;
        loaded.add(name);
        for (const i of outputs.get(name)?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(basename(i.path));
      };
      visit('stdin.js');
      const parts = [...loaded].map((n) => byName.get(n));
      const bytes = parts.reduce((a, c) => a + c.length, 0);
      const gz = parts.reduce((a, c) => a + gzipSync(c).length, 0);
      rows.push(`${name} ${(bytes / 1024).toFixed(1)} KB (${(gz / 1024).toFixed(1)} KB gzip, budget ${budget / 1024} KB)`);
      if (bytes > budget) over.push(`${name}: ${bytes} bytes minified, over its budget of ${budget}`);
    }
    // every row is measured before failing, so one run shows all the sizes
    if (over.length) throw new Error(`${over.join('; ')} (all: ${rows.join('; ')})`);
    return rows.join('; ');
  });

  await suite.check('API surface: the packed types publish what docs/api-surface.md lists, and nothing marked @internal', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'api-surface.mjs'), '--check', '--dir', pkgDir], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`${r.stderr}${r.stdout}`.slice(0, 4000));
    return true;
  });

  // consumers: one folder per resolution mode, the tarball unpacked as its dependency
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [mode, sources] of Object.entries(CONSUMERS)) {
    await suite.check(`types: a ${mode} consumer type-checks`, () => {
      const dir = join(tmp, mode);
      mkdirSync(dir);
      for (const [name, text] of Object.entries(sources)) writeFileSync(join(dir, name), text);
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', timeout: 180_000 });
      if (r.status !== 0) throw new Error(`${r.stdout}${r.stderr}`.slice(0, 3000));
      return true;
    });
  }
} catch (e) {
  await suite.check('suite setup', () => {
    throw e;
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
suite.finish();
