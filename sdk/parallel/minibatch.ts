// The network models' fits on workers (GLO, DenoisingAutoencoder,
// MaskedAutoencoder; the loop is models/minibatch-fit.ts). Each worker gets
// the model's file and all the training rows once per fit; every batch is cut
// into its fixed blocks of MINIBATCH_BLOCK rows, one contiguous run of whole
// blocks per worker, and each worker gets θ (after the first batch), its rows'
// indices (and GLO's code state of those rows) and sends back a partial
// gradient and (loss, count) per block. The calling thread writes them where
// its own blocks would be and sums them in the same tree, so the bytes are
// those of the calling thread.
import type { Matrix } from '../matrix.js';
import { heapF32, heapF64, heapI32 } from '../runtime/core.js';
import { MINIBATCH_BLOCK } from '../runtime/abi.js';
import type { BlockSettings, MinibatchKernel } from '../models/minibatch-kernels.js';
import { blockRanges } from './blocks.js';
import type { MinibatchBlocksArgs, MinibatchBlocksResult, MinibatchLoadArgs } from './minibatch-worker.js';
import type { Pool } from './pool.js';
import { nextRunKey } from './use.js';

/** Where the calling thread keeps a batch (pointers in its memory). */
export interface BatchPointers {
  /** i32[B]: the batch's rows in the epoch's order. */
  idx: number;
  /** The rows' state (stateFloats per row), or 0. */
  state: number;
  /** f32[blocks × P] and f64[2 × blocks], written; i32[blocks] the tree levels of the workers' pieces, written. */
  grads: number;
  losses: number;
  levels: number;
}

export class MinibatchRemote {
  private readonly key = nextRunKey();
  private readonly loaded: Promise<unknown>;
  /** True until the first batch: the workers' θ is the file's. */
  private fresh = true;
  /** Workers that get the model: no batch has more runs of blocks than its blocks. */
  private readonly used: number;

  constructor(
    private readonly pool: Pool,
    kernel: MinibatchKernel,
    file: Uint8Array,
    data: Matrix,
    private readonly numParams: number,
    private readonly stateFloats: number,
    maxBlocks: number,
    private readonly where: string,
  ) {
    this.used = Math.min(pool.size, maxBlocks);
    const args: MinibatchLoadArgs = { key: this.key, kernel, file, rows: data.rows, cols: data.cols, data: data.data.slice(0, data.rows * data.cols) };
    this.loaded = Promise.all(Array.from({ length: this.used }, (_, i) => pool.runAt(i, 'minibatchLoad', args, [], where)));
    this.loaded.catch(() => {}); // awaited by the first batch; a fit that fails before it must not leave an unhandled rejection
  }

  /** The blocks of a batch of B rows on the workers; `params` is θ now (sent unless the workers still hold the file's). */
  async batch(B: number, p: BatchPointers, params: () => Float32Array, settings: BlockSettings): Promise<void> {
    const { pool, where, numParams: P, stateFloats: sf } = this;
    await this.loaded;
    const theta = this.fresh ? null : params();
    this.fresh = false;
    const groups = blockRanges(B, MINIBATCH_BLOCK, this.used);
    const nb = Math.ceil(B / MINIBATCH_BLOCK);
    // θ handed over, not cloned: a copy per worker is a memcpy, where the structured clone of the
    // same array cost ~5 ms a batch at 282 k parameters (bench/RESULTS.md); copies made before
    // the first is handed over
    const thetas = groups.map((_, i) => (theta && i > 0 ? theta.slice() : theta));
    const results = await Promise.all(groups.map((g, i) => {
      const idx = heapI32().slice((p.idx >>> 2) + g.first, (p.idx >>> 2) + g.first + g.rows);
      const state = sf > 0 ? heapF32().slice((p.state >>> 2) + g.first * sf, (p.state >>> 2) + (g.first + g.rows) * sf) : null;
      const th = thetas[i]!;
      const args: MinibatchBlocksArgs = {
        key: this.key, block0: g.first / MINIBATCH_BLOCK, blocks: nb, params: th, idx, state, settings: { ...settings, pos0: settings.pos0 + g.first },
      };
      const transfer: ArrayBuffer[] = [idx.buffer];
      if (state) transfer.push(state.buffer);
      if (th) transfer.push(th.buffer as ArrayBuffer);
      return pool.runAt<MinibatchBlocksResult>(i, 'minibatchBlocks', args, transfer, where);
    }));
    // each group is a run of whole blocks: each piece's sum goes to its first block, its level
    // to all its blocks (the tree skips the pairs inside it), the losses where this thread's would
    results.forEach((r, i) => {
      const b0 = groups[i]!.first / MINIBATCH_BLOCK;
      r.pieces.forEach((pc, j) => {
        heapF32().set(r.grads.subarray(j * P, (j + 1) * P), (p.grads >>> 2) + pc.first * P);
        heapI32().fill(pc.level, (p.levels >>> 2) + pc.first, (p.levels >>> 2) + pc.first + pc.count);
      });
      heapF64().set(r.losses, (p.losses >>> 3) + 2 * b0);
      if (r.state) heapF32().set(r.state, (p.state >>> 2) + groups[i]!.first * sf);
    });
  }

  /** Frees the model and rows on every worker (a worker that died or a closed pool has nothing left to free). */
  async free(): Promise<void> {
    await Promise.all(Array.from({ length: this.used }, (_, i) => this.pool.runAt(i, 'minibatchFree', { key: this.key }, [], this.where).catch(() => {})));
  }
}
