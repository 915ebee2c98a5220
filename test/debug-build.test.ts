// The debug build (asserts on) must compute the same bits as the release
// build (-O3, no asserts): optimization may not change results.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEBUG_WASM, RELEASE_WASM } from './helpers.js';
import { KMEANS_STATS_BYTES, RNG_STATE_BYTES } from '../sdk/runtime/abi.js';
import { instantiate } from '../sdk/runtime/instantiate.js';

async function run(url: URL, d: number): Promise<Uint8Array> {
  const { raw: e } = await instantiate(readFileSync(url));
  const n = 517, k = 13;
  const st = e.alloc(RNG_STATE_BYTES), X = e.alloc(n * d * 4), C = e.alloc(k * d * 4), L = e.alloc(n * 4), M = e.alloc(n * 4), S = e.alloc(KMEANS_STATS_BYTES), F = e.alloc(n * 4);
  e.rngInit(st, 42, 0, 0);
  e.rngNormal(X, n * d, st);
  e.kmeansPlusPlus(C, X, n, d, k, 4, st);
  for (let i = 0; i < 5; i++) e.kmeansLloydStep(C, X, n, d, k, L, M, S);
  e.kmeansFreeEnergy(F, X, n, d, C, k, 0.5);
  const out = new Uint8Array(k * d * 4 + n * 12);
  out.set(new Uint8Array(e.memory.buffer, C, k * d * 4), 0);
  out.set(new Uint8Array(e.memory.buffer, L, n * 4), k * d * 4);
  out.set(new Uint8Array(e.memory.buffer, M, n * 4), k * d * 4 + n * 4);
  out.set(new Uint8Array(e.memory.buffer, F, n * 4), k * d * 4 + n * 8);
  return out;
}

describe('debug and release builds', () => {
  for (const d of [2, 5, 8, 33]) {
    it(`give identical bytes (k-means++, 5 Lloyd steps, free energy) at d = ${d}`, async () => {
      const [debug, release] = await Promise.all([run(DEBUG_WASM, d), run(RELEASE_WASM, d)]);
      expect(Buffer.from(debug).equals(Buffer.from(release))).toBe(true);
    });
  }
});
