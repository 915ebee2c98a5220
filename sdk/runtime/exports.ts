// The explicit list of ebm.wasm's exports and their TS signatures. Pointers
// are byte offsets; see assembly/index.ts for the layouts.

export interface RawExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  firstNonFinite(ptr: number, n: number): number;
  errorCode(): number;
  errorDetail(): number;
  clearError(): void;
  philox4x32(out: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): number;
  rngInit(state: number, seedLo: number, seedHi: number, stream: number): number;
  rngU32(out: number, n: number, state: number): number;
  rngUniform(out: number, n: number, state: number): number;
  rngNormal(out: number, n: number, state: number): number;
  rngNormalFast(out: number, n: number, state: number): number;
  dot(a: number, b: number, n: number): number;
  axpy(y: number, alpha: number, x: number, n: number): number;
  gemv(y: number, A: number, x: number, m: number, n: number): number;
  gemm(C: number, A: number, B: number, m: number, k: number, n: number): number;
  sqdist(out: number, X: number, n: number, d: number, C: number, k: number): number;
  logsumexpRows(out: number, A: number, rows: number, cols: number): number;
  meanColumnVariance(X: number, n: number, d: number): number;
  kmeansEnergy(energy: number, labels: number, Y: number, n: number, d: number, C: number, k: number): void;
  kmeansFreeEnergy(out: number, Y: number, n: number, d: number, C: number, k: number, beta: number): void;
  gatherRows(out: number, C: number, d: number, labels: number, n: number): void;
  kmeansComplete(out: number, labels: number, Y: number, n: number, d: number, C: number, k: number, mask: number): void;
  gridPoints(out: number, xMin: number, xMax: number, yMin: number, yMax: number, nx: number, ny: number): void;
  kmeansPlusPlus(C: number, X: number, n: number, d: number, k: number, trials: number, rng: number): number;
  kmeansAssign(X: number, n: number, d: number, C: number, k: number, labels: number, mind: number, stats: number): number;
  kmeansLloydStep(C: number, X: number, n: number, d: number, k: number, labels: number, mind: number, stats: number): number;
  kmeansOnlineEpoch(
    C: number, X: number, n: number, d: number, k: number, batchSize: number, lr: number,
    perm: number, rng: number, labels: number, mind: number, stats: number,
  ): number;
  peakProbe(iterations: number): number;
  toySpiral(out: number, n: number, turns: number, noise: number, state: number): number;
  toyMoons(out: number, labels: number, n: number, noise: number, state: number): number;
  toyCircles(out: number, labels: number, n: number, factor: number, noise: number, state: number): number;
  toyEightGaussians(out: number, labels: number, n: number, radius: number, std: number, state: number): number;
  toyCheckerboard(out: number, labels: number, n: number, squareSize: number, state: number): number;
  toyPinwheel(
    out: number, labels: number, n: number, arms: number, radialStd: number, tangentialStd: number, rate: number, state: number,
  ): number;
  toySwissRoll(out: number, n: number, noise: number, state: number): number;
  eightGaussiansLogDensity(out: number, Y: number, n: number, radius: number, std: number): number;
  // ---- MLP energy, optimizers, files (issue 3)
  mlpCreate(sizes: number, L: number, inputDim: number, condDim: number, act: number, outputScale: number, quadratic: number): number;
  mlpDestroy(net: number): void;
  mlpParams(net: number): number;
  mlpNumParams(net: number): number;
  mlpSync(net: number): void;
  mlpInitUniform(net: number, u: number): void;
  mlpEnergy(net: number, E: number, Y: number, X: number, n: number): void;
  mlpEnergyGrad(net: number, E: number, Gy: number, Y: number, X: number, n: number): void;
  mlpParamGrad(net: number, out: number, w: number, Y: number, X: number, n: number, accumulate: number, E: number): void;
  activationEval(out: number, x: number, n: number, act: number, derivative: number): void;
  sumSquaresF64(g: number, n: number): number;
  sgdStep(theta: number, grad: number, buf: number, n: number, lr: number, momentum: number, nesterov: number, weightDecay: number, clip: number, first: number): void;
  adamStep(
    theta: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number,
    eps: number, weightDecay: number, decoupled: number, t: number, clip: number,
  ): void;
  crc32(bytes: number, n: number): number;
  mlpSetCondition(net: number, X: number): void;
  mlpSetConditionRow(net: number, x: number): void;
  mlpDescend(net: number, Y: number, X: number, m: number, steps: number, stepSize: number, E: number): void;
  distinctMinima(Y: number, E: number, n: number, S: number, D: number, tol: number, order: number, count: number): void;
  // ---- energies, samplers, diagnostics (issue 4)
  energyEval(desc: number, Y: number, n: number, E: number, G: number): void;
  spdInverse(out: number, A: number, D: number): number;
  samplerStateBytes(kind: number, chains: number, dim: number, param: number): number;
  samplerLayout(s: number, kind: number, chains: number, dim: number, param: number, seedLo: number, seedHi: number, stream: number, Y0: number): void;
  samplerDefaultPositions(s: number, seedLo: number, seedHi: number): void;
  samplerValidate(s: number, bytes: number, chains: number, dim: number): number;
  samplerConfigure(s: number, stepSize: number, beta: number): void;
  samplerPrime(s: number, desc: number): number;
  samplerRun(s: number, desc: number, steps: number, thin: number, out: number): number;
  samplerResetCounters(s: number): void;
  samplerAdapt(s: number, warmup: number, flags: number, targetAccept: number): void;
  leapfrogTrajectory(
    desc: number, Y: number, P: number, E: number, C: number, D: number, eps: number, L: number, invMass: number, beta: number,
  ): void;
  chainDiagnostics(out: number, S: number, draws: number, chains: number, dim: number): void;
  // ---- contrastive training, exact likelihood, MMD (issue 5)
  contrastiveLoss(kind: number, Ep: number, En: number, B: number, margin: number, gamma: number, alpha: number, wp: number, wn: number): number;
  trainerBytes(): number;
  contrastiveStep(t: number, P: number, stats: number): void;
  gatherBatch(P: number, X: number, D: number, perm: number, start: number, B: number): void;
  shuffleOrder(t: number, perm: number, n: number): void;
  shufflePerm(perm: number, n: number, rng: number): void;
  gridCentres(out: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number): void;
  gridLogPartition(E: number, m: number, beta: number, cellArea: number, P: number): number;
  gridLogLikelihood(desc: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  gridNllGrad(net: number, out: number, Y: number, n: number, xMin: number, xMax: number, yMin: number, yMax: number, R: number, beta: number, scratch: number): number;
  mmd2(A: number, n: number, B: number, m: number, d: number, bandwidth: number): number;
  columnBounds(lo: number, hi: number, X: number, n: number, d: number): void;
}

/** Every function name above: checked against the module at init, so a stale build fails early. */
export const KERNEL_NAMES: readonly (keyof RawExports)[] = [
  'alloc', 'free', 'firstNonFinite', 'errorCode', 'errorDetail', 'clearError',
  'philox4x32', 'rngInit', 'rngU32', 'rngUniform', 'rngNormal', 'rngNormalFast',
  'dot', 'axpy', 'gemv', 'gemm', 'sqdist', 'logsumexpRows', 'meanColumnVariance',
  'kmeansEnergy', 'kmeansFreeEnergy', 'gatherRows', 'kmeansComplete', 'gridPoints',
  'kmeansPlusPlus', 'kmeansAssign', 'kmeansLloydStep', 'kmeansOnlineEpoch', 'peakProbe',
  'toySpiral', 'toyMoons', 'toyCircles', 'toyEightGaussians', 'toyCheckerboard', 'toyPinwheel', 'toySwissRoll',
  'eightGaussiansLogDensity',
  // MLP energy, optimizers, files (issue 3)
  'mlpCreate', 'mlpDestroy', 'mlpParams', 'mlpNumParams', 'mlpSync', 'mlpInitUniform',
  'mlpEnergy', 'mlpEnergyGrad', 'mlpParamGrad', 'activationEval', 'sumSquaresF64', 'sgdStep', 'adamStep', 'crc32', 'mlpSetCondition', 'mlpSetConditionRow', 'mlpDescend', 'distinctMinima',
  // energies, samplers, diagnostics (issue 4)
  'energyEval', 'spdInverse', 'samplerStateBytes', 'samplerLayout', 'samplerDefaultPositions', 'samplerValidate', 'samplerConfigure',
  'samplerPrime', 'samplerRun', 'samplerResetCounters', 'samplerAdapt', 'leapfrogTrajectory', 'chainDiagnostics',
  // contrastive training, exact likelihood, MMD (issue 5)
  'contrastiveLoss', 'trainerBytes', 'contrastiveStep', 'gatherBatch', 'shuffleOrder', 'shufflePerm',
  'gridCentres', 'gridLogPartition', 'gridLogLikelihood', 'gridNllGrad', 'mmd2', 'columnBounds',
];
