// Shared test set-up: initialize the SDK from source with the freshly built
// wasm, and seeds that are printed on failure and overridable by EBM_SEED.
import { readFileSync } from 'node:fs';
import { init } from '../sdk/index.node.js';

export const RELEASE_WASM = new URL('../build/ebm.wasm', import.meta.url);
export const DEBUG_WASM = new URL('../build/ebm.debug.wasm', import.meta.url);

/** Initializes the SDK (from sdk/ sources) with build/ebm.wasm. Idempotent. */
export function setup(): Promise<void> {
  return init({ wasm: readFileSync(RELEASE_WASM) });
}

/** The seed for randomized tests: EBM_SEED if set, else the given default. Print it in assertion messages. */
export function testSeed(fallback: number): number {
  const env = typeof process !== 'undefined' ? process.env.EBM_SEED : undefined;
  if (env !== undefined && env !== '') {
    const v = Number(env);
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`EBM_SEED must be a non-negative integer, got ${env}`);
    return v;
  }
  return fallback;
}

/** Message suffix that tells how to reproduce a randomized failure. */
export function seedNote(seed: number): string {
  return `(seed ${seed}; rerun with EBM_SEED=${seed})`;
}
