// The tour's chapter 11 (examples/chapters/mcmc.mjs), run on the built package as `npm start` runs
// it: both panels are drawn, and the acceptance rates, step sizes, effective sample sizes and R̂ in
// its two sentences are recomputed here from MALA and HMC runs spelled out independently (the same
// starts, seed 3, 150 adapted warm-up steps, 500 draws). Chapter 2's PCD model comes from the tour's
// cache; here the cache holds a small one trained by the test.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_NODE } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (rel: string): Promise<any> => import(new URL(rel, import.meta.url).href);
const silent = { tty: false, update: () => {}, done: () => {}, clear: () => {} };

describe('tour chapter 11: MALA and HMC chains on a learned energy', async () => {
  const ebm = await load(DIST_NODE.href);
  await ebm.init();
  const chapter = await load('../examples/chapters/mcmc.mjs');
  const { MOONS } = await load('../examples/chapters/contrastive.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-tour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws both samplers, and its sentences carry the numbers measured in the run', async () => {
    const train = ebm.datasets.moons({ ...MOONS.data, ...MOONS.splits.train }).X;
    const pcd = new ebm.MLPEnergy({ inputDim: 2, hidden: [16, 16], activation: 'silu', seed: 0 });
    const tr = new ebm.train.ContrastiveTrainer(pcd, train, {
      negatives: { init: 'buffer', sampler: 'langevin', steps: 5, stepSize: 0.002, bufferSize: 1000, reinit: 0.05 },
      loss: 'contrastive', regularization: { energySquare: 0.1 }, optimizer: ebm.optim.adam({ lr: 5e-3 }), batchSize: 64, seed: 0,
    });
    await tr.run({ steps: 160 });
    tr.dispose();
    const out = await chapter.mcmcChapter({ ebm, outDir: dir, status: silent, cache: new Map([['moons:pcd', { model: pcd, steps: 160 }]]) });
    const svgFile = join(dir, 'mcmc-chains.svg');
    expect(out.files).toEqual([svgFile]);
    expect(existsSync(svgFile)).toBe(true);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain("(chapter 2's PCD, 160 steps)");
    const html: string = out.html;

    const init = { rows: 4, cols: 2, data: Float32Array.of(-0.9, 0.4, 1.9, -0.1, 0.5, 1.9, 0.5, -1.6) };
    const measure = async (kind: 'mala' | 'hmc', opts: object): Promise<any> => {
      const run = await ebm.samplers[kind](pcd, { chains: 4, seed: 3, init, ...opts }).run({ warmup: 150, draws: 500, adapt: {} });
      const s = ebm.diagnostics.summary(run.samples);
      let acc = 0;
      for (const a of run.acceptRate) acc += a / 4;
      return { acc, step: run.stepSize, ess: [s.essBulk[0], s.essBulk[1]], rhat: Math.max(s.rhat[0], s.rhat[1]) };
    };
    const mala = await measure('mala', { stepSize: 0.05 });
    const hmc = await measure('hmc', { stepSize: 0.05, leapfrogSteps: 5 });
    const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
    const ess = (r: any): string => `${r.ess[0].toFixed(0)} for y₁ and ${r.ess[1].toFixed(0)} for y₂`;
    const trim = (x: number): string => x.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
    expect(html).toContain(
      `MALA, its step size adapted to ${trim(mala.step)}, accepted ${pct(mala.acc)} of its proposals (mean over the chains); its 4 chains × 500 draws ` +
        `are worth an effective sample size (bulk) of ${ess(mala)}, largest R̂ ${mala.rhat.toFixed(3)}.`,
    );
    expect(html).toContain(`HMC with 5 leapfrog steps of ${trim(hmc.step)} accepted ${pct(hmc.acc)}, effective sample size ${ess(hmc)}, largest R̂ ${hmc.rhat.toFixed(3)}`);
    // per gradient evaluation: HMC's mean ESS / (500·4·5) against MALA's / (500·4)
    const ratio = (hmc.ess[0] + hmc.ess[1]) / 5 / (mala.ess[0] + mala.ess[1]);
    expect(html).toContain(ratio >= 1 ? `${ratio.toFixed(2)} times MALA's` : `${(1 / ratio).toFixed(2)} times fewer than MALA's`);
    // acceptance near the adaptation targets (57.4 %, 80 %): the adaptation ran
    expect(Math.abs(mala.acc - 0.574)).toBeLessThan(0.2);
    expect(hmc.acc).toBeGreaterThan(0.6);
    expect(() => pcd.energy(init)).not.toThrow();
    pcd.dispose();
  });
});
