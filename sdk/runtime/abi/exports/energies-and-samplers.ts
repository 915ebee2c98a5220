// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "energies and samplers" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * energies and samplers
 * Energy descriptor (DESC_BYTES = 96, see energies/descriptor.ts): kind i32, dim i32,
 * p0..p3 u32 pointers, i0, i1 i32, f0..f3 f64. Kinds (KIND_*): 1 gaussian, 2 mixture,
 * 3 doubleWell, 4 banana, 5 funnel, 6 ring, 7 Ising, 10 k-means F_β, 11 sparse coding F∞, 12 PCA,
 * 13 Gaussian mixture F_β, 15 host (JS), 20 MLP, 21 GLO F∞, 22 latent-variable EBM, 23 denoising autoencoder, 30 RBM free energy,
 * 31 an AIS path between a Gaussian base and another energy.
 * Sampler state: one relocatable block, a common header and the kind's section
 * (samplers/state.ts); kinds SAMPLER_* in samplers/kinds.ts.
 */
export interface EnergiesAndSamplersExports {
  /**
   * energyEval(desc, Y n×dim, n, E f32[n]|0, G n×dim|0): F and ∇_y F of every row
   *
   * F(y) and ∇_y F(y) for the n rows of Y (n×dim f32, dim from the descriptor).
   * E f32[n] and G n×dim may each be 0 (not wanted). Nothing else is written
   * except the energy's own scratch. Unknown kinds abort (E_BAD_ARGUMENT, detail = kind).
   * (assembly/energies/dispatch.ts: energyEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void)
   */
  energyEval(desc: number, Y: number, n: number, E: number, G: number): void;
  /**
   * spdInverse(out f32 D×D, A f64 D×D, D) → log det A, or NaN if A is not positive definite
   *
   * A is D×D row-major f64 (only the lower triangle is read). Writes A⁻¹ as f32
   * to `out` (D×D row-major) and returns log det A, or NaN when A is not
   * positive definite (then `out` is unspecified). `out` may not alias A.
   * (assembly/core/cholesky.ts: spdInverse(out: usize, A: usize, D: i32): f64)
   */
  spdInverse(out: number, A: number, D: number): number;
  /**
   * symEigen(vals f64[D] desc, V f64 D×D rows = eigenvectors, A f64 D×D destroyed, D) → sweeps, −1 if not converged
   *
   * A is D×D row-major f64, symmetric (the upper triangle is read; A is
   * destroyed). Writes the eigenvalues to vals f64[D] in descending order and
   * the matching unit eigenvectors as the ROWS of V (D×D f64), each signed so
   * that its entry of largest magnitude (the first of equals) is positive.
   * Returns the number of sweeps, or −1 if 60 sweeps did not bring the
   * off-diagonal mass to round-off (results are still written).
   * (assembly/core/eigen.ts: symEigen(vals: usize, V: usize, A: usize, D: i32): i32)
   */
  symEigen(vals: number, V: number, A: number, D: number): number;
  /**
   * pcaFit(mean f32[d], comps f32[q×d], variances f64[d], X n×d, n ≥ 2, d, q) → Jacobi sweeps, −1 if not converged
   *
   * X n×d f32 (n ≥ 2). Writes mean f32[d], the q leading principal axes as the
   * rows of comps f32[q×d] (unit length, largest-magnitude entry positive) and
   * every eigenvalue of the covariance Σ(x−μ)(x−μ)ᵀ/(n−1), descending, to
   * variances f64[d]. Sums run in f64 in row order. Returns the Jacobi sweeps
   * (−1: not converged, results still written).
   * (assembly/train/pca.ts: pcaFit(mean: usize, comps: usize, variances: usize, X: usize, n: i32, d: i32, q: i32): i32)
   */
  pcaFit(mean: number, comps: number, variances: number, X: number, n: number, d: number, q: number): number;
  /**
   * pcaTransform(out n×q f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q)
   *
   * out n×q f32: the codes U(y − μ) of the rows of Y (n×d).
   * (assembly/energies/pca.ts: pcaTransform(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaTransform(out: number, Y: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * pcaInverse(out n×d f32, Z n×q, n, d, mean f32[d], comps f32[q×d], q)
   *
   * out n×d f32: μ + Uᵀz for the rows of Z (n×q).
   * (assembly/energies/pca.ts: pcaInverse(out: usize, Z: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaInverse(out: number, Z: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * pcaProject(out n×d f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q): closest points of the subspace
   *
   * out n×d f32: the closest point of the subspace, μ + UᵀU(y − μ) = y − r, computed in f64.
   * (assembly/energies/pca.ts: pcaProject(out: usize, Y: usize, n: i32, d: i32, mean: usize, comps: usize, q: i32): void)
   */
  pcaProject(out: number, Y: number, n: number, d: number, mean: number, comps: number, q: number): void;
  /**
   * gmmPartOffset(k, d, part GMM_*) → byte offset in a mixture's f64 parameter block (GMM_PARTS: its size)
   *
   * Byte offset of a part of the parameter block for k components in d dimensions (part = GMM_PARTS: the block's size).
   * (assembly/energies/gmm.ts: gmmPartOffset(k: i32, d: i32, part: i32): f64)
   */
  gmmPartOffset(k: number, d: number, part: number): number;
  /**
   * gmmPrepare(P, k, d) → −1, or the first component whose covariance is not positive definite
   *
   * From the weights and covariances: L, L⁻¹ and the log normalizers of every
   * component. Returns −1, or the first component whose covariance is not
   * positive definite (the block is then partly updated; callers keep a copy).
   * (assembly/energies/gmm.ts: gmmPrepare(P: usize, k: i32, d: i32): i32)
   */
  gmmPrepare(P: number, k: number, d: number): number;
  /**
   * gmmEStep(resp f64[n×k]|0, logp f64[n]|0, P, X n×d, n, d, k) → Σ log p(x)
   *
   * E-step over X (n×d f32): resp f64[n×k] (may be 0) gets the posteriors
   * p(z | x), logp f64[n] (may be 0) gets log p(x). Returns Σ_i log p(x_i)
   * (log-sum-exp in f64 around the largest term).
   * (assembly/energies/gmm.ts: gmmEStep(resp: usize, logp: usize, P: usize, X: usize, n: i32, d: i32, k: i32): f64)
   */
  gmmEStep(resp: number, logp: number, P: number, X: number, n: number, d: number, k: number): number;
  /**
   * gmmSample(out n×d f32, labels i32[n]|0, P, k, d, n, rng)
   *
   * n exact draws from the mixture: first n·d standard normals (rngNormal), then
   * one uniform per row picks z by the cumulative weights; y = μ_z + L_z ε.
   * out n×d f32, labels i32[n] (may be 0), rng a 32-byte state (advanced).
   * (assembly/energies/gmm.ts: gmmSample(out: usize, labels: usize, P: usize, k: i32, d: i32, n: i32, rng: usize): void)
   */
  gmmSample(out: number, labels: number, P: number, k: number, d: number, n: number, rng: number): void;
  /**
   * gmmMStep(P, X n×d, n, d, k, resp f64[n×k], covType GMM_FULL|DIAG|SPHERICAL, regCovar) → −1 or a singular component
   *
   * M-step: from resp f64[n×k] and X n×d f32, n_z = Σ_i r_iz + 10ε, π_z = n_z/n,
   * μ_z = Σ r_iz x_i / n_z, Σ_z = Σ r_iz (x_i − μ_z)(x_i − μ_z)ᵀ / n_z + regCovar·I,
   * restricted to its diagonal ('diag') or to the mean of that diagonal times I
   * ('spherical'). Sums in f64, row order. Returns gmmPrepare's answer: −1, or
   * the first component whose covariance is not positive definite.
   * (assembly/train/gmm.ts: gmmMStep(P: usize, X: usize, n: i32, d: i32, k: i32, resp: usize, covType: i32, regCovar: f64): i32)
   */
  gmmMStep(P: number, X: number, n: number, d: number, k: number, resp: number, covType: number, regCovar: number): number;
  /**
   * gmmRespFromLabels(resp f64[n×k], labels i32[n], n, k): one-hot responsibilities
   *
   * Hard responsibilities from labels i32[n] (values in [0, k)) into resp f64[n×k]; the start EM takes after k-means.
   * (assembly/train/gmm.ts: gmmRespFromLabels(resp: usize, labels: usize, n: i32, k: i32): void)
   */
  gmmRespFromLabels(resp: number, labels: number, n: number, k: number): void;
  /**
   * samplerStateBytes(kind, chains, dim, param: Gibbs' number of values, else 0) → bytes, 0 if impossible
   *
   * Bytes of a state of `kind` for chains × dim (param: the kind's size parameter, Gibbs' number of
   * values, else 0), or 0 when the kind is unknown, a size is not positive, or the block would not
   * stay well below 2³¹ bytes.
   * (assembly/samplers/run.ts: samplerStateBytes(kind: i32, chains: i32, dim: i32, param: i32): i32)
   */
  samplerStateBytes(kind: number, chains: number, dim: number, param: number): number;
  /**
   * samplerLayout(s, kind, chains, dim, param, seedLo, seedHi, stream, Y0 chains×dim|0)
   *
   * Writes a fresh state of `kind` at s (samplerStateBytes bytes): the common header (RNG keyed by
   * (seedLo, seedHi, stream) at counter 0, step 0.1, β 1, no adaptation), the kind's layout and
   * defaults, positions copied from Y0 (chains×dim; 0: left zero, see samplerDefaultPositions).
   * Energies and gradients are not evaluated here (see samplerPrime); a kind's values (Gibbs) are
   * written by the caller.
   * (assembly/samplers/run.ts: samplerLayout(s: usize, kind: i32, chains: i32, dim: i32, param: i32, seedLo: u32, seedHi: u32, stream: u32, Y0: usize): void)
   */
  samplerLayout(s: number, kind: number, chains: number, dim: number, param: number, seedLo: number, seedHi: number, stream: number, Y0: number): void;
  /**
   * samplerDefaultPositions(s, seedLo, seedHi): N(0, 1) draws (Gibbs: uniform over its values), stream 1
   *
   * Default positions of a laid-out and configured state, from stream 1 of (seedLo, seedHi):
   * standard normals, or uniform draws from Gibbs' values.
   * (assembly/samplers/run.ts: samplerDefaultPositions(s: usize, seedLo: u32, seedHi: u32): void)
   */
  samplerDefaultPositions(s: number, seedLo: number, seedHi: number): void;
  /**
   * samplerValidate(s, bytes, chains, dim) → 0 ok, else a SAMPLER_STATE_* code
   *
   * Checks `bytes` at s before anything runs on them: magic, version, kind, shape (chains × dim),
   * the byte size and every array offset against the kind's layout, then the values of the fields.
   * Returns SAMPLER_STATE_OK or the first problem (SAMPLER_STATE_*).
   * (assembly/samplers/run.ts: samplerValidate(s: usize, bytes: i32, chains: i32, dim: i32): i32)
   */
  samplerValidate(s: number, bytes: number, chains: number, dim: number): number;
  /**
   * samplerConfigure(s, stepSize, beta)
   *
   * Sets the step size and β (as the SDK validated them); a kind's own settings live in its section.
   * (assembly/samplers/run.ts: samplerConfigure(s: usize, stepSize: f64, beta: f64): void)
   */
  samplerConfigure(s: number, stepSize: number, beta: number): void;
  /**
   * samplerPrime(s, desc) → first chain with non-finite F/∇F/position, or -1
   *
   * Evaluates F (and ∇F when the kind uses it) at the state's positions. Returns the
   * first chain whose energy, gradient or position is not finite, or −1.
   * (assembly/samplers/run.ts: samplerPrime(s: usize, desc: usize): i32)
   */
  samplerPrime(s: number, desc: number): number;
  /**
   * samplerRun(s, desc, steps, thin, out [draw][chain][dim] f32|0) → draws written
   *
   * Runs `steps` transitions of every chain. When out != 0, after every
   * `thin`-th transition the positions (C×D f32) are appended to out, so out
   * holds floor(steps/thin) draws as [draw][chain][dim]. Returns the number written.
   * (assembly/samplers/run.ts: samplerRun(s: usize, desc: usize, steps: i32, thin: i32, out: usize): i32)
   */
  samplerRun(s: number, desc: number, steps: number, thin: number, out: number): number;
  /**
   * samplerResetCounters(s): accept / non-finite / divergence counters to 0
   *
   * Zeroes the per-chain counters (accepts, non-finite, divergences) and the transition count.
   * (assembly/samplers/run.ts: samplerResetCounters(s: usize): void)
   */
  samplerResetCounters(s: number): void;
  /**
   * samplerSplit(p, s, first, count): part p (samplerStateBytes for count chains) = chains [first, first+count) of s, first % 4 == 0
   *
   * Writes at p the part of the whole state w made of chains [first, first + count); p holds
   * samplerStateBytes(kind, count, dim, param) bytes.
   * (assembly/samplers/parallel.ts: samplerSplit(p: usize, w: usize, first: i32, count: i32): void)
   */
  samplerSplit(p: number, w: number, first: number, count: number): void;
  /**
   * samplerJoin(s, p, first): part p back into s, parts in chain order (the last sets the mean acceptance over all chains)
   *
   * Writes the part p (chains [first, …) of w) back into the whole state w: its rows, and the
   * header it advanced (iteration, counters, RNG counter, last step). Parts are joined in chain
   * order; the first (first = 0) sets the transition's divergences, the others add theirs, and the
   * last one (reaching the last chain) sets the mean acceptance over all chains in chain order,
   * as one thread sums it.
   * (assembly/samplers/parallel.ts: samplerJoin(w: usize, p: usize, first: i32): void)
   */
  samplerJoin(w: number, p: number, first: number): void;
  /**
   * samplerRunPart(p, desc, steps, thin, out [draw][count][dim] f32|0, first, total) → draws written; one thread's draws for those chains
   *
   * samplerRun on a part p made by samplerSplit from a whole state of `total` chains, starting
   * at chain `first`: the part's chains get the draws one thread gives them. Refused while a
   * warm-up adapts (the adaptation couples all chains at every transition).
   * (assembly/samplers/parallel.ts: samplerRunPart(p: usize, desc: usize, steps: i32, thin: i32, out: usize, first: i32, total: i32): i32)
   */
  samplerRunPart(p: number, desc: number, steps: number, thin: number, out: number, first: number, total: number): number;
  /**
   * samplerAdapt(s, warmup, flags 1 step|2 mass, targetAccept): start a warm-up at the current iteration
   *
   * Starts a warm-up of `warmup` transitions from the current iteration.
   * flags: 1 = step size (dual averaging to `target`), 2 = diagonal mass (HMC).
   * (assembly/samplers/adapt.ts: samplerAdapt(s: usize, warmup: i32, flags: i32, target: f64): void)
   */
  samplerAdapt(s: number, warmup: number, flags: number, target: number): void;
  /**
   * leapfrogTrajectory(desc, Y C×D inout, P C×D inout, E f32[C] out, C, D, eps, L, invMass f64[D]|0, beta)
   *
   * Exported for tests and users: L leapfrog steps from (Y, P) in place
   * (C×D f32, row-major), with the gradient at the start evaluated first.
   * E f32[C] receives F at the end point. invMass f64[D] or 0.
   * (assembly/samplers/leapfrog.ts: leapfrogTrajectory(desc: usize, Y: usize, P: usize, E: usize, C: i32, D: i32, eps: f64, L: i32, invMass: usize, beta: f64): void)
   */
  leapfrogTrajectory(desc: number, Y: number, P: number, E: number, C: number, D: number, eps: number, L: number, invMass: number, beta: number): void;
  /**
   * chainDiagnostics(out f64[dim×8], S [draw][chain][dim] f32, draws ≥ 4, chains, dim):
   * per coordinate [bulk ESS, tail ESS, R̂ (rank, split, folded max), MCSE(mean), ESS(mean), sd, mean, 0]
   *
   * Diagnostics of every coordinate of S ([draw][chain][dim] f32, draws ≥ 4).
   * Writes out f64[dim × 8], per coordinate: [bulk ESS, tail ESS, rank-normalized
   * split R̂, MCSE of the mean, ESS of the mean (split, not ranked), standard deviation,
   * mean, 0].
   * With an odd number of draws the middle draw of each chain is left out of the split.
   * (assembly/samplers/diagnostics.ts: chainDiagnostics(out: usize, S: usize, draws: i32, chains: i32, dim: i32): void)
   */
  chainDiagnostics(out: number, S: number, draws: number, chains: number, dim: number): void;
}

/** The number of parameters of each export above. */
export const energiesAndSamplersArity = {
  energyEval: 5,
  spdInverse: 3,
  symEigen: 4,
  pcaFit: 7,
  pcaTransform: 7,
  pcaInverse: 7,
  pcaProject: 7,
  gmmPartOffset: 3,
  gmmPrepare: 3,
  gmmEStep: 7,
  gmmSample: 7,
  gmmMStep: 8,
  gmmRespFromLabels: 4,
  samplerStateBytes: 4,
  samplerLayout: 9,
  samplerDefaultPositions: 3,
  samplerValidate: 4,
  samplerConfigure: 3,
  samplerPrime: 2,
  samplerRun: 5,
  samplerResetCounters: 1,
  samplerSplit: 4,
  samplerJoin: 3,
  samplerRunPart: 7,
  samplerAdapt: 4,
  leapfrogTrajectory: 10,
  chainDiagnostics: 5,
} as const;

/** The exports above whose result is a usize or u32. */
export const energiesAndSamplersUnsigned = [] as const;
