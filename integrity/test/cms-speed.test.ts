/**
 * What issue 16 changed in the CMS checks for speed, each shown to keep the answers: SignedData read field by
 * field (readSignedData) refuses what pkijs's schema refused; public keys imported once per key and
 * parameters; a certificate's signature by its issuer checked once per pair of certificates.
 */
import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, CryptoEngine } from 'pkijs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cryptoEngine } from '../src/cms/engine.ts';
import { signCms, verifyCmsSignature, verifySignerCertificate } from '../src/cms/index.ts';
import { readSignedData } from '../src/cms/signed-data.ts';
import { rejection } from './codes.ts';
import { generateKeys, makeCert, type TestCert } from './fixtures/pki.ts';
import { beforeAllOrFail } from './fixtures/setup.ts';

const content = new TextEncoder().encode('{"batchId":"B-16"}');
const at = new Date();
let root: TestCert;
let signer: TestCert;
let cms: Uint8Array;

beforeAllOrFail(async () => {
  root = await makeCert({ name: 'CN=Speed Root', keys: await generateKeys('EC'), ca: true });
  signer = await makeCert({
    name: 'CN=Speed Signer',
    keys: await generateKeys('EC'),
    issuer: root,
    ca: false,
  });
  cms = await signCms({
    content,
    privateKey: signer.keys.privateKey,
    certificate: signer.der,
    signingTime: at,
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The SignedData's elements, decoded from `cms`, to be edited and encoded again. */
function elements(): asn1js.AsnType[] {
  const info = ContentInfo.fromBER(cms.slice().buffer);
  return [...(info.content as asn1js.Sequence).valueBlock.value];
}
const encodeWith = (value: asn1js.AsnType[]) =>
  new Uint8Array(
    new ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: new asn1js.Sequence({ value }) })
      .toSchema()
      .toBER(),
  );
const context = (tag: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value });

describe('SignedData read field by field', () => {
  it('reads what signCms writes: version, digest algorithm, content type, the certificate, one signer', () => {
    const sd = readSignedData(ContentInfo.fromBER(cms.slice().buffer).content);
    expect(sd.version).toBe(1);
    expect(sd.digestAlgorithms.map((a) => a.algorithmId)).toEqual(['2.16.840.1.101.3.4.2.1']);
    expect(sd.encapContentInfo.eContentType).toBe('1.2.840.113549.1.7.1');
    expect(sd.certificates.map((c) => new Uint8Array(c.valueBeforeDecodeView))).toEqual([signer.der]);
    expect(sd.signerInfos).toHaveLength(1);
  });

  // Each edit breaks one field; the reader's own words name it (the cause of CMS_MALFORMED).
  const broken: [string, (e: asn1js.AsnType[]) => asn1js.AsnType[], RegExp][] = [
    ['version not an INTEGER', ([, ...rest]) => [new asn1js.Null(), ...rest], /version is not an INTEGER/],
    [
      'digestAlgorithms not a SET',
      ([v, , ...rest]) => [v!, new asn1js.Sequence(), ...rest],
      /digestAlgorithms is not a SET/,
    ],
    [
      'encapContentInfo not a SEQUENCE',
      ([v, d, , ...rest]) => [v!, d!, new asn1js.Null(), ...rest],
      /encapContentInfo is not a SEQUENCE/,
    ],
    ['signerInfos missing', (e) => e.slice(0, -1), /signerInfos is not a SET/],
    ['an element after signerInfos', (e) => [...e, new asn1js.Null()], /after SignedData signerInfos/],
    ['certificates after signerInfos', (e) => [...e.filter((x) => x.idBlock.tagClass !== 3), e[3]!], /after/],
  ];
  for (const [what, edit, cause] of broken) {
    it(`refuses ${what} as CMS_MALFORMED`, async () => {
      const e = await rejection(verifyCmsSignature({ content, cms: encodeWith(edit(elements())) }));
      expect(e.code).toBe('CMS_MALFORMED');
      expect(String((e.cause as Error).message)).toMatch(cause);
    });
  }

  it('refuses a malformed digest algorithm, a malformed signer info and a malformed CRL list', async () => {
    const e = elements();
    const [v, , eci, certs, si] = e;
    const cases = [
      [v!, new asn1js.Set({ value: [new asn1js.Null()] }), eci!, certs!, si!],
      [v!, e[1]!, eci!, certs!, new asn1js.Set({ value: [new asn1js.Null()] })],
      [v!, e[1]!, eci!, certs!, context(1, [new asn1js.Null()]), si!],
    ];
    for (const value of cases) {
      expect((await rejection(verifyCmsSignature({ content, cms: encodeWith(value) }))).code).toBe(
        'CMS_MALFORMED',
      );
    }
  });

  it('accepts an empty CRL list and no certificates field (the signer then supplied)', async () => {
    const [v, d, eci, certs, si] = elements();
    const withCrls = encodeWith([v!, d!, eci!, certs!, context(1, []), si!]);
    expect((await verifyCmsSignature({ content, cms: withCrls })).signerCertificate).toEqual(signer.der);
    const bare = encodeWith([v!, d!, eci!, si!]);
    expect(
      (await verifyCmsSignature({ content, cms: bare, certificates: [signer.der] })).certificates,
    ).toEqual([signer.der]);
  });

  it('refuses a certificate set holding a choice pkijs cannot read', async () => {
    const [v, d, eci, certs, si] = elements();
    const odd = context(0, [
      ...(certs as asn1js.Constructed).valueBlock.value,
      context(3, [new asn1js.Null()]),
    ]);
    expect(
      (await rejection(verifyCmsSignature({ content, cms: encodeWith([v!, d!, eci!, odd, si!]) }))).code,
    ).toBe('CMS_MALFORMED');
  });
});

describe('public keys imported once', () => {
  const params = { name: 'ECDSA', namedCurve: 'P-256' };

  it('gives the same key for the same SPKI and parameters, another for other usages', async () => {
    const engine = cryptoEngine();
    const imports = vi.spyOn(CryptoEngine.prototype, 'importKey');
    // A key no other test imported.
    const bytes = await crypto.subtle.exportKey('spki', (await generateKeys('EC')).publicKey);
    const a = await engine.importKey('spki', bytes, params, true, ['verify']);
    const b = await engine.importKey('spki', bytes.slice(0), params, true, ['verify']);
    expect(b).toBe(a);
    expect(imports).toHaveBeenCalledTimes(1);
    const c = await engine.importKey('spki', bytes, params, false, ['verify']);
    expect(c).not.toBe(a);
    expect(c.extractable).toBe(false);
  });

  it('does not keep a failed import: the same call goes to pkijs again', async () => {
    const engine = cryptoEngine();
    const imports = vi.spyOn(CryptoEngine.prototype, 'importKey');
    const garbage = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]).buffer;
    await expect(engine.importKey('spki', garbage, params, true, ['verify'])).rejects.toThrow();
    await expect(engine.importKey('spki', garbage, params, true, ['verify'])).rejects.toThrow();
    expect(imports).toHaveBeenCalledTimes(2);
  });

  it('keeps the 64 most recently imported: the 65th pushes the first out', async () => {
    const engine = cryptoEngine();
    const spkis = await Promise.all(
      Array.from({ length: 65 }, async () =>
        crypto.subtle.exportKey('spki', (await generateKeys('EC')).publicKey),
      ),
    );
    for (const k of spkis) await engine.importKey('spki', k, params, true, ['verify']);
    const imports = vi.spyOn(CryptoEngine.prototype, 'importKey');
    await engine.importKey('spki', spkis[64]!, params, true, ['verify']);
    expect(imports).toHaveBeenCalledTimes(0);
    await engine.importKey('spki', spkis[0]!, params, true, ['verify']);
    expect(imports).toHaveBeenCalledTimes(1);
  });

  it('keeps no private key', async () => {
    const engine = cryptoEngine();
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', signer.keys.privateKey);
    const a = await engine.importKey('pkcs8', pkcs8, params, false, ['sign']);
    const b = await engine.importKey('pkcs8', pkcs8, params, false, ['sign']);
    expect(b).not.toBe(a);
  });
});

describe('a certificate signature checked once per pair', () => {
  it('checks the signer’s signature by the root once over two verifications, with the same answer', async () => {
    const verify = vi.spyOn(Certificate.prototype, 'verify');
    const o = { signerCertificate: signer.der, intermediates: [], trustAnchors: [root.der], at };
    const first = await verifySignerCertificate(o);
    const second = await verifySignerCertificate(o);
    expect(second).toEqual(first);
    expect(first.chain).toEqual([signer.der, root.der]);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('keeps a refused pair refused: a certificate its named issuer did not sign stays untrusted', async () => {
    const impostor = await makeCert({ name: 'CN=Speed Root', keys: await generateKeys('EC'), ca: true });
    const o = { signerCertificate: signer.der, intermediates: [], trustAnchors: [impostor.der], at };
    expect((await rejection(verifySignerCertificate(o))).code).toBe('CERT_CHAIN_UNTRUSTED');
    expect((await rejection(verifySignerCertificate(o))).code).toBe('CERT_CHAIN_UNTRUSTED');
  });
});
