// Optimizers over a model's flat parameters, run in WASM (assembly/train/optim.ts)
// with the semantics of torch.optim. An optimizer binds to the first model it
// steps; its state (moments, step count) is saved and restored with
// toBytes()/fromBytes() so a resumed run continues bit-exactly.
import { ArgumentError, ShapeError } from './errors.js';
import { FileFormatError, readFile, writeFile, type ParsedFile, FROM_FILE } from './io/format.js';
import { describe } from './matrix.js';
import { heapF32, kernels } from './runtime/core.js';
import { matrixBlock } from './runtime/data.js';
import { WasmBlock } from './runtime/memory.js';
import { Resource } from './runtime/resource.js';
import { checkInternal, INTERNAL, type Internal } from './util/library-key.js';
import { checkNumber, checkOptions } from './util/validate.js';
import { learnableDescriptor, type Learnable } from './models/learnable.js';

export type { Learnable };

export interface SGDOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  /** Clip the gradient to this global L2 norm before the update. */
  maxGradNorm?: number;
}

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly instead of adding wd·θ to the gradient. */
  decoupled?: boolean;
  maxGradNorm?: number;
}

type Kind = 'sgd' | 'adam';

export class Optimizer extends Resource {
  protected readonly resourceName = 'optimizer';
  readonly kind: Kind;
  private opts: Readonly<Required<SGDOptions> & Required<AdamOptions>>;
  private n = 0;
  private t = 0;
  private buffers: WasmBlock[] = [];

  /** Use optim.sgd / optim.adam: the first argument is a key only the library holds (not stripped from the types, so `new` without it does not type-check). */
  constructor(token: Internal, kind: Kind, options: Required<SGDOptions> & Required<AdamOptions>) {
    super();
    checkInternal(token, 'optim.sgd(options) or optim.adam(options)');
    this.kind = kind;
    this.opts = Object.freeze({ ...options });
  }

  /** The settings (a frozen copy; `lr` is the current learning rate). */
  get options(): Readonly<Required<SGDOptions> & Required<AdamOptions>> {
    return this.opts;
  }

  /**
   * The learning rate. Set it between steps for a schedule, as with torch's
   * `param_groups[0]['lr']`: the moments and the step count are kept, and
   * `toBytes()` saves the new rate. (A ContrastiveTrainer copies its optimizer's
   * settings when it is built: change its rate with `run({ lr })`.)
   */
  get lr(): number {
    return this.opts.lr;
  }

  set lr(value: number) {
    const lr = checkNumber(value, `optim.${this.kind}: lr`, { min: 0, exclusiveMin: true });
    this.opts = Object.freeze({ ...this.opts, lr });
  }

  /** Updates taken so far. */
  get steps(): number {
    return this.t;
  }

  /**
   * One update of `model`'s parameters with gradient `grad` (length numParams).
   * Returns the gradient's global norm before clipping.
   */
  step(model: Learnable, grad: ArrayLike<number>): number {
    const where = `optim.${this.kind}.step`;
    this.checkLive(where);
    const desc = learnableDescriptor(model, where);
    const n = model.numParams;
    if (grad === null || typeof grad !== 'object' || typeof grad.length !== 'number') {
      throw new ArgumentError(`${where}: grad must be a Float32Array of ${n} values, got ${describe(grad)}`);
    }
    if (grad.length !== n) throw new ShapeError(`${where}: grad has ${grad.length} values, the model has ${n} parameters`);
    if (this.n === 0) this.bind(n);
    else if (this.n !== n) throw new ShapeError(`${where}: this optimizer holds state for ${this.n} parameters, the model has ${n}`);
    const K = kernels(where);
    const g = grad instanceof Float32Array ? grad : Float32Array.from(grad);
    const gb = matrixBlock({ rows: 1, cols: n, data: g }, `${where}: grad`);
    try {
      const norm = Math.sqrt(K.sumSquaresF64(gb.ptr, n));
      const o = this.options;
      const clip = Number.isFinite(o.maxGradNorm) && norm > o.maxGradNorm ? o.maxGradNorm / (norm + 1e-6) : 1;
      const theta = K.learnableParams(desc);
      this.t += 1;
      if (this.kind === 'sgd') {
        K.sgdStep(theta, gb.ptr, this.buffers[0]!.ptr, n, o.lr, o.momentum, o.nesterov ? 1 : 0, o.weightDecay, clip, this.t === 1 ? 1 : 0);
      } else {
        K.adamStep(theta, gb.ptr, this.buffers[0]!.ptr, this.buffers[1]!.ptr, n, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, o.decoupled ? 1 : 0, this.t, clip);
      }
      K.learnableSync(desc);
      return norm;
    } finally {
      gb.free();
    }
  }

  /** Saves the kind, options, step count and moment buffers. */
  toBytes(): Uint8Array {
    this.checkLive('Optimizer.toBytes');
    const arrays = this.buffers.map((b) => b.f32(this.n).slice());
    const o = this.options;
    const maxGradNorm = Number.isFinite(o.maxGradNorm) ? o.maxGradNorm : null;
    const options =
      this.kind === 'sgd'
        ? { lr: o.lr, momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay, maxGradNorm }
        : { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: o.decoupled, maxGradNorm };
    return writeFile({ kind: 'optimizer', optimizer: this.kind, options, numParams: this.n, steps: this.t }, arrays);
  }

  static fromBytes(bytes: Uint8Array): Optimizer {
    const file = readFile(bytes, 'Optimizer.fromBytes');
    if (file.header.kind !== 'optimizer') {
      throw new FileFormatError('kind', `Optimizer.fromBytes: the file holds a '${file.header.kind}', not an 'optimizer'`);
    }
    return Optimizer[FROM_FILE](file, 'Optimizer.fromBytes');
  }

  /** @internal */
  static [FROM_FILE](file: ParsedFile, where: string): Optimizer {
    const h = file.header as { optimizer?: unknown; options?: Record<string, unknown>; numParams?: unknown; steps?: unknown };
    if ((h.optimizer !== 'sgd' && h.optimizer !== 'adam') || h.options === null || typeof h.options !== 'object') {
      throw new FileFormatError('header', `${where}: unknown optimizer ${describe(h.optimizer)}`);
    }
    const n = h.numParams;
    const t = h.steps;
    // Adam's bias correction takes the step count as an i32 in WASM: the next step must still fit
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 2 ** 30) {
      throw new FileFormatError('header', `${where}: numParams is ${describe(n)}, expected an integer in [0, 2^30]`);
    }
    if (!Number.isInteger(t) || (t as number) < 0 || (t as number) > 2 ** 31 - 2) {
      throw new FileFormatError('header', `${where}: steps is ${describe(t)}, expected an integer in [0, 2^31 − 2]`);
    }
    const nb = h.optimizer === 'sgd' ? 1 : 2;
    // the arrays are read and checked before anything is allocated in WASM
    const arrays: Float32Array[] = [];
    if ((n as number) > 0) for (let i = 0; i < nb; i++) arrays.push(file.take(n as number, `state buffer ${i}`));
    file.done();
    arrays.forEach((a, i) => {
      const bad = a.findIndex((v) => !Number.isFinite(v) || (i === 1 && v < 0));
      if (bad >= 0) throw new FileFormatError('shape', `${where}: state buffer ${i} value ${bad} is ${a[bad]}${i === 1 ? ', expected a finite second moment ≥ 0' : ''}`);
    });
    const raw = { ...h.options, maxGradNorm: h.options.maxGradNorm ?? undefined };
    let opt: Optimizer;
    try {
      opt = h.optimizer === 'sgd' ? sgd(raw as unknown as SGDOptions) : adam(raw as AdamOptions);
    } catch (e) {
      throw new FileFormatError('header', `${where}: invalid options (${(e as Error).message})`);
    }
    if ((n as number) > 0) {
      opt.bind(n as number);
      arrays.forEach((a, i) => heapF32().set(a, opt.buffers[i]!.ptr >>> 2));
    }
    opt.t = t as number;
    return opt;
  }

  protected override onDispose(): void {
    this.buffers = [];
  }

  private bind(n: number): void {
    const nb = this.kind === 'sgd' ? 1 : 2;
    for (let i = 0; i < nb; i++) {
      const b = new WasmBlock(Math.max(16, n * 4));
      this.buffers.push(b);
      this.own(() => b.free());
    }
    this.n = n;
  }
}

function clipOption(v: unknown, where: string): number {
  return v === undefined || v === null ? Infinity : checkNumber(v, where, { min: 0, exclusiveMin: true });
}

/** torch.optim.SGD: momentum (default 0), Nesterov, L2 weight decay; optional clipping by global norm. */
export function sgd(options: SGDOptions): Optimizer {
  const where = 'optim.sgd';
  if (options === undefined) throw new ArgumentError(`${where}(options): options { lr } are required`);
  checkOptions(options, `${where}(options)`, ['lr', 'momentum', 'nesterov', 'weightDecay', 'maxGradNorm']);
  const lr = checkNumber(options.lr, `${where}: lr`, { min: 0, exclusiveMin: true });
  const momentum = checkNumber(options.momentum ?? 0, `${where}: momentum`, { min: 0, max: 1 });
  const nesterov = options.nesterov ?? false;
  if (typeof nesterov !== 'boolean') throw new ArgumentError(`${where}: nesterov must be a boolean, got ${describe(nesterov)}`);
  if (nesterov && momentum === 0) throw new ArgumentError(`${where}: nesterov needs momentum > 0`);
  const weightDecay = checkNumber(options.weightDecay ?? 0, `${where}: weightDecay`, { min: 0 });
  const maxGradNorm = clipOption(options.maxGradNorm, `${where}: maxGradNorm`);
  return new Optimizer(INTERNAL, 'sgd', { lr, momentum, nesterov, weightDecay, maxGradNorm, beta1: 0, beta2: 0, eps: 0, decoupled: false });
}

/** torch.optim.Adam (AdamW with decoupled: true). Defaults lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
export function adam(options: AdamOptions = {}): Optimizer {
  const where = 'optim.adam';
  checkOptions(options, `${where}(options)`, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'decoupled', 'maxGradNorm']);
  const lr = checkNumber(options.lr ?? 1e-3, `${where}: lr`, { min: 0, exclusiveMin: true });
  const beta1 = checkNumber(options.beta1 ?? 0.9, `${where}: beta1`, { min: 0 });
  const beta2 = checkNumber(options.beta2 ?? 0.999, `${where}: beta2`, { min: 0 });
  if (beta1 >= 1) throw new ArgumentError(`${where}: beta1 must be < 1, got ${beta1}`);
  if (beta2 >= 1) throw new ArgumentError(`${where}: beta2 must be < 1, got ${beta2}`);
  const eps = checkNumber(options.eps ?? 1e-8, `${where}: eps`, { min: 0, exclusiveMin: true });
  const weightDecay = checkNumber(options.weightDecay ?? 0, `${where}: weightDecay`, { min: 0 });
  const decoupled = options.decoupled ?? false;
  if (typeof decoupled !== 'boolean') throw new ArgumentError(`${where}: decoupled must be a boolean, got ${describe(decoupled)}`);
  const maxGradNorm = clipOption(options.maxGradNorm, `${where}: maxGradNorm`);
  return new Optimizer(INTERNAL, 'adam', { lr, beta1, beta2, eps, weightDecay, decoupled, maxGradNorm, momentum: 0, nesterov: false });
}
