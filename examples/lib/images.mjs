// Small greyscale images (8×8 digits, dictionary atoms, RBM filters) as SVG: one <rect> per
// pixel, so the files need no raster encoder and stay byte-identical between runs.
import { el, text } from './svg.mjs';

/** Hex grey for t in [0, 1] (0 white, 1 black: ink on paper, as the digits are printed). */
export function grey(t) {
  const v = Math.round(255 * (1 - Math.min(1, Math.max(0, t))));
  const h = v.toString(16).padStart(2, '0');
  return `#${h}${h}${h}`;
}

/** Diverging colour for t in [−1, 1] (filters and atoms have signs): blue < 0 < red. */
export function diverging(t) {
  const a = Math.min(1, Math.abs(t));
  const mix = (c) => Math.round(255 + (c - 255) * a).toString(16).padStart(2, '0');
  return t < 0 ? `#${mix(33)}${mix(102)}${mix(172)}` : `#${mix(178)}${mix(24)}${mix(43)}`;
}

/**
 * One side×side image at (x, y), `cell` pixels per value; `color(v)` maps a value to a colour.
 * `mask` (optional, per pixel) draws a hatch over the pixels marked true (the hidden ones).
 */
export function image(x, y, values, { side = 8, cell = 6, color = grey, label, mask } = {}) {
  const out = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      out.push(el('rect', { x: x + c * cell, y: y + r * cell, width: cell, height: cell, fill: color(values[r * side + c]) }));
    }
  }
  if (mask) {
    for (let r = 0; r < side; r++)
      for (let c = 0; c < side; c++)
        if (mask[r * side + c]) out.push(el('rect', { x: x + c * cell, y: y + r * cell, width: cell, height: cell, fill: '#e8412c', 'fill-opacity': 0.25 }));
  }
  out.push(el('rect', { x, y, width: side * cell, height: side * cell, fill: 'none', stroke: '#999999', 'stroke-width': 0.6 }));
  if (label) out.push(text(x + (side * cell) / 2, y + side * cell + 13, label, { 'text-anchor': 'middle', 'font-size': 11, fill: '#333333' }));
  return out.join('\n');
}

/** Row r of a Matrix as a Float32Array view. */
export function row(M, r) {
  return M.data.subarray(r * M.cols, (r + 1) * M.cols);
}

/** Values scaled by the largest |v| of the row, for the diverging map. */
export function symmetric(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return Array.from(values, (v) => (m > 0 ? v / m : 0));
}

/** Mean squared difference of two equal-length arrays over the indices where `where(i)` holds. */
export function meanSquared(a, b, where = () => true) {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i++) if (where(i)) { s += (a[i] - b[i]) ** 2; n++; }
  return s / Math.max(1, n);
}
