// The masked autoencoder (sdk/models/mae.ts, assembly/energies/mae.ts): on the
// digits as 17-level tokens, fill() gives a distribution per hidden pixel that
// beats the per-pixel marginal, and its mean is as good as least squares;
// determinism, split fits, files, the energy's θ-gradient and typed errors.
// Seeds are fixed, printed on failure, overridable with EBM_SEED.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { EbmError, MaskedAutoencoder, Optimizer, datasets, load, optim, train, type Matrix } from '../sdk/index.node.js';
import { LEVELS, leastSquares, marginal, mulberry32, randomMask } from './mae-digits.mjs';

beforeAll(setup);

const SEED = testSeed(11);
const NOTE = seedNote(SEED);

async function digitTokens(): Promise<{ train: Matrix; test: Matrix }> {
  const d = await datasets.digits();
  const nTrain = 1297; // the last 500 images are held out
  return {
    train: { rows: nTrain, cols: 64, data: d.X.data.slice(0, nTrain * 64) },
    test: { rows: 1797 - nTrain, cols: 64, data: d.X.data.slice(nTrain * 64) },
  };
}

const tiny = (seed = SEED): MaskedAutoencoder => new MaskedAutoencoder({ length: 6, vocab: 3, hidden: 5, maskRate: 0.3, seed });
function tinyData(rows: number, seed: number): Matrix {
  const rand = mulberry32(seed);
  const data = new Float32Array(rows * 6);
  // two repeated halves so the positions depend on each other
  for (let r = 0; r < rows; r++) for (let j = 0; j < 3; j++) data[r * 6 + j] = data[r * 6 + j + 3] = Math.floor(rand() * 3);
  return { rows, cols: 6, data };
}

describe('MaskedAutoencoder', () => {
  it('digits, 25 % of held-out pixels hidden: fill beats the marginal, and its mean comes near least squares', async () => {
    const { train, test } = await digitTokens();
    // hidden 64, 8 epochs of batches of 32 with Adam 3e-3: a few seconds here; maskRate 0.25 as at test time
    const m = new MaskedAutoencoder({ length: 64, vocab: LEVELS, hidden: 64, maskRate: 0.25, seed: SEED });
    await m.fit(train, { epochs: 8, batchSize: 32, optimizer: optim.adam({ lr: 3e-3 }) });
    const rand = mulberry32(SEED);
    const M = randomMask(test.rows, 64, 16, rand);
    const { tokens } = m.fill(test, M);
    expect(tokens.length).toBe(test.rows * 16);
    const P = marginal(train);
    // least squares in f64 on the same one-hot inputs (mask token included), fitted under 4 random 25 % masks per
    // training row with ridge λ = 1 (small beside the ~1300 counts per feature)
    const ls = leastSquares(train, [0, 1, 2, 3].map(() => randomMask(train.rows, 64, 16, rand)), 1);
    let accM = 0, accP = 0, llM = 0, llP = 0, seM = 0, seL = 0;
    const x = new Int32Array(64);
    for (const t of tokens) {
      const truth = test.data[t.row * 64 + t.position]!;
      for (let k = 0; k < 64; k++) x[k] = M[t.row * 64 + k] ? LEVELS : test.data[t.row * 64 + k]!;
      let mp = 0;
      for (let k = 1; k < LEVELS; k++) if (P[t.position * LEVELS + k]! > P[t.position * LEVELS + mp]!) mp = k;
      accM += t.argmax === truth ? 1 : 0;
      accP += mp === truth ? 1 : 0;
      llM += Math.log(Math.max(t.probs[truth]!, 1e-30));
      llP += Math.log(P[t.position * LEVELS + truth]!);
      let mean = 0;
      for (let k = 0; k < LEVELS; k++) mean += k * t.probs[k]!;
      seM += (mean - truth) ** 2;
      seL += (ls(x, t.position) - truth) ** 2;
    }
    const n = tokens.length;
    const r = { accMAE: accM / n, accMarginal: accP / n, llMAE: llM / n, llMarginal: llP / n, mseMAE: seM / n, mseLS: seL / n };
    console.log('mae digits', JSON.stringify(r));
    expect(r.accMAE, `${JSON.stringify(r)} ${NOTE}`).toBeGreaterThan(r.accMarginal);
    expect(r.llMAE, `${JSON.stringify(r)} ${NOTE}`).toBeGreaterThan(r.llMarginal);
    // the 10 % target needs more training than a test affords (scripts/mae-digits.mjs measures it, see the README);
    // at this size the mean of fill is measured at 1.24× least squares, so 1.35× still catches a broken fill or fit
    expect(r.mseMAE, `${JSON.stringify(r)} ${NOTE}`).toBeLessThan(1.35 * r.mseLS);
    m.dispose();
  }, 120_000);

  it('fits split anywhere give the same bytes as one fit, and a saved model resumes bit-exactly', async () => {
    const T = tinyData(40, SEED);
    const a = tiny();
    const oa = optim.adam({ lr: 0.01 });
    await a.fit(T, { epochs: 3, batchSize: 7, optimizer: oa });
    const b = tiny();
    const ob = optim.adam({ lr: 0.01 });
    await b.fit(T, { epochs: 1, batchSize: 7, optimizer: ob });
    const bytes = b.toBytes();
    const optBytes = ob.toBytes();
    const c = load(bytes, MaskedAutoencoder);
    const oc = Optimizer.fromBytes(optBytes);
    await c.fit(T, { epochs: 2, batchSize: 7, optimizer: oc });
    expect(Array.from(c.params), NOTE).toEqual(Array.from(a.params));
    expect(c.epochs).toBe(3);
    // same seed, same bytes; another seed, other bytes
    const d = tiny();
    await d.fit(T, { epochs: 3, batchSize: 7, optimizer: optim.adam({ lr: 0.01 }) });
    expect(Array.from(d.params)).toEqual(Array.from(a.params));
    const e = tiny(SEED + 1);
    await e.fit(T, { epochs: 3, batchSize: 7, optimizer: optim.adam({ lr: 0.01 }) });
    expect(Array.from(e.params)).not.toEqual(Array.from(a.params));
    expect(Array.from(a.sample(5, { sweeps: 3, seed: 4 }).data)).toEqual(Array.from(d.sample(5, { sweeps: 3, seed: 4 }).data));
    for (const m of [a, b, c, d, e]) m.dispose();
  });

  it('the energy is −Σ_j log p(t_j | t_−j) from fill, and paramGrad matches f64 finite differences', async () => {
    const m = tiny();
    await m.fit(tinyData(40, SEED), { epochs: 2, batchSize: 8 });
    const T = tinyData(3, SEED + 2);
    const E = m.energy(T);
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let j = 0; j < 6; j++) {
        const mask = new Array(6).fill(0);
        mask[j] = 1;
        const { tokens } = m.fill({ rows: 1, cols: 6, data: T.data.slice(r * 6, r * 6 + 6) }, mask);
        s -= Math.log(tokens[0]!.probs[T.data[r * 6 + j]!]!);
      }
      // f32 softmax per position against f64 log-sum-exp: a few ulps of each of 6 terms of size ~1
      expect(E[r]!, NOTE).toBeCloseTo(s, 4);
    }
    const w = [0.5, 1, -2];
    const g = m.paramGrad(T, w);
    const theta = m.params;
    const rand = mulberry32(SEED);
    for (let t = 0; t < 8; t++) {
      const p = Math.floor(rand() * m.numParams);
      const h = 1e-2;
      const at = (delta: number): number => {
        const q = Float32Array.from(theta);
        q[p] = q[p]! + delta;
        m.setParams(q);
        const e = m.energy(T);
        return w.reduce((s, wr, r) => s + wr * e[r]!, 0);
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      // central differences in f32 energies of size ~10 with h = 1e-2: error ~ 1e-6·10/1e-2 = 1e-3, plus O(h²) curvature
      expect(Math.abs(fd - g[p]!), `param ${p}: fd ${fd} vs ${g[p]} ${NOTE}`).toBeLessThan(5e-3 + 2e-2 * Math.abs(fd));
    }
    m.setParams(theta);
    m.dispose();
  });

  it('samples are tokens in range, and Gibbs learns the repeated halves', async () => {
    const m = tiny();
    await m.fit(tinyData(200, SEED), { epochs: 30, batchSize: 20, optimizer: optim.adam({ lr: 0.02 }) });
    const S = m.sample(200, { sweeps: 5, seed: SEED });
    expect(S.rows).toBe(200);
    let same = 0;
    for (let r = 0; r < 200; r++) {
      for (let j = 0; j < 6; j++) expect([0, 1, 2]).toContain(S.data[r * 6 + j]);
      for (let j = 0; j < 3; j++) same += S.data[r * 6 + j] === S.data[r * 6 + j + 3] ? 1 : 0;
    }
    // uniform tokens agree a third of the time; a model that learned the copy agrees far more often
    expect(same / 600, `${same}/600 ${NOTE}`).toBeGreaterThan(0.6);
    m.dispose();
  }, 60_000);

  it('bad input throws a typed error naming the argument and leaves the model as it was', async () => {
    expectThrows(() => new MaskedAutoencoder({ length: 6, vocab: 3, hidden: 5, maskRate: 0 }), 'INVALID_ARGUMENT', /maskRate must be > 0/);
    expectThrows(() => new MaskedAutoencoder({ length: 6, vocab: 3, hidden: 5, maskRate: 1 }), 'INVALID_ARGUMENT', /maskRate must be in \(0, 1\)/);
    expectThrows(() => new MaskedAutoencoder({ length: 6, vocab: 3, hidden: 5, maskTokenRate: 0.9, randomTokenRate: 0.2 }), 'INVALID_ARGUMENT', /maskTokenRate \+ randomTokenRate/);
    const m = tiny();
    const before = m.params;
    const good = tinyData(4, SEED);
    const bad = (q: number, v: number): Matrix => {
      const d = Float32Array.from(good.data);
      d[q] = v;
      return { rows: 4, cols: 6, data: d };
    };
    await expect(m.fit(bad(7, 3), { epochs: 1 })).rejects.toThrow(/MaskedAutoencoder.fit: T\[1\]\[1\] is 3, expected an integer token in \[0, 3\)/);
    expectThrows(() => m.energy(bad(0, 0.5)), 'INVALID_ARGUMENT', /MaskedAutoencoder.energy: T\[0\]\[0\] is 0.5/);
    expectThrows(() => m.energy(bad(5, -1)), 'INVALID_ARGUMENT', /T\[0\]\[5\] is -1/);
    expectThrows(() => m.energy({ rows: 1, cols: 5, data: new Float32Array(5) }), 'SHAPE', /T has 5 columns, the model expects length = 6/);
    expectThrows(() => m.fill(good, [1, 0, 0]), 'SHAPE', /MaskedAutoencoder.fill: mask has 3 flags, expected 24 \(one per token of T\) or 6/);
    expectThrows(() => m.fill(good, null as never), 'INVALID_ARGUMENT', /mask must be an array/);
    expectThrows(() => m.fill(bad(1, 7), [0, 0, 0, 0, 0, 1]), 'INVALID_ARGUMENT', /T\[0\]\[1\] is 7/);
    expectThrows(() => m.sample(0), 'INVALID_ARGUMENT', /MaskedAutoencoder.sample: n must be/);
    expect(Array.from(m.params)).toEqual(Array.from(before));
    expect(m.epochs).toBe(0);
    // a trainer that reaches the model through the learnable protocol with rows that are not tokens (the grid's
    // continuous points) gets a typed error from the kernel, which checks before it allocates or writes
    const two = new MaskedAutoencoder({ length: 2, vocab: 3, hidden: 4, seed: SEED });
    const theta = two.params;
    let caught: unknown;
    try {
      train.gridNllGrad(two, [[0, 1]], { bounds: { xMin: -0.5, xMax: 2.5, yMin: -0.5, yMax: 2.5 }, resolution: 5 });
    } catch (err) {
      caught = err;
    }
    expect(caught, String(caught)).toBeInstanceOf(EbmError);
    expect(Array.from(two.params)).toEqual(Array.from(theta));
    two.dispose();
    // hidden tokens are not read: anything may stand there
    expect(m.fill(bad(2, NaN), [0, 0, 1, 0, 0, 0]).tokens.length).toBe(4);
    m.dispose();
  });
});
