// Public access to the library's one random stream: Philox4x32-10 keyed by
// (seed, stream), evaluated in WASM, so the same call gives the same bits in
// every runtime.
import { kernels } from './runtime/core.js';
import { WasmBlock, withBlocks } from './runtime/memory.js';
import { checkInteger, checkOptions, seedWords } from './util/validate.js';

export interface RandomOptions {
  /** Non-negative safe integer. Default 0. */
  seed?: number;
  /** Independent stream under the same seed, 0 … 2³²−1. Default 0. */
  stream?: number;
}

function draw<T extends Float32Array | Uint32Array>(
  n: number,
  options: RandomOptions | undefined,
  where: string,
  fill: (K: ReturnType<typeof kernels>, out: number, n: number, state: number) => void,
  read: (b: WasmBlock, n: number) => T,
): T {
  checkOptions(options, `${where}(n, options)`, ['seed', 'stream']);
  checkInteger(n, `${where}: n`, 0, 1 << 28);
  const seed = checkInteger(options?.seed ?? 0, `${where}: seed`, 0);
  const stream = checkInteger(options?.stream ?? 0, `${where}: stream`, 0, 0xffffffff);
  const K = kernels(where);
  const [lo, hi] = seedWords(seed);
  return withBlocks((take) => {
    const state = take(new WasmBlock(32));
    const out = take(new WasmBlock(Math.max(16, n * 4)));
    K.rngInit(state.ptr, lo, hi, stream);
    fill(K, out.ptr, n, state.ptr);
    return read(out, n);
  });
}

/** n uniform f32 in [0, 1) (24 random bits each). */
export function uniform(n: number, options?: RandomOptions): Float32Array {
  return draw(n, options, 'random.uniform', (K, o, m, s) => K.rngUniform(o, m, s), (b, m) => b.f32(m).slice());
}

/** n standard normal f32 (Box–Muller in f64). */
export function normal(n: number, options?: RandomOptions): Float32Array {
  return draw(n, options, 'random.normal', (K, o, m, s) => K.rngNormal(o, m, s), (b, m) => b.f32(m).slice());
}

/** n raw 32-bit Philox words. */
export function uint32(n: number, options?: RandomOptions): Uint32Array {
  return draw(n, options, 'random.uint32', (K, o, m, s) => K.rngU32(o, m, s), (b, m) => new Uint32Array(b.f32(m).buffer.slice(b.ptr, b.ptr + m * 4)));
}
