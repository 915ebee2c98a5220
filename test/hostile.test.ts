// Hostile input: sizes near 2^31 and 2^32, NaN/±Inf, −0, huge and tiny scales,
// wrong types. Every call either gives a correct result or throws a typed
// EbmError, and models created before it (the canaries) give the same bytes
// afterwards: a bad call must not change an unrelated object (DESIGN rule 14).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import {
  EbmError,
  KMeansEBM,
  MLPEnergy,
  energies,
  load,
  matrix,
  metrics,
  optim,
  samplers,
  toRows,
  train,
  type Matrix,
} from '../sdk/index.node.js';
import { memoryBytes } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { MAX_BLOCK_BYTES } from '../sdk/runtime/sizes.js';

await setup();

const { ContrastiveTrainer } = train;

const SEED = testSeed(20261130);
const NOTE = seedNote(SEED);
const params = (numRuns: number) => ({ seed: SEED, numRuns });

// ---- canaries: unrelated models whose bytes must never change ---------------------

const pts = (n: number, d: number, f: (i: number) => number): Matrix => matrix(n, d, Float32Array.from({ length: n * d }, (_, i) => f(i)));
const canaryData = pts(60, 2, (i) => Math.sin(i * 1.37) * 3);
const probe = pts(7, 2, (i) => Math.cos(i * 0.71) * 2);
const kmCanary = await new KMeansEBM({ k: 4, seed: 11 }).fit(canaryData);
const mlpCanary = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 5 });

function bytesOf(a: Float32Array): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Everything the canaries show: energies, F_β, gradients, parameters and files. */
function canaryBytes(): number[] {
  return [
    ...bytesOf(kmCanary.energy(probe)),
    ...bytesOf(kmCanary.freeEnergy(probe, { beta: 2 })),
    ...bytesOf(kmCanary.prototypes.data),
    ...kmCanary.toBytes(),
    ...bytesOf(mlpCanary.energy(probe)),
    ...bytesOf(mlpCanary.grad(probe).data),
    ...mlpCanary.toBytes(),
  ];
}
const CANARY = canaryBytes();

function expectCanariesIntact(what: string): void {
  const now = canaryBytes();
  // one comparison of the whole byte list (toEqual on 10k numbers prints the diff)
  expect(now.length === CANARY.length && now.every((b, i) => b === CANARY[i]), `canaries changed after ${what} ${NOTE}`).toBe(true);
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function attempt(fn: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The call threw an EbmError (of one of `codes`, if given) and the canaries are intact. */
function expectTyped(o: Outcome, what: string, codes?: string[]): EbmError {
  expect(o.ok, `${what} should have been refused ${NOTE}`).toBe(false);
  const e = (o as { error: unknown }).error;
  expect(e, `${what} threw ${String(e)} ${NOTE}`).toBeInstanceOf(EbmError);
  if (codes) expect(codes, `${what}: ${(e as EbmError).message} ${NOTE}`).toContain((e as EbmError).code);
  expectCanariesIntact(what);
  return e as EbmError;
}

/** Either a result or an EbmError; never a TypeError/RangeError/bare trap; canaries intact. */
function expectResultOrTyped(o: Outcome, what: string): void {
  if (!o.ok) expect(o.error, `${what} threw ${String(o.error)} ${NOTE}`).toBeInstanceOf(EbmError);
  expectCanariesIntact(what);
}

// counts at the edges of 32-bit arithmetic
const EDGES = [2 ** 30, 2 ** 30 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 4, 2 ** 53 - 1];

describe('sizes that would wrap in 32 bits are refused, not allocated small', () => {
  it('a WASM block above the largest block is OUT_OF_MEMORY (byte counts are not taken modulo 2^32)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(MAX_BLOCK_BYTES + 1, ...EDGES), fc.integer({ min: MAX_BLOCK_BYTES + 1, max: 2 ** 36 })), async (bytes) => {
        const e = expectTyped(await attempt(() => new WasmBlock(bytes, 'test block')), `WasmBlock(${bytes})`, ['OUT_OF_MEMORY']);
        expect(e.message).toContain('test block');
      }),
      params(30),
    );
  });

  it('the documented sampler limit runs: 2^24 chains × dim is accepted and steps, one more value is refused by name', async () => {
    // 2^20 chains (the most) of a 16-D Gaussian: 2^24 values, one ~0.6 GiB MALA state that must build and move
    const eye = (d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
    const e16 = energies.gaussian({ mean: new Array(16).fill(0), cov: eye(16) });
    const s = samplers.mala(e16, { chains: 2 ** 20, seed: 1 });
    const [, info] = s.step(s.state);
    expect(info.acceptProb.length).toBe(2 ** 20);
    s.dispose();
    e16.dispose();
    const e17 = energies.gaussian({ mean: new Array(17).fill(0), cov: eye(17) });
    const over = expectTyped(await attempt(() => samplers.mala(e17, { chains: 2 ** 20 })), '2^20 chains × dim 17', ['INVALID_ARGUMENT']);
    expect(over.message).toMatch(/chains × dim/);
    e17.dispose();
    expectCanariesIntact('a sampler at the documented limit');
  }, 60_000);

  it('k-means online: a batch larger than the data is the data (2^30 used to shift to 0 bytes)', async () => {
    const X = pts(50, 2, (i) => Math.sin(i * 2.1) * 4);
    const whole = await new KMeansEBM({ k: 3, seed: 2 }).fit(X, { algorithm: 'online', batchSize: 50, maxIter: 5 });
    const expected = bytesOf(whole.prototypes.data);
    whole.dispose();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(51, ...EDGES), fc.integer({ min: 51, max: 2 ** 40 })), async (batchSize) => {
        const m = new KMeansEBM({ k: 3, seed: 2 });
        try {
          const o = await attempt(() => m.fit(X, { algorithm: 'online', batchSize, maxIter: 5 }));
          if (batchSize > Number.MAX_SAFE_INTEGER) return;
          expect(o.ok, `fit with batchSize ${batchSize}: ${String((o as { error?: unknown }).error)} ${NOTE}`).toBe(true);
          expect(bytesOf(m.prototypes.data), `batchSize ${batchSize} ${NOTE}`).toEqual(expected);
          expectCanariesIntact(`fit({ batchSize: ${batchSize} })`);
        } finally {
          m.dispose();
        }
      }),
      params(12),
    );
  });

  it('MLP widths whose parameter count overflows i32 are OUT_OF_MEMORY naming hidden; small ones build', async () => {
    const width = fc.oneof(fc.constantFrom(46340, 46341, 65535, 65536), fc.integer({ min: 1, max: 24 }));
    await fc.assert(
      fc.asyncProperty(fc.array(width, { minLength: 1, maxLength: 3 }), async (hidden) => {
        const sizes = [2, ...hidden, 1];
        let count = 0;
        for (let l = 1; l < sizes.length; l++) count += sizes[l]! * sizes[l - 1]! + sizes[l]!;
        const o = await attempt(() => new MLPEnergy({ inputDim: 2, hidden }));
        if (count * 4 > MAX_BLOCK_BYTES) {
          const e = expectTyped(o, `new MLPEnergy({ hidden: [${hidden}] })`, ['OUT_OF_MEMORY']);
          expect(e.message).toContain('hidden');
        } else if (count < 1e6) {
          expect(o.ok, `hidden [${hidden}] ${NOTE}`).toBe(true);
          const m = (o as { value: MLPEnergy }).value;
          expect(m.numParams).toBe(count);
          m.dispose();
          expectCanariesIntact(`new MLPEnergy({ hidden: [${hidden}] })`);
        } else {
          expectResultOrTyped(o, `new MLPEnergy({ hidden: [${hidden}] })`);
          if (o.ok) (o.value as MLPEnergy).dispose();
        }
      }),
      params(25),
    );
  });

  it('MLPEnergy.predict with rows × starts × dim × 4 ≥ 2^32 is OUT_OF_MEMORY, and the module stays usable', async () => {
    const m = new MLPEnergy({ inputDim: 64, conditionDim: 64, hidden: [8], seed: 1 });
    const X = pts(4096, 64, (i) => (i % 13) / 13); // 1 MiB of conditions
    try {
      for (const starts of [4096, 2048, 1024]) {
        expectTyped(await attempt(() => m.predict(X, { starts, steps: 1 })), `predict(4096 rows, starts ${starts})`, ['OUT_OF_MEMORY']);
      }
      // a sound call afterwards (every call used to trap once the heap was overwritten)
      const fresh = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 5 });
      expect(bytesOf(fresh.energy(probe))).toEqual(bytesOf(mlpCanary.energy(probe)));
      fresh.dispose();
      const small = m.predict(pts(2, 64, (i) => i / 128), { starts: 4, steps: 2 });
      expect(small).toHaveLength(2);
    } finally {
      m.dispose();
    }
  });

  it('a replay buffer of 2^24 rows of 64-dim data (4 GiB) is OUT_OF_MEMORY naming bufferSize', async () => {
    const model = new MLPEnergy({ inputDim: 64, hidden: [4] });
    try {
      const data = pts(32, 64, (i) => Math.sin(i));
      for (const bufferSize of [2 ** 24, 2 ** 22 + 1]) {
        const e = expectTyped(
          await attempt(() => new ContrastiveTrainer(model, data, { batchSize: 8, negatives: { init: 'buffer', bufferSize } })),
          `ContrastiveTrainer(bufferSize ${bufferSize})`,
          ['OUT_OF_MEMORY'],
        );
        expect(e.message).toContain('bufferSize');
      }
    } finally {
      model.dispose();
    }
  });

  it('a 4 GiB input (byte size 2^32, 0 modulo 2^32) is refused before any copy', async () => {
    const big: Matrix = { rows: 2 ** 30, cols: 1, data: new Float32Array(2 ** 30) }; // lazily zero pages
    const km = new KMeansEBM({ k: 2 });
    try {
      expectTyped(await attempt(() => km.fit(big)), 'KMeansEBM.fit(4 GiB)', ['OUT_OF_MEMORY']);
      expectTyped(await attempt(() => kmCanary.energy({ rows: 2 ** 29, cols: 2, data: big.data })), 'energy(4 GiB)', ['OUT_OF_MEMORY']);
    } finally {
      km.dispose();
    }
  });

  it('matrix() with more values than a typed array holds is OUT_OF_MEMORY, not a RangeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1e10, 2 ** 33, 2 ** 40), fc.constantFrom(2, 2 ** 10, 2 ** 20), async (rows, cols) => {
        expectTyped(await attempt(() => matrix(rows, cols)), `matrix(${rows}, ${cols})`, ['OUT_OF_MEMORY']);
      }),
      params(9),
    );
  });
});

// ---- numbers at the edges ------------------------------------------------------------

const extreme = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e-320, 1e-200, 1e-45, 1e-40, 1e-20, 1e20, 1e38, 3.5e38, 1e200, 1e308, 1.5e308, Number.MAX_VALUE),
  fc.double({ noNaN: false }),
);

describe('numbers at the edges give correct limits or typed errors', () => {
  it('KMeansEBM.freeEnergy lies in [F∞, mean E] for every β, is the mean as β → 0 and +Inf far away; never NaN', async () => {
    const Y = pts(5, 2, (i) => Math.sin(i) * 2);
    const Finf = kmCanary.energy(Y);
    // mean_z ||y − w_z||² in f64, from the prototypes
    const W = kmCanary.prototypes.data;
    const mean = Array.from({ length: 5 }, (_, r) => {
      let s = 0;
      for (let z = 0; z < 4; z++) s += (Y.data[2 * r]! - W[2 * z]!) ** 2 + (Y.data[2 * r + 1]! - W[2 * z + 1]!) ** 2;
      return s / 4;
    });
    await fc.assert(
      fc.asyncProperty(extreme, async (beta) => {
        const o = await attempt(() => kmCanary.freeEnergy(Y, { beta }));
        if (!(beta > 0) || !Number.isFinite(beta)) {
          expectTyped(o, `freeEnergy(beta ${beta})`, ['INVALID_ARGUMENT', 'NOT_FINITE']);
          return;
        }
        expect(o.ok, `beta ${beta}: ${String((o as { error?: unknown }).error)} ${NOTE}`).toBe(true);
        const F = o.ok ? (o.value as Float32Array) : new Float32Array(0);
        for (let r = 0; r < 5; r++) {
          // f32 results of f64 values: one f32 rounding (2^-24 relative) of slack either side
          const slack = 2 ** -23 * Math.abs(mean[r]!);
          expect(F[r]!, `row ${r}, beta ${beta} ${NOTE}`).toBeGreaterThanOrEqual(Finf[r]! - slack);
          expect(F[r]!, `row ${r}, beta ${beta} ${NOTE}`).toBeLessThanOrEqual(mean[r]! + slack);
          // β → 0: the mean energy (the log-sum-exp alone cancelled to F∞ at β = 1e-20)
          if (beta <= 1e-12) expect(Math.abs(F[r]! - mean[r]!), `row ${r}, beta ${beta} ${NOTE}`).toBeLessThanOrEqual(slack);
        }
        expectCanariesIntact(`freeEnergy(beta ${beta})`);
      }),
      params(60),
    );
    // points so far away that every squared distance overflows f32: +Inf, with its Energy view too
    const far = matrix(3, 2, [3e19, 3e19, -1e30, 1e30, 3.4e38, -3.4e38]);
    for (const beta of [1e-20, 1, 1e30]) {
      expect(Array.from(kmCanary.freeEnergy(far, { beta })), `far, beta ${beta}`).toEqual([Infinity, Infinity, Infinity]);
      expect(Array.from(kmCanary.asEnergy({ beta }).energy(far)), `far view, beta ${beta}`).toEqual([Infinity, Infinity, Infinity]);
      expect(kmCanary.asEnergy({ beta }).grad(far).data.some(Number.isNaN), `far grad, beta ${beta}`).toBe(false);
    }
    expectCanariesIntact('freeEnergy at far points');
  });

  it('energies.mixture: any positive weights (up to 1e308) give the normalized mixture; others are refused', async () => {
    const covs = [[[1, 0], [0, 1]], [[1, 0], [0, 1]]];
    const ref = energies.mixture({ weights: [3, 1], means: [[0, 0], [2, 1]], covs });
    const refE = ref.energy(probe);
    ref.dispose();
    await fc.assert(
      fc.asyncProperty(extreme, async (scale) => {
        // at scale ≥ 1.35e308 the weights' sum overflows f64
        const o = await attempt(() => energies.mixture({ weights: [scale, scale / 3], means: [[0, 0], [2, 1]], covs }));
        if (!(scale > 0) || !Number.isFinite(scale) || !(scale / 3 > 0)) {
          expectTyped(o, `mixture(weights ${scale})`);
          return;
        }
        expect(o.ok, `weights ${scale}: ${String((o as { error?: unknown }).error)} ${NOTE}`).toBe(true);
        const mix = (o as { value: ReturnType<typeof energies.mixture> }).value;
        try {
          const E = mix.energy(probe);
          expect(E.every(Number.isFinite), `weights ${scale}: ${E} ${NOTE}`).toBe(true);
          // the same mixture: energies (|E| ≲ 10) agree to f32 rounding (~1e-6), below 1e-5.
          // Denormal weights (scale/3 < 2^-1022) are not the ratio 3:1 any more, only finite.
          if (scale / 3 >= 2 ** -1022) {
            for (let r = 0; r < E.length; r++) expect(Math.abs(E[r]! - refE[r]!), `row ${r}, scale ${scale} ${NOTE}`).toBeLessThanOrEqual(1e-5);
          }
        } finally {
          mix.dispose();
        }
        expectCanariesIntact(`mixture(weights ${scale})`);
      }),
      params(50),
    );
  });

  it('energies.gaussian with covariance s·I: finite energies ½|y|²/s, or refused naming the condition', async () => {
    await fc.assert(
      fc.asyncProperty(extreme, async (s) => {
        const o = await attempt(() => energies.gaussian({ mean: [0, 0], cov: [[s, 0], [0, s]] }));
        if (!o.ok) {
          expectTyped(o, `gaussian(cov ${s}·I)`, ['INVALID_ARGUMENT', 'NOT_FINITE']);
          // refused only where the f32 inverse cannot hold 1/s (or s is not a positive finite f32)
          const inv = Math.fround(1 / Math.fround(s));
          expect(!(Math.fround(s) > 0) || !Number.isFinite(Math.fround(s)) || !Number.isFinite(inv) || inv < 1.1754943508222875e-38, `cov ${s}·I refused: ${(o.error as Error).message}`).toBe(true);
          return;
        }
        const g = o.value as ReturnType<typeof energies.gaussian>;
        try {
          const E = g.energy([[0.5, 0.25]]);
          const want = (0.5 * (0.25 + 0.0625)) / Math.fround(s);
          expect(Number.isNaN(E[0]!), `cov ${s}·I gave NaN ${NOTE}`).toBe(false);
          if (Number.isFinite(want) && want > 1e-30) expect(Math.abs(E[0]! - want) / want, `cov ${s}·I ${NOTE}`).toBeLessThan(1e-5);
        } finally {
          g.dispose();
        }
        expectCanariesIntact(`gaussian(cov ${s}·I)`);
      }),
      params(50),
    );
    const e = expectTyped(await attempt(() => energies.gaussian({ mean: [0, 0], cov: [[1e-40, 0], [0, 1e-40]] })), 'gaussian(1e-40·I)', ['INVALID_ARGUMENT']);
    expect(e.message).toMatch(/cov .*inverse/);
  });

  it('metrics.mmd is a number for every positive bandwidth (its h → 0 and h → ∞ limits), else refused', async () => {
    const A = [[0, 0], [1, 1], [2, 2]];
    const B = [[0, 0], [1, 1.5], [3, 3]];
    await fc.assert(
      fc.asyncProperty(extreme, async (h) => {
        const o = await attempt(() => metrics.mmd(A, B, { bandwidth: h }));
        if (!(h > 0) || !Number.isFinite(h)) {
          expectTyped(o, `mmd(bandwidth ${h})`, ['INVALID_ARGUMENT', 'NOT_FINITE']);
          return;
        }
        expect(o.ok).toBe(true);
        const v = (o as { value: number }).value;
        expect(Number.isFinite(v), `mmd at bandwidth ${h} = ${v} ${NOTE}`).toBe(true);
        // h → 0: only the one equal pair (A[0], B[0]) counts, −2·1/(3·3); h → ∞: every kernel is 1, 0
        if (h < 1e-30) expect(v).toBeCloseTo(-2 / 9, 12);
        if (h > 1e30) expect(v).toBe(0);
      }),
      params(40),
    );
  });
});

// ---- wrong types -------------------------------------------------------------------------

describe('wrong types at public entry points are EbmErrors', () => {
  const calls: [string, (v: unknown) => unknown][] = [
    ['matrix(v, 2)', (v) => matrix(v as number, 2)],
    ['toRows(v)', (v) => toRows(v as Matrix)],
    ['optim.adam().step(v, [])', (v) => optim.adam().step(v as MLPEnergy, [])],
    ['optim.adam().step(mlp, v)', (v) => optim.adam().step(mlpCanary, v as number[])],
    ['new KMeansEBM(v)', (v) => new KMeansEBM(v as { k: number })],
    ['KMeansEBM.freeEnergy(Y, v)', (v) => kmCanary.freeEnergy(probe, v as { beta: number })],
    ['KMeansEBM.freeEnergy(v, {beta: 1})', (v) => kmCanary.freeEnergy(v as Matrix, { beta: 1 })],
    ['new MLPEnergy(v)', (v) => new MLPEnergy(v as { inputDim: number; hidden: number[] })],
    ['MLPEnergy.energy(v)', (v) => mlpCanary.energy(v as Matrix)],
    ['MLPEnergy.predict(undefined, v)', (v) => mlpCanary.predict(undefined, v as object)],
    ['energies.gaussian(v)', (v) => energies.gaussian(v as { mean: number[] })],
    ['energies.mixture(v)', (v) => energies.mixture(v as { weights: number[]; means: number[][]; covs: number[][][] })],
    ['metrics.mmd(v, v)', (v) => metrics.mmd(v as Matrix, v as Matrix)],
    ['load(v)', (v) => load(v as Uint8Array)],
  ];

  it('every call returns or throws an EbmError naming the call (never a TypeError/RangeError)', async () => {
    const value = fc.oneof(fc.anything({ maxDepth: 2, maxKeys: 3 }), extreme, fc.constantFrom(null, undefined, '2', [], [[]], [null], [[1, 'x']], { rows: -1, cols: 2, data: [] }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), value, async ([name, call], v) => {
        const o = await attempt(() => {
          const r = call(v);
          if (r && typeof (r as { dispose?: unknown }).dispose === 'function' && r !== mlpCanary && r !== kmCanary) (r as { dispose(): void }).dispose();
          return r;
        });
        expectResultOrTyped(o, `${name} with ${fc.stringify(v)}`);
      }),
      params(300),
    );
  });

  it('ContrastiveTrainer.run() without options is INVALID_ARGUMENT', async () => {
    const model = new MLPEnergy({ inputDim: 2, hidden: [4] });
    const trainer = new ContrastiveTrainer(model, canaryData, { batchSize: 8 });
    try {
      const run = trainer.run as (o?: object) => Promise<unknown>;
      expectTyped(await attempt(() => run.call(trainer)), 'trainer.run()', ['INVALID_ARGUMENT']);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  });

  it('a custom energy whose gradient has the wrong length is a SHAPE error saying the lengths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 9 }).filter((n) => n !== 4), async (n) => {
        const e = energies.custom({ dim: 2, energy: (Y) => new Float32Array(Y.rows), grad: () => new Float32Array(n).fill(1) });
        try {
          const err = expectTyped(await attempt(() => e.grad([[1, 2], [3, 4]])), `grad of ${n} values`, ['SHAPE']);
          expect(err.message).toContain(`gave ${n} values`);
        } finally {
          e.dispose();
        }
      }),
      params(8),
    );
  });
});

// ---- memory exhaustion ---------------------------------------------------------------

describe('memory exhaustion', () => {
  // Each hog reserves ~66 MiB (an MLP with one hidden layer of 65536: its row
  // workspace is 128 rows × 4·65536 floats) but writes only ~2.4 MiB (θ and its
  // transpose), so linear memory reaches its 4 GiB maximum while the process
  // touches ~150 MiB: grown WebAssembly pages are not backed until written.
  it('is OUT_OF_MEMORY, never a trap; afterwards (pointers past 2^31) files load and models agree; after dispose new models work', async () => {
    const hogs: MLPEnergy[] = [];
    let error: unknown = null;
    try {
      // 200 × 66 MiB is three times the 4 GiB maximum: the loop ends by OUT_OF_MEMORY
      for (let i = 0; i < 200 && error === null; i++) {
        try {
          hogs.push(new MLPEnergy({ inputDim: 1, hidden: [65536] }));
        } catch (e) {
          error = e;
        }
      }
      expect(error, `exhausting memory threw ${String(error)}`).toBeInstanceOf(EbmError);
      expect((error as EbmError).code).toBe('OUT_OF_MEMORY');
      expect(memoryBytes()).toBeGreaterThan(2 ** 31);
      expectCanariesIntact('exhausting memory');
      // blocks now sit past 2^31: a saved model must load with its CRC and give the same bytes
      const file = mlpCanary.toBytes();
      let loaded: MLPEnergy | null = null;
      // (the failed hog left ~100 MiB unused: below its 128 MiB workspace, above this small model)
      const o = await attempt(() => (loaded = load(file, MLPEnergy)));
      expect(o.ok, `loading a saved model with memory past 2^31 threw ${String((o as { error?: unknown }).error)}`).toBe(true);
      expect(bytesOf((loaded as unknown as MLPEnergy).energy(probe))).toEqual(bytesOf(mlpCanary.energy(probe)));
      (loaded as unknown as MLPEnergy).dispose();
    } finally {
      for (const h of hogs) h.dispose();
    }
    // more than 1 GiB of hogs: memory was exhausted by them, not by an early failure
    expect(hogs.length).toBeGreaterThan(16);
    const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 5 });
    expect(m.grad(probe).data.length).toBe(14);
    expect(bytesOf(m.energy(probe))).toEqual(bytesOf(mlpCanary.energy(probe)));
    const back = load(mlpCanary.toBytes(), MLPEnergy);
    expect(bytesOf(back.energy(probe))).toEqual(bytesOf(mlpCanary.energy(probe)));
    back.dispose();
    m.dispose();
    const km = await new KMeansEBM({ k: 4, seed: 11 }).fit(canaryData);
    expect(bytesOf(km.energy(probe))).toEqual(bytesOf(kmCanary.energy(probe)));
    km.dispose();
    expectCanariesIntact('exhausting memory and disposing');
  });
});
