// Pure-TS twins of the sparse-coding kernels (assembly/energies/sparse.ts and
// assembly/train/dictionary.ts). Every f32 operation is rounded with
// Math.fround in the kernel's order (lanes over atoms are independent, each
// lane's sum sequential; f64 sums in index order; no fused multiply-add), so
// codes, energies, atoms and stats are bit-identical to the WASM ones.
import { Cursor, type RngState } from './philox.js';

const f32 = Math.fround;

export const SPARSE_CD = 0;
export const SPARSE_ISTA = 1;
export const SPARSE_FISTA = 2;
export const POWER_STEPS = 100;
export const DEAD_FRACTION = 1e-10;

export const paddedAtoms = (k: number): number => (k + 3) & ~3;

/** The derived forms of W (k×d): WT d×kp and the Gram matrix G k×kp (f64 sums rounded once); mask: known coordinates. */
export function prepare(W: Float32Array, k: number, d: number, mask: Uint8Array | null = null): { WT: Float32Array; G: Float32Array } {
  const kp = paddedAtoms(k);
  const WT = new Float32Array(d * kp);
  const G = new Float32Array(k * kp);
  for (let t = 0; t < d; t++) {
    if (mask && mask[t] === 0) continue;
    for (let j = 0; j < k; j++) WT[t * kp + j] = W[j * d + t]!;
  }
  for (let j = 0; j < k; j++) {
    for (let l = j; l < k; l++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        if (mask && mask[t] === 0) continue;
        s += W[j * d + t]! * W[l * d + t]!;
      }
      G[j * kp + l] = G[l * kp + j] = s;
    }
  }
  return { WT, G };
}

/** sparseLipschitz: power iteration from ones, 1.01 × the Rayleigh quotient capped by the Gershgorin bound. */
export function lipschitz(G: Float32Array, k: number): number {
  const kp = paddedAtoms(k);
  let v = new Float64Array(k).fill(1);
  let w = new Float64Array(k);
  let gersh = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += Math.abs(G[j * kp + l]!);
    if (s > gersh) gersh = s;
  }
  let rq = 0;
  for (let it = 0; it < POWER_STEPS; it++) {
    let nn = 0;
    let vw = 0;
    let vv = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += G[j * kp + l]! * v[l]!;
      w[j] = s;
      nn += s * s;
      vw += v[j]! * s;
      vv += v[j]! * v[j]!;
    }
    rq = vv > 0 ? vw / vv : 0;
    if (!(nn > 0)) break;
    const inv = 1.0 / Math.sqrt(nn);
    for (let j = 0; j < k; j++) w[j] = w[j]! * inv;
    [v, w] = [w, v];
  }
  const L = Math.min(1.01 * rq, gersh);
  return L > 0 ? L : 1;
}

/** Active-set sweeps between full sweeps (the kernel's ACTIVE_SWEEPS, ACTIVE_SHRINK). */
const ACTIVE_SWEEPS = 10;
const ACTIVE_SHRINK = f32(0.01);
const STALL = 2.384185791015625e-7; // 2⁻²², exact in f32

const soft = (u: number, lam: number): number => (u > lam ? f32(u - lam) : u < -lam ? f32(u + lam) : 0);

/** One coordinate update of z_j with g = c − G z kept current; returns the change. */
function cdStep(j: number, z: Float32Array, g: Float32Array, G: Float32Array, kp: number, lamF: number): number {
  const gjj = G[j * kp + j]!;
  const zj = z[j]!;
  let zn = 0;
  if (gjj > 0) zn = f32(soft(f32(g[j]! + f32(gjj * zj)), lamF) / gjj);
  const delta = f32(zn - zj);
  if (delta !== 0) {
    z[j] = zn;
    for (let l = 0; l < kp; l++) g[l] = f32(g[l]! - f32(delta * G[j * kp + l]!));
  }
  return delta;
}

/** The kernel's featureSign: exact solves on the active set, moving to the first sign change when a solve breaks one. */
function featureSign(z: Float32Array, c: Float32Array, G: Float32Array, kp: number, k: number, active: Int32Array, na: number, lambda: number, L: Float64Array, x: Float64Array): boolean {
  const S = k; // row stride of the factor
  let from = 0;
  while (na > 0) {
    for (let a = from; a < na; a++) {
      const ja = active[a]!;
      for (let b = 0; b <= a; b++) {
        let s = G[ja * kp + active[b]!]!;
        for (let q = 0; q < b; q++) s -= L[a * S + q]! * L[b * S + q]!;
        if (a === b) {
          if (!(s > 1e-10 * G[ja * kp + ja]!)) return false;
          L[a * S + a] = Math.sqrt(s);
        } else {
          L[a * S + b] = s / L[b * S + b]!;
        }
      }
    }
    for (let a = 0; a < na; a++) {
      const sign = z[active[a]!]! > 0 ? 1.0 : -1.0;
      let s = c[active[a]!]! - lambda * sign;
      for (let q = 0; q < a; q++) s -= L[a * S + q]! * x[q]!;
      x[a] = s / L[a * S + a]!;
    }
    for (let a = na - 1; a >= 0; a--) {
      let s = x[a]!;
      for (let q = a + 1; q < na; q++) s -= L[q * S + a]! * x[q]!;
      x[a] = s / L[a * S + a]!;
    }
    let t = 1;
    let hit = -1;
    for (let a = 0; a < na; a++) {
      const zo = z[active[a]!]!;
      const xa = x[a]!;
      const xf = f32(xa);
      if (zo > 0 ? xf > 0 : xf < 0) continue;
      const ta = zo / (zo - xa);
      if (hit < 0 || ta < t) {
        t = ta;
        hit = a;
      }
    }
    if (hit < 0) {
      for (let a = 0; a < na; a++) z[active[a]!] = f32(x[a]!);
      return true;
    }
    from = hit;
    let m = 0;
    for (let a = 0; a < na; a++) {
      const ja = active[a]!;
      const zo = z[ja]!;
      const zn = a === hit ? 0 : f32(zo + t * (x[a]! - zo));
      z[ja] = zn;
      if (zn !== 0) active[m++] = ja;
      else if (a < from) from = a;
    }
    na = m;
  }
  return true;
}

/** g ← c − G·z over kp lanes. */
function residualCorrelation(g: Float32Array, c: Float32Array, G: Float32Array, z: Float32Array, k: number, kp: number): void {
  g.set(c);
  for (let j = 0; j < k; j++) {
    const zj = z[j]!;
    if (zj === 0) continue;
    for (let l = 0; l < kp; l++) g[l] = f32(g[l]! - f32(zj * G[j * kp + l]!));
  }
}

/** P(z) and the duality gap (the kernel's primalAndGap). */
function primalAndGap(z: Float32Array, c: Float32Array, g: Float32Array, k: number, yy: number, lam: number): { P: number; gap: number } {
  let zc = 0, zg = 0, l1 = 0, ginf = 0;
  for (let j = 0; j < k; j++) {
    zc += z[j]! * c[j]!;
    zg += z[j]! * g[j]!;
    l1 += Math.abs(z[j]!);
    const a = Math.abs(g[j]!);
    if (a > ginf) ginf = a;
  }
  const rr = Math.max(yy - zc - zg, 0);
  const yr = yy - zc;
  const P = 0.5 * rr + lam * l1;
  const s = ginf > lam ? lam / ginf : 1.0;
  const D = s * yr - 0.5 * s * s * rr;
  return { P, gap: P - D };
}

export interface EncodeStats {
  objective: number;
  iterations: number;
  unconverged: number;
  maxIter: number;
  maxGap: number;
}

/** sparseEncode: codes Z (n×k, in/out when warm) of Y (n×d) for the prepared dictionary. */
export function encode(
  Z: Float32Array, Y: Float32Array, n: number, d: number, WT: Float32Array, G: Float32Array, k: number,
  lambda: number, algorithm: number, maxIter: number, tol: number, warm: boolean,
): EncodeStats {
  const kp = paddedAtoms(k);
  const lamF = f32(lambda);
  const lam = lamF;
  const c = new Float32Array(kp);
  const g = new Float32Array(kp);
  const z = new Float32Array(kp);
  const zPrev = new Float32Array(kp);
  const p = new Float32Array(kp);
  const active = new Int32Array(kp);
  const chol = new Float64Array(k * k);
  const xs = new Float64Array(k);
  const L = algorithm === SPARSE_CD ? 1.0 : lipschitz(G, k);
  const invL = f32(1.0 / L);
  const thr = f32(lam / L);
  const out: EncodeStats = { objective: 0, iterations: 0, unconverged: 0, maxIter: 0, maxGap: 0 };
  for (let i = 0; i < n; i++) {
    const yo = i * d;
    c.fill(0);
    for (let j = 0; j < kp; j++) {
      let acc = 0;
      for (let t = 0; t < d; t++) acc = f32(acc + f32(Y[yo + t]! * WT[t * kp + j]!));
      c[j] = acc;
    }
    let yy = 0;
    for (let t = 0; t < d; t++) yy += Y[yo + t]! * Y[yo + t]!;
    z.fill(0);
    if (warm) z.set(Z.subarray(i * k, i * k + k));
    residualCorrelation(g, c, G, z, k, kp);
    let it = 0;
    let converged = false;
    let P = 0;
    let gap = 0;
    if (yy === 0) {
      z.fill(0);
      converged = true;
    } else if (algorithm === SPARSE_CD) {
      while (it < maxIter) {
        it++;
        let maxDelta = 0;
        let supportMoved = false;
        let zmax = 0;
        for (let j = 0; j < k; j++) {
          const before = z[j]!;
          maxDelta = Math.max(maxDelta, Math.abs(cdStep(j, z, g, G, kp, lamF)));
          const after = z[j]!;
          zmax = Math.max(zmax, Math.abs(after));
          supportMoved = supportMoved || (before > 0) !== (after > 0) || (before < 0) !== (after < 0);
        }
        ({ P, gap } = primalAndGap(z, c, g, k, yy, lam));
        if (maxDelta <= f32(STALL * zmax) || gap <= tol * yy) {
          converged = true;
          break;
        }
        let na = 0;
        for (let j = 0; j < k; j++) if (z[j] !== 0) active[na++] = j;
        if (na > 0 && !supportMoved && featureSign(z, c, G, kp, k, active, na, lamF, chol, xs)) {
          residualCorrelation(g, c, G, z, k, kp);
          continue;
        }
        const stop = f32(maxDelta * ACTIVE_SHRINK);
        for (let inner = 0; inner < ACTIVE_SWEEPS; inner++) {
          let innerMax = 0;
          for (let a = 0; a < na; a++) innerMax = Math.max(innerMax, Math.abs(cdStep(active[a]!, z, g, G, kp, lamF)));
          if (innerMax <= stop) break;
        }
      }
    } else {
      p.set(z);
      zPrev.set(z);
      let tk = 1;
      while (it < maxIter) {
        it++;
        residualCorrelation(g, c, G, p, k, kp);
        let moved = false;
        for (let j = 0; j < k; j++) {
          const zn = soft(f32(p[j]! + f32(g[j]! * invL)), thr);
          if (zn !== z[j]) moved = true;
          z[j] = zn;
        }
        if (algorithm === SPARSE_FISTA) {
          const tn = (1.0 + Math.sqrt(1.0 + 4.0 * tk * tk)) * 0.5;
          const beta = f32((tk - 1.0) / tn);
          tk = tn;
          for (let j = 0; j < k; j++) p[j] = f32(z[j]! + f32(beta * f32(z[j]! - zPrev[j]!)));
          zPrev.set(z);
        } else {
          p.set(z);
        }
        residualCorrelation(g, c, G, z, k, kp);
        ({ P, gap } = primalAndGap(z, c, g, k, yy, lam));
        if (!moved || gap <= tol * yy) {
          converged = true;
          break;
        }
      }
    }
    if (yy === 0) P = 0;
    Z.set(z.subarray(0, k), i * k);
    out.objective += P;
    out.iterations += it;
    if (!converged) out.unconverged++;
    if (it > out.maxIter) out.maxIter = it;
    const rel = yy > 0 ? gap / yy : 0;
    if (rel > out.maxGap) out.maxGap = rel;
  }
  return out;
}

/** sparseDecode: out (n×d) = Z·W, atoms with z = 0 skipped. */
export function decode(out: Float32Array, Z: Float32Array, n: number, W: Float32Array, k: number, d: number): void {
  for (let i = 0; i < n; i++) {
    out.fill(0, i * d, i * d + d);
    for (let j = 0; j < k; j++) {
      const zj = Z[i * k + j]!;
      if (zj === 0) continue;
      for (let t = 0; t < d; t++) out[i * d + t] = f32(out[i * d + t]! + f32(zj * W[j * d + t]!));
    }
  }
}

/** sparseEnergy: E f32[n] and the residuals R (either may be null); returns Σ E in f64. */
export function energy(E: Float32Array | null, R: Float32Array | null, Y: Float32Array, n: number, d: number, W: Float32Array, k: number, Z: Float32Array, lambda: number): number {
  const r = new Float32Array(d);
  const lam = f32(lambda);
  let total = 0;
  for (let i = 0; i < n; i++) {
    decode(r, Z.subarray(i * k, i * k + k), 1, W, k, d);
    let rr = 0;
    for (let t = 0; t < d; t++) {
      const v = f32(Y[i * d + t]! - r[t]!);
      r[t] = v;
      rr += v * v;
    }
    let l1 = 0;
    for (let j = 0; j < k; j++) l1 += Math.abs(Z[i * k + j]!);
    const e = 0.5 * rr + lam * l1;
    total += e;
    if (E) E[i] = e;
    if (R) R.set(r, i * d);
  }
  return total;
}

/** w = x/‖x‖ (norm in f64); false when x is zero. */
function setUnit(W: Float32Array, wo: number, X: Float32Array, xo: number, d: number): boolean {
  let s = 0;
  for (let t = 0; t < d; t++) s += X[xo + t]! * X[xo + t]!;
  if (!(s > 0) || !Number.isFinite(s)) return false;
  const inv = 1.0 / Math.sqrt(s);
  for (let t = 0; t < d; t++) W[wo + t] = X[xo + t]! * inv;
  return true;
}

/** dictionaryInit: unit-norm rows perm[0], perm[1], … of X, zero rows passed over, then unit vectors. */
export function init(W: Float32Array, X: Float32Array, n: number, d: number, k: number, perm: Int32Array): void {
  let next = 0;
  for (let j = 0; j < k; j++) {
    let done = false;
    while (next < n && !done) done = setUnit(W, j * d, X, perm[next++]! * d, d);
    if (!done) {
      W.fill(0, j * d, j * d + d);
      W[j * d + (j % d)] = 1;
    }
  }
}

function accumulate(A: Float64Array, B: Float64Array, Z: Float32Array, X: Float32Array, rows: number, d: number, k: number, beta: number, scale: number): void {
  for (let t = 0; t < k * k; t++) A[t] = beta * A[t]!;
  for (let t = 0; t < d * k; t++) B[t] = beta * B[t]!;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < k; j++) {
      const zj = Z[i * k + j]!;
      if (zj === 0) continue;
      const s = scale * zj;
      for (let l = 0; l < k; l++) A[j * k + l] = A[j * k + l]! + s * Z[i * k + l]!;
    }
    for (let t = 0; t < d; t++) {
      const xt = scale * X[i * d + t]!;
      if (xt === 0) continue;
      for (let j = 0; j < k; j++) B[t * k + j] = B[t * k + j]! + xt * Z[i * k + j]!;
    }
  }
}

/** One block-coordinate pass over the atoms with dead-atom re-seeding (the kernel's bcdPass). */
function bcdPass(W: Float32Array, A: Float64Array, B: Float64Array, d: number, k: number, X: Float32Array, E: Float32Array, rows: number): { reseeded: number; shift: number } {
  const v = new Float64Array(d);
  const used = new Uint8Array(Math.max(rows, 1));
  let amax = 0;
  for (let j = 0; j < k; j++) amax = Math.max(amax, A[j * k + j]!);
  let reseeded = 0;
  let shift = 0;
  for (let j = 0; j < k; j++) {
    const ajj = A[j * k + j]!;
    let ok = ajj > DEAD_FRACTION * amax && ajj > 0;
    if (ok) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        let u = B[t * k + j]!;
        for (let l = 0; l < k; l++) if (l !== j) u -= W[l * d + t]! * A[l * k + j]!;
        v[t] = u;
        s += u * u;
      }
      ok = s > 0 && Number.isFinite(s);
      if (ok) {
        const inv = 1.0 / Math.sqrt(s);
        for (let t = 0; t < d; t++) {
          const nv = f32(v[t]! * inv);
          const e = nv - W[j * d + t]!;
          shift += e * e;
          W[j * d + t] = nv;
        }
      }
    }
    if (!ok) {
      let best = -1;
      let bestE = -1;
      for (let i = 0; i < rows; i++) {
        if (used[i]) continue;
        if (E[i]! > bestE) {
          bestE = E[i]!;
          best = i;
        }
      }
      if (best >= 0) {
        used[best] = 1;
        const old = W.slice(j * d, j * d + d);
        if (setUnit(W, j * d, X, best * d, d)) {
          for (let t = 0; t < d; t++) shift += (W[j * d + t]! - old[t]!) ** 2;
        }
      }
      reseeded++;
    }
  }
  return { reseeded, shift };
}

export interface DictStats {
  objective: number;
  reseeded: number;
  shift: number;
  unconverged: number;
}

/** dictionaryBlockRows: rows per block of an alternating epoch (a function of n only). */
export function dictionaryBlockRows(n: number): number {
  const per = Math.floor((Math.max(n, 1) + 31) / 32);
  return Math.max(64, Math.floor((per + 63) / 64) * 64);
}

/**
 * dictionaryEpoch: per block of dictionaryBlockRows(n) rows, codes (warm from Z), energies and the
 * block's sums (objective, unconverged, A = ZᵀZ, B = XᵀZ from zero), added in the kernel's fixed
 * binary tree over the block index; then one block pass; W in place.
 */
export function dictionaryEpoch(
  W: Float32Array, Z: Float32Array, E: Float32Array, X: Float32Array, n: number, d: number, k: number, lambda: number,
  maxIter: number, tol: number, warm: boolean, A: Float64Array, B: Float64Array,
): DictStats {
  const { WT, G } = prepare(W, k, d);
  const per = dictionaryBlockRows(n);
  const m = 2 + k * k + d * k;
  // the tree as the kernel keeps it: a stack of (level, partial), merged while the top two levels agree
  const stack: { level: number; p: Float64Array }[] = [];
  const add = (l: Float64Array, r: Float64Array) => {
    for (let t = 0; t < m; t++) l[t] = l[t]! + r[t]!;
  };
  for (let r0 = 0; r0 < n; r0 += per) {
    const rows = Math.min(per, n - r0);
    const z = Z.subarray(r0 * k, (r0 + rows) * k);
    const x = X.subarray(r0 * d, (r0 + rows) * d);
    const es = encode(z, x, rows, d, WT, G, k, lambda, SPARSE_CD, maxIter, tol, warm);
    const p = new Float64Array(m);
    p[0] = energy(E.subarray(r0, r0 + rows), null, x, rows, d, W, k, z, lambda);
    p[1] = es.unconverged;
    accumulate(p.subarray(2, 2 + k * k), p.subarray(2 + k * k), z, x, rows, d, k, 1, 1);
    stack.push({ level: 0, p });
    while (stack.length >= 2 && stack[stack.length - 1]!.level === stack[stack.length - 2]!.level) {
      const right = stack.pop()!;
      const left = stack[stack.length - 1]!;
      add(left.p, right.p);
      left.level++;
    }
  }
  while (stack.length >= 2) {
    const right = stack.pop()!;
    add(stack[stack.length - 1]!.p, right.p);
  }
  const root = stack[0]!.p;
  A.set(root.subarray(2, 2 + k * k));
  B.set(root.subarray(2 + k * k));
  const b = bcdPass(W, A, B, d, k, X, E, n);
  return { objective: root[0]!, reseeded: b.reseeded, shift: b.shift, unconverged: root[1]! };
}

/** dictionaryOnlineEpoch: shuffle, then per minibatch codes from zero, running A and B with scikit-learn's β, one block pass. */
export function dictionaryOnlineEpoch(
  W: Float32Array, X: Float32Array, n: number, d: number, k: number, lambda: number, batchSize: number, step: number,
  maxIter: number, tol: number, A: Float64Array, B: Float64Array, perm: Int32Array, rng: RngState,
): DictStats {
  const cursor = new Cursor(rng);
  for (let i = n - 1; i > 0; i--) {
    const j = cursor.nextBelow(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  cursor.end();
  const Xb = new Float32Array(batchSize * d);
  const Zb = new Float32Array(batchSize * k);
  const Eb = new Float32Array(batchSize);
  const out: DictStats = { objective: 0, reseeded: 0, shift: 0, unconverged: 0 };
  let s = step;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    for (let b = 0; b < rows; b++) Xb.set(X.subarray(perm[start + b]! * d, perm[start + b]! * d + d), b * d);
    const { WT, G } = prepare(W, k, d);
    out.unconverged += encode(Zb, Xb, rows, d, WT, G, k, lambda, SPARSE_CD, maxIter, tol, false).unconverged;
    out.objective += energy(Eb, null, Xb, rows, d, W, k, Zb, lambda);
    const theta = s < batchSize - 1 ? (s + 1) * batchSize : batchSize * batchSize + s + 1 - batchSize;
    const beta = (theta + 1 - batchSize) / (theta + 1);
    accumulate(A, B, Zb, Xb, rows, d, k, beta, 1.0 / rows);
    const r = bcdPass(W, A, B, d, k, Xb, Eb, rows);
    out.reseeded += r.reseeded;
    out.shift += r.shift;
    s++;
  }
  return out;
}
