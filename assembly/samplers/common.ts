// Pieces every transition shares: proposals y + a·G + b·ξ over all chains,
// the Metropolis–Hastings decision, and row finiteness checks.
import {
  S_CHAINS, S_DIM, O_POS, O_PROP, O_E, O_PROP_E, O_G, O_PROP_G, O_UNIFORM, O_ACCEPTS, O_NON_FINITE,
  O_LAST_ACC, O_ACC_PROB, arr,
} from "./state";

/** out = Y + a·G + b·N over n f32 (G may be 0 to drop that term). */
export function propose(out: usize, Y: usize, G: usize, a: f32, N: usize, b: f32, n: i32): void {
  const av = f32x4.splat(a);
  const bv = f32x4.splat(b);
  let i = 0;
  if (G != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(f32x4.add(v128.load(Y + o), f32x4.mul(av, v128.load(G + o))), f32x4.mul(bv, v128.load(N + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, (load<f32>(Y + o) + a * load<f32>(G + o)) + b * load<f32>(N + o));
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(v128.load(Y + o), f32x4.mul(bv, v128.load(N + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, load<f32>(Y + o) + b * load<f32>(N + o));
    }
  }
}

/** True when every one of the D values of a row is finite. */
@inline export function rowFinite(p: usize, D: i32): bool {
  let ok = true;
  for (let j = 0; j < D; j++) ok = ok && isFinite<f32>(load<f32>(p + (<usize>j << 2)));
  return ok;
}

/**
 * Metropolis–Hastings over all chains. ACC_PROB holds log α per chain on entry
 * (NaN or −Inf = reject; NaN is counted as non-finite); UNIFORM holds the
 * uniforms. Accepted chains take prop, propE and (if withGrad) propG.
 * Leaves min(1, α) in ACC_PROB and returns its sum over chains.
 */
export function mhAccept(s: usize, withGrad: bool): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const rowBytes = <usize>D << 2;
  const pos = arr(s, O_POS), prop = arr(s, O_PROP);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E);
  const G = arr(s, O_G), pG = arr(s, O_PROP_G);
  const uni = arr(s, O_UNIFORM), accP = arr(s, O_ACC_PROB);
  const accs = arr(s, O_ACCEPTS), nonFin = arr(s, O_NON_FINITE), last = arr(s, O_LAST_ACC);
  let sum: f64 = 0;
  for (let c = 0; c < C; c++) {
    const pc = accP + (<usize>c << 3);
    let la = load<f64>(pc);
    if (isNaN(la)) {
      store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
      la = -Infinity;
    }
    const p = la >= 0 ? 1.0 : Math.exp(la);
    const u = <f64>load<f32>(uni + (<usize>c << 2));
    const accept = Math.log(u) < la;
    if (accept) {
      memory.copy(pos + <usize>c * rowBytes, prop + <usize>c * rowBytes, rowBytes);
      store<f32>(E + (<usize>c << 2), load<f32>(pE + (<usize>c << 2)));
      if (withGrad) memory.copy(G + <usize>c * rowBytes, pG + <usize>c * rowBytes, rowBytes);
      store<i32>(accs + (<usize>c << 2), load<i32>(accs + (<usize>c << 2)) + 1);
    }
    store<i32>(last + (<usize>c << 2), accept ? 1 : 0);
    store<f64>(pc, p);
    sum += p;
  }
  return sum;
}
