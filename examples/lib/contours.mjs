// Marching squares on a regular grid: isolines, and filled regions {v < t} as closed rings.
// Every segment keeps the region below t on its left, so rings come out consistently
// oriented and holes nest correctly under SVG's even-odd fill rule.
//
// Grid convention: values is ny×nx row-major, node (i, j) at values[j*nx + i]; points are
// returned in grid-index coordinates [i, j] (fractional), so callers map them to data space.

/** Closed rings bounding {v < t}; the grid is treated as surrounded by +∞ so rings close along its frame. */
export function regionRings(values, nx, ny, t) {
  return chain(march(values, nx, ny, t, true)).map((line) => line.points);
}

/** Isolines v = t as polylines (open where they meet the frame, closed otherwise). */
export function isolines(values, nx, ny, t) {
  return chain(march(values, nx, ny, t, false));
}

// One pass over the cells. Crossings are identified by the grid edge they lie on, so the two
// cells sharing an edge produce the same key and segments join exactly, without float compares.
function march(values, nx, ny, t, pad) {
  const o = pad ? 1 : 0;
  const W = nx + 2 * o;
  const H = ny + 2 * o;
  const at = (i, j) => {
    const ii = i - o;
    const jj = j - o;
    return ii < 0 || jj < 0 || ii >= nx || jj >= ny ? Infinity : values[jj * nx + ii];
  };
  const points = new Map(); // edge key → [i, j] in original grid coordinates
  const segments = []; // [fromKey, toKey]

  // edge from node (i0, j0) to its right (dir 0) or upper (dir 1) neighbour
  const crossing = (i0, j0, dir) => {
    const key = 2 * (j0 * W + i0) + dir;
    if (!points.has(key)) {
      const i1 = i0 + (dir === 0 ? 1 : 0);
      const j1 = j0 + (dir === 1 ? 1 : 0);
      const v0 = at(i0, j0);
      const v1 = at(i1, j1);
      // a padded (+∞) node puts the crossing on the real node: rings hug the frame
      let f = !Number.isFinite(v0) ? 1 : !Number.isFinite(v1) ? 0 : (t - v0) / (v1 - v0);
      f = Math.min(1, Math.max(0, f));
      points.set(key, [i0 + f * (i1 - i0) - o, j0 + f * (j1 - j0) - o]);
    }
    return key;
  };

  const inside = [false, false, false, false];
  for (let j = 0; j < H - 1; j++) {
    for (let i = 0; i < W - 1; i++) {
      // corners counter-clockwise (y up): (i,j) (i+1,j) (i+1,j+1) (i,j+1)
      const v = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      let count = 0;
      for (let c = 0; c < 4; c++) {
        inside[c] = v[c] < t;
        count += inside[c] ? 1 : 0;
      }
      if (count === 0 || count === 4) continue;
      // crossings in counter-clockwise order; "exit" = leaving the region along the cell border
      const cross = [];
      if (inside[0] !== inside[1]) cross.push({ key: crossing(i, j, 0), exit: inside[0] });
      if (inside[1] !== inside[2]) cross.push({ key: crossing(i + 1, j, 1), exit: inside[1] });
      if (inside[2] !== inside[3]) cross.push({ key: crossing(i, j + 1, 0), exit: inside[2] });
      if (inside[3] !== inside[0]) cross.push({ key: crossing(i, j, 1), exit: inside[3] });
      // saddle (4 crossings): the cell centre decides whether the two inside corners connect
      const centreInside = cross.length === 4 && (v[0] + v[1] + v[2] + v[3]) / 4 < t;
      const n = cross.length;
      for (let p = 0; p < n; p++) {
        if (!cross[p].exit) continue;
        const q = centreInside ? (p + 1) % n : (p + n - 1) % n;
        segments.push([cross[p].key, cross[q].key]);
      }
    }
  }
  return { points, segments };
}

// Joins segments end to start into polylines: first the open ones (from a start that is no
// segment's end), then the cycles. Map insertion order keeps the result deterministic.
function chain({ points, segments }) {
  const next = new Map();
  const ends = new Set();
  for (const [a, b] of segments) {
    next.set(a, b);
    ends.add(b);
  }
  const used = new Set();
  const lines = [];
  const follow = (start) => {
    const keys = [start];
    let k = start;
    while (next.has(k) && !used.has(k)) {
      used.add(k);
      k = next.get(k);
      keys.push(k);
    }
    const closed = keys.length > 2 && keys[keys.length - 1] === start;
    if (closed) keys.pop();
    const pts = simplify(keys.map((key) => points.get(key)), closed);
    if (pts.length >= 2) lines.push({ points: pts, closed });
  };
  for (const k of next.keys()) if (!ends.has(k)) follow(k);
  for (const k of next.keys()) if (!used.has(k)) follow(k);
  return lines;
}

// Drops repeated points and the middle of collinear runs (long straight stretches along the frame).
function simplify(pts, closed) {
  const out = [];
  for (const p of pts) {
    const q = out[out.length - 1];
    if (!q || Math.abs(p[0] - q[0]) > 1e-9 || Math.abs(p[1] - q[1]) > 1e-9) out.push(p);
  }
  if (closed && out.length > 1) {
    const a = out[0];
    const b = out[out.length - 1];
    if (Math.abs(a[0] - b[0]) <= 1e-9 && Math.abs(a[1] - b[1]) <= 1e-9) out.pop();
  }
  const n = out.length;
  if (n < 3) return out;
  const keep = [];
  for (let m = 0; m < n; m++) {
    if (!closed && (m === 0 || m === n - 1)) {
      keep.push(out[m]);
      continue;
    }
    const a = out[(m + n - 1) % n];
    const b = out[m];
    const c = out[(m + 1) % n];
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) > 1e-9) keep.push(b);
  }
  return keep;
}
