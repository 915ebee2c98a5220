// Seeded synthetic data shared by every contender: a Gaussian mixture and a
// fixed choice of initial centres (rows of the data). Pure JS, so it does not
// depend on the kernel build being measured.

/** mulberry32: a small, fast, seeded 32-bit generator → uniform in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * n points in d dimensions from a mixture of `components` isotropic Gaussians
 * (σ = 1) whose means are uniform in [−spread, spread]^d; each point picks its
 * component uniformly. Row-major Float32Array n×d.
 */
export function gaussianMixture(n, d, components, seed, spread = 10) {
  const u = rng(seed);
  const means = new Float64Array(components * d);
  for (let i = 0; i < means.length; i++) means[i] = (2 * u() - 1) * spread;
  const X = new Float32Array(n * d);
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    let r1 = u();
    while (r1 === 0) r1 = u();
    const r = Math.sqrt(-2 * Math.log(r1));
    const th = 2 * Math.PI * u();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  for (let i = 0; i < n; i++) {
    const c = Math.floor(u() * components);
    for (let j = 0; j < d; j++) X[i * d + j] = means[c * d + j] + normal();
  }
  return X;
}

/** k distinct rows of X (n×d) chosen with a seeded partial Fisher–Yates: k×d Float32Array. */
export function pickCentres(X, n, d, k, seed) {
  const u = rng(seed);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const C = new Float32Array(k * d);
  for (let j = 0; j < k; j++) {
    const r = j + Math.floor(u() * (n - j));
    const t = idx[j];
    idx[j] = idx[r];
    idx[r] = t;
    C.set(X.subarray(idx[j] * d, idx[j] * d + d), j * d);
  }
  return C;
}

/** Float32Array n×d → number[][] (what ml-kmeans takes). */
export function toRows(X, n, d) {
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(X.subarray(i * d, i * d + d));
  return rows;
}
