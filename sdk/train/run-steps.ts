// What the step trainers (train.contrastive, train.nce, train.scoreMatching)
// share: their optimizer as settings (and back, for their files), the options
// of run(), the copy of θ before a step and the non-finite step that puts it
// back, and the step loop all three run (runSteps); the trainers whose step is
// one fused WASM call over a batch (NCE, score matching) also share that step
// (runFusedSteps). Each trainer keeps what is its own: its block's layout, its
// progress record, how it shuffles and gathers a batch, contrastive's workers.
import { ArgumentError, NumericalError } from '../errors.js';
import { learnableDescriptor, type LearnableResource } from '../models/learnable.js';
import { adam, type Optimizer } from '../optim.js';
import { heapF32, kernels } from '../runtime/core.js';
import type { Resource } from '../runtime/resource.js';
import { runOn } from '../util/runner.js';
import { checkFunction, checkInteger, checkNumber, checkOptions, checkSignal } from '../util/validate.js';

/** An optimizer as a trainer stores it (in its block and its file). */
export interface OptimizerSettings {
  kind: 'sgd' | 'adam';
  lr: number;
  /** SGD's momentum, or Adam's β1. */
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  nesterov: boolean;
  decoupled: boolean;
  maxGradNorm: number | null;
}

/** The settings of `opt` (default optim.adam({ lr: 1e-3 })), which must come from optim.sgd or optim.adam. */
export function optimizerSettings(opt: Optimizer | undefined, where: string): OptimizerSettings {
  const oo = (opt ?? adam({ lr: 1e-3 })) as unknown as { options?: Record<string, number | boolean>; kind?: string };
  if (oo === null || typeof oo !== 'object' || (oo.kind !== 'sgd' && oo.kind !== 'adam') || typeof oo.options !== 'object') {
    throw new ArgumentError(`${where}: optimizer must come from optim.sgd(...) or optim.adam(...)`);
  }
  const o = oo.options;
  const clip = o.maxGradNorm as number;
  return {
    kind: oo.kind, lr: o.lr as number, beta1: (oo.kind === 'sgd' ? o.momentum : o.beta1) as number,
    beta2: (o.beta2 as number) ?? 0, eps: (o.eps as number) ?? 0, weightDecay: (o.weightDecay as number) ?? 0,
    nesterov: Boolean(o.nesterov), decoupled: Boolean(o.decoupled), maxGradNorm: Number.isFinite(clip) ? clip : null,
  };
}

/** The optimizer options that give these settings back (a trainer file's; the trainer's constructor validates them again). */
export function optimizerOf(o: OptimizerSettings): Optimizer {
  const opt = o.kind === 'sgd'
    ? { kind: 'sgd', options: { lr: o.lr, momentum: o.beta1, nesterov: o.nesterov, weightDecay: o.weightDecay, maxGradNorm: o.maxGradNorm ?? Infinity } }
    : { kind: 'adam', options: { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: o.decoupled, maxGradNorm: o.maxGradNorm ?? Infinity } };
  return opt as unknown as Optimizer;
}

/** What a trainer's run() takes. */
export interface RunOptions<P> {
  steps?: number;
  epochs?: number;
  lr?: number;
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

/** A run's options, checked: its steps (epochs × whole batches per epoch), learning rate from now on, signal, callback. */
export interface RunPlan<P> {
  steps: number;
  lr: number | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((p: P) => void) | undefined;
}

/**
 * Checks run()'s `options` (and the names in `more`, which the caller checks): exactly one of steps
 * or epochs; an epoch is ⌊rows / batchSize⌋ steps (the last partial batch is dropped). Without its
 * own onProgress a run reports to `fallback` (the trainer's).
 */
export function readRunOptions<P>(
  options: RunOptions<P> | undefined, where: string, more: readonly string[], batchSize: number, rows: number, fallback: ((p: P) => void) | undefined,
): RunPlan<P> {
  if (options === undefined) throw new ArgumentError(`${where}(options): options { steps } or { epochs } are required`);
  checkOptions(options, `${where}(options)`, ['steps', 'epochs', 'lr', 'signal', 'onProgress', ...more]);
  const lr = options.lr === undefined ? undefined : checkNumber(options.lr, `${where}: lr`, { min: 0, exclusiveMin: true });
  if ((options.steps === undefined) === (options.epochs === undefined)) throw new ArgumentError(`${where}: give exactly one of steps or epochs`);
  const steps = options.steps !== undefined
    ? checkInteger(options.steps, `${where}: steps`, 0)
    : checkInteger(options.epochs, `${where}: epochs`, 0) * Math.floor(rows / batchSize);
  const signal = checkSignal(options.signal, `${where}: signal`);
  const onProgress = options.onProgress === undefined ? fallback : checkFunction<(p: P) => void>(options.onProgress, `${where}: onProgress`);
  return { steps, lr, signal, onProgress };
}

/** The first run of a train.* function: `steps`, or `epochs` (default 10); not both. */
export function firstRunLength(options: { steps?: number; epochs?: number }, where: string): { steps: number } | { epochs: number } {
  if (options.steps !== undefined && options.epochs !== undefined) throw new ArgumentError(`${where}: give steps or epochs, not both`);
  return options.steps !== undefined
    ? { steps: checkInteger(options.steps, `${where}: steps`, 0) }
    : { epochs: checkInteger(options.epochs ?? 10, `${where}: epochs`, 0) };
}

/** Copies θ to `backup` (model.numParams floats) before a step that may be refused. */
export function keepParams(model: LearnableResource, backup: number, where: string): void {
  const theta = kernels(where).learnableParams(learnableDescriptor(model, where));
  heapF32().copyWithin(backup >>> 2, theta >>> 2, (theta >>> 2) + model.numParams);
}

/**
 * A step that was not finite: θ goes back to `backup` (the model's copy synced); the error says
 * what was not finite at which step, with `detail` (the step's figures) and `advice`.
 */
export function nonFiniteStep(model: LearnableResource, backup: number, what: string, step: number, detail: string, advice: string, where: string): NumericalError {
  const K = kernels(where);
  const net = learnableDescriptor(model, where);
  const theta = K.learnableParams(net);
  heapF32().copyWithin(theta >>> 2, backup >>> 2, (backup >>> 2) + model.numParams);
  K.learnableSync(net);
  return new NumericalError(`${where}: non-finite ${what} at step ${step} (${detail}); the model keeps the parameters from before that step: ${advice}`, step);
}

/** What a trainer's run() does per step, for runSteps. */
export interface StepLoop<P> {
  /** Runs the whole loop inside this (e.g. with a pool); without it, the loop runs as it is. */
  around?: (loop: () => Promise<P | null>) => Promise<P | null>;
  /** Learning rate from now on: in the trainer's block and its settings (so a saved trainer has it). */
  setLr(lr: number): void;
  /** One step, taken: its progress, or a throw (a refused step puts back what it changed). */
  step(): P | Promise<P>;
}

/**
 * run() of a step trainer `owner` training `model`: the plan's steps, each reported and paced by the
 * run loop; an early stop keeps the steps finished before it.
 */
export function runSteps<P>(owner: Resource, model: LearnableResource, plan: RunPlan<P>, where: string, s: StepLoop<P>): Promise<P | null> {
  let done = 0;
  const kept = () => `the ${done} steps of this run taken before it are kept`;
  return runOn(owner, { where, signal: plan.signal, onProgress: plan.onProgress, kept, uses: [model] }, (pacer) => {
    const loop = async (): Promise<P | null> => {
      if (plan.lr !== undefined) s.setLr(plan.lr);
      let last: P | null = null;
      for (let k = 0; k < plan.steps; k++) {
        const r = s.step();
        last = r instanceof Promise ? await r : r;
        done++;
        pacer.report(last);
        await pacer.tick();
      }
      return last;
    };
    return s.around ? s.around(loop) : loop();
  });
}

/** A trainer whose step is one fused WASM call over a batch (NCE, score matching). */
export interface FusedStepper<P> {
  readonly model: LearnableResource;
  /** Where θ is copied before each step (model.numParams floats). */
  backup: number;
  /** Puts the next batch in place (a new epoch's order first when the epoch's rows run out). */
  nextBatch(): void;
  /** Saves state beyond θ that a failed step must give back; returns the restore. */
  save?(): () => void;
  /** The fused step on the batch: whether it was finite, its loss, its number (steps taken, this one counted) and its progress. */
  step(): { ok: boolean; loss: number; step: number; progress: P };
  /** Learning rate from now on: in the trainer's block and its settings (so a saved trainer has it). */
  setLr(lr: number): void;
}

/** run() of a fused-step trainer `owner`: the plan's steps, one fused call each. */
export function runFusedSteps<P>(owner: Resource, t: FusedStepper<P>, plan: RunPlan<P>, where: string): Promise<P | null> {
  // looked up once a run: a step of a small batch takes ~10 µs, and these lookups were 3 % of it
  const K = kernels(where);
  const net = learnableDescriptor(t.model, where);
  const np = t.model.numParams;
  return runSteps(owner, t.model, plan, where, {
    setLr: (lr) => t.setLr(lr),
    step: () => {
      t.nextBatch();
      const theta = K.learnableParams(net);
      heapF32().copyWithin(t.backup >>> 2, theta >>> 2, (theta >>> 2) + np);
      const restore = t.save?.();
      const r = t.step();
      if (!r.ok) {
        restore?.();
        throw nonFiniteStep(t.model, t.backup, 'loss, gradient or parameters', r.step, `loss ${r.loss}`,
          'lower the learning rate or clip the gradient (maxGradNorm)', where);
      }
      return r.progress;
    },
  });
}
