// Pure-TS twin of the MLP energy kernels (assembly/energies/mlp.ts):
// F(x, y) = s·z_L + λ·||y||², z_l = W_l·h_{l−1} + b_l, h_l = act(z_l), h_0 = [x, y],
// θ = W_1 (out × in, row-major), b_1, W_2, b_2, … as PyTorch's nn.Linear.
// Plain loops, one row at a time. Precision 'f32' rounds every operation with
// Math.fround (f32 storage and arithmetic; the activations use JS Math.exp/tanh/
// log1p and round the result); 'f64' is the same code without rounding, the
// reference for finite differences and for the PyTorch float64 fixtures.
// errorBounds() gives the first-order error bounds the tests' tolerances use.

export const ACTIVATIONS = ['identity', 'relu', 'leaky_relu', 'silu', 'softplus', 'tanh', 'gelu', 'elu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export type Precision = 'f32' | 'f64';
export type Vec = Float32Array | Float64Array;

/** PyTorch's LeakyReLU default and GELU(approximate='tanh') constants. */
export const LEAKY_SLOPE = 0.01;
const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;
/** float32 unit roundoff 2^-24. */
export const UNIT_ROUNDOFF = 2 ** -24;
/** ulps allowed for an activation computed from exp/tanh/log (see errorBounds). */
export const ACTIVATION_ULPS = 8;

export interface MlpShape {
  /** D: columns of y. */
  inputDim: number;
  /** C: columns of x (0: unconditional). */
  conditionDim: number;
  /** [C + D, ...hidden, 1]. */
  sizes: readonly number[];
  activation: Activation;
  outputScale: number;
  quadratic: number;
}

export function mlpShape(o: {
  inputDim: number;
  conditionDim?: number;
  hidden: readonly number[];
  activation: Activation;
  outputScale?: number;
  quadratic?: number;
}): MlpShape {
  const C = o.conditionDim ?? 0;
  return {
    inputDim: o.inputDim,
    conditionDim: C,
    sizes: [C + o.inputDim, ...o.hidden, 1],
    activation: o.activation,
    outputScale: o.outputScale ?? 1,
    quadratic: o.quadratic ?? 0,
  };
}

/** Σ_l (s_l·s_{l−1} + s_l). */
export function numParams(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l]! * sizes[l - 1]! + sizes[l]!;
  return n;
}

/** The JSON form ({kind: 'mlp-energy', layers: [{weight, bias, activation}]}) → shape and flat θ (f32). */
export function fromJSON(obj: {
  inputDim: number;
  conditionDim?: number;
  outputScale?: number;
  quadratic?: number;
  layers: { weight: number[][]; bias: number[]; activation: string }[];
}): { shape: MlpShape; params: Float32Array } {
  const layers = obj.layers;
  const hidden = layers.slice(0, -1).map((l) => l.bias.length);
  const activation = (layers.length > 1 ? layers[0]!.activation : 'identity') as Activation;
  const shape = mlpShape({
    inputDim: obj.inputDim,
    conditionDim: obj.conditionDim ?? 0,
    hidden,
    activation,
    outputScale: Math.fround(obj.outputScale ?? 1),
    quadratic: Math.fround(obj.quadratic ?? 0),
  });
  const params = new Float32Array(numParams(shape.sizes));
  let k = 0;
  for (const l of layers) {
    for (const row of l.weight) for (const v of row) params[k++] = v;
    for (const v of l.bias) params[k++] = v;
  }
  return { shape, params };
}

// ---- activations (f64; the f32 twin rounds the result) ----------------------------

/** act(z). */
export function act(a: Activation, z: number): number {
  switch (a) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'leaky_relu':
      return z > 0 ? z : LEAKY_SLOPE * z;
    case 'silu':
      return z / (1 + Math.exp(-z));
    case 'softplus':
      return Math.log1p(Math.exp(-Math.abs(z))) + (z > 0 ? z : 0);
    case 'tanh':
      return Math.tanh(z);
    case 'gelu':
      return 0.5 * z * (1 + Math.tanh(GELU_K * (z + GELU_A * z * z * z)));
    case 'elu':
      return z > 0 ? z : Math.expm1(z);
    default:
      return z;
  }
}

/** act'(z); at a kink the value PyTorch uses (relu'(0) = 0, leaky_relu'(0) = slope, elu'(0) = 1). */
export function actDerivative(a: Activation, z: number): number {
  switch (a) {
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky_relu':
      return z > 0 ? 1 : LEAKY_SLOPE;
    case 'silu': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 + z * (1 - s));
    }
    case 'softplus':
      return 1 / (1 + Math.exp(-z));
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'gelu': {
      const t = Math.tanh(GELU_K * (z + GELU_A * z * z * z));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_K * (1 + 3 * GELU_A * z * z);
    }
    case 'elu':
      return z > 0 ? 1 : Math.exp(z);
    default:
      return 1;
  }
}

/** act''(z) (0 for the piecewise-linear ones), for the error bounds. */
export function actSecondDerivative(a: Activation, z: number): number {
  switch (a) {
    case 'silu': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s) * (2 + z * (1 - 2 * s));
    }
    case 'softplus': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return -2 * t * (1 - t * t);
    }
    case 'gelu': {
      const t = Math.tanh(GELU_K * (z + GELU_A * z * z * z));
      const v1 = GELU_K * (1 + 3 * GELU_A * z * z);
      const v2 = 6 * GELU_K * GELU_A * z;
      const sech2 = 1 - t * t;
      return sech2 * v1 + 0.5 * z * sech2 * (v2 - 2 * t * v1 * v1);
    }
    case 'elu':
      return z > 0 ? 0 : Math.exp(z);
    default:
      return 0;
  }
}

// ---- the twin ------------------------------------------------------------------

const f32 = Math.fround;
const exact = (x: number): number => x;

/** Per-call scratch: z_l, h_l and ∂/∂z_l for one row, and the layer offsets in θ. */
interface Scratch {
  z: Vec[];
  h: Vec[];
  g: Vec[];
  off: number[];
}

function scratch(shape: MlpShape, precision: Precision): Scratch {
  const V = precision === 'f32' ? Float32Array : Float64Array;
  const s = shape.sizes;
  const off: number[] = [0, 0];
  for (let l = 1; l < s.length; l++) off[l + 1] = off[l]! + s[l]! * s[l - 1]! + s[l]!;
  return { z: s.map((k) => new V(k)), h: s.map((k) => new V(k)), g: s.map((k) => new V(k)), off };
}

function checkInputs(shape: MlpShape, params: Vec, Y: Vec, n: number, X: Vec | undefined): void {
  const { inputDim: D, conditionDim: C } = shape;
  if (params.length !== numParams(shape.sizes)) throw new Error(`mlp twin: θ has ${params.length} values, expected ${numParams(shape.sizes)}`);
  if (Y.length !== n * D) throw new Error(`mlp twin: Y has ${Y.length} values, expected ${n}·${D}`);
  if (C > 0 && (!X || X.length !== n * C)) throw new Error(`mlp twin: X must have ${n}·${C} values`);
}

/** h_0 = [x_i, y_i]; forward pass of row i; returns z_L. */
function forwardRow(shape: MlpShape, P: Vec, Y: Vec, X: Vec | undefined, i: number, st: Scratch, R: (x: number) => number): number {
  const { inputDim: D, conditionDim: C, sizes, activation } = shape;
  const h0 = st.h[0]!;
  for (let j = 0; j < C; j++) h0[j] = X![i * C + j]!;
  for (let j = 0; j < D; j++) h0[C + j] = Y[i * D + j]!;
  const L = sizes.length - 1;
  for (let l = 1; l <= L; l++) {
    const inn = sizes[l - 1]!;
    const out = sizes[l]!;
    const off = st.off[l]!;
    const bOff = off + out * inn;
    const h = st.h[l - 1]!;
    const z = st.z[l]!;
    for (let o = 0; o < out; o++) {
      const w = off + o * inn;
      let acc = 0;
      for (let k = 0; k < inn; k++) acc = R(acc + R(P[w + k]! * h[k]!));
      z[o] = R(acc + P[bOff + o]!);
    }
    if (l < L) {
      const hn = st.h[l]!;
      for (let o = 0; o < out; o++) hn[o] = R(act(activation, z[o]!));
    }
  }
  return st.z[L]![0]!;
}

/** s·z_L + λ·||y_i||². */
function rowEnergy(shape: MlpShape, zL: number, Y: Vec, i: number, R: (x: number) => number): number {
  const { inputDim: D, outputScale: s, quadratic: lam } = shape;
  let e = R(s * zL);
  if (lam !== 0) {
    let q = 0;
    for (let j = 0; j < D; j++) q = R(q + R(Y[i * D + j]! * Y[i * D + j]!));
    e = R(e + R(lam * q));
  }
  return e;
}

/**
 * Backward pass of row i from ∂/∂z_L = gL. With G, adds ∂/∂θ into it; with
 * wantInput, leaves ∂/∂h_0 in st.g[0].
 */
function backwardRow(shape: MlpShape, P: Vec, gL: number, st: Scratch, G: Vec | null, wantInput: boolean, R: (x: number) => number): void {
  const { sizes, activation } = shape;
  const L = sizes.length - 1;
  st.g[L]![0] = gL;
  for (let l = L; l >= 1; l--) {
    const inn = sizes[l - 1]!;
    const out = sizes[l]!;
    const off = st.off[l]!;
    const bOff = off + out * inn;
    const gz = st.g[l]!;
    const h = st.h[l - 1]!;
    if (G) {
      for (let o = 0; o < out; o++) {
        const go = gz[o]!;
        const w = off + o * inn;
        for (let k = 0; k < inn; k++) G[w + k] = R(G[w + k]! + R(go * h[k]!));
        G[bOff + o] = R(G[bOff + o]! + go);
      }
    }
    if (l > 1 || wantInput) {
      const gh = st.g[l - 1]!;
      gh.fill(0);
      for (let o = 0; o < out; o++) {
        const go = gz[o]!;
        const w = off + o * inn;
        for (let k = 0; k < inn; k++) gh[k] = R(gh[k]! + R(go * P[w + k]!));
      }
      if (l > 1) {
        const z = st.z[l - 1]!;
        for (let k = 0; k < inn; k++) gh[k] = R(gh[k]! * R(actDerivative(activation, z[k]!)));
      }
    }
  }
}

const rounding = (p: Precision) => (p === 'f32' ? f32 : exact);
const vec = (p: Precision, n: number): Vec => (p === 'f32' ? new Float32Array(n) : new Float64Array(n));

/** Energies F(x_i, y_i) of n rows. Y n×D, X n×C (or undefined when C = 0). */
export function energies(shape: MlpShape, params: Vec, Y: Vec, n: number, X?: Vec, precision: Precision = 'f32'): Vec {
  checkInputs(shape, params, Y, n, X);
  const R = rounding(precision);
  const st = scratch(shape, precision);
  const E = vec(precision, n);
  for (let i = 0; i < n; i++) E[i] = rowEnergy(shape, forwardRow(shape, params, Y, X, i, st, R), Y, i, R);
  return E;
}

/** Energies and ∂F/∂y (n×D, row-major). */
export function energyAndGrad(shape: MlpShape, params: Vec, Y: Vec, n: number, X?: Vec, precision: Precision = 'f32'): { energy: Vec; grad: Vec } {
  checkInputs(shape, params, Y, n, X);
  const { inputDim: D, conditionDim: C, outputScale: s, quadratic: lam } = shape;
  const R = rounding(precision);
  const st = scratch(shape, precision);
  const E = vec(precision, n);
  const Gy = vec(precision, n * D);
  const lam2 = R(2 * lam);
  for (let i = 0; i < n; i++) {
    E[i] = rowEnergy(shape, forwardRow(shape, params, Y, X, i, st, R), Y, i, R);
    backwardRow(shape, params, s, st, null, true, R);
    const g0 = st.g[0]!;
    for (let j = 0; j < D; j++) Gy[i * D + j] = R(g0[C + j]! + R(lam2 * Y[i * D + j]!));
  }
  return { energy: E, grad: Gy };
}

/** Σ_i w_i ∂F(x_i, y_i)/∂θ (numParams), θ laid out as the kernel's. */
export function paramGrad(shape: MlpShape, params: Vec, Y: Vec, weights: Vec, n: number, X?: Vec, precision: Precision = 'f32'): Vec {
  checkInputs(shape, params, Y, n, X);
  if (weights.length !== n) throw new Error(`mlp twin: weights has ${weights.length} values, expected ${n}`);
  const R = rounding(precision);
  const st = scratch(shape, precision);
  const G = vec(precision, params.length);
  for (let i = 0; i < n; i++) {
    forwardRow(shape, params, Y, X, i, st, R);
    backwardRow(shape, params, R(shape.outputScale * weights[i]!), st, G, false, R);
  }
  return G;
}

// ---- error bounds for the tests ------------------------------------------------------

/** Allowed absolute error of one f32 evaluation of act(z) or act'(z) = value. */
function activationError(a: Activation, z: number, value: number): number {
  if (a === 'identity' || a === 'relu') return 0;
  if (a === 'leaky_relu') return UNIT_ROUNDOFF * Math.abs(value);
  return ACTIVATION_ULPS * UNIT_ROUNDOFF * (Math.abs(value) + Math.abs(z) + 1);
}

export interface ErrorBounds {
  /** Absolute first-order bounds on the error of any f32 evaluation (any summation order). */
  energy: Float64Array;
  grad: Float64Array;
  paramGrad: Float64Array;
  /** min over hidden pre-activations of |z| / (its bound): far above 1 ⇒ no f32 run crosses a relu kink. */
  kinkMargin: number;
  /** min over hidden pre-activations of |z| (finite differences must not step across a kink). */
  minAbsPreActivation: number;
}

/**
 * Running error analysis of energy, ∂F/∂y and Σ w_i ∂F_i/∂θ at these inputs,
 * in f64 (the same model as scripts/make_mlp_fixtures.py, which writes these
 * bounds ÷ 2^-24 into the fixtures as errorScale): a sum of n terms is off by
 * ≤ (n + 1)·u·Σ|terms|; a product by u·|result|; an activation or its derivative
 * computed from exp/tanh/log by ≤ 8u·(|value| + |z| + 1); earlier errors carried
 * through |W|, |act'| and |act''| (first order). u = 2^-24.
 */
export function errorBounds(shape: MlpShape, params: ArrayLike<number>, Y: ArrayLike<number>, n: number, X?: ArrayLike<number>, weights?: ArrayLike<number>): ErrorBounds {
  const u = UNIT_ROUNDOFF;
  const { inputDim: D, conditionDim: C, sizes, activation: a } = shape;
  const s = shape.outputScale;
  const lam = shape.quadratic;
  const L = sizes.length - 1;
  const P = Float64Array.from(params);
  const off: number[] = [0, 0];
  for (let l = 1; l <= L; l++) off[l + 1] = off[l]! + sizes[l]! * sizes[l - 1]! + sizes[l]!;
  const mk = () => sizes.map((k) => new Float64Array(k));
  const h = mk(), eh = mk(), z = mk(), ez = mk(), g = mk(), eg = mk();
  const E = new Float64Array(n);
  const GY = new Float64Array(n * D);
  const PG = new Float64Array(P.length);
  // paramGrad bound = A1 + (n + 3)·u·A2 (weights) and A1 + (n + 2)·u·A2 (biases), accumulated over rows
  const A1 = new Float64Array(P.length);
  const A2 = new Float64Array(P.length);
  let margin = Infinity;
  let minAbsZ = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < C; j++) (h[0]![j] = X![i * C + j]!), (eh[0]![j] = 0);
    for (let j = 0; j < D; j++) (h[0]![C + j] = Y[i * D + j]!), (eh[0]![C + j] = 0);
    for (let l = 1; l <= L; l++) {
      const inn = sizes[l - 1]!, out = sizes[l]!, o0 = off[l]!, b0 = o0 + out * inn;
      for (let o = 0; o < out; o++) {
        let v = P[b0 + o]!, mag = Math.abs(P[b0 + o]!), prop = 0;
        for (let k = 0; k < inn; k++) {
          const w = P[o0 + o * inn + k]!;
          v += w * h[l - 1]![k]!;
          mag += Math.abs(w * h[l - 1]![k]!);
          prop += Math.abs(w) * eh[l - 1]![k]!;
        }
        z[l]![o] = v;
        ez[l]![o] = prop + (inn + 1) * u * mag;
        if (l < L) {
          const av = act(a, v);
          h[l]![o] = av;
          eh[l]![o] = Math.abs(actDerivative(a, v)) * ez[l]![o]! + activationError(a, v, av);
          margin = Math.min(margin, Math.abs(v) / Math.max(ez[l]![o]!, 1e-300));
          minAbsZ = Math.min(minAbsZ, Math.abs(v));
        }
      }
    }
    let q = 0;
    for (let j = 0; j < D; j++) q += Y[i * D + j]! * Y[i * D + j]!;
    const zL = z[L]![0]!;
    const e = s * zL + lam * q;
    E[i] = Math.abs(s) * ez[L]![0]! + 2 * u * Math.abs(s * zL) + (D + 2) * u * lam * q + u * Math.abs(e);
    // backward with ∂F_i/∂z_L = s (unweighted)
    g[L]![0] = s;
    eg[L]![0] = 0;
    const w = weights ? Math.abs(weights[i]!) : 0;
    for (let l = L; l >= 1; l--) {
      const inn = sizes[l - 1]!, out = sizes[l]!, o0 = off[l]!, b0 = o0 + out * inn;
      if (weights) {
        for (let o = 0; o < out; o++) {
          const go = Math.abs(g[l]![o]!), ego = eg[l]![o]!;
          for (let k = 0; k < inn; k++) {
            const hk = Math.abs(h[l - 1]![k]!);
            A1[o0 + o * inn + k]! += w * (ego * hk + go * eh[l - 1]![k]!);
            A2[o0 + o * inn + k]! += w * go * hk;
          }
          A1[b0 + o]! += w * ego;
          A2[b0 + o]! += w * go;
        }
      }
      for (let k = 0; k < inn; k++) {
        let v = 0, mag = 0, prop = 0;
        for (let o = 0; o < out; o++) {
          const W = P[o0 + o * inn + k]!;
          v += g[l]![o]! * W;
          mag += Math.abs(g[l]![o]! * W);
          prop += Math.abs(W) * eg[l]![o]!;
        }
        const egh = prop + (out + 1) * u * mag;
        if (l > 1) {
          const zk = z[l - 1]![k]!, d1 = actDerivative(a, zk), d2 = actSecondDerivative(a, zk);
          g[l - 1]![k] = v * d1;
          eg[l - 1]![k] = Math.abs(d1) * egh + Math.abs(v) * (Math.abs(d2) * ez[l - 1]![k]! + activationError(a, zk, d1)) + u * Math.abs(v * d1);
        } else {
          g[0]![k] = v;
          eg[0]![k] = egh;
        }
      }
    }
    for (let j = 0; j < D; j++) {
      const gv = g[0]![C + j]!, qy = 2 * lam * Y[i * D + j]!;
      GY[i * D + j] = eg[0]![C + j]! + 2 * u * (Math.abs(gv) + Math.abs(qy)) + u * Math.abs(gv + qy);
    }
  }
  if (weights) {
    for (let l = 1; l <= L; l++) {
      const inn = sizes[l - 1]!, out = sizes[l]!, o0 = off[l]!, b0 = o0 + out * inn;
      for (let t = o0; t < b0; t++) PG[t] = A1[t]! + (n + 3) * u * A2[t]!;
      for (let t = b0; t < b0 + out; t++) PG[t] = A1[t]! + (n + 2) * u * A2[t]!;
    }
  }
  return { energy: E, grad: GY, paramGrad: PG, kinkMargin: margin, minAbsPreActivation: minAbsZ };
}
