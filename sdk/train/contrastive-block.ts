// The trainer block of assembly/train/contrastive.ts as the SDK writes and
// reads it: configuration codes and pointers at their generated offsets (T_*),
// the counters and the optimizer moments that a saved trainer carries.
import {
  INIT_BUFFER, INIT_DATA, INIT_NOISE, LOSS_CONTRASTIVE, LOSS_HINGE, LOSS_LOG, LOSS_PERCEPTRON, LOSS_SQUARE_EXPONENTIAL,
  LOSS_SQUARE_SQUARE, OPT_ADAM, OPT_SGD, RNG_STATE_BYTES, T_ALPHA, T_BATCH, T_BETA1, T_BETA2, T_BUF, T_BUF_COUNT,
  T_BUF_IDX, T_BUF_SIZE, T_CLIP, T_DECOUPLED, T_DIM, T_EPS, T_GAMMA, T_HI, T_INIT, T_KICK, T_LO, T_LOSS, T_LR, T_M,
  T_MARGIN, T_NEG, T_NESTEROV, T_NET, T_NOISE_MODE, T_OPT, T_OPT_T, T_PX, T_REINIT, T_RNG, T_SAMPLER, T_SCRATCH,
  T_SSTATE, T_STD, T_STEPS, T_STEP_COUNT, T_STEP_SIZE, T_V, T_WD,
} from '../runtime/abi.js';
import { heapF32, heapF64, heapI32, heapU32, heapU8, kernels } from '../runtime/core.js';
import { seedWords } from '../util/validate.js';
import type { LossName, Settings } from './contrastive-settings.js';

/** The codes the trainer block holds (assembly/train/losses.ts and contrastive.ts), by option name. */
const LOSS_CODES: Record<LossName, number> = {
  contrastive: LOSS_CONTRASTIVE, hinge: LOSS_HINGE, log: LOSS_LOG, 'square-square': LOSS_SQUARE_SQUARE,
  'square-exponential': LOSS_SQUARE_EXPONENTIAL, perceptron: LOSS_PERCEPTRON,
};
const INIT_CODES = { data: INIT_DATA, noise: INIT_NOISE, buffer: INIT_BUFFER } as const;

/** Pointers of the blocks a trainer block refers to (0 where absent). */
export interface TrainerBlocks {
  net: number;
  conditions: number;
  buffer: number;
  sampler: number;
  lo: number;
  hi: number;
  m: number;
  v: number;
  negatives: number;
  scratch: number;
  bufferIndex: number;
}

/** Writes the whole configuration of a fresh trainer (counters 0, RNG at the seed's 'cont' stream). */
export function writeTrainerBlock(tp: number, s: Settings, dim: number, p: TrainerBlocks, where: string): void {
  const i32 = heapI32();
  const u32 = heapU32();
  const w = tp >>> 2;
  const set32 = (off: number, v: number) => (i32[w + off / 4] = v);
  const setPtr = (off: number, ptr: number) => (u32[w + off / 4] = ptr);
  const o = s.optimizer;
  setPtr(T_NET, p.net);
  setPtr(T_PX, p.conditions);
  set32(T_DIM, dim);
  set32(T_BATCH, s.batchSize);
  set32(T_INIT, INIT_CODES[s.init]);
  set32(T_SAMPLER, s.sampler === 'descent' ? 0 : 1);
  set32(T_STEPS, s.steps);
  set32(T_LOSS, LOSS_CODES[s.loss]);
  setPtr(T_BUF, p.buffer);
  set32(T_BUF_SIZE, s.bufferSize);
  set32(T_BUF_COUNT, 0);
  setPtr(T_SSTATE, p.sampler);
  set32(T_NOISE_MODE, s.noiseMode);
  setPtr(T_LO, p.lo);
  setPtr(T_HI, p.hi);
  set32(T_OPT, o.kind === 'sgd' ? OPT_SGD : OPT_ADAM);
  set32(T_OPT_T, 0);
  setPtr(T_M, p.m);
  setPtr(T_V, p.v);
  setPtr(T_NEG, p.negatives);
  setPtr(T_SCRATCH, p.scratch);
  setPtr(T_BUF_IDX, p.bufferIndex);
  set32(T_NESTEROV, o.nesterov ? 1 : 0);
  set32(T_DECOUPLED, o.decoupled ? 1 : 0);
  set32(T_STEP_COUNT, 0);
  const f64 = heapF64();
  const f = tp >>> 3;
  const setF = (off: number, v: number) => (f64[f + off / 8] = v);
  setF(T_STEP_SIZE, s.stepSize);
  setF(T_KICK, s.kick);
  setF(T_REINIT, s.reinit);
  setF(T_STD, s.std);
  setF(T_MARGIN, s.margin);
  setF(T_GAMMA, s.gamma);
  setF(T_ALPHA, s.alpha);
  setF(T_LR, o.lr);
  setF(T_BETA1, o.beta1);
  setF(T_BETA2, o.beta2);
  setF(T_EPS, o.eps);
  setF(T_WD, o.weightDecay);
  setF(T_CLIP, o.maxGradNorm ?? 0);
  const [seedLo, seedHi] = seedWords(s.seed);
  kernels(where).rngInit(tp + T_RNG, seedLo, seedHi, 0x636f6e74); // 'cont'
}

/** The learning rate the next step uses (a schedule sets it between runs). */
export function setLearningRate(tp: number, lr: number): void {
  heapF64()[(tp + T_LR) >>> 3] = lr;
}

/** What a trainer has done so far, as saved in its file. */
export interface TrainerCounters {
  /** Replay-buffer rows filled. */
  bufCount: number;
  /** Optimizer updates taken (Adam's t). */
  optSteps: number;
  /** Training steps taken. */
  stepCount: number;
}

export function readCounters(tp: number): TrainerCounters {
  const i32 = heapI32();
  return { bufCount: i32[(tp + T_BUF_COUNT) >>> 2]!, optSteps: i32[(tp + T_OPT_T) >>> 2]!, stepCount: i32[(tp + T_STEP_COUNT) >>> 2]! };
}

export function writeCounters(tp: number, c: TrainerCounters): void {
  const i32 = heapI32();
  i32[(tp + T_BUF_COUNT) >>> 2] = c.bufCount;
  i32[(tp + T_OPT_T) >>> 2] = c.optSteps;
  i32[(tp + T_STEP_COUNT) >>> 2] = c.stepCount;
}

/** The optimizer's moment vectors (numParams each) and the trainer's RNG state, copied out. */
export function readMoments(tp: number, numParams: number): { m: Float32Array; v: Float32Array; rng: Uint8Array } {
  const u32 = heapU32();
  const m = u32[(tp + T_M) >>> 2]! >>> 2;
  const v = u32[(tp + T_V) >>> 2]! >>> 2;
  const f32 = heapF32();
  return { m: f32.slice(m, m + numParams), v: f32.slice(v, v + numParams), rng: heapU8().slice(tp + T_RNG, tp + T_RNG + RNG_STATE_BYTES) };
}

export function writeMoments(tp: number, state: { m: Float32Array; v: Float32Array; rng: Uint8Array }): void {
  const u32 = heapU32();
  const f32 = heapF32();
  f32.set(state.m, u32[(tp + T_M) >>> 2]! >>> 2);
  f32.set(state.v, u32[(tp + T_V) >>> 2]! >>> 2);
  heapU8().set(state.rng, tp + T_RNG);
}
