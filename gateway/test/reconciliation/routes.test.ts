/**
 * The reconciliation's routes on the demo province (PGlite, embedded ledger): the Ministry's auditor runs
 * one over the year and reads it back; the province's officer runs one over their province (from their
 * grant) and sees only runs within it; each refusal by its code; the run in the audit log. Needs the dev PKI.
 */
import '../app/quiet-chaincode.ts';
import { auditLog, MEMORY, type OpenedDatabase, openDatabase, reconciliationRuns } from '@hocba/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { type DevProvince, startEmbeddedProvince } from '../../src/dev-province.ts';
import { DEMO_PASSWORD, seedDevProvince } from '../../src/seed/index.ts';
import { RECONCILIATION_STALE_MS } from '../../src/services/reconciliation-read.ts';

let dev: DevProvince;
let opened: OpenedDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  [dev, opened] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase({ url: undefined, dataDir: MEMORY }),
  ]);
  await seedDevProvince(opened.db, dev);
  app = await buildApp({
    ledger: dev.ledger,
    ledgerReader: dev.reader,
    identities: dev.identities,
    db: opened.db,
    logger: false,
    rateLimit: { max: 1000, bulkMax: 1000, authMax: 1000, lookupMax: 1000 },
  });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

async function login(name: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { login: name, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().accessToken;
}
const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe('POST and GET /v1/reconciliations', () => {
  it('runs over the demo year with no finding, keeps the run, and lists it newest first', async () => {
    const auditor = await login('thanhtra.bo');
    const run = await app.inject({
      method: 'POST',
      url: '/v1/reconciliations',
      headers: as(auditor),
      payload: { schoolYear: dev.schoolYear },
    });
    expect(run.statusCode, run.body).toBe(200);
    const body = run.json();
    expect(body).toMatchObject({
      state: 'done',
      findingCount: 0,
      findings: [],
      scope: { schoolYear: dev.schoolYear },
    });
    expect(body.checked.batches).toBeGreaterThanOrEqual(1);
    expect(body.checked.records).toBeGreaterThanOrEqual(1);

    const one = await app.inject({
      method: 'GET',
      url: `/v1/reconciliations/${body.id}`,
      headers: as(auditor),
    });
    expect(one.json()).toEqual(body);

    // The province's officer: their province from the grant, named in the scope.
    const province = await login('so.quangninh');
    const own = await app.inject({
      method: 'POST',
      url: '/v1/reconciliations',
      headers: as(province),
      payload: {},
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().scope.provinceName).toBe('Quảng Ninh');
    expect(own.json().checked).toEqual(body.checked);

    // Newest first; the province sees its own run, not the Ministry's nationwide one.
    const all = await app.inject({ method: 'GET', url: '/v1/reconciliations', headers: as(auditor) });
    expect(
      all
        .json()
        .items.map((r: { id: string }) => r.id)
        .slice(0, 2),
    ).toEqual([own.json().id, body.id]);
    const mine = await app.inject({ method: 'GET', url: '/v1/reconciliations', headers: as(province) });
    expect(mine.json().items.map((r: { id: string }) => r.id)).toEqual([own.json().id]);
    const foreign = await app.inject({
      method: 'GET',
      url: `/v1/reconciliations/${body.id}`,
      headers: as(province),
    });
    expect(foreign.json().error.code).toBe('OUT_OF_SCOPE');

    // The scope is chosen by name: the province, its districts and their schools, the years with batches.
    const choices = await app.inject({
      method: 'GET',
      url: '/v1/reconciliations/choices',
      headers: as(province),
    });
    expect(choices.json().schoolYears).toEqual([dev.schoolYear]);
    expect(choices.json().provinces).toHaveLength(1);
    expect(choices.json().provinces[0].name).toBe('Quảng Ninh');
    const schoolNames = choices
      .json()
      .provinces[0].districts.flatMap((d: { schools: { name: string }[] }) => d.schools.map((s) => s.name));
    expect(schoolNames).toContain('Trường Tiểu học Kim Đồng');

    // Audited: who ran it, its scope and its counts.
    const entries = await opened.db.select().from(auditLog).where(eq(auditLog.entityId, body.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'reconciliation.run', actorRole: 'ministryAuditor' });
    expect(entries[0]!.details).toMatchObject({ findingCount: 0, checkedBatches: body.checked.batches });
  }, 120_000);

  it('refuses by code: a district officer, an unknown school, an unknown run, no token', async () => {
    const district = await login('phong.halong');
    const auditor = await login('thanhtra.bo');
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/reconciliations',
      headers: as(district),
      payload: {},
    });
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/reconciliations',
      headers: as(auditor),
      payload: { schoolId: 'no-such-school' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SCHOOL_NOT_FOUND');
    const none = await app.inject({
      method: 'GET',
      url: '/v1/reconciliations/00000000-0000-4000-8000-000000000000',
      headers: as(auditor),
    });
    expect(none.json().error.code).toBe('RECONCILIATION_NOT_FOUND');
    const badYear = await app.inject({
      method: 'POST',
      url: '/v1/reconciliations',
      headers: as(auditor),
      payload: { schoolYear: '2025' },
    });
    expect(badYear.json().error.code).toBe('VALIDATION');
    const anon = await app.inject({ method: 'POST', url: '/v1/reconciliations', payload: {} });
    expect(anon.statusCode).toBe(401);
  }, 60_000);

  it('closes a run whose gateway stopped working on it as interrupted, and leaves a live one running', async () => {
    const auditor = await login('thanhtra.bo');
    const now = Date.now();
    const run = (heartbeat: number) => ({
      scope: { schoolYear: dev.schoolYear },
      startedAt: new Date(heartbeat - 60_000),
      heartbeatAt: new Date(heartbeat),
      checkedBatches: 1,
      checkedRecords: 3,
    });
    const [dead, live] = await opened.db
      .insert(reconciliationRuns)
      .values([run(now - RECONCILIATION_STALE_MS - 5_000), run(now - 1_000)])
      .returning({ id: reconciliationRuns.id });
    const list = await app.inject({ method: 'GET', url: '/v1/reconciliations', headers: as(auditor) });
    expect(list.statusCode, list.body).toBe(200);
    const byId = new Map(list.json().items.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(dead!.id)).toMatchObject({ state: 'failed', error: 'INTERRUPTED' });
    expect(byId.get(live!.id)).toMatchObject({ state: 'running', error: null });
    // What it had checked before it stopped is kept; the read of one run closes a stale one too.
    expect(byId.get(dead!.id)).toMatchObject({ checked: { batches: 1, records: 3 } });
    await opened.db
      .update(reconciliationRuns)
      .set({ heartbeatAt: new Date(now - RECONCILIATION_STALE_MS - 1_000) })
      .where(eq(reconciliationRuns.id, live!.id));
    const one = await app.inject({
      method: 'GET',
      url: `/v1/reconciliations/${live!.id}`,
      headers: as(auditor),
    });
    expect(one.json()).toMatchObject({ state: 'failed', error: 'INTERRUPTED' });
    expect(one.json().finishedAt).not.toBeNull();
  }, 60_000);
});
