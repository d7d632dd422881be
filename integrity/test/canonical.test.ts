import { readFileSync } from 'node:fs';
import jcs from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonical.ts';
import type { IntegrityErrorCode } from '../src/errors.ts';
import { codeOf } from './codes.ts';

const rfc = JSON.parse(
  readFileSync(new URL('../../test/vectors/jcs/rfc8785.json', import.meta.url), 'utf8'),
) as {
  numbers: { ieee754: string; expected: string | null }[];
  examples: { name: string; inputJson: string; expected: string }[];
};

function fromIeee(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 examples', () => {
  it.each(rfc.numbers)('number $ieee754 serializes as $expected', ({ ieee754, expected }) => {
    const n = fromIeee(ieee754);
    if (expected === null) {
      expect(codeOf(() => canonicalize(n))).toBe('CANONICAL_NON_FINITE_NUMBER');
    } else {
      expect(canonicalize(n)).toBe(expected);
      expect(canonicalize([n])).toBe(`[${expected}]`);
    }
  });

  it.each(rfc.examples)('the JCS library passes $name', ({ inputJson, expected }) => {
    expect(jcs(JSON.parse(inputJson))).toBe(expected);
  });

  it('canonicalize passes §3.2.2, where NFC changes nothing', () => {
    const ex = rfc.examples[0]!;
    expect(canonicalize(JSON.parse(ex.inputJson))).toBe(ex.expected);
  });

  it('canonicalize applies NFC before sorting: U+FB33 is a composition exclusion and decomposes', () => {
    const ex = rfc.examples[1]!;
    const out = canonicalize(JSON.parse(ex.inputJson));
    // U+05D3 sorts before U+20AC, so the key moves ahead of the Euro sign.
    const keys = [...out.matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    expect(keys).toEqual(['\\r', '1', '\u0080', 'ö', '\u05d3\u05bc', '€', '😀']);
  });
});

describe('NFC', () => {
  it('gives the same bytes for precomposed and decomposed Vietnamese', () => {
    const nfc = { 'Họ và tên': 'Nguyễn Thị Ánh', 'Dân tộc': 'Kinh' };
    const nfd = {
      ['Họ và tên'.normalize('NFD')]: 'Nguyễn Thị Ánh'.normalize('NFD'),
      ['Dân tộc'.normalize('NFD')]: 'Kinh',
    };
    expect(JSON.stringify(nfc)).not.toBe(JSON.stringify(nfd));
    expect(canonicalize(nfd)).toBe(canonicalize(nfc));
  });

  it('refuses two keys that become equal after NFC', () => {
    expect(codeOf(() => canonicalize({ ế: 1, ['ế'.normalize('NFD')]: 2 }))).toBe('CANONICAL_DUPLICATE_KEY');
  });

  it('is idempotent and agrees with JCS of the NFC input for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const once = canonicalize(v);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      }),
    );
  });
});

describe('non-JSON input is refused, never serialized silently', () => {
  const cases: [string, unknown, IntegrityErrorCode][] = [
    ['undefined', undefined, 'CANONICAL_UNSUPPORTED_TYPE'],
    ['an undefined property', { a: undefined }, 'CANONICAL_UNSUPPORTED_TYPE'],
    ['undefined in an array', [1, undefined], 'CANONICAL_UNSUPPORTED_TYPE'],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    ['a hole in an array', [1, , 3], 'CANONICAL_UNSUPPORTED_TYPE'],
    ['NaN', { a: Number.NaN }, 'CANONICAL_NON_FINITE_NUMBER'],
    ['Infinity', [Number.POSITIVE_INFINITY], 'CANONICAL_NON_FINITE_NUMBER'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'CANONICAL_NON_FINITE_NUMBER'],
    ['a BigInt', { a: 10n }, 'CANONICAL_UNSUPPORTED_TYPE'],
    ['a function', { f: () => 1 }, 'CANONICAL_UNSUPPORTED_TYPE'],
    ['a symbol', Symbol('x'), 'CANONICAL_UNSUPPORTED_TYPE'],
    ['a Date', { at: new Date(0) }, 'CANONICAL_UNSUPPORTED_TYPE'],
    ['a Map', new Map(), 'CANONICAL_UNSUPPORTED_TYPE'],
    ['bytes', new Uint8Array(2), 'CANONICAL_UNSUPPORTED_TYPE'],
    ['a lone high surrogate in a value', { a: 'x\ud800' }, 'CANONICAL_LONE_SURROGATE'],
    ['a lone low surrogate in a key', { '\udc00': 1 }, 'CANONICAL_LONE_SURROGATE'],
  ];
  it.each(cases)('%s', (_name, value, code) => {
    expect(codeOf(() => canonicalize(value))).toBe(code);
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(codeOf(() => canonicalize(a))).toBe('CANONICAL_CYCLE');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = 2;
    o.a = 1;
    expect(canonicalize(o)).toBe('{"a":1,"b":2}');
  });
});
