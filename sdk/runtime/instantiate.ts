// The one way to instantiate ebm.wasm: the SDK's imports (abort → EbmError,
// host energies) and the check that the module matches the generated ABI.
// Used by init() and, through the internal bundle dist/internal.js, by the
// benchmarks and tests; it keeps no state, so several instances may coexist.
import { EbmError, WasmLoadError } from '../errors.js';
import { EXPORT_ARITY, E_OUT_OF_MEMORY, type ExportName, type RawExports } from './abi.js';

export type { RawExports } from './abi.js';

/** Fills E (f32[n], if E ≠ 0) and G (n×dim, if G ≠ 0) at Y (n×dim) for the host energy `id`. */
export type HostEnergyHandler = (id: number, Y: number, n: number, dim: number, E: number, G: number) => void;

export interface InstantiateOptions {
  /** Called when WASM evaluates an energy written in JS; without it such a call throws. */
  hostEnergy?: HostEnergyHandler;
}

export interface Instantiated {
  /** The exports, checked against the ABI; calls are not wrapped (a trap is a bare RuntimeError). */
  raw: RawExports;
  memory: WebAssembly.Memory;
}

/** Every exported function's name, in the order of assembly/index.ts. */
export const EXPORT_NAMES = Object.keys(EXPORT_ARITY) as ExportName[];

/** EbmError codes for WASM error codes (E_* of assembly/core/errors.ts); the message comes from WASM. */
const ERROR_KIND: Partial<Record<number, EbmError['code']>> = { [E_OUT_OF_MEMORY]: 'OUT_OF_MEMORY' };

function readString(mem: WebAssembly.Memory, at: number): string {
  const ptr = at >>> 0; // an i32 argument: past 2^31 it arrives negative
  if (!ptr) return '';
  const bytes = new Uint32Array(mem.buffer, ptr - 4, 1)[0]!; // AssemblyScript keeps the byte length before the data
  const units = new Uint16Array(mem.buffer, ptr, bytes >>> 1);
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.subarray(i, i + 4096));
  return s;
}

/**
 * Checks that `exports` has the memory and every function of the ABI with
 * its arity (a stale build would otherwise take a missing argument as 0).
 * Throws WasmLoadError naming each mismatch.
 */
export function checkExports(exports: WebAssembly.Exports): RawExports {
  const problems: string[] = [];
  if (!(exports.memory instanceof WebAssembly.Memory)) problems.push('memory is missing');
  for (const name of EXPORT_NAMES) {
    const fn = exports[name];
    const expected = EXPORT_ARITY[name];
    if (typeof fn !== 'function') problems.push(`${name} is missing`);
    else if (fn.length !== expected) problems.push(`${name} takes ${fn.length} arguments, the SDK passes ${expected}`);
  }
  if (problems.length > 0) {
    throw new WasmLoadError(
      `this ebm.wasm does not match the SDK (${problems.join('; ')}); rebuild it with \`npm run build\``,
    );
  }
  return exports as unknown as RawExports;
}

/** Instantiates ebm.wasm (a Module or its bytes) with the SDK's imports and checks its exports. */
export async function instantiate(module: WebAssembly.Module | BufferSource, options: InstantiateOptions = {}): Promise<Instantiated> {
  let memory: WebAssembly.Memory | null = null;
  let raw: RawExports | null = null;
  const hostEnergy = options.hostEnergy;
  const imports = {
    env: {
      // energies written in JS (`energies.custom`): one call per batch
      hostEnergy(id: number, Y: number, n: number, dim: number, E: number, G: number): void {
        if (!hostEnergy) throw new EbmError('WASM_ABORT', 'ebm.wasm called a host energy, but none is registered');
        hostEnergy(id, Y, n, dim, E, G);
      },
      abort(msg: number, file: number, line: number, col: number): never {
        const code = raw ? raw.errorCode() : 0;
        const detail = raw ? raw.errorDetail() : 0;
        raw?.clearError();
        const text = memory ? readString(memory, msg) : '';
        const where = file && memory ? ` at ${readString(memory, file)}:${line}:${col}` : '';
        const kind = ERROR_KIND[code] ?? 'WASM_ABORT';
        const err = new EbmError(kind, `ebm.wasm aborted: ${text || 'assertion failed'}${code ? ` (code ${code}, detail ${detail})` : ''}${where}`);
        (err as EbmError & { wasmCode: number }).wasmCode = code;
        throw err;
      },
    },
  };
  let instance: WebAssembly.Instance;
  try {
    const mod = module instanceof WebAssembly.Module ? module : await WebAssembly.compile(module);
    instance = await WebAssembly.instantiate(mod, imports);
  } catch (e) {
    throw new WasmLoadError(`ebm.wasm could not be instantiated: ${(e as Error).message}`, { cause: e });
  }
  raw = checkExports(instance.exports);
  memory = raw.memory;
  return { raw, memory };
}
