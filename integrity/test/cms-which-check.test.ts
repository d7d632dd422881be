/**
 * verifyCmsSignature: WHICH check refused. Several checks refuse with one code (CMS_SIGNATURE_INVALID,
 * CMS_SIGNED_ATTRS_MISSING, CMS_MALFORMED), so a test of the code alone cannot see one of them go missing
 * when a later one refuses the same input. Each case here breaks one thing and asserts the refusal's facts
 * (details, cause, the check's own explanation), or feeds an input that a later check alone would accept,
 * so that the earlier check is the only thing between it and a "valid" answer.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  type Attribute,
  Certificate,
  CertificateRevocationList,
  ContentInfo,
  OtherCertificateFormat,
  SignedAndUnsignedAttributes,
  SignedData,
} from 'pkijs';
import { describe, expect, it } from 'vitest';
import { signCms, verifyCmsSignature } from '../src/cms/index.ts';
import { rejection } from './codes.ts';
import { generateKeys, makeCert, type TestCert, x509 } from './fixtures/pki.ts';
import { beforeAllOrFail } from './fixtures/setup.ts';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  essV2: '1.2.840.113549.1.9.16.2.47',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

const content = new TextEncoder().encode('{"batchId":"B-7","root":"cd"}');
const at = new Date('2026-05-05T05:05:05Z');
let root: TestCert;
let otherRoot: TestCert;
let rsa: TestCert;
let ec: TestCert;

beforeAllOrFail(async () => {
  root = await makeCert({ name: 'CN=Which Root', keys: await generateKeys('EC'), ca: true });
  otherRoot = await makeCert({ name: 'CN=Other Root', keys: await generateKeys('EC'), ca: true });
  rsa = await makeCert({ name: 'CN=Signer RSA', keys: await generateKeys('RSA'), issuer: root, ca: false });
  ec = await makeCert({ name: 'CN=Signer EC', keys: await generateKeys('EC'), issuer: root, ca: false });
});

const parse = (cms: Uint8Array) =>
  new SignedData({ schema: ContentInfo.fromBER(new Uint8Array(cms)).content });
const encode = (sd: SignedData) =>
  new Uint8Array(
    new ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) }).toSchema().toBER(),
  );
const sign = (s: TestCert, data = content) =>
  signCms({ content: data, privateKey: s.keys.privateKey, certificate: s.der, signingTime: at });
const verify = (cms: Uint8Array, certificates?: Uint8Array[], data = content) =>
  verifyCmsSignature({ content: data, cms, ...(certificates ? { certificates } : {}) });

/** Changes unsigned parts of the CMS (no new signature). */
function rewrite(cms: Uint8Array, edit: (sd: SignedData) => void): Uint8Array {
  const sd = parse(cms);
  edit(sd);
  return encode(sd);
}

/** Rewrites the signed attributes and signs them again with the signer's key. */
async function resign(cms: Uint8Array, key: CryptoKey, edit: (attrs: Attribute[]) => Attribute[]) {
  const sd = parse(cms);
  const si = sd.signerInfos[0]!;
  si.signedAttrs = new SignedAndUnsignedAttributes({ type: 0, attributes: edit(si.signedAttrs!.attributes) });
  await sd.sign(key, 0, 'SHA-256');
  return encode(sd);
}
const without = (type: string) => (attrs: Attribute[]) => attrs.filter((a) => a.type !== type);

/** The refusal's explanation, without the code in front. */
const words = (e: Error) => e.message.replace(/^[A-Z_]+: /, '');

describe('the facts of a refusal', () => {
  it('CMS_SIGNER_COUNT says how many SignerInfos there were', async () => {
    const two = rewrite(await sign(ec), (sd) => {
      sd.signerInfos.push(sd.signerInfos[0]!);
    });
    const none = rewrite(await sign(ec), (sd) => {
      sd.signerInfos = [];
    });
    expect(await rejection(verify(two))).toMatchObject({
      code: 'CMS_SIGNER_COUNT',
      details: { signerInfos: 2 },
    });
    expect(await rejection(verify(none))).toMatchObject({
      code: 'CMS_SIGNER_COUNT',
      details: { signerInfos: 0 },
    });
  });

  it('CMS_SIGNED_ATTRS_MISSING: no signed attributes at all, or which of the two required is missing', async () => {
    const bare = rewrite(await sign(ec), (sd) => {
      delete sd.signerInfos[0]!.signedAttrs;
    });
    const absent = await rejection(verify(bare));
    expect(absent.code).toBe('CMS_SIGNED_ATTRS_MISSING');
    // the first check (no SET at all), not the second one that lists content-type and message-digest
    expect(words(absent)).toBe('signed attributes are required');
    expect(absent.details).toBeUndefined();

    const noType = await resign(await sign(ec), ec.keys.privateKey, without(OID.contentType));
    expect(await rejection(verify(noType))).toMatchObject({
      code: 'CMS_SIGNED_ATTRS_MISSING',
      details: { contentType: false, messageDigest: true },
    });
    const noDigest = await resign(await sign(ec), ec.keys.privateKey, without(OID.messageDigest));
    expect(await rejection(verify(noDigest))).toMatchObject({
      code: 'CMS_SIGNED_ATTRS_MISSING',
      details: { contentType: true, messageDigest: false },
    });
  });

  it('a message-digest that is only the start of the content’s digest → CMS_DIGEST_MISMATCH', async () => {
    const digest = createHash('sha256').update(content).digest();
    const cms = await resign(await sign(ec), ec.keys.privateKey, (attrs) =>
      attrs.map((a) =>
        a.type === OID.messageDigest
          ? Object.assign(a, { values: [new asn1js.OctetString({ valueHex: digest.subarray(0, 31) })] })
          : a,
      ),
    );
    expect((await rejection(verify(cms))).code).toBe('CMS_DIGEST_MISMATCH');
  });

  it('CMS_CONTENT_TYPE_MISMATCH names the content-type attribute it found', async () => {
    const other = '1.2.840.113549.1.9.16.1.4';
    const cms = await resign(await sign(ec), ec.keys.privateKey, (attrs) =>
      attrs.map((a) =>
        a.type === OID.contentType
          ? Object.assign(a, { values: [new asn1js.ObjectIdentifier({ value: other })] })
          : a,
      ),
    );
    expect(await rejection(verify(cms))).toMatchObject({
      code: 'CMS_CONTENT_TYPE_MISMATCH',
      details: { contentType: other },
    });
  });

  it('CMS_MALFORMED keeps the parser’s error as its cause', async () => {
    const sd = parse(await sign(ec));
    const enveloped = new ContentInfo({ contentType: '1.2.840.113549.1.7.3', content: sd.toSchema(true) });
    const notSigned = await rejection(verify(new Uint8Array(enveloped.toSchema().toBER())));
    expect(notSigned.code).toBe('CMS_MALFORMED');
    expect((notSigned.cause as Error).message).toBe('content type 1.2.840.113549.1.7.3 is not signed-data');
    const garbage = await rejection(verify(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])));
    expect(garbage.code).toBe('CMS_MALFORMED');
    expect(garbage.cause).toBeInstanceOf(Error);
  });
});

describe('the signature algorithm must fit the key', () => {
  it('an ECDSA signature labelled rsaEncryption is refused, though pkijs would verify it with the EC key', async () => {
    // pkijs takes the key's algorithm from the certificate when the label is plain rsaEncryption.
    const cms = rewrite(await sign(ec), (sd) => {
      sd.signerInfos[0]!.signatureAlgorithm = new AlgorithmIdentifier({
        algorithmId: OID.rsaEncryption,
        algorithmParams: new asn1js.Null(),
      });
    });
    const e = await rejection(verify(cms));
    expect(e.code).toBe('CMS_SIGNATURE_INVALID');
    expect(words(e)).toBe('a RSASSA-PKCS1-v1_5 signature needs an RSA key');
  });

  it('an RSA signature labelled ECDSA is refused by the key check, before any signature check', async () => {
    const cms = rewrite(await sign(rsa), (sd) => {
      sd.signerInfos[0]!.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
    });
    expect(words(await rejection(verify(cms)))).toBe('a ECDSA-P256 signature needs an EC key');
  });
});

describe('the ECDSA signature value must be strict DER', () => {
  const int = (b: Uint8Array | number[]) => Uint8Array.from([0x02, b.length, ...b]);
  const seqOf = (...parts: Uint8Array[]) => {
    const body = parts.flatMap((p) => [...p]);
    return Uint8Array.from([0x30, body.length, ...body]);
  };
  /** r and s of a real signature, as magnitudes (no sign-padding zero). */
  async function signatureParts() {
    for (;;) {
      const cms = await sign(ec);
      const sig = parse(cms).signerInfos[0]!.signature.valueBlock.valueHexView;
      const seq = asn1js.fromBER(sig.slice()).result as asn1js.Sequence;
      const [r, s] = seq.valueBlock.value.map((i) => {
        const v = (i as asn1js.Integer).valueBlock.valueHexView;
        return v[0] === 0 ? v.slice(1) : v.slice();
      }) as [Uint8Array, Uint8Array];
      // one of each kind: r needs a sign-padding zero, s does not (half of all signatures)
      if (r[0]! >= 0x80 && s[0]! < 0x80 && s.length === 32) return { cms, r, s };
    }
  }
  const withSignature = (cms: Uint8Array, value: Uint8Array) =>
    rewrite(cms, (sd) => {
      sd.signerInfos[0]!.signature = new asn1js.OctetString({ valueHex: value });
    });

  it('the strict DER of the same (r, s) verifies; every other encoding is refused as not strict DER', async () => {
    const { cms, r, s } = await signatureParts();
    const der = seqOf(int([0, ...r]), int(s));
    expect((await verify(withSignature(cms, der))).signatureAlgorithm).toBe('ECDSA-P256');
    const variants = {
      // pkijs reads these two as the same (r, s) and would accept them: only our check stands in the way
      'long-form length': Uint8Array.from([0x30, 0x81, der[1]!, ...der.subarray(2)]),
      'a byte after the SEQUENCE': Uint8Array.from([...der, 0]),
      's with a needless zero byte': seqOf(int([0, ...r]), int([0, ...s])),
      'r without its sign-padding zero': seqOf(int(r), int(s)),
      'r of 33 bytes': seqOf(int([1, ...r]), int(s)),
      's of 33 bytes': seqOf(int([0, ...r]), int([1, ...s])),
      'r empty': seqOf(int([]), int(s)),
      's empty': seqOf(int([0, ...r]), int([])),
      'r not an INTEGER': seqOf(Uint8Array.from([0x04, r.length, ...r]), int(s)),
      's not an INTEGER': seqOf(int([0, ...r]), Uint8Array.from([0x04, s.length, ...s])),
      'r alone': seqOf(int([0, ...r])),
      'a third INTEGER': seqOf(int([0, ...r]), int(s), int([1])),
      'a SET, not a SEQUENCE': Uint8Array.from([0x31, ...der.subarray(1)]),
      'not ASN.1': Uint8Array.from([0x30, 0x7f, 1]),
    };
    for (const [what, value] of Object.entries(variants)) {
      const e = await rejection(verify(withSignature(cms, value)));
      expect([what, e.code, words(e)]).toEqual([
        what,
        'CMS_SIGNATURE_INVALID',
        'the ECDSA signature value is not strict DER',
      ]);
    }
  });

  it('r or s of zero is strict DER, and refused by the signature check', async () => {
    const { cms, r, s } = await signatureParts();
    for (const value of [seqOf(int([0]), int(s)), seqOf(int([0, ...r]), int([0]))]) {
      const e = await rejection(verify(withSignature(cms, value)));
      expect([e.code, words(e)]).toEqual(['CMS_SIGNATURE_INVALID', 'the signature does not verify']);
    }
  });
});

describe('the certificates set and the signer lookup', () => {
  it('a CMS without any certificate verifies with the signer supplied', async () => {
    const cms = rewrite(await sign(ec), (sd) => {
      delete sd.certificates;
    });
    expect((await verify(cms, [ec.der])).signerCertificate).toEqual(ec.der);
    expect((await rejection(verify(cms))).code).toBe('CMS_SIGNER_CERT_MISSING');
  });

  it('a CRL beside no certificates is not read as one', async () => {
    const crl = await x509.X509CrlGenerator.create({
      issuer: root.cert.subject,
      signingKey: root.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      thisUpdate: at,
    });
    const cms = rewrite(await sign(ec), (sd) => {
      delete sd.certificates;
      sd.crls = [CertificateRevocationList.fromBER(crl.rawData)];
    });
    expect((await verify(cms, [ec.der])).signerCertificate).toEqual(ec.der);
  });

  it('certificate choices other than a certificate are skipped', async () => {
    const cms = rewrite(await sign(ec), (sd) => {
      sd.certificates = [
        new OtherCertificateFormat({ otherCertFormat: '1.2.3.4', otherCert: new asn1js.Null() }),
        ...sd.certificates!,
      ];
    });
    const sig = await verify(cms);
    expect(sig.signerCertificate).toEqual(ec.der);
    expect(sig.certificates).toEqual([ec.der]);
  });

  it('by issuer and serial: both must match, a certificate matching one of them is passed over', async () => {
    const sameSerial = await makeCert({
      name: 'CN=Signer EC',
      keys: ec.keys,
      issuer: otherRoot,
      ca: false,
      serialNumber: ec.cert.serialNumber,
    });
    // the supplied certificates are looked at first: each one would be taken if one field were enough
    for (const decoy of [rsa, sameSerial]) {
      expect((await verify(await sign(ec), [decoy.der])).signerCertificate).toEqual(ec.der);
    }
  });

  /** The CMS with its signer named by subject key identifier, as `[0]` holding `id` (a node of the caller's). */
  const bySubjectKeyId = (cms: Uint8Array, sid: asn1js.AsnType) =>
    rewrite(cms, (sd) => {
      sd.signerInfos[0]!.sid = sid;
      sd.signerInfos[0]!.version = 3;
    });
  const implicitId = (id: ArrayBuffer | Uint8Array) =>
    new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: id });

  it('by subject key identifier: the extension’s value, whatever it is derived from', async () => {
    const id = '0123456789abcdef0123456789abcdef01234567';
    const custom = await makeCert({
      name: 'CN=Custom SKI',
      keys: ec.keys,
      issuer: root,
      ca: false,
      subjectKeyId: id,
    });
    const cms = bySubjectKeyId(await sign(custom), implicitId(Buffer.from(id, 'hex')));
    expect((await verify(cms)).signerCertificate).toEqual(custom.der);
    // the SHA-1 of the key is not the name of this certificate
    const keyHash = await custom.cert.publicKey.getKeyIdentifier();
    expect((await rejection(verify(bySubjectKeyId(await sign(custom), implicitId(keyHash))))).code).toBe(
      'CMS_SIGNER_CERT_MISSING',
    );
  });

  it('by subject key identifier, for a certificate without the extension: the SHA-1 of its key', async () => {
    const noSki = await makeCert({
      name: 'CN=No SKI',
      keys: ec.keys,
      issuer: root,
      ca: false,
      subjectKeyId: null,
    });
    expect(Certificate.fromBER(noSki.der).extensions!.some((e) => e.extnID === '2.5.29.14')).toBe(false);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', ec.keys.publicKey));
    const keyHash = createHash('sha1').update(raw).digest();
    const cms = bySubjectKeyId(await sign(noSki), implicitId(keyHash));
    expect((await verify(cms)).signerCertificate).toEqual(noSki.der);
    const sha256 = createHash('sha256').update(raw).digest().subarray(0, 20);
    expect((await rejection(verify(bySubjectKeyId(await sign(noSki), implicitId(sha256))))).code).toBe(
      'CMS_SIGNER_CERT_MISSING',
    );
  });

  it('by subject key identifier wrapped in an OCTET STRING; anything else wrapped is malformed', async () => {
    const ski = Certificate.fromBER(ec.der).extensions!.find((e) => e.extnID === '2.5.29.14')!;
    const keyId = (asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result as asn1js.OctetString)
      .valueBlock.valueHexView;
    const wrapped = (inner: asn1js.AsnType) =>
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
    const cms = await sign(ec);
    const octets = bySubjectKeyId(cms, wrapped(new asn1js.OctetString({ valueHex: keyId })));
    expect((await verify(octets)).signerCertificate).toEqual(ec.der);
    // pkijs's SignerInfo schema lets only an OCTET STRING through inside a constructed [0]
    const integer = bySubjectKeyId(cms, wrapped(new asn1js.Integer({ valueHex: keyId })));
    expect((await rejection(verify(integer))).code).toBe('CMS_MALFORMED');
  });
});

describe('the final signature check', () => {
  it('empty content signed with RSA and labelled rsaEncryption (as openssl writes it) verifies', async () => {
    const empty = new Uint8Array(0);
    const cms = rewrite(await sign(rsa, empty), (sd) => {
      sd.signerInfos[0]!.signatureAlgorithm = new AlgorithmIdentifier({
        algorithmId: OID.rsaEncryption,
        algorithmParams: new asn1js.Null(),
      });
    });
    expect((await verify(cms, undefined, empty)).signatureAlgorithm).toBe('RSASSA-PKCS1-v1_5');
  });

  it('a key Web Crypto cannot import → CMS_SIGNATURE_INVALID with the engine’s error as cause', async () => {
    // The EC signer's certificate with a point off the curve (its own signature no longer matters here).
    const der = ec.der.slice();
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', ec.keys.publicKey));
    const at = Buffer.from(der).indexOf(Buffer.from(raw));
    expect(at).toBeGreaterThan(0);
    der[at + raw.length - 1]! ^= 0x01;
    const cms = rewrite(await resign(await sign(ec), ec.keys.privateKey, without(OID.essV2)), (sd) => {
      sd.certificates = [Certificate.fromBER(der)];
    });
    const e = await rejection(verify(cms));
    expect([e.code, words(e)]).toEqual(['CMS_SIGNATURE_INVALID', 'the signature does not verify']);
    expect(e.cause).toBeDefined();
  });
});

describe('signCms', () => {
  it('embeds each certificate once, signer and chain together in DER SET OF order', async () => {
    const inter = await makeCert({
      name: 'CN=Which Issuing CA',
      keys: await generateKeys('EC'),
      issuer: root,
      ca: 0,
    });
    // both orders of the chain: at least one of them is not already the DER order
    for (const chain of [
      [inter.der, ec.der, root.der, inter.der],
      [root.der, ec.der, inter.der, root.der],
    ]) {
      const cms = await signCms({
        content,
        privateKey: ec.keys.privateKey,
        certificate: ec.der,
        chain,
        signingTime: at,
      });
      const embedded = parse(cms).certificates!.map((c) =>
        Buffer.from((c as Certificate).toSchema().toBER()),
      );
      expect(embedded).toHaveLength(3);
      expect(embedded).toEqual([...embedded].sort(Buffer.compare));
      expect(new Set(embedded.map((b) => b.toString('hex')))).toEqual(
        new Set([ec.der, inter.der, root.der].map((d) => Buffer.from(d).toString('hex'))),
      );
    }
  });

  it('refuses a key it cannot sign with, naming the key’s algorithm', async () => {
    const signWith = (privateKey: CryptoKey, certificate = ec.der) =>
      rejection(signCms({ content, privateKey, certificate, signingTime: at }));
    // the public half of the right key pair
    expect(await signWith(ec.keys.publicKey)).toMatchObject({
      code: 'CMS_UNSUPPORTED_ALGORITHM',
      details: { algorithm: 'ECDSA', hash: undefined, namedCurve: 'P-256' },
    });
    const p384 = await generateKeys('EC-P384');
    expect(await signWith(p384.privateKey)).toMatchObject({
      code: 'CMS_UNSUPPORTED_ALGORITHM',
      details: { algorithm: 'ECDSA', namedCurve: 'P-384' },
    });
    const pss384 = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' },
      false,
      ['sign', 'verify'],
    );
    expect(await signWith(pss384.privateKey, rsa.der)).toMatchObject({
      code: 'CMS_UNSUPPORTED_ALGORITHM',
      details: { algorithm: 'RSA-PSS', hash: 'SHA-384' },
    });
    // an RSA key for another use, with SHA-256: the name decides, not the hash
    const oaep = await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['encrypt', 'decrypt'],
    );
    expect(await signWith(oaep.privateKey, rsa.der)).toMatchObject({
      code: 'CMS_UNSUPPORTED_ALGORITHM',
      details: { algorithm: 'RSA-OAEP', hash: 'SHA-256' },
    });
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const e = await signWith(ed.privateKey);
    expect([e.code, words(e)]).toEqual(['CMS_UNSUPPORTED_ALGORITHM', 'cannot sign with a Ed25519 key']);
  });

  it('refuses an invalid signing time', async () => {
    await expect(
      signCms({
        content,
        privateKey: ec.keys.privateKey,
        certificate: ec.der,
        signingTime: new Date(Number.NaN),
      }),
    ).rejects.toThrow(new RangeError('signingTime is not a valid date'));
  });
});
