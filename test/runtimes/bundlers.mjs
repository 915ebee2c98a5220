// Bundler matrix: the tiny app in test/runtimes/bundlers/app (K-means fit, MLP
// energies and the digits, on a page and in a module Worker) built with Vite 8
// and Vite 5, 6, 7 with the README's recipe (bundlers/old-vites.mjs; dev server and
// build), webpack 5, Parcel 2, esbuild and Rollup against the package as
// `npm pack` makes it, loaded in Debian's Chromium; plus server bundles (esbuild
// and webpack for Node, edge-light in Vercel's edge-runtime). Every run's
// scenario hash must equal Node's, so `hashes` in test-all compares them.
// Builds are cached in node_modules/.cache/ebm-bundlers/<key>, the key being the
// tarball, the app and the bundlers' versions: a second run only loads pages.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { ROOT, Suite } from './harness.mjs';
import * as build from './bundlers/build.mjs';
import * as server from './bundlers/server-bundles.mjs';
import { OLD_VITES, ensureVite, importVite } from './bundlers/old-vites.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HERE = join(ROOT, 'test', 'runtimes');
const APP = join(HERE, 'bundlers', 'app');
const CACHE = join(ROOT, 'node_modules', '.cache', 'ebm-bundlers');
const only = process.env.EBM_BUNDLERS ? process.env.EBM_BUNDLERS.split(',') : null;
const suite = new Suite('bundlers');

const version = (pkg) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const BUNDLERS = ['vite', 'webpack', 'parcel', 'esbuild', 'rollup', '@rollup/plugin-node-resolve', 'edge-runtime'];

/** Packs the package as npm would publish it and unpacks it where the app resolves 'ebm-wasm'. */
function packed() {
  mkdirSync(CACHE, { recursive: true });
  const info = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', CACHE], { cwd: ROOT, encoding: 'utf8' }));
  const tarball = join(CACHE, info[0].filename);
  const h = createHash('sha256').update(readFileSync(tarball));
  for (const f of readdirSync(APP)) h.update(f).update(readFileSync(join(APP, f)));
  for (const dir of ['bundlers']) for (const f of readdirSync(join(HERE, dir)).filter((f) => f.endsWith('.mjs'))) h.update(readFileSync(join(HERE, dir, f)));
  h.update(readFileSync(join(HERE, 'scenario.js'))).update(readFileSync(join(HERE, 'bundlers.mjs')));
  for (const b of BUNDLERS) h.update(`${b}@${version(b)}`);
  const key = h.digest('hex').slice(0, 16);
  const work = join(CACHE, key);
  if (!existsSync(join(work, 'node_modules', 'ebm-wasm', 'package.json'))) {
    rmSync(work, { recursive: true, force: true });
    const pkg = join(work, 'node_modules', 'ebm-wasm');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
    build.copyApp(APP, join(HERE, 'scenario.js'), join(work, 'src'));
    // its own package scope: without it, bundlers would take 'ebm-wasm' as the repo's self-reference.
    // Parcel reads "exports" only when asked (the README's recipe); the others ignore the key.
    const app = { name: 'ebm-bundler-app', private: true, type: 'module', '@parcel/resolver-default': { packageExports: true } };
    writeFileSync(join(work, 'package.json'), JSON.stringify(app));
    // and a lockfile, which is how Parcel finds the project root (else the repo's, with its package.json targets)
    writeFileSync(join(work, 'package-lock.json'), JSON.stringify({ name: 'ebm-bundler-app', lockfileVersion: 3, packages: {} }));
  }
  rmSync(tarball);
  // older keys are stale builds
  for (const d of readdirSync(CACHE)) if (d !== key) rmSync(join(CACHE, d), { recursive: true, force: true });
  return { work, key, files: info[0].files.map((f) => f.path) };
}

/** Builds once per cache key; a failed build is not cached. */
async function built(work, name, fn) {
  const out = join(work, 'out', name);
  const stamp = join(work, 'out', `${name}.ok`);
  if (existsSync(stamp)) return { out, cached: true };
  rmSync(out, { recursive: true, force: true });
  const t = Date.now();
  await fn(join(work, 'src'), out);
  writeFileSync(stamp, '');
  return { out, cached: false, ms: Date.now() - t };
}

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.map': 'application/json' };

/** Serves one built site at the root of its own origin on 127.0.0.1, as it would be deployed. */
async function startStatic(dir) {
  const srv = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep)) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[/\.[a-z]+$/.exec(file)?.[0]] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><h1>Not Found</h1>');
    }
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => (srv.closeAllConnections(), srv.close(r))) };
}

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update'],
  });
}

/**
 * Opens the app's page; checks the page and its Worker, records both hashes.
 * With `expectError`, both must instead fail with a message containing it.
 */
async function loadApp(browser, label, url, expectError) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__done === true, null, { timeout: 60_000 }).catch((e) => {
      throw new Error(`${e.message}; page errors: ${errors.join('; ') || 'none'}`);
    });
    const r = await page.evaluate(() => window.__result);
    for (const where of ['page', 'worker']) {
      await suite.check(`${label}: ${where}${expectError ? ' fails with a message that says what to do' : ''}`, () => {
        if (expectError) {
          if (!r[where].error?.includes(expectError)) throw new Error(`expected an error naming ${expectError}, got ${JSON.stringify(r[where])}`);
          return r[where].error.split('\n')[0].slice(0, 160);
        }
        if (r[where].error) throw new Error(r[where].error);
        if (r[where].digits !== 1797) throw new Error(`digits() gave ${r[where].digits} images`);
        suite.hash(`${label}-${where}`, r[where].hash);
        const w = r[where].workers;
        // a bundle that lost the worker's file still gives the same bytes (on the calling thread):
        // only the pool's size shows whether the README's promise of workers holds for this bundler
        const want = label.startsWith('esbuild') || label.startsWith('rollup') ? 0 : 2;
        if (w !== want) throw new Error(`the scenario's pool had ${w} workers, expected ${want}${w === 0 ? ` (reason: ${r[where].reason})` : ''}`);
        if (want === 0 && !/inline/.test(r[where].reason)) throw new Error(`a pool without workers should say the inline entry has none, said: ${r[where].reason}`);
        return `pool of ${w} workers${w === 0 ? ` (${r[where].reason})` : ''}`;
      });
    }
  } finally {
    await page.close();
  }
}

const want = (name) => !only || only.some((o) => name.startsWith(o));

async function main() {
  const { work, key, files } = packed();
  suite.note(`package ${files.length} files, build cache ${key}`);
  const sites = {};
  // Vite 5, 6 and 7 (installed once into the cache) with the README's recipe for each
  const oldVites = {};
  for (const v of OLD_VITES) {
    if (!want(`${v.name}-`)) continue;
    await suite.check(`${v.name}: vite@${v.version} installed from the registry`, async () => {
      const { dir, ms } = ensureVite(v);
      oldVites[v.name] = { ...v, mod: await importVite(dir) };
      if (oldVites[v.name].mod.version !== v.version) throw new Error(`loaded vite ${oldVites[v.name].mod.version}, pinned ${v.version}`);
      return ms ? `installed in ${ms} ms` : 'cached';
    });
  }
  const browserBuilds = [
    ['vite-build', build.vite],
    ...Object.values(oldVites).map((v) => [`${v.name}-build`, (s, o) => build.vite(s, o, { vite: v.mod, config: v.recipe })]),
    ['webpack', build.webpack],
    ['parcel', build.parcel],
    ['esbuild', (s, o) => build.esbuild(s, o, { imports: 'ebm-wasm/inline' })],
    ['rollup', (s, o) => build.rollup(s, o, { imports: 'ebm-wasm/inline' })],
    // the plain entry: esbuild does not copy ebm.wasm, and the error must say what to use instead
    ['esbuild-plain', (s, o) => build.esbuild(s, o)],
  ];
  for (const [name, fn] of browserBuilds) {
    if (!want(name)) continue;
    await suite.check(`${name}: builds the app`, async () => {
      const b = await built(work, name, fn);
      sites[name] = b.out;
      return b.cached ? 'cached' : `${b.ms} ms`;
    });
  }
  const haveBrowser = existsSync(CHROMIUM);
  if (!haveBrowser && process.env.EBM_REQUIRE_BROWSER === '1') {
    await suite.check('chromium is installed', () => {
      throw new Error(`${CHROMIUM} does not exist, and EBM_REQUIRE_BROWSER=1 forbids skipping the pages`);
    });
  } else if (!haveBrowser) suite.note(`no Chromium at ${CHROMIUM}: the built pages are not loaded`);
  const devServers = [['vite-dev', null, {}], ...Object.values(oldVites).map((v) => [`${v.name}-dev`, v.mod, v.recipe])].filter(([n]) => want(n));
  if (haveBrowser && (Object.keys(sites).length || devServers.length)) {
    const browser = await launch();
    try {
      for (const [name, dir] of Object.entries(sites)) {
        const stat = await startStatic(dir);
        await loadApp(browser, name, `${stat.origin}/`, name === 'esbuild-plain' ? 'ebm-wasm/inline' : undefined).finally(stat.close);
      }
      for (const [name, mod, recipe] of devServers) {
        const { createServer: viteServer } = mod ?? (await import('vite'));
        // its own dependency cache per Vite (node_modules/.vite is keyed by the lockfile, not by Vite's version)
        const dev = await viteServer({
          root: realpathSync(join(work, 'src')), configFile: false, logLevel: 'silent', ...(mod ? { cacheDir: join(work, `.vite-${name}`) } : {}),
          ...recipe, server: { host: '127.0.0.1', port: 0 },
        });
        try {
          await dev.listen();
          const { port } = dev.httpServer.address();
          await loadApp(browser, name, `http://127.0.0.1:${port}/`);
        } finally {
          await dev.close();
        }
      }
    } finally {
      await browser.close();
    }
  }
  for (const [name, fn] of Object.entries(server.BUNDLES)) {
    if (!want(name)) continue;
    await suite.check(`${name}: bundles and runs`, async () => {
      const b = await built(work, name, fn);
      const r = await server.run(name, b.out, work);
      suite.hash(name, r.hash);
      return `${b.cached ? 'cached build' : `built in ${b.ms} ms`}, ${r.detail}`;
    });
    if (name === 'esbuild-node') {
      await suite.check('esbuild-node deployed without node_modules: the error says where it looked and what to do', () =>
        server.runMoved(join(work, 'out', name)),
      );
    }
  }
}

try {
  await main();
} catch (e) {
  await suite.check('suite setup', () => {
    throw e;
  });
}
suite.finish();
