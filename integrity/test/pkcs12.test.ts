/**
 * PKCS #12 key stores (cms/pkcs12.ts): what the console reads when a principal picks a `.p12` to sign with.
 * Our files open in OpenSSL and OpenSSL's open here (an independent implementation both ways); the key read
 * from one signs a CMS that verifies against its certificate; a wrong password, a file that is not one, and
 * the legacy 3DES scheme Web Crypto cannot undo are each refused with their own code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derToPem, readPkcs12, signCms, verifyCmsSignature, writePkcs12 } from '../src/cms/index.ts';
import { rejectionCode } from './codes.ts';
import { generateKeys, makeCert, type TestCert } from './fixtures/pki.ts';

const PASSWORD = 'Mật khẩu 2026';
const dir = mkdtempSync(join(tmpdir(), 'hocba-p12-'));
let root: TestCert;
let rsa: TestCert;
let ec: TestCert;

const pkcs8 = async (t: TestCert) =>
  new Uint8Array(await crypto.subtle.exportKey('pkcs8', t.keys.privateKey));
const openssl = (args: string[], input?: string) =>
  execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

beforeAll(async () => {
  root = await makeCert({ name: 'CN=Root CA test', keys: await generateKeys('RSA'), ca: true });
  rsa = await makeCert({
    name: 'CN=Hiệu trưởng RSA',
    keys: await generateKeys('RSA'),
    issuer: root,
    ca: false,
  });
  ec = await makeCert({ name: 'CN=Hiệu trưởng EC', keys: await generateKeys('EC'), issuer: root, ca: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Signs with the key store's key and verifies the CMS against its certificate. */
async function signsWith(
  store: Awaited<ReturnType<typeof readPkcs12>>,
  algorithm: RsaHashedImportParams | EcKeyImportParams,
) {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    store.privateKey as BufferSource,
    algorithm,
    false,
    ['sign'],
  );
  const content = new TextEncoder().encode('{"batchId":"B-1"}');
  const cms = await signCms({ content, privateKey, certificate: store.certificate, signingTime: new Date() });
  return verifyCmsSignature({ cms, content });
}

describe('PKCS #12 key stores', () => {
  it.each([
    ['RSA', () => rsa, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
    ['EC P-256', () => ec, { name: 'ECDSA', namedCurve: 'P-256' }],
  ] as const)('reads back what it writes (%s): certificate, chain, a key that signs', async (_, who, alg) => {
    const t = who();
    const file = await writePkcs12({
      certificate: t.der,
      chain: [root.der],
      privateKey: await pkcs8(t),
      password: PASSWORD,
    });
    const store = await readPkcs12(file, PASSWORD);
    expect(store.certificate).toEqual(t.der);
    expect(store.chain).toEqual([root.der]);
    const signed = await signsWith(store, alg);
    expect(signed.signerCertificate).toEqual(t.der);
  });

  it('writes a file OpenSSL opens with the same password, holding the same certificate', async () => {
    const file = await writePkcs12({
      certificate: rsa.der,
      chain: [root.der],
      privateKey: await pkcs8(rsa),
      password: PASSWORD,
    });
    const path = join(dir, 'ours.p12');
    writeFileSync(path, file);
    const pem = openssl(['pkcs12', '-in', path, '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts']);
    expect(pem).toContain(derToPem(rsa.der, 'CERTIFICATE').split('\n')[1]);
    // And its key is the certificate's: OpenSSL prints the same modulus for both.
    const key = openssl(['pkcs12', '-in', path, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes']);
    const modulusOf = (args: string[], input: string) => openssl(args, input).trim();
    expect(modulusOf(['rsa', '-noout', '-modulus'], key)).toBe(
      modulusOf(['x509', '-noout', '-modulus'], derToPem(rsa.der, 'CERTIFICATE')),
    );
  });

  it("reads OpenSSL's default file (PBES2, AES-256-CBC) and signs with its key", async () => {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const caPath = join(dir, 'ca.pem');
    writeFileSync(keyPath, derToPem(await pkcs8(ec), 'PRIVATE KEY'));
    writeFileSync(certPath, derToPem(ec.der, 'CERTIFICATE'));
    writeFileSync(caPath, derToPem(root.der, 'CERTIFICATE'));
    const out = join(dir, 'openssl.p12');
    openssl([
      'pkcs12',
      '-export',
      '-inkey',
      keyPath,
      '-in',
      certPath,
      '-certfile',
      caPath,
      '-out',
      out,
      '-passout',
      `pass:${PASSWORD}`,
    ]);
    const store = await readPkcs12(readFileSync(out), PASSWORD);
    expect(store.certificate).toEqual(ec.der);
    expect(store.chain).toEqual([root.der]);
    expect((await signsWith(store, { name: 'ECDSA', namedCurve: 'P-256' })).signerCertificate).toEqual(
      ec.der,
    );
  });

  it('refuses a wrong password, a file that is not PKCS #12, and the legacy 3DES scheme, each by its code', async () => {
    const file = await writePkcs12({
      certificate: rsa.der,
      privateKey: await pkcs8(rsa),
      password: PASSWORD,
    });
    expect(await rejectionCode(readPkcs12(file, 'mat khau 2026'))).toBe('PKCS12_BAD_PASSWORD');
    expect(await rejectionCode(readPkcs12(new TextEncoder().encode('not a key store'), PASSWORD))).toBe(
      'PKCS12_MALFORMED',
    );
    // A truncated file is malformed, not a crash.
    expect(await rejectionCode(readPkcs12(file.subarray(0, file.length >> 1), PASSWORD))).toBe(
      'PKCS12_MALFORMED',
    );
    writeFileSync(join(dir, 'key.pem'), derToPem(await pkcs8(rsa), 'PRIVATE KEY'));
    writeFileSync(join(dir, 'cert.pem'), derToPem(rsa.der, 'CERTIFICATE'));
    const legacy = join(dir, 'legacy.p12');
    openssl([
      'pkcs12',
      '-export',
      '-legacy',
      '-inkey',
      join(dir, 'key.pem'),
      '-in',
      join(dir, 'cert.pem'),
      '-out',
      legacy,
      '-passout',
      `pass:${PASSWORD}`,
    ]);
    expect(await rejectionCode(readPkcs12(readFileSync(legacy), PASSWORD))).toBe('PKCS12_UNSUPPORTED');
  });
});
