// Loads build/ebm.wasm for the bench scripts through the SDK's own instantiate
// (dist/internal.js: same imports, abort → EbmError, arity check against the
// ABI), and hands out the raw, unwrapped kernels. Host (JS) energies are a stub
// that throws: benches use WASM energies. Pointers are byte offsets; memory may
// grow on alloc, so always take views through f32()/i32()/f64() after allocating.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../../dist/internal.js';

// EBM_BENCH_WASM=path measures another build (e.g. a snapshot, so that
// repeated runs see the same kernel while build/ is being rebuilt)
export const WASM_PATH = process.env.EBM_BENCH_WASM || fileURLToPath(new URL('../../build/ebm.wasm', import.meta.url));

function readWasm(path, attempts = 10) {
  // build/ebm.wasm can be rewritten by a concurrent `npm run build`: retry a moment
  for (let a = 1; ; a++) {
    try {
      const bytes = readFileSync(path);
      if (bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d) {
        return bytes;
      }
      throw new Error(`${path} is not WebAssembly (${bytes.length} bytes)`);
    } catch (e) {
      if (a >= attempts) throw new Error(`could not read ${path}: ${e.message}; run \`npm run build\``);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** Instantiates ebm.wasm; returns { raw, memory, sha256, bytes, f32, i32, f64, u8, alloc, free }. */
export async function loadWasm(path = WASM_PATH) {
  const bytes = readWasm(path);
  const { raw } = await instantiate(bytes, {
    hostEnergy() {
      throw new Error('bench loader: host (JS) energies are not supported here');
    },
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const mem = raw.memory;
  return {
    raw,
    memory: mem,
    sha256,
    bytes,
    size: bytes.length,
    f32: (ptr, n) => new Float32Array(mem.buffer, ptr, n),
    i32: (ptr, n) => new Int32Array(mem.buffer, ptr, n),
    f64: (ptr, n) => new Float64Array(mem.buffer, ptr, n),
    u8: (ptr, n) => new Uint8Array(mem.buffer, ptr, n),
    alloc: (bytes) => raw.alloc(bytes),
    free: (ptr) => raw.free(ptr),
    /** Allocates and copies a typed array in; returns the pointer. */
    put(arr) {
      const ptr = raw.alloc(arr.byteLength);
      new Uint8Array(mem.buffer, ptr, arr.byteLength).set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
      return ptr;
    },
  };
}
