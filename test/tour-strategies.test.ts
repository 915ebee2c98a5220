// The tour's chapter 6 (examples/chapters/strategies.mjs), run on the built package as `npm start`
// runs it: every strategy's panel is drawn, and the numbers in its sentences are the measurements
// (recomputed here independently for three of them). Chapter 2's two big MLPs come from the tour's
// cache; here the cache holds small ones trained by the test, so the chapter runs in seconds.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_NODE } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (rel: string): Promise<any> => import(new URL(rel, import.meta.url).href);
const silent = { tty: false, update: () => {}, done: () => {}, clear: () => {} };

describe('tour chapter 6: the seven strategies', async () => {
  const ebm = await load(DIST_NODE.href);
  await ebm.init();
  const chapter = await load('../examples/chapters/strategies.mjs');
  const { MOONS } = await load('../examples/chapters/contrastive.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-tour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('auc is P(F(box point) > F(held-out point)), ties counting half', () => {
    expect(chapter.auc(Float32Array.of(1, 2, 3), Float32Array.of(0))).toBe(1);
    expect(chapter.auc(Float32Array.of(1, 2, 3), Float32Array.of(5))).toBe(0);
    expect(chapter.auc(Float32Array.of(0, 0), Float32Array.of(0))).toBe(0.5);
    // 4 box values against 2 data values: for 1.5 → 3 above (2, 3, 4), for 3 → 1 above + 1 tie (½): (3 + 1.5) / 8
    expect(chapter.auc(Float32Array.of(1, 2, 3, 4), Float32Array.of(1.5, 3))).toBe(4.5 / 8);
  });

  it('draws every strategy, and its sentences carry the numbers measured in the run', async () => {
    const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
    const test = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.test }).X;
    const small = () => new ebm.MLPEnergy({ inputDim: 2, hidden: [16, 16], activation: 'silu', seed: 0 });
    const grid = small();
    const optimizer = ebm.optim.adam({ lr: 1e-2 });
    await ebm.train.maxLikelihoodGrid(grid, train, { bounds: MOONS.evalBox, resolution: 32, steps: 40, optimizer });
    optimizer.dispose();
    const pcd = small();
    const tr = new ebm.train.ContrastiveTrainer(pcd, train, {
      negatives: { init: 'buffer', sampler: 'langevin', steps: 5, stepSize: 0.002, bufferSize: 1000, reinit: 0.05 },
      loss: 'contrastive', regularization: { energySquare: 0.1 }, optimizer: ebm.optim.adam({ lr: 5e-3 }), batchSize: 64, seed: 0,
    });
    await tr.run({ steps: 40 });
    const buffer = tr.buffer;
    tr.dispose();
    const cache = new Map<string, any>([
      ['moons:grid-ml', { model: grid, steps: 40 }],
      ['moons:pcd', { model: pcd, steps: 40, buffer }],
    ]);

    const out = await chapter.strategiesChapter({ ebm, outDir: dir, status: silent, cache });
    const svgFile = join(dir, 'strategies-moons.svg');
    expect(out.files).toEqual([svgFile]);
    expect(existsSync(svgFile)).toBe(true);
    const svg = readFileSync(svgFile, 'utf8');
    const html: string = out.html;
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const s of chapter.STRATEGIES) {
      expect(svg, s.id).toContain(esc(`${s.strategy} · ${s.title}`));
      expect(html, s.id).toContain(esc(s.account));
      if (s.pending) expect(html, s.id).toContain('Not in this build');
    }
    expect(chapter.STRATEGIES.map((s: any) => s.strategy)).toEqual([1, 1, 1, 2, 3, 3, 4, 5, 6, 7]);
    // every strategy has its trainer in this build: no empty slot
    expect(chapter.STRATEGIES.filter((s: any) => s.pending).map((s: any) => s.id)).toEqual([]);
    expect(html).not.toContain('Not in this build');
    // one AUC sentence per drawn strategy, each with a number in [0, 1]
    const aucs = [...html.matchAll(/AUC (\d\.\d{3})/g)].map((m) => Number(m[1]));
    expect(aucs.length).toBe(chapter.STRATEGIES.filter((s: any) => !s.pending).length);
    for (const a of aucs) expect(a).toBeGreaterThanOrEqual(0), expect(a).toBeLessThanOrEqual(1);

    // two numbers recomputed here, independently of the chapter: the mixture's exact held-out log-likelihood
    // (the same fit: the same seed and restarts), and the cached grid model's on the chapter's grid
    const gmm = await new ebm.GaussianMixtureEBM({ components: 8, covariance: 'full', seed: 0 }).fit(train, { nInit: 2 });
    expect(html).toContain(`held-out log-likelihood ${gmm.score(test).toFixed(3)} nats, exactly`);
    gmm.dispose();
    const gridLL = ebm.metrics.gridLogLikelihood(grid, test, { bounds: MOONS.evalBox, resolution: 128 });
    expect(html).toContain(`After 40 steps its held-out log-likelihood is ${gridLL.toFixed(3)} nats`);
    // score matching (strategy 4): the same training spelled out here (sliced, one projection, 3000 steps of
    // batch 128, Adam 5e-3, seeds 0), its held-out log-likelihood and mean gradient norms recomputed
    const sm = new ebm.MLPEnergy({ inputDim: 2, hidden: [32, 32], activation: 'silu', seed: 0 });
    const smt = await ebm.train.scoreMatching(sm, train, { method: 'sliced', projections: 1, batchSize: 128, steps: 3000, seed: 0, optimizer: ebm.optim.adam({ lr: 5e-3 }) });
    smt.dispose();
    const meanNorm = (Y: any): number => {
      const g = sm.grad(Y).data;
      let t = 0;
      for (let i = 0; i < Y.rows; i++) t += Math.hypot(g[2 * i], g[2 * i + 1]);
      return t / Y.rows;
    };
    const nodes = { rows: 72 * 72, cols: 2, data: new Float32Array(2 * 72 * 72) };
    const b = MOONS.pictureBox;
    for (let i = 0; i < 72; i++) for (let j = 0; j < 72; j++) {
      nodes.data[2 * (i * 72 + j)] = b.xMin + ((b.xMax - b.xMin) * j) / 71;
      nodes.data[2 * (i * 72 + j) + 1] = b.yMin + ((b.yMax - b.yMin) * i) / 71;
    }
    const smLL = ebm.metrics.gridLogLikelihood(sm, test, { bounds: MOONS.evalBox, resolution: 128 });
    expect(html).toContain(
      `After 3000 steps the mean ‖∇F‖ is ${meanNorm(test).toFixed(3)} at held-out points against ${meanNorm(nodes).toFixed(3)} over the box; held-out log-likelihood ${smLL.toFixed(3)} nats`,
    );
    // what the account says: the gradient is smaller at the data than over the box
    expect(meanNorm(test)).toBeLessThan(meanNorm(nodes) / 2);
    sm.dispose();
    // the cache's models belong to the cache: the chapter must not dispose them
    expect(() => grid.energy(test)).not.toThrow();
    grid.dispose();
    pcd.dispose();
  });
});
