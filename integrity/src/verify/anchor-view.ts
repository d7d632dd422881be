/**
 * What the ledger says about a batch, a record and the signer's certificate, as the gateway or the portal
 * read it from the chain. The report compares the bundle against it; when it is absent (a file checked
 * offline) the anchor, registration and status checks are "unknown", never "pass".
 */
export type BatchState = 'anchored' | 'accepted' | 'reported' | 'recallRequested' | 'recalled' | 'replaced';

export interface StatusFact {
  reasonCode: string;
  legalBasis: string;
  /** Transaction time on the ledger, ISO 8601 UTC. */
  at: string;
}

export interface AnchorView {
  /** false when the ledger has no batch with this id. */
  found: boolean;
  channel?: string;
  batchId: string;
  schoolId?: string;
  /** Merkle root (hex) as anchored. */
  root?: string;
  /** SHA-256 (hex) of the manifest bytes as anchored. */
  manifestHash?: string;
  /** SHA-256 (hex) of the CMS signature (DER) as anchored: the signature a bundle carries must be that one. */
  cmsHash?: string;
  blockNumber?: number;
  txId?: string;
  anchoredAt?: string;
  state?: BatchState;
  /** The batch that replaced this one, when state is 'replaced'. */
  supersededBy?: string;
  recall?: StatusFact;
  /**
   * This record superseded by a correction (DESIGN.md §4.6): the correction batch and leaf that hold its
   * corrected version, when and under which decision. The rest of its batch is untouched.
   */
  correction?: StatusFact & { batchId: string; leafIndex: number };
  /** Revocation of this record (by batch and leaf), if any. */
  revocation?: StatusFact;
  /** The signer certificate's registration on chain. */
  signer?: {
    fingerprint: string;
    schoolId: string;
    status: 'pending' | 'approved' | 'revoked';
    /** From when a revoked certificate stops counting, ISO 8601 UTC. */
    revokedFrom?: string;
  };
}
