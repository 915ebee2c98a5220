// Exact maximum likelihood for 2-D energies, the lecture's Gibbs formula with
// the integral done by quadrature: p(y) = exp(−βF(y)) / Z, Z ≈ Σ_g exp(−βF(g))·ΔA
// over the cell centres g of a regular grid on [xMin, xMax] × [yMin, yMax]
// (midpoint rule). The NLL gradient is β·(mean ∂F/∂θ(data) − Σ_g P(g)·∂F/∂θ(g)),
// summed in blocks of GRID_BLOCK points folded in a fixed order, so that workers
// can take the blocks (sdk/train/gridml.ts) and give the calling thread's bytes.
import { learnableEnergy, learnableNumParams, learnableParamGrad } from "../energies/learnable";
import { energyEval } from "../energies/dispatch";

/** Cell centres of an R×R grid, row-major with y outer: out f32[R·R·2]. */
export function gridCentres(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32): void {
  const dx = (xMax - xMin) / <f64>R;
  const dy = (yMax - yMin) / <f64>R;
  let p = out;
  for (let j = 0; j < R; j++) {
    const y = <f32>(yMin + (<f64>j + 0.5) * dy);
    for (let i = 0; i < R; i++) {
      store<f32>(p, <f32>(xMin + (<f64>i + 0.5) * dx), 0);
      store<f32>(p, y, 4);
      p += 8;
    }
  }
}

/**
 * log Z = log Σ_g exp(−β·E_g) + log ΔA from the grid energies E f32[m], in f64
 * around the minimum. With P ≠ 0 also writes P(g) = exp(−βE_g)/Σ (f32[m]).
 */
export function gridLogPartition(E: usize, m: i32, beta: f64, cellArea: f64, P: usize): f64 {
  let emin: f64 = Infinity;
  for (let g = 0; g < m; g++) emin = min(emin, <f64>load<f32>(E + (<usize>g << 2)));
  let s: f64 = 0;
  for (let g = 0; g < m; g++) s += Math.exp(-beta * (<f64>load<f32>(E + (<usize>g << 2)) - emin));
  if (P != 0) {
    const inv = 1.0 / s;
    for (let g = 0; g < m; g++) store<f32>(P + (<usize>g << 2), <f32>(Math.exp(-beta * (<f64>load<f32>(E + (<usize>g << 2)) - emin)) * inv));
  }
  return -beta * emin + Math.log(s) + Math.log(cellArea);
}

/**
 * Mean log-likelihood of the n rows of Y under p ∝ exp(−βF) normalized on the
 * grid (energy descriptor `desc`, any kind, dim 2). scratch f32[R·R·3 + n].
 */
export function gridLogLikelihood(desc: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64 {
  const m = R * R;
  const pts = scratch;
  const E = scratch + (<usize>m << 3);
  const Ey = E + (<usize>m << 2);
  gridCentres(pts, xMin, xMax, yMin, yMax, R);
  energyEval(desc, pts, m, E, 0);
  const logZ = gridLogPartition(E, m, beta, (xMax - xMin) * (yMax - yMin) / <f64>m, 0);
  energyEval(desc, Y, n, Ey, 0);
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<f32>(Ey + (<usize>i << 2));
  return -beta * s / <f64>n - logZ;
}

/**
 * Points per block of the grid, and rows per block of the data, in grid maximum likelihood: the
 * unit of parallel work. A block's partial sums (its gradient, its minimum energy and its
 * exp-sum) are folded in block order (gridFoldGrid, gridFoldData), so the calling thread and any
 * number of workers give the same bytes.
 */
export const GRID_BLOCK: i32 = 1024;

/** Cell centres of the points first … first + count − 1 of an R×R grid (row-major, y outer): out f32[count·2]. */
export function gridBlockCentres(out: usize, first: i32, count: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32): void {
  const dx = (xMax - xMin) / <f64>R;
  const dy = (yMax - yMin) / <f64>R;
  let p = out;
  for (let g = first; g < first + count; g++) {
    const i = g % R;
    const j = g / R;
    store<f32>(p, <f32>(xMin + (<f64>i + 0.5) * dx), 0);
    store<f32>(p, <f32>(yMin + (<f64>j + 0.5) * dy), 4);
    p += 8;
  }
}

/**
 * One block of the grid term for a learnable energy: the points first … first + count − 1
 * (count ≤ GRID_BLOCK) of the R×R grid. G f32[numParams] = Σ_g w_g·∂F(g)/∂θ with
 * w_g = exp(−β(E_g − m)) rounded to f32, m = min_g E_g; stats f64[2] = (m, Σ_g exp(−β(E_g − m)))
 * (the sum of the f64 weights). scratch f32[4·count].
 */
export function gridBlockGrad(model: usize, G: usize, stats: usize, first: i32, count: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): void {
  const pts = scratch;
  const E = pts + (<usize>count << 3);
  const w = E + (<usize>count << 2);
  gridBlockCentres(pts, first, count, xMin, xMax, yMin, yMax, R);
  learnableEnergy(model, E, pts, 0, count);
  let m: f64 = Infinity;
  for (let g = 0; g < count; g++) m = min(m, <f64>load<f32>(E + (<usize>g << 2)));
  let s: f64 = 0;
  for (let g = 0; g < count; g++) {
    const e = Math.exp(-beta * (<f64>load<f32>(E + (<usize>g << 2)) - m));
    s += e;
    store<f32>(w + (<usize>g << 2), <f32>e);
  }
  learnableParamGrad(model, G, w, pts, 0, count, 0, 0);
  store<f64>(stats, m);
  store<f64>(stats, s, 8);
}

/**
 * One block of the data term: G f32[numParams] = Σ_i ∂F(y_i)/∂θ over the count rows of Y
 * (count×2, count ≤ GRID_BLOCK). Returns Σ_i F(y_i) in f64. scratch f32[2·count].
 */
export function gridDataGrad(model: usize, G: usize, Y: usize, count: i32, scratch: usize): f64 {
  const w = scratch;
  const E = w + (<usize>count << 2);
  for (let i = 0; i < count; i++) store<f32>(w + (<usize>i << 2), 1);
  learnableParamGrad(model, G, w, Y, 0, count, 0, E);
  let s: f64 = 0;
  for (let i = 0; i < count; i++) s += <f64>load<f32>(E + (<usize>i << 2));
  return s;
}

/**
 * Folds the next grid block (in block order) into the running sums: acc f64[P] = Σ_g exp(−β(E_g − M))·∂F(g)/∂θ
 * and st f64[3] = (M, S = Σ_g exp(−β(E_g − M)), ·) over the blocks so far, M their least energy; the
 * block's G f32[P], m and s come from gridBlockGrad. Start from acc = 0, st = (+∞, 0, 0).
 * Both sides are rescaled to the new minimum: exact algebra, and the same bytes for one fixed order.
 */
export function gridFoldGrid(acc: usize, st: usize, G: usize, m: f64, s: f64, P: i32, beta: f64): void {
  const M = load<f64>(st);
  const M2 = min(M, m);
  const a = Math.exp(-beta * (M - M2));
  const b = Math.exp(-beta * (m - M2));
  for (let k = 0; k < P; k++) {
    const o = <usize>k << 3;
    store<f64>(acc + o, load<f64>(acc + o) * a + <f64>load<f32>(G + (<usize>k << 2)) * b);
  }
  store<f64>(st, M2);
  store<f64>(st, load<f64>(st, 8) * a + s * b, 8);
}

/** Folds the next data block (in block order): acc f64[P] += G f32[P], st[2] += the block's Σ F (gridDataGrad's result). */
export function gridFoldData(acc: usize, st: usize, G: usize, sumE: f64, P: i32): void {
  for (let k = 0; k < P; k++) {
    const o = <usize>k << 3;
    store<f64>(acc + o, load<f64>(acc + o) + <f64>load<f32>(G + (<usize>k << 2)));
  }
  store<f64>(st, load<f64>(st, 16) + sumE, 16);
}

/**
 * The step's NLL and gradient from the folded sums of the grid (accGrid, st) and of the n data rows
 * (accData, st[2]): out f32[P] = β·(accData/n − accGrid/S); returns β·ΣF/n + log Z with
 * log Z = −β·M + log S + log cellArea.
 */
export function gridNllFinish(out: usize, accGrid: usize, accData: usize, st: usize, n: i32, beta: f64, cellArea: f64, P: i32): f64 {
  const M = load<f64>(st);
  const S = load<f64>(st, 8);
  const bn = beta / <f64>n;
  const bs = beta / S;
  for (let k = 0; k < P; k++) {
    const o = <usize>k << 3;
    store<f32>(out + (<usize>k << 2), <f32>(bn * load<f64>(accData + o) - bs * load<f64>(accGrid + o)));
  }
  return bn * load<f64>(st, 16) + (-beta * M + Math.log(S) + Math.log(cellArea));
}

/** Bytes of gridNllGrad's scratch for a model of P parameters. */
export function gridNllScratchBytes(P: i32): f64 {
  return <f64>P * 20 + 32 + <f64>GRID_BLOCK * 16 + 64;
}

/**
 * Exact grid NLL of the n data rows Y for a learnable energy (energies/learnable.ts), and its parameter
 * gradient out f32[numParams] = β·((1/n)·Σ_i ∂F(y_i)/∂θ − Σ_g P(g)·∂F(g)/∂θ), block by block
 * (GRID_BLOCK points or rows) and folded in block order: what the workers' blocks give
 * (sdk/train/gridml.ts). scratch: gridNllScratchBytes(numParams) bytes. Returns the NLL (nats per point).
 */
export function gridNllGrad(model: usize, out: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64 {
  const P = learnableNumParams(model);
  const m = R * R;
  const accGrid = scratch;
  const accData = accGrid + (<usize>P << 3);
  const st = accData + (<usize>P << 3);
  const bst = st + 32;
  const G = bst + 16;
  const work = G + ((<usize>P << 2) + 15 & ~<usize>15);
  memory.fill(accGrid, 0, <usize>P << 4);
  store<f64>(st, Infinity);
  store<f64>(st, 0, 8);
  store<f64>(st, 0, 16);
  for (let first = 0; first < m; first += GRID_BLOCK) {
    gridBlockGrad(model, G, bst, first, min(GRID_BLOCK, m - first), xMin, xMax, yMin, yMax, R, beta, work);
    gridFoldGrid(accGrid, st, G, load<f64>(bst), load<f64>(bst, 8), P, beta);
  }
  for (let first = 0; first < n; first += GRID_BLOCK) {
    const count = min(GRID_BLOCK, n - first);
    gridFoldData(accData, st, G, gridDataGrad(model, G, Y + (<usize>first << 3), count, work), P);
  }
  return gridNllFinish(out, accGrid, accData, st, n, beta, (xMax - xMin) * (yMax - yMin) / <f64>m, P);
}
