// The energy descriptor: a small block in linear memory that says which
// energy a sampler targets and where its parameters live. Layout (bytes):
//   0 kind i32 · 4 dim i32 · 8 p0 · 12 p1 · 16 p2 · 20 p3 (u32 pointers)
//   24 i0 i32 · 28 i1 i32 · 32 f0 f64 · 40 f1 f64 · 48 f2 f64 · 56 f3 f64
//   64..95 reserved (zero)
// What p*/i*/f* mean is per kind; see dispatch.ts.

export const DESC_BYTES: i32 = 96;
// field offsets (bytes)
export const DESC_KIND: i32 = 0;
export const DESC_DIM: i32 = 4;
export const DESC_P: i32 = 8; // p0..p3, u32 pointers
export const DESC_I: i32 = 24; // i0, i1, i32
export const DESC_F: i32 = 32; // f0..f3, f64

export const KIND_GAUSSIAN: i32 = 1;
export const KIND_MIXTURE: i32 = 2;
export const KIND_DOUBLE_WELL: i32 = 3;
export const KIND_BANANA: i32 = 4;
export const KIND_FUNNEL: i32 = 5;
export const KIND_RING: i32 = 6;
export const KIND_ISING: i32 = 7;
export const KIND_KMEANS: i32 = 10;
/** Sparse coding F∞ (energies/sparse.ts): p0 = W, p1 = WT, p2 = Gram, i0 = atoms, i1 = maxIter, f0 = λ, f1 = tol. */
export const KIND_SPARSE: i32 = 11;
export const KIND_PCA: i32 = 12; // p0 mean f32[d], p1 components f32[q×d], i0 q (energies/pca.ts)
export const KIND_GMM: i32 = 13; // p0 parameter block f64, i0 k, f0 β (energies/gmm.ts)
export const KIND_HOST: i32 = 15;
/** The MLP energy: an MLP net block (energies/mlp.ts) is itself a descriptor of this kind. */
export const KIND_MLP: i32 = 20;
/** GLO (energies/glo.ts): its model block is a descriptor of this kind; F is F∞(y) = min_{‖z‖≤1} ‖y − G(z)‖². */
export const KIND_GLO: i32 = 21;
/** The conditional latent-variable EBM (energies/latent.ts): a learnable model block of this kind. */
export const KIND_LATENT: i32 = 22;
export const KIND_DAE: i32 = 24; // the denoising autoencoder block, F = ‖y − r(y)‖² (energies/dae.ts)
/** An RBM's free energy: the RBM block (energies/rbm.ts) is itself a descriptor of this kind. */
export const KIND_RBM: i32 = 30;
/** AIS's geometric path from a Gaussian base to another energy (samplers/ais.ts). */
export const KIND_AIS_PATH: i32 = 31;

@inline export function descKind(d: usize): i32 { return load<i32>(d, DESC_KIND); }
@inline export function descDim(d: usize): i32 { return load<i32>(d, DESC_DIM); }
@inline export function descP0(d: usize): usize { return <usize>load<u32>(d, DESC_P); }
@inline export function descP1(d: usize): usize { return <usize>load<u32>(d, DESC_P + 4); }
@inline export function descP2(d: usize): usize { return <usize>load<u32>(d, DESC_P + 8); }
@inline export function descP3(d: usize): usize { return <usize>load<u32>(d, DESC_P + 12); }
@inline export function descI0(d: usize): i32 { return load<i32>(d, DESC_I); }
@inline export function descI1(d: usize): i32 { return load<i32>(d, DESC_I + 4); }
@inline export function descF0(d: usize): f64 { return load<f64>(d, DESC_F); }
@inline export function descF1(d: usize): f64 { return load<f64>(d, DESC_F + 8); }
@inline export function descF2(d: usize): f64 { return load<f64>(d, DESC_F + 16); }
@inline export function descF3(d: usize): f64 { return load<f64>(d, DESC_F + 24); }
