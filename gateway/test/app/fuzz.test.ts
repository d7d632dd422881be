/**
 * Bad input never gets a 5xx (issue 6 point 7): every route the app registers, called by a role the policy
 * table lets through (with a grant over school A's objects) or without a token for the public ones, with
 * generated path parameters (real ids of A's objects among them, so that handlers are reached), query
 * strings and bodies (any JSON, objects with the route's own property names holding values of the wrong
 * type, and text that is not JSON at all). Whatever a route answers, it is below 500 and carries a stable
 * error code when it is a refusal.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPermission, type Permission, POLICY } from '../../src/auth/policy.ts';
import type { Role } from '../../src/auth/principal.ts';
import { grantOf, type Matrix, makeMatrix } from '../auth/matrix-fixtures.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let m: Matrix;
beforeAll(async () => {
  m = await makeMatrix();
});
afterAll(async () => {
  await m?.close();
});

/** Names the routes' bodies use, so that generated objects reach their validation and handlers. */
const FIELDS = [
  'recordId',
  'enrolmentId',
  'classId',
  'schoolId',
  'schoolYear',
  'subject',
  'data',
  'frozen',
  'cms',
  'signer',
  'legalBasis',
  'reason',
  'reasonCode',
  'approve',
  'record',
  'pointers',
  'bundles',
  'login',
  'password',
  'role',
  'action',
  'until',
  'batchId',
  'studentId',
  'toSchoolId',
  'partial',
  'kind',
  'note',
  'grant',
  'displayName',
  'userId',
];

const routes = () =>
  m.app.routePermissions.filter(
    (r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && r.url !== '*' && !r.url.startsWith('/docs'),
  );

function tokenRole(permission: string | undefined): Role | undefined {
  if (!permission || !isPermission(permission)) return undefined;
  return Object.keys(POLICY[permission as Permission])[0] as Role;
}

describe('no input makes a route answer 5xx', () => {
  it('holds for every route under generated parameters, queries and bodies', async () => {
    const ids = Object.values(m.o)
      .flat()
      .filter((v): v is string => typeof v === 'string');
    const param = fc.oneof(
      fc.constantFrom(...ids),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('0', '-1', '9'.repeat(30), '%00', '..', 'null', '2026-2027', 'HS000000000000000000'),
    );
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...ids));
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }),
    );
    const raw = fc.constantFrom('{', '{"a":', '[1,2', 'null', '"', '\u0000', '{"recordId":"x"}}');
    const statuses = new Map<number, number>();
    let checked = 0;
    for (const r of routes()) {
      const role = tokenRole(r.permission);
      const headers: Record<string, string> = {};
      if (role) headers.authorization = `Bearer ${await m.token(role, [grantOf(role, (c) => m.own[c])])}`;
      await fc.assert(
        fc.asyncProperty(
          fc.array(param, { minLength: 3, maxLength: 3 }),
          fc.dictionary(
            fc.constantFrom('dob', 'schoolId', 'schoolYear', 'signer', 'page', 'limit'),
            fc.string(),
          ),
          fc.oneof(
            body.map((b) => ({ json: b })),
            raw.map((t) => ({ text: t })),
          ),
          async (params, query, payload) => {
            let i = 0;
            const url = r.url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[i++ % params.length]!));
            const req: InjectOptions = {
              method: r.method as NonNullable<InjectOptions['method']>,
              url,
              query,
              headers,
            };
            if (r.method !== 'GET') {
              if ('json' in payload) req.payload = payload.json as object;
              else {
                req.payload = payload.text;
                req.headers = { ...headers, 'content-type': 'application/json' };
              }
            }
            const res = await m.app.inject(req);
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            checked++;
            expect(res.statusCode, `${r.method} ${url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
            if (res.statusCode >= 400 && String(res.headers['content-type']).includes('json')) {
              expect((res.json() as { error?: { code?: unknown } }).error?.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
            }
          },
        ),
        { numRuns: 40 },
      );
    }
    console.log(
      `fuzz: ${checked} requests over ${routes().length} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(checked).toBeGreaterThan(routes().length * 39);
  });
});
