// The network models' fits on a worker (GLO, DenoisingAutoencoder,
// MaskedAutoencoder): the worker keeps the fit's model, rebuilt once from its
// file, and all its training rows (any row can fall in any block of a
// shuffled batch) under the fit's key; every batch sends the parameters
// (none the first time: the file has them), the rows of its run of whole
// blocks (and, for GLO, their code state). The worker makes the kernel call
// the calling thread makes (models/minibatch-kernels.ts), sums its blocks in
// the aligned pieces of the batch's fixed tree (assembly/train/minibatch.ts)
// and sends back one gradient per piece and (loss, count) per block, so the
// bytes do not depend on the worker.
import { EbmError } from '../errors.js';
import { load } from '../io/load.js';
import { heapF32, heapF64, heapI32, kernels } from '../runtime/core.js';
import { MINIBATCH_BLOCK } from '../runtime/abi.js';
import { WasmBlock } from '../runtime/memory.js';
import { LEARNABLE, restoreParams } from '../models/learnable.js';
import { MINIBATCH_KERNELS, type BlockSettings, type MinibatchKernel } from '../models/minibatch-kernels.js';

export interface MinibatchLoadArgs {
  /** This fit's key (one per fit and calling thread). */
  key: string;
  kernel: MinibatchKernel;
  /** The model's file (io/format.ts), as toBytes writes it. */
  file: Uint8Array;
  /** The training rows (rows × cols, f32). */
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface MinibatchBlocksArgs {
  key: string;
  /** The run's first block and the batch's blocks (the run's pieces of the tree depend on them). */
  block0: number;
  blocks: number;
  /** θ of this step, or null when it is still the file's. */
  params: Float32Array | null;
  /** The run's rows (whole blocks but the batch's last), in the epoch's order. */
  idx: Int32Array;
  /** Their state (GLO: code, moments, steps per row), or null. */
  state: Float32Array | null;
  settings: BlockSettings;
}

export interface MinibatchBlocksResult {
  /** The run's aligned pieces of the tree (first block in the batch, blocks, level), in order. */
  pieces: Piece[];
  /** One gradient per piece (the sum of its blocks), piece after piece. */
  grads: Float32Array;
  /** (loss, count) per block. */
  losses: Float64Array;
  /** The rows' state after the run (GLO's updated codes), or null. */
  state: Float32Array | null;
}

export interface Piece {
  first: number;
  count: number;
  /** The piece spans 2^level blocks of the tree (fewer at the batch's end). */
  level: number;
}

/**
 * Blocks [b0, b1) of a batch of nb blocks as the largest aligned pieces of its fixed tree
 * (first a multiple of 2^level, 2^level blocks or up to the batch's end): the tree sums each
 * piece on its own before any pair that crosses it, so a worker may sum it first.
 */
export function treePieces(b0: number, b1: number, nb: number): Piece[] {
  const out: Piece[] = [];
  for (let i = b0; i < b1;) {
    let k = 0;
    while (2 ** k < nb && i % 2 ** (k + 1) === 0 && Math.min(i + 2 ** (k + 1), nb) <= b1) k++;
    const count = Math.min(i + 2 ** k, nb) - i;
    out.push({ first: i, count, level: k });
    i += count;
  }
  return out;
}

interface Held {
  kernel: MinibatchKernel;
  model: { dispose(): void; [LEARNABLE](where: string): number };
  data: WasmBlock;
  rows: number;
  numParams: number;
  /** Scratch kept between batches (grown when a run needs more). */
  scratch: WasmBlock[];
}

// fits under way in this worker, by key (a shared pool may serve several at once)
const held = new Map<string, Held>();
const WHERE = 'minibatch fit (worker)';

export function minibatchLoad(a: MinibatchLoadArgs): null {
  minibatchFree({ key: a.key });
  if (!(a.kernel in MINIBATCH_KERNELS)) throw new EbmError('WORKER_FAILED', `${WHERE}: unknown kernel '${String(a.kernel)}'`);
  const model = load(a.file) as unknown as Held['model'] & { numParams: number };
  let data: WasmBlock | null = null;
  try {
    model[LEARNABLE](WHERE);
    data = new WasmBlock(Math.max(16, a.data.length * 4), WHERE);
    heapF32().set(a.data, data.ptr >>> 2);
    held.set(a.key, { kernel: a.kernel, model, data, rows: a.rows, numParams: model.numParams, scratch: [] });
  } catch (e) {
    data?.free();
    model.dispose();
    throw e;
  }
  return null;
}

export function minibatchBlocks(a: MinibatchBlocksArgs): MinibatchBlocksResult {
  const h = held.get(a.key);
  if (!h) throw new EbmError('WORKER_FAILED', `${WHERE}: this worker does not hold the model of this fit (it was replaced)`);
  const K = kernels(WHERE);
  const desc = h.model[LEARNABLE](WHERE);
  if (a.params) restoreParams(desc, a.params, WHERE);
  const n = a.idx.length;
  const nb = Math.ceil(n / MINIBATCH_BLOCK);
  const P = h.numParams;
  // idx, state, grads, losses: kept between batches, grown when needed
  const block = (i: number, bytes: number): WasmBlock => {
    const b = h.scratch[i];
    if (b && b.bytes >= bytes) return b;
    b?.free();
    h.scratch[i] = new WasmBlock(Math.max(16, bytes), WHERE);
    return h.scratch[i]!;
  };
  const idx = block(0, n * 4);
  const state = a.state ? block(1, a.state.length * 4) : null;
  const grads = block(2, nb * P * 4);
  const losses = block(3, nb * 16);
  heapI32().set(a.idx, idx.ptr >>> 2);
  if (state) heapF32().set(a.state!, state.ptr >>> 2);
  MINIBATCH_KERNELS[h.kernel].run(K, { h: desc, data: h.data.ptr, N: h.rows, idx: idx.ptr, n, state: state ? state.ptr : 0, grads: grads.ptr, losses: losses.ptr }, a.settings);
  // each piece's blocks summed in the tree's order (relative to an aligned piece, the same pairs)
  const pieces = treePieces(a.block0, a.block0 + nb, a.blocks);
  const out = new Float32Array(pieces.length * P);
  pieces.forEach((pc, j) => {
    const at = grads.ptr + (pc.first - a.block0) * P * 4;
    K.minibatchReduce(at, pc.count, P, 0, 1);
    out.set(heapF32().subarray(at >>> 2, (at >>> 2) + P), j * P);
  });
  return {
    pieces,
    grads: out,
    losses: heapF64().slice(losses.ptr >>> 3, (losses.ptr >>> 3) + 2 * nb),
    state: state ? state.f32(a.state!.length).slice() : null,
  };
}

/** Frees a fit's model and rows (its end, or a failed fit). */
export function minibatchFree(a: { key: string }): null {
  const h = held.get(a.key);
  if (h) {
    held.delete(a.key);
    h.data.free();
    h.scratch.forEach((b) => b.free());
    h.model.dispose();
  }
  return null;
}
