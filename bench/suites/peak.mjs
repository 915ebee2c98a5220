// Suite "peak": the machine's WASM SIMD arithmetic limit as seen by V8, from
// the probe kernel peakProbe(iterations): independent chains of f32x4.mul
// then f32x4.add, 8 flops per chain per iteration (64 flops with 8 chains, 96
// with 12; the count is read from the build, see lib/probe-flops.mjs). Every
// other kernel divides its flop rate by the median of these runs.
import { median, timeRuns } from '../lib/measure.mjs';
import { peakFlopsPerIteration } from '../lib/probe-flops.mjs';

export async function runPeak(wasm, { runs = 15, targetMs = 80, log = console.log } = {}) {
  const { raw } = wasm;
  const fpi = await peakFlopsPerIteration(wasm.bytes);
  const FLOPS_PER_ITER = fpi.flopsPerIteration;
  if (fpi.warn) log(`note: peakProbe flop count from ${fpi.source} (${fpi.warn})`);
  // warm-up: let V8 tier the probe up from Liftoff to TurboFan (no OSR for wasm,
  // so only calls made after the tier-up run optimised code)
  for (let i = 0; i < 20; i++) raw.peakProbe(200_000);
  // size one call to ≈ targetMs
  let iters = 1_000_000;
  for (;;) {
    const [ms] = timeRuns(() => raw.peakProbe(iters), 1);
    if (ms >= targetMs / 4 || iters > 1e9) {
      iters = Math.max(1, Math.round((iters * targetMs) / Math.max(ms, 1e-3)));
      break;
    }
    iters *= 4;
  }
  const times = timeRuns(() => raw.peakProbe(iters), runs);
  const toGflops = (ms) => (FLOPS_PER_ITER * iters) / (ms * 1e6);
  const gflops = times.map(toGflops);
  const res = {
    suite: 'peak',
    kernel: 'peakProbe',
    iterations: iters,
    flopsPerIteration: FLOPS_PER_ITER,
    flopsPerIterationFrom: fpi.source,
    chains: fpi.chains,
    flopsPerCall: FLOPS_PER_ITER * iters,
    runs,
    msPerCall: times,
    gflops: median(gflops),
    gflopsMax: Math.max(...gflops),
    gflopsMin: Math.min(...gflops),
    gflopsSamples: gflops,
  };
  // more probe calls later in the run (between kernel rounds), pooled into
  // res.gflops by pooled(): a load burst during the first second then does not
  // decide every kernel's share of the peak
  const interleaved = [];
  Object.defineProperty(res, 'sample', {
    enumerable: false,
    value: (calls = 3) => {
      const g = timeRuns(() => raw.peakProbe(iters), calls).map(toGflops);
      interleaved.push(...g);
      return g;
    },
  });
  Object.defineProperty(res, 'pool', {
    enumerable: false,
    value: () => {
      if (interleaved.length === 0) return res;
      const all = [...gflops, ...interleaved];
      res.gflopsAtStart = median(gflops);
      res.interleavedCalls = interleaved.length;
      res.gflops = median(all);
      res.gflopsMax = Math.max(...all);
      res.gflopsMin = Math.min(...all);
      res.gflopsSamples = all;
      return res;
    },
  });
  log(
    `SIMD peak probe: ${res.gflops.toFixed(2)} GFLOP/s (median of ${runs} calls of ${iters.toLocaleString('en-US')} iterations × ${FLOPS_PER_ITER} flops` +
      `${fpi.chains ? ` (${fpi.chains} mul+add chains)` : ''};` +
      ` min ${res.gflopsMin.toFixed(2)}, max ${res.gflopsMax.toFixed(2)})`,
  );
  return res;
}
