/**
 * Where a verification's time goes, for bench/src/portal.ts (loaded on demand: never part of what a visitor
 * downloads). The same integrity functions verifyBundle runs, called one by one on a bundle that verifies, each
 * timed in the page; then verifyBundle itself, whose time beyond the steps is the report's building (messages,
 * outcomes) and the orchestration's awaits. Times in ms.
 */
import {
  digestFromDisclosure,
  fromBase64,
  fromHex,
  leafHash,
  type Manifest,
  manifestBytes,
  ProofBundle,
  parseManifest,
  pemToDer,
  sha256,
  verifyBundle,
  verifyCmsSignature,
  verifyInclusion,
  verifySignerCertificate,
} from '@hocba/integrity';
import type { LedgerFacts } from './verify.ts';

export type SplitStep =
  | 'trustAnchorsPem'
  | 'bundleSchema'
  | 'disclosureHashing'
  | 'manifest'
  | 'merkleProof'
  | 'anchorHashes'
  | 'cmsSignature'
  | 'certificateChain'
  | 'reportAndAwaits';

export async function timeSteps(bundle: unknown, ledger: LedgerFacts): Promise<Record<SplitStep, number>> {
  const t = {} as Record<SplitStep, number>;
  let t0 = performance.now();
  const lap = (step: SplitStep) => {
    const now = performance.now();
    t[step] = now - t0;
    t0 = now;
  };
  const trustAnchors = ledger.trustAnchors.flatMap((p) => pemToDer(p, 'CERTIFICATE'));
  lap('trustAnchorsPem');
  const b = ProofBundle.parse(bundle);
  lap('bundleSchema');
  const leaf = leafHash(digestFromDisclosure(b.disclosure));
  lap('disclosureHashing');
  const manifest = parseManifest(manifestBytes(b.manifest as Manifest));
  const content = manifestBytes(manifest);
  lap('manifest');
  const { leafIndex, treeSize, hashes } = b.inclusion;
  verifyInclusion(
    leafIndex,
    treeSize,
    leaf,
    hashes.map((h) => fromHex(h)!),
    fromHex(manifest.root)!,
  );
  lap('merkleProof');
  const cms = fromBase64(b.cms)!;
  sha256(content);
  sha256(cms);
  lap('anchorHashes');
  const sig = await verifyCmsSignature({
    content,
    cms,
    certificates: b.certificates.map((c) => fromBase64(c)!),
  });
  lap('cmsSignature');
  await verifySignerCertificate({
    signerCertificate: sig.signerCertificate,
    intermediates: sig.certificates,
    trustAnchors,
    at: sig.signingTime,
  });
  lap('certificateChain');
  const steps = performance.now();
  const stepsMs = Object.values(t).reduce((a, x) => a + x, 0);
  const report = await verifyBundle(bundle, { trustAnchors, anchor: ledger.anchor, now: new Date() });
  if (report.verdict !== 'valid') throw new Error(`the split needs a valid bundle, got ${report.verdict}`);
  t.reportAndAwaits = Math.max(0, performance.now() - steps - stepsMs);
  return t;
}
