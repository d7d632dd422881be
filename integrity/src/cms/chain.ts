/**
 * Certification path building and validation (RFC 5280 §6, the parts this profile needs): from the signer
 * through the supplied intermediates to one of the trust anchors, every certificate valid at `at` (the
 * signing time), every issuer a CA that signed the certificate below it with a strong algorithm.
 * Revocation is not checked here: the ledger's registration status plays that role (CERT_REVOKED).
 */
import { IntegrityError, isIntegrityError } from '../errors.ts';
import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { bytesEqual } from './der.ts';
import { cryptoEngine } from './engine.ts';
import {
  checkCaConstraints,
  checkCaKey,
  checkCriticalExtensions,
  checkSignerKey,
  checkSignerKeyUsage,
  checkValidity,
} from './policy.ts';

export interface VerifySignerCertificateOptions {
  signerCertificate: Uint8Array;
  /** Candidate intermediate CAs, in any order (e.g. all certificates of the CMS); extras are ignored. */
  intermediates: Uint8Array[];
  /** Root certificates registered as trusted (the Ministry's). */
  trustAnchors: Uint8Array[];
  /** When the checks apply: the signing time. */
  at: Date;
}

/** Paths longer than this are refused: real hierarchies have two or three levels. */
const MAX_PATH_LENGTH = 6;
/** Partial paths explored before giving up (a real hierarchy needs a handful). */
const MAX_SEARCH_STEPS = 200;

const STRONG_CERT_HASHES: ReadonlySet<string> = new Set(['SHA-256', 'SHA-384', 'SHA-512']);

/**
 * Whether `issuer`'s key made `child`'s signature, per pair of parsed certificates: a pure function of their
 * bytes (parseCertificate gives the same object for the same bytes), and the same pairs — a school's signer
 * and the registered roots — come back on every verification. Weak keys: a certificate the parse cache has
 * dropped takes its results with it.
 */
const signatures = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, Promise<boolean>>>();

function signedBy(child: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  let byIssuer = signatures.get(child);
  if (!byIssuer) {
    byIssuer = new WeakMap();
    signatures.set(child, byIssuer);
  }
  let result = byIssuer.get(issuer);
  if (!result) {
    result = child.cert.verify(issuer.cert, cryptoEngine()).catch(() => false);
    byIssuer.set(issuer, result);
  }
  return result;
}

/**
 * Returns the validated path, signer first and trust anchor last. Refusals: CERT_MALFORMED,
 * CERT_WEAK_KEY, CERT_KEY_USAGE, CERT_EXPIRED / CERT_NOT_YET_VALID (any certificate of the path, at
 * `at`) and CERT_CHAIN_UNTRUSTED when no path reaches an anchor.
 */
export async function verifySignerCertificate(
  o: VerifySignerCertificateOptions,
): Promise<{ chain: Uint8Array[] }> {
  if (Number.isNaN(o.at.getTime())) throw new RangeError('`at` is not a valid date');
  const signer = parseCertificate(o.signerCertificate);
  // Distinct candidates other than the signer (the CMS's certificates include it), so a path never loops.
  const intermediates: ParsedCertificate[] = [];
  for (const c of o.intermediates.map((der) => parseCertificate(der))) {
    if (![signer, ...intermediates].some((x) => bytesEqual(x.der, c.der))) intermediates.push(c);
  }
  const anchors = o.trustAnchors.map((der) => parseCertificate(der));

  checkSignerKey(signer);
  checkSignerKeyUsage(signer);
  checkCriticalExtensions(signer);
  checkValidity(signer, o.at, 'signer');

  // A certificate registered as an anchor is trusted as such, signer included.
  if (anchors.some((a) => bytesEqual(a.der, signer.der))) return { chain: [signer.der] };

  const search = new PathSearch(anchors, intermediates, o.at);
  const path = await search.extend([signer]);
  if (path) return { chain: path.map((c) => c.der) };
  // The most specific reason a real issuer was refused (expired CA, not a CA, ...) beats a bare "untrusted".
  throw (
    search.refusal ??
    new IntegrityError('CERT_CHAIN_UNTRUSTED', 'no certification path to a trust anchor', {
      details: { anchors: anchors.length, intermediates: intermediates.length },
    })
  );
}

/**
 * Depth-first search over the candidates. The candidates come from the CMS, i.e. from whoever made it, so
 * the work is bounded: each signature is checked once per (certificate, issuer) pair (signedBy), and the
 * number of paths tried is capped.
 */
class PathSearch {
  refusal: IntegrityError | undefined;
  private steps = 0;

  constructor(
    private readonly anchors: readonly ParsedCertificate[],
    private readonly intermediates: readonly ParsedCertificate[],
    private readonly at: Date,
  ) {}

  /** Anchors that issued the last certificate end the path; otherwise each acceptable intermediate is tried. */
  async extend(path: ParsedCertificate[]): Promise<ParsedCertificate[] | undefined> {
    if (++this.steps > MAX_SEARCH_STEPS) {
      throw new IntegrityError('CERT_CHAIN_UNTRUSTED', 'gave up building a path: too many candidate paths', {
        details: { intermediates: this.intermediates.length },
      });
    }
    const child = path[path.length - 1]!;
    for (const anchor of this.anchors) {
      if (await this.accepts(anchor, child, path)) return [...path, anchor];
    }
    if (path.length >= MAX_PATH_LENGTH) return undefined;
    for (const ca of this.intermediates) {
      if (path.includes(ca)) continue; // each certificate once per path
      if (!(await this.accepts(ca, child, path))) continue;
      const found = await this.extend([...path, ca]);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Did `issuer` sign `child`, and may it issue at this place in the path? The signature is checked first,
   * so that only a real issuer's shortcomings (weak key, not a CA, expired...) are reported as refusals.
   */
  private async accepts(issuer: ParsedCertificate, child: ParsedCertificate, path: ParsedCertificate[]) {
    if (!child.cert.issuer.isEqual(issuer.cert.subject)) return false;
    if (
      child.authorityKeyId &&
      issuer.subjectKeyId &&
      !bytesEqual(child.authorityKeyId, issuer.subjectKeyId)
    ) {
      return false;
    }
    if (!(await signedBy(child, issuer))) return false;
    try {
      // The hash inside the certificate's signature algorithm (PSS parameters included), e.g. SHA-1.
      const hash = cryptoEngine().getHashAlgorithm(child.cert.signatureAlgorithm);
      if (!STRONG_CERT_HASHES.has(hash)) {
        throw new IntegrityError('CERT_CHAIN_UNTRUSTED', 'certificate is signed with a weak hash', {
          details: { algorithm: child.cert.signatureAlgorithm.algorithmId, hash },
        });
      }
      checkCaKey(issuer);
      // `path.length - 1` intermediate CAs sit between this issuer and the signer (RFC 5280 §4.2.1.9).
      checkCaConstraints(issuer, path.length - 1);
      checkCriticalExtensions(issuer);
      checkValidity(issuer, this.at, 'issuer');
      return true;
    } catch (e) {
      if (!isIntegrityError(e)) throw e;
      this.refusal ??= e;
      return false;
    }
  }
}
