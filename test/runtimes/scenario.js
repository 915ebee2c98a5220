// The one cross-runtime scenario: plain ESM, no imports, no runtime APIs but
// crypto.subtle (Node ≥ 20, browsers, workerd, Deno, Bun). It takes the
// already-initialized module `{ KMeansEBM, random, ... }`, runs a small
// deterministic K-means workload and hashes every output byte. The same
// library in every runtime must give the same hash (DESIGN.md rule 6).

const CENTRES = [
  [-3, -3],
  [3, -3],
  [-3, 3],
  [3, 3],
];

function bytesOf(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs the scenario; returns { hash: sha-256 hex of all outputs, summary }. */
export async function scenario(api) {
  const { KMeansEBM, random } = api;
  const parts = [];
  const add = (label, view) => parts.push([label, bytesOf(view)]);

  // raw streams
  const u = random.uniform(64, { seed: 11 });
  const z = random.normal(64, { seed: 11, stream: 3 });
  add('uniform', u);
  add('normal', z);

  // data: 4 blobs of n/4 points, sd 0.6 (f32 arithmetic is exact IEEE in every engine)
  const n = 240;
  const noise = random.normal(2 * n, { seed: 2024 });
  const X = { rows: n, cols: 2, data: new Float32Array(2 * n) };
  for (let i = 0; i < n; i++) {
    const c = CENTRES[i % 4];
    X.data[2 * i] = c[0] + 0.6 * noise[2 * i];
    X.data[2 * i + 1] = c[1] + 0.6 * noise[2 * i + 1];
  }
  add('X', X.data);

  // queries: a 2-D box [-5, 5]²
  const q = random.uniform(2 * 32, { seed: 5 });
  const Y = { rows: 32, cols: 2, data: new Float32Array(q.length) };
  for (let i = 0; i < q.length; i++) Y.data[i] = -5 + 10 * q[i];

  const summary = {};
  for (const algorithm of ['lloyd', 'online']) {
    const model = new KMeansEBM({ k: 4, seed: 7 });
    try {
      await model.fit(X, algorithm === 'lloyd' ? { algorithm, nInit: 2 } : { algorithm, nInit: 2, maxIter: 30 });
      const P = model.prototypes;
      add(`${algorithm}.prototypes`, P.data);
      add(`${algorithm}.labels`, model.labels);
      add(`${algorithm}.inertia`, new Float64Array([model.inertia]));
      add(`${algorithm}.energy`, model.energy(Y));
      add(`${algorithm}.freeEnergy`, model.freeEnergy(Y, { beta: 2 }));
      add(`${algorithm}.infer`, model.infer(Y));
      add(`${algorithm}.project`, model.project(Y).data);
      add(`${algorithm}.complete`, model.complete(Y, [true, false]).data);
      const grid = model.energyGrid({ xMin: -4, xMax: 4, yMin: -4, yMax: 4, nx: 9, ny: 7 });
      add(`${algorithm}.grid.xs`, grid.xs);
      add(`${algorithm}.grid.ys`, grid.ys);
      add(`${algorithm}.grid.values`, grid.values);
      const gridB = model.energyGrid({ xMin: -4, xMax: 4, yMin: -4, yMax: 4, nx: 9, ny: 7, beta: 2 });
      add(`${algorithm}.gridBeta.values`, gridB.values);
      summary[algorithm] = {
        inertia: model.inertia,
        iterations: model.iterations,
        converged: model.converged,
        prototypes: Array.from(P.data, (v) => Math.round(v * 1000) / 1000),
      };
    } finally {
      model.dispose();
    }
  }

  // every later feature, where the module has it: datasets, the MLP energy (f32x4 exp/log/tanh),
  // samplers (f32 SIMD normals), contrastive training and the exact grid likelihood
  const { MLPEnergy, datasets, samplers, energies, train, optim, metrics } = api;
  if (datasets && MLPEnergy && samplers && train) {
    const moons = datasets.moons({ n: 128, seed: 3 }).X;
    add('moons', moons.data);
    for (const activation of ['silu', 'softplus', 'tanh', 'gelu', 'elu']) {
      const F = new MLPEnergy({ inputDim: 2, hidden: [16, 16], activation, seed: 1, quadratic: 0.01 });
      try {
        const eg = F.energyAndGrad(Y);
        add(`mlp.${activation}.energy`, eg.energy);
        add(`mlp.${activation}.grad`, eg.grad.data);
        add(`mlp.${activation}.paramGrad`, F.paramGrad(Y, new Float32Array(Y.rows).fill(1 / Y.rows)));
      } finally {
        F.dispose();
      }
    }
    const target = energies.gaussian({ mean: [0.5, -0.5], cov: [[1, 0.6], [0.6, 1]] });
    for (const kind of ['mala', 'hmc', 'langevin']) {
      const s = samplers[kind](target, { chains: 8, seed: 5, stepSize: 0.3 });
      const r = await s.run({ warmup: 20, draws: 20, adapt: kind === 'langevin' ? undefined : {} });
      add(`sampler.${kind}`, r.samples.data);
    }
    target.dispose();
    const F = new MLPEnergy({ inputDim: 2, hidden: [16], seed: 2 });
    try {
      const tr = await train.contrastive(F, moons, {
        epochs: 2, batchSize: 32, seed: 4, optimizer: optim.adam({ lr: 1e-3 }),
        negatives: { init: 'buffer', sampler: 'langevin', steps: 5, bufferSize: 64 },
      });
      tr.dispose();
      add('train.contrastive.params', F.params);
      await train.maxLikelihoodGrid(F, moons, { bounds: { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 }, resolution: 16, steps: 3 });
      add('train.mle.params', F.params);
      add('metrics.gridLL', new Float64Array([metrics.gridLogLikelihood(F, moons, { bounds: { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 }, resolution: 16 })]));
      summary.mlp = true;
    } finally {
      F.dispose();
    }
    // a conditional energy sampled for a fixed x (model.given), and a JS energy with a fused callback
    const C = new MLPEnergy({ inputDim: 1, conditionDim: 2, hidden: [8], activation: 'tanh', seed: 6, quadratic: 0.5 });
    const given = typeof C.given === 'function' ? C.given([0.5, -1]) : null;
    try {
      if (given) {
        const s = samplers.mala(given, { chains: 6, seed: 7, stepSize: 0.2 });
        add('sampler.mala.given', (await s.run({ draws: 15 })).samples.data);
        s.dispose();
        const js = energies.custom({
          dim: 1,
          energy: (Yc) => C.energy(Yc, { rows: Yc.rows, cols: 2, data: new Float32Array(2 * Yc.rows).fill(0.25) }),
          energyAndGrad: (Yc) => {
            const eg = C.energyAndGrad(Yc, { rows: Yc.rows, cols: 2, data: new Float32Array(2 * Yc.rows).fill(0.25) });
            return { energy: eg.energy, grad: eg.grad };
          },
        });
        const h = samplers.hmc(js, { chains: 4, seed: 8, stepSize: 0.2, leapfrogSteps: 3 });
        add('sampler.hmc.customFused', (await h.run({ draws: 10 })).samples.data);
        h.dispose();
        js.dispose();
        summary.conditional = true;
      }
    } finally {
      given?.dispose();
      C.dispose();
    }
  }

  // a discrete energy sampled coordinate by coordinate (samplers.gibbs on energies.ising)
  if (samplers && samplers.gibbs && energies && energies.ising) {
    const J = [
      [0, 0.3, 0, 0.2],
      [0.3, 0, 0.4, 0],
      [0, 0.4, 0, -0.3],
      [0.2, 0, -0.3, 0],
    ];
    const ising = energies.ising({ J, h: [0.1, -0.2, 0, 0.05] });
    const g = samplers.gibbs(ising, { chains: 8, seed: 9 });
    try {
      add('sampler.gibbs', (await g.run({ draws: 20 })).samples.data);
      summary.gibbs = true;
    } finally {
      g.dispose();
      ising.dispose();
    }
  }

  // the architectural and latent-variable models, on small data made above (moons, Y, X)
  const { SparseCoding, PCAEnergy, GaussianMixtureEBM, GLO, LatentEBM, RBM, datasets: ds } = api;
  if (SparseCoding && PCAEnergy && GaussianMixtureEBM && GLO && LatentEBM && RBM) {
    const own = [];
    try {
      const sc = new SparseCoding({ nAtoms: 6, lambda: 0.1, seed: 3 });
      own.push(sc);
      await sc.fit(X, { method: 'alternating', epochs: 3 });
      add('sparse.codes', sc.encode(Y).data);
      add('sparse.energy', sc.energy(Y));
      const pca = new PCAEnergy({ components: 1 }).fit(X);
      own.push(pca);
      add('pca.energy', pca.energy(Y));
      const gmm = new GaussianMixtureEBM({ components: 4, covariance: 'full', seed: 5 });
      own.push(gmm);
      await gmm.fit(X, { maxIter: 20 });
      add('gmm.energy', gmm.energy(Y));
      add('gmm.freeEnergy', gmm.freeEnergy(Y, { beta: 2 }));
      const glo = new GLO({ dim: 2, latentDim: 1, hidden: [8], seed: 6 });
      own.push(glo);
      await glo.fit(X, { epochs: 2, batchSize: 32 });
      add('glo.energy', glo.energy(Y));
      const horn = ds.horn({ n: 64, seed: 7 });
      const lat = new LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'discrete', size: 4, dim: 2 }, hidden: [8], seed: 8 });
      own.push(lat);
      await lat.fit({ X: horn.X, Y: horn.Y }, { epochs: 2 });
      add('latent.freeEnergy', lat.freeEnergy(horn.X, horn.Y, { beta: 5 }));
      const V = { rows: 32, cols: 6, data: new Float32Array(192) };
      for (let i = 0; i < 192; i++) V.data[i] = u[i % 64] > 0.5 ? 1 : 0;
      const rbm = new RBM({ visible: 6, hidden: 4, seed: 9 });
      own.push(rbm);
      await rbm.fit(V, { epochs: 3, batchSize: 8 });
      add('rbm.freeEnergy', rbm.freeEnergy(V));
      add('rbm.gibbs', rbm.gibbs(V, { steps: 3, seed: 10 }).data);
      const { DenoisingAutoencoder, MaskedAutoencoder } = api;
      if (DenoisingAutoencoder && MaskedAutoencoder && train.nce) {
        const dae = new DenoisingAutoencoder({ dim: 2, hidden: [8], latentDim: 2, activation: 'tanh', corruption: { kind: 'gaussian', std: 0.2 }, seed: 11 });
        own.push(dae);
        await dae.fit(X, { epochs: 2, batchSize: 32 });
        add('dae.energy', dae.energy(Y));
        const T = { rows: 16, cols: 6, data: new Float32Array(96) };
        for (let i = 0; i < 96; i++) T.data[i] = Math.floor(u[i % 64] * 4);
        const mae = new MaskedAutoencoder({ length: 6, vocab: 4, hidden: 8, maskRate: 0.3, seed: 12 });
        own.push(mae);
        await mae.fit(T, { epochs: 2, batchSize: 8 });
        add('mae.energy', mae.energy(T));
        const Fn = new MLPEnergy({ inputDim: 2, hidden: [8], seed: 13 });
        own.push(Fn);
        const nce = await train.nce(Fn, X, { ratio: 2, batchSize: 32, steps: 5, seed: 14 });
        own.push(nce);
        add('nce.params', Fn.params);
        add('nce.c', new Float64Array([nce.logNormalizer]));
      }
      if (train.scoreMatching) {
        // the Taylor-mode kernels (first and second tangents, their reverse pass) and each method's draws
        for (const [k, method] of ['exact', 'sliced', 'denoising'].entries()) {
          const Fs = new MLPEnergy({ inputDim: 2, hidden: [8], activation: 'silu', seed: 15 + k });
          own.push(Fs);
          const sm = await train.scoreMatching(Fs, X, { method, batchSize: 16, steps: 4, projections: 2, seed: 18 + k });
          own.push(sm);
          add(`scoreMatching.${method}.params`, Fs.params);
        }
      }
      summary.models = true;
    } finally {
      for (const m of own) m.dispose();
    }
  }

  // the same runs on 2 workers (worker_threads, Web Workers) and on the calling thread must give
  // the same bytes; where a runtime has no workers (workerd, edge-light) both run on the calling thread
  const { createPool } = api;
  if (createPool && samplers && energies && train && MLPEnergy && datasets) {
    const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const d = 6;
    const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0.3)));
    const target = energies.gaussian({ mean: new Array(d).fill(0.25), cov });
    const pool = await createPool({ workers: 2 });
    try {
      const runMala = async (o) => (await samplers.mala(target, { chains: 150, seed: 21, stepSize: 0.3 }).run({ draws: 12, ...o })).samples.data;
      const one = await runMala({});
      const par = await runMala({ pool });
      if (!same(new Uint32Array(one.buffer), new Uint32Array(par.buffer))) throw new Error('scenario: mala on 2 workers differs from the calling thread');
      add('parallel.mala', par);
      const moons2 = datasets.moons({ n: 256, seed: 5 }).X;
      const fit = async (o) => {
        const F = new MLPEnergy({ inputDim: 2, hidden: [16], seed: 6 });
        try {
          const tr = await train.contrastive(F, moons2, {
            epochs: 1, batchSize: 128, seed: 7, optimizer: optim.adam({ lr: 1e-3 }),
            negatives: { init: 'buffer', sampler: 'langevin', steps: 4, bufferSize: 256 }, ...o,
          });
          tr.dispose();
          return F.params;
        } finally {
          F.dispose();
        }
      };
      const p1 = await fit({});
      const p2 = await fit({ pool });
      if (!same(new Uint32Array(p1.buffer), new Uint32Array(p2.buffer))) throw new Error('scenario: train.contrastive on 2 workers differs from the calling thread');
      add('parallel.train', p2);
      // GLO's minibatch fit (batches of 96 rows, 6 blocks of 16; 44.5 k parameters: enough work for workers):
      // the shared loop of the GLO and autoencoder fits, its fixed tree and the per-row code updates
      const glo = async (o) => {
        const G = new api.GLO({ dim: 2, latentDim: 2, hidden: [208, 208], seed: 15 });
        try {
          await G.fit(moons2, { epochs: 1, batchSize: 96, ...o });
          return new Float32Array([...G.params, ...G.codes.data]);
        } finally {
          G.dispose();
        }
      };
      if (api.GLO) {
        const q1 = await glo({});
        const q2 = await glo({ pool });
        if (!same(new Uint32Array(q1.buffer), new Uint32Array(q2.buffer))) throw new Error('scenario: GLO.fit on 2 workers differs from the calling thread');
        add('parallel.glo', q2);
      }
      // grid maximum likelihood (a 41² grid: 2 blocks of points and one of rows, enough work for workers),
      // the diagnostics (6 coordinates × 11 016 values from a multiplicative hash) and MMD (4.5 M pairs)
      const grid = async (o) => {
        const F = new MLPEnergy({ inputDim: 2, hidden: [64, 64], seed: 8 });
        try {
          await train.maxLikelihoodGrid(F, moons2, { bounds: { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 }, resolution: 41, steps: 2, optimizer: optim.adam({ lr: 1e-2 }), ...o });
          return F.params;
        } finally {
          F.dispose();
        }
      };
      const g1 = await grid({});
      const g2 = await grid({ pool });
      if (!same(new Uint32Array(g1.buffer), new Uint32Array(g2.buffer))) throw new Error('scenario: train.maxLikelihoodGrid on 2 workers differs from the calling thread');
      add('parallel.gridml', g2);
      if (api.diagnostics && metrics) {
        const draws = 68, chains = 162, dim = 6;
        const data = Float32Array.from({ length: draws * chains * dim }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) >>> 8) / 16777216);
        const S = { draws, chains, dim, data };
        const d1 = api.diagnostics.summary(S);
        const d2 = await api.diagnostics.summary(S, { pool });
        const cols = (r) => new Float64Array([...r.essBulk, ...r.essTail, ...r.rhat, ...r.mcse, ...r.essMean, ...r.sd, ...r.mean]);
        if (!same(cols(d1), cols(d2))) throw new Error('scenario: diagnostics.summary on 2 workers differs from the calling thread');
        add('parallel.summary', cols(d2));
        const A = datasets.moons({ n: 1500, seed: 9 }).X;
        const B = datasets.moons({ n: 1500, seed: 10, noise: 0.2 }).X;
        const m1 = metrics.mmd(A, B, { bandwidth: 0.3 });
        const m2 = await metrics.mmd(A, B, { bandwidth: 0.3, pool });
        if (!Object.is(m1, m2)) throw new Error(`scenario: metrics.mmd on 2 workers (${m2}) differs from the calling thread (${m1})`);
        add('parallel.mmd', new Float64Array([m2]));
      }
      if (api.SparseCoding && api.LatentEBM) {
        // sparse coding (2 000 × 16, 32 atoms: 3.1 M units, above the workers' threshold; 32 blocks of 64 rows)
        // and the latent-variable EBM (a 1-D continuous z: a fit of batches of 160 rows = 10 blocks, F∞ of 640 rows)
        const n = 2000, dd = 16;
        const Xs = { rows: n, cols: dd, data: Float32Array.from({ length: n * dd }, (_, i) => ((Math.imul(i + 7, 0x85ebca6b) >>> 8) / 16777216 - 0.5) * (1 + ((i / dd) | 0) % 5)) };
        const sparse = async (o) => {
          const sc = new api.SparseCoding({ nAtoms: 32, lambda: 0.05, seed: 11 });
          try {
            await sc.fit(Xs, { epochs: 2, ...o });
            const Z = o.pool ? await sc.encode(Xs, o) : sc.encode(Xs);
            // the atoms and codes (f32), then the objective history and the final objective (f64), as bytes
            const f64 = new Float64Array([...sc.history, sc.objective]);
            const out = new Uint8Array((sc.atoms.data.length + Z.data.length) * 4 + f64.length * 8);
            out.set(new Uint8Array(sc.atoms.data.buffer, sc.atoms.data.byteOffset, sc.atoms.data.byteLength), 0);
            out.set(new Uint8Array(Z.data.buffer, Z.data.byteOffset, Z.data.byteLength), sc.atoms.data.byteLength);
            out.set(new Uint8Array(f64.buffer), sc.atoms.data.byteLength + Z.data.byteLength);
            return out;
          } finally {
            sc.dispose();
          }
        };
        const s1 = await sparse({});
        const s2 = await sparse({ pool });
        if (!same(s1, s2)) throw new Error('scenario: SparseCoding on 2 workers differs from the calling thread');
        add('parallel.sparse', s2);
        const hornFit = datasets.horn({ n: 320, seed: 12 });
        const hornFree = datasets.horn({ n: 640, seed: 13 });
        const latent = async (o) => {
          const m = new api.LatentEBM({ xDim: 1, yDim: 2, latent: { kind: 'continuous', dim: 1 }, hidden: [16], seed: 14 });
          try {
            await m.fit(hornFit, { epochs: 1, batchSize: 160, ...o });
            const F = o.pool ? await m.freeEnergy(hornFree.X, hornFree.Y, o) : m.freeEnergy(hornFree.X, hornFree.Y);
            return new Float32Array([...m.params, ...F]);
          } finally {
            m.dispose();
          }
        };
        const l1 = await latent({});
        const l2 = await latent({ pool });
        if (!same(new Uint32Array(l1.buffer), new Uint32Array(l2.buffer))) throw new Error('scenario: LatentEBM on 2 workers differs from the calling thread');
        add('parallel.latent', l2);
      }
      summary.workers = pool.size;
      summary.workerReason = pool.reason;
    } finally {
      await pool.close();
      target.dispose();
    }
  }

  let total = 0;
  for (const [, b] of parts) total += b.length;
  const all = new Uint8Array(total);
  let at = 0;
  for (const [, b] of parts) {
    all.set(b, at);
    at += b.length;
  }
  const hash = hex(await crypto.subtle.digest('SHA-256', all));
  summary.bytes = total;
  summary.parts = parts.length;
  return { hash, summary };
}
