// The RBM's Gibbs sweep (assembly/energies/rbmGibbs.ts) against its pure-TS
// twin (bench/baselines/rbm.ts), which the benchmark races: the same Philox
// uniforms in the same order, so the draws agree except where a uniform falls
// within the two σ's round-off of its probability.
import { beforeAll, describe, expect, it } from 'vitest';
import { RBM } from '../sdk/index.node.js';
import { kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { DESCRIPTOR } from '../sdk/energies/energy.js';
import * as philox from '../bench/baselines/philox.js';
import * as twin from '../bench/baselines/rbm.js';
import { seedNote, setup, testSeed } from './helpers.js';

beforeAll(setup);

describe('RBM Gibbs twin', () => {
  it('hidden probabilities agree to f32 round-off and one sweep of 200 chains draws the same states', () => {
    const seed = testSeed(17);
    const V = 64;
    const H = 100;
    const n = 200;
    using r = new RBM({ visible: V, hidden: H, seed });
    const theta = new Float32Array(r.numParams);
    for (let i = 0; i < theta.length; i++) theta[i] = 0.3 * Math.sin(0.37 * i + seed);
    r.setParams(theta);
    const start = new Float32Array(n * V);
    for (let i = 0; i < start.length; i++) start[i] = (i * 7919 + seed) % 3 === 0 ? 1 : 0;
    const m = twin.fromParams(V, H, r.params);
    const P = r.transform({ rows: n, cols: V, data: start }).data;
    const Pt = twin.hiddenProbs(m, start, n);
    let worst = 0;
    for (let i = 0; i < P.length; i++) worst = Math.max(worst, Math.abs(P[i]! - Pt[i]!));
    // σ of an f32 dot product of 64 terms (|a| ≲ 10): f32 sums vs f64 sums and a polynomial exp, ≤ 2e-6
    expect(worst).toBeLessThan(2e-6);

    const K = kernels();
    const vb = new WasmBlock(n * V * 4);
    const st = new WasmBlock(32);
    try {
      vb.f32(n * V).set(start);
      K.rngInit(st.ptr, seed >>> 0, 0, 3);
      K.rbmGibbs(r[DESCRIPTOR]('test'), vb.ptr, 0, n, 1, st.ptr, 0);
      const ours = vb.f32(n * V).slice();
      const s = philox.rngInit(seed >>> 0, 0, 3);
      const theirs = start.slice();
      twin.gibbs(m, theirs, n, 1, s);
      let chainsDiffering = 0;
      for (let c = 0; c < n; c++) {
        for (let k = 0; k < V; k++) {
          if (ours[c * V + k] !== theirs[c * V + k]) {
            chainsDiffering++;
            break;
          }
        }
      }
      // a draw differs only when a uniform lands within ~2e-6 of its probability: about
      // n·(H + V)·4e-6 ≈ 0.13 expected differing units per sweep here
      expect(chainsDiffering, seedNote(seed)).toBeLessThanOrEqual(2);
      // the same number of Philox blocks used
      const counter = new Uint32Array(new Float32Array(st.f32(8)).buffer)[4];
      expect(counter).toBe(philox.counterOf(s));
      expect(counter).toBe(Math.ceil(H / 4) + Math.ceil(V / 4));
    } finally {
      vb.free();
      st.free();
    }
  });

  it('chains and sweeps split over calls give the same bytes (each chain has its own counter range)', () => {
    const seed = testSeed(23);
    const V = 12;
    const H = 7;
    const n = 50;
    using r = new RBM({ visible: V, hidden: H, seed });
    const theta = new Float32Array(r.numParams);
    for (let i = 0; i < theta.length; i++) theta[i] = 0.8 * Math.sin(0.7 * i + seed);
    r.setParams(theta);
    const start = new Float32Array(n * V);
    for (let i = 0; i < start.length; i++) start[i] = (i * 31 + seed) % 2;
    const K = kernels();
    const m = r[DESCRIPTOR]('test');
    const run = (parts: [number, number][], steps: number[]): Float32Array => {
      const vb = new WasmBlock(n * V * 4);
      const st = new WasmBlock(32);
      try {
        vb.f32(n * V).set(start);
        for (const [from, to] of parts) {
          K.rngInit(st.ptr, seed >>> 0, 0, 4);
          for (const k of steps) K.rbmGibbs(m, vb.ptr + from * V * 4, 0, to - from, k, st.ptr, from);
        }
        return vb.f32(n * V).slice();
      } finally {
        vb.free();
        st.free();
      }
    };
    const whole = run([[0, n]], [5]);
    expect(Array.from(run([[0, 17], [17, 50]], [5])), seedNote(seed)).toEqual(Array.from(whole));
    expect(Array.from(run([[0, 3], [3, 50]], [2, 3])), seedNote(seed)).toEqual(Array.from(whole));
  });
});
