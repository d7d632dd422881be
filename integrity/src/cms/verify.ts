/**
 * Verification of a detached CMS SignedData (RFC 5652) under the CAdES-BES profile. Each refusal has its
 * own code, so the attribute checks are ours; pkijs parses and makes the final signature check.
 */
import * as asn1js from 'asn1js';
import { ContentInfo, IssuerAndSerialNumber, type SignerInfo } from 'pkijs';
import { sha256, subtle } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { checkDigestAlgorithm, checkSignatureAlgorithm, type SignatureAlgorithmName } from './algorithms.ts';
import { checkEssCertId, readSignedAttributes } from './attributes.ts';
import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { bytesEqual, encodingOf, integerMagnitude, parseAsn1, toArrayBuffer, toBytes } from './der.ts';
import { cryptoEngine } from './engine.ts';
import { OID } from './oids.ts';
import { checkSignerKey } from './policy.ts';
import { readSignedData, type SignedDataFields } from './signed-data.ts';

export interface CmsSignature {
  /** DER of the certificate whose key made the signature. */
  signerCertificate: Uint8Array;
  /** DER of every certificate in the CMS, then the caller's extra ones, without duplicates. */
  certificates: Uint8Array[];
  /** The signed signing-time attribute: the moment the certificate checks apply to. */
  signingTime: Date;
  digestAlgorithm: 'SHA-256';
  signatureAlgorithm: SignatureAlgorithmName;
}

export interface VerifyCmsOptions {
  /** The detached content (e.g. the canonical manifest bytes). */
  content: Uint8Array;
  /** DER (or BER) ContentInfo holding a SignedData. */
  cms: Uint8Array;
  /** Certificates to look for the signer among besides those in the CMS (e.g. the registered one). */
  certificates?: Uint8Array[];
}

/**
 * Checks that `cms` is a detached signature over `content` by one signer, with the profile's algorithms and
 * attributes. It does not judge the certificate (chain, validity, usage): see verifySignerCertificate.
 */
export async function verifyCmsSignature(o: VerifyCmsOptions): Promise<CmsSignature> {
  const { signedData, embedded } = parseSignedData(o.cms);
  const extra = (o.certificates ?? []).map((der) => parseCertificate(der));

  if (signedData.encapContentInfo.eContent !== undefined) {
    throw new IntegrityError(
      'CMS_NOT_DETACHED',
      'the CMS carries its content; a detached signature is required',
    );
  }
  if (signedData.encapContentInfo.eContentType !== OID.data) {
    throw new IntegrityError('CMS_CONTENT_TYPE_MISMATCH', 'encapsulated content type is not id-data');
  }
  if (signedData.signerInfos.length !== 1) {
    throw new IntegrityError('CMS_SIGNER_COUNT', 'exactly one SignerInfo is required', {
      details: { signerInfos: signedData.signerInfos.length },
    });
  }
  const signerInfo = signedData.signerInfos[0]!;
  const digestAlgorithm = checkDigestAlgorithm(signerInfo.digestAlgorithm);
  const signatureAlgorithm = checkSignatureAlgorithm(signerInfo.signatureAlgorithm);

  // The caller's certificates first: a CMS may carry a look-alike with the same issuer and serial.
  const signer = await findSigner(signerInfo, [...extra, ...embedded]);
  const keyKind = signatureAlgorithm === 'ECDSA-P256' ? 'EC' : 'RSA';
  if (signer.publicKey.kind !== keyKind) {
    throw new IntegrityError(
      'CMS_SIGNATURE_INVALID',
      `a ${signatureAlgorithm} signature needs an ${keyKind} key`,
    );
  }
  checkSignerKey(signer);

  if (signerInfo.signedAttrs === undefined) {
    throw new IntegrityError('CMS_SIGNED_ATTRS_MISSING', 'signed attributes are required');
  }
  const attrs = readSignedAttributes(signerInfo);
  if (attrs.contentType === undefined || attrs.messageDigest === undefined) {
    throw new IntegrityError('CMS_SIGNED_ATTRS_MISSING', 'content-type and message-digest are required', {
      details: {
        contentType: attrs.contentType !== undefined,
        messageDigest: attrs.messageDigest !== undefined,
      },
    });
  }
  if (attrs.signingTime === undefined) {
    throw new IntegrityError('CMS_SIGNING_TIME_MISSING', 'signing-time is required');
  }
  if (attrs.contentType !== OID.data) {
    throw new IntegrityError('CMS_CONTENT_TYPE_MISMATCH', 'content-type attribute is not id-data', {
      details: { contentType: attrs.contentType },
    });
  }
  if (!bytesEqual(attrs.messageDigest, sha256(o.content))) {
    throw new IntegrityError('CMS_DIGEST_MISMATCH', 'message-digest does not match the content');
  }
  // ESS signing-certificate(-v2) binds the signature to this very certificate (against substitution).
  if (attrs.signingCertificateV2 !== undefined) {
    await checkEssCertId(attrs.signingCertificateV2, signer, 'v2');
  }
  if (attrs.signingCertificate !== undefined) await checkEssCertId(attrs.signingCertificate, signer, 'v1');

  if (signatureAlgorithm === 'ECDSA-P256') checkEcdsaDer(signerInfo.signature.valueBlock.valueHexView);
  await checkSignatureValue(signerInfo, signer);

  const certificates: Uint8Array[] = [];
  for (const c of [...embedded, ...extra]) {
    if (!certificates.some((d) => bytesEqual(d, c.der))) certificates.push(c.der);
  }
  return {
    signerCertificate: signer.der,
    certificates,
    signingTime: attrs.signingTime,
    digestAlgorithm,
    signatureAlgorithm,
  };
}

function parseSignedData(cms: Uint8Array): { signedData: SignedDataFields; embedded: ParsedCertificate[] } {
  try {
    const info = new ContentInfo({ schema: parseAsn1(cms) });
    if (info.contentType !== OID.signedData) {
      throw new Error(`content type ${info.contentType} is not signed-data`);
    }
    const signedData = readSignedData(info.content);
    // The certificates' own bytes, as received: pkijs objects re-encode, which may not be byte-identical.
    const embedded = signedData.certificates.map((e) => parseCertificate(encodingOf(e)));
    return { signedData, embedded };
  } catch (e) {
    throw new IntegrityError('CMS_MALFORMED', 'not a well-formed CMS SignedData', { cause: e });
  }
}

/** RFC 5652 §5.3: the signer is named by issuer and serial number, or by subject key identifier. */
async function findSigner(
  signerInfo: SignerInfo,
  candidates: ParsedCertificate[],
): Promise<ParsedCertificate> {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof IssuerAndSerialNumber) {
    const found = candidates.find(
      (c) => c.cert.issuer.isEqual(sid.issuer) && c.cert.serialNumber.isEqual(sid.serialNumber),
    );
    if (found) return found;
  } else {
    const keyId = subjectKeyIdOf(sid);
    for (const c of keyId ? candidates : []) {
      if (bytesEqual(c.subjectKeyId ?? (await keyHash(c)), keyId!)) return c;
    }
  }
  throw new IntegrityError(
    'CMS_SIGNER_CERT_MISSING',
    'the signer certificate is neither in the CMS nor supplied',
  );
}

/** [0] SubjectKeyIdentifier: pkijs keeps the tagged element, primitive (IMPLICIT) or wrapping an OCTET STRING. */
function subjectKeyIdOf(sid: unknown): Uint8Array | undefined {
  const inner = sid instanceof asn1js.Constructed ? sid.valueBlock.value[0] : sid;
  return inner instanceof asn1js.Primitive || inner instanceof asn1js.OctetString
    ? inner.valueBlock.valueHexView
    : undefined;
}

/** Certificates without the SKI extension are named by RFC 5280's method 1: SHA-1 of the key bits. */
async function keyHash(c: ParsedCertificate): Promise<Uint8Array> {
  const bits = c.cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return toBytes(await subtle().digest('SHA-1', toArrayBuffer(bits)));
}

/**
 * The signature over DER(signedAttrs) with the SET OF tag (RFC 5652 §5.4), checked by the pkijs engine
 * primitive that SignedData.verify ends with, called as it calls it (the hash named only for plain
 * rsaEncryption). Everything SignedData.verify looks at before that — the signer, the content type, the
 * message digest — has been checked above, under our own codes.
 */
async function checkSignatureValue(signerInfo: SignerInfo, signer: ParsedCertificate): Promise<void> {
  const engine = cryptoEngine();
  let ok: boolean;
  try {
    const signed = signerInfo.signedAttrs!.encodedValue;
    const spki = signer.cert.subjectPublicKeyInfo;
    const algorithm = signerInfo.signatureAlgorithm;
    ok =
      algorithm.algorithmId === OID.rsaEncryption
        ? await engine.verifyWithPublicKey(signed, signerInfo.signature, spki, algorithm, 'SHA-256')
        : await engine.verifyWithPublicKey(signed, signerInfo.signature, spki, algorithm);
  } catch (e) {
    // Every input pkijs looks at has been validated above; what is left failing is the signature value.
    throw new IntegrityError('CMS_SIGNATURE_INVALID', 'the signature does not verify', { cause: e });
  }
  if (!ok) throw new IntegrityError('CMS_SIGNATURE_INVALID', 'the signature does not verify');
}

/**
 * An ECDSA signature value must be strict DER: SEQUENCE of two minimal positive INTEGERs of at most 32
 * bytes of magnitude. pkijs converts DER to r ‖ s by keeping the last 32 bytes of each integer, so a
 * padded or altered encoding of the same (r, s) would otherwise verify: one signature, one byte string.
 */
function checkEcdsaDer(sig: Uint8Array): void {
  let seq: asn1js.AsnType | undefined;
  try {
    seq = parseAsn1(sig);
  } catch {
    seq = undefined;
  }
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length !== 2) refuseSignature(NOT_STRICT_DER);
  const [r, s] = seq.valueBlock.value.map((n) =>
    n instanceof asn1js.Integer ? integerMagnitude(n) : undefined,
  );
  if (!r || !s || r.length === 0 || s.length === 0 || r.length > 32 || s.length > 32)
    refuseSignature(NOT_STRICT_DER);
  // asn1js reads BER leniently (lengths, tags); the only accepted bytes are the DER of (r, s) rebuilt.
  if (!bytesEqual(sig, ecdsaDer(r, s))) refuseSignature(NOT_STRICT_DER);
}

/** DER INTEGER of a positive magnitude: minimal, with a leading zero before a high bit. */
function derInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const m = magnitude.subarray(start);
  const pad = m[0]! >= 0x80 ? 1 : 0;
  const out = new Uint8Array(2 + pad + m.length);
  out.set([0x02, pad + m.length]);
  out.set(m, 2 + pad);
  return out;
}

function ecdsaDer(r: Uint8Array, s: Uint8Array): Uint8Array {
  const ri = derInteger(r);
  const si = derInteger(s);
  const out = new Uint8Array(2 + ri.length + si.length);
  out.set([0x30, ri.length + si.length]);
  out.set(ri, 2);
  out.set(si, 2 + ri.length);
  return out;
}

const NOT_STRICT_DER = 'the ECDSA signature value is not strict DER';

function refuseSignature(message: string): never {
  throw new IntegrityError('CMS_SIGNATURE_INVALID', message);
}
