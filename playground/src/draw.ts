// Drawing on the page's canvases: placing the worker's picture of the energy,
// points, chains, the probe's path, and the loss and held-out curves. This
// runs on the main thread, so it only draws what the worker computed.
import type { Bounds } from './data.js';

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

/** The worker's picture of the energy and the bounds it covers. */
export interface FieldImage {
  image: ImageBitmap;
  bounds: Bounds;
}

export function drawField(ctx: CanvasRenderingContext2D, field: FieldImage | null, view: View) {
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

export function drawProbe(ctx: CanvasRenderingContext2D, path: Float32Array | null, minimum: number[] | null, decoded: number[] | null, view: View) {
  if (!path || path.length < 2) return;
  if (decoded) {
    // the latent z the click infers, shown where it decodes to (dashed, from the clicked point)
    const x = view.px(decoded[0]!), y = view.py(decoded[1]!);
    ctx.strokeStyle = '#7fffd4';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(view.px(path[0]!), view.py(path[1]!));
    ctx.lineTo(x, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, y - 7);
    ctx.lineTo(x + 7, y);
    ctx.lineTo(x, y + 7);
    ctx.lineTo(x - 7, y);
    ctx.closePath();
    ctx.stroke();
  }
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
    // a range below 0.1 % of the values is drawn flat rather than magnified into a wiggle
    const span = Math.max(hi - lo, 1e-3 * Math.max(Math.abs(hi), Math.abs(lo)), 1e-12);
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
