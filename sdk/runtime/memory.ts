// Owned blocks of linear memory and copies in and out of them.
import { heapF32, heapF64, heapI32, heapU8, kernels } from './core.js';
import { checkBlockBytes } from './sizes.js';

/** A block from the WASM allocator; `free()` returns it. Pointers are 16-byte aligned. */
export class WasmBlock {
  ptr: number;
  readonly bytes: number;
  /** Throws OUT_OF_MEMORY naming `where` when `bytes` is above one block (see sizes.ts). */
  constructor(bytes: number, where?: string) {
    this.bytes = checkBlockBytes(bytes, where);
    this.ptr = kernels(where).alloc(bytes);
  }
  free(): void {
    if (this.ptr !== 0) {
      kernels().free(this.ptr);
      this.ptr = 0;
    }
  }
  /** A live view of n f32 values (invalid after the next allocation that grows memory). */
  f32(n = this.bytes >>> 2): Float32Array {
    return heapF32().subarray(this.ptr >>> 2, (this.ptr >>> 2) + n);
  }
  f64(n = this.bytes >>> 3): Float64Array {
    return heapF64().subarray(this.ptr >>> 3, (this.ptr >>> 3) + n);
  }
  i32(n = this.bytes >>> 2): Int32Array {
    return heapI32().subarray(this.ptr >>> 2, (this.ptr >>> 2) + n);
  }
  u8(n = this.bytes): Uint8Array {
    return heapU8().subarray(this.ptr, this.ptr + n);
  }
}

/**
 * A block kept between calls for a model's batch inputs and outputs, so a
 * small call costs no allocation (a 64-row MLP call is ~20 µs of kernel, and
 * three alloc/free pairs were ~1 µs of it). Blocks above `keepBytes` are
 * returned after the call so a one-off huge batch does not pin memory. A
 * nested use while the block is busy (a callback re-entering the model) gets
 * a temporary block instead.
 */
export class Scratch {
  private ptr = 0;
  private bytes = 0;
  private busy = false;
  constructor(private readonly keepBytes = 1 << 20) {}

  /** Runs fn(ptr) with at least `bytes` bytes at ptr (16-byte aligned). */
  use<T>(bytes: number, where: string, fn: (ptr: number) => T): T {
    checkBlockBytes(bytes, where);
    if (this.busy) {
      const b = new WasmBlock(Math.max(16, bytes), where);
      try {
        return fn(b.ptr);
      } finally {
        b.free();
      }
    }
    if (bytes > this.bytes) {
      this.release();
      this.ptr = kernels(where).alloc(Math.max(16, bytes));
      this.bytes = bytes;
    }
    this.busy = true;
    try {
      return fn(this.ptr);
    } finally {
      this.busy = false;
      if (this.bytes > this.keepBytes) this.release();
    }
  }

  /** Frees the kept block (idempotent). */
  release(): void {
    if (this.ptr !== 0) {
      try {
        kernels().free(this.ptr);
      } catch {
        // the runtime is gone: nothing to free
      }
      this.ptr = 0;
      this.bytes = 0;
    }
  }
}

/** Allocates and fills a block with f32 values. */
export function blockFromF32(data: Float32Array, where?: string): WasmBlock {
  const b = new WasmBlock(Math.max(4, data.length * 4), where);
  heapF32().set(data, b.ptr >>> 2);
  return b;
}

/** Runs `fn` with temporary blocks that are freed however it ends. */
export function withBlocks<T>(fn: (take: <B extends WasmBlock>(b: B) => B) => T): T {
  const taken: WasmBlock[] = [];
  try {
    return fn((b) => {
      taken.push(b);
      return b;
    });
  } finally {
    for (const b of taken) b.free();
  }
}

/** The async twin of withBlocks. */
export async function withBlocksAsync<T>(fn: (take: <B extends WasmBlock>(b: B) => B) => Promise<T>): Promise<T> {
  const taken: WasmBlock[] = [];
  try {
    return await fn((b) => {
      taken.push(b);
      return b;
    });
  } finally {
    for (const b of taken) b.free();
  }
}
