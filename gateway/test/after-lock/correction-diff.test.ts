/**
 * A correction sent as the changed fields (issue 13 point 1): checked against the locked version when it is
 * requested, applied at approval, read back with the record forms' labels; the older whole-record approval
 * still works, and its changes are read back the same way.
 */
import { recordVersions } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchoredBatch, type Env, makeEnv, validRecord } from './helpers.ts';

let env: Env;
const fiveHundreds: string[] = [];

beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => {
  expect(fiveHundreds).toEqual([]);
  await env?.close();
});

const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;
async function call(...a: Parameters<Env['call']>) {
  const r = await env.call(...a);
  if (r.statusCode >= 500) fiveHundreds.push(`${a[1]} ${a[2]} → ${r.statusCode} ${r.body}`);
  return r;
}

const COMMENT = '/results/subjects/TOAN/comment';
const OLD_COMMENT = 'Tính toán nhanh, giải toán có lời văn chính xác.';
const NEW_COMMENT = 'Tính toán nhanh, chính xác (đã chỉnh sửa theo QĐ 15).';
const request = (recordId: string, changes?: unknown[]) => ({
  recordId,
  subject: 'TOAN',
  legalBasis: 'Điều 15 QĐ Sở GD&ĐT',
  reason: 'Nhận xét môn Toán ghi nhầm',
  ...(changes && { changes }),
});

describe('a correction as a diff', () => {
  let recordId: string;
  beforeAll(async () => {
    recordId = (await anchoredBatch(env, 1, { valid: true })).seats[0]!.recordId;
  });

  it('is refused when a `from` is not the locked value, naming the change at fault', async () => {
    const res = await call(
      'principal',
      'POST',
      '/v1/corrections',
      request(recordId, [
        { pointer: '/results/subjects/TOAN/level', from: 'T', to: 'T' },
        { pointer: COMMENT, from: 'Một nhận xét khác', to: NEW_COMMENT },
      ]),
    );
    expect([res.statusCode, code(res)]).toEqual([409, 'CORRECTION_STALE']);
    expect(res.json().error.problems).toEqual([
      { in: 'body', path: '/changes/1', message: `${COMMENT}: from is not the locked value` },
    ]);
  });

  it('is refused outside its subject, against the rules, or malformed — before anything is stored', async () => {
    const other = await call(
      'principal',
      'POST',
      '/v1/corrections',
      request(recordId, [
        {
          pointer: '/results/subjects/TIENG_VIET/comment',
          from: (validRecord().results as { subjects: { TIENG_VIET: { comment: string } } }).subjects
            .TIENG_VIET.comment,
          to: 'Sửa ngoài phạm vi',
        },
      ]),
    );
    expect([other.statusCode, code(other)]).toEqual([422, 'CORRECTION_OUT_OF_SCOPE']);
    const broken = await call(
      'principal',
      'POST',
      '/v1/corrections',
      request(recordId, [{ pointer: '/results/subjects/TOAN/testScore', from: 10, to: 11 }]),
    );
    expect([broken.statusCode, code(broken)]).toEqual([422, 'RECORD_INVALID']);
    expect(broken.json().error.problems).toContainEqual(
      expect.objectContaining({ in: 'record', path: '/results/subjects/TOAN/testScore' }),
    );
    const envelope = await call(
      'principal',
      'POST',
      '/v1/corrections',
      request(recordId, [{ pointer: '/lookupCode', to: 'X' }]),
    );
    expect([envelope.statusCode, code(envelope)]).toEqual([422, 'CORRECTION_DIFF_INVALID']);
    expect(envelope.json().error.problems[0].path).toBe('/changes/0');
    const empty = await call('principal', 'POST', '/v1/corrections', request(recordId, []));
    expect(code(empty)).toBe('VALIDATION');
  });

  it('request → check → approval applies the diff; the read labels each change', async () => {
    const res = await call(
      'principal',
      'POST',
      '/v1/corrections',
      request(recordId, [{ pointer: COMMENT, from: OLD_COMMENT, to: NEW_COMMENT }]),
    );
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    expect(res.json().changes).toEqual([
      {
        pointer: COMMENT,
        from: OLD_COMMENT,
        to: NEW_COMMENT,
        label: { vi: 'Toán — Nhận xét', en: 'Mathematics — Comment' },
        text: {
          vi: `Toán — Nhận xét: ${OLD_COMMENT} → ${NEW_COMMENT}`,
          en: `Mathematics — Comment: ${OLD_COMMENT} → ${NEW_COMMENT}`,
        },
        fromText: { vi: OLD_COMMENT, en: OLD_COMMENT },
        toText: { vi: NEW_COMMENT, en: NEW_COMMENT },
      },
    ]);
    expect((await call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, {})).statusCode).toBe(200);
    // The request carries its changes: the approval takes them as they stand, not a record beside them.
    const withRecord = await call('principal', 'POST', `/v1/corrections/${id}/decision`, {
      approve: true,
      record: validRecord(),
    });
    expect([withRecord.statusCode, code(withRecord)]).toEqual([422, 'CORRECTION_DIFF_INVALID']);

    const ok = await call('principal', 'POST', `/v1/corrections/${id}/decision`, { approve: true });
    expect([ok.statusCode, ok.json().state]).toEqual([200, 'applied']);
    const [v2] = await env.s.db
      .select()
      .from(recordVersions)
      .where(eq(recordVersions.id, ok.json().newVersionId));
    expect(v2).toMatchObject({ version: 2, supersedesId: recordId, state: 'approved' });
    const [v1] = await env.s.db.select().from(recordVersions).where(eq(recordVersions.id, recordId));
    // Only the comment changed, and the envelope that a new version has (its own id, no effectiveAt until
    // it is locked).
    const { recordId: _a, version: _b, supersedes: _c, ...rest2 } = v2!.record;
    const { recordId: _d, version: _e, supersedes: _f, effectiveAt: _g, ...rest1 } = v1!.record;
    const subjects = (r: Record<string, unknown>) =>
      (r.results as { subjects: Record<string, { comment?: string }> }).subjects;
    expect(subjects(rest2).TOAN!.comment).toBe(NEW_COMMENT);
    subjects(rest2).TOAN!.comment = OLD_COMMENT;
    expect(rest2).toEqual(rest1);

    const read = await call('teacher', 'GET', `/v1/corrections/${id}`);
    expect(read.json().changes.map((c: { text: { vi: string } }) => c.text.vi)).toEqual([
      `Toán — Nhận xét: ${OLD_COMMENT} → ${NEW_COMMENT}`,
    ]);
  });
});

describe('the older form, a request without changes', () => {
  it('is approved with `changes` or a whole record, and read back as the fields that differ', async () => {
    const [a, b] = await Promise.all([
      anchoredBatch(env, 1, { valid: true }),
      anchoredBatch(env, 1, { valid: true }),
    ]);
    const decideWith = async (recordId: string, decision: Record<string, unknown>) => {
      const id = (await call('principal', 'POST', '/v1/corrections', request(recordId))).json().id as string;
      expect((await call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, {})).statusCode).toBe(200);
      const res = await call('principal', 'POST', `/v1/corrections/${id}/decision`, {
        approve: true,
        ...decision,
      });
      expect([res.statusCode, res.json().state]).toEqual([200, 'applied']);
      return res.json() as { changes: { pointer: string; text: { vi: string } }[] };
    };
    const byDiff = await decideWith(a.seats[0]!.recordId, {
      changes: [{ pointer: COMMENT, from: OLD_COMMENT, to: NEW_COMMENT }],
    });
    // Not stored with the request: derived from the two versions, with the same words.
    expect(byDiff.changes.map((c) => c.text.vi)).toEqual([
      `Toán — Nhận xét: ${OLD_COMMENT} → ${NEW_COMMENT}`,
    ]);

    const record = validRecord();
    (record.results as { subjects: Record<string, { comment: string }> }).subjects.TOAN!.comment =
      NEW_COMMENT;
    const byRecord = await decideWith(b.seats[0]!.recordId, {
      record: { ...record, schoolCode: 'SCH-QN-001' },
    });
    expect(byRecord.changes.map((c) => c.pointer)).toEqual([COMMENT]);
  });
});

describe('the OpenAPI document', () => {
  it('offers the diff on the request and the decision, and marks the whole record deprecated', async () => {
    type Body = { properties: Record<string, { deprecated?: boolean; items?: unknown }> };
    const doc = (await env.call(null, 'GET', '/docs/json')).json() as {
      paths: Record<string, { post: { requestBody: { content: { 'application/json': { schema: Body } } } } }>;
    };
    const body = (path: string) => doc.paths[path]!.post.requestBody.content['application/json'].schema;
    expect(body('/v1/corrections/').properties.changes?.items).toBeDefined();
    const decision = body('/v1/corrections/{id}/decision');
    expect(decision.properties.changes?.items).toBeDefined();
    expect(decision.properties.record?.deprecated).toBe(true);
  });
});
