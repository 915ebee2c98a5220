// The exported sampler entry points: size, lay out and validate a state,
// prime it, run transitions (with warm-up adaptation while it is active),
// reset counters. What differs between kinds goes through kinds.ts; one call
// runs any number of transitions over all chains.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import { rngInit } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import {
  SS_MAGIC, SS_MAGIC_VALUE, SS_VERSION, SS_VERSION_VALUE, SS_KIND, SS_CHAINS, SS_DIM, SS_BYTES, SS_KIND_PARAM, SS_ITER,
  SS_COUNTED, SS_ADAPT_FLAGS, SS_ADAPT_START, SS_ADAPT_END, SS_STEP, SS_BETA, SS_LAST_ACCEPT, SS_LAST_STEP, SS_LAST_DIV,
  SS_HEADER_BYTES, SS_SECTION_O_GRAD, SS_O_POS, SS_O_E, SS_O_ACCEPTS, SS_O_NON_FINITE, SS_O_DIVERGENT,
  SAMPLER_ADAPT_STEP, SAMPLER_ADAPT_MASS, SS_LAYOUT_SIZE, SS_LAYOUT_WRITE, SS_LAYOUT_CHECK,
  arr, kindArr, commonInit, commonLayout, layoutCheckBegin, layoutFailed,
} from "./state";
import { rowFinite } from "./common";
import { adaptAfter } from "./adapt";
import { setPart } from "./draws";
import {
  SAMPLER_HMC, SAMPLER_NEEDS_GRAD, SAMPLER_HAS_STEP, kindTraits, kindAdapts, kindParamValid, kindLayout, kindDefaults,
  kindCheck, kindStep, kindDefaultPositions,
} from "./kinds";

// samplerValidate's answers
export const SAMPLER_STATE_OK = 0;
export const SAMPLER_STATE_NOT_A_STATE = 1; // too short, or no "EBMS" magic
export const SAMPLER_STATE_OLD_VERSION = 2; // another version (SS_VERSION says which)
export const SAMPLER_STATE_KIND = 3; // an unknown kind, or a size parameter the kind cannot have
export const SAMPLER_STATE_SHAPE = 4; // not for the given chains × dim
export const SAMPLER_STATE_LAYOUT = 5; // byte size or an array offset differs from the kind's layout
export const SAMPLER_STATE_VALUES = 6; // a field out of range (iteration, β, step, adaptation, the kind's own)

/**
 * Bytes of a state of `kind` for chains × dim (param: the kind's size parameter, Gibbs' number of
 * values, else 0), or 0 when the kind is unknown, a size is not positive, or the block would not
 * stay well below 2³¹ bytes.
 */
export function samplerStateBytes(kind: i32, chains: i32, dim: i32, param: i32): i32 {
  if (kindTraits(kind) < 0 || !kindParamValid(kind, param) || chains < 1 || dim < 1) return 0;
  // a bound on every layout (at most 8 + param arrays of C×D f32, the per-chain and per-value arrays), in f64
  const C = <f64>chains, D = <f64>dim, P = <f64>param + 8;
  if (C * D * P * 4 + C * P * 8 + D * 24 + P * 12 + 1024 > 2147483647) return 0;
  const o = commonLayout(0, chains, dim, SS_LAYOUT_SIZE);
  return <i32>kindLayout(kind, 0, chains, dim, param, o, SS_LAYOUT_SIZE);
}

/**
 * Writes a fresh state of `kind` at s (samplerStateBytes bytes): the common header (RNG keyed by
 * (seedLo, seedHi, stream) at counter 0, step 0.1, β 1, no adaptation), the kind's layout and
 * defaults, positions copied from Y0 (chains×dim; 0: left zero, see samplerDefaultPositions).
 * Energies and gradients are not evaluated here (see samplerPrime); a kind's values (Gibbs) are
 * written by the caller.
 */
export function samplerLayout(s: usize, kind: i32, chains: i32, dim: i32, param: i32, seedLo: u32, seedHi: u32, stream: u32, Y0: usize): void {
  const bytes = samplerStateBytes(kind, chains, dim, param);
  if (bytes == 0) fail(E_BAD_ARGUMENT, kind);
  commonInit(s, kind, chains, dim, param, bytes, seedLo, seedHi, stream, Y0);
  kindLayout(kind, s, chains, dim, param, commonLayout(0, chains, dim, SS_LAYOUT_SIZE), SS_LAYOUT_WRITE);
  kindDefaults(kind, s);
}

// the RNG of the default positions (stream 1 of the seed; the state's own RNG is another stream)
const defaultRng = memory.data(32, 16);

/**
 * Default positions of a laid-out and configured state, from stream 1 of (seedLo, seedHi):
 * standard normals, or uniform draws from Gibbs' values.
 */
export function samplerDefaultPositions(s: usize, seedLo: u32, seedHi: u32): void {
  rngInit(defaultRng, seedLo, seedHi, 1);
  kindDefaultPositions(load<i32>(s + SS_KIND), s, defaultRng);
}

/**
 * Checks `bytes` at s before anything runs on them: magic, version, kind, shape (chains × dim),
 * the byte size and every array offset against the kind's layout, then the values of the fields.
 * Returns SAMPLER_STATE_OK or the first problem (SAMPLER_STATE_*).
 */
export function samplerValidate(s: usize, bytes: i32, chains: i32, dim: i32): i32 {
  if (bytes < SS_HEADER_BYTES || load<u32>(s + SS_MAGIC) != SS_MAGIC_VALUE) return SAMPLER_STATE_NOT_A_STATE;
  if (load<i32>(s + SS_VERSION) != SS_VERSION_VALUE) return SAMPLER_STATE_OLD_VERSION;
  const kind = load<i32>(s + SS_KIND);
  const traits = kindTraits(kind);
  const param = load<i32>(s + SS_KIND_PARAM);
  if (traits < 0 || !kindParamValid(kind, param)) return SAMPLER_STATE_KIND;
  if (load<i32>(s + SS_CHAINS) != chains || load<i32>(s + SS_DIM) != dim) return SAMPLER_STATE_SHAPE;
  if (load<i32>(s + SS_BYTES) != bytes || samplerStateBytes(kind, chains, dim, param) != bytes) return SAMPLER_STATE_LAYOUT;
  layoutCheckBegin();
  kindLayout(kind, s, chains, dim, param, commonLayout(s, chains, dim, SS_LAYOUT_CHECK), SS_LAYOUT_CHECK);
  if (layoutFailed()) return SAMPLER_STATE_LAYOUT;
  // the arrays are where the kind puts them: now the values
  const beta = load<f64>(s + SS_BETA);
  const step = load<f64>(s + SS_STEP);
  const flags = load<i32>(s + SS_ADAPT_FLAGS);
  if (load<i32>(s + SS_ITER) < 0 || load<i32>(s + SS_COUNTED) < 0 || !(beta > 0 && isFinite(beta))) return SAMPLER_STATE_VALUES;
  if ((traits & SAMPLER_HAS_STEP) != 0 && !(step > 0 && isFinite(step))) return SAMPLER_STATE_VALUES;
  if ((flags & ~(SAMPLER_ADAPT_STEP | SAMPLER_ADAPT_MASS)) != 0 || (flags != 0 && !kindAdapts(kind))) return SAMPLER_STATE_VALUES;
  if ((flags & SAMPLER_ADAPT_MASS) != 0 && kind != SAMPLER_HMC) return SAMPLER_STATE_VALUES;
  if (load<i32>(s + SS_ADAPT_END) < load<i32>(s + SS_ADAPT_START)) return SAMPLER_STATE_VALUES;
  if (!kindCheck(kind, s)) return SAMPLER_STATE_VALUES;
  return SAMPLER_STATE_OK;
}

/**
 * Evaluates F (and ∇F when the kind uses it) at the state's positions. Returns the
 * first chain whose energy, gradient or position is not finite, or −1.
 */
export function samplerPrime(s: usize, desc: usize): i32 {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const needGrad = (kindTraits(load<i32>(s + SS_KIND)) & SAMPLER_NEEDS_GRAD) != 0;
  const pos = arr(s, SS_O_POS), E = arr(s, SS_O_E);
  const G = needGrad ? kindArr(s, SS_SECTION_O_GRAD) : 0;
  energyEval(desc, pos, C, E, G);
  const rowBytes = <usize>D << 2;
  for (let c = 0; c < C; c++) {
    if (!isFinite<f32>(load<f32>(E + (<usize>c << 2)))) return c;
    if (!rowFinite(pos + <usize>c * rowBytes, D)) return c;
    if (needGrad && !rowFinite(G + <usize>c * rowBytes, D)) return c;
  }
  return -1;
}

/** Sets the step size and β (as the SDK validated them); a kind's own settings live in its section. */
export function samplerConfigure(s: usize, stepSize: f64, beta: f64): void {
  store<f64>(s + SS_STEP, stepSize);
  store<f64>(s + SS_LAST_STEP, stepSize);
  store<f64>(s + SS_BETA, beta);
}

/** One transition of every chain plus, inside a warm-up, one adaptation update. */
function transition(s: usize, desc: usize): void {
  const C = load<i32>(s + SS_CHAINS);
  store<i32>(s + SS_LAST_DIV, 0);
  store<f64>(s + SS_LAST_STEP, load<f64>(s + SS_STEP)); // a kind that varies it (HMC's jitter) stores its own
  const sum = kindStep(load<i32>(s + SS_KIND), s, desc);
  if (isNaN(sum)) fail(E_BAD_ARGUMENT, load<i32>(s + SS_KIND));
  const accept = sum / <f64>C;
  store<f64>(s + SS_LAST_ACCEPT, accept);
  store<i32>(s + SS_COUNTED, load<i32>(s + SS_COUNTED) + 1);
  const iter = load<i32>(s + SS_ITER);
  if (iter >= load<i32>(s + SS_ADAPT_START) && iter < load<i32>(s + SS_ADAPT_END)) adaptAfter(s, iter, accept);
  store<i32>(s + SS_ITER, iter + 1);
}

/**
 * Runs `steps` transitions of every chain. When out != 0, after every
 * `thin`-th transition the positions (C×D f32) are appended to out, so out
 * holds floor(steps/thin) draws as [draw][chain][dim]. Returns the number written.
 */
export function samplerRun(s: usize, desc: usize, steps: i32, thin: i32, out: usize): i32 {
  setPart(0, 0); // a whole state (a part that trapped must not leave its offsets behind)
  return runSteps(s, desc, steps, thin, out);
}

/** samplerRun's loop, for whole states and for parts (samplers/parallel.ts sets the part). */
export function runSteps(s: usize, desc: usize, steps: i32, thin: i32, out: usize): i32 {
  if (thin < 1) fail(E_BAD_ARGUMENT, thin);
  const cd = <usize>load<i32>(s + SS_CHAINS) * <usize>load<i32>(s + SS_DIM) * 4;
  const pos = arr(s, SS_O_POS);
  let written = 0;
  for (let k = 0; k < steps; k++) {
    transition(s, desc);
    if (out != 0 && (k + 1) % thin == 0) {
      memory.copy(out + <usize>written * cd, pos, cd);
      written++;
    }
  }
  return written;
}

/** Zeroes the per-chain counters (accepts, non-finite, divergences) and the transition count. */
export function samplerResetCounters(s: usize): void {
  const C = <usize>load<i32>(s + SS_CHAINS);
  memory.fill(arr(s, SS_O_ACCEPTS), 0, C * 4);
  memory.fill(arr(s, SS_O_NON_FINITE), 0, C * 4);
  memory.fill(arr(s, SS_O_DIVERGENT), 0, C * 4);
  store<i32>(s + SS_COUNTED, 0);
}
