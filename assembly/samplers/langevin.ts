// Unadjusted Langevin: y' = y − ε·β·∇F(y) + √(2ε)·s·ξ (s = noise scale; s = 1
// targets exp(−βF) up to the O(ε) discretization bias). Always accepted,
// except that a non-finite energy or gradient at y' keeps y (counted).
import { rngNormalFast } from "../core/rng";
import { energyEval } from "../energies/dispatch";
import {
  S_CHAINS, S_DIM, S_BETA, S_NOISE, S_RNG, O_POS, O_PROP, O_E, O_PROP_E, O_G, O_PROP_G, O_NOISE,
  O_ACCEPTS, O_NON_FINITE, O_LAST_ACC, O_ACC_PROB, arr,
} from "./state";
import { propose, rowFinite } from "./common";
import { copyRow } from "../core/simd";

/**
 * The proposal of every chain, y' = y − ε·β·∇F(y) + √(2ε)·s·ξ, into the state's
 * proposal rows (O_PROP). Draws C·D normals.
 */
export function langevinPropose(s: usize, eps: f64): void {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  const noise = arr(s, O_NOISE);
  rngNormalFast(noise, C * D, s + S_RNG);
  propose(arr(s, O_PROP), arr(s, O_POS), arr(s, O_G), <f32>(-eps * load<f64>(s + S_BETA)), noise,
    <f32>(Math.sqrt(2 * eps) * load<f64>(s + S_NOISE)), C * D);
}

/** One transition of every chain; returns the number of chains that moved. Draws C·D normals. */
export function langevinStep(s: usize, desc: usize, eps: f64): f64 {
  const C = load<i32>(s + S_CHAINS);
  const D = load<i32>(s + S_DIM);
  langevinPropose(s, eps);
  const pos = arr(s, O_POS), prop = arr(s, O_PROP);
  const G = arr(s, O_G), pG = arr(s, O_PROP_G);
  const E = arr(s, O_E), pE = arr(s, O_PROP_E);
  energyEval(desc, prop, C, pE, pG);
  const accs = arr(s, O_ACCEPTS), nonFin = arr(s, O_NON_FINITE), last = arr(s, O_LAST_ACC), accP = arr(s, O_ACC_PROB);
  const n = C * D;
  if (allFinite(pE, C) && allFinite(pG, n) && allFinite(prop, n)) {
    // the usual case: every chain moves, so whole arrays move at once (the same bits as row by row)
    memory.copy(pos, prop, <usize>n << 2);
    memory.copy(G, pG, <usize>n << 2);
    memory.copy(E, pE, <usize>C << 2);
    addOne(accs, C);
    for (let c = 0; c < C; c++) {
      store<i32>(last + (<usize>c << 2), 1);
      store<f64>(accP + (<usize>c << 3), 1.0);
    }
    return <f64>C;
  }
  const rowBytes = <usize>D << 2;
  let moved: f64 = 0;
  for (let c = 0; c < C; c++) {
    const ok = isFinite<f32>(load<f32>(pE + (<usize>c << 2))) && rowFinite(pG + <usize>c * rowBytes, D) &&
      rowFinite(prop + <usize>c * rowBytes, D);
    if (ok) {
      copyRow(pos + <usize>c * rowBytes, prop + <usize>c * rowBytes, D);
      copyRow(G + <usize>c * rowBytes, pG + <usize>c * rowBytes, D);
      store<f32>(E + (<usize>c << 2), load<f32>(pE + (<usize>c << 2)));
      store<i32>(accs + (<usize>c << 2), load<i32>(accs + (<usize>c << 2)) + 1);
      moved += 1;
    } else {
      store<i32>(nonFin + (<usize>c << 2), load<i32>(nonFin + (<usize>c << 2)) + 1);
    }
    store<i32>(last + (<usize>c << 2), ok ? 1 : 0);
    store<f64>(accP + (<usize>c << 3), ok ? 1.0 : 0.0);
  }
  return moved;
}

/** True when all n f32 at p are finite: x − x is 0 for finite x and NaN for ±Inf and NaN, and NaN survives the sum. */
function allFinite(p: usize, n: i32): bool {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    acc = f32x4.add(acc, f32x4.sub(v, v));
  }
  let t: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    t += v - v;
  }
  return t == 0;
}

/** a[i] += 1 for n i32. */
function addOne(a: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(a + (<usize>i << 2), i32x4.add(v128.load(a + (<usize>i << 2)), i32x4.splat(1)));
  for (; i < n; i++) store<i32>(a + (<usize>i << 2), load<i32>(a + (<usize>i << 2)) + 1);
}
