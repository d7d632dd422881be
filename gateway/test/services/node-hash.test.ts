/**
 * node-hash.ts, the node:crypto implementation the gateway passes to integrity's commitment functions,
 * must give byte-identical results to integrity's default (@noble/hashes): SHA-256 of any parts, HMAC
 * under any key length, and so every leaf, digest and disclosure of any record.
 */
import {
  commitCanonical,
  commitRecord,
  digestFromDisclosure,
  disclose,
  flattenFields,
  hmacSha256,
  leafFromDisclosure,
  sha256,
  toHex,
} from '@hocba/integrity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_HASH } from '../../src/node-hash.ts';

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
const salt = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** Records with nested objects and arrays, Vietnamese text among the strings. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('Nguyễn Thị Ánh', 'Tiến bộ'.normalize('NFD'), 'Đạt', 'Hoàn thành tốt', ''),
);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(text, tie('node'), { maxKeys: 5 }),
  ),
}));
const record = fc.dictionary(text, value.node, { minKeys: 1, maxKeys: 12 });

describe('NODE_HASH (node:crypto) gives the bytes of the default (@noble/hashes)', () => {
  it('SHA-256 of one or several parts, of any length', () => {
    fc.assert(
      fc.property(fc.array(bytes(300), { minLength: 1, maxLength: 6 }), (parts) => {
        expect(toHex(NODE_HASH.sha256(...parts))).toBe(toHex(sha256(...parts)));
      }),
      { numRuns: 300 },
    );
  });

  it('HMAC-SHA-256 under keys shorter and longer than a block, for several messages per key', () => {
    fc.assert(
      fc.property(bytes(150), fc.array(bytes(200), { minLength: 1, maxLength: 5 }), (key, messages) => {
        const keyed = NODE_HASH.hmacSha256Keyed(key);
        for (const m of messages) expect(toHex(keyed(m))).toBe(toHex(hmacSha256(key, m)));
      }),
      { numRuns: 300 },
    );
  });

  it('the same leaf, digest and disclosures for any record and salt', () => {
    fc.assert(
      fc.property(record, salt, fc.nat(), (r, s, pick) => {
        let expected: unknown;
        try {
          expected = commitRecord(r, s);
        } catch (e) {
          // A record the canonical form refuses is refused the same way.
          expect(() => commitRecord(r, s, NODE_HASH)).toThrow((e as Error).message);
          return;
        }
        const got = commitRecord(r, s, NODE_HASH);
        const e = expected as typeof got;
        expect(toHex(got.leaf)).toBe(toHex(e.leaf));
        expect(toHex(got.digest)).toBe(toHex(e.digest));
        expect(got.fieldCount).toBe(e.fieldCount);
        const pointers = flattenFields(r).map((f) => f.pointer);
        const shown = [pointers[pick % pointers.length]!];
        const d = disclose(r, s, shown, NODE_HASH);
        expect(d).toEqual(disclose(r, s, shown));
        expect(toHex(digestFromDisclosure(d, NODE_HASH))).toBe(toHex(e.digest));
        expect(toHex(leafFromDisclosure(d, NODE_HASH))).toBe(toHex(leafFromDisclosure(d)));
      }),
      { numRuns: 200 },
    );
  });

  it('SHA-256 of a prefix and a text encoded in place: the bytes of prefix ‖ UTF-8(text), any text', () => {
    const long = 'Nguyễn Thị Ánh '.repeat(600);
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      // Lone surrogates: both encoders write U+FFFD.
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constant(long),
      fc.constant(''),
    );
    fc.assert(
      fc.property(bytes(40), texts, (prefix, text) => {
        const enc = new TextEncoder().encode(text);
        expect(toHex(NODE_HASH.sha256Text(prefix, text))).toBe(toHex(sha256(prefix, enc)));
      }),
      { numRuns: 300 },
    );
    // Past the scratch buffer's first size, then a short text again: no stale bytes.
    expect(toHex(NODE_HASH.sha256Text(new Uint8Array(32), long))).toBe(
      toHex(sha256(new Uint8Array(32), new TextEncoder().encode(long))),
    );
    expect(toHex(NODE_HASH.sha256Text(new Uint8Array(1), 'a'))).toBe(toHex(sha256(new Uint8Array([0, 97]))));
  });

  it('the batched record digest is the one-field-at-a-time digest of noble, for any salts, texts and hidden hashes', () => {
    const texts = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(salt, texts), { maxLength: 40 }),
        fc.array(salt, { maxLength: 10 }),
        fc.nat(64),
        (fields, hidden, pad) => {
          // The salts packed at scattered offsets, as a keystream's ranks put them.
          const bytes = new Uint8Array(pad + 32 * fields.length);
          const at = fields.map((_, i) => pad + 32 * (fields.length - 1 - i));
          for (const [i, [s]] of fields.entries()) bytes.set(s, at[i]!);
          const oneByOne = [
            ...hidden,
            ...fields.map(([s, t]) => sha256(s, new TextEncoder().encode(t))),
          ].sort((a, b) => Buffer.compare(a, b));
          const expected = sha256(...oneByOne);
          const got = NODE_HASH.recordDigest(
            { bytes, at },
            fields.map(([, t]) => t),
            hidden,
          );
          expect(toHex(got)).toBe(toHex(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the batched record digest past its scratch buffer, then short texts again: no stale bytes or views', () => {
    const s = new Uint8Array(32).fill(9);
    const one = (texts: string[]) => {
      const bytes = new Uint8Array(32 * texts.length).fill(9);
      const got = NODE_HASH.recordDigest({ bytes, at: texts.map((_, i) => 32 * i) }, texts, []);
      const hashes = texts
        .map((t) => sha256(s, new TextEncoder().encode(t)))
        .sort((a, b) => Buffer.compare(a, b));
      expect(toHex(got)).toBe(toHex(sha256(...hashes)));
    };
    one(['["/a","x"]', '["/b",1]']);
    one(['["/a","ế"]', `["/long","${'Nguyễn Thị Ánh '.repeat(500)}"]`, '["/b",1]']);
    one(['["/a","x"]', '["/b",1]', '["/c",2]']);
  });

  it('commitCanonical with node:crypto gives the canonical text and the leaf of noble', () => {
    fc.assert(
      fc.property(record, salt, (r, s) => {
        let expected: ReturnType<typeof commitCanonical>;
        try {
          expected = commitCanonical(r, s);
        } catch (e) {
          expect(() => commitCanonical(r, s, NODE_HASH)).toThrow((e as Error).message);
          return;
        }
        const got = commitCanonical(r, s, NODE_HASH);
        expect(got.canonicalText).toBe(expected.canonicalText);
        expect(toHex(got.commitment.leaf)).toBe(toHex(expected.commitment.leaf));
      }),
      { numRuns: 200 },
    );
  });

  it('returns plain, independent Uint8Arrays (no view of a buffer it reuses)', () => {
    const a = NODE_HASH.sha256(new Uint8Array([1]), new Uint8Array([2]));
    const b = NODE_HASH.sha256(new Uint8Array([3]), new Uint8Array([4]));
    expect(a).toBeInstanceOf(Uint8Array);
    expect(toHex(a)).toBe(toHex(sha256(new Uint8Array([1, 2]))));
    expect(toHex(b)).toBe(toHex(sha256(new Uint8Array([3, 4]))));
    const keyed = NODE_HASH.hmacSha256Keyed(new Uint8Array(32));
    const x = keyed(new Uint8Array([1]));
    const y = keyed(new Uint8Array([2]));
    expect(toHex(x)).toBe(toHex(hmacSha256(new Uint8Array(32), new Uint8Array([1]))));
    expect(toHex(y)).not.toBe(toHex(x));
  });
});
