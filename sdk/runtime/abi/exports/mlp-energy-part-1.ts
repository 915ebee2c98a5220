// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "MLP energy, optimizers, model files" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * MLP energy, optimizers, model files (part 1 of 2)
 * An MLP net is a block from mlpCreate; act is an ACT_* code (energies/activations.ts).
 */
export interface MlpEnergyPart1Exports {
  /**
   * mlpCreate(sizes i32[L+1], L, inputDim, condDim, act, outputScale, quadratic) → net
   *
   * Creates an MLP energy. sizes i32[L+1] = [C + D, hidden…, 1] (copied); act:
   * activation code (activations.ts); θ zero until set. Returns the descriptor
   * (free with mlpDestroy).
   * (assembly/energies/mlp.ts: mlpCreate(sizes: usize, L: i32, inputDim: i32, condDim: i32, act: i32, outputScale: f32, quadratic: f32): usize)
   */
  mlpCreate(sizes: number, L: number, inputDim: number, condDim: number, act: number, outputScale: number, quadratic: number): number;
  /**
   * mlpDestroy(net)
   * (assembly/energies/mlp.ts: mlpDestroy(net: usize): void)
   */
  mlpDestroy(net: number): void;
  /**
   * mlpParams(net) → θ f32[P], the parameters in place
   *
   * θ (f32[numParams]): read or write it, then call mlpSync after writing.
   * (assembly/energies/mlp.ts: mlpParams(net: usize): usize)
   */
  mlpParams(net: number): number;
  /**
   * mlpNumParams(net) → P
   * (assembly/energies/mlp.ts: mlpNumParams(net: usize): i32)
   */
  mlpNumParams(net: number): number;
  /**
   * mlpSync(net): after θ changed
   *
   * Rebuilds the transposed weights from θ. Call after any change of θ.
   * (assembly/energies/mlp.ts: mlpSync(net: usize): void)
   */
  mlpSync(net: number): void;
  /**
   * mlpInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
   *
   * PyTorch nn.Linear initialisation from the project RNG: every weight and
   * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
   * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
   * (assembly/energies/mlp.ts: mlpInitUniform(net: usize, u: usize): void)
   */
  mlpInitUniform(net: number, u: number): void;
  /**
   * mlpEnergy(net, E f32[n], Y n×D, X n×C|0, n)
   *
   * Energies of n rows. E f32[n]; Y n×D; X n×C (0 when C = 0).
   * (assembly/energies/mlp.ts: mlpEnergy(net: usize, E: usize, Y: usize, X: usize, n: i32): void)
   */
  mlpEnergy(net: number, E: number, Y: number, X: number, n: number): void;
  /**
   * mlpEnergyGrad(net, E f32[n]|0, Gy n×D, Y, X, n)
   *
   * Energies (E f32[n], or 0) and their gradients with respect to y
   * (Gy n×D): backpropagation of s through the network, plus 2λy.
   * (assembly/energies/mlp.ts: mlpEnergyGrad(net: usize, E: usize, Gy: usize, Y: usize, X: usize, n: i32): void)
   */
  mlpEnergyGrad(net: number, E: number, Gy: number, Y: number, X: number, n: number): void;
  /**
   * mlpParamGrad(net, out f32[P], w f32[n], Y, X, n, accumulate, E|0): Σ w_r ∂F_r/∂θ
   *
   * out (f32[numParams]) = Σ_r w[r]·∂F(x_r, y_r)/∂θ (or += when accumulate ≠ 0).
   * λ·||y||² has no parameters. E (f32[n] or 0) receives the energies on the way.
   * (assembly/energies/mlp.ts: mlpParamGrad(net: usize, out: usize, w: usize, Y: usize, X: usize, n: i32, accumulate: i32, E: usize): void)
   */
  mlpParamGrad(net: number, out: number, w: number, Y: number, X: number, n: number, accumulate: number, E: number): void;
  /**
   * mlpSetCondition(net, X rows×C|0): the x rows the energy dispatcher uses for a conditional net
   *
   * For a conditional net: the conditions X (rows × C, row i for the dispatcher's
   * row i) that samplers and descent use as fixed x; 0 to clear.
   * (assembly/energies/mlp.ts: mlpSetCondition(net: usize, X: usize): void)
   */
  mlpSetCondition(net: number, X: number): void;
  /**
   * mlpSetConditionRow(net, x f32[C]): one x for every row
   *
   * For a conditional net: one condition x (f32[C]) that the dispatcher uses for every row.
   * (assembly/energies/mlp.ts: mlpSetConditionRow(net: usize, x: usize): void)
   */
  mlpSetConditionRow(net: number, x: number): void;
  /**
   * A network is a block from networkCreate (energies/network.ts): sizes [in, hidden…, out], act an ACT_* code.
   * networkCreate(sizes i32[L+1], L, act, extra): θ has `extra` trailing f32 for the model → net
   *
   * Creates a network. sizes i32[L+1] = [input, hidden…, output] (copied, each ≥ 1);
   * act: activation code of the hidden layers (activations.ts); θ zero until set.
   * `extra` f32 follow θ in its block (zero): a model's own parameters, such as
   * embeddings, so that the learnable protocol sees one vector. Returns the
   * block (free with networkDestroy).
   * (assembly/energies/network.ts: networkCreate(sizes: usize, L: i32, act: i32, extra: i32): usize)
   */
  networkCreate(sizes: number, L: number, act: number, extra: number): number;
  /**
   * networkDestroy(net)
   * (assembly/energies/network.ts: networkDestroy(net: usize): void)
   */
  networkDestroy(net: number): void;
  /**
   * networkParams(net) → θ f32[P] in PyTorch nn.Linear layout, in place
   *
   * θ (f32[numParams]): read or write it, then call networkSync after writing.
   * (assembly/energies/network.ts: networkParams(net: usize): usize)
   */
  networkParams(net: number): number;
  /**
   * networkNumParams(net) → P
   * (assembly/energies/network.ts: networkNumParams(net: usize): i32)
   */
  networkNumParams(net: number): number;
  /**
   * networkSync(net): after θ changed
   *
   * Rebuilds the transposed weights from θ. Call after any change of θ.
   * (assembly/energies/network.ts: networkSync(net: usize): void)
   */
  networkSync(net: number): void;
  /**
   * networkInitUniform(net, u f32[P] uniforms in [0, 1)): PyTorch nn.Linear initialisation
   *
   * PyTorch nn.Linear initialisation from the project RNG: every weight and
   * bias of layer l uniform in ±1/√fan_in (fan_in = s_{l−1}); draws come
   * from `u` (f32[numParams] uniforms in [0, 1), from rngUniform). Syncs.
   * (assembly/energies/network.ts: networkInitUniform(net: usize, u: usize): void)
   */
  networkInitUniform(net: number, u: number): void;
  /**
   * networkForward(net, Out n×out, X n×in, n)
   *
   * Out (n × sizes[L]) = net(X) for the n rows of X (n × sizes[0]).
   * (assembly/energies/network.ts: networkForward(net: usize, Out: usize, X: usize, n: i32): void)
   */
  networkForward(net: number, Out: number, X: number, n: number): void;
  /**
   * networkBackward(net, GX n×in|0, GP f32[P]|0, Out n×out|0, X n×in, GOut n×out, n, accumulate): dL/dX and Σ dL/dθ from dL/dOut
   *
   * The vector-Jacobian products of a batch: given GOut (n × sizes[L]) = dL/d(out)
   * per row, writes GX (n × sizes[0], or 0) = dL/dX and GP (f32[numParams], or 0)
   * = Σ_rows dL/dθ (added to GP when accumulate ≠ 0, else GP is overwritten).
   * Out (n × sizes[L], or 0) receives the forward outputs on the way.
   * (assembly/energies/network.ts: networkBackward(net: usize, GX: usize, GP: usize, Out: usize, X: usize, GOut: usize, n: i32, accumulate: i32): void)
   */
  networkBackward(net: number, GX: number, GP: number, Out: number, X: number, GOut: number, n: number, accumulate: number): void;
  /**
   * A GLO model is a block from gloCreate (energies/glo.ts), itself a descriptor of KIND_GLO.
   * gloCreate(sizes i32[L+1] = [d, hidden…, D], L, act) → glo
   *
   * Creates a GLO model: decoder sizes i32[L+1] = [d, hidden…, D] (act an ACT_* code). No codes yet.
   * (assembly/energies/glo.ts: gloCreate(sizes: usize, L: i32, act: i32): usize)
   */
  gloCreate(sizes: number, L: number, act: number): number;
  /**
   * gloDestroy(glo)
   * (assembly/energies/glo.ts: gloDestroy(g: usize): void)
   */
  gloDestroy(g: number): void;
  /**
   * gloNetwork(glo) → the decoder network (its θ through networkParams)
   *
   * The decoder network (energies/network.ts): its θ, sync and initialisation.
   * (assembly/energies/glo.ts: gloNetwork(g: usize): usize)
   */
  gloNetwork(g: number): number;
  /**
   * gloSetCodes(glo, N) → codes N×d (zero, with zero optimizer state; replaces any codes)
   *
   * Makes room for N codes with their optimizer state (all zero, replacing any
   * codes). Returns the codes (N×d); gloCodeState gives the state arrays.
   * (assembly/energies/glo.ts: gloSetCodes(g: usize, N: i32): usize)
   */
  gloSetCodes(g: number, N: number): number;
  /**
   * gloCodeState(glo, which 0 codes|1 m|2 v|3 steps f32[N]) → pointer, 0 without codes
   *
   * Pointer to the codes' arrays: 0 codes (N×d), 1 first moments, 2 second moments, 3 steps f32[N]; 0 without codes.
   * (assembly/energies/glo.ts: gloCodeState(g: usize, which: i32): usize)
   */
  gloCodeState(g: number, which: number): number;
  /**
   * gloProjectCodes(glo, scale): every code times scale, then onto the unit ball
   *
   * Multiplies every code by `scale`, then projects it onto the unit ball (initialisation from normals).
   * (assembly/energies/glo.ts: gloProjectCodes(g: usize, scale: f32): void)
   */
  gloProjectCodes(g: number, scale: number): void;
  /**
   * gloSetInference(glo, starts, steps, stepSize): settings of energy, grad and paramGrad
   *
   * Inference settings that energy, gradient and parameter gradient use (from several starts, steps of size η).
   * (assembly/energies/glo.ts: gloSetInference(g: usize, starts: i32, steps: i32, stepSize: f32): void)
   */
  gloSetInference(g: number, starts: number, steps: number, stepSize: number): void;
  /**
   * gloCodeRowFloats(glo) → floats of one row's code state (z, m, v: d each, then steps)
   *
   * Floats of one row's code state in gloTrainBlocks: the code z (d), its first moments (d), second moments (d), steps (1).
   * (assembly/energies/glo.ts: gloCodeRowFloats(g: usize): i32)
   */
  gloCodeRowFloats(g: number): number;
  /**
   * gloGatherCodes(glo, S n×gloCodeRowFloats, idx i32[n], n): the code state of rows idx into S
   *
   * S (n rows of gloCodeRowFloats) = the code state of rows idx i32[n]: z, m, v, steps.
   * (assembly/energies/glo.ts: gloGatherCodes(g: usize, S: usize, idx: usize, n: i32): void)
   */
  gloGatherCodes(g: number, S: number, idx: number, n: number): void;
  /**
   * gloScatterCodes(glo, S, idx i32[n], n): S back into the code state of rows idx
   *
   * The reverse of gloGatherCodes: rows idx i32[n] of the code state take S.
   * (assembly/energies/glo.ts: gloScatterCodes(g: usize, S: usize, idx: usize, n: i32): void)
   */
  gloScatterCodes(g: number, S: number, idx: number, n: number): void;
  /**
   * gloTrainBlocks(glo, Y N×D, N, idx i32[n], n, S code state (in place), grads f32[blocks×P], losses f64[2·blocks], codeKind, lr, momentum, beta1, beta2, eps)
   *
   * GLO training on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts).
   * Y (N×D) is the training data; idx i32[n] the rows (distinct); S (n × gloCodeRowFloats,
   * from gloGatherCodes) their code state, updated in place. For each row r = G(z_i) − y_i;
   * block b writes grads + b·P (f32[P]) = Σ ∂‖r‖²/∂θ over its rows and losses f64[2b, 2b+1]
   * = (Σ ‖r‖², rows). Each code moves by its own gradient ∂‖r_i‖²/∂z_i with SGD (lr,
   * momentum as torch.optim.SGD) or Adam updated lazily, only for the rows it sees (as
   * torch.optim.SparseAdam), then back onto the unit ball: per row, so no block sees another's.
   * (assembly/energies/glo.ts: gloTrainBlocks(g: usize, Y: usize, N: i32, idx: usize, n: i32, S: usize, grads: usize, losses: usize, codeKind: i32, lr: f32, momentum: f32, beta1: f32, beta2: f32, eps: f32): void)
   */
  gloTrainBlocks(g: number, Y: number, N: number, idx: number, n: number, S: number, grads: number, losses: number, codeKind: number, lr: number, momentum: number, beta1: number, beta2: number, eps: number): void;
  /**
   * gloDecode(glo, Out n×D, Z n×d, n)
   *
   * Out (n×D) = G(Z) for the n codes of Z (n×d).
   * (assembly/energies/glo.ts: gloDecode(g: usize, Out: usize, Z: usize, n: i32): void)
   */
  gloDecode(g: number, Out: number, Z: number, n: number): void;
  /**
   * gloEncode(glo, Z n×d, E f32[n]|0, Y n×D, n, starts, steps, stepSize): z* and F∞ by projected descent
   *
   * z* and F∞ for the n rows of Y (n×D): starts from the S learned codes whose
   * decodings are nearest each row (ties by index; origin and fixed directions
   * when there are fewer codes than S), then `steps` projected gradient steps
   * of size η. Z (n×d) gets z*, E (f32[n], or 0) gets ‖y − G(z*)‖².
   * (assembly/energies/glo.ts: gloEncode(g: usize, Z: usize, E: usize, Y: usize, n: i32, S: i32, steps: i32, stepSize: f32): void)
   */
  gloEncode(g: number, Z: number, E: number, Y: number, n: number, S: number, steps: number, stepSize: number): void;
  /**
   * gloSample(glo, Out n×D, Z n×d normals in, samples' codes out, n)
   *
   * Samples: Z (n×d) holds standard normals on entry; each becomes μ + L·ε with
   * μ, Σ = LLᵀ the mean and covariance of the learned codes (f64, Σ + 1e-6·I so
   * a flat direction still factors), projected onto the unit ball where the
   * decoder was trained; Out (n×D) = G(z).
   * (assembly/energies/glo.ts: gloSample(g: usize, Out: usize, Z: usize, n: i32): void)
   */
  gloSample(g: number, Out: number, Z: number, n: number): void;
  /**
   * A masked autoencoder is a block from maeCreate (energies/mae.ts), a learnable model of KIND_MAE over L positions, V tokens.
   * maeCreate(L, V, H, act) → model (network [L·(V+1), H, L·V])
   *
   * Creates a model of L positions over V tokens with one hidden layer of H units (act an ACT_* code).
   * (assembly/energies/mae.ts: maeCreate(L: i32, V: i32, H: i32, act: i32): usize)
   */
  maeCreate(L: number, V: number, H: number, act: number): number;
  /**
   * maeDestroy(model)
   * (assembly/energies/mae.ts: maeDestroy(m: usize): void)
   */
  maeDestroy(m: number): void;
  /**
   * maeNetwork(model) → its network (θ through networkParams)
   *
   * The network (its θ, initialisation and sync through the network exports).
   * (assembly/energies/mae.ts: maeNetwork(m: usize): usize)
   */
  maeNetwork(m: number): number;
  /**
   * maeTrainBlocks(model, T N×L, N, idx i32[n], n, grads f32[blocks×P], losses f64[2·blocks], seedLo, seedHi, epoch, pos0, rate, pMask, pRandom)
   *
   * BERT training on n rows of a batch, in blocks of MINIBATCH_BLOCK (train/minibatch.ts).
   * T (N × L) holds the training tokens; idx i32[n] the rows, at positions pos0, pos0 + 1, …
   * of epoch `epoch`'s order (they key the draws, so the blocks do not change them). Each
   * position is chosen with probability `rate` (a row with none gets one, uniformly); a chosen
   * token becomes the mask token with probability pMask, a uniform random token with pRandom,
   * else stays. Block b writes grads + b·P (f32[P]) = Σ ∂/∂θ of −log p(t_j | corrupted row)
   * over its chosen positions and losses f64[2b, 2b+1] = (that Σ, the number of them).
   * (assembly/energies/mae.ts: maeTrainBlocks(m: usize, T: usize, N: i32, idx: usize, n: i32, grads: usize, losses: usize, seedLo: u32, seedHi: u32, epoch: u32, pos0: u32, rate: f32, pMask: f32, pRandom: f32): void)
   */
  maeTrainBlocks(m: number, T: number, N: number, idx: number, n: number, grads: number, losses: number, seedLo: number, seedHi: number, epoch: number, pos0: number, rate: number, pMask: number, pRandom: number): void;
  /**
   * maeConditionals(model, Out n×L×V, T n×L, M n×L 1 = hidden, n): softmax per position
   *
   * The conditionals of n rows: T (n × L) tokens, M (n × L) 1 where the token is
   * hidden (the network sees the mask token there), else 0. Out (n × L × V)
   * gets softmax per position, for every position (hidden or not).
   * (assembly/energies/mae.ts: maeConditionals(m: usize, Out: usize, T: usize, M: usize, n: i32): void)
   */
  maeConditionals(m: number, Out: number, T: number, M: number, n: number): void;
}

/** The number of parameters of each export above. */
export const mlpEnergyPart1Arity = {
  mlpCreate: 7,
  mlpDestroy: 1,
  mlpParams: 1,
  mlpNumParams: 1,
  mlpSync: 1,
  mlpInitUniform: 2,
  mlpEnergy: 5,
  mlpEnergyGrad: 6,
  mlpParamGrad: 8,
  mlpSetCondition: 2,
  mlpSetConditionRow: 2,
  networkCreate: 4,
  networkDestroy: 1,
  networkParams: 1,
  networkNumParams: 1,
  networkSync: 1,
  networkInitUniform: 2,
  networkForward: 4,
  networkBackward: 8,
  gloCreate: 3,
  gloDestroy: 1,
  gloNetwork: 1,
  gloSetCodes: 2,
  gloCodeState: 2,
  gloProjectCodes: 2,
  gloSetInference: 4,
  gloCodeRowFloats: 1,
  gloGatherCodes: 4,
  gloScatterCodes: 4,
  gloTrainBlocks: 14,
  gloDecode: 4,
  gloEncode: 8,
  gloSample: 4,
  maeCreate: 4,
  maeDestroy: 1,
  maeNetwork: 1,
  maeTrainBlocks: 14,
  maeConditionals: 5,
} as const;

/** The exports above whose result is a usize or u32. */
export const mlpEnergyPart1Unsigned = [
  'mlpCreate',
  'mlpParams',
  'networkCreate',
  'networkParams',
  'gloCreate',
  'gloNetwork',
  'gloSetCodes',
  'gloCodeState',
  'maeCreate',
  'maeNetwork',
] as const;
