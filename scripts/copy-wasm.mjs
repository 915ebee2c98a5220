// Puts build/ebm.wasm beside the bundles (dist/ebm.wasm): every runtime entry
// resolves it as ./ebm.wasm relative to itself.
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
copyFileSync(new URL('../build/ebm.wasm', import.meta.url), new URL('../dist/ebm.wasm', import.meta.url));
