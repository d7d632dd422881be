/**
 * The verification report (DESIGN.md §4.7): one orchestrator runs the six steps in a fixed order and turns
 * each outcome into pass | fail | unknown with a stable reason code and a message in Vietnamese and
 * English. It does no I/O: the bundle, what the ledger said (AnchorView), the trust anchors and the time
 * are all passed in, so the same code runs in the gateway, the portal and the CLI.
 */
import { constantTimeEqual, fromBase64, fromHex, toHex } from '../bytes.ts';
import { certificateFingerprint, verifyCmsSignature, verifySignerCertificate } from '../cms/index.ts';
import { digestFromDisclosure } from '../commitment.ts';
import { type HashImpl, sha256 } from '../crypto.ts';
import { isIntegrityError } from '../errors.ts';
import { type Manifest, manifestBytes, parseManifest } from '../manifest.ts';
import { leafHash } from '../merkle/hasher.ts';
import { verifyInclusion } from '../merkle/verify.ts';
import type { AnchorView } from './anchor-view.ts';
import { ProofBundle } from './bundle.ts';
import { type Localized, messageFor } from './messages.ts';
import { type Outcome, type ReasonCode, STEPS, type StepName } from './steps.ts';

export interface StepResult {
  step: StepName;
  outcome: Outcome;
  code: ReasonCode;
  message: Localized;
  /** Facts behind the outcome (block, transaction, roots, reason and legal basis). No personal data. */
  details?: Record<string, unknown>;
}

export interface VerificationReport {
  /** valid: every step passed; invalid: one failed; incomplete: none failed but some could not be checked. */
  verdict: 'valid' | 'invalid' | 'incomplete';
  steps: StepResult[];
  checkedAt: string;
}

export interface VerifyOptions {
  /** Root CA certificates (DER) registered on chain by the Ministry. */
  trustAnchors: Uint8Array[];
  /** What the ledger said; undefined when checking a file offline. */
  anchor?: AnchorView | undefined;
  now: Date;
  /** A faster SHA-256 with the same bytes (the gateway: node:crypto's); default @noble/hashes. */
  hash?: HashImpl;
  /**
   * The CMS and certificate checks, for a caller that memoizes them (the gateway: a thousand bundles of one
   * batch carry one signature). Each must answer exactly what the default does for the same inputs.
   */
  checks?: SignatureChecks;
}

/** The two checks of the signature and signer steps (integrity's own by default). */
export interface SignatureChecks {
  verifyCmsSignature: typeof verifyCmsSignature;
  verifySignerCertificate: typeof verifySignerCertificate;
}

/**
 * fromBase64, remembered for the last strings decoded (issue 16): the bundles of one batch all carry the
 * same CMS and certificates, and decoding them anew for each of a thousand bundles was a sixth of a bulk
 * verification. A pure function of the string; the bytes handed out are shared, so nothing here or in the
 * checks may write to them (none does: they are parsed and hashed).
 */
const decoded = new Map<string, Uint8Array | undefined>();
const DECODED_MAX = 64;
const DECODED_LENGTH_MAX = 1 << 16;
function base64Once(s: string): Uint8Array | undefined {
  if (s.length > DECODED_LENGTH_MAX) return fromBase64(s);
  if (decoded.has(s)) return decoded.get(s);
  const bytes = fromBase64(s);
  // Bounded: the few signatures of the batches being verified; a new set starts over.
  if (decoded.size >= DECODED_MAX) decoded.clear();
  decoded.set(s, bytes);
  return bytes;
}

/**
 * The manifest and its signed bytes, as parseManifest(manifestBytes(m)) makes them, remembered for manifests
 * of plain strings and numbers (every manifest but a correction's), whose JSON text is then their exact content:
 * a thousand bundles of one batch carry one manifest (issue 16). The answer is frozen, shared by reports.
 */
const manifests = new Map<string, { manifest: Manifest; bytes: Uint8Array }>();
const MANIFESTS_MAX = 64;
function readManifest(m: Record<string, unknown>): { manifest: Manifest; bytes: Uint8Array } {
  let plain = typeof m === 'object' && m !== null;
  for (const k in plain ? m : {}) {
    const v = m[k];
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) plain = false;
  }
  const text = plain && Object.getPrototypeOf(m) === Object.prototype ? JSON.stringify(m) : undefined;
  const known = text === undefined ? undefined : manifests.get(text);
  if (known) return known;
  const bytes = manifestBytes(m as Manifest);
  const read = { manifest: Object.freeze(parseManifest(bytes)), bytes };
  if (text !== undefined) {
    if (manifests.size >= MANIFESTS_MAX) manifests.clear();
    manifests.set(text, read);
  }
  return read;
}

type Outcomeish = Omit<StepResult, 'message' | 'step'>;
const pass = (details?: Record<string, unknown>): Outcomeish => ({
  outcome: 'pass',
  code: 'OK',
  ...(details && { details }),
});
const fail = (code: ReasonCode, details?: Record<string, unknown>): Outcomeish => ({
  outcome: 'fail',
  code,
  ...(details && { details }),
});
const unknown = (code: ReasonCode, details?: Record<string, unknown>): Outcomeish => ({
  outcome: 'unknown',
  code,
  ...(details && { details }),
});

/** Runs a check that throws IntegrityError; other exceptions are bugs and propagate. */
async function attempt(f: () => Outcomeish | Promise<Outcomeish>): Promise<Outcomeish> {
  try {
    return await f();
  } catch (e) {
    if (isIntegrityError(e)) return fail(e.code, e.details ? { ...e.details } : undefined);
    throw e;
  }
}

export async function verifyBundle(bundle: unknown, options: VerifyOptions): Promise<VerificationReport> {
  const parsed = ProofBundle.safeParse(bundle);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('/') || '(bundle)'}: ${i.message}`);
    return finish({ integrity: fail('BUNDLE_MALFORMED', { problems }) }, options.now);
  }
  return verifyRecord(parsed.data, options);
}

export async function verifyRecord(b: ProofBundle, options: VerifyOptions): Promise<VerificationReport> {
  const results: Partial<Record<StepName, Outcomeish>> = {};
  const anchor = options.anchor;
  const hash = options.hash?.sha256 ?? sha256;
  const checks = options.checks ?? { verifyCmsSignature, verifySignerCertificate };

  // 1. integrity: the disclosed fields hash to the leaf the bundle names.
  let leaf: Uint8Array | undefined;
  results.integrity = await attempt(() => {
    const computed = leafHash(digestFromDisclosure(b.disclosure, options.hash));
    const stated = fromHex(b.leaf)!;
    if (!constantTimeEqual(computed, stated)) {
      return fail('INTEGRITY_LEAF_MISMATCH', { stated: b.leaf, computed: toHex(computed) });
    }
    leaf = computed;
    return pass({
      leaf: b.leaf,
      disclosedFields: b.disclosure.fields.length,
      hiddenFields: b.disclosure.hidden.length,
    });
  });

  // The manifest: its exact bytes are what was signed and anchored. Made once: parseManifest has checked
  // that they are the canonical bytes of the manifest it answers, so manifestBytes(manifest) is them again.
  let manifest: Manifest | undefined;
  let signedBytes: Uint8Array | undefined;
  let manifestFailure: Outcomeish | undefined;
  try {
    ({ manifest, bytes: signedBytes } = readManifest(b.manifest));
  } catch (e) {
    if (!isIntegrityError(e)) throw e;
    manifestFailure = fail(e.code, e.details ? { ...e.details } : undefined);
  }

  // 2. inclusion: the leaf is in the batch tree whose root the manifest carries.
  results.inclusion = await attempt(() => {
    if (!manifest) return manifestFailure!;
    if (b.inclusion.treeSize !== manifest.leafCount) {
      return fail('INCLUSION_SIZE_MISMATCH', {
        treeSize: b.inclusion.treeSize,
        leafCount: manifest.leafCount,
      });
    }
    // Checked against the bundle's leaf even when the disclosure failed, so each step says one thing.
    verifyInclusion(
      b.inclusion.leafIndex,
      b.inclusion.treeSize,
      leaf ?? fromHex(b.leaf)!,
      b.inclusion.hashes.map((h) => fromHex(h)!),
      fromHex(manifest.root)!,
    );
    return pass({
      batchId: manifest.batchId,
      leafIndex: b.inclusion.leafIndex,
      treeSize: b.inclusion.treeSize,
      root: manifest.root,
    });
  });

  // 3. anchor: the ledger holds this batch with this root, these manifest bytes and this signature.
  results.anchor = await attempt(() => {
    if (!manifest) return manifestFailure!;
    if (!anchor) return unknown('ANCHOR_UNAVAILABLE', { batchId: manifest.batchId });
    if (!anchor.found) return fail('ANCHOR_NOT_FOUND', { batchId: manifest.batchId });
    if (anchor.batchId !== manifest.batchId) {
      return fail('ANCHOR_BATCH_MISMATCH', { expected: manifest.batchId, ledger: anchor.batchId });
    }
    if (anchor.root !== manifest.root)
      return fail('ANCHOR_ROOT_MISMATCH', { manifest: manifest.root, ledger: anchor.root });
    const manifestHash = toHex(hash(signedBytes!));
    if (anchor.manifestHash !== manifestHash) {
      return fail('ANCHOR_MANIFEST_MISMATCH', { manifest: manifestHash, ledger: anchor.manifestHash });
    }
    const cms = base64Once(b.cms);
    const cmsHash = cms && toHex(hash(cms));
    if (anchor.cmsHash !== cmsHash)
      return fail('ANCHOR_SIGNATURE_MISMATCH', { bundle: cmsHash, ledger: anchor.cmsHash });
    return pass({
      batchId: anchor.batchId,
      blockNumber: anchor.blockNumber,
      txId: anchor.txId,
      anchoredAt: anchor.anchoredAt,
      channel: anchor.channel,
    });
  });

  // 4. signature: the principal's CMS covers the exact manifest bytes, made by the certificate it names.
  let signer: { certificate: Uint8Array; signingTime: Date; certificates: Uint8Array[] } | undefined;
  results.signature = await attempt(async () => {
    if (!manifest) return manifestFailure!;
    const cms = base64Once(b.cms);
    if (!cms) return fail('CMS_MALFORMED');
    const certificates = b.certificates.map(base64Once);
    if (certificates.some((c) => !c)) return fail('CERT_MALFORMED');
    const sig = await checks.verifyCmsSignature({
      content: signedBytes!,
      cms,
      certificates: certificates as Uint8Array[],
    });
    const fingerprint = certificateFingerprint(sig.signerCertificate);
    if (fingerprint !== manifest.signerCert) {
      return fail('SIGNATURE_SIGNER_MISMATCH', { manifest: manifest.signerCert, cms: fingerprint });
    }
    signer = {
      certificate: sig.signerCertificate,
      signingTime: sig.signingTime,
      certificates: sig.certificates,
    };
    return pass({
      signingTime: sig.signingTime.toISOString(),
      algorithm: sig.signatureAlgorithm,
      signerCert: fingerprint,
    });
  });

  // 5. signer: the certificate chains to a registered root, was valid when it signed, and is registered
  //    for this school on chain (approved, not revoked at signing time).
  results.signer = await attempt(async () => {
    if (!signer || !manifest) return unknown('PREVIOUS_STEP_FAILED');
    const { chain } = await checks.verifySignerCertificate({
      signerCertificate: signer.certificate,
      intermediates: signer.certificates,
      trustAnchors: options.trustAnchors,
      at: signer.signingTime,
    });
    const facts = { schoolId: manifest.schoolId, chainLength: chain.length, signerCert: manifest.signerCert };
    const reg = anchor?.signer;
    if (!anchor || !reg) return unknown('SIGNER_REGISTRATION_UNAVAILABLE', facts);
    if (
      reg.fingerprint !== manifest.signerCert ||
      reg.schoolId !== manifest.schoolId ||
      reg.status === 'pending'
    ) {
      return fail('CERT_NOT_REGISTERED', facts);
    }
    if (
      reg.status === 'revoked' &&
      (!reg.revokedFrom || Date.parse(reg.revokedFrom) <= signer.signingTime.getTime())
    ) {
      return fail('CERT_REVOKED', { ...facts, revokedFrom: reg.revokedFrom });
    }
    return pass(facts);
  });

  // 6. status, per record: not revoked, not superseded by a correction; per batch: not recalled, not replaced.
  results.status = await attempt(() => {
    if (!anchor) return unknown('STATUS_UNAVAILABLE');
    if (!anchor.found) return unknown('PREVIOUS_STEP_FAILED');
    // The most actionable fact names the code (a replacement first: it points to the record in force);
    // every fact goes in the details.
    const facts = {
      ...(anchor.supersededBy && { supersededBy: anchor.supersededBy }),
      ...(anchor.correction && { correction: anchor.correction }),
      ...(anchor.revocation && { revocation: anchor.revocation }),
      ...(anchor.recall && { recall: anchor.recall }),
    };
    if (anchor.state === 'replaced' || anchor.supersededBy) return fail('STATUS_SUPERSEDED', facts);
    if (anchor.correction) {
      const { batchId, leafIndex, ...fact } = anchor.correction;
      return fail('STATUS_CORRECTED', { ...fact, correctedBy: { batchId, leafIndex }, ...facts });
    }
    if (anchor.revocation) return fail('STATUS_REVOKED', { ...anchor.revocation, ...facts });
    if (anchor.state === 'recalled' || anchor.recall)
      return fail('STATUS_RECALLED', { ...anchor.recall, ...facts });
    return pass({ state: anchor.state });
  });

  return finish(results, options.now);
}

function finish(results: Partial<Record<StepName, Outcomeish>>, now: Date): VerificationReport {
  const steps = STEPS.map((step): StepResult => {
    const r = results[step] ?? unknown('PREVIOUS_STEP_FAILED');
    return { step, ...r, message: messageFor(step, r.code, r.details) };
  });
  const verdict = steps.some((s) => s.outcome === 'fail')
    ? 'invalid'
    : steps.every((s) => s.outcome === 'pass')
      ? 'valid'
      : 'incomplete';
  return { verdict, steps, checkedAt: now.toISOString() };
}
