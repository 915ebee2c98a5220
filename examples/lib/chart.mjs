// A small line chart (SVG string): series of [x, y] points on linear axes, with dashed
// reference lines, a legend and values outside the y-range clipped to the frame.
import { niceTicks } from './plot.mjs';
import { el, escapeXml, num, text } from './svg.mjs';

/**
 * lineChart({ left, top, width, height, xRange: [a, b], yRange: [c, d], series: [{ points, color, label, dash }],
 *   hLines: [{ y, label, color }], vLines: [{ x, label, color }], title, xLabel, yLabel, legendAt: [fx, fy] })
 * legendAt places the legend at a fraction of the plot's width and height from its top left corner.
 */
export function lineChart({ id, left, top, width, height, xRange, yRange, series, hLines = [], vLines = [], title, xLabel, yLabel, legendAt }) {
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const px = (x) => left + ((x - x0) / (x1 - x0)) * width;
  const py = (y) => top + height - ((y - y0) / (y1 - y0)) * height;
  const out = [];
  const clip = `clip-${id}`;
  out.push(el('clipPath', { id: clip }, el('rect', { x: left, y: top, width, height })));
  out.push(el('rect', { x: left, y: top, width, height, fill: '#fbfbfb', stroke: 'none' }));
  for (const t of niceTicks(y0, y1, 6)) {
    out.push(el('line', { x1: left, y1: py(t.value), x2: left + width, y2: py(t.value), stroke: '#e6e6e6' }));
    out.push(text(left - 8, py(t.value) + 4, escapeXml(t.label), { 'text-anchor': 'end', fill: '#333333' }));
  }
  for (const t of niceTicks(x0, x1, 6)) {
    out.push(el('line', { x1: px(t.value), y1: top + height, x2: px(t.value), y2: top + height + 5, stroke: '#333333' }));
    out.push(text(px(t.value), top + height + 19, escapeXml(t.label), { 'text-anchor': 'middle', fill: '#333333' }));
  }
  const body = [];
  for (const h of hLines) {
    body.push(el('line', { x1: left, y1: py(h.y), x2: left + width, y2: py(h.y), stroke: h.color ?? '#888888', 'stroke-dasharray': '5 4' }));
    if (h.label) body.push(text(left + width - 4, py(h.y) - 4, escapeXml(h.label), { 'text-anchor': 'end', 'font-size': 11, fill: h.color ?? '#666666' }));
  }
  for (const v of vLines) {
    body.push(el('line', { x1: px(v.x), y1: top, x2: px(v.x), y2: top + height, stroke: v.color ?? '#888888', 'stroke-dasharray': '2 3' }));
    if (v.label) body.push(text(px(v.x) - 4, top + 14, escapeXml(v.label), { 'text-anchor': 'end', 'font-size': 11, fill: v.color ?? '#666666' }));
  }
  for (const s of series) {
    const clamp = (y) => Math.min(y1 + (y1 - y0) * 0.02, Math.max(y0 - (y1 - y0) * 0.02, y));
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${num(px(x))} ${num(py(clamp(y)))}`).join('');
    body.push(el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': s.width ?? 1.8, 'stroke-dasharray': s.dash, 'stroke-opacity': s.opacity ?? 1 }));
  }
  out.push(el('g', { 'clip-path': `url(#${clip})` }, body));
  out.push(el('rect', { x: left, y: top, width, height, fill: 'none', stroke: '#333333' }));
  if (title) out.push(text(left, top - 10, title, { 'font-size': 15, 'font-weight': 'bold' }));
  if (xLabel) out.push(text(left + width / 2, top + height + 38, xLabel, { 'text-anchor': 'middle' }));
  if (yLabel) out.push(text(left - 52, top + height / 2, yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(left - 52)} ${num(top + height / 2)})` }));
  // legend: one entry per labelled series
  const lx = left + (legendAt?.[0] ?? 0.03) * width;
  let ly = top + (legendAt?.[1] ?? 0.04) * height + 14;
  for (const s of series.filter((q) => q.label)) {
    out.push(el('line', { x1: lx, y1: ly - 4, x2: lx + 24, y2: ly - 4, stroke: s.color, 'stroke-width': 2.2, 'stroke-dasharray': s.dash }));
    out.push(text(lx + 30, ly, escapeXml(s.label), { 'font-size': 12 }));
    ly += 17;
  }
  return out.join('\n');
}
