// MLPEnergy's files: the JSON form in PyTorch's nn.Linear layout (what
// scripts/torch_to_ebm.py writes) and the binary model file, validated by
// meaning before any network is allocated.
import { ArgumentError, ShapeError } from '../errors.js';
import { FileFormatError, writeFile, type ParsedFile } from '../io/format.js';
import { describe } from '../matrix.js';
import { checkInteger, checkOneOf } from '../util/validate.js';
import { ACTIVATIONS, MLPEnergy, type Activation, type MLPEnergyJSON, type MLPEnergyOptions } from './mlp.js';

/** The JSON form (PyTorch nn.Linear layout). */
export function mlpToJSON(model: MLPEnergy): MLPEnergyJSON {
  const p = model.params;
  const layers: MLPEnergyJSON['layers'] = [];
  let off = 0;
  for (let l = 1; l < model.sizes.length; l++) {
    const out = model.sizes[l]!;
    const inn = model.sizes[l - 1]!;
    const weight: number[][] = [];
    for (let o = 0; o < out; o++) weight.push(Array.from(p.subarray(off + o * inn, off + (o + 1) * inn)));
    off += out * inn;
    const bias = Array.from(p.subarray(off, off + out));
    off += out;
    layers.push({ weight, bias, activation: l < model.sizes.length - 1 ? model.activation : 'identity' });
  }
  return {
    kind: 'mlp-energy', version: 1, inputDim: model.inputDim, conditionDim: model.conditionDim,
    outputScale: model.outputScale, quadratic: model.quadratic, layers,
  };
}

/** Builds a model from its JSON form. */
export function mlpFromJSON(json: unknown): MLPEnergy {
  const where = 'MLPEnergy.fromJSON';
  const j = json as Partial<MLPEnergyJSON> | null;
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${where}: expected an object, got ${describe(json)}`);
  if (j.kind !== 'mlp-energy') throw new ArgumentError(`${where}: kind must be 'mlp-energy', got ${describe(j.kind)}`);
  if (j.version !== 1) throw new ArgumentError(`${where}: version ${String(j.version)} is not supported (this ebm-wasm reads version 1)`);
  if (!Array.isArray(j.layers) || j.layers.length < 1) throw new ArgumentError(`${where}: layers must be a non-empty array`);
  const inputDim = checkInteger(j.inputDim, `${where}: inputDim`, 1);
  const conditionDim = checkInteger(j.conditionDim ?? 0, `${where}: conditionDim`, 0);
  const layers = j.layers;
  const hidden: number[] = [];
  let activation: Activation = 'identity';
  let fanIn = inputDim + conditionDim;
  const flat: number[] = [];
  layers.forEach((layer, l) => {
    const at = `${where}: layers[${l}]`;
    if (layer === null || typeof layer !== 'object' || !Array.isArray(layer.weight) || !Array.isArray(layer.bias)) {
      throw new ArgumentError(`${at} must be { weight: number[][], bias: number[], activation }`);
    }
    const out = layer.weight.length;
    const last = l === layers.length - 1;
    if (last && out !== 1) throw new ShapeError(`${at}.weight has ${out} rows; the last layer must have 1 output (the energy)`);
    if (layer.bias.length !== out) throw new ShapeError(`${at}.bias has ${layer.bias.length} values, expected ${out} (rows of weight)`);
    const act = checkOneOf(layer.activation ?? (last ? 'identity' : undefined), `${at}.activation`, ACTIVATIONS);
    if (last && act !== 'identity') throw new ArgumentError(`${at}.activation must be 'identity' for the output layer, got '${act}'`);
    if (!last) {
      if (l === 0) activation = act;
      else if (act !== activation) throw new ArgumentError(`${at}.activation is '${act}' but layer 0 uses '${activation}': one activation for all hidden layers`);
      hidden.push(out);
    }
    layer.weight.forEach((row, o) => {
      if (!Array.isArray(row) || row.length !== fanIn) {
        throw new ShapeError(`${at}.weight[${o}] has ${Array.isArray(row) ? row.length : describe(row)} values, expected ${fanIn} (the layer's input width)`);
      }
      for (const v of row) flat.push(v);
    });
    for (const v of layer.bias) flat.push(v);
    fanIn = out;
  });
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== 'number' || !Number.isFinite(flat[i])) throw new ArgumentError(`${where}: parameter ${i} is ${describe(flat[i])}: every weight must be a finite number`, 'NOT_FINITE');
  }
  const model = new MLPEnergy({
    inputDim, conditionDim, hidden, activation: hidden.length > 0 ? activation : 'silu',
    outputScale: j.outputScale ?? 1, quadratic: j.quadratic ?? 0,
  });
  try {
    model.setParams(flat);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** The binary model file (see sdk/io/format.ts). */
export function mlpToBytes(model: MLPEnergy): Uint8Array {
    return writeFile(
    {
      kind: 'mlp-energy', inputDim: model.inputDim, conditionDim: model.conditionDim, hidden: [...model.hidden],
      activation: model.activation, outputScale: model.outputScale, quadratic: model.quadratic, seed: model.seed,
      numParams: model.numParams,
    },
    [model.params],
  );
}

/** A model from a parsed, checksummed file; every field is checked before anything is allocated. */
export function mlpFromFile(file: ParsedFile, where: string): MLPEnergy {
  const h = file.header as unknown as MLPEnergyOptions & { numParams: number };
  // the parameter count follows from the header's sizes (in f64: no wrap); the payload must hold
  // exactly that many values before any network is allocated, so a small file cannot claim a huge one
  const sizes = [Number(h.conditionDim ?? 0) + Number(h.inputDim), ...(Array.isArray(h.hidden) ? h.hidden.map(Number) : [NaN]), 1];
  let expected = 0;
  for (let l = 1; l < sizes.length; l++) expected += sizes[l]! * sizes[l - 1]! + sizes[l]!;
  if (!Number.isSafeInteger(expected) || h.numParams !== expected) {
    throw new FileFormatError('shape', `${where}: the header says ${describe(h.numParams)} parameters, its layer sizes give ${expected}`);
  }
  const p = file.take(expected, 'the parameters');
  file.done();
  const bad = p.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FileFormatError('shape', `${where}: parameter ${bad} is ${p[bad]}`);
  let model: MLPEnergy;
  try {
    model = new MLPEnergy({
      inputDim: h.inputDim, conditionDim: h.conditionDim, hidden: h.hidden, activation: h.activation,
      outputScale: h.outputScale, quadratic: h.quadratic, seed: h.seed,
    });
  } catch (e) {
    throw new FileFormatError('header', `${where}: the header does not describe a valid network (${(e as Error).message})`);
  }
  try {
    if (model.numParams !== expected) throw new FileFormatError('shape', `${where}: the network has ${model.numParams} parameters, the file ${expected}`);
    model.setParams(p);
  } catch (e) {
    model.dispose();
    if (e instanceof FileFormatError) throw e;
    throw new FileFormatError('shape', `${where}: ${(e as Error).message}`);
  }
  return model;
}
