// K-means as a latent-variable energy: E(y, z) = ||y − W z||² with z one-hot
// over the k prototypes (rows of C, k×d). These kernels answer queries on a
// learned model; training lives in train/kmeans.ts.
import { transposeCentres, distancesToCentres } from "../core/sqdist";
import { argminRow, lastMin } from "../core/argmin";
import { roundUp } from "../core/simd";
import { allocBytes } from "../core/memory";
import { freeEnergyOf } from "./freeEnergy";

const BIG: f32 = 3.0e18; // padding centre coordinate: its distance is > any real one, yet finite

/**
 * Zero-temperature free energy F∞(y) = min_z E(y, z) and the winning z.
 * Y n×d, C k×d (f32, row-major); energy f32[n] (may be 0 to skip), labels i32[n] (may be 0).
 */
export function kmeansEnergy(energy: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32): void {
  const kpad = roundUp(k, 8);
  const CT = allocBytes(<u64>d * <u64>kpad * 4 + 16);
  const row = allocBytes(<u64>kpad * 4 + 16);
  transposeCentres(CT, C, d, k, BIG);
  for (let i = 0; i < n; i++) {
    distancesToCentres(row, Y + <usize>i * (<usize>d << 2), d, CT, kpad);
    for (let j = k; j < kpad; j++) store<f32>(row + (<usize>j << 2), Infinity);
    const z = argminRow(row, kpad);
    if (energy != 0) store<f32>(energy + (<usize>i << 2), lastMin());
    if (labels != 0) store<i32>(labels + (<usize>i << 2), z);
  }
  heap.free(row);
  heap.free(CT);
}

/**
 * Free energy at inverse temperature β with a uniform prior over z:
 * F_β(y) = −(1/β)·log((1/k)·Σ_z exp(−β·E(y,z))), computed in f64 around the
 * minimum so it never overflows, so F∞ ≤ F_β ≤ mean_z E (limits: freeEnergyOf). out f32[n].
 */
export function kmeansFreeEnergy(out: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, beta: f64): void {
  const kpad = roundUp(k, 8);
  const CT = allocBytes(<u64>d * <u64>kpad * 4 + 16);
  const row = allocBytes(<u64>kpad * 4 + 16);
  transposeCentres(CT, C, d, k, BIG);
  const logK = Math.log(<f64>k);
  for (let i = 0; i < n; i++) {
    distancesToCentres(row, Y + <usize>i * (<usize>d << 2), d, CT, kpad);
    for (let j = k; j < kpad; j++) store<f32>(row + (<usize>j << 2), Infinity);
    argminRow(row, kpad);
    const m = <f64>lastMin();
    let s: f64 = 0;
    let top: f64 = m;
    let sum: f64 = 0;
    for (let j = 0; j < k; j++) {
      const e = <f64>load<f32>(row + (<usize>j << 2));
      s += Math.exp(-beta * (e - m));
      top = max(top, e);
      sum += e;
    }
    store<f32>(out + (<usize>i << 2), <f32>freeEnergyOf(m, s, top - m, sum / <f64>k, beta, logK));
  }
  heap.free(row);
  heap.free(CT);
}

/** out[i,:] = C[labels[i],:] (the winning prototype: the projection onto the learned manifold). */
export function gatherRows(out: usize, C: usize, d: i32, labels: usize, n: i32): void {
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < n; i++) {
    const z = load<i32>(labels + (<usize>i << 2));
    memory.copy(out + <usize>i * rowBytes, C + <usize>z * rowBytes, rowBytes);
  }
}

/**
 * "Given y1, predict y2": for each row of Y pick the z minimizing the energy
 * over the known coordinates (mask u8[d], 1 = known) and fill the unknown
 * ones from that prototype. out n×d (may alias Y), labels i32[n] (may be 0).
 */
export function kmeansComplete(out: usize, labels: usize, Y: usize, n: i32, d: i32, C: usize, k: i32, mask: usize): void {
  for (let i = 0; i < n; i++) {
    const y = Y + <usize>i * (<usize>d << 2);
    let best: f32 = Infinity;
    let bz = 0;
    for (let j = 0; j < k; j++) {
      const c = C + <usize>j * (<usize>d << 2);
      let e: f32 = 0;
      for (let dd = 0; dd < d; dd++) {
        if (load<u8>(mask + <usize>dd) != 0) {
          const t = load<f32>(y + (<usize>dd << 2)) - load<f32>(c + (<usize>dd << 2));
          e += t * t;
        }
      }
      if (e < best) {
        best = e;
        bz = j;
      }
    }
    const c = C + <usize>bz * (<usize>d << 2);
    const o = out + <usize>i * (<usize>d << 2);
    for (let dd = 0; dd < d; dd++) {
      const src = load<u8>(mask + <usize>dd) != 0 ? y : c;
      store<f32>(o + (<usize>dd << 2), load<f32>(src + (<usize>dd << 2)));
    }
    if (labels != 0) store<i32>(labels + (<usize>i << 2), bz);
  }
}

/**
 * Points of a regular 2-D grid, row-major with y outer: out[(j·nx + i)·2] =
 * (xMin + i·(xMax−xMin)/(nx−1), yMin + j·(yMax−yMin)/(ny−1)), computed in f64.
 * nx, ny ≥ 2. out f32[nx·ny·2].
 */
export function gridPoints(out: usize, xMin: f64, xMax: f64, yMin: f64, yMax: f64, nx: i32, ny: i32): void {
  const dx = (xMax - xMin) / <f64>(nx - 1);
  const dy = (yMax - yMin) / <f64>(ny - 1);
  let p = out;
  for (let j = 0; j < ny; j++) {
    const y = <f32>(yMin + <f64>j * dy);
    for (let i = 0; i < nx; i++) {
      store<f32>(p, <f32>(xMin + <f64>i * dx), 0);
      store<f32>(p, y, 4);
      p += 8;
    }
  }
}
