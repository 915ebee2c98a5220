// scripts/api-surface.mjs: the package suite compares the packed types with
// docs/api-surface.md and refuses any declaration marked @internal in sdk/.
// Here: the scan for @internal finds the members the published types must
// not carry, so that check is not vacuous (and drops none of them silently).
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/api-surface.mjs', import.meta.url);

describe('scripts/api-surface.mjs', () => {
  it('finds the @internal members of sdk/ that the published types must not carry', async () => {
    const { internalNames } = (await import(pathToFileURL(SCRIPT.pathname).href)) as { internalNames(): Set<string> };
    const names = internalNames();
    for (const n of [
      'Resource.checkLive', 'Resource.beginRun', 'Resource.endRun',
      'MLPEnergy.conditionedHandle', 'KMeansEBM.centresOf',
      'DescribedEnergy.[DESCRIPTOR]', 'Learnable.[LEARNABLE]', 'DESCRIPTOR', 'LEARNABLE',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
  }, 120_000); // parses every file of sdk/
});
