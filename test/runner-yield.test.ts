// The run loop (sdk/util/runner.ts) gives the event loop a turn at least every ~40 ms of work; in Node
// and Bun with setImmediate (no 1 ms timer floor), elsewhere with a zero-delay timer. A timer set just
// before a long run must fire while the run is still going, or a server stalls for the whole run.
import { describe, expect, it } from 'vitest';
import { setup } from './helpers.js';
import { energies, samplers } from '../sdk/index.node.js';

await setup();

describe('long runs yield to the event loop', () => {
  it('a zero-delay timer set before a sampler run fires before the run ends', async () => {
    const D = 10;
    const cov = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => (i === j ? 1 : 0)));
    const e = energies.gaussian({ mean: new Array(D).fill(0), cov });
    // 50 000 transitions of 64 chains: ~0.3 s here, and well over the 40 ms budget on any machine
    const s = samplers.mala(e, { chains: 64, seed: 1, stepSize: 0.1 });
    let fired = false;
    let firedDuring = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    await s.run({
      draws: 1000,
      thin: 50,
      onProgress: (p) => {
        if (fired && p.done < p.total) firedDuring = true;
      },
    });
    expect(fired, 'the timer fired at all').toBe(true);
    expect(firedDuring, 'the timer fired while draws were still to come').toBe(true);
    s.dispose();
    e.dispose();
  });
});
