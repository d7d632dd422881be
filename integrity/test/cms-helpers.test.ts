/** PEM conversion, fingerprints and certificate descriptions, checked against node:crypto's X509Certificate. */
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../src/cms/certificate.ts';
import { certificateFingerprint, derToPem, describeCertificate, pemToDer } from '../src/cms/index.ts';
import { codeOf } from './codes.ts';
import { generateKeys, makeCert, type TestCert } from './fixtures/pki.ts';

let ca: TestCert;
let principal: TestCert;

beforeAll(async () => {
  ca = await makeCert({
    name: 'C=VN,CN=hocba dev Ministry Root CA',
    keys: await generateKeys('EC'),
    ca: true,
  });
  principal = await makeCert({
    name: 'C=VN,O=Trường Tiểu học Kim Đồng\\, Quảng Ninh,OU=SCH-QN-001,CN=Hiệu trưởng Trường Tiểu học Kim Đồng',
    keys: await generateKeys('EC'),
    issuer: ca,
    ca: false,
    serialNumber: '00a1b2',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2029-01-01T00:00:00Z'),
  });
});

/** CERT_MALFORMED, explained past its code (codes.ts). */
const malformed = (f: () => unknown) => codeOf(f) === 'CERT_MALFORMED';

describe('PEM', () => {
  it('derToPem writes what OpenSSL writes', () => {
    expect(derToPem(principal.der, 'CERTIFICATE')).toBe(new X509Certificate(principal.der).toString());
  });

  it('derToPem breaks lines at exactly 64 characters, with no empty line at a multiple of 64', () => {
    const line = 'A'.repeat(64);
    expect(derToPem(new Uint8Array(48), 'X509 CRL')).toBe(
      `-----BEGIN X509 CRL-----\n${line}\n-----END X509 CRL-----\n`,
    );
    expect(derToPem(new Uint8Array(51), 'X')).toBe(`-----BEGIN X-----\n${line}\nAAAA\n-----END X-----\n`);
    expect(pemToDer(derToPem(new Uint8Array(96), 'X509 CRL'))).toEqual([new Uint8Array(96)]);
  });

  it('pemToDer reads every block, or those with one label, ignoring text around them and CRLF', () => {
    const text = [
      'subject=CN = something',
      derToPem(principal.der, 'CERTIFICATE').replaceAll('\n', '\r\n'),
      derToPem(new Uint8Array([1, 2, 3]), 'PRIVATE KEY'),
      'trailing words',
      derToPem(ca.der, 'CERTIFICATE'),
    ].join('\n');
    expect(pemToDer(text)).toEqual([principal.der, new Uint8Array([1, 2, 3]), ca.der]);
    expect(pemToDer(text, 'CERTIFICATE')).toEqual([principal.der, ca.der]);
    expect(pemToDer('no PEM here')).toEqual([]);
  });

  it('refuses mismatched labels and bodies that are not base64 → CERT_MALFORMED', () => {
    expect(malformed(() => pemToDer('-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----'))).toBe(
      true,
    );
    expect(malformed(() => pemToDer('-----BEGIN CERTIFICATE-----\nAA*A\n-----END CERTIFICATE-----'))).toBe(
      true,
    );
    expect(malformed(() => pemToDer('-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----'))).toBe(true);
  });
});

describe('certificates', () => {
  it('certificateFingerprint is the lowercase SHA-256 of the DER', () => {
    const fp = certificateFingerprint(principal.der);
    expect(fp).toBe(createHash('sha256').update(principal.der).digest('hex'));
    expect(fp).toBe(new X509Certificate(principal.der).fingerprint256.replaceAll(':', '').toLowerCase());
  });

  it('describeCertificate gives RFC 4514 names, the serial in hex, validity and fingerprint', () => {
    const d = describeCertificate(principal.der);
    expect(d).toEqual({
      subject:
        'CN=Hiệu trưởng Trường Tiểu học Kim Đồng,OU=SCH-QN-001,O=Trường Tiểu học Kim Đồng\\, Quảng Ninh,C=VN',
      issuer: 'CN=hocba dev Ministry Root CA,C=VN',
      serialNumber: 'a1b2',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2029-01-01T00:00:00Z'),
      fingerprint: certificateFingerprint(principal.der),
    });
    // the same attributes node:crypto reads, most specific first
    const node = new X509Certificate(principal.der);
    expect(d.subject.split(/(?<!\\),/).map((s) => s.split('=')[0])).toEqual(
      node.subject
        .split('\n')
        .reverse()
        .map((s) => s.split('=')[0]),
    );
    expect(node.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(d.serialNumber);
  });

  it('renders multi-valued RDNs with + and escapes special characters', async () => {
    const name = [{ O: [' lead; <x>+y=z\\'] }, { CN: ['A'], L: ['b '] }];
    const c = await makeCert({ name, keys: await generateKeys('EC'), ca: true });
    const rdn = describeCertificate(c.der).subject.split(',')[0];
    expect(['CN=A+L=b\\ ', 'L=b\\ +CN=A']).toContain(rdn);
    expect(describeCertificate(c.der).subject.slice(rdn!.length)).toBe(',O=\\ lead\\; \\<x\\>\\+y=z\\\\');
  });

  it('garbage → CERT_MALFORMED', () => {
    expect(malformed(() => describeCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe(true);
    expect(malformed(() => describeCertificate(principal.der.subarray(1)))).toBe(true);
  });

  it('parses the same bytes once and shares the result; malformed bytes fail every time', () => {
    const first = parseCertificate(principal.der);
    expect(parseCertificate(new Uint8Array(principal.der))).toBe(first);
    expect(parseCertificate(ca.der)).not.toBe(first);
    expect(first.der).toEqual(principal.der);
    const bad = principal.der.subarray(1);
    expect(malformed(() => parseCertificate(bad))).toBe(true);
    expect(malformed(() => parseCertificate(bad))).toBe(true);
  });
});
