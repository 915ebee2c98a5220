// Playground suite: the page in playground/ built once with Vite (cached in
// node_modules/.cache/ebm-playground/<key>, the key being the page's sources,
// dist/ and Vite's version), served from 127.0.0.1 and driven in Debian's
// Chromium through playwright-core. A training run in the page's worker must
// give the same energies, byte for byte, as the same session in Node; a model
// saved in the page must load in Node with the same energies; the main thread
// must keep drawing while the worker trains. Writes playground-*.png screenshots
// (docs/img with EBM_UPDATE_SCREENSHOTS=1, else node_modules/.cache).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, Suite } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PLAY = join(ROOT, 'playground');
const CACHE = join(ROOT, 'node_modules', '.cache', 'ebm-playground');
// Screenshots go to the build cache so a test run leaves the tree clean;
// EBM_UPDATE_SCREENSHOTS=1 writes them over the README's images in docs/img.
const IMG = process.env.EBM_UPDATE_SCREENSHOTS
  ? join(ROOT, 'docs', 'img')
  : join(ROOT, 'node_modules', '.cache', 'ebm-playground-screenshots');
const suite = new Suite('playground');

// The training run the checks follow: MLP energy by persistent CD on the eight Gaussians.
// Small enough for a loaded 2-core machine (300 steps, batch 64), with a fixed seed.
const RUN = '?method=pcd&data=eightGaussians&n=500&seed=7&steps=300&hidden=32&batch=64&mcmc=10&sampleSteps=300';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.name === 'dist' || e.name === 'node_modules') return [];
    return e.isDirectory() ? files(p) : [p];
  }).sort();
}

/** The page built once per key: its sources, the library's dist/ and Vite. */
async function built() {
  const h = createHash('sha256');
  for (const f of [...files(PLAY), ...files(join(ROOT, 'dist'))]) h.update(f).update(readFileSync(f));
  h.update(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vite', 'package.json'), 'utf8')).version);
  const key = h.digest('hex').slice(0, 16);
  const out = join(CACHE, key);
  const stamp = join(CACHE, `${key}.ok`);
  if (existsSync(stamp)) return { out, key, cached: true };
  mkdirSync(CACHE, { recursive: true });
  for (const d of readdirSync(CACHE)) rmSync(join(CACHE, d), { recursive: true, force: true }); // older keys are stale
  const t = Date.now();
  const warnings = [];
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  const warn = logger.warn;
  logger.warn = (msg, o) => (warnings.push(msg), warn(msg, o));
  logger.warnOnce = (msg, o) => (warnings.push(msg), warn(msg, o));
  await build({ configFile: join(PLAY, 'vite.config.ts'), customLogger: logger, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  // PLUGIN_TIMINGS says the build was slow (a loaded machine), not that it is wrong
  const real = warnings.filter((w) => !w.includes('PLUGIN_TIMINGS'));
  if (real.length) throw new Error(`vite build warned: ${real.join(' | ')}`);
  // the session code for Node: the same modules, 'ebm-wasm' pointing at dist/index.node.js
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(PLAY, 'src', 'session.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(out, '..', `${key}-session.mjs`),
    logLevel: 'warning',
    plugins: [{
      name: 'ebm-wasm-dist',
      setup(b) {
        b.onResolve({ filter: /^ebm-wasm$/ }, () => ({ path: pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href, external: true }));
      },
    }],
  });
  writeFileSync(stamp, '');
  return { out, key, cached: false, ms: Date.now() - t };
}

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.wasm': 'application/wasm' };

/**
 * Serves the built folder as a static host would: at the root of its own origin, or under
 * `prefix` (a GitHub Pages project site is at /<repo>/); paths matching `missing` answer 404.
 */
async function serve(dir, { missing = null, prefix = '' } = {}) {
  const srv = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(`${prefix}/`)) return res.writeHead(404).end();
    path = path.slice(prefix.length);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || missing?.test(path)) return res.writeHead(404).end();
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

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const f32bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
};

/** The same session in Node: every chunk, then the energies on the HASH_RES grid and their SHA-256. */
async function nodeEnergies(session, settings, painted) {
  const s = await session.startSession(settings, Float32Array.from(painted));
  try {
    for (let c = 0; c < s.run.chunks; c++) await s.run.chunk();
    const E = session.fieldEnergies(s.run.model, s.bounds, session.HASH_RES);
    return { E, hex: sha(f32bytes(E)) };
  } finally {
    s.run.dispose();
    s.run.model.dispose();
  }
}

/** Fails with the first differing grid cell, the settings and the seed. */
function sameBytes(page, node, settings) {
  if (page.hex === node.hex) return;
  const pb = new Float32Array(Uint8Array.from(page.bytes).buffer);
  const i = pb.findIndex((v, k) => !Object.is(v, node.E[k]));
  throw new Error(`page ${page.hex.slice(0, 16)}…, Node ${node.hex.slice(0, 16)}…; first difference at grid cell ${i}: ${pb[i]} vs ${node.E[i]} (seed ${settings.seed}, settings ${JSON.stringify(settings)})`);
}

async function main() {
  let site;
  await suite.check('vite builds the page (relative base, ebm.wasm emitted, no warnings)', async () => {
    site = await built();
    const assets = readdirSync(join(site.out, 'assets'));
    if (!assets.some((f) => f.endsWith('.wasm'))) throw new Error(`no .wasm among ${assets.join(', ')}`);
    const html = readFileSync(join(site.out, 'index.html'), 'utf8');
    if (/(src|href)="\/assets/.test(html)) throw new Error('index.html refers to /assets/… (absolute): the folder would only work at a site root');
    return site.cached ? `cached ${site.key}` : `built in ${site.ms} ms`;
  });
  if (!site) return;
  if (!existsSync(CHROMIUM)) {
    if (process.env.EBM_REQUIRE_BROWSER === '1') await suite.check('chromium is installed', () => { throw new Error(`${CHROMIUM} does not exist`); });
    else suite.note(`no Chromium at ${CHROMIUM}: the page is not loaded`);
    return;
  }
  const session = await import(pathToFileURL(join(site.out, '..', `${site.key}-session.mjs`)).href);
  const ebm = await import(pathToFileURL(join(ROOT, 'dist', 'index.node.js')).href);
  await ebm.init();

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update'],
  });
  const server = await serve(site.out);
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 900, height: 860 } });
  const errors = [];
  const open = async (query) => {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
    await page.goto(`${server.origin}/${query}`);
    await page.waitForFunction(() => window.__pg?.state === 'idle' || window.__pg?.state === 'error', null, { timeout: 60_000 });
    return page;
  };
  const pgErrors = (page) => page.evaluate(() => window.__pg.errors);
  const canvasHash = (page) => page.evaluate(() => document.getElementById('plot').toDataURL());
  try {
    mkdirSync(IMG, { recursive: true });
    const busy = Math.max(1, loadavg()[0] / availableParallelism());
    suite.note(`load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${availableParallelism()} cores`);

    const page = await open(RUN);
    await suite.check('the page loads: the worker initializes the library, no console errors', async () => {
      const e = [...errors, ...(await pgErrors(page))];
      if (e.length) throw new Error(e.join('; '));
      return `state ${await page.evaluate(() => window.__pg.state)}`;
    });

    // ---- train, and watch the frames
    const before = await canvasHash(page);
    const t0 = Date.now();
    await page.click('#train');
    await page.waitForFunction(() => window.__pg.state !== 'training', null, { timeout: 120_000 });
    const trainMs = Date.now() - t0;
    const r = await page.evaluate(() => ({ state: window.__pg.state, errors: window.__pg.errors, curve: window.__pg.curve(), frames: window.__pg.frames, work: window.__pg.work, settings: window.__pg.settings() }));
    await suite.check('a 300-step persistent-CD run completes and draws (loss and held-out curves, heat map)', async () => {
      if (r.state !== 'done' || r.errors.length) throw new Error(`state ${r.state}, errors ${r.errors.join('; ')}`);
      // one loss point and one held-out point per chunk of 10 steps (up to 60 chunks)
      if (r.curve.loss !== 30 || r.curve.heldOut !== 30) throw new Error(`${r.curve.loss} loss and ${r.curve.heldOut} held-out points, expected 30 of each`);
      if (!Number.isFinite(r.curve.lastHeldOut)) throw new Error(`held-out curve: ${JSON.stringify(r.curve)}`);
      const after = await canvasHash(page);
      if (after === before) throw new Error('the plot did not change');
      return `${trainMs} ms, ${r.curve.loss} loss points, ${r.curve.heldOut} held-out points (last ${r.curve.lastHeldOut.toFixed(3)} nats)`;
    });
    await page.screenshot({ path: join(IMG, 'playground-train.png') });
    await suite.check('the page itself never loads the library: only its worker fetches the library and ebm.wasm', async () => {
      const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      const lib = fetched.filter((f) => /index\.browser|\.wasm$/.test(f));
      if (lib.length) throw new Error(`the page fetched ${lib.join(', ')}`);
      return `the page fetched ${fetched.map((f) => f.split('/').pop()).join(', ')}`;
    });

    // The main thread only draws: the worker trains and renders the heat map and contours
    // into an ImageBitmap, the page places it and draws points, chains and curves. Bounds:
    //  - ≥ 20 frames: the run takes seconds (1.5–7 s seen, at load 15–25 on 2 cores); a page
    //    whose main thread trained would draw only between the library's ~40 ms slices.
    //  - median interval ≤ 34 ms (≥ 30 frames per second): rAF runs at 60 Hz (16.7 ms) when
    //    the main thread is free, and that is the median seen at load average 14–25.
    //  - the longest gap ≤ 100 ms + 70 ms per unit of load above one per core (at most
    //    +500 ms): drawing takes ~1–2 ms a frame, but the OS deschedules the renderer on this
    //    shared machine: gaps of 83–350 ms seen at load 22–30, and 467 ms at load 25 when the
    //    page still built the heat map itself (now the worker does).
    //  - the page's own work (drawing each frame, handling each message) ≤ 15 % of the run's
    //    wall time: 1–5 % seen at load 20–30. The frame checks alone are blind to a page that
    //    blocks in bursts: 40 ms of busy work per message of progress (30 in a run) still gave
    //    a 16.7 ms median and a 183–267 ms longest gap, and 50 % of the run in the page's work.
    const frames = r.frames;
    const MEDIAN_MS = 34;
    const MAX_GAP_MS = Math.round(100 + Math.min(500, 70 * (busy - 1)));
    const WORK_SHARE = 0.15;
    await suite.check(`frames while training: ≥ 20, median ≤ ${MEDIAN_MS} ms, longest gap ≤ ${MAX_GAP_MS} ms, the page's work ≤ ${WORK_SHARE * 100} % of the time`, () => {
      const detail = `${frames.length} frames in ${trainMs} ms, median ${quantile(frames, 0.5)?.toFixed(1)} ms, p95 ${quantile(frames, 0.95)?.toFixed(1)} ms, longest ${Math.max(...frames).toFixed(1)} ms; ` +
        `${(1000 * frames.length / trainMs).toFixed(0)} frames/s; the page's own work ${r.work.reduce((a, b) => a + b, 0).toFixed(0)} ms in all (${(100 * r.work.reduce((a, b) => a + b, 0) / trainMs).toFixed(1)} %), ${Math.max(...r.work).toFixed(1)} ms at most`;
      const work = r.work.reduce((a, b) => a + b, 0);
      if (frames.length < 20 || quantile(frames, 0.5) > MEDIAN_MS || Math.max(...frames) > MAX_GAP_MS || work > WORK_SHARE * trainMs) throw new Error(detail);
      return detail;
    });

    // ---- the same session in Node: same energies, byte for byte
    const page1 = await page.evaluate(() => window.__pg.energies());
    await suite.check('the energies the page computed equal Node\'s byte for byte (same settings, seed 7)', async () => {
      const node = await nodeEnergies(session, r.settings, []);
      sameBytes(page1, node, r.settings);
      return `${node.E.length} energies on a ${session.HASH_RES}² grid, sha256 ${node.hex.slice(0, 16)}…`;
    });

    // ---- save in the page, load in Node
    let saved;
    await suite.check('the model saved in the page (a download) loads in Node with load() and gives the same energies', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
      saved = readFileSync(await download.path());
      const model = ebm.load(new Uint8Array(saved));
      const E = model.energy(session.gridPoints(page1.bounds, session.HASH_RES));
      model.dispose();
      const hex = sha(f32bytes(E));
      if (hex !== page1.hex) throw new Error(`loaded model gives ${hex.slice(0, 16)}…, the page had ${page1.hex.slice(0, 16)}…`);
      return `${download.suggestedFilename()}, ${saved.length} bytes, ${model.constructor.name}`;
    });

    // ---- sample: chains move
    await suite.check('Sample: Langevin chains move on the trained energy while frames keep coming', async () => {
      await page.evaluate(() => (window.__pg.frames = []));
      await page.click('#sample');
      await page.waitForFunction(() => window.__pg.state === 'done', null, { timeout: 60_000 });
      const s = await page.evaluate(() => ({ steps: window.__pg.chainSteps, frames: window.__pg.frames, errors: window.__pg.errors }));
      if (s.errors.length) throw new Error(s.errors.join('; '));
      if (s.steps !== 300) throw new Error(`chains stopped at step ${s.steps}, expected 300`);
      return `${s.steps} steps, ${s.frames.length} frames, median ${quantile(s.frames, 0.5)?.toFixed(1)} ms`;
    });

    // ---- probe: a click descends to a minimum
    await suite.check('a click on the plot descends to a minimum (energies never rise; MLPEnergy.predict agrees)', async () => {
      const box = await page.locator('#plot').boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.35);
      await page.waitForFunction(() => window.__pg.probe !== null, null, { timeout: 20_000 });
      const p = await page.evaluate(() => window.__pg.probe);
      if (p.energies.length < 3) throw new Error(`only ${p.energies.length} points on the path`);
      if (p.energies.some((e, i) => i > 0 && !(e < p.energies[i - 1]))) throw new Error(`energies ${p.energies.join(', ')}`);
      if (!p.minimum) throw new Error('no MLPEnergy.predict minimum');
      const end = p.path.slice(-2);
      // the backtracking descent and the library's fixed-step descent stop near the same minimum:
      // within 5 % of the view (a basin of the eight Gaussians is ~0.3 wide in a ~6 wide view)
      const dist = Math.hypot(end[0] - p.minimum[0], end[1] - p.minimum[1]);
      if (!(dist < 0.05 * (page1.bounds.xMax - page1.bounds.xMin))) throw new Error(`path ends at ${end}, predict found ${p.minimum}`);
      return `${p.energies.length - 1} steps, F ${p.energies[0].toFixed(3)} → ${p.energies.at(-1).toFixed(3)}, predict ${dist.toFixed(4)} away`;
    });
    await page.screenshot({ path: join(IMG, 'playground-sample.png') });

    // ---- load the saved file back into the page
    await suite.check('Load model: the saved file goes back into the page with the same energies', async () => {
      const tmp = join(CACHE, 'saved.ebm');
      writeFileSync(tmp, saved);
      await page.setInputFiles('#load', tmp);
      await page.waitForFunction(() => /loaded/.test(document.getElementById('status').textContent), null, { timeout: 20_000 });
      const again = await page.evaluate(() => window.__pg.energies());
      if (again.hex !== page1.hex) throw new Error(`after loading: ${again.hex.slice(0, 16)}…, before ${page1.hex.slice(0, 16)}…`);
      return 'same sha256';
    });
    await page.close();

    // ---- every method trains in the page (a short run each), latent models show z
    // The remaining runs share one page (a page load compiles ebm.wasm again in its worker):
    // settings are changed through the form, as a user would.
    const quick = await open('?method=kmeans');
    const set = async (settings) => {
      const applied = [];
      for (const [k, v] of Object.entries(settings)) {
        const has = await quick.evaluate(([key, value]) => {
          const el = document.getElementById(`set-${key}`);
          if (!el) return false; // a setting the method does not have
          el.value = String(value);
          el.dispatchEvent(new Event('change'));
          return true;
        }, [k, v]);
        if (has) applied.push(k);
      }
      // every edit must survive the ones after it
      const now = await quick.evaluate(() => window.__pg.settings());
      const lost = applied.filter((k) => String(now[k]) !== String(settings[k]));
      if (lost.length) throw new Error(`edits lost: ${lost.map((k) => `${k} is ${now[k]}, was set to ${settings[k]}`).join('; ')}`);
    };
    const trainQuick = async () => {
      await quick.evaluate(() => (window.__pg.probe = null));
      await quick.click('#train');
      await quick.waitForFunction(() => window.__pg.state !== 'training', null, { timeout: 60_000 });
      const q = await quick.evaluate(() => ({ state: window.__pg.state, errors: window.__pg.errors, curve: window.__pg.curve(), settings: window.__pg.settings() }));
      if (q.state !== 'done' || q.errors.length) throw new Error(`state ${q.state}: ${q.errors.join('; ')}`);
      return q;
    };

    // ---- every method trains (short runs: 30 steps, 3 iterations or 5 epochs, whatever the row counts)
    for (const id of session.METHODS.map((m) => m.id)) {
      await suite.check(`${id}: a short run trains with Node's energy bytes, draws and answers a click`, async () => {
        await set({ method: id, n: 300, seed: 3, steps: 30, iters: 3, epochs: 5 });
        const q = await trainQuick();
        if (!Number.isFinite(q.curve.lastLoss)) throw new Error(`loss ${q.curve.lastLoss}`);
        sameBytes(await quick.evaluate(() => window.__pg.energies()), await nodeEnergies(session, q.settings, []), q.settings);
        const box = await quick.locator('#plot').boundingBox();
        await quick.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
        await quick.waitForFunction(() => window.__pg.probe !== null, null, { timeout: 20_000 });
        const p = await quick.evaluate(() => window.__pg.probe);
        const want = { kmeans: /z = prototype \d+/, gmm: /p\(z \| y\)/, sparse: /z\* = \[/, pca: /code z/, dae: /r\(y\)/ }[id];
        if (want && !want.test(p.latent)) throw new Error(`latent text: ${p.latent}`);
        // latent models show where z decodes to; the MLP energies have no z
        if (Boolean(want) !== Boolean(p.decoded) || (p.decoded && !p.decoded.every(Number.isFinite))) throw new Error(`decoded point ${JSON.stringify(p.decoded)}`);
        return `loss ${q.curve.lastLoss.toFixed(4)}; ${p.latent.slice(0, 70)}`;
      });
      if (id === 'gmm') await quick.screenshot({ path: join(IMG, 'playground-gmm.png') });
    }
    // score matching's row trains its default (denoising) above; its other variants go through the same row
    for (const variant of ['sliced', 'exact']) {
      await suite.check(`sm, ${variant}: a short run trains with Node's energy bytes`, async () => {
        await set({ method: 'sm', variant, proj: 2, n: 300, seed: 3, steps: 30 });
        const q = await trainQuick();
        if (q.settings.variant !== variant) throw new Error(`variant ${q.settings.variant}`);
        if (!Number.isFinite(q.curve.lastLoss)) throw new Error(`loss ${q.curve.lastLoss}`);
        sameBytes(await quick.evaluate(() => window.__pg.energies()), await nodeEnergies(session, q.settings, []), q.settings);
        return `loss ${q.curve.lastLoss.toFixed(4)}`;
      });
    }

    // ---- painting: drag strokes, train on them; the URL holds the points
    await suite.check('painted points: drags add points (two decimals), K-means trains on them as Node does, the URL lists them', async () => {
      await set({ method: 'kmeans', data: 'painted', k: 3, iters: 5, seed: 1 });
      await quick.check('input[name=click][value=paint]');
      const box = await quick.locator('#plot').boundingBox();
      for (const [x0, y0, x1, y1] of [[0.2, 0.2, 0.4, 0.3], [0.6, 0.7, 0.8, 0.8], [0.3, 0.8, 0.35, 0.6]]) {
        await quick.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
        await quick.mouse.down();
        await quick.mouse.move(box.x + x1 * box.width, box.y + y1 * box.height, { steps: 12 });
        await quick.mouse.up();
      }
      const painted = await quick.evaluate(() => window.__pg.painted());
      if (painted.length < 2 * 15) throw new Error(`${painted.length / 2} points painted`);
      const q = await trainQuick();
      sameBytes(await quick.evaluate(() => window.__pg.energies()), await nodeEnergies(session, q.settings, painted), q.settings);
      await quick.screenshot({ path: join(IMG, 'playground-painted.png') });
      const inUrl = new URL(quick.url()).searchParams.get('paint')?.split(';').flatMap((p) => p.split(',').map(Number)) ?? [];
      if (inUrl.join() !== painted.join()) throw new Error(`the URL holds ${inUrl.length / 2} points, ${painted.length / 2} were painted`);
      await quick.check('input[name=click][value=probe]');
      return `${painted.length / 2} points, URL ${quick.url().length} characters`;
    });

    await suite.check('Stop ends a long run between chunks and keeps the model', async () => {
      await set({ data: 'eightGaussians', method: 'pcd', steps: 100000 });
      await quick.click('#train');
      await quick.waitForFunction(() => window.__pg.curve().loss >= 3, null, { timeout: 30_000 });
      await quick.click('#stop');
      await quick.waitForFunction(() => window.__pg.state === 'done', null, { timeout: 10_000 });
      const n1 = await quick.evaluate(() => window.__pg.curve().loss);
      await quick.waitForTimeout(500);
      const n2 = await quick.evaluate(() => window.__pg.curve().loss);
      const canSample = await quick.evaluate(() => !document.getElementById('sample').disabled);
      // a chunk in flight when Stop arrives finishes, but its progress is not posted
      if (n2 !== n1 || !canSample) throw new Error(`loss points ${n1} then ${n2}; Sample enabled: ${canSample}`);
      return `stopped after ${n2} chunks of 10 steps`;
    });
    await quick.close();

    // ---- settings in the URL
    await suite.check('settings round-trip through the query string', async () => {
      // the form is built before the worker is ready: no need to wait for it
      const p = await context.newPage();
      p.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      p.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
      await p.goto(`${server.origin}/?method=gmm&k=5&cov=diag&data=painted&paint=0.5,1;-1.25,2&n=abc`);
      const v = await p.evaluate(() => ['method', 'k', 'cov', 'data', 'n'].map((k) => document.getElementById(`set-${k}`).value));
      if (v.join() !== 'gmm,5,diag,painted,1000') throw new Error(`form shows ${v.join()} (a bad n must fall back to 1000)`);
      const painted = await p.evaluate(() => window.__pg.painted());
      if (painted.join() !== '0.5,1,-1.25,2') throw new Error(`painted points from the URL: ${painted.join()}`);
      await p.selectOption('#set-data', 'spiral');
      const q = new URLSearchParams(new URL(p.url()).search);
      await p.close();
      if (q.get('data') !== 'spiral' || q.get('k') !== '5' || q.get('cov') !== 'diag' || q.has('n')) throw new Error(`URL ${p.url()}`);
      return new URL(p.url()).search;
    });

    // ---- `npm run playground` serves the sources with Vite's dev server: the library must load there too
    await suite.check('the dev server (npm run playground) serves a page whose worker loads the library', async () => {
      const { createServer: viteServer } = await import('vite');
      const dev = await viteServer({ configFile: join(PLAY, 'vite.config.ts'), logLevel: 'silent', server: { port: 0, strictPort: false } });
      try {
        await dev.listen();
        const { port } = dev.httpServer.address();
        const p = await context.newPage();
        p.on('console', (m) => m.type() === 'error' && errors.push(`dev console: ${m.text()}`));
        p.on('pageerror', (e) => errors.push(`dev pageerror: ${e}`));
        await p.goto(`http://127.0.0.1:${port}/`);
        // 'idle' comes after the worker's init(): the library and ebm.wasm loaded through the dev server
        await p.waitForFunction(() => window.__pg?.state === 'idle' || window.__pg?.state === 'error', null, { timeout: 60_000 });
        const q = await p.evaluate(() => ({ state: window.__pg.state, errors: window.__pg.errors }));
        await p.close();
        if (q.state !== 'idle' || q.errors.length) throw new Error(`state ${q.state}: ${q.errors.join('; ')}`);
        return `port ${port}, the worker initialized the library`;
      } finally {
        await dev.close();
      }
    });

    await suite.check('the built folder works under a sub-path (a GitHub Pages project site): the worker loads the library', async () => {
      const sub = await serve(site.out, { prefix: '/ebm-wasm' });
      const p = await context.newPage();
      p.on('console', (m) => m.type() === 'error' && errors.push(`sub-path console: ${m.text()}`));
      p.on('pageerror', (e) => errors.push(`sub-path pageerror: ${e}`));
      try {
        await p.goto(`${sub.origin}/ebm-wasm/?method=pca`);
        await p.waitForFunction(() => window.__pg?.state === 'idle' || window.__pg?.state === 'error', null, { timeout: 60_000 });
        const state = await p.evaluate(() => window.__pg.state);
        if (state !== 'idle') throw new Error(`state ${state}: ${await p.evaluate(() => window.__pg.errors.join('; '))}`);
        return `${sub.origin}/ebm-wasm/`;
      } finally {
        await p.close();
        await sub.close();
      }
    });

    await suite.check('a worker that cannot be loaded is reported on the page (status line, __pg.errors)', async () => {
      const broken = await serve(site.out, { missing: /\/assets\/worker-[^/]*\.js$/ });
      const p = await context.newPage(); // its console errors (the 404) are expected: not listened to
      try {
        await p.goto(`${broken.origin}/`);
        await p.waitForFunction(() => window.__pg?.state === 'error', null, { timeout: 30_000 });
        const status = await p.textContent('#status');
        if (!/worker failed/.test(status)) throw new Error(`status: ${status}`);
        return status;
      } finally {
        await p.close();
        await broken.close();
      }
    });

    await suite.check('no console errors on any page', () => errors.length === 0 || Promise.reject(new Error(errors.join('; '))));
  } finally {
    await browser.close().catch(() => {});
    await server.close();
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
