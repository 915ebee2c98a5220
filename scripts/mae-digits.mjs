// Measures the masked autoencoder against least squares on the digits with more
// training than a test can afford (test/mae.test.ts keeps a looser bound): 25 %
// of each held-out image's pixels hidden; accuracy and log-likelihood of fill()
// against the per-pixel marginal, squared error of fill()'s mean against ridge
// least squares on the same one-hot inputs. Runs on dist: `npm run build` first.
// Usage: node scripts/mae-digits.mjs [hidden=256] [epochs=40] [seed=11]
import { MaskedAutoencoder, datasets, init, optim } from '../dist/index.node.js';
import { LEVELS, leastSquares, marginal, mulberry32, randomMask } from '../test/mae-digits.mjs';

const [hidden = 256, epochs = 40, seed = 11] = process.argv.slice(2).map(Number);
await init();
const d = await datasets.digits();
const nTrain = 1297;
const train = { rows: nTrain, cols: 64, data: d.X.data.slice(0, nTrain * 64) };
const test = { rows: 1797 - nTrain, cols: 64, data: d.X.data.slice(nTrain * 64) };
const m = new MaskedAutoencoder({ length: 64, vocab: LEVELS, hidden, maskRate: 0.25, seed });
const t0 = Date.now();
const opt = optim.adam({ lr: 1e-3 });
await m.fit(train, { epochs, batchSize: 32, optimizer: opt, onProgress: (p) => process.stderr.write(`epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}\n`) });
const fitSeconds = (Date.now() - t0) / 1000;
const rand = mulberry32(seed);
const M = randomMask(test.rows, 64, 16, rand);
const { tokens } = m.fill(test, M);
const P = marginal(train);
const ls = leastSquares(train, [0, 1, 2, 3].map(() => randomMask(train.rows, 64, 16, rand)), 1);
let accM = 0, accP = 0, llM = 0, llP = 0, seM = 0, seL = 0, twoModes = 0;
const x = new Int32Array(64);
for (const t of tokens) {
  const truth = test.data[t.row * 64 + t.position];
  for (let k = 0; k < 64; k++) x[k] = M[t.row * 64 + k] ? LEVELS : test.data[t.row * 64 + k];
  let mp = 0;
  for (let k = 1; k < LEVELS; k++) if (P[t.position * LEVELS + k] > P[t.position * LEVELS + mp]) mp = k;
  accM += t.argmax === truth ? 1 : 0;
  accP += mp === truth ? 1 : 0;
  llM += Math.log(Math.max(t.probs[truth], 1e-30));
  llP += Math.log(P[t.position * LEVELS + truth]);
  let mean = 0;
  for (let k = 0; k < LEVELS; k++) mean += k * t.probs[k];
  seM += (mean - truth) ** 2;
  seL += (ls(x, t.position) - truth) ** 2;
  // two modes: the mass at both ends (≤ 3 and ≥ 13) is each at least 20 %
  let lo = 0, hi = 0;
  for (let k = 0; k < LEVELS; k++) if (k <= 3) lo += t.probs[k]; else if (k >= 13) hi += t.probs[k];
  if (lo >= 0.2 && hi >= 0.2) twoModes++;
}
const n = tokens.length;
console.log(JSON.stringify({
  hidden, epochs, seed, fitSeconds, hiddenPixels: n,
  accuracy: { mae: accM / n, marginal: accP / n },
  meanLogLik: { mae: llM / n, marginal: llP / n },
  mse: { maeMean: seM / n, leastSquares: seL / n, ratio: seM / seL },
  shareTwoModes: twoModes / n,
}, null, 1));
