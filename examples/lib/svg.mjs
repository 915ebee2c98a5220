// Tiny SVG writing helpers: elements as strings, fixed number formatting (so files are
// byte-identical between runs), escaping and path data.

/** Formats a number with at most `digits` decimals, without "-0" or trailing zeros. */
export function num(x, digits = 1) {
  let s = x.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** <name attrs…>children</name>; children may be a string or an array of strings; attrs with undefined values are dropped. */
export function el(name, attrs = {}, children) {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? num(v, 2) : v)}"`)
    .join('');
  if (children === undefined) return `<${name}${a}/>`;
  const body = Array.isArray(children) ? children.join('\n') : children;
  return `<${name}${a}>${body}</${name}>`;
}

/** Text with already-escaped inner markup (tspans allowed). */
export function text(x, y, inner, attrs = {}) {
  return el('text', { x, y, ...attrs }, inner);
}

/** Path data for polylines [[x, y], …] in pixels; closed ones end with Z. */
export function pathData(lines) {
  let d = '';
  for (const { points, closed } of lines) {
    points.forEach(([x, y], n) => {
      d += `${n === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`;
    });
    if (closed) d += 'Z';
  }
  return d;
}

export function svgDocument(width, height, body, title) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Verdana, Helvetica, Arial, sans-serif" font-size="13">`,
    title ? el('title', {}, escapeXml(title)) : '',
    el('rect', { width, height, fill: '#ffffff' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
