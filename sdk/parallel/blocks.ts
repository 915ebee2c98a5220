// How fixed blocks of rows are shared out: one contiguous run of whole blocks per
// worker. The blocks themselves never depend on the number of workers (that is
// what keeps the bytes), only which worker computes which run of them.
// Its own module so that fits importing it do not pull in a model's driver.

/** The contiguous runs of whole blocks of `block` rows of n rows, as even as whole blocks allow, one per worker (at most `workers`). */
export function blockRanges(n: number, block: number, workers: number): { first: number; rows: number }[] {
  const nb = Math.ceil(n / block);
  const w = Math.max(1, Math.min(workers, nb));
  const out: { first: number; rows: number }[] = [];
  for (let g = 0; g < w; g++) {
    const a = Math.floor((g * nb) / w) * block;
    const e = Math.min(n, Math.floor(((g + 1) * nb) / w) * block);
    out.push({ first: a, rows: e - a });
  }
  return out;
}
