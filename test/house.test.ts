// The protocols every model plugs into: the resource base (dispose, BUSY,
// liveness after callbacks), the learnable protocol, the run loop's abort
// semantics, typed file loading, and trainer files validated by meaning.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectRejects, expectThrows, setup } from './helpers.js';
import { ConditionedMLPEnergy, datasets, EbmError, energies, FileFormatError, KMeansEBM, KMeansFreeEnergy, load, MLPEnergy, optim, samplers, train } from '../sdk/index.node.js';
import { readFile, writeFile } from '../sdk/io/format.js';

beforeAll(setup);

const data = () => datasets.eightGaussians({ n: 256, seed: 3 }).X;
const smallModel = () => new MLPEnergy({ inputDim: 2, hidden: [8], seed: 1 });
const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('one run at a time', () => {
  it('a second run on a busy trainer is refused with BUSY, and the first one finishes', async () => {
    const model = smallModel();
    const trainer = new train.ContrastiveTrainer(model, data(), { batchSize: 32, negatives: { steps: 2 } });
    const first = trainer.run({ steps: 30 });
    await expectRejects(trainer.run({ steps: 1 }), 'BUSY', /busy with ContrastiveTrainer\.run/);
    await first;
    expect(trainer.steps).toBe(30);
    trainer.dispose();
    model.dispose();
  });

  it('a run started from inside onProgress is refused', async () => {
    const model = smallModel();
    const trainer = new train.ContrastiveTrainer(model, data(), { batchSize: 32, negatives: { steps: 1 } });
    let nested: Promise<unknown> | null = null;
    await trainer.run({
      steps: 3,
      onProgress: () => {
        nested ??= trainer.run({ steps: 1 });
      },
    });
    await expectRejects(nested!, 'BUSY', /./);
    expect(trainer.steps).toBe(3);
    trainer.dispose();
    model.dispose();
  });

  it('K-means fit and grid maximum likelihood hold their model the same way', async () => {
    const km = new KMeansEBM({ k: 3 });
    const X = data();
    const fit = km.fit(X, { maxIter: 50, tol: 0 });
    await expectRejects(km.fit(X), 'BUSY', /./);
    await fit;
    expect(km.isFitted).toBe(true);
    const model = smallModel();
    const bounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
    const ml = train.maxLikelihoodGrid(model, X, { bounds, resolution: 16, steps: 20 });
    await expectRejects(train.maxLikelihoodGrid(model, X, { bounds, resolution: 16, steps: 1 }), 'BUSY', /./);
    expect((await ml).nll).toHaveLength(20);
    km.dispose();
    model.dispose();
  });
});

describe('samplers: one run at a time, callbacks that dispose', () => {
  const gauss = () => energies.gaussian({ mean: [0, 0], cov: [[1, 0], [0, 1]] });

  it('overlapping and nested runs on one sampler are refused with BUSY; restore during a run too', async () => {
    const e = gauss();
    const s = samplers.mala(e, { chains: 8, seed: 2 });
    const first = s.run({ draws: 200 });
    await expectRejects(s.run({ draws: 1 }), 'BUSY', /./);
    expectThrows(() => s.restore(s.state), 'BUSY', /./);
    const a = await first;
    let nested: Promise<unknown> | null = null;
    await s.run({ draws: 5, onProgress: () => void (nested ??= s.run({ draws: 1 })) });
    await expectRejects(nested!, 'BUSY', /./);
    // the refused calls changed nothing: the first run's draws equal a fresh sampler's
    const t = samplers.mala(e, { chains: 8, seed: 2 });
    const b = await t.run({ draws: 200 });
    expect(bytesOf(a.samples.data).equals(bytesOf(b.samples.data))).toBe(true);
    for (const x of [s, t, e]) x.dispose();
  });

  it('a sampler disposed by its own energy callback stops safely and is freed after the run', async () => {
    const canary = smallModel();
    const before = bytesOf(canary.params);
    let s: ReturnType<typeof samplers.randomWalk> | null = null;
    let calls = 0;
    const e = energies.custom({
      dim: 2,
      energy: (Y) => {
        calls++;
        if (calls === 20) s!.dispose();
        const out = new Float32Array(Y.rows);
        for (let i = 0; i < Y.rows; i++) out[i] = 0.5 * (Y.data[2 * i]! ** 2 + Y.data[2 * i + 1]! ** 2);
        return out;
      },
    });
    s = samplers.randomWalk(e, { chains: 4, seed: 1 });
    await expectRejects(s.run({ draws: 1000, onProgress: () => {} }), 'DISPOSED', /./);
    expect(s.disposed).toBe(true);
    expectThrows(() => s!.state, 'DISPOSED', /./);
    expect(bytesOf(canary.params).equals(before)).toBe(true);
    e.dispose();
    canary.dispose();
  });

  it('restore(null) and restore(garbage) are typed errors that leave the sampler as it was', () => {
    const e = gauss();
    const s = samplers.hmc(e, { chains: 3, seed: 4 });
    const before = Buffer.from(s.state.bytes);
    expectThrows(() => s.restore(null as never), 'INVALID_ARGUMENT', /SamplerState/);
    expect(() => s.restore(new Uint8Array(7))).toThrow(EbmError);
    expect(Buffer.from(s.state.bytes).equals(before)).toBe(true);
    s.dispose();
    e.dispose();
  });
});

describe('dispose inside a callback', () => {
  it('disposing a trainer in its own onProgress stops the run at the next safe point and frees it afterwards', async () => {
    const model = smallModel();
    const trainer = new train.ContrastiveTrainer(model, data(), { batchSize: 32, negatives: { steps: 1 } });
    let calls = 0;
    await expectRejects(
      trainer.run({
        steps: 50,
        onProgress: () => {
          calls++;
          trainer.dispose();
        },
      }),
      'DISPOSED',
      /steps of this run taken before it are kept/,
    );
    expect(calls).toBe(1);
    expect(trainer.disposed).toBe(true);
    expectThrows(() => trainer.steps, 'DISPOSED', /./);
    // the model it trained is still fine
    expect(model.energy([[0, 0]])[0]).toSatisfy(Number.isFinite);
    model.dispose();
  });

  it('disposing the trained model inside onProgress stops the trainer before it touches freed memory', async () => {
    const model = smallModel();
    const canary = smallModel();
    const before = bytesOf(canary.params);
    const trainer = new train.ContrastiveTrainer(model, data(), { batchSize: 32, negatives: { steps: 1 } });
    await expectRejects(trainer.run({ steps: 20, onProgress: () => model.dispose() }), 'DISPOSED', /MLPEnergy was disposed/);
    expect(bytesOf(canary.params).equals(before)).toBe(true);
    await expectRejects(trainer.run({ steps: 1 }), 'DISPOSED', /./);
    trainer.dispose();
    canary.dispose();
  });

  it('disposing a K-means model during its fit leaves it disposed, not half-fitted', async () => {
    const km = new KMeansEBM({ k: 4 });
    await expectRejects(km.fit(data(), { maxIter: 20, tol: 0, onProgress: () => km.dispose() }), 'DISPOSED', /./);
    expect(km.disposed).toBe(true);
    expectThrows(() => km.prototypes, 'DISPOSED', /./);
  });
});

describe('abort says what is kept', () => {
  it('an aborted trainer run keeps its finished steps, and says so', async () => {
    const model = smallModel();
    const trainer = new train.ContrastiveTrainer(model, data(), { batchSize: 32, negatives: { steps: 1 } });
    const ac = new AbortController();
    let seen = 0;
    const err = await expectRejects(
      trainer.run({
        steps: 100,
        signal: ac.signal,
        onProgress: (p) => {
          seen = p.step;
          if (p.step === 4) ac.abort(new Error('enough'));
        },
      }),
      'ABORTED', /./);
    expect(err.message).toMatch(/enough/);
    expect(err.message).toMatch(/steps of this run taken before it are kept/);
    expect(trainer.steps).toBeGreaterThanOrEqual(seen);
    expect(trainer.steps).toBeLessThan(100);
    trainer.dispose();
    model.dispose();
  });

  it('an aborted K-means fit leaves the model unchanged, and says so', async () => {
    const km = new KMeansEBM({ k: 3, seed: 1 });
    const X = data();
    await km.fit(X, { maxIter: 5 });
    const before = bytesOf(km.prototypes.data);
    const ac = new AbortController();
    ac.abort();
    await expectRejects(km.fit(X, { signal: ac.signal }), 'ABORTED', /the model is unchanged/);
    expect(bytesOf(km.prototypes.data).equals(before)).toBe(true);
    km.dispose();
  });
});

describe('the learnable protocol', () => {
  it('optimizers and trainers take any learnable model and refuse other objects by name', () => {
    const opt = optim.adam({ lr: 0.01 });
    expectThrows(() => opt.step({ numParams: 3, dim: 2 } as never, new Float32Array(3)), 'INVALID_ARGUMENT', /must be a learnable energy/);
    expectThrows(() => new train.ContrastiveTrainer({ dim: 2 } as never, data()), 'INVALID_ARGUMENT', /learnable energy/);
    const model = smallModel();
    const g = model.paramGrad(data(), new Float32Array(256).fill(1 / 256));
    const before = model.params;
    opt.step(model, g);
    // Adam's first step moves every parameter with a non-zero gradient by about lr
    const after = model.params;
    let moved = 0;
    for (let i = 0; i < before.length; i++) if (g[i] !== 0 && Math.abs(after[i]! - before[i]! ) > 0.005) moved++;
    expect(moved).toBe(g.filter((v) => v !== 0).length);
    opt.dispose();
    model.dispose();
  });
});

describe('views come from their models', () => {
  it('ConditionedMLPEnergy and KMeansFreeEnergy refuse direct construction and name the factory', async () => {
    const F = new MLPEnergy({ inputDim: 2, conditionDim: 1, hidden: [4], seed: 2 });
    const km = new KMeansEBM({ k: 2, seed: 1 });
    try {
      expectThrows(() => new (ConditionedMLPEnergy as never as new (...a: unknown[]) => unknown)(F, new Float32Array([0]), 'x'), 'INVALID_ARGUMENT', /use model\.given\(x\)/);
      await km.fit(data());
      expectThrows(() => new (KMeansFreeEnergy as never as new (...a: unknown[]) => unknown)(km, 1, 'x'), 'INVALID_ARGUMENT', /use model\.asEnergy/);
      // the factories still make them
      const g = F.given([0.5]);
      expect(g.energy([[0, 0]]).length).toBe(1);
      g.dispose();
      const e = km.asEnergy({ beta: 1 });
      expect(e.energy([[0, 0]]).length).toBe(1);
      e.dispose();
    } finally {
      F.dispose();
      km.dispose();
    }
  });
});

describe('load', () => {
  it('load(bytes, Class) returns that class, and refuses a file of another kind', async () => {
    const model = smallModel();
    const km = new KMeansEBM({ k: 2 });
    await km.fit(data(), { maxIter: 3 });
    const m2: MLPEnergy = load(model.toBytes(), MLPEnergy);
    expect(bytesOf(m2.params).equals(bytesOf(model.params))).toBe(true);
    const e = expectThrows(() => load(km.toBytes(), MLPEnergy), 'FILE_FORMAT', /kmeans-ebm/);
    expect(e).toBeInstanceOf(FileFormatError);
    expectThrows(() => load(model.toBytes(), {} as never), 'INVALID_ARGUMENT', /fromBytes/);
    for (const x of [model, m2, km]) x.dispose();
  });
});

describe('trainer files are validated by meaning before anything changes', () => {
  /** Rewrites a file's header (the CRC is recomputed: it only catches accidents). */
  function craft(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
    const f = readFile(bytes, 'craft');
    const h = JSON.parse(JSON.stringify(f.header)) as Record<string, unknown>;
    // the whole payload as one array (its byte length is at offset 8 of the file)
    const all = f.take(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true) / 4, 'all');
    edit(h);
    return writeFile(h as never, [all]);
  }
  /** Rewrites one payload array value (by f32 index into the payload). */
  function poke(bytes: Uint8Array, index: number, value: number, asInt = false): Uint8Array {
    const f = readFile(bytes, 'poke');
    const total = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true) / 4;
    const p = f.take(total, 'all');
    if (asInt) new Int32Array(p.buffer)[index] = value;
    else p[index] = value;
    return writeFile(f.header, [p]);
  }

  it('crafted counters, orders and moments are refused, and the model keeps its parameters', async () => {
    const X = data();
    const model = smallModel();
    const trainer = new train.ContrastiveTrainer(model, X, { batchSize: 32, negatives: { init: 'buffer', bufferSize: 64, steps: 2 } });
    await trainer.run({ steps: 5 });
    const good = trainer.toBytes();
    trainer.dispose();
    const target = smallModel();
    const np = target.numParams;
    const before = bytesOf(target.params);
    const cases: [string, Uint8Array, RegExp][] = [
      ['bufCount past the buffer', craft(good, (h) => (h.bufCount = 1e9)), /bufCount/],
      ['negative cursor', craft(good, (h) => (h.cursor = -1)), /cursor/],
      ['cursor past the data', craft(good, (h) => (h.cursor = X.rows + 1)), /cursor/],
      ['optimizer steps at the i32 limit', craft(good, (h) => (h.optSteps = 2 ** 31)), /optSteps/],
      ['non-numeric step count', craft(good, (h) => (h.stepCount = '5')), /stepCount/],
      ['sampler bytes not in the file', craft(good, (h) => (h.samplerBytes = 2 ** 30)), /samplerBytes/],
      ['settings missing', craft(good, (h) => delete h.settings), /settings/],
      ['an unknown loss', craft(good, (h) => ((h.settings as Record<string, unknown>).loss = 'nope')), /loss/],
      ['a buffer larger than the maximum', craft(good, (h) => ((h.settings as Record<string, unknown>).bufferSize = 2 ** 30)), /bufferSize/],
      // payload: [params np][m np][v np][rng 8][perm rows][buffer][sampler]
      ['an epoch order pointing past the data', poke(good, 3 * np + 8 + 7, X.rows + 5, true), /permutation/],
      ['an epoch order with a repeated row', poke(good, 3 * np + 8 + 1, new Int32Array(readFile(good, 'x').take(3 * np + 8 + 1, 'p').buffer)[3 * np + 8]!, true), /permutation/],
      ['a negative second moment', poke(good, 2 * np + 3, -1), /second moment/],
      ['a NaN first moment', poke(good, np + 2, NaN), /first moment/],
      ['a NaN parameter', poke(good, 0, NaN), /parameter 0/],
    ];
    for (const [name, bytes, message] of cases) {
      const e = expectThrows(() => train.ContrastiveTrainer.fromBytes(bytes, target, X), 'FILE_FORMAT', message);
      expect(e, name).toBeInstanceOf(FileFormatError);
      expect(bytesOf(target.params).equals(before), `${name}: the model must be unchanged`).toBe(true);
    }
    // the untouched file still loads and resumes
    const ok = train.ContrastiveTrainer.fromBytes(good, target, X);
    expect(ok.steps).toBe(5);
    ok.dispose();
    target.dispose();
    model.dispose();
  });
});

describe('model and optimizer files are validated by meaning', () => {
  function craft(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void, payload?: (p: Float32Array) => Float32Array): Uint8Array {
    const f = readFile(bytes, 'craft');
    const h = JSON.parse(JSON.stringify(f.header)) as Record<string, unknown>;
    const all = f.take(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true) / 4, 'all');
    edit(h);
    return writeFile(h as never, [payload ? payload(all) : all]);
  }

  it('a small MLP file claiming huge layers is refused before anything is allocated', async () => {
    const { memoryBytes } = await import('../sdk/runtime/core.js');
    const m = smallModel();
    const mem = memoryBytes();
    const e = expectThrows(() => load(craft(m.toBytes(), (h) => ((h.hidden = [8192, 8192]), (h.numParams = 8192 * 8192 + 8192 * 4 + 8193 + 8192 + 1)))), 'FILE_FORMAT', /./);
    expect(e.message).toMatch(/payload is too short|parameters/);
    expect(memoryBytes(), 'no network was allocated for the claim').toBe(mem);
    expectThrows(() => load(craft(m.toBytes(), (h) => (h.numParams = 3))), 'FILE_FORMAT', /layer sizes give/);
    expectThrows(() => load(craft(m.toBytes(), () => {}, (p) => ((p[4] = NaN), p))), 'FILE_FORMAT', /parameter 4 is NaN/);
    m.dispose();
  });

  it('K-means files with impossible statistics, and optimizer files with wrapping steps or negative moments, are refused', async () => {
    const km = new KMeansEBM({ k: 2 });
    await km.fit(data(), { maxIter: 3 });
    const kb = km.toBytes();
    for (const edit of [(h: Record<string, unknown>) => (h.inertia = -1), (h: Record<string, unknown>) => (h.inertia = 'x'), (h: Record<string, unknown>) => (h.iterations = 2 ** 40), (h: Record<string, unknown>) => (h.k = 1e6)]) {
      expectThrows(() => load(craft(kb, edit)), 'FILE_FORMAT', /./);
    }
    const model = smallModel();
    const opt = optim.adam({ lr: 0.01 });
    opt.step(model, model.paramGrad(data(), new Float32Array(256).fill(1 / 256)));
    const ob = opt.toBytes();
    expectThrows(() => load(craft(ob, (h) => (h.steps = 2 ** 31))), 'FILE_FORMAT', /steps/);
    expectThrows(() => load(craft(ob, (h) => (h.optimizer = 'lbfgs'))), 'FILE_FORMAT', /unknown optimizer/);
    expectThrows(() => load(craft(ob, () => {}, (p) => ((p[model.numParams + 1] = -1), p))), 'FILE_FORMAT', /second moment/);
    const back = load(ob, optim.Optimizer);
    expect(back.steps).toBe(1);
    for (const x of [km, model, opt, back]) x.dispose();
  });
});

describe('JS energies only see finite rows', () => {
  it('a plain object wrapping an MLPEnergy: a proposal that overflowed is a rejection, not an abort', async () => {
    const F = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
    // a plain Energy object (not the model itself): the sampler wraps it as a JS energy
    const plain = { dim: 2, energy: (Y: never) => F.energy(Y), grad: (Y: never) => F.grad(Y) };
    // a random walk with an enormous step overflows f32 to ±Inf for some proposals
    const s = samplers.randomWalk(plain, { chains: 16, seed: 1, stepSize: 1e38 });
    const r = await s.run({ draws: 20 });
    expect(r.samples.data.every(Number.isFinite)).toBe(true);
    expect(r.nonFinite).toBeGreaterThan(0);
    s.dispose();
    F.dispose();
  });
});
