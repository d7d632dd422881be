/**
 * Batches: anchoring (DESIGN.md §4.5), acceptance by the district, and the status facts — revocation of a
 * record, correction of records (a correction batch supersedes exactly the records it names), recall of a
 * batch, replacement by a new batch. A record is never edited: each is a new fact.
 */
import {
  certificateFingerprint,
  fromBase64,
  fromUtf8,
  type Manifest,
  parseManifest,
  pemToDer,
  sha256,
  toHex,
  utf8,
  verifyCmsSignature,
  verifySignerCertificate,
} from '@hocba/integrity';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { authorize } from '../access.ts';
import * as arg from '../args.ts';
import { refuse } from '../errors.ts';
import {
  type Batch,
  type CertificateRecord,
  INDEX,
  KEY,
  type Permission,
  type StatusFact,
  type Supersession,
} from '../model.ts';
import {
  allByPartialKey,
  compositeKey,
  getJson,
  mustGet,
  pageByPartialKey,
  pageSizeOf,
  putJson,
  txIso,
  txTime,
} from '../state.ts';
import { HocbaContract } from './base.ts';
import { getCalendar, requireWindow } from './calendar.ts';
import { districtOfSchool } from './registry.ts';
import { activeTrustAnchors } from './trust.ts';

/** Clock skew tolerated between the signer's machine and the ledger. */
const SKEW_MS = 5 * 60 * 1000;
const PERMISSION_ACTIONS = ['revoke', 'recall', 'replace'] as const;
const leafKey = (i: number) => String(i).padStart(9, '0');
/** Records getRecordViews answers at most in one read (the bulk verify route's own limit). */
const MAX_VIEWS = 1000;
/** The reason code of a record superseded by a correction. */
const CORRECTED = 'CORRECTED';

export const getBatch = (ctx: Context, batchId: string) =>
  mustGet<Batch>(ctx, KEY.batch(batchId), `batch ${batchId}`);

async function requirePermission(
  ctx: Context,
  batchId: string,
  action: Permission['action'],
): Promise<Permission> {
  const p = await getJson<Permission>(ctx, compositeKey(ctx, INDEX.permission, [batchId, action]));
  if (!p || Date.parse(p.until) < txTime(ctx).getTime()) {
    refuse('NOT_PERMITTED', `the province has not allowed to ${action} batch ${batchId} at this time`);
  }
  return p as Permission;
}

@Info({ title: 'batch', description: 'Anchoring, acceptance, revocation, recall and replacement of batches' })
export class BatchContract extends HocbaContract {
  constructor() {
    super('batch');
  }

  @Transaction()
  @Returns('string')
  async anchorBatch(ctx: Context, manifestJson: string, cmsBase64: string): Promise<string> {
    const manifestBytes = utf8(manifestJson);
    const manifest = parseManifest(manifestBytes);
    authorize(ctx, 'anchorBatch', { schoolId: manifest.schoolId });
    const now = txTime(ctx);
    if (manifest.channel !== ctx.stub.getChannelID())
      refuse('INVALID_ARGUMENT', `the manifest is for channel ${manifest.channel}`);
    const { school, district } = await districtOfSchool(ctx, manifest.schoolId);
    if (await getJson(ctx, KEY.batch(manifest.batchId)))
      refuse('ALREADY_EXISTS', `batch ${manifest.batchId} is already anchored`);

    // The calendar, by kind of batch.
    const cal = await getCalendar(ctx, manifest.schoolYear);
    let superseded: Batch | undefined;
    let corrected: Supersession[] = [];
    if (manifest.kind === 'regular') requireWindow(now, cal.lockFrom, cal.lockUntil, 'locking');
    else if (manifest.kind === 'supplementary')
      requireWindow(now, cal.lockFrom, cal.supplementaryDeadline, 'supplementary reporting');
    // A correction (seed 001 Art. 15) is the school's own decision, at any time after lock: no window,
    // no province permission; it touches only the records it names.
    else if (manifest.kind === 'correction') corrected = await correctedRecords(ctx, manifest);
    else {
      superseded = await getBatch(ctx, manifest.supersedes!);
      if (superseded.schoolId !== manifest.schoolId || superseded.schoolYear !== manifest.schoolYear) {
        refuse('INVALID_ARGUMENT', 'a replacement must be of the same school and school year');
      }
      if (superseded.state === 'replaced')
        refuse(
          'WRONG_STATE',
          `batch ${superseded.batchId} is already superseded by ${superseded.supersededBy}`,
        );
      await requirePermission(ctx, superseded.batchId, 'replace');
      requireWindow(now, cal.replacementFrom, cal.replacementUntil, 'replacement');
    }

    // The signer's certificate: registered for this school and approved by the province, not revoked now.
    const cert = await getJson<CertificateRecord>(ctx, KEY.certificate(manifest.signerCert));
    if (!cert || cert.schoolId !== manifest.schoolId || cert.status === 'pending') {
      refuse(
        'CERT_NOT_REGISTERED',
        `certificate ${manifest.signerCert} is not approved for school ${manifest.schoolId}`,
      );
    }
    const registered = cert as CertificateRecord;
    if (registered.revokedFrom && Date.parse(registered.revokedFrom) <= now.getTime()) {
      refuse('CERT_REVOKED', `certificate ${manifest.signerCert} is revoked from ${registered.revokedFrom}`);
    }

    // The signature over the exact manifest bytes, then the chain to a registered root at signing time.
    const cms = fromBase64(cmsBase64) ?? refuse('INVALID_ARGUMENT', 'the signature must be base64 (DER CMS)');
    const certDer = pemToDer(registered.certificatePem, 'CERTIFICATE')[0]!;
    const sig = await verifyCmsSignature({ content: manifestBytes, cms, certificates: [certDer] });
    if (certificateFingerprint(sig.signerCertificate) !== manifest.signerCert) {
      refuse(
        'CERT_NOT_REGISTERED',
        'the signature was made with another certificate than the manifest names',
      );
    }
    // signing-time is the signer's own claim: it must lie between locking and now.
    const signedAt = sig.signingTime.getTime();
    if (signedAt > now.getTime() + SKEW_MS || signedAt < Date.parse(manifest.lockedAt) - SKEW_MS) {
      refuse(
        'SIGNING_TIME_INVALID',
        `signing time ${sig.signingTime.toISOString()} is not between locking and anchoring`,
      );
    }
    await verifySignerCertificate({
      signerCertificate: sig.signerCertificate,
      intermediates: sig.certificates,
      trustAnchors: await activeTrustAnchors(ctx),
      at: sig.signingTime,
    });

    const batch: Batch = {
      batchId: manifest.batchId,
      schoolId: manifest.schoolId,
      schoolYear: manifest.schoolYear,
      kind: manifest.kind,
      ...(manifest.supersedes && { supersedes: manifest.supersedes }),
      root: manifest.root,
      leafCount: manifest.leafCount,
      manifest: manifestJson,
      manifestHash: toHex(sha256(manifestBytes)),
      cms: cmsBase64,
      cmsHash: toHex(sha256(cms)),
      signerCert: manifest.signerCert,
      signingTime: sig.signingTime.toISOString(),
      districtId: school.districtId,
      state: 'anchored',
      anchoredAt: now.toISOString(),
      anchorTxId: ctx.stub.getTxID(),
    };
    await putJson(ctx, KEY.batch(batch.batchId), batch);
    await putJson(
      ctx,
      compositeKey(ctx, INDEX.batchBySchoolYear, [batch.schoolId, batch.schoolYear, batch.batchId]),
      {
        batchId: batch.batchId,
      },
    );
    await putJson(
      ctx,
      compositeKey(ctx, INDEX.yearLog, [batch.schoolYear, batch.anchoredAt, batch.batchId]),
      {
        batchId: batch.batchId,
        root: batch.root,
      },
    );
    if (superseded) {
      await putJson(ctx, KEY.batch(superseded.batchId), {
        ...superseded,
        state: 'replaced',
        supersededBy: batch.batchId,
      });
    }
    for (const c of corrected) {
      await putJson(ctx, compositeKey(ctx, INDEX.supersession, [c.batchId, leafKey(c.leafIndex)]), c);
    }
    await this.touchSchoolHead(ctx, school.schoolId);
    const event = {
      batchId: batch.batchId,
      schoolId: batch.schoolId,
      districtId: district.districtId,
      schoolYear: batch.schoolYear,
      kind: batch.kind,
      root: batch.root,
      leafCount: batch.leafCount,
      manifestHash: batch.manifestHash,
      ...(batch.supersedes && { supersedes: batch.supersedes }),
      // Fabric keeps one event per transaction: the records a correction supersedes travel in this one.
      ...(corrected.length > 0 && {
        corrects: corrected.map((c) => ({ batchId: c.batchId, leafIndex: c.leafIndex })),
      }),
    };
    ctx.stub.setEvent('BatchAnchored', utf8(JSON.stringify(event)));
    return JSON.stringify(event);
  }

  /** The district office accepts its school's batch before the deadline (seed 000 Art. 4 §3c). */
  @Transaction()
  @Returns('string')
  async acceptBatch(ctx: Context, batchId: string): Promise<string> {
    const batch = await getBatch(ctx, batchId);
    const { district } = await districtOfSchool(ctx, batch.schoolId);
    authorize(ctx, 'acceptBatch', { districtId: district.districtId, districtMsp: district.mspId });
    if (batch.state !== 'anchored') refuse('WRONG_STATE', `batch ${batchId} is ${batch.state}, not anchored`);
    const cal = await getCalendar(ctx, batch.schoolYear);
    const deadline =
      batch.kind === 'regular'
        ? cal.acceptanceDeadline
        : batch.kind === 'supplementary'
          ? cal.supplementaryDeadline
          : cal.replacementUntil;
    requireWindow(txTime(ctx), undefined, deadline, 'acceptance');
    const accepted: Batch = { ...batch, state: 'accepted', acceptedAt: txIso(ctx) };
    await putJson(ctx, KEY.batch(batchId), accepted);
    await this.touchSchoolHead(ctx, batch.schoolId);
    ctx.stub.setEvent('BatchAccepted', utf8(JSON.stringify({ batchId, districtId: district.districtId })));
    return JSON.stringify({ batchId, state: accepted.state, acceptedAt: accepted.acceptedAt });
  }

  /** The province allows a school to revoke, recall or replace within a time limit (seed 000 Art. 6 §c). */
  @Transaction()
  @Returns('string')
  async grantPermission(
    ctx: Context,
    batchId: string,
    action: string,
    until: string,
    legalBasis: string,
  ): Promise<string> {
    authorize(ctx, 'grantPermission');
    const batch = await getBatch(ctx, batchId);
    if (!PERMISSION_ACTIONS.includes(action as Permission['action'])) {
      refuse('INVALID_ARGUMENT', `action must be one of ${PERMISSION_ACTIONS.join(', ')}`);
    }
    const permission: Permission = {
      batchId,
      action: action as Permission['action'],
      until: arg.instant(until, 'until'),
      legalBasis: arg.legalBasis(legalBasis),
      grantedAt: txIso(ctx),
      txId: ctx.stub.getTxID(),
    };
    if (Date.parse(permission.until) <= txTime(ctx).getTime())
      refuse('INVALID_ARGUMENT', 'until must be in the future');
    await putJson(ctx, compositeKey(ctx, INDEX.permission, [batchId, action]), permission);
    await this.touchSchoolHead(ctx, batch.schoolId);
    return JSON.stringify(permission);
  }

  @Transaction()
  @Returns('string')
  async revokeRecord(
    ctx: Context,
    batchId: string,
    leafIndex: string,
    reasonCode: string,
    legalBasis: string,
  ): Promise<string> {
    const batch = await getBatch(ctx, batchId);
    authorize(ctx, 'revokeRecord', { schoolId: batch.schoolId });
    const index = arg.nonNegativeInt(leafIndex, 'leaf index');
    if (index >= batch.leafCount)
      refuse('INVALID_ARGUMENT', `batch ${batchId} has ${batch.leafCount} records`);
    if (batch.state === 'recalled' || batch.state === 'replaced')
      refuse('WRONG_STATE', `batch ${batchId} is ${batch.state}`);
    await requirePermission(ctx, batchId, 'revoke');
    const key = compositeKey(ctx, INDEX.revocation, [batchId, leafKey(index)]);
    if (await getJson(ctx, key))
      refuse('ALREADY_EXISTS', `record ${index} of batch ${batchId} is already revoked`);
    const correction = await supersessionOf(ctx, batchId, index);
    if (correction) {
      refuse(
        'WRONG_STATE',
        `record ${index} of batch ${batchId} is superseded by record ${correction.by.leafIndex} of batch ${correction.by.batchId}: revoke that one`,
      );
    }
    const fact: StatusFact = {
      reasonCode: arg.reasonCode(reasonCode),
      legalBasis: arg.legalBasis(legalBasis),
      at: txIso(ctx),
      txId: ctx.stub.getTxID(),
    };
    await putJson(ctx, key, { batchId, leafIndex: index, ...fact });
    await this.touchSchoolHead(ctx, batch.schoolId);
    ctx.stub.setEvent(
      'RecordRevoked',
      utf8(JSON.stringify({ batchId, leafIndex: index, reasonCode: fact.reasonCode })),
    );
    return JSON.stringify({ batchId, leafIndex: index, ...fact });
  }

  @Transaction()
  @Returns('string')
  async recallBatch(ctx: Context, batchId: string, reasonCode: string, legalBasis: string): Promise<string> {
    const batch = await getBatch(ctx, batchId);
    authorize(ctx, 'recallBatch', { schoolId: batch.schoolId });
    if (batch.state === 'recalled' || batch.state === 'replaced')
      refuse('WRONG_STATE', `batch ${batchId} is ${batch.state}`);
    await requirePermission(ctx, batchId, 'recall');
    const recall: StatusFact = {
      reasonCode: arg.reasonCode(reasonCode),
      legalBasis: arg.legalBasis(legalBasis),
      at: txIso(ctx),
      txId: ctx.stub.getTxID(),
    };
    await putJson(ctx, KEY.batch(batchId), { ...batch, state: 'recalled', recall });
    await this.touchSchoolHead(ctx, batch.schoolId);
    ctx.stub.setEvent('BatchRecalled', utf8(JSON.stringify({ batchId, reasonCode: recall.reasonCode })));
    return JSON.stringify({ batchId, state: 'recalled', recall });
  }

  /** The batch with its state and the history of its state changes. */
  @Transaction(false)
  @Returns('string')
  async getBatch(ctx: Context, batchId: string): Promise<string> {
    authorize(ctx, 'read');
    const batch = await getBatch(ctx, batchId);
    const history: { txId: string; at: string; state: string }[] = [];
    const it = await ctx.stub.getHistoryForKey(KEY.batch(batchId));
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const m = r.value;
        const v = m.isDelete ? undefined : (JSON.parse(fromUtf8(m.value)) as Batch);
        const seconds = Number(m.timestamp.seconds);
        history.push({
          txId: m.txId,
          at: new Date(seconds * 1000 + Math.floor(m.timestamp.nanos / 1e6)).toISOString(),
          state: v?.state ?? 'deleted',
        });
      }
    } finally {
      await it.close();
    }
    // Fabric (since v2.0) returns a key's history newest first; a reader wants it in the order it happened.
    history.reverse();
    return JSON.stringify({ ...batch, history });
  }

  /** What a verifier asks: is this record revoked, its batch recalled or superseded (and by which batch)? */
  @Transaction(false)
  @Returns('string')
  async getRecordStatus(ctx: Context, batchId: string, leafIndex: string): Promise<string> {
    authorize(ctx, 'read');
    const batch = await getBatch(ctx, batchId);
    return JSON.stringify(await recordStatus(ctx, batch, leafIndex));
  }

  /**
   * What a verifier needs about one record, in one read: the batch as anchored (without its history), the
   * record's status, and the registration of the certificate that signed the batch. The gateway's public
   * lookup would otherwise make three queries (and read the batch's history) per record.
   */
  @Transaction(false)
  @Returns('string')
  async getRecordView(ctx: Context, batchId: string, leafIndex: string): Promise<string> {
    authorize(ctx, 'read');
    const batch = await getBatch(ctx, batchId);
    const status = await recordStatus(ctx, batch, leafIndex);
    const certificate = await getJson<CertificateRecord>(ctx, KEY.certificate(batch.signerCert));
    return JSON.stringify({ batch, status, ...(certificate && { certificate }) });
  }

  /**
   * getRecordView for many records of one batch, in one read (a university's bulk check of a thousand
   * applicants: one query per batch, not per record). `leafIndexes` is a JSON array of 1 to 1 000 leaf
   * indexes; the statuses come in that order, each as getRecordStatus would answer it. The batch's
   * revocations and corrections are read with one range scan each, so the cost does not grow with the
   * number of leaves asked.
   */
  @Transaction(false)
  @Returns('string')
  async getRecordViews(ctx: Context, batchId: string, leafIndexes: string): Promise<string> {
    authorize(ctx, 'read');
    const leaves = arg.json<unknown>(leafIndexes, 'leaf indexes');
    if (!Array.isArray(leaves) || leaves.length < 1 || leaves.length > MAX_VIEWS)
      return refuse(
        'INVALID_ARGUMENT',
        `leaf indexes must be a JSON array of 1 to ${MAX_VIEWS} leaf indexes`,
      );
    const batch = await getBatch(ctx, batchId);
    const indexes = (leaves as unknown[]).map((l) => {
      if (!Number.isSafeInteger(l) || (l as number) < 0)
        refuse('INVALID_ARGUMENT', 'each leaf index must be a whole number');
      if ((l as number) >= batch.leafCount)
        refuse('INVALID_ARGUMENT', `batch ${batch.batchId} has ${batch.leafCount} records`);
      return l as number;
    });
    const byLeaf = <T extends { leafIndex: number }>(xs: T[]) => new Map(xs.map((x) => [x.leafIndex, x]));
    const revocations = byLeaf(
      await allByPartialKey<StatusFact & { leafIndex: number }>(ctx, INDEX.revocation, [batch.batchId]),
    );
    const corrections = byLeaf(await allByPartialKey<Supersession>(ctx, INDEX.supersession, [batch.batchId]));
    const statuses = indexes.map((i) => statusOf(batch, i, revocations.get(i), corrections.get(i)));
    const certificate = await getJson<CertificateRecord>(ctx, KEY.certificate(batch.signerCert));
    return JSON.stringify({ batch, statuses, ...(certificate && { certificate }) });
  }

  @Transaction(false)
  @Returns('string')
  async listBatches(
    ctx: Context,
    schoolId: string,
    schoolYear: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    authorize(ctx, 'read');
    const page = await pageByPartialKey<{ batchId: string }>(
      ctx,
      INDEX.batchBySchoolYear,
      schoolYear ? [schoolId, schoolYear] : [schoolId],
      pageSizeOf(pageSize),
      bookmark,
    );
    const items = await Promise.all(page.items.map((i) => getJson<Batch>(ctx, KEY.batch(i.batchId))));
    return JSON.stringify({
      items: items.map(
        (b) =>
          b && {
            batchId: b.batchId,
            kind: b.kind,
            state: b.state,
            root: b.root,
            leafCount: b.leafCount,
            anchoredAt: b.anchoredAt,
          },
      ),
      bookmark: page.bookmark,
    });
  }
}

const supersessionOf = (ctx: Context, batchId: string, leafIndex: number) =>
  getJson<Supersession>(ctx, compositeKey(ctx, INDEX.supersession, [batchId, leafKey(leafIndex)]));

/**
 * The records a correction batch supersedes, one per leaf, checked: each of an anchored batch of the same
 * school and school year (not recalled, not replaced), within it, neither revoked nor already superseded.
 */
async function correctedRecords(ctx: Context, manifest: Manifest): Promise<Supersession[]> {
  const batches = new Map<string, Batch>();
  const at = txIso(ctx);
  const out: Supersession[] = [];
  for (const [leafIndex, c] of (manifest.corrects ?? []).entries()) {
    let old = batches.get(c.batchId);
    if (!old) {
      old = await getBatch(ctx, c.batchId);
      batches.set(c.batchId, old);
    }
    const what = `record ${c.leafIndex} of batch ${c.batchId}`;
    if (old.schoolId !== manifest.schoolId || old.schoolYear !== manifest.schoolYear)
      refuse('INVALID_ARGUMENT', `${what} is not of school ${manifest.schoolId} for ${manifest.schoolYear}`);
    if (old.state === 'recalled' || old.state === 'replaced')
      refuse('WRONG_STATE', `batch ${c.batchId} is ${old.state}: its records cannot be corrected`);
    if (c.leafIndex >= old.leafCount)
      refuse('INVALID_ARGUMENT', `batch ${c.batchId} has ${old.leafCount} records`);
    if (await getJson(ctx, compositeKey(ctx, INDEX.revocation, [c.batchId, leafKey(c.leafIndex)])))
      refuse('WRONG_STATE', `${what} is revoked: a revocation is final`);
    const earlier = await supersessionOf(ctx, c.batchId, c.leafIndex);
    if (earlier) {
      refuse(
        'WRONG_STATE',
        `${what} is already superseded by record ${earlier.by.leafIndex} of batch ${earlier.by.batchId}`,
      );
    }
    out.push({
      batchId: c.batchId,
      leafIndex: c.leafIndex,
      by: { batchId: manifest.batchId, leafIndex },
      reasonCode: CORRECTED,
      legalBasis: arg.legalBasis(c.legalBasis),
      at,
      txId: ctx.stub.getTxID(),
    });
  }
  return out;
}

/**
 * A record's status: its own facts (revoked, superseded by a correction) and its batch's (recall,
 * replacement). Verification reads this, record by record.
 */
async function recordStatus(ctx: Context, batch: Batch, leafIndex: string) {
  const index = arg.nonNegativeInt(leafIndex, 'leaf index');
  if (index >= batch.leafCount)
    refuse('INVALID_ARGUMENT', `batch ${batch.batchId} has ${batch.leafCount} records`);
  const revocation = await getJson<StatusFact>(
    ctx,
    compositeKey(ctx, INDEX.revocation, [batch.batchId, leafKey(index)]),
  );
  const correction = await supersessionOf(ctx, batch.batchId, index);
  return statusOf(batch, index, revocation, correction);
}

/** A record's status from its batch and the facts stored for its leaf (getRecordStatus's answer). */
function statusOf(
  batch: Batch,
  index: number,
  revocation: StatusFact | undefined,
  correction: Supersession | undefined,
) {
  return {
    batchId: batch.batchId,
    leafIndex: index,
    state: batch.state,
    revoked: revocation !== undefined,
    ...(revocation && { revocation }),
    ...(correction && { correction }),
    ...(batch.recall && { recall: batch.recall }),
    ...(batch.supersededBy && { supersededBy: batch.supersededBy }),
  };
}
