// Loss functionals of LeCun, Chopra, Hadsell, Ranzato & Huang, "A Tutorial on
// Energy-Based Learning" (2006), §2.2, for pairs of a data point (energy E⁺)
// and its contrastive sample (energy E⁻), plus the regularizer α·(E⁺² + E⁻²).
// Each loss gives per-pair weights ∂L/∂E⁺ and ∂L/∂E⁻, so the parameter
// gradient of the batch loss is one weighted parameter-gradient call.

export const LOSS_CONTRASTIVE: i32 = 0; // E⁺ − E⁻: the sample estimate of the likelihood gradient
export const LOSS_HINGE: i32 = 1; // max(0, m + E⁺ − E⁻)
export const LOSS_LOG: i32 = 2; // log(1 + e^{E⁺ − E⁻}): a soft hinge
export const LOSS_SQUARE_SQUARE: i32 = 3; // E⁺² + max(0, m − E⁻)²
export const LOSS_SQUARE_EXPONENTIAL: i32 = 4; // E⁺² + γ·e^{−E⁻}
export const LOSS_PERCEPTRON: i32 = 5; // E⁺ − min(E⁺, E⁻) = max(0, E⁺ − E⁻)

/**
 * Mean loss over B pairs, and the weights wp[i] = (1/B)·∂L/∂E⁺ᵢ,
 * wn[i] = (1/B)·∂L/∂E⁻ᵢ (f32[B] each). In f64; returns the mean loss
 * including the regularizer.
 */
export function contrastiveLoss(kind: i32, Ep: usize, En: usize, B: i32, margin: f64, gamma: f64, alpha: f64, wp: usize, wn: usize): f64 {
  const invB = 1.0 / <f64>B;
  return lossRows(kind, Ep, En, B, invB, margin, gamma, alpha, wp, wn) * invB;
}

/**
 * contrastiveLoss for n rows of a batch of 1/invB rows: their weights (each row's depend on its
 * own E⁺ and E⁻ only, so a block of rows gets the weights the whole batch gives it) and the sum
 * of their losses, unscaled.
 */
export function lossRows(kind: i32, Ep: usize, En: usize, n: i32, invB: f64, margin: f64, gamma: f64, alpha: f64, wp: usize, wn: usize): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ep = <f64>load<f32>(Ep + (<usize>i << 2));
    const en = <f64>load<f32>(En + (<usize>i << 2));
    let l: f64 = 0;
    let gp: f64 = 0;
    let gn: f64 = 0;
    switch (kind) {
      case LOSS_CONTRASTIVE: {
        l = ep - en;
        gp = 1;
        gn = -1;
        break;
      }
      case LOSS_HINGE: {
        const t = margin + ep - en;
        if (t > 0) {
          l = t;
          gp = 1;
          gn = -1;
        }
        break;
      }
      case LOSS_LOG: {
        const t = ep - en;
        // softplus(t) and σ(t) without overflow
        l = t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
        const s = t >= 0 ? 1.0 / (1.0 + Math.exp(-t)) : Math.exp(t) / (1.0 + Math.exp(t));
        gp = s;
        gn = -s;
        break;
      }
      case LOSS_SQUARE_SQUARE: {
        const h = max(0.0, margin - en);
        l = ep * ep + h * h;
        gp = 2 * ep;
        gn = -2 * h;
        break;
      }
      case LOSS_SQUARE_EXPONENTIAL: {
        const e = gamma * Math.exp(-en);
        l = ep * ep + e;
        gp = 2 * ep;
        gn = -e;
        break;
      }
      case LOSS_PERCEPTRON: {
        if (ep > en) {
          l = ep - en;
          gp = 1;
          gn = -1;
        }
        break;
      }
    }
    if (alpha != 0) {
      l += alpha * (ep * ep + en * en);
      gp += 2 * alpha * ep;
      gn += 2 * alpha * en;
    }
    total += l;
    store<f32>(wp + (<usize>i << 2), <f32>(gp * invB));
    store<f32>(wn + (<usize>i << 2), <f32>(gn * invB));
  }
  return total;
}
