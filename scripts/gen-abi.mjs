// Generates the SDK's only copy of the WASM ABI from assembly/: every export
// of assembly/index.ts (signature, doc, arity) and every numeric `export const`
// of assembly/**/*.ts (layouts, kinds, codes). sdk/runtime/abi.ts (the module
// the SDK imports) joins the parts in sdk/runtime/abi/: exports/<section>.ts
// per `// ----` section of assembly/index.ts (an interface, joined into
// RawExports by `extends`, with the arities) and constants/<folder>.ts per
// folder of assembly/.
//
//   node scripts/gen-abi.mjs             write them (and remove parts assembly/ no longer makes)
//   node scripts/gen-abi.mjs --check     exit 1, naming each stale, missing or extra file
//   node scripts/gen-abi.mjs --stdout    print every file, each after a `//// path` line
//   node scripts/gen-abi.mjs --root DIR  read DIR/assembly, write under DIR/sdk/runtime/
//
// It fails loudly (exit 1, one line per problem) on anything it cannot map:
// an unknown parameter type, an export it cannot find, an optional parameter,
// or one constant name with two different values.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// sdk/runtime/abi.ts joins the parts; everything under sdk/runtime/abi/ is generated
// (a file there that assembly/ no longer makes is removed, and the test fails on it)
const OUT = 'sdk/runtime/abi.ts';
const OUT_DIR = 'sdk/runtime/abi';
// the house keeps files under ~450 lines; a longer part is cut at an export or file boundary
const MAX_LINES = 400;

// AssemblyScript types at the boundary and what JS sees of them
const JS_TYPE = {
  usize: 'number', isize: 'number', i32: 'number', u32: 'number', i8: 'number', u8: 'number', i16: 'number', u16: 'number',
  bool: 'number', f32: 'number', f64: 'number', i64: 'bigint', u64: 'bigint', void: 'void',
};

class AbiError extends Error {}

const sources = new Map();
function parse(file) {
  let sf = sources.get(file);
  if (!sf) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new AbiError(`cannot read ${file}: ${e.message}`);
    }
    sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    sources.set(file, sf);
  }
  return sf;
}

const hasExport = (node) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/**
 * The `//` comments before a node, as blocks split at blank lines (without the
 * slashes); `attached` says whether the last block touches the node.
 */
function lineCommentBlocks(sf, node) {
  const text = sf.text;
  const ranges = (ts.getLeadingCommentRanges(text, node.pos) ?? []).filter((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia);
  const blocks = [];
  let prevEnd = -1;
  for (const r of ranges) {
    const l = text.slice(r.pos + 2, r.end).replace(/^ /, '').trimEnd();
    if (prevEnd < 0 || /\n[ \t]*\n/.test(text.slice(prevEnd, r.pos))) blocks.push([l]);
    else blocks[blocks.length - 1].push(l);
    prevEnd = r.end;
  }
  const attached = prevEnd >= 0 && !/\n[ \t]*\n/.test(text.slice(prevEnd, node.getStart(sf)));
  return { blocks, attached };
}

/** The `//` lines directly above a node (no blank line between). */
function lineCommentsAbove(sf, node) {
  const { blocks, attached } = lineCommentBlocks(sf, node);
  return attached ? blocks[blocks.length - 1] : [];
}

/** The text of the `/** … *\/` comment directly above a node, one string per line. */
function docAbove(sf, node) {
  const text = sf.text;
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const last = ranges[ranges.length - 1];
  if (!last) return [];
  const raw = text.slice(last.pos, last.end);
  if (last.kind === ts.SyntaxKind.MultiLineCommentTrivia && raw.startsWith('/**')) {
    return raw
      .slice(3, -2)
      .split('\n')
      .map((l) => (/^\s*\*/.test(l) ? l.replace(/^\s*\* ?/, '') : l.trim()).trimEnd())
      .filter((l, i, all) => l !== '' || (i > 0 && i < all.length - 1));
  }
  return lineCommentsAbove(sf, node);
}

/** A `// …` comment on the same line after a node. */
function trailingComment(sf, node) {
  const text = sf.text;
  for (const r of ts.getTrailingCommentRanges(text, node.end) ?? []) {
    if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) return text.slice(r.pos + 2, r.end).trim();
  }
  return '';
}

function moduleFile(fromFile, spec) {
  return resolve(dirname(fromFile), spec.endsWith('.ts') ? spec : `${spec}.ts`);
}

/** Finds `export function name` in file, following `export { … } from` re-exports. */
function findFunction(file, name, seen = new Set()) {
  if (seen.has(`${file}#${name}`)) return null;
  seen.add(`${file}#${name}`);
  const sf = parse(file);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === name && hasExport(st) && st.body) return { sf, fn: st };
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.name.text === name) return findFunction(moduleFile(file, st.moduleSpecifier.text), (el.propertyName ?? el.name).text, seen);
      }
    }
  }
  return null;
}

function jsType(typeNode, where) {
  const t = typeNode ? typeNode.getText().trim() : 'void';
  const js = JS_TYPE[t];
  if (!js) throw new AbiError(`${where}: type ${t} cannot cross the ABI (use usize, i32, u32, f32, f64, i64, u64 or void)`);
  return { as: t, js };
}

const SECTION_TITLE = /^-{2,}\s*(.*?)\s*-*$/;

/** Every export of index.ts, in order, with its section title, doc and signature. */
function collectExports(root, problems) {
  const index = join(root, 'assembly/index.ts');
  const sf = parse(index);
  const out = [];
  let section = null;
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st)) {
      if (hasExport(st)) problems.push(`${rel(root, index)}: only \`export { … } from "./module"\` statements belong here`);
      continue;
    }
    if (!st.moduleSpecifier || !st.exportClause || !ts.isNamedExports(st.exportClause)) {
      problems.push(`${rel(root, index)}:${line(sf, st)}: name each export: export { a, b } from "./module"`);
      continue;
    }
    const { blocks, attached } = lineCommentBlocks(sf, st);
    let doc = attached ? blocks.pop() : [];
    for (const b of blocks) {
      const title = SECTION_TITLE.exec(b[0]);
      if (title) section = { title: title[1], notes: b.slice(1) };
    }
    // a title with no blank line before the export's doc: the title line starts the section
    const title = SECTION_TITLE.exec(doc[0] ?? '');
    if (title) {
      section = { title: title[1], notes: [] };
      doc = doc.slice(1);
    }
    const file = moduleFile(index, st.moduleSpecifier.text);
    for (const el of st.exportClause.elements) {
      const name = el.name.text;
      const found = findFunction(file, (el.propertyName ?? el.name).text);
      if (!found) {
        problems.push(`${rel(root, index)}:${line(sf, st)}: ${name} is not an exported function of ${rel(root, file)}`);
        continue;
      }
      const where = `${rel(root, found.sf.fileName)}: ${name}`;
      try {
        const params = found.fn.parameters.map((p) => {
          if (p.initializer || p.questionToken || p.dotDotDotToken) {
            throw new AbiError(`${where}: parameter ${p.name.getText()} is optional; exports take every argument (the flat ABI has no defaults)`);
          }
          return { name: p.name.getText(), ...jsType(p.type, `${where}(${p.name.getText()})`) };
        });
        const result = jsType(found.fn.type, `${where} → result`);
        out.push({ name, section, doc, ownDoc: docAbove(found.sf, found.fn), params, result, from: rel(root, found.sf.fileName) });
      } catch (e) {
        if (!(e instanceof AbiError)) throw e;
        problems.push(e.message);
      }
    }
  }
  const seen = new Set();
  for (const e of out) {
    if (seen.has(e.name)) problems.push(`assembly/index.ts exports ${e.name} twice`);
    seen.add(e.name);
  }
  return out;
}

function assemblyFiles(dir) {
  const files = [];
  for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) files.push(...assemblyFiles(p));
    else if (ent.name.endsWith('.ts') && !ent.name.endsWith('.d.ts')) files.push(p);
  }
  return files;
}

class NotConstant extends Error {}

/** Evaluates a numeric constant expression; names refer to constants already evaluated. */
function evaluate(expr, lookup) {
  if (ts.isParenthesizedExpression(expr)) return evaluate(expr.expression, lookup);
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (ts.isPrefixUnaryExpression(expr)) {
    const v = evaluate(expr.operand, lookup);
    if (expr.operator === ts.SyntaxKind.MinusToken) return -v;
    if (expr.operator === ts.SyntaxKind.PlusToken) return v;
    if (expr.operator === ts.SyntaxKind.TildeToken) return ~v;
    throw new NotConstant();
  }
  if (ts.isTypeAssertionExpression?.(expr) || ts.isAsExpression(expr)) return evaluate(expr.expression, lookup);
  if (ts.isIdentifier(expr)) {
    const v = lookup(expr.text);
    if (v === undefined) throw new NotConstant();
    return v;
  }
  if (ts.isBinaryExpression(expr)) {
    const a = evaluate(expr.left, lookup);
    const b = evaluate(expr.right, lookup);
    switch (expr.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return a + b;
      case ts.SyntaxKind.MinusToken: return a - b;
      case ts.SyntaxKind.AsteriskToken: return a * b;
      case ts.SyntaxKind.SlashToken: return a / b;
      case ts.SyntaxKind.LessThanLessThanToken: return a << b;
      case ts.SyntaxKind.GreaterThanGreaterThanToken: return a >> b;
      case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken: return a >>> b;
      case ts.SyntaxKind.BarToken: return a | b;
      case ts.SyntaxKind.AmpersandToken: return a & b;
    }
  }
  throw new NotConstant();
}

/** Every top-level numeric `export const` of assembly/**, grouped by file. */
function collectConstants(root, problems) {
  const byName = new Map();
  const groups = [];
  const pending = [];
  for (const file of assemblyFiles(join(root, 'assembly'))) {
    if (file === join(root, 'assembly/index.ts')) continue;
    const sf = parse(file);
    const group = { file: rel(root, file), constants: [] };
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st) || !hasExport(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
      // a /** */ above or a // after documents one constant; // lines above head a run of them
      const heading = lineCommentsAbove(sf, st).map((l) => l.replace(/^-+\s*|\s*-+$/g, ''));
      const lead = heading.length > 0 ? [] : docAbove(sf, st);
      for (const decl of st.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const type = decl.type ? decl.type.getText() : '';
        if (type && !(type in JS_TYPE)) continue; // not a number (arrays, strings)
        const trail = trailingComment(sf, st);
        pending.push({ group, sf, decl, type, heading, doc: [...lead, ...(trail ? [trail] : [])] });
      }
    }
    groups.push(group);
  }
  // constants may refer to each other: evaluate until nothing new resolves
  const lookup = (n) => byName.get(n)?.value;
  for (let progress = true; progress; ) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      let value;
      try {
        value = evaluate(p.decl.initializer, lookup);
      } catch (e) {
        if (e instanceof NotConstant) continue;
        throw e;
      }
      pending.splice(i--, 1);
      progress = true;
      const name = p.decl.name.text;
      const at = `${p.group.file}:${line(p.sf, p.decl)}`;
      const big = p.type === 'i64' || p.type === 'u64';
      if (!Number.isFinite(value) || (big && !Number.isSafeInteger(value))) {
        problems.push(`${at}: ${name} = ${p.decl.initializer.getText()} is not a finite number the SDK can hold`);
        continue;
      }
      const prev = byName.get(name);
      if (prev) {
        if (prev.value !== value) problems.push(`${name} has two values: ${prev.value} at ${prev.at} and ${value} at ${at}`);
        continue;
      }
      const c = { name, value, big, at, heading: p.heading, doc: p.doc, literal: ts.isNumericLiteral(p.decl.initializer) ? p.decl.initializer.getText() : null };
      byName.set(name, c);
      p.group.constants.push(c);
    }
  }
  // codes that select behaviour must be distinct within their family: two energy kinds (or two
  // sampler kinds) with one value would dispatch one model's descriptor to another's kernels
  for (const prefix of CODE_FAMILIES) {
    const byValue = new Map();
    for (const c of byName.values()) {
      if (!c.name.startsWith(prefix) || c.big) continue;
      const other = byValue.get(c.value);
      if (other) problems.push(`${other.name} (${other.at}) and ${c.name} (${c.at}) are both ${c.value}: codes of the ${prefix}* family must differ`);
      else byValue.set(c.value, c);
    }
  }
  // whatever is left is not a numeric constant (memory.data, calls): not part of the ABI
  return groups.filter((g) => g.constants.length > 0);
}

/** Name prefixes of code families whose values must be unique (kinds, losses, activations). */
const CODE_FAMILIES = ['KIND_', 'ACT_', 'LOSS_'];

const rel = (root, f) => relative(root, f).split('\\').join('/');
const line = (sf, node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
const safe = (s) => s.replace(/\*\//g, '*\u2215');

function jsdoc(lines, indent) {
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${safe(lines[0])} */`];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${safe(l)}` : `${indent} *`)), `${indent} */`];
}

/** Splits items into runs of at most `max` lines (by `size`), keeping at least one item per run. */
function chunks(items, size, max) {
  const out = [];
  let cur = [];
  let lines = 0;
  for (const it of items) {
    const n = size(it);
    if (cur.length > 0 && lines + n > max) {
      out.push(cur);
      cur = [];
      lines = 0;
    }
    cur.push(it);
    lines += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** A section title's words: up to its first `(`, `:`, `;` or `,` ("K-means training in slices (…)" → k, means, …). */
function titleWords(title) {
  const words = title.split(/[(:;,]/)[0].toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.length > 0 ? words : ['other'];
}
const pascal = (words) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = (words) => words[0] + pascal(words.slice(1));

function exportMembers(e) {
  const doc = [...e.doc];
  if (e.ownDoc.length > 0) {
    if (doc.length > 0) doc.push('');
    doc.push(...e.ownDoc);
  }
  doc.push(`(${e.from}: ${e.name}(${e.params.map((p) => `${p.name}: ${p.as}`).join(', ')}): ${e.result.as})`);
  return [...jsdoc(doc, '  '), `  ${e.name}(${e.params.map((p) => `${p.name}: ${p.js}`).join(', ')}): ${e.result.js};`];
}

function constantLines(g) {
  const out = ['', `// ---- ${g.file}`];
  for (const c of g.constants) {
    out.push(...c.heading.map((l) => `// ${l}`));
    out.push(...jsdoc(c.doc, ''));
    const value = c.big ? `${c.value}n` : (c.literal ?? String(c.value));
    out.push(`export const ${c.name} = ${value};`);
  }
  return out;
}

const GENERATED = '// Generated from assembly/ by scripts/gen-abi.mjs — do not edit; run `npm run build:abi`.';

/**
 * The files of the SDK's ABI for the assembly/ under root, as a Map from path
 * (relative to root) to text: sdk/runtime/abi.ts, the one module the SDK
 * imports, joins the parts in sdk/runtime/abi/ (the exports of each section of
 * assembly/index.ts, the constants of each folder of assembly/). A part longer
 * than MAX_LINES is cut in two at an export or a file boundary.
 */
export function generate(root) {
  sources.clear();
  const problems = [];
  const exports = collectExports(root, problems);
  const groups = collectConstants(root, problems);
  if (problems.length > 0) throw new AbiError(`gen-abi: ${problems.length} problem(s) in assembly/:\n  ${problems.join('\n  ')}`);

  const files = new Map();
  const used = new Set();
  const unique = (words) => {
    let w = words;
    for (let n = 2; used.has(w.join('-')); n++) w = [...words, String(n)];
    used.add(w.join('-'));
    return w;
  };

  // exports, one part per section of assembly/index.ts
  const sections = [];
  for (const e of exports) {
    const last = sections[sections.length - 1];
    if (last && last.section === e.section) last.exports.push(e);
    else sections.push({ section: e.section, exports: [e] });
  }
  const parts = [];
  for (const { section, exports: list } of sections) {
    const title = section?.title ?? 'exports before the first section';
    const runs = chunks(list, (e) => exportMembers(e).length + 2, MAX_LINES - 20);
    runs.forEach((run, i) => {
      const base = [...titleWords(title), ...(runs.length > 1 ? ['part', String(i + 1)] : [])];
      const words = unique(/^[0-9]/.test(base[0]) ? ['s', ...base] : base);
      const head = runs.length > 1 ? `${title} (part ${i + 1} of ${runs.length})` : title;
      const part = { file: `${OUT_DIR}/exports/${words.join('-')}.ts`, type: `${pascal(words)}Exports`, arity: `${camel(words)}Arity`, unsigned: `${camel(words)}Unsigned` };
      const unsigned = run.filter((e) => e.result.as === 'usize' || e.result.as === 'u32').map((e) => `'${e.name}'`);
      files.set(part.file, [
        GENERATED,
        `// The exports of ebm.wasm in the section "${title}" of assembly/index.ts; sdk/runtime/abi.ts joins every part.`,
        '',
        ...jsdoc([head, ...(i === 0 ? (section?.notes ?? []) : [])], ''),
        `export interface ${part.type} {`,
        ...run.flatMap(exportMembers),
        '}',
        '',
        '/** The number of parameters of each export above. */',
        `export const ${part.arity} = {`,
        ...run.map((e) => `  ${e.name}: ${e.params.length},`),
        '} as const;',
        '',
        '/** The exports above whose result is a usize or u32. */',
        unsigned.length <= 3 ? `export const ${part.unsigned} = [${unsigned.join(', ')}] as const;` : `export const ${part.unsigned} = [\n${unsigned.map((u) => `  ${u},`).join('\n')}\n] as const;`,
        '',
      ].join('\n'));
      parts.push(part);
    });
  }

  // constants, one part per folder of assembly/
  const folders = new Map();
  for (const g of groups) {
    const segs = g.file.split('/');
    const folder = segs.length > 2 ? segs[1] : 'top';
    if (!folders.has(folder)) folders.set(folder, []);
    folders.get(folder).push(g);
  }
  const constantFiles = [];
  for (const [folder, list] of folders) {
    const runs = chunks(list, (g) => constantLines(g).length, MAX_LINES - 10);
    runs.forEach((run, i) => {
      const file = `${OUT_DIR}/constants/${folder}${runs.length > 1 ? `-part-${i + 1}` : ''}.ts`;
      const where = folder === 'top' ? 'assembly/' : `assembly/${folder}/`;
      files.set(file, [
        GENERATED,
        `// The numeric constants of ${where}${runs.length > 1 ? ` (part ${i + 1} of ${runs.length})` : ''}: block layouts, kinds, activations, losses, error codes.`,
        ...run.flatMap(constantLines),
        '',
      ].join('\n'));
      constantFiles.push(file);
    });
  }

  const spec = (file) => `./${file.slice(OUT.length - 3 - 'abi'.length).replace(/\.ts$/, '.js')}`;
  files.set(OUT, [
    GENERATED,
    '// The ABI of ebm.wasm: its exports (signatures, docs, arities) and the numeric',
    '// constants of assembly/ (block layouts, kinds, activations, losses, error codes).',
    '// The parts are in ./abi/: the exports of each section of assembly/index.ts and',
    '// the constants of each folder of assembly/; the SDK imports this module only.',
    '',
    ...parts.map((p) => `import { ${p.arity}, ${p.unsigned}, type ${p.type} } from '${spec(p.file)}';`),
    '',
    '/** The exports of ebm.wasm. Pointers are byte offsets into `memory`; see assembly/index.ts. */',
    'export interface RawExports',
    `  extends ${parts.map((p) => p.type).join(',\n    ')} {`,
    '  memory: WebAssembly.Memory;',
    '}',
    '',
    '/** Every exported function and its number of parameters: init() checks each against the module. */',
    'export const EXPORT_ARITY = {',
    ...parts.map((p) => `  ...${p.arity},`),
    '} as const;',
    '',
    '/** The name of an exported function. */',
    'export type ExportName = keyof typeof EXPORT_ARITY;',
    '',
    '/**',
    ' * Exports whose result is a usize or u32: WebAssembly hands every i32 result to',
    ' * JavaScript signed, so a pointer past 2^31 (or a CRC with its top bit set)',
    ' * arrives negative; the SDK\'s bindings return these as `result >>> 0`.',
    ' */',
    'export const UNSIGNED_RESULTS: readonly ExportName[] = [',
    ...parts.map((p) => `  ...${p.unsigned},`),
    '];',
    '',
    ...constantFiles.map((f) => `export * from '${spec(f)}';`),
    '',
  ].join('\n'));
  return files;
}

/** Every file now under root's sdk/runtime/abi/ (paths relative to root). */
function generatedOnDisk(root) {
  const dir = join(root, OUT_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => rel(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

/** What differs between the generated files and the ones on disk: one line per file, empty when current. */
export function check(root) {
  const files = generate(root);
  const problems = [];
  for (const [path, text] of files) {
    let disk = null;
    try {
      disk = readFileSync(join(root, path), 'utf8');
    } catch {}
    if (disk === null) problems.push(`${path} is missing`);
    else if (disk !== text) problems.push(`${path} is stale`);
  }
  for (const path of generatedOnDisk(root)) {
    if (!files.has(path)) problems.push(`${path} should no longer exist (assembly/ no longer makes it)`);
  }
  return problems;
}

/** Writes the files that changed and removes the ones assembly/ no longer makes; returns what it did. */
export function write(root) {
  const files = generate(root);
  const done = [];
  for (const [path, text] of files) {
    const file = join(root, path);
    let disk = null;
    try {
      disk = readFileSync(file, 'utf8');
    } catch {}
    if (disk === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    done.push(`${disk === null ? 'wrote' : 'updated'} ${path}`);
  }
  for (const path of generatedOnDisk(root)) {
    if (files.has(path)) continue;
    rmSync(join(root, path));
    done.push(`removed ${path}`);
  }
  return done;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? resolve(args[rootAt + 1]) : fileURLToPath(new URL('..', import.meta.url));
  try {
    if (args.includes('--stdout')) {
      for (const [path, text] of generate(root)) process.stdout.write(`//// ${path}\n${text}`);
    } else if (args.includes('--check')) {
      const problems = check(root);
      if (problems.length > 0) {
        console.error(`gen-abi: the generated ABI differs from assembly/:\n  ${problems.join('\n  ')}\nrun \`npm run build:abi\` (node scripts/gen-abi.mjs) and commit what it writes`);
        process.exit(1);
      }
    } else {
      for (const line of write(root)) console.log(`gen-abi: ${line}`);
    }
  } catch (e) {
    if (!(e instanceof AbiError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
