// The RBM against definitions computed here in f64: free energies and log Z by
// brute force, ∇F by finite differences, Gibbs draws against the exact
// distribution; training (resume, abort, non-finite steps), files, bad input,
// AIS against known answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, EbmError, FileFormatError, NumericalError, RBM, load, samplers, train } from '../sdk/index.node.js';
import { kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { DESCRIPTOR } from '../sdk/energies/energy.js';
import { expectRejects, expectThrows, seedNote, setup, testSeed } from './helpers.js';

beforeAll(setup);

/** A model with θ from a fixed deterministic pattern (no RNG: exact reproduction in f64 below). */
function patterned(V: number, H: number, visibleType: 'bernoulli' | 'gaussian' = 'bernoulli', scale = 1): RBM {
  const r = new RBM({ visible: V, hidden: H, visibleType });
  const p = new Float32Array(r.numParams);
  for (let i = 0; i < p.length; i++) p[i] = scale * Math.sin(1.7 * i + 0.3);
  r.setParams(p);
  return r;
}

function parts(r: RBM): { W: Float32Array; b: Float32Array; c: Float32Array } {
  return { W: r.weights.data, b: r.visibleBias, c: r.hiddenBias };
}

/** −log Σ_h exp(−E(v, h)) by summing the 2^H hidden states in f64. */
function bruteFreeEnergy(r: RBM, v: ArrayLike<number>): number {
  const { W, b, c } = parts(r);
  const V = r.visible;
  const H = r.hidden;
  let vis = 0;
  for (let k = 0; k < V; k++) vis += r.visibleType === 'gaussian' ? -0.5 * (v[k]! - b[k]!) ** 2 : b[k]! * v[k]!;
  let s = 0;
  for (let h = 0; h < 1 << H; h++) {
    let e = vis;
    for (let j = 0; j < H; j++) {
      if (!((h >> j) & 1)) continue;
      e += c[j]!;
      for (let k = 0; k < V; k++) e += v[k]! * W[j * V + k]!;
    }
    s += Math.exp(e);
  }
  return -Math.log(s);
}

function bruteLogZ(r: RBM): number {
  const V = r.visible;
  let s = 0;
  for (let v = 0; v < 1 << V; v++) {
    const row = Array.from({ length: V }, (_, k) => (v >> k) & 1);
    s += Math.exp(-bruteFreeEnergy(r, row));
  }
  return Math.log(s);
}

describe('free energy, gradient, transform', () => {
  it('F(v) equals −log Σ_h exp(−E(v, h)) for Bernoulli and Gaussian visible units', () => {
    for (const type of ['bernoulli', 'gaussian'] as const) {
      using r = patterned(7, 5, type);
      const rows = [[1, 0, 1, 1, 0, 0, 1], [0.2, 0.9, 0.5, 0, 1, 0.3, 0.7]];
      const F = r.freeEnergy(rows);
      // f32 dot products and softplus sums of ~12 terms of size ≤ 5: about 1e-5 absolute
      rows.forEach((v, i) => expect(Math.abs(F[i]! - bruteFreeEnergy(r, v)), `${type} row ${i}`).toBeLessThan(2e-5));
      expect(Array.from(r.energy(rows))).toEqual(Array.from(F));
    }
  });

  it('∇_v F matches f64 central differences of the brute-force free energy', () => {
    for (const type of ['bernoulli', 'gaussian'] as const) {
      using r = patterned(6, 4, type, 0.7);
      const v = [0.3, 0.6, 0.1, 0.9, 0.5, 0.2];
      const g = r.grad([v]).data;
      for (let k = 0; k < 6; k++) {
        const h = 1e-5;
        const up = v.slice();
        up[k]! += h;
        const dn = v.slice();
        dn[k]! -= h;
        const fd = (bruteFreeEnergy(r, up) - bruteFreeEnergy(r, dn)) / (2 * h);
        // JAX check_grads' f32 tolerance: rtol 2e-3
        expect(Math.abs(g[k]! - fd), `${type} coordinate ${k}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('transform is σ(c + Wv) and reconstruct σ(b + Wᵀ·transform)', () => {
    using r = patterned(5, 3);
    const { W, b, c } = parts(r);
    const v = [1, 0, 1, 0, 1];
    const t = r.transform([v]).data;
    const sig = (x: number): number => 1 / (1 + Math.exp(-x));
    const p: number[] = [];
    for (let j = 0; j < 3; j++) {
      let a = c[j]!;
      for (let k = 0; k < 5; k++) a += W[j * 5 + k]! * v[k]!;
      p.push(sig(a));
      expect(Math.abs(t[j]! - p[j]!)).toBeLessThan(1e-6);
    }
    const rec = r.reconstruct([v]).data;
    for (let k = 0; k < 5; k++) {
      let a = b[k]!;
      for (let j = 0; j < 3; j++) a += W[j * 5 + k]! * p[j]!;
      expect(Math.abs(rec[k]! - sig(a))).toBeLessThan(1e-6);
    }
  });
});

describe('partition function', () => {
  it('exact log Z equals the brute-force sum, enumerating either layer', async () => {
    for (const [V, H] of [[6, 4], [4, 7]] as const) {
      using r = patterned(V, H);
      const got = await r.logPartition({ method: 'exact' });
      expect(Math.abs(got.logZ - bruteLogZ(r)), `${V}×${H}`).toBeLessThan(1e-5);
      expect(got.stderr).toBe(0);
    }
  });

  it('exact log Z of a Gaussian RBM: the closed form per hidden state, checked by quadrature in 2-D', async () => {
    using r = patterned(2, 3, 'gaussian', 0.8);
    const got = await r.logPartition({ method: 'exact' });
    // midpoint rule on [−14, 14]² (the density is a mixture of unit Gaussians with means within ±4)
    const n = 700;
    const lo = -14;
    const step = 28 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) s += Math.exp(-bruteFreeEnergy(r, [lo + (i + 0.5) * step, lo + (j + 0.5) * step]));
    }
    expect(Math.abs(got.logZ - Math.log(s * step * step))).toBeLessThan(1e-4);
  });

  it('AIS on a Gaussian RBM agrees with its exact log Z within 3 standard errors', async () => {
    const seed = testSeed(3);
    using r = patterned(10, 8, 'gaussian', 0.4);
    const exact = (await r.logPartition({ method: 'exact' })).logZ;
    const ais = await r.logPartition({ method: 'ais', chains: 100, temperatures: 3000, seed });
    expect(Math.abs(ais.logZ - exact), `${JSON.stringify(ais)} vs ${exact} ${seedNote(seed)}`).toBeLessThan(Math.min(0.5, 3 * ais.stderr + 1e-3));
  });

  it('AIS on a 64 × 100 RBM whose log Z factorizes: each hidden unit sees one visible unit', async () => {
    // W_jk ≠ 0 only for k = j mod 64, so Z = Π_k Σ_{v_k} e^{b_k v_k} Π_{j: j mod 64 = k} (1 + e^{c_j + W_jk v_k}):
    // a known answer, while neither layer (64, 100 units) can be enumerated
    const seed = testSeed(4);
    const V = 64;
    const H = 100;
    using r = new RBM({ visible: V, hidden: H });
    const p = new Float32Array(r.numParams);
    for (let j = 0; j < H; j++) p[j * V + (j % V)] = 2.5 * Math.sin(3.1 * j + 1);
    for (let k = 0; k < V; k++) p[H * V + k] = 0.8 * Math.cos(2.3 * k);
    for (let j = 0; j < H; j++) p[H * V + V + j] = 0.6 * Math.sin(1.3 * j) - 0.5;
    r.setParams(p);
    const q = r.params;
    const sp = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    let logZ = 0;
    for (let k = 0; k < V; k++) {
      let t0 = 0;
      let t1 = q[H * V + k]!;
      for (let j = k; j < H; j += V) {
        t0 += sp(q[H * V + V + j]!);
        t1 += sp(q[H * V + V + j]! + q[j * V + k]!);
      }
      logZ += Math.max(t0, t1) + Math.log1p(Math.exp(-Math.abs(t0 - t1)));
    }
    await expectRejects(r.logPartition({ method: 'exact' }), 'INVALID_ARGUMENT', /enumerates the visible layer, which has 64 units .* use method 'ais'/);
    const ais = await r.logPartition({ method: 'ais', chains: 100, temperatures: 3000, seed });
    expect(Math.abs(ais.logZ - logZ), `${JSON.stringify(ais)} vs ${logZ} ${seedNote(seed)}`).toBeLessThan(Math.min(0.5, 3 * ais.stderr + 1e-3));
  });

  it('logLikelihood is −F − log Z, given or computed', async () => {
    using r = patterned(6, 4);
    const rows = [[1, 0, 1, 0, 0, 1], [0, 1, 1, 1, 0, 0]];
    const ll = await r.logLikelihood(rows);
    const lz = bruteLogZ(r);
    rows.forEach((v, i) => expect(Math.abs(ll.values[i]! - (-bruteFreeEnergy(r, v) - lz))).toBeLessThan(2e-5));
    const again = await r.logLikelihood(rows, { logZ: ll.logZ });
    expect(again.mean).toBe(ll.mean);
  });
});

describe('Gibbs sampling', () => {
  it('draws match the exact distribution of a small RBM within Monte Carlo error', () => {
    const seed = testSeed(5);
    using r = patterned(4, 3, 'bernoulli', 0.9);
    const n = 20000;
    const S = r.sample(n, { steps: 30, seed });
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s |= S.data[i * 4 + k]! << k;
      counts[s]!++;
    }
    const lz = bruteLogZ(r);
    for (let s = 0; s < 16; s++) {
      const p = Math.exp(-bruteFreeEnergy(r, [0, 1, 2, 3].map((k) => (s >> k) & 1)) - lz);
      // independent chains: binomial standard error; 4.5σ over 16 cells keeps false alarms below 1e-4
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(counts[s]! / n - p), `state ${s} ${seedNote(seed)}`).toBeLessThan(4.5 * se + 1e-4);
    }
  });

  it('is deterministic in the seed, and different seeds differ', () => {
    using r = patterned(8, 5);
    const V = [[1, 0, 1, 0, 1, 0, 1, 0], [0, 0, 1, 1, 0, 0, 1, 1]];
    const a = r.gibbs(V, { steps: 5, seed: 9 }).data;
    expect(Array.from(r.gibbs(V, { steps: 5, seed: 9 }).data)).toEqual(Array.from(a));
    expect(Array.from(r.gibbs(V, { steps: 5, seed: 10 }).data)).not.toEqual(Array.from(a));
    expect(a.every((x) => x === 0 || x === 1)).toBe(true);
  });

  it('samplers run on an RBM through its descriptor (MALA on a Gaussian RBM)', async () => {
    using r = patterned(3, 2, 'gaussian', 0.5);
    using s = samplers.mala(r, { chains: 4, seed: 1, stepSize: 0.2 });
    const res = await s.run({ draws: 50 });
    expect(res.samples.data.every(Number.isFinite)).toBe(true);
  });
});

const data = (() => {
  const rows: number[][] = [];
  for (let i = 0; i < 60; i++) rows.push(Array.from({ length: 8 }, (_, k) => ((i * 7 + k * 3) % 5 < 2 ? 1 : 0)));
  return rows;
})();

describe('training draws are keyed per chain (assembly/train/rbm.ts)', () => {
  it('persistent chains drawn in two parts (chain0) equal the chains drawn at once', () => {
    const K = kernels();
    const V = 13; // not a multiple of 4: every chain starts on its own Philox block
    using r = new RBM({ visible: V, hidden: 3, seed: 5 });
    const theta = r.params;
    for (let i = 0; i < V; i++) theta[3 * V + i] = 0.7 * Math.sin(i + 1); // b: unequal probabilities
    r.setParams(theta);
    const m = r[DESCRIPTOR]('test');
    const n = 9;
    const all = new WasmBlock(n * V * 4), part = new WasmBlock(n * V * 4), u = new WasmBlock(n * 16 * 4), st = new WasmBlock(32);
    try {
      K.rngInit(st.ptr, 5, 0, 1);
      K.rbmInitChains(m, all.ptr, n, st.ptr, u.ptr, 0);
      K.rbmInitChains(m, part.ptr, 4, st.ptr, u.ptr, 0);
      K.rbmInitChains(m, part.ptr + 4 * V * 4, n - 4, st.ptr, u.ptr, 4);
      const a = Array.from(all.f32(n * V));
      expect(Array.from(part.f32(n * V))).toEqual(a);
      // and the chains differ from one another (the keys are not all the same)
      expect(a.slice(0, V)).not.toEqual(a.slice(V, 2 * V));
    } finally {
      for (const b of [all, part, u, st]) b.free();
    }
  });

  it('a chain\'s Gibbs draws do not depend on the other chains (PCD with lr = 0 keeps θ fixed)', () => {
    const K = kernels();
    const V = 10, H = 6, B = 6, n = 12;
    using r = new RBM({ visible: V, hidden: H, seed: 8 });
    const theta = r.params;
    for (let i = 0; i < theta.length; i++) theta[i] = 0.8 * Math.sin(1.3 * i + 0.4);
    r.setParams(theta);
    const m = r[DESCRIPTOR]('test');
    const X = new Float32Array(n * V).map((_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
    const run = (start: Float32Array): Float32Array => {
      const xb = new WasmBlock(n * V * 4), perm = new WasmBlock(n * 4), ch = new WasmBlock(B * V * 4), vel = new WasmBlock(r.numParams * 4), st = new WasmBlock(32);
      try {
        xb.f32(n * V).set(X);
        perm.i32(n).set(Array.from({ length: n }, (_, i) => i));
        ch.f32(B * V).set(start);
        vel.f32(r.numParams).fill(0);
        K.rngInit(st.ptr, 8, 0, 16);
        expect(K.rbmTrainBatches(m, xb.ptr, n, perm.ptr, B, 0, 2, 3, 1, ch.ptr, vel.ptr, 0, 0, 0, st.ptr)).toBe(-1);
        return ch.f32(B * V).slice();
      } finally {
        for (const b of [xb, perm, ch, vel, st]) b.free();
      }
    };
    const start = new Float32Array(B * V).map((_, i) => ((i * 3) % 4 === 0 ? 1 : 0));
    const other = start.slice();
    for (let i = 3 * V; i < B * V; i++) other[i] = 1 - other[i]!; // chains 3–5 start elsewhere
    const a = run(start), b = run(other);
    expect(Array.from(b.subarray(0, 3 * V))).toEqual(Array.from(a.subarray(0, 3 * V)));
    // chains that start alike move apart: each chain has its own draws
    const same = run(new Float32Array(B * V).fill(0));
    const distinct = new Set(Array.from({ length: B }, (_, c) => same.subarray(c * V, c * V + V).join(','))).size;
    expect(distinct).toBeGreaterThan(1);
    expect(Array.from(r.params)).toEqual(Array.from(theta)); // lr = 0: θ untouched
  });
});

describe('training', () => {
  for (const method of ['cd', 'pcd'] as const) {
    it(`${method}: fit(4) then fit(3, resume) is bit-identical to fit(7), also through a file`, async () => {
      using a = new RBM({ visible: 8, hidden: 5, seed: 3 });
      await a.fit(data, { method, epochs: 7, batchSize: 8, k: 2 });
      using b = new RBM({ visible: 8, hidden: 5, seed: 3 });
      await b.fit(data, { method, epochs: 4, batchSize: 8, k: 2 });
      using c = load(b.toBytes(), RBM);
      await b.fit(data, { method, epochs: 3, batchSize: 8, k: 2, resume: true });
      await c.fit(data, { method, epochs: 3, batchSize: 8, k: 2, resume: true });
      expect(Array.from(b.params)).toEqual(Array.from(a.params));
      expect(Array.from(c.params)).toEqual(Array.from(a.params));
    });
  }

  it('reports 1-based progress; an abort keeps the finished epochs (or, before the first, the model as it was)', async () => {
    using r = new RBM({ visible: 8, hidden: 5, seed: 3 });
    const before = r.params;
    const ac = new AbortController();
    const seen: number[] = [];
    const err = await expectRejects(
      r.fit(data, { epochs: 5, batchSize: 4, signal: ac.signal, onProgress: (p) => (seen.push(p.epoch), p.epoch === 2 && p.batch >= 3 && ac.abort()) }),
      'ABORTED', /keeps its parameters after [12] finished epochs? of this fit/,
    );
    expect(err).toBeInstanceOf(EbmError);
    expect(seen[0]).toBe(1);
    // the abort is seen between chunks of minibatches: inside epoch 2 (1 kept) or at its end (2 kept)
    const kept = Number(/after (\d+) finished/.exec(err.message)![1]);
    using ref = new RBM({ visible: 8, hidden: 5, seed: 3 });
    await ref.fit(data, { epochs: kept, batchSize: 4 });
    expect(Array.from(r.params)).toEqual(Array.from(ref.params));
    using u = new RBM({ visible: 8, hidden: 5, seed: 3 });
    const ac2 = new AbortController();
    await expectRejects(u.fit(data, { epochs: 5, batchSize: 4, signal: ac2.signal, onProgress: () => ac2.abort() }), 'ABORTED', /the model is unchanged/);
    expect(Array.from(u.params)).toEqual(Array.from(before));
  });

  it('a non-finite step stops with a NumericalError naming the epoch; the model keeps its last good parameters', async () => {
    using r = new RBM({ visible: 8, hidden: 5, seed: 3 });
    await r.fit(data, { epochs: 1 });
    const good = r.params;
    let caught: unknown;
    try {
      await r.fit(data, { epochs: 2, lr: 1e38, momentum: 0.9, resume: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NumericalError);
    // which step overflows first depends on the draws; whichever it is, the model keeps the parameters of
    // the last finished epoch of this fit (before the first: those it had)
    const hit = /non-finite in epoch (\d+), minibatch \d+/.exec((caught as NumericalError).message);
    expect(hit, (caught as NumericalError).message).not.toBeNull();
    const epoch = Number(hit![1]);
    expect(epoch).toBeLessThanOrEqual(2);
    if (epoch === 1) {
      expect(Array.from(r.params)).toEqual(Array.from(good));
    } else {
      using ref = new RBM({ visible: 8, hidden: 5, seed: 3 });
      await ref.fit(data, { epochs: 1 });
      await ref.fit(data, { epochs: epoch - 1, lr: 1e38, momentum: 0.9, resume: true });
      expect(Array.from(r.params)).toEqual(Array.from(ref.params));
      expect(Array.from(r.params)).not.toEqual(Array.from(good));
    }
  });
});

describe('files, JSON and bad input', () => {
  it('toJSON / fromJSON and toBytes / load round-trip exactly', () => {
    using r = patterned(5, 3, 'gaussian');
    using j = RBM.fromJSON(JSON.parse(JSON.stringify(r.toJSON())));
    expect(Array.from(j.params)).toEqual(Array.from(r.params));
    expect(j.visibleType).toBe('gaussian');
    using f = load(r.toBytes());
    expect(f).toBeInstanceOf(RBM);
    expect(Array.from((f as RBM).params)).toEqual(Array.from(r.params));
  });

  it('a file is validated by meaning before anything is built', () => {
    using r = patterned(5, 3);
    const bytes = r.toBytes();
    const text = new TextDecoder().decode(bytes);
    const forged = new TextEncoder().encode(text.replace('"hidden":3', '"hidden":9'));
    // the CRC catches the edit first; a consistent forgery is refused by its parameter count
    expect(() => RBM.fromBytes(forged)).toThrow(FileFormatError);
  });

  it('bad input is a typed error naming the argument, and the model is unchanged', async () => {
    using r = patterned(4, 3);
    const before = r.params;
    expectThrows(() => r.freeEnergy([[0, 1, 2, 0]]), 'INVALID_ARGUMENT', /RBM.freeEnergy: V\[0\]\[2\] is 2: Bernoulli visible units take values in \[0, 1\]/);
    expectThrows(() => r.transform([[0, 1, NaN, 0]]), 'NOT_FINITE', /RBM.transform: V\[0\]\[2\] is NaN/);
    expectThrows(() => r.energy([[0, 1, 0]]), 'SHAPE', /V has 3 columns, the RBM has 4 visible units/);
    await expectRejects(r.fit([[0, 1, 0, 1]], { k: 0 }), 'INVALID_ARGUMENT', /RBM.fit: k must be an integer/);
    await expectRejects(r.fit([[0, 1, -0.5, 1]]), 'INVALID_ARGUMENT', /RBM.fit: X\[0\]\[2\] is -0.5/);
    await expectRejects(r.fit([[0, 1, 0, 1]], { resume: true }), 'INVALID_ARGUMENT', /resume: true needs a model that was fitted/);
    expectThrows(() => r.pseudoLikelihood([[0, 1, 0, 1]], { indices: [4] }), 'INVALID_ARGUMENT', /indices\[0\] must be an integer in \[0, 3\]/);
    expectThrows(() => RBM.fromJSON({ kind: 'rbm', version: 1, W: [[1, 2]], b: [0], c: [0] }), 'SHAPE', /b has 1 values, expected 2/);
    expectThrows(() => new RBM({ visible: 0, hidden: 2 }), 'INVALID_ARGUMENT', /visible must be an integer/);
    expect(Array.from(r.params)).toEqual(Array.from(before));
    expect(ArgumentError).toBeDefined();
  });
});

describe('the learnable protocol', () => {
  it('paramGrad is Σ w_r ∂F(v_r)/∂θ (f64 central differences of the brute-force free energy)', () => {
    for (const type of ['bernoulli', 'gaussian'] as const) {
      using r = patterned(5, 3, type, 0.6);
      const rows = [[1, 0, 1, 1, 0], [0.2, 0.7, 0.1, 0.9, 0.4]];
      const w = [0.7, -1.3];
      const g = r.paramGrad(rows, w);
      const theta = r.params;
      for (const i of [0, 7, 14, 15, 17, 19, 20, 22]) {
        const h = 1e-3;
        const at = (delta: number): number => {
          const t = Float32Array.from(theta);
          t[i] = theta[i]! + delta;
          r.setParams(t);
          return rows.reduce((s, v, k) => s + w[k]! * bruteFreeEnergy(r, v), 0);
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        r.setParams(theta);
        // f32 θ steps of 1e-3 in an f64 quotient: the FD error is ~1e-6; the kernel's f32 sums ~1e-6
        expect(Math.abs(g[i]! - fd), `${type} θ[${i}]`).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('the shared contrastive trainer trains an RBM through the protocol (no RBM-specific code)', async () => {
    using r = new RBM({ visible: 2, hidden: 8, visibleType: 'gaussian', seed: 1 });
    const X = Array.from({ length: 64 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    using tr = await train.contrastive(r, X, { epochs: 2 });
    expect(r.params.every(Number.isFinite)).toBe(true);
    expect(tr).toBeDefined();
  });
});

describe('memory', () => {
  it('create/query/dispose cycles, fits and AIS runs do not grow WASM memory', async () => {
    const { memoryBytes } = await import('../sdk/runtime/core.js');
    const cycle = async (i: number): Promise<void> => {
      const r = new RBM({ visible: 8, hidden: 5, seed: i });
      r.freeEnergy(data.slice(0, 4));
      r.grad(data.slice(0, 2));
      r.gibbs(data.slice(0, 3), { steps: 2 });
      if (i % 200 === 0) {
        await r.fit(data, { epochs: 1 });
        await r.logPartition({ method: 'ais', chains: 4, temperatures: 10 });
        await r.logPartition({ method: 'exact' });
      }
      r.dispose();
    };
    for (let i = 0; i < 300; i++) await cycle(i);
    const before = memoryBytes();
    for (let i = 0; i < 20_000; i++) await cycle(i);
    expect(memoryBytes()).toBe(before);
  }, 60_000);
});
