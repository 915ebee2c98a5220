// Typed errors. Every error the library throws is an EbmError with a stable
// `code`; messages name the call, the argument, what was expected and what came.

export type EbmErrorCode =
  | 'NOT_INITIALIZED'
  | 'WASM_LOAD'
  | 'INVALID_ARGUMENT'
  | 'SHAPE'
  | 'NOT_FINITE'
  | 'NOT_FITTED'
  | 'DISPOSED'
  | 'BUSY'
  | 'NUMERICAL'
  | 'ABORTED'
  | 'OUT_OF_MEMORY'
  | 'WASM_ABORT'
  | 'WASM_TRAP'
  | 'FILE_FORMAT'
  | 'WORKER_FAILED';

export class EbmError extends Error {
  readonly code: EbmErrorCode;
  constructor(code: EbmErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EbmError';
    this.code = code;
  }
}

/** A matrix or vector argument has the wrong shape. */
export class ShapeError extends EbmError {
  constructor(message: string) {
    super('SHAPE', message);
    this.name = 'ShapeError';
  }
}

/** A scalar or option is out of range, of the wrong type, or not finite. */
export class ArgumentError extends EbmError {
  constructor(message: string, code: 'INVALID_ARGUMENT' | 'NOT_FINITE' = 'INVALID_ARGUMENT') {
    super(code, message);
    this.name = 'ArgumentError';
  }
}

/** A model was queried before `fit`. */
export class NotFittedError extends EbmError {
  constructor(message: string) {
    super('NOT_FITTED', message);
    this.name = 'NotFittedError';
  }
}

/** Training met a non-finite value; the model keeps its last good parameters. */
export class NumericalError extends EbmError {
  readonly step: number;
  constructor(message: string, step: number) {
    super('NUMERICAL', message);
    this.name = 'NumericalError';
    this.step = step;
  }
}

/** ebm.wasm could not be fetched, compiled or instantiated. */
export class WasmLoadError extends EbmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WASM_LOAD', message, options);
    this.name = 'WasmLoadError';
  }
}
