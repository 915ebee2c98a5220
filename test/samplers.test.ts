// Samplers against exact answers. Tolerances come from the Monte Carlo
// standard error: a check fails when |estimate − truth| > Z·MCSE, with MCSE =
// sd/√ESS of the quantity (our own diagnostics, themselves tested in
// diagnostics.test.ts). Z = 3.5 gives a two-sided false-failure rate of
// 4.7e-4 per check; the moment tests make 4·(2·2 + 2·10) = 96 checks, so
// about 4 % of fresh seeds would fail one of them by chance (seeds are fixed,
// printed, and overridable with EBM_SEED).
import { describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { describeChecks, exactDraws, fromEig, ks2, momentChecks, rotatedCov, toRows } from './mcmc-helpers.js';
import { energies, samplers, type Matrix } from '../sdk/index.node.js';

await setup();

const Z = 3.5;
type Kind = 'randomWalk' | 'langevin' | 'mala' | 'hmc';
const KINDS: Kind[] = ['randomWalk', 'langevin', 'mala', 'hmc'];

function make(kind: Kind, e: Parameters<typeof samplers.mala>[0], opts: Record<string, unknown>) {
  return (samplers[kind] as (e: unknown, o: unknown) => ReturnType<typeof samplers.mala>)(e, opts);
}

// the two Gaussian targets of the issue
const COV2 = new Float64Array([1, 0.8, 0.8, 1]);
const MEAN2 = [1, -1];
const EIG10 = Array.from({ length: 10 }, (_, i) => 0.1 * 100 ** (i / 9)); // variances 0.1 … 10: condition number 100
const ROT10 = rotatedCov(EIG10, 77);
const MEAN10 = Array.from({ length: 10 }, (_, i) => (i % 3) - 1);

/** ULA's exact stationary covariance on a Gaussian: per eigen-direction λ/(1 − ε/(2λ)). */
function ulaCov(Q: Float64Array, eig: number[], eps: number): Float64Array {
  return fromEig(Q, eig.map((l) => l / (1 - eps / (2 * l))));
}
const Q2 = (() => {
  const s = Math.SQRT1_2;
  return new Float64Array([s, s, s, -s]); // eigenvectors of COV2: eigenvalues 1.8, 0.2
})();
const EIG2 = [1.8, 0.2];

const SETTINGS: Record<Kind, { warmup: number; draws: number; stepSize: number; adapt: boolean }> = {
  randomWalk: { warmup: 1500, draws: 2000, stepSize: 0.5, adapt: true },
  langevin: { warmup: 2000, draws: 3000, stepSize: 0.05, adapt: false },
  mala: { warmup: 1000, draws: 1500, stepSize: 0.1, adapt: true },
  hmc: { warmup: 500, draws: 500, stepSize: 0.1, adapt: true },
};

describe('moments of Gaussian targets within Z·MCSE', () => {
  for (const kind of KINDS) {
    for (const target of ['2-D correlated', '10-D, condition number 100'] as const) {
      it(`${kind}: ${target}`, async () => {
        const seed = testSeed(kind.length * 101 + target.length);
        const two = target.startsWith('2');
        const d = two ? 2 : 10;
        const mean = two ? MEAN2 : MEAN10;
        const cov = two ? COV2 : ROT10.cov;
        const e = energies.gaussian({ mean, cov: toRows(cov, d) });
        const st = SETTINGS[kind];
        const eps = two ? st.stepSize : st.stepSize / 2;
        const s = make(kind, e, { chains: 64, seed, stepSize: eps, ...(kind === 'hmc' ? { leapfrogSteps: 8, jitter: 0.2 } : {}) });
        const r = await s.run({ warmup: st.warmup, draws: st.draws, ...(st.adapt ? { adapt: {} } : {}) });
        // ULA is biased: its truth is the exact stationary covariance of the discretized chain
        const truthCov = kind === 'langevin' ? ulaCov(two ? Q2 : ROT10.Q, two ? EIG2 : EIG10, eps) : cov;
        const variance = Array.from({ length: d }, (_, j) => truthCov[j * d + j]!);
        const checks = momentChecks(r.samples, mean, variance);
        const bad = checks.filter((c) => !(c.z <= Z));
        expect(bad, `${describeChecks(bad)} ${seedNote(seed)}`).toEqual([]);
        expect(r.nonFinite).toBe(0);
        s.dispose();
        e.dispose();
      });
    }
  }
});

describe('unadjusted Langevin: known stationary variance', () => {
  it('N(0, σ²) with step ε has variance σ²/(1 − ε/(2σ²)), not σ²', async () => {
    const seed = testSeed(4242);
    const sigma2 = 2;
    const eps = 1.0; // a large step, so the bias (1/(1 − 0.25) = 4/3) is far outside the MCSE
    const e = energies.gaussian({ mean: [0], cov: [[sigma2]] });
    const s = samplers.langevin(e, { chains: 256, seed, stepSize: eps });
    const r = await s.run({ warmup: 200, draws: 2000 });
    const truth = sigma2 / (1 - eps / (2 * sigma2));
    const [c] = momentChecks(r.samples, [0], [truth]).slice(1);
    expect(c!.z, `${describeChecks([c!])} ${seedNote(seed)}`).toBeLessThanOrEqual(Z);
    const [naive] = momentChecks(r.samples, [0], [sigma2]).slice(1);
    expect(naive!.z, 'the unbiased answer σ² must be rejected (power)').toBeGreaterThan(10);
  });
});

describe('one-step invariance (KS, 20 000 exact draws)', () => {
  // From exact draws of N(0, I₁₀), one transition must leave the law of F(y) = ½‖y‖²
  // unchanged (two-sample KS against fresh exact draws, p > 1e-3); the same
  // transition built for energy × 1.1 (β = 1.1) must be detected (p < 1e-3).
  // A single random-walk step moves too little for the KS test to see a 10 %
  // error in 20 000 draws, so it applies 20 transitions (an invariant kernel
  // keeps the target under any number of them; the power check shows it matters).
  const N = 20_000;
  const d = 10;
  const cases: { kind: Exclude<Kind, 'langevin'>; stepSize: number; transitions: number; extra?: Record<string, unknown> }[] = [
    { kind: 'randomWalk', stepSize: 0.7, transitions: 20 },
    { kind: 'mala', stepSize: 0.6, transitions: 1 },
    { kind: 'hmc', stepSize: 0.4, transitions: 1, extra: { leapfrogSteps: 5 } },
  ];
  for (const c of cases) {
    it(`${c.kind} keeps the target and detects a 10 % wrong one (${c.transitions} transition${c.transitions > 1 ? 's' : ''})`, () => {
      const seed = testSeed(9000 + c.kind.length);
      const e = energies.gaussian({ mean: new Array(d).fill(0), cov: toRows(fromEig(identity(d), new Array(d).fill(1)), d) });
      const start: Matrix = { rows: N, cols: d, data: exactDraws(new Array(d).fill(0), identity(d), N, seed) };
      const fresh = exactDraws(new Array(d).fill(0), identity(d), N, seed + 1);
      const radius = (m: Float32Array) => Array.from({ length: N }, (_, i) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += m[i * d + j]! ** 2;
        return s / 2;
      });
      const p: number[] = [];
      for (const beta of [1, 1.1]) {
        const s = make(c.kind, e, { chains: N, seed: seed + 2, stepSize: c.stepSize, beta, init: start, ...c.extra });
        let next = s.init(start);
        for (let t = 0; t < c.transitions; t++) next = s.step(next)[0];
        p.push(ks2(radius(next.positions.data), radius(fresh)).p);
        s.dispose();
      }
      expect(p[0], `right target rejected, p = ${p[0]} ${seedNote(seed)}`).toBeGreaterThan(1e-3);
      expect(p[1], `wrong target not detected, p = ${p[1]} ${seedNote(seed)}`).toBeLessThan(1e-3);
    });
  }
});

function identity(d: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) a[i * d + i] = 1;
  return a;
}

describe('leapfrog', () => {
  const d = 10;
  const e = energies.gaussian({ mean: MEAN10, cov: toRows(ROT10.cov, d) });
  const Y = { rows: 16, cols: d, data: exactDraws(MEAN10, ROT10.cov, 16, 5) };
  const P = { rows: 16, cols: d, data: exactDraws(new Array(d).fill(0), identity(d), 16, 6) };
  const H = (y: Matrix, p: Matrix) => {
    const f = e.energy(y);
    return Array.from(f, (v, i) => {
      let k = 0;
      for (let j = 0; j < d; j++) k += p.data[i * d + j]! ** 2;
      return v + k / 2;
    });
  };

  it('is reversible: forward, flip momenta, forward again returns to the start within f32 round-off', () => {
    const fwd = samplers.leapfrog(e, { positions: Y, momenta: P, stepSize: 0.05, steps: 40 });
    const flipped = { ...fwd.momenta, data: fwd.momenta.data.map((v) => -v) };
    const back = samplers.leapfrog(e, { positions: fwd.positions, momenta: flipped, stepSize: 0.05, steps: 40 });
    let err = 0;
    for (let i = 0; i < Y.data.length; i++) {
      err = Math.max(err, Math.abs(back.positions.data[i]! - Y.data[i]!), Math.abs(-back.momenta.data[i]! - P.data[i]!));
    }
    // 80 steps of f32 arithmetic on values of size ~3: a few hundred ulps at most
    expect(err).toBeLessThan(1e-4);
  });

  it('has an energy error of order ε² (halving ε divides it by ≈ 4)', () => {
    const T = 1.0; // fixed integration time
    const errs = [0.04, 0.02, 0.01].map((eps) => {
      const r = samplers.leapfrog(e, { positions: Y, momenta: P, stepSize: eps, steps: Math.round(T / eps) });
      const h0 = H(Y, P), h1 = H(r.positions, r.momenta);
      return Math.max(...h0.map((v, i) => Math.abs(h1[i]! - v)));
    });
    for (let i = 1; i < errs.length; i++) {
      const ratio = errs[i - 1]! / errs[i]!;
      expect(ratio, `errors ${errs.join(', ')}`).toBeGreaterThan(3);
      expect(ratio, `errors ${errs.join(', ')}`).toBeLessThan(5.3);
    }
  });
});

describe('determinism, chunking, save and resume', () => {
  it('run(100) twice equals run(200) once, bit for bit, for every sampler', async () => {
    const e = energies.banana();
    for (const kind of KINDS) {
      const opts = { chains: 8, seed: 3, stepSize: kind === 'langevin' ? 0.05 : 0.2, ...(kind === 'hmc' ? { leapfrogSteps: 4, jitter: 0.3 } : {}) };
      const adapt = kind === 'langevin' ? {} : { adapt: {} };
      const a = make(kind, e, opts);
      const one = await a.run({ warmup: 60, draws: 200, thin: 2, ...adapt });
      const b = make(kind, e, opts);
      const first = await b.run({ warmup: 60, draws: 100, thin: 2, ...adapt });
      const second = await b.run({ draws: 100, thin: 2 });
      const joined = new Float32Array(one.samples.data.length);
      joined.set(first.samples.data);
      joined.set(second.samples.data, first.samples.data.length);
      expect(Buffer.from(joined.buffer).equals(Buffer.from(one.samples.data.buffer)), kind).toBe(true);
      // same positions, RNG position and step size (per-run counters differ by design)
      const sa = a.state, sb = b.state;
      expect(Buffer.from(sa.positions.data.buffer).equals(Buffer.from(sb.positions.data.buffer)), `${kind} positions`).toBe(true);
      expect([sa.rngCounter, sa.stepSize, sa.iteration]).toEqual([sb.rngCounter, sb.stepSize, sb.iteration]);
      a.dispose();
      b.dispose();
    }
  });

  it('a saved state resumes bit-exactly in a new sampler, adaptation included', async () => {
    const e = energies.funnel({ dim: 5 });
    const opts = { chains: 6, seed: 11, leapfrogSteps: 5 };
    const a = samplers.hmc(e, opts);
    await a.run({ warmup: 150, draws: 10, adapt: {} }); // stop inside a state where everything has been touched
    const saved = new Uint8Array(a.state.bytes); // e.g. written to a file
    const rest = await a.run({ draws: 50 });
    const b = samplers.hmc(e, { ...opts, seed: 999 }); // the state carries the RNG: the seed no longer matters
    b.restore(saved);
    const again = await b.run({ draws: 50 });
    expect(Buffer.from(again.samples.data.buffer).equals(Buffer.from(rest.samples.data.buffer))).toBe(true);
    expect(again.stepSize).toBe(rest.stepSize);
  });

  it('the functional core: step(state) is pure and equals run one transition at a time', async () => {
    const e = energies.doubleWell();
    const s = samplers.mala(e, { chains: 5, seed: 2, stepSize: 0.3 });
    const s0 = s.init(s.positions);
    const [s1, info] = s.step(s0);
    const [s1b] = s.step(s0);
    expect(Buffer.from(s1.bytes).equals(Buffer.from(s1b.bytes))).toBe(true);
    expect(s1.iteration).toBe(1);
    expect(s0.iteration).toBe(0);
    expect(info.acceptProb.length).toBe(5);
    expect(s1.rngCounter).toBeGreaterThan(s0.rngCounter);
    const [s2] = s.step(s1);
    const r = await s.run({ draws: 2 });
    expect(Array.from(r.samples.data.subarray(10))).toEqual(Array.from(s2.positions.data));
  });
});

describe('non-finite energies and divergences', () => {
  it('a proposal with non-finite energy is a rejection, never a crash', async () => {
    // F = +Inf outside the unit disc: proposals that leave it must be rejected
    const wall = energies.custom({
      dim: 2,
      energy: (Y) => Array.from({ length: Y.rows }, (_, i) => {
        const r2 = Y.data[2 * i]! ** 2 + Y.data[2 * i + 1]! ** 2;
        return r2 < 1 ? r2 : i % 2 ? Infinity : NaN;
      }),
      grad: (Y) => Y.data.map((v) => 2 * v),
    });
    for (const kind of KINDS) {
      const s = make(kind, wall, { chains: 16, seed: 1, stepSize: kind === 'langevin' ? 0.2 : 0.8, init: { rows: 16, cols: 2, data: new Float32Array(32) } });
      const r = await s.run({ draws: 200 });
      expect(r.nonFinite, kind).toBeGreaterThan(0);
      for (const v of r.samples.data) expect(Math.abs(v)).toBeLessThan(1);
      s.dispose();
    }
  });

  it('HMC counts divergences when the step is far too large, and none when it is stable', async () => {
    // sd 0.01 in y₁: leapfrog is stable for ε < 2·0.01; ε = 0.5 blows up, ε = 0.01 does not
    const e = energies.gaussian({ mean: [0, 0], cov: [[1, 0], [0, 1e-4]] });
    const s = samplers.hmc(e, { chains: 8, seed: 1, stepSize: 0.5, leapfrogSteps: 20 });
    const r = await s.run({ draws: 20 });
    // (at most 8 chains × 20 draws = 160 can diverge: "≤ 160" would be no check)
    expect(r.divergences).toBeGreaterThan(0);
    expect(Array.from(r.acceptRate).every((a) => a < 0.2)).toBe(true);
    const stable = samplers.hmc(e, { chains: 8, seed: 1, stepSize: 0.01, leapfrogSteps: 20 });
    const rs = await stable.run({ draws: 20 });
    expect(rs.divergences).toBe(0);
    expect(Math.min(...rs.acceptRate)).toBeGreaterThan(0.5);
    s.dispose();
    stable.dispose();
  });

  it('dual averaging reaches the target acceptance', async () => {
    const e = energies.gaussian({ mean: MEAN10, cov: toRows(ROT10.cov, 10) });
    for (const [kind, target] of [['randomWalk', 0.234], ['mala', 0.574], ['hmc', 0.8]] as const) {
      const s = make(kind, e, { chains: 32, seed: 8, stepSize: 1 });
      const r = await s.run({ warmup: 1000, draws: 500, adapt: {} });
      const mean = r.acceptRate.reduce((a, b) => a + b, 0) / r.acceptRate.length;
      // Stan's final step is exp(mean log ε), which lands a little above the target
      expect(mean, kind).toBeGreaterThan(target - 0.08);
      expect(mean, kind).toBeLessThan(Math.min(0.99, target + 0.17));
    }
  });
});

describe('every energy works with every sampler', () => {
  it('analytic energies, a custom energy and a KMeansEBM', async () => {
    const { KMeansEBM } = await import('../sdk/index.node.js');
    const km = await new KMeansEBM({ k: 3, seed: 1 }).fit([[0, 0], [0.1, 0], [4, 4], [4.1, 4], [0, 4], [0.1, 4.1]]);
    const list = [
      energies.mixture({ weights: [1, 2], means: [[-2, 0], [2, 0]], covs: [[[1, 0], [0, 1]], [[0.5, 0.1], [0.1, 0.5]]] }),
      energies.doubleWell({ dim: 3 }), energies.banana({ dim: 3 }), energies.funnel({ dim: 4 }), energies.ring(),
      energies.custom({ dim: 2, energy: (Y) => Y.data.filter((_, i) => i % 2 === 0).map((v, i) => 0.5 * (v * v + Y.data[2 * i + 1]! ** 2)), grad: (Y) => Y.data.slice() }),
      km, km.asEnergy({ beta: 2 }),
    ];
    for (const e of list) {
      for (const kind of KINDS) {
        const s = make(kind, e, { chains: 4, seed: 1, stepSize: 0.05 });
        const r = await s.run({ draws: 20 });
        expect(r.samples.data.length).toBe(20 * 4 * e.dim);
        expect(r.samples.data.every(Number.isFinite)).toBe(true);
        s.dispose();
      }
    }
  });
});

describe('bad input → typed errors', () => {
  const e = energies.gaussian({ mean: [0, 0], cov: [[1, 0], [0, 1]] });
  const bad = expectThrows;
  it('stepSize ≤ 0, chains < 1, non-finite init, dim mismatch, missing grad, bad run options', async () => {
    for (const kind of KINDS) {
      bad(() => make(kind, e, { stepSize: 0 }), 'INVALID_ARGUMENT', /stepSize must be > 0, got 0/);
      bad(() => make(kind, e, { stepSize: -1 }), 'INVALID_ARGUMENT', /stepSize/);
      bad(() => make(kind, e, { chains: 0 }), 'INVALID_ARGUMENT', /chains must be an integer in \[1, 1048576\], got number 0/);
      bad(() => make(kind, e, { chains: 2, init: [[0, 0], [NaN, 1]] }), 'NOT_FINITE', /init\[1\]\[0\] is NaN/);
      bad(() => make(kind, e, { chains: 2, init: [[0, 0, 0], [1, 1, 1]] }), 'SHAPE', /init has shape 2×3, expected chains×dim = 2×2/);
    }
    const noGrad = energies.custom({ dim: 2, energy: (Y) => new Float32Array(Y.rows) });
    bad(() => samplers.mala(noGrad), 'INVALID_ARGUMENT', /needs ∇F, but the energy has no grad/);
    expect(() => samplers.randomWalk(noGrad)).not.toThrow();
    bad(() => samplers.hmc(e, { jitter: 1 }), 'INVALID_ARGUMENT', /jitter must be < 1/);
    // a state whose byte size would overflow WASM's i32 is refused before anything is allocated
    const wide = energies.custom({ dim: 100_000, energy: (Y) => new Float32Array(Y.rows) });
    bad(() => samplers.randomWalk(wide, { chains: 1000 }), 'INVALID_ARGUMENT', /chains × dim = 1000 × 100000 = 100000000 values is more than one sampler state holds/);
    wide.dispose();
    bad(() => samplers.hmc(e, { leapfrogSteps: 0 }), 'INVALID_ARGUMENT', /leapfrogSteps/);
    bad(() => samplers.mala(e, { stepsize: 0.1 } as never), 'INVALID_ARGUMENT', /unknown option 'stepsize'/);
    const s = samplers.langevin(e);
    await expect(s.run({ adapt: {} })).rejects.toThrow(/unadjusted Langevin accepts every move/);
    await expect(samplers.mala(e).run({ thin: 0 })).rejects.toThrow(/thin must be an integer in \[1, 1048576\]/);
    const other = samplers.mala(energies.gaussian({ mean: [0, 0, 0], cov: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }));
    bad(() => s.restore(other.state), 'INVALID_ARGUMENT', /not for 4 chains × dim 2/);
    bad(() => samplers.mala(e).restore(samplers.hmc(e).state), 'INVALID_ARGUMENT', /another sampler kind/);
    bad(() => energies.gaussian({ mean: [0, 0], cov: [[1, 2], [2, 1]] }), 'INVALID_ARGUMENT', /cov is not positive definite/);
    bad(() => energies.gaussian({ mean: [0, 0], cov: [[1, 0.5], [0.4, 1]] }), 'INVALID_ARGUMENT', /not symmetric/);
    bad(() => e.energy([[1, 2, 3]]), 'SHAPE', /Y has 3 columns, the energy has dim 2/);
  });

  it('an aborted run leaves the sampler unchanged', async () => {
    const s = samplers.hmc(e, { chains: 4, seed: 1 });
    const before = s.state.bytes;
    const ac = new AbortController();
    ac.abort();
    await expect(s.run({ draws: 10, signal: ac.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(Buffer.from(s.state.bytes).equals(Buffer.from(before))).toBe(true);
    // a throwing custom energy: the error surfaces, the sampler is restored
    let calls = 0;
    const flaky = energies.custom({ dim: 2, energy: (Y) => { if (++calls > 3) throw new Error('boom'); return new Float32Array(Y.rows); }, grad: (Y) => new Float32Array(Y.rows * 2) });
    const f = samplers.randomWalk(flaky, { chains: 2 });
    const fb = f.state.bytes;
    await expect(f.run({ draws: 10 })).rejects.toThrow('boom');
    expect(Buffer.from(f.state.bytes).equals(Buffer.from(fb))).toBe(true);
  });
});
