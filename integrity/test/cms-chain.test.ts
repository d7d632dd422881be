/**
 * verifySignerCertificate: certification paths built from certificates with exactly chosen validity,
 * constraints and keys (fixtures/pki.ts, @peculiar/x509).
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifySignerCertificate } from '../src/cms/index.ts';
import { rejection, rejectionCode } from './codes.ts';
import { generateKeys, makeCert, type TestCert, x509 } from './fixtures/pki.ts';

const KU = x509.KeyUsageFlags;
const d = (iso: string) => new Date(iso);
const AT = d('2026-06-01T00:00:00Z');

let root: TestCert;
let inter: TestCert;
let signer: TestCert;
let ecKeys: CryptoKeyPair;

beforeAll(async () => {
  root = await makeCert({
    name: 'CN=Test Ministry Root,O=Bộ Giáo dục và Đào tạo,C=VN',
    keys: await generateKeys('RSA'),
    ca: true,
    notBefore: d('2020-01-01T00:00:00Z'),
    notAfter: d('2040-01-01T00:00:00Z'),
  });
  inter = await makeCert({
    name: 'CN=Test Province CA,C=VN',
    keys: await generateKeys('EC'),
    issuer: root,
    ca: 0,
    notBefore: d('2021-01-01T00:00:00Z'),
    notAfter: d('2035-01-01T00:00:00Z'),
  });
  ecKeys = await generateKeys('EC');
  signer = await leaf('CN=Principal,O=Trường Tiểu học Kim Đồng');
});

function leaf(name: string, o: Partial<Parameters<typeof makeCert>[0]> = {}) {
  return makeCert({
    name,
    keys: ecKeys,
    issuer: inter,
    ca: false,
    keyUsage: KU.digitalSignature | KU.nonRepudiation,
    notBefore: d('2025-01-01T00:00:00Z'),
    notAfter: d('2028-01-01T00:00:00Z'),
    ...o,
  });
}

const verify = (s: TestCert, intermediates: TestCert[], anchors: TestCert[] = [root], at = AT) =>
  verifySignerCertificate({
    signerCertificate: s.der,
    intermediates: intermediates.map((c) => c.der),
    trustAnchors: anchors.map((c) => c.der),
    at,
  });

describe('paths that validate', () => {
  it('signer → intermediate → root, intermediates in any order among unrelated certificates', async () => {
    const stranger = await makeCert({ name: 'CN=Stranger CA', keys: await generateKeys('EC'), ca: true });
    const { chain } = await verify(signer, [stranger, signer, inter, root]);
    expect(chain).toEqual([signer.der, inter.der, root.der]);
  });

  it('validity bounds are inclusive, to the second', async () => {
    expect((await verify(signer, [inter], [root], d('2028-01-01T00:00:00Z'))).chain).toHaveLength(3);
    expect((await verify(signer, [inter], [root], d('2025-01-01T00:00:00Z'))).chain).toHaveLength(3);
    expect(await rejectionCode(verify(signer, [inter], [root], d('2028-01-01T00:00:01Z')))).toBe(
      'CERT_EXPIRED',
    );
    expect(await rejectionCode(verify(signer, [inter], [root], d('2024-12-31T23:59:59Z')))).toBe(
      'CERT_NOT_YET_VALID',
    );
  });

  it('keyUsage: nonRepudiation alone is enough, and an absent keyUsage allows everything', async () => {
    expect(
      (await verify(await leaf('CN=NR only', { keyUsage: KU.nonRepudiation }), [inter])).chain,
    ).toHaveLength(3);
    expect((await verify(await leaf('CN=No KU', { keyUsage: null }), [inter])).chain).toHaveLength(3);
  });

  it('backtracks past a refused candidate: an expired copy of the CA next to its renewal', async () => {
    const expiredCopy = await makeCert({
      name: inter.name,
      keys: inter.keys,
      issuer: root,
      ca: 0,
      notBefore: d('2021-01-01T00:00:00Z'),
      notAfter: d('2022-01-01T00:00:00Z'),
    });
    const { chain } = await verify(signer, [expiredCopy, inter]);
    expect(chain).toEqual([signer.der, inter.der, root.der]);
    // alone, the expired copy is the reason given
    expect(await rejectionCode(verify(signer, [expiredCopy]))).toBe('CERT_EXPIRED');
  });

  it('accepts RSA-PSS and P-384 CA keys and a signer issued directly by the root', async () => {
    const pssRoot = await makeCert({ name: 'CN=PSS Root', keys: await generateKeys('RSA-PSS'), ca: true });
    const p384 = await makeCert({
      name: 'CN=P-384 CA',
      keys: await generateKeys('EC-P384'),
      issuer: pssRoot,
      ca: true,
    });
    const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: p384, ca: false });
    expect((await verify(s, [p384], [pssRoot])).chain).toEqual([s.der, p384.der, pssRoot.der]);
    const direct = await makeCert({ name: 'CN=Direct', keys: ecKeys, issuer: root, ca: false });
    expect((await verify(direct, [], [root])).chain).toEqual([direct.der, root.der]);
  });
});

describe('paths that are refused', () => {
  it('validity is checked at `at` for every certificate of the path', async () => {
    // signer valid, intermediate not yet valid / expired, root expired
    const lateInter = await makeCert({
      name: 'CN=Late CA',
      keys: await generateKeys('EC'),
      issuer: root,
      ca: true,
      notBefore: d('2027-01-01T00:00:00Z'),
      notAfter: d('2030-01-01T00:00:00Z'),
    });
    const s1 = await makeCert({ name: 'CN=S1', keys: ecKeys, issuer: lateInter, ca: false });
    expect(await rejectionCode(verify(s1, [lateInter]))).toBe('CERT_NOT_YET_VALID');
    expect((await verify(s1, [lateInter], [root], d('2027-06-01T00:00:00Z'))).chain).toHaveLength(3);

    const oldRoot = await makeCert({
      name: 'CN=Old Root',
      keys: await generateKeys('EC'),
      ca: true,
      notBefore: d('2010-01-01T00:00:00Z'),
      notAfter: d('2026-01-01T00:00:00Z'),
    });
    const s2 = await makeCert({
      name: 'CN=S2',
      keys: ecKeys,
      issuer: oldRoot,
      ca: false,
      notBefore: d('2024-01-01T00:00:00Z'),
      notAfter: d('2027-01-01T00:00:00Z'),
    });
    expect(await rejectionCode(verify(s2, [], [oldRoot]))).toBe('CERT_EXPIRED');
    expect((await verify(s2, [], [oldRoot], d('2025-06-01T00:00:00Z'))).chain).toHaveLength(2);
  });

  it('a signer whose keyUsage allows neither signing usage → CERT_KEY_USAGE', async () => {
    const s = await leaf('CN=Encipher only', { keyUsage: KU.keyEncipherment | KU.dataEncipherment });
    expect(await rejectionCode(verify(s, [inter]))).toBe('CERT_KEY_USAGE');
  });

  it('issuers must be CAs: cA, keyCertSign, pathLenConstraint → CERT_KEY_USAGE', async () => {
    const keys = await generateKeys('EC');
    for (const o of [
      { ca: false },
      { ca: undefined },
      { ca: true, keyUsage: KU.digitalSignature },
    ] as const) {
      const notCa = await makeCert({ name: 'CN=Not a CA', keys, issuer: root, ...o });
      const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: notCa, ca: false });
      expect(await rejectionCode(verify(s, [notCa]))).toBe('CERT_KEY_USAGE');
    }
    // inter has pathLen 0: no CA may sit below it
    const sub = await makeCert({ name: 'CN=Sub CA', keys, issuer: inter, ca: true });
    const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: sub, ca: false });
    expect(await rejectionCode(verify(s, [inter, sub]))).toBe('CERT_KEY_USAGE');
  });

  it('no path to an anchor → CERT_CHAIN_UNTRUSTED', async () => {
    const stranger = await makeCert({
      name: 'CN=Self-signed stranger',
      keys: ecKeys,
      ca: false,
      keyUsage: KU.digitalSignature,
    });
    expect(await rejectionCode(verify(stranger, [inter]))).toBe('CERT_CHAIN_UNTRUSTED');
    expect(await rejectionCode(verify(signer, []))).toBe('CERT_CHAIN_UNTRUSTED'); // intermediate missing
    const otherRoot = await makeCert({ name: root.name, keys: await generateKeys('EC'), ca: true });
    expect(await rejectionCode(verify(signer, [inter], [otherRoot]))).toBe('CERT_CHAIN_UNTRUSTED'); // same name, other key
    // an impostor CA with the same name but its own key did not sign the signer
    const impostor = await makeCert({
      name: inter.name,
      keys: await generateKeys('EC'),
      issuer: root,
      ca: 0,
    });
    expect(await rejectionCode(verify(signer, [impostor]))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('terminates on certificate loops', async () => {
    const ka = await generateKeys('EC');
    const kb = await generateKeys('EC');
    const selfA = await makeCert({ name: 'CN=Loop A', keys: ka, ca: true });
    const selfB = await makeCert({ name: 'CN=Loop B', keys: kb, ca: true });
    const aByB = await makeCert({ name: 'CN=Loop A', keys: ka, issuer: selfB, ca: true });
    const bByA = await makeCert({ name: 'CN=Loop B', keys: kb, issuer: selfA, ca: true });
    const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: selfA, ca: false });
    expect(await rejectionCode(verify(s, [aByB, bByA]))).toBe('CERT_CHAIN_UNTRUSTED');
    // and the same loop still finds the anchor when there is one
    expect((await verify(s, [aByB, bByA], [selfB])).chain).toEqual([s.der, aByB.der, selfB.der]);
  });

  it('gives up quickly on a mesh of look-alike CAs that all sign each other', async () => {
    // 24 certificates of one name and key: each verifies as the issuer of every other, so there are
    // 24·23·22·21·20 ≈ 5·10⁶ candidate paths (seconds to walk); the search is capped instead.
    const keys = await generateKeys('EC');
    const seed = await makeCert({ name: 'CN=Mesh', keys, ca: true });
    const mesh = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        makeCert({ name: 'CN=Mesh', keys, issuer: seed, ca: true, serialNumber: (0x70 + i).toString(16) }),
      ),
    );
    const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: seed, ca: false });
    // That the cap was reached is asserted by its refusal, not by a time (the machine is shared and noisy).
    const refusal = await rejection(verify(s, mesh));
    expect([refusal.code, refusal.details]).toEqual(['CERT_CHAIN_UNTRUSTED', { intermediates: 24 }]);
    expect(refusal.message).toContain('too many candidate paths');
    // the same mesh with its root as anchor: found at once
    expect((await verify(s, mesh, [seed])).chain).toEqual([s.der, seed.der]);
  });

  it('weak keys → CERT_WEAK_KEY: RSA-1024 or P-384 signer, RSA-1024 CA', async () => {
    const rsa1024 = await makeCert({
      name: 'CN=Weak',
      keys: await generateKeys('RSA-1024'),
      issuer: inter,
      ca: false,
    });
    expect(await rejectionCode(verify(rsa1024, [inter]))).toBe('CERT_WEAK_KEY');
    const p384 = await makeCert({
      name: 'CN=P384',
      keys: await generateKeys('EC-P384'),
      issuer: inter,
      ca: false,
    });
    expect(await rejectionCode(verify(p384, [inter]))).toBe('CERT_WEAK_KEY');
    const weakCa = await makeCert({
      name: 'CN=Weak CA',
      keys: await generateKeys('RSA-1024'),
      issuer: root,
      ca: true,
    });
    const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: weakCa, ca: false });
    expect(await rejectionCode(verify(s, [weakCa]))).toBe('CERT_WEAK_KEY');
  });

  it('a certificate signed with SHA-1 breaks the path → CERT_CHAIN_UNTRUSTED', async () => {
    const s = await leaf('CN=SHA-1 signed', {
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-1' } as EcdsaParams,
    });
    expect(s.cert.signatureAlgorithm.hash.name).toBe('SHA-1');
    expect(await rejectionCode(verify(s, [inter]))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('an unknown critical extension → CERT_CHAIN_UNTRUSTED', async () => {
    const ext = new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([5, 0]));
    const s = await leaf('CN=Critical', { extraExtensions: [ext] });
    expect(await rejectionCode(verify(s, [inter]))).toBe('CERT_CHAIN_UNTRUSTED');
    const nonCritical = await leaf('CN=Not critical', {
      extraExtensions: [new x509.Extension('1.3.6.1.4.1.99999.1', false, new Uint8Array([5, 0]))],
    });
    expect((await verify(nonCritical, [inter])).chain).toHaveLength(3);
  });

  it('the critical extensions the profile understands are accepted, on signers and on CAs', async () => {
    // subjectAltName, extKeyUsage and certificatePolicies (keyUsage and basicConstraints are critical everywhere)
    const critical = [
      new x509.SubjectAlternativeNameExtension([{ type: 'email', value: 'ht@kimdong.edu.vn' }], true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.4'], true),
      new x509.CertificatePolicyExtension(['2.5.29.32.0'], true),
    ];
    for (const ext of critical) {
      const ca = await makeCert({
        name: 'CN=Critical CA',
        keys: await generateKeys('EC'),
        issuer: root,
        ca: 0,
        extraExtensions: [ext],
      });
      const s = await makeCert({
        name: 'CN=Critical leaf',
        keys: ecKeys,
        issuer: ca,
        ca: false,
        extraExtensions: [ext],
      });
      expect((await verify(s, [ca])).chain).toEqual([s.der, ca.der, root.der]);
    }
  });

  it('undecodable certificates → CERT_MALFORMED', async () => {
    const junk = { ...signer, der: signer.der.subarray(0, 100) };
    expect(await rejectionCode(verify(junk, [inter]))).toBe('CERT_MALFORMED');
    expect(await rejectionCode(verify(signer, [junk]))).toBe('CERT_MALFORMED');
    expect(await rejectionCode(verify(signer, [inter], [junk]))).toBe('CERT_MALFORMED');
  });
});

describe('corners found by mutation testing (npm run mutation)', () => {
  it('refuses an invalid `at` instead of comparing validity with NaN', async () => {
    await expect(verify(signer, [inter], [root], new Date(Number.NaN))).rejects.toThrow(
      new RangeError('`at` is not a valid date'),
    );
  });

  it('follows at most five intermediate CAs between the signer and the anchor', async () => {
    const cas: TestCert[] = [];
    let issuer = root;
    for (let i = 1; i <= 6; i++) {
      issuer = await makeCert({ name: `CN=Level ${i} CA`, keys: await generateKeys('EC'), issuer, ca: true });
      cas.push(issuer);
    }
    const under = async (ca: TestCert) =>
      makeCert({
        name: 'CN=Deep signer',
        keys: ecKeys,
        issuer: ca,
        ca: false,
        keyUsage: KU.digitalSignature,
      });
    const five = await under(cas[4]!);
    expect((await verify(five, cas.slice(0, 5))).chain).toHaveLength(7);
    const six = await under(cas[5]!);
    expect(await rejectionCode(verify(six, cas))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('backtracks past a candidate that signed but leads nowhere: a cross-certificate from an unknown root', async () => {
    const unknownRoot = await makeCert({ name: 'CN=Unknown Root', keys: await generateKeys('EC'), ca: true });
    const cross = await makeCert({ name: inter.name, keys: inter.keys, issuer: unknownRoot, ca: 0 });
    expect((await verify(signer, [cross, inter])).chain).toEqual([signer.der, inter.der, root.der]);
    expect(await rejectionCode(verify(signer, [cross]))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('accepts certificates signed with SHA-384 and SHA-512', async () => {
    for (const hash of ['SHA-384', 'SHA-512']) {
      const s = await leaf(`CN=Signed with ${hash}`, { signingAlgorithm: { name: 'ECDSA', hash } });
      expect((await verify(s, [inter])).chain, hash).toEqual([s.der, inter.der, root.der]);
    }
  });

  it('accepts a CA without a keyUsage extension (RFC 5280: no restriction)', async () => {
    const ca = await makeCert({
      name: 'CN=CA without keyUsage',
      keys: await generateKeys('EC'),
      issuer: root,
      ca: true,
      keyUsage: null,
    });
    const s = await leaf('CN=Under a CA without keyUsage', { issuer: ca });
    expect((await verify(s, [ca])).chain).toEqual([s.der, ca.der, root.der]);
  });

  it('refuses a non-CA issuer even when its keyUsage allows keyCertSign, or when it has no extensions', async () => {
    const keys = await generateKeys('EC');
    for (const o of [
      { ca: false, keyUsage: KU.keyCertSign },
      { ca: undefined, keyUsage: null },
    ] as const) {
      const notCa = await makeCert({ name: 'CN=Not a CA either', keys, issuer: root, ...o });
      const s = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: notCa, ca: false });
      expect(await rejectionCode(verify(s, [notCa]))).toBe('CERT_KEY_USAGE');
    }
  });
});

describe('the facts of each refusal (which certificate, which bound, which rule)', () => {
  const fp = (c: TestCert) => createHash('sha256').update(c.der).digest('hex');
  const refusal = async (p: Promise<unknown>) => {
    const e = await rejection(p);
    return { code: e.code, message: e.message, details: e.details };
  };

  it('validity: the role, the certificate, the bound it is outside of, and the moment', async () => {
    expect(await refusal(verify(signer, [inter], [root], d('2028-01-01T00:00:01Z')))).toEqual({
      code: 'CERT_EXPIRED',
      message: 'CERT_EXPIRED: signer certificate expired at 2028-01-01T00:00:01.000Z',
      details: { fingerprint: fp(signer), role: 'signer', notAfter: '2028-01-01T00:00:00.000Z' },
    });
    expect(await refusal(verify(signer, [inter], [root], d('2024-12-31T23:59:59Z')))).toEqual({
      code: 'CERT_NOT_YET_VALID',
      message: 'CERT_NOT_YET_VALID: signer certificate not yet valid at 2024-12-31T23:59:59.000Z',
      details: { fingerprint: fp(signer), role: 'signer', notBefore: '2025-01-01T00:00:00.000Z' },
    });
    // a signer that outlives its CA (inter ends 2035-01-01)
    const long = await leaf('CN=Long', { notAfter: d('2036-01-01T00:00:00Z') });
    expect(await refusal(verify(long, [inter], [root], d('2035-06-01T00:00:00Z')))).toEqual({
      code: 'CERT_EXPIRED',
      message: 'CERT_EXPIRED: issuer certificate expired at 2035-06-01T00:00:00.000Z',
      details: { fingerprint: fp(inter), role: 'issuer', notAfter: '2035-01-01T00:00:00.000Z' },
    });
    const early = await leaf('CN=Early', { notBefore: d('2020-06-01T00:00:00Z') });
    expect(await refusal(verify(early, [inter], [root], d('2020-07-01T00:00:00Z')))).toMatchObject({
      code: 'CERT_NOT_YET_VALID',
      details: { fingerprint: fp(inter), role: 'issuer', notBefore: '2021-01-01T00:00:00.000Z' },
    });
  });

  it('key usage, weak keys, CA rules: the certificate and the fact that broke the rule', async () => {
    const encipher = await leaf('CN=Encipher only', { keyUsage: KU.keyEncipherment | KU.dataEncipherment });
    expect(await refusal(verify(encipher, [inter]))).toMatchObject({
      code: 'CERT_KEY_USAGE',
      details: { fingerprint: fp(encipher), keyUsage: ['keyEncipherment', 'dataEncipherment'] },
    });
    const weak = await makeCert({
      name: 'CN=Weak',
      keys: await generateKeys('RSA-1024'),
      issuer: inter,
      ca: false,
    });
    expect(await refusal(verify(weak, [inter]))).toMatchObject({
      code: 'CERT_WEAK_KEY',
      details: { fingerprint: fp(weak), key: { kind: 'RSA', bits: 1024 } },
    });
    const weakCa = await makeCert({
      name: 'CN=Weak CA',
      keys: await generateKeys('RSA-1024'),
      issuer: root,
      ca: true,
    });
    const underWeak = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: weakCa, ca: false });
    expect(await refusal(verify(underWeak, [weakCa]))).toMatchObject({
      code: 'CERT_WEAK_KEY',
      details: { fingerprint: fp(weakCa), key: { kind: 'RSA', bits: 1024 } },
    });
    const notCa = await makeCert({
      name: 'CN=Not a CA',
      keys: await generateKeys('EC'),
      issuer: root,
      ca: false,
    });
    const underNotCa = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: notCa, ca: false });
    expect(await refusal(verify(underNotCa, [notCa]))).toMatchObject({
      code: 'CERT_KEY_USAGE',
      details: { fingerprint: fp(notCa) },
    });
    const noCertSign = await makeCert({
      name: 'CN=No certSign',
      keys: await generateKeys('EC'),
      issuer: root,
      ca: true,
      keyUsage: KU.digitalSignature,
    });
    const underNoCertSign = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: noCertSign, ca: false });
    expect(await refusal(verify(underNoCertSign, [noCertSign]))).toMatchObject({
      code: 'CERT_KEY_USAGE',
      details: { fingerprint: fp(noCertSign) },
    });
    const sub = await makeCert({
      name: 'CN=Sub CA',
      keys: await generateKeys('EC'),
      issuer: inter,
      ca: true,
    });
    const underSub = await makeCert({ name: 'CN=S', keys: ecKeys, issuer: sub, ca: false });
    expect(await refusal(verify(underSub, [inter, sub]))).toMatchObject({
      code: 'CERT_KEY_USAGE',
      details: { fingerprint: fp(inter), pathLen: 0, below: 1 },
    });
  });

  it('critical extensions, weak hashes, no path: what was not understood or not found', async () => {
    const ext = new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([5, 0]));
    const critical = await leaf('CN=Critical', { extraExtensions: [ext] });
    expect(await refusal(verify(critical, [inter]))).toMatchObject({
      code: 'CERT_CHAIN_UNTRUSTED',
      details: { fingerprint: fp(critical), extensions: ['1.3.6.1.4.1.99999.1'] },
    });
    const sha1 = await leaf('CN=SHA-1 signed', {
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-1' } as EcdsaParams,
    });
    expect(await refusal(verify(sha1, [inter]))).toMatchObject({
      code: 'CERT_CHAIN_UNTRUSTED',
      details: { algorithm: '1.2.840.10045.4.1', hash: 'SHA-1' },
    });
    const stranger = await makeCert({ name: 'CN=Stranger CA', keys: await generateKeys('EC'), ca: true });
    expect(await refusal(verify(signer, [stranger, signer, inter], [stranger]))).toMatchObject({
      code: 'CERT_CHAIN_UNTRUSTED',
      details: { anchors: 1, intermediates: 2 },
    });
  });
});
