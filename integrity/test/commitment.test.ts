import jcs from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.ts';
import {
  commitRecord,
  compareBytes,
  type Disclosure,
  digestFromDisclosure,
  disclose,
  disclosedValues,
  fieldHash,
  fieldSalt,
  flattenFields,
  fullDisclosure,
  leafFromDisclosure,
  newRecordSalt,
} from '../src/commitment.ts';
import { hmacSha256, sha256 } from '../src/crypto.ts';
import { isIntegrityError } from '../src/errors.ts';
import { leafHash } from '../src/merkle/index.ts';
import { codeOf } from './codes.ts';

const record = {
  recordId: 'REC-0001',
  student: { name: 'Nguyễn Thị Ánh', dateOfBirth: '2012-03-04', ethnicity: 'Kinh', guardians: [] },
  subjects: [
    { code: 'TOAN', yearAverage: 8.7, comment: 'Chăm chỉ, tiến bộ' },
    { code: 'NGU_VAN', yearAverage: 7.25, comment: '' },
  ],
  awards: {},
  'a/b~c': true,
  note: null,
};
const salt = fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff')!;

describe('flattening', () => {
  it('names each scalar and each empty container by its JSON Pointer, escaping ~ and /', () => {
    expect(flattenFields(record).map((f) => f.pointer)).toEqual([
      '/recordId',
      '/student/name',
      '/student/dateOfBirth',
      '/student/ethnicity',
      '/student/guardians',
      '/subjects/0/code',
      '/subjects/0/yearAverage',
      '/subjects/0/comment',
      '/subjects/1/code',
      '/subjects/1/yearAverage',
      '/subjects/1/comment',
      '/awards',
      '/a~1b~0c',
      '/note',
    ]);
  });
});

describe('commitments as DESIGN.md §4.2 defines them', () => {
  it('recomputes the digest and leaf by the formula, independently of the module', () => {
    const enc = new TextEncoder();
    const hashes = flattenFields(record).map(({ pointer, value }) => {
      const fs = hmacSha256(salt, enc.encode(pointer));
      return sha256(fs, enc.encode(jcs([pointer, value]) as string));
    });
    hashes.sort((a, b) => (toHex(a) < toHex(b) ? -1 : 1));
    const digest = sha256(...hashes);
    const c = commitRecord(record, salt);
    expect(toHex(c.digest)).toBe(toHex(digest));
    expect(toHex(c.leaf)).toBe(toHex(sha256(new Uint8Array([0]), digest)));
    expect(c.fieldCount).toBe(14);
  });

  it('serializes [pointer, value] exactly as the JCS library does (property)', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), scalar, (p, v) => {
        const s = (x: string | number | boolean | null) => (typeof x === 'string' ? x.normalize('NFC') : x);
        const pointer = `/${p.normalize('NFC')}`;
        expect(toHex(fieldHash(salt, pointer, s(v)))).toBe(
          toHex(sha256(salt, new TextEncoder().encode(jcs([pointer, s(v)]) as string))),
        );
      }),
    );
  });

  it('gives the same leaf for NFC and NFD input (property)', () => {
    const viet = fc.constantFrom(
      'Nguyễn',
      'Thị',
      'Ánh',
      'Trần',
      'Văn',
      'Bảo',
      'Đặng',
      'Hoàn thành tốt',
      'Dân tộc',
      'ữ',
    );
    fc.assert(
      fc.property(fc.dictionary(viet, fc.array(viet, { maxLength: 4 })), (r) => {
        const nfd = JSON.parse(JSON.stringify(r).normalize('NFD'));
        expect(commitRecord(nfd, salt).leaf).toEqual(commitRecord(r, salt).leaf);
      }),
    );
  });

  it('changes when any one field value changes by one character (property)', () => {
    const base = commitRecord(record, salt);
    const fields = flattenFields(record).filter((f) => typeof f.value === 'string' && f.value.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat(), fc.integer({ min: 1, max: 0xff }), (f, at, delta) => {
        const s = f.value as string;
        const i = at % s.length;
        const changed =
          s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + delta) % 0xd800) + s.slice(i + 1);
        fc.pre(changed.normalize('NFC') !== s);
        const copy = structuredClone(record) as Record<string, unknown>;
        const tokens = f.pointer.split('/').slice(1);
        let node = copy as Record<string, unknown>;
        for (const t of tokens.slice(0, -1)) node = node[t] as Record<string, unknown>;
        node[tokens.at(-1)!] = changed;
        expect(toHex(commitRecord(copy, salt).leaf)).not.toBe(toHex(base.leaf));
      }),
    );
  });

  it('changes with the salt, and refuses a salt that is not 32 bytes', () => {
    expect(commitRecord(record, newRecordSalt()).leaf).not.toEqual(commitRecord(record, salt).leaf);
    expect(codeOf(() => commitRecord(record, new Uint8Array(31)))).toBe('COMMITMENT_BAD_SALT');
  });

  it('commits the shape: an empty array is not an empty object, nor a missing field', () => {
    const a = commitRecord({ x: [] }, salt).leaf;
    expect(commitRecord({ x: {} }, salt).leaf).not.toEqual(a);
    expect(commitRecord({}, salt).leaf).not.toEqual(a);
    expect(commitRecord({ x: [null] }, salt).leaf).not.toEqual(a);
  });
});

describe('disclosure', () => {
  // Computed in the tests, not while collecting them: a failure here must fail a test, which the
  // mutation-testing runner sees (an error while collecting leaves the file with no tests).
  const full = () => commitRecord(record, salt);
  const pointers = () => flattenFields(record).map((f) => f.pointer);

  it('of every field, or of any subset, gives back the record digest (property)', () => {
    expect(digestFromDisclosure(fullDisclosure(record, salt))).toEqual(full().digest);
    fc.assert(
      fc.property(fc.subarray(pointers()), (chosen) => {
        const d = disclose(record, salt, chosen);
        expect(d.fields.map((f) => f.pointer)).toEqual(chosen);
        expect(d.hidden).toHaveLength(pointers().length - chosen.length);
        expect(digestFromDisclosure(JSON.parse(JSON.stringify(d)))).toEqual(full().digest);
      }),
    );
  });

  it('discloses a whole subtree by its prefix', () => {
    const d = disclose(record, salt, ['/student']);
    expect(d.fields.map((f) => f.pointer)).toEqual([
      '/student/name',
      '/student/dateOfBirth',
      '/student/ethnicity',
      '/student/guardians',
    ]);
  });

  it('reveals nothing of the hidden fields: records that differ only there give the same shown part (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (e1, e2) => {
        fc.pre(e1.normalize('NFC') !== e2.normalize('NFC'));
        // A distinctive marker, so that "not contained" means something.
        const r1 = { ...record, student: { ...record.student, ethnicity: `Dân tộc ẩn ${e1}` } };
        const r2 = { ...record, student: { ...record.student, ethnicity: `Dân tộc ẩn ${e2}` } };
        const shown = pointers().filter((p) => p !== '/student/ethnicity');
        const d1 = disclose(r1, salt, shown);
        const d2 = disclose(r2, salt, shown);
        expect(d1.fields).toEqual(d2.fields);
        expect(JSON.stringify(d1)).not.toContain('Dân tộc ẩn');
        expect(d1.fields.map((f) => f.salt)).not.toContain(toHex(fieldSalt(salt, '/student/ethnicity')));
      }),
    );
  });

  it('fails to reproduce the digest when a shown value, a salt or a hidden hash is altered', () => {
    const d = disclose(record, salt, ['/student/name', '/subjects/0/yearAverage']);
    const alter = (f: (x: Disclosure) => void) => {
      const c = structuredClone(d) as Disclosure;
      f(c);
      return toHex(digestFromDisclosure(c));
    };
    const good = toHex(full().digest);
    expect(alter(() => {})).toBe(good);
    expect(alter((c) => ((c.fields[0] as { value: unknown }).value = 'Nguyễn Thị Anh'))).not.toBe(good);
    expect(alter((c) => ((c.fields[1] as { value: unknown }).value = 8.8))).not.toBe(good);
    expect(
      alter((c) => ((c.fields[0] as { salt: string }).salt = `0${c.fields[0]!.salt.slice(1)}`)),
    ).not.toBe(good);
    expect(alter((c) => (c.hidden[0] = `${c.hidden[0]!.slice(0, 63)}0`))).not.toBe(good);
    expect(alter((c) => c.hidden.pop())).not.toBe(good);
    expect(alter((c) => ((c.fields[0] as { pointer: string }).pointer = '/student/nickname'))).not.toBe(good);
  });

  it('refuses a pointer that names nothing in the record', () => {
    expect(codeOf(() => disclose(record, salt, ['/student/nam']))).toBe('DISCLOSURE_UNKNOWN_POINTER');
  });

  it.each([
    ['not an object', 'x'],
    ['no hidden list', { fields: [] }],
    ['a field without salt', { fields: [{ pointer: '/a', value: 1 }], hidden: [] }],
    ['a short salt', { fields: [{ pointer: '/a', value: 1, salt: 'ab' }], hidden: [] }],
    ['a non-pointer', { fields: [{ pointer: 'a', value: 1, salt: '00'.repeat(32) }], hidden: [] }],
    [
      'a repeated pointer',
      { fields: [1, 2].map(() => ({ pointer: '/a', value: 1, salt: '00'.repeat(32) })), hidden: [] },
    ],
    [
      'a non-empty object value',
      { fields: [{ pointer: '/a', value: { b: 1 }, salt: '00'.repeat(32) }], hidden: [] },
    ],
    ['a NaN value', { fields: [{ pointer: '/a', value: Number.NaN, salt: '00'.repeat(32) }], hidden: [] }],
    ['a bad hidden hash', { fields: [], hidden: ['zz'] }],
  ])('refuses a malformed disclosure: %s', (_name, d) => {
    expect(codeOf(() => digestFromDisclosure(d))).toBe('DISCLOSURE_MALFORMED');
  });

  it('gives the leaf of the record', () => {
    expect(leafHash(digestFromDisclosure(fullDisclosure(record, salt)))).toEqual(full().leaf);
  });
});

describe('disclosure corners (found by mutation testing)', () => {
  const good = { pointer: '/a', value: 1, salt: '00'.repeat(32) };
  const problemsOf = (d: unknown) => {
    try {
      digestFromDisclosure(d);
    } catch (e) {
      if (isIntegrityError(e) && e.code === 'DISCLOSURE_MALFORMED') return e.details?.problems;
      throw e;
    }
    return undefined;
  };

  it.each([
    ['null', null, ['disclosure must be an object']],
    ['a string', 'x', ['disclosure must be an object']],
    ['an array', [], ['disclosure must be an object']],
    ['no lists', {}, ['fields must be an array', 'hidden must be an array']],
    ['fields not a list', { fields: {}, hidden: [] }, ['fields must be an array']],
    [
      'a field that is not an object',
      { fields: [good, null, [good]], hidden: [] },
      ['fields/1 must be an object', 'fields/2 must be an object'],
    ],
    [
      'a pointer that is not a string',
      { fields: [{ ...good, pointer: 7 }], hidden: [] },
      ['fields/0/pointer must be a JSON Pointer'],
    ],
    ['a repeated pointer', { fields: [good, good], hidden: [] }, ['fields/1/pointer repeats "/a"']],
    [
      'a salt that is not a string',
      { fields: [{ ...good, salt: 7 }], hidden: [] },
      ['fields/0/salt must be 64 hex digits'],
    ],
    [
      'a salt that is not hex',
      { fields: [{ ...good, salt: 'zz'.repeat(32) }], hidden: [] },
      ['fields/0/salt must be 64 hex digits'],
    ],
    [
      'a hidden hash that is not a string',
      { fields: [], hidden: [7, '00'.repeat(32), 'ab'] },
      ['hidden/0 must be 64 hex digits', 'hidden/2 must be 64 hex digits'],
    ],
    [
      'values that are not scalars or empty containers',
      {
        fields: [
          { ...good, value: [1] },
          { ...good, pointer: '/b', value: new Date(0) },
          { ...good, pointer: '/c', value: Infinity },
          { ...good, pointer: '/d', value: undefined },
        ],
        hidden: [],
      },
      [0, 1, 2, 3].map((i) => `fields/${i}/value must be a scalar or an empty object or array`),
    ],
  ])('lists every problem of a malformed disclosure: %s', (_name, d, problems) => {
    expect(problemsOf(d)).toEqual(problems);
    expect(() => digestFromDisclosure(d)).toThrow(`DISCLOSURE_MALFORMED: ${problems.join('; ')}`);
  });

  it('accepts every kind of field value: scalars, empty object, empty array', () => {
    const values = [null, true, false, 0, -1.5, '', 'chuỗi', {}, []];
    const d = { fields: values.map((value, i) => ({ ...good, pointer: `/${i}`, value })), hidden: [] };
    expect(problemsOf(d)).toBeUndefined();
  });

  it('reads hex as fromHex does: either case, exactly 64 digits, nothing else (property)', () => {
    const d = disclose(record, salt, ['/recordId']);
    const digest = digestFromDisclosure(d);
    // Upper case is the same bytes, so the same digest.
    const upper = {
      fields: d.fields.map((f) => ({ ...f, salt: f.salt.toUpperCase() })),
      hidden: d.hidden.map((h) => h.toUpperCase()),
    };
    expect(digestFromDisclosure(upper)).toEqual(digest);
    const hexish = fc.oneof(
      fc.stringMatching(/^[0-9a-fA-F]{64}$/),
      fc.stringMatching(/^[0-9a-fA-F]{62,66}$/),
      fc.stringMatching(/^[0-9a-fA-F]{0,40}[gG: \u00e9\u0660][0-9a-fA-F]{0,30}$/),
    );
    fc.assert(
      fc.property(hexish, (h) => {
        const readable = fromHex(h)?.length === 32;
        const problems = problemsOf({ fields: [], hidden: [h] });
        expect(problems === undefined).toBe(readable);
        if (readable) expect(problemsOf({ fields: [{ ...good, salt: h }], hidden: [] })).toBeUndefined();
      }),
    );
  });

  it('discloses a record that is a single value, at the pointer ""', () => {
    const scalar = 'Học bạ';
    const d = fullDisclosure(scalar, salt);
    expect(d.fields.map((f) => f.pointer)).toEqual(['']);
    expect(digestFromDisclosure(JSON.parse(JSON.stringify(d)))).toEqual(commitRecord(scalar, salt).digest);
    expect(leafFromDisclosure(d)).toEqual(commitRecord(scalar, salt).leaf);
  });

  it('names the unknown pointer in the refusal', () => {
    try {
      disclose(record, salt, ['/student/nam']);
      expect.unreachable();
    } catch (e) {
      expect(isIntegrityError(e) && e.details).toEqual({ pointer: '/student/nam' });
    }
  });

  it('lists the hidden hashes in byte order, so that their order says nothing of where the fields are', () => {
    const d = disclose(record, salt, ['/recordId']);
    expect(d.hidden.length).toBeGreaterThan(3);
    expect(d.hidden).toEqual([...d.hidden].sort());
  });

  it('gives the leaf and the disclosed values of a disclosure', () => {
    const d = disclose(record, salt, ['/student/name', '/note']);
    expect(leafFromDisclosure(d)).toEqual(commitRecord(record, salt).leaf);
    expect(disclosedValues(d)).toEqual(
      new Map<string, unknown>([
        ['/student/name', 'Nguyễn Thị Ánh'],
        ['/note', null],
      ]),
    );
  });

  it('orders bytes lexicographically, a prefix first', () => {
    const b = (...x: number[]) => Uint8Array.from(x);
    expect(compareBytes(b(1, 2), b(1, 3))).toBeLessThan(0);
    expect(compareBytes(b(1, 3), b(1, 2))).toBeGreaterThan(0);
    expect(compareBytes(b(1, 2), b(1, 2, 0))).toBeLessThan(0);
    expect(compareBytes(b(1, 2, 0), b(1, 2))).toBeGreaterThan(0);
    expect(compareBytes(b(2), b(1, 9))).toBeGreaterThan(0);
    expect(compareBytes(b(1, 2), b(1, 2))).toBe(0);
    expect(compareBytes(b(), b())).toBe(0);
  });
});
