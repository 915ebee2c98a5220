// Parts of a sampler state, for running blocks of chains on other threads
// with the bytes of one thread (sdk/parallel/). A part is a state of its own
// (chains [first, first + count) of a whole one): the header and the kind's
// section are the whole's, every per-chain array holds the part's rows, and
// arrays that do not grow with the chains (HMC's inverse mass, Gibbs' values)
// are copied whole. Which arrays are per chain is read from the kind's own
// layout walk (state.ts SS_LAYOUT_LIST) at both sizes, so no kind is named
// here. A part runs with its draws at its chains' offsets (draws.ts); the
// chains of a transition are independent except through the mean acceptance
// (recomputed over all chains in chain order when the last part is joined)
// and the adaptation, which couples every chain at every transition and is
// therefore refused here (the SDK runs an adapting warm-up on one thread).
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import {
  SS_CHAINS, SS_DIM, SS_KIND, SS_KIND_PARAM, SS_BYTES, SS_ITER, SS_ADAPT_END, SS_LAST_DIV, SS_LAST_ACCEPT, SS_HEADER_BYTES,
  SS_O_ACC_PROB, SS_LAYOUT_LIST, SS_LAYOUT_WRITE, arr, commonLayout, layoutListBegin, layoutListCount, layoutListField, layoutListBytes,
} from "./state";
import { kindLayout } from "./kinds";
import { samplerStateBytes, runSteps } from "./run";
import { setPart } from "./draws";

const MAX_ARRAYS = 24;
const wholeBytes = new StaticArray<u32>(MAX_ARRAYS);

/** Lists the arrays of `kind` at C chains into the state.ts list; returns their count. */
function listArrays(kind: i32, C: i32, D: i32, param: i32): i32 {
  layoutListBegin();
  kindLayout(kind, 0, C, D, param, commonLayout(0, C, D, SS_LAYOUT_LIST), SS_LAYOUT_LIST);
  return layoutListCount();
}

/**
 * Copies the arrays between a whole state w (C chains) and a part p (B chains from `first`):
 * toPart: w → p, else p → w. Per-chain arrays copy the part's rows; the others go whole to a
 * part, and back from the last part only (a kind's scratch, as Gibbs' weights, then holds
 * what the last chain left in it, as on one thread).
 */
function copyArrays(w: usize, p: usize, first: i32, B: i32, toPart: bool): void {
  const last = first + B == load<i32>(w + SS_CHAINS);
  const kind = load<i32>(w + SS_KIND), C = load<i32>(w + SS_CHAINS), D = load<i32>(w + SS_DIM), param = load<i32>(w + SS_KIND_PARAM);
  const n = listArrays(kind, C, D, param);
  for (let i = 0; i < n; i++) unchecked((wholeBytes[i] = layoutListBytes(i)));
  listArrays(kind, B, D, param);
  for (let i = 0; i < n; i++) {
    const field = <usize>layoutListField(i);
    const bc = <u64>unchecked(wholeBytes[i]), bb = <u64>layoutListBytes(i);
    const wa = w + <usize>load<u32>(w + field), pa = p + <usize>load<u32>(p + field);
    // per chain: the size is linear in the chains (B < C) and the row is whole bytes
    const perChain = bc * <u64>B == bb * <u64>C && bc != bb && bc % <u64>C == 0;
    if (perChain) {
      const row = <usize>(bc / <u64>C);
      if (toPart) memory.copy(pa, wa + <usize>first * row, <usize>B * row);
      else memory.copy(wa + <usize>first * row, pa, <usize>B * row);
    } else if (toPart) {
      memory.copy(pa, wa, <usize>bc);
    } else if (last) {
      memory.copy(wa, pa, <usize>bc);
    }
  }
}

/** Header fields of `s` rewritten for `chains` chains: the count, the byte size and every array offset. */
function relayout(s: usize, chains: i32): void {
  const kind = load<i32>(s + SS_KIND), D = load<i32>(s + SS_DIM), param = load<i32>(s + SS_KIND_PARAM);
  store<i32>(s + SS_CHAINS, chains);
  store<i32>(s + SS_BYTES, samplerStateBytes(kind, chains, D, param));
  kindLayout(kind, s, chains, D, param, commonLayout(s, chains, D, SS_LAYOUT_WRITE), SS_LAYOUT_WRITE);
}

/** Checks a part's range: first a multiple of 4 (its draws start on an RNG block), inside the whole. */
function checkRange(w: usize, first: i32, count: i32): void {
  const C = load<i32>(w + SS_CHAINS);
  if (first < 0 || (first & 3) != 0 || count < 1 || first > C - count) fail(E_BAD_ARGUMENT, first);
}

/**
 * Writes at p the part of the whole state w made of chains [first, first + count); p holds
 * samplerStateBytes(kind, count, dim, param) bytes.
 */
export function samplerSplit(p: usize, w: usize, first: i32, count: i32): void {
  checkRange(w, first, count);
  memory.copy(p, w, SS_HEADER_BYTES);
  relayout(p, count);
  copyArrays(w, p, first, count, true);
}

/**
 * Writes the part p (chains [first, …) of w) back into the whole state w: its rows, and the
 * header it advanced (iteration, counters, RNG counter, last step). Parts are joined in chain
 * order; the first (first = 0) sets the transition's divergences, the others add theirs, and the
 * last one (reaching the last chain) sets the mean acceptance over all chains in chain order,
 * as one thread sums it.
 */
export function samplerJoin(w: usize, p: usize, first: i32): void {
  const B = load<i32>(p + SS_CHAINS);
  checkRange(w, first, B);
  const C = load<i32>(w + SS_CHAINS);
  const div = first == 0 ? 0 : load<i32>(w + SS_LAST_DIV);
  copyArrays(w, p, first, B, false);
  memory.copy(w, p, SS_HEADER_BYTES);
  relayout(w, C);
  store<i32>(w + SS_LAST_DIV, div + load<i32>(p + SS_LAST_DIV));
  if (first + B == C) {
    const accP = arr(w, SS_O_ACC_PROB);
    let sum: f64 = 0;
    for (let c = 0; c < C; c++) sum += load<f64>(accP + (<usize>c << 3));
    store<f64>(w + SS_LAST_ACCEPT, sum / <f64>C);
  }
}

/**
 * samplerRun on a part p made by samplerSplit from a whole state of `total` chains, starting
 * at chain `first`: the part's chains get the draws one thread gives them. Refused while a
 * warm-up adapts (the adaptation couples all chains at every transition).
 */
export function samplerRunPart(p: usize, desc: usize, steps: i32, thin: i32, out: usize, first: i32, total: i32): i32 {
  if (load<i32>(p + SS_ITER) < load<i32>(p + SS_ADAPT_END)) fail(E_BAD_ARGUMENT, load<i32>(p + SS_ADAPT_END));
  if (first < 0 || (first & 3) != 0 || total < first + load<i32>(p + SS_CHAINS)) fail(E_BAD_ARGUMENT, first);
  setPart(first, total);
  const n = runSteps(p, desc, steps, thin, out);
  setPart(0, 0);
  return n;
}
