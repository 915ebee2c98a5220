// Inference by energy minimization, shared by every model (the lecture's
// y* = argmin_y F(x, y)): gradient descent on y in WASM from several start
// points drawn in a box, then the distinct minima of each row sorted by
// energy. Several minima mean several plausible answers that least-squares
// regression would average into one blurry prediction.
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { RNG_STATE_BYTES } from '../runtime/abi.js';
import { kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOptions, seedWords } from '../util/validate.js';

export interface MinimaOptions {
  /** Start points per row, drawn uniformly in `bounds`. Default 16. */
  starts?: number;
  /** Descent steps y ← y − ε·∇_y F. Default 200. */
  steps?: number;
  /** ε. Default 0.02. */
  stepSize?: number;
  /** Box of the start points. Default [−3, 3] on every coordinate. */
  bounds?: { lo: number[]; hi: number[] };
  /** Seed of the start points. Default 0. */
  seed?: number;
  /** Minima closer than this (Euclidean) count as one. Default 0.05. */
  tol?: number;
}

export const MINIMA_KEYS = ['starts', 'steps', 'stepSize', 'bounds', 'seed', 'tol'] as const;

interface Settings {
  starts: number;
  steps: number;
  stepSize: number;
  lo: number[];
  hi: number[];
  seed: number;
  tol: number;
}

export function minimaSettings(options: MinimaOptions, D: number, where: string): Settings {
  checkOptions(options, `${where}(X, options)`, MINIMA_KEYS);
  const starts = checkInteger(options.starts ?? 16, `${where}: starts`, 1, 4096);
  const steps = checkInteger(options.steps ?? 200, `${where}: steps`, 0, 1_000_000);
  const stepSize = checkNumber(options.stepSize ?? 0.02, `${where}: stepSize`, { min: 0, exclusiveMin: true });
  const tol = checkNumber(options.tol ?? 0.05, `${where}: tol`, { min: 0 });
  const seed = checkInteger(options.seed ?? 0, `${where}: seed`, 0);
  const lo = options.bounds?.lo ?? new Array<number>(D).fill(-3);
  const hi = options.bounds?.hi ?? new Array<number>(D).fill(3);
  if (!Array.isArray(lo) || !Array.isArray(hi) || lo.length !== D || hi.length !== D) {
    throw new ArgumentError(`${where}: bounds must be { lo: number[${D}], hi: number[${D}] }`);
  }
  lo.forEach((v, j) => {
    checkNumber(v, `${where}: bounds.lo[${j}]`);
    checkNumber(hi[j], `${where}: bounds.hi[${j}]`);
    if (!(hi[j]! > v)) throw new ArgumentError(`${where}: bounds.hi[${j}] must exceed bounds.lo[${j}]`);
  });
  return { starts, steps, stepSize, lo, hi, seed, tol };
}

/**
 * For each of n rows, the distinct minima of an energy over y ∈ R^D.
 * `describe(m, take)` returns the energy descriptor for the m = n·starts start
 * points (row r's starts are rows r·starts … r·starts + starts − 1), setting
 * per-row conditions if the energy has any; `release()` undoes that.
 */
export function findMinima(
  n: number,
  D: number,
  s: Settings,
  where: string,
  describe: (m: number, take: <B extends WasmBlock>(b: B) => B) => number,
  release: () => void = () => {},
): Matrix[] {
  const S = s.starts;
  const m = n * S;
  const K = kernels(where);
  return withBlocks((take) => {
    // n·starts·D·4 in f64: checked before any count crosses the ABI as an i32
    const Y = take(new WasmBlock(m * D * 4, `${where}: ${n} rows × starts ${S} × dim ${D}`));
    const E = take(new WasmBlock(m * 4, where));
    const order = take(new WasmBlock(m * 4, where));
    const count = take(new WasmBlock(n * 4, where));
    const st = take(new WasmBlock(RNG_STATE_BYTES));
    const box = take(new WasmBlock(D * 16, where));
    box.f64(2 * D).set([...s.lo, ...s.hi]);
    const [a, b] = seedWords(s.seed);
    K.rngInit(st.ptr, a, b, 0x70726564); // 'pred'
    K.uniformInBox(Y.ptr, m, D, box.ptr, box.ptr + D * 8, st.ptr);
    const desc = describe(m, take);
    try {
      K.energyDescend(desc, Y.ptr, m, s.steps, s.stepSize, E.ptr);
    } finally {
      release();
    }
    K.distinctMinima(Y.ptr, E.ptr, n, S, D, s.tol, order.ptr, count.ptr);
    const ys = Y.f32(m * D).slice();
    const ord = order.i32(m).slice();
    const cnt = count.i32(n).slice();
    const out: Matrix[] = [];
    for (let r = 0; r < n; r++) {
      const k = cnt[r]!;
      const data = new Float32Array(k * D);
      for (let i = 0; i < k; i++) {
        const src = (r * S + ord[r * S + i]!) * D;
        data.set(ys.subarray(src, src + D), i * D);
      }
      out.push({ rows: k, cols: D, data });
    }
    return out;
  });
}
