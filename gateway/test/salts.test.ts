/**
 * salts.ts (issue 16): the keystream scheme derives each field's salt as its header says — checked against
 * AES-256 applied block by block to the counters (an independent transcription of CTR), pinned by known
 * bytes, the same whatever the record's key order — and the HMAC scheme gives exactly the salts, hashes and
 * disclosures of before (test/vectors/commitment).
 */
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SALT_SCHEME_NAMES } from '@hocba/db';
import {
  commitRecord,
  type Disclosure,
  flattenFields,
  fromHex,
  leafFromDisclosure,
  toHex,
} from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import { aesCtrSalts, commitWith, discloseWith, LOCK_SALT_SCHEME, SALT_SCHEMES } from '../src/salts.ts';

const salt = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')!;
const record = {
  recordId: 'REC-0001',
  schoolYear: '2025-2026',
  biography: { fullName: 'Nguyễn Thị Ánh', 'a/b~c': true },
  regular: [7, 8, 6.5, 7.5, 9, 10, 8, 8, 7, 9, 6, 5],
  awards: [],
  note: null,
};

/** AES-256 of counter block i (128-bit big-endian), by ECB: CTR transcribed, not called. */
function counterBlock(key: Uint8Array, i: number): Buffer {
  const block = Buffer.alloc(16);
  block.writeUInt32BE(i, 12);
  const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([ecb.update(block), ecb.final()]);
}

/** The keystream scheme as salts.ts's header writes it down. */
function expectedSalt(key: Uint8Array, pointers: string[], pointer: string): string {
  const rank = pointers.filter((p) => p < pointer).length;
  return Buffer.concat([counterBlock(key, 2 * rank), counterBlock(key, 2 * rank + 1)]).toString('hex');
}

const saltsOf = (d: Disclosure) => Object.fromEntries(d.fields.map((f) => [f.pointer, f.salt]));

describe('the keystream scheme (aes-256-ctr)', () => {
  const pointers = flattenFields(record).map((f) => f.pointer);

  it('gives field p the bytes [32·rank(p), 32·rank(p)+32) of AES-256-CTR under the record salt, zero IV', () => {
    const got = saltsOf(discloseWith('aes-256-ctr', record, salt, ['']));
    expect(Object.keys(got)).toEqual(pointers);
    for (const p of pointers) expect(got[p], p).toBe(expectedSalt(salt, pointers, p));
  });

  it('ranks in code-unit order: /regular/10 comes before /regular/2', () => {
    const got = saltsOf(discloseWith('aes-256-ctr', record, salt, ['/regular']));
    const sorted = [...pointers].sort();
    expect(sorted.indexOf('/regular/10')).toBeLessThan(sorted.indexOf('/regular/2'));
    expect(got['/regular/10']).toBe(
      Buffer.concat([
        counterBlock(salt, 2 * sorted.indexOf('/regular/10')),
        counterBlock(salt, 2 * sorted.indexOf('/regular/10') + 1),
      ]).toString('hex'),
    );
  });

  it('is pinned: these bytes are what locked records were salted with (a change strands them)', () => {
    const got = saltsOf(discloseWith('aes-256-ctr', record, salt, ['/recordId', '/awards']));
    expect(got).toEqual({
      '/recordId': PINNED.recordId,
      '/awards': PINNED.awards,
    });
    expect(toHex(commitWith('aes-256-ctr', record, salt).leaf)).toBe(PINNED.leaf);
  });

  it('derives the same salts and leaf whatever the order of the keys (jsonb, canonical text)', () => {
    const reversed = Object.fromEntries(Object.entries(record).reverse());
    // jsonb's order: shorter keys first.
    const byLength = Object.fromEntries(
      Object.entries(record).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)),
    );
    const base = saltsOf(discloseWith('aes-256-ctr', record, salt, ['']));
    for (const r of [reversed, byLength]) {
      expect(flattenFields(r).map((f) => f.pointer)).not.toEqual(pointers);
      expect(saltsOf(discloseWith('aes-256-ctr', r, salt, ['']))).toEqual(base);
      expect(commitWith('aes-256-ctr', r, salt).leaf).toEqual(commitWith('aes-256-ctr', record, salt).leaf);
    }
  });

  it('gives every field its own salt, other than the HMAC one, and changes with the record salt', () => {
    const ks = Object.values(saltsOf(discloseWith('aes-256-ctr', record, salt, [''])));
    expect(new Set(ks).size).toBe(pointers.length);
    const hmac = Object.values(saltsOf(discloseWith('hmac-sha256', record, salt, [''])));
    expect(ks.filter((s) => hmac.includes(s))).toEqual([]);
    const other = new Uint8Array(32).fill(1);
    expect(toHex(commitWith('aes-256-ctr', record, other).leaf)).not.toBe(PINNED.leaf);
  });

  it('discloses what verifies to its own leaf, with the verifier knowing nothing of the scheme', () => {
    const leaf = commitWith('aes-256-ctr', record, salt).leaf;
    expect(toHex(leaf)).not.toBe(toHex(commitRecord(record, salt).leaf));
    for (const shown of [[''], ['/biography'], ['/regular/3', '/note']]) {
      expect(
        leafFromDisclosure(JSON.parse(JSON.stringify(discloseWith('aes-256-ctr', record, salt, shown)))),
      ).toEqual(leaf);
    }
  });

  it('packs the same salts as it gives one by one, for records of the same shape and of others (memoized ranks)', () => {
    const shapes = [
      record,
      { ...record, regular: [1, 2] },
      record,
      { z: 1, a: { 'x/y': [], 'x~y': 'ế' } },
      { ...record, regular: [1, 2] },
    ];
    for (const r of shapes) {
      const ps = flattenFields(r).map((f) => f.pointer);
      const one = aesCtrSalts(salt, ps).map(toHex);
      const { bytes, at } = aesCtrSalts.packed!(salt, ps);
      expect(Array.from(at, (x) => toHex(bytes.subarray(x, x + 32)))).toEqual(one);
      for (const p of ps) expect(one[ps.indexOf(p)], p).toBe(expectedSalt(salt, ps, p));
    }
  });

  it('grows its zero buffer for a record of many fields', () => {
    const big = { xs: Array.from({ length: 1000 }, (_, i) => i) };
    const ps = flattenFields(big).map((f) => f.pointer);
    const salts = aesCtrSalts(salt, ps);
    expect(salts).toHaveLength(1000);
    expect(toHex(salts[ps.indexOf('/xs/999')]!)).toBe(expectedSalt(salt, ps, '/xs/999'));
  });
});

describe('the HMAC scheme (hmac-sha256): records locked before issue 16', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../../test/vectors/commitment/hmac-sha256.json', import.meta.url), 'utf8'),
  ) as {
    cases: {
      recordSalt: string;
      record: unknown;
      leaf: string;
      disclosed: string[];
      disclosure: Disclosure;
      fields: { pointer: string; salt: string }[];
    }[];
  };

  it.each(vectors.cases.map((c, i) => [i, c] as const))('discloses case %i exactly as before', (_i, c) => {
    const s = fromHex(c.recordSalt)!;
    expect(toHex(commitWith('hmac-sha256', c.record, s).leaf)).toBe(c.leaf);
    expect(discloseWith('hmac-sha256', c.record, s, c.disclosed)).toEqual(c.disclosure);
    const all = saltsOf(discloseWith('hmac-sha256', c.record, s, ['']));
    expect(all).toEqual(Object.fromEntries(c.fields.map((f) => [f.pointer, f.salt])));
  });

  it('keeps a fixed salt for a fixed field (known bytes)', () => {
    expect(saltsOf(discloseWith('hmac-sha256', record, salt, ['/recordId']))['/recordId']).toBe(
      PINNED.hmacRecordId,
    );
  });
});

describe('the scheme names', () => {
  it('are the ones the database allows, and new locks use the keystream', () => {
    expect([...SALT_SCHEMES]).toEqual([...SALT_SCHEME_NAMES]);
    expect(LOCK_SALT_SCHEME).toBe('aes-256-ctr');
  });
});

/**
 * Checked outside Node: `head -c 160 /dev/zero | openssl enc -aes-256-ctr -K 0001…1f -iv 00…00` gives
 * /awards (rank 0) as its first 32 bytes and /recordId (rank 4) as its fifth; `openssl dgst -sha256 -mac
 * HMAC -macopt hexkey:0001…1f` of "/recordId" the HMAC salt.
 */
const PINNED = {
  recordId: 'd7514e072c5feca9197966348324ba5d2cbd526be87c119cd01227fa64243b82',
  awards: 'f29000b62a499fd0a9f39a6add2e7780f05d76ae4ab99fe5a6f69b3148c2363d',
  leaf: '2add97df1f661578113756b0808bf3e01c618b8b16e6b810ebc2463d3b6edbe8',
  hmacRecordId: '5adf0f2ba7b29e7b108596900bc6c6d7d1c2e965627061afc9cf17959a283a8f',
};
