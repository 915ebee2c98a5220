// A probe of this machine's f32x4 arithmetic limit: twelve independent
// multiply-then-add chains, enough to hide the mul+add latency behind
// throughput on the machines we measured (8 chains reached ~31 GFLOP/s, 12
// ~38, 14 spill registers and drop). Benchmarks divide each kernel's flop rate
// by this one to report a share of the peak.

/**
 * Runs `iterations` rounds of 12 chains × (f32x4.mul + f32x4.add) = 96 flops a
 * round, and returns a lane of the result so the work cannot be removed.
 */
export function peakProbe(iterations: i32): f32 {
  const a = f32x4.splat(0.999999);
  const b = f32x4.splat(1e-7);
  let c0 = f32x4.splat(1.0), c1 = f32x4.splat(1.1), c2 = f32x4.splat(1.2), c3 = f32x4.splat(1.3);
  let c4 = f32x4.splat(1.4), c5 = f32x4.splat(1.5), c6 = f32x4.splat(1.6), c7 = f32x4.splat(1.7);
  let c8 = f32x4.splat(1.8), c9 = f32x4.splat(1.9), c10 = f32x4.splat(2.0), c11 = f32x4.splat(2.1);
  for (let i = 0; i < iterations; i++) {
    c0 = f32x4.add(f32x4.mul(c0, a), b);
    c1 = f32x4.add(f32x4.mul(c1, a), b);
    c2 = f32x4.add(f32x4.mul(c2, a), b);
    c3 = f32x4.add(f32x4.mul(c3, a), b);
    c4 = f32x4.add(f32x4.mul(c4, a), b);
    c5 = f32x4.add(f32x4.mul(c5, a), b);
    c6 = f32x4.add(f32x4.mul(c6, a), b);
    c7 = f32x4.add(f32x4.mul(c7, a), b);
    c8 = f32x4.add(f32x4.mul(c8, a), b);
    c9 = f32x4.add(f32x4.mul(c9, a), b);
    c10 = f32x4.add(f32x4.mul(c10, a), b);
    c11 = f32x4.add(f32x4.mul(c11, a), b);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7))),
    f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)));
  return f32x4.extract_lane(s, 0);
}
