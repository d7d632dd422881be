/**
 * Development PKI: a Ministry root CA (the trust anchor registered on chain) and, for each demo school, a
 * principal's signing certificate (ECDSA P-256, keyUsage digitalSignature + nonRepudiation, 3 years).
 *
 *   npx tsx scripts/dev-pki.ts [--out .dev-pki] [--force]
 *
 * Idempotent: existing files are kept (the root especially, since the ledger trusts it) and only missing
 * ones are made; --force makes everything anew. Layout of the output directory:
 *   root.crt, root.key                         the root CA (PEM; key PKCS#8, mode 0600)
 *   <schoolId>/principal.crt, principal.key    one per school
 *   <schoolId>/principal.p12                   the same key and certificate (with the root) as a PKCS #12 file,
 *                                              password DEV_P12_PASSWORD: what a principal picks in the console
 *   index.json                                 what is where, with subjects and SHA-256 fingerprints
 *
 * Principal subject: C=VN, ST=<province>, O=<school name>, OU=<school id>, CN=Hiệu trưởng <school name>.
 * The school id goes in OU, where people reading the certificate see it; what binds a certificate to a
 * school for the system is its on-chain registration (by fingerprint), not the subject.
 */
import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as x509 from '@peculiar/x509';
import {
  derToPem,
  describeCertificate,
  pemToDer,
  signCms,
  verifyCmsSignature,
  verifySignerCertificate,
  writePkcs12,
} from '../integrity/src/cms/index.ts';

x509.cryptoProvider.set(globalThis.crypto);

export interface DemoSchool {
  schoolId: string;
  name: string;
  provinceCode: string;
  provinceName: string;
  districtId: string;
}

export const ROOT_CA_NAME = 'hocba dev Ministry Root CA';
/** The password of every demo principal's .p12 (demo only, printed with the demo logins). */
export const DEV_P12_PASSWORD = 'hocba-demo-2026';

export const DEMO_SCHOOLS: readonly DemoSchool[] = [
  {
    schoolId: 'SCH-QN-001',
    name: 'Trường Tiểu học Kim Đồng',
    provinceCode: '22',
    provinceName: 'Quảng Ninh',
    districtId: 'district1',
  },
  {
    schoolId: 'SCH-QN-002',
    name: 'Trường THCS Chu Văn An',
    provinceCode: '22',
    provinceName: 'Quảng Ninh',
    districtId: 'district1',
  },
  {
    schoolId: 'SCH-QN-003',
    name: 'Trường THPT Hòn Gai',
    provinceCode: '22',
    provinceName: 'Quảng Ninh',
    districtId: 'district2',
  },
];

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_WITH = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
const YEAR = 365 * DAY;

interface Issued {
  der: Uint8Array;
  privateKey: CryptoKey;
  created: boolean;
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = values.out ? resolve(values.out) : join(repo, '.dev-pki');
  const now = new Date();

  const root = await ensure(out, 'root', values.force, () => makeRoot(now));
  const rootEntry = entry(out, out, 'root', root.der);
  const lines = [`  ${state(root)}  root        ${rootEntry.subject}  sha256:${rootEntry.fingerprint}`];
  const schools = [];
  for (const school of DEMO_SCHOOLS) {
    const dir = join(out, school.schoolId);
    // A new root invalidates every principal certificate issued by the old one.
    const force = values.force || root.created;
    const principal = await ensure(dir, 'principal', force, () => makePrincipal(school, root, now));
    await selfCheck(school, principal, root.der, now);
    const principalEntry = entry(out, dir, 'principal', principal.der);
    const p12 = join(dir, 'principal.p12');
    if (principal.created || !existsSync(p12)) {
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', principal.privateKey));
      writeFileSync(
        p12,
        await writePkcs12({
          certificate: principal.der,
          chain: [root.der],
          privateKey: pkcs8,
          password: DEV_P12_PASSWORD,
        }),
      );
      chmodSync(p12, 0o600);
    }
    schools.push({ ...school, principal: { ...principalEntry, pkcs12: relative(out, p12) } });
    lines.push(
      `  ${state(principal)}  ${school.schoolId}  ${principalEntry.subject}  sha256:${principalEntry.fingerprint}`,
    );
  }
  const index = { generatedBy: 'scripts/dev-pki.ts', root: rootEntry, schools };
  writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);

  console.log(
    `dev PKI in ${relative(process.cwd(), out) || '.'}/ — every principal chains to the root and signs`,
  );
  for (const line of lines) console.log(line);
}

const state = (c: Issued) => (c.created ? 'created' : 'kept').padEnd(7);

/** Loads `<name>.crt` + `<name>.key` from `dir`, or makes and writes them when missing or forced. */
async function ensure(
  dir: string,
  name: string,
  force: boolean,
  make: () => Promise<Issued>,
): Promise<Issued> {
  const crt = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!force && existsSync(crt) && existsSync(key)) {
    const der = pemToDer(readFileSync(crt, 'utf8'), 'CERTIFICATE')[0];
    const pkcs8 = pemToDer(readFileSync(key, 'utf8'), 'PRIVATE KEY')[0];
    if (!der || !pkcs8) throw new Error(`${crt} or ${key} holds no PEM block; delete them or use --force`);
    const privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), EC, true, ['sign']);
    return { der, privateKey, created: false };
  }
  const made = await make();
  mkdirSync(dir, { recursive: true });
  writeFileSync(crt, derToPem(made.der, 'CERTIFICATE'));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', made.privateKey));
  writeFileSync(key, derToPem(pkcs8, 'PRIVATE KEY'), { mode: 0o600 });
  chmodSync(key, 0o600); // `mode` applies only when the file is new
  return made;
}

async function makeRoot(now: Date): Promise<Issued> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ C: ['VN'] }, { O: ['Bộ Giáo dục và Đào tạo (dev)'] }, { CN: [ROOT_CA_NAME] }],
    notBefore: new Date(now.getTime() - DAY), // tolerate clock skew between dev machines
    notAfter: new Date(now.getTime() + 10 * YEAR),
    keys,
    signingAlgorithm: SIGN_WITH,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { der: new Uint8Array(cert.rawData), privateKey: keys.privateKey, created: true };
}

async function makePrincipal(school: DemoSchool, root: Issued, now: Date): Promise<Issued> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const rootCert = new x509.X509Certificate(new Uint8Array(root.der));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [
      { C: ['VN'] },
      { ST: [school.provinceName] },
      { O: [school.name] },
      { OU: [school.schoolId] },
      { CN: [`Hiệu trưởng ${school.name}`] },
    ],
    issuer: rootCert.subjectName,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 3 * YEAR),
    publicKey: keys.publicKey,
    signingKey: root.privateKey,
    signingAlgorithm: SIGN_WITH,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootCert.publicKey),
    ],
  });
  return { der: new Uint8Array(cert.rawData), privateKey: keys.privateKey, created: true };
}

/** 16 random bytes, top bit clear so the DER INTEGER stays positive without padding. */
function randomSerial(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x7f) | 0x01;
  return Buffer.from(b).toString('hex');
}

/** The certificate chains to the root now, and its key signs what its certificate verifies. */
async function selfCheck(school: DemoSchool, principal: Issued, root: Uint8Array, now: Date) {
  await verifySignerCertificate({
    signerCertificate: principal.der,
    intermediates: [],
    trustAnchors: [root],
    at: now,
  });
  const content = new TextEncoder().encode(`dev-pki self-check ${school.schoolId}`);
  const cms = await signCms({
    content,
    privateKey: principal.privateKey,
    certificate: principal.der,
    signingTime: now,
  });
  await verifyCmsSignature({ content, cms });
}

function entry(out: string, dir: string, name: string, der: Uint8Array) {
  const d = describeCertificate(der);
  return {
    certificate: relative(out, join(dir, `${name}.crt`)),
    privateKey: relative(out, join(dir, `${name}.key`)),
    subject: d.subject,
    issuer: d.issuer,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    fingerprint: d.fingerprint,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
