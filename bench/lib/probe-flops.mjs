// How many flops one iteration of peakProbe does, read from the build being
// measured (the probe's chain count has changed while the kernel was tuned):
// disassemble ebm.wasm with binaryen (installed with AssemblyScript), find
// the exported peakProbe and count its f32x4.mul — each chain does one
// f32x4.mul + one f32x4.add (8 flops) per iteration. Falls back to the
// "= N flops" doc comment of assembly/core/peak.ts, then to 64.
import { readFileSync } from 'node:fs';

export async function peakFlopsPerIteration(bytes) {
  if (process.env.EBM_PEAK_FLOPS_PER_ITER) {
    return { flopsPerIteration: Number(process.env.EBM_PEAK_FLOPS_PER_ITER), source: 'EBM_PEAK_FLOPS_PER_ITER' };
  }
  let fromDoc = null;
  try {
    const src = readFileSync(new URL('../../assembly/core/peak.ts', import.meta.url), 'utf8');
    const m = src.match(/=\s*(\d+)\s*flops/);
    if (m) fromDoc = Number(m[1]);
  } catch {}
  try {
    const { default: binaryen } = await import('binaryen');
    const mod = binaryen.readBinary(bytes);
    mod.setFeatures(binaryen.Features.All);
    const text = mod.emitText();
    mod.dispose();
    const name = text.match(/\(export "peakProbe" \(func \$([^\s)]+)\)\)/)?.[1];
    if (!name) throw new Error('no peakProbe export');
    const start = text.indexOf(`(func $${name} `);
    if (start < 0) throw new Error('peakProbe body not found');
    const end = text.indexOf('\n (func ', start + 1);
    const body = text.slice(start, end < 0 ? undefined : end);
    const muls = (body.match(/f32x4\.mul/g) ?? []).length;
    const adds = (body.match(/f32x4\.add/g) ?? []).length;
    // one add per chain in the loop plus (chains − 1) in the final reduction
    if (muls === 0 || adds !== 2 * muls - 1) throw new Error(`unexpected probe shape (${muls} mul, ${adds} add)`);
    const flopsPerIteration = 8 * muls;
    const warn = fromDoc !== null && fromDoc !== flopsPerIteration ? `doc comment says ${fromDoc}` : undefined;
    return { flopsPerIteration, chains: muls, source: 'disassembly of build/ebm.wasm', ...(warn ? { warn } : {}) };
  } catch (e) {
    return { flopsPerIteration: fromDoc ?? 64, source: fromDoc ? 'assembly/core/peak.ts doc comment' : 'default 64', warn: e.message };
  }
}
