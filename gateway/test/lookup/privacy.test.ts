/**
 * Privacy of the public lookup (issue 12 point 4; DESIGN.md §6): a full record — citizen identity number,
 * student code, biography with guardians — looked up by code and date of birth. The answer may carry only
 * the fields of the allow-list below; no personal value appears anywhere in its serialized JSON; the hidden
 * fields stay committed (their hashes), so the bundle still verifies with integrity's own verifyBundle; and
 * the holder can still disclose them (POST /v1/me/records/:recordId/disclosure).
 */
import { classes, enrolments, recordVersions, studentBiographies, users } from '@hocba/db';
import { flattenFields, Manifest, pemToDer, verifyBundle } from '@hocba/integrity';
import { SENSITIVE_POINTERS } from '@hocba/records';
import { fixture } from '@hocba/records/testing/helpers.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLookupCode } from '../../src/lookup/code.ts';
import { runOutboxWorker } from '../../src/services/index.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../services/fixtures.ts';

/**
 * Every path the public answer may carry (arrays as `[]`). A field added to the answer fails this test
 * until it is added here — after checking that it is nothing personal (DESIGN.md §6).
 */
const ANSWER_PATHS = new Set([
  'bundle.version',
  'bundle.disclosure.fields[].pointer',
  'bundle.disclosure.fields[].value',
  // An empty array is a field too (its shape is committed).
  'bundle.disclosure.fields[].value[]',
  'bundle.disclosure.fields[].salt',
  'bundle.disclosure.hidden[]',
  'bundle.leaf',
  'bundle.inclusion.leafIndex',
  'bundle.inclusion.treeSize',
  'bundle.inclusion.hashes[]',
  'bundle.cms',
  'bundle.certificates[]',
  // The manifest is what goes on chain (nothing personal by design): its own schema's keys.
  ...Object.keys(Manifest.shape).map((k) => `bundle.manifest.${k}`),
  'ledger.anchor.found',
  'ledger.anchor.channel',
  'ledger.anchor.batchId',
  'ledger.anchor.schoolId',
  'ledger.anchor.root',
  'ledger.anchor.manifestHash',
  'ledger.anchor.cmsHash',
  'ledger.anchor.blockNumber',
  'ledger.anchor.txId',
  'ledger.anchor.anchoredAt',
  'ledger.anchor.state',
  'ledger.anchor.signer.fingerprint',
  'ledger.anchor.signer.schoolId',
  'ledger.anchor.signer.status',
  'ledger.anchor.signer.revokedFrom',
  'ledger.anchor.supersededBy',
  // Status facts: codes, legal bases and ledger times; the correction's batch and leaf.
  ...['revocation', 'recall', 'correction'].flatMap((f) =>
    ['reasonCode', 'legalBasis', 'at'].map((k) => `ledger.anchor.${f}.${k}`),
  ),
  'ledger.anchor.correction.batchId',
  'ledger.anchor.correction.leafIndex',
  'ledger.trustAnchors[]',
  'replacement.lookupCode',
  'report.verdict',
  'report.checkedAt',
  'report.steps[].step',
  'report.steps[].outcome',
  'report.steps[].code',
  'report.steps[].message.vi',
  'report.steps[].message.en',
  ...[
    'leaf',
    'disclosedFields',
    'hiddenFields',
    'batchId',
    'leafIndex',
    'treeSize',
    'root',
    'blockNumber',
    'txId',
    'anchoredAt',
    'channel',
    'signingTime',
    'algorithm',
    'signerCert',
    'schoolId',
    'chainLength',
    'state',
  ].map((k) => `report.steps[].details.${k}`),
  // A failing status step: the status facts (codes, legal bases, ledger times).
  ...['reasonCode', 'legalBasis', 'at'].flatMap((k) => [
    `report.steps[].details.${k}`,
    ...['revocation', 'recall', 'correction'].map((f) => `report.steps[].details.${f}.${k}`),
  ]),
  'report.steps[].details.supersededBy',
  // The notice of a corrected version (the record it corrects, the decision, when).
  'correction.supersedes',
  'correction.legalBasis',
  'correction.at',
  // For the layout (issue 15): the names of the school and the class, the batch signature's signer (the
  // certificate's holder: a role at a school, already in bundle.certificates) and its proved signing time.
  'context.schoolName',
  'context.className',
  // Staff acting in office, printed on every paper học bạ (their values pinned below).
  'context.homeroomTeacherName',
  'context.principalName',
  'context.signature.signer',
  'context.signature.signedAt',
]);

/**
 * The record's parts a public answer may show (`record.<key>` and the disclosed pointers' first segment):
 * the envelope without the personal identifiers, and the results. The complement of SENSITIVE_POINTERS.
 */
const PUBLIC_RECORD_KEYS = new Set([
  'schema',
  'recordId',
  'lookupCode',
  'provinceCode',
  'schoolCode',
  'schoolYear',
  'grade',
  'classId',
  'effectiveAt',
  'version',
  'supersedes',
  'signatures',
  'level',
  'results',
]);

/** Every path of a JSON value, array indices as `[]`; the record's subtree is checked by its keys. */
function paths(v: unknown, at: string, out: Set<string>): Set<string> {
  if (at === 'record') return out;
  if (Array.isArray(v)) {
    if (v.length === 0) out.add(`${at}[]`);
    for (const x of v) paths(x, `${at}[]`, out);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) paths(x, at ? `${at}.${k}` : k, out);
  } else out.add(at);
  return out;
}

const HOMEROOM = 'Trần Thị Hoa';
const PRINCIPAL = 'Lê Văn Minh';

let p: Province;
let s: Seeded;
let app: TestApp;
let recordId: string;
let code: string;
/** The fixture's full record (its committed canonical form once locked). */
// biome-ignore lint/suspicious/noExplicitAny: a JSON fixture
let full: any;
/** A Circular 22 record of the same batch, revoked on the ledger: a failing report has its own details. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON fixture
let revoked: { code: string; full: any };

/** A real record (citizen identity number, student code, biography with guardians) in an approved version. */
async function realRecord(form: 'primary-grade5' | 'thcs-grade8') {
  const [id] = (await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1)) as [string];
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
  const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
  const lookupCode = newLookupCode();
  const record = {
    ...fixture(form),
    recordId: id,
    lookupCode,
    schoolCode: SCHOOL,
    classId: s.classId[SCHOOL]!,
  };
  await s.db.update(recordVersions).set({ lookupCode, record }).where(eq(recordVersions.id, id));
  const b = record.biography;
  await s.db.insert(studentBiographies).values({
    studentId: e!.studentId,
    fullName: b.fullName,
    dateOfBirth: b.dateOfBirth,
    sex: b.sex,
    birthplace: b.birthplace,
    ethnicity: b.ethnicity,
  });
  return { id, code: lookupCode, studentId: e!.studentId };
}

/** The version as committed: the lock adds effectiveAt. */
async function committed(id: string) {
  const [locked] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
  return JSON.parse(locked!.canonicalText!);
}

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  const primary = await realRecord('primary-grade5');
  const secondary = await realRecord('thcs-grade8');
  recordId = primary.id;
  code = primary.code;
  const locked = await lockAndSign(s.db, p.world, SCHOOL, [primary.id, secondary.id]);
  full = await committed(primary.id);
  revoked = { code: secondary.code, full: await committed(secondary.id) };
  await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  const leaf = locked.members.find((m) => m.recordVersionId === secondary.id)!.leafIndex;
  await p.world.submit(
    'batch:grantPermission',
    [locked.batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
    p.world.ids.province!,
    ORGS,
  );
  await p.world.submit(
    'batch:revokeRecord',
    [locked.batchId, String(leaf), 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
    p.world.schools[SCHOOL]!.principal,
    ORGS,
  );
  await seedUser(s.db, { login: 'hs-privacy', grants: [{ role: 'student', studentId: primary.studentId }] });
  // The class's homeroom teacher and the school's principal, by the names the PDF prints.
  const teacher = await seedUser(s.db, { login: 'gvcn-privacy', grants: [] });
  await s.db.update(users).set({ displayName: HOMEROOM }).where(eq(users.id, teacher));
  await s.db.update(classes).set({ homeroomTeacherId: teacher }).where(eq(classes.id, s.classId[SCHOOL]!));
  const principal = await seedUser(s.db, {
    login: 'ht-privacy',
    grants: [{ role: 'principal', schoolId: SCHOOL }],
  });
  await s.db.update(users).set({ displayName: PRINCIPAL }).where(eq(users.id, principal));
  app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, authMax: 1000, lookupMax: 1000 } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await s?.close();
});

const ORGS = ['DoetMSP', 'District1MSP'];
// biome-ignore lint/suspicious/noExplicitAny: a JSON fixture
const lookup = (r: { code: string; full: any } = { code, full }) =>
  app.inject({ method: 'GET', url: `/v1/verify/${r.code}?dob=${r.full.biography.dateOfBirth}` });

describe('the public lookup hides personal identifiers', () => {
  it('names the citizen identity number, the student code and the biography as personal', () => {
    expect([...SENSITIVE_POINTERS].sort()).toEqual(['/biography', '/nationalId', '/studentCode']);
  });

  it('carries only the fields of the allow-list, for a valid record and a revoked one', async () => {
    const answers = [await lookup(), await lookup(revoked)];
    expect(answers.map((r) => [r.statusCode, r.json().report.verdict])).toEqual([
      [200, 'valid'],
      [200, 'invalid'],
    ]);
    for (const res of answers) {
      const body = res.json();
      const unexpected = [...paths(body, '', new Set())].filter((x) => !ANSWER_PATHS.has(x));
      expect(unexpected, 'fields of the public answer not in the allow-list').toEqual([]);
      expect(
        Object.keys(body).filter((k) => !['bundle', 'ledger', 'record', 'report', 'context'].includes(k)),
      ).toEqual([]);
      expect(Object.keys(body.record).filter((k) => !PUBLIC_RECORD_KEYS.has(k))).toEqual([]);
      const firstSegments = new Set(
        body.bundle.disclosure.fields.map((f: { pointer: string }) => f.pointer.split('/')[1]),
      );
      expect([...firstSegments].filter((k) => !PUBLIC_RECORD_KEYS.has(k as string))).toEqual([]);
    }
  });

  it.each(['valid', 'revoked'])('has no personal value anywhere in its body (%s record)', async (which) => {
    const r = which === 'valid' ? { code, full } : revoked;
    const res = await lookup(r);
    const text = res.body;
    const b = r.full.biography;
    const personal = [
      r.full.nationalId,
      r.full.studentCode,
      b.fullName,
      b.dateOfBirth,
      b.birthplace,
      b.ethnicity,
      b.nationality,
      ...b.guardians.flatMap((g: { fullName: string; occupation?: string }) => [g.fullName, g.occupation]),
    ].filter((x): x is string => typeof x === 'string');
    expect(personal.length).toBeGreaterThanOrEqual(7);
    for (const value of personal) {
      expect(text, value).not.toContain(value);
      expect(text, value).not.toContain(JSON.stringify(value.normalize('NFC')).slice(1, -1));
    }
    for (const key of [
      'nationalId',
      'studentCode',
      'biography',
      'dateOfBirth',
      'ethnicity',
      'guardians',
      'sex',
    ])
      expect(text).not.toContain(`"${key}"`);
    expect(text).not.toContain('/nationalId');
  });

  it('names the school and the class the record was kept in, its homeroom teacher and principal, and who signed the batch and when', async () => {
    const [valid, withdrawn] = [(await lookup()).json(), (await lookup(revoked)).json()];
    for (const body of [valid, withdrawn]) {
      expect(body.context).toMatchObject({
        schoolName: expect.any(String),
        className: '5A',
        homeroomTeacherName: HOMEROOM,
        principalName: PRINCIPAL,
      });
      expect(body.context.schoolName).not.toBe('');
      // The signer named only with the signature the report proved: its certificate's holder, its time.
      expect(body.context.signature.signer).toBe('Hieu truong');
      expect(body.context.signature.signedAt).toBe(
        body.report.steps.find((x: { step: string }) => x.step === 'signature').details.signingTime,
      );
    }
  });

  it('still verifies end to end with integrity’s verifyBundle: the hidden fields are committed', async () => {
    const body = (await lookup()).json();
    const hidden = flattenFields(full).filter((f) =>
      SENSITIVE_POINTERS.some((x) => f.pointer === x || f.pointer.startsWith(`${x}/`)),
    );
    expect(body.bundle.disclosure.hidden).toHaveLength(hidden.length);
    expect(body.bundle.disclosure.fields).toHaveLength(flattenFields(full).length - hidden.length);
    const report = await verifyBundle(body.bundle, {
      trustAnchors: body.ledger.trustAnchors.flatMap((pem: string) => pemToDer(pem, 'CERTIFICATE')),
      anchor: body.ledger.anchor,
      now: p.world.now,
    });
    expect(report.steps.filter((x) => x.outcome !== 'pass')).toEqual([]);
    expect(report.verdict).toBe('valid');
    expect(body.report.verdict).toBe('valid');
  });

  it('the holder may still disclose the citizen identity number, and that bundle verifies', async () => {
    const token = await userToken(app, 'hs-privacy');
    const res = await app.inject({
      method: 'POST',
      url: `/v1/me/records/${recordId}/disclosure`,
      headers: { authorization: `Bearer ${token}` },
      payload: { pointers: ['/nationalId', '/results'] },
    });
    expect(res.statusCode).toBe(200);
    const { bundle } = res.json();
    expect(bundle.disclosure.fields).toContainEqual(
      expect.objectContaining({ pointer: '/nationalId', value: full.nationalId }),
    );
    const check = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
    expect(check.json().report.verdict).toBe('valid');
    expect(check.body).not.toContain(full.nationalId);
  });
});
