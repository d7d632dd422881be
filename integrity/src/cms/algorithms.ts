/**
 * The algorithm policy: SHA-256 digests; RSA PKCS#1 v1.5, RSA-PSS or ECDSA P-256 signatures. MD5 and SHA-1
 * anywhere are CMS_WEAK_DIGEST (a distinct code, because callers may report them as policy violations
 * rather than as broken data); anything else is CMS_UNSUPPORTED_ALGORITHM.
 */
import * as asn1js from 'asn1js';
import { type AlgorithmIdentifier, RSASSAPSSParams } from 'pkijs';
import { IntegrityError } from '../errors.ts';
import { oidOf } from './der.ts';
import { OID } from './oids.ts';

export type SignatureAlgorithmName = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA-P256';

const WEAK_DIGESTS: ReadonlySet<string> = new Set([OID.md2, OID.md5, OID.sha1]);
const WEAK_SIGNATURES: ReadonlySet<string> = new Set([
  OID.md2WithRSA,
  OID.md5WithRSA,
  OID.sha1WithRSA,
  OID.ecdsaWithSha1,
]);

/** Checks a digestAlgorithm; only SHA-256 passes. */
export function checkDigestAlgorithm(algorithm: AlgorithmIdentifier): 'SHA-256' {
  const oid = algorithm.algorithmId;
  if (oid === OID.sha256) return 'SHA-256';
  if (WEAK_DIGESTS.has(oid)) {
    throw new IntegrityError('CMS_WEAK_DIGEST', `digest algorithm ${oid} is too weak`);
  }
  throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', `digest algorithm ${oid} is not supported`);
}

/**
 * Classifies a SignerInfo's signatureAlgorithm (with a SHA-256 digest already checked). Plain rsaEncryption
 * is accepted as PKCS#1 v1.5 over the digest algorithm, as RFC 3370 §3.2 allows and `openssl cms` writes.
 */
export function checkSignatureAlgorithm(algorithm: AlgorithmIdentifier): SignatureAlgorithmName {
  const oid = algorithm.algorithmId;
  if (oid === OID.rsaEncryption || oid === OID.sha256WithRSA) return 'RSASSA-PKCS1-v1_5';
  if (oid === OID.ecdsaWithSha256) return 'ECDSA-P256';
  if (oid === OID.rsassaPss) {
    checkPssParams(algorithm);
    return 'RSA-PSS';
  }
  if (WEAK_SIGNATURES.has(oid)) {
    throw new IntegrityError('CMS_WEAK_DIGEST', `signature algorithm ${oid} uses a weak hash`);
  }
  throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', `signature algorithm ${oid} is not supported`);
}

/** RSASSA-PSS parameters (RFC 4055 §3.1): SHA-256 and MGF1-SHA-256 required; absent fields mean SHA-1. */
function checkPssParams(algorithm: AlgorithmIdentifier): void {
  let params: RSASSAPSSParams;
  try {
    params = new RSASSAPSSParams({ schema: algorithm.algorithmParams });
  } catch (e) {
    throw new IntegrityError('CMS_MALFORMED', 'RSASSA-PSS parameters cannot be decoded', { cause: e });
  }
  const hash = params.hashAlgorithm.algorithmId;
  if (WEAK_DIGESTS.has(hash)) {
    throw new IntegrityError('CMS_WEAK_DIGEST', `RSASSA-PSS with weak hash ${hash}`);
  }
  if (hash !== OID.sha256) {
    throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', `RSASSA-PSS with hash ${hash}`);
  }
  if (params.maskGenAlgorithm.algorithmId !== OID.mgf1) {
    throw new IntegrityError(
      'CMS_UNSUPPORTED_ALGORITHM',
      'RSASSA-PSS with a mask generation other than MGF1',
    );
  }
  // MGF1's parameter is the AlgorithmIdentifier of its hash; Web Crypto always uses the signature's hash.
  const mgfHash = mgfHashOid(params.maskGenAlgorithm);
  if (mgfHash !== undefined && WEAK_DIGESTS.has(mgfHash)) {
    throw new IntegrityError('CMS_WEAK_DIGEST', `RSASSA-PSS MGF1 with weak hash ${mgfHash}`);
  }
  if (mgfHash !== OID.sha256) {
    throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', `RSASSA-PSS MGF1 with hash ${mgfHash ?? '?'}`);
  }
  if (params.trailerField !== 1) {
    throw new IntegrityError('CMS_UNSUPPORTED_ALGORITHM', 'RSASSA-PSS trailer field');
  }
}

function mgfHashOid(mgf: AlgorithmIdentifier): string | undefined {
  const p: unknown = mgf.algorithmParams;
  return p instanceof asn1js.Sequence ? oidOf(p.valueBlock.value[0]) : undefined;
}
