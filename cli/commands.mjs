// score, sample, predict and info: each reads a model file, runs the library's own
// call on it and writes a table, so the CLI's numbers are the library's bytes.
import { samplers } from '../dist/index.node.js';
import { choice, defined, float, int, list, workers } from './args.mjs';
import { CliError, emitTable, readData, usageError } from './data.mjs';
import { conditionDim, fileHeader, readModel } from './model.mjs';

const names = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const rowsOf = (m) => Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
const need = (pos, i, what, command) => {
  if (pos[i] === undefined) throw usageError(`${command}: the ${what} is missing (see ebm-wasm ${command} --help)`);
  return pos[i];
};

/** Y (and X for a conditional model) from the data file, with the model's column count checked. */
function modelData(model, kind, path, v) {
  const C = conditionDim(model, kind);
  if (C > 0 && v.condition === undefined) throw usageError(`this model is conditional (x has ${C} columns): name them with --condition`);
  const { X, Y } = readData(path, { columns: v.columns, condition: C > 0 ? v.condition : undefined });
  if (Y.cols !== model.dim) throw new CliError(`${path}: ${Y.cols} data columns chosen, the model expects ${model.dim} (choose them with --columns)`);
  if (C > 0 && X.cols !== C) throw new CliError(`${path}: ${X.cols} --condition columns, the model expects ${C}`);
  return { X, Y };
}

export async function score(pos, v) {
  const { model, kind } = readModel(need(pos, 0, 'model file', 'score'), 'score');
  const { X, Y } = modelData(model, kind, need(pos, 1, 'data file', 'score'), v);
  const beta = float(v, 'beta', { positive: true });
  const energy = X ? model.energy(Y, X) : model.energy(Y);
  const header = ['energy'];
  const cols = [energy];
  if (kind === 'rbm') header.push('free_energy'), cols.push(model.freeEnergy(Y));
  else if (beta !== undefined && (kind === 'kmeans-ebm' || kind === 'gaussian-mixture-ebm')) header.push('free_energy'), cols.push(model.freeEnergy(Y, { beta }));
  else if (beta !== undefined) throw usageError(`score: --beta applies to kmeans-ebm and gaussian-mixture-ebm models, not '${kind}'`);
  model.dispose();
  emitTable({ header, rows: Array.from(energy, (_, r) => cols.map((c) => c[r])) }, v);
}

export async function sample(pos, v, { tick }) {
  const { model, kind } = readModel(need(pos, 0, 'model file', 'sample'), 'sample');
  const binary = kind === 'rbm' && model.visibleType === 'bernoulli';
  const kindName = choice(v, 'sampler', ['randomWalk', 'langevin', 'mala', 'hmc', 'gibbs'], binary ? 'gibbs' : 'mala');
  const n = int(v, 'n', { min: 1, def: 100 });
  const chains = int(v, 'chains', { min: 1, def: Math.min(16, n) });
  const thin = int(v, 'thin', { min: 1, def: 1 });
  const warmup = int(v, 'warmup', { min: 0, def: 500 });
  const C = conditionDim(model, kind);
  let energy = model;
  if (C > 0) {
    const x = list(v, 'given', { length: C });
    if (!x) throw usageError(`sample: this model is conditional (x has ${C} numbers): give x with --given x1,…,x${C}`);
    energy = model.given(x);
  } else if (v.given !== undefined) throw usageError(`sample: --given is for conditional models; '${kind}' has no x`);
  const options = defined({
    chains, seed: int(v, 'seed', { min: 0, def: 0 }), stepSize: float(v, 'step-size', { positive: true }), beta: float(v, 'beta', { positive: true }),
    values: kindName === 'gibbs' ? list(v, 'values', { def: binary ? [0, 1] : undefined }) : undefined,
    leapfrogSteps: kindName === 'hmc' ? int(v, 'leapfrog-steps', { min: 1 }) : undefined,
  });
  const sampler = samplers[kindName](energy, options);
  const draws = Math.ceil(n / chains);
  const adapt = v.adapt && kindName !== 'gibbs' && kindName !== 'langevin' ? {} : undefined;
  const run = await sampler.run(defined({ warmup, draws, thin, adapt, workers: workers(v), onProgress: (p) => tick(p.done + (p.phase === 'sampling' ? warmup : 0), warmup + draws * thin, p.phase) }));
  const { data, dim } = run.samples;
  const rows = Array.from({ length: n }, (_, r) => Array.from(data.subarray(r * dim, (r + 1) * dim)));
  const accept = run.acceptRate.reduce((a, r) => a + r, 0) / chains;
  const summary = `${n} samples from ${chains} chains (${draws} draws each after ${warmup} warm-up steps), ${kindName}, mean accept rate ${accept.toFixed(3)}`;
  sampler.dispose();
  if (energy !== model) energy.dispose();
  model.dispose();
  emitTable({ header: names('y', dim), rows }, v);
  return summary;
}

const PREDICT = {
  'kmeans-ebm': (m, Y) => {
    const z = m.infer(Y);
    const p = rowsOf(m.project(Y));
    return { header: ['label', ...names('proj', Y.cols)], rows: p.map((r, i) => [z[i], ...r]) };
  },
  'gaussian-mixture-ebm': (m, Y) => {
    const p = rowsOf(m.predictProba(Y));
    return { header: ['label', ...names('p', p[0].length)], rows: p.map((r) => [r.indexOf(Math.max(...r)), ...r]) };
  },
  'pca-energy': (m, Y) => { const t = m.transform(Y); return { header: names('c', t.cols), rows: rowsOf(t) }; },
  'sparse-coding': (m, Y, v) => {
    const z = m.encode(Y, defined({ algorithm: choice(v, 'algorithm', ['cd', 'fista', 'ista']) }));
    return { header: names('z', z.cols), rows: rowsOf(z) };
  },
  rbm: (m, Y) => { const h = m.transform(Y); return { header: names('h', h.cols), rows: rowsOf(h) }; },
  'mlp-energy': (m, Y, v, X) => {
    // the minima of F(x, ·) per row (or of F(·) once): several answers where regression gives one mean
    const box = list(v, 'box', { length: 2 });
    const D = m.inputDim;
    const sets = m.predict(X, defined({
      starts: int(v, 'starts', { min: 1 }), steps: int(v, 'steps', { min: 1 }), stepSize: float(v, 'step-size', { positive: true }),
      tol: float(v, 'tol', { positive: true }), seed: int(v, 'seed', { min: 0 }), bounds: box && { lo: Array(D).fill(box[0]), hi: Array(D).fill(box[1]) },
    }));
    const rows = [];
    sets.forEach((s, r) => {
      const E = X ? m.energy(s, { rows: s.rows, cols: X.cols, data: new Float32Array(s.rows * X.cols).map((_, i) => X.data[r * X.cols + (i % X.cols)]) }) : m.energy(s);
      rowsOf(s).forEach((y, i) => rows.push([r + 1, i + 1, ...y, E[i]]));
    });
    return { header: ['row', 'rank', ...names('y', D), 'energy'], rows };
  },
};

export async function predict(pos, v) {
  const path = need(pos, 0, 'model file', 'predict');
  const { model, kind } = readModel(path, 'predict', Object.keys(PREDICT));
  let X, Y;
  if (kind === 'mlp-energy' && model.conditionDim === 0 && pos[1] === undefined) Y = undefined;
  else if (kind === 'mlp-energy' && model.conditionDim > 0) X = readData(need(pos, 1, 'data file', 'predict'), { columns: v.condition ?? v.columns }).Y;
  else ({ X, Y } = modelData(model, kind, need(pos, 1, 'data file', 'predict'), v));
  if (kind === 'mlp-energy' && X && X.cols !== model.conditionDim) throw new CliError(`${pos[1]}: ${X.cols} x columns chosen, the model expects ${model.conditionDim} (choose them with --condition)`);
  const table = PREDICT[kind](model, Y, v, X);
  model.dispose();
  emitTable(table, v);
}

/** What a model file holds: the kind, sizes and parameters, and the training counters the file keeps. */
export async function info(pos, v) {
  const path = need(pos, 0, 'model file', 'info');
  const { model, kind, bytes } = readModel(path, 'info');
  const m = model;
  const out = { file: path, bytes: bytes.length, kind, dim: m.dim };
  const first = (a) => Array.from(a);
  if (kind === 'kmeans-ebm') Object.assign(out, { k: m.k, inertia: m.inertia, iterations: m.iterations, converged: m.converged, prototypes: rowsOf(m.prototypes) });
  if (kind === 'gaussian-mixture-ebm') Object.assign(out, { components: m.weights.length, covariance: m.covariance, weights: first(m.weights), means: m.means, lowerBound: m.lowerBound, iterations: m.iterations, converged: m.converged });
  if (kind === 'pca-energy') Object.assign(out, { components: m.components.rows, explainedVarianceRatio: first(m.explainedVarianceRatio), mean: first(m.mean) });
  if (kind === 'sparse-coding') Object.assign(out, { atoms: m.atoms.rows, ...m.inference, objective: m.objective, epochs: m.history.length });
  if (kind === 'rbm') Object.assign(out, { visible: m.visible, hidden: m.hidden, visibleType: m.visibleType, parameters: m.numParams });
  if (kind === 'mlp-energy') Object.assign(out, { conditionDim: m.conditionDim, hidden: [...m.hidden], activation: m.activation, quadratic: m.quadratic, outputScale: m.outputScale, parameters: m.numParams });
  // the rest of the header: shapes and whatever training state the kind records
  const header = fileHeader(bytes);
  for (const [key, value] of Object.entries(header)) if (!(key in out) && key !== 'arrays') out[`file.${key}`] = value;
  model.dispose();
  if (v.json) return void process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  for (const [key, value] of Object.entries(out)) {
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    process.stdout.write(`${key.padEnd(24)} ${text.length > 200 ? text.slice(0, 197) + '…' : text}\n`);
  }
}
