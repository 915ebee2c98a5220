// Suite "mlp": the MLP energy's two gradient calls, same model (silu hidden
// layers, θ from MLPEnergy's seeded PyTorch-style init), same inputs for every
// contender:
//   energyAndGrad  energies and ∂F/∂y of a batch (what a sampler calls)
//   paramGrad      Σ_i w_i ∂F_i/∂θ with w = ±1/B (one contrastive training step)
// Contenders:
//   ours        MLPEnergy from dist/index.node.js (init with the build being
//               measured): validation, copy in, one WASM call, copy out
//   ours raw    breakdown: the same kernels on buffers already in WASM memory
//   twin        the pure-TS twin from bench/baselines/mlp.ts (f32, plain loops)
//   TF.js-wasm  @tensorflow/tfjs-core + tfjs-backend-wasm, one thread, SIMD
//               binary: tf.grad of the summed energy w.r.t. the input (plus
//               the energies, as ours returns them), tf.variableGrads of the
//               weighted sum for paramGrad; tensors made from Float32Arrays
//               and read back with dataSync() inside the timing, as ours
//   PyTorch     optional, another process (bench/peers/torch_mlp.py, --peers)
// Flops: matrix products only, 2·B·Σ_l s_l·s_{l−1} per pass over the layers
// (biases, activations and the input copy not counted): energyAndGrad = forward
// + backward to the input = 2 passes; paramGrad = forward + weight gradients +
// backward to every hidden layer (not the input) ≈ 3 passes.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchInterleaved } from '../lib/measure.mjs';
import { loadTfjs, relDiff, runPythonPeer, tfjsModel, tfjsParamsToOurs } from '../lib/peers.mjs';
import { rng } from '../lib/data.mjs';
import { fmt, pct, textTable } from '../lib/table.mjs';

export const CASES = [
  { name: '2→128→128→1 silu, B=256', D: 2, hidden: [128, 128], batch: 256, seed: 20251201 },
  { name: '2→32→32→1 silu, B=64', D: 2, hidden: [32, 32], batch: 64, seed: 20251202 },
];

/** Per input-gradient call, single thread, quoted from the issue: NOT measured here. */
export const QUOTED_MS = {
  256: { 'TF.js-wasm': 4.9, 'PyTorch 1.13 (native, AVX2 FMA)': 0.37 },
  64: { 'TF.js-wasm': 0.28, 'PyTorch 1.13 (native, AVX2 FMA)': 0.08 },
};

/** Targets from the issue (for energyAndGrad). */
export const TARGETS = { vsTfjs: 5, vsTwin: 20, peakShareLarge: 0.5 };

const ACTIVATION = 'silu';

function productSum(sizes) {
  let s = 0;
  for (let l = 1; l < sizes.length; l++) s += sizes[l] * sizes[l - 1];
  return s;
}

/** Flops counted for each operation (see the header). */
export function flopCounts(sizes, batch) {
  const all = productSum(sizes);
  const first = sizes[1] * sizes[0];
  return { energyAndGrad: 4 * batch * all, paramGrad: 2 * batch * (3 * all - first) };
}

// ---- PyTorch (optional, another process) --------------------------------------------

function runTorchPeer(cases, maxTime, log) {
  return runPythonPeer('torch_mlp.py', {
    spec: { max_time: maxTime },
    cases: cases.map((c) => ({ name: c.name, sizes: c.sizes, batch: c.batch, activation: ACTIVATION, arrays: { theta: c.theta, y: c.Y, w: c.w } })),
    timeoutMs: 300_000,
    tag: 'torch',
    log,
  });
}

// ---- the suite ------------------------------------------------------------------------

export async function runMlp(wasm, { twins, peak, peers = false, maxTime = 3, rounds = 3, log = console.log } = {}) {
  const notes = [];
  // ours: the public SDK from dist/, on the very build whose peak and raw kernels we measure
  const sdkPath = fileURLToPath(new URL('../../dist/index.node.js', import.meta.url));
  const sdk = await import(pathToFileURL(sdkPath).href);
  if (typeof sdk.MLPEnergy !== 'function') throw new Error('dist/index.node.js has no MLPEnergy: run `npm run build`');
  await sdk.init({ wasm: wasm.bytes });
  const twin = twins?.mod?.mlp ?? null;
  if (!twin) notes.push(`pure-TS twin: not run (${twins?.mod ? 'no mlp namespace in ' + twins.from : twins?.reason ?? 'not loaded'})`);
  const tfjs = await loadTfjs();
  if (!tfjs.tf) notes.push(`TF.js-wasm: not run (${tfjs.reason})`);
  else log(`TF.js ${tfjs.info.version}, backend ${tfjs.info.backend}, ${tfjs.info.binary}, ${tfjs.info.threads} thread(s)`);
  const { raw } = wasm;
  const haveRaw = ['mlpCreate', 'mlpParams', 'mlpSync', 'mlpEnergyGrad', 'mlpParamGrad', 'mlpDestroy'].every((k) => typeof raw[k] === 'function');
  if (!haveRaw) notes.push('ours raw: build has no mlp* exports');

  const prepared = CASES.map((c) => {
    const sizes = [c.D, ...c.hidden, 1];
    const m = new sdk.MLPEnergy({ inputDim: c.D, hidden: c.hidden, activation: ACTIVATION, seed: c.seed });
    const u = rng(c.seed + 1);
    const Y = new Float32Array(c.batch * c.D);
    for (let i = 0; i < Y.length; i++) Y[i] = 4 * u() - 2;
    const w = Float32Array.from({ length: c.batch }, (_, i) => (i < c.batch / 2 ? 1 : -1) / c.batch);
    return { ...c, sizes, m, theta: m.params, Y, w };
  });

  const out = [];
  for (const c of prepared) {
    const { m, sizes, batch: n, D, Y, w, theta } = c;
    const flops = flopCounts(sizes, n);
    log(`\n${c.name}: ${m.numParams} parameters`);
    const Ym = { rows: n, cols: D, data: Y };
    const checks = {};
    const ref = { energyAndGrad: m.energyAndGrad(Ym), paramGrad: m.paramGrad(Ym, w) };

    const byOp = { energyAndGrad: [], paramGrad: [] };
    // --- ours through the SDK
    byOp.energyAndGrad.push({ name: 'ours (MLPEnergy.energyAndGrad)', fn: () => m.energyAndGrad(Ym) });
    byOp.paramGrad.push({ name: 'ours (MLPEnergy.paramGrad)', fn: () => m.paramGrad(Ym, w) });

    // --- ours raw: the kernels on resident buffers (breakdown)
    let rawNet = 0;
    const rawPtrs = [];
    if (haveRaw) {
      try {
        const sz = wasm.put(Int32Array.from(sizes));
        rawPtrs.push(sz);
        rawNet = raw.mlpCreate(sz, sizes.length - 1, D, 0, 3 /* silu */, 1, 0);
        wasm.f32(raw.mlpParams(rawNet), theta.length).set(theta);
        raw.mlpSync(rawNet);
        const yp = wasm.put(Y);
        const wp = wasm.put(w);
        const ep = wasm.alloc(n * 4);
        const gp = wasm.alloc(n * D * 4);
        const pp = wasm.alloc(theta.length * 4);
        rawPtrs.push(yp, wp, ep, gp, pp);
        raw.mlpEnergyGrad(rawNet, ep, gp, yp, 0, n);
        raw.mlpParamGrad(rawNet, pp, wp, yp, 0, n, 0, 0);
        checks['ours raw vs ours: grad'] = relDiff(wasm.f32(gp, n * D), ref.energyAndGrad.grad.data);
        checks['ours raw vs ours: paramGrad'] = relDiff(wasm.f32(pp, theta.length), ref.paramGrad);
        byOp.energyAndGrad.push({ name: 'ours: kernel only (mlpEnergyGrad)', fn: () => raw.mlpEnergyGrad(rawNet, ep, gp, yp, 0, n), breakdown: true });
        byOp.paramGrad.push({ name: 'ours: kernel only (mlpParamGrad)', fn: () => raw.mlpParamGrad(rawNet, pp, wp, yp, 0, n, 0, 0), breakdown: true });
      } catch (e) {
        notes.push(`ours raw failed at ${c.name}: ${e.message}`);
      }
    }

    // --- the pure-TS twin
    if (twin) {
      const shape = twin.mlpShape({ inputDim: D, hidden: c.hidden, activation: ACTIVATION });
      const tg = twin.energyAndGrad(shape, theta, Y, n);
      checks['twin vs ours: grad'] = relDiff(tg.grad, ref.energyAndGrad.grad.data);
      checks['twin vs ours: paramGrad'] = relDiff(twin.paramGrad(shape, theta, Y, w, n), ref.paramGrad);
      byOp.energyAndGrad.push({ name: 'pure-TS twin (f32 loops)', fn: () => twin.energyAndGrad(shape, theta, Y, n) });
      byOp.paramGrad.push({ name: 'pure-TS twin (f32 loops)', fn: () => twin.paramGrad(shape, theta, Y, w, n) });
    }

    // --- TF.js
    let tfm = null;
    if (tfjs.tf) {
      const tf = tfjs.tf;
      tfm = tfjsModel(tf, sizes, theta);
      const gradY = tf.grad((y) => tf.sum(tfm.energies(y)));
      const inputGrad = () => {
        const y = tf.tensor2d(Y, [n, D]);
        const g = gradY(y);
        const data = g.dataSync();
        y.dispose();
        g.dispose();
        return data;
      };
      // energies too, as ours returns them: value and gradient from one tape
      const valueGrad = tf.valueAndGrad((y) => tf.sum(tfm.energies(y)));
      const energyAndGrad = () =>
        tf.tidy(() => {
          const y = tf.tensor2d(Y, [n, D]);
          const e = tfm.energies(y);
          const { grad } = valueGrad(y);
          return [e.dataSync(), grad.dataSync()];
        });
      const wT = tf.tensor1d(w);
      const paramGrad = () => {
        const y = tf.tensor2d(Y, [n, D]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(wT, tfm.energies(y))), tfm.list);
        const data = tfm.list.map((v) => grads[v.name].dataSync());
        tf.dispose([y, value, ...Object.values(grads)]);
        return data;
      };
      checks['TF.js vs ours: grad'] = relDiff(inputGrad(), ref.energyAndGrad.grad.data);
      checks['TF.js vs ours: paramGrad'] = relDiff(tfjsParamsToOurs(sizes, paramGrad()), ref.paramGrad);
      const tensorsBefore = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) (inputGrad(), energyAndGrad(), paramGrad());
      if (tf.memory().numTensors !== tensorsBefore) notes.push(`TF.js leaks tensors at ${c.name}: ${tensorsBefore} → ${tf.memory().numTensors}`);
      byOp.energyAndGrad.push({ name: `TF.js-wasm ${tfjs.info.version}: tf.grad of Σ energies`, fn: inputGrad });
      byOp.energyAndGrad.push({ name: `TF.js-wasm ${tfjs.info.version}: energies + tf.valueAndGrad`, fn: energyAndGrad });
      byOp.paramGrad.push({ name: `TF.js-wasm ${tfjs.info.version}: tf.variableGrads`, fn: paramGrad });
      c.tfDispose = () => (tfm.dispose(), wT.dispose());
    }

    const rows = {};
    for (const op of ['energyAndGrad', 'paramGrad']) {
      const contenders = byOp[op];
      for (const k of contenders) for (let i = 0; i < 20; i++) k.fn(); // tier-up
      const onRound = peak?.sample ? () => peak.sample(2) : undefined;
      const res = benchInterleaved(contenders, { maxTime, rounds, onRound });
      rows[op] = res.map((r, i) => ({ contender: r.name, ...(contenders[i].breakdown ? { breakdown: true } : {}), ...r }));
    }
    if (rawNet) raw.mlpDestroy(rawNet);
    for (const p of rawPtrs) wasm.free(p);
    c.tfDispose?.();
    out.push({ c, flops, rows, checks });
  }

  // --- optional PyTorch peer ------------------------------------------------------------
  let peer = null;
  if (peers) {
    peer = runTorchPeer(prepared, Math.min(maxTime, 3), log);
    if (!peer.ok) notes.push(`PyTorch peer: not run (${peer.reason})`);
    else {
      for (const r of peer.results) {
        const o = out.find((x) => x.c.name === r.name);
        const ref = { energyAndGrad: o.c.m.energyAndGrad({ rows: o.c.batch, cols: o.c.D, data: o.c.Y }), paramGrad: o.c.m.paramGrad({ rows: o.c.batch, cols: o.c.D, data: o.c.Y }, o.c.w) };
        o.checks['PyTorch vs ours: grad'] = relDiff(r.grad, ref.energyAndGrad.grad.data);
        o.checks['PyTorch vs ours: paramGrad'] = relDiff(r.paramGrad, ref.paramGrad);
        const name = `PyTorch ${peer.torch} (other process, ${peer.threads} thread)`;
        o.rows.energyAndGrad.push({ contender: `${name}: autograd.grad of Σ energies`, ms: r.inputGradMs, samples: r.samples, otherProcess: true });
        o.rows.paramGrad.push({ contender: `${name}: autograd.grad w.r.t. θ`, ms: r.paramGradMs, samples: r.samples, otherProcess: true });
      }
    }
  }
  for (const c of prepared) c.m.dispose();

  // --- derived figures -------------------------------------------------------------------
  peak?.pool?.();
  const results = out.map((o) => {
    const ops = {};
    for (const op of ['energyAndGrad', 'paramGrad']) {
      const ours = o.rows[op][0].ms;
      const rows = o.rows[op].map((r) => {
        const gflops = o.flops[op] / (r.ms * 1e6);
        return { ...r, oursSpeedup: r.ms / ours, gflops, peakShare: peak ? gflops / peak.gflops : null };
      });
      if (op === 'energyAndGrad') {
        for (const [who, ms] of Object.entries(QUOTED_MS[o.c.batch] ?? {})) {
          rows.push({ contender: `${who}: quoted in the issue, NOT measured here`, ms, quoted: true, oursSpeedup: ms / ours, gflops: o.flops[op] / (ms * 1e6), peakShare: null });
        }
      }
      ops[op] = { flopsCounted: o.flops[op], rows };
    }
    return { name: o.c.name, sizes: o.c.sizes, batch: o.c.batch, numParams: o.c.theta.length, seed: o.c.seed, activation: ACTIVATION, ...ops, checks: o.checks };
  });
  return { suite: 'mlp', tfjs: tfjs.info ?? { reason: tfjs.reason }, results, notes, peer: peer && { ...peer, results: undefined } };
}

const HEADER = ['case · operation · contender', 'ms/call', '±MAD', 'samples', 'ours faster by', 'GFLOP/s', '% peak'];

/** Prints the suite's tables, checks and targets. */
export function printMlp(res, peak, log = console.log) {
  const rows = [HEADER];
  for (const r of res.results) {
    for (const op of ['energyAndGrad', 'paramGrad']) {
      for (const x of r[op].rows) {
        rows.push([
          `${r.name} · ${op} · ${x.contender}`,
          fmt(x.ms, 3),
          x.madMs === undefined ? '' : fmt(x.madMs, 3),
          x.quoted ? 'quoted' : String(x.samples ?? ''),
          x.breakdown ? `(${pct(x.oursSpeedup)} of ours)` : x.contender.startsWith('ours') ? '1×' : `${fmt(x.oursSpeedup, 1)}×`,
          fmt(x.gflops, 2),
          pct(x.peakShare),
        ]);
      }
    }
  }
  log(`\nMLP energy gradients (ms: median of benchmark.js samples pooled over interleaved rounds; peak = ${fmt(peak?.gflops)} GFLOP/s)`);
  log(textTable(rows));
  log(
    '\nflops counted: matrix products only, 2·B·Σ s_l·s_{l−1} per pass; energyAndGrad = 2 passes (forward, backward to y),\n' +
      'paramGrad = forward + weight gradients + backward through the hidden layers. "ours faster by" = contender ms / our ms\n' +
      '(same run); "quoted" rows are the issue\'s reference figures for one input-gradient call, not measured on this machine.\n' +
      'Every contender gets a Float32Array batch and returns Float32Arrays (TF.js: tensor2d + dataSync inside the timing).',
  );
  for (const r of res.results) {
    log(`check ${r.name}: max |Δ| / max |ours| — ${Object.entries(r.checks).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
  }
  log('\nTargets (energyAndGrad):');
  for (const r of res.results) {
    const rows = r.energyAndGrad.rows;
    const ours = rows[0];
    const tf = rows.find((x) => x.contender.includes('tf.grad'));
    const tw = rows.find((x) => x.contender.startsWith('pure-TS'));
    const pt = rows.find((x) => x.contender.startsWith('PyTorch') && !x.quoted);
    const ptq = rows.find((x) => x.contender.startsWith('PyTorch') && x.quoted);
    const parts = [];
    if (tf) parts.push(`${fmt(tf.oursSpeedup, 1)}× TF.js-wasm tf.grad (target ≥ ${TARGETS.vsTfjs}×: ${tf.oursSpeedup >= TARGETS.vsTfjs ? 'met' : 'NOT met'})`);
    if (tw) parts.push(`${fmt(tw.oursSpeedup, 1)}× twin (target ≥ ${TARGETS.vsTwin}×: ${tw.oursSpeedup >= TARGETS.vsTwin ? 'met' : 'NOT met'})`);
    if (r.batch === 256) parts.push(`${pct(ours.peakShare)} of peak (target ≥ ${100 * TARGETS.peakShareLarge} %: ${ours.peakShare >= TARGETS.peakShareLarge ? 'met' : 'NOT met'})`);
    if (r.batch === 64) {
      if (pt) parts.push(`PyTorch measured ${fmt(pt.ms, 3)} ms vs ours ${fmt(ours.ms, 3)} ms (target faster: ${pt.ms > ours.ms ? 'met' : 'NOT met'})`);
      if (ptq) parts.push(`PyTorch quoted ${fmt(ptq.ms, 3)} ms vs ours ${fmt(ours.ms, 3)} ms (target faster: ${ptq.ms > ours.ms ? 'met' : 'NOT met'}, against the quoted figure)`);
    }
    log(`  ${r.name}: ${parts.join('; ')}`);
  }
  for (const n of res.notes) log(`note: ${n}`);
}
