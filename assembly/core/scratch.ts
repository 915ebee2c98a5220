// Reusable scratch buffers for kernels that need per-call work space. Each
// slot grows on demand and is never shrunk, so a sampler's inner loop does
// not touch the allocator. Slots are private to one kernel family each.

import { allocBytes } from "./memory";

const MAX_SLOTS = 10;
const ptrs = new StaticArray<usize>(MAX_SLOTS);
const caps = new StaticArray<usize>(MAX_SLOTS);

export const SLOT_ENERGY_A: i32 = 0; // energies: per-row work vectors
export const SLOT_ENERGY_B: i32 = 1; // energies: per-component values
export const SLOT_LEAPFROG: i32 = 2; // leapfrogTrajectory: gradients
export const SLOT_DIAG_A: i32 = 3; // diagnostics: one split-chain series
export const SLOT_DIAG_B: i32 = 4; // diagnostics: ranks / sort keys
export const SLOT_DIAG_C: i32 = 5; // diagnostics: autocorrelations
export const SLOT_FFT: i32 = 6; // diagnostics: FFT work arrays
export const SLOT_LEAPFROG_MASS: i32 = 7; // leapfrog: ε·M⁻¹ tiled over the chains
export const SLOT_HMC_SCALE: i32 = 8; // hmc: √M tiled over the chains

/** A 16-byte aligned buffer of at least `bytes` for `slot` (contents undefined). */
export function scratch(slot: i32, bytes: usize): usize {
  const have = unchecked(caps[slot]);
  if (bytes <= have) return unchecked(ptrs[slot]);
  const old = unchecked(ptrs[slot]);
  // forget the old block before allocating: if the allocation fails, the slot
  // must not keep a pointer to freed memory
  unchecked((ptrs[slot] = 0));
  unchecked((caps[slot] = 0));
  if (old != 0) heap.free(old);
  const size = max<u64>(<u64>bytes, <u64>have * 2) + 16;
  const p = allocBytes(size);
  unchecked((ptrs[slot] = p));
  unchecked((caps[slot] = <usize>size));
  return p;
}
