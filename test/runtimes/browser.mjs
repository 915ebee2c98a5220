// Chromium suite: Debian's chromium driven by playwright-core (never a
// downloaded browser), pages served from 127.0.0.1. Runs the scenario on
// dist/index.browser.js and the load-error / before-init paths.
// Chromium: CHROMIUM_PATH or /usr/bin/chromium. Missing → skipped, unless
// EBM_REQUIRE_BROWSER=1 (CI), then failed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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
      // the scenario's parallel part ran on 2 module Web Workers, not on the calling thread
      if (r.summary.workers !== 2) throw new Error(`the scenario's pool had ${r.summary.workers} workers, expected 2`);
      return `lloyd inertia ${r.summary.lloyd.inertia}, ${r.summary.workers} workers`;
    });
    await suite.check('ebm.wasm was fetched from next to the bundle', () =>
      server.log.includes('/dist/ebm.wasm') || Promise.reject(new Error(`requests: ${server.log.join(' ')}`)),
    );

    await politeChecks(open);

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

// Long work is polite (DESIGN rule 9): no main-thread task much over 50 ms, and
// timers keep firing. The limits, and why:
//  - longest task ≤ 50 ms + 70 ms (the margin scaled by the 1-minute load per core when
//    that is above 1, at most 50 + 350 ms). The run loop ends a task at ~40 ms and
//    the fit's WASM calls aim at ~6 ms, so on an idle machine no long task
//    (≥ 50 ms) is reported at all. The margin is for a loaded 2-core machine
//    (the suites run beside other jobs): the OS can stop the renderer inside a
//    task for several scheduler slices; at load average 10–11 we saw tasks of
//    up to 98 ms. Work in one piece fails by far: k-means++ seeding of this size
//    was one task of 2.7–4.5 s.
//  - at most 40 % of a job's time in long tasks (≤ 18 % seen under that load):
//    descheduling is sporadic, while unsliced work (the seeding, Lloyd
//    iterations of 65–145 ms) put most of a fit's time in long tasks.
//  - a 10 ms setInterval fires at least 15 % of its nominal count. A task of
//    ~40 ms lets it fire about once per task (20–45 % of nominal seen, also
//    under load); starved timers fail: with scheduler.yield() pauses it fired
//    3 times in 2.3 s (1 %), with MessageChannel pauses 7 times in 0.7 s (10 %).
// The suite notes the load average, to judge a failure by.
async function politeChecks(open) {
  // inside the function: it runs (from the top-level await above) before module-level constants here exist
  // on a machine busier than its cores the margin grows with the load (the renderer is stopped
  // mid-task more often), capped at 400 ms: still 7–11× below the one-piece seeding's 2.7–4.5 s
  const busy = Math.max(1, loadavg()[0] / availableParallelism());
  const LONGEST_TASK_MS = Math.round(50 + Math.min(350, 70 * busy));
  const LONG_TASK_SHARE = 0.4;
  const TIMER_SHARE = 0.15;
  let result = null;
  suite.note(`load average before the polite page: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${availableParallelism()} cores`);
  await suite.check('polite page (K-means 100 000 × 64, k = 64, and contrastive training under watch)', async () => {
    const { page, pageErrors } = await open('/polite.html');
    result = await page.evaluate(() => window.__polite);
    await page.close();
    if (!result.ok) throw new Error(result.error);
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    return result.phases.map((p) => `${p.name}: ${Math.round(p.ms)} ms`).join('; ');
  });
  for (const p of result?.phases ?? []) {
    const longMs = p.longTasks.reduce((s, t) => s + Number(/^(\d+)/.exec(t)[1]), 0);
    await suite.check(`${p.name}: longest task ≤ ${LONGEST_TASK_MS} ms and ≤ ${LONG_TASK_SHARE * 100} % of the time in long tasks`, () => {
      const detail = `longest ${Math.round(p.longestTaskMs)} ms, ${p.longTasks.length} long tasks (${p.longTasks.join(', ') || 'none'}) in ${Math.round(p.ms)} ms`;
      if (p.longestTaskMs > LONGEST_TASK_MS || longMs > LONG_TASK_SHARE * p.ms) throw new Error(detail);
      return detail;
    });
    await suite.check(`${p.name}: a 10 ms setInterval fires ≥ ${TIMER_SHARE * 100} % of its nominal count`, () => {
      const detail = `${p.fires} of ${p.expectedFires} (${Math.round((100 * p.fires) / Math.max(1, p.expectedFires))} %), longest gap ${Math.round(p.maxGapMs)} ms`;
      if (p.fires < TIMER_SHARE * p.expectedFires) throw new Error(detail);
      return detail;
    });
    await suite.check(`${p.name}: progress counters start at 1`, () => {
      const first = p.progress.reports[0];
      if (first !== '1:1') throw new Error(`first report ${first} (run:iteration or epoch:step), expected 1:1`);
      return `${p.progress.reports.length} reports, ${first} … ${p.progress.reports.at(-1)}`;
    });
  }
}
