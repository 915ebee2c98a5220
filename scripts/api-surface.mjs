// The published API surface: every name each entry of package.json "exports"
// gives (from its .d.ts/.d.cts in dist/) and every public member of the
// classes, interfaces and namespaces a consumer can reach through them
// (declarations the bundled types carry without exporting them by name, such
// as the Sampler that samplers.mala() returns, included). Written to
// docs/api-surface.md; the package suite fails when the packed package's
// surface differs from it, and when a declaration marked @internal in sdk/ is
// part of it.
//
//   node scripts/api-surface.mjs                write docs/api-surface.md from dist/ (after npm run build)
//   node scripts/api-surface.mjs --check        exit 1 with the differences and any @internal name
//   node scripts/api-surface.mjs --dir PKG      read PKG/package.json and PKG/dist (an unpacked tarball)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPORT = 'docs/api-surface.md';
const REGENERATE = '`npm run build && node scripts/api-surface.mjs` and commit docs/api-surface.md';

/** Every `types` file of the exports map, with the conditions that lead to it. */
function typeEntries(pkg) {
  const out = [];
  const walk = (node, path) => {
    if (typeof node === 'string') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'types' && typeof v === 'string') out.push({ conditions: path.join(' › '), file: v });
      else if (typeof v === 'object' && v !== null) walk(v, [...path, k]);
    }
  };
  for (const [sub, node] of Object.entries(pkg.exports ?? {})) walk(node, [sub === '.' ? pkg.name : `${pkg.name}/${sub.replace(/^\.\//, '')}`]);
  return out;
}

const PRIVATE = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;

/** A member's name as written: `[DESCRIPTOR]` for computed keys. */
function memberName(sym) {
  const decl = sym.declarations?.[0];
  if (decl?.name && ts.isComputedPropertyName(decl.name)) return `[${decl.name.expression.getText()}]`;
  return sym.name;
}

function isPublic(sym) {
  const decl = sym.declarations?.[0];
  if (!decl) return true;
  if (decl.name && ts.isPrivateIdentifier(decl.name)) return false;
  return (ts.getCombinedModifierFlags(decl) & PRIVATE) === 0;
}

/** The class or interface that declares a member (for @internal matching). */
function ownerOf(sym) {
  const parent = sym.declarations?.[0]?.parent;
  return parent && (ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name ? parent.name.text : null;
}

function memberLine(checker, sym, isStatic, keys, owner) {
  const name = memberName(sym);
  const decl = sym.declarations?.[0];
  keys.add(`${ownerOf(sym) ?? owner}.${name}`);
  const method = sym.flags & ts.SymbolFlags.Method || (decl && (ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl)));
  const getter = sym.flags & ts.SymbolFlags.GetAccessor && !(sym.flags & ts.SymbolFlags.SetAccessor);
  const readonly = decl && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly;
  const optional = sym.flags & ts.SymbolFlags.Optional ? '?' : '';
  return `  ${isStatic ? 'static ' : ''}${getter || readonly ? 'readonly ' : ''}${name}${optional}${method ? '()' : ''}`;
}

/** The lines describing one declaration (its kind and public members). */
function describe(checker, name, sym, keys) {
  const lines = [];
  const members = (props, isStatic, owner) =>
    props
      .filter((p) => isPublic(p) && !(isStatic && p.name === 'prototype'))
      .sort((a, b) => (memberName(a) < memberName(b) ? -1 : memberName(a) > memberName(b) ? 1 : 0))
      .map((p) => memberLine(checker, p, isStatic, keys, owner));
  keys.add(name);
  if (sym.flags & ts.SymbolFlags.Class) {
    const decl = sym.declarations.find(ts.isClassDeclaration);
    const abstract = decl && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract ? 'abstract ' : '';
    const ext = decl?.heritageClauses?.map((h) => h.getText()).join(' ') ?? '';
    lines.push(`${abstract}class ${name}${ext ? ` ${ext}` : ''}`);
    const local = sym.name;
    // a constructor the declarations spell out (the others are inherited or implicit)
    const ctor = decl?.members.find((m) => ts.isConstructorDeclaration(m) && (ts.getCombinedModifierFlags(m) & PRIVATE) === 0);
    if (ctor) lines.push(`  constructor(${ctor.parameters.map((p) => p.name.getText()).join(', ')})`);
    lines.push(...members(checker.getPropertiesOfType(checker.getTypeOfSymbol(sym)), true, local));
    lines.push(...members(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym)), false, local));
  } else if (sym.flags & ts.SymbolFlags.Interface) {
    const decl = sym.declarations.find(ts.isInterfaceDeclaration);
    const ext = decl?.heritageClauses?.map((h) => h.getText()).join(' ') ?? '';
    lines.push(`interface ${name}${ext ? ` ${ext}` : ''}`);
    lines.push(...members(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym)), false, sym.name));
  } else if (sym.flags & ts.SymbolFlags.Module) {
    lines.push(`namespace ${name}`);
    for (const e of checker.getExportsOfModule(sym).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      keys.add(`${name}.${e.name}`);
      lines.push(`  ${kindOf(target)} ${e.name}`);
    }
  } else if (sym.flags & ts.SymbolFlags.Function) {
    lines.push(`function ${name}`);
  } else if (sym.flags & ts.SymbolFlags.Variable) {
    lines.push(`const ${name}`);
    const type = checker.getTypeOfSymbol(sym);
    if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Anonymous && type.getCallSignatures().length === 0) {
      lines.push(...members(checker.getPropertiesOfType(type), false, name));
    }
  } else if (sym.flags & ts.SymbolFlags.TypeAlias) {
    lines.push(`type ${name}`);
  } else {
    lines.push(`${kindOf(sym)} ${name}`);
  }
  return lines;
}

function kindOf(sym) {
  if (sym.flags & ts.SymbolFlags.Class) return 'class';
  if (sym.flags & ts.SymbolFlags.Interface) return 'interface';
  if (sym.flags & ts.SymbolFlags.Module) return 'namespace';
  if (sym.flags & ts.SymbolFlags.Function) return 'function';
  if (sym.flags & ts.SymbolFlags.Variable) return 'const';
  if (sym.flags & ts.SymbolFlags.TypeAlias) return 'type';
  return 'symbol';
}

/**
 * The surface of one declaration file: its exports, then the declarations of
 * the bundled files it loads that it does not export by name (reachable types).
 * `keys` collects `Owner.member` and top-level names, for the @internal check.
 */
export function surfaceOf(file, program = programOf([file])) {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  const keys = new Set();
  const exported = new Set();
  const lines = [];
  const modSym = checker.getSymbolAtLocation(sf);
  for (const e of (modSym ? checker.getExportsOfModule(modSym) : []).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    exported.add(target);
    lines.push(...describe(checker, e.name, target, keys));
  }
  // what the bundled declarations carry besides: classes and interfaces a public member returns or takes
  const reachable = [];
  for (const other of filesOf(checker, sf)) {
    // the namespace helpers rollup-plugin-dts writes (`declare const random_normal: typeof normal`)
    const aliases = new Set();
    for (const st of other.statements) {
      if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
        for (const inner of st.body.statements) {
          if (ts.isExportDeclaration(inner) && inner.exportClause && ts.isNamedExports(inner.exportClause)) {
            for (const el of inner.exportClause.elements) aliases.add((el.propertyName ?? el.name).text);
          }
        }
      }
    }
    for (const st of other.statements) {
      const names = ts.isVariableStatement(st) ? st.declarationList.declarations.map((d) => d.name) : [st.name];
      for (const n of names) {
        if (!n || !ts.isIdentifier(n) || aliases.has(n.text)) continue;
        const sym = checker.getSymbolAtLocation(n);
        if (!sym || exported.has(sym) || !(sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) continue;
        exported.add(sym);
        reachable.push({ name: n.text, sym });
      }
    }
  }
  const more = reachable.sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap(({ name, sym }) => describe(checker, name, sym, keys));
  return { lines, reachable: more, keys };
}

/** Every declaration in sdk/ whose JSDoc has @internal, as `Owner.member` or a top-level name. */
export function internalNames(root = ROOT) {
  const out = new Set();
  const files = [];
  const walkDir = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walkDir(p);
      else if (ent.name.endsWith('.ts') && !ent.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walkDir(join(root, 'sdk'));
  for (const f of files) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const tagged = (node) => ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
    const nameOf = (node) => (node.name ? (ts.isComputedPropertyName(node.name) ? `[${node.name.expression.getText(sf)}]` : node.name.getText(sf)) : null);
    for (const st of sf.statements) {
      if (tagged(st)) {
        if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) out.add(d.name.getText(sf));
        else if (nameOf(st)) out.add(nameOf(st));
      }
      if ((ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) && st.name) {
        for (const m of st.members) if (tagged(m) && nameOf(m)) out.add(`${st.name.text}.${nameOf(m)}`);
      }
    }
  }
  return out;
}

/** The declaration file and those it imports or re-exports from, transitively. */
function filesOf(checker, sf) {
  const out = [];
  const visit = (f) => {
    if (!f || out.includes(f)) return;
    out.push(f);
    for (const st of f.statements) {
      if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier) {
        visit(checker.getSymbolAtLocation(st.moduleSpecifier)?.valueDeclaration?.getSourceFile());
      }
    }
  };
  visit(sf);
  return out;
}

/** One program over every entry's declarations (NodeNext: .d.cts files import ./x.cjs). */
function programOf(files) {
  return ts.createProgram(files, {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
}

/** The report's text for the package in dir (its package.json and dist/). */
export function report(dir = ROOT) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const internal = internalNames();
  const out = [
    '# Public API surface',
    '',
    'Generated by `scripts/api-surface.mjs` from the declaration files in `dist/`;',
    `the package suite fails when the packed package differs from this file (run ${REGENERATE})`,
    'or when a declaration marked `@internal` in `sdk/` appears here.',
    'Each entry of `package.json` `exports` lists the names it exports, then the',
    'classes and interfaces its types carry without exporting them by name (what',
    'a public member returns or takes). Members are public ones, inherited included.',
  ];
  const seen = new Map();
  const leaked = new Set();
  const entries = typeEntries(pkg);
  const program = programOf(entries.map((e) => resolve(dir, e.file)));
  for (const { conditions, file } of entries) {
    const { lines, reachable, keys } = surfaceOf(resolve(dir, file), program);
    for (const k of keys) if (internal.has(k)) leaked.add(k);
    const text = [...lines, '', '(reachable, not exported by name)', ...reachable].join('\n');
    out.push('', `## ${conditions}`, '', `\`${file}\``);
    const same = seen.get(text);
    if (same) {
      out.push('', `The same as ${same}.`);
      continue;
    }
    seen.set(text, `\`${file}\``);
    out.push('', '```', text, '```');
  }
  return { text: `${out.join('\n')}\n`, leaked: [...leaked].sort(), internalCount: internal.size };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const dir = dirAt >= 0 ? resolve(args[dirAt + 1]) : ROOT;
  const { text, leaked, internalCount } = report(dir);
  const problems = [];
  if (internalCount === 0) problems.push('found no @internal declaration in sdk/: the check below would prove nothing');
  if (leaked.length > 0) problems.push(`declarations marked @internal are published: ${leaked.join(', ')}`);
  if (args.includes('--check')) {
    const committed = readFileSync(join(ROOT, REPORT), 'utf8');
    if (committed !== text) {
      // each member with its owner, so the difference reads `class KMeansEBM:   fit()`
      const keyed = (t) => {
        let owner = '';
        return new Set(t.split('\n').map((l) => (l.startsWith('  ') ? `${owner}:${l}` : ((owner = l), l))));
      };
      const a = keyed(committed);
      const b = keyed(text);
      const gone = [...a].filter((l) => !b.has(l)).slice(0, 40);
      const added = [...b].filter((l) => !a.has(l)).slice(0, 40);
      problems.push(
        `the published API differs from ${REPORT} (run ${REGENERATE}):\n` +
          [...gone.map((l) => `  - ${l}`), ...added.map((l) => `  + ${l}`)].join('\n'),
      );
    }
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
  } else {
    writeFileSync(join(ROOT, REPORT), text);
    console.log(`wrote ${relative(process.cwd(), join(ROOT, REPORT)) || REPORT}`);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
  }
}
