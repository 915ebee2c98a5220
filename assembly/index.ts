// The whole ABI of build/ebm.wasm. Pointers are byte offsets into the one
// exported memory, 16-byte aligned when they come from `alloc`; sizes are
// element counts; matrices are row-major f32 unless said otherwise.
// scripts/gen-abi.mjs turns this file (a `// ----` block starts a section, the
// comment lines right above an export are its doc) and the numeric
// `export const`s of assembly/ into sdk/runtime/abi.ts and its parts in abi/.

// ---- memory and errors

// alloc(bytes) → ptr (16-aligned, zeroed)
export { alloc } from "./core/memory";
// free(ptr): give back a block from alloc
export { free } from "./core/memory";
// firstNonFinite(ptr f32[n], n) → index of the first NaN/±Inf, or -1
export { firstNonFinite } from "./core/memory";
// errorCode() → the E_* code of the last abort (core/errors.ts)
export { errorCode } from "./core/errors";
// errorDetail() → which argument or where, for the last abort
export { errorDetail } from "./core/errors";
// clearError(): code and detail back to 0
export { clearError } from "./core/errors";

// ---- RNG (Philox4x32-10)
// A state is RNG_STATE_BYTES (32 B): key, stream, counter (layout in core/rng.ts).

// philox4x32(out u32[4], c0..c3, k0, k1): one raw block (test vectors)
export { philox4x32 } from "./core/rng";
// rngInit(state 32 B, seedLo, seedHi, stream) → state with counter 0
export { rngInit } from "./core/rng";
// rngU32(out u32[n], n, state): fill, advance state by ceil(n/4) blocks
export { rngU32 } from "./core/rng";
// rngUniform(out f32[n], n, state): fill with [0, 1), advance state by ceil(n/4) blocks
export { rngUniform } from "./core/rng";
// rngNormal(out f32[n], n, state): fill with N(0, 1), advance state by ceil(n/4) blocks
export { rngNormal } from "./core/rng";
// rngNormalFast(out f32[n], n, state): f32 SIMD Box–Muller for samplers (|z| ≤ 5.9), same block use as rngNormal
export { rngNormalFast } from "./core/rng";

// ---- SIMD primitives
// Twins in bench/baselines/primitives.ts.

// dot(a f32[n], b f32[n], n) → f32
export { dot } from "./core/dot";
// axpy(y f32[n], alpha, x f32[n], n): y += alpha·x
export { axpy } from "./core/axpy";
// gemv(y f32[m], A m×n, x f32[n], m, n): y = A·x
export { gemv } from "./core/gemv";
// gemm(C m×n, A m×k, B k×n, m, k, n): C = A·B
export { gemm } from "./core/gemm";
// sqdist(out n×k, X n×d, n, d, C k×d, k): squared distances
export { sqdist } from "./core/sqdist";
// logsumexpRows(out f32[rows], A rows×cols, rows, cols)
export { logsumexpRows } from "./core/logsumexp";

// ---- K-means energy queries

// kmeansEnergy(energy f32[n]|0, labels i32[n]|0, Y n×d, n, d, C k×d, k)
export { kmeansEnergy } from "./energies/kmeans";
// kmeansFreeEnergy(out f32[n], Y n×d, n, d, C k×d, k, beta f64)
export { kmeansFreeEnergy } from "./energies/kmeans";
// gatherRows(out n×d, C k×d, d, labels i32[n], n)
export { gatherRows } from "./energies/kmeans";
// kmeansComplete(out n×d, labels i32[n]|0, Y n×d, n, d, C k×d, k, mask u8[d])
export { kmeansComplete } from "./energies/kmeans";
// gridPoints(out f32[nx·ny·2], xMin, xMax, yMin, yMax f64, nx, ny)
export { gridPoints } from "./energies/kmeans";

// ---- K-means training
// stats f64[4]: [inertia, Σ squared centre shift, centres re-seeded, labels changed].

// kmeansPlusPlus(C k×d, X n×d, n, d, k, trials, rng)
export { kmeansPlusPlus } from "./train/kmeans";
// kmeansAssign(X, n, d, C, k, labels i32[n], mind f32[n], stats f64[4]) → inertia
export { kmeansAssign } from "./train/kmeans";
// kmeansLloydStep(C k×d in/out, X, n, d, k, labels i32[n], mind f32[n], stats f64[4]) → inertia
export { kmeansLloydStep } from "./train/kmeans";
// kmeansOnlineEpoch(C, X, n, d, k, batchSize, lr, perm i32[n], rng, labels, mind, stats f64[4]) → inertia
export { kmeansOnlineEpoch } from "./train/kmeans";

// ---- K-means training in slices (the same bits as the one-piece kernels above)
// W: work block of kmeansWorkBytes(k, d) bytes (KW_* header). S: seeding state block.

// kmeansWorkBytes(k, d) → f64 bytes of a work block
export { kmeansWorkBytes } from "./train/kmeansSlices";
// kmeansAssignSlice(W, X, i0, i1, d, C, k, labels i32[n], mind f32[n], accumulate) → running inertia (i0 = 0 starts a pass)
export { kmeansAssignSlice } from "./train/kmeansSlices";
// kmeansPartialBytes(k, d) → f64 bytes of one row block's partial (a work block's header, sums and counts)
export { kmeansPartialBytes } from "./train/kmeansSlices";
// kmeansReducePartials(dst, src, k, d): dst += src (inertia, changed, sums, counts)
export { kmeansReducePartials } from "./train/kmeansSlices";
// kmeansTreeBytes(k, d, blocks) → f64 bytes of a tree block T (a pass's partials in the fixed tree)
export { kmeansTreeBytes } from "./train/kmeansSlices";
// kmeansTreeSlot(T, k, d) → where the next block's partial goes
export { kmeansTreeSlot } from "./train/kmeansSlices";
// kmeansTreePush(T, k, d): adds that partial (blocks in order)
export { kmeansTreePush } from "./train/kmeansSlices";
// kmeansTreeFinish(T, W, k, d) → inertia: the root into the work block W
export { kmeansTreeFinish } from "./train/kmeansSlices";
// kmeansHasEmpty(W, k, d) → 1 when a cluster's count is 0
export { kmeansHasEmpty } from "./train/kmeansSlices";
// kmeansLloydFinish(W, C k×d in/out, X, n, d, k, labels, mind, stats f64[4]) → inertia
export { kmeansLloydFinish } from "./train/kmeansSlices";
// kmeansOnlineBegin(W, C, k, d, n, perm i32[n], rng): keep C, shuffle perm
export { kmeansOnlineBegin } from "./train/kmeansSlices";
// kmeansOnlineBatches(W, C in/out, X, start, end, n, d, k, batchSize, lr, perm): the batches starting in [start, end)
export { kmeansOnlineBatches } from "./train/kmeansSlices";
// kmeansOnlineReseed(W, C in/out, X, n, d, k, labels, mind) → prototypes re-seeded
export { kmeansOnlineReseed } from "./train/kmeansSlices";
// kmeansOnlineFinish(W, C, k, d, stats f64[4]) → inertia
export { kmeansOnlineFinish } from "./train/kmeansSlices";
// columnVarianceSlice(acc f64[3·d] zeroed, X n×d, n, d, i0, i1, pass 0 | 1): rows i0 … i1 − 1 of one pass
export { columnVarianceSlice } from "./train/kmeansSlices";
// columnVarianceMean(acc f64[3·d], n, d) → f64: meanColumnVariance(X) after both passes over all rows
export { columnVarianceMean } from "./train/kmeansSlices";
// kmeansSeedStateBytes(k, trials) → f64 bytes of a seeding state block
export { kmeansSeedStateBytes } from "./train/kmeansSeed";
// kmeansSeedBegin(S, C k×d, X n×d, n, d, k, trials, rng, closest f32[n], cand f32[trials·n], cum f64[n])
export { kmeansSeedBegin } from "./train/kmeansSeed";
// kmeansSeedStep(S, work f64) → 1 when all k centres are chosen
export { kmeansSeedStep } from "./train/kmeansSeed";
// kmeansSeedUniform(S, c, t) → f64: the uniform drawn for candidate t of centre c (after kmeansSeedBegin)
export { kmeansSeedUniform } from "./train/kmeansSeed";
// kmeansSeedRows(X rows×d, rows, d, Y m×d, m, closest f32[rows], cand f32[m·rows]): m = 0 closest = D² to Y; else each candidate's min
export { kmeansSeedRows } from "./train/kmeansSeedRows";
// kmeansSeedSum(v f32[rows], rows, acc f64) → f64: acc plus v in row order
export { kmeansSeedSum } from "./train/kmeansSeedRows";
// kmeansSeedFind(v f32[rows], rows, acc f64, targets f64[m] ascending, m, out i32[m]): each target's first row whose running sum exceeds it, or −1
export { kmeansSeedFind } from "./train/kmeansSeedRows";

// ---- sparse coding (energies/sparse.ts, train/dictionary.ts)
// W k×d atoms as rows; derived WT d×kp and Gram G k×kp (kp = k rounded up to 4); stats f64[4] (SPARSE_STAT_*, DICT_STAT_*).

// sparsePrepare(WT d×kp, G k×kp, W k×d, k, d, mask u8[d]|0): derived forms, only known coordinates with a mask
export { sparsePrepare } from "./energies/sparse";
// sparseLipschitz(G k×kp, k) → f64 step bound of ISTA/FISTA (largest eigenvalue of G)
export { sparseLipschitz } from "./energies/sparse";
// sparseEncode(Z n×k, Y n×d, n, d, WT, G, k, lambda, algorithm SPARSE_*, maxIter, tol f64, warm 0|1, stats|0) → Σ objective
export { sparseEncode } from "./energies/sparse";
// sparseDecode(out n×d, Z n×k, n, W k×d, k, d): out = Z·W
export { sparseDecode } from "./energies/sparse";
// sparseEnergy(E f32[n]|0, R n×d|0, Y n×d, n, d, W k×d, k, Z n×k, lambda) → Σ E in f64; R = y − Wᵀz
export { sparseEnergy } from "./energies/sparse";
// sparseMerge(out n×d, Y n×d, n, d, mask u8[d]): known coordinates copied from Y
export { sparseMerge } from "./energies/sparse";
// dictionaryInit(W k×d, X n×d, n, d, k, perm i32[n]): unit-norm rows perm[0..] (zero rows skipped)
export { dictionaryInit } from "./train/dictionary";
// dictionaryEpoch(W, Z n×k, E f32[n], X, n, d, k, lambda, maxIter, tol, warm, WT, G, A f64 k×k, B f64 d×k, stats) → objective
export { dictionaryEpoch } from "./train/dictionary";
// dictionaryBlockRows(n) → rows per block of an alternating epoch (a function of n only)
export { dictionaryBlockRows } from "./train/dictionary";
// dictionaryPartialBytes(d, k) → f64 bytes of a block's partial sums (objective, unconverged, A k×k, B d×k in f64)
export { dictionaryPartialBytes } from "./train/dictionary";
// dictionaryBlock(P, Z rows×k, E f32[rows], X rows×d, rows, d, k, lambda, maxIter, tol, warm, W, WT, G) → the block's objective
export { dictionaryBlock } from "./train/dictionary";
// dictionaryTreeBytes(d, k, blocks) → f64 bytes of a tree block for an epoch's partials
export { dictionaryTreeBytes } from "./train/dictionary";
// dictionaryTreeClear(T): empties a tree block
export { dictionaryTreeClear } from "./train/dictionary";
// dictionaryTreeSlot(T, d, k) → where the next block's partial goes
export { dictionaryTreeSlot } from "./train/dictionary";
// dictionaryTreePush(T, d, k): adds the next block's partial in the fixed tree
export { dictionaryTreePush } from "./train/dictionary";
// dictionaryTreeFinish(T, A f64 k×k, B f64 d×k, d, k, stats) → objective (the root's sums into A, B, stats)
export { dictionaryTreeFinish } from "./train/dictionary";
// dictionaryUpdate(W, A, B, X n×d, E f32[n], n, d, k, stats) → atoms re-seeded (one block pass over the atoms)
export { dictionaryUpdate } from "./train/dictionary";
// dictionaryOnlineEpoch(W, X, n, d, k, lambda, batchSize, step, maxIter, tol, A, B, perm i32[n], rng, WT, G, Zb, Eb, stats) → objective
export { dictionaryOnlineEpoch } from "./train/dictionary";

// ---- toy 2-D data sets
// One Philox block per point; the state is advanced by n blocks. out n×2 f32,
// labels i32[n] or 0, state 32 B.

// toySpiral(out, n, turns, noise, state)
export { toySpiral } from "./datasets/toys";
// toyMoons(out, labels, n, noise, state)
export { toyMoons } from "./datasets/toys";
// toyCircles(out, labels, n, factor, noise, state)
export { toyCircles } from "./datasets/toys";
// toyEightGaussians(out, labels, n, radius, std, state)
export { toyEightGaussians } from "./datasets/toys";
// toyCheckerboard(out, labels, n, squareSize, state)
export { toyCheckerboard } from "./datasets/toys";
// toyPinwheel(out, labels, n, arms, radialStd, tangentialStd, rate, state)
export { toyPinwheel } from "./datasets/toys";
// toySwissRoll(out, n, noise, state)
export { toySwissRoll } from "./datasets/toys";
// toyHorn(X f32[n], Y n×2, n, noise, rng): x on [0, 1], y on an ellipse that changes with x
export { toyHorn } from "./datasets/toys";
// eightGaussiansLogDensity(out f32[n], Y n×2, n, radius, std f64): exact mixture log-density
export { eightGaussiansLogDensity } from "./datasets/toys";

// ---- statistics and the peak probe

// meanColumnVariance(X n×d, n, d) → f64: mean over columns of each column's variance
export { meanColumnVariance } from "./core/stats";
// peakProbe(iterations) → f32: 96 flops per iteration of independent f32x4 mul+add chains (benchmarks)
export { peakProbe } from "./core/peak";

// ---- MLP energy, optimizers, model files
// An MLP net is a block from mlpCreate; act is an ACT_* code (energies/activations.ts).

// mlpCreate(sizes i32[L+1], L, inputDim, condDim, act, outputScale, quadratic) → net
export { mlpCreate } from "./energies/mlp";
// mlpDestroy(net)
export { mlpDestroy } from "./energies/mlp";
// mlpParams(net) → θ f32[P], the parameters in place
export { mlpParams } from "./energies/mlp";
// mlpNumParams(net) → P
export { mlpNumParams } from "./energies/mlp";
// mlpSync(net): after θ changed
export { mlpSync } from "./energies/mlp";
// mlpInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
export { mlpInitUniform } from "./energies/mlp";
// mlpEnergy(net, E f32[n], Y n×D, X n×C|0, n)
export { mlpEnergy } from "./energies/mlp";
// mlpEnergyGrad(net, E f32[n]|0, Gy n×D, Y, X, n)
export { mlpEnergyGrad } from "./energies/mlp";
// mlpParamGrad(net, out f32[P], w f32[n], Y, X, n, accumulate, E|0): Σ w_r ∂F_r/∂θ
export { mlpParamGrad } from "./energies/mlp";
// mlpSetCondition(net, X rows×C|0): the x rows the energy dispatcher uses for a conditional net
export { mlpSetCondition } from "./energies/mlp";
// mlpSetConditionRow(net, x f32[C]): one x for every row
export { mlpSetConditionRow } from "./energies/mlp";
// A network is a block from networkCreate (energies/network.ts): sizes [in, hidden…, out], act an ACT_* code.
// networkCreate(sizes i32[L+1], L, act, extra): θ has `extra` trailing f32 for the model → net
export { networkCreate } from "./energies/network";
// networkDestroy(net)
export { networkDestroy } from "./energies/network";
// networkParams(net) → θ f32[P] in PyTorch nn.Linear layout, in place
export { networkParams } from "./energies/network";
// networkNumParams(net) → P
export { networkNumParams } from "./energies/network";
// networkSync(net): after θ changed
export { networkSync } from "./energies/network";
// networkInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
export { networkInitUniform } from "./energies/network";
// networkForward(net, Out n×out, X n×in, n)
export { networkForward } from "./energies/network";
// networkBackward(net, GX n×in|0, GP f32[P]|0, Out n×out|0, X n×in, GOut n×out, n, accumulate): dL/dX and Σ dL/dθ from dL/dOut
export { networkBackward } from "./energies/network";
// A GLO model is a block from gloCreate (energies/glo.ts), itself a descriptor of KIND_GLO.
// gloCreate(sizes i32[L+1] = [d, hidden…, D], L, act) → glo
export { gloCreate } from "./energies/glo";
// gloDestroy(glo)
export { gloDestroy } from "./energies/glo";
// gloNetwork(glo) → the decoder network (its θ through networkParams)
export { gloNetwork } from "./energies/glo";
// gloSetCodes(glo, N) → codes N×d (zero, with zero optimizer state; replaces any codes)
export { gloSetCodes } from "./energies/glo";
// gloCodeState(glo, which 0 codes|1 m|2 v|3 steps f32[N]) → pointer, 0 without codes
export { gloCodeState } from "./energies/glo";
// gloProjectCodes(glo, scale): every code times scale, then onto the unit ball
export { gloProjectCodes } from "./energies/glo";
// gloSetInference(glo, starts, steps, stepSize): settings of energy, grad and paramGrad
export { gloSetInference } from "./energies/glo";
// gloCodeRowFloats(glo) → floats of one row's code state (z, m, v: d each, then steps)
export { gloCodeRowFloats } from "./energies/glo";
// gloGatherCodes(glo, S n×gloCodeRowFloats, idx i32[n], n): the code state of rows idx into S
export { gloGatherCodes } from "./energies/glo";
// gloScatterCodes(glo, S, idx i32[n], n): S back into the code state of rows idx
export { gloScatterCodes } from "./energies/glo";
// gloTrainBlocks(glo, Y N×D, N, idx i32[n], n, S code state (in place), grads f32[blocks×P], losses f64[2·blocks], codeKind, lr, momentum, beta1, beta2, eps)
export { gloTrainBlocks } from "./energies/glo";
// gloDecode(glo, Out n×D, Z n×d, n)
export { gloDecode } from "./energies/glo";
// gloEncode(glo, Z n×d, E f32[n]|0, Y n×D, n, starts, steps, stepSize): z* and F∞ by projected descent
export { gloEncode } from "./energies/glo";
// gloSample(glo, Out n×D, Z n×d normals in, samples' codes out, n)
export { gloSample } from "./energies/glo";
// A masked autoencoder is a block from maeCreate (energies/mae.ts), a learnable model of KIND_MAE over L positions, V tokens.
// maeCreate(L, V, H, act) → model (network [L·(V+1), H, L·V])
export { maeCreate } from "./energies/mae";
// maeDestroy(model)
export { maeDestroy } from "./energies/mae";
// maeNetwork(model) → its network (θ through networkParams)
export { maeNetwork } from "./energies/mae";
// maeTrainBlocks(model, T N×L, N, idx i32[n], n, grads f32[blocks×P], losses f64[2·blocks], seedLo, seedHi, epoch, pos0, rate, pMask, pRandom)
export { maeTrainBlocks } from "./energies/mae";
// maeConditionals(model, Out n×L×V, T n×L, M n×L 1 = hidden, n): softmax per position
export { maeConditionals } from "./energies/mae";
// maePseudoLL(model, E f32[n]|0, T n×L, n, G f32[P]|0, w f32[n]|0, accumulate): −Σ_j log p(t_j | t_−j) and its weighted θ-gradient
export { maePseudoLL } from "./energies/mae";
// maeGibbs(model, T n×L in place, n, sweeps, sweep0, row0, start, seedLo, seedHi): Gibbs sweeps over positions
export { maeGibbs } from "./energies/mae";
// A latent EBM is a block from latentCreate (energies/latent.ts): E(x, y, z) = ‖y − Dec([x, z])‖².
// latentCreate(sizes i32[L+1] = [C + e, hidden…, D], L, act, C, kind, K, bound, perAxis) → model
export { latentCreate } from "./energies/latent";
// latentDestroy(model)
export { latentDestroy } from "./energies/latent";
// latentNetwork(model) → the decoder network (θ's first part; discrete embeddings K×e follow it)
export { latentNetwork } from "./energies/latent";
// latentSetInference(model, starts, steps, stepSize): continuous z's descent
export { latentSetInference } from "./energies/latent";
// latentSetSize(model) → candidates per row (K, or grid points)
export { latentSetSize } from "./energies/latent";
// latentFree(model, E f32[n], Z n×e|0, X n×C, Y n×D, n, beta ≤ 0 for F∞): free energies and minimising z
export { latentFree } from "./energies/latent";
// latentParamGrad(model, out f32[P], w f32[n]|0, scale, X, Y, n, beta, accumulate, E|0) → Σ F (f64)
export { latentParamGrad } from "./energies/latent";
// latentGradY(model, G n×D, E f32[n]|0, X, Y, n, beta): ∇_y F
export { latentGradY } from "./energies/latent";
// latentTrainBatch(model, X N×C, Y N×D, idx i32[B], B, gradOut f32[P], beta) → Σ F over the batch (f64)
export { latentTrainBatch } from "./energies/latent";
// latentPredict(model, Out (n·count)×D, X n×C, n, count): Dec(x, z) over the latent set
export { latentPredict } from "./energies/latent";
// distinctMinima(Y n·S×D, E f32[n·S], n, S, D, tol, order i32[n·S], count i32[n])
export { distinctMinima } from "./energies/mlp";
// activationEval(out f32[n], x f32[n], n, act, derivative 0|1): the activation formulas (tests)
export { activationEval } from "./energies/activations";
// sumSquaresF64(g f32[n], n) → f64
export { sumSquaresF64 } from "./train/optim";
// sgdStep(θ, g, buf, n, lr, μ, nesterov, wd, clip, first)
export { sgdStep } from "./train/optim";
// adamStep(θ, g, m, v, n, lr, β1, β2, ε, wd, decoupled, t, clip)
export { adamStep } from "./train/optim";
// crc32(bytes u8[n], n) → u32 (model files)
export { crc32 } from "./core/crc32";

// ---- energies and samplers
// Energy descriptor (DESC_BYTES = 96, see energies/descriptor.ts): kind i32, dim i32,
// p0..p3 u32 pointers, i0, i1 i32, f0..f3 f64. Kinds (KIND_*): 1 gaussian, 2 mixture,
// 3 doubleWell, 4 banana, 5 funnel, 6 ring, 7 Ising, 10 k-means F_β, 11 sparse coding F∞, 12 PCA,
// 13 Gaussian mixture F_β, 15 host (JS), 20 MLP, 21 GLO F∞, 22 latent-variable EBM, 23 denoising autoencoder, 30 RBM free energy,
// 31 an AIS path between a Gaussian base and another energy.
// Sampler state: one relocatable block, a common header and the kind's section
// (samplers/state.ts); kinds SAMPLER_* in samplers/kinds.ts.

// energyEval(desc, Y n×dim, n, E f32[n]|0, G n×dim|0): F and ∇_y F of every row
export { energyEval } from "./energies/dispatch";
// spdInverse(out f32 D×D, A f64 D×D, D) → log det A, or NaN if A is not positive definite
export { spdInverse } from "./core/cholesky";
// symEigen(vals f64[D] desc, V f64 D×D rows = eigenvectors, A f64 D×D destroyed, D) → sweeps, −1 if not converged
export { symEigen } from "./core/eigen";
// pcaFit(mean f32[d], comps f32[q×d], variances f64[d], X n×d, n ≥ 2, d, q) → Jacobi sweeps, −1 if not converged
export { pcaFit } from "./train/pca";
// pcaTransform(out n×q f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q)
export { pcaTransform } from "./energies/pca";
// pcaInverse(out n×d f32, Z n×q, n, d, mean f32[d], comps f32[q×d], q)
export { pcaInverse } from "./energies/pca";
// pcaProject(out n×d f32, Y n×d, n, d, mean f32[d], comps f32[q×d], q): closest points of the subspace
export { pcaProject } from "./energies/pca";
// gmmPartOffset(k, d, part GMM_*) → byte offset in a mixture's f64 parameter block (GMM_PARTS: its size)
export { gmmPartOffset } from "./energies/gmm";
// gmmPrepare(P, k, d) → −1, or the first component whose covariance is not positive definite
export { gmmPrepare } from "./energies/gmm";
// gmmEStep(resp f64[n×k]|0, logp f64[n]|0, P, X n×d, n, d, k) → Σ log p(x)
export { gmmEStep } from "./energies/gmm";
// gmmSample(out n×d f32, labels i32[n]|0, P, k, d, n, rng)
export { gmmSample } from "./energies/gmm";
// gmmMStep(P, X n×d, n, d, k, resp f64[n×k], covType GMM_FULL|DIAG|SPHERICAL, regCovar) → −1 or a singular component
export { gmmMStep } from "./train/gmm";
// gmmRespFromLabels(resp f64[n×k], labels i32[n], n, k): one-hot responsibilities
export { gmmRespFromLabels } from "./train/gmm";
// samplerStateBytes(kind, chains, dim, param: Gibbs' number of values, else 0) → bytes, 0 if impossible
export { samplerStateBytes } from "./samplers/run";
// samplerLayout(s, kind, chains, dim, param, seedLo, seedHi, stream, Y0 chains×dim|0)
export { samplerLayout } from "./samplers/run";
// samplerDefaultPositions(s, seedLo, seedHi): N(0, 1) draws (Gibbs: uniform over its values), stream 1
export { samplerDefaultPositions } from "./samplers/run";
// samplerValidate(s, bytes, chains, dim) → 0 ok, else a SAMPLER_STATE_* code
export { samplerValidate } from "./samplers/run";
// samplerConfigure(s, stepSize, beta)
export { samplerConfigure } from "./samplers/run";
// samplerPrime(s, desc) → first chain with non-finite F/∇F/position, or -1
export { samplerPrime } from "./samplers/run";
// samplerRun(s, desc, steps, thin, out [draw][chain][dim] f32|0) → draws written
export { samplerRun } from "./samplers/run";
// samplerResetCounters(s): accept / non-finite / divergence counters to 0
export { samplerResetCounters } from "./samplers/run";
// samplerSplit(p, s, first, count): part p (samplerStateBytes for count chains) = chains [first, first+count) of s, first % 4 == 0
export { samplerSplit } from "./samplers/parallel";
// samplerJoin(s, p, first): part p back into s, parts in chain order (the last sets the mean acceptance over all chains)
export { samplerJoin } from "./samplers/parallel";
// samplerRunPart(p, desc, steps, thin, out [draw][count][dim] f32|0, first, total) → draws written; one thread's draws for those chains
export { samplerRunPart } from "./samplers/parallel";
// samplerAdapt(s, warmup, flags 1 step|2 mass, targetAccept): start a warm-up at the current iteration
export { samplerAdapt } from "./samplers/adapt";
// leapfrogTrajectory(desc, Y C×D inout, P C×D inout, E f32[C] out, C, D, eps, L, invMass f64[D]|0, beta)
export { leapfrogTrajectory } from "./samplers/leapfrog";
// chainDiagnostics(out f64[dim×8], S [draw][chain][dim] f32, draws ≥ 4, chains, dim):
// per coordinate [bulk ESS, tail ESS, R̂ (rank, split, folded max), MCSE(mean), ESS(mean), sd, mean, 0]
export { chainDiagnostics } from "./samplers/diagnostics";

// ---- contrastive training, exact likelihood, MMD
// A trainer block is TRAINER_BYTES, layout T_* in train/contrastive.ts; losses are LOSS_* (train/losses.ts).

// contrastiveLoss(kind, E⁺ f32[B], E⁻ f32[B], B, margin, gamma, alpha, wp f32[B], wn f32[B]) → mean loss
export { contrastiveLoss } from "./train/losses";
// trainerBytes() → bytes of a trainer block
export { trainerBytes } from "./train/contrastive";
// minibatchReduce(grads f32[blocks×np], blocks, np, levels i32[blocks]|0, scale): the partials' fixed tree sum (GLO, DAE, MAE fits; levels: aligned pieces a worker summed), times scale, into the first np
export { minibatchReduce } from "./train/minibatch";
// contrastiveStep(trainer, P B×D, stats f64[6])
export { contrastiveStep } from "./train/contrastive";
// contrastiveNegatives(t, P B×D, stats f64[6]): the negatives' starts (and descent), then contrastiveBlocks of every block, then contrastiveFinish
export { contrastiveNegatives } from "./train/contrastive";
// contrastiveBlocks(net, s|0, N|0, steps, P count×D, PX|0, first, count, total, loss, margin, gamma, alpha, grads f32[blocks×np], E⁺ f32[count], E⁻ f32[count]) → 1 when the priming met a non-finite negative
export { contrastiveBlocks } from "./train/contrastive";
// contrastiveFinish(t, P B×D, stats f64[6]): the rest of a step after contrastiveNegatives and the blocks
export { contrastiveFinish } from "./train/contrastive";
// gatherBatch(P B×D, X n×D, D, perm i32[n], start, B)
export { gatherBatch } from "./train/contrastive";
// shuffleOrder(trainer, perm i32[n], n)
export { shuffleOrder } from "./train/contrastive";
// shufflePerm(perm i32[n], n, rng): Fisher–Yates from a 32-byte RNG state
export { shufflePerm } from "./train/contrastive";
// gridCentres(out f32[R·R·2], xMin, xMax, yMin, yMax, R)
export { gridCentres } from "./train/gridml";
// gridLogPartition(E f32[m], m, beta, cellArea, P f32[m]|0) → log Z
export { gridLogPartition } from "./train/gridml";
// gridLogLikelihood(desc, Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch f32[3R² + n]) → mean log p
export { gridLogLikelihood } from "./train/gridml";
// gridNllGrad(model, out f32[P], Y n×2, n, xMin, xMax, yMin, yMax, R, beta, scratch gridNllScratchBytes(P)) → NLL, by blocks of GRID_BLOCK
export { gridNllGrad } from "./train/gridml";
// gridNllScratchBytes(P) → bytes of gridNllGrad's scratch
export { gridNllScratchBytes } from "./train/gridml";
// gridBlockGrad(model, G f32[P], stats f64[2], first, count, xMin, xMax, yMin, yMax, R, beta, scratch f32[4·count]): one grid block's partial
export { gridBlockGrad } from "./train/gridml";
// gridDataGrad(model, G f32[P], Y count×2, count, scratch f32[2·count]) → Σ F: one data block's partial
export { gridDataGrad } from "./train/gridml";
// gridFoldGrid(acc f64[P], st f64[3], G f32[P], m, s, P, beta): fold the next grid block, in block order
export { gridFoldGrid } from "./train/gridml";
// gridFoldData(acc f64[P], st f64[3], G f32[P], sumE, P): fold the next data block, in block order
export { gridFoldData } from "./train/gridml";
// gridNllFinish(out f32[P], accGrid f64[P], accData f64[P], st f64[3], n, beta, cellArea, P) → NLL
export { gridNllFinish } from "./train/gridml";
// mmd2(A n×d, n, B m×d, m, d, bandwidth) → unbiased MMD² (Gaussian kernel), by blocks of MMD_BLOCK rows
export { mmd2 } from "./core/mmd";
// mmd2Block(out f64[2], X nx×d, nx, Z nz×d, nz, d, bandwidth, first, count): one block's (own pairs, cross) sums
export { mmd2Block } from "./core/mmd";
// mmd2Finish(saa, sbb, sab, n, m) → MMD² from the folded sums
export { mmd2Finish } from "./core/mmd";
// columnBounds(lo f32[d], hi f32[d], X n×d, n, d): per-column min and max
export { columnBounds } from "./core/stats";

// ---- learnable models (energies/learnable.ts), dispatched on the descriptor's kind
// learnableParams(model) → pointer to θ f32[numParams]
export { learnableParams } from "./energies/learnable";
// learnableNumParams(model) → numParams
export { learnableNumParams } from "./energies/learnable";
// learnableSync(model): refresh what the model derives from θ, after θ changed
export { learnableSync } from "./energies/learnable";
// learnableEnergy(model, E f32[n], Y n×D, X n×C|0, n)
export { learnableEnergy } from "./energies/learnable";
// learnableSetCondition(model, X rows×C|0): the x rows the energy dispatcher uses (no-op for F(y) kinds)
export { learnableSetCondition } from "./energies/learnable";
// learnableParamGrad(model, out f32[P], w f32[n], Y, X|0, n, accumulate, E f32[n]|0): Σ w_r ∂F_r/∂θ
export { learnableParamGrad } from "./energies/learnable";

// ---- inference shared by every model
// energyDescend(desc, Y m×D inout, m, steps, stepSize, E f32[m]|0): gradient descent on y for any energy
export { energyDescend } from "./energies/descend";
// repeatRows(out n·times×C, X n×C, n, C, times): each row repeated `times` times
export { repeatRows } from "./core/rows";
// uniformInBox(out m×D, m, D, lo f64[D], hi f64[D], rng state 32 B): start points uniform in a box
export { uniformInBox } from "./core/rows";

// ---- restricted Boltzmann machines (energies/rbm*.ts, train/rbm.ts); a model block m from rbmCreate
// rbmCreate(V, H, gaussian 0|1) → m (θ = W H×V, b V, c H, zero; m is its own KIND_RBM descriptor)
export { rbmCreate } from "./energies/rbm";
// rbmDestroy(m)
export { rbmDestroy } from "./energies/rbm";
// rbmParams(m) → θ f32[P] in place
export { rbmParams } from "./energies/rbm";
// rbmNumParams(m) → P = H·V + V + H
export { rbmNumParams } from "./energies/rbm";
// rbmFreeEnergy(m, E f32[n], V n×V, n): F(v) = −bᵀv − Σ softplus(c + Wv) (Gaussian: ½‖v − b‖² − …)
export { rbmFreeEnergy } from "./energies/rbm";
// rbmHiddenProbs(m, P n×H, V n×V, n): p(h = 1 | v)
export { rbmHiddenProbs } from "./energies/rbm";
// rbmVisibleInput(m, out n×V, H n×H, n, squash 0|1): b + Wᵀh, σ(·) when squash
export { rbmVisibleInput } from "./energies/rbm";
// rbmPseudoLikelihood(m, out f32[n], V n×V, n, idx i32[n], draw 0|1, rng): scikit-learn's score_samples
export { rbmPseudoLikelihood } from "./energies/rbm";
// rbmDataLogits(out f32[V], X n×V, n, V, eps): log((p + ε)/(1 − p + ε)) of the column means
export { rbmDataLogits } from "./energies/rbm";
// rbmGibbs(m, V n×V inout, H n×H|0, n, steps, rng, chain0): block-Gibbs sweeps of n chains, chain i's draws keyed by chain0 + i
export { rbmGibbs } from "./energies/rbmGibbs";
// rbmSampleVisible(m, V n×V out, H n×H, n, rng, U n×V work): v ~ p(v | h)
export { rbmSampleVisible } from "./energies/rbmGibbs";
// rbmTrainBatches(m, X n×V, n, perm i32[n], B, first, count, k, persistent, chains B×V, vel f32[P], lr, momentum, wd, rng) → −1 or the batch that went non-finite; draws keyed per chain (train/rbm.ts)
export { rbmTrainBatches } from "./train/rbm";
// rbmBlockGrads(m, vpos mb×V, mb, vneg nn×V inout, nn, row0, mbAll, nnAll, B, bi, k, persistent, rng, G f32[blocks×P] out): a minibatch's blocks of 64 rows
// rbmApplyStep(m, G, nb, vel, lr, momentum, wd) → 1 if θ went non-finite: the blocks' tree sum and the momentum step; rbmBlocksOf(mb, nn)
export { rbmBlockGrads, rbmApplyStep, rbmBlocksOf } from "./train/rbm";
// rbmInitChains(m, V n×V out, n, rng, U n×⌈V/4⌉·4 work, chain0): persistent chains from p(v | h = 0), chain chain0 + r from counters (chain0 + r)·⌈V/4⌉ … of rng (not advanced)
export { rbmInitChains } from "./train/rbm";
// rbmLogPartitionExact(m) → log Z by enumerating the smaller layer (≤ RBM_MAX_EXACT_UNITS units)
export { rbmLogPartitionExact } from "./energies/rbmPartition";
// rbmExactBlocks(m) → the fixed blocks of 2^16 enumerated states (1 when fewer units); rbmExactPartial(m, first, count, out f64[2·count]):
// (max, sum) of blocks first …; rbmExactFold(m, parts f64[2·n], n) → log Z, the blocks folded in order (workers compute blocks)
export { rbmExactBlocks, rbmExactPartial, rbmExactFold } from "./energies/rbmPartition";
// rbmAisBaseLogZ(m, bA f32[V]) → log Z of the AIS base with visible biases bA
export { rbmAisBaseLogZ } from "./energies/rbmPartition";
// rbmAisRun(m, bA f32[V], betas f64[K], K, kFrom, kTo, V n×V inout, logw f64[n] inout, n, rng)
export { rbmAisRun } from "./energies/rbmPartition";

// ---- annealed importance sampling for any energy (samplers/ais.ts); a path descriptor is KIND_AIS_PATH
// aisInit(s, desc): the sampler state's positions drawn from the path's Gaussian base
export { aisInit } from "./samplers/ais";
// aisRun(s, desc, betas f64[K], K, kFrom, kTo, logw f64[C] inout, steps): temperatures kFrom … kTo − 1
export { aisRun } from "./samplers/ais";
// aisRunPart(s, desc, betas, K, kFrom, kTo, logw f64[count] inout, steps, first, total): aisRun on a part of a state (samplerSplit), the whole's bytes
export { aisRunPart } from "./samplers/ais";
// aisBaseLogZ(σ f32[D], D) → log Z of exp(−½‖(y − μ)/σ‖²)
export { aisBaseLogZ } from "./samplers/ais";
// aisSummary(logw f64[n], n, out f64[3]): [log mean exp, standard error, ESS]
export { aisSummary } from "./samplers/ais";
// ---- noise-contrastive estimation: an NCE block is nceBytes(), layout NCE_* in train/nce.ts
// nceBytes() → bytes of an NCE block
export { nceBytes } from "./train/nce";
// nceScratchBytes(B, ratio, D, numParams) → f64 bytes of the scratch block
export { nceScratchBytes } from "./train/nce";
// nceFitNoise(block, X n×D, n): the noise Gaussian's mean and Cholesky factor from the data
export { nceFitNoise } from "./train/nce";
// nceDrawNoise(block): the next ν·B noise rows into the scratch block
export { nceDrawNoise } from "./train/nce";
// nceLossGrad(block, P B×D, accuracy f64*|0) → loss; ∂/∂θ at nceGradient(block), ∂/∂c at NCE_GC
export { nceLossGrad } from "./train/nce";
// nceGradient(block) → pointer to f32[numParams]
export { nceGradient } from "./train/nce";
// nceStep(block, P B×D, stats f64[4])
export { nceStep } from "./train/nce";

// ---- denoising autoencoder (energies/dae.ts): its block is a descriptor of KIND_DAE, F = ‖y − r(y)‖²
// daeCreate(sizes i32[L+1] = [D, …, D], L, act, corruption DAE_*, std|rate, lo, hi) → dae
export { daeCreate } from "./energies/dae";
// daeSetPenalty(dae, DAE_PENALTY_*, λ): contractive or saturating penalty of a one-layer encoder's code
export { daeSetPenalty } from "./energies/dae";
// daeDestroy(dae)
export { daeDestroy } from "./energies/dae";
// daeNetwork(dae) → the encoder-decoder network (its θ through networkParams)
export { daeNetwork } from "./energies/dae";
// daeReconstruct(dae, Out n×D, Y n×D, n): r(y)
export { daeReconstruct } from "./energies/dae";
// daeField(dae, Out n×D, Y n×D, n, scale): scale·(r(y) − y)
export { daeField } from "./energies/dae";
// daeProject(dae, Out n×D, Y n×D, n, steps): y ← r(y) `steps` times (Out ≠ Y)
export { daeProject } from "./energies/dae";
// daeTrainBlocks(dae, Y N×D, N, idx i32[n], n, grads f32[blocks×P], losses f64[2·blocks], seedLo, seedHi, epoch, pos0): per-row corruption keyed by place in the run
export { daeTrainBlocks } from "./energies/dae";

// ---- score matching (train/scorematching.ts): a block is smBytes(), layout SM_* there
// smBytes() → bytes of a score-matching block
export { smBytes } from "./train/scorematching";
// smScratchBytes(B, M projections per row, D, numParams) → f64 bytes of the scratch block
export { smScratchBytes } from "./train/scorematching";
// smLossGrad(block, P B×D) → loss (f64) with this step's draws; ∂/∂θ at smGradient(block)
export { smLossGrad } from "./train/scorematching";
// smGradient(block) → pointer to f32[numParams]
export { smGradient } from "./train/scorematching";
// smStep(block, P B×D, stats f64[3])
export { smStep } from "./train/scorematching";
// learnableTaylorBytes(model) → f64 bytes of its Taylor workspace, 0 when the model has no Taylor mode
export { learnableTaylorBytes } from "./energies/learnable";
// learnableTaylorParamGrad(model, ws, G f32[P], Y n×D, U n×D, n, order 1|2, a, b, c, D1 f32[n]|0, D2 f32[n]|0, acc) → Σ aḞ + ½bḞ² + cF̈; G (+)= its ∂θ
export { learnableTaylorParamGrad } from "./energies/learnable";
