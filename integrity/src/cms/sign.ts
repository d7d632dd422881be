/**
 * Making a detached CAdES-BES CMS SignedData with a Web Crypto key: what the development signer and the
 * tests use. Production signatures come from the principal's USB token or remote-signing service.
 */
import {
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedAndUnsignedAttributes,
  SignedData,
  SignerInfo,
} from 'pkijs';
import { sha256 } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { buildSignedAttributes } from './attributes.ts';
import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { bytesEqual, compareDer } from './der.ts';
import { cryptoEngine } from './engine.ts';
import { OID } from './oids.ts';
import { checkSignerKey } from './policy.ts';
import { verifyCmsSignature } from './verify.ts';

export interface SignCmsOptions {
  content: Uint8Array;
  /** RSASSA-PKCS1-v1_5 or RSA-PSS with SHA-256, or ECDSA P-256; the key of `certificate`. */
  privateKey: CryptoKey;
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** DER of CA certificates to include (intermediates; the root is optional). */
  chain?: Uint8Array[];
  /** Written as the signing-time attribute (to the second). */
  signingTime: Date;
}

/** Returns the DER ContentInfo. The result is verified before it is returned (key must match certificate). */
export async function signCms(o: SignCmsOptions): Promise<Uint8Array<ArrayBuffer>> {
  const signer = parseCertificate(o.certificate);
  checkSignerKey(signer);
  checkPrivateKey(o.privateKey);
  const certificates: ParsedCertificate[] = [signer];
  for (const c of (o.chain ?? []).map((der) => parseCertificate(der))) {
    if (!certificates.some((x) => bytesEqual(x.der, c.der))) certificates.push(c);
  }
  // DER orders a SET OF by encoding; which certificate comes first does not matter to verifiers.
  certificates.sort((a, b) => compareDer(a.der, b.der));

  const signerInfo = new SignerInfo({
    version: 1,
    sid: new IssuerAndSerialNumber({ issuer: signer.cert.issuer, serialNumber: signer.cert.serialNumber }),
    signedAttrs: new SignedAndUnsignedAttributes({
      type: 0,
      attributes: buildSignedAttributes({
        contentDigest: sha256(o.content),
        signingTime: o.signingTime,
        signer,
      }),
    }),
  });
  const signedData = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
    certificates: certificates.map((c) => c.cert),
  });
  // pkijs signs the DER of the signed attributes with the SET OF tag (RFC 5652 §5.4).
  await signedData.sign(o.privateKey, 0, 'SHA-256', undefined, cryptoEngine());
  const cms = new Uint8Array(
    new ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER(),
  );

  const check = await verifyCmsSignature({ content: o.content, cms });
  if (!bytesEqual(check.signerCertificate, signer.der)) {
    throw new IntegrityError('CMS_MALFORMED', 'the signer certificate was not embedded byte for byte');
  }
  return cms;
}

function checkPrivateKey(key: CryptoKey): void {
  const alg = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const ok =
    key.type === 'private' &&
    (((alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS') && alg.hash?.name === 'SHA-256') ||
      (alg.name === 'ECDSA' && alg.namedCurve === 'P-256'));
  if (!ok) {
    throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', `cannot sign with a ${alg.name} key`, {
      details: { algorithm: alg.name, hash: alg.hash?.name, namedCurve: alg.namedCurve },
    });
  }
}
