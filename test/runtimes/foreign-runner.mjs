// Run BY Deno or Bun (not Node): the scenario on dist/index.node.js, the
// entry Deno and Bun resolve through the "node" condition. Prints one JSON line.
const api = await import(new URL('../../dist/index.node.js', import.meta.url).href);
const { scenario } = await import('./scenario.js');
const out = { ok: false };
try {
  const e = (() => {
    try {
      new api.KMeansEBM({ k: 2 });
    } catch (err) {
      return err;
    }
    return null;
  })();
  out.notInitialized = e && e instanceof api.EbmError && e.code === 'NOT_INITIALIZED';
  await api.init();
  const r = await scenario(api);
  Object.assign(out, { ok: true, hash: r.hash, summary: r.summary });
} catch (e) {
  out.error = String((e && e.stack) || e);
}
console.log(`@@FOREIGN ${JSON.stringify(out)}`);
