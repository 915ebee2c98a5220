// Behind `npm test` (after `npm run build`): every suite, one after another.
//   vitest    the unit and parity tests (npx vitest run)
//   node      the cross-runtime scenario on dist/index.node.js and .cjs, load errors
//   chromium  Debian's chromium via playwright-core, pages on 127.0.0.1
//   workerd   miniflare's workerd, and proof that nothing is compiled from bytes
//   edge      examples/edge as deployed: its Worker in workerd, its Vercel function in
//             edge-runtime (edge-light), real POSTs answered with Node's bytes
//   deno, bun from their npm packages, on dist/index.node.js
//   bundlers  the packed package in a tiny app built by Vite 5–8 (dev and build),
//             webpack, Parcel, esbuild and Rollup, loaded in Chromium (page and Worker);
//             server bundles for Node and edge-light (test/runtimes/bundlers.mjs)
//   package   publint and are-the-types-wrong on `npm pack`, consumer type checks
//   playground  the playground page (playground/, built once by Vite) in Chromium: a training
//             run in its worker, frame times, energies equal to Node's, save → load in Node
//   hashes    every runtime's scenario hash must be the same
// Usage: node scripts/test-all.mjs [suite …]   (default: all)
// Environment:
//   CHROMIUM_PATH=…          the browser binary (default /usr/bin/chromium)
//   EBM_REQUIRE_BROWSER=1    a missing Chromium fails instead of skipping (CI)
//   EBM_REQUIRE_RUNTIMES=1   a missing deno or bun binary fails instead of skipping (CI)
// The last line is `N passed, M failed[, K skipped]`, counting suites.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SUITE_TIMEOUT_MS = 10 * 60_000;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BROWSER_SKIP =
  'SKIPPED browser suite: Chromium not found; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH';

// vitest also writes a JSON report, so the summary (the end of the log, which is what a CI page
// shows) can name the tests that failed and why, instead of only "exit 1"
const VITEST_REPORT = join(mkdtempSync(join(tmpdir(), 'ebm-vitest-')), 'report.json');
const SUITES = [
  {
    name: 'vitest', cmd: 'npx', inherit: true, report: VITEST_REPORT,
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
  },
  { name: 'node', script: 'test/runtimes/node.mjs' },
  { name: 'chromium', script: 'test/runtimes/browser.mjs' },
  { name: 'workerd', script: 'test/runtimes/workerd.mjs' },
  { name: 'edge', script: 'test/runtimes/edge.mjs' },
  { name: 'deno', script: 'test/runtimes/foreign.mjs', args: ['deno'] },
  { name: 'bun', script: 'test/runtimes/foreign.mjs', args: ['bun'] },
  { name: 'bundlers', script: 'test/runtimes/bundlers.mjs' },
  { name: 'package', script: 'test/runtimes/package.mjs' },
  { name: 'playground', script: 'test/runtimes/playground.mjs' },
];

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (w !== 'hashes' && !SUITES.some((s) => s.name === w)) {
    console.error(`unknown suite ${w}; known: ${SUITES.map((s) => s.name).join(', ')}, hashes`);
    process.exit(2);
  }
}
const selected = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;

function run(suite) {
  return new Promise((resolve) => {
    const started = Date.now();
    const cmd = suite.cmd ?? process.execPath;
    const args = suite.cmd ? suite.args : [join(ROOT, suite.script), ...(suite.args ?? [])];
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: suite.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let result = null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SUITE_TIMEOUT_MS);
    if (!suite.inherit) {
      const relay = (stream, sink) => {
        let buf = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.startsWith('@@RESULT ')) {
              try {
                result = JSON.parse(line.slice('@@RESULT '.length));
              } catch {
                sink.write(`[${suite.name}] (unreadable result line) ${line}\n`);
              }
            } else {
              sink.write(`[${suite.name}] ${line}\n`);
            }
          }
        });
        stream.on('end', () => {
          if (buf) sink.write(`[${suite.name}] ${buf}\n`);
        });
      };
      relay(child.stdout, process.stdout);
      relay(child.stderr, process.stderr);
    }
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ name: suite.name, status: 'failed', ms: Date.now() - started, detail: `could not start: ${e.message}`, hashes: {} });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (timedOut) {
        resolve({ name: suite.name, status: 'failed', ms, detail: `timed out after ${SUITE_TIMEOUT_MS / 1000} s`, hashes: {} });
      } else if (suite.inherit) {
        const failures = suite.report ? vitestFailures(suite.report) : [];
        resolve({
          name: suite.name, status: code === 0 ? 'passed' : 'failed', ms, hashes: {},
          detail: code === 0 ? '' : `exit ${code ?? signal}` + (failures.length ? `; failed: ${failures.join('; ')}` : ''),
        });
      } else if (!result) {
        resolve({ name: suite.name, status: 'failed', ms, detail: `exit ${code ?? signal} without a result line`, hashes: {} });
      } else if (result.skipped) {
        resolve({ name: suite.name, status: 'skipped', ms, detail: result.reason, hashes: {} });
      } else {
        const ok = result.ok && code === 0;
        resolve({
          name: suite.name,
          status: ok ? 'passed' : 'failed',
          ms,
          detail:
            `${result.checks - result.failedChecks}/${result.checks} checks` +
            (result.failures?.length ? `; failed: ${result.failures.join('; ')}` : '') +
            (code !== 0 && result.ok ? `, exit ${code}` : ''),
          hashes: result.hashes ?? {},
        });
      }
    });
  });
}

// "file > test: first line of the error" for each failed test of a vitest JSON report (a file
// that failed to load counts as one); [] when there is no readable report
function vitestFailures(path) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const firstLine = (m) => String(m ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = String(file.name ?? '').replace(ROOT, '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${name} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (!failed.length && file.status === 'failed') out.push(`${name}: ${firstLine(file.message)}`);
  }
  return out;
}

const results = [];
const needsDist = selected.some((s) => s.script);
if (needsDist && !['index.node.js', 'index.node.cjs', 'index.browser.js', 'index.workerd.js', 'ebm.wasm'].every((f) => existsSync(join(ROOT, 'dist', f)))) {
  console.error('dist/ is incomplete: run `npm run build` first (`npm test` does)');
  process.exit(1);
}

for (const suite of selected) {
  console.log(`\n=== ${suite.name} ===`);
  if (suite.name === 'chromium' && !existsSync(CHROMIUM) && process.env.EBM_REQUIRE_BROWSER !== '1') {
    console.log(BROWSER_SKIP);
    results.push({ name: suite.name, status: 'skipped', ms: 0, detail: BROWSER_SKIP, hashes: {} });
    continue;
  }
  results.push(await run(suite));
}

// the same scenario in every runtime: one hash, and the one recorded (a results change is a decision)
const PINNED_HASH = readFileSync(join(ROOT, 'test/runtimes/scenario-hash.txt'), 'utf8').split('\n').find((l) => /^[0-9a-f]{64}$/.test(l.trim()))?.trim() ?? '';
const hashes = Object.assign({}, ...results.map((r) => r.hashes));
const labels = Object.keys(hashes);
if (wanted.length === 0 || wanted.includes('hashes')) {
  const distinct = [...new Set(Object.values(hashes))];
  if (labels.length < 2) {
    results.push({ name: 'hashes', status: 'failed', ms: 0, detail: `only ${labels.length} runtime hash(es) to compare` });
  } else if (distinct.length === 1 && distinct[0] !== PINNED_HASH) {
    // every runtime agrees, but on other bytes than the recorded ones: a change of results that
    // must be on purpose (then record the new hash in test/runtimes/scenario-hash.txt and say why)
    results.push({
      name: 'hashes', status: 'failed', ms: 0,
      detail: `${labels.length} runtimes agree on ${distinct[0].slice(0, 12)}…, but test/runtimes/scenario-hash.txt records ${PINNED_HASH.slice(0, 12)}…: results changed`,
    });
  } else if (distinct.length === 1) {
    results.push({ name: 'hashes', status: 'passed', ms: 0, detail: `${labels.length} runtimes agree, on the recorded hash: ${labels.join(', ')}` });
  } else {
    results.push({ name: 'hashes', status: 'failed', ms: 0, detail: `${distinct.length} different hashes across ${labels.join(', ')}` });
  }
}

// summary
const pad = (s, n) => String(s).padEnd(n);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log('\n=== summary ===');
console.log(`${pad('suite', 10)} ${pad('result', 8)} ${pad('time', 8)} detail`);
for (const r of results) {
  console.log(`${pad(r.name, 10)} ${pad(r.status, 8)} ${pad(secs(r.ms), 8)} ${r.detail ?? ''}`);
}
if (labels.length) {
  console.log('\nscenario hash (SHA-256 of every output byte) per runtime:');
  const w = Math.max(...labels.map((l) => l.length));
  for (const l of labels) console.log(`  ${pad(l, w)}  ${hashes[l]}`);
}
const skipped = results.filter((r) => r.status === 'skipped');
for (const r of skipped) console.log(`\n${r.detail}`);
const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
console.log(`\n${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
rmSync(join(VITEST_REPORT, '..'), { recursive: true, force: true });
process.exitCode = failed > 0 ? 1 : 0;
