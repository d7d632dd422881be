/**
 * OpenAttestation v2 (`@govtechsg/open-attestation`) as a baseline: `wrapDocuments` salts every field with
 * a UUID v4, validates the document against the OA 2.0 JSON schema (ajv), hashes each field with
 * keccak256, builds a sorted-pair Merkle tree and attaches a proof to each document. Its proof for each
 * document is found with a linear search over the leaves (`findIndex`), so a batch costs O(n²) there.
 *
 * A record becomes an OA v2 document by adding the two things the schema requires or a renderer needs:
 * `issuers` (the school, with a document store and a DNS-TXT identity proof) and `$template`.
 */
import { type v2, verifySignature, wrapDocuments } from '@govtechsg/open-attestation';
import type { HocbaRecord } from '../records.ts';

export type OaDocument = HocbaRecord & v2.OpenAttestationDocument;

export function toOaDocument(record: HocbaRecord): OaDocument {
  return {
    $template: {
      name: 'HOCBA_V1',
      type: 'EMBEDDED_RENDERER' as v2.TemplateType,
      url: 'https://hocba.example.vn/renderer',
    },
    issuers: [
      {
        name: `Trường ${record.level} ${record.schoolCode}`,
        documentStore: '0x9178F546D3FF57D7A6352bD61B80cCCD46199C2d',
        identityProof: { type: 'DNS-TXT' as v2.IdentityProofType, location: 'hocba.example.vn' },
      },
    ],
    ...record,
  };
}

/** Wraps the batch; returns the number of proof hashes (so the work cannot be skipped) after checking
 * the first and last wrapped documents with the library's own verifier. */
export function wrapBatch(docs: OaDocument[]): { proofHashes: number; check: () => boolean } {
  const wrapped = wrapDocuments(docs);
  let proofHashes = 0;
  for (const w of wrapped) proofHashes += w.signature.proof.length;
  return {
    proofHashes,
    check: () =>
      wrapped.length === docs.length && verifySignature(wrapped[0]!) && verifySignature(wrapped.at(-1)!),
  };
}
