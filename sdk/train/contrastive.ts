// Contrastive training (the lecture's contrastive methods): push the energy
// down on data and up on contrastive samples. Each step is one fused WASM call
// (assembly/train/contrastive.ts): negatives, both energy passes, the
// weighted parameter gradient, the optimizer update. All state that a step
// reads or changes (RNG, epoch order, replay buffer, sampler state, optimizer
// moments) lives in WASM memory, so `run` in chunks equals one long run and a
// saved trainer resumes bit-exactly. Settings: contrastive-settings.ts; the
// trainer block: contrastive-block.ts; files: contrastive-file.ts.
import { ShapeError } from '../errors.js';
import { FileFormatError } from '../io/format.js';
import type { Matrix, MatrixLike } from '../matrix.js';
import { learnableDescriptor, type LearnableResource } from '../models/learnable.js';
import {
  T_ALPHA, T_GAMMA, T_LOSS, T_MARGIN, T_STEPS, TRAIN_BLOCK, TRAIN_STATS_BYTES, TRAIN_STAT_ENERGY_NEGATIVE, TRAIN_STAT_ENERGY_POSITIVE,
  TRAIN_STAT_GRAD_NORM, TRAIN_STAT_LOSS, TRAIN_STAT_NEG_NON_FINITE, TRAIN_STAT_OK,
} from '../runtime/abi.js';
import { heapF32, heapF64, heapI32, heapU8, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock } from '../runtime/memory.js';
import { Resource } from '../runtime/resource.js';
import { createStateBlock, KINDS, kindSettings, stateProblem } from '../samplers/kinds.js';
import { checkFunction, checkInteger, checkOptions } from '../util/validate.js';
import { KEYS, settings, splitData, type ContrastiveOptions, type ContrastiveProgress, type Settings } from './contrastive-settings.js';
import { readCounters, readMoments, setLearningRate, writeCounters, writeMoments, writeTrainerBlock } from './contrastive-block.js';
import { readTrainerFile, writeTrainerFile } from './contrastive-file.js';
import { asFileError, firstRun } from './trainer-file.js';
import { keepParams, nonFiniteStep, readRunOptions, runSteps } from './run-steps.js';
import { chainRanges, joinState, splitState } from '../parallel/chains.js';
import { portableOf } from '../parallel/portable.js';
import { checkParallel, nextRunKey, withPool, type ParallelOptions } from '../parallel/use.js';
import type { ContrastivePartsArgs, ContrastivePartsResult, NeedFile } from '../parallel/tasks.js';
import type { Pool } from '../parallel/pool.js';
import type { PortableEnergy } from '../energies/energy.js';

export { LOSSES } from './contrastive-settings.js';
export type { ContrastiveOptions, ContrastiveProgress, LossName, NegativesOptions } from './contrastive-settings.js';

export class ContrastiveTrainer extends Resource {
  protected readonly resourceName = 'trainer';
  readonly model: LearnableResource;
  private readonly data: Matrix;
  private readonly s: Settings;
  private t: WasmBlock;
  private X: WasmBlock;
  private P: WasmBlock;
  private perm: WasmBlock;
  private stats: WasmBlock;
  private backup: WasmBlock;
  private sampler: WasmBlock | null = null;
  /** E⁺, E⁻, w⁺, w⁻ (B each), a gradient per block of TRAIN_BLOCK rows, a B×D work area (T_SCRATCH). */
  private scratch: WasmBlock;
  private buf: WasmBlock | null = null;
  private cursor: number;
  private epochCount = 0;
  private readonly cond: Matrix | null;
  private XC: WasmBlock | null = null;
  private PX: WasmBlock | null = null;
  /** train.contrastive's onProgress: every run() reports to it unless given its own. */
  private readonly onProgress: ((p: ContrastiveProgress) => void) | undefined;

  /** Prepares a trainer (no step is taken); see train.contrastive for the options. */
  constructor(model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }, options: ContrastiveOptions = {}) {
    super();
    const where = 'train.contrastive';
    const net = learnableDescriptor(model, where);
    checkOptions(options, `${where}(model, data, options)`, KEYS);
    const { x, y } = splitData(model, data, where);
    if (y.rows === 0) throw new ShapeError(`${where}: data has no rows`);
    if (y.cols !== model.dim) throw new ShapeError(`${where}: data has ${y.cols} columns, the model expects ${model.dim}`);
    this.model = model;
    this.data = y;
    this.cond = x;
    this.s = settings(options, y, where);
    this.onProgress = checkFunction<(p: ContrastiveProgress) => void>(options.onProgress, `${where}: onProgress`);
    const K = kernels(where);
    const D = y.cols;
    const B = this.s.batchSize;
    const n = y.rows;
    const P = model.numParams;
    const take = (b: WasmBlock) => {
      this.own(() => b.free());
      return b;
    };
    try {
      this.X = take(matrixBlock(y, `${where}: data`));
      if (x) {
        this.XC = take(matrixBlock(x, `${where}: data.X`));
        this.PX = take(new WasmBlock(B * x.cols * 4));
      }
      this.t = take(new WasmBlock(K.trainerBytes()));
      this.P = take(new WasmBlock(B * D * 4));
      this.perm = take(new WasmBlock(n * 4));
      this.stats = take(new WasmBlock(TRAIN_STATS_BYTES));
      this.backup = take(new WasmBlock(P * 4));
      const m = take(new WasmBlock(P * 4));
      const v = take(new WasmBlock(P * 4));
      const neg = take(new WasmBlock(B * D * 4));
      const scratch = take(new WasmBlock((4 * B + Math.ceil(B / TRAIN_BLOCK) * P + B * D) * 4 + 16));
      this.scratch = scratch;
      const idx = take(new WasmBlock(B * 4));
      const lo = take(new WasmBlock(D * 4));
      const hi = take(new WasmBlock(D * 4));
      lo.f32(D).set(this.s.lo);
      hi.f32(D).set(this.s.hi);
      if (this.s.init === 'buffer') this.buf = take(new WasmBlock(this.s.bufferSize * D * 4, `${where}: negatives.bufferSize ${this.s.bufferSize} × dim ${D}`));
      if (this.s.sampler !== 'descent') {
        // the negatives' sampler: positions are set per step, its RNG is its own stream of the seed
        const spec = KINDS[this.s.sampler];
        const settings = kindSettings(spec, { noiseScale: this.s.noiseScale, leapfrogSteps: this.s.leapfrogSteps }, where);
        this.sampler = take(createStateBlock(spec, {
          chains: B, dim: D, init: { rows: B, cols: D, data: new Float32Array(B * D) }, seed: this.s.seed, stream: 0x6e656700, stepSize: this.s.stepSize, beta: 1, settings,
        }, where));
      }
      writeTrainerBlock(this.t.ptr, this.s, D, {
        net, conditions: this.PX ? this.PX.ptr : 0, buffer: this.buf ? this.buf.ptr : 0, sampler: this.sampler ? this.sampler.ptr : 0,
        lo: lo.ptr, hi: hi.ptr, m: m.ptr, v: v.ptr, negatives: neg.ptr, scratch: scratch.ptr, bufferIndex: idx.ptr,
      }, where);
      const p = this.perm.i32(n);
      for (let i = 0; i < n; i++) p[i] = i;
      this.cursor = n; // the first step shuffles
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Training steps taken so far. */
  get steps(): number {
    return readCounters(this.live('steps')).stepCount;
  }

  /** Full passes over the data started so far. */
  get epochs(): number {
    return this.epochCount;
  }

  /** Rows currently in the replay buffer (init 'buffer'), a copy. */
  get buffer(): Matrix {
    const t = this.live('buffer');
    const D = this.data.cols;
    const count = this.buf ? readCounters(t).bufCount : 0;
    return { rows: count, cols: D, data: this.buf ? this.buf.f32(count * D).slice() : new Float32Array(0) };
  }

  /**
   * Takes `steps` training steps, or `epochs` passes over the data (the last
   * partial batch of an epoch is dropped). `lr` sets the optimizer's learning
   * rate from now on (it is saved with the trainer). `onProgress` defaults to
   * the one given to train.contrastive. Resolves to the last step's progress.
   */
  async run(options: { steps?: number; epochs?: number; lr?: number; signal?: AbortSignal; onProgress?: (p: ContrastiveProgress) => void } & ParallelOptions): Promise<ContrastiveProgress | null> {
    const where = 'ContrastiveTrainer.run';
    const t = this.live(where);
    const plan = readRunOptions(options, where, ['workers', 'pool'], this.s.batchSize, this.data.rows, this.onProgress);
    const asked = checkParallel(options, where);
    // workers take the batch's blocks (negatives, energies, partial gradients) when there is more
    // than one block, the negatives come from a sampler (descent runs here) and the model can be
    // rebuilt in a worker (an unconditional MLPEnergy); else this thread, with the same bytes
    const worth = asked !== null && this.sampler !== null && this.s.batchSize > TRAIN_BLOCK && portableOf(this.model, where) !== null;
    const B = this.s.batchSize;
    const n = this.data.rows;
    const K = kernels(where);
    // the run's pool (or none): the model's file goes with the run's first step, later steps send only
    // the parameters (the workers keep the model by key; one that does not hold it answers needFile)
    let on: { pool: Pool | null; key: string; portable: PortableEnergy | null; sent: { file: boolean } } | null = null;
    return runSteps<ContrastiveProgress>(this, this.model, plan, where, {
      around: (loop) => withPool(asked, worth, where, (pool) => {
        on = { pool, key: nextRunKey(), portable: pool ? portableOf(this.model, where) : null, sent: { file: false } };
        return loop();
      }),
      // a learning-rate schedule without losing the buffer or the optimizer's moments
      setLr: (lr) => {
        setLearningRate(t, lr);
        this.s.optimizer.lr = lr;
      },
      step: async () => {
        const { pool, key, portable, sent } = on!;
        // on workers a step can fail between its parts (a worker died): what it changed is put back
        const before = pool ? this.snapshot(this.cursor + B > n) : null;
        if (this.cursor + B > n) {
          K.shuffleOrder(t, this.perm.ptr, n);
          this.cursor = 0;
          this.epochCount++;
        }
        K.gatherBatch(this.P.ptr, this.X.ptr, this.data.cols, this.perm.ptr, this.cursor, B);
        if (this.cond && this.XC && this.PX) K.gatherBatch(this.PX.ptr, this.XC.ptr, this.cond.cols, this.perm.ptr, this.cursor, B);
        this.cursor += B;
        keepParams(this.model, this.backup.ptr, where);
        if (pool) {
          try {
            await this.stepOnWorkers(pool, key, portable!, sent, where);
          } catch (e) {
            if (!this.disposed) before!();
            throw e;
          }
        } else K.contrastiveStep(t, this.P.ptr, this.stats.ptr);
        const s = this.stats.f64(TRAIN_STATS_BYTES / 8);
        const stat = (offset: number) => s[offset / 8]!;
        const step = this.steps;
        const loss = stat(TRAIN_STAT_LOSS);
        if (stat(TRAIN_STAT_OK) !== 1) {
          throw nonFiniteStep(this.model, this.backup.ptr, Number.isFinite(loss) ? 'gradient or parameters' : 'loss', step,
            `loss ${loss}, E⁺ ${stat(TRAIN_STAT_ENERGY_POSITIVE)}, E⁻ ${stat(TRAIN_STAT_ENERGY_NEGATIVE)}`,
            'lower the learning rate or step size, or add regularization.energySquare', where);
        }
        return {
          epoch: this.epochCount, step, loss, energyPositive: stat(TRAIN_STAT_ENERGY_POSITIVE),
          energyNegative: stat(TRAIN_STAT_ENERGY_NEGATIVE), gradNorm: stat(TRAIN_STAT_GRAD_NORM),
        };
      },
    });
  }

  /** What a step changes before its update (trainer block, negatives' sampler, order, cursor); returns the restore. */
  private snapshot(shuffles: boolean): () => void {
    const u8 = (b: WasmBlock | null) => (b ? heapU8().slice(b.ptr, b.ptr + b.bytes) : null);
    const t = u8(this.t)!;
    const sampler = u8(this.sampler);
    const perm = shuffles ? u8(this.perm) : null;
    const cursor = this.cursor;
    const epochs = this.epochCount;
    return () => {
      heapU8().set(t, this.t.ptr);
      if (sampler) heapU8().set(sampler, this.sampler!.ptr);
      if (perm) heapU8().set(perm, this.perm.ptr);
      this.cursor = cursor;
      this.epochCount = epochs;
    };
  }

  /**
   * contrastiveStep with the batch's blocks on the pool's workers: each worker takes a contiguous
   * run of whole blocks of TRAIN_BLOCK rows (their negatives' sampler part and data rows) and
   * primes, samples and moves those negatives, then returns their energies and one partial
   * parameter gradient per block (contrastiveBlocks). This thread puts the parts back, sums the
   * gradients in the fixed tree and updates (contrastiveFinish): the bytes of contrastiveStep,
   * which runs the same blocks and tree on one thread. The model's file goes with the run's first
   * step (`sent.file` false), then its parameters alone; a worker without the model of `key` (one
   * that took no part of the first step, a replaced one, one that served another run since) answers
   * needFile and gets the part again with the file.
   */
  private async stepOnWorkers(pool: Pool, key: string, model: PortableEnergy, sent: { file: boolean }, where: string): Promise<void> {
    const K = kernels(where);
    const t = this.t.ptr;
    const B = this.s.batchSize;
    const D = this.data.cols;
    const np = this.model.numParams;
    K.contrastiveNegatives(t, this.P.ptr, this.stats.ptr);
    const s = this.sampler!.ptr;
    const params = this.model.params;
    const full: PortableEnergy = model.type === 'file' ? { ...model, params } : model;
    const light: ContrastivePartsArgs['energy'] = model.type === 'file' && sent.file ? { type: 'params', params } : full;
    const i32 = heapI32(), f64 = heapF64();
    const steps = i32[(t + T_STEPS) >>> 2]!;
    const loss: ContrastivePartsArgs['loss'] = [i32[(t + T_LOSS) >>> 2]!, f64[(t + T_MARGIN) >>> 3]!, f64[(t + T_GAMMA) >>> 3]!, f64[(t + T_ALPHA) >>> 3]!];
    const parts = splitState(s, where, chainRanges(B, pool.size));
    const P = this.P.f32(B * D); // after splitState's allocations (a view dies when memory grows)
    const send = (energy: ContrastivePartsArgs['energy'], part: (typeof parts)[number], rows: Float32Array) => {
      const args: ContrastivePartsArgs = { key, energy, part, rows, total: B, steps, loss };
      return pool.run<ContrastivePartsResult | NeedFile>('contrastiveParts', args, [part.bytes.buffer as ArrayBuffer, rows.buffer as ArrayBuffer], where);
    };
    const jobs = parts.map(async (part): Promise<ContrastivePartsResult> => {
      const rows = P.slice(part.first * D, (part.first + part.count) * D);
      // sent with the parameters alone, the part's buffers go to the worker: copies for a second send
      const again = light === full ? null : { part: { ...part, bytes: part.bytes.slice() }, rows: rows.slice() };
      const r = await send(light, part, rows);
      // with the file a worker always rebuilds the model: no second needFile
      return ('needFile' in r ? await send(full, again!.part, again!.rows) : r) as ContrastivePartsResult;
    });
    const done = await Promise.all(jobs);
    sent.file = true;
    this.checkLive(where);
    learnableDescriptor(this.model, where);
    joinState(s, done.map((r) => r.part), where);
    const f32 = heapF32();
    const Ep = this.scratch.ptr >>> 2, En = Ep + B, grads = Ep + 4 * B;
    let bad = 0;
    for (const r of done) {
      const first = r.part.first;
      f32.set(r.grads, grads + (first / TRAIN_BLOCK) * np);
      f32.set(r.energyPositive, Ep + first);
      f32.set(r.energyNegative, En + first);
      bad = Math.max(bad, r.bad);
    }
    this.stats.f64(TRAIN_STATS_BYTES / 8)[TRAIN_STAT_NEG_NON_FINITE / 8] = bad;
    K.contrastiveFinish(t, this.P.ptr, this.stats.ptr);
  }

  /** Saves everything a step depends on (model parameters included), to resume bit-exactly with ContrastiveTrainer.fromBytes. */
  toBytes(): Uint8Array {
    const t = this.live('ContrastiveTrainer.toBytes');
    const np = this.model.numParams;
    const D = this.data.cols;
    const u8 = (ptr: number, bytes: number) => heapU8().slice(ptr, ptr + bytes);
    return writeTrainerFile(this.s, this.data.rows, np, {
      ...readCounters(t),
      ...readMoments(t, np),
      params: this.model.params,
      perm: this.perm.i32(this.data.rows).slice(),
      buffer: this.buf ? this.buf.f32(this.s.bufferSize * D).slice() : new Float32Array(0),
      sampler: this.sampler ? u8(this.sampler.ptr, this.sampler.bytes) : new Uint8Array(0),
      cursor: this.cursor,
      epochs: this.epochCount,
    });
  }

  /**
   * Restores a trainer saved by toBytes onto `model` (same architecture) and the
   * same `data`. The file is validated in full before anything changes; then the
   * model's parameters are replaced by the saved ones.
   */
  static fromBytes(bytes: Uint8Array, model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }): ContrastiveTrainer {
    const where = 'ContrastiveTrainer.fromBytes';
    learnableDescriptor(model, where);
    const y = splitData(model, data, where).y;
    const { options, state } = readTrainerFile(bytes, y.rows, y.cols, model.numParams, where);
    let tr: ContrastiveTrainer;
    try {
      tr = new ContrastiveTrainer(model, data, options);
    } catch (e) {
      asFileError(e, where);
    }
    try {
      if (tr.sampler) {
        if (state.sampler.byteLength !== tr.sampler.bytes) {
          throw new FileFormatError('shape', `${where}: the sampler state has ${state.sampler.byteLength} bytes, expected ${tr.sampler.bytes}`);
        }
        heapU8().set(state.sampler, tr.sampler.ptr);
        const problem = stateProblem(tr.sampler.ptr, tr.sampler.bytes, tr.s.batchSize, y.cols, where);
        if (problem) throw problem instanceof FileFormatError ? problem : new FileFormatError('shape', `${where}: the sampler state does not match (${problem.message})`);
      } else if (state.sampler.byteLength !== 0) {
        throw new FileFormatError('shape', `${where}: the file holds a sampler state but its settings use descent`);
      }
      const t = tr.t.ptr;
      writeMoments(t, state);
      writeCounters(t, state);
      heapI32().set(state.perm, tr.perm.ptr >>> 2);
      if (tr.buf) heapF32().set(state.buffer, tr.buf.ptr >>> 2);
      tr.cursor = state.cursor;
      tr.epochCount = state.epochs;
      // last: only a fully valid file changes the model
      model.setParams(state.params);
    } catch (e) {
      tr.dispose();
      throw e;
    }
    return tr;
  }

  private live(where: string): number {
    this.checkLive(where);
    learnableDescriptor(this.model, where);
    return this.t.ptr;
  }
}

/**
 * Trains `model` contrastively for `epochs` passes over `data` and resolves
 * to the trainer (to continue with `run`, save with `toBytes`, or dispose).
 */
export async function contrastive(model: LearnableResource, data: MatrixLike | { X: MatrixLike; Y: MatrixLike }, options: ContrastiveOptions = {}): Promise<ContrastiveTrainer> {
  const where = 'train.contrastive';
  const epochs = checkInteger(options.epochs ?? 10, `${where}: epochs`, 0);
  const trainer = new ContrastiveTrainer(model, data, options);
  // reports to options.onProgress, the trainer's default
  return firstRun(trainer, () => trainer.run({ epochs, signal: options.signal, workers: options.workers, pool: options.pool }));
}
