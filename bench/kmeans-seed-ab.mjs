// The K-means row of the parallel suite alone (bench/suites/parallel.mjs, runKMeansRow): a default
// fit (k-means++ + 10 iterations, 100 000 × 16, k 32) on the calling thread, 1 and 2 workers, and
// on 2 workers with the seeding kept on the calling thread, interleaved round by round in one
// process, bytes checked first. `node bench/kmeans-seed-ab.mjs [rounds]` after `npm run build`;
// writes bench/results/<time>-kmeans-seed.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runKMeansRow, printKMeansRow } from './suites/parallel.mjs';

const rounds = Number(process.argv[2] ?? 7);
const sdk = await import(new URL('../dist/index.node.js', import.meta.url).href);
await sdk.init();
const pools = { 1: await sdk.createPool({ workers: 1 }), 2: await sdk.createPool({ workers: 2 }) };
try {
  const start = loadavg();
  const km = await runKMeansRow(sdk, pools, rounds);
  const out = { suite: 'kmeans-seed', rounds, loadavgStart: start, loadavgEnd: loadavg(), kmeans: km };
  printKMeansRow(km, console.log);
  console.log(`load average ${start.map((x) => x.toFixed(1)).join(' ')} → ${out.loadavgEnd.map((x) => x.toFixed(1)).join(' ')}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-kmeans-seed.json`, import.meta.url);
  writeFileSync(file, JSON.stringify(out, null, 1));
  console.log(`→ ${file.pathname}`);
} finally {
  await pools[1].close();
  await pools[2].close();
}
