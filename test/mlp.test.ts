// MLPEnergy: the API, its errors, model files and the optimizers.
// (PyTorch parity, the pure-TS twin and finite differences: mlp-parity / mlp-twin tests.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { FileFormatError, MLPEnergy, Optimizer, load, optim, random } from '../sdk/index.node.js';
import { writeFile } from '../sdk/io/format.js';
import { memoryBytes } from '../sdk/runtime/core.js';
import { Scratch } from '../sdk/runtime/memory.js';

await setup();

function rows(n: number, d: number, seed: number, scale = 1): number[][] {
  const z = random.normal(n * d, { seed });
  return Array.from({ length: n }, (_, i) => Array.from(z.subarray(i * d, (i + 1) * d), (v) => v * scale));
}


describe('MLPEnergy construction', () => {
  it('initialises like PyTorch nn.Linear: uniform in ±1/√fan_in, deterministic per seed', () => {
    const m = new MLPEnergy({ inputDim: 3, hidden: [50, 20], seed: 4 });
    expect(m.numParams).toBe(3 * 50 + 50 + 50 * 20 + 20 + 20 + 1);
    const p = m.params;
    const layers = [[3, 50], [50, 20], [20, 1]] as const;
    let off = 0;
    for (const [inn, out] of layers) {
      const bound = 1 / Math.sqrt(inn);
      const block = p.subarray(off, off + out * inn + out);
      expect(Math.max(...block.map(Math.abs))).toBeLessThanOrEqual(bound);
      // uniform on ±bound has mean |θ| = bound/2; with 1000+ draws it is within 20 % (≥ 6 standard errors)
      if (block.length > 1000) {
        const meanAbs = block.reduce((s, v) => s + Math.abs(v), 0) / block.length;
        expect(Math.abs(meanAbs - bound / 2) / (bound / 2)).toBeLessThan(0.2);
      }
      off += out * inn + out;
    }
    expect(Array.from(new MLPEnergy({ inputDim: 3, hidden: [50, 20], seed: 4 }).params)).toEqual(Array.from(p));
    expect(Array.from(new MLPEnergy({ inputDim: 3, hidden: [50, 20], seed: 5 }).params)).not.toEqual(Array.from(p));
  });

  it('rejects bad options with messages that name them', () => {
    expectThrows(() => new MLPEnergy({ inputDim: 0, hidden: [4] }), 'INVALID_ARGUMENT', /inputDim must be an integer in \[1, 65536\], got number 0/);
    expectThrows(() => new MLPEnergy({ inputDim: 2, hidden: [4, 0] }), 'INVALID_ARGUMENT', /hidden\[1\] must be an integer/);
    expectThrows(() => new MLPEnergy({ inputDim: 2, hidden: 4 as unknown as number[] }), 'INVALID_ARGUMENT', /hidden must be an array/);
    expectThrows(() => new MLPEnergy({ inputDim: 2, hidden: [4], activation: 'swish' as 'silu' }), 'INVALID_ARGUMENT', /activation must be one of .*'silu'.*got the string "swish"/);
    expectThrows(() => new MLPEnergy({ inputDim: 2, hidden: [4], quadratic: -1 }), 'INVALID_ARGUMENT', /quadratic must be ≥ 0/);
    expectThrows(() => new MLPEnergy({ inputDim: 2, hidden: [4], outputScale: Infinity }), 'NOT_FINITE', /outputScale must be finite/);
  });
});

describe('MLPEnergy evaluation', () => {
  const m = new MLPEnergy({ inputDim: 2, hidden: [16, 16], activation: 'tanh', seed: 1, quadratic: 0.05 });

  it('energy, grad and energyAndGrad agree, and rows do not depend on the batch they are in', () => {
    const Y = rows(300, 2, 7); // more than one internal chunk of 128 rows
    const eg = m.energyAndGrad(Y);
    expect(Array.from(m.energy(Y))).toEqual(Array.from(eg.energy));
    expect(Array.from(m.grad(Y).data)).toEqual(Array.from(eg.grad.data));
    const part = m.energyAndGrad(Y.slice(130, 137));
    expect(Array.from(part.energy)).toEqual(Array.from(eg.energy.subarray(130, 137)));
    expect(Array.from(part.grad.data)).toEqual(Array.from(eg.grad.data.subarray(260, 274)));
  });

  it('paramGrad is linear in the weights and matches per-row sums', () => {
    const Y = rows(9, 2, 3);
    const w1 = Float32Array.from({ length: 9 }, (_, i) => (i % 2 ? 1 : -1) / 9);
    const w2 = Float32Array.from({ length: 9 }, (_, i) => (i + 1) / 20);
    const sum = Float32Array.from(w1, (v, i) => v + w2[i]!);
    const g1 = m.paramGrad(Y, w1);
    const g2 = m.paramGrad(Y, w2);
    const g12 = m.paramGrad(Y, sum);
    const scale = Math.max(...g12.map(Math.abs));
    // f32 sums over 9 rows of products: a few ulp of the largest term
    for (let i = 0; i < g12.length; i++) expect(Math.abs(g12[i]! - g1[i]! - g2[i]!)).toBeLessThan(1e-5 * scale);
    // zero weights: zero gradient
    expect(m.paramGrad(Y, new Float32Array(9)).every((v) => v === 0)).toBe(true);
  });

  it('conditional models take [x, y], and require X exactly when conditionDim > 0', () => {
    const c = new MLPEnergy({ inputDim: 2, conditionDim: 3, hidden: [5], seed: 2 });
    const Y = rows(4, 2, 1);
    const X = rows(4, 3, 2);
    const e = c.energy(Y, X);
    expect(e.length).toBe(4);
    expect(Array.from(c.energy(Y, rows(4, 3, 9)))).not.toEqual(Array.from(e));
    expect(c.grad(Y, X).cols).toBe(2);
    expectThrows(() => c.energy(Y), 'INVALID_ARGUMENT', /MLPEnergy\.energy: X is required: this model is conditional \(conditionDim = 3\)/);
    expectThrows(() => c.energy(Y, rows(3, 3, 1)), 'SHAPE', /X has 3 rows but Y has 4/);
    expectThrows(() => c.energy(Y, rows(4, 2, 1)), 'SHAPE', /X has 2 columns, the model expects conditionDim = 3/);
    expectThrows(() => m.energy(Y, X), 'INVALID_ARGUMENT', /X was given but this model is unconditional/);
  });

  it('rejects bad inputs and parameters, and changes nothing on failure', () => {
    const before = m.params;
    expectThrows(() => m.energy([[1, 2, 3]]), 'SHAPE', /MLPEnergy\.energy: Y has 3 columns, the model expects inputDim = 2/);
    expectThrows(() => m.grad([[1, Number.NaN]]), 'NOT_FINITE', /MLPEnergy\.grad: Y\[0\]\[1\] is NaN/);
    expectThrows(() => m.paramGrad([[1, 2]], [1, 2]), 'SHAPE', /weights has length 2, Y has 1 rows/);
    expectThrows(() => m.paramGrad([[1, 2]], [Infinity]), 'NOT_FINITE', /weights\[0\]\[0\] is Infinity/);
    expectThrows(() => m.setParams(new Float32Array(3)), 'SHAPE', /params has 3 values, this network has 337/);
    const bad = before.slice();
    bad[100] = Number.NaN;
    expectThrows(() => m.setParams(bad), 'NOT_FINITE', /params\[0\]\[100\] is NaN/);
    expect(Array.from(m.params)).toEqual(Array.from(before));
  });
});

describe('model files', () => {
  const m = new MLPEnergy({ inputDim: 3, conditionDim: 1, hidden: [7, 5], activation: 'gelu', outputScale: 0.5, quadratic: 0.2, seed: 9 });
  const Y = rows(5, 3, 4);
  const X = rows(5, 1, 5);

  it('round-trips through JSON (PyTorch layout) and bytes bit-exactly', () => {
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.layers.map((l: { weight: number[][] }) => [l.weight.length, l.weight[0]!.length])).toEqual([[7, 4], [5, 7], [1, 5]]);
    expect(json.layers.map((l: { activation: string }) => l.activation)).toEqual(['gelu', 'gelu', 'identity']);
    const fromJson = MLPEnergy.fromJSON(json);
    expect(Array.from(fromJson.energy(Y, X))).toEqual(Array.from(m.energy(Y, X)));
    const bytes = m.toBytes();
    const a = MLPEnergy.fromBytes(bytes);
    const b = load(bytes) as MLPEnergy;
    expect(b).toBeInstanceOf(MLPEnergy);
    for (const r of [a, b]) {
      expect(Array.from(r.params)).toEqual(Array.from(m.params));
      expect([r.activation, r.outputScale, r.quadratic, r.conditionDim]).toEqual(['gelu', 0.5, 0.2, 1]);
      expect(Array.from(r.grad(Y, X).data)).toEqual(Array.from(m.grad(Y, X).data));
    }
  });

  it('rejects malformed JSON with the reason', () => {
    const good = m.toJSON();
    const bad = (edit: (j: ReturnType<typeof m.toJSON>) => void) => {
      const j = JSON.parse(JSON.stringify(good));
      edit(j);
      return () => MLPEnergy.fromJSON(j);
    };
    expectThrows(bad((j) => { (j as { kind: string }).kind = 'other'; }), 'INVALID_ARGUMENT', /kind must be 'mlp-energy'/);
    expectThrows(bad((j) => { (j as { version: number }).version = 2; }), 'INVALID_ARGUMENT', /version 2 is not supported/);
    expectThrows(bad((j) => { j.layers[1]!.weight[0]!.pop(); }), 'SHAPE', /layers\[1\]\.weight\[0\] has 6 values, expected 7/);
    expectThrows(bad((j) => { j.layers[2]!.activation = 'relu'; }), 'INVALID_ARGUMENT', /must be 'identity' for the output layer/);
    expectThrows(bad((j) => { j.layers[1]!.activation = 'relu'; }), 'INVALID_ARGUMENT', /one activation for all hidden layers/);
    expectThrows(bad((j) => { j.layers[0]!.bias[2] = Number.NaN; }), 'NOT_FINITE', /every weight must be a finite number/);
  });

  it('says which problem a bad file has: truncated, corrupted, wrong kind, newer version', () => {
    const bytes = m.toBytes();
    const problem = (b: Uint8Array) => {
      const e = expectThrows(() => MLPEnergy.fromBytes(b), 'FILE_FORMAT', /./);
      return (e as FileFormatError).problem;
    };
    expect(problem(bytes.subarray(0, bytes.length - 1))).toBe('truncated');
    expect(problem(bytes.subarray(0, 5))).toBe('truncated');
    const flipped = bytes.slice();
    flipped[40]! ^= 0x10;
    expect(problem(flipped)).toBe('checksum');
    const opt = optim.sgd({ lr: 0.1 });
    expect(problem(opt.toBytes())).toBe('kind');
    // a valid file from a future format: bump the version and fix the checksum by re-framing
    const future = bytes.slice();
    future[4] = 2;
    expect(problem(future)).toBe('version');
    expect(problem(new TextEncoder().encode('{"kind":"mlp-energy"}'))).toBe('magic');
    const wrongShape = writeFile({ kind: 'mlp-energy', inputDim: 2, conditionDim: 0, hidden: [3], activation: 'relu', outputScale: 1, quadratic: 0, seed: 0, numParams: 13 }, [new Float32Array(12)]);
    expect(problem(wrongShape)).toBe('shape');
    expect(() => load(new Uint8Array([1, 2, 3]))).toThrow(FileFormatError);
  });

  it('never half-loads: random byte flips and truncations always throw FileFormatError (fast-check)', () => {
    const bytes = m.toBytes();
    const seed = testSeed(20261126);
    const mem = memoryBytes();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: bytes.length - 1 }), mask: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: bytes.length }),
        (flips, cut) => {
          const b = bytes.slice();
          for (const f of flips) b[f.at]! ^= f.mask;
          const changed = b.some((v, i) => v !== bytes[i]);
          for (const candidate of [changed ? b : null, cut < bytes.length ? bytes.subarray(0, cut) : null]) {
            if (!candidate) continue;
            let err: unknown = null;
            try {
              load(candidate);
            } catch (e) {
              err = e;
            }
            if (!(err instanceof FileFormatError)) throw new Error(`no FileFormatError for a damaged file ${seedNote(seed)}`);
          }
        },
      ),
      { seed, numRuns: 300 },
    );
    expect(memoryBytes()).toBe(mem); // failed loads leave nothing allocated behind
  });
});

describe('optimizers (torch.optim semantics)', () => {
  /** The reference update in f64, from PyTorch's documented algorithms. */
  function reference(kind: 'sgd' | 'adam', o: Record<string, number | boolean>, theta: Float64Array, grads: Float64Array[]): Float64Array {
    const p = Float64Array.from(theta);
    const buf = new Float64Array(p.length);
    const m = new Float64Array(p.length);
    const v = new Float64Array(p.length);
    grads.forEach((g, step) => {
      const t = step + 1;
      for (let i = 0; i < p.length; i++) {
        let d = g[i]!;
        if (kind === 'sgd') {
          d += (o.weightDecay as number) * p[i]!;
          if (o.momentum) {
            buf[i] = t === 1 ? d : (o.momentum as number) * buf[i]! + d;
            d = o.nesterov ? d + (o.momentum as number) * buf[i]! : buf[i]!;
          }
          p[i] = p[i]! - (o.lr as number) * d;
        } else {
          if (o.decoupled) p[i] = p[i]! * (1 - (o.lr as number) * (o.weightDecay as number));
          else d += (o.weightDecay as number) * p[i]!;
          m[i] = (o.beta1 as number) * m[i]! + (1 - (o.beta1 as number)) * d;
          v[i] = (o.beta2 as number) * v[i]! + (1 - (o.beta2 as number)) * d * d;
          const bc1 = 1 - (o.beta1 as number) ** t;
          const bc2 = 1 - (o.beta2 as number) ** t;
          p[i] = p[i]! - ((o.lr as number) / bc1) * (m[i]! / (Math.sqrt(v[i]!) / Math.sqrt(bc2) + (o.eps as number)));
        }
      }
    });
    return p;
  }

  const cases: [string, 'sgd' | 'adam', Record<string, number | boolean>][] = [
    ['plain SGD', 'sgd', { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 }],
    ['SGD + momentum + weight decay', 'sgd', { lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0.01 }],
    ['SGD + Nesterov', 'sgd', { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0 }],
    ['Adam', 'adam', { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false }],
    ['Adam + L2', 'adam', { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupled: false }],
    ['AdamW', 'adam', { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: true }],
  ];
  for (const [name, kind, o] of cases) {
    it(`${name} follows the reference update over 6 steps`, () => {
      const model = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 3 });
      const theta0 = Float64Array.from(model.params);
      const opt = kind === 'sgd' ? optim.sgd(o as never) : optim.adam(o as never);
      const grads: Float64Array[] = [];
      for (let s = 0; s < 6; s++) {
        const g = random.normal(model.numParams, { seed: 100 + s });
        grads.push(Float64Array.from(g));
        opt.step(model, g);
      }
      const ref = reference(kind, o, theta0, grads);
      const got = model.params;
      // f32 storage of θ and the moments vs the f64 reference: each step adds a few ulp of |θ| and of the step
      for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i]! - ref[i]!)).toBeLessThan(2e-6 * (1 + Math.abs(ref[i]!)));
      expect(opt.steps).toBe(6);
    });
  }

  it('clips by global norm and reports the norm', () => {
    const model = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 3 });
    const before = model.params;
    const g = new Float32Array(model.numParams).fill(1);
    const opt = optim.sgd({ lr: 1, maxGradNorm: 0.5 });
    const norm = opt.step(model, g);
    expect(norm).toBeCloseTo(Math.sqrt(model.numParams), 5);
    const after = model.params;
    let moved = 0;
    for (let i = 0; i < after.length; i++) moved += (before[i]! - after[i]!) ** 2;
    expect(Math.sqrt(moved)).toBeCloseTo(0.5, 4);
  });

  it('resumes bit-exactly from saved model and optimizer files', () => {
    const Y = rows(16, 2, 8);
    const w = Float32Array.from({ length: 16 }, (_, i) => (i < 8 ? 1 : -1) / 8);
    const train = (model: MLPEnergy, opt: Optimizer, steps: number) => {
      for (let s = 0; s < steps; s++) opt.step(model, model.paramGrad(Y, w));
    };
    const a = new MLPEnergy({ inputDim: 2, hidden: [8, 8], seed: 11 });
    const oa = optim.adam({ lr: 0.01, decoupled: true, weightDecay: 0.01, maxGradNorm: 1 });
    train(a, oa, 10);
    const b0 = new MLPEnergy({ inputDim: 2, hidden: [8, 8], seed: 11 });
    const ob0 = optim.adam({ lr: 0.01, decoupled: true, weightDecay: 0.01, maxGradNorm: 1 });
    train(b0, ob0, 4);
    const b = load(b0.toBytes()) as MLPEnergy;
    const ob = load(ob0.toBytes()) as Optimizer;
    expect(ob.steps).toBe(4);
    train(b, ob, 6);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
  });

  it('changes the learning rate between steps (a schedule), keeping the moments, and saves it', () => {
    const Y = rows(16, 2, 8);
    const w = Float32Array.from({ length: 16 }, (_, i) => (i < 8 ? 1 : -1) / 8);
    // plain SGD: the step is exactly lr·g (one f32 multiply and subtract), so the new rate is visible
    const m = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 3 });
    const sgd = optim.sgd({ lr: 0.1 });
    sgd.step(m, m.paramGrad(Y, w));
    sgd.lr = 0.01;
    expect(sgd.lr).toBe(0.01);
    expect(sgd.options.lr).toBe(0.01);
    const before = m.params;
    const g = m.paramGrad(Y, w);
    sgd.step(m, g);
    const after = m.params;
    for (let i = 0; i < g.length; i++) expect(after[i]).toBe(Math.fround(before[i]! - Math.fround(Math.fround(0.01) * g[i]!)));
    // Adam: a schedule with one optimizer differs from a fresh optimizer per phase (moments kept), and resumes from a file
    const run = (changeAt: number, fresh: boolean) => {
      const model = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 11 });
      let opt = optim.adam({ lr: 0.01 });
      for (let s = 0; s < 6; s++) {
        if (s === changeAt) {
          if (fresh) opt = optim.adam({ lr: 0.001 });
          else opt.lr = 0.001;
        }
        opt.step(model, model.paramGrad(Y, w));
      }
      return { model, opt };
    };
    const kept = run(3, false);
    expect(Array.from(kept.model.params)).not.toEqual(Array.from(run(3, true).model.params));
    expect(Array.from(kept.model.params)).not.toEqual(Array.from(run(99, false).model.params));
    // the same schedule split by a file: 3 steps, new rate, save, load, 3 more steps
    const a = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 11 });
    const oa = optim.adam({ lr: 0.01 });
    for (let s = 0; s < 3; s++) oa.step(a, a.paramGrad(Y, w));
    oa.lr = 0.001;
    const ob = load(oa.toBytes()) as Optimizer;
    expect(ob.lr).toBe(0.001);
    const b = load(a.toBytes()) as MLPEnergy;
    for (let s = 0; s < 3; s++) ob.step(b, b.paramGrad(Y, w));
    expect(Array.from(b.params)).toEqual(Array.from(kept.model.params));
    expectThrows(() => {
      oa.lr = -1;
    }, 'INVALID_ARGUMENT', /optim\.adam: lr must be > 0, got -1/);
    expect(oa.lr).toBe(0.001);
    for (const x of [m, kept.model, a, b]) x.dispose();
  });

  it('rejects bad options and mismatched gradients', () => {
    expectThrows(() => optim.sgd({ lr: 0 }), 'INVALID_ARGUMENT', /optim\.sgd: lr must be > 0, got 0/);
    expectThrows(() => optim.sgd({ lr: 0.1, nesterov: true }), 'INVALID_ARGUMENT', /nesterov needs momentum > 0/);
    expectThrows(() => optim.adam({ beta2: 1 }), 'INVALID_ARGUMENT', /beta2 must be < 1, got 1/);
    const model = new MLPEnergy({ inputDim: 2, hidden: [4], seed: 3 });
    const opt = optim.adam();
    expectThrows(() => opt.step(model, new Float32Array(3)), 'SHAPE', /grad has 3 values, the model has 17 parameters/);
    const g = new Float32Array(model.numParams);
    g[0] = Number.NaN;
    expectThrows(() => opt.step(model, g), 'NOT_FINITE', /grad\[0\]\[0\] is NaN/);
  });
});

describe('resources', () => {
  it('frees its memory: 20k create/dispose cycles stay flat', () => {
    for (let i = 0; i < 200; i++) new MLPEnergy({ inputDim: 2, hidden: [32, 32] }).dispose();
    const start = memoryBytes();
    for (let i = 0; i < 20_000; i++) {
      const m = new MLPEnergy({ inputDim: 2, hidden: [32, 32] });
      if (i % 100 === 0) m.energy([[0, 1]]);
      if (i % 100 === 50) m.energyAndGrad([[0, 1], [2, 3]]); // the kept I/O block goes with the model
      m.dispose();
    }
    expect(memoryBytes()).toBe(start);
    const m = new MLPEnergy({ inputDim: 2, hidden: [3] });
    m.dispose();
    m.dispose();
    expectThrows(() => m.energy([[0, 0]]), 'DISPOSED', /disposed/);
  });

  it('keeps one I/O block for small batches and returns big ones: results match row by row', () => {
    const m = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 5 });
    const n = 70_000; // Y and the outputs need 1.3 MiB, above the 1 MiB that is kept between calls
    const Y = { rows: n, cols: 2, data: Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i)) };
    const big = m.energyAndGrad(Y);
    const start = memoryBytes();
    for (let k = 0; k < 5; k++) m.energyAndGrad(Y);
    expect(memoryBytes()).toBe(start); // the freed block is reused, not leaked
    expect(big.energy.buffer).toBe(big.grad.data.buffer); // one allocation for both results
    expect(big.energy.length).toBe(n);
    expect(big.grad.data.length).toBe(2 * n);
    expect(Array.from(m.grad(Y).data.subarray(0, 10))).toEqual(Array.from(big.grad.data.subarray(0, 10)));
    for (const r of [0, 1, 33_333, n - 1]) {
      const one = m.energyAndGrad({ rows: 1, cols: 2, data: Y.data.subarray(2 * r, 2 * r + 2) });
      expect(one.energy[0]).toBe(big.energy[r]);
      expect(Array.from(one.grad.data)).toEqual(Array.from(big.grad.data.subarray(2 * r, 2 * r + 2)));
    }
    // a failed call (NaN input) leaves the model usable and its results unchanged
    expectThrows(() => m.energy([[0, NaN]]), 'NOT_FINITE', /Y\[0\]\[1\] is NaN/);
    expect(m.energy([[Y.data[0]!, Y.data[1]!]])[0]).toBe(big.energy[0]);
    m.dispose();
  });
});

describe('Scratch (the kept I/O block)', () => {
  it('hands a nested use its own temporary block', () => {
    const s = new Scratch();
    const seen: number[] = [];
    s.use(64, 'test', (outer) => {
      seen.push(outer);
      s.use(64, 'test', (inner) => seen.push(inner));
      s.use(16, 'test', (inner) => seen.push(inner));
    });
    s.use(32, 'test', (again) => seen.push(again));
    expect(seen[1]).not.toBe(seen[0]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[3]).toBe(seen[0]); // kept: no new allocation for a smaller request
    s.release();
    s.release();
  });
});
