/** Certificate rules of the profile: key strength, key usage, CA constraints, validity at a given time. */
import { IntegrityError } from '../errors.ts';
import { certificateFingerprint, type ParsedCertificate } from './certificate.ts';
import { OID } from './oids.ts';

const MIN_RSA_BITS = 2048;
// CAs above the signer are not ours to choose: allow the larger NIST curves, which Web Crypto verifies.
const CA_CURVES: ReadonlySet<string> = new Set([OID.p256, OID.p384, OID.p521]);
/** Extensions we understand enough to honour when critical (RFC 5280 §4.2: others make the cert unusable). */
const HANDLED_CRITICAL: ReadonlySet<string> = new Set([
  OID.keyUsage,
  OID.basicConstraints,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.subjectAltName,
  OID.extKeyUsage,
  OID.certificatePolicies,
]);

const details = (c: ParsedCertificate, extra: Record<string, unknown> = {}) => ({
  fingerprint: certificateFingerprint(c.der),
  ...extra,
});

/** Signer keys: RSA ≥ 2048 bits or ECDSA P-256, nothing else. */
export function checkSignerKey(c: ParsedCertificate): void {
  const k = c.publicKey;
  if (k.kind === 'RSA' && k.bits >= MIN_RSA_BITS) return;
  if (k.kind === 'EC' && k.curve === OID.p256) return;
  throw new IntegrityError('CERT_WEAK_KEY', 'signer key must be RSA ≥ 2048 bits or ECDSA P-256', {
    details: details(c, { key: k }),
  });
}

/** CA keys: RSA ≥ 2048 bits or ECDSA on P-256, P-384 or P-521. */
export function checkCaKey(c: ParsedCertificate): void {
  const k = c.publicKey;
  if (k.kind === 'RSA' && k.bits >= MIN_RSA_BITS) return;
  if (k.kind === 'EC' && CA_CURVES.has(k.curve)) return;
  throw new IntegrityError('CERT_WEAK_KEY', 'CA key must be RSA ≥ 2048 bits or ECDSA P-256/384/521', {
    details: details(c, { key: k }),
  });
}

/** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive. */
export function checkValidity(c: ParsedCertificate, at: Date, role: 'signer' | 'issuer'): void {
  const t = at.getTime();
  if (t < c.notBefore.getTime()) {
    throw new IntegrityError(
      'CERT_NOT_YET_VALID',
      `${role} certificate not yet valid at ${at.toISOString()}`,
      {
        details: details(c, { role, notBefore: c.notBefore.toISOString() }),
      },
    );
  }
  if (t > c.notAfter.getTime()) {
    throw new IntegrityError('CERT_EXPIRED', `${role} certificate expired at ${at.toISOString()}`, {
      details: details(c, { role, notAfter: c.notAfter.toISOString() }),
    });
  }
}

/** A signing certificate's keyUsage, when present, must allow digitalSignature or nonRepudiation. */
export function checkSignerKeyUsage(c: ParsedCertificate): void {
  const ku = c.keyUsage;
  if (ku === undefined || ku.has('digitalSignature') || ku.has('nonRepudiation')) return;
  throw new IntegrityError('CERT_KEY_USAGE', 'signer certificate keyUsage allows neither signing usage', {
    details: details(c, { keyUsage: [...ku] }),
  });
}

/**
 * An issuing certificate must be a CA (basicConstraints cA), may sign certificates (keyCertSign when
 * keyUsage is present) and must allow the `below` intermediate CAs that sit under it (pathLenConstraint).
 */
export function checkCaConstraints(c: ParsedCertificate, below: number): void {
  const bc = c.basicConstraints;
  if (!bc?.cA) {
    throw new IntegrityError('CERT_KEY_USAGE', 'issuer certificate is not a CA (basicConstraints cA)', {
      details: details(c),
    });
  }
  if (c.keyUsage !== undefined && !c.keyUsage.has('keyCertSign')) {
    throw new IntegrityError('CERT_KEY_USAGE', 'issuer certificate keyUsage lacks keyCertSign', {
      details: details(c),
    });
  }
  if (bc.pathLen !== undefined && below > bc.pathLen) {
    throw new IntegrityError('CERT_KEY_USAGE', 'path is longer than the issuer pathLenConstraint allows', {
      details: details(c, { pathLen: bc.pathLen, below }),
    });
  }
}

export function checkCriticalExtensions(c: ParsedCertificate): void {
  const unknown = c.criticalExtensions.filter((oid) => !HANDLED_CRITICAL.has(oid));
  if (unknown.length > 0) {
    throw new IntegrityError(
      'CERT_CHAIN_UNTRUSTED',
      'certificate has critical extensions we cannot process',
      {
        details: details(c, { extensions: unknown }),
      },
    );
  }
}
