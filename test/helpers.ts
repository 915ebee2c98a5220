// Shared test set-up: initialize the SDK from source with the freshly built
// wasm, seeds printed on failure and overridable by EBM_SEED, typed-error
// assertions, fixture loading and fast-check with the test seed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { EbmError, init } from '../sdk/index.node.js';

export const RELEASE_WASM = new URL('../build/ebm.wasm', import.meta.url);
export const DEBUG_WASM = new URL('../build/ebm.debug.wasm', import.meta.url);
const FIXTURES = new URL('./fixtures/', import.meta.url);

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

/** fc.assert with `seed`; a failure names the seed and how to rerun. */
export function fcCheck<T>(seed: number, arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns: number): void {
  try {
    fc.assert(fc.property(arb, predicate), { seed, numRuns });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${seedNote(seed)}`, { cause: e });
  }
}

function checkError(caught: unknown, code: string, text: RegExp | string, what: string): EbmError {
  expect(caught, what).toBeInstanceOf(EbmError);
  expect((caught as EbmError).code, (caught as Error).message).toBe(code);
  if (typeof text === 'string') expect((caught as EbmError).message).toBe(text);
  else expect((caught as EbmError).message).toMatch(text);
  return caught as EbmError;
}

/** `fn()` must throw an EbmError with this code and a message matching `text` (a string: exactly). */
export function expectThrows(fn: () => unknown, code: string, text: RegExp | string): EbmError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  return checkError(caught, code, text, 'expected a throw');
}

/** `p` must reject with an EbmError with this code and a message matching `text`. */
export async function expectRejects(p: Promise<unknown>, code: string, text: RegExp | string): Promise<EbmError> {
  const caught = await p.then(() => undefined, (e: unknown) => e);
  return checkError(caught, code, text, 'expected a rejection');
}

/** A JSON fixture from test/fixtures/. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

/** Every JSON fixture whose name matches `pattern`, in name order. */
export function loadFixtures<T>(pattern: RegExp): { name: string; data: T }[] {
  return readdirSync(FIXTURES).filter((f) => pattern.test(f)).sort().map((name) => ({ name, data: loadFixture<T>(name) }));
}

/** The ```js examples of the README section that starts with `heading` (up to the next `## `). */
export function readmeExamples(heading: string): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no section ${heading}`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The built package the README examples import as 'ebm-wasm'. */
export const DIST_NODE = new URL('../dist/index.node.js', import.meta.url);

/**
 * Runs one README example as written, its `from 'ebm-wasm'` imports pointed at dist/ (so the
 * documented calls are checked against the built package), and returns what it console.logged.
 */
export async function runReadmeExample(code: string, name: string): Promise<unknown[][]> {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-readme-'));
  const logs: unknown[][] = [];
  const log = console.log;
  try {
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, code.replaceAll("from 'ebm-wasm'", `from ${JSON.stringify(DIST_NODE.href)}`));
    console.log = (...a: unknown[]) => void logs.push(a);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  return logs;
}

/**
 * Counts the jobs a pool hands to its workers whose task is `task` (or passes the test), whether given by
 * Pool.run or Pool.runAt, so a test can show a call really used the workers (a call that stays on the
 * calling thread gives the same bytes). `undo()` restores the pool.
 */
export function countTask(pool: object, task: string | ((name: string) => boolean)): { count: number; undo(): void } {
  const p = pool as { send: (slot: unknown, job: { task: string }) => void };
  const send = p.send;
  const matches = typeof task === 'string' ? (name: string) => name === task : task;
  const counter = {
    count: 0,
    undo: () => {
      p.send = send;
    },
  };
  p.send = function (this: unknown, slot: unknown, job: { task: string }) {
    if (matches(job.task)) counter.count++;
    return send.call(this, slot, job);
  };
  return counter;
}

/**
 * The pools of 2 and 3 workers a test file shares: started before its tests, closed after them.
 * `create` is the createPool of the build the file tests (dist/, where the worker's file is).
 */
export function filePools<P extends { close(): Promise<void> }>(create: (o: { workers: number }) => Promise<P>): { readonly pool2: P; readonly pool3: P } {
  const pools = {} as { pool2: P; pool3: P };
  beforeAll(async () => {
    [pools.pool2, pools.pool3] = await Promise.all([create({ workers: 2 }), create({ workers: 3 })]);
  });
  afterAll(async () => {
    await pools.pool2?.close();
    await pools.pool3?.close();
  });
  return pools;
}

/** SHA-256 of everything a K-means fit leaves: prototypes, labels, inertia, iterations, converged. */
export function kmeansFitHash(m: { prototypes: { data: Float32Array }; labels: Int32Array; inertia: number; iterations: number; converged: boolean }): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(m.prototypes.data.buffer));
  h.update(new Uint8Array(m.labels.buffer));
  h.update(new Uint8Array(new Float64Array([m.inertia, m.iterations, m.converged ? 1 : 0]).buffer));
  return h.digest('hex');
}
