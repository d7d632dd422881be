/**
 * What a ledger transaction changes of what a verification report depends on (DESIGN.md §4.6–4.7), read
 * from its chaincode event (any gateway's or anyone's transaction) or from the call itself (this gateway's
 * own submissions, known before the event arrives). Caches of verification answers drop exactly the batches
 * named; a change to the signers' registrations or the trust anchors, an event this code does not know, or
 * one it cannot read drops everything: in doubt, nothing cached survives.
 */

import type { LedgerClient } from './client.ts';

export type LedgerChange =
  /** Nothing a verification reads (a school registered, a permission granted, a calendar set). */
  | { kind: 'none' }
  /** The status of these batches or of records in them (anchor, acceptance, revocation, recall, supersession). */
  | { kind: 'batches'; batchIds: string[] }
  /** Something every answer may depend on (a signer's certificate, a trust anchor), or doubt. */
  | { kind: 'all' };

const NONE: LedgerChange = { kind: 'none' };
const ALL: LedgerChange = { kind: 'all' };
const batches = (ids: unknown[]): LedgerChange =>
  ids.every((id) => typeof id === 'string') ? { kind: 'batches', batchIds: ids as string[] } : ALL;

/** The batches an anchor names: its own, the one it replaces, the ones whose records it corrects. */
function anchored(p: Record<string, unknown>): LedgerChange {
  const corrects = Array.isArray(p.corrects) ? p.corrects : [];
  return batches([
    p.batchId,
    ...(p.supersedes === undefined ? [] : [p.supersedes]),
    ...corrects.map((c) => (c && typeof c === 'object' ? (c as { batchId?: unknown }).batchId : undefined)),
  ]);
}

const parse = (text: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Events that change nothing a verification reads. */
const QUIET_EVENTS = new Set(['SchoolRegistered', 'SchoolMoved', 'YearReportAcknowledged']);
/** Events every answer may depend on: the signer step reads certificates and trust anchors. */
const GLOBAL_EVENTS = new Set([
  'CertificateRegistered',
  'CertificateApproved',
  'CertificateRevoked',
  'TrustAnchorRegistered',
  'TrustAnchorRetired',
]);

/** The change a chaincode event announces (chaincode/src/contracts: each emits at most one). */
export function changeOfEvent(eventName: string, payload: Uint8Array): LedgerChange {
  if (QUIET_EVENTS.has(eventName)) return NONE;
  if (GLOBAL_EVENTS.has(eventName)) return ALL;
  const p = parse(new TextDecoder().decode(payload));
  if (!p) return ALL;
  switch (eventName) {
    case 'BatchAnchored':
      return anchored(p);
    case 'BatchAccepted':
    case 'RecordRevoked':
    case 'BatchRecalled':
      return batches([p.batchId]);
    case 'YearReportSubmitted':
      // A chaincode before the `reported` list named no batch: then every batch of the year may have changed.
      return Array.isArray(p.reported) ? batches(p.reported) : ALL;
    default:
      return ALL;
  }
}

/** Submissions that change nothing a verification reads. */
const QUIET_CALLS = new Set([
  'initLedger',
  'registerDistrict',
  'registerSchool',
  'moveSchool',
  'setCalendar',
  'grantPermission',
  'acknowledgeYearReport',
]);

/** The change a committed submission makes, from its function (`contract:fn`) and arguments. */
export function changeOfSubmit(fn: string, args: readonly string[]): LedgerChange {
  const name = fn.slice(fn.indexOf(':') + 1);
  if (QUIET_CALLS.has(name)) return NONE;
  switch (name) {
    case 'anchorBatch': {
      const manifest = parse(args[0] ?? '');
      return manifest ? anchored(manifest) : ALL;
    }
    case 'acceptBatch':
    case 'revokeRecord':
    case 'recallBatch':
      return batches([args[0]]);
    case 'submitYearReport': {
      // Every batch the report lists (a superset of those it turns reported).
      const ids: unknown = parse(`{"ids":${args[1] ?? 'null'}}`)?.ids;
      return Array.isArray(ids) ? batches(ids) : ALL;
    }
    default:
      return ALL;
  }
}

/**
 * The client with every submission reported to `changed` once it has committed — or failed in a way that
 * leaves doubt whether it did — so that this gateway's caches drop what its own writes changed at once,
 * before the event comes round.
 */
export function reportingSubmits(ledger: LedgerClient, changed: (c: LedgerChange) => void): LedgerClient {
  const report = (fn: string, args: readonly string[]) => changed(changeOfSubmit(fn, args));
  return {
    async submit(fn, args, o) {
      try {
        return await ledger.submit(fn, args, o);
      } finally {
        report(fn, args);
      }
    },
    evaluate: (fn, args, identity) => ledger.evaluate(fn, args, identity),
    transaction: (txId) => ledger.transaction(txId),
    events: (fromBlock, o) => ledger.events(fromBlock, o),
    ...(ledger.height && { height: () => ledger.height!() }),
    close: () => ledger.close(),
  };
}
