// The blocks kernel of each network model's fit (GLO, DenoisingAutoencoder,
// MaskedAutoencoder: assembly/energies/{glo,dae,mae}.ts), one row per model.
// The calling thread (minibatch-fit.ts) and a worker (parallel/minibatch-worker.ts)
// make the same call on the same blocks of MINIBATCH_BLOCK rows, so they give
// the same partial gradients and losses.
import type { RawExports } from '../runtime/abi.js';

export type MinibatchKernel = 'glo' | 'dae' | 'mae';

/** Where a run of whole blocks reads and writes, all in this thread's memory. */
export interface BlockPointers {
  /** The model's handle. */
  h: number;
  /** The training rows (N × cols, f32). */
  data: number;
  N: number;
  /** i32[n]: the run's rows, in the epoch's order. */
  idx: number;
  n: number;
  /** The run's row state (GLO: the rows' codes and their optimizer state, updated in place), else 0. */
  state: number;
  /** f32[blocks × P] partial gradients and f64[2 × blocks] (loss, count) per block, written. */
  grads: number;
  losses: number;
}

/** The numbers a run needs besides its memory: plain data, sent to workers as is. */
export interface BlockSettings {
  seedLo: number;
  seedHi: number;
  /** The epoch and the place of the run's first row in its order (they key per-row draws). */
  epoch: number;
  pos0: number;
  /** The model's own settings for the whole fit (GLO: the code optimizer; MAE: the corruption rates). */
  extra: number[];
}

interface KernelRow {
  /** Floats of state per row (GLO's codes), 0 when rows carry none. */
  stateFloats(K: RawExports, h: number): number;
  /** The state of rows idx i32[n] from the model into `state` (n × stateFloats), and back after a good batch. */
  gather?(K: RawExports, h: number, state: number, idx: number, n: number): void;
  scatter?(K: RawExports, h: number, state: number, idx: number, n: number): void;
  run(K: RawExports, p: BlockPointers, s: BlockSettings): void;
}

export const MINIBATCH_KERNELS: Record<MinibatchKernel, KernelRow> = {
  glo: {
    stateFloats: (K, h) => K.gloCodeRowFloats(h),
    gather: (K, h, state, idx, n) => K.gloGatherCodes(h, state, idx, n),
    scatter: (K, h, state, idx, n) => K.gloScatterCodes(h, state, idx, n),
    run: (K, p, s) => {
      const [kind, lr, momentum, beta1, beta2, eps] = s.extra as [number, number, number, number, number, number];
      K.gloTrainBlocks(p.h, p.data, p.N, p.idx, p.n, p.state, p.grads, p.losses, kind, lr, momentum, beta1, beta2, eps);
    },
  },
  dae: {
    stateFloats: () => 0,
    run: (K, p, s) => K.daeTrainBlocks(p.h, p.data, p.N, p.idx, p.n, p.grads, p.losses, s.seedLo, s.seedHi, s.epoch, s.pos0),
  },
  mae: {
    stateFloats: () => 0,
    run: (K, p, s) => {
      const [rate, pMask, pRandom] = s.extra as [number, number, number];
      K.maeTrainBlocks(p.h, p.data, p.N, p.idx, p.n, p.grads, p.losses, s.seedLo, s.seedHi, s.epoch, s.pos0, rate, pMask, pRandom);
    },
  },
};
