/**
 * The API fuzzed from its own OpenAPI document (issue 12 point 2): for every operation the document lists
 * (so a route added tomorrow is covered without touching this file), requests generated from the
 * documented schemas — path parameters, queries and bodies that match them, the same with one part broken
 * (NUL, numbers beyond a bigint, long text, the wrong type, a property removed or added), any JSON, text
 * that is not JSON, the wrong media type — sent without a token and as every role the policy table lets
 * through (a grant over school A of the matrix world, whose real ids are mixed into the inputs so that
 * handlers reach real objects). Every answer must be below 500 and match the response the document gives
 * for its status (validated with ajv against the documented schema; a status the document does not list
 * is a failure too). Bounded: a fixed number of runs per operation and caller, and a time budget.
 * A failing run prints its seed; FUZZ_SEED=<seed> replays it.
 */
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPermission, POLICY } from '../../src/auth/policy.ts';
import type { Role } from '../../src/auth/principal.ts';
import { grantOf, type Matrix, makeMatrix } from '../auth/matrix-fixtures.ts';
import {
  broken,
  type JsonSchema,
  type SchemaArbitraryOptions,
  salted,
  schemaValue,
  textOf,
} from './openapi-arbitraries.ts';

// ajv-formats is CommonJS whose typings describe an ES default export.
const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof import('ajv-formats').default;

vi.setConfig({ testTimeout: 110_000, hookTimeout: 120_000 });

/** Runs per operation and caller: more for the callers the policy lets through. */
const RUNS_ALLOWED = 14;
const RUNS_ANONYMOUS = 4;
/** The whole fuzz stops generating after this long (it is one test file among many on 2 busy cores). */
const BUDGET_MS = 60_000;
/** Runs per operation and caller once the budget is spent: every pair is still reached. */
const RUNS_OVER_BUDGET = 2;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

let m: Matrix;
let doc: Document;
let ajv: Ajv2020;
beforeAll(async () => {
  m = await makeMatrix();
  doc = JSON.parse(JSON.stringify(m.app.swagger())) as Document;
  // The components under one id, so that the documented `#/components/...` references resolve.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
});
afterAll(async () => {
  await m?.close();
});

function operations(): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, ...op })),
  );
}

const toRef = (s: unknown): unknown =>
  Array.isArray(s)
    ? s.map(toRef)
    : s !== null && typeof s === 'object'
      ? Object.fromEntries(
          Object.entries(s).map(([k, v]) => [
            k,
            k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : toRef(v),
          ]),
        )
      : s;

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: unknown): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(toRef(schema) as object);
    validators.set(key, v);
  }
  return v;
}

/** What is wrong with `res` for `op` (undefined: nothing): a 5xx, an undocumented status, a body off schema. */
function offDocument(op: Operation, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode}`;
  const status = String(res.statusCode);
  const key = op.responses?.[status]
    ? status
    : op.responses?.[`${status[0]}XX`]
      ? `${status[0]}XX`
      : 'default';
  const documented = op.responses?.[key];
  if (!documented) return `status ${status} is not documented`;
  // A PDF answer (the học bạ as a document): the type it says, and a PDF's bytes.
  if (documented.content?.['application/pdf']) {
    if (res.headers['content-type'] !== 'application/pdf') return `${status} is not a PDF`;
    return res.rawPayload.subarray(0, 5).toString('latin1') === '%PDF-' ? undefined : `${status} is no PDF`;
  }
  // A spreadsheet (an import's blank template): the type it says, and a zip's (xlsx) first bytes.
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (documented.content?.[XLSX]) {
    if (res.headers['content-type'] !== XLSX) return `${status} is not an xlsx`;
    return res.rawPayload.subarray(0, 4).toString('latin1') === 'PK\x03\x04'
      ? undefined
      : `${status} is no zip`;
  }
  const schema = documented.content?.['application/json']?.schema;
  if (schema === undefined)
    return res.body === '' ? undefined : `${status} has a body the document does not give`;
  if (!String(res.headers['content-type']).startsWith('application/json')) return `${status} is not JSON`;
  const validate = validatorFor(`${op.method} ${op.path} ${key}`, schema);
  if (validate(res.json())) return undefined;
  // An unexpected property is named (ajv's text says only that there is one).
  const errors = (validate.errors ?? []).map((e) =>
    e.keyword === 'additionalProperties' ? { ...e, message: `has ${e.params.additionalProperty}` } : e,
  );
  return `${status} off schema: ${ajv.errorsText(errors)}`;
}

/** The callers of an operation: no token, and each role its permission lets through. */
function callers(op: Operation): (Role | undefined)[] {
  // The document writes `{name}` and keeps a prefix's trailing slash; the router writes `:name`.
  const bare = (u: string) => u.replace(/\/$/, '');
  const url = bare(op.path.replace(/\{([^}]+)\}/g, ':$1'));
  const route = m.app.routePermissions.find((r) => bare(r.url) === url && r.method === op.method);
  expect(route, `${op.method} ${op.path} is documented but not registered`).toBeDefined();
  const permission = route!.permission;
  return [undefined, ...(isPermission(permission) ? (Object.keys(POLICY[permission]) as Role[]) : [])];
}

type Payload = { json: unknown } | { text: string; type: string } | undefined;

function requests(op: Operation, o: SchemaArbitraryOptions) {
  const params = (op.parameters ?? []).filter((p) => p.in === 'path');
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  const pathArb = fc.record(Object.fromEntries(params.map((p) => [p.name, textOf(p.schema, o, p.name)])));
  const queryArb = fc.record(Object.fromEntries(query.map((p) => [p.name, textOf(p.schema, o, p.name)])), {
    requiredKeys: [],
  });
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const valid = schemaValue(bodySchema ?? true, o);
  const payloadArb: fc.Arbitrary<Payload> = bodySchema
    ? fc.oneof(
        { weight: 4, arbitrary: valid.map((json) => ({ json })) },
        { weight: 3, arbitrary: broken(valid).map((json) => ({ json })) },
        { weight: 3, arbitrary: salted(valid).map((json) => ({ json })) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom('{', '{"a":', '[1,2', '"\\u0000"', '{"a":1}}', ''),
              fc.constantFrom('application/json', 'text/plain'),
            )
            .map(([text, type]) => ({ text, type })),
        },
      )
    : fc.constant(undefined);
  return fc.record({ path: pathArb, query: queryArb, payload: payloadArb });
}

describe('the API answers every generated request within its OpenAPI document', () => {
  it('holds for every documented operation, each caller the policy lets through and none', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    const ids = [
      ...Object.values(m.o).flat(),
      ...Object.values(m.own),
      ...Object.values(m.foreign),
      ...Object.values(m.subs),
    ].filter((v): v is string => typeof v === 'string');
    const o: SchemaArbitraryOptions = {
      ids: [...new Set(ids)],
      resolve: (ref) => doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {},
    };
    const started = Date.now();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const covered = new Set<string>();
    let sent = 0;
    // FUZZ_ONLY=<part of a path>: only those operations (to replay a failure).
    const chosen = ops.filter((op) => !process.env.FUZZ_ONLY || op.path.includes(process.env.FUZZ_ONLY));
    for (const op of chosen) {
      const list = callers(op);
      // A public operation's one caller is the anonymous one: it gets the full runs.
      const allowed = (role: Role | undefined) => role !== undefined || list.length === 1;
      for (const role of list) {
        const over = Date.now() - started > BUDGET_MS;
        const headers: Record<string, string> = role
          ? { authorization: `Bearer ${await m.token(role, [grantOf(role, (c) => m.own[c])])}` }
          : {};
        await fc.assert(
          fc.asyncProperty(requests(op, o), async ({ path, query, payload }) => {
            // A path parameter "." or ".." is a dot segment, which URL resolution removes (percent-encoded
            // too: WHATWG reads %2E as "."), so no client can send it to its route: "..." is sent instead.
            const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
              encodeURIComponent(String(path[name] ?? '').replace(/^\.\.?$/, '...')),
            );
            const req: InjectOptions = {
              method: op.method as NonNullable<InjectOptions['method']>,
              url,
              query: query as Record<string, string>,
              headers,
            };
            if (payload && 'json' in payload) req.payload = JSON.stringify(payload.json) ?? 'null';
            if (payload && 'json' in payload)
              req.headers = { ...headers, 'content-type': 'application/json' };
            if (payload && 'text' in payload) {
              req.payload = payload.text;
              req.headers = { ...headers, 'content-type': payload.type };
            }
            if (process.env.FUZZ_LOG)
              appendFileSync(
                process.env.FUZZ_LOG,
                `${op.method} ${url} ${role} ${String(req.payload).slice(0, 500)}\n`,
              );
            const res = await m.app.inject(req);
            sent++;
            covered.add(`${op.method} ${op.path} ${role ?? 'anonymous'}`);
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            // An empty last path parameter names the collection (GET /v1/batches/{batchId} with '' is
            // GET /v1/batches/, the list): another operation's answer, so only "no 5xx" holds here.
            const collection = /\/$/.test(url) && !op.path.endsWith('/');
            const wrong = collection
              ? res.statusCode >= 500
                ? `${res.statusCode}`
                : undefined
              : offDocument(op, res);
            if (wrong)
              failures.push(
                `${op.method} ${url}?${new URLSearchParams(query as Record<string, string>)} as ${role ?? 'anonymous'}: ${wrong} (${JSON.stringify(req.payload ?? '').slice(0, 200)} → ${res.body.slice(0, 200)})`,
              );
          }),
          { numRuns: over ? RUNS_OVER_BUDGET : allowed(role) ? RUNS_ALLOWED : RUNS_ANONYMOUS, seed: SEED },
        );
      }
    }
    const pairs = chosen.reduce((n, op) => n + callers(op).length, 0);
    console.log(
      `openapi fuzz (seed ${SEED}): ${sent} requests, ${ops.length} operations, ${covered.size}/${pairs} operation×caller pairs in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures, `seed ${SEED}; replay with FUZZ_SEED=${SEED}`).toEqual([]);
    // Every operation and caller was reached within the budget.
    expect(covered.size).toBe(pairs);
  });
});
