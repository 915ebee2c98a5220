// A tiny harness shared by the runtime suites run from Node (node.mjs,
// browser.mjs, workerd.mjs, deno-bun.mjs): named checks, then one machine-read
// line `@@RESULT {json}` that scripts/test-all.mjs collects.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export class Suite {
  constructor(name) {
    this.name = name;
    this.checks = [];
    this.hashes = {};
    this.notes = [];
    this.started = Date.now();
  }

  /** Records a check: `fn` throws (or returns false) to fail; a returned string is kept as detail. */
  async check(name, fn) {
    const t = Date.now();
    try {
      const r = await fn();
      if (r === false) throw new Error('returned false');
      this.checks.push({ name, ok: true, ms: Date.now() - t, detail: typeof r === 'string' ? r : undefined });
      console.log(`  ok   ${name}${typeof r === 'string' ? ` (${r})` : ''}`);
    } catch (e) {
      this.checks.push({ name, ok: false, ms: Date.now() - t, detail: String(e?.stack ?? e) });
      console.log(`  FAIL ${name}\n       ${String(e?.stack ?? e).split('\n').join('\n       ')}`);
    }
  }

  /** Adds checks computed elsewhere (in a page or a worker): [{ name, ok, detail }]. */
  addRemote(prefix, checks) {
    for (const c of checks) {
      this.checks.push({ name: `${prefix}${c.name}`, ok: !!c.ok, detail: c.detail });
      console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${prefix}${c.name}${c.detail ? ` (${String(c.detail).slice(0, 400)})` : ''}`);
    }
  }

  hash(label, h) {
    this.hashes[label] = h;
    console.log(`  hash ${label}: ${h}`);
  }

  note(text) {
    this.notes.push(text);
    console.log(`  note ${text}`);
  }

  /** Prints the result line and exits (non-zero when a check failed). */
  finish(extra = {}) {
    const failed = this.checks.filter((c) => !c.ok).length;
    const ok = failed === 0 && this.checks.length > 0 && !extra.error;
    const result = {
      suite: this.name,
      ok,
      skipped: false,
      ms: Date.now() - this.started,
      checks: this.checks.length,
      failedChecks: failed,
      failures: this.checks.filter((c) => !c.ok).map((c) => c.name),
      hashes: this.hashes,
      notes: this.notes,
      ...extra,
    };
    console.log(`${this.name}: ${this.checks.length - failed} checks passed, ${failed} failed`);
    console.log(`@@RESULT ${JSON.stringify(result)}`);
    process.exitCode = ok ? 0 : 1;
  }

  skip(reason) {
    console.log(`@@RESULT ${JSON.stringify({ suite: this.name, ok: true, skipped: true, reason, ms: Date.now() - this.started, hashes: {} })}`);
    process.exitCode = 0;
  }
}

/** Asserts an EbmError with the given code whose message contains every needle. Returns the message. */
export function expectEbmError(e, code, needles = [], EbmError = undefined) {
  if (!e || e.name === undefined) throw new Error(`expected an EbmError ${code}, got ${String(e)}`);
  if (EbmError && !(e instanceof EbmError)) throw new Error(`expected an instance of EbmError, got ${e.name}: ${e.message}`);
  if (e.code !== code) throw new Error(`expected code ${code}, got ${e.name} code ${e.code}: ${e.message}`);
  for (const n of needles) {
    if (!String(e.message).includes(n)) throw new Error(`message lacks ${JSON.stringify(n)}: ${e.message}`);
  }
  return e.message;
}

export async function rejection(p) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but it resolved');
}

export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, but it returned');
}
