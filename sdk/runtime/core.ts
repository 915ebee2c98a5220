// Loading and owning the one WebAssembly instance. This folder is the only
// code that touches raw exports; everything else goes through `kernels()` and
// the typed views below. Loading follows shiki's engine-oniguruma and
// esbuild-wasm: accept a Module, bytes, URL or Response, memoise one promise,
// and say exactly what went wrong when the file is not WebAssembly.
import { EbmError, WasmLoadError } from '../errors.js';
import { EXPORT_ARITY, E_OUT_OF_MEMORY, UNSIGNED_RESULTS } from './abi.js';
import { EXPORT_NAMES, instantiate, type HostEnergyHandler, type RawExports } from './instantiate.js';

export type { HostEnergyHandler } from './instantiate.js';

export type WasmSource = WebAssembly.Module | BufferSource | URL | string | Response | PromiseLike<Response>;

export interface InitOptions {
  /** Where ebm.wasm comes from; each runtime's entry has a default. */
  wasm?: WasmSource;
}

let instance: RawExports | null = null;
let wrapped: RawExports | null = null;
let pending: Promise<void> | null = null;
/** The compiled module of the instance: sent to workers (sdk/parallel/pool.ts), never fetched twice. */
let compiled: WebAssembly.Module | null = null;

/** The compiled ebm.wasm once init() has resolved, else null. */
export function loadedModule(): WebAssembly.Module | null {
  return wrapped === null ? null : compiled;
}

/** True once `init()` has resolved. */
export function isInitialized(): boolean {
  return wrapped !== null;
}

/**
 * Shared by every runtime's `init`: the first call starts loading (from
 * options.wasm or the runtime's default), later calls return the same promise.
 * A failed load may be retried.
 */
export function initWith(defaultModule: () => Promise<WebAssembly.Module>, options?: InitOptions): Promise<void> {
  if (pending) return pending;
  const p = (async () => {
    const module = options?.wasm !== undefined ? await toModule(options.wasm) : await defaultModule();
    const { raw } = await instantiate(module, { hostEnergy: callHostEnergy });
    compiled = module;
    instance = raw;
    wrapped = wrap(raw);
  })();
  pending = p;
  p.catch(() => {
    if (pending === p) pending = null;
  });
  return p;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && WASM_MAGIC.every((b, i) => bytes[i] === b);
}

function preview(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, 24); i++) {
    const c = bytes[i]!;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
  }
  return JSON.stringify(s);
}

const SERVE_HINT =
  'serve the package file ebm-wasm/ebm.wasm (dist/ebm.wasm) at that URL with Content-Type application/wasm, ' +
  'or pass init({ wasm }) a WebAssembly.Module, the bytes, or the right URL';

const BYTES_HINT = 'pass the bytes of the package file ebm-wasm/ebm.wasm (dist/ebm.wasm), or a WebAssembly.Module or URL of it';

async function compileBytes(bytes: Uint8Array, from: string, hint = SERVE_HINT): Promise<WebAssembly.Module> {
  if (!hasMagic(bytes)) {
    throw new WasmLoadError(
      `${from} is not WebAssembly (${bytes.length} bytes starting ${preview(bytes)}, expected "\\0asm"): ${hint}`,
    );
  }
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (e) {
    throw new WasmLoadError(`${from} could not be compiled: ${(e as Error).message}`, { cause: e });
  }
}

function toBytes(src: BufferSource): Uint8Array {
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
}

function isResponse(x: unknown): x is Response {
  return typeof Response !== 'undefined' && x instanceof Response;
}

async function fromResponse(res: Response, url: string): Promise<WebAssembly.Module> {
  if (!res.ok) {
    throw new WasmLoadError(`could not fetch ebm.wasm from ${url}: HTTP ${res.status} ${res.statusText}; ${SERVE_HINT}`);
  }
  const type = res.headers.get('Content-Type') ?? '';
  if (type.split(';')[0]!.trim() === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(res.clone());
    } catch {
      // fall through: compile from the bytes, which gives a precise message
    }
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return compileBytes(bytes, `the response from ${url}${type ? ` (Content-Type ${type})` : ''}`);
}

/** The URL as fetch will resolve it, so messages show the full address. */
function absolute(src: string | URL): string {
  try {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    return new URL(String(src), base).href;
  } catch {
    return String(src);
  }
}

/** Turns any accepted source into a compiled module. */
export async function toModule(src: WasmSource): Promise<WebAssembly.Module> {
  if (src instanceof WebAssembly.Module) return src;
  if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return compileBytes(toBytes(src), 'the data given to init({ wasm })', BYTES_HINT);
  if (typeof src === 'string' || src instanceof URL) {
    const url = absolute(src);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new WasmLoadError(`could not fetch ebm.wasm from ${url}: ${(e as Error).message}; ${SERVE_HINT}`, { cause: e });
    }
    return fromResponse(res, url);
  }
  const res = isResponse(src) ? src : await src;
  if (!isResponse(res)) {
    throw new WasmLoadError('init({ wasm }) takes a WebAssembly.Module, an ArrayBuffer or typed array, a URL, or a Response');
  }
  return fromResponse(res, res.url || 'a Response');
}

// ---- host energies, trap mapping, views ---------------------------------------

let hostEnergyHandler: HostEnergyHandler | null = null;

/** Installs the one callback WASM uses for energies written in JS (sdk/energies/custom.ts). */
export function setHostEnergy(handler: HostEnergyHandler): void {
  hostEnergyHandler = handler;
}

function callHostEnergy(id: number, Y: number, n: number, dim: number, E: number, G: number): void {
  if (hostEnergyHandler === null) throw new EbmError('WASM_ABORT', 'ebm.wasm called a host energy, but none is registered');
  // pointers arrive as signed i32: past 2^31 they would be negative offsets
  hostEnergyHandler(id, Y >>> 0, n, dim, E >>> 0, G >>> 0);
}

const MIB = 1 << 20;

/**
 * Traps (unreachable, out-of-bounds) become EbmError; the instance stays usable.
 * A trap inside the allocator (memory cannot grow) finds E_OUT_OF_MEMORY
 * recorded by assembly/core/memory.ts allocBytes and becomes OUT_OF_MEMORY.
 * Pointer and u32 results come back unsigned (UNSIGNED_RESULTS).
 */
function wrap(raw: RawExports): RawExports {
  const out: Record<string, unknown> = { memory: raw.memory };
  const unsigned = new Set<string>(UNSIGNED_RESULTS);
  for (const name of EXPORT_NAMES) {
    const fn = raw[name] as Kernel;
    const fail = (e: unknown): never => {
      throw asEbmError(raw, name, e);
    };
    out[name] = withArity(fn, EXPORT_ARITY[name], unsigned.has(name), fail);
  }
  return out as unknown as RawExports;
}

type Kernel = (...a: number[]) => number;

/**
 * A guarded call of `fn` with exactly `n` parameters: fixed-arity closures keep the
 * per-call cost of the guard near zero for the small, frequent calls (a 64-row MLP
 * batch is ~20 µs of kernel), where a rest-parameter wrapper costs a spread each time.
 * `unsigned` results come back as u32 (an i32 result past 2³¹ arrives negative).
 */
function withArity(fn: Kernel, n: number, unsigned: boolean, fail: (e: unknown) => never): Kernel {
  const u = unsigned ? (r: number) => r >>> 0 : (r: number) => r;
  type N = number;
  switch (n) {
    case 0: return () => { try { return u(fn()); } catch (e) { return fail(e); } };
    case 1: return (a: N) => { try { return u(fn(a)); } catch (e) { return fail(e); } };
    case 2: return (a: N, b: N) => { try { return u(fn(a, b)); } catch (e) { return fail(e); } };
    case 3: return (a: N, b: N, c: N) => { try { return u(fn(a, b, c)); } catch (e) { return fail(e); } };
    case 4: return (a: N, b: N, c: N, d: N) => { try { return u(fn(a, b, c, d)); } catch (e) { return fail(e); } };
    case 5: return (a: N, b: N, c: N, d: N, e1: N) => { try { return u(fn(a, b, c, d, e1)); } catch (e) { return fail(e); } };
    case 6: return (a: N, b: N, c: N, d: N, e1: N, f: N) => { try { return u(fn(a, b, c, d, e1, f)); } catch (e) { return fail(e); } };
    case 7: return (a: N, b: N, c: N, d: N, e1: N, f: N, g: N) => { try { return u(fn(a, b, c, d, e1, f, g)); } catch (e) { return fail(e); } };
    case 8: return (a: N, b: N, c: N, d: N, e1: N, f: N, g: N, h: N) => { try { return u(fn(a, b, c, d, e1, f, g, h)); } catch (e) { return fail(e); } };
    default: return (...args: N[]) => { try { return u(fn(...args)); } catch (e) { return fail(e); } };
  }
}

/** A trap or abort from WASM as a typed EbmError (OUT_OF_MEMORY when the allocator ran out). */
function asEbmError(raw: RawExports, name: string, e: unknown): unknown {
  if (e instanceof EbmError) return e;
  if (e instanceof WebAssembly.RuntimeError) {
    const code = raw.errorCode();
    const detail = raw.errorDetail();
    raw.clearError();
    if (code === E_OUT_OF_MEMORY) {
      const have = Math.round(raw.memory.buffer.byteLength / MIB);
      return new EbmError(
        'OUT_OF_MEMORY',
        `${name}: ebm.wasm is out of memory: a block of about ${detail} MiB did not fit in ${have} MiB of linear memory ` +
          `(at most ${MAX_MEMORY_MIB} MiB); dispose() models, samplers and trainers that are no longer needed, or use smaller batches`,
        { cause: e },
      );
    }
    return new EbmError('WASM_TRAP', `ebm.wasm trapped in ${name}: ${e.message}`, { cause: e });
  }
  return e;
}

/** A 32-bit linear memory holds at most 65536 pages of 64 KiB. */
const MAX_MEMORY_MIB = 4096;

/** The exports, guarded. Throws NOT_INITIALIZED before init() resolves. */
export function kernels(where = 'this call'): RawExports {
  if (wrapped === null) {
    throw new EbmError(
      'NOT_INITIALIZED',
      `${where}: ebm-wasm is not initialized; call \`await init()\` once before using models, samplers or datasets`,
    );
  }
  return wrapped;
}

// Views over linear memory, rebuilt whenever memory.grow replaced the buffer
// (the old one is then detached and has byteLength 0), as wasm-bindgen's glue does.
let viewBuffer: ArrayBufferLike | null = null;
let f32v = new Float32Array(0);
let f64v = new Float64Array(0);
let i32v = new Int32Array(0);
let u32v = new Uint32Array(0);
let u8v = new Uint8Array(0);

function refresh(): void {
  const buf = instance!.memory.buffer;
  if (buf !== viewBuffer) {
    viewBuffer = buf;
    f32v = new Float32Array(buf);
    f64v = new Float64Array(buf);
    i32v = new Int32Array(buf);
    u32v = new Uint32Array(buf);
    u8v = new Uint8Array(buf);
  }
}

export function heapF32(): Float32Array {
  refresh();
  return f32v;
}
export function heapF64(): Float64Array {
  refresh();
  return f64v;
}
export function heapI32(): Int32Array {
  refresh();
  return i32v;
}
export function heapU32(): Uint32Array {
  refresh();
  return u32v;
}
export function heapU8(): Uint8Array {
  refresh();
  return u8v;
}

/** Current size of linear memory in bytes (for tests of memory growth and leaks). */
export function memoryBytes(): number {
  return kernels('memoryBytes').memory.buffer.byteLength;
}
