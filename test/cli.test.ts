// The command line as users run it: `node cli/main.mjs …` in a subprocess on real files in a
// temp folder, its outputs compared with the library's own bytes, its errors with the messages
// and exit codes the README documents. Needs the built dist/ (npm run build).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'cli', 'main.mjs');
// the built package, as the CLI loads it (the same instance of ebm.wasm in every process)
type Lib = typeof import('../sdk/index.node.js');
let lib: Lib;
let dir: string;
let Y: { rows: number; cols: number; data: Float32Array };

interface Run { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The first column of a CLI CSV as the f32 bytes it denotes. */
function column(csv: string, name: string): Float32Array {
  const [header, ...rows] = csv.trim().split('\n');
  const at = header!.split(',').indexOf(name);
  expect(at).toBeGreaterThanOrEqual(0);
  return Float32Array.from(rows.map((r) => Number(r.split(',')[at])));
}

const sameBytes = (a: Float32Array, b: Float32Array) => expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);

beforeAll(async () => {
  lib = (await import(join(ROOT, 'dist', 'index.node.js'))) as Lib;
  await lib.init();
  dir = mkdtempSync(join(tmpdir(), 'ebm-cli-'));
  const { X } = lib.datasets.moons({ n: 300, seed: 3 });
  Y = X;
  let csv = 'id,x,y\n';
  for (let r = 0; r < X.rows; r++) csv += `${r},${X.data[2 * r]},${X.data[2 * r + 1]}\n`;
  writeFileSync(join(dir, 'moons.csv'), csv);
  writeFileSync(join(dir, 'ragged.csv'), 'x,y\n1,2\n3,4,5\n');
  writeFileSync(join(dir, 'word.csv'), 'x,y\n1,2\n\n3,abc\n');
  writeFileSync(join(dir, 'opt.ebm'), lib.optim.adam({ lr: 1e-3 }).toBytes());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train → model file → score, byte for byte with the library', () => {
  it('kmeans: the file, F∞ and F_β are the library\'s bytes', async () => {
    const t = await cli('train', 'kmeans', 'moons.csv', '--columns', 'x,y', '--k', '6', '--n-init', '2', '--seed', '4', '--out', 'km.ebm', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ command: 'train', model: 'kmeans', rows: 300, columns: 2, out: 'km.ebm' });
    const model = await new lib.KMeansEBM({ k: 6, seed: 4 }).fit(Y, { nInit: 2 });
    expect(Buffer.from(readFileSync(join(dir, 'km.ebm'))).equals(Buffer.from(model.toBytes()))).toBe(true);
    const s = await cli('score', 'km.ebm', 'moons.csv', '--columns', '2,3', '--beta', '3');
    expect(s.code, s.stderr).toBe(0);
    sameBytes(column(s.stdout, 'energy'), model.energy(Y));
    sameBytes(column(s.stdout, 'free_energy'), model.freeEnergy(Y, { beta: 3 }));
    model.dispose();
  });

  it('gmm, pca and a grid-trained MLP energy: scores equal the library on the loaded file', async () => {
    const runs = await Promise.all([
      cli('train', 'gmm', 'moons.csv', '--columns', 'x,y', '--components', '3', '--covariance', 'diag', '--out', 'g.ebm', '--quiet'),
      cli('train', 'pca', 'moons.csv', '--columns', 'x,y', '--components', '1', '--out', 'p.ebm', '--quiet'),
      cli('train', 'mlp', 'moons.csv', '--columns', 'x,y', '--method', 'grid', '--steps', '15', '--hidden', '16', '--resolution', '24', '--out', 'm.ebm', '--quiet'),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const file of ['g.ebm', 'p.ebm', 'm.ebm']) {
      const s = await cli('score', file, 'moons.csv', '--columns', 'x,y', '--out', `${file}.csv`);
      expect(s.code, s.stderr).toBe(0);
      const model = lib.load(new Uint8Array(readFileSync(join(dir, file)))) as unknown as { energy(Y: unknown): Float32Array; dispose(): void };
      sameBytes(column(readFileSync(join(dir, `${file}.csv`), 'utf8'), 'energy'), model.energy(Y));
      model.dispose();
    }
    // the MLP file is the library's own grid training with the same settings
    const F = new lib.MLPEnergy({ inputDim: 2, hidden: [16], seed: 0 });
    const opt = lib.optim.adam({ lr: 1e-3 });
    const xs = Array.from({ length: 300 }, (_, r) => Y.data[2 * r]!), ys = Array.from({ length: 300 }, (_, r) => Y.data[2 * r + 1]!);
    const gx = (Math.max(...xs) - Math.min(...xs)) * 0.1, gy = (Math.max(...ys) - Math.min(...ys)) * 0.1;
    const bounds = { xMin: Math.min(...xs) - gx, xMax: Math.max(...xs) + gx, yMin: Math.min(...ys) - gy, yMax: Math.max(...ys) + gy };
    await lib.train.maxLikelihoodGrid(F, Y, { bounds, resolution: 24, steps: 15, optimizer: opt, seed: 0 });
    expect(Buffer.from(readFileSync(join(dir, 'm.ebm'))).equals(Buffer.from(F.toBytes()))).toBe(true);
    F.dispose();
    opt.dispose();
  });

  it('predict, sample (same seed, same bytes), info and plot work on the files', async () => {
    const [p, a, b, i, svg] = await Promise.all([
      cli('predict', 'km.ebm', 'moons.csv', '--columns', 'x,y', '--json'),
      cli('sample', 'g.ebm', '--n', '20', '--warmup', '50', '--seed', '7', '--quiet'),
      cli('sample', 'g.ebm', '--n', '20', '--warmup', '50', '--seed', '7', '--quiet'),
      cli('info', 'g.ebm', '--json'),
      cli('plot', 'm.ebm', 'moons.csv', '--columns', 'x,y', '--resolution', '20', '--out', 'm.svg', '--quiet'),
    ]);
    for (const r of [p, a, b, i, svg]) expect(r.code, r.stderr).toBe(0);
    const model = lib.load(new Uint8Array(readFileSync(join(dir, 'km.ebm')))) as InstanceType<Lib['KMeansEBM']>;
    expect(JSON.parse(p.stdout).map((r: { label: number }) => r.label)).toEqual(Array.from(model.infer(Y)));
    model.dispose();
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n')).toHaveLength(21);
    expect(JSON.parse(i.stdout)).toMatchObject({ kind: 'gaussian-mixture-ebm', dim: 2, components: 3, covariance: 'diag' });
    expect(readFileSync(join(dir, 'm.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });

  it('--workers gives the bytes of one thread: sampling an MLP energy and contrastive training', async () => {
    // 128 chains and batches of 128: more than one 64-chain block, so the work really goes to the workers
    const sample = ['sample', 'm.ebm', '--n', '256', '--chains', '128', '--warmup', '20', '--seed', '5', '--quiet'];
    const fit = (out: string) => ['train', 'mlp', 'moons.csv', '--columns', 'x,y', '--hidden', '16,16', '--epochs', '1', '--batch-size', '128', '--mcmc-steps', '5', '--seed', '3', '--quiet', '--out', out];
    const [one, two, f1, f2] = await Promise.all([cli(...sample), cli(...sample, '--workers', '2'), cli(...fit('w1.ebm')), cli(...fit('w2.ebm'), '--workers', '2')]);
    for (const r of [one, two, f1, f2]) expect(r.code, r.stderr).toBe(0);
    expect(two.stdout.trim().split('\n')).toHaveLength(257);
    expect(two.stdout).toBe(one.stdout);
    expect(readFileSync(join(dir, 'w2.ebm')).equals(readFileSync(join(dir, 'w1.ebm')))).toBe(true);
  });

  it('--workers on grid maximum likelihood gives the bytes of one thread', async () => {
    // hidden 64,64 on the default 64² grid: 4 grid blocks and (4096 + rows) × 4417 parameters, worth workers
    const fit = (out: string) => ['train', 'mlp', 'moons.csv', '--columns', 'x,y', '--method', 'grid', '--steps', '3', '--seed', '3', '--quiet', '--out', out];
    const [g1, g2] = await Promise.all([cli(...fit('g1.ebm')), cli(...fit('g2.ebm'), '--workers', '2')]);
    for (const r of [g1, g2]) expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'g2.ebm')).equals(readFileSync(join(dir, 'g1.ebm')))).toBe(true);
  });
});

describe.concurrent('errors: one line, the documented message and exit code, no stack trace', () => {
  const cases: [string[], number, RegExp][] = [
    [['train', 'kmeans', 'missing.csv', '--k', '2', '--out', 'x.ebm'], 1, /^ebm-wasm: cannot read data file 'missing\.csv': no such file$/],
    [['train', 'kmeans', 'ragged.csv', '--k', '2', '--out', 'x.ebm'], 1, /^ebm-wasm: ragged\.csv line 3: 3 fields, expected 2 \(as the header has\)$/],
    [['train', 'kmeans', 'word.csv', '--k', '1', '--out', 'x.ebm'], 1, /^ebm-wasm: word\.csv line 4, column 2 \('y'\): 'abc' is not a finite number$/],
    [['predict', 'opt.ebm', 'moons.csv'], 1, /^ebm-wasm: opt\.ebm holds a file of kind 'optimizer'; predict needs 'kmeans-ebm'/],
    [['score', 'moons.csv', 'moons.csv'], 1, /^ebm-wasm: moons\.csv: not an ebm-wasm file/],
    [['score', 'missing.ebm', 'moons.csv'], 1, /^ebm-wasm: cannot read model file 'missing\.ebm': no such file$/],
    [['train', 'kmeans', 'moons.csv', '--k', 'many', '--out', 'x.ebm'], 2, /^ebm-wasm: --k 'many': expected an integer ≥ 1$/],
    [['train', 'kmeans', 'moons.csv', '--k', '2', '--colour', 'red', '--out', 'x.ebm'], 2, /^ebm-wasm: train: Unknown option '--colour'/],
    [['score', 'km.ebm', 'moons.csv', '--columns', 'z'], 2, /^ebm-wasm: --columns 'z': no such column in moons\.csv \(it has columns 'id', 'x', 'y'/],
    [['fly'], 2, /^ebm-wasm: unknown command 'fly'/],
    [['sample', 'g.ebm', '--workers', '0'], 2, /^ebm-wasm: --workers '0': expected an integer between 1 and 64$/],
    [['train', 'kmeans', 'moons.csv', '--columns', 'x,y', '--k', '999', '--out', 'x.ebm'], 1, /^ebm-wasm: KMeansEBM\.fit: k = 999 exceeds the 300 rows of X \[INVALID_ARGUMENT\]$/],
  ];
  it.each(cases)('%j', async (args, code, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(code);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--debug adds the stack', async () => {
    const r = await cli('train', 'kmeans', 'ragged.csv', '--k', '2', '--out', 'x.ebm', '--debug');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('--help', () => {
  const commands = [['--help'], ...['train', 'score', 'sample', 'predict', 'plot', 'info'].map((c) => [c, '--help']), ...['kmeans', 'gmm', 'pca', 'rbm', 'sparse', 'mlp'].map((m) => ['train', m, '--help'])];
  it('every command and every model has usage, options and an example', async () => {
    const runs = await Promise.all(commands.map((args) => cli(...args)));
    runs.forEach((r, i) => {
      expect(r.code, commands[i]!.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ebm-wasm /);
      if (i > 0) expect(r.stdout).toMatch(/Options:[\s\S]*--json[\s\S]*Example:\n {2}ebm-wasm /);
    });
  });
});
