// metrics.logPartition's annealing runs on workers. AIS chains are
// independent: chain c's draws come from the state's Philox at offsets that
// depend on c alone (samplers/draws.ts), and its log-weight sums over its own
// chain only. So the calling thread draws the starting points (aisInit, one
// call over all chains), then every chunk of temperatures cuts the state into
// one contiguous run of the fixed 64-chain blocks per worker (chains.ts);
// each worker runs aisRunPart over the chunk's temperatures for its chains
// and returns their state and log-weights, which are joined back in chain
// order. The summary (aisSummary) reads the whole logw in chain order as on
// one thread: the bytes are those of one thread, whatever the number of
// workers, and the calling-thread path is unchanged.
import { EbmError } from '../errors.js';
import { writeDescriptor, type PortableEnergy } from '../energies/energy.js';
import { KIND_AIS_PATH, DESC_BYTES } from '../runtime/abi.js';
import { heapF64, heapU8, kernels } from '../runtime/core.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { now } from '../util/runner.js';
import { chainRanges, joinState, splitState, type StatePart } from './chains.js';
import type { Pool } from './pool.js';

/** A part of the annealing state with its chains' log-weights. */
export interface AisPart extends StatePart {
  logw: Float64Array;
}

export interface AisPartsArgs {
  /** Identifies the target energy of this run: a worker rebuilds it once per key. */
  key: string;
  energy: PortableEnergy;
  /** The base N(mean, diag std²). */
  mean: Float32Array;
  std: Float32Array;
  /** The target's inverse temperature b. */
  tb: number;
  /** β_off … β_{kTo−1}: only what the chunk reads (β_{kFrom−1} for the first weight). */
  betas: Float64Array;
  off: number;
  /** All the temperatures, and the chunk's kFrom … kTo − 1 (unshifted). */
  K: number;
  kFrom: number;
  kTo: number;
  steps: number;
  /** Chains of the whole state. */
  total: number;
  parts: AisPart[];
}

/** The worker's side: aisRunPart on each part, with a path descriptor around the rebuilt target `desc`. */
export function aisParts(a: AisPartsArgs, desc: number, where: string): { parts: AisPart[] } {
  const K = kernels(where);
  const D = a.mean.length;
  return withBlocks((take) => {
    const block = (bytes: number) => take(new WasmBlock(Math.max(16, bytes), where));
    const mu = block(D * 4);
    const sd = block(D * 4);
    mu.f32(D).set(a.mean);
    sd.f32(D).set(a.std);
    const bb = block(a.betas.length * 8);
    bb.f64(a.betas.length).set(a.betas);
    const path = block(DESC_BYTES);
    return {
      parts: a.parts.map((p) => {
        const s = block(p.bytes.length);
        const lw = block(p.count * 8);
        const work = block(p.count * (D + 1) * 4);
        heapU8().set(p.bytes, s.ptr);
        lw.f64(p.count).set(p.logw);
        writeDescriptor(path, { kind: KIND_AIS_PATH, dim: D, p: [desc, mu.ptr, sd.ptr, work.ptr], i: [p.count], f: [0, a.tb] });
        K.aisRunPart(s.ptr, path.ptr, bb.ptr, a.K - a.off, a.kFrom - a.off, a.kTo - a.off, lw.ptr, a.steps, p.first, a.total);
        return { first: p.first, count: p.count, bytes: heapU8().slice(s.ptr, s.ptr + p.bytes.length), logw: lw.f64(p.count).slice() };
      }),
    };
  });
}

/** What the calling thread's run hands to the workers. */
export interface AisRemote {
  pool: Pool;
  key: string;
  energy: PortableEnergy;
  /** The whole state, and its chains' log-weights (f64[chains]). */
  state: number;
  logw: number;
  chains: number;
  mean: Float32Array;
  std: Float32Array;
  tb: number;
  betas: Float64Array;
  steps: number;
  /** Throws when the target was disposed (called before every chunk). */
  check(): void;
  report(k: number): void;
  tick(): Promise<void>;
}

/**
 * Temperatures k … T − 1 on the workers. Chunks of temperatures grow to ~40–160 ms, so the
 * messages (each part's state and weights both ways, the chunk's β's) stay a small share; the
 * progress is reported and the signal checked after every chunk.
 */
export async function aisOnWorkers(r: AisRemote, k: number, where: string): Promise<void> {
  const T = r.betas.length;
  const ranges = chainRanges(r.chains, r.pool.size);
  let chunk = 1;
  while (k < T) {
    const count = Math.min(chunk, T - k);
    const t0 = now();
    r.check();
    const off = Math.max(0, k - 1);
    const betas = r.betas.slice(off, k + count);
    const jobs = splitState(r.state, where, ranges).map((part) => {
      // the heap view is taken after splitState, which allocates (memory may have grown)
      const logw = heapF64().slice((r.logw >>> 3) + part.first, (r.logw >>> 3) + part.first + part.count);
      const args: AisPartsArgs = {
        key: r.key, energy: r.energy, mean: r.mean, std: r.std, tb: r.tb, betas, off, K: T, kFrom: k, kTo: k + count, steps: r.steps, total: r.chains,
        parts: [{ ...part, logw }],
      };
      return r.pool.run<{ parts: AisPart[] }>('aisParts', args, [part.bytes.buffer as ArrayBuffer, logw.buffer as ArrayBuffer], where);
    });
    const ran = (await Promise.all(jobs)).flatMap((x) => x.parts);
    r.check();
    if (ran.length !== ranges.length) throw new EbmError('WORKER_FAILED', `${where}: a worker returned ${ran.length} parts for ${ranges.length}`);
    joinState(r.state, ran, where);
    for (const p of ran) heapF64().set(p.logw, (r.logw >>> 3) + p.first);
    k += count;
    const dt = now() - t0;
    if (dt < 40 && chunk < 1 << 20) chunk *= 2;
    else if (dt > 160 && chunk > 1) chunk = Math.max(1, chunk >> 1);
    r.report(k);
    if (k < T) await r.tick();
  }
}
