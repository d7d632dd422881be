/** X.509 certificate parsing and description: the facts the signature and chain checks rely on. */
import * as asn1js from 'asn1js';
import { Certificate, type RelativeDistinguishedNames } from 'pkijs';
import { toHex } from '../bytes.ts';
import { sha256 } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { encodingOf, integerMagnitude, oidOf, parseAsn1 } from './der.ts';
import { OID } from './oids.ts';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

// RFC 5280 §4.2.1.3: bit 0 (the most significant bit of the first byte) is digitalSignature.
const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

export type PublicKeyFacts =
  | { kind: 'RSA'; bits: number }
  | { kind: 'EC'; curve: string /* OID of the named curve */ }
  | { kind: 'other'; algorithm: string };

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly cert: Certificate;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyFacts;
  /** undefined when the extension is absent (then any usage is allowed, RFC 5280 §4.2.1.3). */
  readonly keyUsage: ReadonlySet<KeyUsageName> | undefined;
  readonly basicConstraints: { readonly cA: boolean; readonly pathLen: number | undefined } | undefined;
  readonly subjectKeyId: Uint8Array | undefined;
  readonly authorityKeyId: Uint8Array | undefined;
  /** OIDs of the extensions marked critical. */
  readonly criticalExtensions: readonly string[];
}

/**
 * Parsed certificates by their DER (hex), most recent last: one verification parses the signer's certificate
 * three or four times and the trust anchors every time, and ASN.1 parsing is most of a CMS check's cost (a
 * profile of the chaincode's anchorBatch: parseCertificate 46 %). A parse is a pure function of the bytes and
 * its result is never changed, so it can be shared. Bounded; a malformed certificate is not kept.
 */
const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 256;

/** Parses a DER certificate; any structural problem is CERT_MALFORMED (the parser's error is the cause). */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const key = toHex(der);
  const hit = parsedCache.get(key);
  if (hit) {
    parsedCache.delete(key);
    parsedCache.set(key, hit);
    return hit;
  }
  const parsed = parseCertificateBytes(der);
  parsedCache.set(key, parsed);
  if (parsedCache.size > PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  return parsed;
}

function parseCertificateBytes(der: Uint8Array): ParsedCertificate {
  try {
    const asn1 = parseAsn1(der);
    // asn1js keeps a bad time string (a UTCTime of letters) as an error on that node and reads it as
    // 1899-11-30: a validity that is not a time would otherwise pass as one.
    const error = nestedError(asn1);
    if (error !== undefined) throw new Error(`ASN.1 decoding failed inside the certificate: ${error}`);
    const cert = new Certificate({ schema: asn1 });
    if (cert.signature.algorithmId !== cert.signatureAlgorithm.algorithmId) {
      throw new Error('signature algorithm differs between the certificate and its TBS part');
    }
    const notBefore = cert.notBefore.value;
    const notAfter = cert.notAfter.value;
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
      throw new Error('bad validity');
    }
    const ext = new Map<string, Uint8Array>();
    const criticalExtensions: string[] = [];
    for (const e of cert.extensions ?? []) {
      if (ext.has(e.extnID)) throw new Error(`extension ${e.extnID} appears twice`);
      ext.set(e.extnID, e.extnValue.valueBlock.valueHexView);
      if (e.critical) criticalExtensions.push(e.extnID);
    }
    const parsed = <T>(oid: string, parse: (value: Uint8Array) => T): T | undefined => {
      const value = ext.get(oid);
      return value === undefined ? undefined : parse(value);
    };
    return {
      der: der.slice(),
      cert,
      notBefore,
      notAfter,
      publicKey: publicKeyFacts(cert),
      keyUsage: parsed(OID.keyUsage, parseKeyUsage),
      basicConstraints: parsed(OID.basicConstraints, parseBasicConstraints),
      subjectKeyId: parsed(OID.subjectKeyIdentifier, parseSubjectKeyId),
      authorityKeyId: parsed(OID.authorityKeyIdentifier, parseAuthorityKeyId),
      criticalExtensions,
    };
  } catch (e) {
    throw new IntegrityError('CERT_MALFORMED', 'not a well-formed X.509 certificate', { cause: e });
  }
}

function nestedError(node: asn1js.AsnType): string | undefined {
  if (node.error) return node.error;
  if (!(node instanceof asn1js.Constructed)) return undefined;
  for (const child of node.valueBlock.value) {
    const error = nestedError(child);
    if (error !== undefined) return error;
  }
  return undefined;
}

function publicKeyFacts(cert: Certificate): PublicKeyFacts {
  const spki = cert.subjectPublicKeyInfo;
  const algorithm = spki.algorithm.algorithmId;
  if (algorithm === OID.rsaEncryption || algorithm === OID.rsassaPss) {
    const key = parseAsn1(spki.subjectPublicKey.valueBlock.valueHexView);
    const modulus = key instanceof asn1js.Sequence ? key.valueBlock.value[0] : undefined;
    if (!(modulus instanceof asn1js.Integer)) throw new Error('RSA public key without a modulus');
    const m = integerMagnitude(modulus);
    return { kind: 'RSA', bits: (m.length - 1) * 8 + bitLength(m[0] ?? 0) };
  }
  if (algorithm === OID.ecPublicKey) {
    const curve = oidOf(spki.algorithm.algorithmParams);
    if (curve === undefined) throw new Error('EC public key without a named curve');
    return { kind: 'EC', curve };
  }
  return { kind: 'other', algorithm };
}

const bitLength = (byte: number): number => (byte === 0 ? 0 : 32 - Math.clz32(byte));

function parseKeyUsage(value: Uint8Array): ReadonlySet<KeyUsageName> {
  const bits = parseAsn1(value);
  if (!(bits instanceof asn1js.BitString)) throw new Error('keyUsage is not a BIT STRING');
  const bytes = bits.valueBlock.valueHexView;
  const usages = new Set<KeyUsageName>();
  KEY_USAGE_BITS.forEach((name, i) => {
    if (((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0) usages.add(name);
  });
  return usages;
}

function parseBasicConstraints(value: Uint8Array): ParsedCertificate['basicConstraints'] {
  const seq = parseAsn1(value);
  if (!(seq instanceof asn1js.Sequence)) throw new Error('basicConstraints is not a SEQUENCE');
  let cA = false;
  let pathLen: number | undefined;
  for (const item of seq.valueBlock.value) {
    if (item instanceof asn1js.Boolean) cA = item.valueBlock.value;
    else if (item instanceof asn1js.Integer && item.valueBlock.valueDec >= 0)
      pathLen = item.valueBlock.valueDec;
    else throw new Error('unexpected element in basicConstraints');
  }
  return { cA, pathLen };
}

function parseSubjectKeyId(value: Uint8Array): Uint8Array {
  const id = parseAsn1(value);
  if (!(id instanceof asn1js.OctetString)) throw new Error('subjectKeyIdentifier is not an OCTET STRING');
  return id.valueBlock.valueHexView.slice();
}

function parseAuthorityKeyId(value: Uint8Array): Uint8Array | undefined {
  const seq = parseAsn1(value);
  if (!(seq instanceof asn1js.Sequence)) throw new Error('authorityKeyIdentifier is not a SEQUENCE');
  const keyId = seq.valueBlock.value.find((e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === 0);
  // [0] IMPLICIT OCTET STRING: asn1js leaves it as a context-specific primitive holding the raw octets.
  return keyId instanceof asn1js.Primitive ? keyId.valueBlock.valueHexView.slice() : undefined;
}

/** SHA-256 of the DER encoding, lowercase hex: how certificates are named on the ledger. */
export function certificateFingerprint(der: Uint8Array): string {
  return toHex(sha256(der));
}

export interface CertificateDescription {
  /** RFC 4514 string, most specific RDN first, e.g. "CN=Hiệu trưởng,O=Trường Tiểu học Kim Đồng,C=VN". */
  subject: string;
  issuer: string;
  /** Lowercase hex of the serial number's magnitude (no sign-padding zero byte). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
}

export function describeCertificate(der: Uint8Array): CertificateDescription {
  const c = parseCertificate(der);
  try {
    return {
      subject: formatName(c.cert.subject),
      issuer: formatName(c.cert.issuer),
      serialNumber: toHex(integerMagnitude(c.cert.serialNumber)),
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      fingerprint: certificateFingerprint(der),
    };
  } catch (e) {
    throw new IntegrityError('CERT_MALFORMED', 'certificate names cannot be decoded', { cause: e });
  }
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'GN',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};

/** RFC 4514 rendering of a Name (RDNs in reverse order, multi-valued RDNs joined by '+'). */
export function formatName(name: RelativeDistinguishedNames): string {
  const seq = parseAsn1(new Uint8Array(name.valueBeforeDecode));
  if (!(seq instanceof asn1js.Sequence)) throw new Error('Name is not a SEQUENCE');
  const rdns = seq.valueBlock.value.map((rdn) => {
    if (!(rdn instanceof asn1js.Set)) throw new Error('RDN is not a SET');
    return rdn.valueBlock.value
      .map((atv) => {
        const [type, value] = atv instanceof asn1js.Sequence ? atv.valueBlock.value : [];
        const oid = oidOf(type);
        if (oid === undefined || value === undefined) throw new Error('bad AttributeTypeAndValue');
        return `${ATTRIBUTE_NAMES[oid] ?? oid}=${formatValue(value)}`;
      })
      .join('+');
  });
  return rdns.reverse().join(',');
}

function formatValue(value: asn1js.AsnType): string {
  if (value instanceof asn1js.BaseStringBlock) {
    return value
      .getValue()
      .replace(/[\\,+"<>;]/g, (ch) => `\\${ch}`)
      .replace(/^[ #]/, (ch) => `\\${ch}`)
      .replace(/ $/, '\\ ');
  }
  return `#${toHex(encodingOf(value))}`;
}
