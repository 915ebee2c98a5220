// k-means++ seeding of a KMeansEBM fit on the workers that hold its rows
// (kmeans.ts loads each worker's contiguous run of rows once per fit). It picks
// the centres of kmeansSeedStep (assembly/train/kmeansSeed.ts) with the same
// bits. The draws stay here: kmeansSeedBegin takes every random number from the
// fit's generator up front, as on one thread. Per centre:
//   1. the rows' D² to the new centre, or each candidate's D², on every worker
//      at once (the work: rows × candidates × d);
//   2. their running f64 sums in row order, handed from worker to worker: the
//      first worker sums from 0 as soon as its distances are done, the next
//      continues from its total, and so on. One thread adds these f32 values one
//      by one from the first row to the last, and f64 addition is not
//      associative (with D² of 2³⁰ and 2⁻³⁰ …, per-block sums added afterwards
//      round differently), so only this order keeps the bits;
//   3. each candidate's draw u·Σ here, then its row: the first worker whose
//      total exceeds the target (the sums only grow) finds the first of its rows
//      whose running sum does, from the sum it started at; none: the last row,
//      as the one-thread search gives;
//   4. the lowest potential (the strict `<` of the step: the first on ties) wins.
// Messages per centre: one round of distances, workers − 1 sums in a chain, one
// search; the bytes do not depend on the number of workers.
import { EbmError } from '../errors.js';
import { heapF32, kernels } from '../runtime/core.js';
import type { FitBlocks } from '../models/kmeans-slices.js';
import type { Pool } from './pool.js';

export interface SeedGroup {
  first: number;
  rows: number;
}

/** Running sums per worker: before its rows (accIn) and after them (accOut), one per candidate. */
interface Sums {
  accIn: number[][];
  accOut: number[][];
}

export async function seedOnWorkers(
  pool: Pool, key: string, groups: SeedGroup[], b: FitBlocks, trials: number, S: number,
  tick: () => Promise<void>, where: string,
): Promise<void> {
  const K = kernels(where);
  const W = groups.length;
  const d = b.d;
  const row = (i: number): Float32Array => heapF32().subarray((b.X >>> 2) + i * d, (b.X >>> 2) + (i + 1) * d);

  /** Step 1 and 2: distances to Y (m = 0: the new centre; else m candidates), after taking candidate `best`'s D² as the rows' D². */
  const round = async (Y: Float32Array, m: number, best: number): Promise<Sums> => {
    const zeros = new Array<number>(Math.max(1, m)).fill(0);
    const jobs = groups.map((_, w) => pool.runAt<number[] | null>(w, 'kmeansSeedRows', { key, Y, m, best, acc: w === 0 ? zeros : null }, [], where));
    jobs.forEach((j) => j.catch(() => {})); // each is awaited below; one that fails first must not go unhandled
    const accIn = [zeros];
    const accOut = [(await jobs[0]!)!];
    for (let w = 1; w < W; w++) {
      await jobs[w];
      accIn.push(accOut[w - 1]!);
      accOut.push(await pool.runAt<number[]>(w, 'kmeansSeedSum', { key, acc: accOut[w - 1] }, [], where));
    }
    return { accIn, accOut };
  };

  // the first centre (kmeansSeedBegin copied it into C)
  let sums = await round(heapF32().slice(b.C >>> 2, (b.C >>> 2) + d), 0, -1);
  await tick();
  let which = -1; // the values of the current D²: -1 the first centre's, else candidate `which`'s
  for (let c = 1; c < b.k; c++) {
    const col = Math.max(0, which);
    const total = sums.accOut[W - 1]![col]!;
    const ids = new Array<number>(trials).fill(b.n - 1);
    const ask = new Map<number, number[]>();
    for (let t = 0; t < trials; t++) {
      const target = K.kmeansSeedUniform(S, c, t) * total;
      const w = sums.accOut.findIndex((o) => o[col]! > target);
      if (w >= 0) ask.set(w, [...(ask.get(w) ?? []), t]);
    }
    await Promise.all([...ask].map(async ([w, ts]) => {
      const found = await pool.runAt<number[]>(w, 'kmeansSeedFind', { key, which, acc: sums.accIn[w]![col], targets: ts.map((t) => K.kmeansSeedUniform(S, c, t) * total) }, [], where);
      ts.forEach((t, j) => {
        if (found[j]! < 0) throw new EbmError('WORKER_FAILED', `${where}: a worker's sums of the seeding disagree with its totals`);
        ids[t] = groups[w]!.first + found[j]!;
      });
    }));
    const Y = new Float32Array(trials * d);
    ids.forEach((id, t) => Y.set(row(id), t * d));
    sums = await round(Y, trials, which);
    let best = 0;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const p = sums.accOut[W - 1]![t]!;
      if (p < bestPot) {
        bestPot = p;
        best = t;
      }
    }
    heapF32().set(row(ids[best]!).slice(), (b.C >>> 2) + c * d);
    which = best;
    await tick();
  }
}
