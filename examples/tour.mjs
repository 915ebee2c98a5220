// The lecture tour (`npm start`): LeCun, NYU Deep Learning week 7 part 2, "SSL, EBM with
// details and examples", chapter by chapter, computed with ebm-wasm and written as SVG + HTML
// into ./ebm-tour/ (relative to the current directory). Deterministic: fixed seeds, no timestamps.
import { resolve, relative } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { statusLine } from './lib/progress.mjs';
import { page } from './lib/html.mjs';
import { kmeansChapter } from './chapters/kmeans.mjs';
import { contrastiveChapter } from './chapters/contrastive.mjs';
import { multimodalChapter } from './chapters/multimodal.mjs';
import { sparseGloChapter } from './chapters/sparse-glo.mjs';
import { hornChapter } from './chapters/horn.mjs';
import { strategiesChapter } from './chapters/strategies.mjs';
import { rbmChapter } from './chapters/rbm.mjs';
import { isingChapter } from './chapters/ising.mjs';
import { maskedChapter } from './chapters/masked.mjs';
import { cdPathsChapter } from './chapters/cd-paths.mjs';
import { mcmcChapter } from './chapters/mcmc.mjs';

const started = performance.now();
const status = statusLine();

let ebm;
try {
  ebm = await import('../dist/index.node.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  console.error('examples/tour.mjs: dist/index.node.js is missing; run `npm run build` first.');
  process.exit(1);
}
await ebm.init();

const outDir = resolve('ebm-tour');
mkdirSync(outDir, { recursive: true });

const chapters = [kmeansChapter, contrastiveChapter, multimodalChapter, sparseGloChapter, hornChapter, strategiesChapter, rbmChapter, isingChapter, maskedChapter, cdPathsChapter, mcmcChapter];
const files = [];
const sections = [];
// per chapter: wall time and this process's CPU time (process.cpuUsage: on a loaded machine wall
// time includes waiting for a core, CPU time does not); printed at the end as a progress summary
const timings = [];
const cache = new Map(); // trained models shared between chapters within one run: key → { model, …, dispose }
for (const [i, chapter] of chapters.entries()) {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await chapter({ ebm, outDir, status, cache });
  const c = process.cpuUsage(c0);
  timings.push({ chapter: i + 1, name: result.name ?? chapter.name, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 });
  status.done(`  ✓ chapter ${i + 1}/${chapters.length} in ${timings.at(-1).wall.toFixed(1)} s (${timings.at(-1).cpu.toFixed(1)} s CPU)`);
  files.push(...result.files);
  sections.push(result.html);
}
for (const value of cache.values()) value.dispose?.();

const index = resolve(outDir, 'index.html');
writeFileSync(
  index,
  page({
    title: 'ebm-wasm · a tour of energy-based models',
    intro:
      'Worked examples from the lecture “SSL, EBM with details and examples” (Yann LeCun, NYU Deep Learning, ' +
      'week 7 part 2), computed in WebAssembly by <code>ebm-wasm</code>. An EBM assigns a scalar energy to every ' +
      'configuration: low on the data, higher elsewhere; inference is minimisation of the energy.',
    sections,
  }),
);
files.push(index);

console.log('\nWrote:');
for (const f of files) console.log(`  ${relative(process.cwd(), f)}`);
console.log(`\nOpen ${pathToFileURL(index).href} in a browser`);
console.log(`  (e.g. \`xdg-open ${relative(process.cwd(), index)}\` on Linux, \`open ${relative(process.cwd(), index)}\` on macOS).`);
console.log('\nTime per chapter (wall / CPU of this process):');
for (const t of timings) console.log(`  ${String(t.chapter).padStart(2)} ${t.name.padEnd(22)} ${t.wall.toFixed(1).padStart(5)} s  ${t.cpu.toFixed(1).padStart(5)} s`);
const cpuAll = process.cpuUsage();
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s (${((cpuAll.user + cpuAll.system) / 1e6).toFixed(1)} s CPU, 1-minute load ${os.loadavg()[0].toFixed(2)}).`);
