// The one chunked run loop behind every long call (sampler runs, trainers,
// fit): it holds the object busy for the run, reports progress, checks after
// every callback that the objects it uses are still alive, honours the
// AbortSignal between steps and yields to the event loop every ~40 ms so a
// page stays responsive. What a run keeps when it stops early is the caller's
// to say (`kept`): a fit commits nothing, a trainer keeps its finished steps.
import { EbmError } from '../errors.js';
import type { Resource } from '../runtime/resource.js';

const now: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

export { now };

/**
 * One turn of the event loop: a zero-delay timer, which lets pending timers
 * and input run first. Not `scheduler.yield()`: its continuation runs ahead
 * of timers, and in Chromium a loop of them let a page's 10 ms setInterval
 * fire 3 times in 2.3 s of K-means fitting (test/runtimes/pages/polite.html).
 * Where `setImmediate` exists (Node, Bun) it is used instead: it too runs after
 * the loop's timers and I/O, without the 1 ms floor of Node's setTimeout(0),
 * which cost a sampler run 2.5 % idle on a quiet machine and ~8 % on a loaded one.
 */
const immediate: ((cb: () => void) => unknown) | undefined =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (globalThis as unknown as { setImmediate: (cb: () => void) => unknown }).setImmediate
    : undefined;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

export interface RunControl<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

export interface RunSetup<P> extends RunControl<P> {
  /** Call name for messages, e.g. 'ContrastiveTrainer.run'. */
  where: string;
  /** What the objects hold if the run stops early (abort, error in a callback), e.g. 'the model is unchanged'. */
  kept: () => string;
  /** Other objects the run uses (a trained model, a sampled energy): checked alive after every callback. */
  uses?: readonly Resource[];
  /** Most milliseconds of work between two yields to the event loop. Default 40. */
  budgetMs?: number;
}

/** What a run body gets: progress reports and polite pauses. */
export class RunContext<P> {
  private last = now();
  private lastTick = this.last;
  constructor(private readonly setup: RunSetup<P>, private readonly owner: Resource) {
    this.checkAbort();
  }

  /** Calls onProgress (if any) with p, then checks that nothing the run uses was disposed by it. */
  report(p: P): void {
    const cb = this.setup.onProgress;
    if (cb === undefined) return;
    cb(p);
    this.checkAlive();
  }

  /**
   * Yields when the time since the last yield, plus the step just done (the
   * likely length of the next), would spend the budget: so a task ends near
   * the budget rather than a whole step past it. Then checks the signal and liveness.
   */
  async tick(): Promise<void> {
    const t = now();
    const step = t - this.lastTick;
    this.lastTick = t;
    if (t - this.last + step >= (this.setup.budgetMs ?? 40)) {
      await nextTurn();
      this.last = this.lastTick = now();
      this.checkAlive();
    }
    this.checkAbort();
  }

  /** Throws ABORTED if the signal fired. */
  checkAbort(): void {
    const signal = this.setup.signal;
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      throw new EbmError(
        'ABORTED',
        `${this.setup.where}: aborted${reason instanceof Error ? ` (${reason.message})` : ''}; ${this.setup.kept()}`,
        { cause: reason },
      );
    }
  }

  private checkAlive(): void {
    const check = (r: Resource): void => {
      try {
        r.checkLive(this.setup.where);
      } catch (e) {
        if (e instanceof EbmError) {
          throw new EbmError('DISPOSED', `${e.message} during the run (by a callback); ${this.setup.kept()}`);
        }
        throw e;
      }
    };
    check(this.owner);
    for (const r of this.setup.uses ?? []) check(r);
  }
}

/**
 * Runs `body` with `owner` held busy: a second run on it is refused (BUSY) and
 * a dispose() requested meanwhile happens when this one stops.
 */
export async function runOn<P, R>(owner: Resource, setup: RunSetup<P>, body: (run: RunContext<P>) => Promise<R>): Promise<R> {
  owner.beginRun(setup.where);
  try {
    const ctx = new RunContext(setup, owner);
    return await body(ctx);
  } finally {
    owner.endRun();
  }
}
