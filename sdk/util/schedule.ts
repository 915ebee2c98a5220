// Politeness for long work: yield to the event loop at most every ~40 ms so a
// page stays responsive, and honour AbortSignal between steps.
import { EbmError } from '../errors.js';

const now: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

export { now };

/** A macrotask turn. MessageChannel avoids the 4 ms clamp of nested setTimeout in browsers. */
export function nextTurn(): Promise<void> {
  if (typeof MessageChannel !== 'undefined' && typeof window !== 'undefined') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class Pacer {
  private last = now();
  constructor(private readonly signal: AbortSignal | undefined, private readonly where: string, private readonly budgetMs = 40) {
    this.check();
  }
  /** Throws if aborted. */
  check(): void {
    if (this.signal?.aborted) {
      const reason: unknown = this.signal.reason;
      throw new EbmError('ABORTED', `${this.where}: aborted${reason instanceof Error ? ` (${reason.message})` : ''}; the model is unchanged`, {
        cause: reason,
      });
    }
  }
  /** Yields when the time budget since the last yield is spent, then checks the signal. */
  async tick(): Promise<void> {
    if (now() - this.last >= this.budgetMs) {
      await nextTurn();
      this.last = now();
    }
    this.check();
  }
}
