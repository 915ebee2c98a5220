// Hostile files that pass the checksum: every kind `load` reads (and the trainers' files), re-framed
// with a valid CRC after random edits of their header fields (a number, string, array or object
// put where another was, a field deleted) and of their payload (values changed to NaN, ±∞, huge or
// tiny numbers; values added or cut). Whatever a file says, loading it either refuses with an
// EbmError naming the problem, or gives a model that saves, loads again and answers a query, never a
// TypeError, a RangeError, a WASM trap or a failed WASM check. The samplers' saved states (their own
// framing, validated by meaning in WASM) get random byte edits the same way: restored and run, or
// refused. Random edits, fixed seed (EBM_SEED).
import { describe, expect, it } from 'vitest';
import { seedNote, setup, testSeed } from './helpers.js';
import {
  DenoisingAutoencoder, EbmError, GLO, GaussianMixtureEBM, KMeansEBM, LatentEBM, MLPEnergy, MaskedAutoencoder, PCAEnergy, RBM,
  SparseCoding, energies, load, optim, samplers, train,
} from '../sdk/index.node.js';
import { readFile, writeFile, type FileHeader } from '../sdk/io/format.js';

await setup();

const SEED = testSeed(2026);
/** Edited files per kind (a third of it per trainer): most are refused at once; ~6 s in all here. */
const EDITS = 800;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const X = { rows: 60, cols: 4, data: new Float32Array(240).map((_, i) => Math.sin(i * 0.7)) };
const X2 = { rows: 60, cols: 2, data: new Float32Array(120).map((_, i) => Math.sin(i * 0.7)) };
const binary = { ...X, data: X.data.map((v) => (v > 0 ? 1 : 0)) };
type Saveable = { toBytes(): Uint8Array; dispose?: () => void };
type Query = (m: never) => unknown;
const q4 = [[0.1, -0.2, 0.3, 0.05]];

/** A model of each kind, and a query its loaded copy must answer (or refuse with an EbmError). */
const MODELS: Record<string, { make: () => Promise<Saveable>; query: Query }> = {
  'kmeans-ebm': { make: () => new KMeansEBM({ k: 3, seed: 1 }).fit(X), query: (m: KMeansEBM) => m.freeEnergy(q4, { beta: 2 }) },
  'mlp-energy': { make: async () => new MLPEnergy({ inputDim: 4, hidden: [5], seed: 1 }), query: (m: MLPEnergy) => m.grad(q4) },
  'mlp-energy (conditional)': { make: async () => new MLPEnergy({ inputDim: 4, conditionDim: 2, hidden: [5], seed: 1 }), query: (m: MLPEnergy) => m.energy(q4, [[1, 2]]) },
  'sparse-coding': { make: () => new SparseCoding({ nAtoms: 5, lambda: 0.1, seed: 1 }).fit(X, { epochs: 1 }), query: (m: SparseCoding) => m.encode(q4) },
  'pca-energy': { make: async () => new PCAEnergy({ components: 2 }).fit(X), query: (m: PCAEnergy) => m.energy(q4) },
  'gaussian-mixture-ebm': { make: () => new GaussianMixtureEBM({ components: 2, seed: 1 }).fit(X, { maxIter: 3 }), query: (m: GaussianMixtureEBM) => m.energy(q4) },
  'gaussian-mixture-ebm (diag)': { make: () => new GaussianMixtureEBM({ components: 2, covariance: 'diag', seed: 1 }).fit(X, { maxIter: 3 }), query: (m: GaussianMixtureEBM) => m.sample(3, { seed: 1 }) },
  glo: { make: async () => { const m = new GLO({ dim: 4, latentDim: 2, hidden: [5], seed: 1 }); await m.fit(X, { epochs: 1 }); return m; }, query: (m: GLO) => m.energy(q4) },
  'latent-ebm (discrete)': { make: async () => new LatentEBM({ xDim: 2, yDim: 2, latent: { kind: 'discrete', size: 3 }, hidden: [5], seed: 1 }), query: (m: LatentEBM) => m.freeEnergy([[0.1, 0.2]], [[0.3, -0.1]]) },
  'latent-ebm (continuous)': { make: async () => new LatentEBM({ xDim: 2, yDim: 2, latent: { kind: 'continuous', dim: 1 }, hidden: [5], seed: 1 }), query: (m: LatentEBM) => m.infer([[0.1, 0.2]], [[0.3, -0.1]]) },
  rbm: { make: async () => { const m = new RBM({ visible: 4, hidden: 3, seed: 1 }); await m.fit(binary, { epochs: 1, batchSize: 10 }); return m; }, query: (m: RBM) => m.freeEnergy([[1, 0, 1, 1]]) },
  'rbm (gaussian)': { make: async () => new RBM({ visible: 4, hidden: 3, visibleType: 'gaussian', seed: 1 }), query: (m: RBM) => m.freeEnergy(q4) },
  'masked-autoencoder': { make: async () => new MaskedAutoencoder({ length: 4, vocab: 3, hidden: 5, seed: 1 }), query: (m: MaskedAutoencoder) => m.energy([[0, 1, 2, 0]]) },
  'denoising-autoencoder': { make: async () => new DenoisingAutoencoder({ dim: 4, latentDim: 2, hidden: [5], seed: 1 }), query: (m: DenoisingAutoencoder) => m.energy(q4) },
  optimizer: {
    make: async () => {
      const o = optim.adam({ lr: 1e-2 });
      const m = new MLPEnergy({ inputDim: 4, hidden: [5], seed: 1 });
      o.step(m, new Float32Array(m.numParams).fill(0.01));
      m.dispose();
      return o as unknown as Saveable;
    },
    query: () => null,
  },
};

const fresh = () => new MLPEnergy({ inputDim: 2, hidden: [5], seed: 1 });
type AnyTrainer = { toBytes(): Uint8Array; run(o: { steps: number }): Promise<unknown>; dispose(): void };
/** A trainer of each kind and its fromBytes (on a fresh model and the same data). */
const TRAINERS: Record<string, { make: () => Promise<AnyTrainer>; load: (b: Uint8Array, m: MLPEnergy) => AnyTrainer }> = {
  contrastive: {
    make: () => train.contrastive(fresh(), X2, { epochs: 1, batchSize: 20, negatives: { sampler: 'langevin', steps: 2, bufferSize: 30 } }),
    load: (b, m) => train.ContrastiveTrainer.fromBytes(b, m, X2),
  },
  'contrastive (hmc)': {
    make: () => train.contrastive(fresh(), X2, { epochs: 1, batchSize: 20, negatives: { sampler: 'hmc', steps: 2, init: 'noise' } }),
    load: (b, m) => train.ContrastiveTrainer.fromBytes(b, m, X2),
  },
  nce: { make: () => train.nce(fresh(), X2, { steps: 3, batchSize: 20 }), load: (b, m) => train.NceTrainer.fromBytes(b, m, X2) },
  'score matching': {
    make: () => train.scoreMatching(fresh(), X2, { steps: 3, batchSize: 20, method: 'sliced' }),
    load: (b, m) => train.ScoreMatchingTrainer.fromBytes(b, m, X2),
  },
};

const VALUES: unknown[] = [
  0, -1, 1, 2, 3, 7, 64, 65536, 1e9, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31), 0.5, 1.5, -0.5, 1e308, null, 'x', '', [], {}, true,
  [1, 2, 3], [[1]], 'gaussian', 'bernoulli', 'discrete', 'continuous', 'silu', 'relu', 'sgd', 'adam', 'langevin', 'hmc', 'sliced', 'exact',
];
const PAYLOAD_VALUES = [NaN, Infinity, -Infinity, 1e38, -1e38, 0, -0, 1e-45, 5, -5, 2 ** 31, 2 ** 24, -1];

type Path = (string | number)[];
function paths(v: unknown, p: Path = []): Path[] {
  const out: Path[] = [p];
  if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push(...paths((v as Record<string, unknown>)[k], [...p, k]));
  return out;
}
function edited(o: unknown, p: Path, value: unknown, del: boolean): unknown {
  const c = (Array.isArray(o) ? o.slice() : { ...(o as object) }) as Record<string | number, unknown>;
  if (p.length === 1) {
    if (!del) c[p[0]!] = value;
    else if (Array.isArray(c)) c.splice(Number(p[0]), 1);
    else delete c[p[0]!];
  } else c[p[0]!] = edited(c[p[0]!], p.slice(1), value, del);
  return c;
}

/** The file's header and its payload as one f32 array. */
function parts(bytes: Uint8Array): { header: FileHeader; payload: Float32Array } {
  const header = readFile(bytes, 'test').header;
  let lo = 0;
  let hi = bytes.length >> 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      readFile(bytes, 'test').take(mid, 'x');
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return { header, payload: readFile(bytes, 'test').take(lo, 'payload') };
}

/** `edits` random edits of the file, each re-framed with a valid checksum, with what was done. */
function* variants(bytes: Uint8Array, seed: number, edits: number): Generator<{ bytes: Uint8Array; what: string }> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const { header, payload } = parts(bytes);
  const fields = paths(header).filter((p) => p.length > 0 && p[0] !== 'kind');
  for (let n = 0; n < edits; n++) {
    let h: unknown = header;
    let pl = payload.slice();
    const did: string[] = [];
    for (let j = 0, k = 1 + Math.floor(r() * 3); j < k; j++) {
      const u = r();
      if (u < 0.55) {
        const p = pick(fields);
        const v = pick(VALUES);
        h = edited(h, p, v, false);
        did.push(`${p.join('.')} = ${JSON.stringify(v)}`);
      } else if (u < 0.65) {
        const p = pick(fields);
        h = edited(h, p, null, true);
        did.push(`no ${p.join('.')}`);
      } else if (u < 0.8) {
        const d = pick([-4, -1, 1, 3, -pl.length]);
        const q = new Float32Array(Math.max(0, pl.length + d));
        q.set(pl.subarray(0, Math.min(q.length, pl.length)));
        pl = q;
        did.push(`payload ${d > 0 ? '+' : ''}${d} values`);
      } else if (pl.length > 0) {
        const i = Math.floor(r() * pl.length);
        pl[i] = pick(PAYLOAD_VALUES);
        did.push(`payload[${i}] = ${pl[i]}`);
      }
    }
    let out: Uint8Array;
    try {
      out = writeFile(h as FileHeader, [pl]);
    } catch {
      continue; // a header too large to frame: not a file anyone can be given
    }
    yield { bytes: out, what: did.join(', ') };
  }
}

/** null when `e` is an acceptable refusal (an EbmError that is not a trap or a failed WASM check), else why not. */
function unexpected(e: unknown): string | null {
  if (e instanceof EbmError && e.code !== 'WASM_TRAP' && e.code !== 'WASM_ABORT') return null;
  return `${(e as Error)?.constructor?.name ?? typeof e} ${(e as EbmError)?.code ?? ''}: ${String((e as Error)?.message ?? e).slice(0, 200)}`;
}

describe('files with a valid checksum and edited fields are refused by name or load as working models', () => {
  let k = 0;
  for (const [name, c] of Object.entries(MODELS)) {
    const seed = SEED + 1000 * k++;
    it(name, async () => {
      const model = await c.make();
      const good = model.toBytes();
      model.dispose?.();
      const problems: string[] = [];
      let loaded = 0;
      for (const v of variants(good, seed, EDITS)) {
        let m: Saveable;
        try {
          m = load(v.bytes) as unknown as Saveable;
        } catch (e) {
          const why = unexpected(e);
          if (why) problems.push(`${v.what} → ${why}`);
          continue;
        }
        loaded++;
        try {
          load(m.toBytes()).dispose?.();
          c.query(m as never);
        } catch (e) {
          const why = unexpected(e);
          if (why) problems.push(`${v.what} → loaded, then ${why}`);
        } finally {
          m.dispose?.();
        }
      }
      expect(problems.slice(0, 5), `${problems.length} of ${EDITS} edited files (edits seeded ${seed}) ${seedNote(SEED)}`).toEqual([]);
      // the edits must not all be refused at the first check: some files still load
      expect(loaded, seedNote(SEED)).toBeGreaterThan(0);
    }, 60_000);
  }

  for (const [name, c] of Object.entries(TRAINERS)) {
    const seed = SEED + 1000 * k++;
    it(`trainer: ${name}`, async () => {
      const t = await c.make();
      const good = t.toBytes();
      t.dispose();
      const problems: string[] = [];
      let loaded = 0;
      for (const v of variants(good, seed, Math.round(EDITS / 3))) {
        const m = fresh();
        try {
          const tr = c.load(v.bytes, m);
          loaded++;
          try {
            await tr.run({ steps: 2 });
            tr.toBytes();
          } catch (e) {
            const why = unexpected(e);
            if (why) problems.push(`${v.what} → loaded, then ${why}`);
          } finally {
            tr.dispose();
          }
        } catch (e) {
          const why = unexpected(e);
          if (why) problems.push(`${v.what} → ${why}`);
        } finally {
          m.dispose();
        }
      }
      expect(problems.slice(0, 5), `${problems.length} of ${EDITS / 3} edited files (edits seeded ${seed}) ${seedNote(SEED)}`).toEqual([]);
      expect(loaded, seedNote(SEED)).toBeGreaterThan(0);
    }, 60_000);
  }

  // a sampler's state has its own framing: edited bytes (anywhere, CRC or not) are restored or refused
  for (const kind of ['randomWalk', 'langevin', 'mala', 'hmc'] as const) {
    const seed = SEED + 1000 * k++;
    it(`sampler state: ${kind}`, async () => {
      const g = energies.gaussian({ mean: [0, 0], cov: [[1, 0.3], [0.3, 1]] });
      const s = samplers[kind](g, { chains: 4, seed: 1 });
      await s.run({ draws: 10 });
      const good = s.state.bytes;
      s.dispose();
      const r = rng(seed);
      const problems: string[] = [];
      let restored = 0;
      for (let n = 0; n < EDITS / 2; n++) {
        const b = good.slice();
        const did: string[] = [];
        for (let j = 0, m = 1 + Math.floor(r() * 4); j < m; j++) {
          const i = Math.floor(r() * b.length);
          b[i] = Math.floor(r() * 256);
          did.push(`byte ${i} = ${b[i]}`);
        }
        const t = samplers[kind](g, { chains: 4, seed: 1 });
        try {
          t.restore(b);
          restored++;
          await t.run({ draws: 3 });
        } catch (e) {
          const why = unexpected(e);
          if (why) problems.push(`${did.join(', ')} → ${why}`);
        } finally {
          t.dispose();
        }
      }
      g.dispose();
      expect(problems.slice(0, 5), `${problems.length} of ${EDITS / 2} edited states (edits seeded ${seed}) ${seedNote(SEED)}`).toEqual([]);
      expect(restored, seedNote(SEED)).toBeGreaterThan(0);
    }, 60_000);
  }
});
