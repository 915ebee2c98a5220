// The tour's data: the SDK's seeded spiral (generated in WASM, the same bytes everywhere).

/** spiral({ n, noise, turns, seed }) → { X: Matrix (n×2), source } */
export function spiral(ebm, options) {
  const { X } = ebm.datasets.spiral(options);
  return { X, source: 'datasets.spiral' };
}
