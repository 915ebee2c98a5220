// Score matching's own yardsticks on the eight Gaussians, shared by scripts/quality.mjs (the table and
// the "Score matching" section of docs/quality.md) and scripts/quality-sm.mjs (the focused runs):
// the relative Fisher divergence against the known score, and where the model puts its mass.
// Script-side f64; the models are read through their public calls only (dist/).

/** The eight Gaussians of docs/quality.md: equal weights, centres on a circle of this radius, isotropic std. */
export const EIGHT = { radius: 2, std: 0.15 };

const centres = (radius) => Array.from({ length: 8 }, (_, k) => [radius * Math.cos((k * Math.PI) / 4), radius * Math.sin((k * Math.PI) / 4)]);

/** ∇log p of the eight Gaussians at each row (rows × 2, f64). */
export function eightGaussiansScore(Y, { radius = EIGHT.radius, std = EIGHT.std } = {}) {
  const out = new Float64Array(Y.rows * 2);
  const c = centres(radius);
  for (let i = 0; i < Y.rows; i++) {
    const y0 = Y.data[2 * i], y1 = Y.data[2 * i + 1];
    const e = c.map(([a, b]) => -((y0 - a) ** 2 + (y1 - b) ** 2) / (2 * std * std));
    const m = Math.max(...e);
    const w = e.map((v) => Math.exp(v - m));
    const s = w.reduce((a, b) => a + b, 0);
    let g0 = 0, g1 = 0;
    for (let k = 0; k < 8; k++) {
      g0 += ((w[k] / s) * (c[k][0] - y0)) / (std * std);
      g1 += ((w[k] / s) * (c[k][1] - y1)) / (std * std);
    }
    out[2 * i] = g0;
    out[2 * i + 1] = g1;
  }
  return out;
}

/** Relative Fisher divergence E‖∇F + ∇log p‖² / E‖∇log p‖² on the rows of `test` (score = ∇log p there). */
export function relativeFisher(model, test, score) {
  const g = model.grad(test).data; // ∇F = −(model score)
  let num = 0, den = 0;
  for (let i = 0; i < g.length; i++) {
    num += (g[i] + score[i]) ** 2;
    den += score[i] ** 2;
  }
  return num / den;
}

/**
 * Where the model puts its mass on the eight Gaussians: p ∝ exp(−F) on the 256² cell centres of the
 * evaluation box, the share within 4 std of each mode (the truth: 1/8 each, all but e⁻⁸ of it) and
 * outside every mode's disk. Separates "wrong relative weights" from "mass away from the data".
 */
export function modeMasses(model, bounds, { radius = EIGHT.radius, std = EIGHT.std, resolution = 256 } = {}) {
  const N = resolution;
  const Y = { rows: N * N, cols: 2, data: new Float32Array(N * N * 2) };
  const dx = (bounds.xMax - bounds.xMin) / N, dy = (bounds.yMax - bounds.yMin) / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
    Y.data[2 * (i * N + j)] = bounds.xMin + (j + 0.5) * dx;
    Y.data[2 * (i * N + j) + 1] = bounds.yMin + (i + 0.5) * dy;
  }
  const F = model.energy(Y);
  let mn = Infinity;
  for (const f of F) mn = Math.min(mn, f);
  const c = centres(radius);
  const mass = new Float64Array(9);
  let total = 0;
  for (let r = 0; r < Y.rows; r++) {
    const p = Math.exp(mn - F[r]);
    total += p;
    let k = 8;
    for (let m = 0; m < 8; m++) {
      if ((Y.data[2 * r] - c[m][0]) ** 2 + (Y.data[2 * r + 1] - c[m][1]) ** 2 < (4 * std) ** 2) k = m;
    }
    mass[k] += p;
  }
  const modes = Array.from(mass.subarray(0, 8), (m) => m / total);
  return { modes, min: Math.min(...modes), max: Math.max(...modes), outside: mass[8] / total };
}
