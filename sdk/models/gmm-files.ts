// Files of a GaussianMixtureEBM: the header names the shape and the fit
// statistics, the payload holds weights, means and full covariances as f64
// bits (two f32 words each), so a loaded copy answers with the same bits.
// Everything is validated by meaning before a block is allocated.
import { heapF64 } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { GMM_COVARIANCES, GMM_MEANS, GMM_WEIGHTS } from '../runtime/abi.js';
import { gmmLayout, writeParams, type CovarianceType } from './gmm-fit.js';
import type { GaussianMixtureEBM, GaussianMixtureOptions, MixtureState } from './gmm.js';

const bits = (a: Float64Array) => new Float32Array(a.slice().buffer);

export function gmmToBytes(model: GaussianMixtureEBM, s: MixtureState): Uint8Array {
  const k = model.nComponents;
  const L = gmmLayout(k, s.d, 'GaussianMixtureEBM.toBytes');
  const read = (part: number, len: number) => heapF64().slice((s.block.ptr + L.at(part)) >>> 3, ((s.block.ptr + L.at(part)) >>> 3) + len);
  return writeFile(
    {
      kind: 'gaussian-mixture-ebm', components: k, covariance: model.covariance, seed: model.seed, dim: s.d,
      lowerBound: s.lowerBound, iterations: s.iterations, converged: s.converged,
    },
    [bits(read(GMM_WEIGHTS, k)), bits(read(GMM_MEANS, k * s.d)), bits(read(GMM_COVARIANCES, k * s.d * s.d))],
  );
}

export function gmmFromFile(
  file: ParsedFile,
  where: string,
  make: (options: GaussianMixtureOptions, state: MixtureState) => GaussianMixtureEBM,
): GaussianMixtureEBM {
  const h = file.header as { components?: unknown; covariance?: unknown; seed?: unknown; dim?: unknown; lowerBound?: unknown; iterations?: unknown; converged?: unknown };
  const ok = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  const types: CovarianceType[] = ['full', 'diag', 'spherical'];
  if (
    !ok(h.components, 1, 1 << 16) || !ok(h.dim, 1, 1 << 12) || !ok(h.seed, 0, Number.MAX_SAFE_INTEGER) || !ok(h.iterations, 0, 2 ** 31 - 1) ||
    !types.includes(h.covariance as CovarianceType) || typeof h.converged !== 'boolean' || typeof h.lowerBound !== 'number' || !Number.isFinite(h.lowerBound)
  ) {
    throw new FileFormatError('header', `${where}: the header does not describe a fitted GaussianMixtureEBM (components, dim, seed, iterations: integers in range; covariance: 'full', 'diag' or 'spherical'; lowerBound finite; converged boolean)`);
  }
  const k = h.components as number;
  const d = h.dim as number;
  const type = h.covariance as CovarianceType;
  const f64 = (n: number, what: string) => new Float64Array(file.take(2 * n, what).slice().buffer);
  const weights = f64(k, 'the weights');
  const means = f64(k * d, 'the means');
  const covs = f64(k * d * d, 'the covariances');
  file.done();
  let sum = 0;
  for (const w of weights) {
    if (!(w > 0) || !Number.isFinite(w)) throw new FileFormatError('shape', `${where}: a weight is ${w}; weights must be finite and > 0`);
    sum += w;
  }
  // EM's weights are n_z/n with n_z summed in f64: they sum to 1 within round-off
  if (Math.abs(sum - 1) > 1e-9) throw new FileFormatError('shape', `${where}: the weights sum to ${sum}, not 1`);
  if (!means.every(Number.isFinite) || !covs.every(Number.isFinite)) throw new FileFormatError('shape', `${where}: the means or covariances hold a non-finite value`);
  for (let z = 0; z < k; z++) {
    const c = (a: number, b: number) => covs[z * d * d + a * d + b]!;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const offDiagonalZero = a === b || c(a, b) === 0;
        const shapeOk = type === 'full' ? c(a, b) === c(b, a) : offDiagonalZero && (type === 'diag' || c(a, a) === c(0, 0));
        if (!shapeOk) throw new FileFormatError('shape', `${where}: covariance ${z} is not a ${type} covariance (entry [${a}][${b}])`);
      }
    }
  }
  const L = gmmLayout(k, d, where);
  const block = new WasmBlock(L.bytes, where);
  const bad = writeParams(block.ptr, k, d, weights, means, covs, where);
  if (bad >= 0) {
    block.free();
    throw new FileFormatError('shape', `${where}: covariance ${bad} is not positive definite`);
  }
  return make(
    { components: k, covariance: type, seed: h.seed as number },
    { d, block, lowerBound: h.lowerBound as number, iterations: h.iterations as number, converged: h.converged as boolean },
  );
}
