// The network models' minibatch fits (GLO, denoising and masked autoencoders)
// cut every batch into fixed blocks of MINIBATCH_BLOCK rows: each block writes
// its own partial gradient and its (loss, count), and the partials are summed
// in a fixed pairwise tree over the block index, the order of contrastive
// training's (train/contrastive.ts). The blocks do not depend on the threads,
// so workers that take whole blocks give the bytes of one thread; a worker
// sums its own aligned pieces of the tree first, and sends only those.
/**
 * Rows of a block of a minibatch fit. Small, because those fits' batches are
 * (32–64 rows by default): a batch of 64 is 4 blocks, work for up to 4 workers.
 */
export const MINIBATCH_BLOCK: i32 = 16;

/**
 * Sums the partial gradients of nb blocks (f32[nb × np] at g) into the first, pairwise in the
 * fixed tree ((g0 + g1) + (g2 + g3), …). levels (i32[nb], or 0 for none) says which blocks
 * were summed already: block i lies in an aligned piece of 2^levels[i] blocks whose sum is at
 * the piece's first block (a worker's, in this same tree), so the pairs inside it are skipped.
 */
function reducePieces(g: usize, nb: i32, np: i32, levels: usize): void {
  const bytes = <usize>np << 2;
  const vec = <usize>(np & ~3) << 2;
  for (let stride = 1; stride < nb; stride <<= 1) {
    for (let i = 0; i + stride < nb; i += stride << 1) {
      if (levels != 0 && stride < (1 << load<i32>(levels + (<usize>i << 2)))) continue;
      const a = g + <usize>i * bytes, b = g + <usize>(i + stride) * bytes;
      for (let o: usize = 0; o < vec; o += 16) v128.store(a + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
      for (let o = vec; o < bytes; o += 4) store<f32>(a + o, load<f32>(a + o) + load<f32>(b + o));
    }
  }
}

/**
 * grads (f32[nb × np], one partial gradient per block, some already summed in pieces as
 * levels i32[nb] says, or levels 0): their sum in the fixed tree, times `scale` (1/rows or
 * 1/count; 1 leaves it as is), into the first np.
 */
export function minibatchReduce(grads: usize, nb: i32, np: i32, levels: usize, scale: f32): void {
  reducePieces(grads, nb, np, levels);
  if (scale == 1) return;
  const vec = <usize>(np & ~3) << 2;
  const s = f32x4.splat(scale);
  for (let o: usize = 0; o < vec; o += 16) v128.store(grads + o, f32x4.mul(v128.load(grads + o), s));
  for (let o = vec; o < (<usize>np << 2); o += 4) store<f32>(grads + o, load<f32>(grads + o) * scale);
}
