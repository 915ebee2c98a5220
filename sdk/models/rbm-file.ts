// An RBM's JSON form (scikit-learn's arrays: components_, intercept_visible_,
// intercept_hidden_) and its binary file (parameters plus the training state a
// resumed fit needs), each validated by meaning before any model is built.
import { ArgumentError, ShapeError } from '../errors.js';
import { describe } from '../matrix.js';
import { FileFormatError, readFile, writeFile, type ParsedFile } from '../io/format.js';
import { checkInteger, checkOneOf } from '../util/validate.js';
import { RBM, type VisibleType } from './rbm.js';

export interface RBMJSON {
  kind: 'rbm';
  version: 1;
  visibleType: VisibleType;
  /** hidden × visible weights (scikit-learn's components_). */
  W: number[][];
  /** Visible biases (intercept_visible_). */
  b: number[];
  /** Hidden biases (intercept_hidden_). */
  c: number[];
}

function numbers(v: unknown, n: number, what: string, where: string): number[] {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new ArgumentError(`${where}: ${what} must be an array of ${n} numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) throw new ShapeError(`${where}: ${what} has ${a.length} values, expected ${n}`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ArgumentError(`${where}: ${what}[${i}] is ${describe(x)}: every parameter must be a finite number`, 'NOT_FINITE');
    out.push(x);
  }
  return out;
}

export function rbmFromJSON(json: unknown, options: { seed?: number }): RBM {
  const where = 'RBM.fromJSON';
  const j = json as Partial<RBMJSON> | null;
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${where}: expected an object, got ${describe(json)}`);
  if (j.kind !== 'rbm') throw new ArgumentError(`${where}: kind must be 'rbm', got ${describe(j.kind)}`);
  if (j.version !== 1) throw new ArgumentError(`${where}: version ${String(j.version)} is not supported (this ebm-wasm reads version 1)`);
  const visibleType = checkOneOf(j.visibleType ?? 'bernoulli', `${where}: visibleType`, ['bernoulli', 'gaussian'] as const);
  if (!Array.isArray(j.W) || j.W.length < 1) throw new ArgumentError(`${where}: W must be a non-empty array of rows (hidden × visible), got ${describe(j.W)}`);
  const H = j.W.length;
  const first = j.W[0] as unknown;
  const V = Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : 0;
  if (V < 1) throw new ShapeError(`${where}: W[0] must be a non-empty row of visible weights, got ${describe(first)}`);
  const theta: number[] = [];
  j.W.forEach((row, r) => theta.push(...numbers(row, V, `W[${r}]`, where)));
  theta.push(...numbers(j.b, V, 'b', where), ...numbers(j.c, H, 'c', where));
  const model = new RBM({ visible: V, hidden: H, visibleType, seed: options?.seed ?? 0 });
  try {
    model.setParams(theta);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

export function rbmToBytes(model: RBM): Uint8Array {
  const t = model.trainState;
  const header: Record<string, unknown> = {
    kind: 'rbm', visible: model.visible, hidden: model.hidden, visibleType: model.visibleType, seed: model.seed, numParams: model.numParams,
  };
  const arrays = [model.params];
  if (t !== null) {
    header.train = { epochs: t.epochs, method: t.method, batchSize: t.batchSize, seed: t.seed };
    arrays.push(t.velocity, t.chains);
  }
  return writeFile({ kind: 'rbm', ...header }, arrays);
}

/** Reads an 'rbm' file: every header field against the others, then the payload's size and values, then builds. */
export function rbmFromFile(parsed: ParsedFile | null, bytes: Uint8Array | null, where: string): RBM {
  const file = parsed ?? readFile(bytes!, where);
  if (file.header.kind !== 'rbm') throw new FileFormatError('kind', `${where}: the file holds a '${String(file.header.kind)}', not an 'rbm'`);
  const h = file.header as Record<string, unknown>;
  let V: number, H: number, seed: number, visibleType: VisibleType;
  try {
    V = checkInteger(h.visible, 'visible', 1, 1 << 20);
    H = checkInteger(h.hidden, 'hidden', 1, 1 << 20);
    seed = checkInteger(h.seed, 'seed', 0);
    visibleType = checkOneOf(h.visibleType, 'visibleType', ['bernoulli', 'gaussian'] as const);
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header does not describe an RBM (${(e as Error).message})`);
  }
  const P = V * H + V + H;
  if (V * H > 1 << 26 || h.numParams !== P) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, ${V} visible and ${H} hidden units give ${P}`);
  }
  const theta = file.take(P, 'the parameters');
  let train: { epochs: number; method: 'cd' | 'pcd'; batchSize: number; seed: number } | null = null;
  let velocity: Float32Array | null = null;
  let chains: Float32Array | null = null;
  if (h.train !== undefined) {
    const t = h.train as Record<string, unknown> | null;
    try {
      if (t === null || typeof t !== 'object') throw new Error('train must be an object');
      train = {
        epochs: checkInteger(t.epochs, 'train.epochs', 1, 2 ** 31 - 1),
        method: checkOneOf(t.method, 'train.method', ['cd', 'pcd'] as const),
        batchSize: checkInteger(t.batchSize, 'train.batchSize', 1, 1 << 24),
        seed: checkInteger(t.seed, 'train.seed', 0),
      };
    } catch (e) {
      throw new FileFormatError('header', `${where}: the training state is invalid (${(e as Error).message})`);
    }
    velocity = file.take(P, 'the momentum buffer');
    chains = file.take(train.method === 'pcd' ? train.batchSize * V : 0, 'the persistent chains');
  }
  file.done();
  for (const [a, what] of [[theta, 'parameter'], [velocity, 'momentum'], [chains, 'chain value']] as const) {
    if (a === null) continue;
    const bad = a.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new FileFormatError('shape', `${where}: ${what} ${bad} is ${a[bad]}`);
  }
  if (chains !== null && visibleType === 'bernoulli') {
    const bad = chains.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) throw new FileFormatError('shape', `${where}: persistent chain value ${bad} is ${chains[bad]}, expected 0 or 1`);
  }
  const model = new RBM({ visible: V, hidden: H, visibleType, seed });
  model.setParams(theta);
  if (train !== null) model.trainState = { ...train, velocity: velocity!, chains: chains! };
  return model;
}
