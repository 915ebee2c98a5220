// The Gaussian-mixture EM kernels against their pure-TS twin
// (bench/baselines/mixture.ts): same operation order in f64, so they agree to
// f64 round-off; only Math.exp/log may differ in the last bit.
import { describe, expect, it } from 'vitest';
import { loadFixture, setup } from './helpers.js';
import { GMM_COVARIANCES, GMM_MEANS, GMM_PARTS, GMM_WEIGHTS } from '../sdk/runtime/abi.js';
import { heapF64, kernels } from '../sdk/runtime/core.js';
import { blockFromF32, WasmBlock } from '../sdk/runtime/memory.js';
import * as twin from '../bench/baselines/mixture.js';

await setup();

const fixture = loadFixture<{ gmm: { name: string; d: number; k: number; covariance: 'full' | 'diag' | 'spherical'; X: number[][]; init: { weights: number[]; means: number[][]; covariances: unknown } }[] }>('mixture-sklearn.json');
const CODE = { full: twin.FULL, diag: twin.DIAG, spherical: twin.SPHERICAL };

function fullCovs(c: unknown, k: number, d: number, type: string): Float64Array {
  const out = new Float64Array(k * d * d);
  for (let z = 0; z < k; z++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const v = type === 'full' ? (c as number[][][])[z]![a]![b]! : a !== b ? 0 : type === 'diag' ? (c as number[][])[z]![a]! : (c as number[])[z]!;
        out[z * d * d + a * d + b] = v;
      }
    }
  }
  return out;
}

describe('EM kernels vs the pure-TS twin', () => {
  for (const c of fixture.gmm) {
    it(`${c.name}: 10 EM steps`, () => {
      const { k, d } = c;
      const n = c.X.length;
      const X = Float32Array.from(c.X.flat());
      const w = Float64Array.from(c.init.weights);
      const mu = Float64Array.from(c.init.means.flat());
      const S = fullCovs(c.init.covariances, k, d, c.covariance);
      const m = twin.mixture(k, d, w, mu, S);
      const twinLbs = twin.em(m, X, n, 10, CODE[c.covariance], 1e-6);
      const K = kernels('test');
      const at = (p: number) => K.gmmPartOffset(k, d, p);
      const P = new WasmBlock(at(GMM_PARTS));
      const xb = blockFromF32(X);
      const resp = new WasmBlock(n * k * 8);
      heapF64().set(w, (P.ptr + at(GMM_WEIGHTS)) >>> 3);
      heapF64().set(mu, (P.ptr + at(GMM_MEANS)) >>> 3);
      heapF64().set(S, (P.ptr + at(GMM_COVARIANCES)) >>> 3);
      expect(K.gmmPrepare(P.ptr, k, d)).toBe(-1);
      const lbs: number[] = [];
      for (let it = 0; it < 10; it++) {
        lbs.push(K.gmmEStep(resp.ptr, 0, P.ptr, xb.ptr, n, d, k) / n);
        expect(K.gmmMStep(P.ptr, xb.ptr, n, d, k, resp.ptr, CODE[c.covariance], 1e-6)).toBe(-1);
      }
      // f64 round-off compounded over 10 steps of a contraction: 1e-12 relative is ~10⁴ ulps of slack
      lbs.forEach((v, i) => expect(Math.abs(v - twinLbs[i]!)).toBeLessThan(1e-12 * Math.abs(v)));
      const means = heapF64().slice((P.ptr + at(GMM_MEANS)) >>> 3, ((P.ptr + at(GMM_MEANS)) >>> 3) + k * d);
      means.forEach((v, i) => expect(Math.abs(v - m.means[i]!)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v))));
      const covs = heapF64().slice((P.ptr + at(GMM_COVARIANCES)) >>> 3, ((P.ptr + at(GMM_COVARIANCES)) >>> 3) + k * d * d);
      covs.forEach((v, i) => expect(Math.abs(v - m.covs[i]!)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v))));
      P.free();
      xb.free();
      resp.free();
    });
  }
});
