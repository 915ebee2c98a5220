// Data for the playground: the library's seeded 2-D toys or painted points,
// the train / held-out split, the view bounds and the probe grid. No DOM:
// the worker and the Node test share it, so both see the same numbers.
import { datasets, type Matrix } from 'ebm-wasm';
import type { DatasetName } from './methods.js';

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** One generator per name of the table in methods.ts (the type checks that none is missing). */
export const DATASETS: Record<Exclude<DatasetName, 'painted'>, (n: number, seed: number) => Matrix> = {
  eightGaussians: (n: number, seed: number) => datasets.eightGaussians({ n, seed }).X,
  spiral: (n: number, seed: number) => datasets.spiral({ n, seed }).X,
  moons: (n: number, seed: number) => datasets.moons({ n, seed }).X,
  circles: (n: number, seed: number) => datasets.circles({ n, seed }).X,
  checkerboard: (n: number, seed: number) => datasets.checkerboard({ n, seed }).X,
  pinwheel: (n: number, seed: number) => datasets.pinwheel({ n, seed }).X,
  swissRoll: (n: number, seed: number) => datasets.swissRoll({ n, seed }).X,
};

/** The rows to train on and the held-out rows (every fifth row of the set). */
export function makeData(name: DatasetName, n: number, seed: number, painted: Float32Array): { train: Matrix; test: Matrix; all: Matrix } {
  const all: Matrix = name === 'painted'
    ? { rows: painted.length / 2, cols: 2, data: painted.slice() }
    : (DATASETS[name] ?? DATASETS.eightGaussians)(n, seed);
  const tr: number[] = [];
  const te: number[] = [];
  for (let i = 0; i < all.rows; i++) (i % 5 === 4 ? te : tr).push(all.data[2 * i]!, all.data[2 * i + 1]!);
  // a handful of painted points: hold nothing out rather than train on almost nothing
  if (all.rows < 10) return { train: all, test: all, all };
  return { train: { rows: tr.length / 2, cols: 2, data: Float32Array.from(tr) }, test: { rows: te.length / 2, cols: 2, data: Float32Array.from(te) }, all };
}

/** A square view around the data, grown by 15 % each side (at least [−1, 1]²). */
export function boundsOf(X: Matrix): Bounds {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    const x = X.data[2 * i]!, y = X.data[2 * i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!(x1 >= x0)) return { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const half = Math.max(1, 0.65 * Math.max(x1 - x0, y1 - y0));
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** Cell centres of an R × R grid over `b`, row by row from yMin (row-major, x fastest). */
export function gridPoints(b: Bounds, R: number): Matrix {
  const data = new Float32Array(2 * R * R);
  for (let j = 0; j < R; j++) {
    for (let i = 0; i < R; i++) {
      data[2 * (j * R + i)] = b.xMin + ((i + 0.5) * (b.xMax - b.xMin)) / R;
      data[2 * (j * R + i) + 1] = b.yMin + ((j + 0.5) * (b.yMax - b.yMin)) / R;
    }
  }
  return { rows: R * R, cols: 2, data };
}
