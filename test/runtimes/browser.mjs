// Chromium suite: Debian's chromium driven by playwright-core (never a
// downloaded browser), pages served from 127.0.0.1. Runs the scenario on
// dist/index.browser.js and the load-error / before-init paths.
// Chromium: CHROMIUM_PATH or /usr/bin/chromium. Missing → skipped, unless
// EBM_REQUIRE_BROWSER=1 (CI), then failed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Suite } from './harness.mjs';
import { startServer } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SKIP_MESSAGE =
  'SKIPPED browser suite: Chromium not found; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH';

const suite = new Suite('chromium');

if (!existsSync(CHROMIUM)) {
  if (process.env.EBM_REQUIRE_BROWSER === '1') {
    console.log(`Chromium not found at ${CHROMIUM}, and EBM_REQUIRE_BROWSER=1 forbids skipping the browser suite`);
    await suite.check('chromium is installed', () => {
      throw new Error(`${CHROMIUM} does not exist; apt-get install -y chromium, or set CHROMIUM_PATH`);
    });
    suite.finish();
  } else {
    console.log(SKIP_MESSAGE);
    suite.skip(SKIP_MESSAGE);
  }
} else {
  await run();
}

async function run() {
  const { chromium } = await import('playwright-core');
  const server = await startServer();
  // playwright's launch() makes a fresh, empty profile dir itself (it refuses a
  // --user-data-dir argument); the cache dir is ours, to be sure nothing lingers.
  const cacheDir = mkdtempSync(join(tmpdir(), 'ebm-chromium-cache-'));
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
        `--disk-cache-dir=${cacheDir}`,
      ],
    });
    suite.note(`browser ${browser.version()} at ${CHROMIUM}`);
    const context = await browser.newContext();

    const open = async (path) => {
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(`${server.origin}${path}`);
      await page.waitForFunction(() => window.__done === true, null, { timeout: 120_000 });
      return { page, pageErrors };
    };

    await suite.check('scenario page (dist/index.browser.js, default init)', async () => {
      const { page, pageErrors } = await open('/');
      const r = await page.evaluate(() => window.__result);
      if (!r.ok) throw new Error(r.error);
      if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
      suite.hash('chromium', r.hash);
      await page.close();
      return `lloyd inertia ${r.summary.lloyd.inertia}`;
    });
    await suite.check('ebm.wasm was fetched from next to the bundle', () =>
      server.log.includes('/dist/ebm.wasm') || Promise.reject(new Error(`requests: ${server.log.join(' ')}`)),
    );

    const { page, pageErrors } = await open('/errors.html');
    suite.addRemote('page: ', await page.evaluate(() => window.__checks));
    const fresh = await page.evaluate(() => window.__freshShared);
    if (fresh) {
      suite.note(
        `import('./dist/index.browser.js?fresh') is ${fresh.sameNamespace ? 'the same' : 'a new'} module namespace, ` +
          `but ${fresh.initialized ? 'already initialized: its chunk (runtime state) is shared, so it is NOT a fresh instance' : 'uninitialized: a fresh instance'}; ` +
          'the before-init checks use a fresh page load instead',
      );
    }
    await suite.check('no uncaught page errors', () => pageErrors.length === 0 || Promise.reject(new Error(pageErrors.join('; '))));
    await page.close();
  } catch (e) {
    await suite.check('suite setup', () => {
      throw e;
    });
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  suite.finish();
}
