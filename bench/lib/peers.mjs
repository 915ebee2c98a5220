// The peers the MLP and training benchmarks race, in one place: TensorFlow.js
// with its WASM backend (loaded once per process), the MLP energy built in
// TF.js from our θ layout, and the optional PyTorch scripts run in another
// process (bench/peers/*.py) with the inputs passed as raw f32 files.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** max |a − b| / max |b| (the relative difference the suites report for every check). */
export function relDiff(a, b) {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s > 0 ? d / s : d;
}

// ---- TensorFlow.js ----------------------------------------------------------------

/**
 * tfjs-core's node bundle registers no gradients, and its ESM files import
 * without extensions (Node cannot load them): esbuild bundles core (ESM build,
 * so that the gradients and the backend share one kernel registry), the
 * gradients and the wasm backend into one temporary CommonJS file. The wasm
 * binaries are read from node_modules (setWasmPaths, no fetch); threads off.
 * One TF.js for the whole process: a second bundle's WASM backend does not
 * initialize next to the first ("WASM backend not initialized").
 */
let tfjsOnce = null;
export function loadTfjs() {
  tfjsOnce ??= loadTfjsNow();
  return tfjsOnce;
}

async function loadTfjsNow() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
    require.resolve('@tensorflow/tfjs-core/package.json');
    require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  } catch (e) {
    return { tf: null, reason: `not installed (${e.message.split('\n')[0]})` };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ebm-bench-tfjs-'));
  try {
    const res = esbuild.buildSync({
      stdin: {
        contents:
          "export * from '@tensorflow/tfjs-core';\n" +
          "import '@tensorflow/tfjs-core/dist/register_all_gradients';\n" +
          "export * as wasmBackend from '@tensorflow/tfjs-backend-wasm';\n",
        resolveDir: fileURLToPath(new URL('../../', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'error',
    });
    const file = join(tmp, 'tfjs.cjs');
    writeFileSync(file, res.outputFiles[0].text);
    const tf = require(file);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    const simd = dist + 'tfjs-backend-wasm-simd.wasm';
    // every name maps to a local file; the threaded one is never chosen (threads off) but must not be fetched either
    tf.wasmBackend.setWasmPaths({ 'tfjs-backend-wasm.wasm': dist + 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': simd }, false);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = (url) => Promise.reject(new Error(`TF.js tried to fetch ${url}: expected local files only`));
    try {
      if (!(await tf.setBackend('wasm'))) return { tf: null, reason: 'tf.setBackend("wasm") failed' };
      await tf.ready();
    } finally {
      globalThis.fetch = fetchBefore;
    }
    const info = {
      version: tf.version_core,
      backend: tf.getBackend(),
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.wasmBackend.getThreadsCount(),
      binary: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm',
    };
    return { tf, info };
  } catch (e) {
    return { tf: null, reason: e.message.split('\n')[0] };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

let modelCount = 0;
/**
 * The silu MLP energy (outputScale 1, quadratic 0) in TF.js, θ in our layout
 * (W_l out × in, then b_l) copied into variables Wᵀ (in × out: h·Wᵀ is one
 * matMul). `list` is θ's order for variableGrads; `params()` reads θ back in
 * our layout; `reset()` returns to the θ it was made with.
 */
export function tfjsModel(tf, sizes, theta) {
  const vars = [];
  const tag = `mlp${modelCount++}`; // variable names are global in TF.js
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const out = sizes[l];
    const inn = sizes[l - 1];
    const Wt = new Float32Array(inn * out);
    for (let o = 0; o < out; o++) for (let i = 0; i < inn; i++) Wt[i * out + o] = theta[off + o * inn + i];
    off += out * inn;
    const b = theta.slice(off, off + out);
    off += out;
    vars.push({ W: tf.variable(tf.tensor2d(Wt, [inn, out]), true, `${tag}W${l}`), b: tf.variable(tf.tensor1d(b), true, `${tag}b${l}`) });
  }
  const L = vars.length;
  /** energies, shape [B] */
  const energies = (y) => {
    let h = y;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(h, vars[l].W), vars[l].b);
      h = l < L - 1 ? tf.mul(z, tf.sigmoid(z)) : z; // silu = z·σ(z) (no fused silu op in tfjs-core)
    }
    return tf.reshape(h, [-1]);
  };
  const list = vars.flatMap((v) => [v.W, v.b]); // θ order: W_1, b_1, W_2, b_2, …
  const initial = list.map((v) => tf.keep(v.clone()));
  const reset = () => list.forEach((v, i) => v.assign(initial[i]));
  const params = () => tfjsParamsToOurs(sizes, list.map((v) => v.dataSync()));
  return { vars, list, energies, params, reset, dispose: () => [...list, ...initial].forEach((v) => v.dispose()) };
}

/** Our θ layout from TF.js values or gradients in `list` order (W arrives in × out). */
export function tfjsParamsToOurs(sizes, arrays) {
  const out = [];
  for (let l = 1; l < sizes.length; l++) {
    const o = sizes[l];
    const inn = sizes[l - 1];
    const gW = arrays[2 * (l - 1)];
    for (let r = 0; r < o; r++) for (let i = 0; i < inn; i++) out.push(gW[i * o + r]);
    out.push(...arrays[2 * (l - 1) + 1]);
  }
  return Float32Array.from(out);
}

// ---- PyTorch (optional, another process) --------------------------------------------

/**
 * Runs bench/peers/<script> in another process, one thread, on a JSON spec:
 * `{ ...spec, cases }` where each case's `arrays` (name → Float32Array) are
 * written to raw f32 files and passed as file paths under the same names.
 * The script prints one JSON line last: { ok, … } (or this returns { ok: false, reason }).
 */
export function runPythonPeer(script, { spec = {}, cases, timeoutMs, tag, log }) {
  const python = process.env.EBM_BENCH_PYTHON || '/usr/bin/python3';
  const tmp = mkdtempSync(join(tmpdir(), `ebm-bench-${tag}-`));
  try {
    const full = { ...spec, cases: [] };
    cases.forEach(({ arrays, ...fields }, i) => {
      const files = {};
      for (const [k, arr] of Object.entries(arrays)) {
        files[k] = join(tmp, `${i}-${k}.f32`);
        writeFileSync(files[k], new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
      }
      full.cases.push({ ...fields, ...files });
    });
    const specPath = join(tmp, 'cases.json');
    writeFileSync(specPath, JSON.stringify(full));
    log(`  running ${python} bench/peers/${script} (a separate process, one thread) …`);
    const r = spawnSync(python, [fileURLToPath(new URL(`../peers/${script}`, import.meta.url)), specPath], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      maxBuffer: 64 << 20,
      timeout: timeoutMs,
    });
    if (r.error) return { ok: false, reason: r.error.message };
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop());
    } catch {
      return { ok: false, reason: `bad output (exit ${r.status}): ${(r.stderr || r.stdout).slice(-400)}` };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
