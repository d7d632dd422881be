/**
 * parseCertificate's facts (key, key usage, basic constraints, key identifiers, critical extensions), checked
 * against what @peculiar/x509 and node:crypto read from the same bytes; its refusals; its cache.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { describeCertificate, parseCertificate } from '../src/cms/certificate.ts';
import { checkSignerKey } from '../src/cms/policy.ts';
import { codeOf } from './codes.ts';
import { generateKeys, makeCert, type TestCert, x509 } from './fixtures/pki.ts';
import { beforeAllOrFail } from './fixtures/setup.ts';

const KU = x509.KeyUsageFlags;
const OID = {
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  ski: '2.5.29.14',
  aki: '2.5.29.35',
  ed25519: '1.3.101.112',
};

let root: TestCert;
let ecKeys: CryptoKeyPair;

beforeAllOrFail(async () => {
  ecKeys = await generateKeys('EC');
  root = await makeCert({ name: 'CN=Facts Root', keys: await generateKeys('EC'), ca: true });
});

const leaf = (o: Partial<Parameters<typeof makeCert>[0]> = {}) =>
  makeCert({ name: 'CN=Facts Leaf', keys: ecKeys, issuer: root, ca: false, ...o });
/** An extension with exactly these DER value bytes. */
const rawExtension = (oid: string, value: asn1js.AsnType, critical = false) =>
  new x509.Extension(oid, critical, value.toBER());
const hex = (b: Uint8Array | ArrayBuffer | undefined) =>
  b ? Buffer.from(b as Uint8Array).toString('hex') : b;

describe('public key facts', () => {
  it('RSA: the modulus length in bits, also when its first byte is not full', async () => {
    for (const kind of ['RSA', 'RSA-1024', 'RSA-2047'] as const) {
      const c = await leaf({ keys: await generateKeys(kind) });
      const bits = new X509Certificate(c.der).publicKey.asymmetricKeyDetails?.modulusLength;
      expect(parseCertificate(c.der).publicKey).toEqual({ kind: 'RSA', bits });
    }
    // 2047 bits is one short of the signer minimum
    const short = await leaf({ keys: await generateKeys('RSA-2047') });
    expect(codeOf(() => checkSignerKey(parseCertificate(short.der)))).toBe('CERT_WEAK_KEY');
  });

  it('RSA-PSS keys are RSA; EC keys name their curve; anything else is "other" with its OID', async () => {
    const pss = await leaf({ keys: await generateKeys('RSA-PSS') });
    expect(parseCertificate(pss.der).publicKey).toEqual({ kind: 'RSA', bits: 2048 });
    expect(parseCertificate((await leaf()).der).publicKey).toEqual({ kind: 'EC', curve: OID.p256 });
    const p384 = await leaf({ keys: await generateKeys('EC-P384') });
    expect(parseCertificate(p384.der).publicKey).toEqual({ kind: 'EC', curve: OID.p384 });
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const edCert = await leaf({ keys: ed });
    expect(parseCertificate(edCert.der).publicKey).toEqual({ kind: 'other', algorithm: OID.ed25519 });
  });
});

describe('the parsed copy', () => {
  it('keeps its own copy of the bytes', async () => {
    const bytes = (await leaf({ serialNumber: '0c0b' })).der.slice();
    const parsed = parseCertificate(bytes);
    const before = parsed.der.slice();
    bytes.fill(0);
    expect(parsed.der).toEqual(before);
  });

  it('an id-RSASSA-PSS key (openssl) is RSA with its modulus length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-pss-spki-'));
    try {
      const key = join(dir, 'pss.key');
      execFileSync('openssl', [
        'genpkey',
        '-algorithm',
        'RSA-PSS',
        '-pkeyopt',
        'rsa_keygen_bits:2048',
        '-out',
        key,
      ]);
      const der = execFileSync('openssl', [
        'req',
        '-new',
        '-x509',
        '-key',
        key,
        '-subj',
        '/CN=PSS key',
        '-days',
        '1',
        '-outform',
        'DER',
      ]);
      const spki = new X509Certificate(der).publicKey.asymmetricKeyType;
      expect(spki).toBe('rsa-pss');
      expect(parseCertificate(new Uint8Array(der)).publicKey).toEqual({ kind: 'RSA', bits: 2048 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('extensions', () => {
  it('keyUsage: each bit by its RFC 5280 name, in both bytes', async () => {
    const names = [
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
      'encipherOnly',
      'decipherOnly',
    ] as const;
    const flags = [
      KU.digitalSignature,
      KU.nonRepudiation,
      KU.keyEncipherment,
      KU.dataEncipherment,
      KU.keyAgreement,
      KU.keyCertSign,
      KU.cRLSign,
      KU.encipherOnly,
      KU.decipherOnly,
    ];
    for (const [i, name] of names.entries()) {
      const c = await leaf({ keyUsage: flags[i]! });
      expect([...parseCertificate(c.der).keyUsage!]).toEqual([name]);
    }
    const two = await leaf({ keyUsage: KU.nonRepudiation | KU.decipherOnly });
    expect([...parseCertificate(two.der).keyUsage!]).toEqual(['nonRepudiation', 'decipherOnly']);
    expect(parseCertificate((await leaf({ keyUsage: null })).der).keyUsage).toBeUndefined();
  });

  it('basicConstraints: cA and pathLen as written, absent when the extension is', async () => {
    const facts = async (ca: boolean | number | undefined) =>
      parseCertificate((await leaf({ ca })).der).basicConstraints;
    expect(await facts(true)).toEqual({ cA: true, pathLen: undefined });
    expect(await facts(0)).toEqual({ cA: true, pathLen: 0 });
    expect(await facts(3)).toEqual({ cA: true, pathLen: 3 });
    expect(await facts(false)).toEqual({ cA: false, pathLen: undefined });
    expect(await facts(undefined)).toBeUndefined();
  });

  it('subject and authority key identifiers as the extensions hold them', async () => {
    const c = await leaf({ subjectKeyId: '00112233445566778899' });
    const parsed = parseCertificate(c.der);
    expect(hex(parsed.subjectKeyId)).toBe('00112233445566778899');
    const aki = c.cert.getExtension(x509.AuthorityKeyIdentifierExtension)!;
    expect(hex(parsed.authorityKeyId)).toBe(aki.keyId);
    expect(parseCertificate(root.der).authorityKeyId).toBeUndefined(); // self-signed: no AKI
    const none = parseCertificate((await leaf({ subjectKeyId: null })).der);
    expect(none.subjectKeyId).toBeUndefined();
    // an AKI that names the issuer by name and serial only has no key identifier
    const bySerial = new asn1js.Sequence({
      value: [
        new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: new Uint8Array([1]) }),
      ],
    });
    const c2 = await makeCert({
      name: 'CN=AKI by serial',
      keys: ecKeys,
      ca: false,
      extraExtensions: [rawExtension(OID.aki, bySerial)],
    });
    expect(parseCertificate(c2.der).authorityKeyId).toBeUndefined();
  });

  it('lists the critical extensions, and only those', async () => {
    const c = await leaf({ extraExtensions: [rawExtension('1.2.3.4', new asn1js.Null(), true)] });
    expect(parseCertificate(c.der).criticalExtensions).toEqual([
      OID.basicConstraints,
      OID.keyUsage,
      '1.2.3.4',
    ]);
    expect(parseCertificate((await leaf({ ca: undefined, keyUsage: null })).der).criticalExtensions).toEqual(
      [],
    );
  });
});

describe('refusals → CERT_MALFORMED, with the reason as cause', () => {
  const reason = (der: Uint8Array) => {
    try {
      parseCertificate(der);
    } catch (e) {
      const err = e as Error & { code?: string };
      return [err.code, (err.cause as Error | undefined)?.message];
    }
    return 'parsed';
  };

  it('an extension twice', async () => {
    const c = await leaf({ extraExtensions: [rawExtension('1.2.3.4', new asn1js.Null())] });
    const twice = await leaf({
      extraExtensions: [
        rawExtension('1.2.3.4', new asn1js.Null()),
        rawExtension('1.2.3.4', new asn1js.Null()),
      ],
    });
    expect(reason(c.der)).toBe('parsed');
    expect(reason(twice.der)).toEqual(['CERT_MALFORMED', 'extension 1.2.3.4 appears twice']);
  });

  it('extensions of the wrong shape', async () => {
    const cases: [string, asn1js.AsnType, string][] = [
      [
        OID.keyUsage,
        new asn1js.OctetString({ valueHex: new Uint8Array([0x80]) }),
        'keyUsage is not a BIT STRING',
      ],
      [OID.basicConstraints, new asn1js.Boolean({ value: true }), 'basicConstraints is not a SEQUENCE'],
      [
        OID.basicConstraints,
        new asn1js.Sequence({
          value: [new asn1js.Boolean({ value: true }), new asn1js.Integer({ value: -1 })],
        }),
        'unexpected element in basicConstraints',
      ],
      [
        OID.basicConstraints,
        new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: 'yes' })] }),
        'unexpected element in basicConstraints',
      ],
      [OID.ski, new asn1js.Sequence({ value: [] }), 'subjectKeyIdentifier is not an OCTET STRING'],
      [
        OID.aki,
        new asn1js.OctetString({ valueHex: new Uint8Array([1]) }),
        'authorityKeyIdentifier is not a SEQUENCE',
      ],
    ];
    for (const [oid, value, why] of cases) {
      const c = await makeCert({
        name: 'CN=Bad extension',
        keys: ecKeys,
        ca: undefined,
        keyUsage: null,
        subjectKeyId: null,
        extraExtensions: [rawExtension(oid, value)],
      });
      expect([oid, ...reason(c.der)]).toEqual([oid, 'CERT_MALFORMED', why]);
    }
    // pathLen 0 is a pathLen (the check is >= 0, not > 0)
    const zero = await makeCert({
      name: 'CN=pathLen 0',
      keys: ecKeys,
      ca: undefined,
      extraExtensions: [
        rawExtension(
          OID.basicConstraints,
          new asn1js.Sequence({
            value: [new asn1js.Boolean({ value: true }), new asn1js.Integer({ value: 0 })],
          }),
        ),
      ],
    });
    expect(parseCertificate(zero.der).basicConstraints).toEqual({ cA: true, pathLen: 0 });
  });

  it('an outer signature algorithm that differs from the TBS one', async () => {
    const c = await leaf();
    // ecdsa-with-SHA256 (…04 03 02) appears twice: in the TBS and after it. Make the outer one SHA-384.
    const oid = Buffer.from('06082a8648ce3d040302', 'hex');
    const der = Buffer.from(c.der);
    const last = der.lastIndexOf(oid);
    expect(der.indexOf(oid)).toBeLessThan(last);
    der[last + oid.length - 1] = 0x03;
    expect(reason(new Uint8Array(der))).toEqual([
      'CERT_MALFORMED',
      'signature algorithm differs between the certificate and its TBS part',
    ]);
  });

  it('a validity time that is not a time (asn1js alone would read letters as 30/11/1899)', async () => {
    const c = await leaf({
      notBefore: new Date('2026-01-02T03:04:05Z'),
      notAfter: new Date('2027-01-02T03:04:05Z'),
    });
    expect(parseCertificate(c.der).notBefore).toEqual(new Date('2026-01-02T03:04:05Z'));
    for (const text of ['260102030405Z', '270102030405Z']) {
      const der = Buffer.from(c.der);
      const at = der.indexOf(Buffer.from(text));
      expect(at).toBeGreaterThan(0);
      der.write('xx', at + 2, 'latin1'); // no month
      expect(reason(new Uint8Array(der))).toEqual([
        'CERT_MALFORMED',
        'ASN.1 decoding failed inside the certificate: Wrong input string for conversion',
      ]);
    }
  });

  it('an RSA key without a modulus, an EC key without a named curve', async () => {
    const c = await leaf({ keys: await generateKeys('RSA') });
    const spki = c.cert.publicKey.rawData;
    const der = Buffer.from(c.der);
    const at = der.indexOf(Buffer.from(spki));
    // The RSAPublicKey inside the BIT STRING: SEQUENCE { INTEGER n, INTEGER e }. Turn n's tag into an OCTET STRING.
    const n = der.indexOf(Buffer.from('0282010100', 'hex'), at);
    expect(n).toBeGreaterThan(at);
    der[n] = 0x04;
    expect(reason(new Uint8Array(der))).toEqual(['CERT_MALFORMED', 'RSA public key without a modulus']);

    const ec = Buffer.from((await leaf()).der);
    const curve = ec.indexOf(Buffer.from(`06082a8648ce3d030107`, 'hex'));
    ec[curve] = 0x04; // the curve's OID made an OCTET STRING of the same length
    expect(reason(new Uint8Array(ec))).toEqual(['CERT_MALFORMED', 'EC public key without a named curve']);
  });
});

describe('the parse cache', () => {
  /** Distinct, parseable certificates: `base` with one byte of its signature value changed. */
  const variants = (base: Uint8Array, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const der = base.slice();
      der[der.length - 1] = i & 0xff;
      der[der.length - 2] = 0x80 | (i >> 8); // never the original's own bytes: that entry may be cached
      return der;
    });

  it('keeps the 256 most recently used, a hit counting as a use', async () => {
    const base = (await leaf({ serialNumber: '7e57' })).der;
    const [first, second, ...rest] = variants(base, 258);
    const a = parseCertificate(first!);
    const b = parseCertificate(second!);
    for (const der of rest.slice(0, 254)) parseCertificate(der); // 256 entries now
    expect(parseCertificate(first!)).toBe(a); // a hit: `first` is now the most recent
    parseCertificate(rest[254]!); // 257th: the least recently used (`second`) goes
    expect(parseCertificate(first!)).toBe(a);
    expect(parseCertificate(second!)).not.toBe(b);
    expect(parseCertificate(second!)).toEqual(b);
  });
});

describe('names as RFC 4514 strings', () => {
  it('every attribute type by its short name, other types by OID, other values as #hex', async () => {
    const ia5 = (v: string) => [{ ia5String: v }];
    const name: x509.JsonName = [
      { '0.9.2342.19200300.100.1.25': ia5('vn') as never },
      { '2.5.4.6': ['VN'] },
      { '2.5.4.8': ['Quảng Ninh'] },
      { '2.5.4.7': ['Hạ Long'] },
      { '2.5.4.9': ['1 Đường Trần Hưng Đạo'] },
      { '2.5.4.10': ['Trường THPT Hòn Gai'] },
      { '2.5.4.11': ['SCH-QN-003'] },
      { '2.5.4.12': ['Hiệu trưởng'] },
      { '2.5.4.4': ['Nguyễn'] },
      { '2.5.4.42': ['Văn A'] },
      { '2.5.4.5': ['CCCD-001'] },
      { '0.9.2342.19200300.100.1.1': ['nva'] },
      { '1.2.840.113549.1.9.1': ia5('nva@hongai.edu.vn') as never },
      { '2.5.4.3': [{ utf8String: '#1 "Nguyễn"' }] as never },
      { '2.5.4.65': ['pseudonym'] },
    ];
    const c = await makeCert({ name, keys: ecKeys, ca: true });
    expect(describeCertificate(c.der).subject).toBe(
      [
        '2.5.4.65=pseudonym',
        'CN=\\#1 \\"Nguyễn\\"',
        'E=nva@hongai.edu.vn',
        'UID=nva',
        'SERIALNUMBER=CCCD-001',
        'GN=Văn A',
        'SN=Nguyễn',
        'T=Hiệu trưởng',
        'OU=SCH-QN-003',
        'O=Trường THPT Hòn Gai',
        'STREET=1 Đường Trần Hưng Đạo',
        'L=Hạ Long',
        'ST=Quảng Ninh',
        'C=VN',
        'DC=vn',
      ].join(','),
    );
  });

  it('a value that is not a string is written as # and the hex of its DER', async () => {
    const c = await makeCert({ name: 'CN=A, 1.2.3.4=#020105', keys: ecKeys, ca: true });
    expect(describeCertificate(c.der).subject).toBe('1.2.3.4=#020105,CN=A');
  });
});
