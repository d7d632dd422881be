/**
 * CAdES-BES signed attributes (RFC 5652 §11, RFC 5035): content-type, message-digest, signing-time and
 * ESS signing-certificate(-v2), which binds the signature to one certificate so it cannot be swapped.
 */
import * as asn1js from 'asn1js';
import { Attribute, GeneralNames, type SignerInfo } from 'pkijs';
import { sha256, subtle } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import type { ParsedCertificate } from './certificate.ts';
import { bytesEqual, compareDer, oidOf, parseAsn1, toArrayBuffer, toBytes } from './der.ts';
import { OID } from './oids.ts';

/** The attributes signCms writes, in DER SET OF order (verifiers such as OpenSSL re-encode before checking). */
export function buildSignedAttributes(o: {
  contentDigest: Uint8Array;
  signingTime: Date;
  signer: ParsedCertificate;
}): Attribute[] {
  const attrs = [
    new Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new Attribute({ type: OID.signingTime, values: [encodeTime(o.signingTime)] }),
    new Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: o.contentDigest })],
    }),
    new Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(o.signer)] }),
  ];
  const encoded = attrs.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER()) }));
  return encoded.sort((x, y) => compareDer(x.der, y.der)).map((x) => x.a);
}

/** RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds (DER has no fraction 0). */
function encodeTime(date: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  if (Number.isNaN(date.getTime())) throw new RangeError('signingTime is not a valid date');
  const valueDate = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const year = valueDate.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? new asn1js.UTCTime({ valueDate })
    : new asn1js.GeneralizedTime({ valueDate });
}

/** SigningCertificateV2 with one ESSCertIDv2: SHA-256 (the DEFAULT, so omitted) and issuerSerial. */
function signingCertificateV2(signer: ParsedCertificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames holding one directoryName: [4] EXPLICIT, because Name is a CHOICE.
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [parseAsn1(new Uint8Array(signer.cert.issuer.valueBeforeDecode))],
          }),
        ],
      }),
      new asn1js.Integer({ valueHex: signer.cert.serialNumber.valueBlock.valueHexView }),
    ],
  });
  const certId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256(signer.der) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] });
}

export interface EssCertId {
  hashAlgorithm: string;
  certHash: Uint8Array;
  issuerSerial: { issuer: GeneralNames; serialNumber: asn1js.Integer } | undefined;
}

export interface SignedAttributeValues {
  contentType: string | undefined;
  messageDigest: Uint8Array | undefined;
  signingTime: Date | undefined;
  signingCertificateV2: EssCertId | undefined;
  signingCertificate: EssCertId | undefined;
}

const malformed = (message: string, cause?: unknown) =>
  new IntegrityError('CMS_MALFORMED', message, cause === undefined ? undefined : { cause });

/**
 * Reads the attributes this profile interprets. Each may appear at most once with exactly one value
 * (RFC 5652 §11, RFC 5035 §5.4); a wrongly typed value is CMS_MALFORMED. Absence is left to the caller.
 */
export function readSignedAttributes(signerInfo: SignerInfo): SignedAttributeValues {
  const attrs = signerInfo.signedAttrs?.attributes ?? [];
  const single = (type: string): asn1js.AsnType | undefined => {
    const found = attrs.filter((a) => a.type === type);
    if (found.length === 0) return undefined;
    if (found.length > 1 || found[0]!.values.length !== 1) {
      throw malformed(`signed attribute ${type} must occur once with one value`);
    }
    return found[0]!.values[0];
  };

  const ct = single(OID.contentType);
  const contentType = ct === undefined ? undefined : oidOf(ct);
  if (ct !== undefined && contentType === undefined) throw malformed('content-type is not an OID');

  const md = single(OID.messageDigest);
  if (md !== undefined && !(md instanceof asn1js.OctetString)) {
    throw malformed('message-digest is not an OCTET STRING');
  }

  const st = single(OID.signingTime);
  const v2 = single(OID.signingCertificateV2);
  const v1 = single(OID.signingCertificate);
  return {
    contentType,
    messageDigest: md?.valueBlock.valueHexView.slice(),
    signingTime: st === undefined ? undefined : decodeTime(st),
    signingCertificateV2: v2 === undefined ? undefined : decodeEssCertId(v2, OID.sha256),
    signingCertificate: v1 === undefined ? undefined : decodeEssCertId(v1, OID.sha1),
  };
}

/** Strict UTCTime / GeneralizedTime (UTC only): asn1js's own parsers accept local times and stray text. */
function decodeTime(value: asn1js.AsnType): Date {
  // asn1js's GeneralizedTime extends UTCTime; both keep the raw characters.
  const text = value instanceof asn1js.UTCTime ? String.fromCharCode(...value.valueBlock.valueHexView) : '';
  const generalized = value instanceof asn1js.GeneralizedTime;
  const m = generalized
    ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text)
    : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw malformed('signing-time is not a UTC UTCTime or GeneralizedTime');
  const fields = m.slice(1, 7).map(Number);
  if (!generalized) fields[0]! += fields[0]! < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC rolls out-of-range fields over (month 13, second 61) and maps years 0-99 to 19xx; refuse those.
  const back = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  if (back.some((v, i) => v !== fields[i])) throw malformed('signing-time is not a valid date and time');
  return date;
}

/**
 * SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }. Only the
 * first ESSCertID names the signer (RFC 5035 §5.4); the others may name its CAs and are not checked.
 * `defaultHash` is SHA-256 for v2 (its DEFAULT) and SHA-1 for v1 (which has no hashAlgorithm field).
 */
function decodeEssCertId(value: asn1js.AsnType, defaultHash: string): EssCertId {
  try {
    const certs = value instanceof asn1js.Sequence ? value.valueBlock.value[0] : undefined;
    const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
    if (!(first instanceof asn1js.Sequence)) throw new Error('no ESSCertID');
    const items = [...first.valueBlock.value];
    let hashAlgorithm = defaultHash;
    const algorithm = items[0];
    if (defaultHash === OID.sha256 && algorithm instanceof asn1js.Sequence) {
      hashAlgorithm = oidOf(algorithm.valueBlock.value[0]) ?? '';
      items.shift();
    }
    const hash = items.shift();
    if (!(hash instanceof asn1js.OctetString)) throw new Error('certHash is not an OCTET STRING');
    const is = items.shift();
    let issuerSerial: EssCertId['issuerSerial'];
    if (is !== undefined) {
      const [names, serial] = is instanceof asn1js.Sequence ? is.valueBlock.value : [];
      if (!(serial instanceof asn1js.Integer) || names === undefined) throw new Error('bad IssuerSerial');
      issuerSerial = { issuer: new GeneralNames({ schema: names }), serialNumber: serial };
    }
    if (items.length > 0) throw new Error('unexpected fields in ESSCertID');
    return { hashAlgorithm, certHash: hash.valueBlock.valueHexView.slice(), issuerSerial };
  } catch (e) {
    if (e instanceof IntegrityError) throw e;
    throw malformed('ESS signing-certificate attribute cannot be decoded', e);
  }
}

const ESS_HASHES: Readonly<Record<string, string>> = {
  [OID.sha1]: 'SHA-1', // signing-certificate v1 is SHA-1 by definition; it only names a certificate
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** The ESSCertID must name the signer's certificate: same hash and, when present, same issuer and serial. */
export async function checkEssCertId(
  ess: EssCertId,
  signer: ParsedCertificate,
  version: 'v1' | 'v2',
): Promise<void> {
  const name = ESS_HASHES[ess.hashAlgorithm];
  if (name === undefined || (version === 'v2' && name === 'SHA-1')) {
    const code =
      ess.hashAlgorithm === OID.sha1 || ess.hashAlgorithm === OID.md5
        ? 'CMS_WEAK_DIGEST'
        : 'CMS_UNSUPPORTED_ALGORITHM';
    throw new IntegrityError(code, `ESS signing-certificate hash ${ess.hashAlgorithm} is not accepted`);
  }
  const hash =
    name === 'SHA-256' ? sha256(signer.der) : toBytes(await subtle().digest(name, toArrayBuffer(signer.der)));
  const mismatch = (what: string) =>
    new IntegrityError(
      'CMS_ESS_CERT_MISMATCH',
      `ESS signing-certificate ${version} ${what} does not match the signer`,
    );
  if (!bytesEqual(hash, ess.certHash)) throw mismatch('hash');
  if (ess.issuerSerial === undefined) return;
  if (!ess.issuerSerial.serialNumber.isEqual(signer.cert.serialNumber)) throw mismatch('serial number');
  const sameIssuer = ess.issuerSerial.issuer.names.some(
    (n) => n.type === 4 && signer.cert.issuer.isEqual(n.value),
  );
  if (!sameIssuer) throw mismatch('issuer');
}
