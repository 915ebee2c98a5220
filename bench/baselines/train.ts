// Pure-TS twin of one contrastive training iteration: what
// ContrastiveTrainer.run({ steps: 1 }) does (sdk/train/contrastive.ts: shuffle
// at an epoch boundary, gather the batch) followed by the fused WASM step
// contrastiveStep (assembly/train/contrastive.ts), for an unconditional MLP
// energy (bench/baselines/mlp.ts, f32 twin), Langevin negatives, the
// 'contrastive' loss E⁺ − E⁻ and Adam (no weight decay, no clipping):
//   1. negatives start from the replay buffer (a fraction `reinit` from fresh
//      noise, all of them while the buffer is empty), from uniform noise in the
//      box [lo, hi], or from the data plus a Gaussian kick (init 'data');
//   2. unadjusted Langevin y ← y − ε∇F(y) + √(2ε)·s·ξ for `steps` steps, as the
//      sampler kernels run it: ∇F at the starting points first (samplerPrime),
//      then one energy-and-gradient evaluation per step at the proposal;
//   3. the finished negatives go back into the buffer;
//   4. both energy passes E⁺ = F(data), E⁻ = F(negatives); loss weights ±1/B;
//   5. Σ_i w_i ∂F/∂θ over the data rows and the negatives, per block of 64 rows,
//      the blocks' sums added in a fixed pairwise tree (as the kernel); its norm;
//   6. one Adam step (torch.optim.Adam: bias-corrected, f32 moments).
// Same RNG streams, draws and order as the kernels (Philox; the kick and
// Langevin normals are philox.rngNormalFast, the kernel's Box–Muller of the same
// words in f64, within 2e-6 of its f32 SIMD normals), so a twin started from the same θ, data and seed
// follows ours up to f32 summation order. Plain loops, every f32 operation
// rounded with Math.fround: a correctness twin, not tuned JS.
import * as mlp from './mlp.js';
import { Cursor, rngInit, rngNormalFast, rngUniform, type RngState } from './philox.js';

const f32 = Math.fround;

/** Streams of the trainer's and the negatives' sampler RNG (sdk/train/contrastive.ts). */
export const TRAINER_STREAM = 0x636f6e74; // 'cont'
export const SAMPLER_STREAM = 0x6e656700;
/** Rows per block of a step's gradient (assembly/train/contrastive.ts TRAIN_BLOCK). */
const BLOCK = 64;

export interface TwinTrainerOptions {
  shape: mlp.MlpShape;
  /** θ0 (copied). */
  params: Float32Array;
  /** Training data, rows × D. */
  data: Float32Array;
  rows: number;
  batchSize: number;
  init?: 'data' | 'noise' | 'buffer';
  steps?: number;
  stepSize?: number;
  noiseScale?: number;
  kick?: number;
  bufferSize?: number;
  reinit?: number;
  /** Noise box (uniform in [lo, hi] per coordinate). */
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  seed?: number;
}

export interface TwinTrainer {
  shape: mlp.MlpShape;
  theta: Float32Array;
  m: Float32Array;
  v: Float32Array;
  optSteps: number;
  data: Float32Array;
  rows: number;
  B: number;
  D: number;
  init: 'data' | 'noise' | 'buffer';
  steps: number;
  stepSize: number;
  noiseScale: number;
  kick: number;
  reinit: number;
  lo: Float32Array;
  hi: Float32Array;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  buffer: Float32Array;
  bufferSize: number;
  bufCount: number;
  perm: Int32Array;
  cursor: number;
  rng: RngState;
  samplerRng: RngState;
  /** The last step's batch (B×D) and finished negatives (B×D). */
  P: Float32Array;
  N: Float32Array;
  stepCount: number;
}

export interface TwinProgress {
  loss: number;
  energyPositive: number;
  energyNegative: number;
  gradNorm: number;
  ok: boolean;
}

export function createTrainer(o: TwinTrainerOptions): TwinTrainer {
  const D = o.shape.inputDim;
  if (o.shape.conditionDim !== 0) throw new Error('train twin: unconditional models only');
  if (o.data.length !== o.rows * D) throw new Error(`train twin: data has ${o.data.length} values, expected ${o.rows}·${D}`);
  const B = o.batchSize;
  const seed = o.seed ?? 0;
  const seedLo = seed % 0x100000000 >>> 0;
  const seedHi = Math.floor(seed / 0x100000000) >>> 0;
  const bufferSize = o.bufferSize ?? 10000;
  const perm = new Int32Array(o.rows);
  for (let i = 0; i < o.rows; i++) perm[i] = i;
  return {
    shape: o.shape,
    theta: Float32Array.from(o.params),
    m: new Float32Array(o.params.length),
    v: new Float32Array(o.params.length),
    optSteps: 0,
    data: o.data,
    rows: o.rows,
    B,
    D,
    init: o.init ?? 'buffer',
    steps: o.steps ?? 20,
    stepSize: o.stepSize ?? 0.01,
    noiseScale: o.noiseScale ?? 1,
    kick: o.kick ?? 0.1,
    reinit: o.reinit ?? 0.05,
    lo: Float32Array.from(o.lo),
    hi: Float32Array.from(o.hi),
    lr: o.lr ?? 1e-3,
    beta1: o.beta1 ?? 0.9,
    beta2: o.beta2 ?? 0.999,
    eps: o.eps ?? 1e-8,
    buffer: new Float32Array((o.init ?? 'buffer') === 'buffer' ? bufferSize * D : 0),
    bufferSize,
    bufCount: 0,
    perm,
    cursor: o.rows, // the first step shuffles
    rng: rngInit(seedLo, seedHi, TRAINER_STREAM),
    samplerRng: rngInit(seedLo, seedHi, SAMPLER_STREAM),
    P: new Float32Array(B * D),
    N: new Float32Array(B * D),
    stepCount: 0,
  };
}

/** Fisher–Yates with the trainer's RNG, as shufflePerm. */
function shuffle(tr: TwinTrainer): void {
  const c = new Cursor(tr.rng);
  const p = tr.perm;
  for (let i = tr.rows - 1; i > 0; i--) {
    const j = c.nextBelow(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  c.end();
}

/** Row i of N from the uniforms u (row i): lo + u·(hi − lo), in f32. */
function noiseRow(tr: TwinTrainer, N: Float32Array, u: Float32Array, i: number): void {
  const D = tr.D;
  for (let j = 0; j < D; j++) N[i * D + j] = f32(tr.lo[j]! + f32(u[i * D + j]! * f32(tr.hi[j]! - tr.lo[j]!)));
}

/** Starting points of the negatives (initNegatives); returns the buffer row of each (−1 fresh, −2 new row). */
function initNegatives(tr: TwinTrainer, P: Float32Array, N: Float32Array): Int32Array {
  const { B, D } = tr;
  const idx = new Int32Array(B);
  if (tr.init === 'data') {
    const z = rngNormalFast(B * D, tr.rng);
    const kick = f32(tr.kick);
    for (let i = 0; i < B * D; i++) N[i] = f32(P[i]! + f32(kick * z[i]!));
    idx.fill(-1);
    return idx;
  }
  const u = rngUniform(B * D, tr.rng);
  if (tr.init === 'noise') {
    for (let i = 0; i < B; i++) noiseRow(tr, N, u, i);
    idx.fill(-1);
    return idx;
  }
  const count = tr.bufCount;
  const c = new Cursor(tr.rng);
  for (let i = 0; i < B; i++) {
    const fresh = count === 0 || c.nextUniform() < tr.reinit;
    const r = count === 0 ? 0 : c.nextBelow(count);
    if (fresh) {
      noiseRow(tr, N, u, i);
      idx[i] = count + i < tr.bufferSize ? -2 : r;
    } else {
      N.set(tr.buffer.subarray(r * D, (r + 1) * D), i * D);
      idx[i] = r;
    }
  }
  c.end();
  return idx;
}

function storeNegatives(tr: TwinTrainer, N: Float32Array, idx: Int32Array): void {
  const D = tr.D;
  for (let i = 0; i < tr.B; i++) {
    let r = idx[i]!;
    if (r === -2) {
      if (tr.bufCount < tr.bufferSize) r = tr.bufCount++;
      else continue;
    }
    if (r >= 0) tr.buffer.set(N.subarray(i * D, (i + 1) * D), r * D);
  }
}

const rowFinite = (a: Float32Array, i: number, D: number) => {
  for (let j = 0; j < D; j++) if (!Number.isFinite(a[i * D + j]!)) return false;
  return true;
};

/** `steps` unadjusted Langevin transitions of the B chains in N (in place), as the trainer's samplerPrime + samplerRun + langevinLastMove. */
export function langevin(tr: TwinTrainer, N: Float32Array): void {
  const { B, D, shape, theta } = tr;
  if (tr.steps === 0) return;
  const n = B * D;
  let { grad: G } = mlp.energyAndGrad(shape, theta, N, B);
  const a = f32(-tr.stepSize);
  const b = f32(Math.sqrt(2 * tr.stepSize) * tr.noiseScale);
  const prop = new Float32Array(n);
  for (let k = 0; k < tr.steps; k++) {
    const xi = rngNormalFast(n, tr.samplerRng);
    for (let i = 0; i < n; i++) prop[i] = f32(f32(N[i]! + f32(a * G[i]!)) + f32(b * xi[i]!));
    if (k === tr.steps - 1) {
      // the last move is not evaluated (the loss evaluates there): rows with a finite new position move
      for (let c = 0; c < B; c++) if (rowFinite(prop, c, D)) for (let j = 0; j < D; j++) N[c * D + j] = prop[c * D + j]!;
      break;
    }
    const r = mlp.energyAndGrad(shape, theta, prop, B);
    const pE = r.energy;
    const pG = r.grad as Float32Array;
    const nextG = new Float32Array(G);
    for (let c = 0; c < B; c++) {
      if (Number.isFinite(pE[c]!) && rowFinite(pG, c, D) && rowFinite(prop, c, D)) {
        for (let j = 0; j < D; j++) {
          N[c * D + j] = prop[c * D + j]!;
          nextG[c * D + j] = pG[c * D + j]!;
        }
      }
    }
    G = nextG;
  }
}

/** Adam step t (adamStep: f64 schedule, f32 arithmetic, no weight decay, clip 1). */
function adam(tr: TwinTrainer, grad: Float32Array): void {
  const t = ++tr.optSteps;
  const beta1 = f32(tr.beta1);
  const beta2 = f32(tr.beta2);
  const bc1 = 1 - Math.pow(beta1, t);
  const bc2 = 1 - Math.pow(beta2, t);
  const stepSize = f32(f32(tr.lr) / bc1);
  const rootBc2 = f32(Math.sqrt(bc2));
  const eps = f32(tr.eps);
  const b1c = f32(1 - beta1);
  const b2c = f32(1 - beta2);
  const { theta, m, v } = tr;
  for (let i = 0; i < theta.length; i++) {
    const g = grad[i]!;
    const mi = f32(f32(beta1 * m[i]!) + f32(b1c * g));
    const vi = f32(f32(beta2 * v[i]!) + f32(f32(b2c * g) * g));
    m[i] = mi;
    v[i] = vi;
    theta[i] = f32(theta[i]! - f32(stepSize * f32(mi / f32(f32(f32(Math.sqrt(vi)) / rootBc2) + eps))));
  }
}

/**
 * The deterministic tail of a step on a given batch P and finished negatives N:
 * both energy passes, loss E⁺ − E⁻ with weights ±1/B, the weighted parameter
 * gradient, Adam (when finite).
 */
export function update(tr: TwinTrainer, P: Float32Array, N: Float32Array): TwinProgress {
  const { B, shape } = tr;
  const Ep = mlp.energies(shape, tr.theta, P, B);
  const En = mlp.energies(shape, tr.theta, N, B);
  let total = 0;
  let sp = 0;
  let sn = 0;
  for (let i = 0; i < B; i++) {
    total += Ep[i]! - En[i]!;
    sp += Ep[i]!;
    sn += En[i]!;
  }
  const loss = total * (1 / B);
  // per block of BLOCK rows a partial gradient (its data rows, then its negatives), summed in the
  // kernel's fixed tree over the block index: (g0 + g1) + (g2 + g3), …
  const parts: Float32Array[] = [];
  for (let r = 0; r < B; r += BLOCK) {
    const n = Math.min(BLOCK, B - r);
    const gp = mlp.paramGrad(shape, tr.theta, P.subarray(r * tr.D, (r + n) * tr.D), new Float32Array(n).fill(f32(1 / B)), n);
    const gn = mlp.paramGrad(shape, tr.theta, N.subarray(r * tr.D, (r + n) * tr.D), new Float32Array(n).fill(f32(-1 / B)), n);
    const g = new Float32Array(gp.length);
    for (let i = 0; i < g.length; i++) g[i] = f32(gp[i]! + gn[i]!);
    parts.push(g);
  }
  for (let stride = 1; stride < parts.length; stride *= 2) {
    for (let i = 0; i + stride < parts.length; i += 2 * stride) {
      const a = parts[i]!, b = parts[i + stride]!;
      for (let k = 0; k < a.length; k++) a[k] = f32(a[k]! + b[k]!);
    }
  }
  const grad = parts[0]!;
  let ss = 0;
  for (let i = 0; i < grad.length; i++) ss += grad[i]! * grad[i]!;
  const norm = Math.sqrt(ss);
  let ok = Number.isFinite(loss) && Number.isFinite(norm);
  if (ok) {
    adam(tr, grad);
    for (let i = 0; i < tr.theta.length; i++) if (!Number.isFinite(tr.theta[i]!)) ok = false;
  }
  return { loss, energyPositive: sp / B, energyNegative: sn / B, gradNorm: norm, ok };
}

/** One training iteration: next batch, negatives, update. */
export function step(tr: TwinTrainer): TwinProgress {
  const { B, D } = tr;
  if (tr.cursor + B > tr.rows) {
    shuffle(tr);
    tr.cursor = 0;
  }
  const P = tr.P;
  for (let i = 0; i < B; i++) {
    const r = tr.perm[tr.cursor + i]!;
    P.set(tr.data.subarray(r * D, (r + 1) * D), i * D);
  }
  tr.cursor += B;
  const N = tr.N;
  const idx = initNegatives(tr, P, N);
  langevin(tr, N);
  if (tr.init === 'buffer') storeNegatives(tr, N, idx);
  const res = update(tr, P, N);
  tr.stepCount++;
  return res;
}
