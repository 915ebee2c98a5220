// Writes the CommonJS entries as wrappers of the ES modules (require(esm),
// Node ≥ 20.19), so `require('ebm-wasm')` and `import 'ebm-wasm'` share one
// WASM instance and one set of error classes. Each export is assigned by name
// so tools that read CommonJS statically (cjs-module-lexer, bundlers) see them.
import { writeFileSync } from 'node:fs';

for (const entry of ['index.node', 'index.inline']) {
  const esm = await import(new URL(`../dist/${entry}.js`, import.meta.url));
  const names = Object.keys(esm).sort();
  const body = [
    "'use strict';",
    `// CommonJS entry: the ES module ./${entry}.js itself (one instance, one set of classes).`,
    `const esm = require('./${entry}.js');`,
    ...names.map((n) => `exports.${n} = esm.${n};`),
    '',
  ].join('\n');
  writeFileSync(new URL(`../dist/${entry}.cjs`, import.meta.url), body);
}
