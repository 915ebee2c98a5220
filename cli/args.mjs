// Option values checked where they are read, so a usage error names the option,
// what was expected and what came (`--k 'x': expected an integer ≥ 1`).
import { usageError } from './data.mjs';

export function int(values, name, { min = -Infinity, max = Infinity, def } = {}) {
  const s = values[name];
  if (s === undefined) return def;
  const v = Number(s);
  if (!/^[+-]?\d+$/.test(String(s).trim()) || v < min || v > max) {
    const range = max < Infinity ? `between ${min} and ${max}` : `≥ ${min}`;
    throw usageError(`--${name} '${s}': expected an integer ${range}`);
  }
  return v;
}

export function float(values, name, { min, positive = false, def } = {}) {
  const s = values[name];
  if (s === undefined) return def;
  const v = Number(s);
  if (String(s).trim() === '' || !Number.isFinite(v) || (positive && !(v > 0)) || (min !== undefined && v < min)) {
    throw usageError(`--${name} '${s}': expected a finite number${positive ? ' > 0' : min !== undefined ? ` ≥ ${min}` : ''}`);
  }
  return v;
}

/** `--workers n` (1–64) or `--workers auto`: the library's `{ workers }` option; undefined when not given. */
export function workers(values) {
  const s = values.workers;
  if (s === undefined) return undefined;
  if (s === 'auto') return 'auto';
  return int(values, 'workers', { min: 1, max: 64 });
}

export function choice(values, name, options, def) {
  const s = values[name];
  if (s === undefined) return def;
  if (!options.includes(s)) throw usageError(`--${name} '${s}': expected one of ${options.join(', ')}`);
  return s;
}

/** A comma-separated list of numbers (`--hidden 64,64`, `--bounds -3,3,-3,3`). */
export function list(values, name, { length, integer = false, def } = {}) {
  const s = values[name];
  if (s === undefined) return def;
  const parts = String(s).split(',').map((p) => p.trim());
  const nums = parts.map(Number);
  const bad = parts.some((p, i) => p === '' || !Number.isFinite(nums[i]) || (integer && !(Number.isInteger(nums[i]) && nums[i] >= 1)));
  if (bad || (length !== undefined && nums.length !== length)) {
    const what = integer ? 'positive integers' : 'numbers';
    throw usageError(`--${name} '${s}': expected ${length ?? 'a list of'} comma-separated ${what}`);
  }
  return nums;
}

/** --bounds xMin,xMax,yMin,yMax, or the data's bounding box grown by `margin` on each side. */
export function bounds(values, data, margin = 0.1) {
  const b = list(values, 'bounds', { length: 4 });
  if (b) {
    if (!(b[1] > b[0] && b[3] > b[2])) throw usageError(`--bounds '${values.bounds}': expected xMin,xMax,yMin,yMax with xMax > xMin and yMax > yMin`);
    return { xMin: b[0], xMax: b[1], yMin: b[2], yMax: b[3] };
  }
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < data.rows; r++) {
    const x = data.data[2 * r], y = data.data[2 * r + 1];
    x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
  }
  const gx = Math.max(x1 - x0, 1e-3) * margin, gy = Math.max(y1 - y0, 1e-3) * margin;
  return { xMin: x0 - gx, xMax: x1 + gx, yMin: y0 - gy, yMax: y1 + gy };
}

/** The object without its undefined entries: the library's defaults apply to options not given. */
export const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
