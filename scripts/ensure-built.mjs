// `npm start` on a fresh clone: build once if dist/ is missing or older than
// the sources. The package has no install script (consumers never build), so
// the repo builds here, in `npm test`, and in `prepack`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const built = join(ROOT, 'dist', 'index.node.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(built) || ['sdk', 'assembly'].some((d) => newest(join(ROOT, d)) > statSync(built).mtimeMs);
if (stale) {
  console.log('building ebm-wasm first (dist/ is missing or older than the sources)…');
  execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
