/**
 * Organisation CAs and client identities made the way Fabric CA makes them, for the embedded ledger and for
 * tests: ECDSA P-256, the identity type in the subject's OU (so NodeOUs classify it), and the attributes in
 * extension 1.2.3.4.5.6.7.8.1 as raw JSON {"attrs":{...}}, with the hf.* attributes Fabric CA adds
 * (FABRIC-NOTES.md §4). fabric-shim's ClientIdentity reads them back in the chaincode.
 *
 * The embedded ledger checks no signature: it trusts the identity object the gateway hands it. A real
 * Fabric peer verifies the proposal's signature against the creator's certificate and MSP.
 */
import type * as X509 from '@peculiar/x509';

let loaded: Promise<typeof X509> | undefined;
/**
 * @peculiar/x509 (and the reflect-metadata its tsyringe needs), at the first certificate made, not when the
 * package is imported: a process that never issues an identity does not carry it (issue 16).
 */
function peculiarX509(): Promise<typeof X509> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(globalThis.crypto);
    return x509;
  })();
  return loaded;
}

/** Fabric CA's attribute extension (fabric-ca lib/attrmgr/attrmgr.go). */
export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

export interface OrgCa {
  mspId: string;
  /** The CA certificate (PEM): the MSP's root. */
  certificate: string;
  readonly cert: X509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

export interface EnrolledIdentity {
  mspId: string;
  /** The enrollment certificate (PEM), what fabric-gateway calls the identity's credentials. */
  certificate: string;
  privateKey: CryptoKey;
}

export type IdentityType = 'client' | 'peer' | 'admin' | 'orderer';

export interface IssueOptions {
  /** The enrollment id; it becomes the subject's CN and hf.EnrollmentID. */
  commonName: string;
  ou: IdentityType;
  attrs?: Record<string, string>;
  affiliation?: string;
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;
const nextSerial = (): string => `${Date.now().toString(16)}${(serial++).toString(16).padStart(4, '0')}`;

/** A self-signed CA for one organisation (Fabric CA's default: CN=ca.<org>, ten years). */
export async function makeOrgCa(
  mspId: string,
  o: { commonName?: string; notAfter?: Date } = {},
): Promise<OrgCa> {
  const x509 = await peculiarX509();
  const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  const name = `CN=${o.commonName ?? `ca.${mspId.toLowerCase()}`}, O=${mspId}`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { mspId, certificate: cert.toString('pem'), cert, keys };
}

/** Enrolls an identity with the CA, as `fabric-ca-client enroll` does after a register with attributes. */
export async function issueIdentity(ca: OrgCa, o: IssueOptions): Promise<EnrolledIdentity> {
  const x509 = await peculiarX509();
  const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  // Go's json.Marshal sorts map keys; so do we, for the same bytes.
  const all: Record<string, string> = {
    'hf.Affiliation': o.affiliation ?? '',
    'hf.EnrollmentID': o.commonName,
    'hf.Type': o.ou,
    ...o.attrs,
  };
  const attrs = Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${o.commonName}, OU=${o.ou}, O=${ca.mspId}`,
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    notBefore: o.notBefore ?? new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      new x509.Extension(FABRIC_ATTRS_OID, false, new TextEncoder().encode(JSON.stringify({ attrs }))),
    ],
  });
  return { mspId: ca.mspId, certificate: cert.toString('pem'), privateKey: keys.privateKey };
}
