// Medians over several `npm run bench` runs (the machine is noisy).
//   node bench/aggregate.mjs [files…]   default: the 3 newest bench/results/*-kmeans.json
// Per case and contender: median ms over runs; "ours faster by" = median over
// runs of the per-run ratio (each ratio measured within one run); % of peak
// = median over runs of the per-run share. Prints a Markdown table.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';
import { markdownTable, fmt, pct, KMEANS_HEADER } from './lib/table.mjs';

const dir = fileURLToPath(new URL('./results/', import.meta.url));
let files = process.argv.slice(2);
const nArg = files.find((f) => f.startsWith('--last='));
files = files.filter((f) => !f.startsWith('--'));
if (files.length === 0) {
  const last = nArg ? Number(nArg.slice(7)) : 3;
  files = readdirSync(dir).filter((f) => f.endsWith('-kmeans.json')).sort().slice(-last).map((f) => dir + f);
}
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const shas = [...new Set(runs.map((r) => r.wasm.sha256.slice(0, 12)))];

const col = (xs) => xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
const peaks = runs.map((r) => r.peak.gflops);
const out = [];
out.push(`runs: ${files.map((f) => f.split('/').pop()).join(', ')}`);
out.push(`machine: ${runs[0].machine.cpu}, ${runs[0].machine.cores} logical CPUs, ${runs[0].machine.os}, node ${runs[0].machine.node}`);
out.push(`build/ebm.wasm sha256: ${shas.join(', ')}${shas.length > 1 ? '  (WARNING: runs measured different builds)' : ''}`);
out.push(`SIMD peak probe (${runs[0].peak.flopsPerIteration} flops/iteration): median ${fmt(median(peaks))} GFLOP/s; per run ${peaks.map((p) => fmt(p)).join(', ')}`);
out.push('');

const rows = [KMEANS_HEADER.map((h) => h.replace('±MAD', 'runs (ms)'))];
for (const c of runs[0].results) {
  const perRun = runs.map((r) => r.results.find((x) => x.name === c.name));
  for (const row of c.rows) {
    const xs = perRun.map((pr) => pr.rows.find((y) => y.contender === row.contender)).filter(Boolean);
    const ms = median(xs.map((x) => x.ms));
    const ours = row.contender.startsWith('ours (');
    const speed = median(xs.map((x) => x.oursSpeedup));
    rows.push([
      `${c.name} · ${row.contender}`,
      fmt(ms, 2),
      row.quoted ? 'quoted' : xs.map((x) => fmt(x.ms, 2)).join(' / '),
      row.quoted ? '' : String(xs.reduce((a, x) => a + (x.samples ?? 0), 0)),
      row.breakdown ? `(${pct(speed)} of ours)` : ours ? '1×' : `${fmt(speed, 1)}×`,
      fmt(c.flopsCounted / (ms * 1e6), 2),
      row.quoted ? '—' : pct(median(col(xs.map((x) => x.peakShare)))),
      c.opsCounted && !row.quoted ? fmt(c.opsCounted / (ms * 1e6), 2) : '—',
      c.opsCounted && !row.quoted ? pct(median(col(xs.map((x) => x.opsPeakShare)))) : '—',
    ]);
  }
}
out.push(markdownTable(rows));
console.log(out.join('\n'));
