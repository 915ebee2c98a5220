// What the tiny app does, on the page and in its module Worker: init() with
// no arguments, the cross-runtime scenario (K-means fit, MLP energies, …) and
// the digits data, so every loading path a user meets is exercised.
import { scenario } from './scenario.js';

export async function run(ebm) {
  try {
    await ebm.init();
    const r = await scenario(ebm);
    const digits = await ebm.datasets.digits();
    // how many workers the scenario's pool really started (a bundle that lost the worker's file gets 0 and a reason)
    return { hash: r.hash, digits: digits.images, workers: r.summary.workers, reason: r.summary.workerReason };
  } catch (e) {
    return { error: String(e?.stack ?? e) };
  }
}
