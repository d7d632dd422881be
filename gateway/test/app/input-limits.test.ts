/**
 * Inputs the database cannot hold are refused before they reach it (issue 12 point 2): a NUL character
 * (U+0000, which Postgres refuses in text and jsonb) anywhere in a path parameter, a query or a body, an
 * integer beyond what a bigint column holds, and a path parameter longer than the router takes. Each is a
 * 4xx in the documented shape `{ error: { code, message: { vi, en } } }`, never a 5xx, and the answer does
 * not echo the raw input. Run on PGlite and on the test Postgres (scripts/postgres.sh).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import type { Role } from '../../src/auth/principal.ts';
import { grantOf, type Matrix, makeMatrix } from '../auth/matrix-fixtures.ts';

function expectRefusal(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  const body = res.json() as { error: { code: string; message: { vi: string; en: string } } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.vi.length).toBeGreaterThan(0);
  expect(body.error.message.en.length).toBeGreaterThan(0);
}

function suite(name: string, open: () => Promise<{ m: Matrix; drop?: () => Promise<void> }>) {
  describe(`no 5xx from text or numbers the database cannot hold (${name})`, () => {
    let m: Matrix;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ m, drop } = await open());
    }, 300_000);
    afterAll(async () => {
      await m?.close();
      await drop?.();
    });
    const bearer = async (role: Role) => ({
      authorization: `Bearer ${await m.token(role, [grantOf(role, (c) => m.own[c])])}`,
    });

    it('refuses U+0000 in a body, a query or a path parameter with 400 NUL_CHARACTER', async () => {
      const nulLogin = await m.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { login: 'a\u0000b', password: 'x'.repeat(12) },
      });
      expectRefusal(nulLogin, 400, 'NUL_CHARACTER');
      expect(nulLogin.json().error.problems).toEqual([
        expect.objectContaining({ in: 'body', path: '/login' }),
      ]);
      expectRefusal(
        await m.app.inject({
          method: 'POST',
          url: '/v1/auth/token',
          payload: { grant_type: 'client_credentials', client_id: 'a\u0000b', client_secret: 'x'.repeat(16) },
        }),
        400,
        'NUL_CHARACTER',
      );
      expectRefusal(
        await m.app.inject({
          method: 'GET',
          url: '/v1/audit?entityId=a%00b',
          headers: await bearer('provinceOfficer'),
        }),
        400,
        'NUL_CHARACTER',
      );
      expectRefusal(
        await m.app.inject({
          method: 'POST',
          url: `/v1/batches/${m.o.anchored}/recall-request`,
          headers: await bearer('principal'),
          payload: { reasonCode: 'DATA_ERROR', legalBasis: 'QĐ 12\u0000/QĐ-SGDĐT' },
        }),
        400,
        'NUL_CHARACTER',
      );
      expectRefusal(
        await m.app.inject({
          method: 'POST',
          url: '/v1/users',
          headers: await bearer('schoolAdmin'),
          payload: {
            login: 'nul.test',
            displayName: 'Nguyễn\u0000Văn A',
            password: 'x'.repeat(16),
            grant: { role: 'homeroomTeacher', schoolId: m.own.schoolId, classId: m.own.classId },
          },
        }),
        400,
        'NUL_CHARACTER',
      );
      // In an object key and in a path parameter.
      expectRefusal(
        await m.app.inject({
          method: 'PUT',
          url: `/v1/records/${m.o.draft}/entries/TOAN`,
          headers: await bearer('homeroomTeacher'),
          payload: { data: { 'a\u0000': 1 } },
        }),
        400,
        'NUL_CHARACTER',
      );
      expectRefusal(
        await m.app.inject({ method: 'GET', url: '/v1/records/REC%00x', headers: await bearer('principal') }),
        400,
        'NUL_CHARACTER',
      );
    });

    it('refuses an integer beyond a bigint with 400 VALIDATION', async () => {
      for (const afterSeq of [
        '9223372036854775807',
        '9223372036854775808',
        '1e300',
        '99999999999999999999',
      ]) {
        expectRefusal(
          await m.app.inject({
            method: 'GET',
            url: `/v1/audit?afterSeq=${afterSeq}`,
            headers: await bearer('provinceOfficer'),
          }),
          400,
          'VALIDATION',
        );
      }
      const ok = await m.app.inject({
        method: 'GET',
        url: `/v1/audit?afterSeq=${Number.MAX_SAFE_INTEGER}`,
        headers: await bearer('provinceOfficer'),
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().items).toEqual([]);
    });

    it('answers a path parameter over the router’s limit in the documented shape, without echoing it', async () => {
      const long = `SECRET${'x'.repeat(200)}`;
      const res = await m.app.inject({
        method: 'GET',
        url: `/v1/records/${long}`,
        headers: await bearer('principal'),
      });
      expectRefusal(res, 414, 'URI_TOO_LONG');
      expect(res.body).not.toContain('SECRET');
      expectRefusal(
        await m.app.inject({ method: 'GET', url: `/v1/verify/${long}?dob=2015-01-01` }),
        414,
        'URI_TOO_LONG',
      );
      // A parameter that does not percent-decode: the router's other refusal, in the same shape.
      const bad = await m.app.inject({ method: 'GET', url: '/v1/verify/SECRET%E0%A4%A?dob=2015-01-01' });
      expectRefusal(bad, 400, 'BAD_REQUEST');
      expect(bad.body).not.toContain('SECRET');
    });
  });
}

suite('PGlite', async () => ({ m: await makeMatrix() }));
suite('Postgres', async () => {
  const scratch = await createScratchDatabase(startTestPostgres());
  return { m: await makeMatrix({ databaseUrl: scratch.url }), drop: scratch.drop };
});
