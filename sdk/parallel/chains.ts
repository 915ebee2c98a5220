// Chains in fixed blocks: the unit of parallel sampling. A state of C chains
// is cut into blocks of CHAIN_BLOCK chains (the last one shorter), whatever
// the number of workers; each block is a state of its own (samplerSplit),
// runs with the draws its chains have on one thread (samplerRunPart), and is
// joined back in chain order (samplerJoin). So 1, 2, 3 or 8 workers, and the
// calling thread, give the same bytes (assembly/samplers/parallel.ts).
import { heapU8, kernels } from '../runtime/core.js';
import { WasmBlock } from '../runtime/memory.js';
import { SS_CHAINS, SS_DIM, SS_KIND, SS_KIND_PARAM } from '../runtime/abi.js';
import { heapI32 } from '../runtime/core.js';

/** Chains per block: a multiple of 4 (a block's draws start on a Philox block), and enough work per message. */
export const CHAIN_BLOCK = 64; // = TRAIN_BLOCK (assembly/train/contrastive.ts): a trainer's worker parts are runs of these blocks

export interface ChainBlock {
  /** First chain. */
  first: number;
  /** Chains in the block. */
  count: number;
}

/** The fixed blocks of C chains. */
export function chainBlocks(C: number): ChainBlock[] {
  const out: ChainBlock[] = [];
  for (let first = 0; first < C; first += CHAIN_BLOCK) out.push({ first, count: Math.min(CHAIN_BLOCK, C - first) });
  return out;
}

/** A part of a state, as bytes that can travel to a worker. */
export interface StatePart extends ChainBlock {
  bytes: Uint8Array;
}

function header(ptr: number): { kind: number; dim: number; param: number } {
  const i32 = heapI32();
  return { kind: i32[(ptr + SS_KIND) >>> 2]!, dim: i32[(ptr + SS_DIM) >>> 2]!, param: i32[(ptr + SS_KIND_PARAM) >>> 2]! };
}

/**
 * Contiguous runs of the fixed blocks of C chains, as even as whole blocks allow, one per worker.
 * Chains are independent within a transition, so where the cuts fall changes no byte; whole
 * blocks keep every cut on a multiple of 4 chains and give each worker a share it can use.
 */
export function chainRanges(C: number, workers: number): ChainBlock[] {
  const blocks = chainBlocks(C);
  const n = Math.min(workers, blocks.length);
  const out: ChainBlock[] = [];
  for (let g = 0; g < n; g++) {
    const a = blocks[Math.floor((g * blocks.length) / n)]!;
    const b = blocks[Math.floor(((g + 1) * blocks.length) / n) - 1]!;
    out.push({ first: a.first, count: b.first + b.count - a.first });
  }
  return out;
}

/** The given ranges of chains (default: the fixed blocks) of the state at `ptr`, each as its own state's bytes. */
export function splitState(ptr: number, where: string, ranges?: readonly ChainBlock[]): StatePart[] {
  const K = kernels(where);
  const C = heapI32()[(ptr + SS_CHAINS) >>> 2]!;
  const { kind, dim, param } = header(ptr);
  return (ranges ?? chainBlocks(C)).map(({ first, count }) => {
    const n = K.samplerStateBytes(kind, count, dim, param);
    const b = new WasmBlock(n, where);
    try {
      K.samplerSplit(b.ptr, ptr, first, count);
      return { first, count, bytes: heapU8().slice(b.ptr, b.ptr + n) };
    } finally {
      b.free();
    }
  });
}

/** Writes the parts (every block, in chain order) back into the state at `ptr`. */
export function joinState(ptr: number, parts: readonly StatePart[], where: string): void {
  const K = kernels(where);
  const sorted = [...parts].sort((a, b) => a.first - b.first);
  for (const p of sorted) {
    const b = new WasmBlock(p.bytes.length, where);
    try {
      heapU8().set(p.bytes, b.ptr);
      K.samplerJoin(ptr, b.ptr, p.first);
    } finally {
      b.free();
    }
  }
}

/**
 * Runs `steps` transitions of one part with the energy at `desc`; returns its new bytes and,
 * when keep > 0, the kept draws ([draw][count][dim], steps/thin of them).
 */
export function runPart(part: StatePart, total: number, desc: number, steps: number, thin: number, keep: boolean, where: string): { bytes: Uint8Array; draws: Float32Array | null } {
  const K = kernels(where);
  const b = new WasmBlock(part.bytes.length, where);
  const nDraws = keep ? Math.floor(steps / thin) : 0;
  let out: WasmBlock | null = null;
  try {
    heapU8().set(part.bytes, b.ptr);
    const D = heapI32()[(b.ptr + SS_DIM) >>> 2]!;
    out = nDraws > 0 ? new WasmBlock(nDraws * part.count * D * 4, where) : null;
    K.samplerRunPart(b.ptr, desc, steps, thin, out ? out.ptr : 0, part.first, total);
    return { bytes: heapU8().slice(b.ptr, b.ptr + part.bytes.length), draws: out ? out.f32(nDraws * part.count * D).slice() : null };
  } finally {
    out?.free();
    b.free();
  }
}
