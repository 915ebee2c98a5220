// Deno and Bun suites (`node test/runtimes/foreign.mjs deno|bun`): their
// binaries come from the npm packages `deno` and `bun` (devDependencies); each
// runs foreign-runner.mjs, the scenario on dist/index.node.js, the entry both
// resolve through the "node" export condition.
// A missing binary (e.g. installed with --omit=optional) skips the suite,
// unless EBM_REQUIRE_RUNTIMES=1 (CI), then it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Suite } from './harness.mjs';

const which = process.argv[2];
const NM = join(ROOT, 'node_modules');
const CANDIDATES = {
  deno: [process.env.DENO_PATH, join(NM, '.bin', 'deno'), join(NM, 'deno', 'deno'), join(NM, '@deno', 'linux-x64-glibc', 'deno')],
  bun: [process.env.BUN_PATH, join(NM, '.bin', 'bun'), join(NM, 'bun', 'bin', 'bun.exe'), join(NM, '@oven', 'bun-linux-x64', 'bin', 'bun')],
};
if (!CANDIDATES[which]) {
  console.error('usage: node test/runtimes/foreign.mjs deno|bun');
  process.exit(2);
}

const suite = new Suite(which);

/** The first candidate that exists and answers --version. */
function findBinary() {
  const tried = [];
  for (const c of CANDIDATES[which]) {
    if (!c || !existsSync(c)) continue;
    const r = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return { path: c, version: r.stdout.trim().split('\n')[0] };
    tried.push(`${c}: ${(r.error?.message || r.stderr || `exit ${r.status}`).trim().slice(0, 200)}`);
  }
  return { path: null, tried };
}

const bin = findBinary();
if (!bin.path) {
  const msg = `SKIPPED ${which} suite: no working ${which} binary (it comes from the devDependency "${which}": run \`npm install\`)${bin.tried.length ? `; tried ${bin.tried.join('; ')}` : ''}`;
  if (process.env.EBM_REQUIRE_RUNTIMES === '1') {
    await suite.check(`${which} is installed`, () => {
      throw new Error(msg);
    });
    suite.finish();
  } else {
    console.log(msg);
    suite.skip(msg);
  }
} else {
  suite.note(`${bin.version} (${bin.path})`);
  const runner = join(ROOT, 'test', 'runtimes', 'foreign-runner.mjs');
  const args =
    which === 'deno'
      ? ['run', '--no-lock', '--no-prompt', `--allow-read=${ROOT}`, runner] // read-only, no network, no env
      : [runner];
  const r = spawnSync(bin.path, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith('@@FOREIGN '));
  const out = line ? JSON.parse(line.slice('@@FOREIGN '.length)) : null;
  await suite.check(`${which}: runs the runner (exit 0)`, () => {
    if (r.status !== 0 || !out) {
      throw new Error(`exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${(r.stdout || '').slice(-2000)}\n${(r.stderr || '').slice(-2000)}`);
    }
    return true;
  });
  if (out) {
    await suite.check(`${which}: new KMeansEBM before init throws NOT_INITIALIZED`, () => out.notInitialized === true);
    await suite.check(`${which}: scenario on dist/index.node.js`, () => {
      if (!out.ok) throw new Error(out.error);
      suite.hash(which, out.hash);
      // the scenario's parallel part ran on 2 Web Workers (Deno, Bun), not on the calling thread
      if (out.summary.workers !== 2) throw new Error(`the scenario's pool had ${out.summary.workers} workers, expected 2`);
      return `lloyd inertia ${out.summary.lloyd.inertia}, ${out.summary.workers} workers`;
    });
  }
  suite.finish();
}
