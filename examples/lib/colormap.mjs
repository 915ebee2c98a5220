// Viridis (perceptually uniform, colour-blind safe), sampled at ten stops and linearly interpolated.
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

const rgb = (hex) => [1, 3, 5].map((o) => parseInt(hex.slice(o, o + 2), 16));
const STOPS = VIRIDIS.map(rgb);

/** The colour at u ∈ [0, 1] (0 = dark purple, 1 = yellow) as '#rrggbb'. */
export function viridis(u) {
  const x = Math.min(1, Math.max(0, u)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((a, n) => Math.round(a + f * (STOPS[i + 1][n] - a)));
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}
