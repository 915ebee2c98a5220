// GLO model files: θ, the codes and their optimizer state, and where the
// epoch order stands, so a loaded model continues a fit bit-exactly. Files are
// untrusted: every field is checked against the others (sizes in f64) before
// a model is allocated.
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import type { GLO, GLOInference, GLOOptions } from './glo.js';
import { buildFromHeader, checkFiniteParams, checkFitPosition, denseParams, isCount, readKind } from './network-file.js';

export interface GLOState {
  nCodes: number;
  epochsDone: number;
  rowInEpoch: number;
  inference: Required<GLOInference>;
}

export function gloToBytes(m: GLO, _handle: number, s: GLOState): Uint8Array {
  return writeFile(
    {
      kind: 'glo', dim: m.dim, latentDim: m.latentDim, hidden: [...m.hidden], activation: m.activation, seed: m.seed,
      numParams: m.numParams, codes: s.nCodes, epochsDone: s.epochsDone, rowInEpoch: s.rowInEpoch, inference: s.inference,
    },
    [m.params, ...m.codeArrays()],
  );
}

export function gloFromFile(src: Uint8Array | ParsedFile, where: string, build: (o: GLOOptions) => GLO): GLO {
  const { file, h } = readKind(src, where, 'glo');
  const dim = Number(h.dim);
  const latentDim = Number(h.latentDim);
  const hidden = Array.isArray(h.hidden) ? h.hidden.map(Number) : [NaN];
  const sizes = [latentDim, ...hidden, dim];
  if (!sizes.every((s) => isCount(s, 1 << 16) && s >= 1)) throw new FileFormatError('header', `${where}: the layer sizes ${describe(sizes)} are not integers in [1, 65536]`);
  const expected = denseParams(sizes);
  if (!Number.isSafeInteger(expected) || h.numParams !== expected) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its layer sizes give ${expected}`);
  }
  const N = h.codes;
  if (!isCount(N, 1 << 24)) throw new FileFormatError('header', `${where}: codes is ${describe(N)}, expected an integer in [0, 2^24]`);
  const { epochsDone, rowInEpoch } = checkFitPosition(h, N, where, `the ${N} codes`);
  const inf = h.inference as Record<string, unknown> | null;
  if (inf === null || typeof inf !== 'object') throw new FileFormatError('header', `${where}: inference is ${describe(inf)}`);
  // payload sizes before any allocation: θ, then codes, m, v (N·d each) and steps (N)
  const params = file.take(expected, 'the decoder parameters');
  const arrays = N > 0 ? [N * latentDim, N * latentDim, N * latentDim, N].map((n, i) => file.take(n, ['the codes', 'the first moments', 'the second moments', 'the code steps'][i]!)) : [];
  file.done();
  const badAt = (a: Float32Array, ok: (v: number) => boolean): number => a.findIndex((v) => !ok(v));
  checkFiniteParams(params, where);
  if (N > 0) {
    const [codes, m, v, t] = arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let k = 0; k < latentDim; k++) s += codes[i * latentDim + k]! ** 2;
      // projection keeps ‖z‖ ≤ 1 up to the f32 rounding of the scaled entries
      if (!(s <= 1 + 1e-5)) throw new FileFormatError('shape', `${where}: code ${i} has squared norm ${s}, outside the unit ball`);
    }
    const bm = badAt(m, Number.isFinite);
    if (bm >= 0) throw new FileFormatError('shape', `${where}: first moment ${bm} is ${m[bm]}`);
    const bv = badAt(v, (x) => Number.isFinite(x) && x >= 0);
    if (bv >= 0) throw new FileFormatError('shape', `${where}: second moment ${bv} is ${v[bv]}, expected finite and ≥ 0`);
    const bt = badAt(t, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 24);
    if (bt >= 0) throw new FileFormatError('shape', `${where}: code ${bt} took ${t[bt]} steps, expected an integer in [0, 2^24)`);
  }
  const options: GLOOptions = {
    dim, latentDim, hidden, activation: h.activation as GLOOptions['activation'], seed: h.seed as number,
    inference: { starts: inf.starts as number, steps: inf.steps as number, stepSize: inf.stepSize as number },
  };
  return buildFromHeader(where, 'GLO model', () => build(options), (model) => {
    model.setParams(params);
    model.installState({ nCodes: N, epochsDone, rowInEpoch, inference: model.inference }, arrays);
  });
}
