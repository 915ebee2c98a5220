// First-order optimizers over a flat parameter vector, as PyTorch's torch.optim
// defines them (SGD with momentum/Nesterov/weight decay; Adam and AdamW), in
// f32 storage with the scalar schedule (bias corrections) in f64. Gradient
// clipping by global norm scales the gradient by `clip` before the update.

/** Σ g[i]² in f64, in index order (the global norm for clipping is its square root). */
export function sumSquaresF64(g: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(g + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

/**
 * SGD step (torch.optim.SGD, dampening 0): d = clip·g + wd·θ; with momentum
 * μ > 0, buf = μ·buf + d (buf = d at the first step), d = nesterov ? d + μ·buf : buf;
 * θ ← θ − lr·d. theta, grad, buf f32[n]; first ≠ 0 on the first step.
 */
export function sgdStep(theta: usize, grad: usize, buf: usize, n: i32, lr: f32, momentum: f32, nesterov: i32,
                        weightDecay: f32, clip: f32, first: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(theta + o);
    let d = clip * load<f32>(grad + o);
    if (weightDecay != 0) d += weightDecay * p;
    if (momentum != 0) {
      const b = first != 0 ? d : momentum * load<f32>(buf + o) + d;
      store<f32>(buf + o, b);
      d = nesterov != 0 ? d + momentum * b : b;
    }
    store<f32>(theta + o, p - lr * d);
  }
}

/**
 * Adam step t (1-based) as torch.optim.Adam / AdamW: g = clip·grad (+ wd·θ
 * unless decoupled); decoupled: θ ← θ·(1 − lr·wd) first;
 * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 */
export function adamStep(theta: usize, grad: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32,
                         eps: f32, weightDecay: f32, decoupled: i32, t: i32, clip: f32): void {
  const bc1 = 1.0 - Math.pow(<f64>beta1, <f64>t);
  const bc2 = 1.0 - Math.pow(<f64>beta2, <f64>t);
  const stepSize = <f32>(<f64>lr / bc1);
  const rootBc2 = <f32>Math.sqrt(bc2);
  const decay: f32 = decoupled != 0 ? <f32>1 - lr * weightDecay : 1;
  const b1c: f32 = <f32>1 - beta1;
  const b2c: f32 = <f32>1 - beta2;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    let p = load<f32>(theta + o);
    let g = clip * load<f32>(grad + o);
    if (weightDecay != 0) {
      if (decoupled != 0) p *= decay;
      else g += weightDecay * p;
    }
    const mi = beta1 * load<f32>(m + o) + b1c * g;
    const vi = beta2 * load<f32>(v + o) + b2c * g * g;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(theta + o, p - stepSize * (mi / (Mathf.sqrt(vi) / rootBc2 + eps)));
  }
}
