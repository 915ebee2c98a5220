// Baselines (plain JS, shared by test/mae.test.ts and scripts/mae-digits.mjs) for the masked autoencoder on the digits (pixel values 0–16 as 17
// tokens): the per-pixel marginal of the training rows and a least-squares
// regressor on the same one-hot visible inputs, both in f64 here in the test.

export const LEVELS = 17;
const W = LEVELS + 1; // one-hot width per position: 17 values and the mask token

/** A seeded generator for choosing which pixels to hide (test data only, not the library's numeric path). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows × L flags (1 = hidden), exactly `k` hidden positions per row. */
export function randomMask(rows, L, k, rand) {
  const M = new Uint8Array(rows * L);
  const idx = Array.from({ length: L }, (_, i) => i);
  for (let r = 0; r < rows; r++) {
    for (let i = L - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (let i = 0; i < k; i++) M[r * L + idx[i]] = 1;
  }
  return M;
}

/** Per-pixel marginal of the training rows with add-one smoothing (so no held-out value has probability 0). */
export function marginal(train) {
  const L = train.cols;
  const P = new Float64Array(L * LEVELS).fill(1);
  for (let r = 0; r < train.rows; r++) for (let j = 0; j < L; j++) P[j * LEVELS + train.data[r * L + j]] += 1;
  for (let j = 0; j < L; j++) for (let k = 0; k < LEVELS; k++) P[j * LEVELS + k] /= train.rows + LEVELS;
  return P;
}

/**
 * Ridge least squares on one-hot visible inputs: for pixel j the features are the
 * one-hots of the other 63 positions (mask token where hidden), fitted on the
 * training rows under `masks` random masks each. All 64 regressions come from one
 * inverse C = (XᵀX + λI)⁻¹: dropping block S = j's 18 columns, the inverse of the
 * remaining principal block is C_{−S,−S} − C_{−S,S}·C_SS⁻¹·C_{S,−S}.
 * Returns predict(row tokens with hidden positions as 17, j) → E[pixel j].
 */
export function leastSquares(train, masks, ridge) {
  const L = train.cols;
  // columns of (position, value) pairs that never occur in the training inputs have zero in XᵀX and Xᵀy: with the
  // ridge they decouple and their weights are exactly 0, so only the occurring ones enter the matrix
  const col = new Int32Array(L * W).fill(-1);
  let n = 0;
  const feature = (M, r, j) => j * W + (M[r * L + j] ? LEVELS : train.data[r * L + j]);
  for (const M of masks) for (let r = 0; r < train.rows; r++) for (let j = 0; j < L; j++) if (col[feature(M, r, j)] < 0) col[feature(M, r, j)] = n++;
  const A = new Float64Array(n * n);
  const B = new Float64Array(L * n); // B[j] = Σ_rows x·y_j
  const active = new Int32Array(L);
  for (const M of masks) {
    for (let r = 0; r < train.rows; r++) {
      for (let j = 0; j < L; j++) active[j] = col[feature(M, r, j)];
      for (const a of active) {
        const row = a * n;
        for (const b of active) A[row + b] += 1;
      }
      for (let j = 0; j < L; j++) {
        const y = train.data[r * L + j];
        for (const a of active) B[j * n + a] += y;
      }
    }
  }
  for (let a = 0; a < n; a++) A[a * n + a] += ridge;
  const C = invertSPD(A, n);
  const weights = [];
  for (let j = 0; j < L; j++) {
    const S = [];
    for (let v = 0; v < W; v++) if (col[j * W + v] >= 0) S.push(col[j * W + v]);
    const inS = new Uint8Array(n);
    for (const s of S) inS[s] = 1;
    const b = B.subarray(j * n, (j + 1) * n);
    const u = new Float64Array(n); // C_{:,−S}·b_{−S}
    for (let a = 0; a < n; a++) {
      let t = 0;
      const row = a * n;
      for (let c = 0; c < n; c++) if (!inS[c]) t += C[row + c] * b[c];
      u[a] = t;
    }
    const k = S.length;
    const Css = new Float64Array(k * k);
    for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) Css[p * k + q] = C[S[p] * n + S[q]];
    const v = solveSmall(Css, Float64Array.from(S, (s) => u[s]), k);
    const w = new Float64Array(L * W); // by (position, value); 0 for block j and for unseen pairs
    for (let f = 0; f < L * W; f++) {
      const a = col[f];
      if (a < 0 || inS[a]) continue;
      let t = u[a];
      for (let p = 0; p < k; p++) t -= C[a * n + S[p]] * v[p];
      w[f] = t;
    }
    weights.push(w);
  }
  return (x, j) => {
    const w = weights[j];
    let s = 0;
    for (let k = 0; k < L; k++) if (k !== j) s += w[k * W + x[k]];
    return s;
  };
}

/**
 * Inverse of a symmetric positive definite matrix: A = R·Rᵀ (Cholesky, R lower), Q = R⁻¹
 * kept transposed so every inner loop runs along rows, then A⁻¹ = Qᵀ·Q (about n³/2 in all).
 */
function invertSPD(A, n) {
  const R = Float64Array.from(A);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = R[rj + j];
    for (let k = 0; k < j; k++) d -= R[rj + k] * R[rj + k];
    d = Math.sqrt(d);
    R[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = R[ri + j];
      for (let k = 0; k < j; k++) t -= R[ri + k] * R[rj + k];
      R[ri + j] = t / d;
    }
  }
  // Qt[j][i] = (R⁻¹)[i][j] for i ≥ j, column j of R⁻¹ by forward substitution
  const Qt = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const qj = j * n;
    Qt[qj + j] = 1 / R[j * n + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = 0;
      for (let k = j; k < i; k++) t += R[ri + k] * Qt[qj + k];
      Qt[qj + i] = -t / R[ri + i];
    }
  }
  // C[a][b] = Σ_{k ≥ max(a, b)} Q[k][a]·Q[k][b]
  const C = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const qa = a * n;
    for (let b = 0; b <= a; b++) {
      const qb = b * n;
      let t = 0;
      for (let k = a; k < n; k++) t += Qt[qa + k] * Qt[qb + k];
      C[a * n + b] = t;
      C[b * n + a] = t;
    }
  }
  return C;
}

function solveSmall(A, b, n) {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let p = 0; p < n; p++) {
    for (let r = p + 1; r < n; r++) {
      const f = M[r * n + p] / M[p * n + p];
      for (let c = p; c < n; c++) M[r * n + c] -= f * M[p * n + c];
      x[r] -= f * x[p];
    }
  }
  for (let p = n - 1; p >= 0; p--) {
    let t = x[p];
    for (let c = p + 1; c < n; c++) t -= M[p * n + c] * x[c];
    x[p] = t / M[p * n + p];
  }
  return x;
}
