// Consumer projects for the package suite, one per TypeScript resolution mode.
// Kept as strings (written to a temporary folder next to the unpacked tarball)
// so the repo's own type check does not compile them under its settings.
export const CONSUMERS = {
  'bundler': {
    "app.ts": "// A browser app through a bundler: the default condition, and the inline entry.\nimport { init, KMeansEBM, EbmError, MLPEnergy, datasets, optim, samplers, setWasmPath, train, type InitOptions } from 'ebm-wasm';\nimport * as inline from 'ebm-wasm/inline';\n\nconst options: InitOptions = { wasm: new URL('https://example.com/ebm.wasm') };\nsetWasmPath('/assets/ebm.wasm');\nawait init(options);\nawait inline.init();\nconst model = await new KMeansEBM({ k: 2 }).fit([[0, 0], [1, 1]]);\nconst energy: Float32Array = model.energy([[0, 0]]);\nexport const ok: boolean = energy.length === 1 && !(new Error() instanceof EbmError);\n// the models still satisfy the protocols the trainers and samplers take (members marked @internal are stripped)\nconst F = new MLPEnergy({ inputDim: 2, hidden: [8] });\nconst X = datasets.moons({ n: 64, seed: 1 }).X;\nawait train.contrastive(F, X, { epochs: 1, optimizer: optim.adam({ lr: 1e-3 }) });\nawait samplers.mala(F, { chains: 2 }).run({ draws: 2 });\nawait samplers.mala(model, { chains: 2 }).run({ draws: 2 });\nawait samplers.hmc(model.asEnergy({ beta: 1 }), { chains: 2 }).run({ draws: 2 });\n",
    "tsconfig.json": "{ \"compilerOptions\": { \"strict\": true, \"noEmit\": true, \"skipLibCheck\": false, \"types\": [], \"lib\": [\"ES2022\", \"DOM\", \"ESNext.Disposable\"], \"target\": \"ES2022\", \"module\": \"ESNext\", \"moduleResolution\": \"Bundler\" }, \"files\": [\"app.ts\"] }\n",
  },
  'node16-esm': {
    "app.mts": "// A Node ES module: the node condition's import types.\nimport { init, KMeansEBM, EbmError, datasets } from 'ebm-wasm';\nimport { init as initInline } from 'ebm-wasm/inline';\n\nawait init();\nawait initInline();\nconst digits = await datasets.digits();\nconst model = await new KMeansEBM({ k: 10 }).fit(digits.X);\nexport const labels: Int32Array = model.labels;\nexport const isError = (e: unknown): e is EbmError => e instanceof EbmError;\n",
    "tsconfig.json": "{ \"compilerOptions\": { \"strict\": true, \"noEmit\": true, \"skipLibCheck\": false, \"types\": [], \"lib\": [\"ES2022\", \"DOM\", \"ESNext.Disposable\"], \"target\": \"ES2022\", \"module\": \"Node16\", \"moduleResolution\": \"Node16\" }, \"files\": [\"app.mts\"] }\n",
  },
  'node16-cjs': {
    "app.cts": "// A CommonJS consumer: `import x = require()` takes the node condition's require types (.d.cts).\nimport ebm = require('ebm-wasm');\nimport inline = require('ebm-wasm/inline');\n\nasync function main(): Promise<number> {\n  await ebm.init();\n  await inline.init();\n  const model = await new ebm.KMeansEBM({ k: 2 }).fit([[0, 0], [1, 1]]);\n  return model.energy([[0, 0]]).length;\n}\nexport = main;\n",
    "named.cts": "// CommonJS with named imports (compiled to require), as most TypeScript CJS code is written.\nimport { init, EbmError, setWasmPath } from 'ebm-wasm';\n\nsetWasmPath('./vendor/ebm.wasm');\nexport const ready: Promise<void> = init();\nexport const isError = (e: unknown): boolean => e instanceof EbmError;\n",
    "tsconfig.json": "{ \"compilerOptions\": { \"strict\": true, \"noEmit\": true, \"skipLibCheck\": false, \"types\": [], \"lib\": [\"ES2022\", \"DOM\", \"ESNext.Disposable\"], \"target\": \"ES2022\", \"module\": \"Node16\", \"moduleResolution\": \"Node16\" }, \"files\": [\"app.cts\", \"named.cts\"] }\n",
  },
  'nodenext': {
    "app.mts": "// A Node ES module: the node condition's import types.\nimport { init, KMeansEBM, EbmError, datasets } from 'ebm-wasm';\nimport { init as initInline } from 'ebm-wasm/inline';\n\nawait init();\nawait initInline();\nconst digits = await datasets.digits();\nconst model = await new KMeansEBM({ k: 10 }).fit(digits.X);\nexport const labels: Int32Array = model.labels;\nexport const isError = (e: unknown): e is EbmError => e instanceof EbmError;\n",
    "tsconfig.json": "{ \"compilerOptions\": { \"strict\": true, \"noEmit\": true, \"skipLibCheck\": false, \"types\": [], \"lib\": [\"ES2022\", \"DOM\", \"ESNext.Disposable\"], \"target\": \"ES2022\", \"module\": \"NodeNext\", \"moduleResolution\": \"NodeNext\" }, \"files\": [\"app.mts\"] }\n",
  },
};
