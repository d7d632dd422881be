/**
 * fast-check arbitraries made from the OpenAPI document's JSON Schemas: values the schema documents (so that
 * requests get past validation and reach the handlers), the same values with one part broken (a value
 * replaced by one of the inputs that have made servers fail: NUL, numbers beyond a bigint, long text, the
 * wrong type; a property removed or added), and any JSON at all. Known ids of the test world are mixed into
 * strings named like ids, so that handlers find real objects.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

export interface SchemaArbitraryOptions {
  /** Resolves a `$ref` (`#/components/schemas/X`) to its schema. */
  resolve(ref: string): JsonSchema;
  /** Real ids of the world: offered for properties and parameters named `id` or `…Id`. */
  ids: readonly string[];
}

const MAX_DEPTH = 6;
/** Values that have broken servers: they must be refused with a 4xx, never a 5xx. */
export const NASTY: readonly unknown[] = [
  null,
  '',
  'a\u0000b',
  'x'.repeat(5000),
  '%00',
  '../../etc/passwd',
  "'; DROP TABLE users; --",
  '\u202e\ud800',
  -1,
  0,
  // Beyond a bigint (2^63 − 1) and beyond what a double holds exactly.
  2 ** 63,
  2 ** 64,
  Number.MAX_SAFE_INTEGER + 2,
  1e300,
  -1e300,
  0.5,
  true,
  [],
  {},
  [null],
  { $ref: '#' },
];
/** The same, as they can appear in a URL (path parameters and queries are strings). */
export const NASTY_TEXT: readonly string[] = [
  '',
  'a\u0000b',
  'x'.repeat(101),
  'x'.repeat(5000),
  '%',
  '..',
  '-1',
  '9223372036854775807',
  '99999999999999999999999',
  '1e300',
  'NaN',
  'null',
  '[]',
  '\u202e',
  ' ',
];

const isIdName = (name: string) => name === 'id' || /Id$/.test(name);

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, 200);
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (typeof s.pattern === 'string') {
    try {
      // No filter on the length: a pattern and a length that rarely agree would stall generation; a
      // value of the wrong length is one more that must be refused with a 4xx.
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      // A pattern fast-check cannot generate from: plain text, refused or not.
    }
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

function integerArb(s: JsonSchema): fc.Arbitrary<number> {
  const lo = typeof s.minimum === 'number' ? s.minimum : -1_000_000;
  const hi = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
  const bounds = [lo, hi].filter((v) => Number.isSafeInteger(v));
  const small = fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) });
  return bounds.length ? fc.oneof(small, fc.constantFrom(...bounds)) : small;
}

/** Values of `schema` (as far as its keywords go: a pattern or a bound not generated is refused, not a 5xx). */
export function schemaValue(
  schema: unknown,
  o: SchemaArbitraryOptions,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH || schema === true || schema === undefined) return fc.jsonValue({ maxDepth: 1 });
  if (schema === false || schema === null || typeof schema !== 'object') return fc.constant(null);
  const s = schema as JsonSchema;
  const withIds = (a: fc.Arbitrary<unknown>) =>
    isIdName(name) && o.ids.length ? fc.oneof(fc.constantFrom(...o.ids), a) : a;
  if (typeof s.$ref === 'string') return schemaValue(o.resolve(s.$ref), o, name, depth + 1);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length)
    return fc.oneof(...alternatives.map((a) => schemaValue(a, o, name, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return schemaValue(s.allOf[0], o, name, depth + 1);
  const types = Array.isArray(s.type)
    ? (s.type as string[])
    : [s.type ?? (s.properties ? 'object' : undefined)];
  const byType = types.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string':
        return withIds(stringArb(s));
      case 'integer':
        return integerArb(s);
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
        const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3));
        return fc.array(schemaValue(s.items, o, name, depth + 1), { minLength, maxLength });
      }
      case 'object': {
        const props = (s.properties ?? {}) as Record<string, unknown>;
        const required = new Set((s.required ?? []) as string[]);
        const record = fc.record(
          Object.fromEntries(Object.entries(props).map(([k, v]) => [k, schemaValue(v, o, k, depth + 1)])),
          { requiredKeys: Object.keys(props).filter((k) => required.has(k)) },
        );
        const extra = s.additionalProperties;
        if (extra && typeof extra === 'object' && Object.keys(props).length === 0)
          return fc.dictionary(fc.string({ maxLength: 12 }), schemaValue(extra, o, '', depth + 1), {
            maxKeys: 3,
          });
        return record;
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  return byType.length === 1 ? byType[0]! : fc.oneof(...byType);
}

/** Every path into `v` (arrays and objects), the root included. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(v)) for (const [i, x] of v.entries()) pathsOf(x, [...at, i], out);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'add'; key: string; value: unknown };

function mutate(v: unknown, path: (string | number)[], m: Mutation): unknown {
  if (path.length === 0) {
    if (m.kind === 'replace') return m.value;
    if (m.kind === 'add' && v !== null && typeof v === 'object' && !Array.isArray(v))
      return { ...(v as object), [m.key]: m.value };
    return m.kind === 'delete' ? undefined : v;
  }
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (rest.length === 0 && m.kind === 'delete') copy.splice(head as number, 1);
    else copy[head as number] = mutate(copy[head as number], rest, m);
    return copy;
  }
  const copy = { ...(v as Record<string, unknown>) };
  if (rest.length === 0 && m.kind === 'delete') delete copy[head as string];
  else copy[head as string] = mutate(copy[head as string], rest, m);
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...NASTY).map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc
    .tuple(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'a\u0000'), fc.string()),
      fc.jsonValue(),
    )
    .map(([key, value]) => ({ kind: 'add' as const, key, value })),
);

/** `valid` with one part broken: a value replaced by a nasty one, a property removed or added. */
export function broken(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), mutation).map(([v, i, m]) => {
    const paths = pathsOf(v);
    return mutate(v, paths[i % paths.length]!, m);
  });
}

/**
 * `valid` with one leaf made hostile while the rest stays valid, so that it passes validation and reaches
 * the handler and the database: a NUL inside a string, an integer beyond a bigint.
 */
export function salted(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat()).map(([v, i]) => {
    const leaves = pathsOf(v).filter((p) => {
      const leaf = p.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], v);
      return typeof leaf === 'string' || typeof leaf === 'number';
    });
    if (leaves.length === 0) return v;
    const path = leaves[i % leaves.length]!;
    const leaf = path.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], v);
    const value = typeof leaf === 'string' ? withNul(leaf) : 2 ** 63;
    return mutate(v, path, { kind: 'replace', value });
  });
}

/** `s` with a NUL in its middle (or alone). */
export const withNul = (s: string) => `${s.slice(0, s.length >> 1)}\u0000${s.slice(s.length >> 1)}`;

/** A value for a path parameter or a query value: documented, a real id, or nasty text. */
export function textOf(schema: unknown, o: SchemaArbitraryOptions, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: schemaValue(schema, o, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
    },
    { weight: 2, arbitrary: o.ids.length ? fc.constantFrom(...o.ids) : fc.string() },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_TEXT) },
    // Documented but for a NUL: past the schema, into the handler.
    {
      weight: 1,
      arbitrary: schemaValue(schema, o, name).map((v) => withNul(typeof v === 'string' ? v : String(v))),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
}
