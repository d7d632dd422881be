/**
 * The integrity scheme end to end on the ledger: a school locks and signs a batch, anchors it through the
 * gateway's LedgerClient, and a verifier recomputes the report of one record from its proof bundle and what
 * the ledger says (AnchorView) — then the record is revoked, its batch recalled and replaced, and the
 * report follows each fact.
 */

import { EmbeddedLedgerClient, LedgerError, readAnchorView, readTrustAnchors } from '@hocba/gateway/ledger';
import { type ProofBundle, pemToDer, verifyBundle } from '@hocba/integrity';
import { beforeAll, describe, expect, it } from 'vitest';
import { World } from '../chaincode/world.ts';

const students = Array.from({ length: 9 }, (_, i) => ({
  recordId: `REC-${i}`,
  student: { name: `Hoàng Thị Lan ${i}`, dateOfBirth: `2014-02-1${i}`, ethnicity: 'Kinh' },
  results: { toan: { level: 'T', score: 9 }, tiengViet: { level: 'H', score: 7 - (i % 2) } },
  overall: 'HTT',
}));

let w: World;
let client: EmbeddedLedgerClient;
const orgs = ['DoetMSP', 'District1MSP'];

async function lockAndAnchor(kind: 'regular' | 'replacement' = 'regular', supersedes?: string) {
  const locked = await w.lockBatch('SCH-QN-001', students, { kind, ...(supersedes && { supersedes }) });
  const committed = await client.submit('batch:anchorBatch', locked.args, {
    identity: w.schools['SCH-QN-001']!.principal,
    endorsingOrgs: orgs,
  });
  const bundleFor = (i: number, pointers = ['/recordId', '/results', '/overall']): ProofBundle =>
    w.bundleOf('SCH-QN-001', locked, students, i, pointers);
  return { ...locked, committed, bundleFor };
}

async function report(bundle: ProofBundle, batchId: string, leafIndex: number) {
  const auditor = w.ids.auditor!;
  const anchor = await readAnchorView(client, auditor, 'hocba', batchId, leafIndex);
  const trustAnchors = (await readTrustAnchors(client, auditor)).flatMap((pem) =>
    pemToDer(pem, 'CERTIFICATE'),
  );
  return verifyBundle(bundle, { trustAnchors, anchor, now: w.now });
}

beforeAll(async () => {
  w = await World.create();
  client = new EmbeddedLedgerClient(w.ledger);
});

describe('a record verified against the ledger', () => {
  it('is valid once anchored, with the block and transaction the ledger reports', async () => {
    const b = await lockAndAnchor();
    const r = await report(b.bundleFor(4), b.manifest.batchId, 4);
    expect(r.verdict).toBe('valid');
    const anchor = r.steps.find((s) => s.step === 'anchor')!;
    expect(anchor.details).toMatchObject({ txId: b.committed.txId, blockNumber: b.committed.blockNumber });
  });

  it('fails at integrity when a disclosed mark is altered, and stays valid for its neighbours', async () => {
    const b = await lockAndAnchor();
    const bundle = b.bundleFor(2);
    const score = bundle.disclosure.fields.find((f) => f.pointer === '/results/tiengViet/score')!;
    (score as { value: unknown }).value = 10;
    const r = await report(bundle, b.manifest.batchId, 2);
    expect(r.steps.filter((s) => s.outcome === 'fail').map((s) => s.code)).toEqual([
      'INTEGRITY_LEAF_MISMATCH',
    ]);
    expect((await report(b.bundleFor(3), b.manifest.batchId, 3)).verdict).toBe('valid');
  });

  it('follows a revocation, a recall and a replacement', async () => {
    const b = await lockAndAnchor();
    const p = w.ids.province!;
    for (const action of ['revoke', 'recall', 'replace']) {
      await client.submit(
        'batch:grantPermission',
        [b.manifest.batchId, action, '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
        {
          identity: p,
          endorsingOrgs: orgs,
        },
      );
    }
    const principal = w.schools['SCH-QN-001']!.principal;
    await client.submit('batch:revokeRecord', [b.manifest.batchId, '6', 'CORRECTION', 'QĐ 6/QĐ-THKĐ'], {
      identity: principal,
      endorsingOrgs: orgs,
    });
    const revoked = await report(b.bundleFor(6), b.manifest.batchId, 6);
    expect(revoked.steps.find((s) => s.step === 'status')).toMatchObject({
      outcome: 'fail',
      code: 'STATUS_REVOKED',
    });
    expect((await report(b.bundleFor(5), b.manifest.batchId, 5)).verdict).toBe('valid');

    await client.submit('batch:recallBatch', [b.manifest.batchId, 'WRONG_DATA', 'QĐ 7/QĐ-THKĐ'], {
      identity: principal,
      endorsingOrgs: orgs,
    });
    expect((await report(b.bundleFor(5), b.manifest.batchId, 5)).steps.at(-1)).toMatchObject({
      code: 'STATUS_RECALLED',
    });

    const replacement = await lockAndAnchor('replacement', b.manifest.batchId);
    const superseded = await report(b.bundleFor(5), b.manifest.batchId, 5);
    expect(superseded.steps.at(-1)).toMatchObject({
      code: 'STATUS_SUPERSEDED',
      details: { supersededBy: replacement.manifest.batchId },
    });
    expect((await report(replacement.bundleFor(5), replacement.manifest.batchId, 5)).verdict).toBe('valid');
  });

  it('says when the ledger has no such batch', async () => {
    const b = await w.lockBatch('SCH-QN-001', students);
    const bundle = w.bundleOf('SCH-QN-001', b, students, 0, ['/recordId']);
    const r = await report(bundle, b.manifest.batchId, 0);
    expect(r.steps.find((s) => s.step === 'anchor')).toMatchObject({
      outcome: 'fail',
      code: 'ANCHOR_NOT_FOUND',
    });
  });
});

describe('the LedgerClient', () => {
  it('reports a chaincode refusal and an invalidated transaction with their codes', async () => {
    const b = await w.lockBatch('SCH-QN-001', students);
    const principal = w.schools['SCH-QN-001']!.principal;
    const wrong = client.submit('batch:anchorBatch', b.args, {
      identity: principal,
      endorsingOrgs: ['DoetMSP', 'District2MSP'],
    });
    await expect(wrong).rejects.toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE', stage: 'commit' });
    await client.submit('batch:anchorBatch', b.args, { identity: principal, endorsingOrgs: orgs });
    const again = client.submit('batch:anchorBatch', b.args, { identity: principal, endorsingOrgs: orgs });
    await expect(again).rejects.toBeInstanceOf(LedgerError);
    await expect(again).rejects.toMatchObject({ code: 'ALREADY_EXISTS', stage: 'endorse' });
  });

  it('streams chaincode events from a checkpoint', async () => {
    const events = client.events(0);
    const names: string[] = [];
    let last = 0;
    for await (const e of events) {
      names.push(e.eventName);
      last = e.blockNumber;
      if (names.filter((n) => n === 'BatchAnchored').length >= 3) break;
    }
    events.close();
    expect(names).toContain('SchoolRegistered');
    expect(names.filter((n) => n === 'BatchAnchored').length).toBe(3);
    // Resuming after the checkpoint does not repeat what was seen.
    const resumed = client.events(last + 1);
    for await (const e of resumed) {
      expect(e.blockNumber).toBeGreaterThan(last);
      break;
    }
    resumed.close();
  });
});
