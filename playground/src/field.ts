// The energy as a picture: a heat map coloured by rank and contour lines,
// rendered in the worker on an OffscreenCanvas and sent to the page as an
// ImageBitmap, so the page's main thread only places it (one drawImage).

/** Dark (low energy) to bright (high): a few stops of a viridis-like ramp. */
const RAMP = [
  [13, 8, 50], [60, 15, 110], [110, 35, 120], [170, 60, 100], [220, 100, 70], [245, 160, 60], [250, 230, 140],
] as const;

function color(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!, b = RAMP[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

/** A size × size picture of the energies of a res × res grid (row-major from the bottom row, x fastest). */
export function renderField(energies: Float32Array, res: number, size: number): ImageBitmap {
  // colour by rank (the share of the plot below each energy): the low valleys, where the
  // data is, get most of the colours, whatever the energy's scale; the few very high cells
  // of a quadratic energy would otherwise leave the rest of the plot one colour
  const sorted = Float32Array.from(energies.filter(Number.isFinite)).sort();
  const rank = (e: number) => {
    let a = 0, b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m]! < e) a = m + 1;
      else b = m;
    }
    return a / Math.max(1, sorted.length - 1);
  };
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? 0;
  const small = new OffscreenCanvas(res, res);
  const sctx = small.getContext('2d')!;
  const img = sctx.createImageData(res, res);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      const e = energies[j * res + i]!;
      const [r, g, b] = Number.isFinite(e) ? color(rank(e)) : [255, 255, 255];
      const k = 4 * ((res - 1 - j) * res + i); // image rows go down, grid rows go up
      img.data[k] = r;
      img.data[k + 1] = g;
      img.data[k + 2] = b;
      img.data[k + 3] = 255;
    }
  }
  sctx.putImageData(img, 0, 0);
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, size, size);
  // contour levels at quantiles, denser in the low valleys
  const levels = [0.03, 0.07, 0.12, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9].map(q).filter((v, i, a) => i === 0 || v > a[i - 1]!);
  ctx.strokeStyle = 'rgba(255,255,255,0.35)';
  ctx.lineWidth = 1;
  ctx.stroke(contourPath(energies, res, levels, size));
  return canvas.transferToImageBitmap();
}

/** Marching squares over the cell centres: an iso-line per level, in pixels of a size × size plot. */
function contourPath(E: Float32Array, R: number, levels: number[], size: number): Path2D {
  const path = new Path2D();
  const cell = size / R;
  const X = (i: number) => (i + 0.5) * cell;
  const Y = (j: number) => size - (j + 0.5) * cell;
  for (const v of levels) {
    for (let j = 0; j < R - 1; j++) {
      for (let i = 0; i < R - 1; i++) {
        const a = E[j * R + i]!, b = E[j * R + i + 1]!, c = E[(j + 1) * R + i + 1]!, d = E[(j + 1) * R + i]!;
        if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
        // the crossing points on the four edges a-b (bottom), b-c (right), c-d (top), d-a (left)
        const pts: [number, number][] = [];
        const edge = (e0: number, e1: number, x0: number, y0: number, x1: number, y1: number) => {
          if ((e0 < v) !== (e1 < v)) {
            const t = (v - e0) / (e1 - e0);
            pts.push([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]);
          }
        };
        edge(a, b, X(i), Y(j), X(i + 1), Y(j));
        edge(b, c, X(i + 1), Y(j), X(i + 1), Y(j + 1));
        edge(c, d, X(i + 1), Y(j + 1), X(i), Y(j + 1));
        edge(d, a, X(i), Y(j + 1), X(i), Y(j));
        for (let k = 0; k + 1 < pts.length; k += 2) {
          path.moveTo(pts[k]![0], pts[k]![1]);
          path.lineTo(pts[k + 1]![0], pts[k + 1]![1]);
        }
      }
    }
  }
  return path;
}

