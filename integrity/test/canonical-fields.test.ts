/**
 * The lock's one walk (issue 16): canonicalFields gives canonicalize()'s text (the JCS library over
 * normalize()'s copy) and flattenFields' pointers with each field's JCS([pointer, value]), refuses what they
 * refuse with the same code and message, and nfc()'s fast path is String#normalize('NFC').
 */
import jcs from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalFields, canonicalize, nfc, normalize } from '../src/canonical.ts';
import {
  commitCanonical,
  commitRecord,
  digestFromDisclosure,
  disclose,
  flattenFields,
} from '../src/commitment.ts';
import { isIntegrityError } from '../src/errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The outcome of a call: its value, or the refusal's code and message. */
function outcome<T>(f: () => T): { ok: T } | { code: string; message: string } {
  try {
    return { ok: f() };
  } catch (e) {
    if (!isIntegrityError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** Text as records hold it: Vietnamese in NFC and NFD, astral characters, lone surrogates, any code unit. */
const vietnamese = ['Nguyễn Thị Ánh', 'Tiến bộ', 'Hoàn thành tốt', 'Đạt', 'ưu tú', 'Chăm chỉ, trung thực'];
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    ...vietnamese,
    ...vietnamese.map((s) => s.normalize('NFD')),
    '𝒜😀',
    '\ud800',
    'a\udc00b',
    '',
  ),
  fc.string({
    unit: fc.constantFrom('a', 'ế', 'e\u0301', '~', '/', '"', '\\', '\u0001', '\ud83d', '\ude00', '𝒜'),
  }),
);

describe('nfc(): the fast path is String#normalize("NFC")', () => {
  const stable: string[] = [];
  for (let c = 0; c < 0x300; c++) stable.push(String.fromCharCode(c));
  for (let c = 0x1e00; c < 0x1f00; c++) stable.push(String.fromCharCode(c));

  it('every character of the fast ranges, and every pair of them, is already NFC', () => {
    let bad = 0;
    for (const a of stable) {
      if (a.normalize('NFC') !== a) bad++;
      for (const b of stable) if ((a + b).normalize('NFC') !== a + b) bad++;
    }
    expect(bad).toBe(0);
  });

  it('equals normalize("NFC") and refuses exactly the strings with a lone surrogate, for any string', () => {
    fc.assert(
      fc.property(text, (s) => {
        const got = outcome(() => nfc(s, '/p'));
        if (LONE_SURROGATE.test(s)) expect(got).toMatchObject({ code: 'CANONICAL_LONE_SURROGATE' });
        else expect(got).toEqual({ ok: s.normalize('NFC') });
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the slow path for decomposed Vietnamese and astral characters', () => {
    expect(nfc('Tiến'.normalize('NFD'), '')).toBe('Tiến');
    // Reordered by combining class (dot below first), then composed: ẹ and a combining acute.
    expect(nfc('e\u0301\u0323', '')).toBe('\u1EB9\u0301');
    expect(nfc('𝒜', '')).toBe('𝒜');
  });
});

/** JSON-like values with the keys and strings above, and a few non-JSON values to be refused. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom<unknown>(undefined, 10n, new Date(0), () => 1),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 12 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', '0', '10', '2')), tie('node'), { maxKeys: 6 }),
  ),
}));

describe('canonicalFields(): one walk for the canonical text and the fields', () => {
  it('gives canonicalize(), flattenFields and JCS([pointer, value]) per field, or the same refusal', () => {
    fc.assert(
      fc.property(fc.oneof(value.node, fc.jsonValue()), (v) => {
        const expected = outcome(() => {
          const fields = flattenFields(v);
          return {
            text: jcs(normalize(v)) as string,
            pointers: fields.map((f) => f.pointer),
            fieldTexts: fields.map((f) => JSON.stringify([f.pointer, f.value])),
          };
        });
        expect(outcome(() => canonicalFields(v, true))).toEqual(expected);
        const noText = outcome(() => canonicalFields(v, false));
        if ('ok' in expected) expect(noText).toEqual({ ok: { ...expected.ok, text: '' } });
        else expect(noText).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses two keys that become one after NFC, in either order, and not "__proto__" twice', () => {
    for (const v of [
      { ế: 1, ['ế'.normalize('NFD')]: 2 },
      { ['ế'.normalize('NFD')]: 2, ế: 1 },
      { a: { b: 1, ['ế'.normalize('NFD')]: 2, ế: 3 } },
    ]) {
      expect(outcome(() => canonicalFields(v, true))).toEqual(outcome(() => canonicalize(v)));
      expect(outcome(() => canonicalFields(v, true))).toMatchObject({ code: 'CANONICAL_DUPLICATE_KEY' });
    }
    const proto = JSON.parse('{"__proto__": {"x": 1}, "a": 1}');
    expect(canonicalFields(proto, true).text).toBe(canonicalize(proto));
  });

  it('leaves an own "__proto__" key out without giving the copy its value as prototype', () => {
    // JSON.parse makes "__proto__" an own key; assigning it in normalize() used to set the copy's prototype
    // (here to an array), and a disclosure of that copy was then refused as malformed.
    const r = JSON.parse('{"__proto__": [], "a": {"__proto__": {"x": 1}}}');
    expect(Object.getPrototypeOf(normalize(r))).toBe(Object.prototype);
    expect(Object.getPrototypeOf((normalize(r) as { a: object }).a)).toBe(Object.prototype);
    expect(canonicalFields(r, true).text).toBe('{"a":{}}');
    const salt = new Uint8Array(32).fill(3);
    const d = disclose(r, salt, ['']);
    expect(digestFromDisclosure(d)).toEqual(commitRecord(r, salt).digest);
  });

  it('writes every code unit of the plain fast path and the numbers it memoizes as JCS does', () => {
    const units: string[] = [];
    for (let c = 0; c < 0x300; c++) units.push(String.fromCharCode(c));
    for (let c = 0x1e00; c < 0x1f00; c++) units.push(String.fromCharCode(c));
    const strings = [...units, ...units.map((u) => `a${u}b`), ...units.map((u) => `${u}ế`.normalize('NFD'))];
    // 0 after -0 and -0 after 0 (one key of the memo), the same double twice, integers and exponents.
    const numbers = [-0, 0, -0, 8.5, 8.5, 1e21, 1e-7, -1.5e300, 2 ** 53, 0.1 + 0.2];
    const v = { s: strings, n: numbers };
    expect(canonicalFields(v, true).text).toBe(jcs(normalize(v)) as string);
    expect(canonicalFields(v, false).fieldTexts).toEqual(
      flattenFields(v).map((f) => JSON.stringify([f.pointer, f.value])),
    );
  });

  it('refuses a cycle, and accepts the same object twice', () => {
    const a: Record<string, unknown> = { x: [1] };
    a.self = { inner: a };
    expect(outcome(() => canonicalFields(a, true))).toEqual(outcome(() => canonicalize(a)));
    const shared = { x: 1 };
    expect(canonicalFields({ a: shared, b: [shared] }, true).text).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe('commitCanonical()', () => {
  const salt = new Uint8Array(32).fill(7);
  it('is canonicalize() and commitRecord() of the same record', () => {
    fc.assert(
      fc.property(fc.dictionary(text, fc.jsonValue(), { minKeys: 1, maxKeys: 8 }), (r) => {
        const got = outcome(() => commitCanonical(r, salt));
        const expected = outcome(() => ({
          canonicalText: canonicalize(r),
          commitment: commitRecord(r, salt),
        }));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
