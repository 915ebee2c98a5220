// Timing helpers: medians, and a thin wrapper over benchmark.js that reports
// the median of its samples (each sample = mean time per call over one cycle).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const Benchmark = require('benchmark');

export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** Median absolute deviation around the median (same unit as xs). */
export function mad(xs) {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/**
 * Interleaved benchmark.js runs: `rounds` rounds, each running every contender
 * once for maxTime/rounds seconds, samples pooled per contender. A burst of
 * load on this (noisy, 2-core) machine then hits every contender alike, which
 * keeps the ratios measured in one run honest.
 */
export function benchInterleaved(contenders, { maxTime = 3, rounds = 3, minSamples = 3, onRound } = {}) {
  const pooled = contenders.map(() => []);
  let calls = contenders.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    onRound?.(r);
    contenders.forEach((c, i) => {
      const b = new Benchmark(c.name, c.fn, { maxTime: maxTime / rounds, minSamples, initCount: 1 });
      b.run({ async: false });
      if (b.error) throw b.error;
      pooled[i].push(...b.stats.sample.map((s) => s * 1e3));
      calls[i] += b.count * b.stats.sample.length;
    });
  }
  return contenders.map((c, i) => ({
    name: c.name,
    ms: median(pooled[i]),
    madMs: mad(pooled[i]),
    minMs: Math.min(...pooled[i]),
    samples: pooled[i].length,
    calls: calls[i],
    samplesMs: pooled[i],
  }));
}

/**
 * benchInterleaved for contenders that may be async (`{ async: true, fn }`: fn returns a promise,
 * timed awaited, one call per sample, as many as fit in the round's time): an SDK call whose
 * object is busy until its promise settles cannot be timed un-awaited by Benchmark.js.
 */
export async function benchInterleavedAsync(contenders, { maxTime = 3, rounds = 3, minSamples = 3, onRound } = {}) {
  const pooled = contenders.map(() => []);
  const calls = contenders.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    onRound?.(r);
    for (const [i, c] of contenders.entries()) {
      if (!c.async) {
        const [row] = benchInterleaved([c], { maxTime: maxTime / rounds, rounds: 1, minSamples });
        pooled[i].push(...row.samplesMs);
        calls[i] += row.calls;
        continue;
      }
      const until = performance.now() + (maxTime / rounds) * 1e3;
      for (let k = 0; k < minSamples || performance.now() < until; k++) {
        const t0 = performance.now();
        await c.fn();
        pooled[i].push(performance.now() - t0);
        calls[i]++;
      }
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    ms: median(pooled[i]),
    madMs: mad(pooled[i]),
    minMs: Math.min(...pooled[i]),
    samples: pooled[i].length,
    calls: calls[i],
  }));
}

/** Plain repeated timing (for single long calls such as the peak probe). */
export function timeRuns(fn, runs) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/**
 * `interleaved` that also records, per call, the process's CPU time (every thread: the calling
 * thread's and the workers') and the calling thread's busy time (event-loop utilization: its own
 * share, the serial part when workers run the rest). Both hold up on a loaded machine far better
 * than wall time, which a second worker only shortens when a second core is free.
 */
export async function interleavedCpu(contenders, { rounds, reps }) {
  const rows = contenders.map(() => ({ wall: [], cpu: [], main: [] }));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      for (let k = 0; k < reps; k++) {
        const u0 = process.cpuUsage();
        const e0 = performance.eventLoopUtilization();
        const t0 = performance.now();
        await contenders[i].fn();
        rows[i].wall.push(performance.now() - t0);
        const u = process.cpuUsage(u0);
        rows[i].cpu.push((u.user + u.system) / 1000);
        rows[i].main.push(performance.eventLoopUtilization(e0).active);
      }
    }
  }
  return contenders.map((c, i) => ({ name: c.name, ms: median(rows[i].wall), cpuMs: median(rows[i].cpu), mainMs: median(rows[i].main), samples: rows[i].wall.length, all: rows[i].wall }));
}
