// The built-in data sets: the 2-D toys (determinism, shapes, statistics, argument checks),
// the exact eight-Gaussians log-density, and the bundled digits.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectThrows, seedNote, setup, testSeed } from './helpers.js';
import { ArgumentError, ShapeError, datasets, random } from '../sdk/index.node.js';
import type { Matrix } from '../sdk/index.node.js';

beforeAll(setup);

type Gen = (o?: { n?: number; seed?: number }) => { X: Matrix; labels?: Int32Array };

/** Every generator, with the number of components its labels run over (0: no labels). */
const GENERATORS: [string, Gen, number][] = [
  ['spiral', datasets.spiral, 0],
  ['moons', datasets.moons, 2],
  ['circles', datasets.circles, 2],
  ['eightGaussians', datasets.eightGaussians, 8],
  ['checkerboard', datasets.checkerboard, 8],
  ['pinwheel', datasets.pinwheel, 5],
  ['swissRoll', datasets.swissRoll, 0],
];

function bytesOf(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** FNV-1a over the bytes of X and labels: a short fingerprint of a draw. */
function fingerprint(d: { X: Matrix; labels?: Int32Array }): string {
  let h = 0x811c9dc5;
  const eat = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193) >>> 0;
  };
  eat(bytesOf(d.X.data));
  if (d.labels) eat(bytesOf(d.labels));
  return h.toString(16).padStart(8, '0');
}

/** Mean and (unbiased) variance of the values picked by `pick` over the rows with `keep`. */
function moments(n: number, keep: (i: number) => boolean, pick: (i: number) => number): { m: number; mean: number; variance: number } {
  let m = 0;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const v = pick(i);
    m++;
    s += v;
    ss += v * v;
  }
  const mean = s / m;
  return { m, mean, variance: (ss - m * mean * mean) / (m - 1) };
}

/** The binomial band for a count: |count − n·p| ≤ z·√(n·p·(1−p)). */
function expectCount(count: number, n: number, p: number, note: string, z = 5): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p), `count ${count} vs ${n * p} ± ${z}·${sd.toFixed(1)} ${note}`).toBeLessThanOrEqual(z * sd);
}

describe('toy data sets: determinism', () => {
  it.each(GENERATORS)('%s: same arguments give identical bytes; another seed gives others', (_name, gen) => {
    const a = gen({ n: 777, seed: 12345 });
    const b = gen({ n: 777, seed: 12345 });
    expect(bytesOf(b.X.data)).toEqual(bytesOf(a.X.data));
    if (a.labels) expect(bytesOf(b.labels!)).toEqual(bytesOf(a.labels));
    const c = gen({ n: 777, seed: 12346 });
    expect(bytesOf(c.X.data)).not.toEqual(bytesOf(a.X.data));
  });

  it.each(GENERATORS)('%s: a smaller draw is a prefix of a larger one (each row depends only on seed and index)', (_name, gen) => {
    const small = gen({ n: 37, seed: 9 });
    const big = gen({ n: 1000, seed: 9 });
    expect(small.X.data).toEqual(big.X.data.subarray(0, 74));
    if (small.labels) expect(small.labels).toEqual(big.labels!.subarray(0, 37));
  });

  it('seeds above 2^32 use the high key word', () => {
    const a = datasets.moons({ n: 50, seed: 1 });
    const b = datasets.moons({ n: 50, seed: 1 + 2 ** 32 });
    expect(bytesOf(b.X.data)).not.toEqual(bytesOf(a.X.data));
  });

  // Known answers recorded from this implementation (Node, build/ebm.wasm). The data sets promise the
  // same bytes in every runtime and every release: a change here is a breaking change of the data.
  const KNOWN: Record<string, string> = {
    spiral: 'f7b48598',
    moons: 'b383abf9',
    circles: 'f01fceac',
    eightGaussians: '4cc42449',
    checkerboard: '49b4a2be',
    pinwheel: '569bc9ff',
    swissRoll: 'c4bda468',
  };
  it.each(GENERATORS)('%s: known-answer fingerprint of n = 256, seed = 2024', (name, gen) => {
    expect(fingerprint(gen({ n: 256, seed: 2024 }))).toBe(KNOWN[name]);
  });
});

describe('toy data sets: the documented formulas over the documented Philox words', () => {
  // An independent TS twin of every kernel: point i uses block i of stream 0x6473_00kk under the seed,
  // i.e. words 4i..4i+3 of random.uint32 on that stream. JS Math may differ from WASM's musl in the last
  // bit of sin/cos/exp/log (which is why the library never uses it); coordinates are ≤ ~6 here, so
  // 1e-5 absolute is far above that and far below any formula mistake. Labels must match exactly.
  const U = 2 ** -32;
  const unit = (w: number) => (w + 0.5) * U;
  const gauss = (a: number, b: number): [number, number] => {
    const r = Math.sqrt(-2 * Math.log(unit(a)));
    const t = 2 * Math.PI * (b * U);
    return [r * Math.cos(t), r * Math.sin(t)];
  };
  type Twin = (w: Uint32Array) => [number, number, number];
  const twins: [string, number, () => { X: Matrix; labels?: Int32Array }, Twin][] = [
    ['spiral', 1, () => datasets.spiral({ n: 500, seed: 31, noise: 0.1, turns: 2.25 }), (w) => {
      const s = Math.sqrt(unit(w[0]!));
      const t = 2 * Math.PI * 2.25 * s;
      const [g0, g1] = gauss(w[1]!, w[2]!);
      return [s * Math.cos(t) + 0.1 * g0, s * Math.sin(t) + 0.1 * g1, -1];
    }],
    ['moons', 2, () => datasets.moons({ n: 500, seed: 31, noise: 0.2 }), (w) => {
      const moon = w[0]! >>> 31;
      const th = Math.PI * unit(w[1]!);
      const [g0, g1] = gauss(w[2]!, w[3]!);
      const x = moon === 0 ? Math.cos(th) : 1 - Math.cos(th);
      const y = moon === 0 ? Math.sin(th) : 0.5 - Math.sin(th);
      return [x + 0.2 * g0, y + 0.2 * g1, moon];
    }],
    ['circles', 3, () => datasets.circles({ n: 500, seed: 31, noise: 0.2, factor: 0.25 }), (w) => {
      const c = w[0]! >>> 31;
      const th = 2 * Math.PI * unit(w[1]!);
      const r = c === 0 ? 1 : 0.25;
      const [g0, g1] = gauss(w[2]!, w[3]!);
      return [r * Math.cos(th) + 0.2 * g0, r * Math.sin(th) + 0.2 * g1, c];
    }],
    ['eightGaussians', 4, () => datasets.eightGaussians({ n: 500, seed: 31, radius: 3, std: 0.5 }), (w) => {
      const k = w[0]! >>> 29;
      const [g0, g1] = gauss(w[2]!, w[3]!);
      return [3 * Math.cos((k * Math.PI) / 4) + 0.5 * g0, 3 * Math.sin((k * Math.PI) / 4) + 0.5 * g1, k];
    }],
    ['checkerboard', 5, () => datasets.checkerboard({ n: 500, seed: 31, squareSize: 0.5 }), (w) => {
      const x1 = 4 * unit(w[0]!) - 2;
      const col = Math.min(Math.floor(x1) + 2, 3);
      const upper = w[2]! >>> 31;
      const x2 = unit(w[1]!) - (upper === 0 ? 2 : 0) + (col & 1);
      return [0.5 * x1, 0.5 * x2, 2 * col + upper];
    }],
    ['pinwheel', 6, () => datasets.pinwheel({ n: 500, seed: 31, arms: 7, radialStd: 0.2, tangentialStd: 0.3, rate: -0.5 }), (w) => {
      const k = Math.floor((w[0]! * 7) / 2 ** 32);
      const [g0, g1] = gauss(w[2]!, w[3]!);
      const f0 = 1 + 0.2 * g0;
      const f1 = 0.3 * g1;
      const a = (2 * Math.PI * k) / 7 - 0.5 * Math.exp(f0);
      return [2 * (f0 * Math.cos(a) + f1 * Math.sin(a)), 2 * (f1 * Math.cos(a) - f0 * Math.sin(a)), k];
    }],
    ['swissRoll', 7, () => datasets.swissRoll({ n: 500, seed: 31, noise: 0.3 }), (w) => {
      const t = 1.5 * Math.PI * (1 + 2 * unit(w[0]!));
      const [g0, g1] = gauss(w[1]!, w[2]!);
      return [(t / 5) * Math.cos(t) + 0.3 * g0, (t / 5) * Math.sin(t) + 0.3 * g1, -1];
    }],
  ];
  it.each(twins)('%s', (_name, kind, make, twin) => {
    const d = make();
    const words = random.uint32(4 * 500, { seed: 31, stream: 0x64730000 + kind });
    for (let i = 0; i < 500; i++) {
      const [x, y, label] = twin(words.subarray(4 * i, 4 * i + 4));
      expect(Math.abs(d.X.data[2 * i]! - x), `row ${i} x`).toBeLessThan(1e-5);
      expect(Math.abs(d.X.data[2 * i + 1]! - y), `row ${i} y`).toBeLessThan(1e-5);
      if (label >= 0) expect(d.labels![i], `row ${i} label`).toBe(label);
    }
  });
});

describe('toy data sets: shapes and labels', () => {
  it.each(GENERATORS)('%s: n×2 points, labels in range and balanced', (name, gen, components) => {
    const n = 20000;
    const seed = testSeed(7);
    const d = gen({ n, seed });
    expect(d.X.rows).toBe(n);
    expect(d.X.cols).toBe(2);
    expect(d.X.data.length).toBe(2 * n);
    expect(d.X.data.every(Number.isFinite)).toBe(true);
    if (components === 0) {
      expect(d.labels, `${name} has no components`).toBeUndefined();
      return;
    }
    const labels = d.labels!;
    expect(labels.length).toBe(n);
    const counts = new Array<number>(components).fill(0);
    for (const l of labels) {
      if (!(l >= 0 && l < components)) throw new Error(`${name}: label ${l} outside 0..${components - 1}`);
      counts[l]!++;
    }
    // components have equal weights: each count is Binomial(n, 1/components)
    for (let k = 0; k < components; k++) expectCount(counts[k]!, n, 1 / components, `${name} component ${k} ${seedNote(seed)}`);
  });

  it('defaults: n = 1000 and seed 0', () => {
    for (const [, gen] of GENERATORS) {
      const d = gen();
      expect(d.X.rows).toBe(1000);
      expect(bytesOf(d.X.data)).toEqual(bytesOf(gen({ n: 1000, seed: 0 }).X.data));
    }
  });

  it('n = 1 works', () => {
    for (const [, gen] of GENERATORS) expect(gen({ n: 1 }).X.data.length).toBe(2);
  });
});

describe('toy data sets: geometry and statistics', () => {
  const n = 40000;

  it('eightGaussians: component means at the centres, std within the Monte Carlo band', () => {
    const seed = testSeed(11);
    const radius = 2;
    const std = 0.15;
    const { X, labels } = datasets.eightGaussians({ n, seed, radius, std });
    const x = X.data;
    for (let k = 0; k < 8; k++) {
      const cx = radius * Math.cos((k * Math.PI) / 4);
      const cy = radius * Math.sin((k * Math.PI) / 4);
      const mx = moments(n, (i) => labels[i] === k, (i) => x[2 * i]!);
      const my = moments(n, (i) => labels[i] === k, (i) => x[2 * i + 1]!);
      // each coordinate's mean is N(centre, std²/m): 4 standard errors
      const se = std / Math.sqrt(mx.m);
      expect(Math.abs(mx.mean - cx), `component ${k} x ${seedNote(seed)}`).toBeLessThan(4 * se);
      expect(Math.abs(my.mean - cy), `component ${k} y ${seedNote(seed)}`).toBeLessThan(4 * se);
      // the pooled variance of 2m normal values has relative sd √(2/(2m − 2)): 4 of those
      const pooled = (mx.variance + my.variance) / 2;
      expect(Math.abs(pooled / (std * std) - 1), `component ${k} variance ${seedNote(seed)}`).toBeLessThan(4 * Math.sqrt(2 / (2 * mx.m - 2)));
    }
  });

  it('moons: noise-free points lie on the two unit half circles; with noise E r² = 1 + 2σ²', () => {
    const clean = datasets.moons({ n: 5000, noise: 0, seed: 3 });
    let radiusError = 0;
    let wrongSide = 0;
    for (let i = 0; i < 5000; i++) {
      const x = clean.X.data[2 * i]!;
      const y = clean.X.data[2 * i + 1]!;
      // moon 0: unit circle around (0, 0), upper half; moon 1: around (1, ½), lower half
      const [cx, cy, sign] = clean.labels[i] === 0 ? [0, 0, 1] : [1, 0.5, -1];
      radiusError = Math.max(radiusError, Math.abs(Math.hypot(x - cx, y - cy) - 1));
      if (sign * (y - cy) < -1e-7) wrongSide++;
    }
    expect(radiusError, 'f32 rounding of coordinates ≤ 2 is ~1e-7').toBeLessThan(1e-6);
    expect(wrongSide).toBe(0);
    const seed = testSeed(5);
    const sigma = 0.1;
    const { X, labels } = datasets.moons({ n, noise: sigma, seed });
    for (const [moon, cx, cy] of [[0, 0, 0], [1, 1, 0.5]] as const) {
      const r2 = moments(n, (i) => labels[i] === moon, (i) => (X.data[2 * i]! - cx) ** 2 + (X.data[2 * i + 1]! - cy) ** 2);
      // r² = 1 + 2σ(u·z) + σ²|z|²: mean 1 + 2σ², variance 4σ² + 4σ⁴; 4 standard errors
      const se = Math.sqrt((4 * sigma ** 2 + 4 * sigma ** 4) / r2.m);
      expect(Math.abs(r2.mean - (1 + 2 * sigma ** 2)), `moon ${moon} ${seedNote(seed)}`).toBeLessThan(4 * se);
    }
    // θ uniform on [0, π]: E sin θ = 2/π for the upper moon (variance ½ − 4/π² + σ²)
    const ys = moments(n, (i) => labels[i] === 0, (i) => X.data[2 * i + 1]!);
    const se = Math.sqrt((0.5 - 4 / Math.PI ** 2 + sigma ** 2) / ys.m);
    expect(Math.abs(ys.mean - 2 / Math.PI), seedNote(seed)).toBeLessThan(4 * se);
  });

  it('circles: radii 1 and factor; with noise E r² = r₀² + 2σ²', () => {
    const clean = datasets.circles({ n: 5000, noise: 0, factor: 0.3, seed: 4 });
    let radiusError = 0;
    for (let i = 0; i < 5000; i++) {
      const r = Math.hypot(clean.X.data[2 * i]!, clean.X.data[2 * i + 1]!);
      radiusError = Math.max(radiusError, Math.abs(r - (clean.labels[i] === 0 ? 1 : 0.3)));
    }
    expect(radiusError, 'f32 rounding of coordinates ≤ 1 is ~6e-8').toBeLessThan(1e-6);
    const seed = testSeed(6);
    const sigma = 0.05;
    const { X, labels } = datasets.circles({ n, seed, noise: sigma });
    for (const [circle, r0] of [[0, 1], [1, 0.5]] as const) {
      const r2 = moments(n, (i) => labels[i] === circle, (i) => X.data[2 * i]! ** 2 + X.data[2 * i + 1]! ** 2);
      // r² = r₀² + 2r₀σ(u·z) + σ²|z|²: mean r₀² + 2σ², variance 4r₀²σ² + 4σ⁴; 4 standard errors
      const se = Math.sqrt((4 * r0 ** 2 * sigma ** 2 + 4 * sigma ** 4) / r2.m);
      expect(Math.abs(r2.mean - (r0 ** 2 + 2 * sigma ** 2)), `circle ${circle} ${seedNote(seed)}`).toBeLessThan(4 * se);
    }
  });

  it('spiral: noise-free points lie on r = t/tmax with angle t, r² uniform on (0, 1), within [−1, 1]²', () => {
    const turns = 1.5;
    const tmax = 2 * Math.PI * turns;
    const { X } = datasets.spiral({ n, noise: 0, turns, seed: testSeed(8) });
    let rMax = 0;
    let offArm = 0;
    for (let i = 0; i < n; i++) {
      const x = X.data[2 * i]!;
      const y = X.data[2 * i + 1]!;
      const r = Math.hypot(x, y);
      rMax = Math.max(rMax, r);
      offArm = Math.max(offArm, Math.hypot(x - r * Math.cos(tmax * r), y - r * Math.sin(tmax * r)));
    }
    // radius ≤ 1 up to f32 rounding; the point is r·(cos(tmax·r), sin(tmax·r)) up to that rounding
    // (~6e-8 per coordinate, times tmax ≈ 9.4 through the angle)
    expect(rMax).toBeLessThanOrEqual(1 + 1e-6);
    expect(offArm).toBeLessThan(1e-5);
    // r = √u, so r² is uniform: mean ½, standard error √(1/12/n); 4 of those
    const r2 = moments(n, () => true, (i) => X.data[2 * i]! ** 2 + X.data[2 * i + 1]! ** 2);
    expect(Math.abs(r2.mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
  });

  it('swissRoll: noise-free points at radius t/5 and angle t, t uniform on [1.5π, 4.5π]', () => {
    const { X } = datasets.swissRoll({ n, noise: 0, seed: testSeed(9) });
    let tMin = Infinity;
    let tMax = -Infinity;
    let offRoll = 0;
    for (let i = 0; i < n; i++) {
      const x = X.data[2 * i]!;
      const y = X.data[2 * i + 1]!;
      const t = 5 * Math.hypot(x, y);
      tMin = Math.min(tMin, t);
      tMax = Math.max(tMax, t);
      offRoll = Math.max(offRoll, Math.hypot(x - (t / 5) * Math.cos(t), y - (t / 5) * Math.sin(t)));
    }
    // f32 rounding of coordinates up to 2.83 is ~2e-7 each; through t = 5r that is ~1e-6 in t
    expect(tMin).toBeGreaterThanOrEqual(1.5 * Math.PI - 1e-5);
    expect(tMax).toBeLessThanOrEqual(4.5 * Math.PI + 1e-5);
    expect(offRoll).toBeLessThan(1e-5);
    // t uniform on [1.5π, 4.5π]: mean 3π, sd √3·π; 4 standard errors
    const t = moments(n, () => true, (i) => 5 * Math.hypot(X.data[2 * i]!, X.data[2 * i + 1]!));
    expect(Math.abs(t.mean - 3 * Math.PI)).toBeLessThan((4 * Math.sqrt(3) * Math.PI) / Math.sqrt(n));
  });

  it('checkerboard: points only in the 8 filled squares, labelled by square, uniform within them', () => {
    const s = 1.5;
    const seed = testSeed(10);
    const { X, labels } = datasets.checkerboard({ n, squareSize: s, seed });
    const counts = new Array<number>(8).fill(0);
    const bad: string[] = [];
    let onLine = 0;
    for (let i = 0; i < n; i++) {
      const x = X.data[2 * i]!;
      const y = X.data[2 * i + 1]!;
      counts[labels[i]!]!++;
      if (Math.abs(x) > 2 * s || Math.abs(y) > 2 * s) bad.push(`row ${i} (${x}, ${y}) is off the board`);
      // f32 rounding may put a point exactly on a grid line (probability ~1e-7 a point): skip those
      const near = (v: number) => Math.abs(v / s - Math.round(v / s)) < 1e-6;
      if (near(x) || near(y)) {
        onLine++;
        continue;
      }
      const col = Math.floor(x / s) + 2;
      const row = Math.floor(y / s) + 2;
      if ((col + row) % 2 !== 0) bad.push(`row ${i} (${x}, ${y}) is in an empty square`);
      if (labels[i] !== 2 * col + (row >= 2 ? 1 : 0)) bad.push(`row ${i} (${x}, ${y}) has label ${labels[i]}`);
    }
    expect(bad.slice(0, 5), seedNote(seed)).toEqual([]);
    expect(onLine).toBeLessThan(10);
    expect(counts.every((c) => c > 0)).toBe(true);
    // the square [0, s]² is filled; within it x is uniform: mean s/2, sd s/√12; 4 standard errors
    const inCorner = (i: number) => labels[i] === 5;
    const mx = moments(n, inCorner, (i) => X.data[2 * i]!);
    const my = moments(n, inCorner, (i) => X.data[2 * i + 1]!);
    expect(Math.abs(mx.mean - s / 2), seedNote(seed)).toBeLessThan((4 * s) / Math.sqrt(12 * mx.m));
    expect(Math.abs(my.mean - s / 2), seedNote(seed)).toBeLessThan((4 * s) / Math.sqrt(12 * my.m));
  });

  it('pinwheel: without noise, arm k is the point 2·(cos a, −sin a) with a = 2πk/arms + rate·e', () => {
    const arms = 3;
    const rate = 0.4;
    const { X, labels } = datasets.pinwheel({ n: 300, arms, rate, radialStd: 0, tangentialStd: 0, seed: 1 });
    for (let i = 0; i < 300; i++) {
      const a = (2 * Math.PI * labels[i]!) / arms + rate * Math.E;
      expect(X.data[2 * i]!).toBeCloseTo(2 * Math.cos(a), 6);
      expect(X.data[2 * i + 1]!).toBeCloseTo(-2 * Math.sin(a), 6);
    }
  });

  it('pinwheel: with tangentialStd = 0 the radius is 2·|f₀|, f₀ ~ N(1, radialStd²)', () => {
    const seed = testSeed(12);
    const radialStd = 0.3;
    const { X } = datasets.pinwheel({ n, radialStd, tangentialStd: 0, seed });
    // |f₀| = f₀ except with probability Φ(−1/0.3) ≈ 4e-4; the bias that adds is < 1e-4, far inside the band
    const r = moments(n, () => true, (i) => Math.hypot(X.data[2 * i]!, X.data[2 * i + 1]!) / 2);
    expect(Math.abs(r.mean - 1), seedNote(seed)).toBeLessThan((4 * radialStd) / Math.sqrt(n));
    expect(Math.abs(r.variance / radialStd ** 2 - 1), seedNote(seed)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)) + 1e-3);
  });
});

describe('eightGaussiansLogDensity', () => {
  /** log((1/8)·Σ_k N(y; μ_k, std²·I₂)) in f64 with a log-sum-exp, written out independently. */
  function reference(x: number, y: number, radius: number, std: number): number {
    const e: number[] = [];
    for (let k = 0; k < 8; k++) {
      const dx = x - radius * Math.cos((k * Math.PI) / 4);
      const dy = y - radius * Math.sin((k * Math.PI) / 4);
      e.push(-(dx * dx + dy * dy) / (2 * std * std));
    }
    const m = Math.max(...e);
    const s = e.reduce((acc, v) => acc + Math.exp(v - m), 0);
    return m + Math.log(s) - Math.log(8) - Math.log(2 * Math.PI * std * std);
  }

  it('matches a direct f64 computation', () => {
    for (const [radius, std] of [[2, 0.15], [1, 0.5], [3, 0.05]] as const) {
      const pts = [
        [0, 0], [radius, 0], [0, -radius], [radius / Math.SQRT2, radius / Math.SQRT2], [0.3, -1.7], [1, 1], [-2.5, 0.4], [10, -7],
      ];
      const got = datasets.eightGaussiansLogDensity(pts, { radius, std });
      pts.forEach(([x, y], i) => {
        // the kernel sees the f32-rounded point; its f32 result carries a relative error ≤ 2^-24,
        // so 1e-5 absolute near the mixture and 1e-6 relative far away (|log p| up to ~1e5)
        const want = reference(Math.fround(x!), Math.fround(y!), radius, std);
        expect(Math.abs(got[i]! - want), `radius ${radius}, std ${std}, at (${x}, ${y}): ${got[i]} vs ${want}`).toBeLessThan(
          Math.max(1e-5, 1e-6 * Math.abs(want)),
        );
      });
    }
  });

  it('defaults are those of eightGaussians (radius 2, std 0.15)', () => {
    const Y = [[2, 0], [0.1, 0.2]];
    expect(datasets.eightGaussiansLogDensity(Y)).toEqual(datasets.eightGaussiansLogDensity(Y, { radius: 2, std: 0.15 }));
  });

  it('integrates to 1 on a fine grid', () => {
    for (const [radius, std, half] of [[2, 0.15, 4], [1, 0.3, 5.5]] as const) {
      // Midpoint rule, h = 0.02 on [−half, half]²: for a Gaussian of std σ its error is ~exp(−2π²σ²/h²)
      // (< 1e-30 here); the box edge is ≥ 13σ from every centre, so the lost tail is < 1e-30 too.
      // What remains is the f32 rounding of log p (≤ 2^-24·|log p| ≈ 1e-6 where the mass is), so 1e-4.
      const h = 0.02;
      const m = Math.round((2 * half) / h);
      const data = new Float32Array(2 * m * m);
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < m; i++) {
          data[2 * (j * m + i)] = -half + (i + 0.5) * h;
          data[2 * (j * m + i) + 1] = -half + (j + 0.5) * h;
        }
      }
      const lp = datasets.eightGaussiansLogDensity({ rows: m * m, cols: 2, data }, { radius, std });
      let total = 0;
      for (const v of lp) total += Math.exp(v);
      expect(Math.abs(total * h * h - 1), `radius ${radius}, std ${std}: ∫p = ${total * h * h}`).toBeLessThan(1e-4);
    }
  });

  it('is highest at the centres and agrees with where the samples fall', () => {
    const { X } = datasets.eightGaussians({ n: 2000, seed: 1 });
    const atSamples = datasets.eightGaussiansLogDensity(X);
    const atCentre = datasets.eightGaussiansLogDensity([[2, 0]])[0]!;
    for (const v of atSamples) expect(v).toBeLessThanOrEqual(atCentre + 1e-5);
    // log p at the centre of one component: −log 8 − log(2πσ²) (the other components add < e^-40)
    expect(atCentre).toBeCloseTo(-Math.log(8) - Math.log(2 * Math.PI * 0.15 ** 2), 5);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => datasets.eightGaussiansLogDensity([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => datasets.eightGaussiansLogDensity([[1, 2, 3]])).toThrow('datasets.eightGaussiansLogDensity: Y has 3 columns, expected 2');
    expect(() => datasets.eightGaussiansLogDensity([[1, 2]], { std: 0 })).toThrow('datasets.eightGaussiansLogDensity: std must be > 0, got 0');
    expect(() => datasets.eightGaussiansLogDensity([[1, NaN]])).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
    expect(() => datasets.eightGaussiansLogDensity([[1, 2]], { sigma: 1 } as never)).toThrow(ArgumentError);
    expect(datasets.eightGaussiansLogDensity([])).toEqual(new Float32Array(0));
  });
});

describe('toy data sets: argument checks', () => {
  it('names the call and argument, with typed errors', () => {
    const cases: [() => unknown, string, string][] = [
      [() => datasets.moons({ noise: -1 }), 'datasets.moons: noise must be ≥ 0, got -1', 'INVALID_ARGUMENT'],
      [() => datasets.moons({ noise: Infinity }), 'datasets.moons: noise must be finite, got Infinity', 'NOT_FINITE'],
      [() => datasets.circles({ noise: NaN }), 'datasets.circles: noise must be a number, got number NaN', 'INVALID_ARGUMENT'],
      [() => datasets.spiral({ n: 0 }), 'datasets.spiral: n must be an integer in [1, 67108864], got number 0', 'INVALID_ARGUMENT'],
      [() => datasets.spiral({ n: 2.5 }), 'datasets.spiral: n must be an integer in [1, 67108864], got number 2.5', 'INVALID_ARGUMENT'],
      [() => datasets.spiral({ turns: 0 }), 'datasets.spiral: turns must be > 0, got 0', 'INVALID_ARGUMENT'],
      [() => datasets.swissRoll({ seed: -1 }), 'datasets.swissRoll: seed must be an integer ≥ 0, got number -1', 'INVALID_ARGUMENT'],
      [() => datasets.circles({ factor: 1 }), 'datasets.circles: factor must be in [0, 1) (the inner radius, the outer one being 1), got 1', 'INVALID_ARGUMENT'],
      [() => datasets.eightGaussians({ std: -0.1 }), 'datasets.eightGaussians: std must be ≥ 0, got -0.1', 'INVALID_ARGUMENT'],
      [() => datasets.checkerboard({ squareSize: 0 }), 'datasets.checkerboard: squareSize must be > 0, got 0', 'INVALID_ARGUMENT'],
      [() => datasets.pinwheel({ arms: 0 }), 'datasets.pinwheel: arms must be an integer in [1, 65536], got number 0', 'INVALID_ARGUMENT'],
      [() => datasets.pinwheel({ rate: '1' as never }), 'datasets.pinwheel: rate must be a number, got the string "1"', 'INVALID_ARGUMENT'],
      [() => datasets.moons({ noize: 0.1 } as never), "datasets.moons(options) has an unknown option 'noize' (known: n, seed, noise)", 'INVALID_ARGUMENT'],
      [() => datasets.moons(5 as never), 'datasets.moons(options) must be an options object, got number 5', 'INVALID_ARGUMENT'],
    ];
    for (const [f, message, code] of cases) expect(expectThrows(f, code, message)).toBeInstanceOf(ArgumentError);
  });

  it('parameters that overflow f32 are reported, not returned as Infinity', () => {
    const e = expectThrows(() => datasets.swissRoll({ n: 10, noise: 1e300 }), 'NOT_FINITE', /^datasets\.swissRoll: row \d+ came out as -?Infinity/);
    expect(e).toBeInstanceOf(ArgumentError);
  });
});

describe('digits', () => {
  it('decodes to 1797×64 pixels in 0..16 with labels 0..9', async () => {
    const d = await datasets.digits();
    expect(d.X.rows).toBe(1797);
    expect(d.X.cols).toBe(64);
    expect(d.images).toBe(1797);
    expect(d.X.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    const counts = new Array<number>(10).fill(0);
    for (const l of d.labels) counts[l]!++;
    // scikit-learn's load_digits: np.bincount(y)
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('the generated module is one plain string literal (so bundlers can drop it when unused)', () => {
    const src = readFileSync(new URL('../sdk/datasets/digits-data.ts', import.meta.url), 'utf8');
    expect(src).toMatch(/export const DIGITS_BASE64: string =\s*'[A-Za-z0-9+/]+={0,2}';\s*$/);
    expect(src).not.toContain('.join(');
  });
});
