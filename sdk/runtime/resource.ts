// The one base class for everything that owns WASM memory: models, energies,
// samplers, trainers, optimizers. It keeps the list of what to free, frees it
// on dispose() (or when the object is garbage-collected and was never
// disposed), throws DISPOSED on use after dispose, and marks the object busy
// while a long run is in progress (a second run is refused with BUSY; a
// dispose() during a run takes effect when the run stops at its next safe point).
import { EbmError } from '../errors.js';

/** Frees one piece of WASM memory; must be safe to call once. */
export type Release = () => void;

/** What the finalizer frees: shared between the object and the registry, never referencing the object. */
interface Holdings {
  releases: Release[];
}

function releaseAll(h: Holdings): void {
  const list = h.releases;
  h.releases = [];
  for (let i = list.length - 1; i >= 0; i--) {
    try {
      list[i]!();
    } catch {
      // the runtime is gone (or the block was already returned): nothing left to free
    }
  }
}

const finalizer = typeof FinalizationRegistry !== 'undefined' ? new FinalizationRegistry<Holdings>(releaseAll) : null;

/** `Symbol.dispose` where the runtime has it, else the registered symbol that TypeScript's `using` polyfills look for. */
export const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

export abstract class Resource {
  /** The class name used in messages ("this MLPEnergy was disposed"). */
  protected abstract readonly resourceName: string;
  readonly #holdings: Holdings = { releases: [] };
  #registered = false;
  #disposed = false;
  #running: string | null = null;
  #disposeRequested = false;

  /** True after dispose() (or a dispose requested during a run, once the run stopped). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees this object's WASM memory. Idempotent; later use throws DISPOSED. Inside a run, it takes effect when the run stops. */
  dispose(): void {
    if (this.#disposed) return;
    if (this.#running !== null) {
      this.#disposeRequested = true;
      return;
    }
    this.#disposed = true;
    if (this.#registered) finalizer?.unregister(this);
    this.onDispose();
    releaseAll(this.#holdings);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Hook for subclasses that must drop references on dispose (their memory is released after it). */
  protected onDispose(): void {}

  /** Registers memory this object owns; freed on dispose or by the finalizer. Returns `release` for chaining. */
  protected own(release: Release): Release {
    this.#holdings.releases.push(release);
    if (!this.#registered && finalizer) {
      finalizer.register(this, this.#holdings, this);
      this.#registered = true;
    }
    return release;
  }

  /** Frees memory registered with own() now (when a block is replaced), and forgets it. */
  protected disown(release: Release): void {
    const list = this.#holdings.releases;
    const i = list.indexOf(release);
    if (i >= 0) {
      list.splice(i, 1);
      release();
    }
  }

  /** @internal Throws DISPOSED if this object was disposed (or a dispose is pending after a callback). */
  checkLive(where: string): void {
    if (this.#disposed || this.#disposeRequested) {
      throw new EbmError('DISPOSED', `${where}: this ${this.resourceName} was disposed`);
    }
  }

  /** True while a run holds this object. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** @internal Marks the start of a long run; a second one is refused with BUSY. Pair with endRun(). */
  beginRun(where: string): void {
    this.checkLive(where);
    if (this.#running !== null) {
      throw new EbmError(
        'BUSY',
        `${where}: this ${this.resourceName} is busy with ${this.#running}; await it (or abort it with its signal) before starting another`,
      );
    }
    this.#running = where;
  }

  /** @internal Ends the run; performs a dispose() that was requested during it. */
  endRun(): void {
    this.#running = null;
    if (this.#disposeRequested) {
      this.#disposeRequested = false;
      this.dispose();
    }
  }
}

// Runtimes without Symbol.dispose: keep `obj[Symbol.for('Symbol.dispose')]()` working.
if (disposeSymbol !== (Symbol as { dispose?: symbol }).dispose) {
  Object.defineProperty(Resource.prototype, disposeSymbol, {
    value(this: Resource) {
      this.dispose();
    },
  });
}
