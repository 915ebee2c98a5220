// Fixed chain blocks (sdk/parallel/chains.ts, assembly/samplers/parallel.ts),
// on one thread: splitting a state into blocks, running each block with
// samplerRunPart and joining them back gives the bytes of samplerRun on the
// whole state, for every kind, chains not a multiple of the block, HMC with a
// jittered step, in chunks. This is what makes any number of workers equal
// one thread; test/parallel.test.ts checks the workers themselves.
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import { energies, samplers, MLPEnergy, type Energy } from '../sdk/index.node.js';
import { heapU8, kernels } from '../sdk/runtime/core.js';
import { WasmBlock } from '../sdk/runtime/memory.js';
import { DESCRIPTOR, type DescribedEnergy } from '../sdk/energies/energy.js';
import { chainBlocks, joinState, runPart, splitState, CHAIN_BLOCK } from '../sdk/parallel/chains.js';

await setup();

type Make = (e: Energy, o: { chains: number; seed: number }) => ReturnType<typeof samplers.mala>;
const SEED = testSeed(2024);

function gauss(d: number) {
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 + i * 0.1 : 0.3 / (1 + Math.abs(i - j)))));
  return energies.gaussian({ mean: Array.from({ length: d }, (_, i) => i * 0.1), cov });
}

/** samplerRun on the whole state vs blocks run in `chunks`; returns both states and both draws. */
function compare(make: Make, energy: Energy, chains: number, chunks: number[], thin: number) {
  const s = make(energy, { chains, seed: SEED });
  const K = kernels();
  const bytes = s.state.bytes;
  const desc = (energy as DescribedEnergy)[DESCRIPTOR]('test');
  const dim = energy.dim;
  const total = chunks.reduce((a, b) => a + b, 0);
  const nDraws = Math.floor(total / thin);
  // one thread
  const whole = new WasmBlock(bytes.length);
  const out = new WasmBlock(Math.max(16, nDraws * chains * dim * 4));
  heapU8().set(bytes, whole.ptr);
  let written = 0;
  for (const n of chunks) written += K.samplerRun(whole.ptr, desc, n, thin, out.ptr + written * chains * dim * 4);
  const wantState = heapU8().slice(whole.ptr, whole.ptr + bytes.length);
  const wantDraws = out.f32(written * chains * dim).slice();
  // blocks, joined after every chunk
  heapU8().set(bytes, whole.ptr);
  const gotDraws = new Float32Array(wantDraws.length);
  let d0 = 0;
  for (const n of chunks) {
    const parts = splitState(whole.ptr, 'test');
    const ran = parts.map((p) => ({ ...p, ...runPart(p, chains, desc, n, thin, true, 'test') }));
    const k = Math.floor(n / thin);
    for (const r of ran) {
      for (let t = 0; t < k; t++) gotDraws.set(r.draws!.subarray(t * r.count * dim, (t + 1) * r.count * dim), ((d0 + t) * chains + r.first) * dim);
    }
    d0 += k;
    joinState(whole.ptr, ran, 'test');
  }
  const gotState = heapU8().slice(whole.ptr, whole.ptr + bytes.length);
  whole.free();
  out.free();
  s.dispose();
  return { wantState, gotState, wantDraws, gotDraws };
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  let first = -1;
  for (let i = 0; i < a.length && first < 0; i++) if (a[i] !== b[i]) first = i;
  expect(first, `${what}: first differing byte ${seedNote(SEED)}`).toBe(-1);
  expect(b.length).toBe(a.length);
}

describe('chain blocks on one thread equal the whole state', () => {
  const cases: [string, Make, () => Energy, number][] = [
    ['randomWalk', (e, o) => samplers.randomWalk(e, { ...o, stepSize: 0.4 }), () => gauss(10), 150],
    ['langevin', (e, o) => samplers.langevin(e, { ...o, stepSize: 0.05 }), () => gauss(10), 150],
    ['mala', (e, o) => samplers.mala(e, { ...o, stepSize: 0.2 }), () => gauss(10), 150],
    ['mala, dim 3 (rows not a multiple of 4)', (e, o) => samplers.mala(e, { ...o, stepSize: 0.2 }), () => gauss(3), 133],
    ['hmc with jitter', (e, o) => samplers.hmc(e, { ...o, stepSize: 0.1, leapfrogSteps: 5, jitter: 0.3 }), () => energies.banana(), 130],
    ['gibbs', (e, o) => samplers.gibbs(e, o), () => energies.ising({ J: Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (Math.abs(i - j) === 1 ? 0.4 : 0))) }), 140],
    ['mala on an MLP energy', (e, o) => samplers.mala(e, { ...o, stepSize: 0.05 }), () => new MLPEnergy({ inputDim: 2, hidden: [32, 32], seed: 5 }), 200],
  ];
  for (const [name, make, energy, chains] of cases) {
    it(`${name}: ${chains} chains in ${chainBlocks(chains).length} blocks, in chunks, same state and draws`, () => {
      const e = energy();
      const r = compare(make, e, chains, [3, 1, 4], 2);
      sameBytes(r.wantState, r.gotState, `${name} state`);
      sameBytes(new Uint8Array(r.wantDraws.buffer), new Uint8Array(r.gotDraws.buffer), `${name} draws`);
      (e as { dispose?: () => void }).dispose?.();
    });
  }

  it('refuses a part that does not start on a block of 4 chains, and a part during an adapting warm-up', () => {
    const e = gauss(2);
    const s = samplers.mala(e, { chains: 8, seed: 1 });
    const K = kernels();
    const w = new WasmBlock(s.state.bytes.length);
    heapU8().set(s.state.bytes, w.ptr);
    const n = K.samplerStateBytes(3, 4, 2, 0);
    const p = new WasmBlock(n);
    expect(() => K.samplerSplit(p.ptr, w.ptr, 2, 4)).toThrow(/argument out of range/);
    K.samplerSplit(p.ptr, w.ptr, 4, 4);
    K.samplerAdapt(p.ptr, 10, 1, 0.5);
    expect(() => K.samplerRunPart(p.ptr, e[DESCRIPTOR]('t'), 1, 1, 0, 4, 8)).toThrow(/argument out of range/);
    expect(CHAIN_BLOCK % 4).toBe(0);
    p.free();
    w.free();
    s.dispose();
    e.dispose();
  });
});
