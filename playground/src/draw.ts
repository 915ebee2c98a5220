// Drawing on canvases: the energy as a heat map with contour lines (built once
// per snapshot), points, chains, the probe's path, and the loss and held-out
// curves. Everything here runs on the main thread once per frame, so it only
// draws what the worker computed.
import type { Bounds } from './data.js';

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

export class View {
  constructor(public bounds: Bounds, public size: number) {}
  px(x: number): number {
    return ((x - this.bounds.xMin) / (this.bounds.xMax - this.bounds.xMin)) * this.size;
  }
  py(y: number): number {
    return this.size - ((y - this.bounds.yMin) / (this.bounds.yMax - this.bounds.yMin)) * this.size;
  }
  /** Data coordinates of a pixel. */
  at(px: number, py: number): [number, number] {
    const b = this.bounds;
    return [b.xMin + (px / this.size) * (b.xMax - b.xMin), b.yMin + ((this.size - py) / this.size) * (b.yMax - b.yMin)];
  }
}

/** A heat map and its contour lines, made from one grid of energies. */
export class Field {
  readonly image: HTMLCanvasElement;
  readonly contours: Path2D;
  readonly lo: number;
  readonly hi: number;

  constructor(energies: Float32Array, readonly res: number, readonly bounds: Bounds, size: number) {
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
    this.lo = q(0);
    this.hi = q(1);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = res;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(res, res);
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
    ctx.putImageData(img, 0, 0);
    this.image = canvas;
    // contour levels at quantiles, denser in the low valleys
    const levels = [0.03, 0.07, 0.12, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9].map(q).filter((v, i, a) => i === 0 || v > a[i - 1]!);
    this.contours = contourPath(energies, res, levels, size);
  }
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

export function drawField(ctx: CanvasRenderingContext2D, field: Field | null, view: View) {
  const s = view.size;
  if (!field) {
    ctx.fillStyle = '#1b1530';
    ctx.fillRect(0, 0, s, s);
    return;
  }
  // the field was computed over its own bounds; place it in the current view
  const x0 = view.px(field.bounds.xMin), x1 = view.px(field.bounds.xMax);
  const y0 = view.py(field.bounds.yMax), y1 = view.py(field.bounds.yMin);
  ctx.fillStyle = '#1b1530';
  ctx.fillRect(0, 0, s, s);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(field.image, x0, y0, x1 - x0, y1 - y0);
  ctx.save();
  ctx.translate(x0, y0);
  ctx.scale((x1 - x0) / s, (y1 - y0) / s);
  ctx.strokeStyle = 'rgba(255,255,255,0.35)';
  ctx.lineWidth = 1;
  ctx.stroke(field.contours);
  ctx.restore();
}

export function drawPoints(ctx: CanvasRenderingContext2D, pts: Float32Array | null, view: View, style: string, r: number) {
  if (!pts) return;
  ctx.fillStyle = style;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    ctx.fillRect(view.px(pts[i]!) - r, view.py(pts[i + 1]!) - r, 2 * r, 2 * r);
  }
}

export function drawMarkers(ctx: CanvasRenderingContext2D, pts: Float32Array | null, view: View) {
  if (!pts) return;
  ctx.lineWidth = 2;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = view.px(pts[i]!), y = view.py(pts[i + 1]!);
    ctx.strokeStyle = '#000';
    ctx.strokeRect(x - 5, y - 5, 10, 10);
    ctx.strokeStyle = '#fff';
    ctx.strokeRect(x - 4, y - 4, 8, 8);
  }
}

/** Chains: their current positions, each with a fading trail of its last positions. */
export function drawChains(ctx: CanvasRenderingContext2D, trail: Float32Array[], view: View) {
  const last = trail[trail.length - 1];
  if (!last) return;
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(80,230,255,0.45)';
  ctx.beginPath();
  for (let c = 0; 2 * c < last.length; c++) {
    trail.forEach((p, k) => (k ? ctx.lineTo : ctx.moveTo).call(ctx, view.px(p[2 * c]!), view.py(p[2 * c + 1]!)));
  }
  ctx.stroke();
  drawPoints(ctx, last, view, '#50e6ff', 2.5);
}

export function drawProbe(ctx: CanvasRenderingContext2D, path: Float32Array | null, minimum: number[] | null, view: View) {
  if (!path || path.length < 2) return;
  ctx.strokeStyle = '#ff9d2e';
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i + 1 < path.length; i += 2) (i ? ctx.lineTo : ctx.moveTo).call(ctx, view.px(path[i]!), view.py(path[i + 1]!));
  ctx.stroke();
  ctx.fillStyle = '#ff9d2e';
  ctx.beginPath();
  ctx.arc(view.px(path[0]!), view.py(path[1]!), 4, 0, 2 * Math.PI);
  ctx.fill();
  const n = path.length;
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  ctx.arc(view.px(path[n - 2]!), view.py(path[n - 1]!), 5, 0, 2 * Math.PI);
  ctx.fill();
  if (minimum) {
    ctx.strokeStyle = '#6f6';
    ctx.beginPath();
    ctx.arc(view.px(minimum[0]!), view.py(minimum[1]!), 8, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

export interface Curve {
  label: string;
  color: string;
  xs: number[];
  ys: number[];
}

/** Curves against steps, each scaled to its own range (the labels give the ranges). */
export function drawCurves(ctx: CanvasRenderingContext2D, curves: Curve[], w: number, h: number, unit: string) {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  const pad = { l: 8, r: 8, t: 22, b: 18 };
  const xMax = Math.max(1, ...curves.flatMap((c) => c.xs));
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#555';
  ctx.fillText(`${unit} → ${xMax}`, w - pad.r - 90, h - 4);
  let legend = pad.l;
  for (const c of curves) {
    const ys = c.ys.filter(Number.isFinite);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    const last = ys[ys.length - 1];
    const text = `${c.label}${last === undefined ? '' : ` ${last.toFixed(3)} (${lo.toFixed(2)} … ${hi.toFixed(2)})`}`;
    ctx.fillStyle = c.color;
    ctx.fillText(text, legend, 14);
    legend += ctx.measureText(text).width + 16;
    if (ys.length < 1) continue;
    const span = hi > lo ? hi - lo : 1;
    ctx.strokeStyle = c.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < c.xs.length; i++) {
      const y = c.ys[i]!;
      if (!Number.isFinite(y)) continue;
      const px = pad.l + (c.xs[i]! / xMax) * (w - pad.l - pad.r);
      const py = pad.t + (1 - (y - lo) / span) * (h - pad.t - pad.b);
      (started ? ctx.lineTo : ctx.moveTo).call(ctx, px, py);
      started = true;
    }
    ctx.stroke();
  }
}
