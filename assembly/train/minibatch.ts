// The network models' minibatch fits (GLO, denoising and masked autoencoders)
// cut every batch into fixed blocks of MINIBATCH_BLOCK rows: each block writes
// its own partial gradient and its (loss, count), and the partials are summed
// in contrastive training's fixed pairwise tree. The blocks do not depend on
// the threads, so workers that take whole blocks give the bytes of one thread.
import { reduceBlocks } from "./contrastive";

/**
 * Rows of a block of a minibatch fit. Small, because those fits' batches are
 * (32–64 rows by default): a batch of 64 is 4 blocks, work for up to 4 workers.
 */
export const MINIBATCH_BLOCK: i32 = 16;

/** Blocks of a run of n rows (the last one shorter). */
export function minibatchBlocks(n: i32): i32 {
  return (n + MINIBATCH_BLOCK - 1) / MINIBATCH_BLOCK;
}

/**
 * grads (f32[nb × np], one partial gradient per block): their sum in the fixed
 * tree (reduceBlocks), times `scale` (1/rows or 1/count), into the first np.
 */
export function minibatchReduce(grads: usize, nb: i32, np: i32, scale: f32): void {
  reduceBlocks(grads, nb, np);
  const vec = <usize>(np & ~3) << 2;
  const s = f32x4.splat(scale);
  for (let o: usize = 0; o < vec; o += 16) v128.store(grads + o, f32x4.mul(v128.load(grads + o), s));
  for (let o = vec; o < (<usize>np << 2); o += 4) store<f32>(grads + o, load<f32>(grads + o) * scale);
}
