// Checks of scalar arguments with messages that name the argument, the
// expectation and what came.
import { ArgumentError } from '../errors.js';
import { describe } from '../matrix.js';

export function checkInteger(v: unknown, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new ArgumentError(`${where} must be ${range}, got ${describe(v)}`);
  }
  return v;
}

export function checkNumber(
  v: unknown,
  where: string,
  opts: { min?: number; max?: number; exclusiveMin?: boolean } = {},
): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ArgumentError(`${where} must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new ArgumentError(`${where} must be finite, got ${v}`, 'NOT_FINITE');
  const { min, max, exclusiveMin } = opts;
  if (min !== undefined && (exclusiveMin ? v <= min : v < min)) {
    throw new ArgumentError(`${where} must be ${exclusiveMin ? '>' : '≥'} ${min}, got ${v}`);
  }
  if (max !== undefined && v > max) throw new ArgumentError(`${where} must be ≤ ${max}, got ${v}`);
  return v;
}

export function checkOneOf<T extends string>(v: unknown, where: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ArgumentError(`${where} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

export function checkOptions(v: unknown, where: string, known: readonly string[]): void {
  if (v === undefined) return;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ArgumentError(`${where} must be an options object, got ${describe(v)}`);
  }
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) {
      throw new ArgumentError(`${where} has an unknown option '${key}' (known: ${known.join(', ')})`);
    }
  }
}

export function checkSignal(v: unknown, where: string): AbortSignal | undefined {
  if (v === undefined) return undefined;
  if (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal) return v;
  throw new ArgumentError(`${where} must be an AbortSignal, got ${describe(v)}`);
}

export function checkFunction<F>(v: unknown, where: string): F | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new ArgumentError(`${where} must be a function, got ${describe(v)}`);
  return v as F;
}

/** Seeds are non-negative safe integers; split into the two 32-bit key words of Philox. */
export function seedWords(seed: number): [number, number] {
  return [seed % 0x100000000 >>> 0, Math.floor(seed / 0x100000000) >>> 0];
}
