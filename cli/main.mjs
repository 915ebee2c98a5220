#!/usr/bin/env node
// `npx ebm-wasm <command>`: train, sample, score, predict, plot and info on CSV/JSON
// files and model files. Exit codes: 0 done, 1 the work failed (files, data, the
// model), 2 the command line is wrong. Errors are one line; --debug adds the stack.
import { parseArgs } from 'node:util';
import { init, EbmError } from '../dist/index.node.js';
import { CliError, readData, usageError, writeBytes } from './data.mjs';
import { MODELS } from './train.mjs';
import { info, predict, sample, score } from './commands.mjs';
import { plot } from './plot.mjs';
import { progress } from './progress.mjs';

const s = (description) => ({ type: 'string', description });
const b = (description) => ({ type: 'boolean', description });
const COMMON = {
  json: b('machine-readable output (JSON on stdout)'),
  quiet: b('no progress on stderr'),
  debug: b('print the stack trace of an error'),
  help: { ...b('this help'), short: 'h' },
};
const DATA = { columns: s('columns of y: names from the header or numbers from 1, e.g. x,y or 1,2 (default all)'), condition: s('columns of x for a conditional model') };

const COMMANDS = {
  train: {
    usage: 'ebm-wasm train <model> <data.csv|data.json> --out <model.ebm> [options]',
    summary: `fits a model to the rows of a file and writes the model file. Models: ${Object.keys(MODELS).join(', ')} (ebm-wasm train <model> --help)`,
    example: 'ebm-wasm train kmeans points.csv --columns x,y --k 8 --seed 1 --out kmeans.ebm',
    options: { ...DATA, out: s('the model file to write (required)'), seed: s('random seed (default 0)') },
  },
  score: {
    usage: 'ebm-wasm score <model.ebm> <data.csv|data.json> [options]',
    summary: 'the energy F(y) of every row (and the free energy where the model has one: RBM, or K-means and GMM with --beta)',
    example: 'ebm-wasm score kmeans.ebm points.csv --columns x,y --beta 4 --out energies.csv',
    options: { ...DATA, beta: s('inverse temperature of the free energy F_β (K-means, GMM)'), out: s('write CSV (or JSON when it ends .json) instead of stdout') },
  },
  sample: {
    usage: 'ebm-wasm sample <model.ebm> [options]',
    summary: 'draws from p(y) ∝ exp(−β·F(y)) of a saved model with an MCMC sampler',
    example: 'ebm-wasm sample gmm.ebm --n 500 --sampler hmc --adapt --seed 2 --out samples.csv',
    options: {
      sampler: s('randomWalk, langevin, mala, hmc or gibbs (default mala; gibbs for a Bernoulli RBM)'),
      n: s('samples to write (default 100)'), chains: s('parallel chains (default min(16, n))'),
      warmup: s('steps discarded first (default 500)'), thin: s('keep every t-th step (default 1)'),
      'step-size': s('sampler step size'), adapt: b('adapt the step size (and HMC mass) during warm-up'),
      'leapfrog-steps': s('HMC leapfrog steps'), values: s('gibbs: the values of each coordinate (default -1,1; 0,1 for an RBM)'),
      beta: s('inverse temperature (default 1)'), given: s('x for a conditional model: sample p(y | x)'),
      seed: s('random seed (default 0)'), out: s('write CSV (or JSON) instead of stdout'),
      workers: s('run the chains on n workers (1–64) or auto; the same samples as without'),
    },
  },
  predict: {
    usage: 'ebm-wasm predict <model.ebm> [data.csv|data.json] [options]',
    summary: "the model's inference per row: K-means label and projection, GMM label and posteriors, PCA codes, sparse codes, RBM hidden probabilities, the minima of an MLP energy F(x, ·)",
    example: 'ebm-wasm predict cond.ebm xs.csv --condition x --starts 32 --box -2,2',
    options: {
      ...DATA, algorithm: s('sparse coding: cd, fista or ista (default cd)'),
      starts: s('MLP: descent starts per row (default 16)'), steps: s('MLP: descent steps (default 200)'), 'step-size': s('MLP: descent step (default 0.02)'),
      box: s('MLP: lo,hi of the start points on every coordinate (default -3,3)'), tol: s('MLP: minima closer than this are one (default 0.05)'),
      seed: s('MLP: seed of the start points (default 0)'), out: s('write CSV (or JSON) instead of stdout'),
    },
  },
  plot: {
    usage: 'ebm-wasm plot <model.ebm> [data.csv|data.json] --out <plot.svg> [options]',
    summary: "an SVG of a 2-D model's energy on a grid with the data on top",
    example: 'ebm-wasm plot mlp.ebm moons.csv --columns x,y --out mlp.svg',
    options: {
      columns: DATA.columns, out: s('the SVG file (required)'), bounds: s('xMin,xMax,yMin,yMax (default the data box + 10 %; write --bounds=-3,3,-3,3)'),
      resolution: s('grid cells per axis (default 80)'), size: s('plot size in pixels (default 480)'), 'point-size': s('radius of the data points (default 1.6)'),
    },
  },
  info: {
    usage: 'ebm-wasm info <model.ebm> [--json]',
    summary: 'what a model file holds: kind, sizes, parameters and the training state the file records',
    example: 'ebm-wasm info kmeans.ebm --json',
    options: {},
  },
};

function help(name, model) {
  const c = COMMANDS[name];
  const m = model && MODELS[model];
  const opts = { ...(m ? m.options : {}), ...c.options, ...COMMON };
  const lines = [`Usage: ${m ? c.usage.replace('<model>', model) : c.usage}`, '', m ? `train ${model}: ${m.summary}` : `${name}: ${c.summary}`, '', 'Options:'];
  for (const [k, o] of Object.entries(opts)) lines.push(`  --${(k + (o.type === 'string' ? ' <value>' : '')).padEnd(24)} ${o.description}`);
  lines.push('', 'Example:', `  ${m ? m.example : c.example}`, '');
  return lines.join('\n');
}

const TOP = [
  'Usage: ebm-wasm <command> [arguments] [options]', '', 'Energy-based models on the command line (data: CSV with an optional header row, or JSON).', '', 'Commands:',
  ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(8)} ${c.summary.split('. Models')[0]}`),
  '', 'ebm-wasm <command> --help shows its options and an example. Exit codes: 0 done, 1 failed, 2 usage error.', '',
].join('\n');

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return void process.stdout.write(TOP);
  const c = COMMANDS[name];
  if (!c) throw usageError(`unknown command '${name}' (expected one of ${Object.keys(COMMANDS).join(', ')}; see ebm-wasm --help)`);
  const model = name === 'train' && rest[0] && !rest[0].startsWith('-') ? rest[0] : undefined;
  if (model !== undefined && !MODELS[model]) throw usageError(`train: unknown model '${model}' (expected one of ${Object.keys(MODELS).join(', ')})`);
  const options = { ...(model ? MODELS[model].options : {}), ...c.options, ...COMMON };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.short ? { type: o.type, short: o.short } : { type: o.type }])), allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages run over several sentences and lines; the first says what, the hint for a dash says how
    const text = e.message.startsWith('Unknown option') ? e.message.split('. ')[0] : e.message.replace(/\.?\n/g, '; ').replace(/\.$/, '');
    throw usageError(`${name}: ${text} (see ebm-wasm ${name}${model ? ` ${model}` : ''} --help)`);
  }
  const { values: v, positionals: pos } = parsed;
  if (v.help) return void process.stdout.write(help(name, model));
  const bar = progress({ quiet: v.quiet });
  const tick = (done, total, detail) => bar.update(done, total, detail);
  await init();
  if (name === 'train') {
    if (!model) throw usageError(`train: the model is missing (expected one of ${Object.keys(MODELS).join(', ')})`);
    if (pos[1] === undefined) throw usageError(`train ${model}: the data file is missing (see ebm-wasm train ${model} --help)`);
    if (v.out === undefined) throw usageError(`train ${model}: --out is required (the model file to write)`);
    const { Y, X } = readData(pos[1], { columns: v.columns, condition: v.condition });
    if (X && model !== 'mlp') throw usageError(`train ${model}: --condition is for conditional models (mlp)`);
    const seed = Number(v.seed ?? 0);
    if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw usageError(`--seed '${v.seed}': expected an integer between 0 and 4294967295`);
    const { model: fitted, summary } = await MODELS[model].fit(v, { Y, X, seed, tick });
    writeBytes(v.out, fitted.toBytes());
    fitted.dispose();
    bar.done();
    const report = { command: 'train', model, data: pos[1], rows: Y.rows, columns: Y.cols, out: v.out, summary };
    process.stdout.write(v.json ? JSON.stringify(report) + '\n' : `trained ${model} on ${Y.rows}×${Y.cols}${X ? ` given ${X.cols} x columns` : ''}: ${summary}; wrote ${v.out}\n`);
    return;
  }
  const run = { score, sample, predict, plot, info }[name];
  const summary = await run(pos, v, { tick });
  bar.done();
  if (summary) {
    if (v.json && name === 'plot') process.stdout.write(JSON.stringify({ command: name, out: v.out, summary }) + '\n');
    else if (!v.quiet) process.stderr.write(`${summary}\n`);
  }
}

const debug = process.argv.includes('--debug');
// `ebm-wasm score … | head` closes the pipe early: that is the reader's choice, not an error
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
main(process.argv.slice(2)).catch((e) => {
  const known = e instanceof CliError || e instanceof EbmError;
  const message = e instanceof EbmError ? `${e.message} [${e.code}]` : known ? e.message : `unexpected error: ${e && e.message} (run with --debug for the stack)`;
  // on a terminal the error replaces a progress bar rather than trailing it
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}ebm-wasm: ${message}\n`);
  if (debug) process.stderr.write(`${e && e.stack}\n`);
  process.exitCode = known ? e.exitCode ?? 1 : 1;
});
