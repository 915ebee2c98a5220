// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "restricted Boltzmann machines (energies/rbm*.ts, train/rbm.ts); a model block m from rbmCreate" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/** restricted Boltzmann machines (energies/rbm*.ts, train/rbm.ts); a model block m from rbmCreate */
export interface RestrictedBoltzmannMachinesExports {
  /**
   * rbmCreate(V, H, gaussian 0|1) → m (θ = W H×V, b V, c H, zero; m is its own KIND_RBM descriptor)
   *
   * Creates an RBM block with V visible and H hidden units (gaussian: 1 for
   * Gaussian visible units), θ zero. Free with rbmDestroy.
   * (assembly/energies/rbm.ts: rbmCreate(V: i32, H: i32, gaussian: i32): usize)
   */
  rbmCreate(V: number, H: number, gaussian: number): number;
  /**
   * rbmDestroy(m)
   * (assembly/energies/rbm.ts: rbmDestroy(m: usize): void)
   */
  rbmDestroy(m: number): void;
  /**
   * rbmParams(m) → θ f32[P] in place
   *
   * θ in place: W (H×V, components_), then b (V), then c (H).
   * (assembly/energies/rbm.ts: rbmParams(m: usize): usize)
   */
  rbmParams(m: number): number;
  /**
   * rbmNumParams(m) → P = H·V + V + H
   * (assembly/energies/rbm.ts: rbmNumParams(m: usize): i32)
   */
  rbmNumParams(m: number): number;
  /**
   * rbmFreeEnergy(m, E f32[n], V n×V, n): F(v) = −bᵀv − Σ softplus(c + Wv) (Gaussian: ½‖v − b‖² − …)
   *
   * E f32[n] = F(v) for the n rows of Vm.
   * (assembly/energies/rbm.ts: rbmFreeEnergy(m: usize, E: usize, Vm: usize, n: i32): void)
   */
  rbmFreeEnergy(m: number, E: number, Vm: number, n: number): void;
  /**
   * rbmHiddenProbs(m, P n×H, V n×V, n): p(h = 1 | v)
   *
   * P n×H = p(h = 1 | v) = σ(c + W v) for the n rows of Vm (scikit-learn's transform).
   * (assembly/energies/rbm.ts: rbmHiddenProbs(m: usize, P: usize, Vm: usize, n: i32): void)
   */
  rbmHiddenProbs(m: number, P: number, Vm: number, n: number): void;
  /**
   * rbmVisibleInput(m, out n×V, H n×H, n, squash 0|1): b + Wᵀh, σ(·) when squash
   *
   * out n×V = b + Wᵀh for the n rows of Hm (n×H, binary or probabilities); with
   * `squash` the Bernoulli mean σ(·), else the pre-activation (a Gaussian unit's mean).
   * (assembly/energies/rbm.ts: rbmVisibleInput(m: usize, out: usize, Hm: usize, n: i32, squash: i32): void)
   */
  rbmVisibleInput(m: number, out: number, Hm: number, n: number, squash: number): void;
  /**
   * rbmPseudoLikelihood(m, out f32[n], V n×V, n, idx i32[n], draw 0|1, rng): scikit-learn's score_samples
   *
   * scikit-learn's BernoulliRBM.score_samples: for row r, flip unit idx[r] and
   * out[r] = V·log σ(F(v') − F(v)) (a pseudo-log-likelihood). With draw ≠ 0 the
   * indices are drawn uniformly in [0, V) from the RNG state (one Philox word
   * per row, by rejection when needed) and written to idx; else idx is read.
   * (assembly/energies/rbm.ts: rbmPseudoLikelihood(m: usize, out: usize, Vm: usize, n: i32, idx: usize, draw: i32, rng: usize): void)
   */
  rbmPseudoLikelihood(m: number, out: number, Vm: number, n: number, idx: number, draw: number, rng: number): void;
  /**
   * rbmDataLogits(out f32[V], X n×V, n, V, eps): log((p + ε)/(1 − p + ε)) of the column means
   *
   * out f32[V] = log((p_k + ε)/(1 − p_k + ε)) with p_k the mean of column k of X (n×V):
   * visible biases that match the data's marginals (Hinton's practical guide, §8),
   * used to start training and as the AIS base.
   * (assembly/energies/rbm.ts: rbmDataLogits(out: usize, X: usize, n: i32, V: i32, eps: f64): void)
   */
  rbmDataLogits(out: number, X: number, n: number, V: number, eps: number): void;
  /**
   * rbmGibbs(m, V n×V inout, H n×H|0, n, steps, rng, chain0): block-Gibbs sweeps of n chains, chain i's draws keyed by chain0 + i
   *
   * `steps` block-Gibbs sweeps of n chains: h ~ p(h | v), then v ~ p(v | h).
   * Vm n×V in/out; Hm n×H receives the last hidden draw (or 0); rng 32 B: its
   * counter (low word) advances by steps·B; chain0 is the first row's chain index.
   * (assembly/energies/rbmGibbs.ts: rbmGibbs(m: usize, Vm: usize, Hm: usize, n: i32, steps: i32, rng: usize, chain0: i32): void)
   */
  rbmGibbs(m: number, Vm: number, Hm: number, n: number, steps: number, rng: number, chain0: number): void;
  /**
   * rbmSampleVisible(m, V n×V out, H n×H, n, rng, U n×V work): v ~ p(v | h)
   *
   * Vm n×V ← a draw of v ~ p(v | h) for the rows of Hm; U n×V work.
   * (assembly/energies/rbmGibbs.ts: rbmSampleVisible(m: usize, Vm: usize, Hm: usize, n: i32, rng: usize, U: usize): void)
   */
  rbmSampleVisible(m: number, Vm: number, Hm: number, n: number, rng: number, U: number): void;
  /**
   * rbmTrainBatches(m, X n×V, n, perm i32[n], B, first, count, k, persistent, chains B×V, vel f32[P], lr, momentum, wd, rng) → −1 or the batch that went non-finite; draws keyed per chain (train/rbm.ts)
   *
   * Minibatches first … first + count − 1 of an epoch over X (n×V) in the order
   * perm i32[n] (batch b holds rows perm[b·B … min(n, (b+1)·B))). persistent ≠ 0:
   * the negative phase continues `chains` (B×V, in/out); else it starts at the
   * batch. vel f32[P] is the momentum buffer; the step is
   *   vel ← momentum·vel + lr·(∇̂ − weightDecay·W),  θ ← θ + vel,
   * with ∇̂ the blocks' partial gradients (rbmBlockGrads) summed in their fixed tree
   * (rbmApplyStep): the bits of workers that compute the blocks.
   * rng: key and stream of the draws, keyed per chain as the header says (not advanced).
   * Returns −1, or the first batch after which θ holds a NaN/±Inf (it stops there).
   * (assembly/train/rbm.ts: rbmTrainBatches(m: usize, X: usize, n: i32, perm: usize, B: i32, first: i32, count: i32, k: i32, persistent: i32, chains: usize, vel: usize, lr: f32, momentum: f32, weightDecay: f32, rng: usize): i32)
   */
  rbmTrainBatches(m: number, X: number, n: number, perm: number, B: number, first: number, count: number, k: number, persistent: number, chains: number, vel: number, lr: number, momentum: number, weightDecay: number, rng: number): number;
  /**
   * rbmBlockGrads(m, vpos mb×V, mb, vneg nn×V inout, nn, row0, mbAll, nnAll, B, bi, k, persistent, rng, G f32[blocks×P] out): a minibatch's blocks of 64 rows
   * rbmApplyStep(m, G, nb, vel, lr, momentum, wd) → 1 if θ went non-finite: the blocks' tree sum and the momentum step; rbmBlocksOf(mb, nn)
   *
   * The blocks of rows row0 … of minibatch bi (row0 a multiple of RBM_BLOCK): vpos holds the
   * part's mb data rows (V each), vneg its nn chains (PCD, in/out: their state after the k sweeps;
   * CD: out only, the sweeps start at the data rows). The minibatch has mbAll rows and nnAll chains
   * (the gradient's weights 1/mbAll and −1/nnAll), B its batch size (the draws' layout). Block q
   * writes its partial gradient (positive rows, then chains, each in row order) to G + q·P floats.
   * A block's draws are its rows' of the whole minibatch (the counters of the header): any split of
   * the blocks over calls or workers gives the same bits.
   * (assembly/train/rbm.ts: rbmBlockGrads(m: usize, vpos: usize, mb: i32, vneg: usize, nn: i32, row0: i32, mbAll: i32, nnAll: i32, B: i32, bi: i32, k: i32, persistent: i32, rng: usize, G: usize): void)
   */
  rbmBlockGrads(m: number, vpos: number, mb: number, vneg: number, nn: number, row0: number, mbAll: number, nnAll: number, B: number, bi: number, k: number, persistent: number, rng: number, G: number): void;
  /**
   * rbmBlockGrads(m, vpos mb×V, mb, vneg nn×V inout, nn, row0, mbAll, nnAll, B, bi, k, persistent, rng, G f32[blocks×P] out): a minibatch's blocks of 64 rows
   * rbmApplyStep(m, G, nb, vel, lr, momentum, wd) → 1 if θ went non-finite: the blocks' tree sum and the momentum step; rbmBlocksOf(mb, nn)
   *
   * The step of a minibatch from its nb blocks' partial gradients (f32[nb × P] at G, summed into
   * the first pairwise in a fixed tree over the block index: ((G0 + G1) + (G2 + G3)) …):
   * vel ← momentum·vel + lr·(∇̂ − weightDecay·W) (no decay on the biases), θ ← θ + vel.
   * Returns 1 when θ then holds a NaN/±Inf, else 0.
   * (assembly/train/rbm.ts: rbmApplyStep(m: usize, G: usize, nb: i32, vel: usize, lr: f32, momentum: f32, weightDecay: f32): i32)
   */
  rbmApplyStep(m: number, G: number, nb: number, vel: number, lr: number, momentum: number, weightDecay: number): number;
  /**
   * rbmBlockGrads(m, vpos mb×V, mb, vneg nn×V inout, nn, row0, mbAll, nnAll, B, bi, k, persistent, rng, G f32[blocks×P] out): a minibatch's blocks of 64 rows
   * rbmApplyStep(m, G, nb, vel, lr, momentum, wd) → 1 if θ went non-finite: the blocks' tree sum and the momentum step; rbmBlocksOf(mb, nn)
   *
   * The blocks of a minibatch of mb data rows and nn chains.
   * (assembly/train/rbm.ts: rbmBlocksOf(mb: i32, nn: i32): i32)
   */
  rbmBlocksOf(mb: number, nn: number): number;
  /**
   * rbmInitChains(m, V n×V out, n, rng, U n×⌈V/4⌉·4 work, chain0): persistent chains from p(v | h = 0), chain chain0 + r from counters (chain0 + r)·⌈V/4⌉ … of rng (not advanced)
   *
   * n persistent chains (n×V) drawn from p(v | h = 0): chain chain0 + r (row r) from the Philox
   * blocks at counters (chain0 + r)·Bv … + Bv − 1 (Bv = ⌈V/4⌉) of the state's key and stream (not
   * advanced), so chains drawn in parts equal chains drawn at once. U n×⌈V/4⌉·4 work.
   * (assembly/train/rbm.ts: rbmInitChains(m: usize, Vm: usize, n: i32, rng: usize, U: usize, chain0: i32): void)
   */
  rbmInitChains(m: number, Vm: number, n: number, rng: number, U: number, chain0: number): void;
  /**
   * rbmLogPartitionExact(m) → log Z by enumerating the smaller layer (≤ RBM_MAX_EXACT_UNITS units)
   *
   * log Z, exactly: the smaller layer enumerated (hidden units only, for Gaussian
   * visible units), at most RBM_MAX_EXACT_UNITS of them (else E_BAD_ARGUMENT), in
   * the fixed blocks of rbmExactPartial folded by rbmExactFold (so workers that
   * compute the blocks give the same bits).
   * (assembly/energies/rbmPartition.ts: rbmLogPartitionExact(m: usize): f64)
   */
  rbmLogPartitionExact(m: number): number;
  /**
   * rbmExactBlocks(m) → the fixed blocks of 2^16 enumerated states (1 when fewer units); rbmExactPartial(m, first, count, out f64[2·count]):
   * (max, sum) of blocks first …; rbmExactFold(m, parts f64[2·n], n) → log Z, the blocks folded in order (workers compute blocks)
   *
   * The number of fixed blocks of the exact enumeration: 2^max(0, units − 16) (rbmExactPartial, rbmExactFold).
   * (assembly/energies/rbmPartition.ts: rbmExactBlocks(m: usize): i32)
   */
  rbmExactBlocks(m: number): number;
  /**
   * rbmExactBlocks(m) → the fixed blocks of 2^16 enumerated states (1 when fewer units); rbmExactPartial(m, first, count, out f64[2·count]):
   * (max, sum) of blocks first …; rbmExactFold(m, parts f64[2·n], n) → log Z, the blocks folded in order (workers compute blocks)
   *
   * Blocks first … first + count − 1 of the exact enumeration (2^16 states each, or all 2^units
   * when fewer): out f64[2·count] = (max, sum) per block, log Σ_block exp = max + log(sum).
   * A block's values depend on the block alone, so blocks can be computed anywhere.
   * (assembly/energies/rbmPartition.ts: rbmExactPartial(m: usize, first: i32, count: i32, out: usize): void)
   */
  rbmExactPartial(m: number, first: number, count: number, out: number): void;
  /**
   * rbmExactBlocks(m) → the fixed blocks of 2^16 enumerated states (1 when fewer units); rbmExactPartial(m, first, count, out f64[2·count]):
   * (max, sum) of blocks first …; rbmExactFold(m, parts f64[2·n], n) → log Z, the blocks folded in order (workers compute blocks)
   *
   * log Z from the n = rbmExactBlocks(m) blocks' (max, sum) of rbmExactPartial, folded in block
   * order with the online rule of the enumeration (one block: its own max + log(sum), as before blocks).
   * (assembly/energies/rbmPartition.ts: rbmExactFold(m: usize, parts: usize, n: i32): f64)
   */
  rbmExactFold(m: number, parts: number, n: number): number;
  /**
   * rbmAisBaseLogZ(m, bA f32[V]) → log Z of the AIS base with visible biases bA
   *
   * log Z of the AIS base p₀(v) ∝ exp(b_Aᵀv)·Π_j (1 + e⁰) (Gaussian: exp(−½‖v − b_A‖²)·2^H).
   * (assembly/energies/rbmPartition.ts: rbmAisBaseLogZ(m: usize, bA: usize): f64)
   */
  rbmAisBaseLogZ(m: number, bA: number): number;
  /**
   * rbmAisRun(m, bA f32[V], betas f64[K], K, kFrom, kTo, V n×V inout, logw f64[n] inout, n, rng)
   *
   * AIS temperatures kFrom … kTo − 1 of betas f64[K] (β₀ = 0 < … < β_{K−1} = 1)
   * for n chains Vc (n×V, in/out) with log-weights logw f64[n] (in/out). At k = 0
   * the chains are drawn from the base (visible biases bA f32[V]); at k ≥ 1 the
   * weights gain log p*_k(v) − log p*_{k−1}(v) and, below the last temperature,
   * the chains take one Gibbs sweep that leaves p_k invariant
   * (h ~ σ(β·(c + Wv)), v from (1 − β)·b_A + β·(b + Wᵀh)). rng 32 B, advanced.
   * (assembly/energies/rbmPartition.ts: rbmAisRun(m: usize, bA: usize, betas: usize, K: i32, kFrom: i32, kTo: i32, Vc: usize, logw: usize, n: i32, rng: usize): void)
   */
  rbmAisRun(m: number, bA: number, betas: number, K: number, kFrom: number, kTo: number, Vc: number, logw: number, n: number, rng: number): void;
}

/** The number of parameters of each export above. */
export const restrictedBoltzmannMachinesArity = {
  rbmCreate: 3,
  rbmDestroy: 1,
  rbmParams: 1,
  rbmNumParams: 1,
  rbmFreeEnergy: 4,
  rbmHiddenProbs: 4,
  rbmVisibleInput: 5,
  rbmPseudoLikelihood: 7,
  rbmDataLogits: 5,
  rbmGibbs: 7,
  rbmSampleVisible: 6,
  rbmTrainBatches: 15,
  rbmBlockGrads: 14,
  rbmApplyStep: 7,
  rbmBlocksOf: 2,
  rbmInitChains: 6,
  rbmLogPartitionExact: 1,
  rbmExactBlocks: 1,
  rbmExactPartial: 4,
  rbmExactFold: 3,
  rbmAisBaseLogZ: 2,
  rbmAisRun: 10,
} as const;

/** The exports above whose result is a usize or u32. */
export const restrictedBoltzmannMachinesUnsigned = ['rbmCreate', 'rbmParams'] as const;
