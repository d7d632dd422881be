/**
 * Field salts from outside (issue 16, DESIGN.md §4.2): the commitment functions take a SaltDerivation, and
 * what a verifier recomputes does not depend on it. The vectors of test/vectors/commitment were computed by
 * the code before the derivation became a parameter: every record locked before then must still commit,
 * disclose and verify to exactly those bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.ts';
import {
  commitRecord,
  type Disclosure,
  disclose,
  fieldHash,
  fieldSalt,
  flattenFields,
  fullDisclosure,
  leafFromDisclosure,
  type SaltDerivation,
} from '../src/commitment.ts';
import { sha256 } from '../src/crypto.ts';
import { codeOf } from './codes.ts';

interface VectorCase {
  desc: string;
  recordSalt: string;
  record: unknown;
  fields: { pointer: string; salt: string; hash: string }[];
  digest: string;
  leaf: string;
  disclosed: string[];
  disclosure: Disclosure;
}

const dir = new URL('../../test/vectors/commitment/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const cases = files.flatMap((f) =>
  (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { cases: VectorCase[] }).cases.map(
    (c) => [`${f}: ${c.desc}`, c] as const,
  ),
);

describe('commitment vectors of before issue 16 (HMAC field salts)', () => {
  it('exist', () => {
    expect(files).toContain('hmac-sha256.json');
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(cases)('%s', (_name, c) => {
    const salt = () => fromHex(c.recordSalt)!;

    it('commits to the same digest and leaf with the default derivation', () => {
      const got = commitRecord(c.record, salt());
      expect(toHex(got.digest)).toBe(c.digest);
      expect(toHex(got.leaf)).toBe(c.leaf);
      expect(got.fieldCount).toBe(c.fields.length);
    });

    it('derives the same field salts and field hashes', () => {
      const fields = flattenFields(c.record);
      expect(fields.map((f) => f.pointer)).toEqual(c.fields.map((f) => f.pointer));
      fields.forEach((f, i) => {
        const fs = fieldSalt(salt(), f.pointer);
        expect(toHex(fs)).toBe(c.fields[i]!.salt);
        expect(toHex(fieldHash(fs, f.pointer, f.value))).toBe(c.fields[i]!.hash);
      });
    });

    it('discloses exactly the stored disclosure, which still verifies to the leaf', () => {
      expect(disclose(c.record, salt(), c.disclosed)).toEqual(c.disclosure);
      expect(toHex(leafFromDisclosure(c.disclosure))).toBe(c.leaf);
    });

    it('gives the same leaf when the stored salts are passed as the derivation', () => {
      const stored = new Map(c.fields.map((f) => [f.pointer, fromHex(f.salt)!]));
      const fromStore: SaltDerivation = (_s, pointers) => pointers.map((p) => stored.get(p)!);
      expect(toHex(commitRecord(c.record, salt(), undefined, fromStore).leaf)).toBe(c.leaf);
    });
  });
});

describe('a SaltDerivation passed in', () => {
  const record = { b: [true, 'x'], a: { c: 1, d: null }, e: {} };
  const salt = new Uint8Array(32).fill(7);
  // Any 32 bytes per field, a function of the pointer: here SHA-256 of it, to tell it from the HMAC.
  const bySha: SaltDerivation = (_s, pointers) => pointers.map((p) => sha256(new TextEncoder().encode(p)));

  it('is given every field of the record, in document order, and its salts are the disclosed ones', () => {
    const seen: string[][] = [];
    const spy: SaltDerivation = (s, pointers) => {
      seen.push([...pointers]);
      return bySha(s, pointers);
    };
    const d = disclose(record, salt, ['/a'], undefined, spy);
    expect(seen).toEqual([['/b/0', '/b/1', '/a/c', '/a/d', '/e']]);
    expect(d.fields.map((f) => f.salt)).toEqual(
      ['/a/c', '/a/d'].map((p) => toHex(sha256(new TextEncoder().encode(p)))),
    );
  });

  it('changes the leaf, not what a verifier computes: the disclosure verifies without knowing it', () => {
    const leaf = commitRecord(record, salt, undefined, bySha).leaf;
    expect(toHex(leaf)).not.toBe(toHex(commitRecord(record, salt).leaf));
    expect(toHex(leafFromDisclosure(disclose(record, salt, ['/b'], undefined, bySha)))).toBe(toHex(leaf));
    expect(toHex(leafFromDisclosure(fullDisclosure(record, salt, undefined, bySha)))).toBe(toHex(leaf));
  });

  it.each([
    ['one salt too few', ((_s, p) => p.slice(1).map(() => new Uint8Array(32))) as SaltDerivation],
    ['a salt of 31 bytes', ((_s, p) => p.map((_, i) => new Uint8Array(i === 2 ? 31 : 32))) as SaltDerivation],
    [
      'not bytes',
      ((_s: Uint8Array, p: readonly string[]) => p.map(() => 'x'.repeat(32))) as unknown as SaltDerivation,
    ],
  ])('is refused when it gives %s', (_name, bad) => {
    expect(codeOf(() => commitRecord(record, salt, undefined, bad))).toBe('COMMITMENT_BAD_SALT');
    expect(codeOf(() => disclose(record, salt, [''], undefined, bad))).toBe('COMMITMENT_BAD_SALT');
  });

  it('never sees a record salt that is not 32 bytes', () => {
    let called = false;
    const spy: SaltDerivation = (s, p) => {
      called = true;
      return bySha(s, p);
    };
    expect(codeOf(() => commitRecord(record, new Uint8Array(16), undefined, spy))).toBe(
      'COMMITMENT_BAD_SALT',
    );
    expect(called).toBe(false);
  });
});
