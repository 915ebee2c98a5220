// An independent check of train.contrastive's fused step: the same step built
// from the model's public pieces (grad, energy, paramGrad) and an f64 reference
// optimizer written here (PyTorch's SGD and Adam/AdamW, global-norm clipping)
// must give the trainer's parameters within a running f32 round-off bound.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { MLPEnergy, datasets, optim, train, type Matrix } from '../sdk/index.node.js';

await setup();

const U = 2 ** -24; // unit round-off of f32

// ---- running error analysis (Wilkinson): an f64 value and a bound on |f32 result − value| ----

interface Val {
  v: number;
  e: number;
}
const exact = (v: number): Val => ({ v, e: 0 });
/** An f32 constant (lr, β, wd): its rounding to f32 is a relative error u. */
const f32c = (v: number): Val => ({ v, e: U * Math.abs(v) });
const rnd = (v: number, e: number): Val => ({ v, e: e + U * Math.abs(v) }); // + the rounding of the result
const add = (a: Val, b: Val) => rnd(a.v + b.v, a.e + b.e);
const sub = (a: Val, b: Val) => rnd(a.v - b.v, a.e + b.e);
const mul = (a: Val, b: Val) => rnd(a.v * b.v, Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e);
function div(a: Val, b: Val): Val {
  if (!(Math.abs(b.v) > b.e)) throw new Error(`division by a value not separated from 0: ${b.v} ± ${b.e}`);
  const v = a.v / b.v;
  return rnd(v, (a.e + Math.abs(v) * b.e) / (Math.abs(b.v) - b.e));
}
function sqrt(a: Val): Val {
  const v = Math.sqrt(a.v);
  // |√x − √y| = |x − y| / (√x + √y) ≤ e / (√a + √max(a − e, 0))
  const den = v + Math.sqrt(Math.max(a.v - a.e, 0));
  return rnd(v, den > 0 ? a.e / den : Math.sqrt(a.e));
}

// ---- the reference step ---------------------------------------------------------

type OptSpec =
  | { kind: 'sgd'; lr: number; momentum: number; nesterov: boolean; weightDecay: number; maxGradNorm: number }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; maxGradNorm: number };

function makeOptimizer(o: OptSpec) {
  return o.kind === 'sgd'
    ? optim.sgd({ lr: o.lr, momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay, maxGradNorm: o.maxGradNorm })
    : optim.adam({ lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: o.decoupled, maxGradNorm: o.maxGradNorm });
}

/**
 * The loss gradient Σ w⁺_i ∂E(y⁺_i)/∂θ + Σ w⁻_i ∂E(y⁻_i)/∂θ with w = (∂L/∂E)/B for the loss
 * E⁺ − E⁻ + α(E⁺² + E⁻²): w⁺ = (1 + 2αE⁺)/B, w⁻ = (−1 + 2αE⁻)/B; the order of the rows does not
 * matter (a sum), so the trainer's shuffled batch is the same batch.
 *
 * Bound on |trainer's f32 gradient − this one|: both are f32 sums, over the 2B rows, of f32
 * per-row chain-rule products. The classical bound for such a sum is γ_n·S_j with
 * S_j = Σ_i |w_i ∂E_i/∂θ_j| and γ_n = nu/(1 − nu), n the longest chain of roundings: 2B for the
 * accumulation over rows, + 3 layers × (fan-in 8 + activation and its derivative ≤ 4 ulp) = 36
 * for one row's backward pass, + 2 for the weights (f32 energies, f32 storage). Each side is off
 * by at most that, so the two differ by ≤ 2γ_n·S_j.
 */
function referenceGradient(model: MLPEnergy, Ypos: Matrix, Yneg: Matrix, alpha: number): Val[] {
  const B = Ypos.rows;
  const Ep = model.energy(Ypos), En = model.energy(Yneg);
  const wp = Array.from(Ep, (e) => (1 + 2 * alpha * e) / B);
  const wn = Array.from(En, (e) => (-1 + 2 * alpha * e) / B);
  const gp = model.paramGrad(Ypos, wp), gn = model.paramGrad(Yneg, wn);
  const S = new Float64Array(model.numParams);
  const row = (Y: Matrix, i: number) => ({ rows: 1, cols: Y.cols, data: Y.data.slice(i * Y.cols, (i + 1) * Y.cols) });
  for (let i = 0; i < B; i++) {
    for (const [Y, w] of [[Ypos, wp[i]!], [Yneg, wn[i]!]] as const) {
      const g = model.paramGrad(row(Y, i), [w]);
      for (let j = 0; j < S.length; j++) S[j] = S[j]! + Math.abs(g[j]!);
    }
  }
  const n = 2 * B + 36 + 2;
  const gamma = (n * U) / (1 - n * U);
  return Array.from(S, (s, j) => ({ v: gp[j]! + gn[j]!, e: 2 * gamma * s }));
}

/** f64 optimizer state, with error bounds carried along. */
interface RefState {
  t: number;
  buf: Val[] | null; // SGD momentum
  m: Val[] | null;
  v: Val[] | null;
}

/** One optimizer step from θ (the trainer's f32 parameters, exact inputs) with gradient g. */
function referenceUpdate(o: OptSpec, theta: Float32Array, g: Val[], st: RefState): Val[] {
  st.t += 1;
  // global-norm clipping (PyTorch's clip_grad_norm_: scale c/(‖g‖ + 1e-6) when ‖g‖ > c)
  let sq = 0, sqErr = 0;
  for (const x of g) {
    sq += x.v * x.v;
    sqErr += x.e * x.e;
  }
  const norm = { v: Math.sqrt(sq), e: Math.sqrt(sqErr) }; // ‖a‖ − ‖b‖ ≤ ‖a − b‖ (the trainer sums in f64)
  if (Math.abs(norm.v - o.maxGradNorm) <= norm.e) throw new Error(`‖g‖ = ${norm.v} is within round-off of maxGradNorm: the branch is undetermined; change the setting`);
  const clip = norm.v > o.maxGradNorm ? div(exact(o.maxGradNorm), add(norm, exact(1e-6))) : exact(1);
  const lr = f32c(o.lr), wd = f32c(o.weightDecay);
  const out: Val[] = [];
  if (o.kind === 'sgd') {
    const mu = f32c(o.momentum);
    st.buf ??= g.map(() => exact(0));
    for (let j = 0; j < g.length; j++) {
      const p = exact(theta[j]!);
      let d = mul(clip, g[j]!);
      if (o.weightDecay !== 0) d = add(d, mul(wd, p));
      if (o.momentum !== 0) {
        const b = st.t === 1 ? d : add(mul(mu, st.buf[j]!), d);
        st.buf[j] = b;
        d = o.nesterov ? add(d, mul(mu, b)) : b;
      }
      out.push(sub(p, mul(lr, d)));
    }
    return out;
  }
  const b1 = f32c(o.beta1), b2 = f32c(o.beta2), eps = f32c(o.eps);
  st.m ??= g.map(() => exact(0));
  st.v ??= g.map(() => exact(0));
  const bc1 = 1 - o.beta1 ** st.t, bc2 = 1 - o.beta2 ** st.t;
  // lr/(1 − β1ᵗ) and √(1 − β2ᵗ) are formed in f64 from the f32 β's and rounded once: ≤ (t+2)u relative
  const stepSize = { v: o.lr / bc1, e: ((st.t + 2) * U * o.lr) / bc1 };
  const rootBc2 = { v: Math.sqrt(bc2), e: (st.t + 2) * U * Math.sqrt(bc2) };
  const b1c = sub(exact(1), b1), b2c = sub(exact(1), b2);
  for (let j = 0; j < g.length; j++) {
    let p = exact(theta[j]!);
    let gj = mul(clip, g[j]!);
    if (o.weightDecay !== 0) {
      if (o.decoupled) p = mul(p, sub(exact(1), mul(lr, wd)));
      else gj = add(gj, mul(wd, p));
    }
    const m = add(mul(b1, st.m[j]!), mul(b1c, gj));
    const v = add(mul(b2, st.v[j]!), mul(b2c, mul(gj, gj)));
    st.m[j] = m;
    st.v[j] = v;
    // where |g| is near its own round-off the step's sign is undetermined and the bound grows
    // towards a whole step: div's bound follows (√v̂ + ε ≥ ε keeps it finite)
    const den = add(div(sqrt(v), rootBc2), eps);
    out.push(sub(p, mul(stepSize, div(m, den))));
  }
  return out;
}

/** Data descent by the public ∇_y F: y ← y − ε∇F(y), `steps` times (what negatives 'descent' does). */
function descend(model: MLPEnergy, Y: Matrix, steps: number, stepSize: number): Matrix {
  const data = Y.data.slice();
  for (let s = 0; s < steps; s++) {
    const g = model.grad({ rows: Y.rows, cols: Y.cols, data }).data;
    for (let i = 0; i < data.length; i++) if (Number.isFinite(g[i]!)) data[i] = Math.fround(data[i]! - Math.fround(stepSize * g[i]!));
  }
  return { rows: Y.rows, cols: Y.cols, data };
}

// ---- the checks -----------------------------------------------------------------------

const OPTIMIZERS: OptSpec[] = [
  { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3, maxGradNorm: 0.5 },
  { kind: 'adam', lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-3, decoupled: false, maxGradNorm: 0.5 },
  { kind: 'adam', lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 1e-2, decoupled: true, maxGradNorm: 1e6 },
];

function outside(got: Float32Array, want: Val[]): string[] {
  const bad: string[] = [];
  for (let j = 0; j < want.length; j++) {
    // the bound is first order in u; ×2 covers the dropped O(u²) terms with room
    if (!(Math.abs(got[j]! - want[j]!.v) <= 2 * want[j]!.e)) bad.push(`θ[${j}] ${got[j]} vs ${want[j]!.v} (bound ${2 * want[j]!.e})`);
  }
  return bad;
}
function compare(got: Float32Array, want: Val[], what: string): void {
  expect(outside(got, want), what).toEqual([]);
}

describe('a contrastive step equals paramGrad + an f64 reference optimizer', () => {
  const n = 32;
  const alpha = 0.1;

  for (const o of OPTIMIZERS) {
    const label = `${o.kind}${o.kind === 'adam' && o.decoupled ? 'W' : ''}`;
    it(`${label}: 4 steps with negatives by descent from the data (known without the trainer's RNG)`, async () => {
      // init 'data' with kick 0 and a full batch (batchSize = rows): the negatives are the data
      // rows after 3 descent steps, which the public grad reproduces; the batch is every row
      const seed = testSeed(21);
      const { X } = datasets.moons({ n, seed, noise: 0.1 });
      const model = new MLPEnergy({ inputDim: 2, hidden: [8, 8], activation: 'silu', seed });
      const tr = new train.ContrastiveTrainer(model, X, {
        negatives: { init: 'data', kick: 0, sampler: 'descent', steps: 3, stepSize: 0.05 },
        loss: 'contrastive', regularization: { energySquare: alpha }, batchSize: n, seed, optimizer: makeOptimizer(o),
      });
      const st: RefState = { t: 0, buf: null, m: null, v: null };
      let moved = 0;
      for (let k = 0; k < 4; k++) {
        const theta = model.params;
        const g = referenceGradient(model, X, descend(model, X, 3, 0.05), alpha);
        const want = referenceUpdate(o, theta, g, st);
        await tr.run({ steps: 1 });
        const got = model.params;
        compare(got, want, `${label} step ${k + 1} ${seedNote(seed)}`);
        if (k === 0) {
          // power: the bound is tight enough to see a learning rate 1 % off
          const st1: RefState = { t: 0, buf: null, m: null, v: null };
          const off = referenceUpdate({ ...o, lr: o.lr * 1.01 }, theta, g, st1);
          expect(outside(got, off).length, `a 1 % wrong lr went unnoticed ${seedNote(seed)}`).toBeGreaterThan(0);
        }
        for (let j = 0; j < got.length; j++) moved = Math.max(moved, Math.abs(got[j]! - theta[j]!));
      }
      // the parameters did move (a check of a step that changes nothing would prove little)
      expect(moved).toBeGreaterThan(1e-3);
      tr.dispose();
      model.dispose();
    });
  }

  it('sgd with momentum: a trainer saved mid-run resumes bit-exactly (momentum buffer, epoch order, RNG)', async () => {
    // (train.test.ts covers Adam with a replay buffer; this covers SGD's momentum and init 'data' with a kick)
    const seed = testSeed(23);
    const { X } = datasets.moons({ n: 64, seed, noise: 0.1 });
    const opts = {
      negatives: { init: 'data' as const, kick: 0.2, sampler: 'langevin' as const, steps: 3, stepSize: 0.01 },
      loss: 'hinge' as const, batchSize: 16, seed, optimizer: makeOptimizer(OPTIMIZERS[0]!),
    };
    const a = new MLPEnergy({ inputDim: 2, hidden: [8], seed });
    const ta = new train.ContrastiveTrainer(a, X, opts);
    await ta.run({ steps: 5 }); // mid-epoch: 64 rows / 16 = 4 steps per epoch
    const saved = ta.toBytes();
    await ta.run({ steps: 6 });
    const b = new MLPEnergy({ inputDim: 2, hidden: [8], seed: seed + 1 }); // other θ: the file's must win
    const tb = train.ContrastiveTrainer.fromBytes(saved, b, X);
    await tb.run({ steps: 6 });
    expect(Buffer.from(b.params.buffer).equals(Buffer.from(a.params.buffer)), seedNote(seed)).toBe(true);
    expect(tb.steps).toBe(11);
    for (const x of [ta, tb, a, b]) x.dispose();
  });

  it('adam: the first step with Langevin negatives from noise, read back from the replay buffer', async () => {
    // init 'buffer': at the first step every negative is fresh and is written to buffer row i
    // before the gradient, so trainer.buffer holds exactly the step's negatives
    const seed = testSeed(22);
    const { X } = datasets.moons({ n, seed, noise: 0.1 });
    const model = new MLPEnergy({ inputDim: 2, hidden: [8, 8], activation: 'silu', seed });
    const o = OPTIMIZERS[1]!;
    const theta = model.params;
    const tr = new train.ContrastiveTrainer(model, X, {
      negatives: { init: 'buffer', sampler: 'langevin', steps: 5, stepSize: 0.01, bufferSize: 1000 },
      loss: 'contrastive', regularization: { energySquare: alpha }, batchSize: n, seed, optimizer: makeOptimizer(o),
    });
    await tr.run({ steps: 1 });
    const negatives = tr.buffer;
    expect(negatives.rows).toBe(n);
    const got = model.params;
    model.setParams(theta); // the gradient is taken at the parameters before the step
    const want = referenceUpdate(o, theta, referenceGradient(model, X, negatives, alpha), { t: 0, buf: null, m: null, v: null });
    compare(got, want, `adam, buffer negatives ${seedNote(seed)}`);
    tr.dispose();
    model.dispose();
  });
});
