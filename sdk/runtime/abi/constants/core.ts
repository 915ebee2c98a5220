// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The numeric constants of assembly/core/: block layouts, kinds, activations, losses, error codes.

// ---- assembly/core/errors.ts
/** No error. */
export const E_NONE = 0;
/** The allocator cannot grow memory for the request (the SDK's OUT_OF_MEMORY). */
export const E_OUT_OF_MEMORY = 1;
/** A count, size or setting is outside what the kernel accepts; the detail names which. */
export const E_BAD_ARGUMENT = 2;
/** Sizes that do not fit each other. */
export const E_BAD_SHAPE = 3;
/** A NaN or infinity where the kernel needs finite values. */
export const E_NOT_FINITE = 4;
/** A pointer not 16-byte aligned or outside memory. */
export const E_BAD_POINTER = 5;

// ---- assembly/core/memory.ts
/**
 * The largest block alloc hands out, in bytes. TLSF's largest block is just
 * under 1 GiB (BLOCK_MAXSIZE = 2^30 minus its header); a request above that
 * would trap. The SDK refuses larger requests before they cross the ABI.
 */
export const MAX_BLOCK_BYTES = 1073741760;

// ---- assembly/core/mmd.ts
/** Rows per block of MMD's sums: the unit of its parallel work. */
export const MMD_BLOCK = 256;

// ---- assembly/core/rng.ts
export const RNG_STATE_BYTES = 32;

// ---- assembly/core/scratch.ts
/** energies: per-row work vectors */
export const SLOT_ENERGY_A = 0;
/** energies: per-component values */
export const SLOT_ENERGY_B = 1;
/** leapfrogTrajectory: gradients */
export const SLOT_LEAPFROG = 2;
/** diagnostics: one split-chain series */
export const SLOT_DIAG_A = 3;
/** diagnostics: ranks / sort keys */
export const SLOT_DIAG_B = 4;
/** diagnostics: autocorrelations */
export const SLOT_DIAG_C = 5;
/** diagnostics: FFT work arrays */
export const SLOT_FFT = 6;
/** leapfrog: ε·M⁻¹ tiled over the chains */
export const SLOT_LEAPFROG_MASS = 7;
/** hmc: √M tiled over the chains */
export const SLOT_HMC_SCALE = 8;
