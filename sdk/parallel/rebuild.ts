// An energy rebuilt inside a worker from its portable form (portable.ts):
// the worker's side only, since it reads any model file (io/load.ts).
import { DESCRIPTOR, writeDescriptor, type DescribedEnergy, type PortableEnergy } from '../energies/energy.js';
import { heapU8 } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { load } from '../io/load.js';
import { DESC_BYTES } from '../runtime/abi.js';

/** An energy rebuilt in this thread's instance: its descriptor pointer, and how to free it. */
export interface Rebuilt {
  desc: number;
  free(): void;
  /** A model's: takes new parameters (a trainer sends only them after the first step). */
  setParams?(params: Float32Array): void;
}

export function rebuild(p: PortableEnergy, where: string): Rebuilt {
  if (p.type === 'file') {
    const model = load(p.bytes) as unknown as DescribedEnergy & { dispose(): void; setParams(t: Float32Array): void };
    if (p.params) model.setParams(p.params);
    return { desc: model[DESCRIPTOR](where), free: () => model.dispose(), setParams: (t) => model.setParams(t) };
  }
  const blocks: WasmBlock[] = [];
  try {
    for (const bytes of p.blocks) {
      const b = new WasmBlock(Math.max(16, bytes.length), where);
      blocks.push(b);
      heapU8().set(bytes, b.ptr);
    }
    const desc = new WasmBlock(DESC_BYTES, where);
    blocks.push(desc);
    writeDescriptor(desc, {
      kind: p.kind, dim: p.dim, i: p.i, f: p.f,
      p: p.p.map(({ block, offset }) => (block < 0 ? 0 : blocks[block]!.ptr + offset)),
    });
    return { desc: desc.ptr, free: () => blocks.forEach((b) => b.free()) };
  } catch (e) {
    blocks.forEach((b) => b.free());
    throw e;
  }
}
