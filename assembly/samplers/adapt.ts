// Warm-up adaptation, as Stan does it: dual averaging of log step size toward
// a target acceptance (Nesterov 2009; Hoffman & Gelman 2014, alg. 5, with
// γ = 0.05, t0 = 10, κ = 0.75, μ = log 10ε), and for HMC a diagonal inverse
// mass matrix from variances in doubling windows (init buffer 75, first window
// 25, term buffer 50; 15 % / 75 % / 10 % when the warm-up is shorter than 150).
// Variances pool all chains. Dual averaging restarts after each window.
// The mass arrays are HMC's (its section); samplerAdapt refuses mass adaptation for other kinds.
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import {
  SS_KIND, SS_ITER, SS_ADAPT_START, SS_ADAPT_END, SS_ADAPT_FLAGS, SS_WINDOW_END, SS_WINDOW_SIZE, SS_WINDOW_START, SS_TERM_START,
  SS_DA_COUNT, SS_STEP, SS_TARGET, SS_DA_MU, SS_DA_LOG_BAR, SS_DA_HBAR, SS_W_COUNT, SS_CHAINS, SS_DIM,
  SS_O_POS, SAMPLER_ADAPT_STEP, SAMPLER_ADAPT_MASS, arr, kindArr,
} from "./state";
import { SS_HMC_O_INV_MASS, SS_HMC_O_W_MEAN, SS_HMC_O_W_M2 } from "./hmc";
import { SAMPLER_HMC, kindAdapts } from "./kinds";

const GAMMA: f64 = 0.05;
const T0: f64 = 10;
const KAPPA: f64 = 0.75;

function daRestart(s: usize): void {
  store<f64>(s + SS_DA_MU, Math.log(10 * load<f64>(s + SS_STEP)));
  store<i32>(s + SS_DA_COUNT, 0);
  store<f64>(s + SS_DA_HBAR, 0);
  store<f64>(s + SS_DA_LOG_BAR, 0);
}

function welfordReset(s: usize): void {
  store<f64>(s + SS_W_COUNT, 0);
  if (load<i32>(s + SS_KIND) != SAMPLER_HMC) return; // only HMC's section has the windows
  const D = load<i32>(s + SS_DIM);
  memory.fill(kindArr(s, SS_HMC_O_W_MEAN), 0, <usize>D * 8);
  memory.fill(kindArr(s, SS_HMC_O_W_M2), 0, <usize>D * 8);
}

/**
 * Starts a warm-up of `warmup` transitions from the current iteration.
 * flags: 1 = step size (dual averaging to `target`), 2 = diagonal mass (HMC).
 */
export function samplerAdapt(s: usize, warmup: i32, flags: i32, target: f64): void {
  const kind = load<i32>(s + SS_KIND);
  if (!kindAdapts(kind) || ((flags & SAMPLER_ADAPT_MASS) != 0 && kind != SAMPLER_HMC)) fail(E_BAD_ARGUMENT, flags);
  const start = load<i32>(s + SS_ITER);
  store<i32>(s + SS_ADAPT_START, start);
  store<i32>(s + SS_ADAPT_END, start + warmup);
  store<i32>(s + SS_ADAPT_FLAGS, flags);
  store<f64>(s + SS_TARGET, target);
  daRestart(s);
  welfordReset(s);
  store<i32>(s + SS_WINDOW_END, -1);
  if ((flags & SAMPLER_ADAPT_MASS) != 0 && warmup >= 20) {
    let init = 75, term = 50, base = 25;
    if (init + term + base > warmup) {
      init = <i32>(0.15 * <f64>warmup);
      term = <i32>(0.1 * <f64>warmup);
      base = warmup - init - term;
    }
    store<i32>(s + SS_WINDOW_START, start + init);
    store<i32>(s + SS_WINDOW_SIZE, base);
    store<i32>(s + SS_WINDOW_END, start + init + base);
    store<i32>(s + SS_TERM_START, start + warmup - term);
  }
}

/** After the transition at iteration `iter` with mean acceptance `accept`: one adaptation update. */
export function adaptAfter(s: usize, iter: i32, accept: f64): void {
  const flags = load<i32>(s + SS_ADAPT_FLAGS);
  if ((flags & SAMPLER_ADAPT_STEP) != 0) {
    const t = load<i32>(s + SS_DA_COUNT) + 1;
    store<i32>(s + SS_DA_COUNT, t);
    const tf = <f64>t;
    const eta = 1.0 / (tf + T0);
    const a = isFinite(accept) ? accept : 0;
    const hbar = (1 - eta) * load<f64>(s + SS_DA_HBAR) + eta * (load<f64>(s + SS_TARGET) - a);
    store<f64>(s + SS_DA_HBAR, hbar);
    const logEps = load<f64>(s + SS_DA_MU) - Math.sqrt(tf) / GAMMA * hbar;
    const x = Math.pow(tf, -KAPPA);
    store<f64>(s + SS_DA_LOG_BAR, x * logEps + (1 - x) * load<f64>(s + SS_DA_LOG_BAR));
    store<f64>(s + SS_STEP, Math.exp(logEps));
  }
  const wEnd = load<i32>(s + SS_WINDOW_END);
  if ((flags & SAMPLER_ADAPT_MASS) != 0 && wEnd >= 0) {
    if (iter >= load<i32>(s + SS_WINDOW_START) && iter < wEnd) welfordAdd(s);
    if (iter + 1 == wEnd) windowEnd(s, wEnd);
  }
  if (iter + 1 == load<i32>(s + SS_ADAPT_END) && (flags & SAMPLER_ADAPT_STEP) != 0 && load<i32>(s + SS_DA_COUNT) > 0) {
    store<f64>(s + SS_STEP, Math.exp(load<f64>(s + SS_DA_LOG_BAR)));
  }
}

function welfordAdd(s: usize): void {
  const C = load<i32>(s + SS_CHAINS);
  const D = load<i32>(s + SS_DIM);
  const pos = arr(s, SS_O_POS);
  const mean = kindArr(s, SS_HMC_O_W_MEAN);
  const m2 = kindArr(s, SS_HMC_O_W_M2);
  let n = load<f64>(s + SS_W_COUNT);
  for (let c = 0; c < C; c++) {
    n += 1;
    const row = pos + (<usize>c * <usize>D << 2);
    for (let j = 0; j < D; j++) {
      const x = <f64>load<f32>(row + (<usize>j << 2));
      const pm = mean + (<usize>j << 3);
      const delta = x - load<f64>(pm);
      const m = load<f64>(pm) + delta / n;
      store<f64>(pm, m);
      const pq = m2 + (<usize>j << 3);
      store<f64>(pq, load<f64>(pq) + delta * (x - m));
    }
  }
  store<f64>(s + SS_W_COUNT, n);
}

function windowEnd(s: usize, wEnd: i32): void {
  const D = load<i32>(s + SS_DIM);
  const n = load<f64>(s + SS_W_COUNT);
  if (n > 2) {
    const m2 = kindArr(s, SS_HMC_O_W_M2);
    const im = kindArr(s, SS_HMC_O_INV_MASS);
    for (let j = 0; j < D; j++) {
      const v = load<f64>(m2 + (<usize>j << 3)) / (n - 1);
      // Stan's regularization toward 1e-3, weight 5 draws
      store<f64>(im + (<usize>j << 3), (n / (n + 5)) * v + 1e-3 * (5 / (n + 5)));
    }
  }
  welfordReset(s);
  daRestart(s);
  const term = load<i32>(s + SS_TERM_START);
  if (wEnd >= term) {
    store<i32>(s + SS_WINDOW_END, -1);
    return;
  }
  const size = load<i32>(s + SS_WINDOW_SIZE) * 2;
  let next = wEnd + size;
  if (next + 2 * size > term) next = term;
  store<i32>(s + SS_WINDOW_SIZE, size);
  store<i32>(s + SS_WINDOW_START, wEnd);
  store<i32>(s + SS_WINDOW_END, next);
}
