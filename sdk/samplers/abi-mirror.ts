// MIRROR, to be replaced at merge: the sampler constants of assembly/samplers/
// (every top-level `export const SS_…`/`SAMPLER_…`), under the same names. The
// generated sdk/runtime/abi.ts will carry them; then this file goes and its
// importers import from '../runtime/abi.js'. test/gibbs.test.ts checks a few
// of them against the module's behaviour. Do not edit by hand without editing assembly/.

// assembly/samplers/state.ts
export const SS_MAGIC_VALUE = 0x534d4245;
export const SS_VERSION_VALUE = 2;
export const SAMPLER_ADAPT_STEP = 1;
export const SAMPLER_ADAPT_MASS = 2;
export const SS_MAGIC = 0;
export const SS_VERSION = 4;
export const SS_KIND = 8;
export const SS_CHAINS = 12;
export const SS_DIM = 16;
export const SS_BYTES = 20;
export const SS_KIND_PARAM = 24;
export const SS_ITER = 28;
export const SS_COUNTED = 32;
export const SS_LAST_DIV = 36;
export const SS_ADAPT_FLAGS = 40;
export const SS_ADAPT_START = 44;
export const SS_ADAPT_END = 48;
export const SS_WINDOW_START = 52;
export const SS_WINDOW_END = 56;
export const SS_WINDOW_SIZE = 60;
export const SS_TERM_START = 64;
export const SS_DA_COUNT = 68;
export const SS_STEP = 72;
export const SS_BETA = 80;
export const SS_TARGET = 88;
export const SS_DA_MU = 96;
export const SS_DA_LOG_BAR = 104;
export const SS_DA_HBAR = 112;
export const SS_W_COUNT = 120;
export const SS_LAST_ACCEPT = 128;
export const SS_LAST_STEP = 136;
export const SS_RNG = 144;
export const SS_RNG_COUNTER = 160;
export const SS_O_POS = 176;
export const SS_O_E = 180;
export const SS_O_ACCEPTS = 184;
export const SS_O_NON_FINITE = 188;
export const SS_O_DIVERGENT = 192;
export const SS_O_LAST_ACC = 196;
export const SS_O_ACC_PROB = 200;
export const SS_SECTION = 208;
export const SS_SECTION_O_GRAD = 0;
export const SS_SECTION_BYTES = 64;
export const SS_HEADER_BYTES = 272;
export const SS_LAYOUT_SIZE = 0;
export const SS_LAYOUT_WRITE = 1;
export const SS_LAYOUT_CHECK = 2;

// assembly/samplers/kinds.ts
export const SAMPLER_RANDOM_WALK = 1;
export const SAMPLER_LANGEVIN = 2;
export const SAMPLER_MALA = 3;
export const SAMPLER_HMC = 4;
export const SAMPLER_GIBBS = 5;
export const SAMPLER_NEEDS_GRAD = 1;
export const SAMPLER_HAS_STEP = 2;
export const SAMPLER_ADAPTS = 4;
export const SAMPLER_HAS_PARAM = 8;

// assembly/samplers/run.ts
export const SAMPLER_STATE_OK = 0;
export const SAMPLER_STATE_NOT_A_STATE = 1;
export const SAMPLER_STATE_OLD_VERSION = 2;
export const SAMPLER_STATE_KIND = 3;
export const SAMPLER_STATE_SHAPE = 4;
export const SAMPLER_STATE_LAYOUT = 5;
export const SAMPLER_STATE_VALUES = 6;

// assembly/samplers/randomWalk.ts
export const SS_RW_O_PROP = 0;
export const SS_RW_O_PROP_E = 4;
export const SS_RW_O_NOISE = 8;
export const SS_RW_O_UNIFORM = 12;

// assembly/samplers/langevin.ts
export const SS_ULA_O_G = 0;
export const SS_ULA_NOISE_SCALE = 8;
export const SS_ULA_O_PROP = 16;
export const SS_ULA_O_PROP_E = 20;
export const SS_ULA_O_PROP_G = 24;
export const SS_ULA_O_NOISE = 28;

// assembly/samplers/mala.ts
export const SS_MALA_O_G = 0;
export const SS_MALA_O_PROP = 4;
export const SS_MALA_O_PROP_E = 8;
export const SS_MALA_O_PROP_G = 12;
export const SS_MALA_O_NOISE = 16;
export const SS_MALA_O_UNIFORM = 20;

// assembly/samplers/hmc.ts
export const SS_HMC_O_G = 0;
export const SS_HMC_LEAPFROG = 4;
export const SS_HMC_JITTER = 8;
export const SS_HMC_O_PROP = 16;
export const SS_HMC_O_PROP_E = 20;
export const SS_HMC_O_PROP_G = 24;
export const SS_HMC_O_MOM = 28;
export const SS_HMC_O_UNIFORM = 32;
export const SS_HMC_O_INV_MASS = 36;
export const SS_HMC_O_W_MEAN = 40;
export const SS_HMC_O_W_M2 = 44;

// assembly/samplers/gibbs.ts
export const SS_GIBBS_O_VALUES = 0;
export const SS_GIBBS_O_CAND = 4;
export const SS_GIBBS_O_CAND_E = 8;
export const SS_GIBBS_O_WEIGHTS = 12;
export const SS_GIBBS_O_UNIFORM = 16;
export const SAMPLER_GIBBS_MAX_VALUES = 65536;
