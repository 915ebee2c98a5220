// Plot pieces for 2-D energy landscapes: a filled-contour panel with data and prototypes,
// axes with "nice" ticks, and a discrete colour bar. Everything returns SVG strings.
import { isolines, regionRings } from './contours.mjs';
import { el, escapeXml, num, pathData, text } from './svg.mjs';

/** About `count` round tick values (1, 2 or 5 × 10^k apart) inside [min, max]. */
export function niceTicks(min, max, count = 5) {
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return ticks.map((v) => ({ value: v, label: v.toFixed(decimals) }));
}

/** A label for an energy level: up to six decimals, trailing zeros dropped (levels are chosen to be short). */
export function levelLabel(v) {
  return num(v, 6);
}

/**
 * One square panel: filled contours of `grid` (bands between `levels`, coloured by `colors`,
 * one more colour than levels), thin isolines, data points, prototypes, axes and a title.
 * Optional `negatives` (a Matrix) are drawn as small red dots (contrastive samples).
 */
export function energyPanel({ id, left, top, size, grid, bounds, levels, colors, points, prototypes, title, negatives }) {
  const { nx, ny, values } = grid;
  const { xMin, xMax, yMin, yMax } = bounds;
  const px = (x) => left + ((x - xMin) / (xMax - xMin)) * size;
  const py = (y) => top + size - ((y - yMin) / (yMax - yMin)) * size;
  const fromGrid = (lines) =>
    lines.map(({ points: pts, closed }) => ({
      closed,
      points: pts.map(([i, j]) => [left + (i / (nx - 1)) * size, top + size - (j / (ny - 1)) * size]),
    }));

  const out = [];
  const clip = `clip-${id}`;
  out.push(el('clipPath', { id: clip }, el('rect', { x: left, y: top, width: size, height: size })));
  const body = [];
  // paint the highest band everywhere, then each region {E < level} from the top level down
  body.push(el('rect', { x: left, y: top, width: size, height: size, fill: colors[levels.length] }));
  for (let L = levels.length - 1; L >= 0; L--) {
    const rings = regionRings(values, nx, ny, levels[L]).map((p) => ({ points: p, closed: true }));
    if (rings.length) body.push(el('path', { d: pathData(fromGrid(rings)), fill: colors[L], 'fill-rule': 'evenodd' }));
  }
  const iso = levels.flatMap((t) => isolines(values, nx, ny, t));
  body.push(el('path', { d: pathData(fromGrid(iso)), fill: 'none', stroke: '#ffffff', 'stroke-opacity': 0.35, 'stroke-width': 0.7 }));
  // data: zero-length subpaths with round caps draw as dots, far smaller than one <circle> each
  let dots = '';
  for (let r = 0; r < points.rows; r++) dots += `M${num(px(points.data[2 * r]))} ${num(py(points.data[2 * r + 1]))}h0`;
  body.push(el('path', { d: dots, stroke: '#ffffff', 'stroke-opacity': 0.6, 'stroke-width': 2.6, 'stroke-linecap': 'round' }));
  if (negatives && negatives.rows) {
    // contrastive samples: small red dots with a white rim, drawn over the data
    let neg = '';
    for (let r = 0; r < negatives.rows; r++) neg += `M${num(px(negatives.data[2 * r]))} ${num(py(negatives.data[2 * r + 1]))}h0`;
    body.push(el('path', { d: neg, stroke: '#ffffff', 'stroke-width': 4.2, 'stroke-linecap': 'round', 'stroke-opacity': 0.8 }));
    body.push(el('path', { d: neg, stroke: '#e8412c', 'stroke-width': 2.6, 'stroke-linecap': 'round' }));
  }
  if (prototypes && prototypes.rows) body.push(prototypeMarkers(prototypes, px, py));
  out.push(el('g', { 'clip-path': `url(#${clip})` }, body));

  out.push(axes({ left, top, size, bounds, px, py }));
  out.push(text(left, top - 10, title, { 'font-size': 15, 'font-weight': 'bold' }));
  return out.join('\n');
}

/** Prototypes as red diamonds with a white rim (visible on every band of viridis). */
export function prototypeMarkers(prototypes, px, py, r = 6) {
  let d = '';
  for (let z = 0; z < prototypes.rows; z++) {
    const x = px(prototypes.data[2 * z]);
    const y = py(prototypes.data[2 * z + 1]);
    d += `M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z`;
  }
  return el('path', { d, fill: '#e8412c', stroke: '#ffffff', 'stroke-width': 1.3 });
}

function axes({ left, top, size, bounds, px, py }) {
  const out = [el('rect', { x: left, y: top, width: size, height: size, fill: 'none', stroke: '#333333', 'stroke-width': 1 })];
  for (const t of niceTicks(bounds.xMin, bounds.xMax)) {
    const x = px(t.value);
    out.push(el('line', { x1: x, y1: top + size, x2: x, y2: top + size + 5, stroke: '#333333' }));
    out.push(text(x, top + size + 19, escapeXml(t.label), { 'text-anchor': 'middle', fill: '#333333' }));
  }
  for (const t of niceTicks(bounds.yMin, bounds.yMax)) {
    const y = py(t.value);
    out.push(el('line', { x1: left - 5, y1: y, x2: left, y2: y, stroke: '#333333' }));
    out.push(text(left - 8, y + 4, escapeXml(t.label), { 'text-anchor': 'end', fill: '#333333' }));
  }
  out.push(text(left + size / 2, top + size + 38, 'y₁', { 'text-anchor': 'middle', 'font-style': 'italic' }));
  out.push(text(left - 44, top + size / 2 + 4, 'y₂', { 'text-anchor': 'middle', 'font-style': 'italic' }));
  return out.join('\n');
}

/** A vertical bar of equal-height bands, labelled at the level boundaries (low energy at the bottom). */
export function colorBar({ left, top, width, height, levels, colors, title }) {
  const out = [];
  const bands = colors.length;
  const h = height / bands;
  for (let b = 0; b < bands; b++) {
    out.push(el('rect', { x: left, y: top + height - (b + 1) * h, width, height: h, fill: colors[b] }));
  }
  out.push(el('rect', { x: left, y: top, width, height, fill: 'none', stroke: '#333333' }));
  levels.forEach((v, L) => {
    const y = top + height - (L + 1) * h;
    out.push(el('line', { x1: left + width, y1: y, x2: left + width + 4, y2: y, stroke: '#333333' }));
    out.push(text(left + width + 7, y + 4, escapeXml(levelLabel(v)), { 'font-size': 12, fill: '#333333' }));
  });
  out.push(text(left + width / 2, top - 10, title, { 'text-anchor': 'middle', 'font-size': 13 }));
  return out.join('\n');
}
