// The network models' fits on a worker (GLO, DenoisingAutoencoder,
// MaskedAutoencoder): the worker keeps the fit's model, rebuilt once from its
// file, and all its training rows (any row can fall in any block of a
// shuffled batch) under the fit's key; every batch sends the parameters
// (none the first time: the file has them), the rows of its run of whole
// blocks (and, for GLO, their code state) and gets back one partial gradient
// and (loss, count) per block, from the kernel call the calling thread makes
// (models/minibatch-kernels.ts), so the bytes do not depend on the worker.
import { EbmError } from '../errors.js';
import { load } from '../io/load.js';
import { heapF32, heapF64, heapI32, kernels } from '../runtime/core.js';
import { MINIBATCH_BLOCK } from '../runtime/abi.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
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
  /** θ of this step, or null when it is still the file's. */
  params: Float32Array | null;
  /** The run's rows (whole blocks but the batch's last), in the epoch's order. */
  idx: Int32Array;
  /** Their state (GLO: code, moments, steps per row), or null. */
  state: Float32Array | null;
  settings: BlockSettings;
}

export interface MinibatchBlocksResult {
  /** One partial gradient per block, block after block. */
  grads: Float32Array;
  /** (loss, count) per block. */
  losses: Float64Array;
  /** The rows' state after the run (GLO's updated codes), or null. */
  state: Float32Array | null;
}

interface Held {
  kernel: MinibatchKernel;
  model: { dispose(): void; [LEARNABLE](where: string): number };
  data: WasmBlock;
  rows: number;
  numParams: number;
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
    held.set(a.key, { kernel: a.kernel, model, data, rows: a.rows, numParams: model.numParams });
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
  return withBlocks((take) => {
    const block = (bytes: number) => take(new WasmBlock(Math.max(16, bytes), WHERE));
    const idx = block(n * 4);
    const state = a.state ? block(a.state.length * 4) : null;
    const grads = block(nb * P * 4);
    const losses = block(nb * 16);
    heapI32().set(a.idx, idx.ptr >>> 2);
    if (state) heapF32().set(a.state!, state.ptr >>> 2);
    MINIBATCH_KERNELS[h.kernel].run(K, { h: desc, data: h.data.ptr, N: h.rows, idx: idx.ptr, n, state: state ? state.ptr : 0, grads: grads.ptr, losses: losses.ptr }, a.settings);
    return {
      grads: grads.f32(nb * P).slice(),
      losses: heapF64().slice(losses.ptr >>> 3, (losses.ptr >>> 3) + 2 * nb),
      state: state ? state.f32(a.state!.length).slice() : null,
    };
  });
}

/** Frees a fit's model and rows (its end, or a failed fit). */
export function minibatchFree(a: { key: string }): null {
  const h = held.get(a.key);
  if (h) {
    held.delete(a.key);
    h.data.free();
    h.model.dispose();
  }
  return null;
}
