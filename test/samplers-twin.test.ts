// The samplers (assembly/samplers/) against their pure-TS twins
// (bench/baselines/samplers.ts), which the benchmarks race: the same Philox
// streams, draws, order and formulas, but JS Math.log/cos/sin in f64 where the
// kernel uses f32 SIMD polynomials, and the energies' sums in another order.
// So the twin is checked transition by transition, from the kernel's own
// states: the same accept/reject decision for every chain, and positions
// within a round-off bound derived below.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { energies, samplers, type SamplerState } from '../sdk/index.node.js';
import { kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import * as philox from '../bench/baselines/philox.js';
import * as twin from '../bench/baselines/samplers.js';

await setup();

const U = 2 ** -24;
// the kernel's f32 Box–Muller against the f64 one of the same words (test/rng.test.ts, rngNormalFast)
const NORMAL_TOL = 2e-6;

describe('rngNormalFast twin (the samplers\' normals)', () => {
  it('equals the kernel within its f32 polynomial round-off, at any n, and advances the same blocks', () => {
    const seed = testSeed(314);
    const K = kernels();
    for (const n of [1, 3, 5, 16, 37, 1000, 4099]) {
      const st = new WasmBlock(32);
      const out = new WasmBlock(n * 4 + 64);
      try {
        K.rngInit(st.ptr, seed >>> 0, 7, n);
        K.rngNormalFast(out.ptr, n, st.ptr);
        const kernel = out.f32(n).slice();
        const s = philox.rngInit(seed >>> 0, 7, n);
        const t = philox.rngNormalFast(n, s);
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(kernel[i]! - t[i]!));
        expect(worst, `n = ${n} ${seedNote(seed)}`).toBeLessThan(NORMAL_TOL);
        const counter = Number(new BigUint64Array(new Uint32Array(new Float32Array(st.f32(8)).buffer).slice(4, 6).buffer)[0]);
        expect(counter, `blocks used by n = ${n}`).toBe(philox.counterOf(s));
      } finally {
        out.free();
        st.free();
      }
    }
  });
});

interface Case {
  name: string;
  ours: () => ReturnType<typeof energies.gaussian> | ReturnType<typeof energies.banana>;
  twin: () => twin.TwinEnergy;
  /** Largest curvature of F (eigenvalue of ∇²F) where the chains go: the growth of an error per gradient step is ≤ 1 + ε·κ. */
  curvature: number;
}

const P = new Float32Array([1.5, -0.4, -0.4, 0.8]); // precision with eigenvalues 0.62, 1.68
const CASES: Case[] = [
  {
    name: 'gaussian (precision given: the same f32 matrix on both sides)',
    ours: () => energies.gaussian({ mean: [0.3, -0.2], precision: [[P[0]!, P[1]!], [P[2]!, P[3]!]] }),
    twin: () => twin.gaussianEnergy(new Float32Array([0.3, -0.2]), P),
    curvature: 1.7,
  },
  // σ = 1: ∂²F/∂y₀² = 1/σ² + 6b²y₀² − 2b·y₁ ≤ 1 + 1.5·9 + 3 ≈ 18 for |y₀| ≤ 3, |y₁| ≤ 3
  { name: 'banana σ=1 b=0.5', ours: () => energies.banana({ dim: 3, sigma: 1, curvature: 0.5 }), twin: () => twin.bananaEnergy(3, 1, 0.5), curvature: 18 },
  // ∂²F/∂y₀² = h(12y₀² − 4) ≤ 23 for |y₀| ≤ 1.5 (h = 1), and the chains' starts are N(0, 1)
  { name: 'double well h=1', ours: () => energies.doubleWell({ dim: 2, barrier: 1 }), twin: () => twin.doubleWellEnergy(2, 1), curvature: 23 },
];

// step sizes large enough that MALA and HMC reject some proposals, so both branches are compared
const KINDS: { kind: twin.TwinKind; leapfrogSteps: number; eps: number }[] = [
  { kind: 'langevin', leapfrogSteps: 1, eps: 0.05 },
  { kind: 'mala', leapfrogSteps: 1, eps: 0.3 },
  { kind: 'hmc', leapfrogSteps: 4, eps: 0.25 },
];

describe('each transition of the twin equals the kernel\'s', () => {
  const C = 32;
  const T = 40;
  CASES.forEach((c, ci) => {
    KINDS.forEach(({ kind, leapfrogSteps: L, eps }, ki) => {
      it(`${kind} on ${c.name}`, () => {
        const seed = testSeed(900 + 10 * ci + ki);
        const e = c.ours();
        const te = c.twin();
        const D = te.dim;
        const Y0 = philox.rngNormal(C * D, philox.rngInit(seed >>> 0, 1, 5));
        const s = samplers[kind](e, { chains: C, seed, stepSize: eps, init: { rows: C, cols: D, data: Y0 }, ...(kind === 'hmc' ? { leapfrogSteps: L } : {}) });
        const tw = twin.createSampler(kind, te, Y0, C, { seedLo: seed >>> 0, seedHi: 0, stepSize: eps, leapfrogSteps: L });
        let state: SamplerState = s.init({ rows: C, cols: D, data: Y0 });
        let accepts = 0;
        for (let k = 0; k < T; k++) {
          // the twin starts from the kernel's state: positions, and the RNG counter (F, ∇F recomputed)
          const y = state.positions.data;
          tw.pos.set(y);
          te.eval(tw.pos, C, tw.E, tw.G);
          tw.rng[4] = state.rngCounter % 2 ** 32;
          tw.rng[5] = Math.floor(state.rngCounter / 2 ** 32);
          const before = Int32Array.from(tw.accepts);
          const [next, info] = s.step(state);
          twin.step(tw, te);
          // Bound per gradient evaluation: the normals (√(2ε)·NORMAL_TOL, HMC's momenta ≤ ε·NORMAL_TOL
          // per position update) and a few f32 roundings of the update and of ∇F (8u of max|y| + ε·max|∇F|);
          // an error already made grows by ≤ 1 + εκ per evaluation, L of them per transition.
          let yMax = 0, gMax = 0;
          for (let i = 0; i < y.length; i++) {
            yMax = Math.max(yMax, Math.abs(y[i]!), Math.abs(next.positions.data[i]!));
            gMax = Math.max(gMax, Math.abs(tw.G[i]!));
          }
          const delta = Math.sqrt(2 * eps) * NORMAL_TOL + 8 * U * (yMax + eps * gMax);
          let growth = 0;
          for (let l = 0; l < L; l++) growth += (1 + eps * c.curvature) ** l;
          const tol = delta * growth;
          const bad: string[] = [];
          for (let ch = 0; ch < C; ch++) {
            const twinAccepted = tw.accepts[ch]! - before[ch]!;
            if (twinAccepted !== info.accepted[ch]) bad.push(`chain ${ch}: accepted ${info.accepted[ch]} vs twin ${twinAccepted}`);
            for (let j = 0; j < D; j++) {
              const d = Math.abs(next.positions.data[ch * D + j]! - tw.pos[ch * D + j]!);
              if (!(d <= tol)) bad.push(`chain ${ch} y[${j}]: |Δ| ${d.toExponential(2)} > ${tol.toExponential(2)}`);
            }
            accepts += info.accepted[ch]!;
          }
          expect(bad, `transition ${k + 1} ${seedNote(seed)}`).toEqual([]);
          state = next;
        }
        // both branches ran (a twin that always accepted would pass for ULA only)
        if (kind !== 'langevin') expect(accepts, 'some rejections').toBeLessThan(C * T);
        expect(accepts, 'some acceptances').toBeGreaterThan(0);
        s.dispose();
        e.dispose();
      });
    });
  });
});
