// `ebm-wasm plot`: an SVG of a 2-D model's energy on a grid (one cell per grid point,
// viridis, dark = low energy) with the data on top. Self-contained: the package ships
// no plotting library, and a heat map needs no contour tracing.
import { bounds, float, int } from './args.mjs';
import { CliError, readData, usageError, writeText } from './data.mjs';
import { readModel } from './model.mjs';

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'].map((h) => [1, 3, 5].map((o) => parseInt(h.slice(o, o + 2), 16)));

function viridis(u) {
  const x = Math.min(1, Math.max(0, u)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  return '#' + VIRIDIS[i].map((a, n) => Math.round(a + (x - i) * (VIRIDIS[i + 1][n] - a)).toString(16).padStart(2, '0')).join('');
}

const n3 = (v) => String(Math.round(v * 1000) / 1000);

export async function plot(pos, v) {
  if (pos[0] === undefined) throw usageError('plot: the model file is missing (see ebm-wasm plot --help)');
  const out = v.out;
  if (out === undefined) throw usageError('plot: --out is required (the SVG file to write)');
  const { model, kind } = readModel(pos[0], 'plot');
  if (model.dim !== 2 || (model.conditionDim ?? 0) > 0) {
    model.dispose();
    throw new CliError(`${pos[0]} holds a model of kind '${kind}' with ${model.dim}-D y${model.conditionDim ? ' and a condition x' : ''}; plot needs an unconditional 2-D model`);
  }
  const data = pos[1] === undefined ? null : readData(pos[1], { columns: v.columns }).Y;
  if (data && data.cols !== 2) throw new CliError(`${pos[1]}: ${data.cols} columns chosen, plot needs 2 (choose them with --columns)`);
  if (!data && v.bounds === undefined) throw usageError('plot: give a data file or --bounds xMin,xMax,yMin,yMax');
  const b = bounds(v, data);
  const res = int(v, 'resolution', { min: 2, max: 400, def: 80 });
  const grid = new Float32Array(res * res * 2);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      grid[2 * (j * res + i)] = b.xMin + ((i + 0.5) / res) * (b.xMax - b.xMin);
      grid[2 * (j * res + i) + 1] = b.yMin + ((j + 0.5) / res) * (b.yMax - b.yMin);
    }
  }
  const E = model.energy({ rows: res * res, cols: 2, data: grid });
  model.dispose();
  // colours over [min, 95th percentile]: a few huge energies at the edges would flatten the rest
  const sorted = Float64Array.from(E.filter(Number.isFinite)).sort();
  const lo = sorted[0] ?? 0;
  const hi = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 1;
  const size = int(v, 'size', { min: 100, max: 4000, def: 480 });
  const cell = size / res;
  const left = 50, top = 30;
  const px = (x) => left + ((x - b.xMin) / (b.xMax - b.xMin)) * size;
  const py = (y) => top + size - ((y - b.yMin) / (b.yMax - b.yMin)) * size;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${size + 70}" height="${size + 70}" font-family="sans-serif" font-size="12">`];
  parts.push(`<text x="${left}" y="${top - 10}" font-weight="bold">${kind}: energy (dark = low)</text>`);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      const e = E[j * res + i];
      const fill = Number.isFinite(e) ? viridis((e - lo) / (hi - lo || 1)) : '#fde725';
      parts.push(`<rect x="${n3(left + i * cell)}" y="${n3(top + size - (j + 1) * cell)}" width="${n3(cell + 0.3)}" height="${n3(cell + 0.3)}" fill="${fill}"/>`);
    }
  }
  if (data) {
    const r = float(v, 'point-size', { positive: true, def: 1.6 });
    let d = '';
    for (let k = 0; k < data.rows; k++) d += `M${n3(px(data.data[2 * k]))} ${n3(py(data.data[2 * k + 1]))}h0`;
    parts.push(`<path d="${d}" stroke="#ffffff" stroke-opacity="0.7" stroke-width="${2 * r}" stroke-linecap="round"/>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333"/>`);
  for (const [t, x] of [[b.xMin, left], [b.xMax, left + size]]) parts.push(`<text x="${x}" y="${top + size + 16}" text-anchor="middle">${n3(t)}</text>`);
  for (const [t, y] of [[b.yMin, top + size], [b.yMax, top]]) parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${n3(t)}</text>`);
  parts.push(`<text x="${left + size}" y="${top + size + 34}" text-anchor="end">energy ${n3(lo)} … ${n3(hi)} (95th percentile)</text>`);
  parts.push('</svg>\n');
  writeText(out, parts.join('\n'), 'plot');
  return `wrote ${out} (${res}×${res} grid${data ? `, ${data.rows} points` : ''})`;
}
