// `npm run bench [-- peak|kmeans|mlp|samplers|train|sparse|mixture|rbm|edge|parallel ...] [--peers] [--quick] [--max-time=S] [--rounds=R]`
//
// Suites (default: all): peak = the WASM SIMD peak probe, measured first and
// always (every kernel reports its share of it); kmeans = one Lloyd iteration,
// ours vs the pure-TS twin vs ml-kmeans (+ scikit-learn in another process
// with --peers or EBM_BENCH_PEERS=1); mlp = MLPEnergy energyAndGrad and paramGrad vs
// the twin and TF.js-wasm (+ PyTorch with --peers). Prints tables and writes
// bench/results/<date>-<suite>.json.
//
// Raw kernels come from build/ebm.wasm through bench/lib/wasm.mjs; the
// TypeScript twins in bench/baselines/ are bundled with esbuild at start-up
// (bench/lib/baselines.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWasm, WASM_PATH } from './lib/wasm.mjs';
import { loadBaselines } from './lib/baselines.mjs';
import { machineInfo } from './lib/machine.mjs';
import { textTable, kmeansRows, KMEANS_HEADER, fmt, pct } from './lib/table.mjs';
import { runPeak } from './suites/peak.mjs';
import { runKmeans, TARGETS } from './suites/kmeans.mjs';
import { runMlp, printMlp } from './suites/mlp.mjs';
import { runSamplers, TARGETS as SAMPLER_TARGETS } from './suites/samplers.mjs';
import { runTrain, printTrain } from './suites/train.mjs';
import { runSparse, printSparse } from './suites/sparse.mjs';
import { runMixture, printMixture } from './suites/mixture.mjs';
import { runRbm, printRbm } from './suites/rbm.mjs';
import { runEdge, printEdge } from './suites/edge.mjs';
import { runParallel, printParallel } from './suites/parallel.mjs';

const SUITES = ['peak', 'kmeans', 'mlp', 'samplers', 'train', 'sparse', 'mixture', 'rbm', 'edge', 'parallel'];
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
const opt = (name, dflt) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
if (flags.has('--help')) {
  console.log('usage: npm run bench [-- [peak] [kmeans] [mlp] [samplers] [train] [sparse] [mixture] [rbm] [edge] [parallel] [--peers] [--quick] [--max-time=S] [--rounds=R]]');
  process.exit(0);
}
const wanted = args.filter((a) => !a.startsWith('--'));
for (const s of wanted) {
  if (!SUITES.includes(s)) {
    console.error(`unknown suite "${s}"; choose from ${SUITES.join(', ')}`);
    process.exit(2);
  }
}
const suites = wanted.length ? wanted : SUITES;
const peers = flags.has('--peers') || process.env.EBM_BENCH_PEERS === '1';
const maxTime = Number(opt('max-time', flags.has('--quick') ? 1 : 5));
const rounds = Number(opt('rounds', flags.has('--quick') ? 2 : 5));

const t0 = Date.now();
const machine = machineInfo();
const wasm = await loadWasm();
const header = {
  machine,
  wasm: { path: process.env.EBM_BENCH_WASM || 'build/ebm.wasm', sha256: wasm.sha256, bytes: wasm.size },
  argv: args,
};
console.log(`ebm-wasm benchmarks — ${machine.cpu} (${machine.cores} logical CPUs), ${machine.os}, node ${machine.node}, ${machine.date}`);
console.log(`${header.wasm.path} sha256 ${wasm.sha256.slice(0, 12)}… (${wasm.size} bytes)\n`);

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const stamp = machine.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z');
const save = (suite, body) => {
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}${stamp}-${suite}.json`;
  writeFileSync(file, JSON.stringify({ ...header, ...body }, null, 2) + '\n');
  return `bench/results/${stamp}-${suite}.json`;
};

// 1. peak — always measured (every kernel reports its share), saved if selected
const peak = await runPeak(wasm);

// 2. kmeans
if (suites.includes('kmeans')) {
  const twins = await loadBaselines();
  console.log(twins.mod ? `\npure-TS twins: ${twins.from} (bundled with esbuild)` : `\npure-TS twins: not loaded (${twins.reason})`);
  const km = runKmeans(wasm, { twins, peak, peers, maxTime, rounds });
  const rows = [KMEANS_HEADER];
  for (const r of km.results) rows.push(...kmeansRows(r));
  if (peak.interleavedCalls) {
    console.log(
      `\npeak, pooled with ${peak.interleavedCalls} probe calls made between the kernel rounds: ${fmt(peak.gflops)} GFLOP/s` +
        ` (at start ${fmt(peak.gflopsAtStart)}, range ${fmt(peak.gflopsMin)}–${fmt(peak.gflopsMax)}); shares below use it`,
    );
  }
  console.log(`\nOne Lloyd iteration, fixed initial centres (ms: median of benchmark.js samples pooled over ${rounds} interleaved rounds; peak = ${fmt(peak.gflops)} GFLOP/s)`);
  console.log(textTable(rows));
  console.log(
    '\nflops counted: 2·N·K·D (distance part only; the centre update is not counted). For D < 8 the kernel\n' +
      'evaluates (x−c)² directly, 3 ops a coordinate: "GOP/s (D<8)" = 3·N·K·D per second.\n' +
      '"ours faster by" = contender ms / our ms, measured in this run (the quoted scikit-learn rows excepted).',
  );
  if (km.peer?.ok) console.log(`scikit-learn rows: measured in a separate Python process (${km.peer.timed}).`);
  console.log('ml-kmeans timing covers kmeans(rows, K, {initialization, maxIterations: 1}): option/input checks, one\n' +
    'assignment pass (nearestVector + squaredEuclidean on number[][], f64), new centres, convergence check;\n' +
    'the Float32Array → number[][] conversion is done once outside the timing.');
  for (const r of km.results) {
    const d = Object.entries(r.maxCentreDiffVsOurs).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ');
    const st = r.twinStats
      ? `; stats [inertia, shift] ours ${r.stats[0].toPrecision(10)}, ${r.stats[1].toPrecision(6)} / twin ${r.twinStats[0].toPrecision(10)}, ${r.twinStats[1].toPrecision(6)}`
      : '';
    console.log(`check ${r.name}: max |Δ centre| after the step vs ours: ${d || '—'}${st}`);
  }
  console.log('\nTargets:');
  for (const r of km.results) {
    const ml = r.rows.find((x) => x.contender.startsWith('ml-kmeans'));
    const ours = r.rows[0];
    console.log(
      `  ${r.name}: ${fmt(ml.oursSpeedup, 1)}× ml-kmeans (target ≥ ${TARGETS.speedupVsMlKmeans}×: ${ml.oursSpeedup >= TARGETS.speedupVsMlKmeans ? 'met' : 'NOT met'})` +
        (r.d >= 64 ? `; ${pct(ours.peakShare)} of peak (target ≥ ${100 * TARGETS.peakShareAtD64} %: ${ours.peakShare >= TARGETS.peakShareAtD64 ? 'met' : 'NOT met'})` : ''),
    );
  }
  for (const n of km.notes) console.log(`note: ${n}`);
  console.log(`  → ${save('kmeans', { peak, ...km })}`);
}
// 3. mlp (bench/suites/mlp.mjs): MLPEnergy gradients vs the twin, TF.js-wasm (+ PyTorch with --peers)
if (suites.includes('mlp')) {
  const mlp = await runMlp(wasm, { twins: await loadBaselines(), peak, peers, maxTime, rounds });
  printMlp(mlp, peak);
  console.log(`  → ${save('mlp', { peak, ...mlp })}`);
}
// 4. samplers (bench/suites/samplers.mjs): ESS/s of MALA and HMC vs the pure-TS twin, Langevin throughput.
//    Uses the SDK from dist/ (run `npm run build` first) with build/ebm.wasm.
if (suites.includes('samplers')) {
  console.log('\nSamplers: ESS/s (bulk, min over coordinates), 64 chains, ours vs the pure-TS twin (same algorithm and step size)');
  // ESS from one round of 64 chains is a noisy estimate (on the banana it varies several-fold between seeds),
  // so the ESS/s medians take at least 9 rounds (each round: a new seed for both contenders)
  const sm = await runSamplers(WASM_PATH, { twins: await loadBaselines(), rounds: flags.has('--quick') ? rounds : Math.max(rounds, 9) });
  for (const r of sm.results) {
    if (r.ratio !== null) console.log(`  ${r.target} · ${r.kind}: ${r.ratio.toFixed(1)}× the twin's ESS/s, pooled over ${r.rounds.ours.length} rounds (target ≥ ${SAMPLER_TARGETS.essPerSecondVsTwin}×: ${r.ratio >= SAMPLER_TARGETS.essPerSecondVsTwin ? 'met' : 'NOT met'})`);
  }
  if (sm.rawMala) console.log(`  raw MALA: ${sm.rawMala.ratio.toFixed(1)}× the chain-steps/s of the straightforward JS MALA (target ≥ ${SAMPLER_TARGETS.rawMalaVsPlainJs}×: ${sm.rawMala.ratio >= SAMPLER_TARGETS.rawMalaVsPlainJs ? 'met' : 'NOT met'})`);
  for (const n of sm.notes) console.log(`note: ${n}`);
  console.log(`  → ${save('samplers', sm)}`);
}
// 5. train (bench/suites/train.mjs): one contrastive training iteration vs the twin, TF.js-wasm (+ PyTorch with --peers)
if (suites.includes('train')) {
  const tr = await runTrain(wasm, { twins: await loadBaselines(), peak, peers, maxTime, rounds });
  printTrain(tr, peak);
  console.log(`  → ${save('train', { peak, ...tr })}`);
}
// 6. sparse (bench/suites/sparse.mjs): sparse codes of the digits vs the twin (+ scikit-learn's sparse_encode with --peers)
if (suites.includes('sparse')) {
  const sp = runSparse(wasm, { twins: await loadBaselines(), peers, maxTime, rounds });
  printSparse(sp);
  console.log(`  → ${save('sparse', sp)}`);
}
// 7. mixture (bench/suites/mixture.mjs): Gaussian-mixture EM fit vs the twin (+ scikit-learn with --peers)
if (suites.includes('mixture')) {
  const mx = await runMixture(wasm, { twins: await loadBaselines(), wasmPath: WASM_PATH, peers, maxTime, rounds });
  printMixture(mx);
  console.log(`  → ${save('mixture', mx)}`);
}
// 8. rbm (bench/suites/rbm.mjs): Gibbs sweeps vs the twin (+ scikit-learn with --peers), AIS time and error
if (suites.includes('rbm')) {
  const rb = await runRbm(wasm, { twins: await loadBaselines(), peers, maxTime, rounds });
  printRbm(rb);
  console.log(`  → ${save('rbm', rb)}`);
}
// 9. edge (bench/suites/edge.mjs): examples/edge in workerd and edge-runtime vs Node's direct call:
//    cold start and time per request on 1, 64, 1024 rows. Uses dist/ (run `npm run build` first).
if (suites.includes('edge')) {
  const ed = await runEdge({ rounds, maxTime, quick: flags.has('--quick') });
  printEdge(ed);
  console.log(`  → ${save('edge', ed)}`);
}
// the peak file is written last: it then includes the probe calls made between kernel rounds
// 10. parallel (bench/suites/parallel.mjs): the calling thread vs 1 and 2 workers (MALA 1024 chains, the large training iteration), overheads
if (suites.includes('parallel')) {
  const pr = await runParallel(wasm, { rounds });
  printParallel(pr);
  console.log(`  → ${save('parallel', pr)}`);
}
if (suites.includes('peak')) console.log(`  → ${save('peak', peak)}`);
console.log(`\ndone in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
