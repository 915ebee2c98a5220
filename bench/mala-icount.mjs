// `node bench/mala-icount.mjs WASM... [--what=step|energy|normals|philox|uniforms] [--n=15000]`: instructions
// per 10-D chain-step of raw kernels (64 chains, a dense 10×10 precision), which a shared machine's load
// does not move. Each build runs twice under callgrind (valgrind must be installed) on
// `node --no-liftoff --single-threaded` (TurboFan code only, no compile threads): once with n transitions
// (or kernel calls) and once with none, both after the same warm-up call, which compiles every function
// used; the difference over n·64 is the figure. Startup varies by ~1e7 instructions between processes,
// i.e. ~10 per chain-step at n = 15000. Slow: a minute or more per build.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (k, d) => args.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
const chains = 64, d = 10;

if (args[0] === '--child') {
  const { loadWasm } = await import('./lib/wasm.mjs');
  const w = await loadWasm(resolve(args[1]));
  const what = args[2], reps = Number(args[3]);
  const R = w.raw;
  const mu = R.alloc(d * 4), Pm = R.alloc(d * d * 4);
  const P = w.f32(Pm, d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) P[i * d + j] = i === j ? 2 + i : 0.3 / (1 + Math.abs(i - j));
  w.f32(mu, d).fill(0);
  const desc = R.alloc(96);
  const dv = new Int32Array(w.memory.buffer, desc, 24);
  dv.fill(0);
  dv[0] = 1; // KIND_GAUSSIAN: p0 = μ, p1 = P
  dv[1] = d;
  dv[2] = mu;
  dv[3] = Pm;
  const s = R.alloc(R.samplerStateBytes(3, chains, d, 0)); // SAMPLER_MALA
  R.samplerLayout(s, 3, chains, d, 0, 1, 0, 0, 0);
  R.samplerDefaultPositions(s, 1, 0);
  R.samplerConfigure(s, 0.05, 1);
  R.samplerPrime(s, desc);
  const Y = R.alloc(chains * d * 4), E = R.alloc(chains * 4), G = R.alloc(chains * d * 4);
  w.f32(Y, chains * d).fill(0.5);
  const st = R.alloc(32);
  R.rngInit(st, 1, 0, 0);
  const buf = R.alloc(chains * d * 4);
  const tasks = {
    step: (k) => R.samplerRun(s, desc, k, k, 0),
    energy: (k) => { for (let i = 0; i < k; i++) R.energyEval(desc, Y, chains, E, G); },
    normals: (k) => { for (let i = 0; i < k; i++) R.rngNormalFast(buf, chains * d, st); },
    philox: (k) => { for (let i = 0; i < k; i++) R.rngU32(buf, chains * d, st); },
    uniforms: (k) => { for (let i = 0; i < k; i++) R.rngUniform(buf, chains, st); },
  };
  for (const f of Object.values(tasks)) f(2); // warm-up: every function compiled in both runs
  if (reps > 0) tasks[what](reps);
} else {
  const what = opt('what', 'step'), n = Number(opt('n', 15000));
  const self = fileURLToPath(import.meta.url);
  const ir = (wasm, reps) => {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file',
      process.execPath, '--no-liftoff', '--single-threaded', self, '--child', wasm, what, String(reps)], { encoding: 'utf8' });
    const m = /Collected : (\d+)/.exec(`${r.stdout}${r.stderr}`);
    if (r.status !== 0 || !m) throw new Error(`callgrind gave no count for ${wasm} (status ${r.status}): ${`${r.error ?? ''}${r.stderr}`.slice(-400)}`);
    return Number(m[1]);
  };
  for (const wasm of args.filter((a) => !a.startsWith('--'))) {
    const a = ir(wasm, 0), b = ir(wasm, n);
    console.log(`${wasm}: ${what} ${((b - a) / (n * chains)).toFixed(0)} instructions per chain-step (n = ${n}; ${a} and ${b})`);
  }
}
