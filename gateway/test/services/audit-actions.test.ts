/**
 * Every action the gateway writes to the audit log has words (services/audit-actions.ts), found in the
 * source rather than listed by hand: each `appendAudit(…, { action })` in gateway/src is read with the
 * TypeScript parser and its action resolved to the strings that can reach it — a literal, either side of a
 * `? :` or `??`, a parameter of the enclosing function (through the arguments of that function's calls in
 * the same file), `x.audit` (every `audit: '…'` property in the file, the outbox's table) and a template
 * around those. An action this cannot resolve fails the test too, so a new way of naming actions is met
 * here before it reaches an auditor's screen as a raw key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_GROUPS,
  actionGroup,
  actionsOfGroup,
  actionWords,
  hasActionWords,
} from '../../src/services/audit-actions.ts';

const SRC = join(import.meta.dirname, '../../src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The strings an expression can be, or a reason it cannot be resolved. */
type Resolved = { values: string[]; unresolved: string[] };
const none = (): Resolved => ({ values: [], unresolved: [] });
const merge = (...rs: Resolved[]): Resolved => ({
  values: rs.flatMap((r) => r.values),
  unresolved: rs.flatMap((r) => r.unresolved),
});

function calleeName(call: ts.CallExpression): string | undefined {
  const c = call.expression;
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) return c.name.text;
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n as ts.SignatureDeclaration;
  return undefined;
}

function functionName(f: ts.SignatureDeclaration): string | undefined {
  if (f.name && ts.isIdentifier(f.name)) return f.name.text;
  const p = f.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** Resolves expressions of one file. */
class FileResolver {
  constructor(
    readonly file: ts.SourceFile,
    readonly name: string,
  ) {}

  private calls(fn: string): ts.CallExpression[] {
    const out: ts.CallExpression[] = [];
    walk(this.file, (n) => {
      if (ts.isCallExpression(n) && calleeName(n) === fn) out.push(n);
    });
    return out;
  }

  private propertyLiterals(prop: string): Resolved {
    const r = none();
    walk(this.file, (n) => {
      if (ts.isPropertyAssignment(n) && n.name.getText(this.file) === prop) {
        const v = n.initializer;
        if (ts.isStringLiteralLike(v)) r.values.push(v.text);
      }
    });
    return r;
  }

  /** The parameter `name` (or object parameter holding property `prop`) of the function around `at`. */
  private parameter(at: ts.Node, name: string, prop?: string): Resolved {
    for (let f = enclosingFunction(at); f; f = enclosingFunction(f)) {
      const index = f.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (index < 0) continue;
      const fn = functionName(f);
      if (!fn) return { values: [], unresolved: [`${this.name}: ${name} of an anonymous function`] };
      const results = this.calls(fn).map((call): Resolved => {
        const arg = call.arguments[index];
        if (!arg) return none();
        if (prop === undefined) return this.resolve(arg);
        // `o.action` where `o` is an object: the call's literal `action` property, if any (none: the default).
        if (ts.isObjectLiteralExpression(arg)) {
          const p = arg.properties.find((q) => q.name?.getText(this.file) === prop);
          if (!p) return none();
          if (ts.isPropertyAssignment(p)) return this.resolve(p.initializer);
          return { values: [], unresolved: [`${this.name}: ${prop} passed as ${p.getText(this.file)}`] };
        }
        // An object passed on whole (`grantRole(o)`): it names no action unless its own caller does; the
        // calls in this file that build it are found by the same rule one level up.
        if (ts.isIdentifier(arg)) return this.parameter(call, arg.text, prop);
        return { values: [], unresolved: [`${this.name}: ${arg.getText(this.file)}`] };
      });
      return merge(...results);
    }
    return {
      values: [],
      unresolved: [`${this.name}: ${prop ? `${name}.${prop}` : name} is not a parameter`],
    };
  }

  resolve(e: ts.Expression): Resolved {
    if (ts.isStringLiteralLike(e)) return { values: [e.text], unresolved: [] };
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return this.resolve(e.expression);
    if (ts.isConditionalExpression(e)) return merge(this.resolve(e.whenTrue), this.resolve(e.whenFalse));
    if (
      ts.isBinaryExpression(e) &&
      [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)
    )
      return merge(this.resolve(e.left), this.resolve(e.right));
    if (ts.isIdentifier(e)) return this.parameter(e, e.text);
    if (ts.isPropertyAccessExpression(e)) {
      const prop = e.name.text;
      // The outbox's table of actions: `action.audit` is any of its `audit: '…'` entries.
      if (prop === 'audit') return this.propertyLiterals('audit');
      if (ts.isIdentifier(e.expression)) return this.parameter(e, e.expression.text, prop);
    }
    if (ts.isTemplateExpression(e)) {
      let out = [e.head.text];
      const unresolved: string[] = [];
      for (const span of e.templateSpans) {
        const inner = this.resolve(span.expression);
        unresolved.push(...inner.unresolved);
        out = out.flatMap((prefix) => inner.values.map((v) => `${prefix}${v}${span.literal.text}`));
      }
      return { values: out, unresolved };
    }
    return { values: [], unresolved: [`${this.name}: ${e.getText(this.file)}`] };
  }
}

/** Every action appendAudit is given in gateway/src, and what could not be resolved. */
function writtenActions(): Resolved & { sites: number } {
  let sites = 0;
  const all = none();
  for (const path of tsFiles(SRC)) {
    const text = readFileSync(path, 'utf8');
    if (!text.includes('appendAudit(')) continue;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const resolver = new FileResolver(file, relative(SRC, path));
    walk(file, (n) => {
      if (!ts.isCallExpression(n) || calleeName(n) !== 'appendAudit') return;
      const entry = n.arguments[1];
      if (!entry || !ts.isObjectLiteralExpression(entry)) {
        all.unresolved.push(`${resolver.name}: appendAudit without an object literal`);
        return;
      }
      sites++;
      const prop = entry.properties.find((p) => p.name?.getText(file) === 'action');
      if (!prop) return all.unresolved.push(`${resolver.name}: appendAudit without an action`) as never;
      const expr = ts.isShorthandPropertyAssignment(prop)
        ? prop.name
        : ts.isPropertyAssignment(prop)
          ? prop.initializer
          : undefined;
      if (!expr) return all.unresolved.push(`${resolver.name}: ${prop.getText(file)}`) as never;
      const r = resolver.resolve(expr);
      if (r.values.length === 0 && r.unresolved.length === 0)
        r.unresolved.push(`${resolver.name}: no action reaches ${expr.getText(file)}`);
      all.values.push(...r.values);
      all.unresolved.push(...r.unresolved);
    });
  }
  return { ...all, sites };
}

describe('the audit log’s actions in words', () => {
  const found = writtenActions();
  const actions = [...new Set(found.values)].sort();

  it('finds the actions the gateway writes, through each way they are named', () => {
    expect(found.sites).toBeGreaterThan(30);
    // One of each way: a literal, a ternary, a wrapper's argument, a default, the outbox's table, a refusal.
    for (const a of [
      'batch.lock',
      'window.unfreeze',
      'record.approve',
      'user.grant',
      'user.revoke',
      'ledger.acceptBatch',
      'ledger.acceptBatchRefused',
    ])
      expect(actions).toContain(a);
  });

  it('resolves every appendAudit’s action to the strings that reach it', () => {
    // The `ledger.${row.action}` of an outbox row with no handler is the one open name: it reads as
    // "another system action" and is an error case of its own.
    expect(found.unresolved.filter((u) => !u.includes('row.action'))).toEqual([]);
  });

  it('has words, Vietnamese first, for every action written', () => {
    const missing = actions.filter((a) => !a.includes('row.action') && !hasActionWords(a));
    expect(missing).toEqual([]);
  });

  it('names the class a batch is about, and the ledger’s refusal of an action', () => {
    expect(actionWords('batch.lock', { className: '5A' }).vi).toBe('Khóa lô học bạ lớp 5A');
    expect(actionWords('batch.lock').vi).toBe('Khóa lô học bạ');
    expect(actionWords('batch.accept').vi).toBe('Phòng GD&ĐT tiếp nhận lô học bạ');
    expect(actionWords('ledger.acceptBatchRefused').vi).toBe(
      'Sổ cái từ chối — Sổ cái ghi nhận việc tiếp nhận lô học bạ',
    );
    expect(actionGroup('ledger.acceptBatchRefused')).toBe('batches');
    expect(actionWords('no.such').vi).toBe('Thao tác khác của hệ thống');
  });

  it('puts every action in one listed group, and a group filter matches its refusals too', () => {
    for (const [a, w] of Object.entries(AUDIT_ACTIONS)) expect(AUDIT_GROUPS, a).toContain(w.group);
    expect(actionsOfGroup('corrections')).toEqual(
      expect.arrayContaining(['correction.request', 'correction.requestRefused']),
    );
    expect(actionsOfGroup('batches')).not.toContain('record.enter');
  });
});
