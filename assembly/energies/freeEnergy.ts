// The scalar F_β of a latent energy with k values of z under a uniform prior,
// shared by KMeansEBM.freeEnergy (energies/kmeans.ts) and its Energy view
// (energies/kmeansGrad.ts) so both have the same limits.

/**
 * F_β = m − (1/β)·(log Σ_z exp(−β·(E_z − m)) − log k), a log-sum-exp around
 * the minimum m = min_z E_z in f64, given s = Σ_z exp(−β·(E_z − m)),
 * spread = max_z E_z − m and mean = mean_z E_z. Limits:
 * - m = +∞ (every E_z overflowed: a point far outside f32 range): +∞, the
 *   limit of F_β as the point moves away (∞ − ∞ would give NaN).
 * - β·spread ≤ 2^-26: the mean energy. F_β = mean − (β/2)·Var_z E + O(β²) and
 *   Var_z E ≤ spread², so the dropped term is at most 2^-27·spread, below the
 *   f32 resolution of the result; the log-sum-exp would instead cancel to
 *   F∞ (log s = log k exactly) as β → 0.
 * Otherwise the log-sum-exp, which never overflows (every term is ≤ 1, one is 1).
 */
@inline export function freeEnergyOf(m: f64, s: f64, spread: f64, mean: f64, beta: f64, logK: f64): f64 {
  if (m == Infinity) return Infinity;
  if (beta * spread <= SMALL_BETA_SPREAD) return mean;
  return m - (Math.log(s) - logK) / beta;
}

// 2^-26 (see freeEnergyOf)
const SMALL_BETA_SPREAD: f64 = 1.4901161193847656e-8;
