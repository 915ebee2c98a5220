// A key that only the library holds: constructors that must be reached through
// their factories (optim.adam, energies.gaussian, samplers.mala …) take it as
// their first argument, so they stay out of the public API without losing their types.
import { ArgumentError } from '../errors.js';

export const INTERNAL: unique symbol = Symbol('ebm-wasm.internal');
export type Internal = typeof INTERNAL;

/** Throws unless `token` is the library's key, naming the factory to use instead. */
export function checkInternal(token: unknown, use: string): void {
  if (token !== INTERNAL) throw new ArgumentError(`this constructor is internal: use ${use}`);
}
