// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The numeric constants of assembly/samplers/: block layouts, kinds, activations, losses, error codes.

// ---- assembly/samplers/gibbs.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** K f32: the values every coordinate takes */
export const SS_GIBBS_O_VALUES = 0;
/** (C·K)×D f32: row c·K + k is chain c with the current coordinate set to v_k */
export const SS_GIBBS_O_CAND = 4;
/** C·K f32: F of the candidate rows */
export const SS_GIBBS_O_CAND_E = 8;
/** K f64: exp(−β(F_k − min F)) of one chain */
export const SS_GIBBS_O_WEIGHTS = 12;
/** C×D f32: one uniform per chain and coordinate of a sweep */
export const SS_GIBBS_O_UNIFORM = 16;
/** Most values per coordinate. */
export const SAMPLER_GIBBS_MAX_VALUES = 65536;

// ---- assembly/samplers/hmc.ts
// section fields (relative to SS_SECTION)
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_HMC_O_G = 0;
/** i32 L ≥ 1 */
export const SS_HMC_LEAPFROG = 4;
/** f64 in [0, 1) */
export const SS_HMC_JITTER = 8;
/** C×D f32: the trajectory's end point */
export const SS_HMC_O_PROP = 16;
/** C f32 */
export const SS_HMC_O_PROP_E = 20;
/** C×D f32 */
export const SS_HMC_O_PROP_G = 24;
/** C×D f32 */
export const SS_HMC_O_MOM = 28;
/** C f32 */
export const SS_HMC_O_UNIFORM = 32;
/** D f64: diagonal M⁻¹ */
export const SS_HMC_O_INV_MASS = 36;
/** D f64: running means of the adaptation window */
export const SS_HMC_O_W_MEAN = 40;
/** D f64: running sums of squared deviations */
export const SS_HMC_O_W_M2 = 44;
/** Most leapfrog steps per transition (the option's maximum; also what a restored state may hold). */
export const SAMPLER_HMC_MAX_LEAPFROG = 65536;

// ---- assembly/samplers/kinds.ts
export const SAMPLER_RANDOM_WALK = 1;
export const SAMPLER_LANGEVIN = 2;
export const SAMPLER_MALA = 3;
export const SAMPLER_HMC = 4;
export const SAMPLER_GIBBS = 5;
// traits
/** ∇F at the positions (offset at SS_SECTION_O_GRAD) */
export const SAMPLER_NEEDS_GRAD = 1;
/** a step size ε > 0 */
export const SAMPLER_HAS_STEP = 2;
/** a Metropolis acceptance to adapt ε to */
export const SAMPLER_ADAPTS = 4;
/** a size parameter (SS_KIND_PARAM) that changes the section */
export const SAMPLER_HAS_PARAM = 8;

// ---- assembly/samplers/langevin.ts
// section fields (relative to SS_SECTION)
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_ULA_O_G = 0;
/** f64: multiplies √(2ε)·ξ */
export const SS_ULA_NOISE_SCALE = 8;
/** C×D f32 */
export const SS_ULA_O_PROP = 16;
/** C f32 */
export const SS_ULA_O_PROP_E = 20;
/** C×D f32 */
export const SS_ULA_O_PROP_G = 24;
/** C×D f32 */
export const SS_ULA_O_NOISE = 28;

// ---- assembly/samplers/mala.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** C×D f32: ∇F at the positions (first, as state.ts SS_SECTION_O_GRAD asks) */
export const SS_MALA_O_G = 0;
/** C×D f32 */
export const SS_MALA_O_PROP = 4;
/** C f32 */
export const SS_MALA_O_PROP_E = 8;
/** C×D f32 */
export const SS_MALA_O_PROP_G = 12;
/** C×D f32 */
export const SS_MALA_O_NOISE = 16;
/** C f32 */
export const SS_MALA_O_UNIFORM = 20;

// ---- assembly/samplers/randomWalk.ts
// section fields (relative to SS_SECTION): u32 offsets of the kind's arrays
/** C×D f32 */
export const SS_RW_O_PROP = 0;
/** C f32 */
export const SS_RW_O_PROP_E = 4;
/** C×D f32 */
export const SS_RW_O_NOISE = 8;
/** C f32 */
export const SS_RW_O_UNIFORM = 12;

// ---- assembly/samplers/run.ts
// samplerValidate's answers
export const SAMPLER_STATE_OK = 0;
/** too short, or no "EBMS" magic */
export const SAMPLER_STATE_NOT_A_STATE = 1;
/** another version (SS_VERSION says which) */
export const SAMPLER_STATE_OLD_VERSION = 2;
/** an unknown kind, or a size parameter the kind cannot have */
export const SAMPLER_STATE_KIND = 3;
/** not for the given chains × dim */
export const SAMPLER_STATE_SHAPE = 4;
/** byte size or an array offset differs from the kind's layout */
export const SAMPLER_STATE_LAYOUT = 5;
/** a field out of range (iteration, β, step, adaptation, the kind's own) */
export const SAMPLER_STATE_VALUES = 6;

// ---- assembly/samplers/state.ts
/** "EBMS" */
export const SS_MAGIC_VALUE = 0x534d4245;
/** Version 2: a common header plus one section per kind (version 1 had one layout for every kind). */
export const SS_VERSION_VALUE = 2;
export const SAMPLER_ADAPT_STEP = 1;
export const SAMPLER_ADAPT_MASS = 2;
// i32 fields
export const SS_MAGIC = 0;
export const SS_VERSION = 4;
export const SS_KIND = 8;
export const SS_CHAINS = 12;
export const SS_DIM = 16;
/** bytes of the whole block */
export const SS_BYTES = 20;
/** the kind's size parameter (Gibbs: number of values; 0 otherwise) */
export const SS_KIND_PARAM = 24;
/** transitions since init */
export const SS_ITER = 28;
/** transitions since the counters were reset */
export const SS_COUNTED = 32;
/** divergences in the last transition */
export const SS_LAST_DIV = 36;
export const SS_ADAPT_FLAGS = 40;
export const SS_ADAPT_START = 44;
export const SS_ADAPT_END = 48;
export const SS_WINDOW_START = 52;
export const SS_WINDOW_END = 56;
export const SS_WINDOW_SIZE = 60;
export const SS_TERM_START = 64;
export const SS_DA_COUNT = 68;
// f64 fields
export const SS_STEP = 72;
export const SS_BETA = 80;
export const SS_TARGET = 88;
export const SS_DA_MU = 96;
export const SS_DA_LOG_BAR = 104;
export const SS_DA_HBAR = 112;
export const SS_W_COUNT = 120;
export const SS_LAST_ACCEPT = 128;
export const SS_LAST_STEP = 136;
// Philox state (32 bytes, core/rng.ts: key, stream, then the u64 counter)
export const SS_RNG = 144;
/** SS_RNG + 16: blocks used so far */
export const SS_RNG_COUNTER = 160;
// u32 offsets of the common arrays
/** C×D f32 */
export const SS_O_POS = 176;
/** C f32 */
export const SS_O_E = 180;
/** C i32 */
export const SS_O_ACCEPTS = 184;
/** C i32 */
export const SS_O_NON_FINITE = 188;
/** C i32 */
export const SS_O_DIVERGENT = 192;
/** C i32 */
export const SS_O_LAST_ACC = 196;
/** C f64 */
export const SS_O_ACC_PROB = 200;
/** Where the kind's section of fields starts; the kind files give offsets relative to it. */
export const SS_SECTION = 208;
/**
 * A kind that uses ∇F keeps the u32 offset of ∇F at the positions (C×D f32) as its first
 * section field, so priming a state needs no per-kind code.
 */
export const SS_SECTION_O_GRAD = 0;
/** Bytes reserved for a kind's fields (its scalars and the u32 offsets of its arrays). */
export const SS_SECTION_BYTES = 64;
export const SS_HEADER_BYTES = 272;
// One walk over the arrays serves three purposes, so sizes, layout and checks cannot drift apart:
/** only compute where the arrays end */
export const SS_LAYOUT_SIZE = 0;
/** store each array's offset */
export const SS_LAYOUT_WRITE = 1;
/** compare each stored offset with the expected one */
export const SS_LAYOUT_CHECK = 2;
/** record each array's field and byte size (layoutList*, for splitting a state into parts) */
export const SS_LAYOUT_LIST = 3;
