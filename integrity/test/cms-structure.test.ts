/**
 * verifyCmsSignature on CMS structures that openssl will not make: attributes removed, duplicated or
 * altered and then signed again (so the signature is good and only the named check can fail), unsigned
 * fields rewritten, certificates swapped. Also signCms's own output: attribute order, times, ECDSA DER.
 */
import { createHash, verify as nodeVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import {
  AlgorithmIdentifier,
  Attribute,
  Certificate,
  ContentInfo,
  IssuerAndSerialNumber,
  RSASSAPSSParams,
  SignedAndUnsignedAttributes,
  SignedData,
} from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCms, verifyCmsSignature } from '../src/cms/index.ts';
import { rejection, rejectionCode } from './codes.ts';
import { generateKeys, type KeyKind, makeCert, type TestCert } from './fixtures/pki.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  essV1: '1.2.840.113549.1.9.16.2.12',
  essV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha224: '2.16.840.1.101.3.4.2.4',
  md5: '1.2.840.113549.2.5',
};

const content = new TextEncoder().encode('{"batchId":"B-1","root":"ab"}');
const at = new Date('2026-05-05T05:05:05Z');
let root: TestCert;
let rsa: TestCert;
let pss: TestCert;
let ec: TestCert;

const parse = (cms: Uint8Array) =>
  new SignedData({ schema: ContentInfo.fromBER(new Uint8Array(cms)).content });
const encode = (sd: SignedData) =>
  new Uint8Array(
    new ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) }).toSchema().toBER(),
  );
const sign = (s: TestCert, data = content, signingTime = at) =>
  signCms({ content: data, privateKey: s.keys.privateKey, certificate: s.der, signingTime });
const verify = (cms: Uint8Array, certificates?: Uint8Array[]) =>
  verifyCmsSignature({ content, cms, ...(certificates ? { certificates } : {}) });

/** Rewrites a SignerInfo's signed attributes and signs them again with the signer's key. */
async function resign(cms: Uint8Array, key: CryptoKey, edit: (attrs: Attribute[]) => Attribute[]) {
  const sd = parse(cms);
  const si = sd.signerInfos[0]!;
  si.signedAttrs = new SignedAndUnsignedAttributes({ type: 0, attributes: edit(si.signedAttrs!.attributes) });
  await sd.sign(key, 0, 'SHA-256');
  return encode(sd);
}

/** Changes the unsigned parts of the CMS (no new signature). */
function rewrite(cms: Uint8Array, edit: (sd: SignedData) => void): Uint8Array {
  const sd = parse(cms);
  edit(sd);
  return encode(sd);
}

const without = (type: string) => (attrs: Attribute[]) => attrs.filter((a) => a.type !== type);
const replace =
  (type: string, ...values: asn1js.AsnType[]) =>
  (attrs: Attribute[]) => [...attrs.filter((a) => a.type !== type), new Attribute({ type, values })];

/** ESSCertID(v2) naming `cert`, built here independently of src/cms/attributes.ts. */
function essCertId(
  cert: TestCert,
  o: {
    v1?: boolean;
    hashAlgorithm?: string;
    serial?: Uint8Array;
    hashOf?: Uint8Array;
    /** The issuer named in issuerSerial: another certificate's, or a GeneralName that is not a directoryName. */
    issuer?: TestCert | 'dNSName';
    /** false: no issuerSerial (it is optional). */
    issuerSerial?: boolean;
    /** Appended to the ESSCertID (nothing may follow issuerSerial). */
    extraField?: asn1js.AsnType;
    /** Further ESSCertIDs (they may name the CAs) and a policies field after the list. */
    others?: asn1js.Sequence[];
    policies?: boolean;
  } = {},
) {
  const hashNames: Record<string, string> = {
    [OID.sha512]: 'sha512',
    [OID.sha384]: 'sha384',
    [OID.sha1]: 'sha1',
    [OID.md5]: 'md5',
  };
  const hashName = o.v1 ? 'sha1' : (hashNames[o.hashAlgorithm ?? ''] ?? 'sha256');
  const hash = createHash(hashName)
    .update(o.hashOf ?? cert.der)
    .digest();
  const issuerOf = o.issuer === undefined || o.issuer === 'dNSName' ? cert : o.issuer;
  const issuerName = asn1js.fromBER(issuerOf.cert.issuerName.toArrayBuffer()).result;
  const generalName =
    o.issuer === 'dNSName'
      ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: Buffer.from('school.vn') })
      : new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [issuerName] });
  const serial = o.serial ?? Buffer.from(cert.cert.serialNumber, 'hex');
  const fields: asn1js.AsnType[] = [];
  if (o.hashAlgorithm) fields.push(new AlgorithmIdentifier({ algorithmId: o.hashAlgorithm }).toSchema());
  fields.push(new asn1js.OctetString({ valueHex: hash }));
  if (o.issuerSerial !== false) {
    fields.push(
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [generalName] }), new asn1js.Integer({ valueHex: serial })],
      }),
    );
  }
  if (o.extraField) fields.push(o.extraField);
  const list = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: fields }), ...(o.others ?? [])] });
  const policies = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.5.29.32.0' })] })],
  });
  return new asn1js.Sequence({ value: o.policies ? [list, policies] : [list] });
}

beforeAll(async () => {
  root = await makeCert({ name: 'CN=Structure Root', keys: await generateKeys('EC'), ca: true });
  const signer = async (k: KeyKind) =>
    makeCert({ name: `CN=Signer ${k}`, keys: await generateKeys(k), issuer: root, ca: false });
  [rsa, pss, ec] = await Promise.all([signer('RSA'), signer('RSA-PSS'), signer('EC')]);
});

describe('signed attributes', () => {
  it('re-signing unchanged attributes verifies (the helper itself is sound)', async () => {
    for (const s of [rsa, pss, ec]) {
      const sig = await verify(await resign(await sign(s), s.keys.privateKey, (a) => a));
      expect(sig.signingTime).toEqual(at);
    }
  });

  it('missing signing-time → CMS_SIGNING_TIME_MISSING', async () => {
    const cms = await resign(await sign(ec), ec.keys.privateKey, without(OID.signingTime));
    expect(await rejectionCode(verify(cms))).toBe('CMS_SIGNING_TIME_MISSING');
  });

  it('missing content-type or message-digest → CMS_SIGNED_ATTRS_MISSING', async () => {
    for (const type of [OID.contentType, OID.messageDigest]) {
      const cms = await resign(await sign(ec), ec.keys.privateKey, without(type));
      expect(await rejectionCode(verify(cms))).toBe('CMS_SIGNED_ATTRS_MISSING');
    }
  });

  it('content-type other than id-data → CMS_CONTENT_TYPE_MISMATCH (attribute or eContentType)', async () => {
    const other = new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.16.1.4' });
    const cms = await resign(await sign(ec), ec.keys.privateKey, replace(OID.contentType, other));
    expect(await rejectionCode(verify(cms))).toBe('CMS_CONTENT_TYPE_MISMATCH');
    const ect = rewrite(await sign(ec), (sd) => {
      sd.encapContentInfo.eContentType = '1.2.840.113549.1.9.16.1.4';
    });
    expect(await rejectionCode(verify(ect))).toBe('CMS_CONTENT_TYPE_MISMATCH');
  });

  it('duplicated or mistyped attributes → CMS_MALFORMED', async () => {
    const time = new asn1js.UTCTime({ valueDate: at });
    const twice = (attrs: Attribute[]) => [
      ...attrs,
      new Attribute({ type: OID.signingTime, values: [time] }),
    ];
    const twoValues = replace(OID.signingTime, time, new asn1js.UTCTime({ valueDate: new Date() }));
    const notATime = replace(OID.signingTime, new asn1js.Utf8String({ value: '2026-05-05' }));
    const localTime = replace(OID.signingTime, new asn1js.GeneralizedTime({ value: '20260505050505' }));
    const badDate = replace(OID.signingTime, new asn1js.UTCTime({ value: '261305050505Z' }));
    const digestNotOctets = replace(OID.messageDigest, new asn1js.Utf8String({ value: 'x' }));
    const badEss = replace(OID.essV2, new asn1js.Sequence({ value: [new asn1js.Null()] }));
    for (const edit of [twice, twoValues, notATime, localTime, badDate, digestNotOctets, badEss]) {
      const cms = await resign(await sign(ec), ec.keys.privateKey, edit);
      expect(await rejectionCode(verify(cms))).toBe('CMS_MALFORMED');
    }
  });

  it('signing-time as GeneralizedTime with fraction is read exactly', async () => {
    const t = new asn1js.GeneralizedTime({ value: '20260505050505.25Z' });
    const cms = await resign(await sign(ec), ec.keys.privateKey, replace(OID.signingTime, t));
    expect((await verify(cms)).signingTime.toISOString()).toBe('2026-05-05T05:05:05.250Z');
  });

  it('signing-time corners: nine fraction digits at most, no rolled-over fields, years of four digits', async () => {
    const withTime = async (t: asn1js.AsnType) =>
      verify(await resign(await sign(ec), ec.keys.privateKey, replace(OID.signingTime, t)));
    const gt = (value: string) => new asn1js.GeneralizedTime({ value });
    const ut = (value: string) => new asn1js.UTCTime({ value });
    expect((await withTime(gt('20260505050505.123456789Z'))).signingTime.toISOString()).toBe(
      '2026-05-05T05:05:05.123Z',
    );
    expect((await withTime(gt('20260505050505Z'))).signingTime.toISOString()).toBe(
      '2026-05-05T05:05:05.000Z',
    );
    expect((await withTime(ut('500101000000Z'))).signingTime.toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect((await withTime(ut('491231235959Z'))).signingTime.toISOString()).toBe('2049-12-31T23:59:59.000Z');
    for (const t of [
      gt('20260505050505.1234567890Z'), // ten fraction digits
      gt('20260505050560Z'), // second 60
      gt('20260230050505Z'), // 30 February
      gt('00500101000000Z'), // year 50, which Date.UTC would read as 1950
      ut('260505050505+0700'),
    ]) {
      const e = await rejection(withTime(t));
      expect(e.code).toBe('CMS_MALFORMED');
      expect(e.message).toMatch(/signing-time is not a (UTC UTCTime or GeneralizedTime|valid date and time)/);
    }
    // UTCTime strings asn1js keeps as they are (it throws on such a GeneralizedTime itself): anything
    // before or after the time is refused too
    const raw = (tag: number, text: string) =>
      asn1js.fromBER(Uint8Array.from([tag, text.length, ...Buffer.from(text)])).result;
    for (const t of [raw(0x17, 'x260505050505Z'), raw(0x17, '260505050505Zx')]) {
      const e = await rejection(withTime(t));
      expect([e.code, e.message]).toEqual([
        'CMS_MALFORMED',
        'CMS_MALFORMED: signing-time is not a UTC UTCTime or GeneralizedTime',
      ]);
    }
    const notOid = await rejection(
      verify(
        await resign(
          await sign(ec),
          ec.keys.privateKey,
          replace(OID.contentType, new asn1js.Utf8String({ value: 'data' })),
        ),
      ),
    );
    expect([notOid.code, notOid.message]).toEqual([
      'CMS_MALFORMED',
      'CMS_MALFORMED: content-type is not an OID',
    ]);
  });
});

describe('ESS signing-certificate', () => {
  it('a certificate swapped under the signature → CMS_ESS_CERT_MISMATCH', async () => {
    // Same key, two certificates: the signature made under A stays valid when the (unsigned) signer
    // identifier is pointed at B; only the signed ESS attribute tells them apart.
    const a = await makeCert({
      name: 'CN=Principal',
      keys: ec.keys,
      issuer: root,
      ca: false,
      serialNumber: '0a',
    });
    const b = await makeCert({
      name: 'CN=Principal',
      keys: ec.keys,
      issuer: root,
      ca: false,
      serialNumber: '0b',
    });
    const swapped = rewrite(await sign(a), (sd) => {
      const bCert = Certificate.fromBER(b.der);
      sd.signerInfos[0]!.sid = new IssuerAndSerialNumber({
        issuer: bCert.issuer,
        serialNumber: bCert.serialNumber,
      });
      sd.certificates = [bCert];
    });
    expect(await rejectionCode(verify(swapped))).toBe('CMS_ESS_CERT_MISMATCH');
    // control: B's own signature verifies, and A's unswapped one too
    expect((await verify(await sign(b))).signerCertificate).toEqual(b.der);
    expect((await verify(await sign(a))).signerCertificate).toEqual(a.der);
  });

  it('prefers the caller’s certificate over a look-alike carried in the CMS', async () => {
    const lookAlike = await makeCert({
      name: ec.name,
      keys: await generateKeys('EC'),
      issuer: root,
      ca: false,
      serialNumber: ec.cert.serialNumber,
    });
    const cms = rewrite(await sign(ec), (sd) => {
      sd.certificates = [Certificate.fromBER(lookAlike.der)];
    });
    expect(await rejectionCode(verify(cms))).toBe('CMS_ESS_CERT_MISMATCH');
    expect((await verify(cms, [ec.der])).signerCertificate).toEqual(ec.der);
  });

  it('checks issuerSerial, explicit hash algorithms and the v1 attribute', async () => {
    const key = ec.keys.privateKey;
    const withEss = async (ess: asn1js.Sequence, type = OID.essV2) =>
      verify(await resign(await sign(ec), key, replace(type, ess)));
    expect((await withEss(essCertId(ec, { hashAlgorithm: OID.sha512 }))).signerCertificate).toEqual(ec.der);
    expect((await withEss(essCertId(ec, { v1: true }), OID.essV1)).signerCertificate).toEqual(ec.der);
    expect(await rejectionCode(withEss(essCertId(ec, { serial: new Uint8Array([0x7f]) })))).toBe(
      'CMS_ESS_CERT_MISMATCH',
    );
    expect(await rejectionCode(withEss(essCertId(ec, { hashOf: rsa.der })))).toBe('CMS_ESS_CERT_MISMATCH');
    expect(await rejectionCode(withEss(essCertId(ec, { v1: true, hashOf: rsa.der }), OID.essV1))).toBe(
      'CMS_ESS_CERT_MISMATCH',
    );
    // which attribute and which field refused, when both versions are checked the same way
    const v1 = await rejection(withEss(essCertId(ec, { v1: true, hashOf: rsa.der }), OID.essV1));
    expect(v1.message).toContain('ESS signing-certificate v1 hash does not match');
    const serial = await rejection(withEss(essCertId(ec, { serial: new Uint8Array([0x7f]) })));
    expect(serial.message).toContain('ESS signing-certificate v2 serial number does not match');
    expect(await rejectionCode(withEss(essCertId(ec, { hashAlgorithm: OID.sha1 })))).toBe('CMS_WEAK_DIGEST');
  });

  it('ESS corners: hashes, optional and trailing fields, other issuers, both versions at once', async () => {
    const key = ec.keys.privateKey;
    const withEss = async (...attrs: [asn1js.Sequence, string][]) =>
      verify(
        await resign(await sign(ec), key, (a) => [
          ...a.filter((x) => x.type !== OID.essV2),
          ...attrs.map(([ess, type]) => new Attribute({ type, values: [ess] })),
        ]),
      );
    const v2 = (o: Parameters<typeof essCertId>[1] = {}) =>
      [essCertId(ec, o), OID.essV2] as [asn1js.Sequence, string];
    const v1 = (o: Parameters<typeof essCertId>[1] = {}) =>
      [essCertId(ec, { ...o, v1: true }), OID.essV1] as [asn1js.Sequence, string];
    const ok = async (...attrs: [asn1js.Sequence, string][]) =>
      expect((await withEss(...attrs)).signerCertificate).toEqual(ec.der);
    const refused = async (...attrs: [asn1js.Sequence, string][]) => rejection(withEss(...attrs));

    // accepted: SHA-384, no issuerSerial, further ESSCertIDs (for the CAs) and policies, v1 beside v2
    await ok(v2({ hashAlgorithm: OID.sha384 }));
    await ok(v2({ issuerSerial: false }));
    await ok(v1({ issuerSerial: false }));
    await ok(v2({ others: [essCertId(root).valueBlock.value[0] as asn1js.Sequence], policies: true }));
    await ok(v2(), v1());
    // hashes: MD5 is weak, SHA-224 is not offered
    expect((await refused(v2({ hashAlgorithm: OID.md5 }))).code).toBe('CMS_WEAK_DIGEST');
    expect((await refused(v2({ hashAlgorithm: OID.sha224 }))).code).toBe('CMS_UNSUPPORTED_ALGORITHM');
    // the issuer must be the signer's issuer, as a directoryName
    const otherIssuer = await makeCert({ name: 'CN=Other Root', keys: ec.keys, ca: true });
    for (const issuer of [otherIssuer, 'dNSName'] as const) {
      const e = await refused(v2({ issuer }));
      expect([e.code, e.message]).toEqual([
        'CMS_ESS_CERT_MISMATCH',
        'CMS_ESS_CERT_MISMATCH: ESS signing-certificate v2 issuer does not match the signer',
      ]);
    }
    // v1 is checked even when v2 names the signer
    expect((await refused(v2(), v1({ hashOf: rsa.der }))).message).toContain('v1 hash does not match');
    // structure: nothing after issuerSerial, a serial that is an INTEGER, no hashAlgorithm in v1
    const malformed = [
      v2({ extraField: new asn1js.Null() }),
      v2({ issuerSerial: false, extraField: new asn1js.Sequence({ value: [new asn1js.Null()] }) }),
      [
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.Sequence({
                  value: [
                    new AlgorithmIdentifier({ algorithmId: OID.sha1 }).toSchema(),
                    new asn1js.OctetString({ valueHex: createHash('sha1').update(ec.der).digest() }),
                  ],
                }),
              ],
            }),
          ],
        }),
        OID.essV1,
      ] as [asn1js.Sequence, string],
    ];
    for (const attr of malformed) {
      const e = await refused(attr);
      expect([e.code, e.message]).toEqual([
        'CMS_MALFORMED',
        'CMS_MALFORMED: ESS signing-certificate attribute cannot be decoded',
      ]);
      expect(e.cause).toBeInstanceOf(Error);
    }
    // each structural check by its own reason (the cause)
    const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
    const hash = new asn1js.OctetString({ valueHex: createHash('sha256').update(ec.der).digest() });
    const serial = new asn1js.Integer({ valueHex: Buffer.from(ec.cert.serialNumber, 'hex') });
    const names = seq(
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 4 },
        value: [asn1js.fromBER(ec.cert.issuerName.toArrayBuffer()).result],
      }),
    );
    for (const [ess, why] of [
      [seq(seq()), 'no ESSCertID'],
      [
        seq(seq(seq(new asn1js.Integer({ valueHex: hash.valueBlock.valueHexView })))),
        'certHash is not an OCTET STRING',
      ],
      [
        seq(seq(seq(hash, seq(names, new asn1js.OctetString({ valueHex: new Uint8Array([1]) }))))),
        'bad IssuerSerial',
      ],
      [seq(seq(seq(hash, seq(names, serial), new asn1js.Null()))), 'unexpected fields in ESSCertID'],
    ] as const) {
      const e = await refused([ess, OID.essV2]);
      expect([e.code, (e.cause as Error).message]).toEqual(['CMS_MALFORMED', why]);
    }
    // the signer's issuer among other names of the issuer is enough
    const withDns = seq(
      seq(
        seq(
          hash,
          seq(
            seq(
              new asn1js.Primitive({
                idBlock: { tagClass: 3, tagNumber: 2 },
                valueHex: Buffer.from('school.vn'),
              }),
              names.valueBlock.value[0]!,
            ),
            serial,
          ),
        ),
      ),
    );
    await ok([withDns, OID.essV2]);
  });
});

describe('SignerInfo fields outside the signature', () => {
  const alg = (algorithmId: string, algorithmParams?: asn1js.AsnType) =>
    new AlgorithmIdentifier(algorithmParams ? { algorithmId, algorithmParams } : { algorithmId });

  it('plain rsaEncryption as signature algorithm verifies like sha256WithRSAEncryption', async () => {
    const cms = await sign(rsa);
    expect(parse(cms).signerInfos[0]!.signatureAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.11');
    const plain = rewrite(cms, (sd) => {
      sd.signerInfos[0]!.signatureAlgorithm = alg('1.2.840.113549.1.1.1', new asn1js.Null());
    });
    expect((await verify(plain)).signatureAlgorithm).toBe('RSASSA-PKCS1-v1_5');
  });

  it.each([
    ['digest MD5', 'digest', '1.2.840.113549.2.5', 'CMS_WEAK_DIGEST'],
    ['digest SHA-1', 'digest', OID.sha1, 'CMS_WEAK_DIGEST'],
    ['digest SHA-512', 'digest', OID.sha512, 'CMS_UNSUPPORTED_ALGORITHM'],
    ['sha1WithRSAEncryption', 'signature', '1.2.840.113549.1.1.5', 'CMS_WEAK_DIGEST'],
    ['ecdsa-with-SHA1', 'signature', '1.2.840.10045.4.1', 'CMS_WEAK_DIGEST'],
    ['ecdsa-with-SHA384', 'signature', '1.2.840.10045.4.3.3', 'CMS_UNSUPPORTED_ALGORITHM'],
    ['Ed25519', 'signature', '1.3.101.112', 'CMS_UNSUPPORTED_ALGORITHM'],
  ] as const)('%s → %s', async (_, field, oid, code) => {
    const cms = rewrite(await sign(rsa), (sd) => {
      const si = sd.signerInfos[0]!;
      if (field === 'digest') si.digestAlgorithm = alg(oid);
      else si.signatureAlgorithm = alg(oid);
    });
    expect(await rejectionCode(verify(cms))).toBe(code);
  });

  it('RSASSA-PSS parameters: SHA-1 defaults or MGF1-SHA-1 → CMS_WEAK_DIGEST, salt length is honoured', async () => {
    const cms = await sign(pss);
    const params = new RSASSAPSSParams({
      schema: parse(cms).signerInfos[0]!.signatureAlgorithm.algorithmParams,
    });
    expect([params.hashAlgorithm.algorithmId, params.saltLength]).toEqual([OID.sha256, 32]);
    const withParams = (p: RSASSAPSSParams) =>
      rewrite(cms, (sd) => {
        sd.signerInfos[0]!.signatureAlgorithm = alg('1.2.840.113549.1.1.10', p.toSchema());
      });
    const sha256Alg = new AlgorithmIdentifier({
      algorithmId: OID.sha256,
      algorithmParams: new asn1js.Null(),
    });
    const mgf1 = (h: string) =>
      new AlgorithmIdentifier({
        algorithmId: '1.2.840.113549.1.1.8',
        algorithmParams: new AlgorithmIdentifier({ algorithmId: h }).toSchema(),
      });
    expect(await rejectionCode(verify(withParams(new RSASSAPSSParams({}))))).toBe('CMS_WEAK_DIGEST');
    const mgfSha1 = new RSASSAPSSParams({
      hashAlgorithm: sha256Alg,
      maskGenAlgorithm: mgf1(OID.sha1),
      saltLength: 32,
    });
    expect(await rejectionCode(verify(withParams(mgfSha1)))).toBe('CMS_WEAK_DIGEST');
    const salt20 = new RSASSAPSSParams({
      hashAlgorithm: sha256Alg,
      maskGenAlgorithm: mgf1(OID.sha256),
      saltLength: 20,
    });
    expect(await rejectionCode(verify(withParams(salt20)))).toBe('CMS_SIGNATURE_INVALID');
    const salt32 = new RSASSAPSSParams({
      hashAlgorithm: sha256Alg,
      maskGenAlgorithm: mgf1(OID.sha256),
      saltLength: 32,
    });
    expect((await verify(withParams(salt32))).signatureAlgorithm).toBe('RSA-PSS');
  });

  it('an algorithm that does not fit the key → CMS_SIGNATURE_INVALID', async () => {
    const cms = rewrite(await sign(rsa), (sd) => {
      sd.signerInfos[0]!.signatureAlgorithm = alg('1.2.840.10045.4.3.2');
    });
    expect(await rejectionCode(verify(cms))).toBe('CMS_SIGNATURE_INVALID');
  });

  it('signer named by subject key identifier; unknown identifier → CMS_SIGNER_CERT_MISSING', async () => {
    const cms = await sign(ec);
    const bySki = (cert: TestCert) =>
      rewrite(cms, (sd) => {
        const ski = Certificate.fromBER(cert.der).extensions!.find((e) => e.extnID === '2.5.29.14')!;
        const keyId = asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
        sd.signerInfos[0]!.sid = new asn1js.Primitive({
          idBlock: { tagClass: 3, tagNumber: 0 },
          valueHex: keyId.valueBlock.valueHexView,
        });
        sd.signerInfos[0]!.version = 3;
      });
    expect((await verify(bySki(ec))).signerCertificate).toEqual(ec.der);
    expect(await rejectionCode(verify(bySki(rsa)))).toBe('CMS_SIGNER_CERT_MISSING');
  });

  it('more than one SignerInfo → CMS_SIGNER_COUNT', async () => {
    const cms = rewrite(await sign(ec), (sd) => {
      sd.signerInfos.push(sd.signerInfos[0]!);
    });
    expect(await rejectionCode(verify(cms))).toBe('CMS_SIGNER_COUNT');
  });

  it('a ContentInfo that is not SignedData → CMS_MALFORMED', async () => {
    const sd = parse(await sign(ec));
    const enveloped = new ContentInfo({ contentType: '1.2.840.113549.1.7.3', content: sd.toSchema(true) });
    expect(await rejectionCode(verify(new Uint8Array(enveloped.toSchema().toBER())))).toBe('CMS_MALFORMED');
  });
});

describe('signCms', () => {
  it('writes the signed attributes in DER SET OF order, ESS v2 included', async () => {
    const attrs = parse(await sign(rsa)).signerInfos[0]!.signedAttrs!.attributes;
    expect(attrs.map((a) => a.type).sort()).toEqual(
      [OID.contentType, OID.messageDigest, OID.signingTime, OID.essV2].sort(),
    );
    const encodings = attrs.map((a) => Buffer.from(a.toSchema().toBER()));
    expect(encodings).toEqual([...encodings].sort(Buffer.compare));
  });

  it('signing-time: UTCTime for 1950–2049, GeneralizedTime outside, milliseconds dropped', async () => {
    const cases = [
      ['1950-01-01T00:00:00.000Z', asn1js.UTCTime],
      ['2049-12-31T23:59:59.999Z', asn1js.UTCTime],
      ['2050-01-01T00:00:00.000Z', asn1js.GeneralizedTime],
      ['1949-12-31T23:59:59.000Z', asn1js.GeneralizedTime],
    ] as const;
    for (const [iso, type] of cases) {
      const t = new Date(iso);
      const signer = await makeCert({
        name: 'CN=Time',
        keys: ec.keys,
        issuer: root,
        ca: false,
        notBefore: new Date(t.getTime() - 1e10),
        notAfter: new Date(t.getTime() + 1e10),
      });
      const cms = await sign(signer, content, t);
      const attr = parse(cms).signerInfos[0]!.signedAttrs!.attributes.find(
        (a) => a.type === OID.signingTime,
      )!;
      expect(attr.values[0]).toBeInstanceOf(type);
      // asn1js's GeneralizedTime is a subclass of its UTCTime: the tag tells them apart (23 and 24)
      expect(attr.values[0]!.idBlock.tagNumber).toBe(type === asn1js.UTCTime ? 23 : 24);
      expect((await verify(cms)).signingTime.getTime()).toBe(Math.floor(t.getTime() / 1000) * 1000);
    }
  });

  it('signing-time round-trips for any second between 1900 and 2200 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), async (ms) => {
        const cms = await sign(ec, content, new Date(ms));
        expect((await verify(cms)).signingTime.getTime()).toBe(Math.floor(ms / 1000) * 1000);
      }),
      { numRuns: 25 },
    );
  });

  it('ECDSA signatures are DER that OpenSSL (node:crypto) accepts, for many random r and s', async () => {
    const publicKey = new X509Certificate(ec.der).publicKey;
    for (let i = 0; i < 48; i++) {
      const si = parse(await sign(ec, content)).signerInfos[0]!;
      const signed = Buffer.from(si.signedAttrs!.encodedValue);
      expect(signed[0]).toBe(0x31); // verified as SET OF, not as the [0] it is stored with
      const sig = Buffer.from(si.signature.valueBlock.valueHexView);
      expect(nodeVerify('sha256', signed, publicKey, sig)).toBe(true);
    }
  });

  it('signs empty content and verifies it', async () => {
    const cms = await sign(ec, new Uint8Array(0));
    const sig = await verifyCmsSignature({ content: new Uint8Array(0), cms });
    expect(sig.signerCertificate).toEqual(ec.der);
    expect(await rejectionCode(verifyCmsSignature({ content: new Uint8Array(1), cms }))).toBe(
      'CMS_DIGEST_MISMATCH',
    );
  });

  it('refuses keys it must not use', async () => {
    expect(
      await rejectionCode(
        signCms({ content, privateKey: rsa.keys.privateKey, certificate: ec.der, signingTime: at }),
      ),
    ).toBe('CMS_SIGNATURE_INVALID'); // key does not belong to the certificate
    const p384 = await makeCert({
      name: 'CN=P384',
      keys: await generateKeys('EC-P384'),
      issuer: root,
      ca: false,
    });
    expect(await rejectionCode(sign(p384))).toBe('CERT_WEAK_KEY');
    const sha384 = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-384',
      },
      false,
      ['sign', 'verify'],
    );
    expect(
      await rejectionCode(
        signCms({ content, privateKey: sha384.privateKey, certificate: rsa.der, signingTime: at }),
      ),
    ).toBe('CMS_UNSUPPORTED_ALGORITHM');
    expect(
      await rejectionCode(
        signCms({ content, privateKey: ec.keys.privateKey, certificate: new Uint8Array(9), signingTime: at }),
      ),
    ).toBe('CERT_MALFORMED');
  });
});
