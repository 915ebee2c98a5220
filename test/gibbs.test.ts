// The Gibbs sampler against exact answers on a small Ising model, its
// determinism (chunks, restore, the functional core) and its typed errors.
// Tolerances come from the Monte Carlo standard error: a check fails when
// |estimate − truth| > Z·MCSE, MCSE = sd/√ESS from the library's diagnostics
// (tested in diagnostics.test.ts). Z = 3.5: a two-sided false-failure rate of
// 4.7e-4 per check; the moment test makes 9 + 12 = 21 checks, so about 1 % of
// fresh seeds would fail one by chance (seeds are fixed, printed, and
// overridable with EBM_SEED).
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { describeChecks, type MomentCheck } from './mcmc-helpers.js';
import { EbmError, diagnostics, energies, samplers, type Matrix } from '../sdk/index.node.js';
import type { Samples } from '../sdk/samplers/sampler.js';
import {
  SAMPLER_GIBBS, SS_KIND, SS_KIND_PARAM, SS_MAGIC, SS_MAGIC_VALUE, SS_O_POS, SS_SECTION, SS_VERSION, SS_VERSION_VALUE,
} from '../sdk/runtime/abi.js';

await setup();

const Z = 3.5;

/** A side × side grid with open boundaries: couplings `coupling` between neighbours, and its edges. */
function grid(side: number, coupling: number): { J: number[][]; edges: [number, number][] } {
  const d = side * side;
  const J = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const edges: [number, number][] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const i = r * side + c;
      for (const j of [c + 1 < side ? i + 1 : -1, r + 1 < side ? i + side : -1]) {
        if (j < 0) continue;
        J[i]![j] = J[j]![i] = coupling;
        edges.push([i, j]);
      }
    }
  }
  return { J, edges };
}

// a 3×3 grid, couplings 0.3, a field that differs between sites (so no symmetry makes a wrong answer right)
const { J, edges } = grid(3, 0.3);
const H = [0.1, -0.05, 0.2, 0, 0.15, -0.1, 0.05, 0.1, -0.2];

/** The products s_i·s_j of every edge, per draw and chain, as Samples of dim = edges. */
function edgeProducts(s: Samples, pairs: [number, number][]): Samples {
  const n = s.draws * s.chains;
  const data = new Float32Array(n * pairs.length);
  for (let r = 0; r < n; r++) {
    pairs.forEach(([i, j], e) => (data[r * pairs.length + e] = s.data[r * s.dim + i]! * s.data[r * s.dim + j]!));
  }
  return { draws: s.draws, chains: s.chains, dim: pairs.length, data };
}

function checks(s: Samples, truth: ArrayLike<number>, what: string): MomentCheck[] {
  const m = diagnostics.summary(s);
  return Array.from({ length: s.dim }, (_, j) => ({
    what, coord: j, estimate: m.mean[j]!, truth: truth[j]!, mcse: m.mcse[j]!, z: Math.abs(m.mean[j]! - truth[j]!) / m.mcse[j]!,
  })) as MomentCheck[];
}

describe('Gibbs on a 3×3 Ising model: exact moments by enumeration', () => {
  it('magnetisations and nearest-neighbour correlations within Z·MCSE, and a wrong β is rejected', async () => {
    const seed = testSeed(2024);
    const e = energies.ising({ J, h: H });
    const s = samplers.gibbs(e, { chains: 32, seed });
    const r = await s.run({ warmup: 100, draws: 1500 });
    const exact = e.moments()!;
    const corr = (m: typeof exact) => edges.map(([i, j]) => m.cov![i * 9 + j]! + m.mean[i]! * m.mean[j]!);
    const all = [...checks(r.samples, exact.mean, 'E s_i'), ...checks(edgeProducts(r.samples, edges), corr(exact), 'E s_i s_j')];
    const bad = all.filter((c) => !(c.z <= Z));
    expect(bad, `${describeChecks(bad)} ${seedNote(seed)}`).toEqual([]);
    // every move is accepted, nothing is non-finite, and every draw is a spin configuration
    expect(Array.from(r.acceptRate).every((a) => a === 1)).toBe(true);
    expect(r.nonFinite).toBe(0);
    expect(r.samples.data.every((v) => v === 1 || v === -1)).toBe(true);
    // power: the same draws reject the exact answer at β = 1.5 (a 50 % stronger coupling and field)
    const wrong = e.moments(1.5)!;
    const zWrong = Math.max(...checks(edgeProducts(r.samples, edges), corr(wrong), 'E s_i s_j').map((c) => c.z));
    expect(zWrong, `β = 1.5 not rejected ${seedNote(seed)}`).toBeGreaterThan(10);
    s.dispose();
    e.dispose();
  });

  it('β scales the target: sampling F at β = 1.5 matches the exact moments at β = 1.5', async () => {
    const seed = testSeed(77);
    const e = energies.ising({ J, h: H });
    const s = samplers.gibbs(e, { chains: 32, seed, beta: 1.5 });
    const r = await s.run({ warmup: 100, draws: 1000 });
    const bad = checks(r.samples, e.moments(1.5)!.mean, 'E s_i').filter((c) => !(c.z <= Z));
    expect(bad, `${describeChecks(bad)} ${seedNote(seed)}`).toEqual([]);
  });
});

describe('Gibbs works on every Energy', () => {
  it('a JS energy computing the same F gives the same draws, bit for bit, as energies.ising', async () => {
    const e = energies.ising({ J, h: H });
    const Jf = J.map((row) => row.map((v) => Math.fround(v)));
    const Hf = H.map((v) => Math.fround(v));
    // the kernel's sums: f64, in index order, rounded to f32 at the end
    const js = energies.custom({
      dim: 9,
      energy: (Y) => Array.from({ length: Y.rows }, (_, r) => {
        let en = 0;
        for (let a = 0; a < 9; a++) {
          let f = 0;
          for (let b = 0; b < 9; b++) f += Jf[a]![b]! * Y.data[r * 9 + b]!;
          en -= Y.data[r * 9 + a]! * (0.5 * f + Hf[a]!);
        }
        return Math.fround(en);
      }),
    });
    const a = await samplers.gibbs(e, { chains: 5, seed: 3 }).run({ draws: 40 });
    const b = await samplers.gibbs(js, { chains: 5, seed: 3 }).run({ draws: 40 });
    expect(Buffer.from(b.samples.data.buffer).equals(Buffer.from(a.samples.data.buffer))).toBe(true);
  });

  it('any values and any energy: a Gaussian on {−1, 0, 1, 2}³ stays on the grid', async () => {
    const g = energies.gaussian({ mean: [0.5, 0, 1], cov: [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]] });
    const r = await samplers.gibbs(g, { values: [-1, 0, 1, 2], chains: 4, seed: 1 }).run({ draws: 50 });
    expect(r.samples.data.every((v) => [-1, 0, 1, 2].includes(v))).toBe(true);
    expect(Number.isNaN(r.stepSize)).toBe(true); // Gibbs has no step size
  });
});

describe('determinism, chunking, save and resume', () => {
  const e = energies.ising({ J, h: H });

  it('run(100) twice equals run(200) once, bit for bit', async () => {
    const a = samplers.gibbs(e, { chains: 6, seed: 9 });
    const one = await a.run({ warmup: 10, draws: 200 });
    const b = samplers.gibbs(e, { chains: 6, seed: 9 });
    const first = await b.run({ warmup: 10, draws: 100 });
    const second = await b.run({ draws: 100 });
    const joined = new Float32Array(one.samples.data.length);
    joined.set(first.samples.data);
    joined.set(second.samples.data, first.samples.data.length);
    expect(Buffer.from(joined.buffer).equals(Buffer.from(one.samples.data.buffer))).toBe(true);
    expect([a.state.rngCounter, a.state.iteration]).toEqual([b.state.rngCounter, b.state.iteration]);
    // same positions and energies (the per-run counters differ by design)
    expect(Buffer.from(a.state.positions.data.buffer).equals(Buffer.from(b.state.positions.data.buffer))).toBe(true);
    expect(Array.from(a.state.energy)).toEqual(Array.from(b.state.energy));
  });

  it('a saved state resumes bit-exactly in a new sampler (the seed and values come with it)', async () => {
    const a = samplers.gibbs(e, { chains: 4, seed: 11 });
    await a.run({ draws: 30 });
    const saved = new Uint8Array(a.state.bytes);
    const rest = await a.run({ draws: 50 });
    const b = samplers.gibbs(e, { chains: 4, seed: 999, values: [0, 1, 2] });
    b.restore(saved);
    const again = await b.run({ draws: 50 });
    expect(Buffer.from(again.samples.data.buffer).equals(Buffer.from(rest.samples.data.buffer))).toBe(true);
  });

  it('step(state) is pure and equals run one sweep at a time; the layout constants describe the bytes', async () => {
    const s = samplers.gibbs(e, { chains: 3, seed: 2 });
    const s0 = s.init(s.positions);
    const [s1, info] = s.step(s0);
    const [s1b] = s.step(s0);
    expect(Buffer.from(s1.bytes).equals(Buffer.from(s1b.bytes))).toBe(true);
    expect([s0.iteration, s1.iteration, s1.kind]).toEqual([0, 1, 'gibbs']);
    expect(Array.from(info.accepted)).toEqual([1, 1, 1]);
    const [s2] = s.step(s1);
    const r = await s.run({ draws: 2 });
    expect(Array.from(r.samples.data.subarray(27))).toEqual(Array.from(s2.positions.data));
    // the SDK mirror of the assembly constants (replaced by the generated abi.ts at merge)
    const v = new DataView(s2.bytes.buffer, s2.bytes.byteOffset);
    expect([v.getUint32(SS_MAGIC, true), v.getInt32(SS_VERSION, true), v.getInt32(SS_KIND, true), v.getInt32(SS_KIND_PARAM, true)])
      .toEqual([SS_MAGIC_VALUE, SS_VERSION_VALUE, SAMPLER_GIBBS, 2]);
    const pos = v.getUint32(SS_O_POS, true);
    expect(Array.from(new Float32Array(s2.bytes.slice(pos, pos + 27 * 4).buffer))).toEqual(Array.from(s2.positions.data));
  });
});

describe('bad input → typed errors', () => {
  const e = energies.ising({ J, h: H });
  const bad = (f: () => unknown, code: string, re: RegExp) => {
    let err: unknown;
    try {
      f();
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(EbmError);
    expect((err as EbmError).code).toBe(code);
    expect((err as Error).message).toMatch(re);
  };

  it('values not finite, fewer than 2 or repeated; init off the values or of the wrong shape; unknown options', () => {
    bad(() => samplers.gibbs(e, { values: [-1, NaN] }), 'NOT_FINITE', /values\[1\] is NaN/);
    bad(() => samplers.gibbs(e, { values: [-1, Infinity] }), 'NOT_FINITE', /values\[1\] is Infinity/);
    bad(() => samplers.gibbs(e, { values: [1] }), 'INVALID_ARGUMENT', /values must hold between 2 and 65536 numbers, got 1/);
    bad(() => samplers.gibbs(e, { values: [0, 1, 0] }), 'INVALID_ARGUMENT', /values\[2\] = 0 equals values\[0\]/);
    bad(() => samplers.gibbs(e, { values: 'ab' as never }), 'INVALID_ARGUMENT', /values must be an array of numbers/);
    const off: Matrix = { rows: 2, cols: 9, data: new Float32Array(18).fill(1) };
    off.data[10] = 0.5;
    bad(() => samplers.gibbs(e, { chains: 2, init: off }), 'INVALID_ARGUMENT', /init\[1\]\[1\] is 0.5, not one of the values \[-1, 1\]/);
    bad(() => samplers.gibbs(e, { chains: 2, init: [[1, 1], [1, 1]] }), 'SHAPE', /init has shape 2×2, expected chains×dim = 2×9/);
    bad(() => samplers.gibbs(e, { stepSize: 0.1 } as never), 'INVALID_ARGUMENT', /unknown option 'stepSize'/);
    bad(() => samplers.gibbs(e, { chains: 0 }), 'INVALID_ARGUMENT', /chains must be an integer/);
  });

  it('an energy of another dim, a state of another kind, version or shape, corrupt bytes, adapt', async () => {
    const s = samplers.gibbs(e, { chains: 4 });
    const small = energies.ising({ J: [[0, 1], [1, 0]] });
    bad(() => s.restore(samplers.gibbs(small).state), 'INVALID_ARGUMENT', /not for 4 chains × dim 9/);
    const g = energies.gaussian({ mean: new Array(9).fill(0), cov: Array.from({ length: 9 }, (_, i) => Array.from({ length: 9 }, (_, j) => (i === j ? 1 : 0))) });
    bad(() => s.restore(samplers.mala(g).state), 'INVALID_ARGUMENT', /made by another sampler kind \(mala\), not gibbs/);
    const old = new Uint8Array(s.state.bytes);
    new DataView(old.buffer).setInt32(SS_VERSION, 1, true);
    bad(() => s.restore(old), 'FILE_FORMAT', /the state has version 1; this version of ebm-wasm reads sampler states of version 2 only/);
    const moved = new Uint8Array(s.state.bytes);
    new DataView(moved.buffer).setUint32(SS_SECTION, 1 << 20, true); // the values' offset, far outside the block
    bad(() => s.restore(moved), 'INVALID_ARGUMENT', /corrupt: its size or an array offset differs/);
    const offGrid = new Uint8Array(s.state.bytes);
    new DataView(offGrid.buffer).setFloat32(new DataView(offGrid.buffer).getUint32(SS_O_POS, true), 0.5, true);
    bad(() => s.restore(offGrid), 'INVALID_ARGUMENT', /corrupt: a field is out of range/);
    const alien = new Uint8Array(s.state.bytes);
    new DataView(alien.buffer).setInt32(SS_KIND, 42, true);
    bad(() => s.restore(alien), 'INVALID_ARGUMENT', /unknown sampler kind \(code 42\)/);
    bad(() => s.restore(new Uint8Array(100)), 'INVALID_ARGUMENT', /not a sampler state/);
    const before = s.state.bytes;
    await expect(s.run({ warmup: 5, adapt: {} })).rejects.toThrow(/Gibbs sampling has none/);
    expect(Buffer.from(s.state.bytes).equals(Buffer.from(before))).toBe(true); // a refused call changes nothing
    bad(() => energies.ising({ J: [[1, 0], [0, 0]] }), 'INVALID_ARGUMENT', /J\[0\]\[0\] is 1; the diagonal must be 0/);
    bad(() => energies.ising({ J: [[0, 1], [0.5, 0]] }), 'INVALID_ARGUMENT', /J is not symmetric/);
    bad(() => energies.ising({ J: [[0, 1], [1, 0]], h: [1] }), 'SHAPE', /h has length 1, expected 2/);
  });
});
