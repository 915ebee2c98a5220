// The lecture tour (`npm start`): LeCun, NYU Deep Learning week 7 part 2, "SSL, EBM with
// details and examples", chapter by chapter, computed with ebm-wasm and written as SVG + HTML
// into ./ebm-tour/ (relative to the current directory). Deterministic: fixed seeds, no timestamps.
import { resolve, relative } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { statusLine } from './lib/progress.mjs';
import { page } from './lib/html.mjs';
import { kmeansChapter } from './chapters/kmeans.mjs';
import { contrastiveChapter } from './chapters/contrastive.mjs';
import { multimodalChapter } from './chapters/multimodal.mjs';
import { sparseGloChapter } from './chapters/sparse-glo.mjs';
import { hornChapter } from './chapters/horn.mjs';
import { strategy1Chapter } from './chapters/strategy1.mjs';
import { rbmChapter } from './chapters/rbm.mjs';
import { isingChapter } from './chapters/ising.mjs';

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

const chapters = [kmeansChapter, contrastiveChapter, multimodalChapter, sparseGloChapter, hornChapter, strategy1Chapter, rbmChapter, isingChapter];
const files = [];
const sections = [];
for (const chapter of chapters) {
  const result = await chapter({ ebm, outDir, status });
  files.push(...result.files);
  sections.push(result.html);
}

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
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
