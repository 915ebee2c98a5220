// Energies rebuilt inside a worker, bit-exactly: an analytic energy from its
// descriptor and copies of its parameter blocks, a model from its file.
// Energies without a portable form (written in JavaScript, conditional MLPs,
// models that do not give one yet) run on the calling thread. The rebuilding
// side is rebuild.ts, imported by the worker only (it reads any model file).
import { PORTABLE, isDescribed, type PortableEnergy } from '../energies/energy.js';

/** The portable form of `energy`, or null when it must stay on the calling thread. */
export function portableOf(energy: unknown, where: string): PortableEnergy | null {
  if (!isDescribed(energy)) return null;
  const f = (energy as Partial<Record<typeof PORTABLE, (w: string) => PortableEnergy | null>>)[PORTABLE];
  return typeof f === 'function' ? f.call(energy, where) : null;
}
