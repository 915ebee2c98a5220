// The tour's chapter 9 (examples/chapters/masked.mjs), run on the built package as `npm start` runs
// it: the figure is drawn, and the numbers in its two sentences are recomputed here from a training
// spelled out independently (the same data split, settings and seeds, not the chapter's constants).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_NODE } from './helpers.js';
import { LEVELS, leastSquares, marginal, mulberry32, randomMask } from './mae-digits.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (rel: string): Promise<any> => import(new URL(rel, import.meta.url).href);
const silent = { tty: false, update: () => {}, done: () => {}, clear: () => {} };

describe('tour chapter 9: masked prediction on the digits', async () => {
  const ebm = await load(DIST_NODE.href);
  await ebm.init();
  const chapter = await load('../examples/chapters/masked.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'ebm-tour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends() counts a distribution as two-moded with ≥ 20 % on both ≤ 3 and ≥ 13', () => {
    const p = new Float64Array(17);
    p[0] = 0.2; p[16] = 0.2; p[8] = 0.6;
    expect(chapter.ends(p).twoModes).toBe(true);
    p[0] = 0.19; p[8] = 0.61;
    expect(chapter.ends(p).twoModes).toBe(false);
  });

  it('draws held-out digits with bars, and its sentences carry the numbers measured in the run', async () => {
    const out = await chapter.maskedChapter({ ebm, outDir: dir, status: silent });
    const svgFile = join(dir, 'masked-digits.svg');
    expect(out.files).toEqual([svgFile]);
    expect(existsSync(svgFile)).toBe(true);
    const svg = readFileSync(svgFile, 'utf8');
    // four digits, two hidden pixels with 17 bars each
    expect([...svg.matchAll(/least squares -?\d+\.\d · true \d+/g)].length).toBe(8);
    const html: string = out.html;
    expect(html).toContain('<section id="masked">');
    expect(html).toContain('short training');

    // the same training spelled out: first 1297 digits, hidden 64, 3 epochs of 32, Adam 3e-3, maskRate 0.25, seed 11;
    // 16 of 64 pixels hidden per held-out digit (mulberry32(11)), least squares under 4 masks from the same generator
    const d = await ebm.datasets.digits();
    const train = { rows: 1297, cols: 64, data: d.X.data.slice(0, 1297 * 64) };
    const test = { rows: 500, cols: 64, data: d.X.data.slice(1297 * 64) };
    const m = new ebm.MaskedAutoencoder({ length: 64, vocab: 17, hidden: 64, maskRate: 0.25, seed: 11 });
    await m.fit(train, { epochs: 3, batchSize: 32, optimizer: ebm.optim.adam({ lr: 3e-3 }) });
    const rand = mulberry32(11);
    const M = randomMask(500, 64, 16, rand);
    const { tokens } = m.fill(test, M);
    m.dispose();
    const ls = leastSquares(train, [0, 1, 2, 3].map(() => randomMask(1297, 64, 16, rand)), 1);
    const P = marginal(train);
    let accM = 0, accP = 0, seM = 0, seL = 0, two = 0;
    const x = new Int32Array(64);
    for (const t of tokens) {
      const truth = test.data[t.row * 64 + t.position];
      for (let k = 0; k < 64; k++) x[k] = M[t.row * 64 + k] ? LEVELS : test.data[t.row * 64 + k];
      let best = 0;
      for (let k = 1; k < LEVELS; k++) if (P[t.position * LEVELS + k]! > P[t.position * LEVELS + best]!) best = k;
      let mean = 0, lo = 0, hi = 0;
      for (let k = 0; k < LEVELS; k++) {
        mean += k * t.probs[k];
        if (k <= 3) lo += t.probs[k];
        if (k >= 13) hi += t.probs[k];
      }
      accM += t.argmax === truth ? 1 : 0;
      accP += best === truth ? 1 : 0;
      seM += (mean - truth) ** 2;
      seL += (ls(x, t.position) - truth) ** 2;
      two += lo >= 0.2 && hi >= 0.2 ? 1 : 0;
    }
    const n = tokens.length;
    expect(n).toBe(8000);
    const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
    expect(html).toContain(`is right for ${pct(accM / n)} of the 8000 hidden held-out pixels, against ${pct(accP / n)} for the per-pixel marginal`);
    expect(html).toContain(`${pct(two / n)} of the hidden pixels get a two-moded distribution`);
    expect(html).toContain(`has squared error ${(seM / n).toFixed(2)} against ${(seL / n).toFixed(2)} for least squares (${(seM / seL).toFixed(2)}×)`);
    // what the sentences say: the distribution's argmax beats the marginal, and two-moded pixels are not rare
    expect(accM).toBeGreaterThan(accP);
    expect(two / n).toBeGreaterThan(0.05);
  });
});
