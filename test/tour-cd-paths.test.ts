// The tour's chapter 10 (examples/chapters/cd-paths.mjs), run on the built package as `npm start`
// runs it: both panels are drawn, and the numbers in its two sentences are recomputed here from the
// kicks and Langevin chains spelled out independently (seeds 7 and 8, σ 0.4, 20 steps of ε 0.002).
// Chapter 2's PCD models come from the tour's cache; here the cache holds small ones trained by the test.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_NODE } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (rel: string): Promise<any> => import(new URL(rel, import.meta.url).href);
const silent = { tty: false, update: () => {}, done: () => {}, clear: () => {} };

describe("tour chapter 10: contrastive divergence's paths", async () => {
  const ebm = await load(DIST_NODE.href);
  await ebm.init();
  const chapter = await load('../examples/chapters/cd-paths.mjs');
  const { MOONS } = await load('../examples/chapters/contrastive.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-tour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says the trained energy's steps go downhill only when its energy falls more than the early one's", () => {
    const st = (fall: number) => ({ stepsTrained: 1, stats: { steps: 20, fall, dEnd: 0.5, dKick: 0.5, above: 0.1 } });
    expect(chapter.sentences(st(-0.2), st(1)).join(' ')).toContain('go downhill');
    expect(chapter.sentences(st(-0.2), st(1))[0]).toContain('raise the energy of the kicked points by 0.20');
    expect(chapter.sentences(st(1), st(0.5)).join(' ')).not.toContain('go downhill');
  });

  it('draws the paths on both energies, and its sentences carry the numbers measured in the run', async () => {
    const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
    const pcd = new ebm.MLPEnergy({ inputDim: 2, hidden: [16, 16], activation: 'silu', seed: 0 });
    const tr = new ebm.train.ContrastiveTrainer(pcd, train, {
      negatives: { init: 'buffer', sampler: 'langevin', steps: 5, stepSize: 0.002, bufferSize: 1000, reinit: 0.05 },
      loss: 'contrastive', regularization: { energySquare: 0.1 }, optimizer: ebm.optim.adam({ lr: 5e-3 }), batchSize: 64, seed: 0,
    });
    await tr.run({ steps: 10 });
    const bytes = pcd.toBytes();
    await tr.run({ steps: 150 });
    tr.dispose();
    const cache = new Map<string, any>([
      ['moons:pcd', { model: pcd, steps: 160 }],
      ['moons:pcd-early', { bytes, steps: 10 }],
    ]);
    const out = await chapter.cdPathsChapter({ ebm, outDir: dir, status: silent, cache });
    const svgFile = join(dir, 'cd-paths.svg');
    expect(out.files).toEqual([svgFile]);
    expect(existsSync(svgFile)).toBe(true);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('after 10 training steps');
    expect(svg).toContain('after 160 training steps');
    // ten green paths per panel
    expect([...svg.matchAll(/stroke="#2ca02c"/g)].length).toBe(20);
    const html: string = out.html;

    // independently: every 200th training row, kicked by 0.4·N(0, 1) (random.normal, seed 7), then 20 Langevin steps
    // (ε 0.002, noise scale 1, seed 8) on each energy; the energy's fall, the distances and the gap to the data's energy
    const Y: any = { rows: 10, cols: 2, data: new Float32Array(20) };
    for (let r = 0; r < 10; r++) Y.data.set(train.data.subarray(400 * r, 400 * r + 2), 2 * r);
    const xi = ebm.random.normal(20, { seed: 7 });
    const K: any = { rows: 10, cols: 2, data: Float32Array.from(Y.data, (v: number, i: number) => v + 0.4 * xi[i]) };
    const measure = async (model: any): Promise<string> => {
      const s = ebm.samplers.langevin(model, { chains: 10, seed: 8, init: K, stepSize: 0.002, noiseScale: 1 });
      const { samples } = await s.run({ draws: 20 });
      const end: any = { rows: 10, cols: 2, data: samples.data.slice(19 * 20, 20 * 20) };
      const [e0, e1, e2] = [model.energy(Y), model.energy(K), model.energy(end)];
      let fall = 0, dK = 0, dE = 0, above = 0;
      for (let c = 0; c < 10; c++) {
        fall += (e1[c] - e2[c]) / 10;
        above += (e2[c] - e0[c]) / 10;
        dK += Math.hypot(K.data[2 * c] - Y.data[2 * c], K.data[2 * c + 1] - Y.data[2 * c + 1]) / 10;
        dE += Math.hypot(end.data[2 * c] - Y.data[2 * c], end.data[2 * c + 1] - Y.data[2 * c + 1]) / 10;
      }
      return `the 20 Langevin steps ${fall >= 0 ? 'lower' : 'raise'} the energy of the kicked points by ${Math.abs(fall).toFixed(2)} on average and end ` +
        `${dE.toFixed(2)} from their data points (the kick took them ${dK.toFixed(2)} away), ${Math.abs(above).toFixed(2)} ${above >= 0 ? 'above' : 'below'} the data's energy`;
    };
    const early = ebm.load(bytes, ebm.MLPEnergy);
    expect(html).toContain(`Early in training (step 10), ${await measure(early)}.`);
    early.dispose();
    expect(html).toContain(`After 160 steps, ${await measure(pcd)}`);
    // the cache's model belongs to the cache: the chapter must not dispose it
    expect(() => pcd.energy(Y)).not.toThrow();
    pcd.dispose();
  });
});
