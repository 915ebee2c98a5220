// The generated ABI (sdk/runtime/abi.ts and its parts in sdk/runtime/abi/) matches assembly/ and the built
// module, and init() refuses a module whose exports differ from it in name or
// arity. Doctored modules are assembled byte by byte below, so no build of a
// wrong ebm.wasm is needed. This file starts uninitialized (vitest isolates files).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RELEASE_WASM } from './helpers.js';
import { EbmError, WasmLoadError, init, isInitialized } from '../sdk/index.node.js';
import { EXPORT_ARITY, type ExportName } from '../sdk/runtime/abi.js';
import { checkExports, EXPORT_NAMES, instantiate } from '../sdk/runtime/instantiate.js';
import { kernels } from '../sdk/runtime/core.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GENERATOR = join(ROOT, 'scripts/gen-abi.mjs');

describe('sdk/runtime/abi.ts and sdk/runtime/abi/', () => {
  it('are what scripts/gen-abi.mjs makes of assembly/ now: no part stale, missing or left over', () => {
    const r = spawnSync(process.execPath, [GENERATOR, '--check'], { encoding: 'utf8' });
    if (r.status !== 0) expect.fail(r.stderr || `gen-abi --check exited ${r.status}`);
  });

  it('lists exactly the functions build/ebm.wasm exports, with their arities', async () => {
    const module = new WebAssembly.Module(readFileSync(RELEASE_WASM));
    const functions = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    expect([...functions].sort()).toEqual([...EXPORT_NAMES].sort());
    const { raw } = await instantiate(module);
    for (const name of EXPORT_NAMES) expect([name, (raw[name] as (...a: unknown[]) => unknown).length]).toEqual([name, EXPORT_ARITY[name]]);
  });
});

describe('scripts/gen-abi.mjs', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A temporary root holding the given files. */
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'gen-abi-'));
    dirs.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  /** Runs the generator on root with the given arguments. */
  const gen_ = (root: string, ...args: string[]) => spawnSync(process.execPath, [GENERATOR, '--root', root, ...args], { encoding: 'utf8' });

  /**
   * Runs the generator on a small assembly/ tree; returns its exit status, its
   * output (every file, each after a `//// path` line) and the files by path.
   */
  function generateFrom(files: Record<string, string>): { status: number | null; stdout: string; stderr: string; files: Map<string, string> } {
    const r = gen_(tree(files), '--stdout');
    const parts = r.stdout.split(/^\/\/\/\/ (.+)\n/m);
    const out = new Map<string, string>();
    for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, files: out };
  }

  const index = '// add(out, a, b) → out\nexport { add } from "./core/add";\n';

  it('follows re-exports to the function and keeps its doc, types and arity', () => {
    const r = generateFrom({
      'assembly/index.ts': index,
      'assembly/core/add.ts': 'export { add } from "./impl";\n',
      'assembly/core/impl.ts': '/** Adds. */\nexport function add(out: usize, a: f64, b: i64): usize { return out; }\n',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  add(out: number, a: number, b: bigint): number;');
    expect(r.stdout).toMatch(/add\(out, a, b\) → out\n {3}\*\n {3}\* Adds\./);
    expect(r.stdout).toContain('  add: 3,');
  });

  it('evaluates constant expressions and fails loudly on one name with two values', () => {
    const ok = generateFrom({
      'assembly/index.ts': index,
      'assembly/core/add.ts': 'export const A: i32 = 8; // eight\nexport const B = A * 2 + 1;\nexport function add(out: usize, a: f64, b: f64): usize { return out; }\n',
      'assembly/core/same.ts': 'export const A: i32 = 8;\n',
    });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('/** eight */\nexport const A = 8;\nexport const B = 17;');
    const clash = generateFrom({
      'assembly/index.ts': index,
      'assembly/core/add.ts': 'export const A: i32 = 8;\nexport function add(out: usize, a: f64, b: f64): usize { return out; }\n',
      'assembly/core/other.ts': 'export const A: i32 = 9;\n',
    });
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/A has two values: 8 at assembly\/core\/add\.ts:1 and 9 at assembly\/core\/other\.ts:1/);
  });

  it('writes one part per section, joined by `extends`, whether or not a blank line follows the title', () => {
    const r = generateFrom({
      'assembly/index.ts':
        '// ---- one thing\n// A note.\n\n// add(out, a, b) → out\nexport { add } from "./core/add";\n' +
        '// ---- two things: more\n// sub(a) → a\nexport { sub } from "./core/add";\n',
      'assembly/core/add.ts':
        'export const A: i32 = 8;\nexport function add(out: usize, a: f64, b: f64): usize { return out; }\nexport function sub(a: i32): i32 { return a; }\n',
      'assembly/train/x.ts': 'export const B: i32 = 9;\n',
    });
    expect(r.stderr).toBe('');
    expect([...r.files.keys()].sort()).toEqual([
      'sdk/runtime/abi.ts',
      'sdk/runtime/abi/constants/core.ts',
      'sdk/runtime/abi/constants/train.ts',
      'sdk/runtime/abi/exports/one-thing.ts',
      'sdk/runtime/abi/exports/two-things.ts',
    ]);
    const index = r.files.get('sdk/runtime/abi.ts')!;
    expect(index).toMatch(/export interface RawExports\n {2}extends OneThingExports,\n {4}TwoThingsExports \{/);
    expect(index).toContain('  ...oneThingArity,\n  ...twoThingsArity,');
    expect(index).toContain("export * from './abi/constants/core.js';\nexport * from './abi/constants/train.js';");
    const two = r.files.get('sdk/runtime/abi/exports/two-things.ts')!;
    expect(two).toContain('/** two things: more */\nexport interface TwoThingsExports {\n  /**\n   * sub(a) → a\n');
    expect(two).not.toContain('----');
    expect(r.files.get('sdk/runtime/abi/exports/one-thing.ts')).toContain('/**\n * one thing\n * A note.\n */');
    expect(r.files.get('sdk/runtime/abi/exports/one-thing.ts')).toContain("export const oneThingUnsigned = ['add'] as const;");
  });

  it('cuts a long section into parts of at most 400 lines', () => {
    const names = Array.from({ length: 120 }, (_, i) => `f${i}`);
    const r = generateFrom({
      'assembly/index.ts': '// ---- many\n\n' + names.map((n) => `// ${n}(a, b)\n// a second line\nexport { ${n} } from "./core/f";\n`).join(''),
      'assembly/core/f.ts': names.map((n) => `/** Doc. */\nexport function ${n}(a: i32, b: f32): void {}\n`).join(''),
    });
    expect(r.stderr).toBe('');
    const parts = [...r.files.keys()].filter((p) => p.includes('/exports/'));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toBe('sdk/runtime/abi/exports/many-part-1.ts');
    for (const p of parts) expect(r.files.get(p)!.split('\n').length, p).toBeLessThanOrEqual(400);
    const arities = parts.map((p) => [...r.files.get(p)!.matchAll(/^ {2}(f\d+): 2,$/gm)].map((m) => m[1])).flat();
    expect(arities).toEqual(names);
  });

  it('--check names a stale, a missing and a left-over part; writing fixes all three', async () => {
    // in-process (one CLI run for the exit status and message): spawning loads TypeScript each time
    const gen = (await import(pathToFileURL(GENERATOR).href)) as { write(root: string): string[]; check(root: string): string[] };
    const root = tree({
      'assembly/index.ts': '// ---- one\n// add(out, a, b) → out\nexport { add } from "./core/add";\n',
      'assembly/core/add.ts': 'export const A: i32 = 8;\nexport function add(out: usize, a: f64, b: f64): usize { return out; }\n',
    });
    expect(gen.write(root)).toHaveLength(3); // the part, the constants, abi.ts
    expect(gen.check(root)).toEqual([]);
    writeFileSync(join(root, 'sdk/runtime/abi/exports/one.ts'), 'export {};\n');
    rmSync(join(root, 'sdk/runtime/abi/constants/core.ts'));
    writeFileSync(join(root, 'sdk/runtime/abi/exports/gone.ts'), 'export {};\n');
    expect(gen.check(root)).toEqual([
      'sdk/runtime/abi/exports/one.ts is stale',
      'sdk/runtime/abi/constants/core.ts is missing',
      'sdk/runtime/abi/exports/gone.ts should no longer exist (assembly/ no longer makes it)',
    ]);
    const cli = gen_(root, '--check');
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('sdk/runtime/abi/exports/gone.ts should no longer exist');
    expect(cli.stderr).toContain('npm run build:abi');
    expect(gen.write(root)).toEqual(['updated sdk/runtime/abi/exports/one.ts', 'wrote sdk/runtime/abi/constants/core.ts', 'removed sdk/runtime/abi/exports/gone.ts']);
    expect(gen.check(root)).toEqual([]);
  }, 120_000);

  it('refuses types that cannot cross the ABI and optional parameters', () => {
    const r = generateFrom({
      'assembly/index.ts': index + '// sub(a)\nexport { sub } from "./core/add";\n',
      'assembly/core/add.ts':
        'export function add(out: usize, a: v128, b: f64): usize { return out; }\nexport function sub(a: i32 = 1): i32 { return a; }\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('add(a): type v128 cannot cross the ABI');
    expect(r.stderr).toContain('parameter a is optional');
  });
});

// ---- doctored modules ----------------------------------------------------------

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const name = (s: string): number[] => [...leb(s.length), ...new TextEncoder().encode(s)];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];

/** A module exporting `memory` and functions (i32 parameters, returning 0) of the given arities. */
function moduleWith(functions: [string, number][]): Uint8Array {
  const arities = [...new Set(functions.map(([, a]) => a))];
  const I32 = 0x7f;
  const types = section(1, vec(arities.map((a) => [0x60, ...vec(new Array(a).fill([I32])), ...vec([[I32]])])));
  const funcs = section(3, vec(functions.map(([, a]) => leb(arities.indexOf(a)))));
  const memory = section(5, vec([[0x00, 0x01]]));
  const exports = section(7, vec([[...name('memory'), 0x02, 0x00], ...functions.map(([n], i) => [...name(n), 0x00, ...leb(i)])]));
  const body = [0x00, 0x41, 0x00, 0x0b]; // no locals; i32.const 0; end
  const code = section(10, vec(functions.map(() => [...leb(body.length), ...body])));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...funcs, ...memory, ...exports, ...code]);
}

const abiFunctions = (): [ExportName, number][] => EXPORT_NAMES.map((n) => [n, EXPORT_ARITY[n]]);

async function loadError(bytes: Uint8Array): Promise<WasmLoadError> {
  const e = await init({ wasm: bytes }).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(WasmLoadError);
  return e as WasmLoadError;
}

describe('init() checks every export against the ABI', () => {
  it('accepts a module with every export at its arity (the doctored ones below differ only where they say)', async () => {
    const { raw } = await instantiate(moduleWith(abiFunctions()));
    expect(raw.dot(1, 2, 3)).toBe(0);
  });

  it('refuses an export with the wrong arity, naming it, both arities and the fix', async () => {
    const doctored = abiFunctions().map(([n, a]): [string, number] => [n, n === 'dot' ? a - 1 : n === 'adamStep' ? a + 1 : a]);
    const e = await loadError(moduleWith(doctored));
    expect(e.code).toBe('WASM_LOAD');
    expect(e.message).toContain(`dot takes ${EXPORT_ARITY.dot - 1} arguments, the SDK passes ${EXPORT_ARITY.dot}`);
    expect(e.message).toContain(`adamStep takes ${EXPORT_ARITY.adamStep + 1} arguments, the SDK passes ${EXPORT_ARITY.adamStep}`);
    expect(e.message).toContain('rebuild it with `npm run build`');
    expect(isInitialized()).toBe(false);
  });

  it('refuses a module without an export', async () => {
    const e = await loadError(moduleWith(abiFunctions().filter(([n]) => n !== 'gemm')));
    expect(e.message).toMatch(/gemm is missing.*npm run build/);
  });

  it('checks a plain exports object the same way', () => {
    const good = Object.fromEntries(abiFunctions().map(([n, a]) => [n, new Function(...Array.from({ length: a }, (_, i) => `a${i}`), 'return 0')]));
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(checkExports({ ...good, memory }).memory).toBe(memory);
    expect(() => checkExports({ ...good, memory, sqdist: () => 0 })).toThrow(/sqdist takes 0 arguments, the SDK passes 6/);
    expect(() => checkExports(good)).toThrow(/memory is missing/);
  });

  it('then loads the real build: a refused module leaves init() retryable', async () => {
    await init({ wasm: readFileSync(RELEASE_WASM) });
    expect(isInitialized()).toBe(true);
    expect(kernels().alloc(100) % 16).toBe(0);
    expect(() => kernels().alloc(2 ** 31)).toThrow(EbmError); // and aborts still map to EbmError
  });
});
