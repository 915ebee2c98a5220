// Plain-text tables for the terminal and Markdown tables for RESULTS.md.

export function fmt(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toFixed(digits);
}

export function pct(x) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(100 * x).toFixed(0)} %`;
}

/** rows: array of arrays of strings; first row = header. */
export function textTable(rows) {
  const w = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  const line = (r) => r.map((c, j) => (j === 0 ? String(c).padEnd(w[j]) : String(c).padStart(w[j]))).join('  ');
  return [line(rows[0]), w.map((x) => '─'.repeat(x)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(rows) {
  const line = (r) => `| ${r.join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map((_, j) => (j === 0 ? '---' : '---:'))), ...rows.slice(1).map(line)].join('\n');
}

export const KMEANS_HEADER = [
  'case / contender',
  'ms/iter',
  '±MAD',
  'samples',
  'ours faster by',
  'GFLOP/s',
  '% peak',
  'GOP/s (D<8)',
  '% peak (ops)',
];

/** Rows for one kmeans case result (one run or aggregated medians). */
export function kmeansRows(r) {
  return r.rows.map((x) => [
    `${r.name} · ${x.contender}`,
    fmt(x.ms, 2),
    x.madMs === undefined ? '' : fmt(x.madMs, 2),
    x.quoted ? 'quoted' : String(x.samples ?? ''),
    x.breakdown ? `(${pct(x.oursSpeedup)} of ours)` : x.contender.startsWith('ours') ? '1×' : `${fmt(x.oursSpeedup, 1)}×`,
    fmt(x.gflops, 2),
    pct(x.peakShare),
    x.gops && !x.quoted ? fmt(x.gops, 2) : '—',
    x.gops && !x.quoted ? pct(x.opsPeakShare) : '—',
  ]);
}
