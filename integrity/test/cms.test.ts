/**
 * CMS signatures against an independent implementation: fixtures signed by `openssl cms` (made fresh by
 * fixtures/make-cms.sh) must verify or fail with the right code, and signCms output must verify with
 * `openssl cms -verify`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificateFingerprint,
  pemToDer,
  signCms,
  verifyCmsSignature,
  verifySignerCertificate,
} from '../src/cms/index.ts';
import { isIntegrityError } from '../src/errors.ts';
import { rejectionCode } from './codes.ts';
import { cachedDir, cacheKey, copyDir, fixtureCacheDir } from './fixtures/cache.ts';
import { generateKeys, type KeyKind, makeCert, type TestCert, toPem } from './fixtures/pki.ts';
import { beforeAllOrFail } from './fixtures/setup.ts';

let dir: string;
let content: Uint8Array;
let root: Uint8Array;
let inter: Uint8Array;
/** When make-cms.sh ran: openssl's signing times are then (now, unless mutation testing's cache is on). */
let madeAt: number;

const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const cert = (name: string) => pemToDer(readFileSync(join(dir, `${name}.crt`), 'utf8'))[0]!;

/** Signature, then certificate path at the signing time, as the verification report does. */
async function verifyAll(cms: Uint8Array, data = content, anchors = [root]) {
  const sig = await verifyCmsSignature({ content: data, cms });
  const { chain } = await verifySignerCertificate({
    signerCertificate: sig.signerCertificate,
    intermediates: sig.certificates,
    trustAnchors: anchors,
    at: sig.signingTime,
  });
  return { sig, chain };
}

beforeAllOrFail(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hocba-cms-'));
  const script = join(import.meta.dirname, 'fixtures/make-cms.sh');
  const make = (out: string) => {
    writeFileSync(join(out, 'made-at'), String(Date.now()));
    execFileSync('bash', [script, out], { stdio: 'pipe' });
  };
  const cache = fixtureCacheDir();
  if (cache) {
    const openssl = execFileSync('openssl', ['version']);
    // The signers' validity starts on the day they are made: one entry per day.
    const today = new Date().toISOString().slice(0, 10);
    copyDir(await cachedDir(cache, 'make-cms', cacheKey(readFileSync(script), openssl, today), make), dir);
  } else {
    make(dir);
  }
  madeAt = Number(readFileSync(join(dir, 'made-at'), 'utf8'));
  content = file('manifest.json');
  root = cert('root');
  inter = cert('inter');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('openssl cms signatures that must verify', () => {
  it.each([
    ['rsa', 'rsa', 'RSASSA-PKCS1-v1_5'],
    ['rsa-cades', 'rsa', 'RSASSA-PKCS1-v1_5'],
    ['pss', 'pss', 'RSA-PSS'],
    ['pss-cades', 'pss', 'RSA-PSS'],
    ['ec', 'ec', 'ECDSA-P256'],
    ['ec-cades', 'ec', 'ECDSA-P256'],
    ['rsa-keyid', 'rsa', 'RSASSA-PKCS1-v1_5'],
  ] as const)('%s.p7s verifies and chains to the root', async (name, signer, algorithm) => {
    const { sig, chain } = await verifyAll(file(`${name}.p7s`));
    expect(sig.signatureAlgorithm).toBe(algorithm);
    expect(sig.digestAlgorithm).toBe('SHA-256');
    expect(certificateFingerprint(sig.signerCertificate)).toBe(certificateFingerprint(cert(signer)));
    expect(chain.map(certificateFingerprint)).toEqual(
      [cert(signer), inter, root].map(certificateFingerprint),
    );
    // openssl wrote the signing time when it signed, in whole seconds
    expect(Math.abs(sig.signingTime.getTime() - madeAt)).toBeLessThan(10 * 60_000);
    expect(sig.signingTime.getUTCMilliseconds()).toBe(0);
  });

  it('reads the signature algorithm field as openssl writes it (rsaEncryption for PKCS#1 v1.5)', () => {
    // Guards the premise of the rsa cases above: OpenSSL puts plain rsaEncryption in SignerInfo.
    const dump = execFileSync('openssl', [
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      join(dir, 'rsa.p7s'),
    ]);
    expect(dump.toString()).toMatch(/signatureAlgorithm:\s*\n\s*algorithm: rsaEncryption/);
  });

  it('finds a signer certificate that is not in the CMS among the supplied ones', async () => {
    const cms = file('rsa-nocerts.p7s');
    expect(await rejectionCode(verifyCmsSignature({ content, cms }))).toBe('CMS_SIGNER_CERT_MISSING');
    const sig = await verifyCmsSignature({ content, cms, certificates: [cert('rsa')] });
    expect(sig.signerCertificate).toEqual(cert('rsa'));
    // -nocerts leaves out the signer only; the -certfile intermediate is still there, and listed first.
    expect(sig.certificates).toEqual([inter, cert('rsa')]);
  });

  it('returns the embedded certificates byte for byte, then the extra ones, without duplicates', async () => {
    const sig = await verifyCmsSignature({
      content,
      cms: file('rsa.p7s'),
      certificates: [cert('rsa'), root],
    });
    expect(new Set(sig.certificates.map(certificateFingerprint))).toEqual(
      new Set([cert('rsa'), inter, root].map(certificateFingerprint)),
    );
    expect(sig.certificates).toHaveLength(3);
  });
});

describe('openssl cms signatures that must be refused', () => {
  it('tampered content → CMS_DIGEST_MISMATCH', async () => {
    const tampered = content.slice();
    tampered[10]! ^= 0x01;
    for (const name of ['rsa', 'pss-cades', 'ec']) {
      expect(await rejectionCode(verifyCmsSignature({ content: tampered, cms: file(`${name}.p7s`) }))).toBe(
        'CMS_DIGEST_MISMATCH',
      );
    }
  });

  it('a flipped signature byte → CMS_SIGNATURE_INVALID', async () => {
    for (const name of ['rsa', 'pss', 'ec-cades']) {
      const cms = file(`${name}.p7s`);
      // The signature OCTET STRING ends the only SignerInfo, which ends the CMS (no unsigned attributes).
      const flipped = cms.slice();
      flipped[cms.length - 3]! ^= 0x40;
      expect(await rejectionCode(verifyCmsSignature({ content, cms: flipped }))).toBe(
        'CMS_SIGNATURE_INVALID',
      );
    }
  });

  it.each([
    ['sha1', 'CMS_WEAK_DIGEST'],
    ['ec-sha1', 'CMS_WEAK_DIGEST'],
    ['attached', 'CMS_NOT_DETACHED'],
    ['rsa-noattr', 'CMS_SIGNED_ATTRS_MISSING'],
    ['weak', 'CERT_WEAK_KEY'],
  ] as const)('%s.p7s → %s', async (name, code) => {
    expect(await rejectionCode(verifyCmsSignature({ content, cms: file(`${name}.p7s`) }))).toBe(code);
  });

  it.each([
    ['expired', 'CERT_EXPIRED'],
    ['notyet', 'CERT_NOT_YET_VALID'],
    ['badku', 'CERT_KEY_USAGE'],
    ['stranger', 'CERT_CHAIN_UNTRUSTED'],
  ] as const)('%s.p7s: the signature is good, the signer certificate → %s', async (name, code) => {
    const sig = await verifyCmsSignature({ content, cms: file(`${name}.p7s`) });
    expect(sig.signerCertificate).toEqual(cert(name));
    expect(await rejectionCode(verifyAll(file(`${name}.p7s`)))).toBe(code);
  });

  it("a forged signer (the root's name and key identifier, another key) → CERT_CHAIN_UNTRUSTED", async () => {
    // Everything a path search matches on names the real root; only the certificate's signature does not.
    const forged = cert('forged');
    expect(await rejectionCode(verifyAll(file('forged.p7s')))).toBe('CERT_CHAIN_UNTRUSTED');
    for (const intermediates of [[], [inter], [inter, root]]) {
      expect(
        await rejectionCode(
          verifySignerCertificate({
            signerCertificate: forged,
            intermediates,
            trustAnchors: [root],
            at: new Date(),
          }),
        ),
      ).toBe('CERT_CHAIN_UNTRUSTED');
    }
    // The same certificate chains to the key that really signed it: the refusal is about the signature.
    const { chain } = await verifySignerCertificate({
      signerCertificate: forged,
      intermediates: [],
      trustAnchors: [cert('fakeroot')],
      at: new Date(),
    });
    expect(chain).toEqual([forged, cert('fakeroot')]);
  });

  it('the expired and not-yet-valid signers chain fine at a time inside their validity', async () => {
    // So the refusals above are about time, not about the path.
    for (const [name, at] of [
      ['expired', '2020-06-01T00:00:00Z'],
      ['notyet', '2039-06-01T00:00:00Z'],
    ] as const) {
      const { chain } = await verifySignerCertificate({
        signerCertificate: cert(name),
        intermediates: [inter],
        trustAnchors: [root],
        at: new Date(at),
      });
      expect(chain).toHaveLength(3);
    }
  });

  it('the stranger is accepted once it is itself a trust anchor', async () => {
    const { chain } = await verifyAll(file('stranger.p7s'), content, [root, cert('stranger')]);
    expect(chain).toEqual([cert('stranger')]);
  });

  it('garbage, truncation and trailing bytes → CMS_MALFORMED, with the parser error as cause only', async () => {
    const cms = file('rsa.p7s');
    const inputs = [
      new Uint8Array(0),
      new TextEncoder().encode('not a signature at all'),
      cms.subarray(0, cms.length - 1),
      Uint8Array.from([...cms, 0]),
      cert('rsa'), // a certificate is a SEQUENCE, not a ContentInfo
    ];
    for (const input of inputs) {
      const err = await verifyCmsSignature({ content, cms: input }).catch((e: unknown) => e);
      expect(isIntegrityError(err) && err.code).toBe('CMS_MALFORMED');
    }
  });
});

describe('signCms output checked by openssl cms -verify', () => {
  const kinds = ['RSA', 'RSA-PSS', 'EC'] as const satisfies KeyKind[];
  let caRoot: TestCert;

  beforeAllOrFail(async () => {
    caRoot = await makeCert({ name: 'CN=hocba test x509 Root', keys: await generateKeys('EC'), ca: true });
  });

  function opensslVerify(cms: Uint8Array, data: Uint8Array) {
    const base = join(dir, `roundtrip-${Math.random().toString(36).slice(2)}`);
    writeFileSync(`${base}.p7s`, cms);
    writeFileSync(`${base}.txt`, data);
    writeFileSync(`${base}.root.pem`, toPem(caRoot.der));
    const args = [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      `${base}.p7s`,
      '-content',
      `${base}.txt`,
    ];
    return spawnSync('openssl', [
      ...args,
      '-CAfile',
      `${base}.root.pem`,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
  }

  it.each(kinds)('%s: verifies with verifyCmsSignature and with openssl', async (kind) => {
    const keys = await generateKeys(kind);
    const signer = await makeCert({
      name: `CN=Principal ${kind},O=Trường THCS Test`,
      keys,
      issuer: caRoot,
      ca: false,
    });
    const signingTime = new Date('2026-03-01T08:30:15.750Z');
    const cms = await signCms({ content, privateKey: keys.privateKey, certificate: signer.der, signingTime });

    const { sig, chain } = await verifyAll(cms, content, [caRoot.der]);
    expect(sig.signatureAlgorithm).toBe(
      { RSA: 'RSASSA-PKCS1-v1_5', 'RSA-PSS': 'RSA-PSS', EC: 'ECDSA-P256' }[kind],
    );
    expect(sig.signingTime.toISOString()).toBe('2026-03-01T08:30:15.000Z');
    expect(chain).toEqual([signer.der, caRoot.der]);

    const ok = opensslVerify(cms, content);
    expect(ok.stderr.toString()).toContain('Verification successful');
    expect(ok.status).toBe(0);
    // The same check must be able to fail: openssl refuses the signature over other bytes.
    const bad = opensslVerify(cms, new TextEncoder().encode('something else'));
    expect(bad.status).not.toBe(0);
  });

  it('embeds the chain and signs with the CAdES attributes openssl reads back', async () => {
    const keys = await generateKeys('EC');
    const interCa = await makeCert({
      name: 'CN=x509 Issuing CA',
      keys: await generateKeys('EC'),
      issuer: caRoot,
      ca: 0,
    });
    const signer = await makeCert({ name: 'CN=Principal chain', keys, issuer: interCa, ca: false });
    const cms = await signCms({
      content,
      privateKey: keys.privateKey,
      certificate: signer.der,
      chain: [interCa.der],
      signingTime: new Date(),
    });
    expect(opensslVerify(cms, content).status).toBe(0);
    writeFileSync(join(dir, 'chain.p7s'), cms);
    const dump = execFileSync('openssl', [
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      join(dir, 'chain.p7s'),
    ]);
    for (const attr of ['contentType', 'signingTime', 'messageDigest', 'id-smime-aa-signingCertificateV2']) {
      expect(dump.toString()).toContain(`object: ${attr}`);
    }
    expect(dump.toString()).toContain('eContent: <ABSENT>');
    const { chain } = await verifyAll(cms, content, [caRoot.der]);
    expect(chain).toEqual([signer.der, interCa.der, caRoot.der]);
  });
});
