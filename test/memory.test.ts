// Linear memory: aligned blocks, and views rebuilt after memory.grow.
import { describe, expect, it } from 'vitest';
import { setup } from './helpers.js';
import { KMeansEBM } from '../sdk/index.node.js';
import { heapF32, kernels, memoryBytes } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';

await setup();

describe('memory', () => {
  it('hands out 16-byte aligned blocks and takes them back', () => {
    const K = kernels();
    const ptrs: number[] = [];
    for (const bytes of [1, 3, 16, 17, 100, 4096, 1 << 20]) ptrs.push(K.alloc(bytes));
    for (const p of ptrs) expect(p % 16).toBe(0);
    for (const p of ptrs) K.free(p);
  });

  it('keeps working when memory.grow replaces the buffer mid-use', async () => {
    const X = [[0, 0], [0, 1], [5, 5], [5, 6], [9, 0], [9, 1]];
    const m = await new KMeansEBM({ k: 3, seed: 2 }).fit(X);
    const before = m.energy([[1, 1], [4, 4]]);
    const view = heapF32();
    const oldBuffer = view.buffer;
    const bytesBefore = memoryBytes();
    // a 256 MiB block cannot fit in the current memory: the allocator grows it
    const big = new WasmBlock(256 << 20);
    try {
      expect(memoryBytes()).toBeGreaterThan(bytesBefore);
      expect(oldBuffer.byteLength).toBe(0); // the old ArrayBuffer is detached
      expect(heapF32().buffer).not.toBe(oldBuffer); // views are rebuilt on next use
      big.f32(4).set([1, 2, 3, 4]);
      expect(Array.from(big.f32(4))).toEqual([1, 2, 3, 4]);
      expect(Array.from(m.energy([[1, 1], [4, 4]]))).toEqual(Array.from(before));
      // growth in the middle of a fit: a fit whose scratch needs more memory than is free
      const many = new Float32Array(200_000 * 2);
      for (let i = 0; i < many.length; i++) many[i] = (i * 7919) % 101;
      const m2 = await new KMeansEBM({ k: 8 }).fit({ rows: 200_000, cols: 2, data: many }, { maxIter: 3 });
      expect(m2.prototypes.data.every(Number.isFinite)).toBe(true);
    } finally {
      big.free();
    }
  });
  // create/dispose cycles of every resource class: test/memory-cycles.test.ts (a fresh, small
  // memory there: after the 256 MiB block above, free space would hide kilobytes per cycle)
});
