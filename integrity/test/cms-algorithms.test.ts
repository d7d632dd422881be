/**
 * The algorithm policy (cms/algorithms.ts) entry by entry, with the OIDs written out here from the RFCs
 * (not taken from src/cms/oids.ts), and the ASN.1 helpers (cms/der.ts) at their limits.
 */
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, RSASSAPSSParams } from 'pkijs';
import { describe, expect, it } from 'vitest';
import { checkDigestAlgorithm, checkSignatureAlgorithm } from '../src/cms/algorithms.ts';
import { compareDer, integerMagnitude, oidOf, parseAsn1, toBytes } from '../src/cms/der.ts';
import { isIntegrityError } from '../src/errors.ts';
import { codeOf } from './codes.ts';

const alg = (algorithmId: string, algorithmParams?: asn1js.AsnType) =>
  new AlgorithmIdentifier(algorithmParams ? { algorithmId, algorithmParams } : { algorithmId });

describe('digest algorithms', () => {
  it.each([
    ['SHA-256', '2.16.840.1.101.3.4.2.1', undefined],
    ['MD2', '1.2.840.113549.2.2', 'CMS_WEAK_DIGEST'],
    ['MD5', '1.2.840.113549.2.5', 'CMS_WEAK_DIGEST'],
    ['SHA-1', '1.3.14.3.2.26', 'CMS_WEAK_DIGEST'],
    ['SHA-224', '2.16.840.1.101.3.4.2.4', 'CMS_UNSUPPORTED_ALGORITHM'],
    ['SHA-384', '2.16.840.1.101.3.4.2.2', 'CMS_UNSUPPORTED_ALGORITHM'],
    ['SHA-512', '2.16.840.1.101.3.4.2.3', 'CMS_UNSUPPORTED_ALGORITHM'],
  ] as const)('%s → %s', (_, oid, code) => {
    expect(codeOf(() => checkDigestAlgorithm(alg(oid)))).toBe(code);
    if (!code) expect(checkDigestAlgorithm(alg(oid))).toBe('SHA-256');
  });
});

describe('signature algorithms', () => {
  it.each([
    ['rsaEncryption', '1.2.840.113549.1.1.1', 'RSASSA-PKCS1-v1_5'],
    ['sha256WithRSAEncryption', '1.2.840.113549.1.1.11', 'RSASSA-PKCS1-v1_5'],
    ['ecdsa-with-SHA256', '1.2.840.10045.4.3.2', 'ECDSA-P256'],
    ['md2WithRSAEncryption', '1.2.840.113549.1.1.2', 'CMS_WEAK_DIGEST'],
    ['md5WithRSAEncryption', '1.2.840.113549.1.1.4', 'CMS_WEAK_DIGEST'],
    ['sha1WithRSAEncryption', '1.2.840.113549.1.1.5', 'CMS_WEAK_DIGEST'],
    ['ecdsa-with-SHA1', '1.2.840.10045.4.1', 'CMS_WEAK_DIGEST'],
    ['sha384WithRSAEncryption', '1.2.840.113549.1.1.12', 'CMS_UNSUPPORTED_ALGORITHM'],
    ['ecdsa-with-SHA512', '1.2.840.10045.4.3.4', 'CMS_UNSUPPORTED_ALGORITHM'],
  ] as const)('%s → %s', (_, oid, expected) => {
    const a = alg(oid);
    if (expected.startsWith('CMS_')) expect(codeOf(() => checkSignatureAlgorithm(a))).toBe(expected);
    else expect(checkSignatureAlgorithm(a)).toBe(expected);
  });

  describe('RSASSA-PSS parameters', () => {
    const sha = (oid: string) =>
      new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() });
    const SHA256 = '2.16.840.1.101.3.4.2.1';
    const mgf1 = (hash?: string) =>
      new AlgorithmIdentifier({
        algorithmId: '1.2.840.113549.1.1.8',
        ...(hash ? { algorithmParams: sha(hash).toSchema() } : {}),
      });
    const pss = (p: ConstructorParameters<typeof RSASSAPSSParams>[0]) => {
      const params = new RSASSAPSSParams({
        hashAlgorithm: sha(SHA256),
        maskGenAlgorithm: mgf1(SHA256),
        saltLength: 32,
        ...p,
      });
      return alg('1.2.840.113549.1.1.10', params.toSchema());
    };
    /** The code and the explanation of a refusal. */
    const refusal = (a: AlgorithmIdentifier) => {
      try {
        checkSignatureAlgorithm(a);
      } catch (e) {
        if (isIntegrityError(e)) return [e.code, e.message.replace(/^[A-Z_]+: /, '')];
        throw e;
      }
      return 'accepted';
    };

    it('SHA-256 with MGF1-SHA-256 and trailer 1 is RSA-PSS', () => {
      expect(checkSignatureAlgorithm(pss({}))).toBe('RSA-PSS');
      expect(checkSignatureAlgorithm(pss({ trailerField: 1 }))).toBe('RSA-PSS');
    });

    it('each other parameter is refused by its own check', () => {
      expect(refusal(pss({ hashAlgorithm: sha('2.16.840.1.101.3.4.2.2') }))).toEqual([
        'CMS_UNSUPPORTED_ALGORITHM',
        'RSASSA-PSS with hash 2.16.840.1.101.3.4.2.2',
      ]);
      expect(refusal(pss({ hashAlgorithm: sha('1.2.840.113549.2.5') }))).toEqual([
        'CMS_WEAK_DIGEST',
        'RSASSA-PSS with weak hash 1.2.840.113549.2.5',
      ]);
      expect(refusal(pss({ maskGenAlgorithm: sha(SHA256) }))).toEqual([
        'CMS_UNSUPPORTED_ALGORITHM',
        'RSASSA-PSS with a mask generation other than MGF1',
      ]);
      expect(refusal(pss({ maskGenAlgorithm: mgf1('2.16.840.1.101.3.4.2.3') }))).toEqual([
        'CMS_UNSUPPORTED_ALGORITHM',
        'RSASSA-PSS MGF1 with hash 2.16.840.1.101.3.4.2.3',
      ]);
      expect(refusal(pss({ maskGenAlgorithm: mgf1('1.3.14.3.2.26') }))).toEqual([
        'CMS_WEAK_DIGEST',
        'RSASSA-PSS MGF1 with weak hash 1.3.14.3.2.26',
      ]);
      expect(refusal(pss({ maskGenAlgorithm: mgf1() }))).toEqual([
        'CMS_UNSUPPORTED_ALGORITHM',
        'RSASSA-PSS MGF1 with hash ?',
      ]);
      expect(refusal(pss({ trailerField: 2 }))).toEqual([
        'CMS_UNSUPPORTED_ALGORITHM',
        'RSASSA-PSS trailer field',
      ]);
    });

    it('parameters that cannot be decoded → CMS_MALFORMED, with the decoder’s error as cause', () => {
      const a = alg('1.2.840.113549.1.1.10', new asn1js.Integer({ value: 1 }));
      try {
        checkSignatureAlgorithm(a);
        expect.unreachable();
      } catch (e) {
        expect(isIntegrityError(e) && e.code).toBe('CMS_MALFORMED');
        expect((e as Error).message).toBe('CMS_MALFORMED: RSASSA-PSS parameters cannot be decoded');
        expect((e as Error).cause).toBeInstanceOf(Error);
      }
    });
  });
});

describe('ASN.1 helpers', () => {
  const nested = (depth: number): Uint8Array => {
    let inner = new Uint8Array([0x05, 0x00]);
    for (let i = 0; i < depth; i++) {
      const len = inner.length;
      const header = len < 0x80 ? [0x30, len] : [0x30, 0x81, len];
      inner = Uint8Array.from([...header, ...inner]);
    }
    return inner;
  };
  const refuses = (bytes: Uint8Array) => {
    try {
      parseAsn1(bytes);
    } catch (e) {
      return (e as Error).message;
    }
    return 'parsed';
  };

  it('parseAsn1 bounds nesting and the number of nodes', () => {
    expect(refuses(nested(60))).toBe('parsed');
    expect(refuses(nested(70))).toMatch(/^ASN\.1 decoding failed: .+/);
    const many = (n: number) => {
      const body = new Uint8Array(2 * n).fill(0).map((_, i) => (i % 2 === 0 ? 0x05 : 0));
      const len = body.length;
      return Uint8Array.from([0x30, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff, ...body]);
    };
    expect(refuses(many(1000))).toBe('parsed');
    expect(refuses(many(100_001))).toMatch(/^ASN\.1 decoding failed: .+/);
  });

  it('parseAsn1 refuses truncation and trailing bytes, each with its reason', () => {
    expect(refuses(new Uint8Array([0x30, 0x05, 0x05]))).toMatch(/^ASN\.1 decoding failed: .+/);
    expect(refuses(new Uint8Array([]))).toMatch(/^ASN\.1 decoding failed: .+/);
    expect(refuses(new Uint8Array([0x05, 0x00, 0x00]))).toBe('trailing bytes after the ASN.1 element');
  });

  it('toBytes views exactly the bytes of a view into a larger buffer', () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    expect([...toBytes(new DataView(buffer, 1, 3))]).toEqual([2, 3, 4]);
    expect([...toBytes(buffer)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('compareDer orders as X.690 §11.6 (the shorter padded with zeros)', () => {
    const b = (...x: number[]) => new Uint8Array(x);
    expect(Math.sign(compareDer(b(1, 2), b(1, 3)))).toBe(-1);
    expect(Math.sign(compareDer(b(2), b(1, 9)))).toBe(1);
    expect(compareDer(b(1, 0), b(1))).toBe(0);
    expect(Math.sign(compareDer(b(1), b(1, 1)))).toBe(-1);
  });

  it('integerMagnitude drops sign-padding zeros but keeps a lone zero', () => {
    const int = (...x: number[]) => new asn1js.Integer({ valueHex: new Uint8Array(x) });
    expect([...integerMagnitude(int(0, 0, 0x80))]).toEqual([0x80]);
    expect([...integerMagnitude(int(0))]).toEqual([0]);
    expect([...integerMagnitude(int(0, 0))]).toEqual([0]);
    expect(oidOf(new asn1js.ObjectIdentifier({ value: '1.2.3' }))).toBe('1.2.3');
    expect(oidOf(new asn1js.Null())).toBeUndefined();
    expect(oidOf(undefined)).toBeUndefined();
  });
});
