// Create/dispose cycles of every resource class (rule 11: "100k create/dispose
// cycles must not grow memory"): WASM memory must not grow and the JS heap
// must stay flat. A file of its own so the module starts with a small memory
// (test/memory.test.ts grows it by 256 MiB, which would hide a leak of kilobytes
// per cycle in free space); a deliberately leaking cycle shows the check can fail.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { setup } from './helpers.js';
import { GaussianMixtureEBM, KMeansEBM, MLPEnergy, PCAEnergy, energies, optim, samplers, train } from '../sdk/index.node.js';
import { kernels, memoryBytes } from '../sdk/runtime/core.js';

await setup();

// gc() without a command-line flag: enable it for this isolate and take the function from a new context
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap used after a full collection (twice: finalizers queued by the first run before the second). */
async function heapAfterGc(): Promise<number> {
  gc();
  await new Promise((r) => setTimeout(r, 0));
  gc();
  return process.memoryUsage().heapUsed;
}

interface Row {
  name: string;
  cycles: number;
  /** One create/use/dispose cycle. */
  cycle: (i: number) => void | Promise<void>;
}

const X2 = [[0, 0], [0.2, 0.1], [4, 4], [4.1, 3.9], [0, 4], [0.1, 4.2], [2, 2], [2.1, 1.9]];
const fitted = await new KMeansEBM({ k: 3, seed: 1 }).fit(X2); // for energies that view a model
const conditional = new MLPEnergy({ inputDim: 2, conditionDim: 1, hidden: [8], seed: 1 });
const target = energies.gaussian({ mean: [0, 0], cov: [[1, 0.3], [0.3, 1]] });
const moons = X2;

// 100 000 cycles per class (rule 11's number), except the trainer: its cycle takes a training step
// (~0.12 ms), so 20 000 keep the row near 3 s. The leak a row could still miss is printed beside
// the check (free memory ≤ memory at the start, over the cycles).
const ROWS: Row[] = [
  { name: 'KMeansEBM, fitted (a fit allocates data, scratch and prototypes)', cycles: 100_000, cycle: async () => (await new KMeansEBM({ k: 3, seed: 2 }).fit(X2, { maxIter: 3 })).dispose() },
  { name: 'PCAEnergy, fitted and queried', cycles: 100_000, cycle: () => { const m = new PCAEnergy({ components: 1 }).fit(X2); m.energy(X2); m.dispose(); } },
  { name: 'GaussianMixtureEBM, fitted (EM) and sampled', cycles: 20_000, cycle: async () => { const m = await new GaussianMixtureEBM({ components: 2, seed: 1 }).fit(X2, { maxIter: 3 }); m.sample(4); m.dispose(); } },
  { name: 'KMeansEBM, unfitted', cycles: 100_000, cycle: () => new KMeansEBM({ k: 3 }).dispose() },
  { name: 'MLPEnergy [16, 16]', cycles: 100_000, cycle: () => new MLPEnergy({ inputDim: 2, hidden: [16, 16], seed: 1 }).dispose() },
  { name: 'MLPEnergy.given(x)', cycles: 100_000, cycle: (i) => conditional.given([i % 7]).dispose() },
  { name: 'energies.gaussian', cycles: 100_000, cycle: () => energies.gaussian({ mean: [0, 1], cov: [[1, 0.2], [0.2, 2]] }).dispose() },
  { name: 'energies.mixture', cycles: 100_000, cycle: () => energies.mixture({ weights: [1, 2], means: [[0, 0], [2, 2]], covs: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]] }).dispose() },
  { name: 'energies.banana/funnel/ring/doubleWell', cycles: 100_000, cycle: (i) => [energies.banana, energies.funnel, energies.ring, energies.doubleWell][i % 4]!().dispose() },
  { name: 'energies.custom', cycles: 100_000, cycle: () => energies.custom({ dim: 2, energy: (Y) => new Float32Array(Y.rows), grad: (Y) => new Float32Array(Y.rows * 2) }).dispose() },
  ...(['randomWalk', 'langevin', 'mala', 'hmc'] as const).map((kind) => ({
    name: `samplers.${kind} (8 chains, one step)`,
    cycles: 100_000,
    cycle: () => {
      const s = samplers[kind](target, { chains: 8, seed: 1 });
      s.step(s.state);
      s.dispose();
    },
  })),
  { name: 'a sampler on a fitted KMeansEBM', cycles: 100_000, cycle: () => samplers.mala(fitted, { chains: 4 }).dispose() },
  { name: 'optim.sgd / optim.adam after a step', cycles: 100_000, cycle: (i) => {
    const m = MODEL_FOR_OPTIM;
    const o = i % 2 ? optim.adam({ lr: 1e-9 }) : optim.sgd({ lr: 1e-9, momentum: 0.9 });
    o.step(m, GRAD_FOR_OPTIM);
    o.dispose();
  } },
  { name: 'ContrastiveTrainer (one step)', cycles: 20_000, cycle: async () => {
    const t = new train.ContrastiveTrainer(MODEL_FOR_TRAIN, moons, { negatives: { steps: 2, bufferSize: 64 }, batchSize: 4, seed: 1 });
    await t.run({ steps: 1 });
    t.dispose();
  } },
  { name: 'NceTrainer (one step)', cycles: 20_000, cycle: async () => { const t = new train.NceTrainer(MODEL_FOR_TRAIN, moons, { batchSize: 4, ratio: 2, seed: 1 }); await t.run({ steps: 1 }); t.dispose(); } },
  { name: 'ScoreMatchingTrainer (one sliced step)', cycles: 20_000, cycle: async () => { const t = new train.ScoreMatchingTrainer(MODEL_FOR_TRAIN, moons, { method: 'sliced', batchSize: 4, seed: 1 }); await t.run({ steps: 1 }); t.dispose(); } },
];
const MODEL_FOR_OPTIM = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 3 });
const GRAD_FOR_OPTIM = new Float32Array(MODEL_FOR_OPTIM.numParams).fill(1e-3);
const MODEL_FOR_TRAIN = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 4 });

// JS heap: 4 MiB of slack over the whole run covers vitest's own bookkeeping between the two
// measurements; a leak of ≥ 40 bytes per cycle over 100 000 cycles exceeds it (rows with fewer
// cycles are checked for the same 4 MiB, i.e. a coarser per-cycle resolution).
const HEAP_SLACK = 4 << 20;

async function measure(row: Row): Promise<{ wasmBefore: number; wasmAfter: number; heapBefore: number; heapAfter: number }> {
  // warm-up: the allocator reaches its working set, the JIT and the heap settle
  for (let i = 0; i < Math.min(500, row.cycles); i++) await row.cycle(i);
  const wasmBefore = memoryBytes();
  const heapBefore = await heapAfterGc();
  for (let i = 0; i < row.cycles; i++) {
    const r = row.cycle(i);
    if (r) await r;
  }
  return { wasmBefore, wasmAfter: memoryBytes(), heapBefore, heapAfter: await heapAfterGc() };
}

describe('create/dispose cycles stay flat', () => {
  it('the check can fail: 100 000 cycles that leak one 16-byte block each grow WASM memory', async () => {
    const K = kernels();
    const m = await measure({ name: 'leak', cycles: 100_000, cycle: () => void K.alloc(16) });
    expect(m.wasmAfter, `memory ${m.wasmBefore} → ${m.wasmAfter}`).toBeGreaterThan(m.wasmBefore);
  });

  it('KMeansEBM.asEnergy({ beta }) views are freed by their dispose(), and leave the model alone', async () => {
    // a loop that makes views (e.g. one sampler per β in an annealing schedule) must not grow memory
    const m = await measure({ name: 'asEnergy', cycles: 100_000, cycle: () => fitted.asEnergy({ beta: 2 }).dispose() });
    expect(m.wasmAfter, `memory ${m.wasmBefore} → ${m.wasmAfter}`).toBe(m.wasmBefore);
    expect(fitted.isFitted).toBe(true);
  });

  for (const row of ROWS) {
    it(`${row.name}: ${row.cycles} cycles`, async () => {
      const m = await measure(row);
      const missable = (m.wasmBefore / row.cycles).toFixed(0);
      expect(m.wasmAfter, `WASM memory grew (a leak ≥ ${missable} B/cycle would show)`).toBe(m.wasmBefore);
      expect(m.heapAfter - m.heapBefore, `JS heap ${m.heapBefore} → ${m.heapAfter}`).toBeLessThan(HEAP_SLACK);
    }, 120_000);
  }
});
