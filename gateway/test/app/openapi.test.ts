/**
 * The OpenAPI document is complete (issue 12 point 3): a bearer scheme on every protected operation and on
 * none of the public ones (PUBLIC_ROUTES), one error schema referenced by every error response, a real
 * schema (not `{}`) for every JSON success answer and for the bundle, record, manifest and anchor inside
 * them, and every integer a request may carry bounded (a bigint column overflows otherwise). Each code the
 * gateway answers has exactly one message, Vietnamese and English.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { PUBLIC_ROUTES } from '../../src/auth/policy.ts';
import { ApiError, type ErrorCode, messageTables, SERVICE } from '../../src/http-errors.ts';
import { EmbeddedLedgerClient } from '../../src/ledger/index.ts';
import { BEARER } from '../../src/plugins/external/swagger.ts';
import { makeWorld, type World, worldIdentities } from './helper.ts';

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, Schema> };
}

let world: World;
let app: FastifyInstance;
let doc: Document;
beforeAll(async () => {
  world = await makeWorld();
  app = await buildApp({
    ledger: new EmbeddedLedgerClient(world.ledger),
    ledgerReader: world.ids.auditor!,
    identities: worldIdentities(world),
    logger: false,
  });
  doc = JSON.parse(JSON.stringify(app.swagger())) as Document;
});
afterAll(async () => {
  await app?.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
  );
/** `GET /v1/verify/{lookupCode}` → `GET /v1/verify/:lookupCode` (the policy table's and the router's form). */
const routeKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1').replace(/(.)\/$/, '$1')}`;

/** Every subschema of `s` with its path (properties, items, unions, additionalProperties). */
function walk(s: unknown, at: string, visit: (s: Schema, at: string) => void): void {
  if (s === null || typeof s !== 'object') return;
  const schema = s as Schema;
  visit(schema, at);
  for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, unknown>))
    walk(v, `${at}/${k}`, visit);
  if (schema.items) walk(schema.items, `${at}/items`, visit);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    walk(schema.additionalProperties, `${at}/*`, visit);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const [i, v] of ((schema[key] ?? []) as unknown[]).entries()) walk(v, `${at}/${key}${i}`, visit);
}
/** A schema that says nothing: `{}` or only words. */
const says = (s: Schema) =>
  Object.keys(s).some((k) => !['description', 'title', 'examples', 'default'].includes(k));

describe('the OpenAPI document', () => {
  it('has a bearer scheme, on every protected operation and on no public one', () => {
    expect(doc.components.securitySchemes?.[BEARER]).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicKeys = new Set<string>(Object.keys(PUBLIC_ROUTES));
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    for (const { key, method, path, op } of ops) {
      if (publicKeys.has(routeKey(method, path))) expect(op.security, key).toBeUndefined();
      else expect(op.security, key).toEqual([{ [BEARER]: [] }]);
    }
    // The public ones the docs page must not ask a token for.
    for (const key of ['POST /v1/auth/login', 'POST /v1/auth/token', 'GET /health', 'POST /v1/verify/bundle'])
      expect(ops.find((o) => routeKey(o.method, o.path) === key)?.op.security, key).toBeUndefined();
  });

  it('refers every error answer to the one ErrorResponse schema', () => {
    expect(doc.components.schemas?.ErrorResponse).toMatchObject({ type: 'object', required: ['error'] });
    for (const { key, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => /^(4|5)(XX|\d\d)$/.test(status));
      // 503 of /health is the health answer itself, not a refusal.
      const refusals = errors.filter(([status]) => !(key === 'GET /health' && status === '503'));
      expect(
        refusals.map(([s]) => s),
        key,
      ).toContain('4XX');
      for (const [status, r] of refusals)
        expect(r.content?.['application/json']?.schema, `${key} ${status}`).toEqual({
          $ref: '#/components/schemas/ErrorResponse',
        });
    }
  });

  it('gives every JSON success answer a schema that says something, bundles and records included', () => {
    const empty: string[] = [];
    for (const { key, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!status.startsWith('2') || status === '204') continue;
        // A PDF (the học bạ as a document) or an import template (.xlsx) is bytes, documented as such.
        const bytes = ['application/pdf', XLSX].find((t) => r.content?.[t]);
        if (bytes) {
          expect(r.content?.[bytes]?.schema, `${key} ${status}`).toEqual({
            type: 'string',
            format: 'binary',
          });
          continue;
        }
        const schema = r.content?.['application/json']?.schema;
        expect(schema && says(schema), `${key} ${status}`).toBe(true);
        walk(schema, `${key} ${status}`, (s, at) => {
          // Inside a bundle, integrity's ProofBundle governs (its manifest is checked by the signature step).
          if (!/\/(bundle|record|anchor|manifest)$/.test(at) || at.includes('/bundle/')) return;
          if (!says(s)) empty.push(at);
          // A map of anything is allowed only as a map of named details, never for these.
          else if (s.type === 'object' && !s.properties && !s.anyOf) empty.push(`${at} (a map of anything)`);
        });
      }
    }
    expect(empty).toEqual([]);
  });

  it('bounds every integer a request may carry', () => {
    const unbounded: string[] = [];
    const check = (s: Schema, at: string) => {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      const low = s.minimum ?? s.exclusiveMinimum;
      const high = s.maximum ?? s.exclusiveMaximum;
      if (types.includes('integer') && (low === undefined || high === undefined)) unbounded.push(at);
    };
    for (const { key, op } of operations()) {
      for (const p of op.parameters ?? []) walk(p.schema, `${key} ${p.in}:${p.name}`, check);
      walk(op.requestBody?.content?.['application/json']?.schema, `${key} body`, check);
    }
    expect(unbounded).toEqual([]);
  });
});

describe('error codes', () => {
  it('each code has exactly one message, in Vietnamese and in English', () => {
    const { gateway, service } = messageTables();
    // No code in both tables: one code, one message.
    expect(Object.keys(gateway).filter((c) => c in service)).toEqual([]);
    for (const [code, m] of [...Object.entries(gateway), ...Object.entries(service)]) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(m.vi.trim().length, code).toBeGreaterThan(10);
      expect(m.en.trim().length, code).toBeGreaterThan(10);
      expect(m.vi, code).not.toBe(m.en);
      expect(m.status, code).toBeGreaterThanOrEqual(400);
    }
    // RECORD_NOT_FOUND: the same message from the lookup's ApiError and from the services' table.
    const lookup = new ApiError('RECORD_NOT_FOUND');
    expect(lookup.localized).toEqual({ vi: SERVICE.RECORD_NOT_FOUND.vi, en: SERVICE.RECORD_NOT_FOUND.en });
    expect(lookup.statusCode).toBe(404);
  });

  it('is one typed union: a misspelt code does not compile', () => {
    const codes: ErrorCode[] = ['RECORD_NOT_FOUND', 'NUL_CHARACTER', 'CMS_DIGEST_MISMATCH', 'WINDOW_CLOSED'];
    expect(codes).toHaveLength(4);
    // @ts-expect-error: not a code (tsc, run by `npm run typecheck` and CI, fails if this compiles)
    const misspelt: ErrorCode = 'RECORD_NOT_FUOND';
    expect(misspelt).toBeDefined();
  });
});
