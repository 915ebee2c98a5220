// Exact maximum likelihood for 2-D energies, the lecture's Gibbs formula with
// the integral done by quadrature: p(y) = exp(−βF(y)) / Z, Z ≈ Σ_g exp(−βF(g))·ΔA
// over the cell centres g of a regular grid on [xMin, xMax] × [yMin, yMax]
// (midpoint rule). The NLL gradient is β·(mean ∂F/∂θ(data) − Σ_g P(g)·∂F/∂θ(g)).
import { learnableEnergy, learnableParamGrad } from "../energies/learnable";
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
 * Exact grid NLL of the n data rows Y for a learnable energy (energies/learnable.ts), and its parameter
 * gradient out f32[numParams] = β·((1/n)·Σ_i ∂F(y_i)/∂θ − Σ_g P(g)·∂F(g)/∂θ).
 * scratch f32[R·R·4 + 2n]. Returns the NLL (nats per point).
 */
export function gridNllGrad(model: usize, out: usize, Y: usize, n: i32, xMin: f64, xMax: f64, yMin: f64, yMax: f64, R: i32, beta: f64, scratch: usize): f64 {
  const m = R * R;
  const pts = scratch;
  const E = pts + (<usize>m << 3);
  const P = E + (<usize>m << 2);
  const w = P + (<usize>m << 2);
  const Ey = w + (<usize>n << 2);
  gridCentres(pts, xMin, xMax, yMin, yMax, R);
  learnableEnergy(model, E, pts, 0, m);
  const logZ = gridLogPartition(E, m, beta, (xMax - xMin) * (yMax - yMin) / <f64>m, P);
  const bw = <f32>(beta / <f64>n);
  for (let i = 0; i < n; i++) store<f32>(w + (<usize>i << 2), bw);
  learnableParamGrad(model, out, w, Y, 0, n, 0, Ey);
  for (let g = 0; g < m; g++) store<f32>(P + (<usize>g << 2), <f32>(-beta) * load<f32>(P + (<usize>g << 2)));
  learnableParamGrad(model, out, P, pts, 0, m, 1, 0);
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<f32>(Ey + (<usize>i << 2));
  return beta * s / <f64>n + logZ;
}
