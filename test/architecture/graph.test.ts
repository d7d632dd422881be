/**
 * The package graph holds DESIGN.md §2: every workspace's package.json and every import of its sources is
 * read (TypeScript's own parser, already a dependency: it sees multi-line, type-only, side-effect and
 * dynamic imports, which a regular expression misreads) and checked against
 * (a) the one direction of dependencies, each cross-workspace import declared in the importer's package.json;
 * (b) no import of another workspace's files by relative path (a package name and its exports instead);
 * (c) no src/ file importing a test file (a file under a workspace's test/, or the cross-part test workspace);
 * (d) no import cycle between the modules of one workspace's src/;
 * (e) routes on services: gateway/src/routes/** imports neither drizzle-orm nor the db schema's tables.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as dbModule from '@hocba/db';
import { getTableName, isTable } from 'drizzle-orm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Workspace {
  name: string;
  dir: string;
  /** Where its own code is: src/, or the whole folder for the cross-part test workspace. */
  sources: string;
  pkg: { exports?: Record<string, string>; dependencies?: object; devDependencies?: object };
}

const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
const workspaces: Workspace[] = rootPkg.workspaces.map((w) => {
  const dir = join(ROOT, w);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return { name: pkg.name, dir, sources: w === 'test' ? dir : join(dir, 'src'), pkg };
});
const TEST_WORKSPACE = '@hocba/test';

/**
 * DESIGN.md §2, "may import", by package. network/embedded also uses integrity's pure functions: DESIGN names
 * only chaincode, which itself stands on integrity, so the direction holds. The gateway may use chaincode's
 * exported types only: its `./schemas` subpath, never the contracts. The record model (records/) stands on
 * integrity alone; whoever shows a record (gateway, portal, cli) imports it.
 */
const MAY_IMPORT: Record<string, readonly string[] | 'all'> = {
  '@hocba/integrity': [],
  '@hocba/records': ['@hocba/integrity'],
  '@hocba/chaincode': ['@hocba/integrity'],
  '@hocba/embedded-ledger': ['@hocba/chaincode', '@hocba/integrity'],
  '@hocba/db': [],
  '@hocba/gateway': [
    '@hocba/integrity',
    '@hocba/records',
    '@hocba/db',
    '@hocba/chaincode/schemas',
    '@hocba/embedded-ledger',
  ],
  '@hocba/portal': ['@hocba/integrity', '@hocba/records'],
  // The console shares the portal's design system (its stylesheet) and shows records as the portal does.
  '@hocba/console': ['@hocba/integrity', '@hocba/records', '@hocba/portal'],
  '@hocba/cli': ['@hocba/integrity', '@hocba/records'],
  '@hocba/test': 'all',
  '@hocba/bench': 'all',
};

/**
 * What the pure parts may import from outside the repository (DESIGN.md §2: "pure, no I/O"): the record
 * model is zod schemas and rules, run in the browser and the CLI as well as in the gateway.
 */
const PURE_EXTERNALS: Record<string, readonly string[]> = {
  '@hocba/records': ['zod'],
};

/**
 * Test files that bench/src still imports (c), each another part's test support with no real module yet:
 * integrity's test PKI (certificates for the Fabric anchors) and the browser tests' Chromium launcher and
 * world. Listed so that no new one slips in; remove a line when its helper becomes a module of its part.
 */
const KNOWN_TEST_IMPORTS = new Set<string>([
  'bench/src/anchor.ts -> integrity/test/fixtures/pki.ts',
  'bench/src/portal.ts -> test/browser/chromium.ts',
  'bench/src/portal.ts -> test/browser/world.ts',
]);

/**
 * The one kind of relative import across workspaces allowed: a chaincode test of the cross-part workspace
 * importing chaincode/src itself, for mutation testing (`npm run mutation`): Stryker mutates a sandbox copy
 * of the tree whose node_modules link back to the original, so `@hocba/chaincode/...` would test the
 * unmutated file.
 */
const mutationTarget = (e: Edge): boolean =>
  /^test\/chaincode\/[^/]+\.test\.ts$/.test(rel(e.from)) &&
  e.to !== undefined &&
  rel(e.to).startsWith('chaincode/src/');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    if (f === 'node_modules' || f === 'dist' || f.startsWith('.')) return [];
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|tsx|mts|mjs|js|cjs)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

export interface Import {
  from: string;
  specifier: string;
  typeOnly: boolean;
  /** Named bindings (for the table check); empty for a namespace, side-effect or dynamic import. */
  names: string[];
}

/** Every static, re-export, `import type(...)`, dynamic import and `require` of a file. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: Import[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
      const specifier = (n.moduleSpecifier as ts.StringLiteral).text;
      let typeOnly = false;
      const names: string[] = [];
      if (ts.isImportDeclaration(n)) {
        const c = n.importClause;
        typeOnly = c?.isTypeOnly ?? false;
        if (c?.name) names.push('default');
        const b = c?.namedBindings;
        if (b && ts.isNamedImports(b) && !typeOnly) {
          const values = b.elements.filter((e) => !e.isTypeOnly);
          names.push(...values.map((e) => (e.propertyName ?? e.name).text));
          if (c && !c.name && b.elements.length > 0 && values.length === 0) typeOnly = true;
        }
        if (b && ts.isNamespaceImport(b)) names.push('*');
      } else {
        typeOnly = n.isTypeOnly;
        const c = n.exportClause;
        if (c && ts.isNamedExports(c)) names.push(...c.elements.map((e) => (e.propertyName ?? e.name).text));
        else names.push('*');
      }
      out.push({ from: file, specifier, typeOnly, names });
    } else if (ts.isImportTypeNode(n)) {
      const arg = n.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal))
        out.push({ from: file, specifier: arg.literal.text, typeOnly: true, names: [] });
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
      n.arguments[0] &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      out.push({ from: file, specifier: n.arguments[0].text, typeOnly: false, names: [] });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const rel = (p: string) => relative(ROOT, p).split(sep).join('/');
const inside = (dir: string, p: string) => p === dir || p.startsWith(dir + sep);

/** The workspace holding a file: the one with the deepest folder (network/embedded before network). */
function workspaceOf(p: string): Workspace | undefined {
  return workspaces.filter((w) => inside(w.dir, p)).sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** `@hocba/x[/sub]` → the workspace and the file its exports map names (patterns `./a/*` included). */
function resolvePackage(specifier: string): { ws: Workspace; file?: string; subpath: string } | undefined {
  const m = /^(@hocba\/[^/]+)(\/.*)?$/.exec(specifier);
  const ws = m && workspaces.find((w) => w.name === m[1]);
  if (!m || !ws) return undefined;
  const subpath = `.${m[2] ?? ''}`;
  const exports = ws.pkg.exports ?? {};
  let target = exports[subpath];
  if (target === undefined) {
    for (const [k, v] of Object.entries(exports)) {
      const star = k.indexOf('*');
      if (star < 0) continue;
      const [pre, post] = [k.slice(0, star), k.slice(star + 1)];
      if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length)
        target = v.replace('*', subpath.slice(pre.length, subpath.length - post.length));
    }
  }
  return { ws, subpath, ...(target !== undefined && { file: join(ws.dir, target) }) };
}

/** A relative specifier as a file on disk (the sources import with their .ts extension). */
function resolveRelative(from: string, specifier: string): string {
  const p = resolve(dirname(from), specifier);
  for (const c of [p, p.replace(/\.js$/, '.ts'), `${p}.ts`, join(p, 'index.ts')])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return p;
}

const isTestFile = (p: string): boolean => {
  const ws = workspaceOf(p);
  if (!ws) return false;
  return ws.name === TEST_WORKSPACE || inside(join(ws.dir, 'test'), p) || /\.test\.tsx?$/.test(p);
};

interface Edge {
  from: string;
  fromWs: Workspace;
  to: string | undefined;
  toWs: Workspace | undefined;
  /** The package (and subpath) named, when by package. */
  packageName?: string;
  imp: Import;
}

const edges: Edge[] = workspaces.flatMap((ws) =>
  walk(ws.sources).flatMap((file) =>
    importsOf(file).map((imp): Edge => {
      if (imp.specifier.startsWith('.')) {
        const to = resolveRelative(file, imp.specifier);
        return { from: file, fromWs: ws, to, toWs: workspaceOf(to), imp };
      }
      const pkg = resolvePackage(imp.specifier);
      return {
        from: file,
        fromWs: ws,
        to: pkg?.file,
        toWs: pkg?.ws,
        ...(pkg && {
          packageName: pkg.subpath === '.' ? pkg.ws.name : `${pkg.ws.name}${pkg.subpath.slice(1)}`,
        }),
        imp,
      };
    }),
  ),
);

const show = (e: Edge) => `${rel(e.from)} -> ${e.imp.specifier}`;

describe('the package graph (DESIGN.md §2)', () => {
  it('reads every workspace and finds imports in each', () => {
    expect(workspaces.map((w) => w.name).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    for (const ws of workspaces)
      expect(
        edges.some((e) => e.fromWs === ws),
        ws.name,
      ).toBe(true);
  });

  it("every package's exports name files that exist", () => {
    const missing = workspaces.flatMap((ws) =>
      Object.entries(ws.pkg.exports ?? {})
        .filter(([k, v]) => !k.includes('*') && !v.startsWith('./dist/') && !existsSync(join(ws.dir, v)))
        .map(([k, v]) => `${ws.name} ${k} -> ${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('(a) dependencies go one way, each declared in the importer’s package.json', () => {
    const wrong: string[] = [];
    for (const e of edges) {
      if (!e.toWs || e.toWs === e.fromWs) continue;
      const allowed = MAY_IMPORT[e.fromWs.name]!;
      const named = e.packageName ?? e.toWs.name;
      // A package allows its subpaths; an allowed subpath (chaincode's `/schemas`) allows only itself.
      const ok =
        allowed === 'all' ||
        allowed.some((a) => named === a || (named.startsWith(`${a}/`) && !a.includes('/', 7)));
      if (!ok) wrong.push(`${show(e)} (${e.fromWs.name} may import ${JSON.stringify(allowed)})`);
      const declared = { ...e.fromWs.pkg.dependencies, ...e.fromWs.pkg.devDependencies };
      if (!(e.toWs.name in declared))
        wrong.push(`${show(e)} (${e.toWs.name} not in ${rel(e.fromWs.dir)}/package.json)`);
    }
    expect(wrong).toEqual([]);
  });

  it("(b) no import reaches into another workspace's files by relative path", () => {
    const reaching = edges
      .filter((e) => e.imp.specifier.startsWith('.') && e.toWs !== e.fromWs && !mutationTarget(e))
      .map(show);
    expect(reaching).toEqual([]);
  });

  it('(b) every package import resolves through the exports map to a file', () => {
    const unresolved = edges.filter((e) => e.packageName && (!e.to || !existsSync(e.to))).map(show);
    expect(unresolved).toEqual([]);
  });

  it('(c) no src/ file imports a test file', () => {
    const found = edges
      .filter((e) => e.fromWs.name !== TEST_WORKSPACE && e.to && isTestFile(e.to))
      .map((e) => `${rel(e.from)} -> ${rel(e.to!)}`);
    expect(found.filter((f) => !KNOWN_TEST_IMPORTS.has(f))).toEqual([]);
    // A fixed one leaves the list.
    expect([...KNOWN_TEST_IMPORTS].filter((k) => !found.includes(k))).toEqual([]);
  });

  it('(d) no import cycle between the modules of a workspace’s src/', () => {
    const cycles: string[][] = [];
    for (const ws of workspaces) {
      if (ws.name === TEST_WORKSPACE) continue;
      const graph = new Map<string, string[]>();
      for (const e of edges)
        if (e.fromWs === ws && e.to && e.imp.specifier.startsWith('.') && inside(ws.sources, e.to))
          graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
      cycles.push(...stronglyConnected(graph).map((c) => c.map(rel).sort()));
    }
    expect(cycles).toEqual([]);
  });

  it('(f) the record model imports nothing but zod and integrity: no node:, no I/O', () => {
    const impure: string[] = [];
    for (const [name, allowed] of Object.entries(PURE_EXTERNALS)) {
      const ws = workspaces.find((w) => w.name === name)!;
      for (const e of edges) {
        if (e.fromWs !== ws || e.imp.specifier.startsWith('.') || e.imp.specifier.startsWith('@hocba/'))
          continue;
        if (!allowed.includes(e.imp.specifier)) impure.push(show(e));
      }
      // The check itself: the model's sources are read.
      expect(edges.filter((e) => e.fromWs === ws && e.imp.specifier === 'zod').length).toBeGreaterThan(0);
    }
    expect(impure).toEqual([]);
  });

  it('(e) routes use services: no drizzle-orm, no db table in gateway/src/routes', () => {
    const tables = new Set(
      Object.entries(dbModule)
        .filter(([, v]) => isTable(v))
        .map(([k]) => k),
    );
    // The check itself: the db module does export its tables.
    expect(tables.has('batches') && getTableName(dbModule.batches) === 'batches').toBe(true);
    const routes = join(ROOT, 'gateway/src/routes');
    const found = edges
      .filter((e) => inside(routes, e.from) && !e.imp.typeOnly)
      .filter(
        (e) =>
          e.imp.specifier === 'drizzle-orm' ||
          e.imp.specifier.startsWith('drizzle-orm/') ||
          (e.imp.specifier === '@hocba/db' && e.imp.names.some((n) => n === '*' || tables.has(n))),
      )
      .map(show);
    expect(found).toEqual([]);
  });
});

describe('the import reader', () => {
  it('sees multi-line, type-only, re-export, side-effect and dynamic imports and require', () => {
    const got = importsOf(
      'x.ts',
      [
        "import {\n  a,\n  type B,\n} from './a.ts';",
        "import type { C } from '@hocba/db';",
        "import { type D } from '@hocba/db';",
        "export { e } from '../e.ts';",
        "import './side.ts';",
        "type W = typeof import('./w.ts');",
        "const m = await import('./m.ts');",
        "const { c } = require('../c.cjs');",
        "// import { z } from './comment.ts';",
      ].join('\n'),
    );
    expect(got.map((i) => [i.specifier, i.typeOnly, i.names])).toEqual([
      ['./a.ts', false, ['a']],
      ['@hocba/db', true, []],
      ['@hocba/db', true, []],
      ['../e.ts', false, ['e']],
      ['./side.ts', false, []],
      ['./w.ts', true, []],
      ['./m.ts', false, []],
      ['../c.cjs', false, []],
    ]);
  });

  it('finds a cycle and only cycles', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(stronglyConnected(g).map((c) => c.sort())).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

/** Tarjan's strongly connected components with more than one module, or a module importing itself. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(c);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}
