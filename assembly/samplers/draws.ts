// The draws of a transition, per chain: every kind takes its normals and
// uniforms through here. Philox is keyed by (seed, stream) and addressed by
// its counter, and value i of a draw of n values from counter k comes from
// block k + i/4 (core/rng.ts), so chain c's values are the same whichever
// chains are computed in the same call. A part of a state (chains
// [first, first + count) of `total`, samplers/parallel.ts) therefore takes its
// values at the offset its chains have in the whole draw and then moves the
// counter as far as the whole draw would: the part's chains get the very
// numbers one thread gives them. `first` is a multiple of 4, so every part
// starts on a block. Outside a part (total = 0) this is exactly the rng call.
import { rngNormalFast, rngUniform } from "../core/rng";
import { SS_RNG, SS_RNG_COUNTER } from "./state";

/** The running part: chains [partFirst, …) of partTotal; 0 = the state is the whole. */
let partFirst: i32 = 0;
let partTotal: i32 = 0;

/** Sets the part that the next transitions compute (total 0: a whole state). */
export function setPart(first: i32, total: i32): void {
  partFirst = first;
  partTotal = total;
}

// the u64 block counter inside the RNG state (a documented field of the sampler header)
const COUNTER: usize = <usize>(SS_RNG_COUNTER - SS_RNG);

@inline function counter(rng: usize): u64 {
  return load<u64>(rng + COUNTER);
}

/** `per` standard normals for each of C chains into out (C×per f32), from the state's RNG at rng. */
export function chainNormals(out: usize, C: i32, per: i32, rng: usize): void {
  if (partTotal == 0) {
    rngNormalFast(out, C * per, rng);
    return;
  }
  const k = counter(rng);
  store<u64>(rng + COUNTER, k + <u64>((partFirst * per) >> 2));
  rngNormalFast(out, C * per, rng);
  store<u64>(rng + COUNTER, k + <u64>((partTotal * per + 3) >> 2));
}

/** `per` uniforms in [0, 1) for each of C chains into out (C×per f32), from the state's RNG at rng. */
export function chainUniforms(out: usize, C: i32, per: i32, rng: usize): void {
  if (partTotal == 0) {
    rngUniform(out, C * per, rng);
    return;
  }
  const k = counter(rng);
  store<u64>(rng + COUNTER, k + <u64>((partFirst * per) >> 2));
  rngUniform(out, C * per, rng);
  store<u64>(rng + COUNTER, k + <u64>((partTotal * per + 3) >> 2));
}
