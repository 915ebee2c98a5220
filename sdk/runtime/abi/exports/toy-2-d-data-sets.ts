// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.
// The exports of ebm.wasm in the section "toy 2-D data sets" of assembly/index.ts; sdk/runtime/abi.ts joins every part.

/**
 * toy 2-D data sets
 * One Philox block per point; the state is advanced by n blocks. out n×2 f32,
 * labels i32[n] or 0, state 32 B.
 */
export interface Toy2DDataSetsExports {
  /**
   * toySpiral(out, n, turns, noise, state)
   *
   * One spiral arm winding out of the origin: t = tmax·√u with tmax = 2π·turns
   * and u uniform, point = (t/tmax)·(cos t, sin t) + noise·N(0, I₂). The radius
   * grows linearly to 1, so coordinates lie in [−1, 1] before noise; √u makes the
   * density along the arm close to uniform in arc length. Words per point:
   * u, two for the normals. out n×2 f32; state: 32-byte RNG state (advanced by n blocks).
   * (assembly/datasets/toys.ts: toySpiral(out: usize, n: i32, turns: f64, noise: f64, state: usize): usize)
   */
  toySpiral(out: number, n: number, turns: number, noise: number, state: number): number;
  /**
   * toyMoons(out, labels, n, noise, state)
   *
   * Two interleaving half circles (scikit-learn's make_moons, with i.i.d. points):
   * moon 0 is (cos θ, sin θ), moon 1 is (1 − cos θ, ½ − sin θ), θ uniform in
   * [0, π], each moon with probability ½, plus noise·N(0, I₂). Words per point:
   * moon, θ, two for the normals. out n×2 f32; labels i32[n] (moon id, may be 0 to skip);
   * state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyMoons(out: usize, labels: usize, n: i32, noise: f64, state: usize): usize)
   */
  toyMoons(out: number, labels: number, n: number, noise: number, state: number): number;
  /**
   * toyCircles(out, labels, n, factor, noise, state)
   *
   * Two concentric circles (scikit-learn's make_circles, with i.i.d. points):
   * circle 0 has radius 1, circle 1 radius `factor`, each with probability ½,
   * angle uniform in [0, 2π), plus noise·N(0, I₂). Words per point: circle,
   * angle, two for the normals. out n×2 f32; labels i32[n] (circle id, may be 0);
   * state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyCircles(out: usize, labels: usize, n: i32, factor: f64, noise: f64, state: usize): usize)
   */
  toyCircles(out: number, labels: number, n: number, factor: number, noise: number, state: number): number;
  /**
   * toyEightGaussians(out, labels, n, radius, std, state)
   *
   * Equal mixture of 8 isotropic Gaussians N(μ_k, std²·I₂), μ_k = radius·(cos kπ/4, sin kπ/4),
   * k = 0..7. Words per point: k (top three bits), one unused, two for the normals.
   * out n×2 f32; labels i32[n] (k, may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyEightGaussians(out: usize, labels: usize, n: i32, radius: f64, std: f64, state: usize): usize)
   */
  toyEightGaussians(out: number, labels: number, n: number, radius: number, std: number, state: number): number;
  /**
   * toyCheckerboard(out, labels, n, squareSize, state)
   *
   * The checkerboard of the FFJORD toy data: a 4×4 board of squares of side
   * `squareSize`, centred at the origin ([−2s, 2s]²), with the 8 squares of one
   * colour filled uniformly. Column c = ⌊x/s⌋ + 2 in 0..3; each column holds a
   * lower and an upper square, each with probability ½. Words per point: x, y
   * within the square, lower/upper. out n×2 f32; labels i32[n] (square 2c + upper, 0..7,
   * may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyCheckerboard(out: usize, labels: usize, n: i32, squareSize: f64, state: usize): usize)
   */
  toyCheckerboard(out: number, labels: number, n: number, squareSize: number, state: number): number;
  /**
   * toyPinwheel(out, labels, n, arms, radialStd, tangentialStd, rate, state)
   *
   * The pinwheel of Johnson et al. (SVAE, 2016; as in the FFJORD toy data):
   * arm k of `arms` (uniform), f = (1 + radialStd·z₀, tangentialStd·z₁),
   * angle = 2πk/arms + rate·exp(f₀), point = 2·(f₀ cos a + f₁ sin a, −f₀ sin a + f₁ cos a).
   * Words per point: k, one unused, two for the normals. out n×2 f32; labels
   * i32[n] (arm, may be 0); state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyPinwheel(out: usize, labels: usize, n: i32, arms: i32, radialStd: f64, tangentialStd: f64, rate: f64, state: usize): usize)
   */
  toyPinwheel(out: number, labels: number, n: number, arms: number, radialStd: number, tangentialStd: number, rate: number, state: number): number;
  /**
   * toySwissRoll(out, n, noise, state)
   *
   * The 2-D swiss roll of the FFJORD toy data (scikit-learn's make_swiss_roll,
   * columns x and z, divided by 5): t = 1.5π·(1 + 2u), point = (t cos t, t sin t)/5
   * + noise·N(0, I₂), so |coordinates| ≤ 0.9π ≈ 2.83 before noise. Words per
   * point: u, two for the normals. out n×2 f32; state advanced by n blocks.
   * (assembly/datasets/toys.ts: toySwissRoll(out: usize, n: i32, noise: f64, state: usize): usize)
   */
  toySwissRoll(out: number, n: number, noise: number, state: number): number;
  /**
   * toyHorn(X f32[n], Y n×2, n, noise, rng): x on [0, 1], y on an ellipse that changes with x
   *
   * The horn: a conditional data set for latent-variable EBMs. x uniform on
   * [0, 1]; y on the ellipse (a(x)·cos t, b(x)·sin t) with t uniform on [0, 2π),
   * a(x) = 0.4 + 0.8x and b(x) = 0.6 − 0.3x (tall and small at x = 0, wide and
   * flat at x = 1), plus noise·N(0, I₂). Every x has a whole curve of answers
   * centred on the origin, so least squares predicts the centre. Words per
   * point: x, t, two for the normals. X f32[n], Y n×2 f32; state advanced by n blocks.
   * (assembly/datasets/toys.ts: toyHorn(X: usize, Y: usize, n: i32, noise: f64, state: usize): usize)
   */
  toyHorn(X: number, Y: number, n: number, noise: number, state: number): number;
  /**
   * eightGaussiansLogDensity(out f32[n], Y n×2, n, radius, std f64): exact mixture log-density
   *
   * Exact log-density of the toyEightGaussians mixture, in f64:
   * log p(y) = logΣ_k exp(−‖y − μ_k‖²/(2·std²)) − log 8 − log(2π·std²), the sum taken
   * around its largest term. Y n×2 f32 (row-major), out f32[n]; std > 0.
   * (assembly/datasets/toys.ts: eightGaussiansLogDensity(out: usize, Y: usize, n: i32, radius: f64, std: f64): usize)
   */
  eightGaussiansLogDensity(out: number, Y: number, n: number, radius: number, std: number): number;
}

/** The number of parameters of each export above. */
export const toy2DDataSetsArity = {
  toySpiral: 5,
  toyMoons: 5,
  toyCircles: 6,
  toyEightGaussians: 6,
  toyCheckerboard: 5,
  toyPinwheel: 8,
  toySwissRoll: 4,
  toyHorn: 5,
  eightGaussiansLogDensity: 5,
} as const;

/** The exports above whose result is a usize or u32. */
export const toy2DDataSetsUnsigned = [
  'toySpiral',
  'toyMoons',
  'toyCircles',
  'toyEightGaussians',
  'toyCheckerboard',
  'toyPinwheel',
  'toySwissRoll',
  'toyHorn',
  'eightGaussiansLogDensity',
] as const;
